"""Loaders: boilerplate rules, title detection, every kind of bad input, and the real corpora."""

from __future__ import annotations

import codecs
import json
import tracemalloc
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from newskg.errors import InputProblem
from newskg.loaders.article import Article, article_id
from newskg.loaders.boilerplate import breadcrumb_segments, clean_lines, is_chrome, is_end_marker
from newskg.loaders.discover import iter_articles
from newskg.loaders.reading import parse_date
from newskg.loaders.text import parse_plain_text

DATA = Path(__file__).parent / "data" / "loaders"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEEDS = CORPUS / "seeds"
ISAF = CORPUS / "isaf"


def load(*paths: str | Path, max_bytes: int = 5_000_000) -> tuple[list[Article], list[InputProblem]]:
    problems: list[InputProblem] = []
    articles = list(iter_articles(list(paths), on_problem=problems.append, max_bytes=max_bytes))
    return articles, problems


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def messages(problems: list[InputProblem]) -> list[str]:
    return [str(p) for p in problems]


# --- boilerplate: single lines -------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Share this", True),
        ("Share this article", True),
        ("Most read in News", True),
        ("Most popular", True),
        ("READ MORE SUN STORIES", True),
        ("Read more: Taliban seize Kunduz", True),
        ("Also read: How the offensive unfolded", True),
        ("RELATED: Fighting spreads to the north", True),
        ("Advertisement", True),
        ("Story continues below advertisement", True),
        ("Get the latest", True),
        ("Stay Informed: Get the Latest Updates and Insights", True),
        ("Sign up to our newsletter", True),
        ("Follow us on Twitter", True),
        ("Join our Telegram channel for breaking news", True),
        ("We use cookies to give you the best experience on our website.", True),
        ("By continuing to browse the site you agree to our use of cookies.", True),
        ("© 2021 Afghanistan Times. All rights reserved.", True),
        ("Photo: Reuters", True),
        ("untitled design", True),
        ("Untitled design (12)", True),
        ("IMG_2041.jpg", True),
        ("Reporting by Olena Petrenko in Kyiv; Editing by Mark Stone", True),
        ("Tweet", True),
        ("For Immediate Release", True),
        ("FOR IMMEDIATE RELEASE", True),
        ("Embargoed until 10:00 GMT", True),
        ("The detainees were set free for immediate release to their families.", False),
        # article sentences that merely start like chrome stay
        ("Share prices in Kabul fell sharply after the announcement.", False),
        ("Most of the fighters had left the city by Sunday, residents said.", False),
        ("The EU said many websites use cookies without asking their visitors for consent.", False),
        ("Photographs of the attack were shared widely on social media.", False),
        ("Read the full statement below.", False),
        ("Most recent figures show that 300 civilians died in July.", False),
        ("Most read the statement as a rejection of the talks.", False),
        ("See more photos", True),
        ("Read more »", True),
        ("Read more about the offensive in our explainer.", False),
        ("Untitled works by Afghan painters went on show in Herat.", False),
        ("Kabul", False),
    ],
)
def test_chrome_lines(line: str, chrome: bool) -> None:
    assert is_chrome(line) is chrome


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("Check Also", True),
        ("You may also like", True),
        ("You might also like:", True),
        ("Related Posts", True),
        ("Related Articles", True),
        ("About admin", True),
        ("About the author", True),
        ("Leave a Reply", True),
        ("12 Comments", True),
        ("More from Reuters", True),
        ("Recommended for you", True),
        ("About Afghanistan", False),  # a subheading, not an author box
        ("Check also the latest figures from the UN.", False),
        ("More news on the offensive is expected later today.", False),
        ("More news from Kabul", True),
        ("The latest news from the front suggests the city has fallen.", False),
        ("Related talks are expected next week in Doha.", False),
    ],
)
def test_end_markers(line: str, marker: bool) -> None:
    assert is_end_marker(line) is marker


