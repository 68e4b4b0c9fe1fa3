"""Counts of people and things in news text ("at least 143 insurgents", "several suspected insurgents").

A casualty or detention figure in news is rarely a bare number: it comes with a
qualifier ("at least", "more than", "some") or is a vague word ("several",
"dozens"). ``Count.minimum`` is the figure to tabulate, ``Count.qualifier`` how
to read it:

- "exact": a number as written ("143", "two", "a", "one", "another", "both").
- "at least": "at least N", "no fewer than N"; and ranges ("10 to 15",
  "two or three", "between 10 and 15") -> the lower end.
- "more than": "more than N", "over N", "upwards of N" -> N + 1, as the ISAF
  annotators code it: of the 8 dev releases where "more than N" counts the
  people killed or detained, 5 have N + 1 ("more than 10 suspects" -> 11,
  "more than 30 insurgents were killed" -> 31) and none has N; the other 3
  (smaller figures) look like annotation slips.
- "about": "about/around/approximately/roughly/some/an estimated N", and
  "nearly/almost/close to N" -> N (a point estimate near N, not a bound); "a
  dozen", "two dozen" -> 12, 24.
- "at most": "up to N", "as many as N", "no more than N" -> N (the stated
  ceiling); "fewer than/less than N" -> N - 1.
- "vague": a word for an unstated number, coded with the ISAF annotators'
  minimum where the dev releases show one. Evidence: releases whose only kill
  (or only capture) verb has the word in its direct object, against the gold
  ``min_killed`` / ``min_captured`` (tests/test_numbers.py measures it):
  "several" -> 3 (40 of 41, with "a leader and several associates" -> 1 + 3),
  "multiple" -> 3 (18 of 18), "numerous" -> 4 (9 of 9), "a few" -> 3 (2 of 2;
  also "a few other militants were captured" beside two facilitators -> 5),
  "a number of" -> 3 (2 of 3 releases: "killed a number of insurgents" -> 3),
  "a large number of" -> 5 (1 release), bare "others" / "other militants" ->
  2 (1 of 2: "a Taliban facilitator and other militants" -> 3).
  Words with no dev case take their lexical minimum: "many" -> 4 (as
  "numerous"), "a couple of"/"a pair of" -> 2, "a handful of" -> 3, "dozens" ->
  24, "scores" -> 40, "hundreds"/"100s" -> 200, "thousands" -> 2,000, "tens of
  thousands" -> 20,000; "several hundred" -> 300 (vague times multiplier).
  "more than" before a vague word adds nothing ("more than 100s" -> 200).
- "no"/"zero" -> 0, exact ("no civilians were harmed"): a claim of no victims
  is a figure too.

Not counts: durations ("20 years", "24 hours", "two-day"), ages ("a
25-year-old", "aged 25"), percentages, money, measures ("1,540 pounds"),
ordinals ("3rd", "first"), times ("10 a.m."), dates and years ("in 2016",
"Jan. 10, 2011"), designators ("B-52", "AK-47", "Highway One", "Route 1"),
decades ("the 1990s").
"""

from __future__ import annotations

