"""Serving: uvicorn for HTTP, and a pool of query worker processes that can be stopped.

Why worker processes rather than threads (measured on this machine, 2 cores):
pyoxigraph releases the GIL while it evaluates, so a query thread does not block
the event loop, but a thread cannot be stopped: a ``COUNT(*)`` over a cross
product of all triples runs inside one call into Rust, with no point between
solutions where the thread could give up, and it kept a core busy for minutes
after its client was told "time limit". A worker process is killed (SIGKILL) at
the limit and replaced in the background (about 0.5 s to spawn and open the
store), so a runaway query costs at most ``timeout`` seconds of one core, and the
other workers keep answering meanwhile. Each worker opens the store read-only
and reopens it when the store's files change, so a build running beside the
server shows up in its answers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import StoreError
from newskg.ontology.terms import PREFIXES

log = logging.getLogger("newskg.serve")

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_SPAWN = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class QueryJob:
    """One query for a worker: the text, the negotiated media types, and the limits.

    ``bindings`` maps variables to string literals (saved-query parameters, bound by
    the engine); ``hidden`` variables are left out of the answer.
    """

    query: str
    result_type: str | None  # media type for SELECT/ASK answers; None: the client accepts none
    graph_type: str | None  # media type for CONSTRUCT/DESCRIBE answers
    max_rows: int
    bindings: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryAnswer:
    status: int
    media_type: str
    body: bytes
    rows: int = 0
    truncated: bool = False


class QueryTimeout(Exception):
    """The query ran past the time limit and its worker was stopped."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


# Worker side ---------------------------------------------------------------------------


def _signature(path: Path) -> tuple:
    """What changes when a writer adds data: the store's file names, sizes and times."""
    entries = []
    for entry in os.scandir(path):
        if not entry.name.startswith("LOG"):
            stat = entry.stat()
            entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


class _Snapshot:
    """A read-only view of the store, reopened when its files change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.signature = _signature(path)
        self.store = ox.Store.read_only(str(path))

    def current(self) -> ox.Store:
        signature = _signature(self.path)
        if signature != self.signature:
            try:
                self.store = ox.Store.read_only(str(self.path))
                self.signature = signature
            except (OSError, RuntimeError) as error:  # a writer was mid-flush: keep the last view
                log.debug("keeping the previous view of the store: %s", error)
        return self.store


def _text(status: int, message: str) -> QueryAnswer:
    return QueryAnswer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _json_term(term) -> dict:
    """A term in the W3C SPARQL JSON results form (the form pyoxigraph parses back)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        else:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate), "object": _json_term(term.object),
        }}
    raise TypeError(f"unexpected term in a result: {term!r}")


def _solutions(result: ox.QuerySolutions, job: QueryJob) -> QueryAnswer:
    """At most ``max_rows`` rows, written by pyoxigraph's own W3C serialisers.

    The rows kept are rebuilt as a JSON results document and parsed back, which
    gives a QuerySolutions that pyoxigraph can serialise in any results format.
    """
    variables = [v.value for v in result.variables if v.value not in job.hidden]
    bindings, truncated = [], False
    for solution in result:
        if len(bindings) == job.max_rows:
            truncated = True
            break
        bindings.append({v: _json_term(solution[v]) for v in variables if solution[v] is not None})
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}})
    kept = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    body = kept.serialize(format=RESULT_FORMATS[job.result_type])
    return QueryAnswer(200, job.result_type, body, rows=len(bindings), truncated=truncated)


def _triples(result: ox.QueryTriples, job: QueryJob) -> QueryAnswer:
    triples, truncated = [], False
    for triple in result:
        if len(triples) == job.max_rows:
            truncated = True
            break
        triples.append(triple)
    fmt = GRAPH_FORMATS[job.graph_type]
    prefixes = dict(PREFIXES) if fmt == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    return QueryAnswer(200, job.graph_type, body, rows=len(triples), truncated=truncated)