@pytest.mark.parametrize(
    ("line", "segments"),
    [
        ("Home / Latest Updates / US condemns Taliban takeover of cities", ["Home", "Latest Updates", "US condemns Taliban takeover of cities"]),
        ("Home » World » Asia", ["Home", "World", "Asia"]),
        ("News > Asia > Afghanistan", ["News", "Asia", "Afghanistan"]),
        ("Taliban seize Kabul | Reuters", None),
        ("The clinic is open 24 / 7 for the wounded.", None),
        ("Fighting in Herat / Kandahar continued for a week, officials said.", None),
    ],
)
def test_breadcrumbs(line: str, segments: list[str] | None) -> None:
    assert breadcrumb_segments(line) == segments


# --- boilerplate: whole texts --------------------------------------------------------------

LEDE = "Fighting broke out in the city on Sunday, officials said, and continued overnight."
SECOND = "Residents said hundreds of families had fled towards the provincial capital."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # WordPress theme: "Check Also" and the teasers after it go
        (f"{LEDE}\n\nCheck Also\n\nOther story headline\n\nTeaser text …", LEDE),
        # author box followed by related content
        (f"{LEDE}\n\nAbout admin\n\nCheck Also\n\nTeaser", LEDE),
        # an end marker before any article text is only dropped
        (f"You may also like\n{LEDE}", LEDE),
        # tabloid: mid-article widget, then repeated paragraphs
        (f"{LEDE}\n{SECOND}\nMost read in World\n{LEDE}\nREAD MORE MIRROR STORIES\n{SECOND}\nEnd of story text here.", f"{LEDE}\n{SECOND}\nEnd of story text here."),
        # repeats differing only in whitespace are repeats
        (f"{LEDE}\n\n  {LEDE.replace(' ', '  ')}  ", LEDE),
        # short repeated lines (a separator, a one-word line) are kept
        (f"{LEDE}\n---\n{SECOND}\n---", f"{LEDE}\n---\n{SECOND}\n---"),
        # share bar, ads and newsletter prompts between paragraphs
        (f"{LEDE}\n\nShare this:\n\nAdvertisement\n\n{SECOND}\n\nSubscribe to our newsletter", f"{LEDE}\n\n{SECOND}"),
        # cookie banner at the top, copyright at the bottom
        (f"This website uses cookies to improve your experience.\n{LEDE}\n© 2024 Example Media", LEDE),
        # non-breaking-space lines are blank lines; blank runs collapse
        (f"{LEDE}\n\u00a0\n\n\n{SECOND}\n\n", f"{LEDE}\n\n{SECOND}"),
    ],
)
def test_clean_lines(text: str, expected: str) -> None:
    assert "\n".join(clean_lines(text).lines) == expected


# --- plain text: date marker, title, publisher ---------------------------------------------

@pytest.mark.parametrize(
    ("text", "title", "publisher", "published", "starts"),
    [
        # seed style: date marker glued to the first sentence, no title
        (f" date 2021-08-08 {LEDE}\n{SECOND}", None, None, date(2021, 8, 8), "Fighting broke out"),
        # breadcrumb naming the title, title, outlet line (AT News style)
        (f"Home / Latest Updates / Taliban take two more cities\n\nTaliban take two more cities\n\nAT News\n\nKABUL: {LEDE}", "Taliban take two more cities", "AT News", None, "KABUL:"),
        # tabloid: headline directly followed by the lede, no blank line
        (f"Taliban warns troops will be 'treated as invaders' after deadline\n{LEDE}\n{SECOND}", "Taliban warns troops will be 'treated as invaders' after deadline", None, None, "Fighting"),
        # headline ending in a quotation
        (f"Envoy in Moscow: “We will not attack the border”\n\n{LEDE}", "Envoy in Moscow: “We will not attack the border”", None, None, "Fighting"),
        # image placeholder before the headline
        (f"untitled design\n\nDelegation arrives in Moscow for talks\n\n{LEDE}", "Delegation arrives in Moscow for talks", None, None, "Fighting"),
        # a question headline needs a blank line after it
        (f"What happens to the interpreters now?\n\n{LEDE}", "What happens to the interpreters now?", None, None, "Fighting"),
        (f"What happens now?\n{LEDE}", None, None, None, "What happens now?"),
        # wire style: "Published:" line, byline, agency credit
        (f"Published: 13 August 2021 06:45 GMT\nKandahar falls to the Taliban\n\nBy Jane Doe and Ali Khan\n\n{LEDE}", "Kandahar falls to the Taliban", None, date(2021, 8, 13), "Fighting"),
        (f"Kandahar falls to the Taliban\n\nReuters\n\n{LEDE}", "Kandahar falls to the Taliban", "Reuters", None, "Fighting"),
        # a section label under the title is not a publisher
        (f"Kandahar falls to the Taliban\n\nBreaking News\n\n{LEDE}", "Kandahar falls to the Taliban", None, None, "Breaking News"),
        # a dateline or a reference code is not a title
        (f"KABUL, Afghanistan (Jan. 10, 2011) –\n{LEDE}", None, None, None, "KABUL"),
        (f"2013-01-S-022\n\n{LEDE}", None, None, None, "2013-01-S-022"),
        # a first line that is a sentence is not a title
        (f"{LEDE}\n\n{SECOND}", None, None, None, "Fighting"),
        # markdown heading; a headline starting with an acronym and a comma
        (f"# Talks resume in Doha\n\n{LEDE}", "Talks resume in Doha", None, None, "Fighting"),
        (f"NATO, Taliban trade blame over convoy attack\n\n{LEDE}", "NATO, Taliban trade blame over convoy attack", None, None, "Fighting"),
        # a single short paragraph stays the text
        ("Taliban take Kunduz", None, None, None, "Taliban take Kunduz"),
        # an impossible marker date is ignored
        (f"date 2021-02-30 {LEDE}", None, None, None, "Fighting"),
    ],
)
def test_parse_plain_text(text: str, title: str | None, publisher: str | None, published: date | None, starts: str) -> None:
    parsed = parse_plain_text(text, warn=lambda message: None)
    assert (parsed.title, parsed.publisher, parsed.published) == (title, publisher, published)
    assert parsed.text.startswith(starts)


