"""`make bench`: the pipeline against bare spaCy on the same texts, from ../shared/corpus.

Prints documents/s, words/s, peak memory, each stage's share of the run, the ratio pipeline / bare
spaCy, and an unchanged re-run as a fraction of the full run. Targets live here, never in tests.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import flows  # noqa: F401  (offline Prefect settings)
from flows import workers
from flows.settings import PROJECT_ROOT, settings

CORPORA = ("bbc.jsonl.gz", "lee_abc.jsonl.gz", "reuters21578.jsonl.gz")


def corpus_records(corpus: Path, n: int):
    """n articles taken in turn from each corpus file (so every source is in the sample), streamed."""
    streams = [
        (json.loads(line) for line in gzip.open(corpus / name, "rt", encoding="utf-8"))
        for name in CORPORA
        if (corpus / name).exists()
    ]
    rounds = (r for group in itertools.zip_longest(*streams) for r in group if r is not None)
    return itertools.islice(rounds, n)


def write_feed(records, feed: Path) -> int:
    """The records as a JSONL feed; how many. One at a time: the benchmark's own copy of the corpus must
    not sit in the memory it measures."""
    n = 0
    with feed.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
            n += 1
    return n


def feed_texts(feed: Path) -> list[str]:
    """The texts the pipeline analyses, from the feed, for bare spaCy."""
    from transforms.documents import document_record
    from transforms.text import analysis_text

    with feed.open(encoding="utf-8") as f:
        records = (document_record("x", r["text"], r.get("title")) for r in map(json.loads, f))
        return [analysis_text(r["text"]) for r in records if r]


def _memory_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process, or (RUSAGE_CHILDREN) of its largest finished child."""
    return resource.getrusage(who).ru_maxrss / 1024