def execute(store: ox.Store, job: QueryJob) -> QueryAnswer:
    """Run one query and serialise its answer; every failure becomes an HTTP status and a message."""
    substitutions = {ox.Variable(name): ox.Literal(value) for name, value in job.bindings}
    try:
        result = store.query(
            job.query,
            prefixes=dict(PREFIXES),
            use_default_graph_as_union=not job.default_graphs,
            default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
            substitutions=substitutions or None,
        )
        if isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)) and job.result_type is None:
            return _text(406, "SELECT and ASK answer in a SPARQL results format (JSON, XML, CSV or TSV); "
                              "the Accept header allows none")
        if isinstance(result, ox.QueryBoolean):
            return QueryAnswer(200, job.result_type, result.serialize(format=RESULT_FORMATS[job.result_type]), rows=1)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, job)
        if job.graph_type is None:
            return _text(406, "CONSTRUCT and DESCRIBE answer in Turtle, N-Triples, JSON-LD or RDF/XML; "
                              "the Accept header allows none")
        return _triples(result, job)
    except SyntaxError as error:
        return _text(400, f"SPARQL syntax error: {error}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return _text(500, f"the query failed: {error}")


def _exit_with_parent(parent: int) -> None:
    """Stop this worker when the server is gone, even in the middle of a query."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _worker_main(path: str, connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        snapshot = _Snapshot(Path(path))
    except (OSError, RuntimeError) as error:
        connection.send(("error", f"{path}: cannot open the store read-only: {error}"))
        return
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(execute(snapshot.current(), job))


# Server side ---------------------------------------------------------------------------


class _Worker:
    def __init__(self, path: Path) -> None:
        self.connection, child = _SPAWN.Pipe()
        self.process = _SPAWN.Process(target=_worker_main, args=(str(path), child), daemon=True, name="newskg-query")
        self.process.start()
        child.close()
        self.timed_out = False

    def wait_ready(self, timeout: float) -> None:
        if not self.connection.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:.0f} s")
        try:
            status, message = self.connection.recv()
        except EOFError:
            raise StoreError("a query worker stopped while opening the store") from None
        if status != "ready":
            self.kill()
            raise StoreError(message)

    def call(self, job: QueryJob, timeout: float) -> QueryAnswer | None:
        """The worker's answer, or None when it ran out of time or died."""
        try:
            self.connection.send(job)
            if not self.connection.poll(max(timeout, 0.0)):
                return None
            return self.connection.recv()
        except (EOFError, OSError):
            return None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryPool:
    """Worker processes that run queries with a hard time limit."""

    def __init__(self, store: Path, *, workers: int = 2, timeout: float = 10.0) -> None:
        self.path = Path(store)
        self.size = workers
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    def start(self) -> None:
        """Spawn the workers and wait until each has opened the store (or raise StoreError)."""
        if not self.path.is_dir():
            raise StoreError(f"{self.path}: no store here; run `newskg build --store {self.path} FILES` first")
        started = [_Worker(self.path) for _ in range(self.size)]
        self._all.update(started)
        try:
            for worker in started:
                worker.wait_ready(timeout=60)
        except StoreError:
            self.close()
            raise
        for worker in started:
            self._idle.put_nowait(worker)

    async def run(self, job: QueryJob) -> QueryAnswer:
        """The answer; raises QueryTimeout (worker stopped) or PoolBusy (no worker free in time)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise PoolBusy() from None
        call = loop.run_in_executor(None, worker.call, job, deadline - loop.time())
        try:
            answer = await asyncio.shield(call)
        except asyncio.CancelledError:  # the request went away: the worker still comes back, or is replaced
            call.add_done_callback(lambda done: self._settle(worker, done.result()))
            raise
        if self._settle(worker, answer):
            return answer
        if not worker.timed_out:
            return _text(500, "the query worker stopped unexpectedly (out of memory?); try a smaller query")
        raise QueryTimeout()

    def _settle(self, worker: _Worker, answer: QueryAnswer | None) -> bool:
        """Put a worker that answered back in the queue; stop and replace one that did not."""
        if answer is not None:
            self._idle.put_nowait(worker)
            return True
        worker.timed_out = worker.process.is_alive()
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._replace(retired=worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return False

    async def _replace(self, *, retired: _Worker) -> None:
        await asyncio.to_thread(retired.kill)
        if self._closed:
            return
        try:
            worker = await asyncio.to_thread(_Worker, self.path)
            self._all.add(worker)
            await asyncio.to_thread(worker.wait_ready, 60)
        except StoreError as error:
            log.error("could not start a query worker: %s", error)
            return
        if self._closed:
            worker.kill()
        else:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()


class _Stop(Exception):
    """SIGTERM: shut down like Ctrl-C."""


def _on_sigterm(signum, frame) -> None:
    raise _Stop()


def serve(
    store: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0, max_rows: int = 10_000,
    workers: int = 2, log_level: str = "info",
) -> None:
    """Serve the store until Ctrl-C or SIGTERM; the query workers are stopped on the way out."""
    import uvicorn

    from newskg.graph.endpoint import create_app

    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    pool = QueryPool(store, workers=workers, timeout=timeout)
    try:
        pool.start()
        app = create_app(pool=pool, max_rows=max_rows, timeout=timeout, host=host)
        config = uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False, lifespan="off")
        uvicorn.Server(config).run()
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        pool.close()
        signal.signal(signal.SIGTERM, previous)