@pytest.mark.parametrize(
    ("value", "expected", "warned"),
    [
        ("2021-08-08", date(2021, 8, 8), False),
        ("2021-8-8", date(2021, 8, 8), False),
        ("2021-08-09T14:30:00+04:30", date(2021, 8, 9), False),
        ("2021-08-09T23:30:00Z", date(2021, 8, 9), False),
        ("2021-08-09 10:00:00", date(2021, 8, 9), False),
        ("2021/08/07", date(2021, 8, 7), False),
        ("2021.8.7 10:00", date(2021, 8, 7), False),
        ("Sun, 08 Aug 2021 10:00:00 GMT", date(2021, 8, 8), False),
        ("August 7, 2021", date(2021, 8, 7), False),
        ("08/07/2021", None, True),  # day or month first? not guessed
        ("Sat 7 Aug 2021 12:00 GMT", date(2021, 8, 7), False),
        ("", None, False),
        ("2021-13-45", None, True),
        ("February 30, 2021", None, True),
        ("yesterday", None, True),
    ],
)
def test_parse_date(value: str, expected: date | None, warned: bool) -> None:
    warnings: list[str] = []
    assert parse_date(value, warn=warnings.append) == expected
    assert bool(warnings) is warned


# --- hand-made articles in several sites' styles --------------------------------------------

def test_hand_made_text_articles() -> None:
    articles, problems = load(DATA / "wordpress_breadcrumb.txt", DATA / "tabloid_repeats.txt", DATA / "wire_trailer.txt")
    assert problems == []
    wordpress, tabloid, wire = articles
    assert wordpress.title == "Floods cut off villages in northern Pakistan"
    assert wordpress.publisher == "Frontier Post"
    assert wordpress.published == date(2023, 3, 12)
    assert wordpress.text.startswith("PESHAWAR: Flash floods")
    assert wordpress.text.endswith("a resident told reporters by telephone.")
    for junk in ("Share this", "Advertisement", "Related Posts", "By Aisha Khan", "Heavy rain forecast"):
        assert junk not in wordpress.text
    assert tabloid.title.startswith("Rebels 'seize key port'")
    assert tabloid.text.count('army had "regrouped"') == 1
    assert tabloid.text.count("coastal highway") == 1
    assert "READ MORE" not in tabloid.text and "Most read" not in tabloid.text and "newsletter" not in tabloid.text
    assert wire.published == date(2022, 5, 3) and wire.title is None
    assert "Editing by" not in wire.text and wire.text.startswith("Ukrainian forces")


