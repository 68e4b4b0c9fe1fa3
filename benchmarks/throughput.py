"""Build throughput against its floor: spaCy's own ``nlp.pipe`` over the same texts.

Same model, same number of processes, side by side in one run (the machine is
shared, so the two are measured alternately, floor first). The floor is the
model exactly as spaCy ships it: newskg's own additions to the pipeline (the
organisation ruler) count as overhead, not as floor. The build is the
whole of ``newskg build`` (load, extract, map to RDF, validate, store, identity)
on a fresh store, timed without loading the model, as ``nlp.pipe`` is.
With ``--rounds N`` each pair is measured N times in turn and the median ratio
printed beside each round's: one pair moves by +-0.05 on a busy machine. CPU
seconds (every process and thread) are printed too: with worker processes on as
many cores, the build is bound by them, and they move less than the wall clock.

    .venv/bin/python benchmarks/throughput.py --copies 1 --jobs 1 2 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import words, write_corpus  # noqa: E402


def _texts(path: Path) -> list[str]:
    from newskg.loaders.discover import iter_articles

    return [a.text for a in iter_articles([path], on_problem=lambda p: None)]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker processes, once joined)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def floor(nlp, texts: list[str], *, jobs: int, batch_size: int) -> tuple[float, float]:
    """Seconds, wall and CPU, for spaCy alone to parse ``texts`` (docs consumed and dropped)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
        pass
    return time.perf_counter() - start, cpu_seconds() - cpu


def whole_build(extractor, corpus: Path, *, jobs: int) -> tuple[float, float, int]:
    from newskg.graph.store import Store
    from newskg.pipeline import build

    folder = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    try:
        store = Store(folder / "store")
        start, cpu = time.perf_counter(), cpu_seconds()
        report = build(store, [corpus], extractor=extractor, jobs=jobs, progress=False)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        store.close()
        return seconds, cpu, report.stored
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="corpus size in copies of seeds + ISAF (729 articles each)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1, help="measure each floor/build pair this many times in turn")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args()

    from newskg.loaders.extract import Extractor
    from newskg.pipeline import DEFAULT_MODEL

    corpus = Path(tempfile.mkdtemp(prefix="newskg-corpus-")) / "corpus.jsonl"
    n = write_corpus(corpus, args.copies)
    texts = _texts(corpus)
    n_words = sum(words(t) for t in texts)
    extractor = Extractor.load(DEFAULT_MODEL)
    import spacy

    shipped = spacy.load(DEFAULT_MODEL)
    print(f"corpus: {n} articles, {n_words} words; model {extractor.model_name} {extractor.model_version}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    figures: dict[int, dict] = {}
    for round_ in range(1, args.rounds + 1):
        for jobs in args.jobs:
            pipe_s, pipe_cpu = floor(shipped, texts, jobs=jobs, batch_size=extractor.batch_size)
            build_s, build_cpu, stored = whole_build(extractor, corpus, jobs=jobs)
            figure = figures.setdefault(jobs, {"pipe_s": [], "build_s": [], "pipe_cpu": [], "build_cpu": [], "stored": stored})
            for key, value in (("pipe_s", pipe_s), ("build_s", build_s), ("pipe_cpu", pipe_cpu), ("build_cpu", build_cpu)):
                figure[key].append(value)
            print(
                f"round {round_} jobs {jobs}: nlp.pipe {pipe_s:7.1f} s = {n / pipe_s:6.2f} articles/s "
                f"{n_words / pipe_s:8.0f} words/s | newskg build {build_s:7.1f} s = {n / build_s:6.2f} articles/s "
                f"{n_words / build_s:8.0f} words/s | build/pipe throughput ratio {pipe_s / build_s:.2f} ({stored} stored) "
                f"| CPU s, all processes: nlp.pipe {pipe_cpu:.1f}, build {build_cpu:.1f}",
                flush=True,
            )
    for jobs, figure in figures.items():
        ratios = [p / b for p, b in zip(figure["pipe_s"], figure["build_s"])]
        print(f"jobs {jobs}: median build/pipe throughput ratio {statistics.median(ratios):.2f} "
              f"over {len(ratios)} round(s) (range {min(ratios):.2f}-{max(ratios):.2f}); "
              f"median CPU s, all processes: nlp.pipe {statistics.median(figure['pipe_cpu']):.1f}, "
              f"build {statistics.median(figure['build_cpu']):.1f}")
    if 1 in figures and 2 in figures:
        build_speedup = [one / two for one, two in zip(figures[1]["build_s"], figures[2]["build_s"])]
        pipe_speedup = [one / two for one, two in zip(figures[1]["pipe_s"], figures[2]["pipe_s"])]
        print(f"speed-up --jobs 2 vs --jobs 1 (median): build {statistics.median(build_speedup):.2f}x, "
              f"nlp.pipe {statistics.median(pipe_speedup):.2f}x")
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    if args.json:
        print(json.dumps({"articles": n, "words": n_words, "figures": figures}))
    shutil.rmtree(corpus.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
