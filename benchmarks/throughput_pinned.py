"""A one-job build against one-process ``nlp.pipe``, both at the same time, each on a core of its own.

``throughput.py`` times the floor and the build one after the other. On a shared
machine, spaCy alone has moved by half its time between two passes a minute
apart, more than the ratio's distance to its target. Here the two run at once,
spaCy alone pinned to one core and the whole build (``--jobs 1``, its store-writer
and RocksDB threads included) to the other, then with the cores swapped, so that
both meet the load of the moment; a pass and the next (cores swapped) are taken
together, since other work can slow one core more than the other. Both processes load their model first, untimed,
and each pass starts when both are ready. The build gets one core, as the floor
has: a one-job build that writes on a second core would be compared with a floor
that has one. Linux only (``sched_setaffinity``), two cores.

    .venv/bin/python benchmarks/throughput_pinned.py --copies 1 --rounds 4
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus  # noqa: E402
from benchmarks.throughput import _texts, whole_build  # noqa: E402


def _floor_passes(corpus: Path, cores: list[int], ready, results) -> None:
    import spacy

    from newskg.loaders.extract import Extractor
    from newskg.pipeline import DEFAULT_MODEL

    texts = _texts(corpus)
    nlp = spacy.load(DEFAULT_MODEL)  # as shipped, as in throughput.py: our ruler counts as overhead
    batch_size = Extractor.batch_size
    for number, core in enumerate(cores):
        os.sched_setaffinity(0, {core})
        ready.wait()
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        results.put(("pipe", number, core, time.perf_counter() - start))


def _build_passes(corpus: Path, cores: list[int], ready, results) -> None:
    from newskg.loaders.extract import Extractor
    from newskg.pipeline import DEFAULT_MODEL

    extractor = Extractor.load(DEFAULT_MODEL)
    for number, core in enumerate(cores):
        os.sched_setaffinity(0, {core})  # threads the build starts inherit it
        ready.wait()
        seconds, _cpu, _stored = whole_build(extractor, corpus, jobs=1)
        results.put(("build", number, core, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="corpus size in copies of seeds + ISAF (729 articles each)")
    parser.add_argument("--rounds", type=int, default=4, help="passes of each (even); the cores swap every pass")
    args = parser.parse_args()
    if args.rounds < 2 or args.rounds % 2:
        parser.error("--rounds must be an even number, at least 2: each pair of passes swaps the cores")
    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2:
        sys.exit("error: needs Linux and at least two cores to pin the two processes to")
    first, second = sorted(os.sched_getaffinity(0))[:2]
    floor_cores = [first if r % 2 == 0 else second for r in range(args.rounds)]
    build_cores = [second if core == first else first for core in floor_cores]

    corpus = Path(tempfile.mkdtemp(prefix="newskg-corpus-")) / "corpus.jsonl"
    try:
        n = write_corpus(corpus, args.copies)
        context = multiprocessing.get_context("spawn")
        ready, results = context.Barrier(2), context.Queue()
        workers = [
            context.Process(target=_floor_passes, args=(corpus, floor_cores, ready, results)),
            context.Process(target=_build_passes, args=(corpus, build_cores, ready, results)),
        ]
        for worker in workers:
            worker.start()
        print(f"corpus: {n} articles; {args.rounds} passes, spaCy alone and the build at the same time, "
              f"cores {first} and {second}, swapped each pass; load average {os.getloadavg()[0]:.2f}", flush=True)
        seconds: dict[tuple[str, int], tuple[int, float]] = {}
        while len(seconds) < 2 * args.rounds:
            if not any(worker.is_alive() for worker in workers) and results.empty():
                sys.exit("error: a benchmark process ended early (see its traceback above)")
            try:
                kind, number, core, value = results.get(timeout=5)
            except queue.Empty:  # look at the processes again
                continue
            seconds[(kind, number)] = (core, value)
            if (("pipe", number) in seconds) and (("build", number) in seconds):
                pipe_core, pipe_s = seconds[("pipe", number)]
                build_core, build_s = seconds[("build", number)]
                print(f"pass {number + 1}: nlp.pipe {pipe_s:6.1f} s on core {pipe_core} | newskg build {build_s:6.1f} s "
                      f"on core {build_core} | build/pipe throughput ratio {pipe_s / build_s:.2f}", flush=True)
        for worker in workers:
            worker.join()
        ratios = [seconds[("pipe", r)][1] / seconds[("build", r)][1] for r in range(args.rounds)]
        # The two cores are not equally fast from one minute to the next (other work lands on one of
        # them): a pass and the next, with the cores swapped, are taken together (geometric mean).
        pairs = [(ratios[r] * ratios[r + 1]) ** 0.5 for r in range(0, args.rounds - 1, 2)]
        print(f"build/pipe throughput ratio, one core each: per pair of swapped passes "
              f"{', '.join(f'{p:.2f}' for p in pairs)}; median of the pairs {statistics.median(pairs):.2f}; "
              f"passes {min(ratios):.2f}-{max(ratios):.2f}")
    finally:
        shutil.rmtree(corpus.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
