"""`make eval`: the real pipeline on the labelled dev sets, scored the way acceptance scores it, beside quantulum3.

Gold dev (../shared/gold): core recall, precision, F1, field accuracy and context-field F1 from gold/score.py,
over the articles as a feed with their publication dates (gold/dev-docs.jsonl).
Series dev (../shared/gold): B-cubed grouping and summaries from gold/score_series.py over series-dev-docs.jsonl.
NewsQuant dev (../shared/newsquant): value P/R/F1, value+unit and value+change F1 from newsquant/score.py.
Web pages (../shared/web): article text F1 from web/score.py over the pages read by the pipeline.
quantulum3 runs on the same sentences in the same run as the peer baseline.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import flows  # noqa: F401  (offline Prefect settings)
from flows.settings import PROJECT_ROOT, settings

# Runs over ../shared/web whose median time shares are reported.
WEB_RUNS = 3
CHANGE_OF = {
    "exact": "=",
    "approx": "~",
    "more_than": ">",
    "at_least": ">",
    "less_than": "<",
    "at_most": "<",
    "range": "=",
    "vague": "=",
}
NEWSQUANT_UNIT = {
    "percent": "percentage",
    "USD": "dollar",
    "GBP": "pound sterling",
    "EUR": "euro",
    "JPY": "japanese yen",
    "km": "kilometre",
    "m": "metre",
    "cm": "centimetre",
    "mm": "millimetre",
    "ft": "foot",
    "in": "inch",
    "yd": "yard",
    "lb": "pound-mass",
    "kg": "kilogram",
    "g": "gram",
    "tonne": "metric ton",
    "mile": "mile",
    "litre": "litre",
    "gallon": "gallon",
    "ounce": "ounce",
    "acre": "acre",
    "hectare": "hectare",
    "mph": "mile per hour",
    "km/h": "kilometre per hour",
    "degree": "degree",
    "bhp": "brake horsepower",
    "lb-ft": "pound-foot",
    "N·m": "newton metre",
    "mmbtu": "mega british thermal unit",
    "AUD": "australian dollar",
    "CAD": "canadian dollar",
    "NZD": "new zealand dollar",
    "HKD": "hong kong dollar",
    "SGD": "singapore dollar",
    "MYR": "malaysian ringgit",
    "ILS": "shekel",
    "DKK": "danish krone",
    "SEK": "swedish krona",
    "NOK": "norwegian krone",
    "CHF": "swiss franc",
    "CNY": "renminbi",
    "INR": "indian rupee",
    "RUB": "russian ruble",
    "ZAR": "south african rand",
    "BRL": "brazilian real",
    "KRW": "south korean won",
    "USX": "cent",
    "GBX": "point",  # NewsQuant's unit map reads a price in pence ("down 68p") as "point"
    "W": "watt",
    "kW": "kilowatt",
    "MW": "megawatt",
    "GW": "gigawatt",
    "kWh": "kilowatt hour",
    "GB": "gigabyte",
    "MB": "megabyte",
    "TB": "terabyte",
    "GHz": "gigahertz",
    "MHz": "megahertz",
    "Hz": "hertz",
    "mAh": "milliampere hour",
    "mpg": "mile per gallon",
    "rpm": "revolutions per minute",
    "hp": "horsepower",
    "nm": "nanometre",
    "mg": "milligram",
    "sq mile": "square mile",
    "sq km": "square kilometre",
    "sq ft": "square foot",
    "cu ft": "cubic foot",
    "cu m": "cubic metre",
    "sq m": "square metre",
    "basis point": "basis point",
    "point": "point",
    "barrel": "barrel",
    "barrel per day": "barrel per day",
    "celsius": "degree celsius",
    "fahrenheit": "degree fahrenheit",
}


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_seconds(run: dict) -> float:
    return run["stage_seconds"].get("read", 0.0)


def run_pipeline(sources: list[str], warehouse: Path, model: str) -> dict:
    """The real Prefect flow, into a fresh warehouse; the run's summary."""
    from flows.pipeline import newstally

    return newstally(sources=sources, warehouse=str(warehouse), model=model, full_refresh=True)


