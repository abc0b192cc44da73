"""A figure's source when its sentence says only "he said" or "it said": the one the article named before."""

from __future__ import annotations

from tests.conftest import claims_of
from transforms.attribution import named_source


def _source(nlp, text: str, surface: str) -> str | None:
    return next(c["attributed_to"] for c in claims_of(nlp, text) if c["surface"] == surface)


def test_he_said_is_the_person_who_spoke_before(nlp):
    text = (
        "Police chief Ahmed Karimi said the first raid killed 30 villagers in the valley. "
        "A second raid on Tuesday killed eight more villagers, he said."
    )
    assert _source(nlp, text, "eight") == "Ahmed Karimi"


def test_it_said_is_the_body_named_before(nlp):
    text = (
        "The Red Crescent Society sent teams to the flooded district on Monday. "
        "Floods destroyed 400 homes there, it said."
    )
    assert _source(nlp, text, "400") == "The Red Crescent Society"


def test_a_pronoun_that_stands_for_no_one_named():
    assert named_source("it", 0, 50, [], []) is None  # "it said" alone names no source
    assert named_source("he", 0, 50, [], []) == "he"  # "he" at least says a person did
    assert named_source("the army", 2, 50, [], []) == "the army"


def test_the_speaker_of_the_paragraph_before_is_taken_over_a_person_he_mentioned():
    names = [
        {"sentence_idx": 0, "start_char": 0, "text": "Zaman", "label": "PERSON"},
        {"sentence_idx": 0, "start_char": 40, "text": "Omar", "label": "PERSON"},
        {"sentence_idx": 2, "start_char": 0, "text": "Rahim", "label": "PERSON"},
    ]
    assert named_source("He", 1, 200, names, [(0, "Zaman")]) == "Zaman"
    assert named_source("He", 1, 200, names, []) == "Omar"  # else the person named last before the claim
    assert named_source("he", 9, 900, names, [(0, "Zaman")]) == "he"  # too far back to be sure


def test_a_quoted_sentence_is_the_speaker_its_tag_names(nlp):
    text = (
        "Commanders said the airport had fallen. "
        '"These were 11 of the militia\'s men. Nineteen more were injured," Gul Lali said from the battleground.'
    )
    assert _source(nlp, text, "11") == "Gul Lali"
    assert _source(nlp, text, "Nineteen") == "Gul Lali"


def test_a_quotation_without_a_tag_is_the_speaker_named_just_before(nlp):
    text = (
        '"The bomber was flying in support of opposition forces," said Pentagon spokeswoman Victoria Clark. '
        '"Unfortunately the number of US forces killed is now three."'
    )
    assert _source(nlp, text, "three") == "Pentagon spokeswoman Victoria Clark"


def test_he_said_after_a_quotation_is_the_person_named_before(nlp):
    text = 'Glenn McGrath says he is happier with his bowling. "I took 12 wickets in the series," he said.'
    assert _source(nlp, text, "12") == "Glenn McGrath"


def test_a_sentence_after_a_closed_quotation_is_in_none(nlp):
    text = (
        '"We will rebuild," the mayor said.\n\n'
        "Floods destroyed 400 homes in the valley. "
        '"It was a hard winter," said Ana Ruiz, a farmer.'
    )
    assert _source(nlp, text, "400") is None


def test_an_outlet_named_again_by_what_it_is_is_the_outlet(nlp):
    text = "China Legal News reported the blast on Monday. The newspaper said the explosion destroyed four buildings."
    assert _source(nlp, text, "four") == "China Legal News"


def test_a_statement_speaks_for_who_issued_it(nlp):
    text = "The statement issued by Chad's Paris embassy said troops killed 384 Libyans."
    assert _source(nlp, text, "384") == "Chad's Paris embassy"


def test_who_an_agency_quotes_as_saying_is_the_source(nlp):
    text = "The agency IRNA quoted a commander in the village of Haj Omran as saying nine attacks had failed."
    assert _source(nlp, text, "nine") == "a commander"
