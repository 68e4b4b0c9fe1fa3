"""The knowledge graph as a network: networkx graphs, and GraphML / GEXF for Gephi and Cytoscape.

Nodes are actors, places, events, claims and articles, keyed by IRI, with a
``label``, a ``kind`` and their facts (dates, counts, GeoNames, coordinates) and
provenance (the article, the sentence) as plain attributes. Mentions and texts
stay out: a network tool needs the things, not the character spans. Attribute
values are scalars (several values joined with "; "), so every graph here can be
written as GraphML or GEXF unchanged.

Every query here is a single pattern or stays inside one named graph: the
union default graph repeats an entity's type and label once per article, so a
join across them would grow with the square of the articles mentioning it.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import BinaryIO

import networkx as nx
from rdflib import Literal, URIRef

from newskg.graph.store import Store
from newskg.ontology.terms import GEO, NK, SCHEMA

PROJECTIONS: tuple[str, ...] = ("full", "actors-by-events", "claims-network")
KIND_ORDER = ("Event", "Claim", "Article", "Person", "Organization", "Place", "Actor")
ACTOR_KINDS = {"Person", "Organization", "Actor"}
RELATIONS = ("agent", "target", "place", "claimant", "about", "locatedIn", "reportedIn", "affiliatedWith", "publisher")
SEPARATOR = "; "

_NODES = """
SELECT DISTINCT ?x ?class WHERE {
  ?x a ?class . VALUES ?class { nk:Person nk:Organization nk:Actor nk:Place nk:Event nk:Claim nk:Article }
}"""
_PREFERRED = "SELECT DISTINCT ?x ?label WHERE { ?x skos:prefLabel ?label }"
_PLAIN = "SELECT DISTINCT ?x ?label WHERE { ?x rdfs:label ?label }"
_FACTS = """
SELECT DISTINCT ?x ?p ?o WHERE {
  ?x ?p ?o .
  VALUES ?p { nk:placeType nk:geonamesId nk:geonames geo:lat geo:long nk:eventType nk:date nk:datePrecision
              nk:killed nk:wounded nk:captured nk:killedQualifier nk:woundedQualifier nk:capturedQualifier nk:trigger
              nk:cue nk:content nk:direct schema:headline schema:datePublished schema:url nk:role nk:named }
}"""
_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  VALUES ?p { nk:agent nk:target nk:place nk:claimant nk:about nk:locatedIn nk:reportedIn nk:affiliatedWith nk:publisher }
}"""
_SENTENCES = """
SELECT DISTINCT ?x ?text WHERE {
  GRAPH ?g { ?x a ?class ; prov:wasDerivedFrom ?m . ?m nif:anchorOf ?text . } VALUES ?class { nk:Event nk:Claim }
}"""
_MENTIONS = """
SELECT ?x (COUNT(DISTINCT ?m) AS ?mentions) (GROUP_CONCAT(DISTINCT STR(?article); separator=" ") AS ?articles) WHERE {
  GRAPH ?g { ?x a ?class ; prov:wasDerivedFrom ?m . ?m nk:inArticle ?article . }
  VALUES ?class { nk:Person nk:Organization nk:Actor nk:Place }
} GROUP BY ?x"""

# predicate -> (attribute, converter)
_FACT_ATTRIBUTES = {
    NK.placeType: ("placeType", str), NK.geonamesId: ("geonamesId", int), NK.geonames: ("geonames", str),
    GEO.lat: ("lat", float), GEO.long: ("long", float),
    NK.eventType: ("eventType", lambda t: str(t).rsplit("#", 1)[-1]), NK.date: ("date", str),
    NK.datePrecision: ("datePrecision", str), NK.killed: ("killed", int), NK.wounded: ("wounded", int),
    NK.captured: ("captured", int), NK.killedQualifier: ("killedQualifier", str),
    NK.woundedQualifier: ("woundedQualifier", str), NK.capturedQualifier: ("capturedQualifier", str),
    NK.trigger: ("trigger", str), NK.cue: ("cue", str), NK.content: ("content", str),
    NK.direct: ("direct", lambda t: bool(t.toPython()) if isinstance(t, Literal) else str(t) == "true"),
    SCHEMA.headline: ("title", str), SCHEMA.datePublished: ("published", str), SCHEMA.url: ("url", str),
    NK.role: ("role", str), NK.named: ("named", lambda t: str(t) in ("true", "1")),
}


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _nodes(store: Store) -> dict[str, dict]:
    """Every actor, place, event, claim and article with its attributes."""
    classes: dict[str, set[str]] = defaultdict(set)
    for x, cls in store.select(_NODES)[1]:
        classes[str(x)].add(_local(cls))
    nodes = {
        x: {"kind": next(k for k in KIND_ORDER if k in kinds), "types": " ".join(sorted(kinds))}
        for x, kinds in classes.items()
    }
    for x, label in store.select(_PLAIN)[1]:
        node = nodes.get(str(x))
        if node is not None and ("label" not in node or str(label) < node["label"]):
            node["label"] = str(label)
    for x, label in store.select(_PREFERRED)[1]:
        if str(x) in nodes:
            nodes[str(x)]["label"] = str(label)
    multi: dict[tuple[str, str], set[str]] = defaultdict(set)
    for x, p, o in store.select(_FACTS)[1]:
        node = nodes.get(str(x))
        if node is None or p not in _FACT_ATTRIBUTES:
            continue
        name, convert = _FACT_ATTRIBUTES[p]
        try:
            value = convert(o)
        except (TypeError, ValueError):
            continue
        if isinstance(value, str):
            multi[(str(x), name)].add(value)
        else:
            node.setdefault(name, value)
    for (x, name), values in multi.items():
        nodes[x][name] = SEPARATOR.join(sorted(values))
    for x, text in store.select(_SENTENCES)[1]:
        if str(x) in nodes:
            nodes[str(x)].setdefault("sentence", str(text))
    for x, mentions, articles in store.select(_MENTIONS)[1]:
        if str(x) in nodes:
            nodes[str(x)]["mentions"] = int(mentions)
            nodes[str(x)]["articles"] = SEPARATOR.join(sorted(str(articles).split()))
    for node in nodes.values():
        if "label" not in node:
            node["label"] = _fallback_label(node)
    return nodes