def gold_scores(score_mod, db: Path, gold: Path) -> dict:
    golds = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    result, _missed, _fps = score_mod.score(score_mod.load_pred(str(db)), golds)
    return result


def newsquant_value(value: float, low: float | None, high: float | None, qualifier: str, surface: str):
    """A claim's value as NewsQuant writes it: ranges as [low, high]; plural scale words as one order of magnitude.

    NewsQuant codes "dozens" as 12-120 and "thousands" as 1000-10000 where our guideline says [24, 99] and
    [2000, 9999]: the same reading, another convention, so translate it like a unit name.
    """
    if (
        qualifier == "vague"
        and low is not None
        and re.search(r"(?:dozens|hundreds|thousands|millions|billions)\b[^\d]*$", surface, re.I)
    ):
        scale = low / 2
        return [scale, scale * 10]
    if qualifier in ("range", "vague") and low is not None and high is not None:
        return [low, high]
    return value


def newsquant_unit(unit: str) -> str:
    """A unit as NewsQuant names it, a rate's parts each: "USD per barrel" → "dollar per barrel"; a symbol pint
    knows by its name, spelt the British way: "µm" → "micrometre", "kV" → "kilovolt"."""
    from transforms.units import long_name

    return " per ".join(NEWSQUANT_UNIT.get(part) or long_name(part) for part in unit.split(" per "))


def newsquant_count_unit(object_: str | None) -> str | None:
    """A count's unit as NewsQuant names it: its object in lower case, the last word singular
    ("heart transplants" → "heart transplant", "bosses" → "boss", "people" stays)."""
    words = (object_ or "").lower().split()
    if not words:
        return None
    last = words[-1]
    for plural, singular in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", "")):
        if last.endswith(plural) and len(last) > len(plural) + 1 and not last.endswith("ss"):
            last = last[: -len(plural)] + singular
            break
    return " ".join([*words[:-1], last])


def newsquant_predictions(warehouse: Path, texts: list[str]) -> list[list[dict]]:
    """Our claims for each NewsQuant sentence, in the benchmark's prediction format."""
    from transforms.documents import document_record
    from warehouse import Warehouse

    rows = Warehouse(warehouse).rows(
        "SELECT c.doc_id, value, value_low, value_high, qualifier, unit, surface, kind, object, direction, sentence, "
        "c.start_char - s.start_char, c.end_char - s.start_char FROM claims c JOIN sentences s USING (doc_id, sentence_idx) "
        "ORDER BY c.doc_id, c.start_char"
    )
    by_doc: dict[str, list[dict]] = {}
    for doc_id, value, low, high, qualifier, unit, surface, kind, object_, direction, sentence, start, end in rows:
        by_doc.setdefault(doc_id, []).append(
            {
                "value": newsquant_value(value, low, high, qualifier, surface),
                # a count's unit is its counted noun, singular, as the benchmark names it ("people", "home")
                "unit": newsquant_unit(unit) if unit else (newsquant_count_unit(object_) if kind == "count" else None),
                # a change's direction is the benchmark's change ("up 19 cents"), else the qualifier's
                "change": direction or CHANGE_OF[qualifier],
                "_span": (start, end, sentence),  # offsets in the sentence
            }
        )
    out = []
    for text in texts:
        record = document_record("x", text)
        out.append(newsquant_changes(by_doc.get(record["doc_id"], [])) if record else [])
    return out


def newsquant_changes(predictions: list[dict]) -> list[dict]:
    """The levels a change went from and to ("fell from $36,040 to $34,935") as the benchmark writes them: one
    quantity valued [from, to]; our claims keep them as two figures with their direction."""
    out: list[dict] = []
    for p in predictions:
        start, end, sentence = p["_span"]
        last = out[-1] if out else None
        # the grammar reads "from X to Y" as two figures only after a word of change ("rose", "creeping upward")
        if last is not None and last["change"] == p["change"]:
            last_start, last_end, last_sentence = last["_span"]
            between = sentence[last_end:start] if sentence == last_sentence else ""
            joined = re.fullmatch(r"\s*(?:\S+\s+){0,4}?to\s+", between) and re.search(
                r"\bfrom\s+$", sentence[:last_start]
            )
            if joined and not isinstance(last["value"], list) and not isinstance(p["value"], list):
                last["value"] = [last["value"], p["value"]]
                last["unit"] = last["unit"] or p["unit"]
                last["_span"] = (last_start, end, sentence)
                continue
        out.append(dict(p))
    return [{k: v for k, v in p.items() if not k.startswith("_")} for p in out]


