"""Who a figure is attributed to, when its sentence says only "he said" or "it said": the source the article
named before (GUIDELINES: "the shortest phrase that names the source")."""

from __future__ import annotations

import re

# The entity a pronoun stands for: a person for "he" and "she", an organisation (an agency, a ministry) for "it".
PRONOUN_LABELS = {"he": "PERSON", "she": "PERSON", "it": "ORG"}
# How many sentences back a pronoun's source may be named.
LOOKBACK = 3
_PRONOUN = re.compile(r"(?i)^\s*(he|she|it)\s*$")


def named_source(
    said: str | None, sentence_idx: int, start_char: int, names: list[dict], earlier_sources: list[tuple[int, str]]
) -> str | None:
    """The source a pronoun `said` stands for (none for an "it" that stands for nothing), else `said` as it is: the latest of the `names` (entities of the
    article: sentence_idx, start_char, text, label) of the pronoun's kind named before the claim, within LOOKBACK
    sentences; a name that an earlier claim was attributed to (`earlier_sources`: sentence_idx, attributed_to)
    first, since the speaker of one paragraph is the likeliest "he" of the next."""
    match = _PRONOUN.match(said or "")
    if not match:
        return said
    label = PRONOUN_LABELS[match.group(1).lower()]
    before = [
        e
        for e in names
        if e["label"] == label
        and sentence_idx - LOOKBACK <= e["sentence_idx"] <= sentence_idx
        and (e["sentence_idx"] < sentence_idx or e["start_char"] < start_char)
    ]
    if not before:
        return None if label == "ORG" else said  # "it said" names no one; "he said" at least says a person did
    speakers = [
        e for e in before if any(i >= sentence_idx - LOOKBACK and e["text"] in source for i, source in earlier_sources)
    ]
    latest = max(speakers or before, key=lambda e: (e["sentence_idx"], e["start_char"]))
    return latest["text"]
