"""Crash safety, idempotency and updates, proved on real build processes.

Builds run as subprocesses and are SIGKILLed at seeded random moments, from
model loading to the identity refresh. After every kill the store must open,
validate, and hold only whole articles (each present article graph equals the
same article's graph from a clean build); running the build again must end
with exactly the clean build's store. Provenance (run IRIs, timestamps) differs
between runs by design and is normalised away before comparing.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from newskg.cli import main
from newskg.graph.store import Store
from newskg.iris import PROVENANCE_GRAPH
from newskg.ontology.terms import ID_BASE, NK

pytestmark = pytest.mark.slow

DEV = Path("/work/shared/corpus/isaf/dev.jsonl")
SEEDS = Path("/work/shared/corpus/seeds")
RUN_PREFIX = ID_BASE + "run/"
NORMAL_RUN = URIRef(RUN_PREFIX + "normalised")
SEED = 20210806
# (how builds run, how many are killed) per chain; each chain ends with a build that must complete
# the store. "cli" is `newskg build`, which writes this small corpus in one transaction; "small"
# runs the same pipeline with 3 articles per transaction and spaCy batches of 4 (a build parses a
# spaCy batch at a time: at the usual 32 the whole corpus is one batch, and its 11 writes follow
# each other too fast for a kill to land between them), so kills land between batches too.
CHAINS = (("cli", 4), ("small", 3), ("small", 3))
# Seconds after the chosen progress mark (a write in flight, the identity refresh). The small-batch
# build writes its 32 articles in about 0.6 s since writes run beside the parsing, so a kill up to
# 0.6 s after an early mark could land after the last write, and the kills stopped meeting partly
# written stores; 0.3 s keeps them inside the writing, and after the last mark inside the identity
# refresh (about 1.5 s here).
JITTER = 0.3

SMALL_BATCH_BUILD = (
    "import sys\n"
    "from newskg.graph.store import Store\n"
    "from newskg.loaders.extract import Extractor\n"
    "from newskg.pipeline import DEFAULT_MODEL, build\n"
    "store = Store(sys.argv[1])\n"
    "extractor = Extractor.load(DEFAULT_MODEL)\n"
    "extractor.batch_size = 4\n"
    "build(store, sys.argv[2:], extractor=extractor, batch_size=3, progress=True)\n"
    "store.close()\n"
)
_PROGRESS = re.compile(rb"articles: (\d+) articles")


def small_corpus(folder: Path, *, articles: int = 30) -> list[Path]:
    """A slice of short ISAF dev articles (without gold) as one JSONL file, plus two seed files."""
    folder.mkdir(parents=True, exist_ok=True)
    if not DEV.exists():
        pytest.skip(f"{DEV} is not available")
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    records.sort(key=lambda r: (len(r["text"]), r["id"]))
    chosen = records[len(records) // 4 : len(records) // 4 + articles]
    feed = folder / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for record in chosen:
            record.pop("gold", None)
            out.write(json.dumps(record) + "\n")
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    return [feed, *(folder / s.name for s in seeds)]


def newskg_build(store: Path, paths: list[Path], *, small_batches: bool = False) -> subprocess.Popen:
    """A build process of its own session (a SIGKILL reaches only it), drawing its progress bar on stderr."""
    if small_batches:
        command = [sys.executable, "-c", SMALL_BATCH_BUILD, str(store), *map(str, paths)]
    else:
        command = [sys.executable, "-m", "newskg.cli", "build", "--store", str(store), "--progress", *map(str, paths)]
    env = {**os.environ, "TQDM_MININTERVAL": "0"}  # draw every update: the bar tells how many articles are written
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env)


def kill_at(process: subprocess.Popen, target: int | None, delay: float) -> str:
    """SIGKILL ``delay`` s after the bar shows ``target`` written articles (None: after launch)."""
    if target is not None:
        seen = b""
        while True:
            chunk = os.read(process.stderr.fileno(), 65536)
            if not chunk:
                break
            seen = (seen + chunk)[-4096:]
            counts = [int(n) for n in _PROGRESS.findall(seen)]
            if counts and max(counts) >= target:
                break
    try:
        process.wait(timeout=delay)
        return "finished"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return "killed"
    finally:
        process.communicate(timeout=60)


def finish(process: subprocess.Popen, *, timeout: float = 240) -> int:
    _, err = process.communicate(timeout=timeout)
    assert b"Traceback" not in err, err.decode(errors="replace")
    return process.returncode


def _normal(term):
    if isinstance(term, URIRef) and str(term).startswith(RUN_PREFIX):
        return NORMAL_RUN
    return term


def normalised_quads(store: Store) -> set[tuple]:
    """All quads except the provenance graph, with run IRIs replaced by one constant."""
    return {
        (_normal(s), p, _normal(o), g)
        for s, p, o, g in store.quads()
        if g != PROVENANCE_GRAPH
    }


def article_graphs(store: Store) -> dict[URIRef, frozenset]:
    """Each article's named graph (normalised), keyed by graph IRI."""
    graphs: dict[URIRef, set] = {}
    for s, p, o, g in normalised_quads(store):
        if g is not None and "/graph/article/" in str(g):
            graphs.setdefault(g, set()).add((s, p, o))
    return {g: frozenset(t) for g, t in graphs.items()}


