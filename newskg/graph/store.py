"""The embedded store: Oxigraph on disk, one named graph per article.

Writes replace a whole named graph in one SPARQL update, which Oxigraph runs as
one transaction, or put graphs new to the store in with one bulk ingestion
(``BULK_QUADS``): a reader or a crash never sees half an article. Oxigraph
allows one writer per store directory; a second writer gets a clear error, and
readers can open the store read-only beside it.
"""

from __future__ import annotations

import gc
import re
import time
from functools import lru_cache
from itertools import islice
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from newskg.errors import QueryError, StoreError
from newskg.ontology.terms import PREFIXES, Triple
_OPEN_ATTEMPTS = 5
_RETRY_PAUSE = 0.05


def _is_race(message: str) -> bool:
    """RocksDB's words for a file a concurrent writer compacted away while a reader opened it."""
    lowered = message.lower()
    return "no such file" in lowered or "corruption" in lowered
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store RDF term {term!r}")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    """pyoxigraph term -> rdflib term (None stays None: an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string; rdflib spells it without one
        return Literal(term.value, datatype=_datatype_iri(datatype))
    raise TypeError(f"unexpected term from the store: {term!r}")


@lru_cache(maxsize=256)
def _datatype_iri(iri: str) -> URIRef:
    """A literal's datatype as an rdflib term, made once per datatype: a listing reads thousands of
    numbers and dates, and rdflib checks the text of every URIRef it makes."""
    return URIRef(iri)


# What Oxigraph escapes in a quoted literal (oxrdf's ``print_quoted_str``): six controls, the
# quote and the backslash by name, every other C0 control and DEL as \uXXXX; nothing else.
_QUOTED = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_QUOTED.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_TO_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')  # exactly the characters of ``_QUOTED``
_ESCAPES = {chr(c): escaped for c, escaped in _QUOTED.items()}


def _escape(found: re.Match[str]) -> str:
    return _ESCAPES[found.group()]


_SURROGATE = re.compile("[\ud800-\udfff]")
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _nt(term: Node) -> str:
    """N-Triples form of a term, as Oxigraph writes it (so escaping is always right).

    IRIs, blank nodes and language-tagged literals go through Oxigraph, which also
    checks them (a valid IRI, a well-formed tag, lowercased). Other literals are
    written here with Oxigraph's escapes (a property test compares the two): making
    an Oxigraph term of each cost a build 0.37 s against 0.32 s over the 729-article
    benchmark corpus's graphs. Text Oxigraph refuses (a lone surrogate) still goes
    to Oxigraph, which raises.
    """
    if type(term) is Literal and not term.language:
        lexical, datatype = str(term), term.datatype
        named = None if datatype is None else str(datatype)
        if named != _RDF_LANG_STRING and (lexical.isascii() or not _SURROGATE.search(lexical)):
            # Replaced where found, not translated: ``str.translate`` looks every character up (the
            # 1,263 long literals of the benchmark corpus, article texts with their newlines: 0.054 s -> 0.006 s).
            quoted = f'"{_TO_ESCAPE.sub(_escape, lexical)}"' if _TO_ESCAPE.search(lexical) else f'"{lexical}"'
            return quoted if named is None or named == _XSD_STRING else f"{quoted}^^{_iri_nt(named)}"
    return str(to_ox(term))


@lru_cache(maxsize=256)
def _iri_nt(iri: str) -> str:
    """A datatype IRI as Oxigraph writes it, checked by Oxigraph once per datatype."""
    return str(ox.NamedNode(iri))


# Terms' N-Triples texts kept from article to article: predicates, classes, entities, and the
# literals the mapping caches (labels, anchors, counts) come back in every graph. Over the 729
# benchmark graphs ``ntriples`` took 0.37 s of CPU with IRIs kept per call, 0.17 s this way.
# Bounded: emptied when full (a corpus's mention, claim and event IRIs are new in each graph;
# the 729 graphs hold 30,000 distinct short terms, 4.6 MB of texts).
_TERM_TEXTS: dict[Node, str] = {}
_TERM_TEXTS_MAX = 1 << 15
_LONG = 200  # characters: an article's text or a claim's content is written once; not kept


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples text of ``triples`` (one line each), as Oxigraph escapes terms.

    Each distinct IRI goes through Oxigraph, which checks it, once while it stays
    in ``_TERM_TEXTS``; an equal IRI is the same text, so the same line. Short
    literals are kept there too: rdflib holds two literals equal when their lexical
    forms, datatypes and (case-folded) language tags are, and Oxigraph writes tags
    lowercased, so equal literals are written alike.
    """
    texts = _TERM_TEXTS
    if len(texts) > _TERM_TEXTS_MAX:
        texts.clear()
    known = texts.get  # a seen term is one dictionary lookup, not a call of ``term``: 570,000 terms a pass

    def term(node: Node) -> str:
        text = _nt(node)
        if type(node) is URIRef or (type(node) is Literal and len(node) <= _LONG):
            texts[node] = text
        return text

    return "".join([f"{known(s) or term(s)} {known(p) or term(p)} {known(o) or term(o)} .\n" for s, p, o in triples])


def insert_data(graph: URIRef, body: str) -> list[str]:
    """An INSERT DATA operation for N-Triples text (a valid SPARQL triple block as it is)."""
    return [f"INSERT DATA {{ GRAPH {_nt(graph)} {{\n{body}}} }}"] if body.strip() else []


def _as_nquads(graph: URIRef, body: str) -> str:
    """N-Triples text put in ``graph``: every line ends " .\n" and no literal holds a raw newline."""
    return body.replace(" .\n", f" {_nt(graph)} .\n")


def delete_data(graph: URIRef, body: str) -> list[str]:
    return [f"DELETE DATA {{ GRAPH {_nt(graph)} {{\n{body}}} }}"] if body.strip() else []


def values(variable: str, terms: Iterable[Node]) -> str:
    """A VALUES block binding ``?variable`` to ``terms``: terms go in as escaped N-Triples, never as raw text."""
    return f"VALUES ?{variable} {{ {' '.join(_nt(t) for t in terms)} }}"


def _insert(graph: URIRef, triples: Iterable[Triple]) -> list[str]:
    return insert_data(graph, ntriples(triples))


def sparql_prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


_GROUP_BY = re.compile(r"GROUP BY([^}]*)$", re.DOTALL)


def with_constant(query: str, variable: str, term: Node) -> str:
    """``query`` with ``?variable`` written as the constant ``term`` (still projected under its name).

    Oxigraph plans a query before it sees engine substitutions or a VALUES
    block, so a pattern bound that way is still evaluated over the whole store
    and joined afterwards (13.5 s for one place on a 100x store); a constant in
    the pattern is an index lookup (4 ms). For our own terms only, never for
    user input: ``term`` is written in N-Triples as Oxigraph escapes it, and the
    caller's saved queries keep binding user values through the engine.
    """
    constant = _nt(term)
    head, where, body = query.partition("WHERE")
    if not where:
        raise ValueError("a restricted query needs a WHERE clause")
    pattern = re.compile(rf"\?{re.escape(variable)}\b")
    head = pattern.sub(f"({constant} AS ?{variable})", head, count=1)
    grouped = _GROUP_BY.search(body)
    tail = ""
    if grouped:  # a group key must be a variable or a bracketed expression: no rows for no match, as before
        body, tail = body[: grouped.start()], "GROUP BY" + pattern.sub(lambda _: f"({constant})", grouped.group(1))
    return head + where + pattern.sub(lambda _: constant, body) + tail


def restricted_select(store: "Store", template: str, variable: str, terms: Iterable[Node] | None) -> list[list[Node | None]]:
    """Rows of ``template`` (with an ``{only}`` slot) for everything (None), or for each of ``terms``.

    Each term is written into the query as a constant (``with_constant``), so the
    cost follows the terms asked about, not the store. ``variable`` is projected,
    so that rows for different terms stay apart, as in one query with a VALUES block.
    """
    query = template.format(only="")
    if terms is None:
        return store.select(query)[1]
    rows: list[list[Node | None]] = []
    for term in sorted(set(terms)):
        rows += store.select(with_constant(query, variable, term))[1]
    return rows


# Oxigraph's bulk loader writes what one call is given as sorted files, one per index,
# and hands them all to RocksDB in one ingestion, which RocksDB applies to every index
# at once or not at all: a kill leaves the whole batch or none of it, as a transaction
# would (tests/test_crash_safety.py kills builds at random moments to hold that).
# Above 1,000,000 quads it splits the input into several ingestions, so a larger batch
# goes in as a transaction. For a first build's article graphs it used 1.6-1.9 s of
# CPU against 3.4-3.5 s for transactional loads of the same batches (729 articles,
# 189,552 quads, batches of 64, flushes included).
BULK_QUADS = 500_000


def _remove_unfinished_bulk_files(path: Path) -> None:
    """Delete the files of bulk loads a killed writer never handed to RocksDB.

    The bulk loader writes its sorted files into the store's directory as
    ``bulk-*.sst`` and RocksDB takes them over when it ingests them; a load killed
    before that leaves them behind, outside the store. Called by the writer, which
    holds the store's lock, so no load of another process can be under way.
    """
    for leftover in path.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None, for tests)."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is not None and read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no store here; run `newskg build --store {self.path} FILES` first")
        self._store = self._open()

    def _open(self) -> ox.Store:
        """Open the store; a read-only opening retries while a writer compacts files away under it."""
        if self.path is None:
            return ox.Store()
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                if self.read_only:
                    return ox.Store.read_only(str(self.path))
                self.path.mkdir(parents=True, exist_ok=True)
                store = ox.Store(str(self.path))
                _remove_unfinished_bulk_files(self.path)
                return store
            except (OSError, RuntimeError) as error:
                message = str(error)
                if "lock" in message.lower() and not self.read_only:
                    raise StoreError(
                        f"{self.path}: the store is in use by another writer (a build or a server); "
                        "wait for it to finish, or open the store read-only"
                    ) from None
                if not (self.read_only and _is_race(message)) or attempt == _OPEN_ATTEMPTS - 1:
                    raise StoreError(f"{self.path}: cannot open the store: {message}") from None
                time.sleep(_RETRY_PAUSE * (attempt + 1))
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Flush and release the store (a writer releases its lock)."""
        if getattr(self, "_store", None) is None:
            return
        if not self.read_only and self.path is not None:
            self._store.flush()
        self._store = None
        gc.collect()

    # Writing ---------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Replace a named graph's content atomically (one transaction)."""
        self.replace_graphs({graph: triples})

    def replace_graphs(
        self, graphs: Mapping[URIRef, Iterable[Triple]], *, add: Mapping[URIRef, Iterable[Triple]] | None = None
    ) -> None:
        """Replace several named graphs (and add to others) in one transaction: all or none."""
        serialised = {graph: ntriples(triples) for graph, triples in graphs.items()}
        self.replace_graphs_ntriples(serialised, add=add, written_by_ntriples=True)

    def replace_graphs_ntriples(
        self,
        graphs: Mapping[URIRef, str],
        *,
        add: Mapping[URIRef, Iterable[Triple]] | None = None,
        written_by_ntriples: bool = False,
    ) -> None:
        """``replace_graphs`` for graphs already serialised as N-Triples (by build workers).

        When none of the graphs exists yet (every article of a first build, the
        identity graph of a first build) there is nothing to drop, and the batch
        goes in through Oxigraph's bulk loader, without making the SPARQL parser
        read every triple (a first build's identity graph of 36,000 triples: 0.33 s
        as an update) and without a transaction's bookkeeping (see ``BULK_QUADS``).

        ``written_by_ntriples``: every text was made by ``ntriples``, which had Oxigraph
        check each IRI and language tag as it wrote it, so the loader does not check them
        a second time (Oxigraph's lenient parsing; reading a first build's 189,552 quads
        took 0.25 s of CPU instead of 0.78 s). Any other text is checked in full: an
        invalid IRI is a ``SyntaxError`` and nothing is written.
        """
        if not any(self._store.contains_named_graph(ox.NamedNode(str(g))) for g in graphs):
            quads = [_as_nquads(graph, body) for graph, body in graphs.items()]
            quads.extend(_as_nquads(graph, ntriples(triples)) for graph, triples in (add or {}).items())
            text = "".join(quads)
            if text.count("\n") <= BULK_QUADS:
                self._store.bulk_load(text, format=ox.RdfFormat.N_QUADS, lenient=written_by_ntriples)
            else:
                self._store.load(text, format=ox.RdfFormat.N_QUADS, lenient=written_by_ntriples)
            return
        operations = []
        for graph, body in graphs.items():
            operations.append(f"DROP SILENT GRAPH {_nt(graph)}")
            operations.extend(insert_data(graph, body))
        for graph, triples in (add or {}).items():
            operations.extend(_insert(graph, triples))
        self.update(operations)

    def update(self, operations: Iterable[str]) -> None:
        """Run SPARQL update operations as one transaction (all or none)."""
        text = " ;\n".join(operations)
        if text:
            self._store.update(text, prefixes=dict(PREFIXES))

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        operations = [f"DROP SILENT GRAPH {_nt(g)}" for g in graphs]
        if operations:
            self._store.update(" ;\n".join(operations))

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()

    def compact(self) -> None:
        """Merge the files writes have left (RocksDB's full compaction, pyoxigraph's ``optimize``).

        Replaced graphs and the many small files of a long build stay on disk until RocksDB merges
        them; reads then look through all of them. It reads and rewrites the whole store.
        """
        if not self.read_only and self.path is not None:
            self._store.optimize()

    # Reading ---------------------------------------------------------------
    def select(
        self, query: str, *, bindings: Mapping[str, Node] | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[str], list[list[Node | None]]]:
        """Run a SELECT over the union of all graphs; return (variables, rows).

        ``limit`` and ``offset`` page the answer as it streams out of the engine
        (rows beyond the page are never converted); they are Python integers,
        never text added to the query.
        """
        if offset < 0 or (limit is not None and limit < 0):
            raise QueryError("limit and offset must be non-negative integers")
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        solutions = islice(result, offset, None if limit is None else offset + limit)
        converted: dict[object, Node | None] = {None: None}  # a listing repeats its types, counts and names

        def convert(term) -> Node | None:
            node = converted.get(term)
            if node is None and term is not None:
                node = converted[term] = from_ox(term)
            return node

        # A solution iterates its values in the order of ``variables`` (None where unbound); reading
        # them by name looks each name up again: 5x slower over the 729 rows of ``sources``.
        rows = [[convert(term) for term in solution] for solution in solutions]
        return variables, rows

    def raw_query(self, query: str, *, bindings: Mapping[str, Node] | None = None):
        """The pyoxigraph result (solutions, boolean or triples), for formatting and serving."""
        return self._run(query, bindings)

    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        """Run a query; a reader beside a writer reopens (a newer snapshot) when files moved under it."""
        substitutions = {ox.Variable(name): to_ox(value) for name, value in (bindings or {}).items()}
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                return self._store.query(
                    query,
                    use_default_graph_as_union=True,
                    prefixes=dict(PREFIXES),
                    substitutions=substitutions or None,
                )
            except SyntaxError as error:
                raise QueryError(f"SPARQL syntax error: {error}") from None
            except (RuntimeError, OSError) as error:
                if self.read_only and _is_race(str(error)) and attempt < _OPEN_ATTEMPTS - 1:
                    time.sleep(_RETRY_PAUSE * (attempt + 1))
                    self._store = self._open()
                    continue
                raise QueryError(f"query failed: {error}") from None
        raise AssertionError("unreachable")

    def graph_triples(self, graph: URIRef) -> Iterator[Triple]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))):
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        for quad in self._store:
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else from_ox(quad.graph_name)
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), graph

    def named_graphs(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, output, *, format: ox.RdfFormat, graph: URIRef | None = None) -> None:
        """Serialise with Oxigraph's own writers (fast, streaming)."""
        if graph is None:
            self._store.dump(output, format)
        else:
            self._store.dump(output, format, from_graph=ox.NamedNode(str(graph)))
