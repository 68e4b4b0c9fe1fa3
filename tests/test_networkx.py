"""The graph in networkx: the full graph, the two projections, and GraphML / GEXF files that
networkx (and so Gephi and Cytoscape) load back."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from newskg.api import KnowledgeGraph
from tests import kgfixtures

ID = "https://w3id.org/newskg/id/"
TALIBAN, AFGHAN_FORCES = ID + "org/taliban", ID + "org/afghan-forces"
SHEBERGHAN, JOWZJAN = ID + "place/geonames/1127110", ID + "place/geonames/1135365"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    graph = KnowledgeGraph(in_memory=True)
    kgfixtures.fill(graph.store)
    return graph


@pytest.fixture(scope="module")
def full(kg) -> nx.MultiDiGraph:
    return kg.to_networkx()


def test_full_graph_has_every_kind(full):
    kinds = [data["kind"] for _, data in full.nodes(data=True)]
    assert kinds.count("Article") == kgfixtures.ARTICLES
    assert kinds.count("Event") == kgfixtures.EVENTS
    assert kinds.count("Claim") == kgfixtures.CLAIMS
    assert kinds.count("Place") == kgfixtures.PLACES
    assert sum(kinds.count(k) for k in ("Person", "Organization", "Actor")) == kgfixtures.ACTORS
    assert not [n for n in full if "#char=" in n]  # mentions stay out


@pytest.mark.parametrize(
    ("node", "attribute", "value"),
    [
        (SHEBERGHAN, "label", "Shibirghan"),
        (SHEBERGHAN, "geonamesId", 1127110),
        (SHEBERGHAN, "lat", 36.66757),
        (SHEBERGHAN, "placeType", "city"),
        (SHEBERGHAN, "articles", ID + "article/fixture-a; " + ID + "article/fixture-b"),
        (TALIBAN, "mentions", 3),
        (ID + "person/zbhl-mjhd", "role", "spokesman"),
        (ID + "event/fixture-b-0", "eventType", "Airstrike"),
        (ID + "event/fixture-b-0", "date", "2021-08-07"),
        (ID + "event/fixture-b-0", "killed", 20),
        (ID + "event/fixture-b-0", "article", ID + "article/fixture-b"),
        (ID + "event/fixture-b-1", "sentence",
         "In Badghis, Taliban fighters attacked Qala-i-Naw, killing three policemen, police chief Abdul Latif said."),
        (ID + "claim/fixture-a-1", "direct", True),
        (ID + "claim/fixture-a-1", "claimantName", "Qader Malia"),
        (ID + "claim/fixture-a-1", "article", ID + "article/fixture-a"),
        (ID + "article/fixture-a", "published", "2021-08-07"),
        (ID + "article/fixture-a", "label", "Taliban capture Sheberghan"),
    ],
)
def test_node_attributes(full, node, attribute, value):
    assert full.nodes[node][attribute] == value


@pytest.mark.parametrize(
    ("source", "relation", "target"),
    [
        (ID + "event/fixture-b-0", "agent", AFGHAN_FORCES),
        (ID + "event/fixture-b-0", "target", TALIBAN),
        (ID + "event/fixture-b-0", "place", SHEBERGHAN),
        (ID + "claim/fixture-b-1", "claimant", ID + "person/zlm-klzd"),
        (ID + "claim/fixture-b-1", "about", TALIBAN),
        (SHEBERGHAN, "locatedIn", JOWZJAN),
        (ID + "event/fixture-a-0", "reportedIn", ID + "article/fixture-a"),
        (ID + "person/zbhl-mjhd", "affiliatedWith", TALIBAN),
        (ID + "article/fixture-b", "publisher", ID + "org/reuters"),
    ],
)
def test_edges_carry_their_relation(full, source, relation, target):
    assert full.get_edge_data(source, target, key=relation) == {"relation": relation}


def test_actors_by_events(kg):
    graph = kg.to_networkx(projection="actors-by-events")
    assert all(data["kind"] in ("Person", "Organization", "Actor") for _, data in graph.nodes(data=True))
    edge = graph.get_edge_data(AFGHAN_FORCES, TALIBAN, key="shared-event")
    assert edge["weight"] == 1 and edge["events"] == ID + "event/fixture-b-0"
    assert graph.get_edge_data(TALIBAN, AFGHAN_FORCES, key="shared-event") == edge
    assert graph.number_of_edges() == 2


def test_claims_network(kg):
    graph = kg.to_networkx(projection="claims-network")
    weights = {(u, v): data["weight"] for u, v, data in graph.edges(data=True)}
    assert weights[(ID + "person/kdr-ml", SHEBERGHAN)] == 1
    assert weights[(ID + "org/reuters", TALIBAN)] == 1
    assert graph.get_edge_data(ID + "person/zlm-klzd", TALIBAN, key="claims-about")["cues"] == "told"
    about = kg.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?c ?x WHERE { ?c a nk:Claim ; nk:about ?x } }")
    assert sum(weights.values()) == int(about.rows[0][0])


def test_unknown_projection(kg):
    with pytest.raises(ValueError, match="projection"):
        kg.to_networkx(projection="everything")


def test_worked_example_centrality(kg):
    """The example in the README (Interfaces, networkx): who is central, who claims what about whom."""
    actors = nx.Graph(kg.to_networkx(projection="actors-by-events"))
    degree = nx.degree_centrality(actors)
    betweenness = nx.betweenness_centrality(actors, weight="weight")
    assert max(degree, key=degree.get) in (TALIBAN, AFGHAN_FORCES)
    assert set(betweenness) == set(actors)
    claims = kg.to_networkx(projection="claims-network")
    about_taliban = sorted(claims.nodes[u]["label"] for u, _, _ in claims.in_edges(TALIBAN, data=True))
    assert about_taliban == ["Abdul Latif", "Reuters", "Zabihullah Mujahid", "Zalmay Khalilzad", "a provincial official"]


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_load_in_networkx(kg, full, fmt, read):
    buffer = io.BytesIO()
    kg.export(fmt, buffer)
    buffer.seek(0)
    loaded = read(buffer)
    assert set(loaded.nodes) == set(full.nodes)
    assert loaded.number_of_edges() == full.number_of_edges()
    assert {d["relation"] for _, _, d in loaded.edges(data=True)} == {d["relation"] for _, _, d in full.edges(data=True)}
    node = loaded.nodes[ID + "event/fixture-b-0"]
    assert node["label"] == "Airstrike 2021-08-07" and int(node["killed"]) == 20
    assert loaded.nodes[SHEBERGHAN]["geonames"] == "https://sws.geonames.org/1127110/"


def test_graphml_edge_ids_are_unique(kg):
    buffer = io.BytesIO()
    kg.export("graphml", buffer)
    import xml.etree.ElementTree as ET

    ids = [e.get("id") for e in ET.fromstring(buffer.getvalue()).iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids))
