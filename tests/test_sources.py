"""Finding and reading input files: .txt, .jsonl, .jsonl.gz, and what cannot be read."""

import gzip
import json

import pytest

from flows.sources import Part, SourceError, input_files, parts, read_part


def read_all(paths, batch_size=100, max_bytes=10_000_000):
    articles, rejects = [], []
    for batch in parts([*paths], batch_size):
        for part in batch:
            got = read_part(part, max_bytes)
            articles += got.articles
            rejects += got.rejects
    return articles, rejects


def test_folders_are_walked_recursively_and_unsupported_files_are_rejected_by_name(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("Hello there.")
    (tmp_path / "y.jsonl").write_text("")
    (tmp_path / "notes.docx").write_text("not text")
    (tmp_path / ".hidden.txt").write_text("left out")
    files = input_files([str(tmp_path)])
    assert [p.name for p in files] == ["x.txt", "notes.docx", "y.jsonl"]
    got = read_part(Part(str(tmp_path / "notes.docx"), 0, 1, 8, 0), 1000)
    ((reason, detail),) = [(r.reason, r.detail) for r in got.rejects]
    assert reason == "unsupported" and detail.startswith("newstally reads .txt, .json, .jsonl, .jsonl.gz, .html")


def test_a_json_file_holds_one_article_or_a_list_of_them(tmp_path):
    one, many, bad = tmp_path / "one.json", tmp_path / "many.json", tmp_path / "bad.json"
    one.write_text(json.dumps({"id": "a1", "title": "Storm", "text": "A storm killed 12 people."}))
    many.write_text(json.dumps([{"text": "Two died."}, {"title": "no text"}, "not an object"]))
    bad.write_text("{not json")
    got = read_part(Part(str(one), 0, 1, 0, 0), 10_000)
    assert [(a.source, a.title) for a in got.articles] == [(f"{one}#a1", "Storm")]
    got = read_part(Part(str(many), 0, 1, 0, 0), 10_000)
    assert [a.source for a in got.articles] == [f"{many}#item1"]
    assert [(r.source, r.reason) for r in got.rejects] == [(f"{many}#item2", "no-text"), (f"{many}#item3", "malformed")]
    assert [r.reason for r in read_part(Part(str(bad), 0, 1, 0, 0), 10_000).rejects] == ["malformed"]


def test_missing_source_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        input_files([str(tmp_path / "nope")])


def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    lines = [
        json.dumps(
            {"id": "a1", "title": "T", "text": "Ten people died.", "published": "2020-03-05", "url": "http://x"}
        ),
        "{not json",
        json.dumps({"id": "a2", "title": "no text"}),
        json.dumps({"id": "a3", "text": "Two more."}),
    ]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    articles, rejects = read_all([path], batch_size=3)
    assert [a.source for a in articles] == [f"{path}#a1", f"{path}#a3"]
    assert articles[0].title == "T" and articles[0].published == "2020-03-05"
    assert [(r.source, r.reason) for r in rejects] == [(f"{path}#line2", "malformed"), (f"{path}#a2", "no-text")]


def test_batches_split_large_files(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": f"Item {i}."}) for i in range(7)) + "\n")
    batches = parts([path], 3)
    assert [[(p.first, p.stop) for p in b] for b in batches] == [[(0, 3)], [(3, 6)], [(6, 7)]]
    articles, _ = read_all([path], batch_size=3)
    assert len(articles) == 7


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 au lait", "encoding"),
    ],
)
def test_bad_text_files_are_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    articles, rejects = read_all([path])
    assert not articles and [(r.source, r.reason) for r in rejects] == [(str(path), reason)]
    assert "\n" not in rejects[0].detail


def test_too_large_files_are_rejected(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    _, rejects = read_all([path], max_bytes=100)
    assert rejects[0].reason == "too-large"
