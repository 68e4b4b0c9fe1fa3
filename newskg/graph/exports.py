"""Whole-graph exports in standard RDF syntaxes, written by Oxigraph's streaming writers.

Turtle and N-Triples carry the union of all graphs (what other tools load as one
graph); TriG and N-Quads keep every article's named graph.
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from newskg.graph.store import Store

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
DATASET_FORMATS = {"trig", "nquads"}

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def export_rdf(store: Store, fmt: str, output: BinaryIO) -> None:
    """Write the store in an RDF syntax: datasets keep named graphs, graphs are the union."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; expected one of {', '.join(RDF_FORMATS)}")
    if fmt in DATASET_FORMATS:
        store.dump(output, format=RDF_FORMATS[fmt])
        return
    triples = store.raw_query(_UNION)
    unique = {(t.subject, t.predicate, t.object) for t in triples}
    ox.serialize((ox.Triple(s, p, o) for s, p, o in unique), output, RDF_FORMATS[fmt])
