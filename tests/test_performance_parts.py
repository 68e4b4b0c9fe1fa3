"""The parts that make builds fast must not change what a build stores.

* incremental identity == full recompute, for additions, replacements and removals;
* the parallel build stores the same graphs whatever ``--jobs`` is;
* a killed build is finished by the next one;
* paging of saved queries is bound by the engine, never spliced into the text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from newskg.graph.contested import CasualtyReports, contradiction_triples, triples_casualty_reports
from newskg.graph.identity import Touched, identity_triples, refresh_identity, update_identity
from newskg.graph.identity_tallies import (
    PlaceFacts,
    Tallies,
    count_tallies,
    graph_tallies,
    triples_place_facts,
    triples_tallies,
)
from newskg.graph.store import Store
from newskg.iris import IDENTITY_GRAPH, PROVENANCE_GRAPH, article_graph, run_iri
from newskg.loaders.mapping import article_triples
from newskg.ontology.terms import NK, Triple
from tests.handmade import casualty_report, extraction_a, extraction_b, extraction_c, person_article

RUN = run_iri("test-run")
MOD = "org:afghanistan-ministry-of-defence"


def _touch(store: Store, graphs: dict[URIRef, list[Triple]], touched: Touched, *, written: bool = True) -> None:
    """What the pipeline collects: claims and counts of the graphs about to be replaced, and counts of the
    new ones (``written=False``: the graphs are dropped, nothing new is counted); the entities follow from the counts."""
    touched.old_tallies.update(graph_tallies(store, graphs))
    for g in graphs:
        for s, p, o in store.graph_triples(g):
            if p == RDF.type and o == NK.Claim:
                touched.old_claims.add(s)
    for iri, triples in graphs.items():
        touched.graphs.add(iri)
        if written:
            touched.new_tallies.update(triples_tallies(triples))


def _write(store: Store, *extractions, incremental: bool) -> None:
    graphs = {article_graph(e.article.id): article_triples(e, run=RUN) for e in extractions}
    touched = Touched()
    _touch(store, graphs, touched)
    store.replace_graphs(graphs)
    if incremental:
        update_identity(store, touched)
    else:
        refresh_identity(store)


def _remove(store: Store, extraction, *, incremental: bool) -> None:
    graph = article_graph(extraction.article.id)
    touched = Touched()
    _touch(store, {graph: article_triples(extraction, run=RUN)}, touched, written=False)
    store.drop_graphs([graph])
    if incremental:
        update_identity(store, touched)
    else:
        refresh_identity(store)


def _identity(store: Store) -> set:
    return set(store.graph_triples(IDENTITY_GRAPH))


def _persons(*names_roles_orgs):
    return [person_article(f"p{i}", name, role=role, org=org) for i, (name, role, org) in enumerate(names_roles_orgs)]


SLIP = _persons(("Fawad Aman", "spokesman", MOD), ("Fawad Aman", "deputy spokesman", MOD), ("Fawana Aman", "spokeswoman", MOD),
                ("Farid Aman", "governor", "org:taliban"), ("Fawaz Aman", "spokesman", "org:taliban"))  # fmt: skip

# (name, first step, second step): each step is a list of ("add", extraction) or ("remove", extraction)
STEPS = [
    ("a then b", [("add", extraction_a())], [("add", extraction_b())]),
    ("a+b then c (contested pair appears)", [("add", extraction_a()), ("add", extraction_b())], [("add", extraction_c())]),
    ("a+b+c then c removed (pair and support go)", [("add", extraction_a()), ("add", extraction_b()), ("add", extraction_c())], [("remove", extraction_c())]),
    ("a then a replaced by another date", [("add", extraction_a()), ("add", extraction_c())], [("add", extraction_a(date(2021, 9, 30)))]),
    ("b then b removed (Cheberghan alias goes)", [("add", extraction_a()), ("add", extraction_b())], [("remove", extraction_b())]),
    ("person slip arrives last", [("add", e) for e in SLIP[:2] + SLIP[3:]], [("add", SLIP[2])]),
    ("person slip arrives first", [("add", SLIP[2])], [("add", e) for e in SLIP[:2] + SLIP[3:]]),
    ("the linked full name loses its articles", [("add", e) for e in SLIP], [("remove", SLIP[0]), ("remove", SLIP[1])]),
    ("the slip is removed", [("add", e) for e in SLIP], [("remove", SLIP[2])]),
]  # fmt: skip


def _apply(store: Store, steps, *, incremental: bool) -> None:
    adds = [e for kind, e in steps if kind == "add"]
    if adds:
        _write(store, *adds, incremental=incremental)
    for kind, e in steps:
        if kind == "remove":
            _remove(store, e, incremental=incremental)


@pytest.mark.parametrize(("name", "first", "second"), STEPS, ids=[row[0] for row in STEPS])
def test_incremental_identity_equals_full_recompute(name: str, first, second) -> None:
    incremental, full = Store(None), Store(None)
    for store, is_incremental in ((incremental, True), (full, False)):
        _apply(store, first, incremental=False)
        _apply(store, second, incremental=is_incremental)
    assert _identity(incremental) == _identity(full)
    assert _identity(full), "the scenario leaves some identities"


def test_counts_of_a_graph_before_it_is_stored_equal_the_stores() -> None:
    """The worker counts each article graph from its triples; the store, counted, must agree, graph by graph and in all."""
    store = Store(None)
    graphs = {article_graph(e.article.id): article_triples(e, run=RUN)
              for e in (extraction_a(), extraction_b(), extraction_c(), *SLIP)}  # fmt: skip
    store.replace_graphs(graphs)
    total = Tallies()
    for graph, triples in graphs.items():
        assert triples_tallies(triples) == graph_tallies(store, [graph]), graph
        total.update(triples_tallies(triples))
    assert total == count_tallies(store)
    assert total.anchors and total.labels and total.mentions


def test_place_facts_gathered_before_storing_give_the_identity_the_store_gives() -> None:
    """A first build copies place facts from what its workers read; where articles disagree it asks the store."""
    graphs = {article_graph(e.article.id): article_triples(e, run=RUN)
              for e in (extraction_a(), extraction_b(), extraction_c(), *SLIP)}  # fmt: skip
    first = next(iter(graphs))
    place = next(s for s, p, _ in graphs[first] if p == NK.locatedIn)  # a city in its province
    graphs[first] = [*graphs[first], (place, NK.locatedIn, URIRef("https://example.org/elsewhere"))]
    store = Store(None)
    store.replace_graphs(graphs)
    gathered, tallies = PlaceFacts(), Tallies()
    for triples in graphs.values():
        gathered.update(triples_place_facts(triples))
        tallies.update(triples_tallies(triples))
    assert len(gathered.values[(place, NK.locatedIn)]) == 2, "the articles disagree on the city's province"
    assert sum(1 for (_, fact) in gathered.values if fact == NK.placeType) == 2
    from_store = identity_triples(store, tallies)
    assert identity_triples(store, tallies, place_facts=gathered) == from_store
    assert any(p == NK.geonames for _, p, _ in from_store)


# (article, claimant, killed, date): who reported which toll of one killing in Sheberghan
TOLLS = [
    (1, "Ahmad Zia", 20, date(2021, 8, 7)),
    (2, "Nazir Khan", 40, date(2021, 8, 7)),  # twice article 1's toll: disputed
    (3, "Omar Saleh", 22, date(2021, 8, 7)),  # close to 1's (within a quarter), far from 2's
    (4, "Ahmad Zia", 80, date(2021, 8, 7)),  # 1's claimant again: no pair with 1, pairs with 2 and 3
    (5, "Nazir Khan", 10, date(2021, 8, 9)),  # another day: another group
    (6, "Omar Saleh", 11, date(2021, 8, 9)),  # close to 5's: an undisputed group
]
TOLL_PAIRS = {(1, 2), (2, 3), (2, 4), (3, 4)}


def _toll_graphs() -> dict[URIRef, list[Triple]]:
    return {article_graph(casualty_report(*row).article.id): article_triples(casualty_report(*row), run=RUN) for row in TOLLS}


def test_casualty_reports_of_a_graph_before_it_is_stored_equal_the_stores() -> None:
    """A worker reads each graph's casualty reports from its triples; the store's rows must give the same, graph by graph."""
    from newskg.graph.contested import _COUNTED_EVENTS
    from newskg.graph.store import restricted_select

    graphs = _toll_graphs()
    store = Store(None)
    store.replace_graphs(graphs)
    for graph, triples in graphs.items():
        stored: dict[tuple, set] = {}
        for _event, kind, place, when, killed, _claim, claimant, _g in restricted_select(store, _COUNTED_EVENTS, "g", [graph]):
            stored.setdefault((kind, place, when), set()).add((claimant, int(killed)))
        found = triples_casualty_reports(triples).groups
        assert {key: set(reports) for key, reports in found.items()} == stored, graph
        assert all(len(set(reports)) == len(reports) for reports in found.values()), graph
        assert stored, graph


def test_gathered_casualty_reports_keep_each_report_once_and_each_term_once() -> None:
    """A build adds up every worker's reports: a report seen twice is kept once, and equal terms
    from different articles become one object (a 100x build keeps 22,866 groups)."""
    def report(killed: int) -> CasualtyReports:  # new term objects each time, as unpickled from a worker
        key = (URIRef(str(NK.Clash)), URIRef("https://example.org/place/kunduz"), Literal(date(2021, 8, 7)))
        return CasualtyReports({key: ((URIRef("https://example.org/actor/taliban"), killed),)})

    gathered = CasualtyReports()
    for killed in (10, 10, 40):
        gathered.update(report(killed))
    [(key, reports)] = gathered.groups.items()
    assert [killed for _who, killed in reports] == [10, 40]
    assert reports[0][0] is reports[1][0]
    other = report(10)
    gathered.update(CasualtyReports({(key[0], URIRef("https://example.org/place/herat"), key[2]): next(iter(other.groups.values()))}))
    assert {k[0] for k in gathered.groups} == {key[0]} and len({id(k[0]) for k in gathered.groups}) == 1


def test_casualty_pairs_from_the_disputed_groups_equal_those_read_place_by_place() -> None:
    """A first build reads only the groups its workers found disputed; the pairs must be those of reading every report."""
    graphs = _toll_graphs()
    store = Store(None)
    store.replace_graphs(graphs)
    gathered = CasualtyReports()
    for triples in graphs.values():
        gathered.update(triples_casualty_reports(triples))
    assert [when for _kind, _place, when in gathered.disputed()] == [Literal(date(2021, 8, 7))]
    claim_of = {s: n for (n, *_), triples in zip(TOLLS, graphs.values()) for s, p, o in triples if o == NK.Claim}
    full = contradiction_triples(store)
    assert {tuple(sorted((claim_of[a], claim_of[b]))) for a, _, b in full} == TOLL_PAIRS
    assert contradiction_triples(store, casualties=gathered) == full


def test_removed_support_makes_the_identity_disappear() -> None:
    store = Store(None)
    _write(store, extraction_a(), extraction_b(), incremental=False)
    cheberghan = [s for s, p, o in _identity(store) if str(o) == "Cheberghan"]
    assert cheberghan
    _remove(store, extraction_b(), incremental=True)
    assert not any(str(o) == "Cheberghan" for _, _, o in _identity(store))
    _remove(store, extraction_a(), incremental=True)
    assert _identity(store) == set()


def test_contested_pair_comes_and_goes_incrementally() -> None:
    store = Store(None)
    _write(store, extraction_a(), extraction_b(), incremental=False)
    _write(store, extraction_c(), incremental=True)
    pairs = {(s, o) for s, p, o in _identity(store) if p == NK.contradicts}
    assert pairs
    _remove(store, extraction_c(), incremental=True)
    assert not any(p == NK.contradicts for _, p, _ in _identity(store))



@pytest.mark.parametrize(
    ("published_a", "paired"),
    [(date(2021, 8, 8), True),  # a day apart: within the window
     (date(2021, 8, 21), True),  # a fortnight apart: the window's last day
     (date(2021, 8, 22), False),  # fifteen days apart
     (date(2021, 9, 30), False),  # seven weeks apart
     (None, False)],  # a report without a date is close in time to itself only, not to every other report
)  # fmt: skip
def test_contested_pairs_need_reports_close_in_time(published_a, paired: bool) -> None:
    from dataclasses import replace

    a = extraction_a()
    a.article = replace(a.article, published=published_a)
    store = Store(None)
    _write(store, a, extraction_c(), incremental=False)
    assert any(p == NK.contradicts for _, p, _ in _identity(store)) is paired


# ---------------------------------------------------------------- the real build (spaCy): slow

SEEDS = Path("/work/shared/corpus/seeds")
_RUN_IRI = re.compile(r"<https://w3id.org/newskg/id/run/[^>]+>")
_TIME = re.compile(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"')


def _normalised_nquads(store: Store) -> list[str]:
    """Every quad except the run's timestamps, with the run's IRI made constant."""
    lines = []
    for s, p, o, g in store.quads():
        if g == PROVENANCE_GRAPH:
            continue
        line = " ".join(x.n3() for x in (s, p, o, g) if x is not None)
        lines.append(_TIME.sub('"T"', _RUN_IRI.sub("<run>", line)))
    return sorted(lines)


@pytest.fixture(scope="module")
def extractor():
    from newskg.loaders.extract import Extractor
    from newskg.pipeline import DEFAULT_MODEL

    return Extractor.load(DEFAULT_MODEL)


@pytest.mark.slow
def test_jobs_do_not_change_the_store(tmp_path, extractor) -> None:
    from newskg.pipeline import build

    stores = {}
    for jobs in (1, 2):
        store = Store(tmp_path / f"jobs{jobs}")
        report = build(store, [SEEDS], extractor=extractor, jobs=jobs, batch_size=2, progress=False)
        assert report.stored >= 5 and not report.failed
        stores[jobs] = _normalised_nquads(store)
        store.close()
    assert stores[1] == stores[2]


@pytest.mark.slow
def test_a_first_build_gives_the_identity_a_recount_gives(tmp_path, extractor) -> None:
    """A first build adds up what its workers counted; counting the stored graphs must give the same identity graph."""
    from newskg.pipeline import build

    store = Store(tmp_path / "store")
    build(store, [SEEDS], extractor=extractor, progress=False)
    built = _identity(store)
    refresh_identity(store)
    assert _identity(store) == built
    assert any(o == NK.LabelTally for _, _, o in built)


@pytest.mark.slow
def test_a_build_in_two_steps_equals_one_build(tmp_path, extractor) -> None:
    """Incremental identity in the real pipeline: seeds in two builds == seeds in one (full recompute)."""
    from newskg.pipeline import build

    files = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    one = Store(tmp_path / "one")
    build(one, files, extractor=extractor, progress=False)
    two = Store(tmp_path / "two")
    build(two, files[:2], extractor=extractor, progress=False)
    build(two, files[2:], extractor=extractor, progress=False)
    assert _identity(two) == _identity(one)
    full = _identity(two)
    refresh_identity(two)
    assert _identity(two) == full


@pytest.mark.slow
def test_a_killed_build_is_finished_by_the_next(tmp_path, extractor) -> None:
    """Articles written, identity never updated (killed): the next build, with nothing new, finishes it."""
    from rdflib.namespace import PROV

    from newskg.pipeline import build

    files = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    reference = Store(tmp_path / "reference")
    build(reference, files, extractor=extractor, progress=False)
    killed = Store(tmp_path / "killed")
    build(killed, files[:1], extractor=extractor, progress=False)
    graphs = {g: list(reference.graph_triples(g)) for g in reference.named_graphs() if "/graph/article/" in str(g)}
    runs = [t for t in reference.graph_triples(PROVENANCE_GRAPH) if t[1] != PROV.endedAtTime]  # the run never ended
    killed.replace_graphs(graphs, add={PROVENANCE_GRAPH: runs})
    assert _identity(killed) != _identity(reference)
    report = build(killed, files, extractor=extractor, progress=False)
    assert report.stored == 0
    assert _identity(killed) == _identity(reference)
    assert not killed.select("SELECT ?r WHERE { ?r a nk:ExtractionRun FILTER NOT EXISTS { ?r prov:endedAtTime ?t } }")[1]


# ---------------------------------------------------------------- paging


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (2, 1), (0, 0), (100, 0), (3, 100)])
def test_pages_are_slices_of_the_whole_answer(tmp_path, limit: int, offset: int) -> None:
    from newskg.api import KnowledgeGraph

    kg = KnowledgeGraph(tmp_path / "store")
    _write(kg.store, extraction_a(), extraction_b(), extraction_c(), incremental=False)
    whole = kg.query("actors").rows
    assert len(whole) > 3
    assert kg.query("actors", limit=limit, offset=offset).rows == whole[offset : offset + limit]


@pytest.mark.parametrize("args", [["--limit", "-1"], ["--limit", "1 } LIMIT 5"], ["--offset", "x"], ["--offset", "-2"]])
def test_paging_options_take_non_negative_integers_only(tmp_path, args: list[str]) -> None:
    from click.testing import CliRunner

    from newskg.cli import main

    result = CliRunner().invoke(main, ["query", "--store", str(tmp_path / "none"), "actors", *args])
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_paging_on_the_command_line(tmp_path) -> None:
    from click.testing import CliRunner

    from newskg.api import KnowledgeGraph
    from newskg.cli import main

    kg = KnowledgeGraph(tmp_path / "store")
    _write(kg.store, extraction_a(), extraction_b(), incremental=False)
    whole = kg.query("actors").rows
    kg.close()
    result = CliRunner().invoke(main, ["query", "--store", str(tmp_path / "store"), "actors", "--format", "csv", "--limit", "2", "--offset", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3 and str(whole[1][0]) in lines[1] and str(whole[2][0]) in lines[2]


def test_unnamed_sources_live_in_their_article_graph_not_the_identity_graph() -> None:
    """An unnamed source is keyed by its article: kept out of the identity graph, which then grows with named entities only."""
    from rdflib.namespace import SKOS

    from newskg.api import KnowledgeGraph
    from newskg.iris import UNNAMED_BASE
    from newskg.names import name_key

    kg = KnowledgeGraph(in_memory=True)
    store = kg.store
    _write(store, extraction_a(), extraction_b(), incremental=False)
    sources = {s for g in store.named_graphs() for s, p, o in store.graph_triples(g) if str(s).startswith(UNNAMED_BASE)}
    assert sources, "the handmade articles have an unnamed source"
    assert not {s for s, _, _ in _identity(store)} & sources
    for source in sources:
        (graph,) = {g for g in store.named_graphs() if (source, RDF.type, NK.Actor) in set(store.graph_triples(g))}
        facts = {(p, str(o)) for s, p, o in store.graph_triples(graph) if s == source}
        assert (SKOS.prefLabel, "a security source") in facts
        assert (NK.articleCount, "1") in facts and (NK.mentionCount, "1") in facts
        assert (NK.nameKey, name_key("a security source")) in facts
    listed = {row["name"] for row in kg.query("actors").dicts()}
    assert "Fawad Aman" in listed and "a security source" not in listed  # the listing is of named actors
    claims = kg.query("claims-by", {"actor": "a security source"}).dicts()
    assert claims and all("Cheberghan" in row["content"] for row in claims)  # found by its name all the same


def _restricted_templates():
    from newskg.graph import contested, identity, identity_tallies, person_links
    from newskg import pipeline

    return [
        (identity_tallies._LABELS, "e"), (identity_tallies._ANCHORS, "e"), (identity_tallies._STATS, "e"),
        (identity_tallies._LABELS_IN, "g"), (identity_tallies._ANCHORS_IN, "g"), (identity_tallies._MENTIONS_IN, "g"),
        (identity_tallies._STORED, "e"), (identity_tallies._STORED_STATS, "e"),
        (identity._PERSONS, "e"), (identity._RECORDED_MERGES, "e"), (identity._LINKED, "e"), (identity._LABELS_OF, "e"),
        (person_links._LABELS, "person"), (person_links._ROLES, "person"), (person_links._ORGS, "person"),
        (person_links._MENTIONS, "person"),
        (contested._STANCES, "place"), (contested._CONTROL_PAIRS, "place"), (contested._COUNTED_EVENTS, "place"),
        (contested._STANCES, "g"),
        (contested._COUNTED_EVENTS, "g"), (contested._STORED_PAIRS, "claim"),
        (pipeline._HASHES, "article"), (pipeline._OLD_CLAIMS, "g"),
    ]  # fmt: skip


def test_terms_written_as_constants_give_the_rows_of_a_values_block() -> None:
    """restricted_select writes each term into the query (an index lookup); the rows must be a VALUES block's."""
    from newskg.graph.store import restricted_select, values

    from dataclasses import replace

    from newskg.loaders.records import Count

    counted = extraction_a()
    counted.events[0] = replace(counted.events[0], killed=Count(20, "exact", "20"))
    taliban = next(e for e in counted.entities if e.key == "org:taliban")
    taliban.aliases, taliban.merge_reasons = ["Islamic Emirate"], ["a known alias in the organisation table"]
    store = Store(None)
    _write(store, counted, extraction_b(), extraction_c(), *SLIP, incremental=False)
    nodes = sorted({t for g in store.named_graphs() for triple in store.graph_triples(g) for t in triple
                    if isinstance(t, URIRef)} | set(store.named_graphs()))  # fmt: skip
    assert len(nodes) > 100
    empty = []
    for template, variable in _restricted_templates():
        expected = store.select(template.format(only=values(variable, nodes)))[1]
        got = restricted_select(store, template, variable, nodes)
        assert sorted(map(repr, got)) == sorted(map(repr, expected)), template
        empty += [] if got else [template.split("WHERE")[0].strip()]
    assert not empty, f"the scenario gives no rows for {empty}"


