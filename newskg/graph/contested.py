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

Control pairs are joined inside the store, so only the pairs' two claims are
read out, not every claim about every place: on a 100x store reading every
stance claim filled Oxigraph's string cache (RSS 52 -> 227 MB with the counts,
18 s) where the join reads the pairs (52 -> 94 MB, 8 s). Casualty reports are
read only for the (type, place, date) groups whose counts could disagree, which
a first build knows from its workers (``CasualtyReports``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations, product

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from newskg.graph.store import Store, Triple, restricted_select, with_constant
from newskg.iris import IDENTITY_GRAPH
from newskg.ontology.terms import NK

WINDOW_DAYS = 14
COUNT_TOLERANCE = 0.25

# Asked for the article graphs a build wrote, or one place at a time (restricted_select
# writes it in as a constant): a graph's or a place's stance links and counted events are
# then a few index lookups. _CONTROL_PAIRS is also asked of the whole store at once, when
# the identity graph is recomputed: Oxigraph joins the two sides on the place.
_STANCES = """
SELECT ?claim ?place ?g WHERE {{
  {only}
  GRAPH ?g {{ ?claim nk:assertsControlOf|nk:deniesControlOf ?place . }}
}}
"""

# One claimant says the place was taken, another that it was not, in reports at most
# WINDOW_DAYS apart (xsd:date minus xsd:date is a duration in Oxigraph), or in the same
# report when either report has no date: a report without a date is close in time to
# itself only, not to every other report.
_CONTROL_PAIRS = """
SELECT DISTINCT ?place ?claim ?other WHERE {{
  {only}
  GRAPH ?g {{
    ?claim nk:assertsControlOf ?place ; nk:claimant ?claimant ; nk:reportedIn ?article .
    OPTIONAL {{ ?article schema:datePublished ?published . }}
  }}
  GRAPH ?h {{
    ?other nk:deniesControlOf ?place ; nk:claimant ?otherClaimant ; nk:reportedIn ?otherArticle .
    OPTIONAL {{ ?otherArticle schema:datePublished ?otherPublished . }}
  }}
  FILTER(?claimant != ?otherClaimant)
  FILTER(IF(BOUND(?published) && BOUND(?otherPublished),
            ?published - ?otherPublished <= "%(window)s"^^xsd:dayTimeDuration
            && ?otherPublished - ?published <= "%(window)s"^^xsd:dayTimeDuration,
            ?article = ?otherArticle))
}}
""" % {"window": f"P{WINDOW_DAYS}D"}

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

_COUNTED_PLACES = """
SELECT DISTINCT ?place WHERE { ?event nk:killed ?killed ; nk:place ?place . }
"""


Pair = tuple[URIRef, URIRef]


def _pair(a: URIRef, b: URIRef) -> Pair:
    return (a, b) if a <= b else (b, a)


def _control_pairs(store: Store, places: Iterable[URIRef] | None, *, among: set[URIRef] | None) -> set[Pair]:
    """Pairs of claims about one of ``places`` (None: any place), one saying it was taken, the other not;
    with ``among``, pairs touching it."""
    rows = restricted_select(store, _CONTROL_PAIRS, "place", places)
    return {_pair(a, d) for _place, a, d in rows if among is None or a in among or d in among}


def _far_apart(a: int, b: int) -> bool:
    return abs(a - b) > COUNT_TOLERANCE * max(a, b)


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
            if who_a != who_b and claim_a != claim_b and _far_apart(n_a, n_b):
                pairs.add(_pair(claim_a, claim_b))
    return pairs


GroupKey = tuple[URIRef, URIRef, Literal]  # (event type, place, date)
Report = tuple[URIRef, int]  # (claimant, killed)


@dataclass
class CasualtyReports:
    """Who reported which death toll for each (event type, place, date): what a first build's
    workers read of the casualty reports they mapped.

    Only a group where two claimants' tolls are far apart can hold a contested pair,
    so a first build reads those groups' reports from the store and no others: on
    a 100x corpus, reading every counted event filled Oxigraph's caches by about
    100 MB at the end of the build.
    """

    groups: dict[GroupKey, tuple[Report, ...]] = field(default_factory=dict)
    # One object per distinct term across every group: a term unpickled from a worker
    # is a new object per article, and a 100x build keeps 22,866 groups.
    _terms: dict[URIRef | Literal, URIRef | Literal] = field(default_factory=dict, init=False, repr=False, compare=False)

    def update(self, other: "CasualtyReports") -> None:
        terms = self._terms
        for key, reports in other.groups.items():
            key = tuple(terms.setdefault(term, term) for term in key)
            known = self.groups.get(key, ())
            added = [(terms.setdefault(who, who), killed) for who, killed in reports if (who, killed) not in known]
            if added:  # a tuple, not a set: most groups hold one or two reports
                self.groups[key] = known + tuple(added)

    def disputed(self) -> list[GroupKey]:
        """The groups with two claimants whose tolls differ by more than the tolerance."""
        return sorted(
            key
            for key, reports in self.groups.items()
            if any(w_a != w_b and _far_apart(n_a, n_b) for (w_a, n_a), (w_b, n_b) in combinations(reports, 2))
        )


# Looked up with the predicate itself, not compared: rdflib's term equality is a Python call per
# comparison (a pass over the 729 graphs of the 1x corpus took 0.94 s that way, 0.04 s with each
# predicate's text copied and compared as a string). The mapping's predicates are these very
# objects, so a hit is found without rdflib's ``__eq__`` and nothing is copied: 0.067 s -> 0.031 s.
_EVENT = str(NK.Event)
_CLAIMANT = 5  # slots 0-4 are the event facts', 6 is rdf:type
_READ = {p: slot for slot, p in enumerate((NK.place, NK.assertedBy, NK.eventType, NK.date, NK.killed, NK.claimant, RDF.type))}


def triples_casualty_reports(triples: Iterable[Triple]) -> CasualtyReports:
    """The casualty reports of one article graph, read from its triples before they are stored:
    the rows ``_COUNTED_EVENTS`` would give for the graph, without the event and the claim."""
    events: set[URIRef] = set()
    facts: dict[URIRef, tuple[list, ...]] = {}  # subject -> its place, claim, type, date and killed values
    claimants: dict[URIRef, list[URIRef]] = {}
    slot_of = _READ.get
    for s, p, o in triples:
        slot = slot_of(p)
        if slot is None:
            continue
        if slot < _CLAIMANT:
            facts.setdefault(s, ([], [], [], [], []))[slot].append(o)
        elif slot == _CLAIMANT:
            claimants.setdefault(s, []).append(o)
        elif str(o) == _EVENT:
            events.add(s)
    groups: dict[GroupKey, dict[Report, None]] = {}  # reports in order of finding, each once
    for event in events:
        for place, claim, kind, when, killed in product(*facts.get(event, ((),))):
            for claimant in claimants.get(claim, ()):
                groups.setdefault((kind, place, when), {})[(claimant, int(killed))] = None
    return CasualtyReports({key: tuple(reports) for key, reports in groups.items()})


def _group_rows(store: Store, key: GroupKey) -> list[list]:
    """The counted events of one (type, place, date) group: three constants, so a few index lookups."""
    kind, place, when = key
    query = _COUNTED_EVENTS.format(only="")
    for variable, term in (("type", kind), ("place", place), ("date", when)):
        query = with_constant(query, variable, term)
    return store.select(query)[1]


def disagreements(store: Store, places: Iterable[URIRef], *, among: set[URIRef] | None = None) -> set[Pair]:
    """Disagreeing pairs about ``places``; with ``among``, only pairs with at least one claim in it."""
    places = sorted(set(places))
    pairs = _control_pairs(store, places, among=among)
    for place in places:
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
    stored = {_pair(a, b) for a, b in restricted_select(store, _STORED_PAIRS, "claim", involved)}
    return _symmetric(stored - fresh), _symmetric(fresh - stored)


def contradiction_triples(store: Store, *, casualties: CasualtyReports | None = None) -> list[Triple]:
    """Symmetric ``nk:contradicts`` links between disagreeing claims.

    ``casualties``: every casualty report in the store (a first build's workers
    gathered them); only its disputed groups are read from the store then.
    """
    pairs = _control_pairs(store, None, among=None)
    if casualties is None:  # every place's reports, one place at a time: the rows in memory are one place's
        for (place,) in store.select(_COUNTED_PLACES)[1]:
            pairs |= _count_pairs(restricted_select(store, _COUNTED_EVENTS, "place", [place]), among=None)
    else:
        for key in casualties.disputed():
            pairs |= _count_pairs(_group_rows(store, key), among=None)
    return _symmetric(pairs)
