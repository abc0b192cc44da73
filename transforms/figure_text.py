"""Figures as people read them: "at least 15", "about 1.2 million people", "$3bn", "4.5%", "10-20 km"."""

from __future__ import annotations

import math

import humanize

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
QUALIFIER_WORDS = {
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "up to",
    "less_than": "under",
}
# The bounds GUIDELINES.md gives vague amounts, back to the words that give them.
VAGUE_WORDS = {
    (24, 99): "dozens",
    (200, 999): "hundreds",
    (2000, 9999): "thousands",
    (20000, 99999): "tens of thousands",
    (200000, 999999): "hundreds of thousands",
    (2000000, 9999999): "millions",
    (3, 9): "several",
    (2, 5): "a few",
}
# Units whose name follows the number as a word, in the plural when the number is not one.
WORD_UNITS = frozenset("year month week day hour minute second person".split())


def number_text(value: float) -> str:
    """1200000 → "1.2 million", 45000 → "45,000", 2.5 → "2.5"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if abs(value) >= 1_000_000:
        return humanize.intword(value, "%.3g")
    if float(value).is_integer():
        return humanize.intcomma(int(value))
    return f"{value:,.3g}" if abs(value) >= 1 else f"{value:.3g}"


def money_text(value: float, currency: str) -> str:
    """3e9 USD → "$3bn", 1.25e6 EUR → "€1.25m", 450 LKR → "LKR 450"."""
    sign = CURRENCY_SIGNS.get(currency, f"{currency} ")
    magnitude = abs(value)
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if magnitude >= size:
            scaled = magnitude / size
            shown = f"{scaled:,.0f}" if scaled >= 1000 else f"{scaled:.3g}"
            return f"{'-' if value < 0 else ''}{sign}{shown}{suffix}"
    return f"{'-' if value < 0 else ''}{sign}{number_text(magnitude)}"


def amount_text(value: float, unit: str | None = None, kind: str | None = None) -> str:
    """A number with its unit: "$3bn", "4.5%", "12 km", "3 years", "1.2 million"."""
    if unit and (kind == "money" or unit in CURRENCY_SIGNS):
        return money_text(value, unit)
    if unit == "percent" or kind == "percent":
        return f"{value:.3g}%"
    shown = number_text(value)
    if not unit:
        return shown
    if unit in WORD_UNITS:
        return f"{shown} {unit}" + ("" if value == 1 else "s")
    return f"{shown} {unit}"


def range_text(low: float, high: float, unit: str | None = None, kind: str | None = None) -> str:
    """ "10–20 km", "$2bn–3bn", "IDR 20bn–30bn": the unit written once, each end at its own scale."""
    if unit and (kind == "money" or unit in CURRENCY_SIGNS):
        first, second = money_text(low, unit), money_text(high, unit)
        sign = CURRENCY_SIGNS.get(unit, f"{unit} ")
        return f"{first}–{second[len(sign) :] if second.startswith(sign) else second}"
    return f"{number_text(low)}–{amount_text(high, unit, kind)}"


def figure_text(
    value: float,
    unit: str | None = None,
    qualifier: str | None = None,
    low: float | None = None,
    high: float | None = None,
    kind: str | None = None,
) -> str:
    """A claim's figure as a person would write it, its qualifier in words: "at least 15", "10-20 km", "hundreds"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    known = [b for b in (low, high) if b is not None and not (isinstance(b, float) and math.isnan(b))]
    if qualifier == "vague" and len(known) == 2 and (round(low), round(high)) in VAGUE_WORDS:
        return VAGUE_WORDS[(round(low), round(high))]
    if qualifier in ("range", "vague") and len(known) == 2 and low != high:
        return range_text(low, high, unit, kind)
    words = QUALIFIER_WORDS.get(qualifier or "")
    shown = amount_text(value, unit, kind)
    return f"{words} {shown}" if words else shown
