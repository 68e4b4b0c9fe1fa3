"""JSON Lines articles (.jsonl, .ndjson): one JSON object per line, streamed.

A corpus file may hold a hundred thousand articles, so it is read line by line
and never as a whole; the size limit applies to each line (one article). Every
bad line is reported with its line number and skipped, so one corrupt record
does not cost the other 99,999.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from newskg.errors import InputProblem
from newskg.loaders.article import Article, article_id
from newskg.loaders.boilerplate import clean_lines, drop_leading_title, has_content, join_lines
from newskg.loaders.reading import (
    UnusableInput,
    binary_kind,
    bom_encoding,
    clean_line,
    clean_text,
    decode,
    parse_date,
    size_message,
)

_CHUNK = 1 << 20
_SNIFF = 8192
# A file whose first lines are all unusable is not JSON Lines: say so once
# instead of once per line of a large file.
_GIVE_UP_AFTER = 20
_OPTIONAL_TEXT_FIELDS = ("title", "date", "source", "publisher", "url")


def load_jsonl_file(
    path: Path, *, shown: str, max_bytes: int, on_problem: Callable[[InputProblem], None]
) -> Iterator[Article]:
    """The file's articles in line order; problems name the file and the line."""
    resolved = str(path.resolve())
    try:
        handle = path.open("rb")
    except OSError as error:
        on_problem(InputProblem(path=shown, message=f"cannot read file: {error.strerror or error}"))
        return
    with handle:
        try:
            head = handle.peek(_SNIFF)[:_SNIFF]
            problem = _whole_file_problem(head)
            if problem:
                on_problem(InputProblem(path=shown, message=problem))
                return
            encoding = bom_encoding(head)
            stream: _LineSource = handle
            if encoding and encoding != "utf-8":
                stream = _Utf8Lines(handle, encoding)
            yield from _load_lines(stream, shown=shown, resolved=resolved, max_bytes=max_bytes, on_problem=on_problem)
        except OSError as error:  # the disk or the network share failed mid-file
            on_problem(InputProblem(path=shown, message=f"cannot read file: {error.strerror or error}"))


def _whole_file_problem(head: bytes) -> str | None:
    kind = binary_kind(head)
    if kind:
        return f"binary file (looks like {kind})"
    if b"\x00" in head and bom_encoding(head) in {None, "utf-8"}:
        return "binary file (contains NUL bytes)"
    return None


def _load_lines(
    stream: _LineSource, *, shown: str, resolved: str, max_bytes: int, on_problem: Callable[[InputProblem], None]
) -> Iterator[Article]:
    loaded = failed = blank = 0
    number = 0
    for number, line, size in _numbered_lines(stream, max_bytes=max_bytes):
        if size > max_bytes:
            on_problem(InputProblem(path=shown, line=number, message=size_message(size, max_bytes=max_bytes, what="line")))
            failed += 1
            continue
        if not line.strip():
            blank += 1
            continue

        def warn(message: str, number: int = number) -> None:
            on_problem(InputProblem(path=shown, line=number, message=message, fatal=False))

        try:
            article = _article(line, number=number, resolved=resolved, warn=warn)
        except UnusableInput as error:
            on_problem(InputProblem(path=shown, line=number, message=str(error)))
            failed += 1
            if loaded == 0 and failed >= _GIVE_UP_AFTER:
                on_problem(
                    InputProblem(
                        path=shown,
                        line=number,
                        message=f"not JSON Lines: the first {failed} records are all unusable; rest of file skipped",
                    )
                )
                return
            continue
        loaded += 1
        yield article
    if blank == number:
        on_problem(InputProblem(path=shown, message="empty file"))


def _numbered_lines(stream: _LineSource, *, max_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """(line number, bytes, size) per line; an over-long line is skipped unread and only measured."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        size = len(line)
        if size > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, b"", size
            continue
        yield number, line, size


def _article(line: bytes, *, number: int, resolved: str, warn: Callable[[str], None]) -> Article:
    text = decode(line.rstrip(b"\r\n"), warn=warn)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnusableInput(f"malformed JSON: {error.msg} (column {error.colno})") from None
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        raise UnusableInput(f"malformed JSON: {error}") from None
    except RecursionError:
        raise UnusableInput("malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise UnusableInput(f"expected a JSON object, found {_json_type(record)}")
    body = record.get("text")
    if body is not None and not isinstance(body, str):
        raise UnusableInput(f"field 'text' must be a string, not {_json_type(body)}")
    if body is None or not body.strip():
        raise UnusableInput("field 'text' is missing or empty")
    fields = {name: _optional_string(record, name) for name in _OPTIONAL_TEXT_FIELDS}
    source_id = _identifier(record.get("id"))
    title = clean_line(fields["title"] or "") or None
    cleaned = clean_lines(clean_text(body))
    lines = drop_leading_title(cleaned.lines, title)
    article_text = join_lines(lines)
    if not has_content(article_text):
        raise UnusableInput("field 'text' has no article text left after removing site boilerplate")
    publisher = clean_line(fields["source"] or fields["publisher"] or "") or None
    url = clean_line(fields["url"] or "") or None
    published = parse_date(fields["date"], warn=warn) if fields["date"] else None
    return Article(
        id=article_id(url=url, publisher=publisher, source_id=source_id, path=f"{resolved}#{number}"),
        text=article_text,
        origin=f"{resolved}:{number}",
        title=title,
        published=published,
        publisher=publisher,
        url=url,
        source_id=source_id,
    )


def _optional_string(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise UnusableInput(f"field {name!r} must be a string or null, not {_json_type(value)}")


def _identifier(value: Any) -> str | None:
    """Ids are strings in most corpora and integers in some; both identify the record."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise UnusableInput(f"field 'id' must be a string or an integer, not {_json_type(value)}")
    text = clean_line(str(value))
    return text or None


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


class _LineSource(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class _Utf8Lines:
    """A UTF-16/32 file (with BOM) read line by line as UTF-8 bytes, so one line reader serves all."""

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="\n")
        self._first = True

    def readline(self, size: int = -1, /) -> bytes:
        line = self._text.readline(size)
        if self._first:
            line, self._first = line.removeprefix("\ufeff"), False
        return line.encode("utf-8", errors="surrogatepass")
