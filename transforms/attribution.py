"""Who a figure is attributed to, when its sentence says only "he said" or "it said": the source the article
named before (GUIDELINES: "the shortest phrase that names the source"); when it stands in a quotation and names no
one: the quotation's speaker."""

from __future__ import annotations

import re

# The entity a pronoun stands for: a person for "he" and "she", an organisation (an agency, a ministry) for "it".
PRONOUN_LABELS = {"he": "PERSON", "she": "PERSON", "it": "ORG"}
# A news outlet named again by what it is: "China Legal News reported ... The newspaper said".
_OUTLET = re.compile(
    r"(?i)^\s*the\s+(?:newspaper|paper|daily|weekly|news agency|agency|radio|television|broadcaster)\s*$"
)
# How many sentences back a pronoun's source may be named.
LOOKBACK = 3
_PRONOUN = re.compile(r"(?i)^\s*(he|she|it)\s*$")


def named_source(
    said: str | None, sentence_idx: int, start_char: int, names: list[dict], earlier_sources: list[tuple[int, str]]
) -> str | None:
    """The source a pronoun or an outlet named by what it is ("the newspaper") in `said` stands for, else `said` as
    it is: the latest of the `names` (entities of the article: sentence_idx, start_char, text, label) of its kind
    named before the claim, within LOOKBACK sentences; a name that an earlier claim was attributed to
    (`earlier_sources`: sentence_idx, attributed_to) first, since the speaker of one paragraph is the likeliest "he"
    of the next. An "it" that stands for no one named is no source."""
    match = _PRONOUN.match(said or "")
    if not match and not _OUTLET.match(said or ""):
        return said
    label = PRONOUN_LABELS[match.group(1).lower()] if match else "ORG"
    before = [
        e
        for e in names
        if e["label"] == label
        and sentence_idx - LOOKBACK <= e["sentence_idx"] <= sentence_idx
        and (e["sentence_idx"] < sentence_idx or e["start_char"] < start_char)
    ]
    if not before:  # "it said" names no one; "he said" at least says a person did, "the newspaper said" a paper
        return None if match and label == "ORG" else said
    speakers = [
        e for e in before if any(i >= sentence_idx - LOOKBACK and e["text"] in source for i, source in earlier_sources)
    ]
    latest = max(speakers or before, key=lambda e: (e["sentence_idx"], e["start_char"]))
    return latest["text"]


# Verbs that tag a quotation with its speaker: `," he said`, `," said Gul Lali`, `Masood also said ...`.
_TAG = (
    r"(?:said|says|say|added|adds|told|tells|insisted|insists|warned|warns|explained|explains|declared|declares|"
    r"stated|states|noted|notes|claimed|claims|wrote|writes|asked|asks|replied|replies|confirmed|confirms)"
)
_OPENING = re.compile(r'(?:(?<=^)|(?<=[\s(\[]))["\u201c](?=\S)')
_CLOSING = re.compile(r'(?<=\S)["\u201d](?=[\s,.;:)!?]|$)')
# who a tag names: a pronoun, "the/a ..." of a few words, or a name of capitalised words
_SPEAKER = r"(?:he|she|it|[Tt]he\s+[\w\s'-]{2,60}?|[Aa]n?\s+[\w\s'-]{2,60}?|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]*){0,4})"
_TAG_AFTER = re.compile(
    rf"^\s*(?:{_TAG}\s+(?P<named>[^,.;:!?\"\u201c\u201d()]{{2,80}})|(?P<speaker>{_SPEAKER})\s+(?:\w+ly\s+)?{_TAG}\b)"
)
_TAGGED_SENTENCE = re.compile(
    rf"[\"\u201d]\s*,?\s*(?:{_TAG}\s+(?P<named>[^,.;:!?\"\u201c\u201d()]{{2,80}})|(?P<speaker>{_SPEAKER})\s+(?:\w+ly\s+)?{_TAG}\b)"
)
_REPORTED = re.compile(rf"^(?P<speaker>{_SPEAKER})\s+(?:\w+ly\s+|also\s+)?{_TAG}\b")
_SENTENCE_END = re.compile(r'[.!?]["\u201d]?\s+')
# Words that end the name after "said": "said Gul Lali, a key lieutenant", "said a spokesman after the talks".
_NAME_ENDS = re.compile(r"\s+(?:who|when|after|before|while|as|in|on|at|from|during|yesterday|today)\b.*$")
# How many quoted sentences back a quotation's speaker may be named.
QUOTE_LOOKBACK = 3


def quoted_speaker(text: str, start: int, end: int) -> str | None:
    """Who speaks the quotation the sentence at `start`..`end` of `text` stands in: the speaker its tag names
    (`"... 11 of bin Laden's men. Nineteen more were injured," Lali said`), else the one named just before it
    (`... said Pentagon spokeswoman Victori Clark. "... is now three."`); None for a sentence in no quotation."""
    opened = _quote_opening(text, start, end)
    if opened is None:
        return None
    close = _CLOSING.search(text, max(start, opened + 1))
    if close is not None and text[close.start() - 1] not in ".":
        if found := _tag_after(text[close.end() : close.end() + 120]):
            return found
    at = opened
    for _ in range(QUOTE_LOOKBACK):
        previous = _sentence_before(text, at)
        if previous is None:
            return None
        p_start, sentence = previous
        if tagged := _TAGGED_SENTENCE.search(sentence):
            return _speaker_of(tagged)
        if reported := _REPORTED.match(sentence.strip()):
            return _speaker_of(reported)
        if _quote_opening(text, p_start, p_start + len(sentence)) is None:
            return None  # a sentence of the article's own, naming no one: the quotation's speaker is not known
        at = p_start
    return None


def _quote_opening(text: str, start: int, end: int) -> int | None:
    """Where the quotation the sentence stands in opens: at its start, or before it and not closed since."""
    head = text[start:end].lstrip()
    if head[:1] in ('"', "\u201c"):
        return start + len(text[start:end]) - len(head)
    # a quotation that runs on into the next paragraph opens again there: look within this one
    begins = max(text.rfind("\n", 0, start) + 1, start - 2000)
    window = text[begins:start]
    last_open = max((m.start() for m in _OPENING.finditer(window)), default=-1)
    last_close = max((m.start() for m in _CLOSING.finditer(window)), default=-1)
    return begins + last_open if last_open > last_close else None


def _tag_after(after: str) -> str | None:
    found = _TAG_AFTER.match(after.lstrip(" ,"))
    return _speaker_of(found) if found else None


def _speaker_of(match: re.Match) -> str | None:
    if "named" in match.groupdict() and match.group("named"):
        name = _NAME_ENDS.sub("", match.group("named").strip())
        return name if 0 < len(name.split()) <= 8 else None
    return match.group("speaker").strip()


def _sentence_before(text: str, at: int) -> tuple[int, str] | None:
    """The sentence that ends just before `at` (in this paragraph or the one before), and where it starts."""
    begins = max(0, at - 2000)
    head = text[begins:at].rstrip()
    if not head:
        return None
    line_start = head.rfind("\n") + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(head, line_start, len(head) - 1)]
    p_start = ends[-1] if ends else line_start
    return begins + p_start, head[p_start:]