def test_plain_text_identity_is_the_resolved_path() -> None:
    (article,), _ = load(DATA / "wire_trailer.txt")
    resolved = str((DATA / "wire_trailer.txt").resolve())
    assert article.origin == resolved
    assert article.id == article_id(url=None, publisher=None, source_id=None, path=resolved)


def test_right_to_left_text_loads() -> None:
    (article,), problems = load(DATA / "pashto.txt")
    assert problems == []
    assert "طالبانو د شبرغان ښار ونیو" in article.text


# --- JSON Lines --------------------------------------------------------------------------------

def test_jsonl_bad_lines_are_reported_and_the_rest_loads() -> None:
    articles, problems = load(DATA / "mixed.jsonl")
    assert [a.source_id for a in articles] == ["a-1", "a-2", "7"]
    first, second, third = articles
    assert first.title == "Clashes in Kunduz"
    assert first.text == "Heavy fighting broke out in Kunduz city on Sunday, officials said."  # title line not repeated
    assert (first.published, first.publisher, first.url) == (date(2021, 8, 8), "Example Wire", "https://example.org/a-1")
    path = str((DATA / "mixed.jsonl").resolve())
    assert first.origin == f"{path}:1"
    assert first.id == article_id(url="https://example.org/a-1", publisher="Example Wire", source_id="a-1", path=f"{path}#1")
    assert second.published is None
    assert (third.publisher, third.published) == ("Other Daily", date(2021, 8, 9))
    summary = [(p.line, p.fatal) for p in problems]
    assert summary == [(2, False), (3, True), (4, True), (5, True), (6, True), (9, True)]
    assert "impossible date '2021-13-45'" in problems[0].message
    assert "malformed JSON" in problems[1].message
    assert problems[2].message == "field 'text' must be a string, not number"
    assert problems[3].message == "field 'date' must be a string or null, not number"
    assert problems[4].message == "field 'text' is missing or empty"
    assert problems[5].message == "expected a JSON object, found array"


def test_jsonl_one_malformed_line_among_thousands(tmp_path: Path) -> None:
    lines = [json.dumps({"id": str(i), "text": f"Report number {i} from the province."}) for i in range(3000)]
    lines[1234] = '{"id": "broken", "text": '
    path = write(tmp_path, "big.jsonl", "\n".join(lines) + "\n")
    articles, problems = load(path)
    assert len(articles) == 2999
    assert messages(problems) == [f"{path}:1235: error: malformed JSON: Expecting value (column 26)"]


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    text = "Officials said the fighting continued in the district on Sunday. " * 1500
    path = tmp_path / "stream.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(120):
            handle.write(json.dumps({"id": str(i), "text": text}) + "\n")
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_articles([path], on_problem=pytest.fail))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 120
    assert peak < 2_000_000  # a few articles' worth, not the file


def test_jsonl_limit_is_per_line(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "A short article about the talks."})
    huge = json.dumps({"id": "huge", "text": "x " * 3_000_000})
    path = write(tmp_path, "mixed-size.jsonl", f"{good}\n{huge}\n{good.replace('ok', 'ok2')}\n")
    articles, problems = load(path)
    assert [a.source_id for a in articles] == ["ok", "ok2"]
    assert messages(problems) == [
        f"{path}:2: error: line is 6.0 MB, over the 5.0 MB limit for one article (raise --max-bytes)"
    ]


def test_jsonl_utf16_with_bom(tmp_path: Path) -> None:
    record = json.dumps({"id": "u16", "text": "Talks resumed in Doha — officials said."}, ensure_ascii=False)
    path = write(tmp_path, "utf16.jsonl", codecs.BOM_UTF16_LE + f"{record}\n{record}\n".encode("utf-16-le"))
    articles, problems = load(path)
    assert problems == []
    assert [a.text for a in articles] == ["Talks resumed in Doha — officials said."] * 2


def test_jsonl_that_is_not_jsonl_gives_up_early(tmp_path: Path) -> None:
    path = write(tmp_path, "prose.jsonl", "This is prose, not JSON.\n" * 1000)
    articles, problems = load(path)
    assert articles == []
    assert len(problems) == 21
    assert problems[-1].message.startswith("not JSON Lines: the first 20 records are all unusable")


