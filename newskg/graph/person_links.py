"""Cross-article person links for spelling slips that keys cannot join ("Fawana Aman").

Identity keys join transliteration variants inside one article's extraction;
a machine-translation slip in a given name makes a different key. Two person
nodes are linked only when the evidence is strong: the same surname skeleton,
given names one letter apart, a shared role family (spokesman / spokeswoman /
spokesperson) and a shared affiliation. The link is an ``owl:sameAs`` from the
less-attested node to the better-attested one, recorded with its reason; the
nodes also share their lookup keys, so a query for either name finds both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from newskg.graph.store import Store, restricted_select
from newskg.names import fold, word_skeleton

# One query per attribute: joined in one pattern, Oxigraph's union default graph would repeat
# each value once per article graph, and the product of those repeats explodes for people
# named in many articles. Inside GRAPH ?g each triple comes once per graph.
_LABELS = "SELECT DISTINCT ?person ?value WHERE {{ {only} GRAPH ?g {{ ?person a nk:Person ; rdfs:label ?value }} }}"
_ROLES = "SELECT DISTINCT ?person ?value WHERE {{ {only} GRAPH ?g {{ ?person a nk:Person ; nk:role ?value }} }}"
_ORGS = "SELECT DISTINCT ?person ?value WHERE {{ {only} GRAPH ?g {{ ?person a nk:Person ; nk:affiliatedWith ?value }} }}"
_MENTIONS = """
SELECT ?person (COUNT(DISTINCT ?m) AS ?value) WHERE {{ {only} GRAPH ?g {{ ?person a nk:Person ; prov:wasDerivedFrom ?m }} }}
GROUP BY ?person
"""

_ROLE_FAMILIES = {"spokeswoman": "spokesperson", "spokesman": "spokesperson", "spokesperson": "spokesperson"}


@dataclass
class _Person:
    iri: URIRef
    labels: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    orgs: set[URIRef] = field(default_factory=set)
    mentions: int = 0


def _role_family(role: str) -> str:
    words = fold(role).split()
    return _ROLE_FAMILIES.get(words[-1], words[-1]) if words else ""


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _name_parts(label: str) -> tuple[str, str] | None:
    words = fold(label).split()
    if len(words) != 2:
        return None
    return word_skeleton(words[0]), word_skeleton(words[1])


def surname_skeleton(label: str) -> str | None:
    """The key person links are grouped by: links only ever join two-word names with the same one."""
    parts = _name_parts(label)
    return parts[1] if parts else None


def person_links(store: Store, *, persons: set[URIRef] | None = None) -> list[tuple[URIRef, URIRef, str, str]]:
    """(variant, canonical, joined label, reason) for every strongly supported link.

    With ``persons``, only links among them (the set must hold every person that
    shares a surname skeleton with one of them for the answer to be the full one's).
    """
    people: dict[URIRef, _Person] = {}
    for person, label in restricted_select(store, _LABELS, "person", persons):
        people.setdefault(person, _Person(person)).labels.add(str(label))
    for person, role in restricted_select(store, _ROLES, "person", persons):
        if person in people:
            people[person].roles.add(_role_family(str(role)))
    for person, org in restricted_select(store, _ORGS, "person", persons):
        if person in people:
            people[person].orgs.add(org)
    for person, mentions in restricted_select(store, _MENTIONS, "person", persons):
        if person in people:
            people[person].mentions = int(mentions)
    by_surname: dict[str, list[tuple[_Person, str, str]]] = defaultdict(list)
    for p in people.values():
        for label in p.labels:
            parts = _name_parts(label)
            if parts:
                by_surname[parts[1]].append((p, parts[0], label))
    links = []
    for candidates in by_surname.values():
        for i, (a, given_a, label_a) in enumerate(candidates):
            for b, given_b, label_b in candidates[i + 1 :]:
                if a.iri == b.iri or not _one_edit_apart(given_a, given_b):
                    continue
                roles, orgs = a.roles & b.roles, a.orgs & b.orgs
                if not roles or not orgs:
                    continue
                canonical, variant = sorted((a, b), key=lambda p: (-p.mentions, str(p.iri)))
                joined = label_b if variant is b else label_a
                kept = label_a if variant is b else label_b
                reason = (
                    f"probable spelling slip of {kept!r} (given names one letter apart, same surname), "
                    f"same role ({', '.join(sorted(roles))}) and affiliation"
                )
                links.append((variant.iri, canonical.iri, joined, reason))
    return sorted(set(links))
