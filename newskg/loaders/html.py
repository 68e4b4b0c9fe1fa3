"""Saved web pages (.html, .htm): main text and metadata via trafilatura.

trafilatura separates the article from navigation, comments and widgets, and
reads the title, date, site name and canonical URL from the page's metadata
(Open Graph, JSON-LD, <time>, <link rel=canonical>). Its text still goes through
``boilerplate`` because in-article widgets ("Read more: ...", share prompts)
often survive extraction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import trafilatura

from newskg.errors import InputProblem
from newskg.loaders.article import Article, article_id
from newskg.loaders.boilerplate import clean_lines, drop_leading_title, has_content, join_lines
from newskg.loaders.reading import UnusableInput, Warn, clean_line, decode, parse_date, read_limited

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_HEAD = 2048


@dataclass(frozen=True)
class Extracted:
    """The article part of a page."""

    text: str
    title: str | None
    published: date | None
    publisher: str | None
    url: str | None


def extract_html(html: str, *, warn: Warn) -> Extracted:
    """Main text and metadata of a page; raises ``UnusableInput`` when the page has no article text."""
    document = _extract(html, favor_recall=False) or _extract(html, favor_recall=True)
    if document is None or not (document.get("text") or "").strip():
        raise UnusableInput("no article text found")
    title = clean_line(document.get("title") or "") or None
    cleaned = clean_lines(_text(document.get("text")))
    text = join_lines(drop_leading_title(cleaned.lines, title))
    if not has_content(text):
        raise UnusableInput("no article text found")
    raw_date = _text(document.get("date")) or (cleaned.dates[0] if cleaned.dates else "")
    url = clean_line(_text(document.get("url")))
    return Extracted(
        text=text,
        title=title,
        published=parse_date(raw_date, warn=warn) if raw_date else None,
        publisher=clean_line(_text(document.get("sitename"))) or None,
        url=url if url.lower().startswith(("http://", "https://")) else None,
    )


def _extract(html: str, *, favor_recall: bool) -> dict[str, Any] | None:
    """trafilatura's result as a dict; a page it cannot parse counts as having no text.

    trafilatura and lxml raise a variety of exceptions on hostile markup; any of
    them means "no article here", never a crash of the whole batch.
    """
    date_params = {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}
    try:
        document = trafilatura.bare_extraction(
            _XML_DECLARATION.sub("", html),
            with_metadata=True,
            include_comments=False,
            favor_recall=favor_recall,
            date_extraction_params=date_params,
        )
    except Exception:  # noqa: BLE001 - third-party parser on untrusted input; see docstring
        return None
    if document is None:
        return None
    return document if isinstance(document, dict) else document.as_dict()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta charset=...>), if any."""
    match = _DECLARED_CHARSET.search(data[:_HEAD])
    return match.group(1).decode("ascii").lower() if match else None


def load_html_file(
    path: Path, *, shown: str, max_bytes: int, on_problem: Callable[[InputProblem], None]
) -> Iterator[Article]:
    """The page's one article, or nothing (with a fatal problem reported)."""

    def warn(message: str) -> None:
        on_problem(InputProblem(path=shown, message=message, fatal=False))

    try:
        data = read_limited(path, max_bytes=max_bytes)
        extracted = extract_html(decode(data, warn=warn, fallback_encoding=declared_charset(data)), warn=warn)
    except UnusableInput as error:
        on_problem(InputProblem(path=shown, message=str(error)))
        return
    resolved = str(path.resolve())
    yield Article(
        id=article_id(url=extracted.url, publisher=None, source_id=None, path=resolved),
        text=extracted.text,
        origin=resolved,
        title=extracted.title,
        published=extracted.published,
        publisher=extracted.publisher,
        url=extracted.url,
    )
