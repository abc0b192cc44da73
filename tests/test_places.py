"""Places to countries and coordinates from the offline gazetteer (transforms/places.py), and claims' country."""

from __future__ import annotations

import pytest

from tests.conftest import claims_of
from transforms.places import is_country_name, location, main_country, nationality_country, spans_countries


@pytest.mark.parametrize(
    "place, country",
    [
        ("Idlib", "SY"),
        ("Kandahar", "AF"),
        ("Basra", "IQ"),  # GeoNames writes it Basrah
        ("the northern Gaza Strip", "PS"),
        ("south-west Japan", "JP"),
        ("Sri Lanka", "LK"),
        ("Britain", "GB"),
        ("Texas", "US"),
        ("Pakistani territory", "PK"),
    ],
)
def test_a_place_points_to_its_country(place, country):
    assert location(place).country == country


@pytest.mark.parametrize(
    "place, likely, country",
    [
        ("Helmand province", (), "AF"),  # provinces and states by their ISO 3166-2 names
        ("northern Sindh province", (), "PK"),
        ("Anbar province", (), "IQ"),  # "Al Anbar" in ISO 3166-2
        ("the Helmand river valley", (), "AF"),
        ("Punjab", ("PK",), "PK"),  # India and Pakistan both have one: the article's country decides
        ("Punjab", ("IN",), "IN"),
    ],
)
def test_a_province_or_state_points_to_its_country(place, likely, country):
    assert location(place, likely).country == country


def test_a_province_two_countries_share_has_no_country_without_the_article():
    assert location("Punjab") is None


def test_a_city_has_coordinates_a_country_has_none():
    idlib = location("Idlib")
    assert round(idlib.lat) == 36 and round(idlib.lon) == 37
    assert location("Syria").lat is None


@pytest.mark.parametrize(
    "place", ["southern Asia", "the Middle East", "Europe", "Xyzzy Plover valley", "the Gulf", "in"]
)
def test_regions_of_several_countries_and_unknown_names_have_none(place):
    assert location(place) is None


def test_an_ambiguous_city_is_taken_in_the_country_the_article_is_about():
    assert location("Birmingham").country == "GB"  # the most populous
    assert location("Birmingham", likely=("US",)).country == "US"


@pytest.mark.parametrize(
    "word, country", [("Iraqi", "IQ"), ("Afghans", "AF"), ("Palestinians", "PS"), ("British", "GB")]
)
def test_nationality_words(word, country):
    assert nationality_country(word) == country


def test_the_one_country_an_article_is_about():
    assert main_country(["Kandahar", "Kabul", "Washington"], ["Afghan"]) == "AF"
    assert main_country(["Paris", "Berlin"]) is None  # two countries, neither ahead
    assert main_country([]) is None


def test_claims_get_the_country_of_their_place_or_of_their_article(nlp):
    claims = claims_of(
        nlp,
        "Shelling kills 12 in Idlib\n\n"
        "Government shelling killed 12 civilians in Idlib on Tuesday, activists said. "
        "Aid groups said 3,000 families had fled the fighting.",
    )
    by_value = {c["value"]: c for c in claims}
    assert by_value[12]["place"] == "Idlib" and by_value[12]["country"] == "SY"
    assert round(by_value[12]["place_lat"]) == 36
    assert by_value[3000]["country"] == "SY"  # no place in its sentence: the article's country


def test_a_claim_placed_in_a_region_of_several_countries_has_no_country(nlp):
    claims = claims_of(
        nlp,
        "Tsunami aid reaches Sri Lanka\n\n"
        "Sri Lanka's central bank said the tsunami had killed 30,000 people in Sri Lanka. "
        "Some 150,000 people died in south and east Asia, the UN said.",
    )
    by_value = {c["value"]: c for c in claims}
    assert by_value[30000]["country"] == "LK"
    assert by_value[150000]["place"] == "Asia" and by_value[150000]["country"] is None


@pytest.mark.parametrize(
    "place, answer",
    [("Asia", True), ("south and east Asia", True), ("the Middle East", True), ("Grenada", False), ("Idlib", False)],
)
def test_regions_of_several_countries(place, answer):
    assert spans_countries(place) is answer


def test_a_nationality_before_the_counted_noun_is_not_a_place(nlp):
    (claim,) = [c for c in claims_of(nlp, "Three US soldiers were killed near Kandahar on Sunday.") if c["value"] == 3]
    assert claim["place"] == "Kandahar" and claim["country"] == "AF"


def test_an_article_is_about_where_its_figures_are_not_who_acts_in_it(nlp):
    claims = claims_of(
        nlp,
        "Afghan jets bomb border villages\n\n"
        "Afghan warplanes killed 40 people in raids into Pakistani territory on Monday, officials said. "
        "The Afghan government denied the raids. Afghan pilots flew 12 sorties, an Afghan spokesman said. "
        "Officials said 25 people were wounded in Pakistani territory.",
    )
    assert {c["value"]: c["country"] for c in claims}[12] == "PK"


@pytest.mark.parametrize(
    "place, answer", [("Iran", True), ("the United States", True), ("Tehran", False), ("Pakistani territory", False)]
)
def test_a_country_name_and_nothing_more(place, answer):
    assert is_country_name(place) is answer


def test_a_headline_figure_counts_what_its_article_reports(nlp):
    claims = claims_of(
        nlp,
        "45 KILLED, 185 HURT IN FACTORY BLAST\n\n"
        "An explosion at a chemical factory killed 45 workers and injured 185 on Monday, officials said.",
    )
    headline = {c["value"]: c["object"] for c in claims if c["sentence_idx"] == 0}
    assert headline == {45: "workers", 185: "workers"}  # "killed 45 workers and injured 185": workers too


def test_more_of_the_same_counts_what_the_article_counted_before(nlp):
    claims = claims_of(
        nlp,
        "Rebels said 40 of the militia's fighters were killed in the fighting. "
        '"Nineteen more were injured," a commander said. Another 12 died in hospital. Police said 30 people were hurt.',
    )
    assert [c["object"] for c in claims] == ["militia's fighters", "militia's fighters", "militia's fighters", "people"]
