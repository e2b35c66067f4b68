"""Ingest: inputs become Documents; bad documents become Problems and never cost good ones."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import clean_text, collect, is_iso_date
from kg.model import Document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_a670601aa552f2e4.txt"

ARTICLE_HTML = """<!DOCTYPE html>
<html><head>
<title>Talks resume in Doha | World News</title>
<meta property="og:title" content="Talks resume in Doha">
<meta name="date" content="2024-03-05">
<link rel="canonical" href="https://example.org/doha-talks">
<script>var tracking = "SCRIPTMARKER";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> NAVMARKER menu</nav>
<article>
<h1>Talks resume in Doha</h1>
<p>Negotiators from Israel and Hamas resumed indirect talks in Doha on Tuesday, mediated by
Qatar and Egypt, officials said.</p>
<p>The United States envoy said a ceasefire agreement could be reached within days if both
sides accept the framework proposal for a hostage exchange.</p>
</article>
<script>console.log("SCRIPTMARKER2");</script>
<footer>Copyright 2024 FOOTERMARKER. All rights reserved.</footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTML extraction must work offline: any attempt to open a socket fails the test."""

    class NoSocket(socket.socket):  # a class, so annotations like ``socket.socket | int`` work
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("ingest tried to use the network")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to use the network")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_directory_of_mixed_files(tmp_path: Path, no_network: None) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Plain text about talks in Cairo.\n")
    write(root / "a.md", "Intro line\n\n# Envoy visits Riyadh\n\nThe envoy met officials.\n")
    write(root / "sub" / "deeper" / "c.txt", "Nested article.\n")
    write(root / "page.html", ARTICLE_HTML)
    write(root / "feed.jsonl", jsonl({"id": "j1", "text": "From JSONL.", "title": "J"}))
    write(root / "notes.csv", "ignored,file\n")
    write(root / ".hidden.txt", "hidden file\n")
    write(root / ".git" / "x.txt", "hidden dir\n")

    docs, problems = collect([str(root)])

    assert problems == []
    assert [d.id for d in docs] == ["a.md", "b.txt", "j1", "page.html", "sub/deeper/c.txt"]
    by_id = {d.id: d for d in docs}
    assert by_id["a.md"].title == "Envoy visits Riyadh"
    # the heading mark is blanked (markup, not text), so every offset is still the file's
    assert by_id["a.md"].text.startswith("Intro line\n\n  Envoy visits Riyadh")
    assert by_id["b.txt"].title is None
    assert by_id["b.txt"].text == "Plain text about talks in Cairo.\n"
    assert by_id["b.txt"].source == str(root / "b.txt")
    assert by_id["sub/deeper/c.txt"].text == "Nested article.\n"
    assert by_id["j1"].source == f"{root / 'feed.jsonl'}:1"
    assert by_id["j1"].title == "J"
    assert by_id["page.html"].title == "Talks resume in Doha"
    # Same input, same order: ids are deterministic regardless of filesystem order.
    assert [d.id for d in collect([str(root)])[0]] == [d.id for d in docs]


def test_html_keeps_article_drops_boilerplate(tmp_path: Path, no_network: None) -> None:
    page = write(tmp_path / "page.htm", ARTICLE_HTML)

    (doc,), problems = collect([str(page)])

    assert problems == []
    assert doc.id == "page.htm"
    assert "resumed indirect talks in Doha" in doc.text
    assert "hostage exchange" in doc.text
    for marker in ("SCRIPTMARKER", "NAVMARKER", "FOOTERMARKER", "tracking"):
        assert marker not in doc.text
    assert doc.title == "Talks resume in Doha"
    assert doc.date == "2024-03-05"
    assert doc.url == "https://example.org/doha-talks"


def test_html_without_article_is_a_problem(tmp_path: Path, no_network: None) -> None:
    page = write(tmp_path / "empty.html", "<html><head><script>x()</script></head><body></body>")
    good = write(tmp_path / "good.txt", "Good text.")

    docs, problems = collect([str(page), str(good)])

    assert [d.id for d in docs] == ["good.txt"]
    assert len(problems) == 1
    assert problems[0].source == str(page)
    assert "no article text found in HTML" in problems[0].message
    assert str(page) in problems[0].message


def test_jsonl_bad_lines_do_not_cost_good_ones(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "a", "text": "Alpha.", "date": "2024", "url": "https://e.org/a"},
            '{"id": "broken", "text": ',
            {"id": "b", "text": "Beta.", "date": "2024-03"},
            {"id": "notext", "title": "no text here"},
            "",
            {"id": "c", "text": "Gamma.", "date": "2024-03-05"},
            {"id": "baddate", "text": "Delta.", "date": "05/03/2024"},
            {"id": "a", "text": "Alpha again."},
            {"id": "d", "text": "Epsilon.", "date": "2024-03-05T10:15:00Z"},
            ["not", "an", "object"],
            {"text": "no id"},
            {"id": "e", "text": "   "},
            {"id": "f", "text": "Zeta.", "title": 5},
        ),
    )

    docs, problems = collect([str(feed)])

    assert [d.id for d in docs] == ["a", "b", "c", "d"]
    assert docs[0] == Document(
        id="a", text="Alpha.", date="2024", url="https://e.org/a", source=f"{feed}:1"
    )
    assert docs[3].date == "2024-03-05T10:15:00Z"
    by_line = {p.source.rsplit(":", 1)[1]: p.message for p in problems}
    assert sorted(by_line, key=int) == ["2", "4", "7", "8", "10", "11", "12", "13"]
    for line, message in by_line.items():
        assert message.startswith(f"{feed}:{line}: ")
        assert "\n" not in message
    assert "invalid JSON" in by_line["2"]
    assert '"text"' in by_line["4"]
    assert "ISO 8601" in by_line["7"] and "YYYY-MM-DD" in by_line["7"]
    assert "duplicate id 'a'" in by_line["8"] and f"{feed}:1" in by_line["8"]
    assert "object" in by_line["10"]
    assert '"id"' in by_line["11"]
    assert '"text"' in by_line["12"]
    assert '"title" must be a string' in by_line["13"]


def test_jsonl_crlf_bom_and_non_utf8_line(tmp_path: Path) -> None:
    lines = [
        b'\xef\xbb\xbf{"id": "x", "text": "one\\r\\ntwo"}',
        b'{"id": "latin", "text": "caf\xe9"}',
        b'{"id": "y", "text": "three"}',
    ]
    feed = write(tmp_path / "feed.jsonl", b"\r\n".join(lines) + b"\r\n")

    docs, problems = collect([str(feed)])

    assert [(d.id, d.text) for d in docs] == [("x", "one\ntwo"), ("y", "three")]
    assert [p.source for p in problems] == [f"{feed}:2"]
    assert "not UTF-8" in problems[0].message


def test_bad_files_are_problems_and_others_kept(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "empty.txt", "")
    write(root / "blank.md", "  \n\t\n")
    write(root / "binary.txt", b"GIF89a\x00\x01\x02\x00\xff")
    write(root / "latin1.txt", "Café in Genève".encode("latin-1"))
    write(root / "ok.txt", "Fine.")
    seed = SEED

    docs, problems = collect([str(root), str(seed)])

    assert [d.id for d in docs] == ["ok.txt", SEED.name]
    assert docs[1].text == SEED.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert docs[1].source == str(SEED)
    messages = {Path(p.source).name: p.message for p in problems}
    assert set(messages) == {"empty.txt", "blank.md", "binary.txt", "latin1.txt"}
    assert "empty file" in messages["empty.txt"]
    assert "empty file" in messages["blank.md"]
    assert "not UTF-8" in messages["binary.txt"] and "convert it to UTF-8" in messages["binary.txt"]
    assert "not UTF-8" in messages["latin1.txt"]
    for p in problems:
        assert p.message.startswith(f"{p.source}: ")


def test_seed_directory_ids(tmp_path: Path) -> None:
    docs, problems = collect([str(SEED.parent) + "/"])
    assert problems == []
    assert SEED.name in [d.id for d in docs]


def test_crlf_and_bom_normalised(tmp_path: Path) -> None:
    txt = write(tmp_path / "win.txt", b"\xef\xbb\xbfLine one\r\nLine two\r\n")
    md = write(tmp_path / "win.md", b"\xef\xbb\xbf# Title here\r\n\r\nBody\r\n")

    docs, problems = collect([str(txt), str(md)])

    assert problems == []
    assert docs[0].text == "Line one\nLine two\n"
    assert docs[1].text == "  Title here\n\nBody\n"
    assert docs[1].title == "Title here"


def test_duplicate_ids_across_inputs(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "same.txt", "First.")
    second = write(tmp_path / "b" / "same.txt", "Second.")

    docs, problems = collect([str(first), str(second)])

    assert [d.text for d in docs] == ["First."]
    assert len(problems) == 1
    assert problems[0].source == str(second)
    assert str(first) in problems[0].message


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p / "missing.txt", "no such file or directory; check the path"),
        (lambda p: (p / "emptydir").mkdir() or p / "emptydir", "no .txt, .md, .html or .jsonl"),
        (lambda p: write(p / "data.pdf", b"%PDF-1.4"), ".txt, .md, .html/.htm or .jsonl"),
    ],
    ids=["missing", "empty-dir", "unsupported"],
)
def test_unusable_inputs_raise(tmp_path: Path, make, expected: str) -> None:
    path = make(tmp_path)
    good = write(tmp_path / "good.txt", "Good.")
    with pytest.raises(InputError) as info:
        collect([str(good), str(path)])
    message = str(info.value)
    assert str(path) in message
    assert expected in message
    assert "\n" not in message


def test_directory_with_only_unsupported_files_raises(tmp_path: Path) -> None:
    write(tmp_path / "d" / "x.pdf", b"%PDF")
    write(tmp_path / "d" / ".hidden.txt", "hidden")
    with pytest.raises(InputError, match=r"no \.txt, \.md, \.html or \.jsonl files found"):
        collect([str(tmp_path / "d")])


def test_stdin_binary_and_text_streams() -> None:
    docs, problems = collect(["-"], stdin=io.BytesIO(b"\xef\xbb\xbfFrom a pipe.\r\n"))
    assert problems == []
    assert docs == [Document(id="stdin", text="From a pipe.\n", source="<stdin>")]

    docs, problems = collect(["-"], stdin=io.StringIO("Typed text."))
    assert [d.text for d in docs] == ["Typed text."]

    docs, problems = collect(["-"], stdin=io.BytesIO(b"\x00\x01binary"))
    assert docs == []
    assert problems[0].source == "<stdin>"
    assert "not UTF-8" in problems[0].message


def test_stdin_mixed_with_files(tmp_path: Path) -> None:
    txt = write(tmp_path / "a.txt", "File text.")
    docs, problems = collect([str(txt), "-"], stdin=io.BytesIO(b"Piped text."))
    assert problems == []
    assert [d.id for d in docs] == ["a.txt", "stdin"]


@pytest.mark.parametrize(
    "value",
    [
        "2024",
        "2024-03",
        "2024-03-05",
        "2024-03-05T10:15",
        "2024-03-05T10:15:00+02:00",
        "2024-03-05T10:15:00.5Z",
    ],
)
def test_iso_dates_accepted(value: str) -> None:
    assert is_iso_date(value)


@pytest.mark.parametrize(
    "value", ["", "yesterday", "05/03/2024", "2024-13", "2024-02-30", "24-03-05", "2024-03-05 junk"]
)
def test_non_iso_dates_rejected(value: str) -> None:
    assert not is_iso_date(value)


records = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.text(min_size=1, max_size=20).filter(clean_text),
            "text": st.text(min_size=1, max_size=200).filter(lambda t: clean_text(t).strip()),
        }
    ),
    min_size=1,
    max_size=15,
    unique_by=lambda r: clean_text(r["id"]),
)


@settings(max_examples=60, deadline=None)
@given(records=records)
def test_jsonl_round_trips_ids_and_texts(tmp_path_factory, records) -> None:
    path = tmp_path_factory.mktemp("rt") / "feed.jsonl"
    # ensure_ascii=False exercises real UTF-8 encoding of arbitrary text, not just escapes.
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    docs, problems = collect([str(path)])
    assert [p for p in problems if p.skipped] == []  # warnings only (text that is not English)
    assert [(d.id, d.text) for d in docs] == [
        (clean_text(r["id"]), clean_text(r["text"])) for r in records
    ]


DATA = Path(__file__).resolve().parent / "data"


def test_news_page_gives_the_article_only(tmp_path: Path, no_network: None) -> None:
    # a page as news sites serve it: menus, a cookie banner, scripts, JSON-LD, an HTML comment,
    # a related-links box inside the article, readers' comments and a footer
    (doc,), problems = collect([str(DATA / "news-article.html")])
    assert problems == []
    assert doc.title == "Qatar and Egypt press Hamas and Israel to extend truce"
    assert doc.date == "2024-03-05"
    assert doc.url == "https://ledger.example/world/2024/03/05/truce-talks"
    for sentence in (
        "Qatar and Egypt mediated a new round of indirect talks between Hamas and Israel",
        "Hamas accused Israel of delaying the release of prisoners.",
        "Cairo would host the next meeting.",
    ):
        assert sentence in doc.text
    markers = ("NAV", "COOKIE", "ADSCRIPT", "HTMLCOMMENT", "RELATED", "COMMENT", "FOOTER", "TRACK")
    for marker in markers:
        assert f"{marker}MARKER" not in doc.text


def test_page_that_is_not_an_article_is_skipped_with_the_reason(
    tmp_path: Path, no_network: None
) -> None:
    good = write(tmp_path / "good.txt", "Qatar mediated talks between Hamas and Israel.")
    docs, problems = collect([str(DATA / "news-front-page.html"), str(good)])
    assert [d.id for d in docs] == ["good.txt"]
    (problem,) = problems
    assert problem.message.startswith(f"{DATA / 'news-front-page.html'}: no article text found")
    assert "not an article" in problem.message


def test_any_failure_reading_one_document_costs_only_that_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    page = write(tmp_path / "page.html", ARTICLE_HTML)
    good = write(tmp_path / "good.txt", "Good text.")
    docs, problems = collect([str(page), str(good)])
    assert [d.id for d in docs] == ["good.txt"]
    (problem,) = problems
    assert problem.message == (
        f"{page}: cannot be read (ImportError: lxml.html.clean module is now a separate "
        "project lxml_html_clean)"
    )


def collect_within(seconds: float, inputs: list[str]):
    """``collect`` in a thread, failing the test instead of hanging it."""
    import threading

    outcome: list = []

    def run() -> None:
        try:
            outcome.append(collect(inputs))
        except InputError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"collect({inputs}) did not return within {seconds} s"
    if isinstance(outcome[0], InputError):
        raise outcome[0]
    return outcome[0]


def test_named_pipe_in_a_folder_is_reported_not_waited_on(tmp_path: Path) -> None:
    import os

    write(tmp_path / "a.txt", "Good text.")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "feed.jsonl")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    docs, problems = collect_within(10, [str(tmp_path)])
    assert [d.id for d in docs] == ["a.txt"]
    assert sorted(p.message for p in problems) == [
        f"{tmp_path / 'feed.jsonl'}: cannot read (a named pipe, not a regular file)",
        f"{tmp_path / 'pipe.txt'}: cannot read (a named pipe, not a regular file)",
        f"{tmp_path / 'zero.txt'}: cannot read (a character device, not a regular file)",
    ]


def test_pipe_or_device_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(
        InputError, match=r"pipe\.txt: a named pipe, not a regular file; .*kg build -"
    ):
        collect_within(10, [str(tmp_path / "pipe.txt")])
    with pytest.raises(InputError, match=r"^/dev/zero: a character device, not a regular file"):
        collect(["/dev/zero"])


def test_nul_bytes_in_utf8_are_removed_not_called_another_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "nul.txt", b"Qatar mediated\x00 talks in Doha.\n")
    (doc,), problems = collect([str(path)])
    assert problems == []
    assert doc.text == "Qatar mediated talks in Doha.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\ufeffTalks in Doha.".encode("utf-16-le"), "UTF-16 text; convert it to UTF-8"),
        ("\ufeffTalks in Doha.".encode("utf-16-be"), "UTF-16 text; convert it to UTF-8"),
        ("Talks in Doha.".encode("utf-16-le"), "not UTF-8 text (binary or another encoding)"),
        (b"Talks\nin Doha \xe9t\xe9.", "(byte 0xe9 on line 2 is not UTF-8)"),
    ],
)
def test_other_encodings_are_named(tmp_path: Path, data: bytes, expected: str) -> None:
    path = write(tmp_path / "other.txt", data)
    docs, (problem,) = collect([str(path)])
    assert docs == []
    assert expected in problem.message


def test_control_characters_cleaned_where_text_enters(tmp_path: Path) -> None:
    record = {
        "id": "bell\u0007",
        "text": "Talks\u000bresumed\u000cin Doha\u0007 on Monday.\r\nHamas \ud800agreed.",
        "title": "Truce\u0001 talks",
        "url": "https://example.org/a page?q=<x>",
    }
    feed = write(tmp_path / "feed.jsonl", jsonl(record, {"id": "rel", "text": "T.", "url": "/a"}))
    (doc, relative), problems = collect([str(feed)])
    assert problems == []
    assert doc.id == "bell"
    assert doc.text == "Talks\nresumed\nin Doha on Monday.\nHamas \ufffdagreed."
    assert doc.title == "Truce talks"
    assert doc.url == "https://example.org/a%20page?q=%3Cx%3E"
    assert relative.url is None  # a relative address would resolve against each reader's base


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت قطر ومصر أن المحادثات بين حماس وإسرائيل ستستأنف في الدوحة يوم الثلاثاء المقبل.",
        "卡塔尔和埃及周一表示哈马斯与以色列之间的间接谈判将于下周二在多哈恢复。" * 2,
    ],
)
def test_text_not_in_english_is_built_with_a_warning(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "foreign.txt", text)
    (doc,), (warning,) = collect([str(path)])
    assert doc.text == text
    assert not warning.skipped
    assert warning.message.startswith(f"{path}: only 0% of the letters are Latin: kg reads English")


def test_english_with_names_in_other_scripts_is_not_warned(tmp_path: Path) -> None:
    text = (
        "Qatar and Egypt mediated talks in Doha (الدوحة) between Hamas and Israel on Monday, "
        "officials said, and the talks will resume in Beijing (北京) next week."
    )
    assert collect([str(write(tmp_path / "a.txt", text))])[1] == []


@settings(max_examples=80, deadline=None)
@given(
    blobs=st.lists(st.binary(max_size=300), min_size=1, max_size=4),
    lines=st.lists(
        st.one_of(
            st.binary(max_size=80),
            st.builds(lambda i, t: json.dumps({"id": i, "text": t}).encode(), st.text(), st.text()),
        ),
        max_size=6,
    ),
)
def test_arbitrary_bytes_never_cost_the_good_document(tmp_path_factory, blobs, lines) -> None:
    from kg.ingest import _UNWRITABLE

    root = tmp_path_factory.mktemp("fuzz")
    write(root / "good.txt", "Qatar mediated talks between Hamas and Israel.")
    for number, blob in enumerate(blobs):
        write(root / f"blob{number}.txt", blob)
    write(root / "feed.jsonl", b"\n".join(lines))

    docs, problems = collect([str(root)])

    assert "good.txt" in {d.id for d in docs}
    for doc in docs:
        assert doc.text.strip() and doc.id
        assert not set(map(ord, doc.text + doc.id)) & (_UNWRITABLE.keys() | {ord("\r")})
        doc.text.encode("utf-8")  # no lone surrogate is left
    for problem in problems:
        assert problem.message.startswith(f"{problem.source}: ")
        assert "\n" not in problem.message
