"""Data loaders: find input files, cut them into batches, read a batch into raw articles or rejects."""

from __future__ import annotations

import gzip
import json
import os
import stat
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transforms.web_page import PageArticle
    from warehouse.page_readings import PageReadings

SUFFIXES = (
    ".txt",
    ".json",
    ".jsonl",
    ".jsonl.gz",
    ".html",
    ".htm",
    ".html.gz",
    ".htm.gz",
    ".xml",
    ".rss",
    ".atom",
    ".warc",
    ".warc.gz",
)
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
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
    name: str | None = None  # what its documents and rejects are named by, when not its path (a fetched URL)


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
    # every name an input read here goes by (a file, path#lineN, path#id): a reject under any of them
    # that this read did not make again is cleared when the batch loads
    names: list[str] = field(default_factory=list)
    # records of web archives that are not HTML pages (requests, images, metadata), passed over
    skipped_records: int = 0


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_supported(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def input_files(sources: list[str]) -> list[Path]:
    """Files named by the sources, folders walked recursively (hidden files left out), sorted, each once.

    Files of a format newstally cannot read are listed too: reading them gives an `unsupported` reject,
    so the run says what it left out. URLs are not files: the flow fetches them (`flows/fetch.py`).
    """
    files: dict[str, Path] = {}
    for source in sources:
        if is_url(source):
            continue
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


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _opened(path: Path):
    """A regular file opened for reading in binary; raises NotAFile for a FIFO, device or socket (or a link to one),
    which is never opened for a blocking read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once without a writer, and is refused below
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotAFile(kind)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class NotAFile(OSError):
    """A path that names a FIFO, a device or a socket: reading it could block forever or never end."""


def _compressed(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def count_records(path: Path) -> int:
    """Records in a file: lines of a JSONL file (counted in blocks, whatever a line's length), 1 for anything else.

    A compressed file cut short counts its whole lines and one more, for the reject that says where it ends.
    """
    if not path.name.lower().endswith((".jsonl", ".jsonl.gz")):
        return 1
    n, last = 0, b"\n"
    try:
        with _opened(path) as raw:
            f = gzip.GzipFile(fileobj=raw) if _compressed(path) else raw
            while block := f.read1(1 << 16):  # one read at a time: data before a cut is counted
                n += block.count(b"\n")
                last = block[-1:]
    except (OSError, EOFError, zlib.error):
        return n + 1  # reading the part reports why
    return n + (last != b"\n")


def parts(files: list[Path], batch_size: int, names: dict[str, str] | None = None) -> list[list[Part]]:
    """Files cut into batches of at most `batch_size` records; `names` gives the name a file is read as (a
    fetched file's URL)."""
    batches: list[list[Part]] = [[]]
    room = batch_size
    for path in files:
        try:
            st = path.stat()
            size, mtime = st.st_size, st.st_mtime_ns
            readable = _kind(st.st_mode) is None
        except OSError:
            size, mtime, readable = -1, 0, False
        total = count_records(path) if readable else 1  # reading the part says what is wrong
        first = 0
        while first < total:
            take = min(room, total - first)
            batches[-1].append(Part(str(path), first, first + take, size, mtime, (names or {}).get(str(path))))
            first += take
            room -= take
            if room == 0:
                batches.append([])
                room = batch_size
    return [b for b in batches if b]


def read_part(part: Part, max_bytes: int, readings: PageReadings | None = None) -> BatchRead:
    """The articles and rejects of one part of a file; web pages `readings` holds are not read again."""
    path = Path(part.path)
    if path.is_symlink() and not path.exists():
        out = BatchRead(rejects=[Reject(str(path), "broken-link", f"symbolic link to missing {os.readlink(path)}")])
    elif not is_supported(path):
        out = BatchRead(rejects=[Reject(str(path), "unsupported", UNSUPPORTED)])
    elif path.name.lower().endswith((".jsonl", ".jsonl.gz")):
        out = _read_jsonl(path, part.first, part.stop, max_bytes)
    elif path.name.lower().endswith(".json"):
        out = _read_json(path, max_bytes)
    elif path.name.lower().endswith(PAGE_SUFFIXES):
        out = _read_page(path, max_bytes, readings)
    elif path.name.lower().endswith(FEED_SUFFIXES):
        out = _read_feed(path, max_bytes)
    elif path.name.lower().endswith(WARC_SUFFIXES):
        out = _read_warc(path, max_bytes, readings)
    else:
        out = _read_txt(path, max_bytes)
    if part.first == 0:
        out.names.append(str(path))
    out.names.extend(r.source for r in out.rejects)
    out.names.extend(a.source for a in out.articles)
    return _renamed(out, str(path), part.name) if part.name else out


def _renamed(read: BatchRead, path: str, name: str) -> BatchRead:
    """What a file read gives, named by `name` (a fetched file's URL) instead of its path."""

    def new(source: str) -> str:
        return name + source[len(path) :] if source.startswith(path) else source

    read.articles = [
        replace(a, source=new(a.source), url=a.url or (name if a.source == path else None)) for a in read.articles
    ]
    read.rejects = [replace(r, source=new(r.source)) for r in read.rejects]
    read.names = [new(n) for n in read.names]
    return read


def _file_text(path: Path, max_bytes: int, out: BatchRead) -> str | None:
    """The text of a whole file, or None with its reject added to `out`."""
    source = str(path)
    data = _file_bytes(path, max_bytes, out)
    if data is None:
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


def _read_page(path: Path, max_bytes: int, readings: PageReadings | None) -> BatchRead:
    """A web page (.html, .htm, or either gzipped): its article, or a reject saying why there is none."""
    out, source = BatchRead(), str(path)
    data = _file_bytes(path, max_bytes, out)
    if data is None:
        return out
    article = _page_article(data, None, readings) if data.strip() else None
    if article is None:
        out.rejects.append(Reject(source, "no-article", "no article text in the page (an index, a form, or empty)"))
        return out
    out.articles.append(RawArticle(source, article.text, article.title, article.published, article.url))
    return out


def _read_feed(path: Path, max_bytes: int) -> BatchRead:
    """An RSS or Atom feed: one article per entry (`FILE#entry id`), or a reject for the feed or the entry."""
    from transforms.feed import NotAFeed, feed_entries

    out = BatchRead()
    data = _file_bytes(path, max_bytes, out)
    if data is None:
        return out
    try:
        entries = feed_entries(data)
    except NotAFeed as err:
        out.rejects.append(Reject(str(path), "malformed", _one_line(err)))
        return out
    for entry in entries:
        source = f"{path}#{entry.key}"
        if entry.text:
            out.articles.append(RawArticle(source, entry.text, entry.title, entry.published, entry.url))
        else:
            out.rejects.append(Reject(source, "empty", "a feed entry with neither content nor summary"))
    return out


def _page_article(data: bytes, url: str | None, readings: PageReadings | None) -> PageArticle | None:
    from transforms.web_page import page_article

    return page_article(data, url) if readings is None else readings.article(data, url, page_article)


def _read_warc(path: Path, max_bytes: int, readings: PageReadings | None) -> BatchRead:
    """A web archive (.warc, .warc.gz): one article per HTML response record (`FILE#target URI`), dated by the page
    or else by the capture; other records are counted and passed over; a record cut short is a reject."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    out = BatchRead()
    try:
        with _opened(path) as f:
            # a record whose bytes do not match its digest is damaged: raise, not read on
            for n, record in enumerate(ArchiveIterator(f, check_digests="raise"), 1):
                content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                if record.rec_type != "response" or "html" not in content_type.lower():
                    out.skipped_records += 1
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{uri or f'record{n}'}"
                try:
                    data = record.content_stream().read(max_bytes + 1)
                except (ArchiveLoadFailed, EOFError, zlib.error) as err:
                    out.rejects.append(Reject(source, "truncated", f"a record cut short or damaged: {_one_line(err)}"))
                    break
                if len(data) > max_bytes:
                    out.rejects.append(Reject(source, "too-large", f"over the limit of {max_bytes} bytes"))
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # the archive ended before the record did
                    out.rejects.append(Reject(source, "truncated", "a record cut short: the archive ends inside it"))
                    break
                article = _page_article(data, uri, readings)
                if article is None:
                    out.rejects.append(Reject(source, "no-article", "no article text in the page"))
                    continue
                published = article.published or record.rec_headers.get_header("WARC-Date")
                out.articles.append(RawArticle(source, article.text, article.title, published, article.url or uri))
    except NotAFile as err:
        out.rejects.append(Reject(str(path), "not-a-file", f"{err}, not a regular file"))
    except (ArchiveLoadFailed, EOFError, gzip.BadGzipFile, zlib.error, ValueError) as err:
        if not any(r.reason == "truncated" for r in out.rejects):
            out.rejects.append(Reject(str(path), "truncated", f"a web archive cut short or damaged: {_one_line(err)}"))
    except OSError as err:
        out.rejects.append(Reject(str(path), "unreadable", err.strerror or str(err)))
    return out


def _file_bytes(path: Path, max_bytes: int, out: BatchRead) -> bytes | None:
    """The bytes of a whole file (unzipped when its name ends in .gz), or None with its reject added to `out`."""
    source = str(path)
    try:
        with _opened(path) as raw:
            f = gzip.GzipFile(fileobj=raw) if path.name.lower().endswith(".gz") else raw
            data = f.read(max_bytes + 1)  # the size of what is there, not what stat says
    except NotAFile as err:
        out.rejects.append(Reject(source, "not-a-file", f"{err}, not a regular file"))
        return None
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        out.rejects.append(Reject(source, "truncated", f"not a whole gzip file: {_one_line(err)}"))
        return None
    except OSError as err:
        out.rejects.append(Reject(source, "unreadable", err.strerror or str(err)))
        return None
    if len(data) > max_bytes:
        out.rejects.append(Reject(source, "too-large", f"over the limit of {max_bytes} bytes (NEWSTALLY_MAX_BYTES)"))
        return None
    return data


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
    except RecursionError:
        out.rejects.append(Reject(str(path), "too-deep", "JSON nested too deeply to read"))
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
    n = 0
    try:
        with _opened(path) as raw:
            f = gzip.GzipFile(fileobj=raw) if _compressed(path) else raw
            for n, (line, whole) in enumerate(_lines(f, max_bytes), 1):
                if n > stop:
                    break
                if n > first:
                    _read_json_line(path, n, line, whole, out, max_bytes)
    except NotAFile as err:
        out.rejects.append(Reject(str(path), "not-a-file", f"{err}, not a regular file"))
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        if n == 0:
            out.rejects.append(Reject(str(path), "unreadable", _one_line(err)))
        else:  # the records before the cut are read; the cut itself is one reject
            out.rejects.append(Reject(f"{path}#line{n + 1}", "truncated", f"the file ends early, after line {n}"))
    except OSError as err:
        out.rejects.append(Reject(str(path), "unreadable", _one_line(err)))
    return out


def _one_line(err: BaseException) -> str:
    return " ".join((getattr(err, "strerror", None) or str(err)).split())


def _lines(f, limit: int):
    """(line, whole) for each line of a binary file, none held longer than `limit` + 1 bytes: a longer line comes
    cut (whole is False) and the rest of it is skipped unread."""
    while line := f.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield line, False
        else:
            yield line, True


def _read_json_line(path: Path, line_no: int, line: bytes, whole: bool, out: BatchRead, max_bytes: int) -> None:
    where = f"{path}#line{line_no}"
    if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]  # a byte-order mark
    if not line.strip():
        return
    if not whole or len(line) > max_bytes:
        out.rejects.append(Reject(where, "too-large", f"over the limit of {max_bytes} bytes (NEWSTALLY_MAX_BYTES)"))
        return
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as err:
        out.rejects.append(Reject(where, "encoding", f"not valid UTF-8 at byte {err.start}"))
        return
    except json.JSONDecodeError as err:
        out.rejects.append(Reject(where, "malformed", f"not JSON: {err.msg} at column {err.colno}"))
        return
    except RecursionError:
        out.rejects.append(Reject(where, "too-deep", "JSON nested too deeply to read"))
        return
    _add_record(path, record, where, out)


def _add_record(path: Path, record, where: str, out: BatchRead) -> None:
    """One article object of a JSON file, as a raw article or a reject at `where`."""
    if not isinstance(record, dict):
        out.rejects.append(Reject(where, "malformed", "an article must be a JSON object"))
        return
    rid = record.get("id")
    source = f"{path}#{rid}" if isinstance(rid, str | int) and rid != "" else where
    if source != where:
        out.names.append(where)  # a reject made under the line's name clears once the record loads
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        out.rejects.append(Reject(source, "no-text", "the record has no text"))
        return
    if bad := _not_unicode(record, ("id", "text", "title", "published", "url")):
        name = where if bad == "id" else source
        out.rejects.append(Reject(name, "invalid-unicode", f"{bad} holds a lone surrogate, which is not text"))
        return
    out.articles.append(
        RawArticle(
            source=source,
            text=text,
            title=_optional_str(record.get("title")),
            published=_optional_str(record.get("published")),
            url=_optional_str(record.get("url")),
        )
    )


def _not_unicode(record: dict, keys: tuple[str, ...]) -> str | None:
    """The first field whose string cannot be written as UTF-8 (JSON can escape lone surrogates)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return key
    return None


def _optional_str(value) -> str | None:
    return None if value is None or value == "" else str(value)


def read_batch(batch: list[Part], max_bytes: int, readings: PageReadings | None = None) -> BatchRead:
    """Raw articles of a batch of parts, and the inputs that could not be read; web pages `readings` holds are not
    read again."""
    out = BatchRead()
    for part in batch:
        got = read_part(part, max_bytes, readings)
        out.articles.extend(got.articles)
        out.rejects.extend(got.rejects)
        out.names.extend(got.names)
        out.skipped_records += got.skipped_records
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
