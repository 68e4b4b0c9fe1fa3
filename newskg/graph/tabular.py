"""Tables for spreadsheet and pandas users: events in ACLED's column layout, and claims.

Events follow the columns of the ACLED export that conflict researchers already
load (event_date, event_type, actor1, actor2, admin1, location, latitude,
longitude, source, notes, fatalities), then newskg's own columns. Two deliberate
differences: ``event_type`` is newskg's type (Attack, Airstrike, Capture, ...), not
ACLED's taxonomy, and ``fatalities`` is empty when the article gives no number
(ACLED writes 0), because "not reported" is not "nobody died". One row per event;
several actors in one role are joined with "; ". The location is the event's most
specific place; ``admin1`` is the province that contains it (via nk:locatedIn).

Rows are written as the store yields them; only the small lookup tables (names,
places, the actors of each event) are held in memory.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import BinaryIO

from newskg.graph.store import Store, from_ox

EVENT_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "actor1", "actor2", "admin1", "location", "latitude", "longitude", "source", "notes",
    "fatalities", "event_iri", "article", "claimant", "killed_qualifier", "wounded",
)
CLAIM_COLUMNS: tuple[str, ...] = ("claimant", "cue", "claim", "about", "article", "date", "sentence", "direct", "claim_iri")
SEPARATOR = "; "
# Most specific first: the place an event row is located at.
PLACE_RANK = {"village": 0, "city": 1, "district": 2, "other": 3, "region": 4, "province": 5, "country": 6}

# Each query is one pattern, or stays inside one named graph (an event, its claim, its
# sentence and its article are in the article's graph): the union default graph repeats
# an entity's triples once per article, so joins across them would grow quadratically.
_PREFERRED = "SELECT DISTINCT ?x ?label WHERE { ?x skos:prefLabel ?label }"
_PLAIN = "SELECT DISTINCT ?x ?label WHERE { ?x rdfs:label ?label }"
_PLACE_TYPES = "SELECT DISTINCT ?place ?type WHERE { ?place nk:placeType ?type }"
_COORDINATES = "SELECT DISTINCT ?place ?lat ?long WHERE { GRAPH ?g { ?place geo:lat ?lat ; geo:long ?long } }"
_PARENTS = "SELECT DISTINCT ?place ?parent WHERE { ?place nk:locatedIn ?parent }"
_ROLES = """
SELECT DISTINCT ?event ?p ?x WHERE { GRAPH ?g { ?event a nk:Event ; ?p ?x . } VALUES ?p { nk:agent nk:target nk:place } }"""
_EVENTS = """
SELECT ?event ?type ?date ?killed ?killedQualifier ?wounded ?article ?publisher ?claimant ?sentence WHERE {
  GRAPH ?g {
    ?event a nk:Event ; nk:eventType ?type .
    OPTIONAL { ?event nk:date ?date }
    OPTIONAL { ?event nk:killed ?killed }
    OPTIONAL { ?event nk:killedQualifier ?killedQualifier }
    OPTIONAL { ?event nk:wounded ?wounded }
    OPTIONAL { ?event nk:reportedIn ?article . OPTIONAL { ?article nk:publisher ?publisher } }
    OPTIONAL { ?event nk:assertedBy ?claim . ?claim nk:claimant ?claimant }
    OPTIONAL { ?event prov:wasDerivedFrom ?m . ?m nif:anchorOf ?sentence }
  }
} ORDER BY (!BOUND(?date)) ?date ?event"""
_EVENT_NAMES = """
SELECT DISTINCT ?event ?type ?date WHERE { GRAPH ?g { ?event a nk:Event ; nk:eventType ?type . OPTIONAL { ?event nk:date ?date } } }"""
_ABOUT = "SELECT DISTINCT ?claim ?x WHERE { GRAPH ?g { ?claim a nk:Claim ; nk:about ?x } }"
_CLAIMS = """
SELECT ?claim ?claimant ?cue ?content ?direct ?article ?published ?sentence WHERE {
  GRAPH ?g {
    ?claim a nk:Claim .
    OPTIONAL { ?claim nk:claimant ?claimant }
    OPTIONAL { ?claim nk:cue ?cue }
    OPTIONAL { ?claim nk:content ?content }
    OPTIONAL { ?claim nk:direct ?direct }
    OPTIONAL { ?claim nk:reportedIn ?article . OPTIONAL { ?article schema:datePublished ?published } }
    OPTIONAL { ?claim prov:wasDerivedFrom ?m . ?m nif:anchorOf ?sentence }
  }
} ORDER BY (!BOUND(?published)) ?published ?claim"""


def _rows(store: Store, query: str) -> Iterator[list]:
    """Rows of rdflib terms (None when unbound), streamed from the store."""
    for solution in store.raw_query(query):
        yield [from_ox(term) for term in solution]  # in the order of the query's variables


def _text(term) -> str:
    return "" if term is None else str(term)


def labels(store: Store) -> dict[str, str]:
    """Every labelled node's name: its preferred label, else its smallest plain label."""
    names: dict[str, str] = {}
    for x, label in _rows(store, _PLAIN):
        if str(x) not in names or str(label) < names[str(x)]:
            names[str(x)] = str(label)
    for x, label in _rows(store, _PREFERRED):
        names[str(x)] = str(label)
    return names


