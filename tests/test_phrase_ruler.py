"""The phrase ruler against spaCy's own EntityRuler: the same spans from the same token patterns."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

from newskg.loaders.phrase_ruler import PhraseRuler

PATTERNS = [
    {"label": "ORG", "id": "org:taliban", "pattern": [{"LOWER": "taliban"}]},
    {"label": "ORG", "id": "org:us-gov", "pattern": [{"ORTH": "US"}, {"LOWER": "government"}]},
    {"label": "ORG", "pattern": [{"ORTH": {"IN": ["Afghan", "AFGHAN", "afghan"]}}, {"LOWER": "army"}]},
    {"label": "ORG", "pattern": [{"ORTH": {"IN": ["Afghan", "AFGHAN"]}}, {"LOWER": "national"}, {"LOWER": "army"}]},
    {"label": "ORG", "pattern": [{"LOWER": "national"}, {"LOWER": "army"}]},
    {"label": "ORG", "id": "org:ana", "pattern": [{"ORTH": "Afghan"}, {"LOWER": "army"}]},
    {"label": "ORG", "pattern": [{"LOWER": "army"}, {"LOWER": "of"}, {"LOWER": "afghanistan"}]},
    {"label": "ORG", "pattern": [{"LOWER": "government"}, {"LOWER": "taliban"}]},
]

# sentence | expected (text, id) of the entities, in order
CASES = [
    ("The Taliban said so.", [("Taliban", "org:taliban")]),
    ("THE TALIBAN SAID SO.", [("TALIBAN", "org:taliban")]),
    ("The US government said so.", [("US government", "org:us-gov")]),
    ("Tell us government plans.", []),  # "us" is not "US": ORTH is exact
    ("The Afghan army moved.", [("Afghan army", "org:ana")]),  # an alias with an id beats a generic phrase
    ("The afghan army moved.", [("afghan army", "")]),
    ("The Afghan National Army moved.", [("Afghan National Army", "")]),  # longest wins
    ("The afghan national army moved.", [("national army", "")]),  # lowercase modifier not allowed here
    ("The Afghan army of Afghanistan", [("army of Afghanistan", "")]),  # longest wins over an alias
    ("US government Taliban", [("US government", "org:us-gov"), ("Taliban", "org:taliban")]),  # equal: leftmost
    ("Nothing here.", []),
]


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    return nlp, PhraseRuler(nlp.vocab, PATTERNS)


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_phrase_ruler_cases(blank, sentence, expected):
    nlp, ruler = blank
    doc = ruler(nlp(sentence))
    assert [(e.text, e.id_) for e in doc.ents] == expected
    assert all(e.label_ == "ORG" for e in doc.ents)


def test_entities_already_set_are_kept(blank):
    nlp, ruler = blank
    doc = nlp("The Afghan National Army moved.")
    doc.ents = [Span(doc, 2, 3, label="PERSON")]  # "National"
    doc = ruler(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("National", "PERSON")]


def test_other_token_tests_are_refused(blank):
    nlp, _ = blank
    with pytest.raises(ValueError, match="not a text-only token pattern"):
        PhraseRuler(nlp.vocab, [{"label": "ORG", "pattern": [{"POS": "PROPN"}]}])


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


@pytest.mark.slow
def test_same_entities_as_spacys_entity_ruler_on_the_seed_articles():
    """The real organisation table in the real pipeline, against spaCy's EntityRuler as the reference."""
    from newskg.loaders.nlp import DEFAULT_MODEL, RULER_NAME, load_pipeline
    from newskg.loaders.organizations import load_organizations

    ours = load_pipeline()
    reference = spacy.load(DEFAULT_MODEL)
    ruler = reference.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": False}, before="ner")
    tokenizer = reference.tokenizer
    ruler.add_patterns(load_organizations().ruler_patterns(lambda text: [t.text for t in tokenizer(text)]))
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert texts
    for a, b in zip(ours.pipe(texts), reference.pipe(texts)):
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
