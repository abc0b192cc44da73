"""A local HTML file opened in headless Chromium (from Debian's `chromium` package): its DOM after its scripts
ran, the script errors it logged, and a screenshot. For the report's test and `make screenshot`."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=10000"]
# How Chromium logs what a page's scripts report to the console, with the message in quotes.
CONSOLE_LINE = re.compile(r':CONSOLE[^\]]*\] "(?P<message>.*)", source: ')


@dataclass
class Opened:
    dom: str
    script_errors: list[str]


def browser() -> str | None:
    """The path of a Chromium on this machine, if there is one."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def opened(page: Path, timeout: float = 120) -> Opened:
    """The page's DOM once its scripts have run, and the errors they raised (uncaught exceptions, console errors)."""
    done = subprocess.run(
        [_need_browser(), *FLAGS, "--enable-logging=stderr", "--v=0", "--dump-dom", page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    messages = [m.group("message") for m in CONSOLE_LINE.finditer(done.stderr)]
    errors = [m for m in messages if "Uncaught" in m or "Error" in m]
    return Opened(done.stdout, errors)


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2400, timeout: float = 120) -> Path:
    """A PNG of the top `height` pixels of the page, as a window `width` pixels wide shows it."""
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _need_browser(),
            *FLAGS,
            f"--window-size={width},{height}",
            f"--screenshot={png.resolve()}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=timeout,
        check=True,
    )
    return png


def _need_browser() -> str:
    found = browser()
    if found is None:
        raise FileNotFoundError("no Chromium here: `apt-get install chromium` (Debian) installs it")
    return found
