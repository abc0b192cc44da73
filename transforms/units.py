"""Units the quantity grammar's own table does not name ("12 psi", "4 kV", "3 furlongs", "50 MWh"), read with
pint's registry of units."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

# A word right after a number (or joined to it by a hyphen) that may be a unit: "12 psi", "4kV", "3-furlong"
_WORD_AT = re.compile(r"(?:\s?|-)(?P<u>[A-Za-z\u00b5\u03bc\u03a9][A-Za-z0-9\u00b5\u03bc\u03a9]*)(?![\w'-])")
# Symbols in capitals, not acronyms: "MW", "GB", "PSI"
_CAPITAL_SYMBOL = re.compile(r"[KMGTP](?:W|B|V|J)|PSI|RPM|BBL")
# Words pint defines as units that English uses for other things after a number: "two hands", "50 points",
# "3 bars", "a 10 stone", "four links"
NOT_UNITS = frozenset(
    "hand hands chain chains point points are bar bars cup cups pint pints link links rod rods line lines pole poles "
    "span spans drop drops gross score scores turn turns cycle cycles bit bits count counts unit units block blocks "
    "board boards cord cords bag bags tex den slug slugs stone stones pound pounds degree degrees percent dozen "
    "dozens hundred thousand million billion trillion light lights shake shakes barn barns tesla teslas henry "
    "kelvin gilbert franklin galileo rutherford curie weber debye gauss oersted stokes poise rem bel quad quads "
    "ounce ounces gram grams metre metres meter meters mile miles foot feet yard yards inch inches acre acres "
    "tonne tonnes ton tons litre litres liter liters gallon gallons second seconds minute minutes hour hours "
    "day days week weeks month months year years decade decades century centuries fortnight fortnights ".split()
)


def other_unit(rest: str) -> tuple[int, str] | None:
    """(characters taken, unit) when the text after a number begins with a unit pint knows and the grammar's
    table does not: a symbol as written ("psi", "kV", "MWh"), a named unit in the singular ("furlong", "knot")."""
    m = _WORD_AT.match(rest)
    if m is None:
        return None
    unit = unit_name(m.group("u"))
    return (m.end(), unit) if unit else None


@lru_cache(maxsize=20_000)
def unit_name(word: str) -> str | None:
    """The unit a word names, if pint knows it and the word is not an English word that names other things."""
    word = word.replace("\u03bc", "\u00b5")  # Greek mu written for the micro sign
    lower = word.lower()
    inner_capital = any(c.isupper() for c in word[1:])
    if lower in NOT_UNITS or lower in STOP_WORDS:
        return None
    if word.isupper():
        if not _CAPITAL_SYMBOL.fullmatch(word):
            return None  # an acronym: "EU", "PM", "US"
    elif word[0].isupper() and not inner_capital:
        if len(word) > 2:
            return None  # a capitalised word is a name: "Tesla", "Henry"; "Hz" and "Pa" are symbols
    elif not inner_capital and len(word) < 3 and word[0] not in "\u00b5\u03bc":  # "µm" is a micrometre
        return None  # "at" (an atmosphere), "a" (a year), "in" (an inch)
    registry = _registry()
    try:
        parsed = registry.parse_units(word)
    except Exception:  # pint raises its own errors, and others, for text that is no unit
        return None
    names = list(parsed._units.keys())
    if len(names) != 1:
        return None
    if word == f"{parsed:~}" or inner_capital or word.isupper():
        return word  # written as a symbol: keep it as written
    name = names[0].replace("_", " ")
    return name if lower in (name, name + "s", name + "es") else None


def long_name(unit: str) -> str:
    """A unit symbol pint knows by its name, spelt the British way ("µm" → "micrometre", "kV" → "kilovolt"); any
    other unit as it is."""
    if unit_name(unit) is None:
        return unit
    name = str(_registry().parse_units(unit.replace("\u03bc", "\u00b5"))).replace("_", " ")
    return name.replace("meter", "metre").replace("liter", "litre")


@cache
def _registry():
    """pint's default registry, loaded once, only when a text has a unit the grammar's table lacks."""
    import pint

    return pint.UnitRegistry(cache_folder=None)
