"""Property tests: any text goes through mapping and the store and comes back equal.

An Article with arbitrary text and title (right-to-left scripts, control
characters, astral planes, one huge token) and a hand-built Extraction over it
is mapped to RDF, written to an in-memory Oxigraph store and read back: the
triples must be the ones written. IRI minting must accept any id.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from newskg.graph.store import Store, ntriples
from newskg.iris import article_graph, article_iri, claim_iri, event_iri, mention_iri, run_iri
from newskg.loaders.article import Article, article_id
from newskg.loaders.mapping import article_triples
from newskg.loaders.records import ClaimRecord, EntityRecord, EventRecord, Extraction, Mention
from tests.kgfixtures import plain_triples

RUN = run_iri("property-run")

# Text without surrogates (not encodable as UTF-8, so no article can hold them), rich in the
# characters news from elsewhere brings: Pashto and Dari, bidirectional controls, C0/C1 controls.
CHARACTERS = st.characters(blacklist_categories=("Cs",))
RTL = st.sampled_from(["د طالبانو", "کابل", "هرات", "\u202eevil\u202c", "\u200f", "\u061c", "שלום"])
PIECES = st.one_of(
    st.text(CHARACTERS, max_size=40),
    RTL,
    st.text(st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
    st.text(st.characters(min_codepoint=0x7F, max_codepoint=0x9F), max_size=5),
    st.just("https://example.org/" + "a" * 20_000),
    st.just('"""\\"\'\'\'<>{}#\n\r\t'),
)
TEXTS = st.lists(PIECES, min_size=1, max_size=6).map("".join).filter(lambda t: t.strip() != "")


