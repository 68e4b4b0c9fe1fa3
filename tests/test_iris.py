"""IRI minting is total: any key gives an IRI that RDF tools accept, and distinct keys stay distinct."""

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from newskg.iris import article_iri, claim_iri, entity_iri, mention_iri


@settings(max_examples=300)
@given(st.text())
def test_any_key_mints_a_valid_iri(key: str) -> None:
    for iri in (entity_iri(key), article_iri(key), mention_iri(key, 0, 5), claim_iri(key, 3)):
        ox.NamedNode(str(iri))  # raises on an invalid IRI
        assert " " not in iri and "<" not in iri and ">" not in iri


@given(st.text(), st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_a_mention_is_its_articles_iri_with_a_char_fragment(key: str, start: int, end: int) -> None:
    assert mention_iri(key, start, end) == URIRef(f"{article_iri(key)}#char={start},{end}")


@given(st.text(min_size=1), st.text(min_size=1))
def test_distinct_keys_give_distinct_iris(a: str, b: str) -> None:
    if a != b:
        assert entity_iri(a) != entity_iri(b)


@settings(max_examples=200)
@given(st.text())
def test_literals_round_trip_through_ntriples(text: str) -> None:
    graph = Graph()
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(text)))
    data = graph.serialize(format="nt")
    again = Graph().parse(data=data, format="nt")
    assert set(again) == set(graph)


@given(st.text(), st.text(), st.integers(min_value=-5, max_value=10**7))
def test_minted_iris_are_plain_urirefs_of_their_text(key: str, label: str, index: int) -> None:
    """IRIs minted without rdflib's check of their text are the URIRefs rdflib would make, and valid."""
    from newskg.iris import event_iri, merge_iri

    for iri in (entity_iri(key), article_iri(key), mention_iri(key, index, 5), claim_iri(key, index), event_iri(key, index), merge_iri(key, label)):
        assert type(iri) is URIRef
        assert iri == URIRef(str(iri)) and hash(iri) == hash(URIRef(str(iri)))
        ox.NamedNode(str(iri))
