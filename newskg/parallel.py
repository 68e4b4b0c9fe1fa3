"""The per-article work of a build, run in worker processes.

Each worker parses a chunk of articles with spaCy, extracts, maps each article
to its RDF graph, validates that graph on its own (the shapes hold on one
article graph by design) and hands back N-Triples text: strings cross the
process boundary cheaply, rdflib graphs do not. The main process only writes.

Workers are forked from the main process after the model is loaded, so they
share its memory pages and start at once. Chunks come back in input order and
at most ``2 * jobs`` chunks are in flight, so a corpus of any size streams
through in bounded memory and the store ends the same whatever ``jobs`` is.

With one job there are no workers, but there are two threads: spaCy parses the
next chunk in one while this one extracts, maps and validates the chunk before.
Python runs one thread at a time, yet spaCy's matrix arithmetic (the tok2vec,
parser and NER layers) runs without the interpreter lock, and the extraction
fills those gaps. The interpreter hands the lock over every 5 ms by default;
spaCy's lock-free stretches are shorter than that, so the parsing thread waited
most of each one out. Whole one-job builds of the 729-article benchmark corpus,
each interval four times in turn, median: 20.9 s at 5 ms, 19.2 s at 1 ms,
18.7 and 19.3 s at 0.5 ms (two runs), 18.4 and 17.6 s at 0.2 ms, 18.3 s at
0.1 ms, 18.4 s at 0.05 ms. The interval is set for the build only and put
back after it.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
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
        raise RuntimeError("parsing and processing chunks needs a job: call run_chunks")
    return _job


def parse_chunk(articles: list[Article]) -> list:
    """The chunk's spaCy docs, in order (in the parsing thread of a one-job build)."""
    extractor = _current_job().extractor
    return list(extractor.nlp.pipe((a.text for a in articles), batch_size=extractor.batch_size))


def process_chunk(articles: list[Article]) -> list[Processed]:
    """Parse, extract, map and validate a chunk of articles (in a worker)."""
    job = _current_job()
    return [_finish(article, doc, job) for article, doc in zip(articles, parse_chunk(articles))]


# How often the interpreter offers its lock to another thread during a one-job build (see above).
SWITCH_INTERVAL = 0.0002


@contextmanager
def _switch_interval(seconds: float) -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(seconds)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@contextmanager
def _caller_garbage_kept() -> Iterator[None]:
    """Keep the collector off everything that exists before the build until it ends.

    The collector runs in whichever thread happens to allocate, and pyoxigraph's
    query results may only be freed in the thread that made them (elsewhere they
    leak with a warning on stderr). Garbage the caller left (a notebook's old
    results in a cycle) is frozen (``gc.freeze``) so the parsing thread's
    collections pass it by, and handed back to the caller's thread after the build;
    the build's own queries leave none. A full collection here did the same in
    0.19 s a build (a one-job build collects 0.25 s in all); freezing is free, and
    the build's own collections no longer walk the model's objects either. (A caller
    that froze objects itself, before forking a server, finds them unfrozen after.)

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
    alone: a smaller chunk makes spaCy parse in smaller batches. Side by side, five one-job
    builds of the 729-article benchmark corpus each, median: 18.2 s in chunks of 16, 17.8 s
    in chunks of 32 (the batch size), 18.8 s in chunks of 48, where the first chunk is
    parsed with nothing to extract beside it and the last extracted with nothing to parse.
    """
    global _job
    chunk_size = extractor.batch_size
    job = _job = _Job(extractor, run, first_build)
    compiled_shapes()  # compiled once here; forked workers inherit it
    try:
        if jobs <= 1:
            with _caller_garbage_kept(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="newskg-parse") as pool, \
                    _switch_interval(SWITCH_INTERVAL):
                for chunk, docs in _in_order(pool, _chunks(articles, chunk_size), parse_chunk, ahead=2):
                    yield from (_finish(article, doc, job) for article, doc in zip(chunk, docs))
            return
        with worker_pool(jobs) as pool:
            for _chunk, processed in _in_order(pool, _chunks(articles, chunk_size), process_chunk, ahead=2 * jobs):
                yield from processed
    finally:
        _job = None
