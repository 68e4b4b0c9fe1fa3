"""The per-article work of a build, run in worker processes.

Each worker parses a chunk of articles with spaCy, extracts, maps each article
to its RDF graph, validates that graph on its own (the shapes hold on one
article graph by design) and hands back N-Triples text: strings cross the
process boundary cheaply, rdflib graphs do not. The main process only writes.

Workers are forked from the main process after the model is loaded, so they
share its memory pages and start at once. Chunks come back in input order and
at most ``2 * jobs`` chunks are in flight, so a corpus of any size streams
through in bounded memory and the store ends the same whatever ``jobs`` is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from rdflib import URIRef

from newskg.graph.fast_validation import CompiledShapes
from newskg.graph.identity_tallies import Tallies, triples_tallies
from newskg.graph.store import ntriples
from newskg.graph.validation import ontology_graph, shapes_graph
from newskg.loaders.article import Article
from newskg.loaders.extract import Extractor, extract_doc
from newskg.loaders.mapping import article_triples


@dataclass(frozen=True)
class Processed:
    """One article after the worker: its graph as N-Triples and what it adds to the identity counts
    (whose entities are those the build updates), or why it was left out."""

    article_id: str
    origin: str
    ntriples: str | None
    problem: str | None
    tallies: Tallies = field(default_factory=Tallies)


@dataclass(frozen=True)
class _Job:
    extractor: Extractor
    run: URIRef


_job: _Job | None = None  # set in the main process before the workers fork, read by them


@lru_cache(maxsize=1)
def compiled_shapes() -> CompiledShapes:
    return CompiledShapes(shapes_graph(), ontology=ontology_graph())


def _finish(article: Article, doc, job: _Job) -> Processed:
    try:
        extraction = extract_doc(article, doc, gazetteer=job.extractor.gazetteer)
        triples = article_triples(extraction, run=job.run)
    except Exception as error:  # one article's bug must not end a build of thousands
        return Processed(article.id, article.origin, None, f"extraction failed: {type(error).__name__}: {error}")
    report = compiled_shapes().validate(triples)
    if not report.conforms:
        first = next(v for v in report.violations if v.severity == "sh:Violation")
        return Processed(article.id, article.origin, None, f"extracted graph does not conform to the shapes, not stored: {first}")
    return Processed(article.id, article.origin, ntriples(triples), None, triples_tallies(triples))


def process_chunk(articles: list[Article]) -> list[Processed]:
    """Parse, extract, map and validate a chunk of articles (in a worker, or in-process)."""
    job = _job
    if job is None:
        raise RuntimeError("process_chunk needs a job: call run_chunks")
    nlp = job.extractor.nlp
    docs = nlp.pipe((a.text for a in articles), batch_size=job.extractor.batch_size)
    return [_finish(article, doc, job) for article, doc in zip(articles, docs)]


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_chunks(
    articles: Iterable[Article], *, extractor: Extractor, run: URIRef, jobs: int = 1, chunk_size: int = 16
) -> Iterator[Processed]:
    """Every article processed, in input order; ``jobs`` worker processes (1: in this process)."""
    global _job
    _job = _Job(extractor, run)
    compiled_shapes()  # compiled once here; forked workers inherit it
    try:
        if jobs <= 1:
            for chunk in _chunks(articles, chunk_size):
                yield from process_chunk(chunk)
            return
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            pending: deque[Future] = deque()
            for chunk in _chunks(articles, chunk_size):
                pending.append(pool.submit(process_chunk, chunk))
                if len(pending) >= 2 * jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        _job = None
