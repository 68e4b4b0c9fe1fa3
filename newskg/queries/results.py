"""Query results as plain rows, and their W3C serialisations (JSON, CSV, TSV) and a table.

Formats follow the W3C SPARQL 1.1 Query Results JSON and CSV/TSV specifications,
so other tools read them as they would read any SPARQL endpoint's answer.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

FORMATS = ("table", "records", "csv", "tsv", "json")


@dataclass
class Results:
    """A SELECT answer: variable names and rows of rdflib terms (None when unbound)."""

    variables: list[str]
    rows: list[list[Node | None]]

    def without(self, hidden: set[str]) -> "Results":
        keep = [i for i, v in enumerate(self.variables) if v not in hidden]
        return Results([self.variables[i] for i in keep], [[row[i] for i in keep] for row in self.rows])

    def dicts(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of plain strings, for Python users."""
        return [{v: (None if t is None else str(t)) for v, t in zip(self.variables, row)} for row in self.rows]


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"unexpected term {term!r}")


def to_json(results: Results) -> str:
    bindings = [
        {v: _json_term(t) for v, t in zip(results.variables, row) if t is not None} for row in results.rows
    ]
    return json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def to_csv(results: Results) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(["" if t is None else str(t) for t in row])
    return buffer.getvalue()


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t")
    return term.n3()


def to_tsv(results: Results) -> str:
    lines = ["\t".join("?" + v for v in results.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in results.rows]
    return "\n".join(lines) + "\n"


def to_table(results: Results, *, max_width: int = 60) -> str:
    """A readable fixed-width table; long cells are shortened with an ellipsis."""

    def cell(term: Node | None) -> str:
        text = "" if term is None else " ".join(str(term).split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(t) for t in row] for row in results.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(results.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(results.variables, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(results.rows)} row{'s' if len(results.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def to_records(results: Results) -> str:
    """One block per row, one "column: value" line per bound column, nothing shortened.

    For reading answers whose cells are whole sentences (claims, quotes).
    """
    width = max((len(v) for v in results.variables), default=0)
    blocks = []
    for number, row in enumerate(results.rows, 1):
        lines = [f"-[ {number} ]" + "-" * max(0, width - 4)]
        lines += [f"{v.ljust(width)} | {' '.join(str(t).split())}" for v, t in zip(results.variables, row) if t is not None]
        blocks.append("\n".join(lines))
    blocks.append(f"({len(results.rows)} row{'s' if len(results.rows) != 1 else ''})")
    return "\n".join(blocks) + "\n"


def render(results: Results, fmt: str) -> str:
    if fmt == "json":
        return to_json(results) + "\n"
    if fmt == "csv":
        return to_csv(results)
    if fmt == "tsv":
        return to_tsv(results)
    if fmt == "table":
        return to_table(results)
    if fmt == "records":
        return to_records(results)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
