"""Quantities as English writes them: numbers, multipliers, units, currencies, qualifiers and bounds.

Works on the characters of one sentence; what the quantity counts and which event it belongs to
is decided from the parse in `transforms.claims`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from text_to_num import text2num

from transforms.units import other_unit

ONES = "zero|one|two|three|four|five|six|seven|eight|nine"
TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SCALE_WORDS = "hundred|thousand|million|billion|trillion"
_SMALL = rf"(?:(?:{TENS})(?:[- ](?:{ONES}))?|{TEENS}|{ONES})"
WORD_NUMBER = (
    rf"(?:{_SMALL}|an?(?=\s+(?:{SCALE_WORDS}|dozen)\b))"
    rf"(?:[\s-]+(?:{SCALE_WORDS}|dozen)\b(?:(?:\s+and\s+|[\s-]+)(?:{_SMALL})\b)?)*"
)
# Scientific notation: "1.5e9", "6.02×10^23", "1.99×10−30", "3 x 10^8"
SCIENTIFIC = (
    r"\d+(?:\.\d+)?(?:e[+-]?\d{1,3}(?![\w.])|\s?\u00d7\s?10\s?(?:\^|\*\*)?\s?[\u2212+-]?\d{1,3}"
    r"|\s?[x*]\s?10\s?(?:\^|\*\*)\s?[\u2212+-]?\d{1,3})"
)
DIGITS = rf"{SCIENTIFIC}|(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[- ]\d{{1,2}}/\d{{1,2}})?|\d{{1,2}}/\d{{1,2}}|\.\d+"
_NUMBER = rf"(?:{DIGITS}|\b(?:{WORD_NUMBER})\b)"

MULTIPLIERS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,  # South Asian numbering: "40 lakh rupees", "3 crore"
    "crore": 1e7,
    "tn": 1e12,
    "trn": 1e12,
}
_MULTIPLIER = (
    r"(?:\s*hundred(?:\s+(?:thousand|million|billion))?\b|\s*(?:thousand|million|billion|trillion|lakh|crore)s?\b"
    r"|\s?(?:mln|mn|mil|bln|bn|tn|trn)\b|(?:k|m|b)\b|(?-i:\s[BM])\b)"
)

CURRENCY_SYMBOLS = {
    "us$": "USD",
    "$us": "USD",
    "$nz": "NZD",
    "$hk": "HKD",
    "$c": "CAD",
    "u.s.$": "USD",
    "a$": "AUD",
    "$a": "AUD",
    "c$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "rs": "INR",
    "rs.": "INR",
    "ps": "GBP",
    "y=": "JPY",
    "rm": "MYR",  # "PS" and "Y=" are £ and ¥ folded to ASCII
}
ISO_CODES = "USD EUR GBP JPY AUD CAD CHF CNY INR HKD SGD NZD SEK NOK DKK ZAR MYR BRL RUB KRW MXN IDR LKR".split()
_CURRENCY_SYMBOL = (
    r"(?:\bUS\s?\$|\$(?:US|AUD|NZD|CAD|HKD|SGD|NZ|HK|C)(?=\s?\d)|\bU\.S\.\s?\$|\bA\$|\$A(?=\d)|\bC\$|\bNZ\$|\bHK\s?\$|\bS\$|\bR\$|\$|£|€|¥|\bY=|"
    r"\bPS(?=\d)|\bRM(?=\d)|\bRs\.?|\b(?:" + "|".join(ISO_CODES) + r")(?=\s?\d))"
)

CURRENCY_WORDS = [
    (r"(?:us|u\.s\.|american)\s+(?:dlrs?|dollars?)", "USD"),
    (r"canadian\s+(?:dlrs?|dollars?)", "CAD"),
    (r"australian\s+(?:dlrs?|dollars?)", "AUD"),
    (r"new\s+zealand\s+(?:dlrs?|dollars?)", "NZD"),
    (r"hong\s+kong\s+(?:dlrs?|dollars?)", "HKD"),
    (r"singapore\s+(?:dlrs?|dollars?)", "SGD"),
    (r"taiwan\s+(?:dlrs?|dollars?)", "TWD"),
    (r"swiss\s+francs?", "CHF"),
    (r"french\s+francs?", "FRF"),
    (r"belgian\s+francs?", "BEF"),
    (r"(?:deutsche|west\s+german|german)\s+marks?", "DEM"),
    (r"dlrs?|dollars?", "USD"),
    (r"(?:pounds?\s+)?sterling|stg|pounds?(?!\s+of\b)(?!-f(?:ee|oo)t\b)", "GBP"),
    (r"euros?", "EUR"),
    (r"yen", "JPY"),
    (r"(?:d-?)?marks", "DEM"),
    (r"francs?", "FRF"),
    (r"lire|lira", "ITL"),
    (r"guilders?", "NLG"),
    (r"rupiah", "IDR"),
    (r"rupees?", "LKR"),
    (r"yuan|renminbi", "CNY"),
    (r"rand", "ZAR"),
    (r"pesos?", "MXN"),
    (r"riyals?", "SAR"),
    (r"dinars?", "IQD"),
    (r"(?:roubles?|rubles?)", "RUB"),
    (r"shekels?", "ILS"),
    (r"danish\s+(?:crowns?|kroner|krone)", "DKK"),
    (r"norwegian\s+(?:crowns?|kroner|krone)", "NOK"),
    (r"swedish\s+(?:crowns?|kronor|krona)", "SEK"),
    (r"czech\s+(?:crowns?|korun[ay]?)", "CZK"),
    (r"icelandic\s+(?:crowns?|kronur|krona)", "ISK"),
    (r"crowns?", "SEK"),
    (r"won", "KRW"),
    (r"naira", "NGN"),
    (r"rials?", "IRR"),
    (r"pesetas?", "ESP"),
    (r"schillings?", "ATS"),
    (r"kroner|krone", "DKK"),
    (r"kronor|krona", "SEK"),
    (r"baht", "THB"),
    (r"ringgit", "MYR"),
    (r"dirhams?", "AED"),
    (r"kwacha", "ZMW"),
    (r"zlotys?", "PLN"),
    *[
        (code.lower(), code)
        for code in "USD EUR GBP JPY AUD CAD CHF CNY INR HKD SGD NZD SEK NOK DKK ZAR MYR BRL".split()
    ],
]
CENTS = r"(?P<usx>cts|cents?)|(?P<gbx>pence|p\b)"

# unit words -> (kind, unit, factor to the unit)
UNITS: dict[str, tuple[str, str, float]] = {}
for _names, _kind, _unit, _factor in [
    ("seconds second secs sec", "duration", "second", 1),
    ("minutes minute mins min", "duration", "minute", 1),
    ("hours hour hrs hr", "duration", "hour", 1),
    ("days day nights night", "duration", "day", 1),
    ("weeks week", "duration", "week", 1),
    ("fortnights fortnight", "duration", "week", 2),
    ("months month", "duration", "month", 1),
    ("years year yrs", "duration", "year", 1),
    ("decades decade", "duration", "year", 10),
    ("centuries century", "duration", "year", 100),
    ("kilometres kilometre kilometers kilometer km kms", "measure", "km", 1),
    ("metres metre meters meter m", "measure", "m", 1),
    ("centimetres centimetre centimeters centimeter cm", "measure", "cm", 1),
    ("millimetres millimetre millimeters millimeter mm", "measure", "mm", 1),
    ("miles mile", "measure", "mile", 1),
    ("feet foot ft", "measure", "ft", 1),
    ("inches inch", "measure", "in", 1),
    ("yards yard", "measure", "yd", 1),
    ("tonnes tonne tons ton", "measure", "tonne", 1),
    ("kilograms kilogram kilos kilo kg", "measure", "kg", 1),
    ("grams gram g", "measure", "g", 1),
    ("milligrams milligram mg", "measure", "mg", 1),
    ("hz", "measure", "Hz", 1),
    ("lbs lb", "measure", "lb", 1),
    ("ounces ounce oz", "measure", "ounce", 1),
    ("litres litre liters liter", "measure", "litre", 1),
    ("gallons gallon", "measure", "gallon", 1),
    ("barrels barrel bbl", "measure", "barrel", 1),
    ("bpd", "measure", "barrel per day", 1),
    ("hectares hectare ha", "measure", "hectare", 1),
    ("m2", "measure", "sq m", 1),  # "32m2"
    ("km2", "measure", "sq km", 1),
    ("acres acre", "measure", "acre", 1),
    ("degrees degree", "measure", "degree", 1),
    ("mph", "measure", "mph", 1),
    ("kph km/h", "measure", "km/h", 1),
    ("megawatts megawatt mw", "measure", "MW", 1),
    ("gigawatts gigawatt gw", "measure", "GW", 1),
    ("kilowatts kilowatt kw", "measure", "kW", 1),
    ("bushels bushel", "measure", "bushel", 1),
    ("degrees_celsius degrees_centigrade degree_celsius celsius °c", "measure", "celsius", 1),
    ("degrees_fahrenheit degree_fahrenheit fahrenheit °f", "measure", "fahrenheit", 1),
    ("gigabytes gigabyte gb", "measure", "GB", 1),
    ("megabytes megabyte mb", "measure", "MB", 1),
    ("terabytes terabyte tb", "measure", "TB", 1),
    ("ghz", "measure", "GHz", 1),
    ("mhz", "measure", "MHz", 1),
    ("mah", "measure", "mAh", 1),
    ("kwh", "measure", "kWh", 1),
    ("watts watt w", "measure", "W", 1),
    ("nanometres nanometre nanometers nanometer nm", "measure", "nm", 1),
    ("mpg", "measure", "mpg", 1),
    ("rpm", "measure", "rpm", 1),
    ("horsepower hp", "measure", "hp", 1),
    ("bhp", "measure", "bhp", 1),  # brake horsepower, as engine makers quote it
    ("pound-feet pound-foot lb-ft lb_ft foot-pounds", "measure", "lb-ft", 1),
    ("basis_points basis_point bps", "measure", "basis point", 1),
    ("points point pts", "measure", "point", 1),
    ("″", "measure", "in", 1),
]:
    for _name in _names.split():
        UNITS[_name.replace("_", " ")] = (_kind, _unit, _factor)
_UNIT_WORD = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in sorted(UNITS, key=len, reverse=True))
_AREA = r"(?:square|sq\.?|cubic)"

QUALIFIERS = [
    (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|not\s+less\s+than", "at_least"),
    (
        r"(?:just\s+|well\s+|slightly\s+)?(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|above|greater\s+than|exceeding)",
        "more_than",
    ),
    (r"at\s+most|up\s+to|a\s+maximum\s+of|no\s+more\s+than|as\s+many\s+as|as\s+much\s+as|not\s+more\s+than", "at_most"),
    (r"(?:just\s+|slightly\s+)?(?:fewer\s+than|less\s+than|under|below)", "less_than"),
    (r"(?:around|about|roughly|nearly|almost|some|approximately|an\s+estimated|estimated|close\s+to|circa)", "approx"),
]
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"'\u201c,;:-]))(?P<q>" + "|".join(f"(?:{p})" for p, _ in QUALIFIERS) + r")\s+$", re.I
)

VAGUE = [
    # pattern, value, low, high
    (r"hundreds\s+of\s+thousands", 200_000, 200_000, 999_999),
    (r"tens\s+of\s+thousands", 20_000, 20_000, 99_999),
    (r"hundreds\s+of\s+millions", 200_000_000, 200_000_000, 999_999_999),
    (r"tens\s+of\s+millions", 20_000_000, 20_000_000, 99_999_999),
    (r"several\s+hundred\s+thousand", 300_000, 300_000, 999_999),
    (r"several\s+hundred", 300, 300, 999),
    (r"several\s+thousand", 3000, 3000, 9999),
    (r"several\s+million", 3_000_000, 3_000_000, 9_999_999),
    (r"several\s+dozen", 36, 36, 99),
    (r"a\s+few\s+hundred\s+thousand", 200_000, 200_000, 500_000),
    (r"a\s+few\s+hundred", 200, 200, 500),
    (r"a\s+few\s+thousand", 2000, 2000, 5000),
    (r"a\s+few\s+million", 2_000_000, 2_000_000, 5_000_000),
    (r"a\s+few\s+dozen", 24, 24, 60),
    (r"dozens", 24, 24, 99),
    (r"scores(?=\s+of\b)", 40, 40, 99),
    (r"hundreds", 200, 200, 999),
    (r"thousands", 2000, 2000, 9999),
    (r"millions", 2_000_000, 2_000_000, 9_999_999),
    (r"billions", 2_000_000_000, 2_000_000_000, 9_999_999_999),
    (r"several", 3, 3, 9),
    (r"a\s+few", 2, 2, 5),
]
_VAGUE = re.compile(r"\b(?:" + "|".join(f"(?P<v{i}>{p})" for i, (p, *_r) in enumerate(VAGUE)) + r")\b", re.I)

FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "eighth": 8,
    "tenth": 10,
    "tenths": 10,
}
_FRACTION_WORD = "|".join(FRACTIONS)
_RATIO = re.compile(
    rf"\b(?P<in>(?P<n>{_NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<d>{_NUMBER}))(?!\s*(?:{_UNIT_WORD})\b)"
    rf"|\b(?P<frac>(?:(?P<fn>a|one|two|three|four|five|seven|nine)[\s-]+)?(?P<fw>{_FRACTION_WORD}))\b",
    re.I,
)

_AFTER_SYMBOL = "|".join(f"(?<={re.escape(c)})" for c in ["$US", "$A", "PS", "RM", *ISO_CODES])
# Words after which a hyphen before a number is its sign ("fell -2.4%", "stood at -3"), not a dash or a name.
SIGN_AFTER = "at to of by from was is were are fell rose dropped down up stood reached hit and or with".split()
_AFTER_SIGN = "|".join(rf"(?<=\b{w} -)" for w in SIGN_AFTER) + "|(?<=\u2212)|(?<=\\(-)"
_SIGN_BEFORE = re.compile(rf"(?:(?:^|\s)(?:{'|'.join(SIGN_AFTER)})\s|\(|^)-$|\u2212$", re.I)
_CORE = re.compile(
    rf"(?:(?<=minus-)|{_AFTER_SYMBOL}|{_AFTER_SIGN}|(?<![\w.,/])(?<![A-Za-z]-)(?<![A-Za-z] -)(?<![A-Za-z]\u2013))(?:{DIGITS})(?![\d])(?!/\d)(?!(?:s|'s|th|st|nd|rd)\b)|(?<![\w-])(?:{WORD_NUMBER})\b",
    re.I,
)
_MULT_AT = re.compile(_MULTIPLIER, re.I)
_PERCENT_AT = re.compile(
    r"\s?(?:%|per\s?cent\b|percent\b|pct\b|(?-i:pc)\b)(?:age\s+points?\b)?|\s+percentage\s+points?\b", re.I
)
_CURRENCY_WORD_AT = re.compile(
    r"\s+(?P<cw>" + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(CURRENCY_WORDS)) + r")\b", re.I
)
_CENTS_AT = re.compile(rf"\s*(?:{CENTS})", re.I)
_UNIT_AT = re.compile(
    rf"(?P<sep>\s*|-)(?P<area>{_AREA}[\s-]+)?(?P<u>{_UNIT_WORD})(?!\w)(?P<adj>-(?:wide|long|high|deep|tall|old|thick|away|round|strong))?",
    re.I,
)
# Unit symbols whose case tells them from others: "Nm" (newton metre) is not "nm" (nanometre); a capital C or F
# alone after a number is a temperature.
CASED_UNITS = {"Nm": "N·m", "N·m": "N·m", "C": "celsius", "F": "fahrenheit"}
_CASED_UNIT_AT = re.compile(r"\s?(?P<u>N·?m|(?:°\s?)?[CF])(?![\w'’-]|\.\w)")
_RICHTER_AT = re.compile(r"\s+on\s+the\s+(?:[\w-]+\s+)?richter(?:\s+scale)?\b|(?:\s+|-)magnitude\b", re.I)
# What an amount is per: "per barrel", "/share", "per square foot", "a month", "an ounce"
_PER_AT = re.compile(
    r"\s*(?:per|/)\s*(?P<area>(?:square|sq\.?)\s+)?(?P<n>[a-z]+)\b(?!-)|(?:\s+|-)an?[\s-](?P<t>share|barrel|gallon|ounce|gram|"
    r"kilo|kilogram|tonne|ton|litre|liter|month|year|week|day|night|hour|head|person|unit|pound|kilowatt-hour)\b"
    r"(?!\s+(?:earlier|ago|later|before|after|on|from|in)\b)",  # "a year earlier" is a time, not a rate
    re.I,
)
_PER_HOUR_AT = re.compile(r"\s+(?:an|a|per)\s+hour\b", re.I)
_WEIGHT_POUNDS_AT = re.compile(r"-pounds?\b|\s+pounds?(?=\s+of\b)", re.I)
_SYMBOL_BEFORE = re.compile(
    rf"(?P<sym>{_CURRENCY_SYMBOL})\s?(?P<neg>[-\u2212](?=\d))?(?=[\d.]$)", re.I
)  # searched up to the first digit
_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|(?-i:Mar(?:ch)?)|Apr(?:il)?|(?-i:May)|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s+$", re.I)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTHS}\b(?!\s+(?:to|of|and)\b)", re.I)
_CLOCK_AFTER = re.compile(
    r"^\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?|gmt\b|bst\b|est\b|edt\b|cet\b|utc\b|hrs\b|o'clock\b|local\s+time\b)", re.I
)
_AGE_AFTER = re.compile(r"^(?:\s|-)*years?(?:\s|-)*old\b|^-year-olds?\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of)\s+$", re.I)
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:Article|Resolution|Flight|Route|Highway|Chapter|Section|Room|Channel|Level|Category|Grade|Phase|"
    r"Stage|Paragraph|Clause|Rule|No|Nos|Number|Boeing|Airbus|Apollo|Windows|Formula|Interstate|Gate|Terminal|"
    r"Platform|Table|Figure|Division|Zone|Sector|Ward|Block|Unit|Page|Part|Vol|Volume|Act|Title|Book|Issue|"
    r"Series|Version|Model|Mark|Mk|Type|Channel|Radio|BBC|ITV|Group|Code|Proposition|Amendment|Bill|Law|"
    r"Protocol|Decree|Order|Precinct|District|Camp|Apartment|Building|Hall|Track|Lane|Street|Road|Avenue|"
    # stock indexes named by how many shares they hold: "the FTSE 250", "the S&P 500", "the Nikkei 225"
    r"FTSE|Nikkei|DAX|CAC|S&P|Russell|Stoxx|STOXX|ASX|Nifty|TSX|MSCI|KOSPI|TOPIX)\.?"
    r"|[#№])\s*$"
)
_LOWER_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:category|number|no\.|size|level|grade|phase|stage|class|page|chapter|section|article|room|gate|platform|"
    r"flight|route|channel|track|exit|junction|row|seat|model|version|season|episode|series|gen|generation|"
    r"day|round|game|hole|lap|leg|week)\s+$"
)
# A house number: "575 Wilbraham Road", "9 E 71st St"
_STREET_AFTER = re.compile(
    r"^(?:-\d+)?\s+(?:[A-Z][\w'.-]*\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Drive|Dr|Boulevard|Blvd|Way|Place|Court|"
    r"Terrace|Close|Crescent|Square|Parade|Row)\b\.?"
)
# A player's shirt number in brackets after the name: "Kane (9)"
_SHIRT_BEFORE = re.compile(r"\b[A-Z][\w'-]+\s*\($")
_YEAR_PREPOSITION_BEFORE = re.compile(r"\b(?:in|since|between|until|till|during|before|after|from|and)\s+$", re.I)
_DECADE_YEAR = re.compile(r"^(?:1\d|2[01])\d\d$")


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a sentence: character span, reading, and the span of its number."""

    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    kind: str
    unit: str | None
    number_start: int
    number_end: int
    maybe_year: bool = False
    word_one: bool = False


