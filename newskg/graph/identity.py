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
from rdflib.namespace import OWL, RDF, SKOS

from newskg.graph.contested import contradiction_triples
from newskg.graph.person_links import person_links
from newskg.graph.store import Store, Triple
from newskg.iris import IDENTITY_GRAPH, merge_iri
from newskg.names import clean_label, fold, name_key
from newskg.ontology.terms import ID_BASE, NK

_LABELS = """
SELECT ?e ?label (COUNT(DISTINCT ?g) AS ?graphs) WHERE {
  GRAPH ?g { ?e a ?type ; rdfs:label ?label . }
  VALUES ?type { nk:Actor nk:Person nk:Organization nk:Place }
} GROUP BY ?e ?label
"""

_ANCHORS = """
SELECT ?e ?anchor (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?e a ?type ; prov:wasDerivedFrom ?m . ?m a nk:Mention ; nif:anchorOf ?anchor .
  VALUES ?type { nk:Actor nk:Person nk:Organization nk:Place }
} GROUP BY ?e ?anchor
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
    # How often each label is what the text actually says: a gazetteer's name for a place no
    # article spells that way ("Shibirghan") should not win over the spelling the news uses.
    _, anchor_rows = store.select(_ANCHORS)
    spoken: dict[URIRef, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entity, anchor, n in anchor_rows:
        spoken[entity][fold(clean_label(str(anchor)))] += int(n)
    _, person_rows = store.select("SELECT DISTINCT ?p WHERE { ?p a nk:Person }")
    persons = {row[0] for row in person_rows}
    _, merged_rows = store.select(_RECORDED_MERGES)
    already_recorded = {(entity, str(label)) for entity, label in merged_rows}

    # Nodes linked across articles (owl:sameAs) share one preferred label and their lookup keys.
    canonical_of: dict[URIRef, URIRef] = {}
    link_reasons: dict[tuple[URIRef, str], str] = {}
    triples: list[Triple] = []
    for variant, canonical, joined, reason in person_links(store):
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
                said[label] += spoken[member].get(fold(clean_label(label)), 0)
        # What the news says, and for a person the fullest name said ("Mohammad Sohail Sahin", not "Sahin").
        is_person = head in persons

        def rank(label: str) -> tuple:
            return (said[label] > 0, len(label.split()) if is_person else 0, said[label], counts[label], len(label), label)

        preferred = max(counts, key=rank)
        keys = sorted({name_key(label) for label in counts} - {""})
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
    return list(dict.fromkeys(triples))


def refresh_identity(store: Store, *, also_add: dict[URIRef, list[Triple]] | None = None) -> int:
    """Recompute and atomically replace the identity graph; return its triple count.

    ``also_add`` lands in the same transaction (the build marks its run as ended
    there, so a build killed before this point is detected and finished later).
    """
    triples = identity_triples(store) + contradiction_triples(store)
    store.replace_graphs({IDENTITY_GRAPH: triples}, add=also_add)
    return len(triples)