import re
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from newskg.loaders.dates import find_date_expressions
from newskg.loaders.records import Count

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Plural vague words: two of the unit; "X of" is part of the expression.
_VAGUE_PLURALS = {
    "dozens": 24, "scores": 40, "tens": 20, "hundreds": 200, "thousands": 2_000,
    "millions": 2_000_000, "billions": 2_000_000_000,
}
# Vague words and phrases (lower-cased token tuples) -> ISAF or lexical minimum; longest first.
_VAGUE = sorted({
    ("several",): 3, ("multiple",): 3, ("numerous",): 4, ("many",): 4, ("a", "few"): 3,
    ("a", "number", "of"): 3, ("a", "large", "number", "of"): 5, ("a", "great", "number", "of"): 5,
    ("a", "handful", "of"): 3, ("a", "couple", "of"): 2, ("a", "pair", "of"): 2,
}.items(), key=lambda item: -len(item[0]))
_EXACT_WORDS = sorted({
    ("a", "single"): 1, ("a",): 1, ("an",): 1, ("another",): 1, ("both",): 2, ("no",): 0,
}.items(), key=lambda item: -len(item[0]))
_ARTICLE_LIKE = {"a", "an", "another", "both", "no"}
# (phrase, qualifier, adjustment to the stated number)
_QUALIFIERS = [
    (("at", "least"), "at least", 0), (("no", "fewer", "than"), "at least", 0),
    (("no", "less", "than"), "at least", 0), (("not", "less", "than"), "at least", 0),
    (("a", "minimum", "of"), "at least", 0),
    (("more", "than"), "more than", 1), (("well", "over"), "more than", 1), (("just", "over"), "more than", 1),
    (("over",), "more than", 1), (("upwards", "of"), "more than", 1), (("in", "excess", "of"), "more than", 1),
    (("about",), "about", 0), (("around",), "about", 0), (("approximately",), "about", 0),
    (("roughly",), "about", 0), (("some",), "about", 0), (("an", "estimated"), "about", 0),
    (("estimated",), "about", 0), (("nearly",), "about", 0), (("almost",), "about", 0),
    (("close", "to"), "about", 0), (("just", "under"), "about", 0),
    (("up", "to"), "at most", 0), (("as", "many", "as"), "at most", 0), (("no", "more", "than"), "at most", 0),
    (("not", "more", "than"), "at most", 0), (("at", "most"), "at most", 0),
    (("fewer", "than"), "at most", -1), (("less", "than"), "at most", -1),
    (("a", "total", "of"), "", 0),
]

def _by_first_word(table: list) -> dict[str, list]:
    """A phrase table's rows under their phrase's first word, in table order: a token looks only at its own."""
    rows: dict[str, list] = {}
    for row in table:
        rows.setdefault(row[0][0], []).append(row)
    return rows


_VAGUE_BY_FIRST = _by_first_word(_VAGUE)
_EXACT_WORDS_BY_FIRST = _by_first_word(_EXACT_WORDS)
_QUALIFIERS_BY_FIRST = _by_first_word(_QUALIFIERS)

# "over" after these is a preposition ("took over two districts"), not "more than".
_OVER_AS_PREPOSITION = re.compile(r"(?:ed|en|ing)$|^(?:take|takes|took|hand|hands|turn|turns|control|power|rule)$")
_NOT_COUNTED = {  # a number before these is a duration, measure, money, time or age
    "second", "seconds", "minute", "minutes", "hour", "hours", "hrs", "day", "days", "night", "nights",
    "week", "weeks", "month", "months", "year", "years", "decade", "decades", "century", "centuries",
    "percent", "per", "pct", "%", "percentage", "kilogram", "kilograms", "kg", "kgs", "gram", "grams",
    "pound", "pounds", "lb", "lbs", "ton", "tons", "tonne", "tonnes", "kilometre", "kilometres",
    "kilometer", "kilometers", "km", "mile", "miles", "metre", "metres", "meter", "meters", "feet", "foot",
    "ft", "inch", "inches", "litre", "litres", "liter", "liters", "gallon", "gallons", "acre", "acres",
    "hectare", "hectares", "mm", "cm", "dollars", "dollar", "usd", "euros", "euro", "afghanis", "afghani",
    "afs", "rupees", "rubles", "roubles", "yuan", "a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc",
    "times", "degrees",
}
_MONEY_BEFORE = {"$", "£", "€", "usd", "us$", "rs", "afs", "afn", "eur", "gbp"}
# A number right after these names something ("Route 1", "aged 25"), it counts nothing.
_DESIGNATOR_BEFORE = {
    "highway", "route", "road", "camp", "resolution", "article", "section", "chapter", "flight", "gate",
    "phase", "level", "grade", "zone", "sector", "unit", "brigade", "battalion", "company", "regiment",
    "division", "corps", "squadron", "team", "force", "no.", "number", "room", "building", "block",
    "checkpoint", "post", "base", "station", "page", "line", "precinct", "ward", "aged", "age", "ages",
    "channel", "formula", "version", "model", "type", "class", "category", "tier", "act", "item",
}
_NOT_AFTER = {"no": {"one", "longer", "more", "less", "doubt", "matter", "sooner", "way", "other", "further"},
              "one": {"another", "by", "day", "time", "way"}}
