"""Claims: who claimed what, with the exact sentence it was claimed in.

``find_attributions`` (see ``newskg.loaders.attribution``) reads the text;
``claim_from_attribution`` asks the article's entity index which actor a
claimant phrase denotes and what the claim is about, so that the same speaker
and the same places are the same nodes everywhere in the graph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from newskg.loaders.attribution import Attribution, find_attributions
from newskg.loaders.quotes import Quote, find_quotes
from newskg.loaders.records import ClaimRecord, EntityRecord, Mention

__all__ = ["ActorIndex", "Attribution", "claim_from_attribution", "content_segments", "find_attributions"]

_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "us", "his", "its", "their"}
_SPACES = re.compile(r"\s+")


class ActorIndex(Protocol):
    """What claims need of the entity index (``newskg.loaders.entities.EntityIndex``)."""

    def resolve_actor(self, start: int, end: int) -> EntityRecord: ...

    def add_mention(self, record: EntityRecord, start: int, end: int) -> None: ...

    def entities_in(self, start: int, end: int) -> list[EntityRecord]: ...


def claim_from_attribution(attribution: Attribution, index: ActorIndex, *, text: str) -> ClaimRecord:
    """The claim record of one attribution, its claimant and subjects resolved through ``index``.

    A pronoun claimant ("he said") is resolved to the speaker it refers to, and
    the pronoun is recorded as a mention of that speaker. ``about`` lists the
    entities named in what was said, in text order; the claimant is left out
    unless the content itself names it.
    """
    speaker = attribution.claimant_resolved or attribution.claimant
    claimant = index.resolve_actor(*speaker)
    if attribution.claimant_resolved is not None:
        index.add_mention(claimant, *attribution.claimant)
    segments = content_segments(attribution, text)
    about: list[str] = []
    for start, end in segments:
        for entity in index.entities_in(start, end):
            if entity.key in about:
                continue
            if entity.key == claimant.key and not _named_within(entity, segments):
                continue
            about.append(entity.key)
    content_start, content_end = attribution.content
    sentence_start, sentence_end = attribution.sentence
    cue_start, cue_end = attribution.cue_span
    return ClaimRecord(
        claimant=claimant.key,
        cue=attribution.cue,
        content=_SPACES.sub(" ", " ".join(text[s:e] for s, e in segments)).strip(),
        direct=attribution.direct,
        sentence=Mention(sentence_start, sentence_end, text[sentence_start:sentence_end]),
        about=about,
        content_span=Mention(content_start, content_end, text[content_start:content_end]),
        cue_span=Mention(cue_start, cue_end, text[cue_start:cue_end]),
    )


def content_segments(attribution: Attribution, text: str) -> list[tuple[int, int]]:
    """The stretches of text that are what was claimed.

    A direct claim is its quoted words only: for '"A," he said, "B."' the
    content span runs from A to B, but "he said" is not part of what was said.
    """
    start, end = attribution.content
    if not attribution.direct:
        return [(start, end)]
    segments = [
        (max(s, start), min(e, end))
        for quote in _quotes(text)
        for s, e in quote.segments
        if s < end and start < e
    ]
    return segments or [(start, end)]


@lru_cache(maxsize=8)
def _quotes(text: str) -> tuple[Quote, ...]:
    return tuple(find_quotes(text))


def _named_within(entity: EntityRecord, segments: list[tuple[int, int]]) -> bool:
    return any(
        start <= mention.start and mention.end <= end and mention.text.lower() not in _PRONOUNS
        for mention in entity.mentions
        for start, end in segments
    )
