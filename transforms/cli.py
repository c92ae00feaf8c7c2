"""Command line of the pipeline: ``python -m transforms <command> ...``.

Each command lives in the package of its capability as a module with ``configure(parser)`` and
``run(args) -> int``. Those modules keep heavy imports inside ``run`` so that ``--help`` stays fast.
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
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m transforms", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        doc = (module.__doc__ or "").strip().splitlines()
        command_parser = sub.add_parser(name, help=doc[0] if doc else None, description=module.__doc__,
                                        formatter_class=argparse.RawDescriptionHelpFormatter)
        module.configure(command_parser)
        command_parser.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    return int(args._module.run(args) or 0)