_NOT_BEFORE_OTHER = {"the", "each", "any", "no", "among", "every", "all", "some", "every", "on", "this",
                     "that", "his", "her", "their", "its", "our", "one", "several", "many", "numerous",
                     "multiple", "few", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                     "ten", "additional"}
_NOT_BEFORE_ONE = {"no", "any", "every", "the", "this", "that", "each", "which", "someone", "anyone"}
_DETERMINERS = {"the", "his", "her", "their", "its", "our", "these", "those", "your", "my"}
_BOUNDARIES = {
    "in", "on", "at", "during", "from", "to", "with", "by", "for", "near", "after", "before", "including",
    "across", "along", "against", "throughout", "into", "while", "as", "and", "or", "but", "nor", "a",
    "an", "the", "were", "was", "are", "is", "have", "has", "had", "be", "been", "being", "will", "would",
    "could", "should", "may", "might", "who", "which", "that", "whom", "whose", "when", "where", "than",
    "among", "inside", "outside", "over", "under", "since", "until", "amid", "per", "each", "through",
    "via", "between", "toward", "towards", "around", "about", "also", "reportedly", "allegedly", "not",
    "if", "because", "so", "this", "these", "those", "said", "says", "there", "here", "of", "all", "both",
    "more", "less", "fewer", "most", "than", "such",
}
_PARTICIPLE_MODIFIERS = {"armed", "suspected", "alleged", "wounded", "injured", "unidentified", "detained",
                         "wanted", "trained", "unarmed", "heavily-armed", "killed", "dead", "missing"}
