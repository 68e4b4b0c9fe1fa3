"""SHACL validation with pyshacl against ``ontology/shapes.ttl``.

Reports name the focus node, the property path, the message and the article the
offending triples came from, so a researcher can go back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from newskg.graph.store import Store
from newskg.ontology import ontology_path, shapes_path
from newskg.ontology.terms import NK


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    articles: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f" (article {', '.join(self.articles)})" if self.articles else ""
        path = f" {self.path}:" if self.path else ""
        return f"{self.severity}: <{self.focus}>{path} {self.message}{where}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def summary(self) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples checked against the newskg shapes"
        return f"does not conform: {len(self.violations)} violation(s) in {self.triples} triples"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def validate_graph(data: Graph) -> ValidationReport:
    """Validate one rdflib graph (e.g. what a build is about to add)."""
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", advanced=True, allow_warnings=True
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        value = results.value(result, SH.value)
        violations.append(
            Violation(
                focus=str(focus),
                path=_short(path) if path is not None else None,
                message=str(message) if message is not None else "constraint violated",
                severity=_short(severity) if severity is not None else "Violation",
                value=str(value) if value is not None else None,
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def _short(term: URIRef) -> str:
    text = str(term)
    for prefix, base in (("sh:", str(SH)), ("nk:", str(NK._NS))):
        if text.startswith(base):
            return prefix + text[len(base):]
    return text


def validate_store(store: Store) -> ValidationReport:
    """Validate everything in the store (the union of its graphs)."""
    data = Graph()
    for s, p, o, _graph in store.quads():
        data.add((s, p, o))
    report = validate_graph(data)
    if report.violations:
        report.violations = [_with_articles(store, v) for v in report.violations]
    return report


_ARTICLES_OF = """
SELECT DISTINCT ?article ?focus WHERE {
  GRAPH ?g { ?focus ?p ?o } ?article a nk:Article . GRAPH ?g { ?article a nk:Article }
} LIMIT 5
"""


def _with_articles(store: Store, violation: Violation) -> Violation:
    if not violation.focus.startswith(("http://", "https://")):
        return violation
    _, rows = store.select(_ARTICLES_OF, bindings={"focus": URIRef(violation.focus)})
    articles = tuple(str(row[0]) for row in rows if row[0] is not None)
    return Violation(violation.focus, violation.path, violation.message, violation.severity, violation.value, articles)
