"""Mapping, store, identity graph and saved queries over a small hand-built extraction (no NLP)."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal, URIRef

from newskg.api import KnowledgeGraph
from newskg.errors import QueryError
from newskg.graph import store as store_module
from newskg.graph.identity import refresh_identity
from newskg.graph.store import Store
from newskg.iris import article_graph, entity_iri, run_iri
from newskg.loaders.article import Article
from newskg.loaders.mapping import article_triples
from newskg.loaders.records import EntityRecord, EventRecord, Extraction, Mention
from newskg.ontology.terms import NK
from newskg.queries.catalog import list_queries
from tests.handmade import extraction_a, extraction_b, span

RUN = run_iri("test")

# The columns the interface contract (DESIGN.md) promises for each saved query.
CONTRACT_COLUMNS = {
    "claims-about": ["claimant", "claimantName", "claim", "cue", "article", "published"],
    "claims-by": ["claim", "about", "aboutName", "article", "published"],
    "events-at": ["event", "eventType", "agentName", "date", "killed", "wounded", "article"],
    "timeline": ["date", "eventType", "placeName", "agentName", "article"],
    "aliases": ["entity", "type", "label", "alias"],
    "casualties": ["event", "placeName", "killed", "wounded", "claimantName", "article"],
    "contested": ["subject", "claimA", "claimantA", "claimB", "claimantB"],
    "sources": ["article", "title", "publisher", "published", "claims", "events"],
    "actors": ["actor", "name", "type", "mentions", "articles"],
    "places": ["place", "name", "geonames", "lat", "long", "mentions"],
}
EXAMPLE_PARAMS = {
    "claims-about": {"subject": "Sheberghan"},
    "claims-by": {"actor": "Fawad Aman"},
    "events-at": {"place": "Jawzjan"},
    "timeline": {"place": "Sheberghan"},
    "aliases": {"name": "Cheberghan"},
}


def write(kg: KnowledgeGraph, *extractions) -> None:
    kg.store.replace_graphs({article_graph(e.article.id): article_triples(e, run=RUN) for e in extractions})
    refresh_identity(kg.store)


@pytest.fixture()
def kg(tmp_path) -> KnowledgeGraph:
    graph = KnowledgeGraph(tmp_path / "store")
    write(graph, extraction_a(), extraction_b())
    return graph


def test_every_contract_query_exists_with_a_header() -> None:
    names = {q.name for q in list_queries()}
    assert set(CONTRACT_COLUMNS) <= names
    for query in list_queries():
        assert query.summary, query.name
        assert query.example.startswith("newskg query"), query.name


@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_contract_columns(kg: KnowledgeGraph, name: str) -> None:
    results = kg.query(name, EXAMPLE_PARAMS.get(name, {}))
    assert results.variables[: len(CONTRACT_COLUMNS[name])] == CONTRACT_COLUMNS[name]
    assert not any(v.startswith("_") for v in results.variables), "parameter variables are hidden"


@pytest.mark.parametrize("variant", ["Sheberghan", "sheberghan", "Cheberghan", "Shibirghan", "#Cheberghan"])
def test_claims_about_matches_every_spelling(kg: KnowledgeGraph, variant: str) -> None:
    rows = kg.query("claims-about", {"subject": variant}).dicts()
    claimants = {row["claimantName"] for row in rows}
    assert {"Fawad Aman", "Mirwais Stanekzai", "a security source"} <= claimants
    assert all(row["sentence"] for row in rows)


def test_one_node_per_place_across_articles(kg: KnowledgeGraph) -> None:
    rows = kg.query("aliases", {"name": "Sheberghan"}).dicts()
    assert {row["entity"] for row in rows} == {"https://w3id.org/newskg/id/place/geonames/1127628"}
    assert {row["alias"] for row in rows} == {"Cheberghan"}
    assert all(row["reason"] for row in rows)


def test_events_at_a_province_include_its_cities(kg: KnowledgeGraph) -> None:
    rows = kg.query("events-at", {"place": "Jowzjan"}).dicts()
    assert {row["eventType"] for row in rows} == {"Airstrike", "Clash"}
    airstrike = next(row for row in rows if row["eventType"] == "Airstrike")
    assert airstrike["date"] == "2021-08-07"


def test_publisher_voice_events_are_claims_of_the_publisher(kg: KnowledgeGraph) -> None:
    rows = kg.query("casualties").dicts()
    assert [(r["killed"], r["claimantName"]) for r in rows] == [("20", "unknown publisher")]


def test_a_publisher_claim_is_about_everything_its_sentence_names(kg: KnowledgeGraph) -> None:
    rows = kg.query("claims-about", {"subject": "Aman"}).dicts()  # named in the sentence, in no event
    assert [(r["claimantName"], r["content"]) for r in rows] == [("unknown publisher", "Aman said 20 fighters were killed.")]


def test_a_publisher_claim_states_control_only_of_its_events_places() -> None:
    text = "The Taliban took control of Zaranj, the capital of Nimruz province."
    article = Article(id="zaranj", text=text, origin="/tmp/z.txt", published=date(2021, 8, 7), publisher="Example News")
    zaranj = EntityRecord(key="place:geonames:1120985", types=("Place",), label="Zaranj", mentions=[span(text, "Zaranj")],
                          place_type="city", located_in="place:iso3166-2:AF-NIM")
    nimruz = EntityRecord(key="place:iso3166-2:AF-NIM", types=("Place",), label="Nimruz",
                          mentions=[span(text, "Nimruz province")], place_type="province")
    taliban = EntityRecord(key="org:taliban", types=("Organization",), label="Taliban", mentions=[span(text, "Taliban")])
    publisher = EntityRecord(key="publisher:example news", types=("Organization",), label="Example News")
    event = EventRecord(event_type="Capture", trigger=span(text, "took control"), sentence=Mention(0, len(text), text),
                        agents=[taliban.key], places=[zaranj.key])
    triples = article_triples(
        Extraction(article=article, publisher_key=publisher.key, entities=[zaranj, nimruz, taliban, publisher],
                   claims=[], events=[event]),
        run=run_iri("r"),
    )
    claim = next(s for s, p, o in triples if p == NK.claimant)
    about = {o for s, p, o in triples if s == claim and p == NK.about}
    control = {o for s, p, o in triples if s == claim and p == NK.assertsControlOf}
    assert {entity_iri(zaranj.key), entity_iri(nimruz.key), entity_iri(taliban.key)} <= about
    assert control == {entity_iri(zaranj.key)}


@pytest.mark.parametrize(
    "hostile",
    ['Sheberghan" } ?s ?p ?o . { "', "x } UNION { ?s ?p ?o }", "# comment\n", "<http://evil>", "'; DROP GRAPH <x>", "\\u0022"],
)
def test_parameters_cannot_change_the_query(kg: KnowledgeGraph, hostile: str) -> None:
    before = len(kg.store)
    assert kg.query("claims-about", {"subject": hostile}).rows == []
    assert kg.query("timeline", {"place": hostile}).rows == []
    assert len(kg.store) == before


def test_unknown_query_and_parameters_are_clear_errors(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="no saved query named"):
        kg.query("../../etc/passwd")
    with pytest.raises(QueryError, match="has no parameter 'place'"):
        kg.query("claims-about", {"place": "x"})
    with pytest.raises(QueryError, match="needs --param subject"):
        kg.query("claims-about", {})


def test_rewriting_an_article_changes_nothing(kg: KnowledgeGraph) -> None:
    before = len(kg.store)
    write(kg, extraction_a(), extraction_b())
    assert len(kg.store) == before


def test_a_changed_article_replaces_its_graph_and_stale_identities_go(kg: KnowledgeGraph) -> None:
    changed = extraction_b()
    changed.entities = [e for e in changed.entities if e.key == changed.publisher_key]
    changed.claims, changed.events = [], []
    write(kg, changed)
    rows = kg.query("aliases", {"name": "Sheberghan"}).dicts()
    assert {row["alias"] for row in rows} == {None}, "Cheberghan is no longer supported by any article"


def test_replace_graphs_is_all_or_nothing(kg: KnowledgeGraph) -> None:
    before = len(kg.store)
    bad = URIRef("https://example.org/s")
    with pytest.raises(Exception):
        kg.store.replace_graphs(
            {article_graph(extraction_a().article.id): [], URIRef("https://example.org/g"): [(bad, bad, Literal("x"))]},
            add={URIRef("https://example.org/h"): [(bad, bad, Literal("1", datatype=URIRef("not an iri")))]},
        )
    assert len(kg.store) == before


@pytest.mark.parametrize("bulk_quads", [store_module.BULK_QUADS, 0], ids=["bulk load", "transaction"])
def test_new_graphs_go_in_whole_or_not_at_all_by_either_path(tmp_path, monkeypatch, bulk_quads: int) -> None:
    monkeypatch.setattr(store_module, "BULK_QUADS", bulk_quads)  # 0: every batch is above the bulk loader's bound
    store = Store(tmp_path / "store")
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    good = {URIRef(f"https://example.org/g{i}"): [(s, p, Literal(i))] for i in range(3)}
    store.replace_graphs(good)
    assert len(store) == 3
    line = "<https://example.org/s> <https://example.org/p> "
    broken = {URIRef("https://example.org/g9"): line + '"x" .\n',
              URIRef("https://example.org/g10"): line + '"1" .\n' + line + '"2"^^<not an iri> .\n'}
    with pytest.raises(SyntaxError):
        store.replace_graphs_ntriples(broken)
    assert len(store) == 3
    store.close()
    reopened = Store(tmp_path / "store")
    assert len(reopened) == 3
    reopened.close()


def test_a_writer_removes_the_files_of_a_bulk_load_that_was_killed(tmp_path) -> None:
    Store(tmp_path / "store").close()
    leftover = tmp_path / "store" / "bulk-1234567890.sst"
    leftover.write_bytes(b"half an SST file")
    Store(tmp_path / "store", read_only=True).close()
    assert leftover.exists(), "a reader must leave the writer's directory alone"
    store = Store(tmp_path / "store")
    assert not leftover.exists()
    assert (tmp_path / "store" / "CURRENT").exists()
    store.close()


def test_stats_counts(kg: KnowledgeGraph) -> None:
    stats = kg.stats()
    assert stats["articles"] == 2
    assert stats["events"] == 3
    assert stats["claims"] >= 3
    assert stats["places"] == 2


def test_disagreeing_claims_about_a_place_are_contested(kg: KnowledgeGraph) -> None:
    from tests.handmade import extraction_c

    write(kg, extraction_c())
    rows = kg.query("contested").dicts()
    pairs = {frozenset((r["claimantA"], r["claimantB"])) for r in rows}
    assert frozenset(("Abdul Qadir", "Mirwais Stanekzai")) in pairs
    assert all(r["claimantA"] != r["claimantB"] for r in rows)


def test_a_translation_slip_is_linked_only_with_strong_evidence(tmp_path) -> None:
    from newskg.names import person_key
    from tests.handmade import person_article

    kg = KnowledgeGraph(tmp_path / "store")
    mod = "org:afghanistan-ministry-of-defence"
    write(
        kg,
        person_article("a", "Fawad Aman", role="spokesman", org=mod),
        person_article("b", "Fawad Aman", role="deputy spokesman", org=mod),
        person_article("c", "Fawana Aman", role="spokeswoman", org=mod),  # slip: same role family and ministry
        person_article("d", "Farid Aman", role="governor", org="org:taliban"),  # a different Aman
        person_article("e", "Fawaz Aman", role="spokesman", org="org:taliban"),  # one letter apart, other affiliation
    )
    linked = kg.select("SELECT ?a ?b WHERE { ?a owl:sameAs ?b }").dicts()
    assert [(r["a"].rsplit("/", 1)[-1], r["b"].rsplit("/", 1)[-1]) for r in linked] == [(person_key("Fawana Aman"), person_key("Fawad Aman"))]
    rows = kg.query("claims-by", {"actor": "Fawana Aman"}).dicts()
    assert len({r["article"] for r in rows}) == 3, "the slip and the full name are found together"
    aliases = kg.query("aliases", {"name": "Fawad Aman"}).dicts()
    assert any(r["alias"] == "Fawana Aman" and "spelling slip" in (r["reason"] or "") for r in aliases)


@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_no_duplicate_rows_although_facts_repeat_in_many_article_graphs(tmp_path, name: str) -> None:
    """Oxigraph's union default graph keeps one copy of a triple per graph: queries must not multiply rows."""
    from tests.handmade import extraction_c

    kg = KnowledgeGraph(tmp_path / "store")
    write(kg, extraction_a(), extraction_b(), extraction_c())
    rows = [tuple(r) for r in kg.query(name, EXAMPLE_PARAMS.get(name, {})).rows]
    assert len(rows) == len(set(rows))


def test_preferred_label_is_what_the_news_says(kg: KnowledgeGraph) -> None:
    """Jowzjan is only ever an ancestor here, Sheberghan is spelled twice one way and once another."""
    labels = {r["label"] for r in kg.query("aliases", {"name": "Cheberghan"}).dicts()}
    assert labels == {"Sheberghan"}