# --- HTML --------------------------------------------------------------------------------------

def test_html_article_with_metadata() -> None:
    (article,), problems = load(DATA / "news_page.html")
    assert problems == []
    assert article.title == "Taliban enter Kandahar after weeks of fighting"
    assert article.publisher == "Example Times"
    assert article.published == date(2021, 8, 13)
    assert article.url == "https://www.example-times.com/asia/2021/08/13/taliban-enter-kandahar"
    assert article.id == article_id(url=article.url, publisher=None, source_id=None, path=None)
    assert article.text.startswith("KANDAHAR: Taliban fighters entered Kandahar")
    for junk in ("Read more", "Unrelated story", "All rights reserved", "window.dataLayer", "Home"):
        assert junk not in article.text


def test_html_declared_legacy_charset() -> None:
    (article,), problems = load(DATA / "cp1252.html")
    assert problems == []
    assert article.text.startswith("“We are ready to talk,” the spokesman said")


def test_html_without_canonical_url_is_identified_by_path(tmp_path: Path) -> None:
    body = f"<html><body><article><p>{LEDE}</p><p>{SECOND}</p></article></body></html>"
    path = write(tmp_path, "page.htm", body)
    (article,), _ = load(path)
    assert article.url is None
    assert article.id == article_id(url=None, publisher=None, source_id=None, path=str(path.resolve()))


# --- bad input, one small generated file each ----------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "error: empty file"),
        ("blank.txt", b"  \n\t\r\n  \n", "error: empty file"),
        ("blank-unicode.txt", "\u00a0\u3000\n".encode(), "error: empty file"),
        ("empty.jsonl", b"", "error: empty file"),
        ("blank.jsonl", b"\n\n  \n", "error: empty file"),
        ("empty.html", b"", "error: empty file"),
        ("image.txt", PNG, "error: binary file (looks like PNG image)"),
        ("image.jsonl", PNG, "error: binary file (looks like PNG image)"),
        ("image.html", PNG, "error: binary file (looks like PNG image)"),
        ("archive.txt", ZIP, "error: binary file (looks like ZIP archive or Office document)"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "error: binary file (looks like JPEG image)"),
        ("nul.txt", b"Some\x00text\x00\x01\x00 with\x00NUL\x00bytes\x00inside", "error: binary file (contains NUL bytes)"),
        ("garbage.txt", bytes(range(128, 256)) * 20, "error: not UTF-8 text: "),
        ("only-chrome.txt", b"Share this\n\nAdvertisement\n", "error: no article text left after removing site boilerplate"),
        ("scripts.html", (DATA / "scripts_only.html").read_bytes(), "error: no article text found"),
    ],
)
def test_bad_files_are_fatal_with_one_line_messages(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = write(tmp_path, name, content)
    articles, problems = load(path)
    assert articles == []
    assert len(problems) == 1 and problems[0].fatal and problems[0].line is None
    assert str(problems[0]).startswith(f"{path}: {expected}")
    assert "\n" not in str(problems[0])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("utf8-bom.txt", codecs.BOM_UTF8 + LEDE.encode("utf-8")),
        ("utf16le-bom.txt", codecs.BOM_UTF16_LE + LEDE.encode("utf-16-le")),
        ("utf16be-bom.txt", codecs.BOM_UTF16_BE + LEDE.encode("utf-16-be")),
        ("utf32le-bom.txt", codecs.BOM_UTF32_LE + LEDE.encode("utf-32-le")),
        ("utf32be-bom.txt", codecs.BOM_UTF32_BE + LEDE.encode("utf-32-be")),
        ("utf16le-no-bom.txt", LEDE.encode("utf-16-le")),
        ("utf16-bom.html", codecs.BOM_UTF16_LE + f"<html><body><p>{LEDE}</p></body></html>".encode("utf-16-le")),
        ("utf8-bom.jsonl", codecs.BOM_UTF8 + json.dumps({"text": LEDE}).encode()),
    ],
)
def test_unicode_encodings_with_bom_decode(tmp_path: Path, name: str, content: bytes) -> None:
    (article,), problems = load(write(tmp_path, name, content))
    assert problems == []
    assert article.text == LEDE


