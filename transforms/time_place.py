"""A claim's time interval, country, source and a headline's object, resolved against its document's publication
time, places, the sources it named before and the figures it reports."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime

from transforms.attribution import PRONOUN_LABELS, named_source, quoted_speaker
from transforms.dates import time_interval
from transforms.places import is_country_name, location, main_country, spans_countries

PLACE_LABELS = ("GPE", "LOC", "FAC")


def claims_in_context(claims: list[dict], documents: list[dict], entities: list[dict]) -> list[dict]:
    """Claims with time_start, time_end, country, place_lat and place_lon filled from their documents, "he said"
    attributed to whom the article named, and a headline's bare figure given the object its article reports: `documents` give doc_id, title and published_at; `entities`
    doc_id, sentence_idx, start_char, text and label."""
    published: dict[str, datetime | None] = {d["doc_id"]: d.get("published_at") for d in documents}
    titled = {d["doc_id"] for d in documents if d.get("title")}
    places: dict[str, list[tuple[int, str]]] = defaultdict(list)
    nationalities: dict[str, list[str]] = defaultdict(list)
    for e in entities:
        if e["label"] in PLACE_LABELS:
            places[e["doc_id"]].append((e["sentence_idx"], e["text"]))
        elif e["label"] == "NORP":
            nationalities[e["doc_id"]].append(e["text"])
    # the places claims are located in, which the small model's entities miss ("in Angur Adar", "Pakistani territory");
    # a country's bare name is there already, and as a claim's place it is as often who acts ("Iran seized ...")
    for claim in claims:
        if claim.get("place") and not is_country_name(claim["place"]):
            places[claim["doc_id"]].append((claim["sentence_idx"], claim["place"]))
    article: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    out = []
    texts = {d["doc_id"]: d.get("text") or "" for d in documents}
    said = _sources(claims, entities, texts)
    told = {**_more_of_the_same(claims), **_headline_objects(claims, titled)}
    for claim in claims:
        doc_id = claim["doc_id"]
        if doc_id not in article:
            names = [t for i, t in places[doc_id] if not (i == 0 and doc_id in titled)]
            title = [t for i, t in places[doc_id] if i == 0 and doc_id in titled]
            countries = tuple(dict.fromkeys(f.country for t in names + title if (f := location(t)) is not None))
            article[doc_id] = (main_country(names, nationalities[doc_id], title), countries)
        main, likely = article[doc_id]
        start, end = time_interval(claim.get("time_text"), published.get(doc_id))
        where = location(claim.get("place"), likely)
        out.append(
            {
                **claim,
                "attributed_to": said[claim["claim_id"]],
                "object": told.get(claim["claim_id"], claim.get("object")),
                "time_start": start,
                "time_end": end,
                # without a place of its own, the article's: the sentence's other places name who, not where; a
                # place of several countries is in none
                "country": where.country if where else None if spans_countries(claim.get("place")) else main,
                "place_lat": where.lat if where else None,
                "place_lon": where.lon if where else None,
            }
        )
    return out


def _more_of_the_same(claims: list[dict]) -> dict[str, str]:
    """The object of "Nineteen more were injured" and "another 12 died": the people an earlier figure of the article
    counted ("40 of bin Laden's men were killed"), when the figure names none of its own."""
    out: dict[str, str] = {}
    last: dict[str, str] = {}
    for c in sorted(claims, key=lambda c: (c["doc_id"], c["start_char"])):
        obj, surface, sentence = c.get("object"), c["surface"], c["sentence"]
        named = obj and not (obj.lower() == "people" and not re.search(r"\bpeople\b", sentence, re.I))
        more = re.search(rf"{re.escape(surface)}\s+more\b|\banother\s+{re.escape(surface)}", sentence, re.I)
        if not named and more and c.get("category") and c["doc_id"] in last:
            out[c["claim_id"]] = last[c["doc_id"]]
        elif named and c.get("category"):
            last[c["doc_id"]] = obj
    return out


def _headline_objects(claims: list[dict], titled: set[str]) -> dict[str, str]:
    """The object a headline's figure takes from the article's own report of it: "45 KILLED IN FACTORY BLAST" counts
    the workers the lead names ("An explosion killed 45 workers"), not people in general."""
    told: dict[tuple, str] = {}
    for c in claims:
        if c["sentence_idx"] > 0 and c.get("object") and c["object"].lower() != "people":
            told.setdefault((c["doc_id"], c["value"], c["kind"], c.get("category")), c["object"])
    out = {}
    for c in claims:
        if c["sentence_idx"] == 0 and c["doc_id"] in titled and (c.get("object") or "people").lower() == "people":
            if found := told.get((c["doc_id"], c["value"], c["kind"], c.get("category"))):
                out[c["claim_id"]] = found
    return out


def _sources(claims: list[dict], entities: list[dict], texts: dict[str, str]) -> dict[str, str | None]:
    """Each claim's source, a pronoun replaced by the name it stands for; a sentence of a quotation that names no
    speaker of its own takes the quotation's; claims taken in the order they are read."""
    names: dict[str, list[dict]] = defaultdict(list)
    for e in entities:
        if e["label"] in PRONOUN_LABELS.values():
            names[e["doc_id"]].append(e)
    earlier: dict[str, list[tuple[int, str]]] = defaultdict(list)
    out = {}
    for claim in sorted(claims, key=lambda c: (c["doc_id"], c["start_char"], c["claim_id"])):
        doc_id = claim["doc_id"]
        said = claim.get("attributed_to") or _quotation_speaker(claim, texts.get(doc_id, ""))
        said = named_source(said, claim["sentence_idx"], claim["start_char"], names[doc_id], earlier[doc_id])
        if said:
            earlier[doc_id].append((claim["sentence_idx"], said))
        out[claim["claim_id"]] = said
    return out


def _quotation_speaker(claim: dict, text: str) -> str | None:
    """The speaker of the quotation a claim's sentence stands in, if it does."""
    sentence = claim["sentence"]
    start = text.find(sentence, max(0, claim["start_char"] - len(sentence)))
    return quoted_speaker(text, start, start + len(sentence)) if start >= 0 else None
