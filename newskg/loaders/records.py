"""Extraction records: plain dataclasses, no RDF.

Extraction turns an Article into these records; only ``mapping`` knows the
ontology. Offsets are character offsets into ``Article.text``; entity ``key``s
are identity keys shared across articles (see ``newskg.names``), so the same key
in two articles is the same node in the graph.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from newskg.loaders.article import Article


@dataclass(frozen=True)
class Mention:
    """A character span [start, end) of the article text."""

    start: int
    end: int
    text: str


def keys_within(spans: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    """Keys of the spans inside [start, end), in text order, each once.

    ``spans`` are (start, end, key) sorted by start: the search starts at the first span
    that can be inside and stops at the first that begins at ``end``, instead of reading
    the article's every mention for each claim or phrase asked about.
    """
    keys: dict[str, None] = {}
    for index in range(bisect.bisect_left(spans, (start,)), len(spans)):
        m_start, m_end, key = spans[index]
        if m_start >= end:
            break
        if m_end <= end:
            keys[key] = None
    return list(keys)


@dataclass(frozen=True)
class DateValue:
    """A calendar date with the precision the text supports ("day", "month", "year")."""

    value: date
    precision: str
    text: str


@dataclass(frozen=True)
class Count:
    """A minimum count with its qualifier ("exact", "at least", "more than", "about", "at most", "vague")."""

    minimum: int
    qualifier: str
    text: str


@dataclass
class EntityRecord:
    """One real-world thing as one article mentions it.

    ``types`` holds any of "Person", "Organization", "Place", "Actor" (a country
    acting is both Place and Organization; an unnamed source is just "Actor").
    """

    key: str
    types: tuple[str, ...]
    label: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    named: bool = True
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)  # keys of organisations
    # Places only
    geonames_id: int | None = None
    lat: float | None = None
    long: float | None = None
    place_type: str | None = None  # see terms.PLACE_TYPES
    located_in: str | None = None  # key of the enclosing place


@dataclass
class ClaimRecord:
    """One assertion attributed to one claimant (an entity key)."""

    claimant: str
    cue: str
    content: str
    direct: bool
    sentence: Mention
    about: list[str] = field(default_factory=list)  # entity keys
    content_span: Mention | None = None
    cue_span: Mention | None = None


@dataclass
class EventRecord:
    """A typed event as the article reports it.

    ``claim`` is the index in ``Extraction.claims`` of the claim that asserts the
    event; None means the article asserts it in its own voice.
    """

    event_type: str  # one of terms.EVENT_TYPES
    trigger: Mention
    sentence: Mention
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: DateValue | None = None
    killed: Count | None = None
    wounded: Count | None = None
    captured: Count | None = None
    claim: int | None = None


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    publisher_key: str
    entities: list[EntityRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
