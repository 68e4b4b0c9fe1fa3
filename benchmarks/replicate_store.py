"""A large store made from a built one, without running the NLP again.

A real build of 100 copies of the corpus (73k articles) takes hours of spaCy on
two shared cores, so the query and add-one benchmarks use a store derived from
a real build: every article graph is copied ``copies`` times with the article's
IRIs (article, graph, mentions, claims, events) given a per-copy suffix and its
publication and event dates moved ``28 * k`` days, as ``corpus.py`` does to the
input. Entities, merges and the provenance graph are shared, as in a real build
of the replicated corpus; the identity graph is then recomputed in full. What
this cannot reproduce is an extraction that depends on the publication date
(relative dates): dates move with the copy instead. Nor is it laid out as a real
build's store: some queries run slower on it (``timeline`` 1.5-1.8x at 10x; at 100x
it compacted to 4.3 GB against a real build's 3.2 GB), so quote query targets from a
real build (``scaling.py --keep``).

    .venv/bin/python benchmarks/replicate_store.py SOURCE_STORE TARGET_STORE --copies 100
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from benchmarks.corpus import SHIFT_DAYS  # noqa: E402

_GRAPH_ARTICLE = "https://w3id.org/newskg/graph/article/"
_DATES = {"https://schema.org/datePublished", "https://w3id.org/newskg/ontology#date"}


def _renamer(segment: str, k: int):
    """Rewrite the IRIs that belong to one article (they all contain its segment) for copy k."""
    pattern = re.compile(rf"(/(?:article|claim|event|unnamed)/){re.escape(segment)}(?=[-#]|$)")
    suffix = f"{segment}-copy{k}"

    def rename(term):
        if isinstance(term, ox.NamedNode) and segment in term.value:
            return ox.NamedNode(pattern.sub(lambda m: m.group(1) + suffix, term.value))
        return term

    return rename


def _shift(term, predicate: str, days: int):
    if predicate in _DATES and isinstance(term, ox.Literal) and term.datatype.value.endswith("#date"):
        try:
            return ox.Literal((date.fromisoformat(term.value) + timedelta(days=days)).isoformat(), datatype=term.datatype)
        except ValueError:
            return term
    return term


def replicate(source: Path, target: Path, copies: int) -> int:
    src = ox.Store.read_only(str(source))
    dst = ox.Store(str(target))
    graphs = [g for g in src.named_graphs() if isinstance(g, ox.NamedNode)]
    shared = [g for g in graphs if not g.value.startswith(_GRAPH_ARTICLE)]
    articles = [g for g in graphs if g.value.startswith(_GRAPH_ARTICLE)]
    identity = "https://w3id.org/newskg/graph/identity"

    def quads():
        for g in shared:
            if g.value != identity:
                yield from src.quads_for_pattern(None, None, None, g)
        for k in range(copies):
            for g in articles:
                segment = g.value[len(_GRAPH_ARTICLE):]
                rename = _renamer(segment, k)
                graph = ox.NamedNode(_GRAPH_ARTICLE + f"{segment}-copy{k}")
                for q in src.quads_for_pattern(None, None, None, g):
                    obj = _shift(rename(q.object), q.predicate.value, SHIFT_DAYS * k)
                    yield ox.Quad(rename(q.subject), q.predicate, obj, graph)

    dst.bulk_extend(quads())
    dst.flush()
    n = len(dst)
    del dst
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    start = time.perf_counter()
    n = replicate(args.source, args.target, args.copies)
    print(f"copied: {n} quads in {time.perf_counter() - start:.1f} s")
    from newskg.graph.identity import refresh_identity
    from newskg.graph.store import Store

    start = time.perf_counter()
    store = Store(args.target)
    refresh_identity(store)
    store.close()
    print(f"identity recomputed in full: {time.perf_counter() - start:.1f} s; store {args.target}")


if __name__ == "__main__":
    main()
