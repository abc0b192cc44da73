"""`make eval`: its pieces, and its behaviour without ../shared."""

import subprocess
import sys

from tools.evaluate import newsquant_changes, newsquant_value, results_table


def test_eval_says_so_and_exits_0_without_shared(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tools.evaluate", "--shared", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0
    assert "nothing to evaluate" in done.stdout


def test_claims_in_newsquant_format():
    assert newsquant_value(10, 10, 20, "range", "10-20") == [10, 20]
    assert newsquant_value(24, 24, 99, "vague", "Dozens") == [12, 120]
    assert newsquant_value(2000, 2000, 9999, "vague", "thousands of") == [1000, 10000]
    assert newsquant_value(3, 3, 9, "vague", "several") == [3, 9]
    assert newsquant_value(58, 58, 58, "exact", "58") == 58


def test_results_table_has_one_row_per_system():
    score = {
        "recall": 0.9,
        "precision": 0.8,
        "f1": 0.85,
        "fields": {k: 1.0 for k in ("qualifier", "kind", "unit", "category", "object")},
    }
    nq = {
        "value": {"P": 90.0, "R": 91.0, "F1": 90.5},
        "value+unit": {"P": 80.0, "R": 81.0, "F1": 80.5},
        "value+change": {"P": 70.0, "R": 71.0, "F1": 70.5},
    }
    table = results_table([("a", score, nq), ("b", score, nq)], "x", "y", 0.1)
    assert table.count("| 0.900 | 0.800 |") == 2 and "10%" in table
    assert table.count("| 90.5 | 80.5 | 70.5 |") == 2


def test_the_levels_a_change_went_from_and_to_are_one_newsquant_quantity():
    sentence = "Bitcoin plummeted from $36,040 at night to $34,935 at 5am, a 3 percent drop."

    def claim(surface, value, change):
        start = sentence.index(surface)
        return {"value": value, "unit": "dollar", "change": change, "_span": (start, start + len(surface), sentence)}

    merged = newsquant_changes(
        [claim("$36,040", 36040.0, "down"), claim("$34,935", 34935.0, "down"), claim("3 percent", 3.0, "down")]
    )
    assert [m["value"] for m in merged] == [[36040.0, 34935.0], 3.0]
    assert all(not any(k.startswith("_") for k in m) for m in merged)
