"""Readers beside a running build: every query succeeds and sees only whole articles.

A build with small write batches runs in its own process; this process opens
the store read-only again and again while it runs, the way a notebook or
``newskg query`` would, and compares each article graph it sees with the clean
build's. (A second writer is refused with a clear message: test_build_cli.py.)
"""

from __future__ import annotations

import time

import pytest

from newskg.api import KnowledgeGraph
from newskg.errors import StoreError
from tests.test_crash_safety import clean, corpus, finish, newskg_build  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/graph/article/')) } GROUP BY ?g"
PARTS = """
SELECT ?a  WHERE {
  ?a a nk:Article ; nk:contentHash ?h .
} GROUP BY ?a
"""


def test_readers_during_a_build_see_only_whole_articles(tmp_path, corpus, clean) -> None:  # noqa: F811
    sizes = {g: len(t) for g, t in clean["graphs"].items()}
    store = tmp_path / "store"
    process = newskg_build(store, corpus, small_batches=True)
    seen: list[int] = []
    try:
        while process.poll() is None or not seen:
            if not store.exists():
                time.sleep(0.05)
                continue
            try:
                kg = KnowledgeGraph(store, read_only=True)
            except StoreError as error:
                if process.poll() is None and "cannot open" in str(error):
                    time.sleep(0.05)  # the writer is creating the store's first files
                    continue
                raise
            try:
                for graph, n in kg.select(SIZES).rows:
                    assert int(n) == sizes[graph], f"article graph {graph} seen with {n} of {sizes[graph]} triples"
                seen.append(len(kg.select(PARTS).rows))
            finally:
                kg.close()
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            process.kill()
    assert finish(process) == 0
    assert len(seen) >= 5 and seen[-1] == len(sizes), seen
    assert any(0 < n < len(sizes) for n in seen) or len(set(seen)) > 1, seen
