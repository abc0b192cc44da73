"""Claims in context, with the real spaCy model: objects, events, time, place, source, exclusions."""

import pytest

from tests.conftest import claims_of


def only(nlp, text, value):
    found = [c for c in claims_of(nlp, text) if c["value"] == pytest.approx(value)]
    assert len(found) == 1, [(c["surface"], c["value"]) for c in claims_of(nlp, text)]
    return found[0]


@pytest.mark.parametrize(
    "text,value,category,obj,predicate",
    [
        ("Clashes have killed 58 Turkish troops since February.", 58, "KILL", "Turkish troops", "kill"),
        (
            "The offensive has displaced around 960,000 people since December.",
            960000,
            "DISPLACED",
            "people",
            "displace",
        ),
        ("At least 40 people were injured in the blast.", 40, "WOUND", "people", "injure"),
        ("Police arrested 12 protesters outside the embassy.", 12, "ARREST", "protesters", "arrest"),
        ("Gunmen kidnapped three aid workers on Monday.", 3, "KIDNAP", "aid workers", "kidnap"),
        ("The ministry will deploy 500 soldiers to the border.", 500, "DEPLOY", "soldiers", "deploy"),
        ("Thousands of migrants tried to cross into Greece.", 2000, "REFUGEE", "migrants", "cross"),
        ("About 20,000 people protested in the capital.", 20000, "PROTEST", "people", "protest"),
        ("The floods have affected 2 million people.", 2e6, "AFFECT", "people", "affect"),
        ("Two leaders met in Moscow.", 2, None, "leaders", "meet"),
    ],
)
def test_event_categories_and_objects(nlp, text, value, category, obj, predicate):
    c = only(nlp, text, value)
    assert (c["category"], c["object"], c["predicate"]) == (category, obj, predicate)


def test_participle_after_the_noun_gives_the_event(nlp):
    c = only(nlp, "The toll includes 33 soldiers killed last Thursday in a single airstrike.", 33)
    assert (c["category"], c["object"], c["time_text"]) == ("KILL", "soldiers", "last Thursday")


def test_money_given_as_help_is_aid(nlp):
    c = only(nlp, "Japan pledged $500m in aid to the victims.", 5e8)
    assert (c["kind"], c["unit"], c["category"]) == ("money", "USD", "AID")


def test_measure_object_is_the_noun_measured(nlp):
    c = only(nlp, "The deal sets up a 12-kilometre-wide security corridor.", 12)
    assert (c["kind"], c["unit"], c["object"]) == ("measure", "km", "security corridor")


def test_duration_object(nlp):
    c = only(nlp, "Putin announced a ceasefire after six-hour talks.", 6)
    assert (c["kind"], c["unit"], c["object"]) == ("duration", "hour", "talks")


def test_a_source_is_not_the_dateline(nlp):
    c = only(nlp, "OSTEND, Belgium - Officials said a ferry with 140 passengers sank on Friday.", 140)
    assert (c["attributed_to"], c["place"]) == ("Officials", "OSTEND, Belgium")


def test_time_place_and_source(nlp):
    text = "An air strike on a village in Idlib killed at least 15 people, according to opposition activists."
    c = only(nlp, text, 15)
    assert (c["qualifier"], c["place"], c["attributed_to"]) == ("at_least", "Idlib", "opposition activists")
    c = only(nlp, "Activists said several others were injured.", 3)
    assert (c["category"], c["attributed_to"]) == ("WOUND", "Activists")


