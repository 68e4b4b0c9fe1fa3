"""A document's text, joined once.

spaCy's ``Doc.text`` rebuilds the string from every token on each access;
the extractors slice it thousands of times per article (a fifth of extraction
time went there), so the string is kept in the document's ``user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "newskg.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed on the first call for this document."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
