"""Charts for the HTML report, as inline SVG drawn by matplotlib: no script, no network, a few kilobytes each."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from transforms.figure_text import number_text

# One marker per qualifier, so a chart tells "at least 12" from "about 12" at a glance.
MARKERS = {
    "exact": ("o", "exact"),
    "approx": ("D", "about"),
    "at_least": ("^", "at least"),
    "more_than": ("^", "more than"),
    "at_most": ("v", "up to"),
    "less_than": ("v", "under"),
    "range": ("s", "range"),
    "vague": ("X", "vague"),
}
COLOR = "#1f5f8b"
BAND = "#9ec3de"
# Stable element ids and no timestamp, so the same warehouse gives the same report.
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "newstally", "font.size": 9}


@dataclass
class Point:
    """One report of a series: when it was published (None if undated), its figure and bounds, and its link."""

    published_at: datetime | None
    value: float
    qualifier: str | None
    low: float | None
    high: float | None
    url: str


def series_chart_svg(points: list[Point], title: str = "") -> str:
    """A series' figures over publication time: a marker per qualifier, bounds as a band, every point a link."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    dated = all(p.published_at is not None for p in points)
    xs = [p.published_at if dated else i + 1 for i, p in enumerate(points)]
    with _svg_style():
        fig = Figure(figsize=(6.4, 2.4))
        ax = fig.subplots()
        bounded = [(x, p.low, p.high) for x, p in zip(xs, points) if p.low is not None and p.high is not None]
        if len(bounded) > 1:
            ax.fill_between(
                [b[0] for b in bounded], [b[1] for b in bounded], [b[2] for b in bounded], color=BAND, alpha=0.5, lw=0
            )
        for x, low, high in bounded:
            ax.vlines(x, low, high, color=BAND, lw=3)
        ax.plot(xs, [p.value for p in points], color=COLOR, lw=0.8, alpha=0.5)
        for qualifier in dict.fromkeys(p.qualifier for p in points):
            mine = [(x, p) for x, p in zip(xs, points) if p.qualifier == qualifier]
            marker, label = MARKERS.get(qualifier or "exact", ("o", qualifier or "exact"))
            dots = ax.scatter([x for x, _ in mine], [p.value for _, p in mine], marker=marker, s=36, color=COLOR)
            dots.set_label(label)
            dots.set_urls([p.url for _, p in mine])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number_text(v)))
        if dated:
            first, last = min(xs), max(xs)
            if last - first < timedelta(days=2):  # one day's reports: a week around it, so the axis has dates
                ax.set_xlim(first - timedelta(days=3), last + timedelta(days=3))
            # days as ticks from three days on (its default asks for five, and on fewer falls to hours, then warns)
            locator = AutoDateLocator(minticks=3, maxticks=6)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        else:
            ax.set_xlabel("reports in the order read (undated)")
        ax.margins(x=0.08, y=0.2)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        if title:
            ax.set_title(title, loc="left", fontsize=9)
        # fixed margins: matplotlib's tight layout would double the time a chart takes
        fig.subplots_adjust(left=0.11, right=0.84, bottom=0.2 if dated else 0.24, top=0.88 if title else 0.95)
        return _svg(fig)


def bar_chart_svg(labels: list[str], values: list[float], title: str = "") -> str:
    """Horizontal bars, the largest on top, each with its value written beside it."""
    from matplotlib.figure import Figure

    with _svg_style():
        fig = Figure(figsize=(6.4, 0.3 * len(labels) + 0.7))
        ax = fig.subplots()
        bars = ax.barh(list(reversed(labels)), list(reversed(values)), color=COLOR)
        ax.bar_label(bars, labels=[number_text(v) for v in reversed(values)], padding=3, fontsize=8)
        ax.xaxis.set_visible(False)
        ax.spines[["top", "right", "bottom"]].set_visible(False)
        ax.margins(x=0.15)
        if title:
            ax.set_title(title, loc="left", fontsize=9)
        fig.tight_layout()
        return _svg(fig)


def _svg_style():
    import matplotlib

    return matplotlib.rc_context(SVG_SETTINGS)


def _svg(fig) -> str:
    """The figure as an <svg> element to put in a page (no XML prologue, no creation date)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return re.sub(r"^.*?(?=<svg)", "", text, flags=re.S)
