"""The endpoint under hostile requests: updates through every entry, SERVICE in disguise,
runaway queries, the row cap, saved-query parameters that try to break out, and paths that
try to leave the saved queries. Served for real (``newskg serve`` in a subprocess)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from newskg.api import KnowledgeGraph
from newskg.errors import QueryError
from newskg.graph.store import Store
from tests import kgfixtures

pytestmark = pytest.mark.slow

TIMEOUT = 2.0
MAX_ROWS = 50
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
EVENTS = "SELECT ?e WHERE { ?e a nk:Event }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "store"
    kgfixtures.build_store(path).close()
    return path


@pytest.fixture(scope="module")
def server(store_dir):
    running = kgfixtures.Server(store_dir, timeout=TIMEOUT, max_rows=MAX_ROWS)
    yield running
    running.stop()


def quad_count(store_dir: Path) -> int:
    store = Store(store_dir, read_only=True)
    try:
        return len(store)
    finally:
        store.close()


# Updates, through every way a request can carry one ------------------------------------

UPDATES = [
    "INSERT DATA { <http://e/s> <http://e/p> 1 }",
    "INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 1 } }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/newskg/graph/identity>",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD <file:///etc/passwd> INTO GRAPH <http://e/g>",
    "CREATE GRAPH <http://e/new>",
    "COPY DEFAULT TO <http://e/g>",
    "PREFIX x: <http://e/> insert data { x:s x:p 1 }",
    "# a comment first\nclear   all",
]
ENTRIES = {
    "GET query=": lambda url, text: httpx.get(url, params={"query": text}),
    "POST form query=": lambda url, text: httpx.post(url, data={"query": text}),
    "POST form update=": lambda url, text: httpx.post(url, data={"update": text}),
    "POST sparql-update": lambda url, text: httpx.post(url, content=text, headers={"Content-Type": "application/sparql-update"}),
    "POST sparql-query": lambda url, text: httpx.post(url, content=text, headers={"Content-Type": "application/sparql-query"}),
    "GET update=": lambda url, text: httpx.get(url, params={"update": text}),
}


@pytest.mark.parametrize("entry", sorted(ENTRIES))
@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_through_every_entry(server, store_dir, entry, update) -> None:
    before = quad_count(store_dir)
    response = ENTRIES[entry](server.url + "/sparql", update)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert quad_count(store_dir) == before


def test_the_store_is_unchanged_after_all_updates(server, store_dir) -> None:
    """The endpoint's own view agrees: the fixture's quads, all of them."""
    response = httpx.get(server.url + "/sparql", params={"query": COUNT_ALL})
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == quad_count(store_dir)


# SERVICE, however it is written --------------------------------------------------------

SERVICES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <{url}> { ?a ?p ?o } } }",
    "SELECT * WHERE { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE {\n\tSERVICE\n\n<{url}>\n{ ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE# a comment\n<{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p \"a string\" . SERVICE <{url}> { ?x ?y ?z } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
]


@pytest.fixture(scope="module")
def listener():
    """A local port that records any connection: SERVICE must never make the server call out."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    calls: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
            except OSError:
                continue
            calls.append(connection.recv(1024))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", calls
    stop.set()
    thread.join(timeout=2)
    sock.close()


@pytest.mark.parametrize("template", SERVICES)
@pytest.mark.parametrize("entry", ["GET query=", "POST form query=", "POST sparql-query"])
def test_service_is_refused_and_never_called(server, listener, template, entry) -> None:
    url, calls = listener
    response = ENTRIES[entry](server.url + "/sparql", template.replace("{url}", url))
    assert response.status_code == 400, response.text
    assert "SERVICE" in response.text
    time.sleep(0.05)
    assert not calls, calls


# Runaway queries and the row cap ---------------------------------------------------------

RUNAWAYS = [
    ("GET query=", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"),
    ("POST form query=", "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j LIMIT 1"),
    ("POST sparql-query", "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(STR(?a) = CONCAT(STR(?j), 'x')) }"),
]


@pytest.mark.parametrize(("entry", "query"), RUNAWAYS)
def test_a_runaway_query_is_stopped_at_the_time_limit_while_others_are_answered(server, entry, query) -> None:
    outcome = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = ENTRIES[entry](server.url + "/sparql", query)
        outcome["seconds"] = time.monotonic() - started

    # httpx's default 5 s timeout is above TIMEOUT plus the worker's stop; a hang would fail here.
    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    quick = httpx.get(server.url + "/sparql", params={"query": EVENTS}, timeout=30)
    assert quick.status_code == 200
    thread.join(timeout=60)
    response = outcome["response"]
    assert response.status_code == 503 and "time limit" in response.text, response.text
    assert outcome["seconds"] < TIMEOUT + 3
    time.sleep(1.0)  # the stopped worker's replacement starts in the background
    assert httpx.get(server.url + "/sparql", params={"query": EVENTS}, timeout=30).status_code == 200


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000", "application/sparql-results+json"),
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000", "text/tab-separated-values"),
        ("CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000", "text/turtle"),
    ],
)
def test_the_row_cap_holds_for_large_answers(server, query, accept) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["x-newskg-truncated"] == "true"
    assert int(response.headers["x-newskg-rows"]) == MAX_ROWS