@pytest.mark.parametrize(
    "text,value,when",
    [
        # the time of the clause the figure is in, not of a clause around it or beside it
        ("The police station was bombed last October after a mob lynched two soldiers there.", 2, None),
        ("Late on Wednesday, after the ambush which killed 10 settlers, the army struck the town.", 10, None),
        ("Tehran radio said today that the offensive had killed 300 troops.", 300, None),
        # ... which may be a clause under it, or a participle
        ("A policeman was killed and 70 were injured when a bomb exploded this morning.", 70, "this morning"),
        ("On Monday a bomb exploded in a crowded market, killing 25 people.", 25, "On Monday"),
        # a period that is a figure of its own still scopes the figure
        ("Nearly 100 civilians have been killed in three nights of air raids.", 100, "in three nights"),
        ("The unit has lost some 2,400 lives in the past three years.", 2400, "in the past three years"),
        # a time adverb of the verb that carries the event
        ("So far, more than 100,000 people are believed to have been killed.", 100000, "So far"),
        # ... or of the verb the event is a participle of, or of the figure itself
        ("Earlier, gunmen fired on a bus in the north, wounding 14 passengers.", 14, "Earlier"),
        ("The toll rose from a previously reported 32 as rescuers reached the valley.", 32, "previously"),
        # a period whose phrase holds the claim's clause; the date of the noun a relative clause tells of
        (
            "The town has been at the centre of five years of fighting that has killed 9,000 people.",
            9000,
            "of five years",
        ),
        ("Troops struck back after weekend raids which left 17 soldiers dead.", 17, "weekend"),
        # what the speaker said, not when they said it
        ("State radio reported last night that rebels were holding 40 villages.", 40, None),
        ("About 200 miners were underground at the time of the blast.", 200, "at the time of the blast"),
        ("Officials said the first night of shelling left 35 civilians dead.", 35, "the first night"),
        ("Officials said the first night of shelling left 35 civilians dead and 150 wounded.", 150, "the first night"),
        # a time of a clause under the figure's that reports a figure of its own is that figure's
        ("Regulators closed two banks, making a total of 40 failures so far this year.", 2, None),
        ("Regulators closed two banks, making a total of 40 failures so far this year.", 40, "this year"),
        # the day a "when" clause holding the figure tells of
        (
            "It was the worst loss since January 2, when rebels overran the garrison with the loss of 700 troops.",
            700,
            "January 2",
        ),
        ("Rebels had earlier killed 12 guards, while a bomb hit the port at the same time.", 12, "earlier"),
        ("Officials had earlier said the toll was 12.", 12, None),
        # the date of a relative clause that tells of what the figure counts
        ("The film looks at the 15 explosions which rocked Mumbai on 12 March 1993.", 15, "on 12 March 1993"),
        ("Crowds buried one of two gunmen who shot a settler dead on Sunday.", 2, "on Sunday"),
        # a time adverb of the figure's own verb, before a date of the clause beside it
        ("We had an update since this morning, and the number of soldiers killed is now three.", 3, "now"),
    ],
)
def test_the_time_of_a_figure_is_the_time_of_its_clause(nlp, text, value, when):
    assert only(nlp, text, value)["time_text"] == when