class _Places:
    """Place facts and the province that contains each place."""

    def __init__(self, store: Store, names: dict[str, str]) -> None:
        self.names = names
        kinds = {str(p): str(t) for p, t in _rows(store, _PLACE_TYPES)}
        points = {str(p): (lat, long) for p, lat, long in _rows(store, _COORDINATES)}
        parents = {str(p): str(up) for p, up in _rows(store, _PARENTS)}
        self.facts = {
            p: (kinds.get(p, ""), *points.get(p, (None, None)), parents.get(p, ""))
            for p in set(kinds) | set(points) | set(parents)
        }

    def primary(self, places: list[str]) -> str | None:
        known = [p for p in places if p in self.facts]
        if not known:
            return None
        return min(known, key=lambda p: (PLACE_RANK.get(self.facts[p][0], 3), self.names.get(p, p)))

    def province(self, place: str) -> str | None:
        seen = set()
        while place in self.facts and place not in seen:
            seen.add(place)
            kind, _, _, parent = self.facts[place]
            if kind == "province":
                return place
            place = parent
        return None


def _text_writer(output: BinaryIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)


def _names(iris: list[str], names: dict[str, str]) -> str:
    return SEPARATOR.join(sorted(names.get(x, x) for x in iris))


def event_rows(store: Store) -> Iterator[dict[str, str]]:
    """The events table, one dict per event, in date order (undated events last)."""
    names = labels(store)
    places = _Places(store, names)
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for event, p, x in _rows(store, _ROLES):
        roles[str(event)][str(p).rsplit("#", 1)[-1]].append(str(x))
    seen: set[str] = set()
    for event, kind, day, killed, qualifier, wounded, article, publisher, claimant, sentence in _rows(store, _EVENTS):
        if str(event) in seen:
            continue
        seen.add(str(event))
        role = roles.get(str(event), {})
        place = places.primary(role.get("place", []))
        province = places.province(place) if place else None
        _, lat, long, _ = places.facts.get(place, (None, None, None, None)) if place else (None, None, None, None)
        yield {
            "event_date": _text(day), "event_type": str(kind).rsplit("#", 1)[-1],
            "actor1": _names(role.get("agent", []), names), "actor2": _names(role.get("target", []), names),
            "admin1": names.get(province, "") if province else "", "location": names.get(place, "") if place else "",
            "latitude": _text(lat), "longitude": _text(long),
            "source": names.get(str(publisher), "") if publisher is not None else "",
            "notes": " ".join(_text(sentence).split()), "fatalities": _text(killed),
            "event_iri": str(event), "article": _text(article),
            "claimant": names.get(str(claimant), "") if claimant is not None else "",
            "killed_qualifier": _text(qualifier), "wounded": _text(wounded),
        }


def claim_rows(store: Store) -> Iterator[dict[str, str]]:
    """The claims table, one dict per claim, in publication order; ``date`` is the article's date."""
    names = labels(store)
    for event, kind, day in _rows(store, _EVENT_NAMES):
        names.setdefault(str(event), f"{str(kind).rsplit('#', 1)[-1]} event" + (f" on {day}" if day is not None else ""))
    about: dict[str, list[str]] = defaultdict(list)
    for claim, x in _rows(store, _ABOUT):
        about[str(claim)].append(str(x))
    seen: set[str] = set()
    for claim, claimant, cue, content, direct, article, published, sentence in _rows(store, _CLAIMS):
        if str(claim) in seen:
            continue
        seen.add(str(claim))
        yield {
            "claimant": names.get(str(claimant), str(claimant)) if claimant is not None else "",
            "cue": _text(cue), "claim": _text(content), "about": _names(about.get(str(claim), []), names),
            "article": _text(article), "date": _text(published), "sentence": " ".join(_text(sentence).split()),
            "direct": _text(direct), "claim_iri": str(claim),
        }


def _write(rows: Iterator[dict[str, str]], columns: tuple[str, ...], output: BinaryIO) -> None:
    text = _text_writer(output)
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    text.flush()
    text.detach()


def write_events_csv(store: Store, output: BinaryIO) -> None:
    """The events table as CSV (UTF-8, RFC 4180 line ends, header row)."""
    _write(event_rows(store), EVENT_COLUMNS, output)


def write_claims_csv(store: Store, output: BinaryIO) -> None:
    """The claims table as CSV (UTF-8, RFC 4180 line ends, header row)."""
    _write(claim_rows(store), CLAIM_COLUMNS, output)

