"""The per-article work of a build: one job parses in the calling thread and starts no other,
results keep input order, and failures reach the building thread."""

from __future__ import annotations

import gc
import sys
import threading

import pyoxigraph as ox
import pytest
import spacy
from spacy.language import Language

from newskg import parallel
from newskg.iris import run_iri
from newskg.loaders.article import Article
from newskg.loaders.extract import Extractor
from newskg.loaders.gazetteer import load_gazetteer

_PARSED_IN: list[threading.Thread] = []


@Language.component("test_parallel_thread_recorder")
def _record_thread(doc):
    """Notes the thread that parses, and fails on a text asking for it (a model's own error)."""
    _PARSED_IN.append(threading.current_thread())
    if doc.text.startswith("COLLECT"):
        gc.collect()  # what an allocation during parsing can set off at any time
    if doc.text.startswith("FAIL"):
        raise RuntimeError(f"the model failed on {doc.text!r}")
    return doc


def _extractor(batch_size: int = 4) -> Extractor:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_parallel_thread_recorder")
    return Extractor(nlp=nlp, gazetteer=load_gazetteer(), batch_size=batch_size)


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{i:03d}", text=text, origin=f"test:{i}") for i, text in enumerate(texts)]


def test_one_job_gives_every_article_in_input_order_parsed_in_the_calling_thread() -> None:
    """``--jobs 1`` is one core, as ``nlp.pipe`` with one process: no parsing thread beside the extraction."""
    _PARSED_IN.clear()
    articles = _articles([f"Article number {i} was written on Monday." for i in range(23)])
    threads_before = threading.active_count()
    processed = []
    for p in parallel.run_chunks(articles, extractor=_extractor(), run=run_iri("test"), jobs=1):
        assert threading.active_count() == threads_before
        processed.append(p)
    assert [p.article_id for p in processed] == [a.id for a in articles]
    assert all(p.ntriples and p.problem is None for p in processed)
    assert len(_PARSED_IN) == len(articles)
    assert set(_PARSED_IN) == {threading.current_thread()}


def test_a_parsing_failure_is_raised_in_the_building_thread() -> None:
    articles = _articles(["A first text.", "A second text.", "FAIL on this one.", "Never reached."])
    results = parallel.run_chunks(articles, extractor=_extractor(batch_size=1), run=run_iri("test"), jobs=1)
    with pytest.raises(RuntimeError, match="the model failed"):
        list(results)


def test_garbage_left_before_a_build_is_not_collected_in_another_thread(monkeypatch) -> None:
    """pyoxigraph's query results belong to the thread that made them: dropped in another, they
    print "unsendable, but is being dropped on another thread" and leak. A collection set off while
    a build parses must not meet what the caller left behind (a notebook's old results) in
    another thread (one-job builds once parsed in a thread of their own)."""
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    extractor = _extractor()
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o")))
    gc.disable()  # only the collections asked for below: none by chance in between
    try:
        garbage: list = [store.query("SELECT * WHERE { ?s ?p ?o }")]
        garbage.append(garbage)  # a cycle: only the collector frees it
        del garbage
        articles = _articles(["COLLECT now.", "And a second text."])
        processed = list(parallel.run_chunks(articles, extractor=extractor, run=run_iri("test"), jobs=1))
    finally:
        gc.enable()
    assert len(processed) == 2
    gc.collect()
    assert not unraisable, [str(u.exc_value) for u in unraisable]


def test_workers_are_forked_with_what_exists_frozen_and_it_is_thawed_after() -> None:
    """A worker's full collection must pass the model by, not walk it and write to its shared
    pages (Python's gc.freeze advice for a parent that forks); the caller gets its objects back."""
    assert gc.get_freeze_count() == 0
    with parallel.worker_pool(2) as pool:
        assert gc.get_freeze_count() > 0
        assert all(count > 0 for count in pool.map(_freeze_count_in_worker, range(2)))
    assert gc.get_freeze_count() == 0


def _freeze_count_in_worker(_task: int) -> int:
    return gc.get_freeze_count()