def word_number_value(words: str) -> float | None:
    """The value of a number written in words ("twenty-five", "two hundred and fifty", "a dozen")."""
    w = re.sub(r"[\s-]+", " ", words.lower()).strip()
    w = re.sub(r"^an? ", "one ", w)
    dozens = 1
    if w.endswith("dozen"):
        w, dozens = w[: -len("dozen")].strip() or "one", 12
    try:
        return float(text2num(w, "en")) * dozens
    except ValueError:
        return None


def number_value(text: str) -> float | None:
    """The value of a number in digits or words: "960,000" → 960000, "3-1/2" → 3.5, "six" → 6."""
    t = text.strip()
    if t.startswith("."):
        return float(t)
    if not t[:1].isdigit():
        return word_number_value(t)
    if sci := re.fullmatch(r"(\d+(?:\.\d+)?)(?:e|\s?[\u00d7x*]\s?10\s?(?:\^|\*\*)?\s?)([\u2212+-]?\d{1,3})", t, re.I):
        return float(sci.group(1)) * 10.0 ** int(sci.group(2).replace("\u2212", "-"))
    m = re.fullmatch(
        r"(?:(?P<w>[\d,]*\d(?:\.\d+)?)(?:[- ](?P<n>\d{1,2})/(?P<d>\d{1,2}))?|(?P<n2>\d{1,2})/(?P<d2>\d{1,2}))", t
    )
    if not m or (m.group("d2") or m.group("d")) == "0":
        return None
    if m.group("n2"):
        return int(m.group("n2")) / int(m.group("d2"))
    value = float(m.group("w").replace(",", ""))
    if m.group("n"):
        value += int(m.group("n")) / int(m.group("d"))
    return value


