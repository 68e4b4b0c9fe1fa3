"""Whatever bytes or text arrive, the loaders report problems or yield clean Articles; they never raise."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newskg.errors import InputProblem
from newskg.loaders.article import Article
from newskg.loaders.discover import iter_articles

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text including lone surrogates, control characters and right-to-left scripts.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=400)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(ANY_TEXT, children, max_size=3),
    max_leaves=8,
)
FIELDS = ("id", "title", "date", "source", "publisher", "url", "text")
RECORDS = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES | ANY_TEXT, max_size=len(FIELDS))
HTML_PIECES = st.lists(
    st.sampled_from(["<html>", "<head>", "<title>", "</title>", "<script>", "</script>", "<p>", "</p>", "<article>", "<!--", "-->", "<meta charset='utf-16'>", "<?xml version='1.0' encoding='utf-8'?>", "&amp;", "&#0;", "\x00"])
    | ANY_TEXT,
    max_size=20,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def run(path: Path) -> tuple[list[Article], list[InputProblem]]:
    problems: list[InputProblem] = []
    articles = list(iter_articles([path], on_problem=problems.append, max_bytes=100_000))
    return articles, problems


def check(path: Path, articles: list[Article], problems: list[InputProblem]) -> None:
    for article in articles:
        assert article.text.strip() and article.text == article.text.strip()
        assert not any(unicodedata.category(ch) in {"Cc", "Cs"} and ch not in "\n\t" for ch in article.text)
        assert article.id and article.content_hash
        for value in (article.title, article.publisher, article.url, article.source_id):
            assert value is None or (value.strip() and "\n" not in value)
    for problem in problems:
        assert problem.path == str(path)
        assert problem.message and "\n" not in str(problem)


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html"])
@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"bytes{suffix}"
    path.write_bytes(data)
    articles, problems = run(path)
    check(path, articles, problems)
    assert articles or any(p.fatal for p in problems)


@SETTINGS
@given(text=st.text(max_size=2000))
def test_arbitrary_text_file(folder: Path, text: str) -> None:
    path = folder / "text.txt"
    path.write_bytes(text.encode("utf-8"))
    articles, problems = run(path)
    check(path, articles, problems)
    assert len(articles) + sum(p.fatal for p in problems) == 1


@SETTINGS
@given(record=RECORDS, prefix=st.sampled_from(["", "\n", "{}\n", '{"text": "A first good line."}\n']))
def test_arbitrary_jsonl_line(folder: Path, record: dict[str, object], prefix: str) -> None:
    path = folder / "lines.jsonl"
    path.write_text(prefix + json.dumps(record) + "\n", encoding="utf-8")
    articles, problems = run(path)
    check(path, articles, problems)
    assert all(p.line is not None for p in problems if p.message != "empty file")


@SETTINGS
@given(pieces=HTML_PIECES)
def test_arbitrary_html(folder: Path, pieces: list[str]) -> None:
    path = folder / "page.html"
    path.write_bytes("".join(pieces).encode("utf-8", errors="surrogatepass"))
    articles, problems = run(path)
    check(path, articles, problems)
    assert len(articles) + sum(p.fatal for p in problems) == 1


LEDE = "Fighting broke out in the city on Sunday, officials said, and continued overnight."


@SETTINGS
@given(record=st.dictionaries(st.sampled_from(FIELDS[:-1]), st.none() | ANY_TEXT), text=ANY_TEXT)
def test_jsonl_line_with_a_text_field(folder: Path, record: dict[str, object], text: str) -> None:
    path = folder / "texts.jsonl"
    path.write_text(json.dumps({**record, "text": f"{LEDE}\n{text}"}) + "\n", encoding="utf-8")
    articles, problems = run(path)
    check(path, articles, problems)
    assert len(articles) + sum(p.fatal for p in problems) == 1


@SETTINGS
@given(before=ANY_TEXT, after=ANY_TEXT)
def test_text_around_an_article(folder: Path, before: str, after: str) -> None:
    path = folder / "around.txt"
    path.write_bytes(f"{before}\n\n{LEDE}\n\n{after}".encode("utf-8", errors="surrogatepass"))
    articles, problems = run(path)
    check(path, articles, problems)
    assert len(articles) + sum(p.fatal for p in problems) == 1


@SETTINGS
@given(title=ANY_TEXT, paragraph=ANY_TEXT)
def test_html_page_around_an_article(folder: Path, title: str, paragraph: str) -> None:
    page = f"<html><head><title>{title}</title></head><body><article><p>{LEDE}</p><p>{paragraph}</p></article></body></html>"
    path = folder / "article.html"
    path.write_bytes(page.encode("utf-8", errors="surrogatepass"))
    articles, problems = run(path)
    check(path, articles, problems)
    assert len(articles) + sum(p.fatal for p in problems) == 1
