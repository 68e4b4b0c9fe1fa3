"""Latency of every saved query: Oxigraph on a store, and rdflib's engine on the same data in memory.

Each saved query runs with the parameters of its own ``#+ example`` header,
``--runs`` times, answers fetched in full into Python rows (what ``newskg query``
does); the median and the maximum are printed. The reference is what a user
would otherwise reach for: all quads of the store in an in-memory rdflib
Dataset whose default graph is the union of its graphs (DISTINCT queries: the
union is the same) queried with rdflib's SPARQL engine: the quads are loaded once, in a child
process, and each query runs in a fork of it with a time limit (rdflib cannot
finish some queries on a big store).

    .venv/bin/python benchmarks/query_latency.py STORE [--rdflib] [--runs 5] [--page 100] [--only actors places]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shlex
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def example_params(example: str) -> dict[str, str]:
    """The ``--param K=V`` pairs of a query's example command line."""
    words = shlex.split(example)
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words[:-1]) if w in ("--param", "-p"))


def oxigraph_latencies(
    store_path: Path, *, runs: int, page: int | None, only: list[str] | None = None
) -> dict[str, tuple[float, float, int]]:
    from newskg.api import KnowledgeGraph

    kg = KnowledgeGraph(store_path, read_only=True)
    out = {}
    for saved in kg.saved_queries():
        if only and saved.name not in only:
            continue
        params = example_params(saved.example)
        times, rows = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            result = kg.query(saved.name, params, limit=page) if page else kg.query(saved.name, params)
            times.append(time.perf_counter() - start)
            rows = len(result.rows)
        out[saved.name] = (statistics.median(times), max(times), rows)
    kg.close()
    return out


def _rdflib_dataset(store_path: str):
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from newskg.graph.store import Store

    store = Store(store_path, read_only=True)
    graph = Dataset(default_union=True)  # named graphs kept: some queries read GRAPH ?g
    for s, p, o, g in store.quads():
        graph.add((s, p, o, DATASET_DEFAULT_GRAPH_ID if g is None else g))
    store.close()
    return graph


def _rdflib_query(graph, name: str, runs: int, queue) -> None:
    """In a fork of the loaded process: one saved query, ``runs`` times; puts (median, max, rows)."""
    from newskg.ontology.terms import PREFIXES
    from newskg.queries.catalog import get_query

    saved = get_query(name)
    bindings = saved.bindings(example_params(saved.example))
    times, rows = [], 0
    try:
        for _ in range(runs):
            start = time.perf_counter()
            rows = len(list(graph.query(saved.text, initBindings=bindings, initNs=dict(PREFIXES))))
            times.append(time.perf_counter() - start)
    except Exception as error:  # rdflib's engine fails on some queries ("Variable aname is not bound")
        queue.put(f"{type(error).__name__}: {error}")
        return
    queue.put((statistics.median(times), max(times), rows))


def _rdflib_child(store_path: str, names: list[str], runs: int, timeout: float, out) -> None:
    """Load the quads once, then run each query in a fork of this process with its own time limit.

    A fork shares the loaded graph (a 10x store takes minutes to load into rdflib),
    and a query that runs past its limit is killed without losing the others.
    """
    start = time.perf_counter()
    graph = _rdflib_dataset(store_path)
    out.put(("load", time.perf_counter() - start))
    fork = multiprocessing.get_context("fork")
    for name in names:
        queue = fork.Queue()
        child = fork.Process(target=_rdflib_query, args=(graph, name, runs, queue))
        child.start()
        child.join(timeout)
        if child.is_alive():
            child.terminate()
            child.join()
        out.put((name, queue.get() if not queue.empty() else None))
    out.put(("done", None))


def rdflib_latencies(
    store_path: Path, names: list[str], *, runs: int, timeout: float
) -> Iterator[tuple[str, tuple[float, float, int] | str | None]]:
    """rdflib's (median, max, rows) for each query as it finishes, its error message when it failed,
    None when it did not finish within ``timeout`` seconds; first ("load", seconds) for the load."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    loader = context.Process(target=_rdflib_child, args=(str(store_path), names, runs, timeout, out))
    loader.start()
    while True:
        key, value = out.get()
        if key == "done":
            break
        yield key, value
    loader.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", type=int, default=None, help="also time the first page of this many rows")
    parser.add_argument("--rdflib", action="store_true", help="compare with rdflib on the same data")
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds rdflib gets per query (its one load of the quads not included)")
    parser.add_argument("--only", nargs="+", default=None, metavar="QUERY", help="time these saved queries only")
    args = parser.parse_args()
    from newskg.graph.store import Store

    store = Store(args.store, read_only=True)
    print(f"store {args.store}: {len(store)} quads, {len(store.named_graphs())} graphs")
    store.close()
    full = oxigraph_latencies(args.store, runs=args.runs, page=None, only=args.only)
    paged = oxigraph_latencies(args.store, runs=args.runs, page=args.page, only=args.only) if args.page else {}
    header = f"{'query':14} {'rows':>7} {'median s':>9} {'max s':>8}"
    if paged:
        header += f" {'page median':>12} {'page max':>9}"
    if args.rdflib:
        header += f" {'rdflib median':>14} {'ratio':>7}"
    print(header)
    references = {}
    if args.rdflib:
        answers = rdflib_latencies(args.store, list(full), runs=args.rdflib_runs, timeout=args.timeout)
        for key, value in answers:
            if key == "load":
                print(f"(rdflib: {value:.0f} s to load the quads, once)", flush=True)
                continue
            references[key] = value
    for name, (median, worst, rows) in full.items():
        line = f"{name:14} {rows:7d} {median:9.3f} {worst:8.3f}"
        if paged:
            line += f" {paged[name][0]:12.3f} {paged[name][1]:9.3f}"
        if args.rdflib:
            reference = references.get(name)
            if isinstance(reference, str):
                line += f" {'fails':>14} {'-':>7}  ({reference[:60]})"
            elif reference is None:
                line += f" {'>' + str(int(args.timeout)) + ' s':>14} {'-':>7}"
            else:
                line += f" {reference[0]:14.3f} {reference[0] / median:7.0f}x"
                if reference[2] != rows:
                    line += f" (rdflib rows {reference[2]})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
