"""How English writes quantities: numbers, multipliers, units, currencies, qualifiers, exclusions."""

from __future__ import annotations

import pytest

from transforms.quantities import number_value, quantities, word_number_value


def one(sentence: str):
    found = quantities(sentence)
    assert len(found) == 1, [sentence[q.start : q.end] for q in found]
    q = found[0]
    return sentence[q.start : q.end], q


@pytest.mark.parametrize(
    "text,value",
    [
        ("960,000", 960000),
        ("1.3", 1.3),
        ("3-1/2", 3.5),
        ("1/2", 0.5),
        ("12", 12),
        ("six", 6),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("a dozen", 12),
        ("two dozen", 24),
    ],
)
def test_number_values(text, value):
    assert number_value(text) == pytest.approx(value)


def test_word_numbers_that_are_not_numbers():
    assert word_number_value("hundred banana") is None


@pytest.mark.parametrize(
    "sentence,surface,value,kind,unit",
    [
        ("The storm left 1,200 families homeless.", "1,200", 1200, "count", None),
        ("It will cost $3bn to rebuild.", "$3bn", 3e9, "money", "USD"),
        ("The firm lost £1.2 million last year.", "£1.2 million", 1.2e6, "money", "GBP"),
        ("Sales reached 800 mln dlrs in the quarter.", "800 mln dlrs", 8e8, "money", "USD"),
        ("The bank set aside 5bn rupees for loans.", "5bn rupees", 5e9, "money", "LKR"),
        ("Brussels offered 40 million euros in help.", "40 million euros", 4e7, "money", "EUR"),
        ("Dividends rose to 15 cts a share.", "15 cts a share", 15, "money", "USX per share"),
        ("Shares fell 68p on the day.", "68p", 68, "money", "GBX"),
        ("Unemployment fell to 12% in the spring.", "12%", 12, "percent", "percent"),
        ("Turnout was 40 per cent among the young.", "40 per cent", 40, "percent", "percent"),
        ("Output grew 4.5 pct on the year.", "4.5 pct", 4.5, "percent", "percent"),
        ("They built a 12-kilometre-wide buffer zone.", "12-kilometre-wide", 12, "measure", "km"),
        ("The barge moved 30 tonnes of rock.", "30 tonnes", 30, "measure", "tonne"),
        ("The quake measured 6.5 on the Richter scale.", "6.5 on the Richter scale", 6.5, "measure", "richter"),
        ("A 6.8-magnitude quake struck.", "6.8-magnitude", 6.8, "measure", "richter"),
        ("After six-hour talks the leaders spoke.", "six-hour", 6, "duration", "hour"),
        ("The nine-year conflict goes on.", "nine-year", 9, "duration", "year"),
        ("It ended two decades of war.", "two decades", 20, "duration", "year"),
        ("He waited half an hour outside.", "half an hour", 0.5, "duration", "hour"),
        ("The wall stands 100m tall.", "100m", 100, "measure", "m"),
        ("The flood hit 5m people in the south.", "5m", 5e6, "count", None),
        # a multiplier after a space, or as "mil", multiplies money; a spaced "m" after a count is a metre
        ("The company is worth $2 B after the deal.", "$2 B", 2e9, "money", "USD"),
        ("The club paid £45 M for the striker.", "£45 M", 4.5e7, "money", "GBP"),
        ("He was paid US$3mil for the role.", "US$3mil", 3e6, "money", "USD"),
        ("The wall is 5 m high.", "5 m", 5, "measure", "m"),
    ],
)
def test_kinds_units_and_multipliers(sentence, surface, value, kind, unit):
    got, q = one(sentence)
    assert (got, q.kind, q.unit) == (surface, kind, unit)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence,surface,qualifier,low,high",
    [
        ("The offensive displaced around 960,000 people.", "around 960,000", "approx", None, None),
        ("Nearly 100 civilians were hurt.", "Nearly 100", "approx", None, None),
        ("Some 45 km of road were closed.", "Some 45 km", "approx", None, None),
        ("A strike killed at least 15 people.", "at least 15", "at_least", 15, None),
        ("Talks lasted for more than six hours.", "more than six hours", "more_than", 6, None),
        ("Over 300 homes were lost.", "Over 300", "more_than", 300, None),
        ("Up to 30 trucks may cross.", "Up to 30", "at_most", None, 30),
        ("Fewer than 20 staff remain.", "Fewer than 20", "less_than", None, 20),
        ("The rally drew 58 marchers.", "58", "exact", 58, 58),
    ],
)
def test_qualifiers_and_bounds(sentence, surface, qualifier, low, high):
    got, q = one(sentence)
    assert (got, q.qualifier, q.low, q.high) == (surface, qualifier, low, high)


