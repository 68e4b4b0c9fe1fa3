"""Quotations found from the quote marks of the raw text.

The sentence splitter cuts quotations of several sentences, and news style
continues a quotation over paragraphs by leaving a paragraph unclosed and
reopening the next one. Scanning the marks over the whole text keeps such a
quotation in one piece. Straight quotes carry no direction, so their direction
is read from the characters beside them; an opening mark met while a quotation
is open continues it (a paragraph or sentence reopened by a translator or an
editor), it does not nest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_DOUBLE_OPEN = "“«"
_DOUBLE_CLOSE = "”»"
_STRAIGHT = '"'
_OPENING_CONTEXT = "([{—–-/:"
_DIRECT_SHARE = 0.9  # share of quoted words from which a claim is a quotation
_TWEET_SIGNATURE = re.compile(
    r"[—–-]{1,2}\s*(?P<name>[^\n—–()@]{2,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})\s*$",
)
_TWEET_TRAILER = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")


@dataclass(frozen=True)
class Quote:
    """A quotation: its opening mark, closing mark (None when left open) and quoted segments.

    A quotation continued over paragraphs or reopened mid-way has several
    segments; the marks between them are not part of what was said.
    """

    open: int
    close: int | None
    segments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def find_quotes(text: str) -> list[Quote]:
    """Double-quoted quotations ('"', “ ”, « ») and single-quoted ones (‘ ’, ') in text order."""
    doubles = _double_quotes(text)
    return sorted(doubles + _single_quotes(text, doubles), key=lambda q: q.open)


def quote_at(quotes: list[Quote], position: int) -> Quote | None:
    """The quotation whose quoted words contain the character at ``position``."""
    for quote in quotes:
        if quote.open <= position < (quote.close if quote.close is not None else quote.end + 1):
            if any(start <= position < end for start, end in quote.segments):
                return quote
    return None


def widen_to_quotes(quotes: list[Quote], text: str, start: int, end: int) -> tuple[tuple[int, int], bool]:
    """A content span widened to the quotations it touches, and whether it is a direct quotation.

    The sentence splitter cuts a quotation of several sentences, so a reported
    clause found by the parse may hold only its last sentence. A content
    (nearly) all in quotes is direct: its quoted words without their marks.
    An indirect one keeps the marks of the phrases it quotes, balanced.
    """
    touched = [q for q in quotes if q.start < end and start < q.end]
    if not touched:
        return (start, end), False
    start, end = min(start, touched[0].start), max(end, touched[-1].end)
    if quoted_share(quotes, start, end, text) >= _DIRECT_SHARE:
        return _strip_edges(text, touched[0].start, touched[-1].end), True
    for quote in touched:
        if quote.close is not None and start <= quote.end <= end:
            end = max(end, quote.close + 1)
        if start <= quote.start <= end:
            start = min(start, quote.open)
    return (start, end), False


def closing_mark(quotes: list[Quote], end: int) -> int:
    """Position after the closing mark of the quotation ending at ``end`` (or ``end``)."""
    for quote in quotes:
        if quote.end == end and quote.close is not None:
            return quote.close + 1
    return end


@dataclass(frozen=True)
class Tweet:
    """An embedded tweet: its text, the signing name, the "(@handle)", where its line ends and the
    date it was posted, as signed ("August 7, 2021")."""

    body: tuple[int, int]
    name: tuple[int, int]
    handle: tuple[int, int]
    end: int
    posted: str


@lru_cache(maxsize=8)
def find_tweets(text: str) -> tuple[Tweet, ...]:
    """Paragraphs ending "— Name (@handle) Month D, YYYY", the form embedded tweets take in article text.

    Cached: the claims (the tweet as a claim) and the dates (the day it was posted) both read an
    article's tweets, and the scan reads every line of the article.
    """
    tweets = []
    offset = 0
    for line in text.split("\n"):
        match = _TWEET_SIGNATURE.search(line)
        if match:
            body = _TWEET_TRAILER.sub("", line[: match.start()])
            start, end = offset + len(body) - len(body.lstrip()), offset + len(body.rstrip())
            if end > start:
                tweets.append(Tweet(
                    body=(start, end),
                    name=(offset + match.start("name"), offset + match.end("name")),
                    handle=(offset + match.start("handle") - 2, offset + match.end("handle") + 1),
                    end=offset + len(line),
                    posted=match.group("date"),
                ))
        offset += len(line) + 1
    return tuple(tweets)


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _MARKS or text[start] == "'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKS or text[end - 1] in ",;:'"):
        end -= 1
    return start, end


def quoted_share(quotes: list[Quote], start: int, end: int, text: str) -> float:
    """Share of the words of text[start:end] that lie inside quotations.

    Words, not characters: '"it “violates human rights”"' is a paraphrase with
    a quoted phrase (3 of 4 words), not a quotation.
    """
    words = [m.start() + start for m in _WORD.finditer(text[start:end])]
    if not words:
        return 0.0
    inside = sum(1 for w in words if quote_at(quotes, w) is not None)
    return inside / len(words)


_WORD = re.compile(r"[^\s“”\"«»‘’']+")
_MARKS = set(_DOUBLE_OPEN + _DOUBLE_CLOSE + _STRAIGHT + "‘’")


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in _OPENING_CONTEXT or before in _MARKS) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    return i > 0 and not text[i - 1].isspace()


