"""Figure series on real flow runs over articles written for the rules of ../shared/gold/SERIES.md."""

from __future__ import annotations

import json

import pytest

from warehouse import Warehouse

# An earthquake's toll restated and rising over a week, two bombings in one country in one week, and a battle's
# toll given by both sides.
FIRST = [
    {
        "id": "quake-1",
        "published": "2023-02-06T09:00:00Z",
        "title": "Earthquake kills at least 12 in eastern Turkey",
        "text": "An earthquake struck the city of Van in eastern Turkey on Monday, killing at least 12 people, "
        "the disaster agency said. Rescue teams searched collapsed buildings across the city.",
    },
    {
        "id": "quake-2",
        "published": "Tue, 07 Feb 2023 10:30:00 +0000",
        "title": "Van earthquake toll rises to 200",
        "text": "The death toll from the earthquake that hit Van in eastern Turkey on Monday rose to 200, "
        "the disaster agency said. Rescuers pulled survivors from collapsed buildings.",
    },
    {
        "id": "bomb-peshawar",
        "published": "2023-03-07",
        "title": "Market bombing in Peshawar",
        "text": "A car bomb exploded at a crowded market in Peshawar on Tuesday, killing 25 people, police said.",
    },
    {
        "id": "bomb-quetta",
        "published": "March 9, 2023",
        "title": "Mosque attack in Quetta",
        "text": "A suicide bomber blew himself up inside a mosque in Quetta on Thursday, killing 40 worshippers, "
        "officials said.",
    },
    {
        "id": "battle-army",
        "published": "2023-04-04",
        "title": "Army claims victory at Marib",
        "text": "The army said its troops killed 3,000 rebel fighters in the battle for Marib on Monday.",
    },
    {
        "id": "battle-rebels",
        "published": "2023-04-05",
        "title": "Rebels deny heavy losses at Marib",
        "text": "The rebels said only 200 of their fighters were killed in the battle for Marib on Monday.",
    },
    {
        "id": "ambush",
        "published": "2023-06-05",
        "title": "Ten settlers killed in ambush near Nablus",
        "text": "Gunmen killed 10 settlers in an ambush on a bus near Nablus on Sunday, the army said.",
    },
    {
        "id": "blast-1",
        "published": "2023-05-06T08:00:00Z",
        "title": "Bomb hits cadet academy in Baguio",
        "text": "A bomb exploded at the cadet academy in Baguio on Saturday, killing at least one person and wounding "
        "about 40, hospital officials said.",
    },
]
# A later report raises the toll; an undated one restates it; the academy bombing's toll moves, told beside the
# same count of wounded.
SECOND = [
    {
        "id": "quake-3",
        "published": "2023-02-09T08:00:00Z",
        "title": "Van earthquake toll reaches 700",
        "text": "The earthquake that struck Van in eastern Turkey on Monday killed 700 people, the disaster "
        "agency said on Thursday. Thousands of buildings collapsed in the city.",
    },
    {
        "id": "council",
        "published": "n/a",  # no date: published_at stays empty and the run counts it, never a reject
        "title": "Council meets",
        "text": "The city council met to discuss the budget.",
    },
    {
        "id": "quake-undated",
        "title": "Survivors of the Van earthquake",
        "text": "Survivors of the Van earthquake in eastern Turkey, which killed 200 people, slept in tents.",
    },
    {
        "id": "bombings",
        "published": "2023-06-06",
        "title": "25 settlers killed in bombings near Nablus",
        "text": "Suicide bombers killed 25 settlers in a wave of bombings near Nablus on Sunday, the army said.",
    },
    {
        "id": "blast-2",
        "published": "2023-05-10T08:00:00Z",
        "title": "President says academy blast was aimed at her",
        "text": "Four people died and 40 were injured in the bombing of the cadet academy in Baguio, which the "
        "president said was an attempt on her life.",
    },
]


