"""Markdown reference of every table, from the schemas: `python -m schemas.docs` (README via `make docs`)."""

from schemas.tables import ALL_TABLES, column_docs
from transforms.markdown import markdown_table


def tables_markdown() -> str:
    """One section per table: key, then a row per column with its DuckDB type and meaning."""
    out = []
    for table in ALL_TABLES:
        checked = "" if table.indexed else "; checked on each batch, not indexed"
        out.append(f"#### `{table.name}` (key: {', '.join(table.key)}{checked})\n")
        out.append(
            markdown_table(
                ["column", "type", "meaning"], [[f"`{name}`", type_, doc] for name, type_, doc in column_docs(table)]
            )
        )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(tables_markdown())
