"""Removing what news sites wrap around an article: navigation, widgets, promos, repeats.

Collected news text keeps the page chrome that a copy-paste or a crawler picked
up. The rules here are patterns that recur across news sites (WordPress themes,
tabloids, wire pages), matched against whole short lines so that a sentence of
the article that merely starts with "Share" or mentions cookies is never
touched. Three kinds of rule:

- *end markers* open the related-content section that follows an article
  ("Check Also", "You may also like", an author box): the marker and everything
  after it go, provided some article text came before it;
- *chrome lines* are dropped on their own, wherever they appear (share buttons,
  "Most read in News", newsletter and cookie prompts, image credits, bylines'
  "Published ..." lines), because several sites put such widgets mid-article;
- a *repeated paragraph* (identical to an earlier one after whitespace
  normalisation) is dropped: tabloid pages repeat paragraphs in teaser boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# A chrome line is short; longer lines are article sentences whatever they start with.
_MAX_CHROME_CHARS = 140
_MAX_COOKIE_CHARS = 400
# Repeats shorter than this may be legitimate (a one-word line, a separator).
_MIN_REPEAT_CHARS = 20

_END_MARKERS = re.compile(
    r"""(?:
        check\ also
      | (?:you|we\ think\ you)\ (?:may|might|could|will|would)\ (?:also\ )?(?:like|love|enjoy|be\ interested\ in)
      | you\ may\ have\ missed
      | related\ (?:posts?|articles?|stories|story|news|content|coverage|reading|items|links)
      | more\ (?:stories|articles|news|coverage)(?:\ (?:from|on|about|like\ this)\ [\w&'’ -]{1,30})?
      | more\ from\ [\w&'.-]+(?:\ [\w&'.-]+){0,3}
      | recommended(?:\ (?:for\ you|stories|articles|reading|news|videos))?
      | about\ (?:the\ )?(?:author|authors|admin|administrator|editor|writer|reporter)
      | [Aa]bout\ (?-i:[a-z][a-z0-9_.-]*)            # WordPress author box: "About jsmith"
      | (?:leave|post|add)\ a\ (?:reply|comment)
      | \d*\ ?comments?(?:\ \(\d+\))?
      | post\ navigation
      | (?:previous|next)\ (?:post|article|story)
    )[\s:»›>…]*       # a label, never a sentence: no full stop""",
    _I | re.VERBOSE,
)

_CHROME_LINES = re.compile(
    r"""(?:
        most\ (?:read|popular|viewed|shared|commented|watched)
        (?:\ (?:in|on|from)\ [\w&'’ -]{1,30}|\ (?:stories|articles|news|today|now|this\ week))?[\s:»›>]*
      | trending(?:\ now|\ stories|\ news|\ topics)?
      | read\ more(?:\ [\w'’&.-]+){0,4}\ (?:stories|news|articles)     # "READ MORE SUN STORIES"
      | (?:read|see)\ (?:more|also)(?:\s*[:|»›>–—-].*|\ (?:here|stories|news|articles|photos|videos))?[\s»›>]*
      | also\ (?:read|see|watch)(?:\s*[:|»›>–—-].*)?
      | (?:related|recommended|watch|listen|more)\s*[:|–—-]\s.*
      | share\ (?:this|on|via|the\ story|the\ article)\b.*
      | (?:share|tweet|email|e-mail|print|whatsapp|facebook|twitter|telegram|linkedin|pinterest|reddit|copy\ link|comment)
      | advertisement|advertising|advert|sponsored(?:\ content)?|ad|\[ad\]|paid\ content
      | scroll\ (?:down\ )?to\ continue\b.*
      | (?:story|article)\ continues\ below\b.*
      | continue\ reading\b.*
      | (?:sign\ up|subscribe|register)\b.*
      | get\ the\ latest\b.*
      | stay\ (?:informed|updated|up\ to\ date|in\ the\ know|connected|tuned)\b.*
      | (?:follow|like|find|join)\ us\ on\b.*
      | join\ our\b.*(?:telegram|whatsapp|facebook|channel|newsletter|mailing\ list|community)\b.*
      | download\ (?:our|the)\ (?:\w+\ )?app\b.*
      | download\ pdf
      | for\ (?:immediate|general)\ release|embargoed\b.*|not\ for\ (?:release|publication)\b.*   # press-release header
      | click\ here\b.*
      | tap\ here\b.*
      | ©.* | \(c\)\ \d{4}.* | copyright\ (?:©|\(c\)|\d{4}).* | .*\ball\ rights\ reserved\b.*
      | (?:photo|image|picture|photograph|video|file\ photo|illustration)s?(?:\ credit)?\s*[:/|]\s*.*
      | (?:photo|image|picture)\ (?:credit|courtesy|by)\b.*
      | (?:additional\ )?(?:reporting|writing|editing|compiled|translated)\ by\b.*     # wire-story trailer
      | untitled(?:[\s_-]*design)?(?:[\s_-]*\(?\d+\)?)?    # placeholder names of uploaded images
      | (?:img|dsc|image|photo)[_-]?\d+\S*
      | \S+\.(?:jpe?g|png|gif|webp|svg|avif)
    )""",
    _I | re.VERBOSE,
)

