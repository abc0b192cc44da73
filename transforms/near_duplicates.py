"""Near-duplicate texts: a wire story republished with a corrected headline or a new last paragraph. Each text's
MinHash signature over its word shingles (datasketch) is cut into bands; texts that share enough bands are the
same story (locality-sensitive hashing: a band is looked up, never two texts compared whole)."""

from __future__ import annotations

import hashlib
import re

# Words per shingle: long enough that two stories on one topic share few, short enough that an edit costs few.
SHINGLE_WORDS = 5
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
# Bands two texts must share to be one story: with four rows a band, two texts whose shingles overlap by a share
# s share about BANDS * s**4 bands, so this asks for an overlap of about three quarters.
MIN_SHARED_BANDS = 5
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """The text's runs of SHINGLE_WORDS words, lower case (a shorter text is one shingle)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def band_rows(doc_id: str, text: str) -> list[dict]:
    """The `minhash_bands` rows of a text: each band of its MinHash signature as one 64-bit hash."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch(sorted(shingles(text)))
    values = signature.hashvalues
    rows = []
    for band in range(BANDS):
        part = values[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = int.from_bytes(hashlib.blake2b(part, digest_size=8).digest(), "little", signed=True)
        rows.append({"doc_id": doc_id, "band": band, "hash": digest})
    return rows


def originals(
    doc_ids: list[str], bands: list[dict], earlier: dict[str, tuple[str, str | None, int]]
) -> dict[str, str | None]:
    """The original each of a batch's documents copies, or None: the document loaded before it, or earlier in the
    batch, that it shares the most bands with (at least MIN_SHARED_BANDS); for a copy of a copy, the first one.
    `earlier` holds, by document, its best match among those loaded before (`Warehouse.copied_from`)."""
    buckets: dict[tuple[int, int], list[str]] = {}
    for row in bands:
        buckets.setdefault((row["band"], row["hash"]), []).append(row["doc_id"])
    position = {d: i for i, d in enumerate(doc_ids)}
    shared: dict[str, dict[str, int]] = {}
    for members in buckets.values():
        for a in members:
            for b in members:
                if position[b] < position[a]:
                    shared.setdefault(a, {}).setdefault(b, 0)
                    shared[a][b] += 1
    out: dict[str, str | None] = {}
    for doc_id in doc_ids:
        best, best_shared = None, MIN_SHARED_BANDS - 1
        if doc_id in earlier:
            other, its_original, n = earlier[doc_id]
            best, best_shared = its_original or other, n
        for other, n in sorted(shared.get(doc_id, {}).items(), key=lambda kv: position[kv[0]]):
            if n > best_shared:
                best, best_shared = out.get(other) or other, n
        out[doc_id] = best if best != doc_id else None
    return out
