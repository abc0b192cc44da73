"""Data loaders: find input files, cut them into batches, read a batch into raw articles or rejects."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".json", ".jsonl", ".jsonl.gz")
UNSUPPORTED = f"newstally reads {', '.join(SUFFIXES)} files"


class SourceError(Exception):
    """A SOURCE argument that cannot be used at all (it does not exist)."""


@dataclass(frozen=True)
class Part:
    """Records [first, stop) of one input file; a .txt file is one record."""

    path: str
    first: int
    stop: int
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class RawArticle:
    source: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    has_title_line: bool = False


@dataclass(frozen=True)
class Reject:
    source: str
    reason: str
    detail: str


@dataclass
class BatchRead:
    articles: list[RawArticle] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def is_supported(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def input_files(sources: list[str]) -> list[Path]:
    """Files named by the sources, folders walked recursively (hidden files left out), sorted, each once.

    Files of a format newstally cannot read are listed too: reading them gives an `unsupported` reject,
    so the run says what it left out.
    """
    files: dict[str, Path] = {}
    for source in sources:
        path = Path(source)
        if not path.exists() and not path.is_symlink():
            raise SourceError(f"{source}: no such file or folder")
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if not name.startswith("."):
                        files.setdefault(str(candidate), candidate)
        else:
            files.setdefault(str(path), path)
    return [files[k] for k in sorted(files)]


def count_records(path: Path) -> int:
    """Records in a file: lines of a JSONL file, 1 for anything else; 0 when it cannot be read."""
    if not path.name.lower().endswith((".jsonl", ".jsonl.gz")):
        return 1
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as f:
            return sum(1 for _ in f)
    except (OSError, EOFError):
        return 1  # reading the part reports why


def parts(files: list[Path], batch_size: int) -> list[list[Part]]:
    """Files cut into batches of at most `batch_size` records."""
    batches: list[list[Part]] = [[]]
    room = batch_size
    for path in files:
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, 0
        total = count_records(path) if size >= 0 else 1
        first = 0
        while first < total:
            take = min(room, total - first)
            batches[-1].append(Part(str(path), first, first + take, size, mtime))
            first += take
            room -= take
            if room == 0:
                batches.append([])
                room = batch_size
    return [b for b in batches if b]


def read_part(part: Part, max_bytes: int) -> BatchRead:
    """The articles and rejects of one part of a file."""
    path = Path(part.path)
    if path.is_symlink() and not path.exists():
        return BatchRead(rejects=[Reject(str(path), "broken-link", f"symbolic link to missing {os.readlink(path)}")])
    if not is_supported(path):
        return BatchRead(rejects=[Reject(str(path), "unsupported", UNSUPPORTED)])
    if path.name.lower().endswith((".jsonl", ".jsonl.gz")):
        return _read_jsonl(path, part.first, part.stop, max_bytes)
    if path.name.lower().endswith(".json"):
        return _read_json(path, max_bytes)
    return _read_txt(path, max_bytes)


def _file_text(path: Path, max_bytes: int, out: BatchRead) -> str | None:
    """The text of a whole file, or None with its reject added to `out`."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            out.rejects.append(
                Reject(source, "too-large", f"{size} bytes, over the limit of {max_bytes} (NEWSTALLY_MAX_BYTES)")
            )
            return None
        data = path.read_bytes()
    except OSError as err:
        out.rejects.append(Reject(source, "unreadable", err.strerror or str(err)))
        return None
    if b"\x00" in data[:8192]:
        out.rejects.append(Reject(source, "binary", "contains NUL bytes: not a text file"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        out.rejects.append(Reject(source, "encoding", f"not valid UTF-8 at byte {err.start}"))
        return None
    if not text.strip():
        out.rejects.append(Reject(source, "empty", "no text"))
        return None
    return text


def _read_txt(path: Path, max_bytes: int) -> BatchRead:
    out = BatchRead()
    text = _file_text(path, max_bytes, out)
    if text is not None:
        out.articles.append(RawArticle(source=str(path), text=text, has_title_line=True))
    return out


def _read_json(path: Path, max_bytes: int) -> BatchRead:
    """A .json file: one article object, or a list of them."""
    out = BatchRead()
    text = _file_text(path, max_bytes, out)
    if text is None:
        return out
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        out.rejects.append(
            Reject(str(path), "malformed", f"not JSON: {err.msg} at line {err.lineno} column {err.colno}")
        )
        return out
    if isinstance(data, dict):
        _add_record(path, data, str(path), out)
    elif isinstance(data, list):
        for n, record in enumerate(data, 1):
            _add_record(path, record, f"{path}#item{n}", out)
    else:
        out.rejects.append(Reject(str(path), "malformed", "a .json file must hold an article object or a list of them"))
    return out


def _read_jsonl(path: Path, first: int, stop: int, max_bytes: int) -> BatchRead:
    out = BatchRead()
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as f:
            for n, line in enumerate(f):
                if n < first:
                    continue
                if n >= stop:
                    break
                _read_json_line(path, n + 1, line, out, max_bytes)
    except (OSError, EOFError) as err:
        out.rejects.append(
            Reject(str(path), "unreadable", " ".join((getattr(err, "strerror", None) or str(err)).split()))
        )
    return out


def _read_json_line(path: Path, line_no: int, line: bytes, out: BatchRead, max_bytes: int) -> None:
    where = f"{path}#line{line_no}"
    if not line.strip():
        return
    if len(line) > max_bytes:
        out.rejects.append(
            Reject(where, "too-large", f"{len(line)} bytes, over the limit of {max_bytes} (NEWSTALLY_MAX_BYTES)")
        )
        return
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as err:
        out.rejects.append(Reject(where, "encoding", f"not valid UTF-8 at byte {err.start}"))
        return
    except json.JSONDecodeError as err:
        out.rejects.append(Reject(where, "malformed", f"not JSON: {err.msg} at column {err.colno}"))
        return
    _add_record(path, record, where, out)


def _add_record(path: Path, record, where: str, out: BatchRead) -> None:
    """One article object of a JSON file, as a raw article or a reject at `where`."""
    if not isinstance(record, dict):
        out.rejects.append(Reject(where, "malformed", "an article must be a JSON object"))
        return
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        out.rejects.append(Reject(where, "no-text", "the record has no text"))
        return
    rid = record.get("id")
    source = f"{path}#{rid}" if rid not in (None, "") else where
    out.articles.append(
        RawArticle(
            source=source,
            text=text,
            title=_optional_str(record.get("title")),
            published=_optional_str(record.get("published")),
            url=_optional_str(record.get("url")),
        )
    )


def _optional_str(value) -> str | None:
    return None if value is None or value == "" else str(value)


def read_batch(batch: list[Part], max_bytes: int) -> BatchRead:
    """Raw articles of a batch of parts, and the inputs that could not be read."""
    out = BatchRead()
    for part in batch:
        got = read_part(part, max_bytes)
        out.articles.extend(got.articles)
        out.rejects.extend(got.rejects)
    return out


def normalized_batch(raw: BatchRead) -> tuple[list[dict], list[dict], list[Reject]]:
    """Document records (one per distinct text), every (doc_id, source) pair, and the batch's rejects with the
    articles that had no text left."""
    from transforms.documents import document_record, unique_documents

    records, rejects = [], list(raw.rejects)
    for a in raw.articles:
        record = document_record(a.source, a.text, a.title, a.published, a.url, title_in_text=a.has_title_line)
        if record is None:
            rejects.append(Reject(a.source, "empty", "no text after normalization"))
        else:
            records.append(record)
    kept, _same_text = unique_documents(records)
    return kept, [{"doc_id": r["doc_id"], "source": r["source"]} for r in records], rejects