_COOKIE_LINE = re.compile(
    r"""(?:
        (?:we|this\ (?:web)?site|our\ (?:web)?site)\ uses?\ cookies\b.*
      | by\ (?:continuing|using|browsing)\b.*\bcookies\b.*
      | (?:accept|allow|reject|manage)\ (?:all\ )?cookies\b.*
      | cookie\ (?:policy|settings|preferences|consent|notice)\b.*
    )""",
    _I | re.VERBOSE,
)

_DATE_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon|tue|wed|thu|fri|sat|sun"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|[ap]\.?m\.?|at|on|[a-z]{1,4}t|utc|gmt|ist)\.?"
)
# "Published: August 7, 2021 10:30 am", "Updated on 2021-08-07", "Posted Sat 7 Aug 2021 12:00 GMT".
_DATE_LINE = re.compile(
    rf"(?:first\ )?(?:published|posted|updated|last\ updated|last\ modified)(?:\ (?:on|at))?\s*[:|-]?\s*"
    rf"(?P<date>(?:{_DATE_WORD}|\d{{1,4}}(?:st|nd|rd|th)?|[\s,./:+()-])*\d{{4}}(?:{_DATE_WORD}|\d{{1,4}}|[\s,./:+()-])*)",
    _I | re.VERBOSE,
)

# "Home / World / Asia / Taliban seize ...", "Home » News", "News > Asia > Afghanistan".
_CRUMB_SEPARATOR = re.compile(r"\s+(?:/|>|»|›|→|\|)\s+")
_CRUMB_HOME = re.compile(r"(?:home|homepage|main|start|front\ page)", _I | re.VERBOSE)
_SPACES = re.compile(r"\s{2,}|[^\S ]")  # only what changes: runs and non-space whitespace
CLOSERS = "'\"’”)]»"


@dataclass(frozen=True)
class Cleaned:
    """The kept lines ("" marks a paragraph break), the titles breadcrumbs pointed at,
    and the dates of "Published ..." lines (in order)."""

    lines: list[str]
    crumb_titles: list[str]
    dates: list[str]


def clean_lines(text: str) -> Cleaned:
    """Article lines with the site's chrome removed; see the module docstring for the rules."""
    kept: list[str] = []
    crumb_titles: list[str] = []
    dates: list[str] = []
    seen: set[str] = set()
    body_chars = 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            kept.append("")
            continue
        crumbs = breadcrumb_segments(line)
        if crumbs is not None:
            if len(crumbs[-1].split()) >= 3:
                crumb_titles.append(crumbs[-1])
            continue
        if is_end_marker(line):
            if body_chars > 0:
                break
            continue
        date_line = _DATE_LINE.fullmatch(line) if len(line) <= _MAX_CHROME_CHARS else None
        if date_line:
            dates.append(date_line.group("date").strip())
            continue
        if is_chrome(line):
            continue
        key = _SPACES.sub(" ", line)
        if len(key) >= _MIN_REPEAT_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
        if ends_sentence(line) and len(line.split(maxsplit=8)) > 8:
            body_chars += len(line)
    return Cleaned(lines=tidy(kept), crumb_titles=crumb_titles, dates=dates)


def is_end_marker(line: str) -> bool:
    return len(line) <= _MAX_CHROME_CHARS and _END_MARKERS.fullmatch(line) is not None


def is_chrome(line: str) -> bool:
    if len(line) <= _MAX_CHROME_CHARS and _CHROME_LINES.fullmatch(line):
        return True
    return len(line) <= _MAX_COOKIE_CHARS and _COOKIE_LINE.fullmatch(line) is not None


def breadcrumb_segments(line: str) -> list[str] | None:
    """The segments of a breadcrumb trail, or None if the line is not one.

    A trail starts at the home page, or is three or more short segments none of
    which is a sentence; anything else with slashes ("24/7", "and/or", a
    headline quoting "Biden / Harris") is left alone.
    """
    if len(line) > _MAX_COOKIE_CHARS:
        return None
    segments = _CRUMB_SEPARATOR.split(line)
    if len(segments) < 2 or any(not s or len(s.split()) > 20 for s in segments):
        return None
    if _CRUMB_HOME.fullmatch(segments[0]):
        return segments
    if len(segments) >= 3 and all(len(s.split()) <= 3 and not ends_sentence(s) for s in segments[:-1]):
        return segments
    return None


def ends_sentence(line: str) -> bool:
    """Ends with . ! ? or …, possibly followed by closing quotes or brackets."""
    return line.rstrip(CLOSERS)[-1:] in {".", "!", "?", "…"} and line.rstrip(CLOSERS) != ""


def tidy(lines: list[str]) -> list[str]:
    """No leading, trailing or doubled paragraph breaks."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def drop_leading_title(lines: list[str], title: str | None) -> list[str]:
    """The body without its first line when that line repeats the title (HTML h1, JSONL text)."""
    if not title or not lines:
        return lines
    if _fold_space(lines[0]) == _fold_space(title):
        return tidy(lines[1:])
    return lines


def _fold_space(text: str) -> str:
    return " ".join(text.split()).casefold()


def join_lines(lines: list[str]) -> str:
    return "\n".join(lines)


def has_content(text: str) -> bool:
    """At least one letter or digit: a text of only punctuation or format marks is not an article."""
    return any(ch.isalnum() for ch in text)
