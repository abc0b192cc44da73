"""Markdown tables, for the README's generated blocks, `make bench`, `make eval` and a run's artifacts."""

from __future__ import annotations


def markdown_table(header: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured markdown table; None is blank, and a cell's pipes and line breaks cannot break the row."""

    def cell(value) -> str:
        return "" if value is None else " ".join(str(value).replace("|", "/").split())

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
