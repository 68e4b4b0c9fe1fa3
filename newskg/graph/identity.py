"""The identity graph: one preferred label, the aliases and lookup keys of every entity.

Article graphs name each entity by its identity key, so the same key in two
articles is already one node. This graph is recomputed from the article graphs
after every build: it gives each node a single ``skos:prefLabel``, its other
labels as ``skos:altLabel``, the ``nk:nameKey`` lookups that saved queries match
names against, and an ``nk:IdentityMerge`` record for every label joined across
articles. Being derived, it never holds an identity no article supports.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from newskg.graph.contested import contradiction_triples
from newskg.graph.store import Store, Triple
from newskg.iris import IDENTITY_GRAPH, merge_iri
from newskg.names import name_key
from newskg.ontology.terms import ID_BASE, NK

_LABELS = """
SELECT ?e ?label (COUNT(DISTINCT ?g) AS ?graphs) WHERE {
  GRAPH ?g { ?e a ?type ; rdfs:label ?label . }
  VALUES ?type { nk:Actor nk:Person nk:Organization nk:Place }
} GROUP BY ?e ?label
"""

_RECORDED_MERGES = f"""
SELECT DISTINCT ?e ?label WHERE {{
  GRAPH ?g {{ ?m a nk:IdentityMerge ; nk:mergedInto ?e ; nk:joinedLabel ?label . }}
  FILTER(?g != <{IDENTITY_GRAPH}>)
}}
"""


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


def identity_triples(store: Store) -> list[Triple]:
    """Derive the identity graph's triples from the article graphs now in ``store``."""
    _, rows = store.select(_LABELS)
    labels: dict[URIRef, dict[str, int]] = defaultdict(dict)
    for entity, label, graphs in rows:
        labels[entity][str(label)] = int(graphs)
    _, merged_rows = store.select(_RECORDED_MERGES)
    already_recorded = {(entity, str(label)) for entity, label in merged_rows}

    triples: list[Triple] = []
    for entity in sorted(labels):
        counts = labels[entity]
        preferred = max(counts, key=lambda label: (counts[label], len(label), label))
        triples.append((entity, SKOS.prefLabel, Literal(preferred)))
        for label in sorted(counts):
            key = name_key(label)
            if key:
                triples.append((entity, NK.nameKey, Literal(key)))
            if label == preferred:
                continue
            triples.append((entity, SKOS.altLabel, Literal(label)))
            if (entity, label) in already_recorded:
                continue
            merge = merge_iri(str(entity), label)
            triples += [
                (merge, RDF.type, NK.IdentityMerge),
                (merge, NK.mergedInto, entity),
                (merge, NK.joinedLabel, Literal(label)),
                (merge, NK.mergeReason, Literal(_merge_reason(entity, preferred))),
            ]
    return list(dict.fromkeys(triples))


def refresh_identity(store: Store, *, also_add: dict[URIRef, list[Triple]] | None = None) -> int:
    """Recompute and atomically replace the identity graph; return its triple count.

    ``also_add`` lands in the same transaction (the build marks its run as ended
    there, so a build killed before this point is detected and finished later).
    """
    triples = identity_triples(store) + contradiction_triples(store)
    store.replace_graphs({IDENTITY_GRAPH: triples}, add=also_add)
    return len(triples)
