"""The README's generated blocks are what the code says today, and the code is linted and formatted."""

import subprocess
import sys

from tests.conftest import ROOT


def test_the_readme_blocks_made_from_code_are_up_to_date():
    done = subprocess.run(
        [sys.executable, "-m", "tools.docs", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
