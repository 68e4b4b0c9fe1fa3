"""The Python API: everything the command line does, for notebooks and scripts.

>>> kg = KnowledgeGraph("newskg-store")
>>> report = kg.build(["articles/"])
>>> kg.query("claims-about", {"subject": "Sheberghan"}).dicts()
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from newskg.errors import InputProblem, QueryError
from newskg.graph.exports import export
from newskg.graph.store import Store, from_ox
from newskg.graph.validation import ValidationReport, validate_store
from newskg.queries.catalog import SavedQuery, get_query, list_queries
from newskg.queries.results import Results

if TYPE_CHECKING:
    import networkx

DEFAULT_STORE = "newskg-store"


def default_store_path() -> Path:
    """``$NEWSKG_STORE`` or ``./newskg-store``."""
    return Path(os.environ.get("NEWSKG_STORE") or DEFAULT_STORE)


class KnowledgeGraph:
    """A newskg store: build it from articles, validate it, query it, export it.

    Opened read-only, it can be queried beside a running build; opened for
    writing, it holds the store's single writer lock until ``close()``.
    """

    def __init__(self, store: str | Path | None = None, *, read_only: bool = False, in_memory: bool = False) -> None:
        path = None if in_memory else Path(store) if store is not None else default_store_path()
        self.store = Store(path, read_only=read_only)

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (a writer's lock goes with it)."""
        self.store.close()

    # Building ----------------------------------------------------------------
    def build(
        self,
        paths: Sequence[str | Path],
        *,
        model: str | None = None,
        jobs: int = 1,
        max_bytes: int = 5_000_000,
        on_problem: Callable[[InputProblem], None] | None = None,
        progress: bool | None = False,
        release_model: bool = False,
    ):
        """Load, extract, validate and store articles; returns a ``BuildReport``.

        ``release_model``: give the model's memory back before the build's last,
        whole-store steps (the next build loads it again); the command line does.
        """
        from newskg.pipeline import DEFAULT_MODEL, build

        return build(
            self.store, paths, model=model or DEFAULT_MODEL, jobs=jobs, max_bytes=max_bytes,
            on_problem=on_problem, progress=progress, release_model=release_model,
        )

    def validate(self) -> ValidationReport:
        return validate_store(self.store)

    # Querying ----------------------------------------------------------------
    @staticmethod
    def saved_queries() -> list[SavedQuery]:
        return list_queries()

    def query(
        self, name: str, params: Mapping[str, str] | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Results:
        """Run the saved query ``name`` with its parameters bound by the engine; ``limit``/``offset`` page it."""
        saved = get_query(name)
        bindings = saved.bindings(params or {})
        variables, rows = self.store.select(saved.text, bindings=bindings, limit=limit, offset=offset)
        return Results(variables, rows).without(saved.parameter_variables)

    def select(self, sparql: str) -> Results:
        """Run a SPARQL SELECT over the union of all graphs."""
        result = self.store.raw_query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query; use ask() or construct()")
        variables = [v.value for v in result.variables]
        return Results(variables, [[from_ox(s[v]) for v in variables] for s in result])

    def ask(self, sparql: str) -> bool:
        result = self.store.raw_query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("ask() needs an ASK query")
        return bool(result)

    def construct(self, sparql: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE; the answer as an rdflib Graph."""
        result = self.store.raw_query(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    # Exporting and statistics ------------------------------------------------
    def export(self, fmt: str, output: BinaryIO) -> None:
        """Write the whole graph: turtle, ntriples, trig, nquads, jsonld, graphml, gexf, events-csv, claims-csv."""
        export(self.store, fmt, output)

    def to_networkx(self, *, projection: str = "full") -> "networkx.MultiDiGraph":
        """The graph for networkx: "full", "actors-by-events" or "claims-network" (see the README, "networkx")."""
        from newskg.graph.graphs import to_networkx

        return to_networkx(self.store, projection=projection)

    def stats(self) -> dict[str, int]:
        counts = {}
        for name, cls in (
            ("articles", "nk:Article"), ("actors", None), ("places", "nk:Place"), ("events", "nk:Event"), ("claims", "nk:Claim"),
        ):
            if cls is None:
                query = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . VALUES ?c { nk:Person nk:Organization nk:Actor } }"
            else:
                query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}"
            _, rows = self.store.select(query)
            counts[name] = int(rows[0][0]) if rows and rows[0][0] is not None else 0
        counts["triples"] = len(self.store)
        counts["graphs"] = len(self.store.named_graphs())
        return counts