def _multiplier(text: str) -> float:
    factor = 1.0
    for word in text.lower().split():
        word = word.rstrip("s") if len(word) > 2 else word
        factor *= 100.0 if word == "hundred" else MULTIPLIERS.get(word, 1.0)
    return factor


def _currency_from_words(match: re.Match) -> str:
    for i, (_, code) in enumerate(CURRENCY_WORDS):
        if match.group(f"c{i}"):
            return code
    raise AssertionError("no currency group matched")


def _bounds(qualifier: str, value: float, low: float | None = None, high: float | None = None):
    if qualifier == "exact":
        return value, value
    if qualifier in ("at_least", "more_than"):
        return value, None
    if qualifier in ("at_most", "less_than"):
        return None, value
    if qualifier in ("range", "vague"):
        return low, high
    return None, None


# Characters a rule reads on either side of a number. What it looks for is a few words away; reading no further
# keeps each number's work constant, so a text's time grows with its length, never with its square.
LOOK = 200


def _before(sentence: str, i: int, width: int = LOOK) -> tuple[str, int]:
    """The text before position i that the rules read, and where it starts in the sentence."""
    start = max(0, i - width)
    return sentence[start:i], start


def _after(sentence: str, i: int) -> str:
    """The text after position i that the rules read."""
    return sentence[i : i + LOOK]


