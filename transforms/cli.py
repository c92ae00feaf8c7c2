"""Command line of the pipeline: ``python -m transforms <command> ...``.

Each command lives in the package of its capability as a module with ``configure(parser)`` and
``run(args) -> int``; heavy imports stay inside ``run``. Only the chosen command's module is imported.
A configuration problem (``ConfigError``) ends any command with its message, one line per problem naming
the file and the place, and exit status 2; never with a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

# command name -> module implementing configure(parser) and run(args)
COMMANDS: dict[str, str] = {
    "generate": "transforms.sources.generate_cli",
    "extract": "transforms.sources.extract_cli",
    "describe-model": "transforms.sources.describe_cli",
    "anonymise-text": "transforms.text.cli",
    "warm-up": "transforms.warmup",
    "demo": "transforms.demo",
    "holds": "transforms.retention.holds_cli",
    "retention": "transforms.retention.cli",
    "audit": "transforms.audit.cli",
    "validate": "transforms.quality.cli",
    "research": "transforms.research.cli",
}


def _summary(module_name: str) -> str:
    """First docstring line of a command, for the listing; a broken command says so instead of hiding."""
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - the listing must still show the other commands
        return f"(unavailable: {type(exc).__name__}: {exc})"
    return ((module.__doc__ or "").strip().splitlines() or [""])[0]


class _ListCommands(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        parser.print_usage()
        print("\ncommands:")
        for name, module_name in COMMANDS.items():
            print(f"  {name:<16} {_summary(module_name)}")
        print("\n'python -m transforms COMMAND --help' for a command's options.")
        parser.exit()


def main(argv: list[str] | None = None) -> int:
    # Only the chosen command's module is imported: the others may need heavy or unavailable packages.
    top = argparse.ArgumentParser(prog="python -m transforms", description=__doc__.splitlines()[0], add_help=False)
    top.add_argument("-h", "--help", action=_ListCommands, nargs=0, help="list the commands")
    top.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    top.add_argument("command", choices=list(COMMANDS), metavar="COMMAND")
    top.add_argument("arguments", nargs=argparse.REMAINDER)
    args = top.parse_args(sys.argv[1:] if argv is None else argv)
    module = importlib.import_module(COMMANDS[args.command])
    parser = argparse.ArgumentParser(prog=f"python -m transforms {args.command}", description=module.__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    module.configure(parser)
    command_args = parser.parse_args(args.arguments)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    from transforms.kernel.config import ConfigError

    try:
        return int(module.run(command_args) or 0)
    except ConfigError as exc:  # an operator's mistake in config/, not a bug: say where, not how we got there
        print(exc, file=sys.stderr)
        return 2