@pytest.mark.parametrize(
    "text,value,category",
    [
        ("Police shot dead 12 protesters in the square.", 12, "KILL"),
        ("Soldiers shot 12 protesters in the square.", 12, "WOUND"),
        ("A 3,000-strong brigade crossed the border at dawn.", 3000, "DEPLOY"),
        ("The 600-strong force will leave in May.", 600, "DEPLOY"),
        ("Rebels abducted 25 schoolgirls on Tuesday.", 25, "KIDNAP"),
        # arrests of people named by what they are
        ("Security forces have detained 160 suspects.", 160, "ARREST"),
        ("Police detained 12 dissidents and 30 insurgents.", 12, "ARREST"),
        # "the number of X killed is N" tells of killing
        ("The number of US soldiers killed is now three.", 3, "KILL"),
        # who blew themselves up died; what was blown up is no toll
        ("Two suicide bombers blew themselves up at the gate.", 2, "KILL"),
        ("Rebels blew up two bridges.", 2, None),
        # a toll of people is KILL, a "toll" of failures is not
        ("Two bank failures raised the year's toll to 10.", 2, None),
        ("The death toll rose to 40.", 40, "KILL"),
        # what did not happen to them is no event of theirs
        ("The 40 passengers were not hurt.", 40, None),
        ("Police confronted 3,000 supporters, who said their leader would not be arrested.", 3000, None),
        ("Two people were killed and 40 were not injured.", 2, "KILL"),
        # a word of a name tells no event; bodies of things, or bodies of people in the sense of groups, are no dead
        ("Underwriter Merrill Lynch and Co said 1,216,700 common shares were offered.", 1216700, None),
        ("Texas Air will switch six of Eastern's wide-body jets to Continental.", 6, None),
        ("American will buy 15 wide-bodies from Boeing.", 15, None),
        ("The institute is one of five leading economic research bodies in West Germany.", 5, None),
        ("Rescuers recovered 12 charred bodies from the wreckage.", 12, "KILL"),
        ("A mob tried to lynch three suspects.", 3, "KILL"),
        # a month is no march, a rally of exports or a protest about redundancies no protesters
        ("March revenue passenger miles rose to 225.9 mln from 215.6 mln.", 225900000, None),
        ("Gulf exports rallied in the fourth week to 1.2 mln bpd.", 1200000, None),
        ("The dispute began in protest at employers' plans for 800 redundancies.", 800, None),
        ("Thousands rallied in the square.", 2000, "PROTEST"),
        ("Some 5,000 people marched through the capital on Sunday.", 5000, "PROTEST"),
        # a helicopter shot down is no one wounded; employees a bank needs are in no need
        ("Witnesses said one helicopter was shot down by anti-aircraft fire.", 1, None),
        ("Rebels shot down two helicopters and wounded 12 soldiers.", 12, "WOUND"),
        ("Two friends were shot in his hometown in October.", 2, "WOUND"),
        ("The bank needed at least 800 employees to keep up its work.", 800, None),
        ("Aid agencies say two million people need food aid.", 2000000, "AFFECT"),
        ("After needing five sets in the final, he pulled out of the next tournament.", 5, None),
        ("The drought has left three million people in need.", 3000000, "AFFECT"),
        ("The flood left 5,000 people needing help.", 5000, "AFFECT"),
        # what the counted did to others, told in a relative clause, did not happen to them
        ("Three gunmen who killed 20 people were arrested.", 3, "ARREST"),
        ("He was one of two gunmen who shot a settler dead before being killed by soldiers.", 2, "KILL"),
        ("Two gunmen who attacked a bus and were later shot dead were buried.", 2, "KILL"),
        ("Tanks and two jeeps entered 400 metres into the town.", 2, "DEPLOY"),
        # things whose names end like people's are no toll
        ("The chain took a 20 mln dlr loss from the disposal of 21 company-owned restaurants.", 21, None),
        ("Laws followed a fire at one cafe that killed 25 people.", 1, None),
        ("The 25 people who died in the blast were buried on Sunday.", 25, "KILL"),
        # "freezing" weather is no aid freeze
        ("Freezing temperatures took crude oil prices past $50 a barrel.", 50, None),
        ("Creditors agreed to freeze $2 billion of debt repayments.", 2e9, "AID"),
        # words of two senses: the one of the event only
        ("Exporters have had several rounds of talks with 12 steel mills.", 12, None),
        ("Police rounded up 300 suspects.", 300, "ARREST"),
        ("More than 75 militants were rounded after the leadership vowed a crackdown.", 75, "ARREST"),
        ("Rounding out the top five was a festive comedy.", 5, None),
        ("Police questioned one man who later killed himself.", 1, "KILL"),
        ("The company executed two licenses to operate stores.", 2, None),
        ("Iran executed 12 prisoners on Monday.", 12, "KILL"),
        ("Syria halted the battles at two refugee camps.", 2, None),
        ("About 40,000 refugee families crossed the border.", 40000, "REFUGEE"),
        ("The firm will provide half the financing needed to finish 12 plants.", 12, None),
        ("The army sent 300 to the front.", 300, "DEPLOY"),
        ("Qantas placed an order with Boeing for four aircraft.", 4, None),
        ("The army placed 2,000 troops on alert.", 2000, "DEPLOY"),
        ("The fire has killed one miner and sent 17 to hospital.", 17, "WOUND"),
        ("A rally had sent the index to a new high of 306.10.", 306.1, None),
        ("Some 5,000 joined the rally.", 5000, "PROTEST"),
        ("About 5,000 people took part in a demonstration in the capital.", 5000, "PROTEST"),
        ("Some 300 companies took part in the fair.", 300, None),
        ("Gunmen kidnapped 12 kids from the school.", 12, "KIDNAP"),
        ("Police arrested 40 fans after the match.", 40, "ARREST"),
        ("The 8,000 fans at the ceremony were treated to performances from two bands.", 8000, None),
        ("Doctors treated 30 people for burns.", 30, "WOUND"),
    ],
)
def test_a_killing_and_the_size_of_a_force_are_told_by_their_words(nlp, text, value, category):
    assert only(nlp, text, value)["category"] == category


