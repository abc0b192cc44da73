"""Every command in the README's code blocks runs as written, in a copy of the project's seeds and docs, against
a warehouse like `make run`'s, and so does every query of its SQL blocks and its Python example."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from tests.conftest import ROOT

BLOCK = re.compile(r"^[ \t]*```(\w*)\n(.*?)^[ \t]*```", re.M | re.S)
COMMAND = re.compile(r"^(\.venv/bin/)?newstally\b")
# A command that runs until it is stopped (tests/test_schedule.py runs it), or names what only a reader has.
LONG_RUNNING = ("serve",)
PLACEHOLDER = re.compile(r"\b[A-Z]+_[A-Z]+\b|\bURL\b")


def readme_blocks() -> list[tuple[str, str]]:
    """(kind, text) for each command of a sh or console block, each SQL block and each Python block."""
    out = []
    for lang, body in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        if lang in ("sh", "console"):
            for line in body.replace("\\\n", " ").splitlines():
                line = line.strip()
                if lang == "console":
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                line = re.sub(r"\s+#.*$", "", line)
                if COMMAND.match(line):
                    out.append(("command", line))
        elif lang in ("sql", "python"):
            out.append((lang, body))
    return out


def test_the_readme_has_commands_queries_and_python_to_run():
    kinds = [k for k, _ in readme_blocks()]
    assert kinds.count("command") >= 6 and "sql" in kinds and "python" in kinds


def test_every_command_query_and_example_in_the_readme_runs(seed_project, tmp_path):
    work, env = seed_project.work, seed_project.env
    assert seed_project.code == 0, seed_project.output[-2000:]  # `make run`'s run, in a terminal

    def newstally(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=work,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )

    ran = []
    for kind, text in readme_blocks():
        if kind == "python":
            done = subprocess.run(
                [sys.executable, "-c", text], cwd=work, env=env, capture_output=True, text=True, timeout=300
            )
        else:
            if kind == "sql":  # every statement, in order, as `newstally sql -` reads them
                args = ["sql", "-"]
                done = newstally(*args, stdin=text)
            else:
                args = shlex.split(text.replace("/tmp/", f"{tmp_path}/"))[1:]
                if args[0] in LONG_RUNNING or PLACEHOLDER.search(text):
                    continue
                done = newstally(*args)
        nothing_to_retry = kind == "command" and args[0] == "retry" and "nothing to retry" in done.stderr
        assert done.returncode == 0 or nothing_to_retry, f"README: {text.strip()}\n{done.stderr[-2000:]}"
        ran.append(text)
    assert len(ran) >= 8