def _next_visible(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


class _Builder:
    """Segments of the quotation being read."""

    def __init__(self, open_at: int, straight: bool) -> None:
        self.open = open_at
        self.straight = straight
        self.segments: list[tuple[int, int]] = []
        self.segment_start = open_at + 1

    def cut(self, text: str, end: int) -> None:
        start, stop = self.segment_start, end
        while start < stop and text[start].isspace():
            start += 1
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            self.segments.append((start, stop))

    def build(self, close: int | None) -> Quote | None:
        return Quote(open=self.open, close=close, segments=tuple(self.segments)) if self.segments else None


# Only these characters change the state of a scan; the scans jump from one to the next
# (a character-by-character loop over every article's text cost more than the rest of the quote finding).
_DOUBLE_STOPS = re.compile("[\n" + re.escape(_DOUBLE_OPEN + _DOUBLE_CLOSE + _STRAIGHT) + "]")
_SINGLE_STOPS = re.compile("[\n‘’']")


def _double_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    current: _Builder | None = None
    i = 0
    while (stop := _DOUBLE_STOPS.search(text, i)) is not None:
        i = stop.start()
        ch = text[i]
        if ch == "\n":
            if current is not None:
                current.cut(text, i)
                after = _next_visible(text, i)
                if after < len(text) and (text[after] in _DOUBLE_OPEN or (text[after] == _STRAIGHT and _can_open(text, after))):
                    current.segment_start = after + 1  # the next paragraph continues the quotation
                    i = after + 1
                    continue
                if not current.straight:  # a curly quotation left open ends with its paragraph
                    _keep(quotes, current.build(None))
                current = None
        elif current is None:
            if ch in _DOUBLE_OPEN or (ch == _STRAIGHT and _can_open(text, i)):
                current = _Builder(i, ch == _STRAIGHT)
        elif current.straight and ch == _STRAIGHT:
            current.cut(text, i)
            if not _can_close(text, i) and _can_open(text, i):
                current.segment_start = i + 1  # reopened while open: the quotation goes on
            else:
                _keep(quotes, current.build(i))
                current = None
        elif not current.straight and ch in _DOUBLE_OPEN:
            current.cut(text, i)
            current.segment_start = i + 1
        elif not current.straight and ch in _DOUBLE_CLOSE:
            current.cut(text, i)
            _keep(quotes, current.build(i))
            current = None
        i += 1
    if current is not None and not current.straight:
        current.cut(text, len(text))
        _keep(quotes, current.build(None))
    return quotes


def _keep(quotes: list[Quote], quote: Quote | None) -> None:
    if quote is not None:
        quotes.append(quote)


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    """Single-quoted words outside double quotes; apostrophes ("don’t", "militants’") are not marks."""
    # Single marks pair up only within one paragraph, outside double quotes: inside a double
    # quotation every character ends a single one as a line break does, so it is read as one.
    masked = text
    if doubles:
        pieces, position = [], 0
        for quote in doubles:
            first, last = max(quote.open, position), (quote.close if quote.close is not None else quote.end) + 1
            if last > first:
                pieces += [text[position:first], "\n" * (last - first)]
                position = last
        masked = "".join(pieces) + text[position:]
    quotes: list[Quote] = []
    current: _Builder | None = None
    for stop in _SINGLE_STOPS.finditer(masked):
        i = stop.start()
        ch = masked[i]
        if ch == "\n":
            current = None
            continue
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in "‘'" and current is None and _can_open(text, i) and after.isalnum():
            current = _Builder(i, ch == "'")
        elif ch in "’'" and current is not None and _can_close(text, i) and not after.isalnum():
            current.cut(text, i)
            _keep(quotes, current.build(i))
            current = None
    return quotes