def quantulum_claims_db(warehouse: Path, db: Path) -> None:
    """quantulum3's quantities for every sentence of a warehouse, as a claims table gold/score.py can read."""
    import duckdb
    from quantulum3 import parser

    from warehouse import Warehouse

    docs = Warehouse(warehouse).rows("SELECT doc_id, source FROM documents")
    sentences = Warehouse(warehouse).rows("SELECT doc_id, text FROM sentences")
    out = duckdb.connect(str(db))
    out.execute("CREATE TABLE documents (doc_id VARCHAR, source VARCHAR)")
    out.execute(
        "CREATE TABLE claims (doc_id VARCHAR, sentence VARCHAR, value DOUBLE, qualifier VARCHAR, kind VARCHAR, "
        "unit VARCHAR, object VARCHAR, category VARCHAR, surface VARCHAR)"
    )
    out.executemany("INSERT INTO documents VALUES (?, ?)", docs)
    rows = []
    for doc_id, text in sentences:
        for q in _quantulum(parser, text):
            kind, unit = _quantulum_kind(q)
            rows.append((doc_id, text, float(q.value), "exact", kind, unit, None, None, q.surface))
    if rows:
        out.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    out.close()


def _quantulum(parser, text: str):
    try:
        return parser.parse(text)
    except Exception:  # quantulum3 raises on some inputs; a peer's crash is a miss, not ours
        return []


def _quantulum_kind(q) -> tuple[str, str | None]:
    entity = q.unit.entity.name
    if q.unit.name == "dimensionless":
        return "count", None
    if entity == "currency":
        return "money", q.unit.name
    if q.unit.name == "percentage":
        return "percent", "percent"
    if entity == "time":
        return "duration", q.unit.name
    return "measure", q.unit.name


def quantulum_newsquant(texts: list[str]) -> list[list[dict]]:
    from quantulum3 import parser

    return [
        [{"value": float(q.value), "unit": q.unit.name, "change": None} for q in _quantulum(parser, t)] for t in texts
    ]


def extraction_share(texts: list[str], model: str) -> float:
    """Time of claim extraction (the number grammar and the claim rules, outside spaCy) as a share of the time
    the whole spaCy pipeline takes on the same texts."""
    from flows.model import language, sentences_and_entities, syntax
    from transforms.analysis import sentence_and_entity_rows, sentence_claim_rows
    from transforms.documents import document_record
    from transforms.quantities import _quantities
    from transforms.text import analysis_text

    quantities_cache_clear = _quantities.cache_clear
    records = [r for r in (document_record("x", t, title_in_text=True) for t in texts) if r]
    analysed = [analysis_text(r["text"]) for r in records]
    nlp = language(model)  # loaded before the clock starts, and warmed by the first pass below
    first, second = sentences_and_entities(model), syntax(model)
    docs = list(first.pipe(analysed))
    rows = [sentence_and_entity_rows(r["doc_id"], r["text"], d) for r, d in zip(records, docs)]
    work = [(r, c) for r, row in zip(records, rows) for c in row["candidates"]]
    parsed = list(second.pipe(analysis_text(r["text"])[c[1] : c[2]] for r, c in work))

    def extraction() -> None:
        quantities_cache_clear()  # each pass reads its sentences anew, as a run does
        for r, d in zip(records, docs):
            sentence_and_entity_rows(r["doc_id"], r["text"], d)
        for (r, (idx, start, end, ents)), sent_doc in zip(work, parsed):
            sentence_claim_rows(r["doc_id"], idx, start, r["text"][start:end], sent_doc, ents)

    return _paired_share(extraction, lambda: [None for _ in nlp.pipe(analysed)])


