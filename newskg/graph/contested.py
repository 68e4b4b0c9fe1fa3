"""Contested claims: pairs of claims about the same subject that disagree.

Two kinds of disagreement are common in conflict reporting and detectable
without guessing at meaning:

* control of a place: one claimant says a place was seized, captured or fell,
  another (about the same place, within a fortnight, or in the same report
  when a report has no date) that the attack was repelled, the place cleared
  or retaken, or the attackers only advanced
  (each claim's stance is written with it when its article is mapped:
  ``nk:assertsControlOf`` / ``nk:deniesControlOf``, see loaders.control_stance);
* casualty figures: two claimants report events of the same type at the same
  place and date with killed counts that differ by more than a quarter.

The pairs become symmetric ``nk:contradicts`` links in the identity graph,
which the ``contested`` saved query lists. Everything a pair rests on lives in
the two claims' own article graphs, so a build only has to pair the claims of
the graphs it wrote with the others about the same places.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from collections.abc import Iterable
from itertools import combinations

from rdflib import URIRef

from newskg.graph.store import Store, Triple, restricted_select
from newskg.iris import IDENTITY_GRAPH
from newskg.ontology.terms import NK

WINDOW_DAYS = 14
COUNT_TOLERANCE = 0.25

# Both are asked one place (or one article graph) at a time (restricted_select writes it in
# as a constant): a place's stance links and counted events are then a few index lookups.
_STANCES = """
SELECT ?claim ?place ?asserts ?claimant ?article ?published ?g WHERE {{
  {only}
  GRAPH ?g {{
    {{ ?claim nk:assertsControlOf ?place . BIND(true AS ?asserts) }}
    UNION
    {{ ?claim nk:deniesControlOf ?place . BIND(false AS ?asserts) }}
    ?claim nk:claimant ?claimant ; nk:reportedIn ?article .
    OPTIONAL {{ ?article schema:datePublished ?published . }}
  }}
}}
"""

_COUNTED_EVENTS = """
SELECT ?event ?type ?place ?date ?killed ?claim ?claimant ?g WHERE {{
  {only}
  GRAPH ?g {{
    ?event nk:place ?place ; nk:assertedBy ?claim ; a nk:Event ; nk:eventType ?type ; nk:date ?date ; nk:killed ?killed .
    ?claim nk:claimant ?claimant .
  }}
}}
"""

_STORED_PAIRS = """
SELECT DISTINCT ?claim ?other WHERE {{ {only} GRAPH <%s> {{ ?claim nk:contradicts ?other }} }}
""" % IDENTITY_GRAPH

_PLACES = """
SELECT DISTINCT ?place WHERE {
  { ?claim nk:assertsControlOf|nk:deniesControlOf ?place . }
  UNION
  { ?event nk:killed ?killed ; nk:place ?place . }
}
"""


@dataclass(frozen=True)
class _PlaceClaim:
    claim: URIRef
    claimant: URIRef
    article: URIRef
    published: date | None
    asserts: bool  # else it denies


def _as_date(term) -> date | None:
    try:
        return date.fromisoformat(str(term)) if term is not None else None
    except ValueError:
        return None


def _close_in_time(a: _PlaceClaim, b: _PlaceClaim) -> bool:
    """Within the window; a report without a date is close in time to itself only, not to every other report."""
    if a.published is None or b.published is None:
        return a.article == b.article
    return abs((a.published - b.published).days) <= WINDOW_DAYS


Pair = tuple[URIRef, URIRef]


def _control_pairs(rows: list[list], *, among: set[URIRef] | None) -> set[Pair]:
    """Pairs of claims about one place, one saying it was taken, the other not; with ``among``, pairs touching it."""
    by_place: dict[URIRef, dict[URIRef, _PlaceClaim]] = defaultdict(dict)
    for claim, place, asserts, claimant, article, published, _graph in rows:
        by_place[place][claim] = _PlaceClaim(claim, claimant, article, _as_date(published), str(asserts).lower() == "true")
    pairs: set[Pair] = set()
    for claims in by_place.values():
        asserting = [c for c in claims.values() if c.asserts]
        denying = [c for c in claims.values() if not c.asserts]
        for a in asserting:
            for d in denying:
                if among is not None and a.claim not in among and d.claim not in among:
                    continue
                if a.claimant != d.claimant and _close_in_time(a, d):
                    pairs.add(tuple(sorted((a.claim, d.claim))))
    return pairs


def _count_pairs(rows: list[list], *, among: set[URIRef] | None) -> set[Pair]:
    """Pairs reporting the same type of event at one place and date with death tolls too far apart."""
    groups: dict[tuple, list[tuple[URIRef, URIRef, int]]] = defaultdict(list)
    for _event, event_type, place, when, killed, claim, claimant, _graph in rows:
        groups[(event_type, place, str(when))].append((claim, claimant, int(killed)))
    pairs: set[Pair] = set()
    for reports in groups.values():
        for (claim_a, who_a, n_a), (claim_b, who_b, n_b) in combinations(reports, 2):
            if among is not None and claim_a not in among and claim_b not in among:
                continue
            if who_a != who_b and claim_a != claim_b and abs(n_a - n_b) > COUNT_TOLERANCE * max(n_a, n_b):
                pairs.add(tuple(sorted((claim_a, claim_b))))
    return pairs


def disagreements(store: Store, places: Iterable[URIRef], *, among: set[URIRef] | None = None) -> set[Pair]:
    """Disagreeing pairs about ``places``; with ``among``, only pairs with at least one claim in it."""
    pairs: set[Pair] = set()
    for place in sorted(set(places)):
        pairs |= _control_pairs(restricted_select(store, _STANCES, "place", [place]), among=among)
        pairs |= _count_pairs(restricted_select(store, _COUNTED_EVENTS, "place", [place]), among=among)
    return pairs


def _symmetric(pairs: Iterable[Pair]) -> list[Triple]:
    triples: list[Triple] = []
    for a, b in sorted(pairs):
        triples += [(a, NK.contradicts, b), (b, NK.contradicts, a)]
    return triples


def contradiction_changes(
    store: Store, *, graphs: set[URIRef], old_claims: set[URIRef]
) -> tuple[list[Triple], list[Triple]]:
    """(triples to delete, triples to add) after ``graphs`` were written and ``old_claims``' graphs replaced or removed.

    A pair rests only on its two claims' own graphs, so pairs between claims of
    untouched graphs stand; those with a claim of a replaced or removed graph
    are dropped, and the claims of the written graphs are paired again with
    every claim about the same places.
    """
    stances = restricted_select(store, _STANCES, "g", graphs)
    counted = restricted_select(store, _COUNTED_EVENTS, "g", graphs)
    new_claims = {row[0] for row in stances} | {row[5] for row in counted}
    places = {row[1] for row in stances} | {row[2] for row in counted}
    fresh = disagreements(store, places, among=new_claims)
    involved = old_claims | new_claims
    stored = {tuple(sorted((a, b))) for a, b in restricted_select(store, _STORED_PAIRS, "claim", involved)}
    return _symmetric(stored - fresh), _symmetric(fresh - stored)


def contradiction_triples(store: Store) -> list[Triple]:
    """Symmetric ``nk:contradicts`` links between disagreeing claims.

    Every pair shares a place, so the store is read one place at a time: the rows
    in memory are those of one place, not every claim of the corpus.
    """
    places = [row[0] for row in store.select(_PLACES)[1]]
    return _symmetric(disagreements(store, places))
