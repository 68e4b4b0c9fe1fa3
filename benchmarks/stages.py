"""Where a build's CPU goes beside spaCy: each per-article stage timed on its own, in one process.

``throughput.py`` says how far the whole build is from ``nlp.pipe``; this says
which step the difference is made of, so work goes where the time is. The corpus
is parsed once with the build's own pipeline (the parse is the floor every
ratio is taken against), then each stage a worker runs after the parse is timed
over every article, ``--rounds`` times, and the median printed with its share of
the parse: extraction, mapping to triples, SHACL validation, N-Triples, the
identity counts, the place facts and casualty reports of a first build, and the
pickling of what a worker hands back. Last, the main process's writes: every
article graph bulk-loaded into a fresh store in the build's batches, with the
CPU of RocksDB's own threads counted (their compactions run beside the loads).
CPU seconds of this thread (of the process, for the writes), not wall clock, so a
busy machine moves the figures less.

    .venv/bin/python benchmarks/stages.py --copies 1 --rounds 3
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import words, write_corpus  # noqa: E402

STAGES = ("extract", "map", "validate", "ntriples", "tallies", "first-build facts", "pickle")


def _timed(seconds: dict[str, float], stage: str, work: Callable[[], object]) -> object:
    start = time.thread_time()
    result = work()
    seconds[stage] += time.thread_time() - start
    return result


def per_article_stages(articles: list, docs: list, *, extractor, run) -> tuple[dict[str, float], list[str]]:
    """CPU seconds of each stage a worker runs after the parse, summed over the articles, and
    each article's N-Triples (what the writes are timed on)."""
    from newskg.graph.contested import triples_casualty_reports
    from newskg.graph.identity_tallies import triples_place_facts, triples_tallies
    from newskg.graph.store import ntriples
    from newskg.loaders.extract import extract_doc
    from newskg.loaders.mapping import article_triples
    from newskg.parallel import Processed, compiled_shapes

    shapes = compiled_shapes()
    seconds = dict.fromkeys(STAGES, 0.0)
    texts = []
    for article, doc in zip(articles, docs):
        extraction = _timed(seconds, "extract", lambda: extract_doc(article, doc, gazetteer=extractor.gazetteer))
        triples = _timed(seconds, "map", lambda: article_triples(extraction, run=run))
        _timed(seconds, "validate", lambda: shapes.validate(triples))
        text = _timed(seconds, "ntriples", lambda: ntriples(triples))
        texts.append(text)
        tallies = _timed(seconds, "tallies", lambda: triples_tallies(triples))
        facts = _timed(seconds, "first-build facts",
                       lambda: (triples_place_facts(triples), triples_casualty_reports(triples)))
        _timed(seconds, "pickle", lambda: pickle.dumps(Processed(article.id, article.origin, text, None, tallies, *facts)))
    return seconds, texts


def write_seconds(graphs: list[tuple], *, batch: int) -> tuple[float, float]:
    """CPU seconds (this process, every thread) and wall seconds to bulk-load the article graphs
    (graph, N-Triples) into a fresh store in batches of ``batch``, flushed and compacted as a
    first build does."""
    from newskg.graph.store import Store

    folder = Path(tempfile.mkdtemp(prefix="newskg-stages-"))
    try:
        store = Store(folder / "store")
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(graphs), batch):
            store.replace_graphs_ntriples(dict(graphs[i:i + batch]), written_by_ntriples=True)  # as the build does
        store.flush()
        store.compact()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        store.close()
        return cpu, seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="corpus size in copies of seeds + ISAF (729 articles each)")
    parser.add_argument("--rounds", type=int, default=3, help="time the stages this many times (medians printed)")
    args = parser.parse_args()

    from newskg.iris import article_graph, run_iri
    from newskg.loaders.discover import iter_articles
    from newskg.loaders.extract import Extractor
    from newskg.pipeline import BATCH_SIZE, DEFAULT_MODEL

    folder = Path(tempfile.mkdtemp(prefix="newskg-corpus-"))
    try:
        n = write_corpus(folder / "corpus.jsonl", args.copies)
        articles = list(iter_articles([folder / "corpus.jsonl"], on_problem=lambda p: None))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    extractor = Extractor.load(DEFAULT_MODEL)
    run = run_iri("stages-benchmark")
    start = time.thread_time()
    docs = list(extractor.nlp.pipe([a.text for a in articles], batch_size=extractor.batch_size))
    parse = time.thread_time() - start
    n_words = sum(words(a.text) for a in articles)
    print(f"corpus: {n} articles, {n_words} words; parse (the build's pipeline, nlp.pipe): {parse:.2f} s CPU")
    rounds = []
    for _ in range(args.rounds):
        seconds, texts = per_article_stages(articles, docs, extractor=extractor, run=run)
        rounds.append(seconds)
    total = 0.0
    print(f"{'stage':<20} {'CPU s':>7} {'ms/article':>11} {'of parse':>9}   (median of {args.rounds} rounds)")
    for stage in STAGES:
        seconds = statistics.median(r[stage] for r in rounds)
        total += seconds
        print(f"{stage:<20} {seconds:7.2f} {1000 * seconds / n:11.2f} {seconds / parse:9.1%}")
    print(f"{'worker, after parse':<20} {total:7.2f} {1000 * total / n:11.2f} {total / parse:9.1%}")
    graphs = [(article_graph(a.id), text) for a, text in zip(articles, texts)]
    cpu, wall = write_seconds(graphs, batch=BATCH_SIZE)
    print(f"{'writes (main)':<20} {cpu:7.2f} {1000 * cpu / n:11.2f} {cpu / parse:9.1%}   "
          f"bulk loads of {BATCH_SIZE} articles, flush and compaction, RocksDB threads included; {wall:.2f} s wall")


if __name__ == "__main__":
    main()