def _extend_right(sentence: str, end: int, value: float, currency: str | None):
    """Multiplier, percent sign, currency word or unit after a number, and what an amount of money or a measure
    is per ("$58 a barrel", "$1,100 per square foot"): (end, value, kind, unit)."""
    end, value, kind, unit = _unit_after(sentence, end, value, currency)
    if kind in ("money", "measure") and unit and (per := _PER_AT.match(sentence, end)) and (name := _per_name(per)):
        rate = f"{unit} per {name}"
        return per.end(), value, kind, RATE_UNITS.get(rate, rate)
    return end, value, kind, unit


# Rates the unit table writes as one symbol
RATE_UNITS = {"mile per gallon": "mpg", "km per hour": "km/h", "mile per hour": "mph", "km per litre": "km/l"}


def _per_name(per: re.Match) -> str | None:
    """What a rate is per, as the unit names it: "barrel", "share", "sq ft"; None for "per cent", "per the"."""
    noun = re.sub(r"\s+", " ", (per.group("n") or per.group("t")).lower())
    if noun in STOP_WORDS or noun in ("cent", "centum", "se"):
        return None
    noun = {"feet": "foot", "people": "person", "annum": "year"}.get(noun, noun)
    if noun in UNITS and UNITS[noun][2] == 1:  # "per hr" is per hour; "per century" stays a century
        noun = UNITS[noun][1]
    elif noun.endswith("s") and len(noun) > 3 and not noun.endswith("ss"):
        noun = noun[:-1]
    return ("sq " if per.group("area") else "") + noun


