"""A document's text, tokens and clauses are made once per article and released with it."""

from __future__ import annotations

import pytest
import spacy

from newskg.loaders.article import Article
from newskg.loaders.doc_text import keep_text, kept_per_token, release_tokens, text_of, tokens_of
from newskg.loaders.event_where_when import clause_tokens

TEXT = "Taliban fighters attacked a checkpoint in Sheberghan on Monday, officials said."
KEPT = ("newskg.tokens", "newskg.kept")


def test_text_and_tokens_are_made_once_and_the_kept_lists_released() -> None:
    doc = spacy.blank("en")(TEXT)
    assert text_of(doc) == doc.text and text_of(doc) is text_of(doc)
    tokens = tokens_of(doc)
    assert [t.i for t in tokens] == list(range(len(doc))) and tokens_of(doc) is tokens
    calls = []

    @kept_per_token
    def shape(token):
        calls.append(token.i)
        return [token.shape_]

    first = shape(tokens[1])
    assert shape(doc[1]) is first and shape(tokens[2]) == ["xxxx"] and calls == [1, 2]
    release_tokens(doc)
    assert not any(key in doc.user_data for key in KEPT)
    assert tokens_of(doc) is not tokens and text_of(doc) == TEXT
    assert shape(tokens[1]) == first and calls == [1, 2, 1]  # made anew after the release


@pytest.mark.parametrize("text", [TEXT, "  Kabul\n\nfell.  ", "Kunduz", ""])
def test_the_text_a_document_was_parsed_from_is_kept_as_its_text(text: str) -> None:
    doc = spacy.blank("en")(text)
    kept = "".join(text)  # the same characters, another string object
    keep_text(doc, kept)
    assert text_of(doc) is kept and text_of(doc) == doc.text


def test_a_text_the_document_was_not_parsed_from_is_refused() -> None:
    doc = spacy.blank("en")(TEXT)
    with pytest.raises(ValueError, match="not the one the document was parsed from"):
        keep_text(doc, TEXT + " More.")
    assert text_of(doc) == TEXT


@pytest.fixture(scope="module")
def extractor():
    from newskg.loaders.extract import Extractor
    from newskg.pipeline import DEFAULT_MODEL

    return Extractor.load(DEFAULT_MODEL)


@pytest.mark.slow
def test_a_clause_is_kept_per_token_and_equals_a_fresh_one(extractor) -> None:
    doc = extractor.nlp(TEXT)
    attacked = next(t for t in doc if t.lower_ == "attacked")
    kept = clause_tokens(attacked)
    assert clause_tokens(attacked) is kept
    release_tokens(doc)
    assert clause_tokens(attacked) == kept and "Sheberghan" in [t.text for t in kept]
    release_tokens(doc)


@pytest.mark.slow
def test_extraction_leaves_no_kept_lists_on_the_document(extractor) -> None:
    from newskg.loaders.extract import extract_doc

    doc = extractor.nlp(TEXT)
    extraction = extract_doc(Article(id="doc-text-test", text=TEXT, origin="test"), doc, gazetteer=extractor.gazetteer)
    assert extraction.events and not any(key in doc.user_data for key in KEPT)
