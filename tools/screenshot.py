"""`make screenshot`: the README's picture of the report, of a warehouse of ../shared/corpus.

Analyses the corpus into the warehouse first when it is not there yet (a re-run skips what is already analysed),
writes the warehouse's report, and takes a PNG of its top with headless Chromium."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from tools.browser import screenshot

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus")
    ap.add_argument("--warehouse", type=Path, default=Path("/tmp/newstally-corpus"))
    ap.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "report.png")
    args = ap.parse_args(argv)
    newstally = [sys.executable, "-m", "flows.cli"]
    if args.corpus.is_dir():
        subprocess.run(
            [*newstally, "run", str(args.corpus), "-w", str(args.warehouse), "--processes", "2", "--no-progress"],
            check=True,
        )
    elif not (args.warehouse / "newstally.duckdb").exists():
        print(f"make screenshot: neither {args.corpus} nor a warehouse in {args.warehouse}; nothing to show.")
        return 1
    page = args.warehouse / "report.html"
    subprocess.run([*newstally, "report", "-w", str(args.warehouse), "--out", str(page)], check=True)
    print(f"{screenshot(page, args.out)} written from {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