def _unit_after(sentence: str, end: int, value: float, currency: str | None):
    rest = _after(sentence, end)
    mult = _MULT_AT.match(rest)
    if mult and not _is_multiplier(mult.group().strip().lower(), rest[mult.end() :], currency, mult.group().strip()):
        mult = None
    if mult:
        value *= _multiplier(mult.group())
        end += mult.end()
        rest = _after(sentence, end)
    if currency is not None:
        if c := _CURRENCY_WORD_AT.match(rest):
            end += c.end()
        return end, value, "money", currency
    if p := _PERCENT_AT.match(rest):
        return end + p.end(), value, "percent", "percent"
    if not mult and (w := _WEIGHT_POUNDS_AT.match(rest)):
        return end + w.end(), value, "measure", "lb"
    if c := _CURRENCY_WORD_AT.match(rest):
        return end + c.end(), value, "money", _currency_from_words(c)
    if c := _CENTS_AT.match(rest):
        return (
            end + c.end(),
            value,
            "money",
            "USX" if c.group("usx") else "GBX",
        )  # minor units, as market data writes them
    if not mult and (r := _RICHTER_AT.match(rest)):
        return end + r.end(), value, "measure", "richter"
    if not mult and (symbol := _CASED_UNIT_AT.match(rest)):  # "450 Nm" of torque, "12C", "70 F"
        return end + symbol.end(), value, "measure", CASED_UNITS[symbol.group("u").replace("°", "").strip()]
    if (u := _UNIT_AT.match(rest)) and not (mult and (u.group("sep") == "" or len(u.group("u")) < 2)):
        # after a scale word only a unit set apart: "1.8 billion miles", "a 2.8bn km journey", not "5m m"
        if u.group("sep") == "" and len(u.group("u")) > 3 and u.group("u").isalpha() and not mult:
            return end, value, "count", None
        unit_kind, unit_name, factor = _unit(u.group("u"))
        if u.group("area"):
            unit_name = ("cu " if u.group("area").lower().startswith("cu") else "sq ") + unit_name
        if unit_name in ("km", "mile") and (per := _PER_HOUR_AT.match(sentence, end + u.end())):
            return per.end(), value, "measure", "km/h" if unit_name == "km" else "mph"
        return end + u.end(), value * factor, unit_kind, unit_name
    if not mult and (other := other_unit(rest)):  # "12 psi", "4 kV", "3 furlongs"
        return end + other[0], value, "measure", other[1]
    return end, value, "count", None


def _unit(written: str) -> tuple[str, str, float]:
    """(kind, unit, factor) of a unit as written."""
    return UNITS[re.sub(r"\s+", " ", written.lower())]


def _is_multiplier(word: str, after: str, currency: str | None, written: str = "") -> bool:
    """Whether a letter after a number multiplies it: "£691m" yes, "a 100m race" no, "5k" only for money."""
    money = currency is not None or bool(_CURRENCY_WORD_AT.match(after))
    if word == "m":
        return money or written == "M" or bool(re.match(r"\s+(?:of\b|people\b|[a-z]+s\b)", after))
    if word in ("b", "k", "mil"):  # "$2 B", "a 30k salary", "30k followers"; not "a 5k run"
        return money or bool(re.match(rf"\s+(?:{MONEY_NOUNS})\b|\s+[a-z]+s\b", after))
    return True


# Nouns of amounts of money: a "k" or "B" before one multiplies ("a 30k salary").
MONEY_NOUNS = "salary|salaries|budget|bonus|fee|fees|price|wage|wages|pay|loan|debt|fine|grant|prize|deal|contract"


@dataclass(frozen=True)
class _Reading:
    """One number with what is written around it, before ranges are joined."""

    start: int
    number_start: int
    number_end: int
    end: int
    raw: float
    value: float
    kind: str
    unit: str | None
    mult: float


def _currency_of_symbol(symbol: str) -> str:
    """ISO code of a currency symbol as written: "$" USD, "£" GBP, "$AUD" AUD, "HK$" HKD, "PS" GBP."""
    code = symbol.upper().strip("$")
    if code in ISO_CODES:
        return code
    return CURRENCY_SYMBOLS.get(symbol.lower(), CURRENCY_SYMBOLS.get("$" + code.lower(), "USD"))


def _reading(sentence: str, m: re.Match) -> _Reading | None:
    raw = number_value(m.group())
    if raw is None or re.match(r"-\d+-\d", _after(sentence, m.end())):
        return None  # "1-2-3": a name
    start, currency = m.start(), None
    window, base = _before(sentence, start + 1, 16)  # a currency symbol or code, a space, the digit
    if s := _SYMBOL_BEFORE.search(window):
        symbol = re.sub(r"\s", "", s.group("sym"))
        currency = _currency_of_symbol(symbol)
        start = base + s.start()
        if s.group("neg"):
            raw = -raw  # "a trade balance of $-50.8 billion"
    elif n := _MINUS_BEFORE.search(window[:-1]):
        raw, start = -raw, base + n.start()
    elif _SIGN_BEFORE.search(sentence[max(0, m.start() - 12) : m.start()]):
        raw, start = -raw, m.start() - 1  # "-2.4%", "−3 points"
    end, value, kind, unit = _extend_right(sentence, m.end(), raw, currency)
    if "/" in m.group() and kind == "count" and "-" not in m.group() and " " not in m.group():
        return None  # "9/11", "24/7": a bare fraction is a name or a date more often than a count
    mult = _MULT_AT.match(sentence, m.end())
    factor = (
        _multiplier(mult.group())
        if mult
        and _is_multiplier(mult.group().strip().lower(), _after(sentence, mult.end()), currency, mult.group().strip())
        else 1.0
    )
    return _Reading(start, m.start(), m.end(), end, raw, value, kind, unit, factor)


