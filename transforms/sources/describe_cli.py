"""Print the canonical model as Markdown (docs/canonical_model.md is this output)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", help="write to this file instead of standard output")


def describe_model() -> str:
    from transforms.kernel.canonical import load_model

    model = load_model()
    lines = [
        "# The canonical model",
        "",
        "Generated from `config/canonical_model.yml` by `python -m transforms describe-model "
        "--output docs/canonical_model.md`; do not edit by hand.",
        "",
        "Every practice system is mapped onto these entities by `config/sources/<name>.yml`. Every staged row "
        "also has `source_system`; the global key of a record is (`source_system`, key). Roles follow ARX: "
        "**direct** identifiers are dropped or pseudonymised, **quasi**-identifiers generalised, **sensitive** "
        "attributes kept (and protected), **insensitive** kept. *Identifier* columns are what subject requests "
        "search on; *retention* columns are the dates legal terms count from.",
        "",
        f"Model version: {model.version}",
        "",
        "## Kinds of data subject",
        "",
    ]
    lines += [f"- **{name}**: {text}" for name, text in model.subject_kinds.items()]
    for name, entity in model.entities.items():
        lines += [
            "",
            f"## `{name}`",
            "",
            entity.description,
            "",
            f"Key: `{entity.key}`" + (f"; data subject: {entity.subject}" if entity.subject else ""),
            "",
            "| column | type | role | required | notes |",
            "|---|---|---|---|---|",
        ]
        for column_name, column in entity.columns.items():
            notes = []
            if not column.nullable:
                notes.append("never null")
            if column.identifier:
                notes.append("identifier")
            if column.retention:
                notes.append("retention trigger")
            if column.values:
                notes.append("one of " + ", ".join(f"`{v}`" for v in column.values))
            if column.derive:
                notes.append(f"derived: {column.derive.function}({column.derive.from_}) when not mapped")
            if column.on_extract:
                notes.append(f"at ingestion: {column.on_extract}")
            if column.description:
                notes.append(column.description)
            lines.append(
                f"| `{column_name}` | {column.type} | {column.role} | {'yes' if column.required else ''} | "
                f"{'; '.join(notes)} |"
            )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    text = describe_model()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        print(text, end="")
    return 0