# Saved-query parameters that try to break out of their value ------------------------------

HOSTILE_VALUES = [
    'zzqx" } UNION { ?s ?p ?o } #',
    "zzqx' } UNION { ?s ?p ?o } #",
    'zzqx"""} ; DROP ALL ; #',
    "zzqx\\\" ) } } SELECT * WHERE { ?s ?p ?o } #",
    "zzqx }",
    "zzqx # the rest is a comment",
    "zzqx\n} UNION { ?s ?p ?o }\n#",
    "zzqx\r\nOPTIONAL { ?s ?p ?o }",
    "<http://e/x> } UNION { ?s ?p ?o",
    "zzqx> . ?s ?p ?o . <http://e/",
    "zzqx\x00 } UNION { ?s ?p ?o }",
    "zzqx\u202e} UNION {\u202c",
    "?s ?p ?o",
    "$__subject",
    "zzqx\\u0022 } UNION { ?s ?p ?o } #",
]
HARMLESS = "zzqx unknown"
TARGETS = [("claims-about", "subject"), ("claims-by", "actor"), ("events-at", "place"), ("aliases", "name"), ("timeline", "place")]


def _rows(response: httpx.Response) -> list:
    assert response.status_code == 200, (response.status_code, response.text)
    return response.json()["results"]["bindings"]


@pytest.mark.parametrize(("name", "parameter"), TARGETS)
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_saved_query_parameters_cannot_change_the_query(server, store_dir, name, parameter, value) -> None:
    harmless = _rows(httpx.get(f"{server.url}/queries/{name}", params={parameter: HARMLESS}, timeout=30))
    assert harmless == []
    response = httpx.get(f"{server.url}/queries/{name}", params={parameter: value}, timeout=30)
    assert _rows(response) == harmless
    with KnowledgeGraph(store_dir, read_only=True) as kg:
        assert kg.query(name, {parameter: value}).rows == []


@pytest.mark.parametrize("value", ["x" * 100_000, "zzqx " * 20_000, "\x00" * 5000, "\U0001f4a5" * 30_000])
def test_very_long_parameters_are_refused_cleanly(server, store_dir, value) -> None:
    status, data = raw_get(server, "/queries/claims-about?" + urlencode({"subject": value}))
    assert status in (0, 400, 413, 414, 431), data[:300]  # 0: the connection closed, no answer
    with KnowledgeGraph(store_dir, read_only=True) as kg, pytest.raises(QueryError):
        kg.query("claims-about", {"subject": value})


# Paths that try to reach files outside the saved queries ---------------------------------

def raw_get(server: kgfixtures.Server, path: str) -> tuple[int, bytes]:
    """A request whose path goes out byte for byte (HTTP clients normalise ``..`` away)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            return 0, data  # the HTTP layer closed the connection on an oversized request
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


PATHS = [
    "/queries/../../etc/passwd",
    "/queries/../../../../../../etc/passwd",
    "/queries/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/queries/..%252F..%252Fetc%252Fpasswd",
    "/queries/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/queries/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/queries/..%5c..%5cetc%5cpasswd",
    "/queries//etc/passwd",
    "/queries/%2Fetc%2Fpasswd",
    "/queries/file:%2F%2F%2Fetc%2Fpasswd",
    "/queries/claims-about.rq",
    "/queries/catalog.py",
    "/queries/__init__",
    "/queries/claims-about%00.rq",
    "/queries/..",
    "/queries/.",
    "/../../etc/passwd",
    "/etc/passwd",
    "/queries/aliases/../../../etc/passwd",
    "/sparql/../../etc/passwd",
]


@pytest.mark.parametrize("path", PATHS)
def test_rest_paths_never_reach_files(server, path) -> None:
    status, data = raw_get(server, path)
    assert status in (400, 404), (status, data[:300])
    assert b"root:" not in data
    assert b"#+" not in data and b"PREFIX" not in data  # no saved query's source either
