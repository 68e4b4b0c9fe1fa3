"""A document's text and tokens, made once.

spaCy's ``Doc.text`` rebuilds the string from every token on each access;
the extractors slice it thousands of times per article (a fifth of extraction
time went there), so the string is kept in the document's ``user_data``.
Likewise ``doc[i]`` and ``for token in doc`` make a new ``Token`` object each
time, and the rules walk every token of an article about ten times over: the
list of tokens is made once and kept beside the text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

_KEY = "newskg.text"
_TOKENS = "newskg.tokens"
_CLAUSES = "newskg.clauses"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed on the first call for this document."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def tokens_of(doc: Doc) -> list[Token]:
    """``list(doc)``, made on the first call for this document (read it, never change it)."""
    tokens = doc.user_data.get(_TOKENS)
    if tokens is None:
        tokens = doc.user_data[_TOKENS] = list(doc)
    return tokens


def kept_clauses(doc: Doc) -> dict[int, list[Token]]:
    """Token index -> the tokens of its clause, filled by ``event_where_when.clause_tokens``: the
    place and the date of an event each read the trigger's clause, some triggers' several times."""
    clauses = doc.user_data.get(_CLAUSES)
    if clauses is None:
        clauses = doc.user_data[_CLAUSES] = {}
    return clauses


def release_tokens(doc: Doc) -> None:
    """Drop the kept lists: their tokens point back at the document, and that cycle would keep a
    parsed article in memory until the collector's next full pass instead of freeing it at once."""
    doc.user_data.pop(_TOKENS, None)
    doc.user_data.pop(_CLAUSES, None)