_MINUS_BEFORE = re.compile(r"\bminus[\s-]?$", re.I)
_CONNECTOR = re.compile(r"(?P<c>-|\s*[\u2013\u2014]\s*|\s+-\s+|\s+(?:up\s+)?to\s+|\s+and\s+|\s+or\s+)", re.I)
_CHANGE_VERB_BEFORE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|falls?|falling|fallen|drop(?:s|ped|ping)?|increase[sd]?|increasing|decrease[sd]?|"
    r"jump(?:s|ed)?|climb(?:s|ed)?|gain(?:s|ed)?|grow(?:s|n)?|grew|slid(?:es)?|slump(?:s|ed)?|cut|cuts|reduc(?:e|ed|es)|"
    r"rais(?:e|ed|es)|lower(?:s|ed)?|slow(?:s|ed)?|revis(?:e|ed|es)|shift(?:s|ed)?|"
    r"boost(?:s|ed)?|lift(?:s|ed)?|plung(?:e|ed|es)|plummet(?:s|ed)?|tumbl(?:e|ed|es)|surg(?:e|ed|es)|soar(?:s|ed)?|"
    r"widen(?:s|ed)?|narrow(?:s|ed)?|declin(?:e|ed|es)|edg(?:e|ed|es)|inch(?:es|ed)|changed?)\b",
    re.I,
)


def _is_change(before: str) -> bool:
    """True when the text before a number reads "rose from", "fell", "was cut by": a change, not a range."""
    tail = before[-100:]
    if m := re.search(r"\bfrom\s+(?:about\s+|around\s+|some\s+)?$", tail, re.I):
        return bool(re.search(_CHANGE_VERB_BEFORE.pattern + r"(?:\W+\w+){0,5}?\W*$", tail[: m.start()], re.I))
    return bool(re.search(_CHANGE_VERB_BEFORE.pattern + r"\s+(?:by\s+)?$", tail, re.I))


def _partner(sentence: str, head: _Reading, readings: dict[int, _Reading]) -> tuple[_Reading | None, bool]:
    """The number paired with `head` ("10-20", "50 to 70 pct", "from 5 to 7 pct") and whether the pair is a range."""
    after_head = head.end if head.kind != "count" or head.mult != 1 else head.number_end
    c = _CONNECTOR.match(sentence, after_head)
    if not c or (partner := readings.get(c.end())) is None:
        return None, False
    word = re.sub(r"\s+", " ", c.group("c").strip().lower())
    before, _ = _before(sentence, head.start)
    if word == "and" and not re.search(r"\bbetween\s+$", before, re.I):
        return None, False
    if word == "up to":  # "from 1,200 sq ft up to 1,800 sq ft"; without "from", "up to" bounds what follows
        if not re.search(r"\bfrom\s+(?:about\s+|around\s+|some\s+)?$", before, re.I):
            return None, False
        word = "to"
    if word == "or" and (head.kind != "count" or head.mult != 1 or partner.kind == "count"):
        return None, False
    if word == "-" and sentence[after_head - 1 : after_head].isspace():
        return None, False
    if word == "to" and _is_change(before) and not _is_bare_amount(sentence, head, partner, before):
        return partner, False  # "fell 68p to 1,112p", "rose from 5 to 7 pct": two values, not a range
    return partner, True


def _is_bare_amount(sentence: str, head: _Reading, tail: _Reading, before: str) -> bool:
    """ "dropped by 1 to 1.5 degrees": after a change without "from", a bare number before a unit opens a range."""
    return (
        not re.search(r"\bfrom\s+(?:about\s+|around\s+|some\s+)?$", before, re.I)
        and head.kind == "count"
        and head.unit is None
        and head.mult == 1
        and tail.kind != "count"
    )


def _changed_to(sentence: str, start: int, tail: _Reading, readings: dict[int, _Reading]) -> _Reading | None:
    """The level a range changed to: "from about 14-18 mpg to 24" → 24, which takes the range's unit."""
    if not re.search(r"\bfrom\s+(?:about\s+|around\s+|some\s+)?$", _before(sentence, start)[0], re.I):
        return None
    c = _CONNECTOR.match(sentence, tail.end)
    if not c or re.sub(r"\s+", " ", c.group("c").strip().lower()) != "to":
        return None
    return readings.get(c.end())


def _sharing_unit(reading: _Reading, other: _Reading) -> _Reading:
    """A bare number takes the unit written after its partner: "from 5 to 7 pct" → 5 pct."""
    if reading.kind != "count" or reading.unit is not None or reading.mult != 1 or other.kind == "count":
        return reading
    if reading.raw.is_integer() and 1000 <= reading.raw < 2100:
        return reading  # "from 20 mpg in 2008 to 29 mpg": a year keeps no unit
    shared = other.mult if reading.raw < other.raw * other.mult else 1.0
    value = reading.raw * shared * (other.value / (other.raw * other.mult) if other.raw else 1.0)
    return replace(reading, value=value, kind=other.kind, unit=other.unit)


def _joined(head: _Reading, tail: _Reading, tail_number: str = "") -> tuple[float, str, str | None] | None:
    """The range's low value, kind and unit, when head and tail read as one quantity."""
    shared = tail.mult if head.mult == 1 and head.raw < tail.raw else 1.0  # "20-30bn", "$89 to $93 billion"
    if shared == 1.0 and head.mult == 1 and (scale := _scale_of_words(tail_number, tail.raw)) and head.raw < scale[0]:
        shared = scale[1]  # "six to seven thousand workers": 6,000 to 7,000
    if head.kind == "count" and head.unit is None and head.mult == 1:
        low, kind, unit = (
            head.raw * shared * (tail.value / (tail.raw * tail.mult) if tail.raw else 1.0),
            tail.kind,
            tail.unit,
        )
    elif (head.kind, head.unit) == (tail.kind, tail.unit):
        low, kind, unit = head.value * shared, head.kind, head.unit
    elif head.kind == tail.kind and head.unit and (tail.unit or "").startswith(head.unit + " per "):
        low, kind, unit = head.value * shared, tail.kind, tail.unit  # "between $62 and $68 per share"
    else:
        return None
    return (low, kind, unit) if low < tail.value else None


