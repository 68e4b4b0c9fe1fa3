"""The HTTP interface: a read-only SPARQL 1.1 Protocol endpoint and the saved queries as a REST API.

Routes: ``/sparql`` (GET ``?query=``, POST form-encoded ``query=``, POST
``application/sparql-query``; GET without a query gives the SPARQL 1.1 Service
Description), ``/queries`` and ``/queries/{name}``, ``/openapi.json`` and
``/context.jsonld``. Queries run in the worker processes of ``server.QueryPool``
(time limit, row cap); this module only reads requests, negotiates formats and
refuses what must never run: updates, and SERVICE (which would make the server
send requests to other hosts).
"""

from __future__ import annotations

import json
import re
from typing import Protocol
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from newskg import __version__
from newskg.errors import QueryError
from newskg.graph.exports import published_context
from newskg.graph.server import GRAPH_FORMATS, RESULT_FORMATS, PoolBusy, QueryAnswer, QueryJob, QueryTimeout
from newskg.ontology.terms import PREFIXES
from newskg.queries.catalog import SavedQuery, get_query, list_queries

MAX_BODY = 1_000_000  # bytes of a POSTed query

# Media types a client may ask for, in the server's order of preference, and what each means.
RESULT_OFFERS = (
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("application/xml", "application/sparql-results+xml"),
    ("text/xml", "application/sparql-results+xml"),
)
GRAPH_OFFERS = (
    ("text/turtle", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/x-turtle", "text/turtle"),
    ("application/turtle", "text/turtle"),
    ("text/plain", "application/n-triples"),
    ("application/json", "application/ld+json"),
)
# The ``format`` parameter, for clients that cannot set Accept: (results type, graph type).
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    **{media: (media, None) for media in RESULT_FORMATS},
    **{media: (None, media) for media in GRAPH_FORMATS},
}


class QueryRunner(Protocol):
    async def run(self, job: QueryJob) -> QueryAnswer: ...


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# Refusing SERVICE ----------------------------------------------------------------------

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs
    r"|#[^\n\r]*",  # comments
    re.S,
)
_SERVICE = re.compile(r"(?<![\w:?$\-])service(?![\w:\-])", re.I)