def test_invalid_utf8_in_mostly_text_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.txt", f"{LEDE}\nThe caf\xe9 and the h\xf4tel were closed.".encode("latin-1"))
    (article,), problems = load(path)
    assert messages(problems) == [f"{path}: warning: invalid UTF-8: 2 undecodable byte sequence(s) replaced with U+FFFD"]
    assert "caf\ufffd" in article.text


def test_invalid_utf8_in_a_jsonl_line_warns_with_the_line(tmp_path: Path) -> None:
    good = json.dumps({"text": LEDE}).encode()
    bad = json.dumps({"text": "caf_ closed"}).encode().replace(b"_", b"\xe9")
    path = write(tmp_path, "bad-utf8.jsonl", good + b"\n" + bad + b"\n")
    articles, problems = load(path)
    assert len(articles) == 2
    assert [(p.line, p.fatal) for p in problems] == [(2, False)]


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        chunk = (LEDE + "\n").encode() * 1000
        while handle.tell() < 20_000_000:
            handle.write(chunk)
        handle.truncate(20_000_000)
    small = write(tmp_path, "small.txt", LEDE)
    articles, problems = load(path, small)
    assert [a.text for a in articles] == [LEDE]
    assert messages(problems) == [
        f"{path}: error: file is 20.0 MB, over the 5.0 MB limit for one article (raise --max-bytes)"
    ]


@pytest.mark.parametrize(("max_bytes", "loaded"), [(1_000, False), (10_000, True)])
def test_max_bytes_is_an_option(tmp_path: Path, max_bytes: int, loaded: bool) -> None:
    path = write(tmp_path, "article.txt", "\n\n".join(f"{i}. {LEDE}" for i in range(20)))  # about 1.7 kB
    articles, problems = load(path, max_bytes=max_bytes)
    assert bool(articles) is loaded
    size = path.stat().st_size / 1000
    expected = f"file is {size:.1f} kB, over the 1.0 kB limit for one article (raise --max-bytes)"
    assert [p.message for p in problems] == ([] if loaded else [expected])


def test_control_characters_removed_and_newlines_normalised(tmp_path: Path) -> None:
    raw = b"First line\x07 of the\x1b report.\r\nSecond\x0cline\rThird\tline with a tab.\x7f"
    (article,), problems = load(write(tmp_path, "ctrl.txt", raw))
    assert problems == []
    assert article.text == "First line of the report.\nSecond\nline\nThird\tline with a tab."


def test_a_stray_nul_in_text_is_a_control_character_not_a_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "stray.txt", b"Officials said\x00 the road to Herat was closed on Sunday.\x07")
    articles, problems = load(path)
    assert problems == []
    assert [a.text for a in articles] == ["Officials said the road to Herat was closed on Sunday."]


def test_control_characters_and_surrogates_in_jsonl_fields(tmp_path: Path) -> None:
    line = json.dumps({"title": "Talks\u0007 resume", "text": "Talks \ud800resumed\u0000 in Doha.\r\nMore."})
    (article,), problems = load(write(tmp_path, "ctrl.jsonl", line))
    assert problems == []
    assert (article.title, article.text) == ("Talks resume", "Talks resumed in Doha.\nMore.")
    assert len(article.content_hash) == 64


def test_pathological_token_loads(tmp_path: Path) -> None:
    url = "https://example.org/" + "a" * 100_000
    (article,), problems = load(write(tmp_path, "long-url.txt", f"{LEDE} See {url} for details.\n{SECOND}"))
    assert problems == []
    assert url in article.text


# --- discovery ----------------------------------------------------------------------------------

def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second article in the folder, about Herat.")
    write(tmp_path, "a.txt", "First article in the folder, about Kabul.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.jsonl", json.dumps({"text": "Third article, about Kandahar."}))
    write(tmp_path, "photo.png", PNG)
    write(tmp_path, "notes.docx", ZIP)
    write(tmp_path, ".hidden.txt", "A hidden file is not an article.")
    articles, problems = load(tmp_path)
    assert problems == []
    assert [a.text.split(",")[0] for a in articles] == ["First article in the folder", "Second article in the folder", "Third article"]