def _scale_of_words(number: str, value: float) -> tuple[float, float] | None:
    """(leading number, scale) of a number in words that ends in a scale word: "seven thousand" → (7, 1000)."""
    m = re.match(rf"(?P<lead>.+?)\s+(?:{SCALE_WORDS})\b", number, re.I)
    lead = word_number_value(m.group("lead")) if m else None
    return (lead, value / lead) if lead else None


def _number_candidates(sentence: str) -> list[Quantity]:
    readings = {}
    for m in _CORE.finditer(sentence):
        if (r := _reading(sentence, m)) is not None:
            readings[r.start] = readings[r.number_start] = r
    out, used = [], set()
    for start in sorted({r.start for r in readings.values()}):
        r = readings[start]
        if r.start in used:
            continue
        tail, is_range = _partner(sentence, r, readings)
        joined = (
            _joined(r, tail, sentence[tail.number_start : tail.number_end]) if tail is not None and is_range else None
        )
        if tail is not None and joined is None:
            r = _sharing_unit(r, tail)
            readings[tail.start] = readings[tail.number_start] = _sharing_unit(tail, r)
        year_like = _DECADE_YEAR.match(sentence[r.number_start : r.number_end]) is not None
        if joined and not (year_like and joined[1] == "count"):
            low, kind, unit = joined
            start = r.start
            window, base = _before(sentence, start)
            if b := re.search(r"\bbetween\s+$", window, re.I):
                start = base + b.start()
            used.add(tail.start)
            out.append(
                Quantity(start, tail.end, low, low, tail.value, "range", kind, unit, r.number_start, r.number_end)
            )
            if (after := _changed_to(sentence, start, tail, readings)) is not None:
                readings[after.start] = readings[after.number_start] = _sharing_unit(after, tail)
            continue
        maybe_year = year_like and r.kind == "count"
        if maybe_year and _YEAR_PREPOSITION_BEFORE.search(_before(sentence, r.start)[0]):
            continue  # "in 2008", "between 1600 and 1900"
        out.append(
            Quantity(
                r.start,
                r.end,
                r.value,
                None,
                None,
                "exact",
                r.kind,
                r.unit,
                r.number_start,
                r.number_end,
                maybe_year,
                sentence[r.number_start : r.number_end].lower() == "one",
            )
        )
    return out


_ONE_UNIT = re.compile(
    rf"\b(?:(?:more|less|fewer)\s+than|over|under|nearly|almost|about|around|at\s+least|up\s+to|within|at\s+most)\s+(?P<a>an?)\s+(?P<u>{_UNIT_WORD})\b",
    re.I,
)


def _one_unit_candidates(sentence: str) -> list[Quantity]:
    """ "more than a week", "about an hour": the article is the number when a qualifier comes first."""
    out = []
    for m in _ONE_UNIT.finditer(sentence):
        kind, unit, factor = _unit(m.group("u"))
        if kind != "duration" and len(m.group("u")) < 4:
            continue
        out.append(
            Quantity(m.start("a"), m.end(), factor, factor, factor, "exact", kind, unit, m.start("a"), m.end("a"))
        )
    return out


def _vague_candidates(sentence: str) -> list[Quantity]:
    out = []
    for m in _VAGUE.finditer(sentence):
        i = next(int(k[1:]) for k, v in m.groupdict().items() if v)
        _, value, low, high = VAGUE[i]
        rest = _after(sentence, m.end())
        if not re.match(r"^\s+(?:of\b|[a-z(\"'])", rest, re.I) and not re.match(r"^\s*[,.;)]", rest):
            continue
        end, kind, unit, factor = m.end(), "count", None, 1.0
        if c := re.match(r"\s+of\s+(?P<cw>dlrs|dollars|pounds|euros|yen|rupees|rupiah)\b", rest, re.I):
            end, kind = end + c.end(), "money"
            unit = _currency_from_words(_CURRENCY_WORD_AT.match(" " + c.group("cw")))
        elif (u := _UNIT_AT.match(rest)) and u.group("sep").strip() == "" and u.group("sep"):
            unit_kind, unit, factor = _unit(u.group("u"))
            end, kind = end + u.end(), unit_kind
        out.append(
            Quantity(
                m.start(), end, value * factor, low * factor, high * factor, "vague", kind, unit, m.start(), m.end()
            )
        )
    return out


def _ratio_candidates(sentence: str) -> list[Quantity]:
    out = []
    for m in _RATIO.finditer(sentence):
        if m.group("in"):
            n, d = number_value(m.group("n")), number_value(m.group("d"))
            if not n or not d or n > d or d > 1000:
                continue
            value = n / d
        else:
            before, after = _before(sentence, m.start())[0], _after(sentence, m.end())
            word = m.group("fw").lower()
            count = m.group("fn")
            if re.match(r"^\s+an?\s+dozen\b", after, re.I):
                continue
            if re.search(
                r"(?:\b(?:first|second|third|fourth|final|last|latter|other|next|each|every|and\s+a|and\s+one)|\d|-)\s*$",
                before,
                re.I,
            ):
                continue
            if word.startswith(("third", "quarter", "fifth", "sixth", "eighth", "tenth")) and not count:
                continue
            if not re.match(
                r"^\s*(?:of\b|the\b|its\b|their\b|his\b|her\b|our\b|all\b|a[n]?\b|this\b|that\b|these\b|those\b)",
                after,
                re.I,
            ) and not re.search(r"(?:than|about|almost|nearly|over|around|roughly|some)\s+$", before, re.I):
                continue
            numerator = 1 if count is None or count.lower() in ("a", "one") else number_value(count)
            value = numerator / FRACTIONS[word]
            if u := re.match(rf"^\s+an?\s+(?P<u>{_UNIT_WORD})\b", after, re.I):
                kind_, unit, factor = _unit(u.group("u"))
                out.append(
                    Quantity(
                        m.start(),
                        m.end() + u.end(),
                        value * factor,
                        value * factor,
                        value * factor,
                        "exact",
                        kind_,
                        unit,
                        m.start(),
                        m.end(),
                    )
                )
                continue
        out.append(Quantity(m.start(), m.end(), value, value, value, "exact", "ratio", None, m.start(), m.end()))
    return out


