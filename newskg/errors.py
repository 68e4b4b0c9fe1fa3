"""Errors a user can cause, each with a one-line message that names the file and line.

User mistakes (bad files, bad parameters, a bad query) are reported with these
and never as tracebacks; the CLI maps them to the documented exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_NO = 1  # ran, but the answer is no (e.g. the graph does not conform)
EXIT_USAGE = 2  # usage or input error: nothing usable
EXIT_PARTIAL = 3  # some inputs failed, the rest were stored


class NewskgError(Exception):
    """An error caused by the user's input or invocation; its message is the whole story."""


class QueryError(NewskgError):
    """A SPARQL query or a saved-query parameter that cannot run."""


class StoreError(NewskgError):
    """The store cannot be opened or written (locked, missing, not a store)."""


@dataclass(frozen=True)
class InputProblem:
    """One bad input: a file (and line) and what is wrong with it.

    ``fatal`` problems drop the item (the rest of the batch goes on); the others
    are warnings about an item that was still loaded (e.g. an impossible date
    that was ignored).
    """

    path: str
    message: str
    line: int | None = None
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        kind = "error" if self.fatal else "warning"
        return f"{where}: {kind}: {self.message}"