def _paired_share(work, baseline, rounds: int = 5) -> float:
    """The median over rounds of work's time over baseline's, each round timing both one after the other: this
    machine's speed moves by a third from minute to minute, and a ratio of two far-apart timings moves with it."""
    import statistics

    return statistics.median(_timed(work) / _timed(baseline) for _ in range(rounds))


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def web_scores(scorer: Path, db: Path, truth: Path) -> dict:
    """web/score.py's scores of the article text the warehouse holds for the pages."""
    import subprocess

    done = subprocess.run(
        [sys.executable, str(scorer), str(db), str(truth), "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def web_reading_share(pages: list[Path], model: str) -> float:
    """Time of reading pages (trafilatura: the article's text, title, date) as a share of the time spaCy takes on
    the articles read."""
    import gzip

    from flows.model import language
    from transforms.web_page import page_article

    raw = [gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes() for p in pages]
    texts = [a.text for a in (page_article(html) for html in raw) if a is not None]  # warm, as spaCy is below
    nlp = language(model)  # loaded before the clock starts
    return _paired_share(lambda: [page_article(html) for html in raw], lambda: [None for _ in nlp.pipe(texts)])


CONTEXT_FIELDS = ("time_text", "place", "attributed_to", "time_start", "time_end", "country")


def series_scores(scorer: Path, db: Path, gold: Path) -> dict:
    """score_series.py's scores, run with a fixed hash seed: it breaks ties between predicted series in the order
    of a set, which otherwise moves the summaries figure from run to run."""
    import os
    import subprocess

    done = subprocess.run(
        [sys.executable, str(scorer), str(db), str(gold), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def context_table(fields: dict, series: dict | None) -> str:
    """Context-field F1 on gold dev, and the series scores."""
    from transforms.markdown import markdown_table

    header = [*CONTEXT_FIELDS, "series B-cubed P", "series B-cubed R", "series B-cubed F1", "summaries right"]
    row = [f"{fields.get(f, 0.0):.3f}" for f in CONTEXT_FIELDS]
    if series:
        row += [f"{series[k]:.3f}" for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "summaries_right")]
    else:
        row += ["", "", "", ""]
    return markdown_table(header, [row])


def results_table(rows: list[tuple[str, dict, dict]], gold_info: str, nq_info: str, share: float) -> str:
    from transforms.markdown import markdown_table

    header = [
        "system",
        "gold recall",
        "gold precision",
        "gold F1",
        "qualifier",
        "kind",
        "unit",
        "category",
        "object",
        "NewsQuant P",
        "NewsQuant R",
        "NewsQuant F1",
        "NewsQuant value+unit F1",
        "NewsQuant value+change F1",
    ]
    body = []
    for name, g, nq in rows:
        f, v = g["fields"], nq["value"]
        body.append(
            [
                name,
                *(
                    f"{x:.3f}"
                    for x in (
                        g["recall"],
                        g["precision"],
                        g["f1"],
                        f["qualifier"],
                        f["kind"],
                        f["unit"],
                        f["category"],
                        f["object"],
                    )
                ),
                *(f"{x:.1f}" for x in (v["P"], v["R"], v["F1"], nq["value+unit"]["F1"])),
                f"{nq['value+change']['F1']:.1f}" if "value+change" in nq else "n/a",  # quantulum3 gives no change
            ]
        )
    lines = [markdown_table(header, body)]
    lines += [
        "",
        f"Gold dev: {gold_info}. NewsQuant dev: {nq_info}. Claim extraction took {share:.0%} of spaCy's "
        "time on the same texts.",
    ]
    return "\n".join(lines)


def update_readme(readme: Path, table: str) -> None:
    from tools.readme import replace_block

    replace_block(readme, "eval", table)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="make eval", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared", help="the shared folder")
    ap.add_argument("--readme", type=Path, help="also write the table into this README's eval block")
    ap.add_argument("--model", default=settings().model)
    args = ap.parse_args(argv)
    gold_dir, nq_dir = args.shared / "gold", args.shared / "newsquant"
    if not (gold_dir / "dev.jsonl").is_file() or not (nq_dir / "dev.json").is_file():
        print(f"make eval: {args.shared} has no gold/dev.jsonl and newsquant/dev.json here; nothing to evaluate.")
        return 0
    gold_score = _module(gold_dir / "score.py", "gold_score")
    nq_score = _module(nq_dir / "score.py", "newsquant_score")
    nq_gold = json.loads((nq_dir / "dev.json").read_text(encoding="utf-8"))
    nq_texts = [e["text"] for e in nq_gold]
    series_gold = gold_dir / "series-dev.jsonl"
    with tempfile.TemporaryDirectory(prefix="newstally-eval-") as tmp:
        tmp = Path(tmp)
        run_pipeline([str(gold_dir / "dev-docs.jsonl")], tmp / "gold", args.model)
        series = None
        if series_gold.is_file():
            run_pipeline([str(gold_dir / "series-dev-docs.jsonl")], tmp / "series", args.model)
            series = series_scores(gold_dir / "score_series.py", tmp / "series" / "newstally.duckdb", series_gold)
        feed = tmp / "newsquant.jsonl"
        feed.write_text("".join(json.dumps({"id": f"nq{i:04d}", "text": t}) + "\n" for i, t in enumerate(nq_texts)))
        run_pipeline([str(feed)], tmp / "newsquant", args.model)
        ours_gold = gold_scores(gold_score, tmp / "gold" / "newstally.duckdb", gold_dir / "dev.jsonl")
        ours_nq = nq_score.score(nq_gold, newsquant_predictions(tmp / "newsquant", nq_texts))
        web_dir, web = args.shared / "web", None
        if (web_dir / "ground-truth.json").is_file():
            # the pages are run more than once: the time shares move by a few points between two runs here
            web_runs = [run_pipeline([str(web_dir / "html")], tmp / f"web{i}", args.model) for i in range(WEB_RUNS)]
            web = web_scores(web_dir / "score.py", tmp / "web0" / "newstally.duckdb", web_dir / "ground-truth.json")
            web["share"] = web_reading_share(sorted((web_dir / "html").iterdir()), args.model)
            # the read stage (pages to articles) against every stage of the run (not Prefect's start, nor the model's)
            web["run_share"] = statistics.median(_read_seconds(r) / sum(r["stage_seconds"].values()) for r in web_runs)
            # and against the run's wall time, as a user waits for it (Prefect's start and the model's load too)
            web["wall_share"] = statistics.median(
                _read_seconds(r) / (r["finished_at"] - r["started_at"]).total_seconds() for r in web_runs
            )
        quantulum_claims_db(tmp / "gold", tmp / "quantulum.duckdb")
        peer_gold = gold_scores(gold_score, tmp / "quantulum.duckdb", gold_dir / "dev.jsonl")
        peer_nq = nq_score.score(nq_gold, quantulum_newsquant(nq_texts), average_gt_ranges=True)
    gold_texts = [p.read_text(encoding="utf-8") for p in sorted((gold_dir / "dev-docs").glob("*.txt"))]
    share = extraction_share(gold_texts + nq_texts, args.model)
    import quantulum3

    table = results_table(
        [
            ("newstally", ours_gold, ours_nq),
            (f"quantulum3 {getattr(quantulum3, '__version__', '')}".strip(), peer_gold, peer_nq),
        ],
        f"{ours_gold['docs']} articles, {ours_gold['gold_core']} core claims",
        f"{len(nq_texts)} sentences, {ours_nq['n_gt']} quantities",
        share,
    )
    table += (
        "\n\nContext fields on gold dev (slot F1) and figure series on series dev "
        f"({series['gold_series'] if series else 0} gold series, {series['moving_series'] if series else 0} whose "
        "figure moved):\n\n" + context_table(ours_gold["fields"], series)
    )
    if web:
        table += (
            f"\n\nWeb pages ({web['pages']} news pages of ../shared/web, {web['found']} read into documents): "
            f"article text F1 {web['f1']:.3f} (precision {web['precision']:.3f}, recall {web['recall']:.3f}), as "
            "web/score.py measures it (trafilatura 2.0 scores 0.958 on the whole benchmark); reading the pages took "
            f"{web['share']:.0%} of spaCy's time on their articles and, over {WEB_RUNS} runs, a median "
            f"{web['run_share']:.0%} of the run's stages and {web['wall_share']:.0%} of the run's wall time."
        )
    print(table)
    if args.readme:
        update_readme(args.readme, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
