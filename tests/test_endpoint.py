"""The SPARQL endpoint and the saved-query REST API, served for real (``newskg serve`` in a
subprocess over the hand-built store) and queried with SPARQLWrapper and raw HTTP."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from newskg.graph.endpoint import contains_service, negotiate
from newskg.graph.store import Store
from newskg.queries.catalog import list_queries
from tests import kgfixtures

TIMEOUT = 2.0
MAX_ROWS = 50
# The columns DESIGN.md promises for each saved query (answers may carry more).
DOCUMENTED_COLUMNS = {
    "claims-about": ("claimant", "claimantName", "claim", "cue", "article", "published"),
    "claims-by": ("claim", "about", "aboutName", "article", "published"),
    "events-at": ("event", "eventType", "agentName", "date", "killed", "wounded", "article"),
    "timeline": ("date", "eventType", "placeName", "agentName", "article"),
    "aliases": ("entity", "type", "label", "alias"),
    "casualties": ("event", "placeName", "killed", "wounded", "claimantName", "article"),
    "contested": ("subject", "claimA", "claimantA", "claimB", "claimantB"),
    "sources": ("article", "title", "publisher", "published", "claims", "events"),
    "actors": ("actor", "name", "type", "mentions", "articles"),
    "places": ("place", "name", "geonames", "lat", "long", "mentions"),
}
# Saved query, parameters, and a (column, value) every answer must contain.
SAVED_CASES = [
    ("claims-about", {"subject": "Cheberghan"}, ("claimantName", "Qader Malia")),
    ("claims-about", {"subject": "Taliban"}, ("claimantName", "Zalmay Khalilzad")),
    ("claims-by", {"actor": "Zalmay Khalilzad"}, ("aboutName", "Taliban")),
    ("events-at", {"place": "Jawzjan"}, ("eventType", "Airstrike")),
    ("events-at", {"place": "Qala i Naw"}, ("eventType", "Attack")),
    ("timeline", {}, ("eventType", "Capture")),
    ("timeline", {"place": "Badghis"}, ("eventType", "Attack")),
    ("aliases", {"name": "Sheberghan"}, ("alias", "Sheberghan")),
    ("casualties", {}, ("killed", "20")),
    ("contested", {}, ("claimantA", "Qader Malia")),
    ("sources", {}, ("publisher", "Reuters")),
    ("actors", {}, ("name", "Zabihullah Mujahid")),
    ("places", {}, ("geonames", "https://sws.geonames.org/1127110/")),
]
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
EVENTS = "SELECT ?e ?type WHERE { ?e a nk:Event ; nk:eventType ?type } ORDER BY ?e"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("endpoint") / "store"
    kgfixtures.build_store(path)
    return path


@pytest.fixture(scope="module")
def server(store_dir):
    running = kgfixtures.Server(store_dir, timeout=TIMEOUT, max_rows=MAX_ROWS)
    yield running
    running.stop()


def _sparql(server: kgfixtures.Server, query: str, fmt: str, *, method: str = "GET") -> object:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == "POST":
        client.setMethod(POST)
    return client.query().convert()


# Unit checks: refusing SERVICE, negotiating formats -----------------------------------

@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?x <http://e/p> ?y SERVICE ?x { ?s ?p ?o } }", True),
        ("SELECT * WHERE {\n  SeRvIcE<http://example.org/>{?s ?p ?o}}", True),
        ("SELECT * WHERE { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p 'unterminated SERVICE <http://x/> { ?a ?b ?c } }", True),
        ("SELECT * WHERE { ?s ?p ?o } # SERVICE in a comment only", False),
        ("SELECT * WHERE { ?s ?p 'a SERVICE in a string' }", False),
        ('SELECT * WHERE { ?s ?p """long SERVICE\nstring""" }', False),
        ("SELECT * WHERE { ?s <http://example.org/service> ?o }", False),
        ("SELECT ?service WHERE { ?service a <http://example.org/Service> }", False),
        ("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o ; ex:SERVICE-x ?z }", False),
    ],
)
def test_contains_service(query, refused):
    assert contains_service(query) is refused


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        (None, None, ("application/sparql-results+json", "text/turtle")),
        ("*/*", None, ("application/sparql-results+json", "text/turtle")),
        ("text/csv", None, ("text/csv", None)),
        ("text/tab-separated-values", None, ("text/tab-separated-values", None)),
        ("application/sparql-results+xml", None, ("application/sparql-results+xml", None)),
        ("application/json", None, ("application/sparql-results+json", "application/ld+json")),
        ("application/n-triples", None, (None, "application/n-triples")),
        ("text/turtle;q=0.5, application/ld+json", None, (None, "application/ld+json")),
        ("text/csv;q=0.2, application/sparql-results+json;q=0.9", None, ("application/sparql-results+json", None)),
        ("text/*", None, ("text/csv", "text/turtle")),
        ("text/csv;q=0, */*;q=0.1", None, ("application/sparql-results+json", "text/turtle")),
        ("image/png", None, (None, None)),
        ("text/html", "csv", ("text/csv", None)),
        ("text/csv", "turtle", (None, "text/turtle")),
        ("text/csv", "no-such-format", ("text/csv", None)),
        (None, "text/tab-separated-values", ("text/tab-separated-values", None)),
    ],
)
def test_negotiate(accept, fmt, expected):
    assert negotiate(accept, fmt) == expected


# The SPARQL 1.1 Protocol over a real server -------------------------------------

def test_service_description(server):
    response = httpx.get(server.url + "/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(server.url + "/sparql")) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert len(list(graph.objects(None, sd.resultFormat))) == 8


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(server, method):
    answer = _sparql(server, EVENTS, JSON, method=method)
    types = [b["type"]["value"].rsplit("#", 1)[-1] for b in answer["results"]["bindings"]]
    assert sorted(types) == ["Airstrike", "Attack", "Capture"]


def test_sparqlwrapper_xml(server):
    document = _sparql(server, EVENTS, XML)
    assert len(document.getElementsByTagName("result")) == kgfixtures.EVENTS


@pytest.mark.parametrize(("fmt", "separator"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_tsv(server, fmt, separator):
    text = _sparql(server, EVENTS, fmt).decode("utf-8")
    lines = text.strip().splitlines()
    assert lines[0].split(separator) == (["e", "type"] if fmt == CSV else ["?e", "?type"])
    assert len(lines) == 1 + kgfixtures.EVENTS


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(server, fmt):
    answer = _sparql(server, "ASK { ?e a nk:Event ; nk:killed 20 }", fmt)
    if fmt == JSON:
        assert answer["boolean"] is True
    else:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_sparqlwrapper_construct_turtle(server):
    text = _sparql(server, "CONSTRUCT { ?e nk:eventType ?t } WHERE { ?e nk:eventType ?t }", TURTLE)
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert len(graph) == kgfixtures.EVENTS


def test_sparqlwrapper_construct_jsonld(server):
    graph = _sparql(server, "CONSTRUCT { ?e nk:eventType ?t } WHERE { ?e nk:eventType ?t }", JSONLD)
    assert len(graph) == kgfixtures.EVENTS


@pytest.mark.parametrize(
    ("accept", "media", "parse"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_describe_in_every_rdf_format(server, accept, media, parse):
    query = "DESCRIBE <https://w3id.org/newskg/id/event/fixture-b-0>"
    response = httpx.post(server.url + "/sparql", content=query,
                          headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    graph = rdflib.Graph().parse(data=response.content, format=parse)
    assert (None, rdflib.URIRef("https://w3id.org/newskg/ontology#killed"), rdflib.Literal(20)) in graph


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "GET", "params": {"query": EVENTS, "format": "csv"}}, 200),
        ({"method": "POST", "data": {"query": EVENTS}}, 200),
        ({"method": "POST", "content": EVENTS, "headers": {"Content-Type": "application/sparql-query"}}, 200),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
        ({"method": "GET", "params": [("query", EVENTS), ("query", EVENTS)]}, 400),
        ({"method": "GET", "params": {"query": EVENTS}, "headers": {"Accept": "image/png"}}, 406),
        ({"method": "GET", "params": {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, "headers": {"Accept": "text/csv"}}, 406),
        ({"method": "POST", "content": EVENTS, "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "POST", "content": "x" * 1_000_001, "headers": {"Content-Type": "application/sparql-query"}}, 413),
        ({"method": "GET", "params": {"query": EVENTS}, "headers": {"Host": "attacker.example"}}, 400),
    ],
)
def test_protocol_statuses(server, request_kwargs, status):
    kwargs = dict(request_kwargs)
    response = httpx.request(url=server.url + "/sparql", timeout=30, **kwargs)
    assert response.status_code == status, response.text


def test_dataset_parameters_select_graphs(server):
    graph = "https://w3id.org/newskg/graph/article/fixture-a"
    query = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a nk:Event }"
    response = httpx.get(server.url + "/sparql", params={"query": query, "default-graph-uri": graph})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "1"
    response = httpx.get(server.url + "/sparql", params={"query": query})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == str(kgfixtures.EVENTS)


# Read-only, no SERVICE, time limit, row cap -------------------------------------------

def _count(server: kgfixtures.Server) -> int:
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"data": {"update": "DROP ALL"}}, 403),
        ({"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403),
        ({"data": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 400),
        ({"data": {"query": "INSERT DATA { <http://e/s> <http://e/p> 1 }"}}, 400),
    ],
)
def test_updates_are_refused_and_change_nothing(server, store_dir, request_kwargs, status):
    before = _count(server)
    response = httpx.post(server.url + "/sparql", **request_kwargs)
    assert response.status_code == status
    assert _count(server) == before
    assert len(Store(store_dir, read_only=True)) == before


def test_service_is_refused(server):
    response = httpx.get(server.url + "/sparql",
                         params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert "SERVICE" in response.text


def test_row_cap_is_announced(server):
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert response.headers["x-newskg-truncated"] == "true"
    assert response.headers["x-newskg-max-rows"] == str(MAX_ROWS)
    assert len(response.text.strip().splitlines()) == 1 + MAX_ROWS
    response = httpx.get(server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert response.headers["x-newskg-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == MAX_ROWS
    response = httpx.get(server.url + "/sparql", params={"query": EVENTS})
    assert "x-newskg-truncated" not in response.headers


def test_runaway_query_is_stopped_while_others_are_answered(server):
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["response"] = httpx.get(server.url + "/sparql", params={"query": PATHOLOGICAL}, timeout=60)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    quick = httpx.get(server.url + "/sparql", params={"query": EVENTS}, timeout=30)
    assert quick.status_code == 200
    assert time.monotonic() - started < TIMEOUT
    thread.join(timeout=60)
    assert outcome["response"].status_code == 503
    assert "time limit" in outcome["response"].text
    assert TIMEOUT <= outcome["seconds"] < TIMEOUT + 5
    # The stopped worker is replaced: both workers answer again.
    for _ in range(4):
        assert httpx.get(server.url + "/sparql", params={"query": EVENTS}, timeout=30).status_code == 200


# Saved queries as a REST API ---------------------------------------------------------

def test_queries_listing(server):
    listing = httpx.get(server.url + "/queries").json()["queries"]
    assert {q["name"] for q in listing} == {q.name for q in list_queries()}
    by_name = {q["name"]: q for q in listing}
    assert [p["name"] for p in by_name["claims-about"]["parameters"]] == ["subject"]
    assert by_name["claims-about"]["parameters"][0]["required"] is True
    for name, columns in DOCUMENTED_COLUMNS.items():
        assert set(columns) <= set(by_name[name]["columns"]), name


@pytest.mark.parametrize(("name", "params", "expected"), SAVED_CASES)
def test_saved_query_over_rest(server, name, params, expected):
    response = httpx.get(f"{server.url}/queries/{name}", params=params, timeout=30)
    assert response.status_code == 200, response.text
    answer = response.json()
    listed = {q["name"]: q["columns"] for q in httpx.get(server.url + "/queries").json()["queries"]}
    assert answer["head"]["vars"] == listed[name]
    column, value = expected
    assert value in {b[column]["value"] for b in answer["results"]["bindings"] if column in b}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml"])
def test_saved_query_formats(server, fmt):
    response = httpx.get(f"{server.url}/queries/sources", params={"format": fmt})
    assert response.status_code == 200
    assert "Reuters" in response.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/queries/no-such-query", 404),
        ("/queries/..%2F..%2Fetc%2Fpasswd", 404),
        ("/queries/claims-about", 400),
        ("/queries/claims-about?subject=x&colour=red", 400),
        ("/queries/claims-about?subject=a&subject=b", 400),
        ("/queries/claims-about?subject=" + "x" * 2000, 400),
    ],
)
def test_saved_query_errors(server, path, status):
    assert httpx.get(server.url + path).status_code == status


def test_openapi_describes_every_path(server):
    document = httpx.get(server.url + "/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {"/sparql", "/queries"} <= set(paths)
    assert {"get", "post"} <= set(paths["/sparql"])
    for saved in list_queries():
        operation = paths[f"/queries/{saved.name}"]["get"]
        declared = {p["name"]: p["required"] for p in operation["parameters"] if p["name"] != "format"}
        assert declared == {p.name: p.required for p in saved.parameters}


def test_published_context_is_served(server):
    document = httpx.get(server.url + "/context.jsonld").json()
    assert document["@context"]["claimant"]["@id"] == "nk:claimant"


def test_answers_follow_a_build_beside_the_server(tmp_path):
    path = tmp_path / "store"
    kgfixtures.build_store(path)
    running = kgfixtures.Server(path)
    try:
        query = {"query": "ASK { <http://example.org/new> ?p ?o }"}
        assert httpx.get(running.url + "/sparql", params=query).json()["boolean"] is False
        writer = Store(path)
        writer.replace_graph(rdflib.URIRef("http://example.org/graph"),
                             [(rdflib.URIRef("http://example.org/new"), rdflib.RDFS.label, rdflib.Literal("new"))])
        writer.flush()
        deadline = time.monotonic() + 10
        while not httpx.get(running.url + "/sparql", params=query).json()["boolean"]:
            assert time.monotonic() < deadline, "the server never saw the new graph"
            time.sleep(0.2)
    finally:
        running.stop()


# Starting and stopping -------------------------------------------------------------

def test_sigterm_stops_server_and_workers(store_dir):
    running = kgfixtures.Server(store_dir, timeout=TIMEOUT, max_rows=MAX_ROWS)
    workers = kgfixtures.children(running.process.pid)
    assert len(workers) >= 2
    threading.Thread(target=lambda: httpx.get(running.url + "/sparql", params={"query": PATHOLOGICAL}, timeout=30)).start()
    time.sleep(0.5)
    assert running.stop() == 0

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 5
    while [pid for pid in workers if alive(pid)]:
        assert time.monotonic() < deadline, "worker processes outlived the server"
        time.sleep(0.1)


def test_serve_refuses_a_missing_store(tmp_path):
    result = subprocess.run([sys.executable, "-m", "newskg.cli", "serve", "--store", str(tmp_path / "none")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "no store here" in result.stderr
