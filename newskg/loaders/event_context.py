"""Where and when an event happened: the text around a trigger, from its clause outwards.

Places and dates are looked for in widening circles: the trigger's own clause,
then its sentence, then (places only) earlier sentences of the same paragraph,
then the nearest heading line above it ("Sangin/Helmand", a release title) and
last the dateline ("PAKTIKA PROVINCE, Afghanistan –", "KABUL:"). A dateline
names where the report was filed, which is near the event more often than not,
so it is the last resort rather than never used. Dates are not inherited from
headings or datelines: an undated event keeps no date (the article's
publication date stays available beside it in the graph).

"Sentences" here are spaCy sentences cut again at hard line breaks, because
releases and scraped pages put headings, datelines and reference numbers on
their own lines without any punctuation; a line that is merely wrapped (long,
running on in lower case) is not a break.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from operator import attrgetter
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from newskg.loaders.dates import find_date_expressions, resolve_date
from newskg.loaders.doc_text import text_of, tokens_of
from newskg.loaders.quotes import find_tweets
from newskg.loaders.records import DateValue, EntityRecord, Mention

_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
# "KABUL, Afghanistan (Jan. 10, 2011) –", "PAKTIKA PROVINCE, Afghanistan –", "KABUL:": capitals,
# then a place, a date in parentheses, or both, then a dash or colon.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'\-]{2,}(?:[ /][A-Z][A-Z.'\-]+)*"
    r"(?:(?:,\s*[A-Z][A-Za-z.' ]{2,40}?)?\s*\([^)\n]{0,40}\)|,\s*[A-Z][A-Za-z.' ]{2,40}?)?"
    r"\s*(?:[-–—:]|$)"
)
# Background periods: "during the war", "throughout the occupation", "in the 90s".
_PERIOD_NOUNS = frozenset({
    "war", "conflict", "occupation", "invasion", "insurgency", "decade", "decades", "era", "regime", "rule",
    "campaign", "years", "history", "past", "century",
})
_DECADE = re.compile(r"\b(?:the\s+)?(?:mid[- ])?(?:'|1[89]|20)?\d0s\b|\bpre-9/11\b|\bpost-9/11\b")
_DECADE_CUES = ("0s", "9/11")  # one of them is in every match of _DECADE: change the two together
# An event dated this long before publication is history, not news.
HISTORY_DAYS = 365
_start = attrgetter("idx")


@dataclass(frozen=True)
class Segment:
    """One sentence (or heading line) of the article: char span and token span."""

    start: int
    end: int
    first: int  # first token index
    last: int  # last token index (inclusive)
    paragraph: int
    heading: bool  # a line without sentence punctuation: title, section heading, dateline
    number: int  # position among the article's segments


@dataclass
class TextLayout:
    """Sentences, paragraphs, headings and the dateline of one article."""

    doc: Doc
    segments: list[Segment]
    dateline: tuple[int, int] | None  # char span of the dateline prefix, if any
    token_segment: list[int]  # token index -> segment index
    # Stretches written on another day than the article, with that day: an embedded tweet's
    # "today evening" is the day it was posted ("— Name (@handle) August 7, 2021"), not the
    # day the article that quotes it was published.
    written_on: tuple[tuple[int, int, date], ...] = ()

    def written_date(self, offset: int) -> date | None:
        for start, end, day in self.written_on:
            if start <= offset < end:
                return day
        return None

    def segment_of(self, token: Token) -> Segment:
        return self.segments[self.token_segment[token.i]]

    def text(self, segment: Segment) -> str:
        return text_of(self.doc)[segment.start:segment.end]


def _is_soft_wrap(previous_line: str, next_line: str) -> bool:
    """A line wrapped inside a sentence: long, unpunctuated, running on in lower case."""
    previous_line = previous_line.rstrip()
    if len(previous_line) < 50 or _SENTENCE_END.search(previous_line) or not next_line.strip():
        return False
    last_word = previous_line.split()[-1]
    return next_line.lstrip()[:1].islower() or last_word.islower()


def _hard_breaks(text: str) -> list[int]:
    """Char offsets of the line breaks that end a sentence or heading."""
    breaks: list[int] = []
    position = 0
    lines = text.split("\n")
    for number, line in enumerate(lines[:-1]):
        position += len(line)
        if not _is_soft_wrap(line, lines[number + 1]):
            breaks.append(position)
        position += 1
    return breaks


def _breaks_before(tokens: list[Token], hard: list[int]) -> list[bool]:
    """For each token, whether a hard break lies after the previous token's start and at or before its own.

    Found from the breaks (a few per article), each by bisection over the tokens, not by
    bisecting the breaks for every token: with the pieces cut as token ranges, ``layout``
    went from 0.111 to 0.093 s of CPU over the 729 benchmark articles.
    """
    broken = [False] * len(tokens)
    for offset in hard:
        i = bisect.bisect_left(tokens, offset, key=_start)  # the first token starting at or after the break
        if 0 < i < len(tokens):
            broken[i] = True
    return broken


def layout(doc: Doc) -> TextLayout:
    """Cut the article into sentences and paragraphs once, for every trigger to use.

    A paragraph ends at every hard line break: releases and scraped pages put
    one paragraph on a line, and a line without final punctuation (a tweet's
    signature, a heading) ends its paragraph as surely as a blank line.
    """
    text = text_of(doc)
    hard = _hard_breaks(text)
    segments: list[Segment] = []
    token_segment = [0] * len(doc)
    tokens = tokens_of(doc)
    broken = _breaks_before(tokens, hard)
    spaces = [t.is_space for t in tokens]
    for sent in doc.sents:
        # A piece runs from a word to the next hard break or the sentence's end; spaces before its
        # first word belong to no piece (and stay in segment 0, as they always did).
        pieces: list[tuple[int, int]] = []
        first: int | None = None
        for i in range(sent.start, sent.end):
            if first is not None and broken[i]:
                pieces.append((first, i))
                first = None
            if first is None and not spaces[i]:
                first = i
        if first is not None:
            pieces.append((first, sent.end))
        for first, stop in pieces:
            last = stop - 1
            while spaces[last]:
                last -= 1
            words = stop - first - sum(spaces[first:stop])
            start, end = tokens[first].idx, tokens[last].idx + len(tokens[last])
            paragraph = bisect.bisect_left(hard, start)
            heading = not _SENTENCE_END.search(text[start:end]) and words <= 16
            token_segment[first:stop] = [len(segments)] * (stop - first)
            segments.append(Segment(start, end, first, last, paragraph, heading, len(segments)))
    return TextLayout(
        doc=doc, segments=segments, dateline=_find_dateline(text), token_segment=token_segment,
        written_on=_tweet_days(text),
    )


def _tweet_days(text: str) -> tuple[tuple[int, int, date], ...]:
    days = []
    for tweet in find_tweets(text):
        posted = resolve_date(tweet.posted, published=None)
        if posted is not None and posted.precision == "day":
            days.append((tweet.body[0], tweet.body[1], posted.value))
    return tuple(days)


def _find_dateline(text: str) -> tuple[int, int] | None:
    """The dateline prefix of the first paragraph that opens with one ("KABUL, Afghanistan (Jan. 10) –")."""
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number > 15:
            break
        match = _DATELINE.match(line)
        if match and (match.group(0).rstrip()[-1:] in "-–—:" or ")" in match.group(0)):
            end = match.end()
            return offset + (len(line) - len(line.lstrip())), offset + end
        offset += len(line) + 1
    return None


# --- places ---------------------------------------------------------------------------


class PlaceMentions:
    """Every place mention of one article in text order, for the range questions of the event rules.

    The rules ask which places lie in a clause, a sentence, a paragraph: about nine
    questions per event, each a scan of every mention of every record of the article
    when asked of the records (0.25 s of CPU over the 729-article benchmark corpus).
    Sorted once, a question reads only the mentions that start inside its range.
    """

    def __init__(self, records: list[EntityRecord]) -> None:
        found = [(mention, record) for record in records if "Place" in record.types for mention in record.mentions]
        found.sort(key=lambda pair: pair[0].start)  # stable: records' order among mentions that start together
        self._found = found
        self._starts = [mention.start for mention, _record in found]

    def within(
        self, start: int, end: int, *, exclude: list[tuple[int, int]] = ()
    ) -> list[tuple[Mention, EntityRecord]]:
        """(mention, place) for each place mention inside [start, end) and outside ``exclude``, in text order."""
        first, last = bisect.bisect_left(self._starts, start), bisect.bisect_right(self._starts, end)
        return [
            (mention, record) for mention, record in self._found[first:last]
            if mention.end <= end and not any(s <= mention.start < e for s, e in exclude)
        ]


def ancestors(key: str, by_key: dict[str, EntityRecord]) -> list[str]:
    """Keys of the places enclosing ``key`` (district -> province -> country)."""
    chain: list[str] = []
    current = by_key.get(key)
    while current is not None and current.located_in and current.located_in not in chain:
        chain.append(current.located_in)
        current = by_key.get(current.located_in)
    return chain


def most_specific(keys: list[str], by_key: dict[str, EntityRecord]) -> list[str]:
    """Drop places that enclose another of the places: "Sheberghan, Jawzjan Province" -> Sheberghan."""
    unique = list(dict.fromkeys(keys))
    enclosing = {a for key in unique for a in ancestors(key, by_key)}
    return [key for key in unique if key not in enclosing]


def compatible_places(first: list[str], second: list[str], by_key: dict[str, EntityRecord]) -> bool:
    """Places that can be the same location: equal, one inside the other, or one side unknown."""
    if not first or not second:
        return True
    if any(key.startswith("place:name:") for key in (*first, *second)):
        return True  # a place the gazetteer does not know: nothing says it is elsewhere
    for a in first:
        for b in second:
            if a == b or a in ancestors(b, by_key) or b in ancestors(a, by_key):
                return True
    return False


# --- dates ----------------------------------------------------------------------------


def date_expressions(layout_: TextLayout, segment: Segment) -> list[tuple[int, int, str]]:
    """Date expressions of a segment with document char offsets."""
    sentence = layout_.text(segment)
    return [(segment.start + s, segment.start + e, text) for s, e, text in find_date_expressions(sentence)]


def resolve_in(
    layout_: TextLayout, segment: Segment, expression: tuple[int, int, str], *, published: date | None
) -> DateValue | None:
    """The date an expression of ``segment`` names, relative words counted from the day its text was
    written: the publication date, or an embedded tweet's own date."""
    written = layout_.written_date(expression[0])
    return resolve_date(expression[2], published=written or published, sentence=layout_.text(segment))