def feed(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def series_of(wh: Warehouse, doc_key: str) -> set[str]:
    """The series of the KILL claims of one record."""
    return {
        s
        for (s,) in wh.rows(
            "SELECT DISTINCT series_id FROM figures WHERE category = 'KILL' AND source LIKE '%#' || ?", [doc_key]
        )
    }


def partition(wh: Warehouse) -> set[frozenset]:
    """The grouping of claims into series, as sets of (source, start_char): what does not depend on ids."""
    groups: dict[str, set] = {}
    for sid, source, start in wh.rows("SELECT series_id, source, start_char FROM figures"):
        groups.setdefault(sid, set()).add((source.rsplit("#", 1)[-1], start))
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def runs(prefect_server, tmp_path_factory):
    """A warehouse after a run over FIRST, then a run over SECOND; the series table after each."""
    from flows.pipeline import newstally

    folder = tmp_path_factory.mktemp("series")
    warehouse = folder / "wh"
    newstally(sources=[feed(folder / "first.jsonl", FIRST)], warehouse=str(warehouse))
    wh = Warehouse(warehouse)
    after_first = wh.query("SELECT * FROM series ORDER BY series_id")
    second = newstally(sources=[feed(folder / "second.jsonl", SECOND)], warehouse=str(warehouse))
    return wh, folder, after_first, second


def quake(wh: Warehouse) -> dict:
    (sid,) = series_of(wh, "quake-1")
    return wh.query("SELECT * FROM series WHERE series_id = ?", [sid]).iloc[0].to_dict()


def test_a_restated_toll_joins_one_series(runs):
    wh, *_ = runs
    assert series_of(wh, "quake-1") == series_of(wh, "quake-2") == series_of(wh, "quake-3")
    found = quake(wh)
    assert found["category"] == "KILL" and found["country"] == "TR"
    assert found["n_documents"] == 4 and found["n_claims"] >= 6  # headlines are reports too


def test_a_rising_toll_moves_latest_and_max(runs):
    wh, _, after_first, second = runs
    found = quake(wh)
    before = after_first.set_index("series_id").loc[found["series_id"]]
    assert (before["latest_value"], before["max_value"]) == (200, 200)
    assert (found["latest_value"], found["max_value"], found["min_value"]) == (700, 700, 12)
    assert found["latest_qualifier"] == "exact"
    assert found["conservative_value"] == 700  # the lowest figure of the last day that reported it
    assert found["bound_low"] == 12
    assert str(found["first_published"].date()) == "2023-02-06"
    assert str(found["last_published"].date()) == "2023-02-09"
    assert str(found["event_date"]) == "2023-02-06"  # "on Monday", resolved against the publication date
    assert second["series_joined"] >= 2


def test_an_undated_article_still_joins_by_content(runs):
    wh, *_ = runs
    assert series_of(wh, "quake-undated") == series_of(wh, "quake-1")


def test_a_publication_date_that_names_no_date_is_counted_not_rejected(runs):
    wh, _, _, second = runs
    assert second["documents_undated"] == 1 and second["documents_rejected"] == 0
    assert wh.rows("SELECT published, published_at FROM documents WHERE source LIKE '%#council'") == [("n/a", None)]
    assert wh.rows("SELECT count(*) FROM documents WHERE published IS NOT NULL AND published_at IS NULL") == [(1,)]


def test_two_bombings_in_one_week_stay_apart(runs):
    wh, *_ = runs
    peshawar, quetta = series_of(wh, "bomb-peshawar"), series_of(wh, "bomb-quetta")
    assert len(peshawar) == len(quetta) == 1 and peshawar != quetta
    assert wh.rows("SELECT DISTINCT country FROM figures WHERE series_id IN (?, ?)", [*peshawar, *quetta]) == [("PK",)]


def test_a_later_run_s_toll_of_another_kind_of_event_stays_apart(runs):
    """Told in the same words, at the same place and day, a bombing's toll is no report of an ambush's: what the
    first run's series names beside its figures is kept for the next run to see."""
    wh, *_ = runs
    ambush, bombings = series_of(wh, "ambush"), series_of(wh, "bombings")
    assert len(ambush) == len(bombings) == 1 and ambush != bombings


def test_opposing_sides_figures_join_with_their_own_attribution(runs):
    wh, *_ = runs
    army, rebels = series_of(wh, "battle-army"), series_of(wh, "battle-rebels")
    assert army == rebels
    (sid,) = army
    timeline = wh.query("SELECT value, attributed_to FROM series_timeline WHERE series_id = ? ORDER BY value", [sid])
    assert timeline["value"].tolist() == [200, 3000]
    assert all(timeline["attributed_to"].notna())
    assert wh.rows("SELECT max_value, min_value FROM series WHERE series_id = ?", [sid]) == [(3000.0, 200.0)]


def test_a_figure_reported_with_another_follows_its_pair_in_a_later_run(runs):
    """The four dead of a later run's article join the first run's one: the 40 wounded told beside them both are
    one series."""
    wh, *_ = runs
    assert series_of(wh, "blast-1") == series_of(wh, "blast-2")
    ((latest, high),) = wh.rows(
        "SELECT latest_value, max_value FROM series WHERE series_id IN (SELECT series_id FROM figures "
        "WHERE category = 'KILL' AND source LIKE '%#blast-1')"
    )
    assert (latest, high) == (4, 4)


def test_every_claim_is_in_exactly_one_series(runs):
    wh, *_ = runs
    ((claims, members, distinct),) = wh.rows(
        "SELECT (SELECT count(*) FROM claims), count(*), count(DISTINCT claim_id) FROM series_claims"
    )
    assert claims == members == distinct
    assert wh.check(repair=False).problems == []


def test_a_rerun_changes_no_series(runs):
    from flows.pipeline import newstally

    wh, folder, *_ = runs
    before = wh.query("SELECT * EXCLUDE (updated_at) FROM series ORDER BY series_id")
    for name in ("first.jsonl", "second.jsonl"):
        newstally(sources=[str(folder / name)], warehouse=str(wh.folder))
    after = wh.query("SELECT * EXCLUDE (updated_at) FROM series ORDER BY series_id")
    assert before.equals(after)


def test_the_names_each_series_is_found_by_are_indexed_and_rebuilt_by_the_upgrade_that_adds_them(runs, tmp_path):
    import shutil

    import duckdb

    wh, *_ = runs
    names = wh.rows("SELECT series_id, term FROM series_terms ORDER BY ALL")
    assert {"e:marib", "c:marib", "e:peshawar"} <= {t for _, t in names} and not any(
        t.startswith("w:") for _, t in names
    )
    assert names == sorted(
        (sid, t)
        for sid, terms in wh.rows("SELECT series_id, terms FROM series")
        for t in terms.split("\n")
        if t[:2] in ("e:", "c:")
    )
    copy = tmp_path / "v4"
    shutil.copytree(wh.folder, copy)
    con = duckdb.connect(str(copy / "newstally.duckdb"))
    con.execute("DROP TABLE series_terms")
    con.execute("UPDATE schema_history SET version = 4")  # as a warehouse made before the table
    con.close()
    upgraded = Warehouse(copy)
    assert upgraded.migrate()[0] == "upgraded to schema version 5: series_terms"
    assert upgraded.rows("SELECT series_id, term FROM series_terms ORDER BY ALL") == names
    assert upgraded.check().problems == []


def test_reanalysed_documents_leave_no_stale_member(runs, tmp_path):
    """--full-refresh analyses every document again, as a new extractor version does: memberships are made anew."""
    import shutil

    from flows.pipeline import newstally

    wh, folder, *_ = runs
    copy = tmp_path / "wh"
    shutil.copytree(wh.folder, copy)
    again = Warehouse(copy)
    before = partition(again)
    newstally(
        sources=[str(folder / "first.jsonl"), str(folder / "second.jsonl")], warehouse=str(copy), full_refresh=True
    )
    assert again.check(repair=False).problems == []
    ((stale,),) = again.rows(
        "SELECT count(*) FROM series s WHERE n_claims <> (SELECT count(*) FROM series_claims c WHERE c.series_id = s.series_id)"
    )
    assert stale == 0
    assert len(partition(again)) == len(before)


def test_a_run_stopped_after_a_batch_then_rerun_gives_the_series_of_a_clean_run(prefect_server, tmp_path):
    """A batch's claims join their series in the transaction that loads the batch, so a run killed at any moment
    leaves whole batches with their series, or nothing of a batch. Here the first run stops after its first
    batch (its input is that batch); the next run over everything must group as one clean run does."""
    from flows.pipeline import newstally

    every = feed(tmp_path / "all.jsonl", FIRST + SECOND)
    clean = tmp_path / "clean"
    newstally(sources=[every], warehouse=str(clean), batch_size=3)
    stopped = tmp_path / "stopped"
    first_batch = feed(tmp_path / "part.jsonl", FIRST[:3])
    newstally(sources=[first_batch], warehouse=str(stopped), batch_size=3)
    assert Warehouse(stopped).rows("SELECT count(*) FROM documents") == [(3,)]
    newstally(sources=[every], warehouse=str(stopped), batch_size=3)
    assert partition(Warehouse(stopped)) == partition(Warehouse(clean))
    keep = "SELECT label, n_claims, latest_value, max_value FROM series ORDER BY ALL"
    assert Warehouse(stopped).rows(keep) == Warehouse(clean).rows(keep)


def test_the_command_line_lists_series_and_shows_one(runs):
    import subprocess
    import sys

    wh, *_ = runs
    cli = [sys.executable, "-m", "flows.cli", "series", "-w", str(wh.folder)]
    listed = subprocess.run(
        [*cli, "--category", "kill", "--min-reports", "2", "--format", "json"], capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows[0]["reports"] >= 6 and rows[0]["latest_value"] == 700  # the quake, with the most reports first
    assert all(r["reports"] >= 2 for r in rows)
    shown = subprocess.run([*cli, rows[0]["series_id"][:8]], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "Van earthquake toll reaches 700" in shown.stdout and shown.stdout.index("12") < shown.stdout.index("700")
    missing = subprocess.run([*cli, "ffffffffff"], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.startswith("newstally: error: ")


def _report(claim_id, doc_id, category, value, sentence, day="2023-05-02"):
    from datetime import date

    from transforms.series import Report, event_terms

    when = date.fromisoformat(day)
    terms = event_terms(sentence, ["Lombok"], ["Lombok"])
    return Report(claim_id, doc_id, category, "count", None, value, when, when, "ID", terms)


def _grouping(reports):
    from transforms.series import grouped

    assigned, _ = grouped(reports, [], {})
    return {claim: series for claim, series, _ in assigned}


def test_a_figure_the_extractor_gave_no_event_type_joins_the_series_it_restates():
    series = _grouping(
        [
            _report("a", "d1", "KILL", 40, "The ferry that sank off Lombok on Monday drowned 40 passengers."),
            _report("b", "d2", None, 52, "The ferry that sank off Lombok on Monday: passengers lost now number 52."),
        ]
    )
    assert series["a"] == series["b"]


def test_a_near_figure_that_shares_less_wording_joins_on_a_second_look():
    """25 killed at the weekend and a later article's 26 dead of the weekend's attacks are one toll, though the two
    sentences share less than half their words; a figure far from the series', or a small one, stays apart."""
    first = "Jets struck Lombok after {} people were killed at the weekend in suicide bombings."
    later = "Mourners buried the {} residents that militants' suicide attacks in Lombok left dead at the weekend."

    def together(a, b):
        series = _grouping(
            [_report("a", "d1", "KILL", a, first.format(a)), _report("b", "d2", "KILL", b, later.format(b))]
        )
        return series["a"] == series["b"]

    assert together(25, 26)
    assert not together(25, 60)
    assert not together(3, 4)


def test_the_kinds_of_event_named_beside_a_figure_are_those_of_its_own_clause():
    from transforms.series import event_kinds

    weekend = "Jets struck Gaza after 25 people were killed at the weekend in several suicide bombings."
    assert event_kinds(weekend, "25") == {"bomb"}
    assert event_kinds("Late on Wednesday, following the bus ambush which killed 10 settlers, jets struck.", "10") == {
        "ambush"
    }
    # the next clause's air raids are another event's
    assert event_kinds("Bombers struck Haifa, killing 26 people and provoking the heaviest air raids.", "26") == set()
    assert event_kinds("The toll rose to 26.", "30") == set()


def test_tolls_of_two_kinds_of_event_stay_apart_and_of_one_kind_join():
    from dataclasses import replace

    from transforms.series import event_kinds

    def told(claim_id, doc_id, value, sentence):
        return replace(_report(claim_id, doc_id, "KILL", value, sentence), events=event_kinds(sentence, str(value)))

    ambush = told("ambush", "d1", 10, "Gunmen killed 10 settlers in a bus ambush near Lombok on Monday, police said.")
    bombing = told(
        "bombing", "d2", 25, "Bombers killed 25 settlers in two bombings near Lombok on Monday, police said."
    )
    blast = told("blast", "d3", 12, "Bombers killed 12 settlers in a blast near Lombok on Monday, police said.")
    series = _grouping([ambush, bombing, blast])
    assert series["ambush"] != series["bombing"] == series["blast"]


def test_a_figure_of_no_event_type_that_counts_other_things_at_another_scale_stays_apart():
    """The units a battle's assault hit are no count of its casualties, though the articles share the battle's words;
    "Al Qaeda members" and "fighters" at large may be one count told two ways."""
    from dataclasses import replace

    divisions = replace(
        _report("divisions", "d1", None, 3, "The Lombok assault hit the fronts of three divisions near the port."),
        object="divisions",
    )
    casualties = replace(
        _report("casualties", "d2", "KILL", 2000, "The Lombok assault near the port cost thousands of casualties."),
        object="casualties",
    )
    assert _grouping([divisions, casualties])["divisions"] != _grouping([divisions, casualties])["casualties"]
    members = replace(
        _report("members", "d1", None, 2000, "Up to 2,000 members are on the run after the fall of the Lombok base."),
        object="members",
    )
    fighters = replace(
        _report(
            "fighters", "d2", "DEPLOY", 500, "Up to 500 fighters are on the run after the fall of the Lombok base."
        ),
        object="fighters",
    )
    series = _grouping([members, fighters])
    assert series["members"] == series["fighters"]


def test_a_figure_reported_before_joins_the_count_its_article_now_reports_higher():
    """ "The toll rose from a previously reported 85" is the earlier value of the article's toll of almost 150, not the
    81 of one village; "Earlier, troops shot eight children, killing one" reports no earlier figure."""
    from dataclasses import replace

    from transforms.series import reported_before

    toll = _report("toll", "d1", "KILL", 150, "Air raids on Lombok villages killed almost 150 people on Monday.")
    village = _report("village", "d1", "KILL", 81, "The toll in the Lombok village of Teri rose to 81.")
    sentence = "The death toll rose from a previously reported 85 as news emerged that a third village was hit."
    before = replace(_report("before", "d1", "KILL", 85, sentence), reported_before=reported_before(sentence))
    series = _grouping([toll, village, before])
    assert series["before"] == series["toll"] != series["village"]
    assert not reported_before("Earlier, troops shot eight children near the crossing, killing one.")
    assert reported_before("The Pentagon had earlier confirmed that two soldiers were killed.")


def test_figures_of_two_event_types_stay_apart_even_when_equal():
    sentence = "The ferry that sank off Lombok on Monday drowned 10 passengers and injured 10 crew."
    series = _grouping(
        [
            _report("killed", "d1", "KILL", 10, sentence),
            _report("injured", "d1", "WOUND", 10, sentence),
            _report("injured-again", "d2", "WOUND", 10, sentence),
        ]
    )
    assert series["killed"] != series["injured"] == series["injured-again"]


def test_a_figure_reported_with_another_follows_its_pair_to_the_earlier_article():
    """A later "four people died and 40 were injured in the bomb blast" shares too little with "a bomb killed at least one
    person and wounded about 40" to join on its words, but its 40 joins the earlier 40: its four joins the earlier
    one, the toll as it moved."""
    from dataclasses import replace

    first = "A bomb at the cadet academy in Baguio killed at least one person and wounded about 40 on Saturday."
    later = "Four people died and 40 were injured in the bomb blast at the academy, which the president called an attempt on her life."
    reports = [
        replace(_report("one", "d1", "KILL", 1, first, "2023-05-02"), sentence_idx=1),
        replace(_report("forty", "d1", "WOUND", 40, first, "2023-05-02"), sentence_idx=1),
        replace(_report("four", "d2", "KILL", 4, later, "2023-05-06"), sentence_idx=3),
        replace(_report("forty-again", "d2", "WOUND", 40, later, "2023-05-06"), sentence_idx=3),
    ]
    series = _grouping(reports)
    assert series["forty"] == series["forty-again"]
    assert series["one"] == series["four"] != series["forty"]
    alone = _grouping([r for r in reports if r.claim_id != "forty-again"])
    assert alone["four"] != alone["one"]  # without the pair, too little in common


def _named(claim_id, doc_id, value, sentence, names, lead=(), category=None, kind="money", unit="USD"):
    from datetime import date

    from transforms.series import Report, event_terms

    day = date(1987, 3, 2)
    return Report(claim_id, doc_id, category, kind, unit, value, day, day, "US", event_terms(sentence, names, lead))


def test_formulaic_reports_of_different_companies_stay_apart():
    """Earnings notes share every word but the company's name: no name in common, no series in common."""
    sentence = "Net excludes a tax credit of {} dlrs from discontinued operations in the quarter."
    series = _grouping(
        [
            _named("a", "d1", 495_000, sentence.format("495,000"), [], ["Grossman's Inc"]),
            _named("b", "d2", 213_000, sentence.format("213,000"), [], ["Leaseway Transportation Corp"]),
            _named("c", "d3", 40_000, sentence.format("40,000"), [], ["Packaging Systems Corp"]),
            _named("d", "d4", 495_000, sentence.format("495,000"), [], ["Grossman's Inc"]),
        ]
    )
    assert len({series["a"], series["b"], series["c"]}) == 3
    assert series["d"] == series["a"]  # the same company's figure, restated


def test_a_series_does_not_grow_through_reports_that_each_resemble_only_the_last():
    """A report joins on what the series' members hold in common (its first report's terms and those a second
    member repeats), not on a word only one member had: chains of look-alikes do not become one series."""

    def killed(claim_id, doc_id, value, sentence, names):
        return _named(claim_id, doc_id, value, sentence, names, category="KILL", kind="count", unit=None)

    series = _grouping(
        [
            killed("a", "d1", 30, "Floods in the Sylhet valley killed 30 villagers on Monday.", ["Sylhet"]),
            killed(
                "b",
                "d2",
                35,
                "Floods in the Sylhet valley killed 35 villagers, Chhatak officials said.",
                ["Sylhet", "Chhatak"],
            ),
            killed("c", "d3", 12, "In Chhatak, a landslide killed 12 villagers.", ["Chhatak"]),
        ]
    )
    assert series["a"] == series["b"] != series["c"]


def _vague(claim_id, value, qualifier, object_, sentence, category="PROTEST"):
    from dataclasses import replace

    report = _report(claim_id, "d1", category, value, sentence)
    return replace(report, qualifier=qualifier, object=object_)


def test_one_article_that_says_an_amount_vaguely_and_then_as_a_figure_has_one_series():
    series = _grouping(
        [
            _vague("hundreds", 200, "vague", "supporters", "Hundreds of supporters gathered outside the Lombok court."),
            _vague("figure", 2000, "at_most", "court supporters", "Up to 2,000 supporters came to the Lombok court."),
        ]
    )
    assert series["hundreds"] == series["figure"]
    # told in sentences that share little else: the amount said twice is as good a sign as the same figure twice
    series = _grouping(
        [
            _vague(
                "hundreds",
                200,
                "vague",
                "supporters",
                "A tense stand-off continued between hundreds of supporters of the cleric and police in Lombok.",
            ),
            _vague("figure", 2000, "at_most", "supporters", "Up to 2,000 supporters arrived after word spread."),
        ]
    )
    assert series["hundreds"] == series["figure"]


def test_a_vague_amount_of_other_people_or_of_another_order_stays_apart():
    series = _grouping(
        [
            _vague("police", 200, "vague", "police", "Hundreds of police ringed the Lombok court.", "DEPLOY"),
            _vague(
                "guards", 5000, "at_most", "police", "As many as 5,000 police may guard the Lombok court.", "DEPLOY"
            ),
            _vague("few", 3, "vague", "police officers", "A few police officers were at the Lombok court.", "DEPLOY"),
            _vague("figure", 4, "exact", "police officers", "Four police officers were at the Lombok court.", "DEPLOY"),
        ]
    )
    assert len({series["police"], series["guards"]}) == 2  # hundreds is not 5,000
    assert series["few"] != series["figure"]  # "a few" is too small to tell from another count


def test_hundreds_in_two_articles_are_not_the_same_count_for_being_equal():
    """Any "hundreds" is 200: "hundreds of police" and another article's "hundreds of supporters" of one standoff
    share words, but not a count."""
    from dataclasses import replace

    police = _vague(
        "police", 200, "vague", "police", "Hundreds of police confronted supporters of the cleric in Lombok."
    )
    supporters = _vague(
        "supporters",
        200,
        "vague",
        "supporters",
        "Hundreds of supporters chanted slogans and blocked the road to stop the arrest of the elderly cleric in Lombok.",
    )
    series = _grouping([police, replace(supporters, doc_id="d2")])
    assert series["police"] != series["supporters"]


def test_a_later_report_that_names_the_day_of_the_event_joins_it():
    """Thirty dead, then 34 on the day the later report names: one event, and the named day counts towards it."""
    from dataclasses import replace

    from transforms.series import SAME_DAY_BONUS, Report, _likeness, event_terms, grouped

    def report(claim_id, doc_id, value, sentence, names, day, dated):
        from datetime import date

        when = date.fromisoformat(day)
        terms = event_terms(sentence, names, ["South Africa"])
        return replace(Report(claim_id, doc_id, "KILL", "count", None, value, when, when, "ZA", terms), dated=dated)

    first = report(
        "first", "d1", 30, "Thirty coal miners were killed in an explosion at a colliery.", [], "1987-04-09", False
    )
    later = report(
        "later",
        "d2",
        34,
        "Thirty four workers died in a methane explosion at a coal mine last Thursday.",
        [],
        "1987-04-09",
        True,
    )
    undated = replace(later, claim_id="undated", doc_id="d3", dated=False, first_day=None, last_day=None)
    assert _grouping([first, later])["later"] == _grouping([first, later])["first"]
    _, made = grouped([first], [], {})
    (series,) = made.values()
    named = frozenset({"south africa"})
    assert _likeness(later, series, {}, named) == pytest.approx(_likeness(undated, series, {}, named) + SAME_DAY_BONUS)


def _said(claim_id, doc_id, category, value, sentence, object_, day, names=(), source=None, dated=False):
    from datetime import date

    from transforms.series import Report, event_terms

    when = date.fromisoformat(day)
    terms = event_terms(sentence, names, ["Iran", "Iraq"], None, category)
    return Report(
        claim_id, doc_id, category, "count", None, value, when, when, "IQ", terms, None, object_, source, dated=dated
    )


def test_the_words_that_tell_an_event_type_are_one_word_however_the_article_puts_it():
    from transforms.series import event_terms

    detained = event_terms("Police detained 160 suspects.", [], category="ARREST")
    arrested = event_terms("Police arrested 100 suspects.", [], category="ARREST")
    assert "w:=arrest" in detained & arrested
    assert "w:=kill" in event_terms("Dozens of casualties were counted.", [], category="KILL")
    # only the words of the claim's own event type: "March" is a month in a toll, a march only in a protest
    assert {"w:march", "w:=kill"} <= event_terms("Ten people died in March.", [], category="KILL")
    assert "w:detain" in event_terms("Police detained 160 suspects.", [])


def test_prisoners_taken_and_men_captured_are_one_count_when_their_figures_are_near():
    prisoners = _said(
        "a", "d1", "ARREST", 208, "Some 208 prisoners of war were taken from the front.", "prisoners", "1987-03-05"
    )
    captured = _said(
        "b",
        "d2",
        "ARREST",
        289,
        "Iraq lost another 289 men captured at the front, IRNA said.",
        "men",
        "1987-03-11",
        names=("Iraq", "IRNA"),
    )
    series = _grouping([prisoners, captured])
    assert series["a"] == series["b"]


def test_a_figure_of_no_event_type_joins_a_near_one_that_counts_the_same_things():
    """3,000 Hamas supporters, then up to 2,000 in a later article: one crowd; 2,000 police, or 3,000 "people", are
    not known to be the same count."""
    from dataclasses import replace

    crowd = _said(
        "a",
        "d1",
        None,
        3000,
        "Police confronted 3,000 Hamas supporters outside the sheikh's house in Gaza.",
        "Hamas supporters",
        "2001-12-21",
        names=("Gaza", "Hamas"),
    )
    later = _said(
        "b",
        "d2",
        None,
        2000,
        "Up to 2,000 Hamas supporters arrived as word of the attempted arrest spread.",
        "Hamas supporters",
        "2001-12-22",
        names=("Hamas",),
    )

    def together(a, b):
        series = _grouping([a, b])
        return series["a"] == series["b"]

    assert together(crowd, later)
    assert not together(crowd, replace(later, object="police officers"))
    assert not together(replace(crowd, object="people"), later)


def test_one_article_s_figures_for_two_named_days_are_not_two_sides_of_one_count():
    """Iran's 2,600 killed yesterday and Tehran Radio's 1,500 killed today are two days' tolls; said of the same day,
    they are two sources' figures for one."""
    from dataclasses import replace

    yesterday = _said(
        "a",
        "d1",
        "KILL",
        2600,
        "Iran said 2,600 Iraqis were killed in the offensive near Basra yesterday.",
        "Iraqis",
        "1987-04-07",
        names=("Iran", "Basra"),
        source="Iran",
        dated=True,
    )
    today = _said(
        "b",
        "d1",
        "KILL",
        1500,
        "Tehran Radio said 1,500 Iraqis were killed in the offensive near Basra today.",
        "Iraqi soldiers",
        "1987-04-08",
        names=("Tehran Radio", "Basra"),
        source="Tehran Radio",
        dated=True,
    )
    same_day = replace(today, first_day=yesterday.first_day, last_day=yesterday.last_day)
    assert _grouping([yesterday, today])["b"] != _grouping([yesterday, today])["a"]
    assert _grouping([yesterday, same_day])["b"] == _grouping([yesterday, same_day])["a"]


def test_a_figure_of_no_event_type_that_counts_no_people_is_no_count_of_a_toll():
    """A bulletin's "2,000 Yugoslav firms" heading for bankruptcy is not its "thousands of Iranians" killed, though the
    two are the same value in one article; "2,000 Iranian troops" of no event type may be."""
    from dataclasses import replace

    killed = _said(
        "a",
        "d1",
        "KILL",
        2000,
        "Baghdad said its forces had repulsed the attack, killing thousands of Iranians.",
        "Iranians",
        "1987-04-07",
        names=("Baghdad",),
    )
    firms = _said(
        "b",
        "d1",
        None,
        2000,
        "BELGRADE - Over 2,000 Yugoslav firms with 600,000 workers are heading for bankruptcy.",
        "Yugoslav firms",
        "1987-04-07",
        names=("Belgrade",),
    )
    assert _grouping([killed, firms])["b"] != _grouping([killed, firms])["a"]
    troops = replace(firms, object="Iranian troops")
    assert _grouping([killed, troops])["b"] == _grouping([killed, troops])["a"]


def test_a_name_said_in_the_plural_is_the_same_name():
    from transforms.series import event_terms

    plural = event_terms("Kenyan Authorities say they detained 160 suspects.", ["Kenyan Authorities"])
    singular = event_terms("The Kenyan Authority arrested more than 70 sect members.", ["Kenyan Authority"])
    assert "e:kenyan authority" in plural & singular


def _crackdown(claim_id, doc_id, value, sentence, names, lead):
    from transforms.series import Report, event_terms

    terms = event_terms(sentence, names, lead, None, "ARREST")
    return Report(claim_id, doc_id, "ARREST", "count", None, value, None, None, "KE", terms, object="members")


def test_a_name_of_the_lead_counts_on_a_second_look_as_the_same_name_in_a_series_sentence():
    """On the second look, an article that names the sect only in its lead shares that name with a series whose
    sentences name it."""
    from transforms.series import _likeness, grouped

    detained = _crackdown("a", "d1", 160, "Officials say they have detained 160 suspects.", [], ["Mungiki", "Nairobi"])
    arrested = _crackdown(
        "b", "d2", 100, "Police arrested some 100 Mungiki members in Nairobi raids.", ["Mungiki", "Nairobi"], []
    )
    _, made = grouped([arrested], [], {})
    (series,) = made.values()
    named = frozenset({"mungiki", "nairobi"})
    assert _likeness(detained, series, {}, named, names_anywhere=True) > _likeness(detained, series, {}, named)


def test_a_figure_near_one_the_second_look_brought_into_a_series_joins_it_too():
    """A running count of arrests told 160, some 100 and 70 times: the 100 joins the 70 on a second look, and the
    160, too far from 70 to be its restatement and sharing little with the 100's article, is near the 100 the 70's
    series now holds."""
    detained = _crackdown(
        "a", "d1", 160, "Kenyan Authorities say they have detained 160 suspects.", ["Kenyan Authorities"], ["Mungiki"]
    )
    some = _crackdown(
        "b",
        "d2",
        100,
        "Security services have arrested some 100 members of the sect in dawn raids since Sunday, witnesses in the "
        "capital told reporters.",
        [],
        ["Nairobi"],
    )
    more_than = _crackdown(
        "c",
        "d3",
        70,
        "The Kenyan Authority launched a crackdown on the Mungiki sect, arresting more than 70 members in Nairobi raids.",
        ["Kenyan Authority", "Mungiki", "Nairobi"],
        [],
    )
    series = _grouping([detained, some, more_than])
    assert series["a"] == series["b"] == series["c"]


def test_only_counts_move_on_a_second_look_another_amount_of_money_is_another_loan():
    """A hotel raising "a 21 mln dlr loan" and a joint venture raising "a 37 mln dlr loan" the same day share the
    words of a loan syndication, not one loan; the same amount said again is the same loan."""
    first = "A tourist hotel in Suzhou is raising a {} mln U.S. Dlr loan to cover its construction cost, DnC said."
    later = "The Skanska joint venture in Suzhou is raising a {} mln U.S. Dlr syndicated loan, lead manager DnC said."

    def together(a, b):
        series = _grouping(
            [
                _named("a", "d1", a * 1e6, first.format(a), ["Suzhou", "DnC"], category="AID"),
                _named("b", "d2", b * 1e6, later.format(b), ["Skanska", "Suzhou", "DnC"], category="AID"),
            ]
        )
        return series["a"] == series["b"]

    assert not together(21, 37)
    assert together(21, 21)


def test_an_amount_its_sentence_places_on_one_day_is_not_another_day_s():
    """The Bank of England's help "so far today" is one day's: Monday's 493 mln stg and Tuesday's 461 mln are two
    figures, though their sentences share every word; the same amount again on another day may be a restatement."""
    from datetime import date

    from transforms.series import Report, event_terms

    sentence = "The Bank of England said its total help to the money market so far today is {} mln stg."

    def help_(claim_id, day, value):
        when = date(1987, 3, day)
        terms = event_terms(sentence.format(value), ["The Bank of England"])
        return Report(claim_id, f"d{day}", None, "money", "GBP", value * 1e6, when, when, "GB", terms, dated=True)

    other_day = _grouping([help_("a", 2, 493), help_("b", 3, 461)])
    assert other_day["a"] != other_day["b"]
    restated = _grouping([help_("a", 2, 493), help_("b", 3, 493)])
    assert restated["a"] == restated["b"]
