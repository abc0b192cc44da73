"""Normalization, headlines, content keys and re-casing."""

from transforms.documents import document_record, unique_documents
from transforms.text import analysis_text, content_id, is_link_line, normalized_text, split_title, text_pieces


def test_normalized_text_keeps_paragraphs_and_folds_spaces():
    raw = "First  line\u00a0here.\r\nSecond line.\n\n\n  Third\tpara.  \n"
    assert normalized_text(raw) == "First line here.\n\nSecond line.\n\nThird para."


def test_hard_wrapped_lines_are_joined():
    assert normalized_text("The army said\nthree people died.\nNext para.") == (
        "The army said three people died.\n\nNext para."
    )


def test_headline_is_the_title():
    title, body = split_title("Putin announces ceasefire after six-hour talks\nRussian President spoke.")
    assert title == "Putin announces ceasefire after six-hour talks"
    assert body == "Russian President spoke."


def test_a_first_sentence_is_not_a_title():
    title, body = split_title("The army killed three militants, sources said.\nMore text.")
    assert title is None and body.startswith("The army")


def test_document_text_and_key_are_deterministic():
    a = document_record("a.txt", "Headline here\nBody text.", title_in_text=True)
    b = document_record("b.txt", "Headline here\r\n\r\nBody   text.\n", title_in_text=True)
    assert a["text"] == b["text"] == "Headline here\n\nBody text."
    assert a["doc_id"] == b["doc_id"] == content_id(a["text"])
    kept, dupes = unique_documents([a, b])
    assert [d["source"] for d in kept] == ["a.txt"] and [d["source"] for d in dupes] == ["b.txt"]


def test_empty_text_makes_no_document():
    assert document_record("x.txt", " \n\t\n") is None


def test_capital_lines_are_recased_without_moving_offsets():
    text = "REBEL AMBUSH KILLS 18 SOLDIERS IN PHILIPPINES\n\nManila said so."
    recased = analysis_text(text)
    assert recased == "Rebel ambush kills 18 soldiers in philippines\n\nManila said so."
    assert len(recased) == len(text)


def test_capital_lines_take_the_case_their_words_have_in_the_article():
    text = (
        "70 HURT IN SOWETO ATTACK, U.S. SAYS\n\n"
        "Police said 70 people were hurt in Soweto. The U.S. embassy said the Soweto attack was the worst. "
        "Attack on a township."
    )
    recased = analysis_text(text)
    # names and acronyms as the body writes them; "attack", capitalised only where a sentence starts, in lower case
    assert recased.split("\n")[0] == "70 hurt in Soweto attack, U.S. says"
    assert len(recased) == len(text)


def test_link_lines():
    assert is_link_line("Clashes erupt on Greek-Turkish border as migrants seek entry")
    assert not is_link_line("Talks came just hours after an air strike.")
    assert not is_link_line('He said: "It is over."')
    # a sentence ends inside: prose, with a wire's sign-off or a last sentence that lost its full stop
    assert not is_link_line("Thirty miners have been killed, mine owners said. reuter")
    assert not is_link_line("Imports declined by 1.8%. In 2003, the economy expanded by 1.3%")
    assert is_link_line("Oats  1.24  0.99  n.a.  1.56")


def test_long_texts_are_cut_into_pieces_at_paragraph_breaks_that_join_back():
    paragraph = "Rebels shelled the town. " * 20  # 500 characters
    text = "\n\n".join([paragraph.strip()] * 10)
    pieces = text_pieces(text, 1200)
    assert "".join(pieces) == text
    assert all(len(p) <= 1200 for p in pieces) and all(p.endswith("\n\n") for p in pieces[:-1])
    one_paragraph = paragraph * 4
    pieces = text_pieces(one_paragraph, 300)
    assert "".join(pieces) == one_paragraph and all(p.endswith(". ") for p in pieces[:-1])
    assert text_pieces("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert text_pieces("short", 10) == ["short"]