def is_history(value: DateValue | None, *, published: date | None) -> bool:
    """An event dated long before publication is background, not news."""
    if value is None or published is None:
        return False
    if value.precision == "year":
        return value.value.year < published.year - 1 or (
            value.value.year < published.year and published - date(published.year, 1, 1) > timedelta(days=90)
        )
    return (published - value.value).days > HISTORY_DAYS


def is_future(value: DateValue | None, *, published: date | None) -> bool:
    """An event dated after publication has not happened yet (a schedule, a deadline)."""
    if value is None or published is None:
        return False
    if value.precision == "day":
        return value.value > published
    if value.precision == "month":
        return (value.value.year, value.value.month) > (published.year, published.month)
    return value.value.year > published.year


def has_background_period(tokens: list[Token]) -> bool:
    """"during the war", "throughout the occupation", "in the 1990s": a generic, historical frame."""
    for token in tokens:
        if token.dep_ == "prep" and token.lower_ in ("during", "throughout", "over"):
            for pobj in token.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in _PERIOD_NOUNS:
                    if not any(c.lower_ in ("past", "last") for c in pobj.children):
                        return True
    # A decade ("the 1990s") or "pre-9/11" lies inside one token, so the article's text holds one of
    # _DECADE_CUES: most articles hold none, and their tokens need not be joined and searched.
    if not tokens:
        return False
    article = text_of(tokens[0].doc)
    if not any(cue in article for cue in _DECADE_CUES):
        return False
    text = " ".join([t.text for t in tokens])
    return bool(_DECADE.search(text))
