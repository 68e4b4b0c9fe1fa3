"""The counts an entity's identity is chosen from: which labels articles give it, what the text says.

The preferred label of an entity depends on how many article graphs give it
each label and how many of its mentions say each form. Counted over the whole
store, that is a pass over every mention of the entity: for "Taliban" on a
large store, seconds. So the counts are kept in the identity graph
(``nk:LabelTally``, ``nk:AnchorTally``, with ``nk:articleCount`` and
``nk:mentionCount`` on the entity), and a build adds what its new graphs say
and subtracts what the graphs it replaced said. Counting the whole store
(``count_tallies``) and updating (stored - replaced + written) give the same
numbers; tests hold them together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from newskg.graph.store import Store, Triple, restricted_select
from newskg.iris import IDENTITY_GRAPH, UNNAMED_BASE, tally_iri
from newskg.names import anchor_key
from newskg.ontology.terms import ANCHOR_OF, LAT, LONG, NK

# Unnamed sources are left out: their article graph holds their labels and counts (mapping).
NAMED = f'FILTER(!STRSTARTS(STR(?e), "{UNNAMED_BASE}"))'
_ENTITY = f"VALUES ?type {{{{ nk:Actor nk:Person nk:Organization nk:Place }}}} {NAMED}"

# Whole store, grouped by entity; {only} restricts to some entities (a full refresh passes none).
_LABELS = f"""
SELECT ?e ?label (COUNT(DISTINCT ?g) AS ?n) WHERE {{{{
  {{only}}
  GRAPH ?g {{{{ ?e a ?type ; rdfs:label ?label . }}}}
  {_ENTITY}
}}}} GROUP BY ?e ?label
"""
_ANCHORS = f"""
SELECT ?e ?anchor (COUNT(DISTINCT ?m) AS ?n) WHERE {{{{
  {{only}}
  GRAPH ?g {{{{ ?e a ?type ; prov:wasDerivedFrom ?m . ?m nif:anchorOf ?anchor ; a nk:Mention . }}}}
  {_ENTITY}
}}}} GROUP BY ?e ?anchor
"""
_STATS = f"""
SELECT ?e (COUNT(DISTINCT ?g) AS ?articles) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{{{
  {{only}}
  GRAPH ?g {{{{ ?e a ?type . OPTIONAL {{{{ ?e prov:wasDerivedFrom ?m . }}}} }}}}
  {_ENTITY}
}}}} GROUP BY ?e
"""

# One article graph at a time ({only} restricts ?g): what that graph adds to the counts.
_LABELS_IN = f"""
SELECT DISTINCT ?g ?e ?label WHERE {{{{ {{only}} GRAPH ?g {{{{ ?e a ?type ; rdfs:label ?label . }}}} {_ENTITY} }}}}
"""
_ANCHORS_IN = f"""
SELECT DISTINCT ?g ?e ?m ?anchor WHERE {{{{
  {{only}}
  GRAPH ?g {{{{ ?e a ?type ; prov:wasDerivedFrom ?m . ?m nif:anchorOf ?anchor ; a nk:Mention . }}}}
  {_ENTITY}
}}}}
"""
_MENTIONS_IN = f"""
SELECT DISTINCT ?g ?e ?m WHERE {{{{ {{only}} GRAPH ?g {{{{ ?e a ?type . OPTIONAL {{{{ ?e prov:wasDerivedFrom ?m . }}}} }}}} {_ENTITY} }}}}
"""

# What the identity graph holds now, for some entities.
_STORED = f"""
SELECT ?e ?kind ?text ?n WHERE {{{{
  {{only}}
  GRAPH <{IDENTITY_GRAPH}> {{{{ ?t nk:tallyOf ?e ; a ?kind ; nk:tallied ?text ; nk:tallyCount ?n . }}}}
}}}}
"""
_STORED_STATS = f"""
SELECT ?e ?articles ?mentions WHERE {{{{
  {{only}}
  GRAPH <{IDENTITY_GRAPH}> {{{{ ?e nk:articleCount ?articles ; nk:mentionCount ?mentions . }}}}
}}}}
"""


@dataclass
class Tallies:
    """Counts per entity: graphs per label, mentions per folded form, graphs, mentions."""

    labels: Counter = field(default_factory=Counter)  # (entity, label) -> article graphs
    anchors: Counter = field(default_factory=Counter)  # (entity, anchor_key) -> mentions
    articles: Counter = field(default_factory=Counter)  # entity -> article graphs
    mentions: Counter = field(default_factory=Counter)  # entity -> mentions

    def update(self, other: "Tallies", *, sign: int = 1) -> None:
        for mine, theirs in ((self.labels, other.labels), (self.anchors, other.anchors),
                             (self.articles, other.articles), (self.mentions, other.mentions)):  # fmt: skip
            for key, n in theirs.items():
                mine[key] += sign * n

    def labels_of(self) -> dict[URIRef, dict[str, int]]:
        out: dict[URIRef, dict[str, int]] = {}
        for (entity, label), n in sorted(self.labels.items()):
            if n > 0:
                out.setdefault(entity, {})[label] = n
        return out

    def said(self, entity: URIRef, label: str) -> int:
        return self.anchors.get((entity, anchor_key(label)), 0)

    def triples(self, entities: Iterable[URIRef]) -> list[Triple]:
        """The tallies of ``entities`` as identity-graph triples, their articleCount and mentionCount included."""
        wanted = set(entities)
        triples: list[Triple] = []
        for entity in sorted(wanted):
            triples += [(entity, NK.articleCount, Literal(self.articles.get(entity, 0))),
                        (entity, NK.mentionCount, Literal(self.mentions.get(entity, 0)))]  # fmt: skip
        for kind, counter in ((NK.LabelTally, self.labels), (NK.AnchorTally, self.anchors)):
            for (entity, text), n in sorted(counter.items()):
                if entity in wanted and n > 0:
                    tally = tally_iri(entity, str(kind), text)
                    triples += [(tally, RDF.type, kind), (tally, NK.tallyOf, entity),
                                (tally, NK.tallied, Literal(text)), (tally, NK.tallyCount, Literal(n))]  # fmt: skip
        return triples


def count_tallies(store: Store, entities: set[URIRef] | None = None) -> Tallies:
    """The counts over every article graph now in the store (for ``entities`` only, when given)."""
    tallies = Tallies()
    for entity, label, n in restricted_select(store, _LABELS, "e", entities):
        tallies.labels[(entity, str(label))] += int(n)
    for entity, anchor, n in restricted_select(store, _ANCHORS, "e", entities):
        tallies.anchors[(entity, anchor_key(str(anchor)))] += int(n)
    for entity, articles, mentions in restricted_select(store, _STATS, "e", entities):
        tallies.articles[entity] += int(articles)
        tallies.mentions[entity] += int(mentions)
    return tallies


def graph_tallies(store: Store, graphs: Iterable[URIRef]) -> Tallies:
    """What the given article graphs contribute to the counts (each graph is one article)."""
    graphs = set(graphs)
    tallies = Tallies()
    if not graphs:
        return tallies
    for _graph, entity, label in restricted_select(store, _LABELS_IN, "g", graphs):
        tallies.labels[(entity, str(label))] += 1
    for _graph, entity, _mention, anchor in restricted_select(store, _ANCHORS_IN, "g", graphs):
        tallies.anchors[(entity, anchor_key(str(anchor)))] += 1
    per_graph: set[tuple[URIRef, URIRef]] = set()
    for graph, entity, mention in restricted_select(store, _MENTIONS_IN, "g", graphs):
        if (graph, entity) not in per_graph:
            per_graph.add((graph, entity))
            tallies.articles[entity] += 1
        if mention is not None:
            tallies.mentions[entity] += 1
    return tallies


_ENTITY_CLASSES = frozenset(str(c) for c in (NK.Actor, NK.Person, NK.Organization, NK.Place))
_MENTION_CLASS = str(NK.Mention)
# The predicates read, by slot, looked up with the predicate itself rather than a copy of its text
# (``str(p)``): the mapping's predicates are these very objects (``ANCHOR_OF`` from ``terms``, as a plain
# Namespace makes a new object at each access), so a hit is found without rdflib's Python ``__eq__``.
# With the counting below, 0.13 s -> 0.10 s over the 729 benchmark graphs.
_TYPE, _LABEL, _DERIVED, _ANCHOR = 0, 1, 2, 3
_TALLIED = {RDF.type: _TYPE, RDFS.label: _LABEL, PROV.wasDerivedFrom: _DERIVED, ANCHOR_OF: _ANCHOR}


def triples_tallies(triples: Iterable[Triple]) -> Tallies:
    """What one article graph contributes to the counts, read from its triples before they are stored.

    The same numbers as ``graph_tallies`` for that graph once stored (tests hold
    them together). A build worker computes them beside the N-Triples, so the end
    of a build adds them up instead of asking the store: counting distinct graphs
    and mentions per entity over the whole store holds every mention of the corpus
    in the query's memory at once.
    """
    entities: set[URIRef] = set()
    labels: dict[URIRef, set[Literal]] = {}  # literals, not strings: the queries count distinct terms
    derived: dict[URIRef, set[URIRef]] = {}
    mention_nodes: set[URIRef] = set()
    anchors: dict[URIRef, set[Literal]] = {}
    slot_of = _TALLIED.get
    for s, p, o in triples:
        slot = slot_of(p)
        if slot is None:
            continue
        if slot == _TYPE:
            kind = str(o)
            if kind in _ENTITY_CLASSES:
                entities.add(s)
            elif kind == _MENTION_CLASS:
                mention_nodes.add(s)
        elif slot == _LABEL:
            labels.setdefault(s, set()).add(o)
        elif slot == _DERIVED:
            derived.setdefault(s, set()).add(o)
        else:
            anchors.setdefault(s, set()).add(o)
    # Counted in plain dictionaries, then made Counters (in the same order): a Counter's ``+=`` on a new
    # key calls its Python ``__missing__``, and nearly every key here is new.
    counted_labels: dict[tuple[URIRef, str], int] = {}
    counted_anchors: dict[tuple[URIRef, str], int] = {}
    counted_mentions: dict[URIRef, int] = {}
    for entity in entities:
        if str.startswith(entity, UNNAMED_BASE):  # not rdflib's ``startswith``, a Python call that copies the text
            continue
        for label in labels.get(entity, ()):
            key = (entity, str(label))
            counted_labels[key] = counted_labels.get(key, 0) + 1
        mentions = derived.get(entity, set())
        counted_mentions[entity] = len(mentions)
        for mention in mentions:
            if mention in mention_nodes:
                for anchor in anchors.get(mention, ()):
                    key = (entity, anchor_key(str(anchor)))
                    counted_anchors[key] = counted_anchors.get(key, 0) + 1
    articles = Counter(dict.fromkeys(counted_mentions, 1))
    return Tallies(Counter(counted_labels), Counter(counted_anchors), articles, Counter(counted_mentions))


def stored_tallies(store: Store, entities: set[URIRef]) -> Tallies:
    """The counts the identity graph holds now for ``entities``."""
    tallies = Tallies()
    for entity, kind, text, n in restricted_select(store, _STORED, "e", entities):
        counter = tallies.labels if kind == NK.LabelTally else tallies.anchors
        counter[(entity, str(text))] += int(n)
    for entity, articles, mentions in restricted_select(store, _STORED_STATS, "e", entities):
        tallies.articles[entity] += int(articles)
        tallies.mentions[entity] += int(mentions)
    return tallies


def has_tallies(store: Store) -> bool:
    """Whether the identity graph keeps tallies (stores written before 0.2 do not: they are recounted)."""
    query = f"ASK {{ GRAPH <{IDENTITY_GRAPH}> {{ ?t a nk:LabelTally }} }}"
    return bool(store.raw_query(query))


# A place's gazetteer facts besides its type (nk:placeType), which ``identity._place_facts`` copies.
PLACE_FACTS = (NK.geonames, LAT, LONG, NK.locatedIn)  # the objects the mapping writes, as ``ANCHOR_OF``
_FACT_OF = {p: p for p in (NK.placeType, *PLACE_FACTS)}  # by the predicate itself, as ``_TALLIED``: 0.056 s -> 0.031 s


@dataclass
class PlaceFacts:
    """Every value the article graphs a build wrote give each place's gazetteer facts.

    A first build's identity graph copies each place's facts from here instead of
    asking the store, place by place and fact by fact (on the 1x corpus about 10,000
    one-quad queries at the end of the build, when nothing else runs). Facts are the
    same in every article that names the place; one with more than one value is
    still asked of the store, so the identity graph is the same either way.
    """

    values: dict[tuple[URIRef, URIRef], set[Node]] = field(default_factory=dict)  # (entity, fact) -> values

    def update(self, other: "PlaceFacts") -> None:
        for key, found in other.values.items():
            self.values.setdefault(key, set()).update(found)


def triples_place_facts(triples: Iterable[Triple]) -> PlaceFacts:
    """The place facts of one article graph, read from its triples before they are stored."""
    facts = PlaceFacts()
    fact_of = _FACT_OF.get
    for s, p, o in triples:
        fact = fact_of(p)
        if fact is not None:
            facts.values.setdefault((s, fact), set()).add(o)
    return facts