@pytest.mark.parametrize(
    "sentence,surface,value,low,high",
    [
        ("Between 10 and 20 people were hurt.", "Between 10 and 20", 10, 10, 20),
        ("Some 10-20 people were hurt.", "10-20", 10, 10, 20),
        ("Yields of 50 to 70 pct are expected.", "50 to 70 pct", 50, 50, 70),
        ("A loan of 20-30bn rupiah was agreed.", "20-30bn rupiah", 2e10, 2e10, 3e10),
        # a scale word at the end scales both ends
        ("The plant employs six to seven thousand workers.", "six to seven thousand", 6000, 6000, 7000),
        ("Between two and three hundred people gathered.", "Between two and three hundred", 200, 200, 300),
        ("Five to six hundred thousand people fled.", "Five to six hundred thousand", 5e5, 5e5, 6e5),
        ("Between 20 and 30 thousand troops massed.", "Between 20 and 30 thousand", 2e4, 2e4, 3e4),
        ("Officials said 10 to 12 people died.", "10 to 12", 10, 10, 12),
    ],
)
def test_ranges(sentence, surface, value, low, high):
    got, q = one(sentence)
    assert (got, q.qualifier) == (surface, "range")
    assert (q.value, q.low, q.high) == pytest.approx((value, low, high))


@pytest.mark.parametrize(
    "sentence,surface,value",
    [
        ("The index fell -2.4% on Monday.", "-2.4%", -2.4),
        ("The team finished on \u22123 points.", "\u22123 points", -3),  # a minus sign
        ("Temperatures stood at -12 degrees overnight.", "-12 degrees", -12),
        ("Net migration (-3,000) fell.", "-3,000", -3000),
        ("Temperatures dropped to minus 12 degrees.", "minus 12 degrees", -12),
        ("Shares were down 0.8% in early trading.", "0.8%", 0.8),  # a change word keeps the number positive
    ],
)
def test_signed_numbers(sentence, surface, value):
    got, q = one(sentence)
    assert got == surface and q.value == pytest.approx(value)


def test_up_to_without_from_bounds_one_figure():
    found = quantities("The army has up to 500 troops there.")
    assert [(q.qualifier, q.high) for q in found] == [("at_most", 500)]


def test_a_spaced_hyphen_between_numbers_is_a_range():
    got, q = one("The bridge spans 300 - 400 metres.")
    assert (got, q.qualifier, q.unit, q.low, q.high) == ("300 - 400 metres", "range", "m", 300, 400)


def test_from_to_is_two_figures_not_a_range():
    assert [q.qualifier for q in quantities("Prices rose from 5 to 7 dlrs.")] == ["exact", "exact"]


@pytest.mark.parametrize(
    "sentence,surface,value,low,high",
    [
        ("Turkey sent thousands of troops.", "thousands", 2000, 2000, 9999),
        ("Tens of thousands of people marched.", "Tens of thousands", 20000, 20000, 99999),
        ("Hundreds of thousands fled.", "Hundreds of thousands", 200000, 200000, 999999),
        ("Dozens of cars burned.", "Dozens", 24, 24, 99),
        ("Several others were injured.", "Several", 3, 3, 9),
        ("Several hundred citizens left.", "Several hundred", 300, 300, 999),
        ("A few people stayed.", "A few", 2, 2, 5),
        ("Scores of troops died.", "Scores", 40, 40, 99),
    ],
)
def test_vague_amounts(sentence, surface, value, low, high):
    got, q = one(sentence)
    assert (got, q.qualifier, q.value, q.low, q.high) == (surface, "vague", value, low, high)


def test_vague_durations():
    got, q = one("The talks lasted for several hours.")
    assert (got, q.kind, q.unit, q.qualifier) == ("several hours", "duration", "hour", "vague")


