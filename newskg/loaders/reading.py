"""Reading untrusted input safely: bytes -> clean text, strings -> dates.

Every loader (plain text, JSON Lines, HTML) goes through these functions so that
an image renamed ``.txt``, a UTF-16 export from Word, a Windows-1252 file with a
few smart quotes or a JSON string holding a lone surrogate all get the same
treatment and the same one-line message. Fatal problems raise
``UnusableInput``; the caller turns it into an ``InputProblem`` that names the
file (and line), so no traceback ever reaches the user.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from newskg.errors import NewskgError

Warn = Callable[[str], None]

# Leading bytes of formats people drop into news folders by mistake. Longest
# signatures first where one is a prefix of another.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    *((b"BZh%d" % level, "bzip2 archive") for level in range(1, 10)),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg audio/video"),
    *((b"ID3" + bytes([version]), "MP3 audio") for version in (2, 3, 4)),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"{\\rtf", "RTF document"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

# Byte-order marks, UTF-32 before UTF-16 because the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Above this share of undecodable or control characters the input is not text
# with a few bad bytes but something else (a legacy code page for a non-Latin
# script, compressed data): replacing would produce garbage articles.
_MAX_BAD_SHARE = 0.10
_SNIFF = 4096

# Line and page breaks become \n so that words on either side stay apart.
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Category Cc except \t and \n (those are kept), plus lone surrogates (category Cs).
_REMOVED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


class UnusableInput(NewskgError):
    """One item (a file or a JSONL line) that cannot become an article; the message says why."""


def human_size(n_bytes: int) -> str:
    """ "20.0 MB", "1.7 kB", "900 bytes": readable at every size the --max-bytes option allows."""
    if n_bytes >= 100_000:
        return f"{n_bytes / 1_000_000:.1f} MB"
    if n_bytes >= 1_000:
        return f"{n_bytes / 1_000:.1f} kB"
    return f"{n_bytes} bytes"


def size_message(n_bytes: int, *, max_bytes: int, what: str) -> str:
    return (
        f"{what} is {human_size(n_bytes)}, over the {human_size(max_bytes)} limit for one article "
        "(raise --max-bytes)"
    )


def read_limited(path: Path, *, max_bytes: int) -> bytes:
    """The whole file, refusing before reading it when it is over the per-article limit."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnusableInput(size_message(size, max_bytes=max_bytes, what="file"))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise UnusableInput(f"cannot read file: {error.strerror or error}") from None
    if len(data) > max_bytes:  # the file grew while we looked at it
        raise UnusableInput(size_message(len(data), max_bytes=max_bytes, what="file"))
    return data


def binary_kind(data: bytes) -> str | None:
    """What a binary blob looks like ("PNG image"), or None if it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/MOV video"
    return None


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly ASCII text has a NUL in every other byte; exports without a BOM exist."""
    sample = data[:_SNIFF]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.4 * pairs and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= 0.4 * pairs and odd_nuls == 0:
        return "utf-16-be"
    return None


def decode(data: bytes, *, warn: Warn, fallback_encoding: str | None = None) -> str:
    """Decode untrusted bytes to clean text or raise ``UnusableInput`` saying what they are.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM decode silently. Invalid
    UTF-8 is retried with ``fallback_encoding`` (an HTML page's declared charset)
    when given; otherwise a few bad bytes are replaced (with a warning) and many
    make the item fatal.
    """
    if not data.strip():
        raise UnusableInput("empty file")
    kind = binary_kind(data)
    if kind:
        raise UnusableInput(f"binary file (looks like {kind})")
    encoding = bom_encoding(data)
    if encoding == "utf-8":
        data, encoding = data[len(codecs.BOM_UTF8) :], None
    if encoding is None and b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None and data.count(0) > max(2, len(data) // 1000):
            raise UnusableInput("binary file (contains NUL bytes)")
        # A stray NUL or two in text is a control character: clean_text removes it.
    if encoding is not None:
        text = data.decode(encoding, errors="replace").removeprefix("\ufeff")
        _refuse_garbage(text, what=f"not {encoding.upper()} text")
        return _nonempty(clean_text(text))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_invalid_utf8(data, warn=warn, fallback_encoding=fallback_encoding)
    else:
        _refuse_garbage(text, what="not text")
    return _nonempty(clean_text(text))


def _decode_invalid_utf8(data: bytes, *, warn: Warn, fallback_encoding: str | None) -> str:
    if fallback_encoding and _is_known_codec(fallback_encoding):
        try:
            text = data.decode(fallback_encoding)
        except UnicodeDecodeError:
            pass
        else:
            _refuse_garbage(text, what=f"not {fallback_encoding} text")
            return text
    text = data.decode("utf-8", errors="replace")
    _refuse_garbage(text, what="not UTF-8 text")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    warn(f"invalid UTF-8: {replaced} undecodable byte sequence(s) replaced with U+FFFD")
    return text


def _is_known_codec(name: str) -> bool:
    try:
        return codecs.lookup(name).name not in {"utf-8", "utf-8-sig"}
    except LookupError:
        return False


def _refuse_garbage(text: str, *, what: str) -> None:
    if not text:
        return
    bad = text.count("\ufffd") + len(_REMOVED.findall(text))
    share = bad / len(text)
    if share > _MAX_BAD_SHARE:
        raise UnusableInput(f"{what}: {share:.0%} of the characters are undecodable or control characters")


def _nonempty(text: str) -> str:
    if not text.strip():
        raise UnusableInput("empty file")
    return text


def clean_text(text: str) -> str:
    """Newlines normalised to \\n, control characters (except \\n and \\t) and lone surrogates removed.

    Offsets downstream refer to this text, so every loader applies it before
    anything else looks at the text. Right-to-left marks and other format
    characters (category Cf) are kept: they belong to Pashto and Dari text.
    """
    return _REMOVED.sub("", _NEWLINES.sub("\n", text))


def clean_line(value: str) -> str:
    """A one-line field (title, publisher): cleaned, whitespace runs collapsed."""
    return " ".join(clean_text(value).split())


# Year-first dates are unambiguous whatever the separator: 2021-08-07, 2021/8/7, 2021.08.07 10:00.
_YEAR_FIRST = re.compile(r"(?P<year>\d{4})([-/.])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?:[T\s].*)?", re.DOTALL)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WRITTEN_DATES = (
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
)


def parse_date(value: str, *, warn: Warn) -> date | None:
    """A publication date from ``YYYY-MM-DD``, an ISO datetime, "2021/08/07" or "August 7, 2021" / "7 Aug 2021".

    Day-first and month-first numeric dates ("08/07/2021") are ambiguous and are not guessed.

    An impossible or unrecognised date is a warning, not a reason to drop the
    article: the text is still worth having without its date.
    """
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        year_first = _YEAR_FIRST.fullmatch(value)
        if year_first:
            return date(int(year_first.group("year")), int(year_first.group("month")), int(year_first.group("day")))
        for pattern in _WRITTEN_DATES:
            match = pattern.search(value)
            if match and match.group("month").lower() in _MONTHS:
                return date(int(match.group("year")), _MONTHS[match.group("month").lower()], int(match.group("day")))
    except ValueError:
        warn(f"impossible date {_quote(value)} ignored")
        return None
    warn(f"unrecognised date {_quote(value)} ignored")
    return None


def _quote(value: str) -> str:
    shown = clean_line(value)
    return repr(shown if len(shown) <= 40 else shown[:40] + "...")
