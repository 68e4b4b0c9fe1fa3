"""The Article: one news text with the metadata found beside it.

An article's identity (``id``) comes from its origin (URL, or publisher plus the
id the input gave it, or the file it came from), so that a changed article
replaces its own graph; ``content_hash`` says whether its text changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Article:
    """A cleaned article text and its metadata; offsets everywhere refer to ``text``."""

    id: str
    text: str
    origin: str
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None
    source_id: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the cleaned text: unchanged text, unchanged graph."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def article_id(*, url: str | None, publisher: str | None, source_id: str | None, path: str | None) -> str:
    """Stable identity of an article from where it came from.

    Preference: the URL; else the publisher-scoped id the input gave; else the
    file path. Sixteen hex digits keep IRIs short while collisions stay
    negligible for millions of articles.
    """
    if url:
        basis = "url:" + url.strip()
    elif source_id:
        basis = f"id:{(publisher or '').strip()}:{source_id.strip()}"
    elif path:
        basis = "path:" + path
    else:
        raise ValueError("an article needs a url, a source id or a path for its identity")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