def contains_service(query: str) -> bool:
    """True when the query has the SERVICE keyword (outside strings, IRIs and comments).

    Errs on the side of refusing: an unterminated string leaves its text in view,
    and SPARQL's ``\\u`` escapes are decoded first, as a SPARQL parser may.
    """

    def decode(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else "\ufffd"

    code = _NOT_CODE.sub(" ", _UNICODE_ESCAPE.sub(decode, query))
    return _SERVICE.search(code) is not None


# Content negotiation --------------------------------------------------------------------


def _parse_accept(header: str) -> list[tuple[str, float]]:
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range that matches ``media`` (exact, then type/*, then */*)."""
    kind = media.split("/")[0]
    best = (-1, 0.0)
    for candidate, q in ranges:
        specificity = 2 if candidate == media else 1 if candidate == f"{kind}/*" else 0 if candidate == "*/*" else -1
        if specificity > best[0]:
            best = (specificity, q)
    return best[1] if best[0] >= 0 else 0.0


def _best(ranges: list[tuple[str, float]], offers: tuple[tuple[str, str], ...]) -> str | None:
    scored = [(_quality(media, ranges), -index, canonical) for index, (media, canonical) in enumerate(offers)]
    q, _, canonical = max(scored)
    return canonical if q > 0 else None


def negotiate(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """(media type for SELECT/ASK, media type for CONSTRUCT/DESCRIBE); None where nothing fits.

    A ``format`` parameter newskg knows wins over Accept (it is how browsers and
    shell users choose; clients such as SPARQLWrapper send both, consistently);
    one it does not know is ignored, so Accept decides. With neither: JSON
    results, and Turtle.
    """
    if fmt and fmt.strip().lower() in FORMAT_NAMES:
        return FORMAT_NAMES[fmt.strip().lower()]
    if not accept or not accept.strip():
        return "application/sparql-results+json", "text/turtle"
    ranges = _parse_accept(accept)
    return _best(ranges, RESULT_OFFERS), _best(ranges, GRAPH_OFFERS)


# Responses ------------------------------------------------------------------------------


def _respond(answer: QueryAnswer, *, max_rows: int) -> Response:
    media = answer.media_type
    if media.startswith("text/") and "charset" not in media:
        media += "; charset=utf-8"
    headers = {"Vary": "Accept", "X-Newskg-Rows": str(answer.rows)}
    if answer.truncated:
        headers["X-Newskg-Truncated"] = "true"
        headers["X-Newskg-Max-Rows"] = str(max_rows)
    return Response(answer.body, status_code=answer.status, media_type=media, headers=headers)


def _error(status: int, message: str, **headers: str) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers or None)


async def _run(runner: QueryRunner, job: QueryJob, *, timeout: float, max_rows: int) -> Response:
    try:
        answer = await runner.run(job)
    except QueryTimeout:
        return _error(503, f"query stopped: it ran past the time limit of {timeout:g} s; narrow it down (LIMIT, more specific patterns)",
                      **{"Retry-After": "1", "X-Newskg-Timeout": "true"})
    except PoolBusy:
        return _error(503, f"all query workers stayed busy for {timeout:g} s; try again shortly", **{"Retry-After": "2"})
    return _respond(answer, max_rows=max_rows)


# The service description -------------------------------------------------------------


def service_description(endpoint: str, *, timeout: float, max_rows: int) -> str:
    """SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    formats = ", ".join(
        f"formats:{name}" for name in (
            "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD",
            "RDF_XML",
        )
    )
    comment = (
        f"newskg {__version__}: a read-only knowledge graph of actors, places, events and claims from news articles. "
        f"The default graph is the union of all named graphs (one per article, plus identity and provenance). "
        f"Updates and SERVICE are refused; each query may run {timeout:g} s and return {max_rows} rows or triples "
        f"(the X-Newskg-Truncated header says when an answer was cut). Prefixes {', '.join(PREFIXES)} are predeclared."
    )
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix formats: <http://www.w3.org/ns/formats/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f"<{endpoint}#service> a sd:Service ;\n"
        f"  sd:endpoint <{endpoint}> ;\n"
        "  sd:supportedLanguage sd:SPARQL11Query ;\n"
        "  sd:feature sd:UnionDefaultGraph ;\n"
        f"  sd:resultFormat {formats} ;\n"
        "  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;\n"
        f"  rdfs:comment {json.dumps(comment)} .\n"
    )


