"""Contested claims: pairs of claims about the same subject that disagree.

Two kinds of disagreement are common in conflict reporting and detectable
without guessing at meaning:

* control of a place: one claimant says a place was seized, captured or fell,
  another (about the same place, within a fortnight) that the attack was
  repelled, the place cleared or retaken, or the attackers only advanced;
* casualty figures: two claimants report events of the same type at the same
  place and date with killed counts that differ by more than a quarter.

The pairs become symmetric ``nk:contradicts`` links in the identity graph,
which the ``contested`` saved query lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from collections.abc import Iterable
from itertools import combinations

from rdflib import URIRef

from newskg.graph.store import Store, Triple, restricted_select
from newskg.iris import IDENTITY_GRAPH
from newskg.ontology.terms import NK

ASSERTS_CONTROL = re.compile(
    r"\b(seiz(e|ed|es|ing)|captur(e|ed|es|ing)|overr(an|un|unning)|took control|taken control|take control|"
    r"fell|fallen|falls to|under (their|its|the taliban'?s?|insurgent|militant) control|in the hands of)\b",
    re.IGNORECASE,
)
DENIES_CONTROL = re.compile(
    r"\b(repel+(ed|ing)?|repuls(e|ed|ing)|cleared|clear(ed)? of|retak(e|en|ing)|retook|recaptur(e|ed|ing)|"
    r"pushed back|being pushed|unable to (maintain|control|hold|take)|not (fallen|captured|seized|under)|"
    r"only advanced|advanced in some areas|still (under|in) (government|our) control|remains? under government|"
    r"baseless|untrue|false claims?|denied|denies)\b",
    re.IGNORECASE,
)
WINDOW_DAYS = 14
COUNT_TOLERANCE = 0.25

# {only} is an optional VALUES block: the places (or claims) an incremental update looks at.
# A claim, its events, its article and the places it is about are all typed in the claim's
# own article graph, so the pattern is matched graph by graph: over Oxigraph's union default
# graph the same pattern repeats each place triple once per article naming the place, and
# the joins grow with the square of the corpus.
_CLAIMS_ABOUT_PLACES = """
SELECT DISTINCT ?claim ?claimant ?place ?content ?published ?captureHere WHERE {{
  {only}
  GRAPH ?g {{
    {{ ?claim nk:about ?place . }}
    UNION
    {{ ?claim nk:about ?event . ?event nk:place ?place ; a nk:Event . }}
    ?claim a nk:Claim ; nk:claimant ?claimant ; nk:content ?content ; nk:reportedIn ?article .
    ?place a nk:Place ; nk:placeType ?placeType .
    FILTER(?placeType != "country")  # control of a whole country is rhetoric more often than a report
    OPTIONAL {{ ?article schema:datePublished ?published . }}
    BIND(EXISTS {{ ?e nk:assertedBy ?claim ; nk:eventType nk:Capture ; nk:place ?place . }} AS ?captureHere)
  }}
}}
"""

_COUNTED_EVENTS = """
SELECT DISTINCT ?event ?type ?place ?date ?killed ?claim ?claimant WHERE {{
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


@dataclass(frozen=True)
class _PlaceClaim:
    claim: URIRef
    claimant: URIRef
    published: date | None
    asserts: bool
    denies: bool


def _as_date(term) -> date | None:
    try:
        return date.fromisoformat(str(term)) if term is not None else None
    except ValueError:
        return None


def _close_in_time(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS


Pair = tuple[URIRef, URIRef]


def control_disagreements(store: Store, *, places: set[URIRef] | None = None, claims: set[URIRef] | None = None) -> set[Pair]:
    """Pairs disagreeing on control; restricted to ``places`` or to pairs among ``claims`` when given."""
    rows = _rows(store, _CLAIMS_ABOUT_PLACES, places=places, claims=claims)
    by_place: dict[URIRef, dict[URIRef, _PlaceClaim]] = defaultdict(dict)
    for claim, claimant, place, content, published, capture_here in rows:
        text = str(content)
        asserts = str(capture_here).lower() == "true" or bool(ASSERTS_CONTROL.search(text))
        denies = bool(DENIES_CONTROL.search(text))
        if asserts == denies:  # neither, or a claim that says both ("seized ... but was repelled")
            continue
        by_place[place][claim] = _PlaceClaim(claim, claimant, _as_date(published), asserts, denies)
    pairs: set[tuple[URIRef, URIRef]] = set()
    for claims in by_place.values():
        asserting = [c for c in claims.values() if c.asserts]
        denying = [c for c in claims.values() if c.denies]
        for a in asserting:
            for d in denying:
                if a.claimant != d.claimant and _close_in_time(a.published, d.published):
                    pairs.add(tuple(sorted((a.claim, d.claim))))
    return pairs


def count_disagreements(store: Store, *, places: set[URIRef] | None = None, claims: set[URIRef] | None = None) -> set[Pair]:
    """Pairs disagreeing on a death toll; restricted like ``control_disagreements``."""
    rows = _rows(store, _COUNTED_EVENTS, places=places, claims=claims)
    groups: dict[tuple, list[tuple[URIRef, URIRef, int]]] = defaultdict(list)
    for _event, event_type, place, when, killed, claim, claimant in rows:
        groups[(event_type, place, str(when))].append((claim, claimant, int(killed)))
    pairs: set[tuple[URIRef, URIRef]] = set()
    for reports in groups.values():
        for (claim_a, who_a, n_a), (claim_b, who_b, n_b) in combinations(reports, 2):
            if who_a != who_b and claim_a != claim_b and abs(n_a - n_b) > COUNT_TOLERANCE * max(n_a, n_b):
                pairs.add(tuple(sorted((claim_a, claim_b))))
    return pairs


def _rows(store: Store, template: str, *, places: set[URIRef] | None, claims: set[URIRef] | None) -> list[list]:
    if places is not None:
        return restricted_select(store, template, "place", places)
    if claims is not None:
        return restricted_select(store, template, "claim", claims)
    return restricted_select(store, template, "place", None)


def _symmetric(pairs: Iterable[Pair]) -> list[Triple]:
    triples: list[Triple] = []
    for a, b in sorted(pairs):
        triples += [(a, NK.contradicts, b), (b, NK.contradicts, a)]
    return triples


def contradiction_changes(
    store: Store, *, places: set[URIRef], old_claims: set[URIRef]
) -> tuple[list[Triple], list[Triple]]:
    """(triples to delete, triples to add) after the claims about ``places`` changed.

    Only places in the touched article graphs can change their set of claims
    (a claim is about nodes typed in its own graph), so their pairs are computed
    again; a stored pair that lost its justification there is kept only if
    another place the two claims share still justifies it. ``old_claims`` are
    the claims of replaced or removed graphs: their stored pairs are checked too.
    """
    fresh = control_disagreements(store, places=places) | count_disagreements(store, places=places)
    involved = set(old_claims)
    for template in (_CLAIMS_ABOUT_PLACES, _COUNTED_EVENTS):
        for row in restricted_select(store, template, "place", places):
            involved.add(row[0] if template is _CLAIMS_ABOUT_PLACES else row[5])
    stored = {tuple(sorted((a, b))) for a, b in restricted_select(store, _STORED_PAIRS, "claim", involved)}
    stale = stored - fresh
    if stale:
        ends = {c for pair in stale for c in pair}
        still = control_disagreements(store, claims=ends) | count_disagreements(store, claims=ends)
        stale -= still
    return _symmetric(stale), _symmetric(fresh - stored)


_PLACES = "SELECT DISTINCT ?place WHERE { GRAPH ?g { ?place a nk:Place } }"
_PLACES_PER_PASS = 200


def contradiction_triples(store: Store) -> list[Triple]:
    """Symmetric ``nk:contradicts`` links between disagreeing claims.

    Every pair shares a place, so the store is read a few hundred places at a
    time: the rows in memory are those of one pass, not every claim of the corpus.
    """
    places = sorted(row[0] for row in store.select(_PLACES)[1])
    pairs: set[Pair] = set()
    for i in range(0, len(places), _PLACES_PER_PASS):
        part = set(places[i:i + _PLACES_PER_PASS])
        pairs |= control_disagreements(store, places=part) | count_disagreements(store, places=part)
    return _symmetric(pairs)
