"""The README's generated blocks: `<!-- NAME:start -->` ... `<!-- NAME:end -->`, each written by one tool."""

from __future__ import annotations

import re
from pathlib import Path


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def block(text: str, name: str) -> str:
    """The content of a block."""
    start, end = _markers(name)
    found = re.search(re.escape(start) + r"\n(.*?)" + re.escape(end), text, re.S)
    if not found:
        raise SystemExit(f"README: no {start} ... {end} block")
    return found.group(1)


def replace_block(readme: Path, name: str, content: str) -> bool:
    """Write a block's content; whether it changed."""
    text = readme.read_text(encoding="utf-8")
    old = block(text, name)
    start, end = _markers(name)
    new = content.rstrip("\n") + "\n"
    readme.write_text(text.replace(f"{start}\n{old}{end}", f"{start}\n{new}{end}"), encoding="utf-8")
    return old != new


def append_to_block(readme: Path, name: str, content: str) -> None:
    """Add one result at the end of a block."""
    text = readme.read_text(encoding="utf-8")
    replace_block(readme, name, block(text, name) + "\n" + content.rstrip("\n") + "\n")