# Reading a SPARQL Protocol request ---------------------------------------------------


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest(413, f"request body larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BadRequest(413, f"request body larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the request body is not UTF-8") from None


async def _protocol_params(request: Request) -> list[tuple[str, str]] | None:
    """The protocol parameters (query, default-graph-uri, ...) as pairs; None for a bare GET."""
    url_params = list(request.query_params.multi_items())
    if request.method == "GET":
        return url_params or None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        raise BadRequest(403, "this endpoint is read-only: SPARQL Update is not accepted")
    body = await _body(request)
    if media == "application/x-www-form-urlencoded":
        return parse_qsl(_decode(body), keep_blank_values=True, max_num_fields=1000)
    if media == "application/sparql-query":
        return [("query", _decode(body)), *[(k, v) for k, v in url_params if k != "query"]]
    raise BadRequest(415, "POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query")


def _job_from_params(params: list[tuple[str, str]], *, accept: str | None, max_rows: int) -> QueryJob:
    names = [k for k, _ in params]
    if "update" in names:
        raise BadRequest(403, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = [v for k, v in params if k == "query"]
    if len(queries) != 1:
        raise BadRequest(400, "give exactly one query parameter" if queries else "missing the query parameter")
    query = queries[0]
    if contains_service(query):
        raise BadRequest(400, "SERVICE is not allowed: this endpoint never sends requests to other hosts")
    formats = [v for k, v in params if k in ("format", "output")]
    result_type, graph_type = negotiate(accept, formats[0] if formats else None)
    if result_type is None and graph_type is None:
        raise BadRequest(406, "none of the Accept types can be produced; SELECT/ASK: "
                         + ", ".join(RESULT_FORMATS) + "; CONSTRUCT/DESCRIBE: " + ", ".join(GRAPH_FORMATS))
    graphs = {key: tuple(v for k, v in params if k == key) for key in ("default-graph-uri", "named-graph-uri")}
    for iri in (*graphs["default-graph-uri"], *graphs["named-graph-uri"]):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise BadRequest(400, f"not an IRI: {iri!r}") from None
    return QueryJob(
        query=query, result_type=result_type, graph_type=graph_type, max_rows=max_rows,
        default_graphs=graphs["default-graph-uri"], named_graphs=graphs["named-graph-uri"],
    )


# Saved queries and OpenAPI --------------------------------------------------------


def query_columns(saved: SavedQuery) -> list[str]:
    """The columns a saved query answers with (its SELECT variables, minus its parameters).

    Found by parsing the query on an empty in-memory store: our own query files only.
    """
    result = ox.Store().query(saved.text, prefixes=dict(PREFIXES))
    if not isinstance(result, ox.QuerySolutions):
        return []
    return [v.value for v in result.variables if v.value not in saved.parameter_variables]


def describe_query(saved: SavedQuery, columns: list[str]) -> dict:
    return {
        "name": saved.name,
        "summary": saved.summary,
        "description": saved.description,
        "parameters": [
            {"name": p.name, "description": p.description, "required": p.required, "type": p.kind, "default": p.default}
            for p in saved.parameters
        ],
        "columns": columns,
        "example": saved.example,
        "path": f"/queries/{saved.name}",
    }


_TRUNCATION_HEADERS = {
    "X-Newskg-Rows": {"description": "rows (or triples) in this answer", "schema": {"type": "integer"}},
    "X-Newskg-Truncated": {"description": "present, with the value true, when the answer was cut at the row cap",
                           "schema": {"type": "string", "enum": ["true"]}},
}


def _errors(*codes: int) -> dict:
    meaning = {
        400: "bad query or parameter (syntax error, SERVICE, unknown parameter)",
        403: "an update: this endpoint is read-only",
        404: "no saved query of that name",
        406: "none of the Accept types can be produced",
        413: "request body too large",
        415: "unsupported request content type",
        503: "query stopped at the time limit, or all workers busy",
    }
    return {str(code): {"description": meaning[code], "content": {"text/plain": {"schema": {"type": "string"}}}} for code in codes}


def _format_parameter(values: list[str]) -> dict:
    return {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": values},
            "description": "the answer's format when the client cannot set Accept (wins over Accept)"}


def openapi_document(catalog: list[tuple[SavedQuery, list[str]]], *, timeout: float, max_rows: int) -> dict:
    """OpenAPI 3.0 description of the endpoint, with one path per saved query and its parameters."""
    results = {media: {"schema": {"type": "object" if media.endswith("json") else "string"}} for media in RESULT_FORMATS}
    graphs = {media: {"schema": {"type": "object" if media.endswith("json") else "string"}} for media in GRAPH_FORMATS}
    limits = f"Each query may run {timeout:g} s and return at most {max_rows} rows or triples."
    graph_parameters = [
        {"name": name, "in": "query", "required": False, "explode": True,
         "schema": {"type": "array", "items": {"type": "string", "format": "iri"}}, "description": description}
        for name, description in (
            ("default-graph-uri", "graphs whose merge is the default graph (default: the union of all graphs)"),
            ("named-graph-uri", "the graphs GRAPH patterns may see (default: all)"),
        )
    ]
    sparql_answer = {"200": {"description": "the answer; SELECT/ASK in a SPARQL results format, CONSTRUCT/DESCRIBE in RDF; "
                                            "GET without a query: the SPARQL 1.1 Service Description (Turtle)",
                             "headers": _TRUNCATION_HEADERS, "content": {**results, **graphs}},
                     **_errors(400, 403, 406, 413, 415, 503)}
    paths: dict = {
        "/sparql": {
            "get": {
                "operationId": "sparqlGet", "summary": "SPARQL 1.1 query (read-only)", "description": limits,
                "parameters": [{"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "the SPARQL query; without it, the service description"},
                               *graph_parameters, _format_parameter(sorted(FORMAT_NAMES))],
                "responses": sparql_answer,
            },
            "post": {
                "operationId": "sparqlPost", "summary": "SPARQL 1.1 query sent in the body", "description": limits,
                "parameters": graph_parameters,
                "requestBody": {"required": True, "content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"], "properties": {
                        "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}}, "format": {"type": "string"},
                    }}},
                    "application/sparql-query": {"schema": {"type": "string"}},
                }},
                "responses": sparql_answer,
            },
        },
        "/queries": {"get": {
            "operationId": "listQueries", "summary": "the saved queries, their parameters and columns",
            "responses": {"200": {"description": "the catalog", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }},
    }
    for saved, columns in catalog:
        parameters = [
            {"name": p.name, "in": "query", "required": p.required, "description": p.description,
             "schema": {"type": "string", **({"default": p.default} if p.default is not None else {})}}
            for p in saved.parameters
        ]
        paths[f"/queries/{saved.name}"] = {"get": {
            "operationId": "query_" + saved.name.replace("-", "_"),
            "summary": saved.summary,
            "description": (saved.description + "\n\n" if saved.description else "") + f"Columns: {', '.join(columns)}. {limits}",
            "parameters": [*parameters, _format_parameter(["json", "xml", "csv", "tsv"])],
            "responses": {"200": {"description": f"rows with the columns {', '.join(columns)}", "headers": _TRUNCATION_HEADERS,
                                  "content": results},
                          **_errors(400, 406, 503)},
        }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "newskg", "version": __version__,
                 "description": "Read-only SPARQL endpoint and saved queries over a knowledge graph "
                                "of actors, places, events and claims from news."},
        "paths": paths,
    }


