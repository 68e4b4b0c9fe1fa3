"""Exports: RDF syntaxes, JSON-LD with the published context, the ACLED-style events table and
the claims table, through the API and the command line."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from newskg.api import KnowledgeGraph
from newskg.cli import main
from newskg.graph.exports import EXPORT_FORMATS, JsonLdCompactor, published_context, write_jsonld
from newskg.graph.tabular import CLAIM_COLUMNS, EVENT_COLUMNS
from newskg.ontology.terms import NK
from tests import kgfixtures

ID = "https://w3id.org/newskg/id/"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    graph = KnowledgeGraph(in_memory=True)
    kgfixtures.fill(graph.store)
    return graph


def exported(kg: KnowledgeGraph, fmt: str) -> bytes:
    buffer = io.BytesIO()
    kg.export(fmt, buffer)
    return buffer.getvalue()


# RDF ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_graph_formats_hold_the_union(kg, fmt, parser):
    graph = rdflib.Graph().parse(data=exported(kg, fmt), format=parser)
    assert kgfixtures.plain_triples(graph) == kgfixtures.union_of(kg.store)


def test_union_is_written_without_duplicates(kg):
    lines = [line for line in exported(kg, "ntriples").decode("utf-8").splitlines() if line.strip()]
    assert len(lines) == len(set(lines)) == len(kgfixtures.union_of(kg.store))


@pytest.mark.parametrize(("fmt", "parser"), [("trig", "trig"), ("nquads", "nquads")])
def test_dataset_formats_keep_named_graphs(kg, fmt, parser):
    dataset = rdflib.Dataset()
    dataset.parse(data=exported(kg, fmt), format=parser)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {str(g) for g in kg.store.named_graphs()}


def test_unknown_format_is_refused(kg):
    with pytest.raises(ValueError, match="unknown export format"):
        exported(kg, "xlsx")


# JSON-LD ------------------------------------------------------------------------------

def test_jsonld_is_compacted_with_the_published_context(kg):
    document = json.loads(exported(kg, "jsonld"))
    assert document["@context"] == published_context()
    nodes: dict[str, dict] = {}
    for node in document["@graph"]:  # a subject may have a node object in each graph it appears in
        nodes.setdefault(node["@id"], {}).update(node)
    event = nodes["nkid:event/fixture-b-0"]
    assert event["@type"] == "Event"
    assert event["eventType"] == "Airstrike"
    assert event["killed"] in ("20", {"@value": "20", "@type": "xsd:integer"})  # Oxigraph stores it as xsd:integer
    assert event["place"] == "nkid:place/geonames/1127110"
    assert event["date"] == "2021-08-07"
    claim = nodes["nkid:claim/fixture-a-1"]
    assert claim["direct"] == "true" and claim["cue"] == "said"


def test_context_terms_name_ontology_terms():
    context = published_context()
    compactor = JsonLdCompactor(context)
    nk = str(NK._NS)
    for iri in compactor.properties:
        if iri.startswith(nk):
            assert getattr(NK, iri[len(nk):]) is not None  # NK raises on a term the ontology lacks


# Triples built from awkward pieces: IRIs that look like compact IRIs of the context
# ("geo:", "label:"), literals whose datatype disagrees with a term's coercion, language
# tags, blank nodes, long and escaped strings.
_NAMESPACES = [
    "https://w3id.org/newskg/id/", "https://w3id.org/newskg/ontology#", "https://schema.org/",
    "http://www.w3.org/2003/01/geo/wgs84_pos#", "http://example.org/", "urn:x:", "geo:", "label:", "nk:",
]
_LOCAL = st.text(alphabet="abcXY019-_/.", min_size=0, max_size=8).filter(lambda s: not s.startswith("//"))
_IRIS = st.builds(lambda ns, local: ox.NamedNode(ns + local), st.sampled_from(_NAMESPACES), _LOCAL).filter(
    lambda n: ":" in n.value and not n.value.endswith(":")
)
_PREDICATES = st.one_of(
    st.sampled_from([ox.NamedNode(i) for i in JsonLdCompactor(published_context()).properties]),
    st.just(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")),
    _IRIS,
)
_DATATYPES = st.sampled_from([
    "http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/2001/XMLSchema#date",
    "http://www.w3.org/2001/XMLSchema#boolean", "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
    "http://www.w3.org/2001/XMLSchema#decimal", "http://example.org/dt", "geo:dt",
])
_VALUES = st.sampled_from(["", "x", "2021-08-07", "true", "20", "36.5", 'say "hi"\n\tnow', "Mazār-i-Sharīf", "@id"])
_LITERALS = st.one_of(
    st.builds(lambda v, d: ox.Literal(v, datatype=ox.NamedNode(d)), _VALUES, _DATATYPES),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), _VALUES, st.sampled_from(["en", "ps", "fa-AF"])),
)
_BNODES = st.sampled_from([ox.BlankNode("b1"), ox.BlankNode("b2")])
_TRIPLES = st.lists(
    st.builds(ox.Triple, st.one_of(_IRIS, _BNODES), _PREDICATES, st.one_of(_IRIS, _BNODES, _LITERALS)),
    min_size=1, max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_TRIPLES)
def test_jsonld_writer_round_trips_awkward_triples(triples):
    buffer = io.BytesIO()
    write_jsonld(iter(triples), buffer)
    from_jsonld = rdflib.Graph().parse(data=buffer.getvalue(), format="json-ld")
    from_nt = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    left, right = rdflib.Graph(), rdflib.Graph()
    for target, source in ((left, from_jsonld), (right, from_nt)):
        for triple in kgfixtures.plain_triples(source):
            target.add(triple)
    assert isomorphic(left, right), buffer.getvalue().decode("utf-8")


# Tables -------------------------------------------------------------------------------

def _table(kg: KnowledgeGraph, fmt: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(exported(kg, fmt).decode("utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def test_events_table_has_acled_columns_first(kg):
    header, rows = _table(kg, "events-csv")
    assert header[:11] == ["event_date", "event_type", "actor1", "actor2", "admin1", "location", "latitude",
                           "longitude", "source", "notes", "fatalities"]
    assert header == list(EVENT_COLUMNS)
    assert len(rows) == kgfixtures.EVENTS
    assert [r["event_date"] for r in rows] == ["2021-08-06", "2021-08-07", ""]  # date order, undated last


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ("fixture-a-0", {"event_type": "Capture", "actor1": "Taliban", "actor2": "", "admin1": "Jowzjan",
                         "source": "Pajhwok", "fatalities": "", "claimant": "a provincial official"}),
        ("fixture-b-0", {"event_type": "Airstrike", "actor1": "Afghan forces", "actor2": "Taliban", "admin1": "Jowzjan",
                         "latitude": "36.66757", "longitude": "65.7529", "source": "Reuters", "fatalities": "20",
                         "killed_qualifier": "at least", "wounded": "5", "claimant": "Reuters"}),
        ("fixture-b-1", {"event_type": "Attack", "location": "Qala-i-Naw", "admin1": "Badghis", "fatalities": "3",
                         "killed_qualifier": "exact", "claimant": "Abdul Latif",
                         "article": ID + "article/fixture-b"}),
    ],
)
def test_events_table_rows(kg, event, expected):
    _, rows = _table(kg, "events-csv")
    row = next(r for r in rows if r["event_iri"] == ID + "event/" + event)
    assert {key: row[key] for key in expected} == expected
    assert row["notes"]  # the sentence that reports the event


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("fixture-a-1", {"claimant": "Qader Malia", "cue": "said", "claim": "We have lost the city", "about": "Shibirghan",
                         "direct": "true", "date": "2021-08-07"}),
        ("fixture-b-1", {"claimant": "Zalmay Khalilzad", "cue": "told", "about": "Taliban", "direct": "false"}),
        ("fixture-b-10000", {"claimant": "Reuters", "cue": "reported",
                             "about": "Afghan forces; Airstrike event on 2021-08-07; Shibirghan; Taliban"}),
    ],
)
def test_claims_table_rows(kg, claim, expected):
    header, rows = _table(kg, "claims-csv")
    assert header == list(CLAIM_COLUMNS)
    assert len(rows) == kgfixtures.CLAIMS
    row = next(r for r in rows if r["claim_iri"] == ID + "claim/" + claim)
    assert {key: row[key] for key in expected} == expected
    assert row["sentence"] and row["article"].startswith(ID + "article/")


# The command line ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("exports") / "store"
    kgfixtures.build_store(path)
    return path


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_cli_exports_every_format(store_dir, tmp_path, fmt):
    output = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", "--store", str(store_dir), "--format", fmt, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 500


def test_exports_stay_linear_when_many_articles_name_the_same_entities():
    """300 articles naming the same places and actors: the union graph repeats their triples
    300 times, so a join across them (place type x coordinates x parent) would never finish."""
    import time

    kg = KnowledgeGraph(in_memory=True)
    kgfixtures.fill_copies(kg.store, 150)
    started = time.monotonic()
    for fmt in ("events-csv", "claims-csv", "graphml", "jsonld"):
        assert len(exported(kg, fmt)) > 1000
    assert time.monotonic() - started < 60
    _, rows = _table(kg, "events-csv")
    assert len(rows) == 150 * kgfixtures.EVENTS
    assert {r["admin1"] for r in rows} == {"Jowzjan", "Badghis"}
