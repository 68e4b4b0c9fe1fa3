"""Whole-graph exports: RDF syntaxes, JSON-LD with the published context, and the dispatch to
the tabular and network exports.

Turtle, N-Triples and JSON-LD carry the union of all graphs (what other tools load
as one graph); TriG and N-Quads keep every article's named graph. Everything is
streamed (see ``union_triples`` for what the union needs in memory).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import BinaryIO

import pyoxigraph as ox

from newskg.graph.store import Store, from_ox
from newskg.ontology.terms import PREFIXES

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
DATASET_FORMATS = {"trig", "nquads"}
EXPORT_FORMATS: tuple[str, ...] = (*RDF_FORMATS, "jsonld", "graphml", "gexf", "events-csv", "claims-csv")
CONTEXT_IRI = "https://w3id.org/newskg/context.jsonld"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = tuple(":/?#[]@")

_SUBJECTS_OF_GRAPH = "SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_SUBJECT = "SELECT DISTINCT ?p ?o ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def export(store: Store, fmt: str, output: BinaryIO) -> None:
    """Write the whole store to ``output`` in one of ``EXPORT_FORMATS``."""
    if fmt in RDF_FORMATS:
        export_rdf(store, fmt, output)
    elif fmt == "jsonld":
        export_jsonld(store, output)
    elif fmt in ("graphml", "gexf"):
        from newskg.graph.graphs import write_network

        write_network(store, fmt, output)
    elif fmt in ("events-csv", "claims-csv"):
        from newskg.graph.tabular import write_claims_csv, write_events_csv

        (write_events_csv if fmt == "events-csv" else write_claims_csv)(store, output)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")


def export_rdf(store: Store, fmt: str, output: BinaryIO) -> None:
    """Write the store in an RDF syntax: datasets keep named graphs, graphs are the union."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; expected one of {', '.join(RDF_FORMATS)}")
    if fmt in DATASET_FORMATS:
        store.dump(output, format=RDF_FORMATS[fmt])
        return
    prefixes = dict(PREFIXES) if fmt == "turtle" else None
    ox.serialize(union_triples(store), output, RDF_FORMATS[fmt], prefixes=prefixes)


def union_triples(store: Store) -> Iterator[ox.Triple]:
    """Every triple of every named graph once, each subject's triples together.

    Subjects found in one graph only (mentions, events, claims, articles) are
    written graph by graph; subjects found in several (entities, repeated by every
    article that mentions them and by the identity graph) are written afterwards,
    one at a time, from all graphs at once. Both passes are linear in the store;
    memory holds the set of subjects, one graph, or one subject's triples.
    newskg writes only named graphs, so the default graph is not read here.
    """
    graphs = sorted(store.named_graphs())
    seen, shared = set(), set()
    for graph in graphs:
        for row in store.raw_query(_SUBJECTS_OF_GRAPH, bindings={"g": graph}):
            (shared if row[0] in seen else seen).add(row[0])
    del seen
    for graph in graphs:
        by_subject: dict[object, list[ox.Triple]] = {}
        for row in store.raw_query(_GRAPH, bindings={"g": graph}):
            if row[0] not in shared:
                by_subject.setdefault(row[0], []).append(ox.Triple(row[0], row[1], row[2]))
        for triples in by_subject.values():
            yield from triples
    for subject in sorted(shared, key=str):
        for row in store.raw_query(_SUBJECT, bindings={"s": from_ox(subject)}):
            yield ox.Triple(subject, row[0], row[1])


