"""Command line of the pipeline: ``python -m transforms <command> ...``.

Each command lives in the package of its capability as a module with ``configure(parser)`` and
``run(args) -> int``; heavy imports stay inside ``run``. Only the chosen command's module is imported.
A configuration problem (``ConfigError``) ends any command with its message, one line per problem naming
the file and the place, and exit status 2; never with a traceback.

Generating synthetic practice systems and running the demo are not pipeline commands: they belong to the
fixtures, outside the product (``python -m fixtures generate ...``, ``python -m fixtures demo``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

# command name -> module implementing configure(parser) and run(args)
COMMANDS: dict[str, str] = {
    "extract": "transforms.sources.extract_cli",
    "describe-model": "transforms.sources.describe_cli",
    "anonymise-text": "transforms.text.cli",
    "warm-up": "transforms.warmup",
    "holds": "transforms.retention.holds_cli",
    "retention": "transforms.retention.cli",
    "audit": "transforms.audit.cli",
    "validate": "transforms.quality.cli",
    "research": "transforms.research.cli",
    "requests": "transforms.requests.cli",
}


def _summary(module_name: str) -> str:
    """First docstring line of a command, for the listing; a broken command says so instead of hiding."""
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - the listing must still show the other commands
        return f"(unavailable: {type(exc).__name__}: {exc})"
    return ((module.__doc__ or "").strip().splitlines() or [""])[0]


def _list_action(commands: dict[str, str], prog: str) -> type[argparse.Action]:
    class _ListCommands(argparse.Action):
        def __call__(self, parser, namespace, values, option_string=None):
            parser.print_usage()
            print("\ncommands:")
            for name, module_name in commands.items():
                print(f"  {name:<16} {_summary(module_name)}")
            print(f"\n'{prog} COMMAND --help' for a command's options.")
            parser.exit()

    return _ListCommands


def main(
    argv: list[str] | None = None,
    *,
    commands: dict[str, str] | None = None,
    prog: str = "python -m transforms",
    description: str | None = None,
) -> int:
    """Run one command of ``commands`` (default: the pipeline's :data:`COMMANDS`) with ``argv``.

    The fixtures' own command line (``python -m fixtures``) runs through here with its commands, so both
    behave alike: the same listing, ``--verbose``, and configuration errors as one line with exit status 2.
    """
    commands = COMMANDS if commands is None else commands
    # Only the chosen command's module is imported: the others may need heavy or unavailable packages.
    top = argparse.ArgumentParser(prog=prog, description=description or __doc__.splitlines()[0], add_help=False)
    top.add_argument("-h", "--help", action=_list_action(commands, prog), nargs=0, help="list the commands")
    top.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    top.add_argument("command", choices=list(commands), metavar="COMMAND")
    top.add_argument("arguments", nargs=argparse.REMAINDER)
    args = top.parse_args(sys.argv[1:] if argv is None else argv)
    module = importlib.import_module(commands[args.command])
    parser = argparse.ArgumentParser(
        prog=f"{prog} {args.command}", description=module.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    module.configure(parser)
    command_args = parser.parse_args(args.arguments)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from transforms.kernel.config import ConfigError

    try:
        return int(module.run(command_args) or 0)
    except ConfigError as exc:  # an operator's mistake in config/, not a bug: say where, not how we got there
        print(exc, file=sys.stderr)
        return 2