def _excluded(sentence: str, q: Quantity) -> bool:
    """Dates, clock times, scores, ages and identifiers, which are not claims."""
    before, after = _before(sentence, q.start)[0], _after(sentence, q.number_end)
    number_text = sentence[q.number_start : q.number_end]
    if re.search(r"\d[:.]?$", before[-2:]) and before.endswith(":") or re.match(r"^:\d", after):
        return True  # "4:39 left", "10:30"
    if q.kind == "count" and q.qualifier == "exact" and (_is_score(sentence, q) or _is_tally(sentence, q)):
        return True
    if number_text[:1].isdigit() and q.kind == "count" and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after)):
        return True
    if _CLOCK_AFTER.match(_after(sentence, q.end)) or _CLOCK_AFTER.match(after):
        return True
    clock = re.fullmatch(r"(\d{1,2})[.:]([0-5]\d)", number_text)
    if (
        clock
        and int(clock.group(1)) <= 24
        and q.kind == "count"
        and re.search(r"\b(?:at|by|until|from|before|after)\s+$", before, re.I)
    ):
        return True
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return True
    if q.kind == "count" and (_IDENTIFIER_BEFORE.search(before) or _LOWER_IDENTIFIER_BEFORE.search(before)):
        return True
    if q.kind == "count" and number_text.isdigit() and _STREET_AFTER.match(after):
        return True
    if q.kind == "count" and number_text.isdigit() and _SHIRT_BEFORE.search(before) and after.startswith(")"):
        return True
    if q.word_one and (
        re.match(r"^\s+(?:of|another|or|by|day|time)\b", after, re.I)
        or re.search(r"\b(?:no|the|any|every|each|which|this|that)\s+$", before, re.I)
    ):
        return True
    if q.kind == "duration" and re.match(r"^[^.;]{0,12}?\bago\b", _after(sentence, q.end), re.I):
        return True
    return False


def _is_score(sentence: str, q: Quantity) -> bool:
    """ "tied at 89-89", "won 2-0": two small whole numbers joined by a hyphen that are not a range."""
    m = re.match(r"^(?P<a>\d{1,3})-(?P<b>\d{1,3})(?!\d)", _after(sentence, q.number_start))
    m = m or re.search(r"(?<![\d-])(?P<a>\d{1,3})-(?P<b>\d{1,3})$", _before(sentence, q.number_end)[0])
    return bool(m) and int(m.group("b")) <= int(m.group("a"))


def _is_tally(sentence: str, q: Quantity) -> bool:
    """ "9 for 233", "took 3 for 77": wickets for runs, a sports tally."""
    before = _before(sentence, q.number_start)[0]
    return bool(
        re.match(r"^\s+for\s+\d", _after(sentence, q.number_end))
        and sentence[q.number_start : q.number_end].isdigit()
        or re.search(r"\b\d+\s+for\s+$", before)
        or re.search(r"\bno\s+wickets?\s+for\s+$", before, re.I)
    )


def quantities(sentence: str) -> list[Quantity]:
    """Every quantity in a sentence, longest reading first where two overlap, in text order."""
    return list(_quantities(sentence))


# A sentence is read twice: to find the sentences worth parsing, then for their claims.
@lru_cache(maxsize=4096)
def _quantities(sentence: str) -> tuple[Quantity, ...]:
    found = (
        _ratio_candidates(sentence)
        + _vague_candidates(sentence)
        + _number_candidates(sentence)
        + _one_unit_candidates(sentence)
    )
    found.sort(key=lambda q: (-(q.end - q.start), q.start))
    kept: list[Quantity] = []
    taken = bytearray(len(sentence) + 1)  # characters a kept reading covers
    for q in found:
        if any(taken[q.start : q.end]):
            continue
        taken[q.start : q.end] = b"\x01" * (q.end - q.start)
        kept.append(q)
    kept = [q for q in kept if not _excluded(sentence, q) and _finite(q)]
    return tuple(_without_float_noise(with_qualifier(sentence, q)) for q in sorted(kept, key=lambda q: q.start))


def _finite(q: Quantity) -> bool:
    """A number too large for a float (400 digits) is no figure: it would lead every ranking and make sums infinite."""
    return all(v is None or math.isfinite(v) for v in (q.value, q.low, q.high))


def _clean(value: float | None) -> float | None:
    """`value` at the 15 significant digits a float holds: 16.6 * 1e9 is 16600000000, not 16600000000.000002."""
    return None if value is None else float(f"{value:.15g}")


def _without_float_noise(q: Quantity) -> Quantity:
    return replace(q, value=_clean(q.value), low=_clean(q.low), high=_clean(q.high))


def with_qualifier(sentence: str, q: Quantity) -> Quantity:
    """The quantity with the qualifier written before it ("at least", "around") and its bounds."""
    if q.qualifier in ("range", "vague"):
        return q
    window, base = _before(sentence, q.start)
    m = _QUALIFIER_BEFORE.search(window)
    if m and re.match(r"(?:below|above|over|under)$", m.group("q"), re.I) and "-" in sentence[q.number_end : q.end]:
        m = None  # "below three-month rates": the preposition governs the noun, not the number
    if not m:
        low, high = _bounds(q.qualifier, q.value)
        return replace(q, low=low, high=high)
    cue = re.sub(r"\s+", " ", m.group("q").lower())
    qualifier = next(name for pattern, name in QUALIFIERS if re.fullmatch(pattern, cue, re.I))
    low, high = _bounds(qualifier, q.value)
    return replace(q, start=base + m.start("q"), qualifier=qualifier, low=low, high=high)