# The application ------------------------------------------------------------------


def create_app(*, pool: QueryRunner, max_rows: int = 10_000, timeout: float = 10.0, host: str = "127.0.0.1") -> Starlette:
    """The Starlette application; ``pool`` runs the queries (a ``server.QueryPool``)."""
    catalog = [(saved, query_columns(saved)) for saved in list_queries()]
    listing = {"queries": [describe_query(saved, columns) for saved, columns in catalog]}

    async def index(request: Request) -> Response:
        return JSONResponse({
            "name": "newskg", "version": __version__, "sparql": "/sparql", "queries": "/queries",
            "openapi": "/openapi.json", "context": "/context.jsonld",
        })

    async def sparql(request: Request) -> Response:
        try:
            params = await _protocol_params(request)
            if params is None:
                endpoint = str(request.url.replace(query=""))
                description = service_description(endpoint, timeout=timeout, max_rows=max_rows)
                return Response(description, media_type="text/turtle; charset=utf-8")
            job = _job_from_params(params, accept=request.headers.get("accept"), max_rows=max_rows)
        except BadRequest as error:
            return _error(error.status, str(error))
        return await _run(pool, job, timeout=timeout, max_rows=max_rows)

    async def queries(request: Request) -> Response:
        return JSONResponse(listing)

    async def saved_query(request: Request) -> Response:
        try:
            saved = get_query(request.path_params["name"])
        except QueryError as error:
            return _error(404, str(error))
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "output")]
        keys = [k for k, _ in params]
        try:
            if len(set(keys)) != len(keys):
                raise BadRequest(400, "each parameter may be given once")
            bindings = saved.bindings(dict(params))
            formats = [v for k, v in request.query_params.multi_items() if k in ("format", "output")]
            result_type, _ = negotiate(request.headers.get("accept"), formats[0] if formats else None)
            if result_type is None:
                raise BadRequest(406, "saved queries answer in a SPARQL results format: " + ", ".join(RESULT_FORMATS))
        except QueryError as error:
            return _error(400, str(error))
        except BadRequest as error:
            return _error(error.status, str(error))
        job = QueryJob(
            query=saved.text, result_type=result_type, graph_type=None, max_rows=max_rows,
            bindings=tuple((name, str(value)) for name, value in bindings.items()),
            hidden=tuple(sorted(saved.parameter_variables)),
        )
        return await _run(pool, job, timeout=timeout, max_rows=max_rows)

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(openapi_document(catalog, timeout=timeout, max_rows=max_rows))

    async def context(request: Request) -> Response:
        return JSONResponse({"@context": published_context()}, media_type="application/ld+json")

    middleware = []
    if host in ("127.0.0.1", "localhost"):
        # A page in the user's browser must not reach the loopback server through DNS rebinding.
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"]))
    return Starlette(
        routes=[
            Route("/", index),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", queries),
            Route("/queries/{name}", saved_query),
            Route("/openapi.json", openapi_json),
            Route("/context.jsonld", context),
        ],
        middleware=middleware,
    )
