"""`newstally report`: one self-contained HTML page of what the warehouse holds (charts inline, nothing fetched)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from transforms.charts import Point, bar_chart_svg, series_chart_svg
from transforms.figure_text import figure_text
from warehouse import report_data as data
from warehouse.api import Warehouse, newstally_version
from warehouse.report_data import Scope

TEMPLATE = "report.html.j2"
WHOLE = Scope()


def write_report(wh: Warehouse, out: Path, scope: Scope = WHOLE, top: int = 12) -> Path:
    """Write the report to `out` (whole or not at all: a half-written page never stands under its name)."""
    page = report_html(wh, scope, top)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(out)
    return out


def report_html(wh: Warehouse, scope: Scope = WHOLE, top: int = 12) -> str:
    """The report as one HTML page."""
    env = Environment(loader=PackageLoader("warehouse", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template(TEMPLATE).render(**report_context(wh, scope, top))


def report_context(wh: Warehouse, scope: Scope, top: int) -> dict:
    """Everything the template shows, formatted for people."""
    series = data.top_series(wh, scope, top)
    reports = data.series_reports(wh, list(series["series_id"]))
    largest = data.largest_figures(wh, scope)
    cited = sorted(set(reports["doc_id"]) | set(largest["doc_id"]))
    by_category = data.by_group(wh, scope, "category")
    by_country = data.by_group(wh, scope, "country")
    return {
        "scope": scope.describe(),
        "warehouse": str(wh.folder),
        "generated": _when(datetime.now(UTC)),
        "version": newstally_version(),
        "totals": data.totals(wh, scope),
        "by_category": _records(by_category, name=lambda r: r["name"] or "no event type"),
        # figures of no event type outnumber the rest in general news: the chart shows the event types
        "category_chart": _bars(by_category[by_category["name"].notna()], lambda n: n),
        "by_country": _records(by_country, name=lambda r: country_name(r["name"])),
        "country_chart": _bars(by_country, lambda n: country_name(n)),
        "series": [_series(s, reports[reports["series_id"] == s["series_id"]]) for s in _rows(series)],
        "largest": _largest_groups(largest),
        "rejects_by_reason": _rows(data.rejects_by_reason(wh, scope.run_id)),
        "rejects": [{**r, "at": _when(r["at"])} for r in _rows(data.recent_rejects(wh, scope.run_id))],
        "runs": [_run(r) for r in _rows(data.runs(wh, scope.run_id))],
        "documents": [
            {**d, "published": _when(d["published_at"])} for d in _rows(data.documents(wh, cited)) if d["doc_id"]
        ],
    }


def country_name(code: str | None) -> str:
    """ "SY" → "Syria (SY)"; no code → "no country"."""
    if not code:
        return "no country"
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    name = getattr(found, "common_name", None) or getattr(found, "name", None)
    return f"{name} ({code})" if name else code


def _series(s: dict, reports: pd.DataFrame) -> dict:
    rows = [_claim(r, "report") for r in _rows(reports)]
    points = [
        Point(
            r["published_at"], r["value"], r["qualifier"], r["value_low"], r["value_high"], f"#report-{r['claim_id']}"
        )
        for r in _rows(reports)
    ]
    unit, kind = s["unit"], s["kind"]
    return {
        **s,
        "country_name": country_name(s["country"]) if s["country"] else "",
        "latest": figure_text(s["latest_value"], unit, s["latest_qualifier"], kind=kind),
        "max": figure_text(s["max_value"], unit, kind=kind),
        "min": figure_text(s["min_value"], unit, kind=kind),
        "conservative": figure_text(s["conservative_value"], unit, kind=kind),
        "first": _when(s["first_published"]),
        "last": _when(s["last_published"]),
        "chart": Markup(series_chart_svg(points)) if points else "",
        "reports": rows,
    }


def _largest_groups(largest: pd.DataFrame) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for r in _rows(largest):
        key = (r["category"], r["kind"], r["unit"])
        if key not in groups:
            what = r["category"] or "no event type"
            measure = r["kind"] + (f", {r['unit']}" if r["unit"] else "")
            groups[key] = {"title": f"{what}: {measure}", "claims": r["group_claims"], "figures": []}
        groups[key]["figures"].append(_claim(r, "figure"))
    return list(groups.values())


def _claim(r: dict, prefix: str) -> dict:
    """A claim as the report shows it: its figure in words, its sentence split around the quantity."""
    sentence = r["sentence"] or ""
    start, end = r.get("quantity_start"), r.get("quantity_end")
    if start is None or end is None or sentence[int(start) : int(end)] != r["surface"]:
        found = sentence.find(r["surface"] or "\0")
        start, end = (found, found + len(r["surface"])) if found >= 0 else (len(sentence), len(sentence))
    start, end = int(start), int(end)
    return {
        **r,
        "anchor": f"{prefix}-{r['claim_id']}",
        "figure": figure_text(r["value"], r["unit"], r["qualifier"], r["value_low"], r["value_high"], r["kind"]),
        "before": sentence[:start],
        "quantity": sentence[start:end],
        "after": sentence[end:],
        "country_name": country_name(r["country"]) if r["country"] else "",
        "when": _claim_time(r),
        "published": _when(r["published_at"]),
    }


def _claim_time(r: dict) -> str:
    start, end = r.get("time_start"), r.get("time_end")
    dates = ""
    if start is not None:
        dates = _day(start) if end is None or end == start else f"{_day(start)} to {_day(end)}"
    if r.get("time_text") and dates:
        return f"{r['time_text']} ({dates})"
    return r.get("time_text") or dates


def _run(r: dict) -> dict:
    seconds = None
    if r["started_at"] is not None and r["finished_at"] is not None:
        seconds = (r["finished_at"] - r["started_at"]).total_seconds()
    return {**r, "started": _when(r["started_at"]), "took": _duration(seconds)}


def _bars(frame: pd.DataFrame, label) -> Markup | str:
    if frame.empty:
        return ""
    shown = _rows(frame.head(15))
    return Markup(bar_chart_svg([label(r["name"]) for r in shown], [float(r["claims"]) for r in shown]))


def _records(frame: pd.DataFrame, name) -> list[dict]:
    return [{**r, "label": name(r)} for r in _rows(frame)]


def _rows(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as dicts, with None for every missing value (NaN, NaT, pd.NA)."""
    out = []
    for r in frame.astype(object).to_dict("records"):
        out.append({k: (None if _missing(v) else v) for k, v in r.items()})
    return out


def _missing(v) -> bool:
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    return isinstance(v, float) and math.isnan(v)


def _day(d) -> str:
    return f"{d.day} {d:%b %Y}" if isinstance(d, date) else ""


def _when(t) -> str:
    """ "5 Mar 1987 11:32" (UTC), or the day alone when the time is midnight."""
    if t is None or _missing(t):
        return ""
    if isinstance(t, datetime):
        t = t.astimezone(UTC) if t.tzinfo else t
        return _day(t) + ("" if (t.hour, t.minute) == (0, 0) else f" {t:%H:%M}")
    return _day(t)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"