@pytest.mark.parametrize(
    "sentence,surface,value",
    [
        ("More than half of them are children.", "More than half", 0.5),
        ("Four in every five refugees have fled.", "Four in every five", 0.8),
        ("One in three voters stayed home.", "One in three", 1 / 3),
        ("Two-thirds of the budget is spent.", "Two-thirds", 2 / 3),
        ("A third of the city is dark.", "A third", 1 / 3),
    ],
)
def test_ratios(sentence, surface, value):
    got, q = one(sentence)
    assert (got, q.kind) == (surface, "ratio")
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence",
    [
        "Patrols start on March 15.",
        "Patrols start on 15 March.",
        "The ceasefire starts at midnight.",
        "The blast came at 10.30 p.m. on Sunday.",
        "The curfew begins at 2130 GMT.",
        "They patrol the M4 highway.",
        "F-16 jets flew over.",
        "The G20 met in Osaka.",
        "Covid-19 spread quickly.",
        "Under Article 5 allies must help.",
        "A 44-year-old man was arrested.",
        "He was aged 30 when he left.",
        "It was the first time since the 1990s.",
        "The second-largest party won.",
        "The 15th round ended.",
        "It happened two years ago.",
        "In the first half, sales fell.",
        "One of them was hurt.",
        "The FTSE 250 closed higher.",
        "The S&P 500 and the Nikkei 225 closed higher.",
    ],
)
def test_not_claims(sentence):
    assert [sentence[q.start : q.end] for q in quantities(sentence)] == []


def test_one_quantity_one_claim():
    found = quantities("It cost $1.3bn (£691m) and 50 to 70 pct of 10-20 people.")
    spans = [(q.start, q.end) for q in found]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert len(found) == 4


def test_years_are_left_to_the_parse():
    assert quantities("Fighting began in 1987.") == []
    (q,) = quantities("The 1987 offensive failed.")
    assert q.maybe_year
    (q,) = quantities("Fighting killed 1,987 people.")
    assert not q.maybe_year


@pytest.mark.parametrize(
    "sentence,surface,low,high,unit",
    [
        ("Prices range from $370,000 to $5.5 million.", "$370,000 to $5.5 million", 370000, 5.5e6, "USD"),
        ("It expects a fine of $3 billion to $5 billion.", "$3 billion to $5 billion", 3e9, 5e9, "USD"),
        ("Guidance was the US $89 to $93 billion it had projected.", "US $89 to $93 billion", 89e9, 93e9, "USD"),
        ("Fees range from 1 per cent to 1.5 per cent.", "1 per cent to 1.5 per cent", 1, 1.5, "percent"),
        ("Prices may rise between 5% and 6% next year.", "between 5% and 6%", 5, 6, "percent"),
        ("Temperatures dropped by 1 to 1.5 degrees Celsius.", "1 to 1.5 degrees Celsius", 1, 1.5, "celsius"),
        ("The war lasted three or four years.", "three or four years", 3, 4, "year"),
        ("Homes range from 1,200 sq ft up to 1,800 sq ft.", "1,200 sq ft up to 1,800 sq ft", 1200, 1800, "sq ft"),
        ("Each bag weighs between 20kg and 25kg.", "between 20kg and 25kg", 20, 25, "kg"),
    ],
)
def test_ranges_with_units_on_both_ends(sentence, surface, low, high, unit):
    got, q = one(sentence)
    assert (got, q.qualifier, q.unit) == (surface, "range", unit)
    assert (q.low, q.high) == pytest.approx((low, high))


@pytest.mark.parametrize(
    "sentence,values,unit",
    [
        ("Shares fell 68p to 1,112p.", [68, 1112], "GBX"),
        ("Revenue rose to $7.36 billion from $6.78 billion.", [7.36e9, 6.78e9], "USD"),
        ("Prices rose from 5 to 7 pct.", [5, 7], "percent"),
        ("The deficit increased by $43.6 billion to $419.2 billion.", [43.6e9, 419.2e9], "USD"),
    ],
)
def test_a_change_is_two_figures_with_one_unit(sentence, values, unit):
    found = quantities(sentence)
    assert [q.value for q in found] == pytest.approx(values)
    assert {q.unit for q in found} == {unit} and {q.qualifier for q in found} == {"exact"}


def test_the_level_a_range_changed_to_takes_its_unit():
    found = quantities("Mileage rose from about 14-18 mpg to 24 for SUVs.")
    assert [(q.value, q.unit) for q in found] == [(14, "mpg"), (24, "mpg")]