def test_a_place_before_an_event_noun_is_where_it_happened_a_place_before_a_force_is_not(nlp):
    assert only(nlp, "The Baghdad bombing killed 25 people.", 25)["place"] == "Baghdad"
    assert only(nlp, "US troops killed 12 fighters on Monday.", 12)["place"] is None


@pytest.mark.parametrize(
    "text,value,where",
    [
        # places the small model reads as names of people or organisations, told by how the sentence uses them
        ("Floods destroyed 300 homes in Sankar Dobi, officials said.", 300, "Sankar Dobi"),
        ("Relief for Kivu province will cost $40 million.", 4e7, "Kivu province"),
        ("Troops pushed 2 km into Ugandan territory on Friday.", 2, "Ugandan territory"),
        ("A blast in the hill village of Marpo wounded 14 people.", 14, "Marpo"),
        # where people come from is not where the figure is
        ("Police said 11 of the men were from Chad.", 11, None),
        ("Some 40 fighters from Chechnya were captured near Kabul.", 40, "Kabul"),
        ("The ministry asked four countries, including France, for help.", 4, None),
        # the point a distance is measured from is not where it is; a place a distance locates is
        ("The epicentre was off Miyagi prefecture, some 300 km north of Tokyo.", 300, "Miyagi prefecture"),
        ("Rebels killed 14 villagers 40 km north of Goma.", 14, "Goma"),
        # an institution after "in" is not a place
        ("The bill passed by 12 votes in Congress.", 12, None),
        # the smaller place of "X in Y", unless X is a building
        ("The toll in Bajor in North Waziristan rose to 23.", 23, "Bajor"),
        ("A bomb outside the Grand Hotel in west Amman injured nine people.", 9, "west Amman"),
        # the claim's own clause before another's: the BBC was in London, the heights were not
        ("IRNA, monitored by the BBC in London, said troops had seized nine villages near Basra.", 9, "Basra"),
        # where the source is, or speaks, is not where its figure is; what a relative clause tells of the source is
        ("The statement issued by Chad's Paris embassy said troops crossed 45 km of desert.", 45, None),
        ("Wen Wei Po, a Hong Kong daily, said some provinces had no rain for seven months.", 7, None),
        ("The agency quoted a commander in the village of Haj Omran as saying nine attacks failed.", 9, None),
        (
            "Zaman, who directs operations in Nangarhar province, said the raids left 80 civilians dead.",
            80,
            "Nangarhar province",
        ),
        # a wire story's dateline when the sentence locates the figure nowhere else
        ("OSTEND, Belgium - A ferry with 140 passengers sank on Friday.", 140, "OSTEND, Belgium"),
        # a common noun of place
        ("Some 15,000 people across the region were left homeless.", 15000, "the region"),
    ],
)
def test_the_place_of_a_figure(nlp, text, value, where):
    assert only(nlp, text, value)["place"] == where


@pytest.mark.parametrize(
    "text,value,obj",
    [
        ("The UN requested $50 million in relief funds.", 5e7, "relief funds"),
        ("Donors pledged $2bn in aid for the survivors.", 2e9, "aid"),
        ("The government set aside $3 million for reconstruction.", 3e6, "reconstruction"),
        ("The richest tenth hold 20% of national income.", 20, "national income"),
        ("Losses caused by the floods reached $2bn.", 2e9, "Losses"),
        ("Export earnings fell 12% in the quarter.", 12, "Export earnings"),
        # who asks for, holds or raises an amount is not what it is of
        ("The island state is asking for about $320m from the IMF.", 3.2e8, None),
        ("The charity raised $40 million last year.", 4e7, None),
        # a verb coordinated with another shares its subject
        ("The estimate of rebuilding costs was revised and was now $2bn.", 2e9, "estimate of rebuilding costs"),
        # an amount's container noun with what it is of
        ("The cost of rebuilding the bridge was $3 million.", 3e6, "cost of rebuilding the bridge"),
        ("The share of national income held by the top tenth was 20%.", 20, "share of national income"),
        # what English names by its construction: a distance, a cost, a sentence, the number of something
        ("Troops destroyed a column some 45 km from the Libyan base.", 45, "distance from Libyan base"),
        ("The epicentre was under the sea, some 240 km north of Tokyo.", 240, "distance from Tokyo"),
        ("The blast could be heard several kilometers away.", 3, "distance"),
        ("The blast could be heard 5 kilometers (3 miles) away.", 5, "distance"),
        ("The storm will cost the island $1.3bn.", 1.3e9, "cost"),
        ("A court jailed the former minister for 11 years.", 11, "prison sentence"),
        ("The number of US soldiers killed is now three.", 3, "US soldiers"),
        ("A 3,000-strong brigade crossed the river.", 3000, "brigade"),
        ("The party holds three posts in the 30-member cabinet.", 30, "cabinet members"),
        # a number of its own makes another object
        ("Three US troops and five members of the militia were killed.", 3, "US troops"),
    ],
)
def test_the_object_of_money_and_percentages_is_what_the_amount_is_of_or_for(nlp, text, value, obj):
    assert only(nlp, text, value)["object"] == obj


