"""Text normalization, headline detection and content keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TERMINAL = re.compile(r"""[.!?:;]["'\u2019\u201d)\]]*$""")
# The end of a sentence with a word after it: "... mine owners said. Reuter", "by 1.8%. In 2003", not "n.a.  1.56".
_SENTENCE_INSIDE = re.compile(r"""[^\s.]{2}[.!?]["'\u2019\u201d)\]]*\s+[A-Za-z]""")


def normalized_text(raw: str) -> str:
    """Unicode-normalized text: one paragraph a line, blank lines between paragraphs, spaces folded."""
    text = unicodedata.normalize("NFC", raw)
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        paragraphs.extend(_unwrapped(line for line in lines if line))
    return "\n\n".join(paragraphs)


def _unwrapped(lines) -> list[str]:
    """Lines of one block, hard-wrapped lines joined back into their paragraph."""
    out: list[str] = []
    for line in lines:
        if out and _is_wrapped(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _is_wrapped(previous: str, line: str) -> bool:
    """True when `line` continues `previous` (a line broken mid-sentence)."""
    return not _TERMINAL.search(previous) and line[:1].islower()


def reads_as_headline(line: str) -> bool:
    """True for a short line without sentence-final punctuation, the way headlines are written."""
    words = line.split()
    return 0 < len(words) <= 30 and len(line) <= 250 and not re.search(r"[.;,]$", line)


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body) of a plain-text article whose first line may be its headline."""
    first, _, rest = text.strip().partition("\n")
    if rest.strip() and reads_as_headline(first.strip()):
        return first.strip(), rest.strip()
    return None, text.strip()


def document_text(title: str | None, body: str) -> str:
    """The analysed text of an article: its title as the first paragraph, then the body."""
    body = normalized_text(body)
    title = normalized_text(title or "").replace("\n\n", " ")
    return f"{title}\n\n{body}" if title and body else title or body


def content_id(*parts: str) -> str:
    """Deterministic 32-hex-digit key of some strings (SHA-256)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def is_shouting(line: str) -> bool:
    """True for a line written in capitals (wire-service headlines), which the model parses poorly."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def analysis_text(text: str) -> str:
    """`text` with all-capital lines recased as the article's other lines write their words ("SOWETO" as "Soweto",
    "U.S." stays), other words in lower case after the first; same length, so offsets carry over."""
    lines = text.split("\n")
    shouting = {i for i, line in enumerate(lines) if is_shouting(line)}
    if not shouting:
        return text
    cased = _written_forms(line for i, line in enumerate(lines) if i not in shouting)
    for i in shouting:
        line = lines[i]
        recased = line[:1] + _WORD_IN_LINE.sub(lambda m: _as_written(m.group(), cased), line[1:])
        if len(recased) == len(line):
            lines[i] = recased
    return "\n".join(lines)


_WORD_IN_LINE = re.compile(r"[^\W\d_][\w'.&-]*")
# A word that starts a sentence or a quotation is capitalised whatever it is: its case says nothing.
_WORD_IN_SENTENCE = re.compile(r"(?<![.!?:\"\u201c(]\s)(?<![.!?:\"\u201c(])(?<!^)\b([^\W\d_][\w'.&-]*)", re.MULTILINE)


def _as_written(word: str, cased: dict[str, str]) -> str:
    bare = _bare(word)
    return cased.get(bare.lower(), bare.lower()) + word[len(bare) :]


def _bare(word: str) -> str:
    """A word without the full stop that ends its sentence ("Soweto."); an acronym's stays ("U.S.")."""
    return word[:-1] if word.endswith(".") and "." not in word[:-1] else word


def _written_forms(lines) -> dict[str, str]:
    """How the article writes each word inside its sentences, by the word in lower case, where it writes it with
    capitals (a name, an acronym) more often than without."""
    forms: dict[str, dict[str, int]] = {}
    for line in lines:
        for m in _WORD_IN_SENTENCE.finditer(line):
            word = _bare(m.group(1))
            forms.setdefault(word.lower(), {}).setdefault(word, 0)
            forms[word.lower()][word] += 1
    out = {}
    for low, seen in forms.items():
        form = max(seen, key=lambda w: (seen[w], w))
        if form != low and seen[form] > seen.get(low, 0) and len(form) == len(low):
            out[low] = form
    return out


def is_link_line(paragraph: str) -> bool:
    """True for a body line without sentence-final punctuation: a related-story link or a caption. A line in which
    a sentence ends is prose, whatever trails it (a wire's sign-off, a last sentence without its full stop)."""
    line = paragraph.strip()
    return not _TERMINAL.search(line) and not _SENTENCE_INSIDE.search(line)


def text_pieces(text: str, limit: int) -> list[str]:
    """`text` as consecutive pieces of at most `limit` characters that join back into it, each cut just after
    the last paragraph break it holds, else the last line break, sentence end or space."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = limit
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]