def _fallback_label(node: dict) -> str:
    if node["kind"] == "Event":
        return f"{node.get('eventType', 'Event')} {node.get('date', '')}".strip()
    if node["kind"] == "Claim":
        return _short(node.get("content", "claim"))
    if node["kind"] == "Article":
        return node.get("title") or node.get("url") or "article"
    return "(unnamed)"


def _edges(store: Store, nodes: dict[str, dict]) -> list[tuple[str, str, str]]:
    edges = []
    for s, p, o in store.select(_EDGES)[1]:
        if str(s) in nodes and str(o) in nodes:
            edges.append((str(s), str(o), _local(p)))
    return sorted(edges)


def _provenance(nodes: dict[str, dict], edges: list[tuple[str, str, str]]) -> None:
    """Events and claims carry the article that reported them (and claims their claimant's name)."""
    for source, target, relation in edges:
        if relation == "reportedIn":
            nodes[source].setdefault("article", target)
        elif relation == "claimant":
            nodes[source].setdefault("claimantName", nodes[target]["label"])


def to_networkx(store: Store, *, projection: str = "full") -> nx.MultiDiGraph:
    """The knowledge graph as a networkx MultiDiGraph (node keys are IRIs).

    ``full``: actors, places, events, claims and articles, with one edge per
    relation (``relation`` attribute, also the edge key). ``actors-by-events``:
    actors only, linked both ways when they take part (as agent or target) in the
    same event, ``weight`` = number of shared events. ``claims-network``: claimant
    -> what the claim is about (actor, place or event), ``weight`` = number of claims.
    """
    if projection not in PROJECTIONS:
        raise ValueError(f"unknown projection {projection!r}; expected one of {', '.join(PROJECTIONS)}")
    nodes = _nodes(store)
    edges = _edges(store, nodes)
    _provenance(nodes, edges)
    graph = nx.MultiDiGraph(projection=projection)
    if projection == "full":
        graph.add_nodes_from(nodes.items())
        for source, target, relation in edges:
            graph.add_edge(source, target, key=relation, relation=relation)
    elif projection == "actors-by-events":
        _actors_by_events(graph, nodes, edges)
    else:
        _claims_network(graph, nodes, edges)
    return graph


def _is_actor(node: dict) -> bool:
    """Persons, organisations and unnamed sources; a country acting (Place and Organization) too."""
    return bool(ACTOR_KINDS & set(node["types"].split()))


def _actors_by_events(graph: nx.MultiDiGraph, nodes: dict[str, dict], edges: list[tuple[str, str, str]]) -> None:
    participants: dict[str, set[str]] = defaultdict(set)
    for source, target, relation in edges:
        if relation in ("agent", "target") and _is_actor(nodes[target]):
            participants[source].add(target)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in sorted(participants):
        for a, b in combinations(sorted(participants[event]), 2):
            shared[(a, b)].append(event)
    actors = {x for x, node in nodes.items() if _is_actor(node)}
    graph.add_nodes_from((x, nodes[x]) for x in sorted(actors))
    for (a, b), events in shared.items():
        data = {"relation": "shared-event", "weight": len(events), "events": SEPARATOR.join(events)}
        graph.add_edge(a, b, key="shared-event", **data)
        graph.add_edge(b, a, key="shared-event", **data)


def _claims_network(graph: nx.MultiDiGraph, nodes: dict[str, dict], edges: list[tuple[str, str, str]]) -> None:
    claimant_of = {source: target for source, target, relation in edges if relation == "claimant"}
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source, target, relation in edges:
        if relation == "about" and source in claimant_of:
            links[(claimant_of[source], target)].append(source)
    for (claimant, subject), claims in sorted(links.items()):
        for x in (claimant, subject):
            if x not in graph:
                graph.add_node(x, **nodes[x])
        cues = sorted({nodes[c].get("cue", "") for c in claims} - {""})
        graph.add_edge(
            claimant, subject, key="claims-about", relation="claims-about", weight=len(claims),
            claims=SEPARATOR.join(claims), cues=SEPARATOR.join(cues),
        )


def _numbered_edges(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with edge keys e0, e1, ...: GraphML edge ids must be unique in the file."""
    numbered = nx.MultiDiGraph(**graph.graph)
    numbered.add_nodes_from(graph.nodes(data=True))
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        numbered.add_edge(source, target, key=f"e{index}", **data)
    return numbered


def write_network(store: Store, fmt: str, output: BinaryIO) -> None:
    """The full graph as GraphML or GEXF 1.2 (both load in Gephi, Cytoscape and networkx)."""
    graph = to_networkx(store, projection="full")
    if fmt == "graphml":
        nx.write_graphml(_numbered_edges(graph), output, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(graph, output)
    else:
        raise ValueError(f"unknown network format {fmt!r}; expected graphml or gexf")