def test_capital_headlines_are_read(nlp):
    c = only(nlp, "REBEL AMBUSH KILLS 18 SOLDIERS IN PHILIPPINES\n\nThe army said so.", 18)
    assert (c["category"], c["object"], c["surface"]) == ("KILL", "SOLDIERS", "18")


@pytest.mark.parametrize(
    "text",
    [
        "Walid Saadi, 53, was killed in the raid.",
        "The conductor of La Fenice has died in Germany at 50.",
        "Fighting began in 1987 and ended later.",
        "The ceasefire starts at midnight on March 15.",
        "Shipments of cars from Kenosha began March nine.",
        "Patrols along the M4 highway start soon.",
    ],
)
def test_years_ages_dates_and_identifiers_are_not_claims(nlp, text):
    assert claims_of(nlp, text) == []


def test_a_year_used_as_a_count_is_kept(nlp):
    assert only(nlp, "The storm killed 2000 people.", 2000)["category"] == "KILL"


def test_related_story_lines_are_not_claims(nlp):
    text = "Talks end in Moscow\nThe leaders met for talks.\nClashes leave 12 dead on the border\nThey spoke later."
    assert [c["value"] for c in claims_of(nlp, text)] == []


def test_claim_ids_are_deterministic_and_spans_point_into_the_text(nlp):
    from tests.conftest import analysed

    text = "Headline\nA blast killed 15 people and hurt 30 more."
    a, b = claims_of(nlp, text), claims_of(nlp, text)
    assert [c["claim_id"] for c in a] == [c["claim_id"] for c in b]
    rows = analysed(nlp, text)
    doc_text = "Headline\n\nA blast killed 15 people and hurt 30 more."
    for c in rows["claims"]:
        assert doc_text[c["start_char"] : c["end_char"]] == c["surface"]
    for s in rows["sentences"]:
        assert doc_text[s["start_char"] : s["end_char"]] == s["text"]


@pytest.mark.parametrize(
    "text",
    [
        "The base iPhone 11 has little storage.",
        "Markets rallied, the FTSE 100 in particular.",
        "Senard, 65, now faces the task.",
        "It opened at 575 Wilbraham Road last year.",
        "Bell joins the squad for the rest of the RBS Six Nations after an injury.",
        "He drove in Formula One for a decade before he retired.",
        "She played for a Big Ten school in the Midwest.",
        "Finance ministers of the Group of Seven agreed on the need to stabilise currencies.",
    ],
)
def test_numbers_in_names_and_ages_are_not_claims(nlp, text):
    assert [c["surface"] for c in claims_of(nlp, text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "The storm killed Six people in the town.",
        "Floods Kill Six People In Assam",
        'He said: "Two Americans died in the blast."',
        "Two Americans died in the blast on Monday.",
    ],
)
def test_capitalised_number_words_that_count_are_kept(nlp, text):
    assert len(claims_of(nlp, text)) == 1


@pytest.mark.parametrize(
    "text,value,kind,unit",
    [
        ("The defense gave up 517 rushing yards.", 517, "measure", "yd"),
        ("Protests went on for three consecutive days.", 3, "duration", "day"),
        ("Launch angles averaged 2.1 last year.", 2.1, "count", None),  # a time, not a number of years
    ],
)
def test_a_count_of_a_unit_noun_is_a_measure(nlp, text, value, kind, unit):
    c = only(nlp, text, value)
    assert (c["kind"], c["unit"]) == (kind, unit)


