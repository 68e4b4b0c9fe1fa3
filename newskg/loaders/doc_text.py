"""A document's text and tokens, made once.

spaCy's ``Doc.text`` rebuilds the string from every token on each access;
the extractors slice it thousands of times per article (a fifth of extraction
time went there), so the string is kept in the document's ``user_data``.
Likewise ``doc[i]`` and ``for token in doc`` make a new ``Token`` object each
time, and the rules walk every token of an article about ten times over: the
list of tokens is made once and kept beside the text, as are the results of
rules asked about the same token again (``kept_per_token``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from spacy.tokens import Doc, Token

_T = TypeVar("_T")

_KEY = "newskg.text"
_TOKENS = "newskg.tokens"
_KEPT = "newskg.kept"  # function -> token index -> what it returned


def text_of(doc: Doc) -> str:
    """``doc.text``, computed on the first call for this document."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Keep ``text``, the string ``doc`` was parsed from, as ``text_of(doc)``.

    spaCy's tokenizer loses no character, so a document's text is the string it was
    made from; rebuilding it from the tokens cost 0.08 s of CPU over the 729-article
    benchmark corpus. A string of another length than the document's is refused:
    it cannot be what the document was parsed from.
    """
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
        raise ValueError("keep_text: the text is not the one the document was parsed from")
    doc.user_data[_KEY] = text


def tokens_of(doc: Doc) -> list[Token]:
    """``list(doc)``, made on the first call for this document (read it, never change it)."""
    tokens = doc.user_data.get(_TOKENS)
    if tokens is None:
        tokens = doc.user_data[_TOKENS] = list(doc)
    return tokens


def kept_per_token(function: Callable[[Token], _T]) -> Callable[[Token], _T]:
    """``function(token)`` computed once per token and kept with the document until ``release_tokens``.

    For rules that read the parse around a token (a trigger's clause, a phrase's
    conjuncts) and that several steps ask for again: the place and the date of an
    event both read the trigger's clause, the agents and the targets the same
    phrases. What it returns is shared between callers: read it, never change it.
    """

    @wraps(function)
    def kept(token: Token) -> _T:
        by_function = token.doc.user_data.get(_KEPT)
        if by_function is None:
            by_function = token.doc.user_data[_KEPT] = {}
        results = by_function.get(function)
        if results is None:
            results = by_function[function] = {}
        if token.i not in results:
            results[token.i] = function(token)
        return results[token.i]

    return kept


def release_tokens(doc: Doc) -> None:
    """Drop the kept lists: their tokens point back at the document, and that cycle would keep a
    parsed article in memory until the collector's next full pass instead of freeing it at once."""
    doc.user_data.pop(_TOKENS, None)
    doc.user_data.pop(_KEPT, None)