class MemorySampler:
    """RSS of this process and of its largest worker process, sampled while a run goes on.

    The peak is the worst moment (the largest batch, a database checkpoint); the median is what a run
    holds most of the time: both flat means a run's memory does not grow with its length.
    """

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.flow, self.workers = every, [], []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self.flow.append(_rss_mb("self"))
            sizes = [_rss_mb(pid) for pid in _worker_pids()]
            if sizes:
                self.workers.append(max(sizes))

    def medians(self) -> tuple[float, float]:
        return (
            statistics.median(self.flow) if self.flow else float("nan"),
            statistics.median(self.workers) if self.workers else float("nan"),
        )

    def by_tenth(self, samples: list[float]) -> list[float]:
        """The median of each tenth of the run: level from the first to the last when nothing grows."""
        n = len(samples)
        if n < 10:
            return []
        return [statistics.median(samples[n * k // 10 : n * (k + 1) // 10]) for k in range(10)]


def _rss_mb(pid) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError, ValueError):  # gone, or no /proc (not Linux)
        return 0.0


def _worker_pids() -> list[int]:
    """This process's spawned worker processes (not Prefect's server, nor multiprocessing's tracker)."""
    pids = []
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    pids.append(int(pid))
            except OSError:
                pass
    return pids


def bare_spacy(texts: list[str], model: str, processes: int) -> tuple[float, int]:
    """Seconds and words for nlp.pipe over the texts with the same pipeline components."""
    from flows.model import language

    nlp = language(model)
    started = time.perf_counter()
    words = sum(sum(not t.is_space for t in doc) for doc in nlp.pipe(texts, batch_size=32, n_process=processes))
    return time.perf_counter() - started, words


def warm_up(tmp: Path, model: str, processes: int = 1) -> None:
    """One tiny run so the temporary Prefect server's start-up is not timed (nor, with workers, the model in this process)."""
    from flows.pipeline import newstally

    feed = tmp / "warm.jsonl"
    feed.write_text(json.dumps({"id": "w", "text": "Two people were hurt."}) + "\n")
    newstally(sources=[str(feed)], warehouse=str(tmp / "warm"), model=model, processes=processes)


def timed_run(
    feed: Path,
    warehouse: Path,
    model: str,
    batch_size: int,
    processes: int,
    runner: str,
    dask_address: str | None,
    full_refresh: bool = True,
) -> tuple[float, dict]:
    """Seconds and summary of one flow run; a full refresh never takes an earlier benchmark's cached results."""
    from flows.pipeline import flow_with_runner

    started = time.perf_counter()
    run = flow_with_runner(runner, dask_address)(
        sources=[str(feed)],
        warehouse=str(warehouse),
        model=model,
        batch_size=batch_size,
        processes=processes,
        full_refresh=full_refresh,
    )
    return time.perf_counter() - started, run


LONG_TEXT_PROBE = """
import json, resource, sys, time
from flows.passes import analyse_text
text = open(sys.argv[1], encoding="utf-8").read()
started = time.perf_counter()
rows = analyse_text(text, sys.argv[2], title="A long article")
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "sentences": len(rows["sentences"]), "claims": len(rows["claims"])}))
"""


def long_texts(corpus: Path, model: str, lengths: list[int], tmp: Path) -> str:
    """Time and peak memory of one article of each length (articles of the corpus joined as paragraphs), each
    analysed alone in a new process: neither may grow faster than the text."""
    from transforms.markdown import markdown_table

    paragraphs = [r["text"] for r in corpus_records(corpus, 3000)]
    rows = []
    for length in lengths:
        parts, size = [], 0
        for k in itertools.count():
            parts.append(paragraphs[k % len(paragraphs)])
            size += len(parts[-1]) + 2
            if size >= length:
                break
        path = tmp / f"long-{length}.txt"
        path.write_text("\n\n".join(parts)[:length], encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", LONG_TEXT_PROBE, str(path), model],
            capture_output=True,
            text=True,
            cwd=PROJECT_ROOT,
            check=True,
        )
        got = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(
            [
                f"{length:,}",
                f"{got['seconds']:.1f}",
                f"{got['seconds'] / length * 1e6:.0f}",
                f"{got['peak_mb']:.0f}",
                f"{got['sentences']:,}",
                f"{got['claims']:,}",
            ]
        )
    verdict = ""
    if len(rows) >= 3:  # the shortest pays for loading the model: compare the longer ones
        per_char = [float(r[2]) for r in rows[1:]]
        ratio = per_char[-1] / per_char[0]
        verdict = (
            f"\n\nTime per character, longest over second shortest: {ratio:.2f} "
            f"({'linear' if ratio <= 1.5 else 'NOT linear: a transform grows faster than the text'})."
        )
    return (
        "One article of each length, analysed alone in a new process (both passes, `analyse_text`):\n\n"
        + markdown_table(["characters", "seconds", "µs per character", "peak RSS, MB", "sentences", "claims"], rows)
        + verdict
    )


def command_line_startup(feed: Path, warehouse: Path, model: str, batch_size: int, runs: int = 3) -> str:
    """Where an unchanged `newstally run` spends its time, end to end, as a user meets it: a new process each time."""
    from flows.preflight import unchanged_run, validated_parameters
    from flows.settings import settings
    from warehouse import Warehouse

    def median_seconds(argv: list[str]) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, cwd=PROJECT_ROOT)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    total = median_seconds(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "run",
            str(feed),
            "-w",
            str(warehouse),
            "--model",
            model,
            "--batch-size",
            str(batch_size),
            "--no-progress",
        ]
    )
    stages = {"Python start": median_seconds([sys.executable, "-c", "pass"])}
    stages["imports of the command line"] = (
        median_seconds([sys.executable, "-c", "import flows.cli, flows.preflight, warehouse.report"])
        - stages["Python start"]
    )
    sources = [str(feed)]
    started = time.perf_counter()
    version = validated_parameters(sources, model, batch_size)
    stages["parameters and model version"] = time.perf_counter() - started
    started = time.perf_counter()
    Warehouse(warehouse).migrate()
    stages["schema check"] = time.perf_counter() - started
    started = time.perf_counter()
    assert unchanged_run(sources, str(warehouse), version, batch_size, settings().max_bytes) is not None
    stages["read, hash and compare every input"] = time.perf_counter() - started
    rows = [[name, f"{sec:.2f}", f"{sec / total:.0%}"] for name, sec in sorted(stages.items(), key=lambda kv: -kv[1])]
    rest = max(0.0, total - sum(stages.values()))
    rows.append(["summary and the rest", f"{rest:.2f}", f"{rest / total:.0%}"])
    from transforms.markdown import markdown_table

    return (
        f"An unchanged `newstally run` from the command line, end to end (median of {runs}): {total:.2f} s; "
        "it starts neither Prefect nor spaCy.\n\n" + markdown_table(["stage", "seconds", "share"], rows)
    )


