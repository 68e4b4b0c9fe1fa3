"""The identity graph: one preferred label, the aliases and lookup keys of every entity.

Article graphs name each entity by its identity key, so the same key in two
articles is already one node. This graph is recomputed from the article graphs
after every build: it gives each node a single ``skos:prefLabel``, its other
labels as ``skos:altLabel``, the ``nk:nameKey`` lookups that saved queries match
names against, how many articles and mentions it has (``nk:articleCount``,
``nk:mentionCount``, and the label and anchor tallies the preferred label is
chosen from, see ``identity_tallies``), and an ``nk:IdentityMerge`` record for
every label joined across articles. Being derived, it never holds an identity no
article supports. A build updates it for what it touched; a first build, or one
after a crash, recomputes it whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from newskg.graph.contested import CasualtyReports, contradiction_changes, contradiction_triples
from newskg.graph.person_links import person_links, surname_skeleton
from newskg.graph.identity_tallies import (
    NAMED,
    PLACE_FACTS,
    PlaceFacts,
    Tallies,
    count_tallies,
    stored_tallies,
)
from newskg.graph.store import Store, Triple, delete_data, insert_data, ntriples, restricted_select, values
from newskg.iris import IDENTITY_GRAPH, merge_iri
from newskg.names import name_keys, preferred_label
from newskg.ontology.terms import ID_BASE, NK

# Each query has an {only} slot: a full refresh leaves it empty and asks about all entities;
# an incremental update asks about the entities a build touched, each written in as a
# constant by restricted_select (the deletes below put a VALUES block in it instead).
_PERSONS = """
SELECT DISTINCT ?e WHERE {{ {only} GRAPH ?g {{ ?e a nk:Person }} }}
"""

# Merge records an article graph wrote (the mapping's, not ours). A merge node's IRI is the
# same in every article that records it, so the nodes are found first (one scan of the
# entity's nk:mergedInto quads) and each node's label read once, not once per article.
_RECORDED_MERGES = """
SELECT DISTINCT ?e ?m WHERE {{
  {only}
  GRAPH ?g {{ ?m nk:mergedInto ?e . }}
  FILTER(?g != <%s>)
  %s
}}
""" % (IDENTITY_GRAPH, NAMED)
_MERGE_LABEL = """
SELECT ?m ?label WHERE {{ {only} GRAPH ?g {{ ?m nk:joinedLabel ?label ; a nk:IdentityMerge . }} FILTER(?g != <%s>) }} LIMIT 1
""" % IDENTITY_GRAPH
_MERGE_LABELS = """
SELECT DISTINCT ?m ?label WHERE { GRAPH ?g { ?m nk:joinedLabel ?label ; a nk:IdentityMerge . } FILTER(?g != <%s>) }
""" % IDENTITY_GRAPH


# A place's gazetteer facts are the same in every article graph that names it (the parent only
# where the article names it too), so one quad of each, from any article graph, is the fact:
# a lookup that stops at the first quad, where reading every copy costs as many reads as
# articles name the place. Written once in the identity graph, a listing of places reads
# that graph only.
_PLACE_FACT = """
SELECT ?e ?value WHERE {{ {only} GRAPH ?g {{ ?e <%s> ?value }} FILTER(?g != <%s>) }} LIMIT 1
"""


def _fact_rows(store: Store, fact: URIRef, entities: Iterable[URIRef], known: PlaceFacts | None) -> list:
    """(entity, value) of ``fact`` for each of ``entities`` that has it, in entity order: one value each."""
    query = _PLACE_FACT % (fact, IDENTITY_GRAPH)
    if known is None:
        return restricted_select(store, query, "e", entities)
    rows, ask = [], []
    for entity in sorted(set(entities)):
        found = known.values.get((entity, fact), ())
        if len(found) == 1:
            rows.append([entity, next(iter(found))])
        elif found:  # articles disagree: the store's answer, as without ``known``
            ask.append(entity)
    return sorted(rows + restricted_select(store, query, "e", ask), key=lambda row: row[0])


def _place_facts(store: Store, entities: Iterable[URIRef], known: PlaceFacts | None = None) -> list[Triple]:
    """The gazetteer facts of the places among ``entities`` (those with a place type), for the identity graph.

    ``known``: the facts every article graph in the store gives (a first build's
    workers gathered them), read instead of the store.
    """
    types = _fact_rows(store, NK.placeType, entities, known)
    triples: list[Triple] = [(place, NK.placeType, value) for place, value in types]
    for fact in PLACE_FACTS:
        triples += [(place, fact, value) for place, value in _fact_rows(store, fact, [p for p, _ in types], known)]
    return triples


def _recorded_merges(store: Store, entities: set[URIRef] | None) -> set[tuple[URIRef, str]]:
    """(entity, label) of every merge an article graph recorded, for ``entities`` or all."""
    nodes = restricted_select(store, _RECORDED_MERGES, "e", entities)
    if entities is None:
        label_rows = store.select(_MERGE_LABELS)[1]
    else:
        label_rows = restricted_select(store, _MERGE_LABEL, "m", {m for _, m in nodes})
    labels = {m: str(label) for m, label in label_rows}
    return {(entity, labels[m]) for entity, m in nodes if m in labels}


def _merge_reason(entity: URIRef, preferred: str) -> str:
    path = str(entity)[len(ID_BASE):] if str(entity).startswith(ID_BASE) else str(entity)
    if path.startswith("place/geonames/"):
        return f"same GeoNames place ({path.rsplit('/', 1)[-1]}) as {preferred!r}, named differently in other articles"
    if path.startswith("place/"):
        return f"same place as {preferred!r} by its transliteration-tolerant name key"
    if path.startswith("person/"):
        return f"same person as {preferred!r}: the names agree up to transliteration (key {path.split('/', 1)[1]})"
    if path.startswith("org/"):
        return f"same organisation as {preferred!r}: a known alias in the organisation table"
    return f"same entity as {preferred!r} (identity key {path})"


def identity_triples(
    store: Store, tallies: Tallies, entities: set[URIRef] | None = None, *, place_facts: PlaceFacts | None = None
) -> list[Triple]:
    """The identity graph's triples, from the counts in ``tallies`` and the article graphs in ``store``.

    With ``entities``, only their triples; the set must be closed under person
    links (see ``update_identity``), so the answer equals the full one restricted to it.
    ``place_facts``: what every article graph in the store says of its places (``_place_facts``).
    """
    labels = tallies.labels_of()
    persons = {row[0] for row in restricted_select(store, _PERSONS, "e", entities)}
    already_recorded = _recorded_merges(store, entities)

    # Nodes linked across articles (owl:sameAs) share one preferred label and their lookup keys.
    canonical_of: dict[URIRef, URIRef] = {}
    link_reasons: dict[tuple[URIRef, str], str] = {}
    triples: list[Triple] = []
    for variant, canonical, joined, reason in person_links(store, persons=entities):
        if variant in canonical_of or canonical in canonical_of:
            continue  # one link per node keeps the groups small and explainable
        canonical_of[variant] = canonical
        link_reasons[(canonical, joined)] = reason
        triples.append((variant, OWL.sameAs, canonical))
    groups: dict[URIRef, list[URIRef]] = defaultdict(list)
    for entity in labels:
        groups[canonical_of.get(entity, entity)].append(entity)

    for head in sorted(groups):
        counts: dict[str, int] = defaultdict(int)
        said: dict[str, int] = defaultdict(int)
        for member in groups[head]:
            for label, n in labels[member].items():
                counts[label] += n
                said[label] += tallies.said(member, label)
        preferred = preferred_label(counts, said, person=head in persons)
        keys = name_keys(counts)
        for member in sorted(groups[head]):
            triples.append((member, SKOS.prefLabel, Literal(preferred)))
            triples += [(member, NK.nameKey, Literal(key)) for key in keys]
            triples += [(member, SKOS.altLabel, Literal(label)) for label in sorted(counts) if label != preferred]
        for label in sorted(counts):
            if label == preferred or (head, label) in already_recorded or any(
                (m, label) in already_recorded for m in groups[head]
            ):
                continue
            merge = merge_iri(str(head), label)
            reason = link_reasons.get((head, label)) or _merge_reason(head, preferred)
            triples += [
                (merge, RDF.type, NK.IdentityMerge),
                (merge, NK.mergedInto, head),
                (merge, NK.joinedLabel, Literal(label)),
                (merge, NK.mergeReason, Literal(reason)),
            ]
    triples += tallies.triples(labels)
    triples += _place_facts(store, sorted(labels), place_facts)
    return list(dict.fromkeys(triples))


def refresh_identity(
    store: Store,
    *,
    tallies: Tallies | None = None,
    place_facts: PlaceFacts | None = None,
    casualties: CasualtyReports | None = None,
    also_add: dict[URIRef, list[Triple]] | None = None,
) -> int:
    """Recompute and atomically replace the identity graph; return its triple count.

    ``tallies``, ``place_facts`` and ``casualties``: the counts, the place facts and
    the casualty reports of every article graph in the store, when the caller
    already has them (a first build adds up what its workers gathered); without
    them the store is counted, which holds every mention of the corpus in the
    query's memory. ``also_add`` lands in the same transaction (the build marks its
    run as ended there, so a build killed before this point is detected and
    finished later).
    """
    counted = tallies if tallies is not None else count_tallies(store)
    triples = identity_triples(store, counted, place_facts=place_facts)
    triples += contradiction_triples(store, casualties=casualties)
    store.replace_graphs({IDENTITY_GRAPH: triples}, add=also_add)
    return len(triples)


@dataclass
class Touched:
    """What a build changed: named entities of the graphs it wrote or replaced, the graphs it wrote and
    their counts (``triples_tallies``, read before they were stored; a first build also their place
    facts and casualty reports, ``triples_place_facts``, ``triples_casualty_reports``), and what the
    graphs it replaced or removed held (their claims, their counts), read before they went."""

    graphs: set[URIRef] = field(default_factory=set)
    new_tallies: Tallies = field(default_factory=Tallies)
    new_place_facts: PlaceFacts = field(default_factory=PlaceFacts)
    new_casualties: CasualtyReports = field(default_factory=CasualtyReports)
    old_claims: set[URIRef] = field(default_factory=set)
    old_tallies: Tallies = field(default_factory=Tallies)

    @property
    def entities(self) -> set[URIRef]:
        """The named entities of the graphs written or replaced: exactly those their counts count."""
        return set(self.new_tallies.articles) | set(self.old_tallies.articles)

    def __bool__(self) -> bool:
        return bool(self.entities or self.graphs or self.old_claims)


_IDENTITY_LABELS = f"""
SELECT ?e ?label WHERE {{ GRAPH <{IDENTITY_GRAPH}> {{ ?e skos:prefLabel|skos:altLabel ?label }} }}
"""
_LABELS_OF = "SELECT DISTINCT ?e ?label WHERE {{ {only} ?e rdfs:label ?label }}"
_LINKED = f"""
SELECT ?e ?other WHERE {{{{ {{only}} GRAPH <{IDENTITY_GRAPH}> {{{{ {{{{ ?e owl:sameAs ?other }}}} UNION {{{{ ?other owl:sameAs ?e }}}} }}}} }}}}
"""
_DELETE_ENTITIES = f"""
DELETE {{{{ GRAPH <{IDENTITY_GRAPH}> {{{{ ?e ?p ?o }}}} }}}} WHERE {{{{ {{only}} GRAPH <{IDENTITY_GRAPH}> {{{{ ?e ?p ?o }}}} }}}}
"""
_DELETE_MERGES = f"""
DELETE {{{{ GRAPH <{IDENTITY_GRAPH}> {{{{ ?m ?p ?o }}}} }}}}
WHERE {{{{ {{only}} GRAPH <{IDENTITY_GRAPH}> {{{{ ?m nk:mergedInto ?e . ?m ?p ?o }}}} }}}}
"""

_DELETE_TALLIES = f"""
DELETE {{{{ GRAPH <{IDENTITY_GRAPH}> {{{{ ?t ?p ?o }}}} }}}}
WHERE {{{{ {{only}} GRAPH <{IDENTITY_GRAPH}> {{{{ ?t nk:tallyOf ?e . ?t ?p ?o }}}} }}}}
"""


def _linked_closure(store: Store, touched: set[URIRef]) -> set[URIRef]:
    """The touched entities plus every person a person link could join them with, and their old link partners.

    Links only join persons whose two-word names share a surname skeleton, and the
    rule keeps one link per node in a fixed order, so the links among a set closed
    under "shares a surname skeleton with" are the same whether computed over that
    set or over the whole store. The identity graph holds every entity's labels
    once, so it is the index the closure is found in (entities, not articles).
    """
    affected = set(touched)
    persons = {row[0] for row in restricted_select(store, _PERSONS, "e", affected)}
    if persons:
        by_surname: dict[str, set[URIRef]] = defaultdict(set)
        surnames_of: dict[URIRef, set[str]] = defaultdict(set)
        label_rows = store.select(_IDENTITY_LABELS)[1] + restricted_select(store, _LABELS_OF, "e", persons)
        for entity, label in label_rows:
            surname = surname_skeleton(str(label))
            if surname:
                by_surname[surname].add(entity)
                surnames_of[entity].add(surname)
        frontier = set(persons)
        seen_surnames: set[str] = set()
        while frontier:
            surnames = {s for p in frontier for s in surnames_of.get(p, ())} - seen_surnames
            seen_surnames |= surnames
            candidates = {e for s in surnames for e in by_surname[s]} - affected
            new_persons = {row[0] for row in restricted_select(store, _PERSONS, "e", candidates)} if candidates else set()
            affected |= new_persons
            frontier = new_persons
    while True:  # old links: both ends of every link that touches the set are recomputed
        partners = {row[1] for row in restricted_select(store, _LINKED, "e", affected)} - affected
        if not partners:
            return affected
        affected |= partners


def update_identity(store: Store, touched: Touched, *, also_add: dict[URIRef, list[Triple]] | None = None) -> int:
    """Update the identity graph for what a build touched; return the number of triples written.

    The result equals ``refresh_identity`` (tests hold them together), at a cost
    that follows the touched entities and graphs rather than the store.
    """
    affected = _linked_closure(store, touched.entities)
    tallies = stored_tallies(store, affected)
    tallies.update(touched.old_tallies, sign=-1)
    tallies.update(touched.new_tallies)
    triples = identity_triples(store, tallies, affected)
    removed_pairs, added_pairs = contradiction_changes(store, graphs=touched.graphs, old_claims=touched.old_claims)
    chosen = sorted(affected)
    operations: list[str] = []
    for start in range(0, len(chosen), 500):
        only = values("e", chosen[start : start + 500])
        operations += [_DELETE_ENTITIES.format(only=only), _DELETE_MERGES.format(only=only), _DELETE_TALLIES.format(only=only)]
    operations += delete_data(IDENTITY_GRAPH, ntriples(removed_pairs))
    operations += insert_data(IDENTITY_GRAPH, ntriples([*triples, *added_pairs]))
    for graph, extra in (also_add or {}).items():
        operations += insert_data(graph, ntriples(extra))
    store.update(operations)
    return len(triples) + len(added_pairs)
