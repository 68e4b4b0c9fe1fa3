"""Latency of every saved query: Oxigraph on a store, and rdflib's engine on the same data in memory.

Each saved query runs with the parameters of its own ``#+ example`` header,
``--runs`` times, answers fetched in full into Python rows (what ``newskg query``
does); the median and the maximum are printed. The reference is what a user
would otherwise reach for: all quads of the store in an in-memory rdflib
Dataset whose default graph is the union of its graphs (DISTINCT queries: the
union is the same) queried with rdflib's SPARQL engine: the quads are loaded once, in a child
process, and each query runs in a fork of it with a time limit (rdflib cannot
finish some queries on a big store). Each query's rdflib runs are timed between two
sets of ours, and the ratio is against those, so both sides meet the same machine.

    .venv/bin/python benchmarks/query_latency.py STORE [--rdflib] [--runs 5] [--page 100] [--only actors places]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shlex
import statistics
import sys
import time
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
        times, rows = query_times(kg, saved.name, runs=runs, page=page)
        out[saved.name] = (statistics.median(times), max(times), rows)
    kg.close()
    return out


def query_times(kg, name: str, *, runs: int, page: int | None = None) -> tuple[list[float], int]:
    """Seconds for each of ``runs`` runs of one saved query with its example parameters, answers fetched
    in full into Python rows (or the first ``page`` rows), and the number of rows."""
    from newskg.queries.catalog import get_query

    params = example_params(get_query(name).example)
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(kg.query(name, params, limit=page).rows)
        times.append(time.perf_counter() - start)
    return times, rows


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


def _rdflib_child(store_path: str, timeout: float, inbox, out) -> None:
    """Load the quads once, then run each query asked for in a fork of this process with its own time limit.

    A fork shares the loaded graph (a 10x store takes minutes to load into rdflib),
    and a query that runs past its limit is killed without losing the others. The
    parent asks for one query at a time (``inbox``: (name, runs), then None), so it can
    time its own engine on that query just before and just after, on the same machine state.
    """
    start = time.perf_counter()
    graph = _rdflib_dataset(store_path)
    out.put(("load", time.perf_counter() - start))
    fork = multiprocessing.get_context("fork")
    while (asked := inbox.get()) is not None:
        name, runs = asked
        queue = fork.Queue()
        child = fork.Process(target=_rdflib_query, args=(graph, name, runs, queue))
        child.start()
        child.join(timeout)
        if child.is_alive():
            child.terminate()
            child.join()
        out.put((name, queue.get() if not queue.empty() else None))


class RdflibReference:
    """rdflib's engine on a store's quads, loaded once in a child process, asked one query at a time."""

    def __init__(self, store_path: Path, *, timeout: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._inbox, self._out = context.Queue(), context.Queue()
        self._loader = context.Process(target=_rdflib_child, args=(str(store_path), timeout, self._inbox, self._out))
        self._loader.start()
        key, self.load_seconds = self._out.get()
        assert key == "load"

    def latency(self, name: str, *, runs: int) -> tuple[float, float, int] | str | None:
        """(median, max, rows) of ``runs`` runs; rdflib's error message when it failed; None past the time limit."""
        self._inbox.put((name, runs))
        answered, value = self._out.get()
        assert answered == name
        return value

    def close(self) -> None:
        self._inbox.put(None)
        self._loader.join()


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
    reference = RdflibReference(args.store, timeout=args.timeout) if args.rdflib else None
    if reference is not None:
        print(f"(rdflib: {reference.load_seconds:.0f} s to load the quads, once. Each query's rdflib runs are timed "
              f"between two sets of {args.runs} runs of ours, and its ratio is against the median of those "
              f"{2 * args.runs}, printed after it)", flush=True)
        from newskg.api import KnowledgeGraph

        kg = KnowledgeGraph(args.store, read_only=True)
    for name, (median, worst, rows) in full.items():
        line = f"{name:14} {rows:7d} {median:9.3f} {worst:8.3f}"
        if paged:
            line += f" {paged[name][0]:12.3f} {paged[name][1]:9.3f}"
        if reference is not None:
            before, _ = query_times(kg, name, runs=args.runs)
            answer = reference.latency(name, runs=args.rdflib_runs)
            after, _ = query_times(kg, name, runs=args.runs)
            beside = statistics.median(before + after)
            if isinstance(answer, str):
                line += f" {'fails':>14} {'-':>7}  ({answer[:60]})"
            elif answer is None:
                line += f" {'>' + str(int(args.timeout)) + ' s':>14} {'-':>7}"
            else:
                line += f" {answer[0]:14.3f} {answer[0] / beside:7.0f}x  (ours beside it {beside:.4f} s)"
                if answer[2] != rows:
                    line += f" (rdflib rows {answer[2]})"
        print(line, flush=True)
    if reference is not None:
        kg.close()
        reference.close()


if __name__ == "__main__":
    main()