def report(
    args,
    n_docs: int,
    words: int,
    spacy_s: float,
    full_s: float,
    run: dict,
    rerun_s: float,
    rss: dict,
    one_s: float | None,
) -> str:
    stages = run.get("stage_seconds", {})
    total = full_s
    worker_rss = f", largest worker process {rss['workers']:.0f} MB" if args.processes > 1 else ""
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {_memory_gb():.0f} GiB, Python {platform.python_version()}; "
        f"{args.processes} spaCy process(es), runner {args.runner}",
        f"documents: {n_docs}" + (f" ({words:,} words)" if words else "") + f", batch size {args.batch_size}",
        "",
        "| measure | value |",
        "|---|---|",
        *(
            [f"| bare spaCy | {n_docs / spacy_s:.1f} docs/s, {words / spacy_s:,.0f} words/s ({spacy_s:.1f} s) |"]
            if words
            else []
        ),
        f"| pipeline | {n_docs / full_s:.1f} docs/s"
        + (f", {words / full_s:,.0f} words/s" if words else "")
        + f" ({full_s:.1f} s) |",
        *([f"| pipeline / bare spaCy | {spacy_s / full_s:.2f} |"] if words else []),
        *(
            [
                f"| pipeline in one process | {n_docs / one_s:.1f} docs/s ({one_s:.1f} s) |",
                f"| speed-up over one process | {one_s / full_s:.2f} |",
            ]
            if one_s
            else []
        ),
        f"| unchanged re-run | {rerun_s:.1f} s, {rerun_s / full_s:.1%} of the full run |",
        f"| peak RSS | flow process {rss['pipeline']:.0f} MB ({rss['spacy']:.0f} MB before the pipeline){worker_rss} |",
        f"| median RSS over the run | flow process {rss['flow_median']:.0f} MB"
        + (f", largest worker process {rss['workers_median']:.0f} MB |" if args.processes > 1 else " |"),
        *(
            [
                f"| median RSS by tenth of the run | flow process {_mbs(rss['flow_tenths'])}"
                + (f"; largest worker process {_mbs(rss['workers_tenths'])} |" if args.processes > 1 else " |")
            ]
            if rss["flow_tenths"]
            else []
        ),
        "",
        "| stage | seconds | share |",
        "|---|---|---|",
    ]
    lines += [
        f"| {name} | {sec:.1f} | {sec / total:.1%} |" for name, sec in sorted(stages.items(), key=lambda kv: -kv[1])
    ]
    rest = max(0.0, full_s - sum(stages.values()))
    lines.append(f"| Prefect and the flow, the rest | {rest:.1f} | {rest / total:.1%} |")
    if args.processes > 1:
        lines += ["", "With worker processes, analyse and extract overlap: their seconds are each task's wall time."]
    return "\n".join(lines)


def _mbs(values: list[float]) -> str:
    return " ".join(f"{v:.0f}" for v in values) + " MB"


