"""The per-article work of a build, run in worker processes.

Each worker parses a chunk of articles with spaCy, extracts, maps each article
to its RDF graph, validates that graph on its own (the shapes hold on one
article graph by design) and hands back N-Triples text: strings cross the
process boundary cheaply, rdflib graphs do not. The main process only writes.

Workers are forked from the main process after the model is loaded, so they
share its memory pages and start at once. Chunks come back in input order and
at most ``2 * jobs`` chunks are in flight, so a corpus of any size streams
through in bounded memory and the store ends the same whatever ``jobs`` is.

With one job there are no workers and no second parsing thread: this thread
parses a chunk, then extracts, maps and validates it, on one core, as spaCy's own
``nlp.pipe`` with one process does (the build's store writes still run beside it,
in a thread of their own: ``write_behind``). Earlier rounds parsed in a second
thread while this one extracted (spaCy's matrix arithmetic runs without the
interpreter lock); on a quiet machine that overlapped a few seconds, but it made
``--jobs 1`` take a second core, so ``--jobs 2`` could not show what a second
process adds, and on a busy machine the two threads cost more than they
overlapped. Side by side, three one-job builds each of the 729-article benchmark
corpus, in turn with spaCy alone: build / ``nlp.pipe`` median 0.72 both ways, CPU
32-39 s in one thread against 36-45 s in two (spaCy alone: 20-26 s).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from rdflib import URIRef

from newskg.graph.contested import CasualtyReports, triples_casualty_reports
from newskg.graph.fast_validation import CompiledShapes
from newskg.graph.identity_tallies import PlaceFacts, Tallies, triples_place_facts, triples_tallies
from newskg.graph.store import ntriples
from newskg.graph.validation import ontology_graph, shapes_graph
from newskg.loaders.article import Article
from newskg.loaders.extract import Extractor, extract_doc
from newskg.loaders.mapping import article_triples


@dataclass(frozen=True)
class Processed:
    """One article after the worker: its graph as N-Triples, what it adds to the identity counts
    (whose entities are those the build updates), its places' facts and its casualty reports,
    or why it was left out."""

    article_id: str
    origin: str
    ntriples: str | None
    problem: str | None
    tallies: Tallies = field(default_factory=Tallies)
    place_facts: PlaceFacts = field(default_factory=PlaceFacts)
    casualties: CasualtyReports = field(default_factory=CasualtyReports)


@dataclass(frozen=True)
class _Job:
    extractor: Extractor
    run: URIRef
    first_build: bool  # only a first build's identity step reads place facts and casualty reports


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
    if job.first_build:
        facts = triples_place_facts(triples), triples_casualty_reports(triples)
    else:
        facts = PlaceFacts(), CasualtyReports()
    return Processed(article.id, article.origin, ntriples(triples), None, triples_tallies(triples), *facts)


def _current_job() -> _Job:
    if _job is None:
        raise RuntimeError("processing chunks needs a job: call run_chunks")
    return _job


def process_chunk(articles: list[Article]) -> list[Processed]:
    """Parse, extract, map and validate a chunk of articles (in a worker, or in this process with one job)."""
    job = _current_job()
    nlp, batch_size = job.extractor.nlp, job.extractor.batch_size
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [_finish(article, doc, job) for article, doc in zip(articles, docs)]


@contextmanager
def _caller_garbage_kept() -> Iterator[None]:
    """Keep the collector off everything that exists before the build until it ends.

    The collector runs in whichever thread happens to allocate, and pyoxigraph's
    query results may only be freed in the thread that made them (elsewhere they
    leak with a warning on stderr). Garbage the caller left (a notebook's old
    results in a cycle) is frozen (``gc.freeze``) so the collections of the thread
    that writes a one-job build's batches (``write_behind``) pass it by, and handed
    back to the caller's thread after the build; the build's own queries leave none.
    A full collection here did the same in 0.19 s a build (a one-job build collected
    0.25 s in all); freezing is free, and the build's own collections no longer walk
    the model's objects either. (A caller that froze objects itself, before forking a
    server, finds them unfrozen after.)

    Worker processes are forked inside it, as Python's ``gc.freeze`` documentation advises
    for a parent that forks: a worker's full collection then passes the model by instead of
    walking it and writing to its shared pages. How often a worker makes one depends on what
    its parent holds: over the 1x corpus at ``--jobs 2``, none in a command-line build, but
    one per worker (0.29-0.31 s each) in the throughput benchmark's process, which holds a
    second copy of the model; none there either once frozen.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def worker_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """``jobs`` worker processes forked from this one, with what exists now frozen (see above)."""
    context = multiprocessing.get_context("fork")
    with _caller_garbage_kept(), ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool


def _in_order(pool: Executor, chunks: Iterable[list[Article]], work, ahead: int) -> Iterator[tuple[list[Article], list]]:
    """Each chunk with ``work(chunk)`` done by ``pool``, in input order, at most ``ahead`` chunks in flight."""
    pending: deque[tuple[list[Article], Future]] = deque()
    for chunk in chunks:
        pending.append((chunk, pool.submit(work, chunk)))
        if len(pending) >= ahead:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_chunks(
    articles: Iterable[Article], *, extractor: Extractor, run: URIRef, jobs: int = 1, first_build: bool = False
) -> Iterator[Processed]:
    """Every article processed, in input order; ``jobs`` worker processes (1: in this process).
    ``first_build``: also read each graph's place facts and casualty reports, which only the
    identity step of a build into an empty store uses.

    A chunk is one spaCy batch (``extractor.batch_size`` articles), as ``nlp.pipe`` batches
    alone: a smaller chunk makes spaCy parse in smaller batches.
    """
    global _job
    chunk_size = extractor.batch_size
    job = _job = _Job(extractor, run, first_build)
    compiled_shapes()  # compiled once here; forked workers inherit it
    try:
        if jobs <= 1:
            with _caller_garbage_kept():
                for chunk in _chunks(articles, chunk_size):
                    yield from process_chunk(chunk)
            return
        with worker_pool(jobs) as pool:
            for _chunk, processed in _in_order(pool, _chunks(articles, chunk_size), process_chunk, ahead=2 * jobs):
                yield from processed
    finally:
        _job = None