@pytest.mark.parametrize(
    "sentence,surface,value,unit",
    [
        ("They paid USD10m for it.", "USD10m", 1e7, "USD"),
        ("It sold for 110 JPY each.", "110 JPY", 110, "JPY"),
        ("Homes cost $US55,931,000 there.", "$US55,931,000", 55931000, "USD"),
        ("Flights cost HK $216,925 in all.", "HK $216,925", 216925, "HKD"),
        ("It was worth up to PS2.7m last year.", "PS2.7m", 2.7e6, "GBP"),
        ("Profit was Y=590 billion.", "Y=590 billion", 590e9, "JPY"),
        ("Dividends were 63 cents a share.", "63 cents a share", 63, "USX per share"),
        ("The bank was fined 7.5 million Danish crowns.", "7.5 million Danish crowns", 7.5e6, "DKK"),
        ("A ticket costs 20 Norwegian kroner.", "20 Norwegian kroner", 20, "NOK"),
    ],
)
def test_currencies_as_written(sentence, surface, value, unit):
    found = [q for q in quantities(sentence) if sentence[q.start : q.end].endswith(surface)]
    (q,) = found
    assert (q.kind, q.unit) == ("money", unit) and q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence,value,kind,unit",
    [
        ("Combined sales were 4.3M copies.", 4.3e6, "count", None),
        ("The skeleton is 37m (121ft) long.", 37, "measure", "m"),
        ("There were 4 hundred million people.", 4e8, "count", None),
        ("The false positive rate fell to .001 per cent.", 0.001, "percent", "percent"),
        ("It can dip to minus-130 degrees Fahrenheit.", -130, "measure", "fahrenheit"),
        ("The phone has 64GB of storage.", 64, "measure", "GB"),
        ("Winds reached 155mph on Wednesday.", 155, "measure", "mph"),
        ("The index ended at 1,463.78 points.", 1463.78, "measure", "point"),
        # a unit after a scale word, set apart from it
        ("The probe flew 1.8 billion miles to Jupiter.", 1.8e9, "measure", "mile"),
        ("It was a 2.8bn km journey.", 2.8e9, "measure", "km"),
        ("Farmers harvested 2 million tonnes of grain.", 2e6, "measure", "tonne"),
        # symbols: a prime for inches, case for newton metres and temperatures
        ("The guitar's neck is 25.5″ from nut to saddle.", 25.5, "measure", "in"),
        ("The engine makes 450 Nm of torque.", 450, "measure", "N·m"),
        ("The chip uses a 450 nm process.", 450, "measure", "nm"),
        ("Temperatures hit 30C on Monday.", 30, "measure", "celsius"),
        ("It was 70 F outside.", 70, "measure", "fahrenheit"),
        ("Wax melts at 12 C.", 12, "measure", "celsius"),
        # torque and brake horsepower are units of their own, not pounds sterling nor plain horsepower
        ("It has 275 pound-feet of torque.", 275, "measure", "lb-ft"),
        ("The V10 makes 640bhp.", 640, "measure", "bhp"),
        ("Vancouver hosts a 52,000 barrel-a-day refinery.", 52000, "measure", "barrel per day"),
    ],
)
def test_more_numbers_and_units(sentence, value, kind, unit):
    q = quantities(sentence)[0]
    assert (q.kind, q.unit) == (kind, unit) and q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thompson scored with 4:39 left to play.",
        "They tied at 89-89 in the final.",
        "Chelsea won 2-0 at home.",
        "Fighting began between 1600 and 1900.",
        "Tests for COVID -19 were scarce.",
    ],
)
def test_scores_clock_times_and_years_are_not_claims(sentence):
    assert [sentence[q.start : q.end] for q in quantities(sentence)] == []


