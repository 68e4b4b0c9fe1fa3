"""Build time and peak memory at several sizes of the corpus (1x = seeds + both ISAF splits).

Each size is a fresh ``newskg build`` in a child process on a generated JSON
Lines corpus (``corpus.py``: copies with their own ids, URLs and dates). Memory
is sampled from /proc every 0.2 s: the peak RSS of the build process itself and
the peak of the sum over the build and its worker processes (forked workers
share the model's pages, so the sum overstates what the machine uses).

    .venv/bin/python benchmarks/scaling.py --copies 1 10 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import base_records, write_corpus  # noqa: E402

NEWSKG = Path(sys.executable).parent / "newskg"


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(x) for x in handle.read().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        p = stack.pop()
        pids.append(p)
        stack.extend(_children(p))
    return pids


def measure_build(corpus: Path, store: Path, *, jobs: int, keep_output: bool = False) -> dict[str, float]:
    """Run ``newskg build`` and sample its memory; wall seconds and peaks in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [str(NEWSKG), "build", "--store", str(store), "--jobs", str(jobs), "--no-progress", str(corpus)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    main_peak = tree_peak = 0
    peak_at = 0.0
    while child.poll() is None:
        rss = _rss_kb(child.pid)
        if rss > main_peak:  # when the peak comes tells streaming (early, flat) from end-of-build work (late)
            main_peak, peak_at = rss, time.perf_counter() - start
        tree_peak = max(tree_peak, sum(_rss_kb(p) for p in _tree(child.pid)))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    summary = child.stderr.read().strip().splitlines()[-1:] if child.stderr else []
    return {"seconds": seconds, "main_mb": main_peak / 1024, "tree_mb": tree_peak / 1024, "exit": child.returncode,
            "peak_at": peak_at / seconds if seconds else 0.0,
            "summary": summary[0] if summary else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="keep the store of the largest size here")
    args = parser.parse_args()
    records = base_records()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; --jobs {args.jobs}")
    results = {}
    for copies in args.copies:
        folder = Path(tempfile.mkdtemp(prefix=f"newskg-scale-{copies}x-"))
        corpus = folder / "corpus.jsonl"
        n = write_corpus(corpus, copies, records=records)
        store = args.keep if (args.keep and copies == max(args.copies)) else folder / "store"
        figures = measure_build(corpus, store, jobs=args.jobs)
        results[copies] = figures
        print(
            f"{copies:4d}x {n:6d} articles: {figures['seconds']:8.1f} s, {n / figures['seconds']:6.2f} articles/s, "
            f"peak RSS build process {figures['main_mb']:7.0f} MB (at {figures['peak_at']:.0%} of the run), build + workers {figures['tree_mb']:7.0f} MB "
            f"(exit {figures['exit']}: {figures['summary']})",
            flush=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
    sizes = sorted(results)
    for small, big in zip(sizes, sizes[1:]):
        a, b = results[small], results[big]
        print(f"{big}x vs {small}x: peak RSS ratio {b['main_mb'] / a['main_mb']:.2f} (build process), "
              f"{b['tree_mb'] / a['tree_mb']:.2f} (with workers)")


if __name__ == "__main__":
    main()
