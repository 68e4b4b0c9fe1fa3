"""Whether a claim says a place changed hands, or that it did not.

Control of a place is what conflict reports most often disagree on (one
official says the Taliban seized Sheberghan, another that they only advanced in
some areas). The stance is decided here, once per claim as its article is
mapped, from the claim's own words and the events it asserts, so that finding
disagreeing claims later reads a few stance links instead of every claim's text.
"""

from __future__ import annotations

import re

# "under X control" says a side took it, whoever X is ("rebel", "Houthi", "the militants'"),
# unless X is the side defending it or says how much control there is, not whose.
_NOT_A_TAKER = r"(?:government|state|our|army|military|police|security|full|complete|total|tight|strict|effective|firm)\b"
# The wordings, in lower case (``_lower_case_search`` relies on it).
_ASSERTS = (
    r"seiz(e|ed|es|ing)|captur(e|ed|es|ing)|overr(an|un|unning)|took control|taken control|take control|"
    rf"fell|fallen|falls to|under (?!(?:the )?{_NOT_A_TAKER})(?:the )?[a-z][\w-]*(?:'s|s'|’s)? control|in the hands of"
)
_DENIES = (
    r"repel+(ed|ing)?|repuls(e|ed|ing)|cleared|clear(ed)? of|retak(e|en|ing)|retook|recaptur(e|ed|ing)|"
    r"pushed back|being pushed|unable to (maintain|control|hold|take)|not (fallen|captured|seized|under)|"
    r"only advanced|advanced (only )?(in|into) (some|several|a few) (areas|parts|districts|neighbou?rhoods)|"
    r"advanced (only )?(in|into) parts of|still (under|in) (government|our) control|remains? under government|"
    r"baseless|untrue|false claims?|denied|denies"
)
ASSERTS_CONTROL = re.compile(rf"\b({_ASSERTS})\b", re.IGNORECASE)
DENIES_CONTROL = re.compile(rf"\b({_DENIES})\b", re.IGNORECASE)


def _lower_case_search(wordings: str) -> re.Pattern[str]:
    """The same search as ``\\b(wordings)\\b`` with ``re.IGNORECASE``, for ASCII text lowered and with a
    space put before it.

    The search then starts with the character before a wording, which is not a word character
    (a space for one at the start of the text): ``re`` skips to the next such character in C
    instead of trying the whole pattern at every position, and a case-sensitive wording is
    skipped on its first letter. On ASCII text, lowering is what ``re.IGNORECASE`` does and a
    character is a word character in ``re.ASCII`` exactly as in Unicode, so every text gives the
    same answer. The two searches were 12% of the instructions of mapping the 729-article
    benchmark corpus and reading its tallies (329 M of 2,790 M under callgrind); 106 M this way,
    most of it for the claims that are not ASCII.
    """
    return re.compile(rf"\W(?=(?:{wordings})\b)", re.ASCII)


_ASSERTS_LOWER = _lower_case_search(_ASSERTS)
_DENIES_LOWER = _lower_case_search(_DENIES)


def control_stance(content: str, *, asserts_capture_here: bool) -> bool | None:
    """True if the claim says the place was taken, False if it says it was not, None if neither or both.

    ``asserts_capture_here``: the claim asserts a capture event at the place, which
    says it was taken whatever the wording. A claim that says both ("seized ...
    but was repelled") takes no side.
    """
    if content.isascii():  # 89% of the claims of the benchmark corpus; the others have curly quotes, dashes
        text = " " + content.lower()
        asserts = asserts_capture_here or bool(_ASSERTS_LOWER.search(text))
        denies = bool(_DENIES_LOWER.search(text))
    else:
        asserts = asserts_capture_here or bool(ASSERTS_CONTROL.search(content))
        denies = bool(DENIES_CONTROL.search(content))
    if asserts == denies:
        return None
    return asserts
