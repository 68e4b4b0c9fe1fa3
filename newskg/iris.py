"""Minting IRIs for articles, graphs, entities, claims, events and mentions.

Every IRI is built from a key by a total function: any text gives a valid IRI
(unsafe characters are slugged and a digest keeps distinct keys distinct).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from rdflib import URIRef

from newskg.names import fold
from newskg.ontology.terms import GRAPH_BASE, ID_BASE

_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_MAX_SEGMENT = 80

IDENTITY_GRAPH = URIRef(GRAPH_BASE + "identity")
PROVENANCE_GRAPH = URIRef(GRAPH_BASE + "provenance")


@lru_cache(maxsize=1 << 12)  # an article's id is slugged again for each of its hundreds of mentions
def _segment(text: str) -> str:
    slug = _UNSAFE.sub("-", fold(text).replace(" ", "-")).strip("-")[:_MAX_SEGMENT] or "x"
    if slug != text:
        slug += "-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug


def _minted(text: str) -> URIRef:
    """The URIRef of an IRI minted here: ``ID_BASE``, slugged segments, digits and hex digests, valid by
    construction. Made as ``URIRef`` makes it, without its check of the text for characters an IRI
    may not hold (a Python loop: 0.9 us of 1.3 us an IRI, for the 19,500 mention, claim, event and
    merge IRIs of the benchmark corpus). Still a plain ``URIRef``, and ``ntriples`` has Oxigraph check
    every IRI it writes."""
    return str.__new__(URIRef, text)


def mention_prefix(article_id: str) -> str:
    """The text of an article's mention IRIs before their span: one article has hundreds of mentions."""
    return f"{article_iri(article_id)}#char="


def mention_at(prefix: str, start: int, end: int) -> URIRef:
    """``mention_iri`` from the article's ``mention_prefix``."""
    return _minted(f"{prefix}{int(start)},{int(end)}")


# Unnamed sources ("a security source") are keyed by their article, so each lives in one
# article graph only; their labels and counts are written there, not in the identity graph.
UNNAMED_PREFIX = "unnamed:"
UNNAMED_BASE = ID_BASE + "unnamed/"


def entity_iri(key: str) -> URIRef:
    """IRI of the entity with identity key ``key`` ("place:geonames:1127628" -> .../place/geonames/1127628)."""
    return _minted(ID_BASE + "/".join(_segment(part) for part in key.split(":")))


def article_iri(article_id: str) -> URIRef:
    return _minted(ID_BASE + "article/" + _segment(article_id))


def article_graph(article_id: str) -> URIRef:
    """The named graph holding everything extracted from one article."""
    return URIRef(GRAPH_BASE + "article/" + _segment(article_id))


def mention_iri(article_id: str, start: int, end: int) -> URIRef:
    """NIF-style span IRI: <article>#char=start,end (the mapping makes the prefix once per article)."""
    return mention_at(mention_prefix(article_id), start, end)


def claim_iri(article_id: str, index: int) -> URIRef:
    return _minted(f"{ID_BASE}claim/{_segment(article_id)}-{int(index)}")


def event_iri(article_id: str, index: int) -> URIRef:
    return _minted(f"{ID_BASE}event/{_segment(article_id)}-{int(index)}")


def run_iri(run_id: str) -> URIRef:
    return URIRef(ID_BASE + "run/" + _segment(run_id))


def merge_iri(entity_key: str, label: str) -> URIRef:
    digest = hashlib.sha1(f"{entity_key}\x00{label}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return _minted(f"{ID_BASE}merge/{digest}")


def tally_iri(entity: URIRef, kind: str, text: str) -> URIRef:
    """A label or anchor tally of ``entity`` (identity graph): one per entity, kind and counted text."""
    digest = hashlib.sha1(f"{entity}\x00{kind}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return URIRef(f"{ID_BASE}tally/{digest}")
