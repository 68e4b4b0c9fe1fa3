"""From command-line paths to Articles: the one entry point the build uses.

Paths may be files or folders (walked recursively in sorted order so that two
builds over the same folder see the same articles in the same order). Articles
are produced lazily, one file (or one JSONL line) at a time, so a corpus never
has to fit in memory. Every problem goes to ``on_problem``; a fatal one costs
only its file or line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from newskg.errors import InputProblem
from newskg.loaders.article import Article
from newskg.loaders.html import load_html_file
from newskg.loaders.jsonl import load_jsonl_file
from newskg.loaders.text import load_text_file



class Loader(Protocol):
    """Every format's loader: one file in, its articles out, problems reported on the way."""

    def __call__(
        self, path: Path, *, shown: str, max_bytes: int, on_problem: Callable[[InputProblem], None]
    ) -> Iterator[Article]: ...


LOADERS: dict[str, Loader] = {
    ".txt": load_text_file,
    ".text": load_text_file,
    ".md": load_text_file,
    ".jsonl": load_jsonl_file,
    ".ndjson": load_jsonl_file,
    ".html": load_html_file,
    ".htm": load_html_file,
}
DEFAULT_MAX_BYTES = 5_000_000


def iter_articles(
    paths: Sequence[str | Path],
    *,
    on_problem: Callable[[InputProblem], None],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article]:
    """Files, folders (recursively, sorted for determinism), .txt/.text/.md, .jsonl/.ndjson,
    .html/.htm. Yields Articles lazily (streaming: never hold a whole corpus in memory; a JSONL
    file with 100k lines must be streamed line by line). Problems go to on_problem; fatal ones
    drop only that item (file or JSONL line), the rest goes on."""
    for path, shown in iter_files(paths, on_problem=on_problem):
        loader = LOADERS[path.suffix.lower()]
        yield from loader(path, shown=shown, max_bytes=max_bytes, on_problem=on_problem)


def iter_files(
    paths: Sequence[str | Path], *, on_problem: Callable[[InputProblem], None]
) -> Iterator[tuple[Path, str]]:
    """Each loadable file once, as (path, the name to show the user).

    A file named explicitly must be loadable (an unknown extension is reported);
    inside a folder, files of other kinds (images, notes, hidden files) are the
    folder's business and are skipped silently.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        shown = str(given)
        if path.is_dir():
            for found in _walk(path, on_problem=on_problem):
                if _first_time(found, seen):
                    yield found, str(found)
        elif path.is_file():
            if path.suffix.lower() not in LOADERS:
                on_problem(InputProblem(path=shown, message=f"unsupported file type {_kind(path)} ({_known()})"))
            elif _first_time(path, seen):
                yield path, shown
        elif path.exists():
            on_problem(InputProblem(path=shown, message="not a regular file or folder"))
        else:
            on_problem(InputProblem(path=shown, message="no such file or folder"))


def _walk(folder: Path, *, on_problem: Callable[[InputProblem], None]) -> Iterator[Path]:
    def report(error: OSError) -> None:
        on_problem(InputProblem(path=str(error.filename or folder), message=f"cannot read folder: {error.strerror}"))

    for root, dirs, files in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            candidate = Path(root, name)
            if not name.startswith(".") and candidate.suffix.lower() in LOADERS and candidate.is_file():
                yield candidate


def _first_time(path: Path, seen: set[Path]) -> bool:
    try:
        key = path.resolve()
    except OSError:
        key = path.absolute()
    if key in seen:
        return False
    seen.add(key)
    return True


def _kind(path: Path) -> str:
    return repr(path.suffix) if path.suffix else "(no extension)"


def _known() -> str:
    return "expected " + ", ".join(LOADERS)