def open_store(path: Path) -> Store:
    return Store(path, read_only=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return small_corpus(tmp_path_factory.mktemp("crash") / "in")


@pytest.fixture(scope="module")
def clean(tmp_path_factory, corpus) -> dict:
    """A clean build of the corpus: its store, normalised quads, article graphs and duration."""
    path = tmp_path_factory.mktemp("clean") / "store"
    started = time.monotonic()
    assert finish(newskg_build(path, corpus)) == 0  # its progress bar goes to the pipe, read at the end
    seconds = time.monotonic() - started
    store = open_store(path)
    try:
        quads = normalised_quads(store)
        graphs = article_graphs(store)
    finally:
        store.close()
    assert len(graphs) == 32
    return {"path": path, "quads": quads, "graphs": graphs, "seconds": seconds}


def assert_whole_articles(path: Path, clean: dict) -> int:
    """The store opens, validates, and every article in it equals the clean build's; returns how many."""
    assert CliRunner().invoke(main, ["validate", "--store", str(path)]).exit_code == 0
    store = open_store(path)
    try:
        present = article_graphs(store)
        articles = {str(row[0]) for row in store.select("SELECT ?a WHERE { ?a a nk:Article }")[1]}
    finally:
        store.close()
    for graph, triples in present.items():
        assert graph in clean["graphs"], f"unexpected graph {graph}"
        assert triples == clean["graphs"][graph], f"article graph {graph} is not whole"
        assert any(p == NK.contentHash for _, p, _ in triples)
    assert len(articles) == len(present)  # no article node outside a whole article graph
    return len(present)


def test_builds_killed_at_random_moments_leave_whole_articles_and_resume_to_the_clean_store(tmp_path, corpus, clean) -> None:
    rng = random.Random(SEED)
    span = clean["seconds"]
    seen: set[int] = set()
    log: list[str] = []
    for chain, (mode, kills) in enumerate(CHAINS):
        store = tmp_path / f"store-{chain}"
        small = mode == "small"
        present = 0
        for kill in range(kills):
            left = 32 - present  # a resumed build counts only the articles it still writes
            marks = sorted({0, left, *(range(3, left, 3) if small else ())})
            target = rng.choice([None, *marks])  # None: during start-up and model loading
            delay = rng.uniform(0.2, span / 2) if target is None else rng.uniform(0.0, JITTER)
            outcome = kill_at(newskg_build(store, corpus, small_batches=small), target, delay)
            present = assert_whole_articles(store, clean) if store.exists() else 0
            seen.add(present)
            log.append(f"chain {chain} ({mode}) build {kill}: {outcome} {delay:.1f} s after mark {target}, {present} whole articles")
            print(log[-1])
        assert finish(newskg_build(store, corpus, small_batches=small)) == 0
        final = open_store(store)
        try:
            assert normalised_quads(final) == clean["quads"], f"chain {chain}: the resumed store differs from a clean build"
            assert not final.select(
                "SELECT ?r WHERE { ?r a nk:ExtractionRun FILTER NOT EXISTS { ?r prov:endedAtTime ?t } }"
            )[1], "a run was left unfinished"
        finally:
            final.close()
    # The kills must have met partly written stores, not only empty and complete ones.
    assert seen - {0, 32}, log


# Idempotency and updates, through the command line ------------------------------------

def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_same_input_twice_gives_an_identical_store(tmp_path, corpus, clean) -> None:
    store = tmp_path / "store"
    shutil.copytree(clean["path"], store)
    before = open_store(store)
    quads_before = set(before.quads())
    before.close()
    again = cli("build", "--store", str(store), *map(str, corpus))
    assert again.exit_code == 0 and "0 article(s) stored, 32 unchanged" in again.stderr, again.stderr
    after = open_store(store)
    try:
        changed = {q for q in set(after.quads()) ^ quads_before if q[3] != PROVENANCE_GRAPH}
        assert not changed  # byte-identical outside the provenance graph, which records the run
    finally:
        after.close()


SHEBERGHAN = "Taliban fighters attacked a checkpoint near Sheberghan, the capital of Jowzjan province, on Monday, police said.\n"
CHEBERGHAN = "Fighting continued in Cheberghan on Tuesday, a provincial official said, and two civilians were wounded.\n"
CHANGED = "Fighting continued in Kunduz on Tuesday, the police chief told reporters.\n"


def _aliases(store: Path, name: str) -> set[str]:
    out = cli("query", "--store", str(store), "aliases", "--param", f"name={name}", "--format", "json").stdout
    return {b["alias"]["value"] for b in json.loads(out)["results"]["bindings"] if "alias" in b}


def _claims_of(store: Path) -> set[str]:
    out = cli("sparql", "--store", str(store), "SELECT ?c WHERE { ?x a nk:Claim ; nk:content ?c }", "--format", "json").stdout
    return {b["c"]["value"] for b in json.loads(out)["results"]["bindings"]}


def test_a_changed_article_replaces_its_graph_and_unsupported_aliases_disappear(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SHEBERGHAN, encoding="utf-8")
    (folder / "b.txt").write_text(CHEBERGHAN, encoding="utf-8")
    store = tmp_path / "store"
    assert cli("build", "--store", str(store), str(folder)).exit_code == 0
    assert "Cheberghan" in _aliases(store, "Sheberghan")
    old_claims = _claims_of(store)
    assert any("Cheberghan" in c for c in old_claims), old_claims

    (folder / "b.txt").write_text(CHANGED, encoding="utf-8")
    rebuilt = cli("build", "--store", str(store), str(folder))
    assert rebuilt.exit_code == 0 and "1 article(s) stored, 1 unchanged" in rebuilt.stderr, rebuilt.stderr
    assert "Cheberghan" not in _aliases(store, "Sheberghan")
    new_claims = _claims_of(store)
    assert not any("Cheberghan" in c for c in new_claims), new_claims
    assert any("Kunduz" in c for c in new_claims), new_claims
    assert cli("validate", "--store", str(store)).exit_code == 0

    # The incremental update ends where a clean build of the changed folder ends.
    fresh = tmp_path / "fresh"
    assert cli("build", "--store", str(fresh), str(folder)).exit_code == 0
    a, b = open_store(store), open_store(fresh)
    try:
        assert normalised_quads(a) == normalised_quads(b)
    finally:
        a.close()
        b.close()
