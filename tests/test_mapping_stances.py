"""The mapping's control stances: one per claim and place, worked out once per claim and flag."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from newskg.iris import claim_iri, entity_iri
from newskg.loaders.article import Article
from newskg.loaders.control_stance import control_stance
from newskg.loaders.mapping import article_triples
from newskg.loaders.records import ClaimRecord, EntityRecord, EventRecord, Extraction, Mention
from newskg.ontology.terms import NK

RUN = URIRef("https://newskg.example/run/test")
PLACES = ["place:a", "place:b", "place:c"]
CONTENTS = ["the Taliban seized the city", "the attack was repelled", "the city was seized but the attack was repelled",
            "talks went on", "the district has not fallen"]


@settings(max_examples=60, deadline=None)
@given(content=st.sampled_from(CONTENTS), about=st.lists(st.sampled_from(PLACES), max_size=3),
       captured=st.lists(st.sampled_from(PLACES), max_size=2), types=st.lists(st.sampled_from(["city", "country", "district"]), min_size=3, max_size=3))
def test_each_claim_and_place_gets_the_stance_of_its_content_and_capture(
    content: str, about: list[str], captured: list[str], types: list[str]
) -> None:
    text = content + "."
    whole = Mention(0, len(text), text)
    article = Article(id="a1", text=text, origin="test", title=None, published=date(2021, 8, 7), publisher="P", source_id="1")
    entities = [EntityRecord("org:p", ("Organization",), "P"), EntityRecord("org:t", ("Organization",), "Taliban")]
    entities += [EntityRecord(key, ("Place",), key[-1], place_type=kind) for key, kind in zip(PLACES, types)]
    claims = [ClaimRecord("org:t", "said", content, direct=False, sentence=whole, about=about)]
    events = [EventRecord("Capture", whole, whole, places=[place], claim=0) for place in captured]
    triples = article_triples(Extraction(article, "org:p", entities, claims, events), run=RUN)
    claim = claim_iri("a1", 0)
    expected = set()
    for key, kind in zip(PLACES, types):
        if kind == "country" or (key not in about and key not in captured):
            continue
        stance = control_stance(content, asserts_capture_here=key in captured)
        if stance is not None:
            expected.add((claim, NK.assertsControlOf if stance else NK.deniesControlOf, entity_iri(key)))
    found = {t for t in triples if t[1] in (NK.assertsControlOf, NK.deniesControlOf)}
    assert found == expected
