"""The cost of adding one article to a large store, end to end, without loading the model.

Each run adds one article that the store does not hold (an ISAF article under
a new id) with the same ``build`` a user runs, with the model already loaded, and
times it whole: reading, NLP, validation, the write and the identity update.

    .venv/bin/python benchmarks/add_one.py STORE [--articles 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import CORPUS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--articles", type=int, default=5)
    args = parser.parse_args()
    from newskg.graph.store import Store
    from newskg.loaders.extract import Extractor
    from newskg.pipeline import DEFAULT_MODEL, build

    extractor = Extractor.load(DEFAULT_MODEL)
    with open(CORPUS / "isaf" / "test.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(args.articles * 7), handle)][:: 7]
    store = Store(args.store)
    print(f"store {args.store}: {len(store)} quads")
    folder = Path(tempfile.mkdtemp(prefix="newskg-addone-"))
    times = []
    for row in rows:
        record = {k: row.get(k) for k in ("title", "text", "date", "source")}
        record["id"] = f"add-one-{uuid.uuid4().hex[:12]}"
        path = folder / f"{record['id']}.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        start = time.perf_counter()
        report = build(store, [path], extractor=extractor, progress=False)
        seconds = time.perf_counter() - start
        times.append(seconds)
        print(f"added {record['id']} ({len(record['text'].split())} words): {seconds:.3f} s ({report.stored} stored)", flush=True)
    print(f"median {statistics.median(times):.3f} s, max {max(times):.3f} s over {len(times)} articles")
    store.close()


if __name__ == "__main__":
    main()