def test_explicit_paths_problems(tmp_path: Path) -> None:
    image = write(tmp_path, "photo.png", PNG)
    good = write(tmp_path, "good.txt", LEDE)
    missing = tmp_path / "missing.txt"
    articles, problems = load(image, missing, good, good, tmp_path)
    assert [a.text for a in articles] == [LEDE]  # a file given twice loads once
    assert messages(problems) == [
        f"{image}: error: unsupported file type '.png' (expected .txt, .text, .md, .jsonl, .ndjson, .html, .htm)",
        f"{missing}: error: no such file or folder",
    ]


def test_articles_are_produced_lazily(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", LEDE)
    write(tmp_path, "b.txt", SECOND)
    iterator = iter_articles([tmp_path], on_problem=pytest.fail)
    assert next(iterator).text == LEDE
    write(tmp_path, "b.txt", "Changed after the first article was produced.")  # b.txt is read only now
    assert [a.text for a in iterator] == ["Changed after the first article was produced."]


# --- the real corpora ---------------------------------------------------------------------------

def test_seed_articles() -> None:
    articles, problems = load(SEEDS)
    assert problems == []
    assert len(articles) == 5
    by_name = {Path(a.origin).name[:3]: a for a in articles}
    assert by_name["000"].published == date(2021, 8, 8) and by_name["000"].title is None
    assert by_name["000"].text.startswith("The Taliban has issued a message")
    assert by_name["001"].title == "US condemns Taliban takeover of cities"
    assert by_name["001"].publisher == "AT News"
    assert by_name["001"].text.startswith("KABUL: The U.S. embassy")
    assert by_name["001"].text.endswith("repelled recent Taliban attacks on provincial capitals.")
    assert by_name["002"].title.startswith("Taliban warns any Nato and US troops")
    assert "Most read in News" not in by_name["002"].text and "READ MORE" not in by_name["002"].text
    assert by_name["002"].text.count("Codenamed Operation Enduring Freedom") == 1
    assert by_name["002"].text.count("Some 456 British soldiers") == 1
    assert by_name["003"].title == "Taliban Slam US Relocation Program for Afghans, Take Credit for Kabul Bombing"
    assert "Check Also" not in by_name["003"].text and "The Intercept" not in by_name["003"].text
    assert by_name["004"].title.startswith("Taliban Political Delegation in Moscow")
    assert "untitled design" not in by_name["004"].text
    assert by_name["004"].text.endswith("looted or set fire to hundreds of homes.")
    for junk in ("You may also like", "Get the latest", "Stay Informed", "Most popular", "About admin", "Home /"):
        assert all(junk not in a.text for a in articles)
    assert len({a.id for a in articles}) == 5


@pytest.mark.parametrize("split", ["dev", "test"])
def test_isaf_files_load_completely(split: str) -> None:
    path = ISAF / f"{split}.jsonl"
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    articles, problems = load(path)
    assert problems == []
    assert len(articles) == len(raw) == 362
    assert [a.source_id for a in articles] == [r["id"] for r in raw]
    assert len({a.id for a in articles}) == 362
    for article, record in zip(articles, raw):
        assert article.published == (date.fromisoformat(record["date"]) if record["date"] else None)
        assert article.publisher == record["source"]
        assert article.title == record["title"]
        assert article.text.strip() == article.text and article.text


def test_yielded_text_has_no_control_characters() -> None:
    articles, _ = load(SEEDS, ISAF / "dev.jsonl", DATA)
    for article in articles:
        assert not any(unicodedata.category(ch) in {"Cc", "Cs"} and ch not in "\n\t" for ch in article.text)


@pytest.mark.parametrize(
    "title,origin,label",
    [
        (None, "/home/someone/corpus/seeds/000_57e005f0f16b9388.txt", "unknown publisher of 000_57e005f0f16b9388.txt"),
        (None, "dev.jsonl:3", "unknown publisher of dev.jsonl:3"),
        ("Taliban warns troops", "/data/a.txt", "unknown publisher of Taliban warns troops"),
    ],
)
def test_an_unknown_publisher_is_named_after_the_title_or_the_file_not_its_folder(title, origin, label) -> None:
    from newskg.loaders.extract import publisher_record

    article = Article(id="a1", text="Text.", origin=origin, title=title)
    record = publisher_record(article)
    assert record.label == label and record.key == "publisher:unknown:a1" and not record.named
