"""The per-article work of a build: one job parses in a second thread, results keep input order,
failures reach the building thread, and the interpreter's switch interval is the build's only."""

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
        gc.collect()  # what an allocation in the parsing thread can set off at any time
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


def test_one_job_gives_every_article_in_input_order_parsed_in_another_thread() -> None:
    _PARSED_IN.clear()
    articles = _articles([f"Article number {i} was written on Monday." for i in range(23)])
    processed = list(parallel.run_chunks(articles, extractor=_extractor(), run=run_iri("test"), jobs=1))
    assert [p.article_id for p in processed] == [a.id for a in articles]
    assert all(p.ntriples and p.problem is None for p in processed)
    assert len(_PARSED_IN) == len(articles)
    assert threading.current_thread() not in _PARSED_IN


def test_a_parsing_failure_is_raised_in_the_building_thread() -> None:
    articles = _articles(["A first text.", "A second text.", "FAIL on this one.", "Never reached."])
    results = parallel.run_chunks(articles, extractor=_extractor(batch_size=1), run=run_iri("test"), jobs=1)
    with pytest.raises(RuntimeError, match="the model failed"):
        list(results)


def test_the_switch_interval_is_short_during_a_one_job_build_and_restored_after() -> None:
    before = sys.getswitchinterval()
    articles = _articles([f"Text {i}." for i in range(6)])
    seen = []
    for _ in parallel.run_chunks(articles, extractor=_extractor(), run=run_iri("test"), jobs=1):
        seen.append(sys.getswitchinterval())
    assert seen and all(s == pytest.approx(parallel.SWITCH_INTERVAL) for s in seen)
    assert sys.getswitchinterval() == before


def test_the_switch_interval_is_restored_when_a_build_fails() -> None:
    before = sys.getswitchinterval()
    articles = _articles(["FAIL at once."])
    with pytest.raises(RuntimeError):
        list(parallel.run_chunks(articles, extractor=_extractor(), run=run_iri("test"), jobs=1))
    assert sys.getswitchinterval() == before


def test_a_build_left_unfinished_restores_the_switch_interval_when_closed() -> None:
    before = sys.getswitchinterval()
    results = parallel.run_chunks(_articles([f"Text {i}." for i in range(9)]), extractor=_extractor(),
                                  run=run_iri("test"), jobs=1)
    next(results)
    results.close()
    assert sys.getswitchinterval() == before


def test_garbage_left_before_a_build_is_not_collected_in_the_parsing_thread(monkeypatch) -> None:
    """pyoxigraph's query results belong to the thread that made them: dropped in another, they
    print "unsendable, but is being dropped on another thread" and leak. A build must not let
    the parsing thread's collections meet what the caller left behind (a notebook's old results)."""
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