# JSON-LD ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def published_context() -> dict:
    """The ``@context`` object of ``newskg/ontology/context.jsonld`` (published at CONTEXT_IRI)."""
    text = resources.files("newskg.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


class _Unexpressible(Exception):
    """An IRI that the context would misread (its scheme is a term name): write the node expanded."""


class JsonLdCompactor:
    """Turns one subject's triples into a node object compacted with a JSON-LD context.

    Compaction is conservative: a value uses a term's type coercion only when it
    matches exactly, anything else is written as an explicit value object, and a
    node with an IRI the context would misread is written fully expanded under
    ``"@context": null``. So the output always expands to exactly the input triples.
    """

    def __init__(self, context: dict) -> None:
        entries = {k: v for k, v in context.items() if not k.startswith("@")}
        self.names = set(entries)
        prefixes = {
            name: value for name, value in entries.items()
            if isinstance(value, str) and value.endswith(_GEN_DELIMS) and ":" in value
        }
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.vocab_terms: dict[str, str] = {}
        self.properties: dict[str, tuple[str, str | None]] = {}
        for name, value in entries.items():
            if name in prefixes:
                continue
            definition = {"@id": value} if isinstance(value, str) else value
            iri = self._expand(definition["@id"])
            coercion = definition.get("@type")
            if coercion not in (None, "@id", "@vocab"):
                coercion = self._expand(coercion)
            self.vocab_terms.setdefault(iri, name)
            self.properties.setdefault(iri, (name, coercion))

    def _expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        for name, namespace in self.prefixes:
            if name == prefix:
                return namespace + local
        return value

    def iri(self, value: str, *, vocab: bool) -> str:
        """The shortest string that expands back to ``value`` in a vocab or document position."""
        if vocab and value in self.vocab_terms:
            return self.vocab_terms[value]
        for prefix, namespace in self.prefixes:
            if value.startswith(namespace) and len(value) > len(namespace):
                local = value[len(namespace):]
                candidate = f"{prefix}:{local}"
                if not local.startswith("//") and candidate not in self.names:
                    return candidate
        scheme = value.partition(":")[0]
        if ":" not in value or scheme == "_" or scheme in self.names:
            raise _Unexpressible(value)
        return value

    def _reference(self, term, *, coercion: str | None):
        identifier = f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value, vocab=coercion == "@vocab")
        return identifier if coercion in ("@id", "@vocab") else {"@id": identifier}

    def _literal(self, term: ox.Literal, *, coercion: str | None):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if coercion == datatype or (coercion is None and datatype == _XSD_STRING):
            return term.value
        if datatype == _XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.iri(datatype, vocab=True)}

    def node(self, subject, pairs: list[tuple]) -> dict:
        """The node object for ``subject`` with its (predicate, object) pairs."""
        try:
            return self._compact(subject, pairs)
        except _Unexpressible:
            return _expanded(subject, pairs)

    def _compact(self, subject, pairs: list[tuple]) -> dict:
        node: dict = {"@id": f"_:{subject.value}" if isinstance(subject, ox.BlankNode) else self.iri(subject.value, vocab=False)}
        types: list[str] = []
        values: dict[str, list] = {}
        for predicate, obj in pairs:
            if predicate.value == _RDF_TYPE and isinstance(obj, ox.NamedNode):
                types.append(self.iri(obj.value, vocab=True))
                continue
            key, coercion = self.properties.get(predicate.value) or (self.iri(predicate.value, vocab=True), None)
            if isinstance(obj, ox.Literal):
                value = self._literal(obj, coercion=coercion if coercion not in ("@id", "@vocab") else None)
                if isinstance(value, str) and coercion in ("@id", "@vocab"):
                    value = {"@value": value}
            elif isinstance(obj, (ox.NamedNode, ox.BlankNode)):
                value = self._reference(obj, coercion=coercion if coercion in ("@id", "@vocab") else None)
            else:
                raise _Unexpressible(str(obj))
            values.setdefault(key, []).append(value)
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(values):
            node[key] = values[key][0] if len(values[key]) == 1 else values[key]
        return node


def _expanded_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": term.datatype.value}
    raise TypeError(f"JSON-LD 1.1 cannot hold the term {term!r}")


def _expanded(subject, pairs: list[tuple]) -> dict:
    """A node object in expanded form: no context, absolute IRIs only."""
    node: dict = {"@context": None, "@id": _expanded_term(subject)["@id"]}
    for predicate, obj in pairs:
        node.setdefault(predicate.value, []).append(_expanded_term(obj))
    return node


def _subject_runs(triples: Iterator[ox.Triple]) -> Iterator[tuple[object, list[tuple]]]:
    """Consecutive triples of one subject, grouped (a subject may come back in a later run)."""
    subject, pairs = None, []
    for triple in triples:
        if pairs and triple.subject != subject:
            yield subject, pairs
            pairs = []
        subject = triple.subject
        pairs.append((triple.predicate, triple.object))
    if pairs:
        yield subject, pairs


def write_jsonld(triples: Iterator[ox.Triple], output: BinaryIO, *, context: dict | None = None) -> None:
    """Stream triples as a JSON-LD document compacted with ``context`` (the published one by default).

    The context is written inline, so the file reads offline; it is the same
    object as the one published at CONTEXT_IRI.
    """
    context = published_context() if context is None else context
    compactor = JsonLdCompactor(context)
    output.write(b'{\n"@context": ' + json.dumps(context, ensure_ascii=False).encode("utf-8") + b',\n"@graph": [')
    first = True
    for subject, pairs in _subject_runs(triples):
        node = compactor.node(subject, pairs)
        output.write((b"\n" if first else b",\n") + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False
    output.write(b"\n]}\n")


def export_jsonld(store: Store, output: BinaryIO) -> None:
    """The union of all graphs as compacted JSON-LD."""
    write_jsonld(union_triples(store), output)
