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
ASSERTS_CONTROL = re.compile(
    r"\b(seiz(e|ed|es|ing)|captur(e|ed|es|ing)|overr(an|un|unning)|took control|taken control|take control|"
    rf"fell|fallen|falls to|under (?!(?:the )?{_NOT_A_TAKER})(?:the )?[a-z][\w-]*(?:'s|s'|’s)? control|in the hands of)\b",
    re.IGNORECASE,
)
DENIES_CONTROL = re.compile(
    r"\b(repel+(ed|ing)?|repuls(e|ed|ing)|cleared|clear(ed)? of|retak(e|en|ing)|retook|recaptur(e|ed|ing)|"
    r"pushed back|being pushed|unable to (maintain|control|hold|take)|not (fallen|captured|seized|under)|"
    r"only advanced|advanced (only )?(in|into) (some|several|a few) (areas|parts|districts|neighbou?rhoods)|"
    r"advanced (only )?(in|into) parts of|still (under|in) (government|our) control|remains? under government|"
    r"baseless|untrue|false claims?|denied|denies)\b",
    re.IGNORECASE,
)


def control_stance(content: str, *, asserts_capture_here: bool) -> bool | None:
    """True if the claim says the place was taken, False if it says it was not, None if neither or both.

    ``asserts_capture_here``: the claim asserts a capture event at the place, which
    says it was taken whatever the wording. A claim that says both ("seized ...
    but was repelled") takes no side.
    """
    asserts = asserts_capture_here or bool(ASSERTS_CONTROL.search(content))
    denies = bool(DENIES_CONTROL.search(content))
    if asserts == denies:
        return None
    return asserts