@pytest.mark.parametrize(
    "sentence,surface,value",
    [
        ("Avogadro's number is 6.02×10^23.", "6.02×10^23", 6.02e23),
        ("The mass is about 1.99×10−30 kg.", "about 1.99×10−30 kg", 1.99e-30),
        ("The budget is 1.5e9 dollars.", "1.5e9 dollars", 1.5e9),
        ("Light travels 3 x 10^8 metres a second.", "3 x 10^8 metres", 3e8),
    ],
)
def test_scientific_notation(sentence, surface, value):
    found, q = one(sentence)
    assert found == surface and q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence,surface,value,unit",
    [
        # units the grammar's table lacks, from pint's registry: symbols as written, names in the singular
        ("The tyres run at 12 psi.", "12 psi", 12, "psi"),
        ("The line carries 4 kV.", "4 kV", 4, "kV"),
        ("He won by 3 furlongs.", "3 furlongs", 3, "furlong"),
        ("The plant makes 50 MW of power.", "50 MW", 50, "MW"),
        ("The phone has a 4,000 mAh battery.", "4,000 mAh", 4000, "mAh"),
        ("Winds reached 80 knots.", "80 knots", 80, "knot"),
        # South Asian numbering
        ("She paid 40 lakh rupees for the flat.", "40 lakh rupees", 4e6, "LKR"),
        ("The scheme costs 3 crore rupees.", "3 crore rupees", 3e7, "LKR"),
    ],
)
def test_units_the_table_does_not_name(sentence, surface, value, unit):
    found, q = one(sentence)
    assert (found, q.value, q.unit) == (surface, value, unit)


@pytest.mark.parametrize(
    "sentence", ["The 5 EU states agreed.", "Police arrested 5 at the scene.", "He bought 3 Tesla cars."]
)
def test_acronyms_names_and_short_words_after_a_number_are_not_units(sentence):
    assert one(sentence)[1].unit is None


@pytest.mark.parametrize(
    "sentence,surface,value",
    [
        ("He earns a 30k salary.", "30k", 30000),  # "k" before a noun of money or a plural
        ("The post drew 30k followers.", "30k", 30000),
    ],
)
def test_k_multiplies_before_money_and_plural_nouns(sentence, surface, value):
    found, q = one(sentence)
    assert (found, q.value) == (surface, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "The house at 575 Wilbraham Road sold on Monday.",  # a house number
        "Kane (9) scored twice on Saturday.",  # a shirt number
        "Unit 3 at 16-18 Industrial Avenue was let.",  # house numbers, as a range
    ],
)
def test_house_and_shirt_numbers_are_not_claims(sentence):
    assert quantities(sentence) == []


@pytest.mark.parametrize(
    "sentence,surface,unit",
    [
        ("Crude was at $58.24 per barrel.", "$58.24 per barrel", "USD per barrel"),
        ("Homes sell for about $1,100 per square foot.", "about $1,100 per square foot", "USD per sq ft"),
        ("They pay a $3500 a month mortgage.", "$3500 a month", "USD per month"),
        ("Gold was at $1,271.2 an ounce.", "$1,271.2 an ounce", "USD per ounce"),
        ("The car does 20 miles per gallon.", "20 miles per gallon", "mpg"),
        ("Seas could rise 11 feet per century.", "11 feet per century", "ft per century"),
        ("Shares were up 5pc on the day.", "5pc", "percent"),  # British press
        ("Shares were priced between $62 and $68 per share.", "between $62 and $68 per share", "USD per share"),
        # not rates
        ("Revenue rose to $7.36 billion from $6.78 billion a year earlier.", "$6.78 billion", "USD"),
        ("The grant is $40 million per the agreement.", "$40 million", "USD"),
    ],
)
def test_what_an_amount_is_per(sentence, surface, unit):
    q = next(q for q in quantities(sentence) if sentence[q.start : q.end] == surface)
    assert q.unit == unit


def test_a_sign_between_the_currency_symbol_and_the_number():
    found, q = one("The trade balance fell to $-50.8 billion in April.")
    assert (found, q.value, q.unit) == ("$-50.8 billion", -50.8e9, "USD")


@pytest.mark.parametrize(
    "sentence,surface,unit",
    [
        ("The pixels are 352 μm apart.", "352 μm", "µm"),  # Greek mu for the micro sign
        ("The flat has 32m2 of floor.", "32m2", "sq m"),
        ("The lake covers 40 km2.", "40 km2", "sq km"),
    ],
)
def test_micro_and_square_units_written_as_symbols(sentence, surface, unit):
    found, q = one(sentence)
    assert (found, q.unit) == (surface, unit)


def test_a_unit_symbol_has_a_long_name():
    from transforms.units import long_name

    assert [long_name(u) for u in ("µm", "kV", "MW", "USD")] == ["micrometre", "kilovolt", "megawatt", "USD"]
