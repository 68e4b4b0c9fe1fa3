"""The command line, driven with click's runner over a hand-built store (no NLP)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph

from newskg.api import KnowledgeGraph
from newskg.cli import main
from tests.test_graph_store import CONTRACT_COLUMNS, EXAMPLE_PARAMS, write
from tests.handmade import extraction_a, extraction_b


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    kg = KnowledgeGraph(path)
    write(kg, extraction_a(), extraction_b())
    kg.close()
    del kg
    return str(path)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_query_json_is_w3c_sparql_results(store: str, name: str) -> None:
    args = ["query", "--store", store, name, "--format", "json"]
    for key, value in EXAMPLE_PARAMS.get(name, {}).items():
        args += ["--param", f"{key}={value}"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["head"]["vars"][: len(CONTRACT_COLUMNS[name])] == CONTRACT_COLUMNS[name]
    for binding in answer["results"]["bindings"]:
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}


def test_store_from_environment(store: str, monkeypatch) -> None:
    monkeypatch.setenv("NEWSKG_STORE", store)
    result = run("stats")
    assert result.exit_code == 0
    assert "articles   2" in result.stdout


def test_query_table_and_csv(store: str) -> None:
    table = run("query", "--store", store, "claims-about", "--param", "subject=Cheberghan")
    assert table.exit_code == 0 and "Mirwais Stanekzai" in table.stdout
    csv_out = run("query", "--store", store, "claims-about", "-p", "subject=Cheberghan", "-f", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("claimant,claimantName,claim,cue,article,published")


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "no-such-query"], "no saved query named"),
        (["query", "claims-about"], "needs --param subject"),
        (["query", "claims-about", "--param", "subject"], "--param takes KEY=VALUE"),
        (["sparql", "SELECT ?s WHERE { ?s ?p }"], "SPARQL syntax error"),
        (["sparql", "missing.rq"], "no such query file"),
    ],
)
def test_user_mistakes_are_one_line_errors_with_exit_2(store: str, args: list[str], message: str) -> None:
    result = run(args[0], "--store", store, *args[1:])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_store_is_a_clear_error(tmp_path) -> None:
    result = run("stats", "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no store here" in result.stderr


def test_sparql_select_ask_construct(store: str, tmp_path) -> None:
    select = run("sparql", "--store", store, "SELECT (COUNT(*) AS ?n) WHERE { ?a a nk:Article }", "--format", "csv")
    assert select.stdout.splitlines() == ["n", "2"]
    ask = run("sparql", "--store", store, "ASK { ?e a nk:Event }")
    assert ask.stdout.strip() == "true"
    query_file = tmp_path / "q.rq"
    query_file.write_text("CONSTRUCT { ?e a nk:Event } WHERE { ?e a nk:Event }")
    construct = run("sparql", "--store", store, str(query_file))
    assert len(Graph().parse(data=construct.stdout, format="turtle")) == 3


def test_turtle_export_holds_the_union_of_the_store(store: str, tmp_path) -> None:
    out = tmp_path / "graph.ttl"
    result = run("export", "--store", store, "--format", "turtle", "-o", str(out))
    assert result.exit_code == 0, result.output
    exported = Graph().parse(out, format="turtle")
    kg = KnowledgeGraph(store, read_only=True)
    union = {(s, p, o) for s, p, o, _ in kg.store.quads()}
    assert set(exported) == union
