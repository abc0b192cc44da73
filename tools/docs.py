"""`make docs`: the README's blocks that derive from code (tables, settings, commands), written anew.

`python -m tools.docs --check` exits 1 when one is stale (a test runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.readme import block, replace_block

README = Path(__file__).resolve().parents[1] / "README.md"


def tables_reference() -> str:
    from schemas.docs import tables_markdown

    return tables_markdown()


def settings_reference() -> str:
    """A row per setting: its variable, the `newstally run` option that overrides it, default and meaning."""
    from flows.cli import app
    from flows.settings import Settings
    from transforms.markdown import markdown_table

    run = next(c for c in app.registered_commands if c.callback.__name__ == "run")
    import inspect

    options = set(inspect.signature(run.callback).parameters)
    rows = []
    for name, field in Settings.model_fields.items():
        option = f"`--{name.replace('_', '-')}`" if name in options else ""
        rows.append([f"`NEWSTALLY_{name.upper()}`", option, f"`{field.default}`", field.description])
    return markdown_table(["environment variable", "CLI option", "default", "meaning"], rows)


def commands_reference() -> str:
    """A line per command: its name and what it does."""
    from flows.cli import app

    lines = []
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        lines.append(f"- `newstally {name}`: {command.callback.__doc__.strip().splitlines()[0]}")
    return "\n".join(lines)


BLOCKS = {"tables": tables_reference, "settings": settings_reference, "commands": commands_reference}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="make docs", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 when a block is stale")
    ap.add_argument("--readme", type=Path, default=README)
    args = ap.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    stale = [name for name, make in BLOCKS.items() if block(text, name) != make().rstrip("\n") + "\n"]
    if args.check:
        for name in stale:
            print(f"{args.readme}: the {name} block is stale: run `make docs`")
        return 1 if stale else 0
    for name, make in BLOCKS.items():
        replace_block(args.readme, name, make())
    print(f"{args.readme}: {', '.join(stale) or 'nothing'} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