def extraction_over(text: str, title: str | None, source_id: str) -> Extraction:
    """One entity, one claim and one event over spans of ``text``, as an extractor would give them."""
    aid = article_id(url=None, publisher="Pajhwok", source_id=source_id, path=None)
    article = Article(id=aid, text=text, origin=f"feed.jsonl:{source_id[:20]!r}", title=title, published=date(2021, 8, 7),
                      publisher="Pajhwok", source_id=source_id)
    half = max(1, len(text) // 2)
    first, whole = Mention(0, half, text[:half]), Mention(0, len(text), text)
    entities = [
        EntityRecord("org:pajhwok", ("Organization",), "Pajhwok"),
        EntityRecord("person:x" + source_id[:10], ("Person",), text[:half].strip() or "x", mentions=[first]),
    ]
    claims = [ClaimRecord("person:x" + source_id[:10], "said", text, direct=True, sentence=whole, about=["org:pajhwok"])]
    events = [EventRecord("Attack", first, whole, agents=["person:x" + source_id[:10]], claim=0)]
    return Extraction(article, "org:pajhwok", entities, claims, events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, title=st.one_of(st.none(), TEXTS), source_id=st.text(CHARACTERS, min_size=1, max_size=60))
def test_any_article_maps_stores_and_reads_back_equal(text: str, title: str | None, source_id: str) -> None:
    extraction = extraction_over(text, title, source_id)
    triples = article_triples(extraction, run=RUN)
    store = Store(None)
    named = article_graph(extraction.article.id)
    store.replace_graph(named, triples)
    assert plain_triples(store.graph_triples(named)) == plain_triples(triples)
    texts = {str(o) for s, p, o in store.graph_triples(named) if str(p).endswith("/text")}
    assert text in texts  # the article text itself, character for character
    # and again through N-Triples text: as rdflib writes it, and as the build writes it
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    store.replace_graphs_ntriples({named: graph.serialize(format="nt")})
    assert plain_triples(store.graph_triples(named)) == plain_triples(triples)
    store.replace_graphs_ntriples({named: ntriples(triples)})
    assert plain_triples(store.graph_triples(named)) == plain_triples(triples)


ODD_IDS = st.one_of(
    st.text(CHARACTERS),
    st.sampled_from(["", " ", "#", "../../etc/passwd", "a>b", "<x>", "\x00", "\u202e", "a b\nc", "%2F", "?q=1", "x" * 10_000]),
)


@settings(max_examples=300, deadline=None)
@given(article=ODD_IDS, start=st.integers(0, 10**9), length=st.integers(0, 10**6), index=st.integers(0, 10**6))
def test_mention_claim_and_event_iris_are_valid_for_any_id(article: str, start: int, length: int, index: int) -> None:
    for iri in (article_iri(article), article_graph(article), mention_iri(article, start, start + length),
                claim_iri(article, index), event_iri(article, index), run_iri(article)):
        ox.NamedNode(str(iri))  # raises on an invalid IRI
        assert not any(c in str(iri) for c in ' <>"{}|^`\\\n')
    assert mention_iri(article, start, start + length) != mention_iri(article, start, start + length + 1)


DATATYPES = st.sampled_from([
    None, "http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#date", "http://www.w3.org/2001/XMLSchema#anyURI",
    "http://www.w3.org/2001/XMLSchema#decimal", "https://example.org/odd#type",
])


@settings(max_examples=400, deadline=None)
@example(lexical="00", datatype="http://www.w3.org/2001/XMLSchema#integer", language=None)  # rdflib writes "0"
@example(lexical='a "quoted"\tline\n', datatype=None, language=None)
@given(lexical=st.one_of(TEXTS, PIECES), datatype=DATATYPES, language=st.one_of(st.none(), st.sampled_from(["en", "EN-gb", "ps"])))
def test_ntriples_writes_each_literal_as_oxigraph_does(lexical: str, datatype: str | None, language: str | None) -> None:
    """``ntriples`` writes literals itself, not through Oxigraph's terms: it must write the same text."""
    subject, predicate = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    # rdflib may normalise the lexical form ("00" as an integer is "0"): what it holds is what is written.
    if language is not None:
        literal = Literal(lexical, lang=language)
        expected = ox.Literal(str(literal), language=language)
    elif datatype is not None:
        literal = Literal(lexical, datatype=URIRef(datatype))
        expected = ox.Literal(str(literal), datatype=ox.NamedNode(datatype))
    else:
        literal = Literal(lexical)
        expected = ox.Literal(str(literal))
    assert ntriples([(subject, predicate, literal)]) == f"<{subject}> <{predicate}> {expected} .\n"
    parsed = next(iter(ox.parse(ntriples([(subject, predicate, literal)]), format=ox.RdfFormat.N_TRIPLES)))
    assert parsed.object == expected


@settings(max_examples=200, deadline=None)
@given(lexical=st.one_of(TEXTS, PIECES), datatype=DATATYPES, language=st.one_of(st.none(), st.sampled_from(["en", "EN-gb", "ps"])),
       article=ODD_IDS)
def test_text_from_ntriples_stores_the_same_quads_without_the_loaders_checks(
    lexical: str, datatype: str | None, language: str | None, article: str
) -> None:
    """The build loads ``ntriples``' text without Oxigraph checking it again: the quads must be the checked load's."""
    subject = mention_iri(article, 0, 1)
    if language is not None:
        literal = Literal(lexical, lang=language)
    else:
        literal = Literal(lexical, datatype=None if datatype is None else URIRef(datatype))
    graph = article_graph(article)
    text = ntriples([(subject, URIRef("https://example.org/p"), literal), (subject, URIRef("https://example.org/q"), graph)])
    trusted, checked = Store(None), Store(None)
    trusted.replace_graphs_ntriples({graph: text}, written_by_ntriples=True)
    checked.replace_graphs_ntriples({graph: text})
    assert len(checked) == 2
    assert set(trusted.quads()) == set(checked.quads())


def test_ntriples_still_refuses_what_oxigraph_refuses() -> None:
    """A lone surrogate cannot be written as UTF-8: the error is Oxigraph's, as before, not a broken line."""
    with pytest.raises(ValueError):
        ntriples([(URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("a\ud800b"))])
    with pytest.raises(ValueError):
        ntriples([(URIRef("https://example.org/s a"), URIRef("https://example.org/p"), Literal("x"))])


@settings(max_examples=300, deadline=None)
@given(lexical=st.one_of(TEXTS, PIECES), datatype=DATATYPES, language=st.one_of(st.none(), st.sampled_from(["en", "EN-gb", "ps"])),
       article=ODD_IDS)
def test_ntriples_writes_terms_it_wrote_before_as_oxigraph_does(
    lexical: str, datatype: str | None, language: str | None, article: str
) -> None:
    """``ntriples`` keeps terms' texts from call to call: equal terms written earlier (other objects, a
    language tag in other case) must not change what a later call writes."""
    def literal(tag: str | None) -> Literal:
        if language is not None:
            return Literal(lexical, lang=tag)
        return Literal(lexical, datatype=None if datatype is None else URIRef(datatype))

    def iri() -> URIRef:
        return URIRef(str(mention_iri(article, 0, 1)))

    predicate = "https://example.org/p"
    ntriples([(iri(), URIRef(predicate), literal(None if language is None else language.swapcase()))])
    later = literal(language)
    if language is not None:
        expected = ox.Literal(str(later), language=language)
    else:
        expected = ox.Literal(str(later), datatype=None if datatype is None else ox.NamedNode(datatype))
    subject = ox.NamedNode(str(iri()))
    assert ntriples([(iri(), URIRef(predicate), later)]) == f"{subject} <{predicate}> {expected} .\n"


def test_ntriples_keeps_a_bounded_number_of_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts kept across calls are emptied once there are more than ``_TERM_TEXTS_MAX``; the lines stay right."""
    from newskg.graph import store

    monkeypatch.setattr(store, "_TERM_TEXTS", {})
    monkeypatch.setattr(store, "_TERM_TEXTS_MAX", 10)
    predicate = URIRef("https://example.org/p")
    for n in range(50):
        triples = [(URIRef(f"https://example.org/s{n}"), predicate, Literal(n)), (URIRef(f"https://example.org/t{n}"), predicate, Literal("x" * 300))]
        assert ntriples(triples) == "".join(f"{ox.NamedNode(str(s))} {ox.NamedNode(str(p))} {store.to_ox(o)} .\n" for s, p, o in triples)
        assert len(store._TERM_TEXTS) <= 10 + 4  # the bound, and one call's short terms (the long literal is not kept)


def test_the_characters_escaped_are_those_oxigraph_escapes() -> None:
    """``_nt`` finds what to escape with one pattern and escapes it from ``_QUOTED``: the two must name the same characters."""
    from newskg.graph import store

    found = {c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and store._TO_ESCAPE.search(chr(c))}
    assert found == set(store._QUOTED)
    assert store._TO_ESCAPE.sub(store._escape, "".join(map(chr, sorted(found)))) == "".join(store._QUOTED[c] for c in sorted(found))


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.floats(allow_nan=False, allow_infinity=False, min_value=-180, max_value=180),
                       st.sampled_from([0.0, -0.0, 1e-6, -1e-6, -4e-6, 34.5, 69.1833, 180.0, -180.0])))  # fmt: skip
def test_coordinates_are_written_the_same_cached_or_not(value: float) -> None:
    """The coordinate cache is keyed by the float: 0.0 and -0.0 (equal keys) must still give "0" and "-0"."""
    from decimal import Decimal

    from rdflib.namespace import XSD

    from newskg.loaders.mapping import _decimal

    expected = Literal(format(Decimal(str(round(value, 5))).normalize(), "f"), datatype=XSD.decimal)
    for _ in range(2):  # once to fill the cache, once from it
        for v in (value, -value):
            got, want = _decimal(v), Literal(format(Decimal(str(round(v, 5))).normalize(), "f"), datatype=XSD.decimal)
            assert (str(got), got.datatype) == (str(want), want.datatype)
    assert str(_decimal(value)) == str(expected)
