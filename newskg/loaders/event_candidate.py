"""An event mention while extraction builds it, and what every mention of one article shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newskg.loaders.doc_text import tokens_of
from newskg.loaders.event_args import sentence_counts
from newskg.loaders.event_context import PlaceMentions, Segment, TextLayout
from newskg.loaders.records import Count, DateValue, EntityRecord

if TYPE_CHECKING:
    from newskg.loaders.entities import EntityIndex

# Events whose casualties are counted on them rather than on a separate killing.
VIOLENT_TYPES = frozenset({"Attack", "Airstrike", "Bombing", "Clash", "Raid"})


@dataclass
class Candidate:
    """An event mention while it is being built; becomes an ``EventRecord``."""

    event_type: str
    token: Token
    segment: Segment
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: DateValue | None = None
    dated_here: bool = False
    killed: Count | None = None
    wounded: Count | None = None
    captured: Count | None = None
    host: "Candidate | None" = None
    dropped: bool = False
    refers_back: bool = False  # its target phrase points back ("the facilitator", "him")
    additive: bool = False  # says it adds to what was reported ("also detained", "two additional")
    rollup: bool = False  # sums up several operations ("during separate operations", "over the past 24 hours")
    kinds: frozenset[str] = frozenset()  # kinds of people acted on: "civilian", "security", "other"
    patients: frozenset[str] = frozenset()  # head words of the target phrases ("leader", "insurgent")


@dataclass
class ArticleContext:
    """What every candidate of one article needs: the text layout, entities and counts."""

    doc: Doc
    layout: TextLayout
    index: EntityIndex
    records: list[EntityRecord]
    by_key: dict[str, EntityRecord]
    published: date | None
    reference: date | None  # what history is judged against: publication, else the latest full date in the text
    counts: dict[int, list[tuple[int, int, Count]]] = field(default_factory=dict)
    # Per segment (keyed by its start), what every candidate of the segment asks again
    # (``event_where_when``): its date expressions, the date it lends undated events, and
    # each expression's resolved date; and per segment number, where its report begins.
    expressions: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    segment_dates: dict[int, DateValue | None] = field(default_factory=dict)
    resolved: dict[tuple[int, int, str], DateValue | None] = field(default_factory=dict)
    report_starts: list[int] = field(default_factory=list)

    @cached_property
    def place_mentions(self) -> PlaceMentions:
        return PlaceMentions(self.records)

    def segment_tokens(self, segment: Segment) -> list[Token]:
        """The segment's tokens, a slice of the document's token list (a new list each call)."""
        return tokens_of(self.doc)[segment.first:segment.last + 1]

    def segment_counts(self, segment: Segment) -> list[tuple[int, int, Count]]:
        key = segment.start
        if key not in self.counts:
            self.counts[key] = sentence_counts(self.layout.text(segment), segment.start)
        return self.counts[key]


def larger(first: Count | None, second: Count | None) -> Count | None:
    """The count with the larger minimum: two reports of one toll."""
    if first is None:
        return second
    if second is None:
        return first
    return second if second.minimum > first.minimum else first