_TOKEN = re.compile(r"[$£€%]|(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:[-'’.,][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
_AGE = re.compile(r"(?:\d+|[a-z]+)-(?:year|month|week|day)s?-old", re.IGNORECASE)
# Compiled once: the module-level re functions look each pattern up in re's cache on every call,
# and the count readers call them some 23,000 times over the 1,396 sentences of the benchmark corpus.
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_HUNDREDS = re.compile(r"10{2,}s")
_NUMBER_SPAN = re.compile(r"(\d{1,4})[-–](\d{1,4})")
_CENTURY = re.compile(r"(?:19|20)\d\d")
_DECIMAL = re.compile(r"\d+\.\d+")
_PARTICIPLE = re.compile(r"[a-z]{2,}(?:ed|ing|en)")
_MAX_HEAD_WORDS = 6


class _Token(NamedTuple):  # a tuple: made for every word of every sentence read, so made cheaply
    start: int
    end: int
    text: str
    low: str  # lowercased, curly apostrophe straightened: every comparison reads this, so it is kept


class _Found(NamedTuple):  # a tuple: a frozen dataclass sets each field through object.__setattr__
    """A count read at a token position, before its text is cut from the input."""

    minimum: int
    qualifier: str
    first: int  # the qualifier's first token (or the number's)
    number: int  # the number's first token
    stop: int  # index after the last token of the count


# A _Token made straight from a tuple: NamedTuple's own __new__ is a Python function, a sixth of
# what reading the tokens of a sentence cost.
_new_token = partial(tuple.__new__, _Token)
_span = re.Match.span


def _tokens(text: str) -> list[_Token]:
    """The tokens of ``text``; each one's lowered form cut from the text lowered once.

    A cut is what lowering the token alone gives when lowering keeps every character one character
    and the text has no capital sigma (the one letter lowered by what surrounds it): every sentence
    of the benchmark corpus. Otherwise each token is lowered alone.
    """
    lowered = text.lower().replace("’", "'")
    if len(lowered) != len(text) or "Σ" in text:
        return [_Token(m.start(), m.end(), m.group(), m.group().lower().replace("’", "'"))
                for m in _TOKEN.finditer(text)]
    return [_new_token((start, end, text[start:end], lowered[start:end]))
            for start, end in map(_span, _TOKEN.finditer(text))]


_LOW = attrgetter("low")


def _lows(tokens: list[_Token], i: int, n: int) -> tuple[str, ...]:
    return tuple(map(_LOW, tokens[i:i + n]))


def _low_at(tokens: list[_Token], i: int) -> str:
    """Token i lowercased, "" past the end (no token is empty): ``_lows(tokens, i, 1)`` without a tuple."""
    return tokens[i].low if i < len(tokens) else ""


def _starts(tokens: list[_Token], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether the tokens from i spell ``phrase``, compared word by word: most stop at the first or second.

    ("a" opens seven phrases; building each one's tuple of words to compare was a tenth of find_counts.)
    """
    if i + len(phrase) > len(tokens):
        return False
    for k, word in enumerate(phrase):
        if tokens[i + k].low != word:
            return False
    return True


def _digits(text: str) -> int | None:
    """The number written in digits ("1,200"); the first character is tested first, as most words are read here.

    (``str.isdecimal`` is true of the characters ``\\d`` matches: both read Unicode's decimal digits.)
    """
    if text[:1].isdecimal() and _DIGITS.fullmatch(text):
        return int(text.replace(",", ""))
    return None


def _word_value(token: _Token) -> int | None:
    """A one-token spelled number: "eight", "twenty", "twenty-five"."""
    parts = token.low.split("-")
    if len(parts) == 1:
        return _UNITS.get(parts[0])
    if len(parts) == 2 and _UNITS.get(parts[0], 0) >= 20 and _UNITS.get(parts[0], 0) % 10 == 0 \
            and 0 < _UNITS.get(parts[1], 0) < 10:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


def _word_number(tokens: list[_Token], i: int) -> tuple[int, int] | None:
    """A spelled-out number from token i ("one hundred and twenty", "a thousand"): (value, next index)."""
    total, current, j, last = 0, 0, i, ""
    if _low_at(tokens, i) in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1].low in _SCALES:
        current, j, last = 1, i + 1, "unit"
    while j < len(tokens):
        value = _word_value(tokens[j])
        low = tokens[j].low
        if value is not None:
            kind = "tens" if value >= 20 and value % 10 == 0 else "unit"
            if last == "unit" or (last == "tens" and (kind == "tens" or value >= 10)):
                break  # "two three" is two numbers
            current, last = current + value, ("unit" if value % 10 or value < 20 else kind)
        elif low in _SCALES and last:
            if _SCALES[low] == 100:
                current = (current or 1) * 100
            else:
                total, current = total + (current or 1) * _SCALES[low], 0
            last = "scale"
        elif low == "and" and last == "scale" and j + 1 < len(tokens) and _word_value(tokens[j + 1]) is not None:
            pass
        else:
            break
        j += 1
    if not last:
        return None
    return total + current, j


def _is_vague_plural(token: _Token) -> bool:
    """ "dozens", "hundreds", "100s" (but not the decade "1990s")."""
    return token.low in _VAGUE_PLURALS or bool(_HUNDREDS.fullmatch(token.low))


def _quantity(tokens: list[_Token], i: int) -> tuple[int, str, int] | None:
    """The number at token i: (value, kind, next index); kind is "exact", "about", "vague" or "range"."""
    if i >= len(tokens):
        return None
    token, low = tokens[i], tokens[i].low
    for phrase, value in _VAGUE_BY_FIRST.get(low, ()):
        if _starts(tokens, i, phrase):
            j = i + len(phrase)
            if j < len(tokens) and tokens[j].low in ("dozen", "hundred", "thousand", "million"):
                scale = 12 if tokens[j].low == "dozen" else _SCALES[tokens[j].low]
                return value * scale, "vague", j + 1  # "several hundred"
            return value, "vague", j
    if _is_vague_plural(token):
        value, j = _VAGUE_PLURALS.get(low) or int(low[:-1]) * 2, i + 1
        if _low_at(tokens, j) == "of" and j + 1 < len(tokens) and tokens[j + 1].low in _VAGUE_PLURALS:
            value, j = value * _VAGUE_PLURALS[tokens[j + 1].low] // 2, j + 2  # "tens of thousands"
        return value, "vague", j
    span = _NUMBER_SPAN.fullmatch(token.text)
    if span and int(span.group(1)) < int(span.group(2)) and not _CENTURY.fullmatch(span.group(1)):
        return int(span.group(1)), "range", i + 1
    number = _digits(token.text)
    if number is None and _DECIMAL.fullmatch(token.text) and _low_at(tokens, i + 1) in (
            "thousand", "million", "billion"):
        return round(float(token.text) * _SCALES[tokens[i + 1].low]), "exact", i + 2
    if number is None:
        spelled = _word_number(tokens, i)
        if spelled is None and low in ("a", "an") and _low_at(tokens, i + 1) == "dozen":
            spelled = (1, i + 1)
        if spelled is None:
            for phrase, value in _EXACT_WORDS_BY_FIRST.get(low, ()):
                if _starts(tokens, i, phrase):
                    return value, "exact", i + len(phrase)
            if low == "others" or (low == "other" and i + 1 < len(tokens) and tokens[i + 1].low.endswith("s")):
                return 2, "vague", i + 1
            return None
        number, j = spelled
    else:
        j = i + 1
        if _low_at(tokens, j) in ("thousand", "million", "billion"):
            number, j = number * _SCALES[tokens[j].low], j + 1
    if _low_at(tokens, j) == "dozen":
        return number * 12, "about", j + 1
    return number, "exact", j


def _qualifier(tokens: list[_Token], i: int) -> tuple[str, int, int]:
    """(qualifier, adjustment, index after it); ("", 0, i) when none."""
    for phrase, qualifier, adjust in _QUALIFIERS_BY_FIRST.get(tokens[i].low if i < len(tokens) else "", ()):
        if _starts(tokens, i, phrase):
            if phrase == ("over",) and i > 0 and _OVER_AS_PREPOSITION.search(tokens[i - 1].low):
                continue
            return qualifier, adjust, i + len(phrase)
    return "", 0, i


def _count_at(tokens: list[_Token], i: int) -> _Found | None:
    """The count that starts at token i, if one does."""
    qualifier, adjust, j = _qualifier(tokens, i)
    between = _low_at(tokens, j) == "between"
    number = j + 1 if between else j
    quantity = _quantity(tokens, number)
    if quantity is None:
        return None
    value, kind, k = quantity
    if qualifier and kind == "exact" and tokens[number].low in _ARTICLE_LIKE:
        return None  # "about a" / "over no": the qualifier is a preposition here
    if kind in ("exact", "about") and k + 1 < len(tokens) and tokens[k].low in ("to", "or", "-", "–", "and"):
        if tokens[k].low != "and" or between:
            other = _quantity(tokens, k + 1)
            if other and other[1] == "exact" and other[0] > value:
                return _Found(value, "at least", i, number, other[2])  # "10 to 15", "between 10 and 15"
    if between:
        return None
    if kind in ("exact", "about") and _lows(tokens, k, 2) == ("or", "more"):
        return _Found(value, "at least", i, number, k + 2)
    if kind == "range":
        return _Found(value, "at least", i, number, k)
    if kind == "vague":
        return _Found(value, "at least" if qualifier == "at least" else "vague", i, number, k)
    if kind == "about":
        return _Found(max(value + adjust, 0), qualifier or "about", i, number, k)
    return _Found(max(value + adjust, 0), qualifier or "exact", i, number, k)


def _rejected(tokens: list[_Token], found: _Found) -> bool:
    """Whether a count is really a duration, age, money, time, designator or pronoun use."""
    first = tokens[found.number]
    after = tokens[found.stop].low if found.stop < len(tokens) else ""
    before = tokens[found.first - 1] if found.first > 0 else None
    before_low = before.low if before else ""
    bare_article = found.stop == found.number + 1 and first.low in ("a", "an", "no")
    if after in _NOT_COUNTED or after.split("-")[0] in _NOT_COUNTED:
        return True
    if _AGE.fullmatch(after) and not bare_article:
        return True  # "25-year-old"; but "a 25-year-old man" is one man
    if after in (":", ".", ",") and found.stop + 1 < len(tokens) and \
            tokens[found.stop + 1].start == tokens[found.stop].end and tokens[found.stop + 1].text[:1].isdigit():
        return True  # 3:30
    if before is not None and before.end == tokens[found.first].start and before.text in "-/#:.,":
        return True  # "-52", "1/2", "3:30"
    if first.text[:1].isdigit() and (
            (before_low == "," and found.first > 1 and tokens[found.first - 2].text[:1].isdigit())
            or (after == "," and found.stop + 1 < len(tokens) and tokens[found.stop + 1].text[:1].isdigit())):
        return True  # a list of numbers ("1314,1198, 1173, 1341") is a list of references
    starts_digit = first.text[:1].isdigit()
    if before_low in _MONEY_BEFORE or (before_low in _DESIGNATOR_BEFORE and (starts_digit or first.text[:1].isupper())):
        return True
    if first.text[:1].isupper() and not starts_digit and first.low not in _ARTICLE_LIKE and before is not None \
            and before.text[:1].isupper() and before.text.isalpha():
        return True  # "Highway One", "Air Force One"
    if first.low in _NOT_AFTER and after in _NOT_AFTER[first.low]:
        return True
    if first.low == "one" and found.first == found.number and before_low in _NOT_BEFORE_ONE:
        return True
    if first.low in ("other", "others") and (before_low in _NOT_BEFORE_OTHER or
                                              (before is not None and _quantity(tokens, found.first - 1))):
        return True  # "each other", "several others" (the count is "several")
    if bare_article and (not after or not tokens[found.stop].text[:1].isalnum()):
        return True  # "Plan A", "a" ending the text
    if first.low in ("a", "an") and after in ("lot", "bit", "little", "while", "kind", "sort", "result", "total"):
        return True
    return False


def _head(tokens: list[_Token], k: int, blocked: list[tuple[int, int]]) -> str:
    """The noun a count counts: the last word of the noun phrase after it ("two suspected insurgents")."""
    if _low_at(tokens, k) == "of":
        k += 1
        if k < len(tokens) and tokens[k].low in ("them", "whom", "which", "us", "you", "those"):
            return tokens[k].text
    if k < len(tokens) and tokens[k].low in _DETERMINERS:
        k += 1
    words: list[_Token] = []
    while k < len(tokens) and len(words) < _MAX_HEAD_WORDS:
        token, low = tokens[k], tokens[k].low
        if not token.text[:1].isalnum() or any(s <= token.start < e for s, e in blocked):
            break
        if low == "of" and words and words[-1].text[:1].isupper() and k + 1 < len(tokens) \
                and tokens[k + 1].text[:1].isupper():
            k += 1  # "Islamic Movement of Uzbekistan insurgents"
            continue
        if low in _BOUNDARIES or _digits(token.text) is not None:
            break
        if words and _PARTICIPLE.fullmatch(token.text) and not words[-1].low.endswith("ly"):
            following = tokens[k + 1] if k + 1 < len(tokens) else None
            noun_follows = following is not None and following.text[:1].isalnum() \
                and following.low not in _BOUNDARIES and not _PARTICIPLE.fullmatch(following.text)
            if low not in _PARTICIPLE_MODIFIERS or not noun_follows:
                break  # a verb after the noun: "121 others wounded"
        words.append(token)
        k += 1
    return words[-1].text if words else ""


# The words a count can open with: a qualifier, "between", a vague word, a spelled number, an
# article-like word, "other(s)". Any other word opens none unless it starts with a digit or is a
# hyphenated number ("twenty-five"): find_counts skips it without reading further.
_COUNT_OPENERS = frozenset({
    *_QUALIFIERS_BY_FIRST, "between", *_VAGUE_BY_FIRST, *_VAGUE_PLURALS, *_UNITS, *_EXACT_WORDS_BY_FIRST,
    "other", "others",
})


def _openers(tokens: list[_Token]) -> list[int]:
    """The positions of the tokens that may open a count: an opening word, a digit, or a unit before a
    hyphen ("twenty-five"; a unit alone is an opening word), read in one pass (a call per token of
    every sentence was a tenth of find_counts)."""
    return [i for i, low in enumerate(map(_LOW, tokens))
            if low in _COUNT_OPENERS or low[:1].isdigit() or ("-" in low and low.split("-", 1)[0] in _UNITS)]


def find_counts(sentence: str) -> list[tuple[int, int, Count, str]]:
    """Counts in a sentence, in text order: (start, end, count, head noun).

    The span covers the qualifier and the number ("at least 143", "several",
    "dozens of"); the head noun is the word counted, as written ("insurgents",
    "Taliban", "others"), or "" when the number stands alone ("killed 12"). A
    number inside a date expression ("Jan. 10, 2011", "two days ago") is not a
    count. Every "a"/"an" before a noun counts one ("a Taliban leader was
    killed"); which counts matter is the caller's choice, by head noun and
    position, so nothing is filtered here by meaning.
    """
    tokens = _tokens(sentence)
    dates: list[tuple[int, int]] | None = None  # read once a count is found: most sentences have none
    found: list[tuple[int, int, Count, str]] = []
    resume = 0  # the token after the last count found: none opens inside it
    for i in _openers(tokens):
        if i < resume:
            continue
        count = _count_at(tokens, i)
        if count is None or _rejected(tokens, count):
            continue
        start, end = tokens[count.first].start, tokens[count.stop - 1].end
        if dates is None:
            dates = [(s, e) for s, e, _ in find_date_expressions(sentence)]
        if any(s < end and start < e for s, e in dates):
            continue
        if _low_at(tokens, count.stop) == "of" and _is_vague_plural(tokens[count.stop - 1]):
            end = tokens[count.stop].end  # "dozens of"
        found.append((start, end, Count(count.minimum, count.qualifier, sentence[start:end]),
                      _head(tokens, count.stop, dates)))
        resume = count.stop
    return found


def parse_count(expression: str) -> Count | None:
    """The count an expression states ("more than 200", "scores of", "two suspected insurgents").

    The expression must open with the count; what follows is what is counted,
    and makes some numbers no count ("20 years", "25 percent"). An article
    followed only by an age ("a 25-year-old") is an age, not a count.
    """
    text = " ".join(expression.split())
    tokens = _tokens(text)
    count = _count_at(tokens, 0) if tokens else None
    if count is None or _rejected(tokens, count):
        return None
    rest = tokens[count.stop:]
    bare_article = count.stop == count.number + 1 and tokens[count.number].low in ("a", "an", "no")
    if bare_article and (not rest or (len(rest) == 1 and _AGE.fullmatch(rest[0].text))):
        return None
    if any(s <= tokens[count.number].start < e for s, e, _ in find_date_expressions(text)):
        return None
    end = tokens[count.stop - 1].end
    if rest and rest[0].low == "of" and _is_vague_plural(tokens[count.stop - 1]):
        end = rest[0].end
    return Count(count.minimum, count.qualifier, text[:end])
