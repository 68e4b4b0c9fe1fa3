"""Dates in news text: find them, and resolve them against the publication date.

News dates are mostly relative ("on Saturday", "yesterday", "last month"), so a
date is only as good as the publication date it is read against. The rules
below are the conventions of English news writing (AP style: weekday names for
the seven days around the publication date; "yesterday"/"today" in press
releases), checked on the ISAF press releases (``corpus/isaf/dev.jsonl``).

Decisions (each one a convention, documented so that a reader of the graph can
interpret a date):

- A bare weekday ("Saturday", "on Saturday", "late Tuesday", "Saturday night")
  is the most recent such day *on or before* publication; the publication
  weekday itself means the publication day. AP style names the weekday for
  events within the last seven days, and in the ISAF dev releases every one of
  the 6 weekday mentions that equal the dateline's weekday is coded as the
  dateline day itself. "last Saturday" is strictly before publication (a week
  back if published on a Saturday); "next Saturday" strictly after.
- Future: when the nearest tense marker around the expression in its sentence is
  a future one ("will", "is expected to", "scheduled", "plans to", ...), or the
  expression says "next"/"this"/"coming", a weekday or a yearless date is the
  next such day on or after publication, a month the next such month.
- A yearless day ("Aug. 7", "September 11") is the most recent one on or before
  publication (future: the next on or after); a bare month ("in June") the most
  recent such month that has begun by publication.
- "last night", "overnight" -> the day before publication (the night began
  then); "tonight", "this morning", "today" -> publication day.
- Only single days, months and years are dates: spans ("last week", "this
  week", "the past 24 hours", "in recent days", "N weeks ago"), decades
  ("the 1990s") and durations ("20 years") give None, because a week has no
  precision in ``DateValue`` and any single day chosen for it would be a
  fabrication. "N days ago" is a day, "N months ago" a month, "N years ago" a
  year.
- Expressions anchored on another event ("the next day", "two days after the
  attack", "before June") give None: the publication date is not their anchor.
- Without a publication date, relative expressions and yearless dates give None;
  dates with a year still resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from newskg.loaders.records import DateValue

_MONTH_NAMES = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WEEKDAY_NAMES = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

_NB = r"(?![A-Za-z0-9])"  # no word character follows
_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    + _NB + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|" + _NB + "))"
)
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)(?!\d|s\b)"  # not "the 1990s"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)" + _NB
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_SMALL = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def _letters(names: Iterable[str], position: int) -> str:
    """The letters the names have at ``position``, upper case (read with case ignored, like the patterns)."""
    return "".join(sorted({name[position] for name in names})).upper()


# The first and the second letters of the names, from the tables the matches are read with.
_MONTH_FIRST, _MONTH_SECOND = _letters(_MONTH_NAMES, 0), _letters(_MONTH_NAMES, 1)
_WEEKDAY_FIRST, _WEEKDAY_SECOND = _letters(_WEEKDAY_NAMES, 0), _letters(_WEEKDAY_NAMES, 1)
_EDGE_FIRST, _EDGE_SECOND = "EMLT", "AIH"  # early, mid, late, the end/beginning/middle of

# Each grammar entry: (kind, opening, pattern). Order matters: longer forms first. ``opening``
# holds character classes (case ignored): every match begins with a character of the first, then
# one of the second. A pattern is compiled behind a look-ahead for its opening, so that a scan tries
# the whole pattern only where a match can start. Most positions of a sentence cannot start one,
# and trying every alternative of the optional prefixes ("last", "early", a weekday name) and of
# the month names at each of them is what a scan spent its time on: over the 3,002 sentences of the
# benchmark corpus, the scans the cues below let run took 0.135 s without look-aheads, 0.061 s with
# the first character's, 0.034 s with the first two. tests/test_dates.py checks every opening
# against its pattern.
_GRAMMAR: list[tuple[str, tuple[str, ...], str]] = [
    ("iso", ("12",), r"(?P<year>(?:1[6-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
    ("month_day", (_WEEKDAY_FIRST + _MONTH_FIRST, _WEEKDAY_SECOND + _MONTH_SECOND),
     r"(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s*" + _DAY + r"(?:,?\s+" + _YEAR + r")?"),
    ("day_month", (_WEEKDAY_FIRST + "T0-9",),
     r"(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?"),
    ("month_year", (_EDGE_FIRST + _MONTH_FIRST, _EDGE_SECOND + _MONTH_SECOND),
     r"(?:(?P<edge>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
     + _MONTH + r",?\s+(?:of\s+)?" + _YEAR),
    ("relative_day", ("TYELO", "AEHOV"),
     r"(?P<rel>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
     r"(?:\s+(?:morning|afternoon|evening))?|(?:early\s+|late\s+|earlier\s+|later\s+)?today"
     r"(?:\s+(?:morning|afternoon|evening))?|tonight|tomorrow(?:\s+(?:morning|afternoon|evening|night))?"
     r"|last\s+night|overnight|this\s+(?:morning|afternoon|evening))" + _NB),
    ("ago", (r"\dAOTFSEN",), _SMALL + r"\s+(?P<unit>day|month|year)s?\s+ago" + _NB),
    ("relative_period", ("LTNE", "AEH"),
     r"(?P<which>last|this|next|earlier\s+this|later\s+this|early\s+this|late\s+this"
     r"|earlier\s+last|late\s+last|early\s+last|early\s+next|late\s+next)\s+(?P<unit>month|year)" + _NB),
    ("weekday", ("TLNCPE" + _WEEKDAY_FIRST, "AEHO" + _WEEKDAY_SECOND),
     r"(?:(?P<mod>this\s+past|last|next|this|coming|past|early|late|earlier|later)\s+)?" + _WEEKDAY + _PART),
    ("month", ("LNTEM" + _MONTH_FIRST, "AEHI" + _MONTH_SECOND),
     r"(?:(?P<which>last|next|this|early|mid|late|the\s+end\s+of|the\s+beginning\s+of"
     r"|the\s+middle\s+of)[\s-]+)?" + _MONTH),
    ("year", (_EDGE_FIRST + "12", _EDGE_SECOND + "06-9"),
     r"(?:(?P<edge>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?" + _YEAR),
]
_COMPILED = [
    (kind, re.compile("(?=" + "".join(f"[{letters}]" for letters in opening) + f")(?:{pattern})", re.IGNORECASE))
    for kind, opening, pattern in _GRAMMAR
]

# What a grammar entry cannot match without, a bit each: an ASCII digit; the digits a year begins
# with; one of a group's words in the case-folded text. A scan of running text runs only the
# entries whose cues are there: most sentences name no month and no weekday, and each pattern scans
# the whole sentence. A weekday entry's cue is a weekday's name: "day" alone is in a fifth of the
# sentences the rules ask about ("today", "days"); over the 3,002 such sentences of the benchmark
# corpus, the weekday pattern's scans took 0.06-0.07 s of the patterns' 0.32-0.37 s, and 0.01-0.02 s
# with the names. The cues are bits of one int, so that checking an entry costs one comparison:
# with a dict of cue groups and an all() per entry, the check took 0.05 s over those sentences.
_DIGIT, _YEAR_DIGITS, _MONTH_NAME, _WEEKDAY_NAME, _DAY_WORD, _AGO, _PERIOD_WORD = (1 << bit for bit in range(7))
_WORD_CUES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (_MONTH_NAME, tuple(sorted({name[:3] for name in _MONTH_NAMES}))),  # every month name starts with one
    (_WEEKDAY_NAME, tuple(_WEEKDAY_NAMES)),
    # "this" only before a part of the day: "this" alone, in 83 of those sentences, ran the pattern for nothing
    (_DAY_WORD, ("today", "yesterday", "night", "tomorrow", "morning", "evening", "afternoon")),
    (_AGO, ("ago",)),
    (_PERIOD_WORD, ("month", "year")),
)
_NEEDS = {
    "iso": _YEAR_DIGITS,
    "month_day": _DIGIT | _MONTH_NAME,
    "day_month": _DIGIT | _MONTH_NAME,
    "month_year": _YEAR_DIGITS | _MONTH_NAME,
    "relative_day": _DAY_WORD,
    "ago": _AGO,
    "relative_period": _PERIOD_WORD,
    "weekday": _WEEKDAY_NAME,
    "month": _MONTH_NAME,
    "year": _YEAR_DIGITS,
}
_CUED_GRAMMAR = [(kind, pattern, _NEEDS[kind]) for kind, pattern in _COMPILED]
_ASCII_DIGIT = re.compile(r"[0-9]")
_YEAR_START = re.compile(r"(?:1[6-9]|20)\d\d")  # what _YEAR and an ISO date begin with
# A month name as _MONTH reads it, but capitalised: the only month running text keeps.
_CAPITALISED_MONTH = re.compile(r"(?=(?-i:[" + _MONTH_FIRST + r"]))" + _MONTH, re.IGNORECASE)


def _folded(text: str) -> str:
    """``text`` case-folded so that a word a pattern matches (case ignored) is in it in lower case.

    ``re.IGNORECASE`` also takes the dotless "ı" and the dotted "İ" for an "i", which case
    folding keeps as "ı" and as "i" with a combining dot: without them, a cue ("Frıday",
    "tonıght") would be missed where its pattern matches.
    """
    folded = text.casefold()
    return folded if folded.isascii() else folded.replace("ı", "i").replace("i\u0307", "i")


def _cued(text: str, *, running_text: bool = False) -> list[tuple[str, re.Pattern[str]]]:
    """The grammar entries whose cues ``text`` holds, in grammar order (each cue read once).

    In ``running_text`` the month entries also need a capitalised month name: ``_plausible_in_text``
    keeps no match whose month is in lower case ("may", "march" the verbs). Over the 3,002 sentences
    of the benchmark corpus, the month entry's cue is in 736 and a capitalised month name in 655.
    """
    folded = _folded(text)
    held = 0
    if _ASCII_DIGIT.search(text):
        held = _DIGIT | _YEAR_DIGITS if _YEAR_START.search(text) else _DIGIT
    for cue, words in _WORD_CUES:
        for word in words:  # a loop, not any() over a generator: a quarter cheaper here
            if word in folded:
                held |= cue
                break
    if running_text and held & _MONTH_NAME and not _CAPITALISED_MONTH.search(text):
        held ^= _MONTH_NAME
    return [(kind, pattern) for kind, pattern, needs in _CUED_GRAMMAR if held & needs == needs]


# Found in running text only after one of these words: a bare month name is too
# often a verb ("may", "march") and a bare four-digit number too often a count.
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|by|until|till|during|of|from|before|after|through|throughout|year)"
    r"|\()\s*$",
    re.IGNORECASE,
)
_MONTH_CONTEXT = re.compile(r"\b(?:in|since|by|until|till|during|of|from|before|after|through|throughout)\s+$",
                            re.IGNORECASE)
_LEADING_WORDS = re.compile(r"^(?:(?:on|in|during|at|of)\s+)+", re.IGNORECASE)
_ANCHORED = re.compile(r"\b(?:before|after|since|until|till|following|previous|prior|later|earlier)\b"
                       r"(?!\s+(?:this|today|last|that)\b)", re.IGNORECASE)
_TIME_OF_DAY = re.compile(
    r"(?:\b(?:at|around|about|approximately)\s+)*\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"(?:\s+local\s+time)?|\b\d{4}\s+(?:hours|hrs|GMT|UTC)\b|\blocal\s+time\b|\bnoon\b|\bmidnight\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|wo\s+n't|is\s+(?:expected|scheduled|due|set|planned|slated)\s+to"
    r"|are\s+(?:expected|scheduled|due|set|planned|slated)\s+to|(?:expected|scheduled|slated|planned)\s+(?:to|for|on)"
    r"|plans?\s+to|planning\s+to|intends?\s+to|going\s+to|upcoming|forthcoming)\b|'ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|took|came|went|began|saw|made|gave|fell|held|left|met|fought"
    r"|struck|shot|seized|stormed|launched|(?-i:[a-z]{2,}ed))\b",
    re.IGNORECASE,
)


class _Parsed(NamedTuple):  # a tuple: a frozen dataclass sets each of its seven fields through object.__setattr__
    """A date expression read without its anchor: what resolution needs (one per date a scan keeps)."""

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0  # days/months/years from publication (relative kinds)
    modifier: str = ""


def _month_number(token: str) -> int:
    key = _folded(token).rstrip(".")
    return _MONTH_NAMES.get(key) or _MONTH_NAMES[key[:3]]


def _interpret(kind: str, match: re.Match[str]) -> _Parsed | None:
    """Turn one grammar match into a _Parsed; None when the fields are not a real date.

    Words are read folded (``_folded``), not lowered: the patterns ignore case as ``re.IGNORECASE``
    does, which also takes "ı", "İ", "ſ" and the Kelvin sign for ASCII letters, and a match read
    with ``lower()`` ("Frıday", "laſt month") found no name in the tables (a KeyError that failed
    the whole article's extraction).
    """
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "iso":
        return _checked(_Parsed("day", year=year, month=int(groups["m"]), day=int(groups["day"])))
    if kind in ("month_day", "day_month"):
        return _checked(_Parsed("day", year=year, month=_month_number(groups["month"]), day=int(groups["day"])))
    if kind == "month_year":
        return _Parsed("month", year=year, month=_month_number(groups["month"]))
    if kind == "year":
        return _Parsed("year", year=year)
    if kind == "month":
        which = " ".join(_folded(groups.get("which") or "").split())
        return _Parsed("month", month=_month_number(groups["month"]), modifier=which)
    if kind == "weekday":
        modifier = " ".join(_folded(groups.get("mod") or "").split())
        return _Parsed("weekday", weekday=_WEEKDAY_NAMES[_folded(groups["weekday"])], modifier=modifier)
    if kind == "relative_day":
        rel = " ".join(_folded(groups["rel"]).split())
        if rel.startswith("the day before"):
            return _Parsed("relative_day", offset=-2)
        if rel.startswith("the day after"):
            return _Parsed("relative_day", offset=2)
        if rel.startswith("yesterday") or rel in ("last night", "overnight"):
            return _Parsed("relative_day", offset=-1)
        if rel.startswith("tomorrow"):
            return _Parsed("relative_day", offset=1)
        return _Parsed("relative_day", offset=0)
    if kind == "ago":
        word = _folded(groups["n"])
        n = int(word) if word.isdigit() else _SMALL_NUMBERS[word]
        unit = _folded(groups["unit"])
        return _Parsed({"day": "relative_day", "month": "relative_month", "year": "relative_year"}[unit], offset=-n)
    if kind == "relative_period":
        which = _folded(groups["which"]).split()[-1]
        offset = {"last": -1, "this": 0, "next": 1}[which]
        return _Parsed("relative_" + _folded(groups["unit"]), offset=offset)
    raise ValueError(f"unknown date grammar kind {kind!r}")


def _checked(parsed: _Parsed) -> _Parsed | None:
    """Reject impossible calendar days (Feb. 30); a yearless Feb. 29 is checked at resolution."""
    try:
        date(parsed.year or 2000, parsed.month or 1, parsed.day or 1)
    except ValueError:
        return None
    return parsed


def _parse_whole(expression: str) -> _Parsed | None:
    """Read an expression that is entirely one date (an entity's text)."""
    text = " ".join(expression.replace("\u2019", "'").split())
    text = _TIME_OF_DAY.sub(" ", text)
    text = " ".join(text.strip(" ,.;:-–—").split())
    text = re.sub(r"'s$", "", text)
    text = _LEADING_WORDS.sub("", text)
    if not text:
        return None
    for kind, pattern in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            return _interpret(kind, match)
    return None


def _is_future(expression: str, sentence: str) -> bool:
    """Whether the tense marker nearest the expression in its sentence is a future one.

    The nearest marker on the left wins ("said on Saturday they will attack":
    "said" is nearest to "on Saturday"); with none on the left, the nearest on
    the right ("On Monday, ministers will meet").
    """
    if not sentence:
        return False
    at = sentence.find(expression)
    if at < 0:
        at = sentence.lower().find(expression.lower())
    if at < 0:
        return bool(_FUTURE.search(sentence)) and not _PAST.search(sentence)
    left, right = sentence[:at], sentence[at + len(expression):]
    before = _tense_markers(left)
    if before:
        return before[-1][1] == "future"
    after = _tense_markers(right)
    return bool(after) and after[0][1] == "future"


def _tense_markers(text: str) -> list[tuple[int, str]]:
    """Tense markers in text order; a participle after "be"/"been" ("will be held") is no past marker."""
    futures = [(m.start(), m.end()) for m in _FUTURE.finditer(text)]
    markers = [(start, "future") for start, _ in futures]
    for match in _PAST.finditer(text):
        inside = any(start <= match.start() < end for start, end in futures)
        passive = re.search(r"\b(?:be|been|being)\s+$", text[: match.start()], re.IGNORECASE)
        if not inside and not passive:
            markers.append((match.start(), "past"))
    return sorted(markers)


def _yearless_day(month: int, day: int, published: date, *, future: bool) -> date | None:
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # Feb. 29 outside leap years
            continue
    if future:
        after = [c for c in candidates if c >= published]
        return min(after) if after else None
    before = [c for c in candidates if c <= published]
    return max(before) if before else None


def _month_start(year: int, month: int, shift: int) -> date:
    index = year * 12 + (month - 1) + shift
    return date(index // 12, index % 12 + 1, 1)


def _resolve_parsed(parsed: _Parsed, published: date | None, *, future: bool) -> tuple[date, str] | None:
    if parsed.kind == "day" and parsed.year is not None:
        return date(parsed.year, parsed.month, parsed.day), "day"
    if parsed.kind == "month" and parsed.year is not None:
        return date(parsed.year, parsed.month, 1), "month"
    if parsed.kind == "year":
        return date(parsed.year, 1, 1), "year"
    if published is None:
        return None
    if parsed.kind == "day":
        found = _yearless_day(parsed.month, parsed.day, published, future=future)
        return (found, "day") if found else None
    if parsed.kind == "month":
        if parsed.modifier in ("next", "this") or future:
            shift = (parsed.month - published.month) % 12
            if parsed.modifier == "next" and shift == 0:
                shift = 12
        else:
            shift = -((published.month - parsed.month) % 12)
            if parsed.modifier == "last" and shift == 0:
                shift = -12
        return _month_start(published.year, published.month, shift), "month"
    if parsed.kind == "weekday":
        return _resolve_weekday(parsed, published, future=future), "day"
    if parsed.kind == "relative_day":
        return published + timedelta(days=parsed.offset), "day"
    if parsed.kind == "relative_month":
        return _month_start(published.year, published.month, parsed.offset), "month"
    if parsed.kind == "relative_year":
        return date(published.year + parsed.offset, 1, 1), "year"
    raise ValueError(f"unknown parsed kind {parsed.kind!r}")


def _resolve_weekday(parsed: _Parsed, published: date, *, future: bool) -> date:
    back = (published.weekday() - parsed.weekday) % 7
    ahead = (parsed.weekday - published.weekday()) % 7
    if parsed.modifier in ("last", "this past", "past"):
        return published - timedelta(days=back or 7)
    if parsed.modifier == "next":
        return published + timedelta(days=ahead or 7)
    if parsed.modifier in ("this", "coming") or future:
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


@lru_cache(maxsize=4096)  # an event's date and the dates events inherit ask about the same expressions again
def resolve_date(expression: str, *, published: date | None, sentence: str = "") -> DateValue | None:
    """The calendar date an expression denotes, read against the publication date.

    ``expression`` is a date entity's text ("on Saturday", "Aug. 7", "late
    Tuesday night"); when it is not one date as a whole ("the night of Aug. 7",
    "Saturday, when"), the first date expression inside it is used, unless the
    expression is anchored on something else ("two days after June 5").
    ``sentence`` decides past or future for weekdays and yearless dates.
    """
    parsed = _parse_whole(expression)
    if parsed is None:
        if _ANCHORED.search(expression):
            return None
        found = find_date_expressions(expression)
        if not found:
            return None
        parsed = _parse_whole(found[0][2])
        if parsed is None:
            return None
    resolved = _resolve_parsed(parsed, published, future=_is_future(expression, sentence))
    if resolved is None:
        return None
    value, precision = resolved
    return DateValue(value=value, precision=precision, text=expression)


@lru_cache(maxsize=4096)
def find_date_expressions(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Spans of the date expressions in a sentence that ``resolve_date`` can resolve.

    Spans leave out a leading preposition ("on", "in"). Bare month names and
    bare years count only after a preposition ("in June", "since 2016"), so
    "may" the verb and "2016 insurgents" are not dates. Cached: the event rules
    ask again for every candidate event of a sentence, and a scan runs every
    pattern over the sentence.
    """
    return _scan(sentence, _cued(sentence, running_text=True))


def _scan(sentence: str, entries: list[tuple[str, re.Pattern[str]]]) -> tuple[tuple[int, int, str], ...]:
    """The date expressions the grammar ``entries`` find in running text (see find_date_expressions)."""
    taken: list[tuple[int, int, str]] = []
    for kind, pattern in entries:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if start > 0 and (sentence[start - 1].isalnum() or sentence[start - 1] in "-/"):
                continue
            if any(s < end and start < e for s, e, _ in taken):
                continue
            if not _plausible_in_text(kind, match, sentence):
                continue
            if _interpret(kind, match) is None:
                continue
            taken.append((start, end, sentence[start:end]))
    return tuple(sorted(taken))


def _plausible_in_text(kind: str, match: re.Match[str], sentence: str) -> bool:
    """Guards for running text that an entity's text (already a date) does not need."""
    groups = match.groupdict()  # a new dict at each call: read once
    month = groups.get("month")
    if month and not month[0].isupper():
        return False
    weekday = groups.get("weekday")
    if weekday and not weekday[0].isupper():
        return False
    before = sentence[: match.start()]
    if kind == "year" and not match.group("edge"):
        return bool(_YEAR_CONTEXT.search(before))
    if kind == "month" and not match.group("which"):
        return bool(_MONTH_CONTEXT.search(before))
    return True


# --------------------------------------------------------------------------- datelines

_LABELLED = re.compile(
    r"(?im)^\s*(?:date|published|posted|updated|last\s+updated|first\s+published)\s*(?:on\b|:)?\s*(?P<rest>.{6,40})"
)
_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,40})?\s*[,(]\s*(?P<rest>[^)\n]{3,40}?)\s*"
    r"(?:\)|\((?:AP|AFP|Reuters|Xinhua|IANS|PTI|dpa|Anadolu|TASS|Sputnik|UPI|KUNA)\)|\s[-–—])"
)
_TITLE_DAY = re.compile(r"^\s*(?P<rest>[A-Z][a-z]{2,8}\.?\s+\d{1,2})\s*:", re.MULTILINE)
_REFERENCE = re.compile(r"(?m)^\s*(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-[A-Z]{1,3}\s*[-–]\s*\d+")
_HEADER_LINES = 12
_SHORT_LINE = 60


def _head(text: str) -> str:
    return "\n".join(text.lstrip().splitlines()[:_HEADER_LINES])


def find_reference_month(text: str) -> date | None:
    """The first day of the month of a release reference header such as "2011-01-S-115"."""
    match = _REFERENCE.search(_head(text))
    if not match:
        return None
    return date(int(match.group("year")), int(match.group("month")), 1)


def _first_day(fragment: str) -> _Parsed | None:
    for start, end, found in find_date_expressions(fragment):
        parsed = _parse_whole(found)
        if parsed is not None and parsed.kind == "day":
            return parsed
    return None


def _with_year(parsed: _Parsed, head: str) -> date | None:
    """A yearless dateline day gets the year that puts it nearest the release reference month.

    Other years near the top of a text (in a teaser, a byline, a tag list) are
    too often not the publication year to stand in for it.
    """
    if parsed.year is not None:
        return date(parsed.year, parsed.month, parsed.day)
    anchor = find_reference_month(head)
    if anchor is None:
        return None
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, parsed.month, parsed.day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best


def opens_with_dateline(line: str) -> bool:
    """Whether a line opens with a dated dateline ("KABUL, Afghanistan (Aug. 20, 2012) -"): a new report begins.

    Files and feeds that hold several releases start each with one, and what a
    report says is not the context of the report before it.
    """
    match = _DATELINE.match(line)
    return match is not None and _first_day(match.group("rest")) is not None


def find_dateline(text: str) -> date | None:
    """The publication date an article states at its top, when it states one to the day.

    Looks, in order, at a labelled date ("date 2021-08-08", "Published: ..."),
    a dateline ("KABUL, Afghanistan (Jan. 10, 2011) –", "KABUL, Aug 8 (Reuters) -"),
    a title that opens with a day ("Dec. 6: Operations ...", "Operational Update,
    Jan. 10, 2011"), a line that is only a date, and a short header line with
    a full date ("Sun 8 Aug 2021 10.30 BST"). A yearless day takes its year
    from a reference header ("2011-01-S-115") or another year in the header.
    A month alone is not a publication day: see ``find_reference_month``.
    """
    head = _head(text)
    fragments: list[str] = []
    fragments += [m.group("rest") for m in _LABELLED.finditer(head)]
    fragments += [m.group("rest") for m in _DATELINE.finditer(head)]
    fragments += [m.group("rest") for m in _TITLE_DAY.finditer(head)]
    lines = head.splitlines()
    if lines and len(lines[0]) <= 120:  # a title, not a body paragraph
        fragments.append(lines[0])
    fragments += [line for line in lines if _parse_whole(line.strip()) is not None]
    for fragment in fragments:
        parsed = _first_day(fragment)
        if parsed is not None:
            found = _with_year(parsed, head)
            if found is not None:
                return found
    for line in lines:  # a short header line with a full date: "Sun 8 Aug 2021 10.30 BST"
        parsed = _first_day(line) if len(line.strip()) <= _SHORT_LINE else None
        if parsed is not None and parsed.year is not None:
            return date(parsed.year, parsed.month, parsed.day)
    return None
