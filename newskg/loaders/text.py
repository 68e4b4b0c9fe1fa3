"""Plain-text articles (.txt, .text, .md): the way collected news usually arrives.

A saved article has no structured metadata, so the little there is must be
recognised in the text itself: a leading ``date YYYY-MM-DD`` marker or a
"Published: ..." line, a headline as the first line, and sometimes the outlet's
name on its own line under the headline. Everything else is the body, cleaned of
site chrome by ``boilerplate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newskg.errors import InputProblem
from newskg.loaders.article import Article, article_id
from newskg.loaders.boilerplate import CLOSERS, clean_lines, ends_sentence, has_content, join_lines, tidy
from newskg.loaders.reading import UnusableInput, Warn, decode, parse_date, read_limited

# The collector's marker: " date 2021-08-08 " before the first word of the article.
_DATE_MARKER = re.compile(r"\A\s*date\s*[:=]?\s*(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]+|\s*\n|\Z)", re.IGNORECASE)
_MAX_TITLE_WORDS = 30
# A headline does not end like a sentence or a clause; "?" and "!" are allowed (headlines ask and exclaim).
_CLAUSE_END = re.compile(r"[.,;:…–—-]$")
_URL = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+")

# The head nouns of outlet names ("AT News", "The Kabul Times", "Khaama Press")
# and the wire agencies whose name alone credits a story. A short line of this
# kind right under the headline names the publisher.
_OUTLET_HEADS = (
    "news|times|post|herald|tribune|agency|press|radio|tv|television|daily|journal|gazette|observer"
    "|chronicle|express|telegraph|guardian|monitor|network|media|wire|today|online|magazine|mail"
    "|independent|weekly|review|insider|standard|examiner|courier|broadcasting|bulletin|dispatch"
)
_SECTION_WORDS = "breaking|latest|world|local|top|national|international|business|sports?|more|related|live|other|recent|fake|good"
_OUTLET_LINE = re.compile(
    rf"(?!(?i:{_SECTION_WORDS})\ )(?:[A-Z0-9][\w&'’.-]*\ ){{0,4}}(?i:{_OUTLET_HEADS})"
    r"|(?i:reuters|afp|ap|associated\ press|xinhua|tass|ria\ novosti|interfax|anadolu(?:\ agency)?|efe|dpa"
    r"|ani|pti|ians|upi|bloomberg|pajhwok|tolonews|bbc|cnn|al\ jazeera|voa|rferl|rfe/rl)",
    re.VERBOSE,
)
_BYLINE = re.compile(
    r"(?:By|BY)\ [A-Z][\w'’.-]*(?:\ (?:[A-Z][\w'’.-]*|and|&|de|van|von|al|bin|el))*(?:\s*[,|–—-]\s*.{0,40})?",
    re.VERBOSE,
)


@dataclass(frozen=True)
class ParsedText:
    """What a plain-text article yields: the cleaned body and whatever metadata it showed."""

    text: str
    title: str | None
    publisher: str | None
    published: date | None


def parse_plain_text(raw: str, *, warn: Warn) -> ParsedText:
    """Split decoded text into metadata and a cleaned body (the body may be empty)."""
    published: date | None = None
    marker = _DATE_MARKER.match(raw)
    if marker:
        published = parse_date(marker.group(1), warn=warn)
        raw = raw[marker.end() :]
    cleaned = clean_lines(raw)
    if published is None and cleaned.dates:
        published = parse_date(cleaned.dates[0], warn=warn)
    title, lines = split_title(cleaned.lines, crumb_titles=cleaned.crumb_titles)
    publisher, lines = split_credit(lines)
    return ParsedText(text=join_lines(lines), title=title, publisher=publisher, published=published)


def split_title(lines: list[str], *, crumb_titles: list[str]) -> tuple[str | None, list[str]]:
    """The headline and the remaining lines, or (None, lines) when the text starts with its body.

    The first line is the headline when a breadcrumb trail ended with it, or when
    it reads like one (short, not ending like a sentence) and the body follows:
    a blank line, or a line that is a full sentence.
    """
    if not lines:
        return None, lines
    first = lines[0]
    if any(_same(first, crumb) for crumb in crumb_titles):
        return first, tidy(lines[1:])
    heading = _MARKDOWN_HEADING.match(first)
    if heading and len(lines) >= 2:
        return first[heading.end() :], tidy(lines[1:])
    if not looks_like_headline(first) or len(lines) < 2:
        return None, lines
    following = lines[1]
    if following == "":
        if len(lines) < 3:
            return None, lines
        return first, tidy(lines[1:])
    if ends_sentence(first):  # a question or exclamation needs a blank line to count
        return None, lines
    if ends_sentence(following) and len(following.split()) >= 8:
        return first, tidy(lines[1:])
    return None, lines


def looks_like_headline(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= _MAX_TITLE_WORDS or _URL.search(line):
        return False
    if _CLAUSE_END.search(line.rstrip(CLOSERS)) or line.endswith(")"):
        return False
    visible = [ch for ch in line if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    return letters >= 0.6 * len(visible) and sum(any(ch.isalpha() for ch in w) for w in words) >= 2


def split_credit(lines: list[str]) -> tuple[str | None, list[str]]:
    """The outlet named on its own line at the top, and the lines without it and without a byline.

    Only the lines before the first paragraph of the body are looked at: further
    down, a short line naming an outlet is more likely a subheading than a credit.
    """
    publisher: str | None = None
    kept = list(lines)
    for index in range(min(3, len(kept))):
        line = kept[index]
        if not line:
            continue
        if publisher is None and len(line.split()) <= 5 and _OUTLET_LINE.fullmatch(line):
            publisher = line
            kept[index] = ""
        elif len(line.split()) <= 10 and _BYLINE.fullmatch(line):
            kept[index] = ""
        else:
            break
    return publisher, tidy(kept)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def load_text_file(
    path: Path, *, shown: str, max_bytes: int, on_problem: Callable[[InputProblem], None]
) -> Iterator[Article]:
    """The file's one article, or nothing (with a fatal problem reported)."""

    def warn(message: str) -> None:
        on_problem(InputProblem(path=shown, message=message, fatal=False))

    try:
        raw = decode(read_limited(path, max_bytes=max_bytes), warn=warn)
    except UnusableInput as error:
        on_problem(InputProblem(path=shown, message=str(error)))
        return
    parsed = parse_plain_text(raw, warn=warn)
    if not has_content(parsed.text):
        on_problem(InputProblem(path=shown, message="no article text left after removing site boilerplate"))
        return
    resolved = str(path.resolve())
    yield Article(
        id=article_id(url=None, publisher=None, source_id=None, path=resolved),
        text=parsed.text,
        origin=resolved,
        title=parsed.title,
        published=parsed.published,
        publisher=parsed.publisher,
    )