def main(argv: list[str] | None = None) -> int:
    defaults = settings()
    ap = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="how many articles (default 2000)")
    ap.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus")
    ap.add_argument("--model", default=defaults.model)
    ap.add_argument("--batch-size", type=int, default=defaults.batch_size)
    ap.add_argument("--processes", type=int, default=defaults.processes, help="spaCy worker processes")
    ap.add_argument("--runner", choices=("default", "dask"), default="default")
    ap.add_argument("--dask-address", default=None)
    ap.add_argument("--skip-spacy", action="store_true", help="only time the pipeline")
    ap.add_argument(
        "--speedup",
        action="store_true",
        help="also time the pipeline in one process, and print the speed-up of --processes N over it",
    )
    ap.add_argument(
        "--readme", type=Path, help="also append the results to the bench block of this file (docs/benchmarks.md)"
    )
    ap.add_argument(
        "--lengths",
        default="10000,100000,1000000",
        help="characters of the single long articles to time (comma-separated; 5000000 takes minutes)",
    )
    ap.add_argument("--only-lengths", action="store_true", help="time only the long articles")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"make bench: {args.corpus} is not here; nothing to measure.")
        return 0
    with tempfile.TemporaryDirectory(prefix="newstally-bench-") as tmp:
        tmp = Path(tmp)
        # A Prefect home of its own (Prefect is imported after this): results persisted and runs recorded
        # by earlier runs make a busy home slower, and the benchmark must not fill the project's.
        os.environ["PREFECT_HOME"] = str(tmp / "prefect")
        lengths = [int(n) for n in args.lengths.split(",") if n.strip()]
        if args.only_lengths:
            print(long_texts(args.corpus, args.model, lengths, tmp))
            return 0
        feed = tmp / "feed.jsonl"
        n_docs = write_feed(corpus_records(args.corpus, args.docs), feed)
        spacy_s, words = float("nan"), 0
        if not args.skip_spacy:
            spacy_s, words = bare_spacy(feed_texts(feed), args.model, args.processes)
        rss = {"spacy": peak_rss_mb()}
        warm_up(tmp, args.model, args.processes)
        with MemorySampler() as sampled:
            full_s, run = timed_run(
                feed, tmp / "wh", args.model, args.batch_size, args.processes, args.runner, args.dask_address
            )
        rss["flow_median"], rss["workers_median"] = sampled.medians()
        rss["flow_tenths"], rss["workers_tenths"] = sampled.by_tenth(sampled.flow), sampled.by_tenth(sampled.workers)
        workers.shutdown()  # so their peak memory counts among this process's finished children
        rss["pipeline"], rss["workers"] = peak_rss_mb(), peak_rss_mb(resource.RUSAGE_CHILDREN)
        rerun_s, _ = timed_run(
            feed,
            tmp / "wh",
            args.model,
            args.batch_size,
            args.processes,
            args.runner,
            args.dask_address,
            full_refresh=False,
        )
        startup = command_line_startup(feed, tmp / "wh", args.model, args.batch_size)
        one_s = None
        if args.speedup:  # last, so its spaCy in this process does not count in the peak memory above
            one_s, _ = timed_run(feed, tmp / "one", args.model, args.batch_size, 1, "default", None)
        long = long_texts(args.corpus, args.model, lengths, tmp) if lengths else ""
    text = report(args, n_docs, words, spacy_s, full_s, run, rerun_s, rss, one_s) + "\n\n" + startup + "\n\n" + long
    print(text)
    if args.readme:
        append_to_readme(args.readme, f'`make bench BENCH_ARGS="{" ".join(argv or sys.argv[1:])}"`\n\n{text}')
    return 0


def append_to_readme(readme: Path, result: str) -> None:
    """Add one result to the README's bench block."""
    from tools.readme import append_to_block

    append_to_block(readme, "bench", result)


if __name__ == "__main__":
    sys.exit(main())