@pytest.mark.parametrize(
    "text,value,obj",
    [
        ("As many as 14 first-team players left the club.", 14, "first-team players"),
        ("With a total of five profile slots you can switch users.", 5, "profile slots"),
        ("A maximum of 12 players can join a team.", 12, "players"),
    ],
)
def test_an_object_keeps_its_hyphens_and_leaves_out_the_words_about_its_number(nlp, text, value, obj):
    assert only(nlp, text, value)["object"] == obj


def test_numbers_that_look_like_dates_to_the_model_are_kept(nlp):
    text = "Texas had the most strikes at 2483805 while the index ended at 1,334.20 on the day."
    assert {c["value"] for c in claims_of(nlp, text)} >= {2483805, 1334.2}


def test_bracketed_conversions_keep_the_reading_of_their_amount(nlp):
    text = "Indonesia expects debt repayments of up to 30 trillion rupiah ($3.2bn; £1.7bn) to be frozen."
    rows = claims_of(nlp, text)
    assert [(c["unit"], c["qualifier"]) for c in rows] == [("IDR", "at_most"), ("USD", "at_most"), ("GBP", "at_most")]
    assert len({c["object"] for c in rows}) == 1


def test_bare_counts_borrow_the_object_of_their_neighbour(nlp):
    (killed, hurt) = claims_of(nlp, "The blast killed 45 workers and injured 185, officials said.")
    assert (killed["object"], killed["category"]) == ("workers", "KILL")
    assert (hurt["object"], hurt["category"]) == ("workers", "WOUND")


@pytest.mark.parametrize(
    "text,value,category",
    [
        ("Some 150,000 people are feared to be dead.", 150000, "KILL"),
        ("The toll includes 865 Palestinians, the ministry said.", 865, "KILL"),
        ("Scores of Syrian troops marched into the camp.", 40, "DEPLOY"),
        ("Rebels captured several Iraqi defence posts.", 3, None),
        ("The court jailed him for 11 years.", 11, "ARREST"),
        ("The attack claimed some 2,400 lives.", 2400, "KILL"),
        ("Seven people were treated for minor injuries.", 7, "WOUND"),
        ("Israeli troops shot eight children near the border, killing one.", 1, "KILL"),
    ],
)
def test_more_event_categories(nlp, text, value, category):
    assert only(nlp, text, value)["category"] == category


def test_one_as_a_determiner_is_not_a_count(nlp):
    assert claims_of(nlp, "One side-effect of the disaster is a stronger rupee.") == []
    assert claims_of(nlp, "We're the number one side at the moment.") == []


def test_a_conversion_after_a_left_out_number(nlp):
    rows = claims_of(nlp, "The cuts will result in a one-off charge of 790m euros ($1.1bn).")
    assert [(c["unit"], c["value"]) for c in rows] == [("EUR", 790e6), ("USD", 1.1e9)]


def test_some_and_a_four_digit_count_is_no_year(nlp):
    assert only(nlp, "Some 1200 arrived on Monday.", 1200)["qualifier"] == "approx"


@pytest.mark.parametrize(
    "text,value,direction",
    [
        # the size of a change, by a verb, an adverb, a preposition or a noun of change
        ("Exports to Japan dropped 7% in May.", 7, "down"),
        ("The contract was up 19 cents on the day.", 19, "up"),
        ("The index closed 2% lower.", 2, "down"),
        ("The DAX increased by 2 percent.", 2, "up"),
        ("Prices saw a 3 percent drop.", 3, "down"),
        ("They announced an increase of 20% in fees.", 20, "up"),
        # the level a change reached or left
        ("Exports dropped 7% to $2.3 billion.", 2.3e9, "down"),
        ("Bitcoin plummeted from $36,040 overnight.", 36040, "down"),
        ("The death toll rose to 23.", 23, "up"),
        # no change: a toll, a loss of money, a figure of another verb
        ("The army lost 700 troops in the battle.", 700, None),
        ("The company made a loss of $2 million.", 2e6, None),
        ("He gained control of 3 towns.", 3, None),
        ("The bomb killed 58 soldiers.", 58, None),
    ],
)
def test_a_change_and_its_direction(nlp, text, value, direction):
    assert only(nlp, text, value)["direction"] == direction


def test_one_as_the_number_of_a_noun_is_a_count(nlp):
    assert only(nlp, "The plant has one reactor and two turbines.", 1)["object"] == "reactor"
    assert [c["value"] for c in claims_of(nlp, "One of them said the talks were over.")] == []