@pytest.mark.parametrize(
    "stored,articles,compact",
    [
        (0, 0, False),  # nothing written: nothing to merge
        (5, 5, True),  # a first build
        (7, 72_907, False),  # a few articles added to a big store: not worth rewriting it
        (8_000, 72_900, True),  # a tenth of the store or more
        (7_000, 72_900, False),
    ],
)
def test_a_build_compacts_the_store_only_after_writing_a_large_share_of_it(stored, articles, compact) -> None:
    from newskg.pipeline import worth_compacting

    assert worth_compacting(stored, articles) is compact


def test_compacting_keeps_every_quad(tmp_path) -> None:
    """Graphs replaced and dropped before the compaction: the store holds the same quads after it."""
    store = Store(tmp_path / "store")
    _write(store, extraction_a(), extraction_b(), incremental=False)
    _write(store, extraction_a(date(2021, 8, 9)), incremental=True)  # a replaced graph leaves old data behind
    _remove(store, extraction_b(), incremental=True)
    store.flush()
    before = sorted(store.quads(), key=str)
    store.compact()
    assert sorted(store.quads(), key=str) == before
    store.close()
    reopened = Store(tmp_path / "store", read_only=True)
    assert sorted(reopened.quads(), key=str) == before
    reopened.close()


class _CompactionFails(Store):
    def compact(self) -> None:
        raise OSError("disk full")


def test_the_compaction_beside_the_identity_step_runs_in_its_own_thread_and_keeps_every_quad(tmp_path) -> None:
    import threading

    from newskg.pipeline import _compaction_beside

    class Watched(Store):
        compacted_in: str | None = None

        def compact(self) -> None:
            Watched.compacted_in = threading.current_thread().name
            super().compact()

    store, plain = Watched(tmp_path / "store"), Store(tmp_path / "plain")
    for each in (store, plain):
        _write(each, extraction_a(), extraction_c(), incremental=False)
        _write(each, extraction_a(date(2021, 8, 9)), incremental=True)  # a replaced graph leaves old data behind
    with _compaction_beside(store, wanted=True):
        _write(store, extraction_b(), incremental=True)  # the identity step writes while the store compacts
    _write(plain, extraction_b(), incremental=True)
    assert Watched.compacted_in not in (None, threading.current_thread().name)
    assert set(store.quads()) == set(plain.quads())
    store.close()
    plain.close()


def test_a_failed_compaction_is_raised_after_the_identity_step_and_a_failed_identity_step_wins(tmp_path) -> None:
    from newskg.pipeline import _compaction_beside

    store = _CompactionFails(tmp_path / "store")
    finished = []
    with pytest.raises(OSError, match="disk full"):
        with _compaction_beside(store, wanted=True):
            finished.append(True)
    assert finished == [True]
    with pytest.raises(ValueError, match="identity"):
        with _compaction_beside(store, wanted=True):
            raise ValueError("identity step failed")
    with _compaction_beside(store, wanted=False):  # not wanted: no compaction, nothing raised
        pass
    store.close()


def test_graph_readers_give_the_same_for_equal_terms_that_are_other_objects() -> None:
    """The readers look predicates up by the mapping's own term objects; the same graph read back from
    the store (equal terms, other objects) must give the same counts, place facts and casualty reports."""
    graphs = {**_toll_graphs(), **{article_graph(e.article.id): article_triples(e, run=RUN)
                                   for e in (extraction_a(), extraction_b(), extraction_c(), *SLIP)}}  # fmt: skip
    store = Store(None)
    store.replace_graphs(graphs)
    for graph, triples in graphs.items():
        read_back = list(store.graph_triples(graph))
        assert sorted(read_back) == sorted(triples)
        assert not any(p is q for (_, p, _), (_, q, _) in zip(sorted(read_back), sorted(triples)))
        assert triples_tallies(read_back) == triples_tallies(triples), graph
        assert triples_place_facts(read_back) == triples_place_facts(triples), graph
        found, again = triples_casualty_reports(triples).groups, triples_casualty_reports(read_back).groups
        assert {k: set(v) for k, v in found.items()} == {k: set(v) for k, v in again.items()}, graph
