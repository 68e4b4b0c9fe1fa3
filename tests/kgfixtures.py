"""A small hand-built knowledge graph for the interface tests (endpoint, exports, networkx).

The graph is made the way a build makes it, minus the NLP: extraction records
written by hand go through ``mapping.article_triples``, into one named graph per
article, then the identity graph is derived. So the fixture follows the real data
model and changes with it. Two articles from two publishers report on the same
place under two spellings (Sheberghan / Shibirghan), which exercises identity,
aliases, provincial roll-up (city -> province -> country) and publisher claims.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from newskg.graph.identity import refresh_identity
from newskg.graph.store import Store
from newskg.iris import PROVENANCE_GRAPH, article_graph, claim_iri, run_iri
from newskg.loaders.article import Article
from newskg.loaders.mapping import article_triples
from newskg.loaders.records import ClaimRecord, Count, DateValue, EntityRecord, EventRecord, Extraction, Mention
from newskg.names import person_key
from newskg.ontology.terms import NK

RUN = run_iri("fixture-run")

TEXT_A = (
    "Taliban fighters captured Sheberghan, the capital of Jowzjan province, on Friday, a provincial official said. "
    '"We have lost the city," said Qader Malia, the deputy governor of Jowzjan. '
    "Taliban spokesman Zabihullah Mujahid said the group controlled all government buildings in Sheberghan."
)
TEXT_B = (
    "Afghan forces carried out an airstrike in Shibirghan on Saturday that killed at least 20 Taliban fighters and wounded 5 civilians. "
    "In Badghis, Taliban fighters attacked Qala-i-Naw, killing three policemen, police chief Abdul Latif said. "
    "Zalmay Khalilzad told reporters the Taliban offensive was a violation of the Doha agreement."
)

TALIBAN = "org:taliban"
AFGHAN_FORCES = "org:afghan-forces"
PAJHWOK = "org:pajhwok"
REUTERS = "org:reuters"
SHEBERGHAN = "place:geonames:1127110"
JOWZJAN = "place:geonames:1135365"
BADGHIS = "place:geonames:1147707"
QALA_I_NAW = "place:geonames:1130490"
AFGHANISTAN = "place:geonames:1149361"
OFFICIAL = "actor:a-provincial-official"
MALIA = "person:" + person_key("Qader Malia")
MUJAHID = "person:" + person_key("Zabihullah Mujahid")
LATIF = "person:" + person_key("Abdul Latif")
KHALILZAD = "person:" + person_key("Zalmay Khalilzad")

# What the graph holds (the tests' expectations): 3 + 2 claims plus Reuters' own-voice
# claim for the airstrike sentence; 7 actors plus the two publishers.
ARTICLES = 2
EVENTS = 3
CLAIMS = 6
ACTORS = 9
PLACES = 5


def span(text: str, fragment: str, *, after: int = 0) -> Mention:
    start = text.index(fragment, after)
    return Mention(start, start + len(fragment), fragment)


def sentence_of(text: str, fragment: str) -> Mention:
    """The sentence (up to and including its full stop) holding ``fragment``."""
    at = text.index(fragment)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Mention(start, end, text[start:end])


def _place(key: str, label: str, text: str, fragment: str, *, place_type: str, geonames: int, lat: float, long: float,
           located_in: str | None, aliases: list[str] | None = None) -> EntityRecord:
    mentions = [span(text, fragment)] if fragment in text else []
    return EntityRecord(
        key=key, types=("Place",), label=label, mentions=mentions, aliases=aliases or [],
        merge_reasons=["same GeoNames place"] * len(aliases or []), geonames_id=geonames, lat=lat, long=long,
        place_type=place_type, located_in=located_in,
    )


def extraction_a() -> Extraction:
    text = TEXT_A
    article = Article(
        id="fixture-a", text=text, origin="fixture/a.txt", title="Taliban capture Sheberghan",
        published=date(2021, 8, 7), publisher="Pajhwok", url="https://example.org/news/a",
    )
    first, second, third = sentence_of(text, "captured"), sentence_of(text, "lost the city"), sentence_of(text, "spokesman")
    entities = [
        EntityRecord(TALIBAN, ("Organization",), "Taliban", mentions=[span(text, "Taliban"), span(text, "Taliban", after=20)]),
        EntityRecord(PAJHWOK, ("Organization",), "Pajhwok"),
        EntityRecord(OFFICIAL, ("Actor",), "a provincial official", mentions=[span(text, "a provincial official")], named=False),
        EntityRecord(MALIA, ("Person",), "Qader Malia", mentions=[span(text, "Qader Malia")], roles=["deputy governor"]),
        EntityRecord(MUJAHID, ("Person",), "Zabihullah Mujahid", mentions=[span(text, "Zabihullah Mujahid")],
                     roles=["spokesman"], affiliations=[TALIBAN]),
        _place(SHEBERGHAN, "Sheberghan", text, "Sheberghan", place_type="city", geonames=1127110, lat=36.66757,
               long=65.7529, located_in=JOWZJAN),
        _place(JOWZJAN, "Jowzjan", text, "Jowzjan", place_type="province", geonames=1135365, lat=36.75, long=65.75,
               located_in=AFGHANISTAN),
        _place(AFGHANISTAN, "Afghanistan", text, "(none)", place_type="country", geonames=1149361, lat=33.0, long=66.0,
               located_in=None),
    ]
    claims = [
        ClaimRecord(OFFICIAL, "said", first.text[: first.text.index(", a provincial")], False, first, about=[TALIBAN, SHEBERGHAN]),
        ClaimRecord(MALIA, "said", "We have lost the city", True, second, about=[SHEBERGHAN]),
        ClaimRecord(MUJAHID, "said", "the group controlled all government buildings in Sheberghan", False, third,
                    about=[TALIBAN, SHEBERGHAN]),
    ]
    events = [
        EventRecord("Capture", span(text, "captured"), first, agents=[TALIBAN], places=[SHEBERGHAN],
                    date=DateValue(date(2021, 8, 6), "day", "on Friday"), claim=0),
    ]
    return Extraction(article, PAJHWOK, entities, claims, events)


def extraction_b() -> Extraction:
    text = TEXT_B
    article = Article(
        id="fixture-b", text=text, origin="fixture/b.txt", title="Airstrike in Shibirghan; Qala-i-Naw attacked",
        published=date(2021, 8, 8), publisher="Reuters", url="https://example.org/news/b",
    )
    strike, attack, talks = sentence_of(text, "airstrike"), sentence_of(text, "Qala-i-Naw"), sentence_of(text, "Khalilzad")
    entities = [
        EntityRecord(TALIBAN, ("Organization",), "Taliban", mentions=[span(text, "Taliban")]),
        EntityRecord(AFGHAN_FORCES, ("Organization",), "Afghan forces", mentions=[span(text, "Afghan forces")]),
        EntityRecord(REUTERS, ("Organization",), "Reuters"),
        EntityRecord(LATIF, ("Person",), "Abdul Latif", mentions=[span(text, "Abdul Latif")], roles=["police chief"]),
        EntityRecord(KHALILZAD, ("Person",), "Zalmay Khalilzad", mentions=[span(text, "Zalmay Khalilzad")]),
        _place(SHEBERGHAN, "Shibirghan", text, "Shibirghan", place_type="city", geonames=1127110, lat=36.66757,
               long=65.7529, located_in=JOWZJAN),
        _place(JOWZJAN, "Jawzjan", text, "(none)", place_type="province", geonames=1135365, lat=36.75, long=65.75,
               located_in=AFGHANISTAN),
        _place(QALA_I_NAW, "Qala-i-Naw", text, "Qala-i-Naw", place_type="city", geonames=1130490, lat=34.98735,
               long=63.12891, located_in=BADGHIS),
        _place(BADGHIS, "Badghis", text, "Badghis", place_type="province", geonames=1147707, lat=35.16, long=63.76,
               located_in=AFGHANISTAN),
        _place(AFGHANISTAN, "Afghanistan", text, "(none)", place_type="country", geonames=1149361, lat=33.0, long=66.0,
               located_in=None),
    ]
    claims = [
        ClaimRecord(LATIF, "said", "Taliban fighters attacked Qala-i-Naw, killing three policemen", False, attack,
                    about=[TALIBAN, QALA_I_NAW]),
        ClaimRecord(KHALILZAD, "told", "the Taliban offensive was a violation of the Doha agreement", False, talks,
                    about=[TALIBAN]),
    ]
    events = [
        EventRecord("Airstrike", span(text, "airstrike"), strike, agents=[AFGHAN_FORCES], targets=[TALIBAN],
                    places=[SHEBERGHAN], date=DateValue(date(2021, 8, 7), "day", "on Saturday"),
                    killed=Count(20, "at least", "at least 20"), wounded=Count(5, "exact", "5")),
        EventRecord("Attack", span(text, "attacked"), attack, agents=[TALIBAN], places=[QALA_I_NAW],
                    killed=Count(3, "exact", "three"), claim=0),
    ]
    return Extraction(article, REUTERS, entities, claims, events)


def extra_triples() -> dict[URIRef, list[tuple[Node, Node, Node]]]:
    """What no extractor writes yet but the ontology has: a contradiction between two claims."""
    malia, mujahid = claim_iri("fixture-a", 1), claim_iri("fixture-a", 2)
    return {article_graph("fixture-a"): [(malia, NK.contradicts, mujahid), (mujahid, NK.contradicts, malia)]}


def run_triples() -> list[tuple[Node, Node, Node]]:
    return [
        (RUN, RDF.type, NK.ExtractionRun),
        (RUN, NK.toolVersion, Literal("newskg fixture")),
        (RUN, NK.modelName, Literal("hand-written records")),
        (RUN, NK.modelVersion, Literal("0")),
        (RUN, URIRef("http://www.w3.org/ns/prov#startedAtTime"), Literal("2021-08-09T10:00:00+00:00", datatype=XSD.dateTime)),
    ]


def fill(store: Store) -> Store:
    """Write the two fixture articles, the run and the identity graph into ``store``."""
    graphs = {}
    for extraction in (extraction_a(), extraction_b()):
        graphs[article_graph(extraction.article.id)] = article_triples(extraction, run=RUN)
    for graph, triples in extra_triples().items():
        graphs[graph] += triples
    store.replace_graphs(graphs, add={PROVENANCE_GRAPH: run_triples()})
    refresh_identity(store)
    store.flush()
    return store


def build_store(path: Path | None) -> Store:
    """A filled store on disk at ``path`` (or in memory when None)."""
    return fill(Store(path))


# Comparing RDF from different parsers ---------------------------------------------

def plain(term: Node) -> Node:
    """RDF 1.1 says "x" and "x"^^xsd:string are one literal; rdflib keeps them apart, so fold them."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def plain_triples(triples) -> set[tuple[Node, Node, Node]]:
    return {(plain(s), plain(p), plain(o)) for s, p, o in triples}


def union_of(store: Store) -> set[tuple[Node, Node, Node]]:
    """The union of all graphs, as a set of rdflib triples with simple literals folded."""
    return plain_triples((s, p, o) for s, p, o, _ in store.quads())


def require_tool(name: str) -> str:
    """The path of a command-line tool; missing, the test fails under CI and is skipped elsewhere."""
    import os
    import shutil

    import pytest

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: raptor2-utils / rasqal-utils)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


# A real server in a subprocess ------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc), to see the server's workers come and go."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


class Server:
    """``newskg serve`` on a free loopback port, started and stopped by a test."""

    def __init__(self, store: Path, *, timeout: float = 10.0, max_rows: int = 10_000) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall the server's logging
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newskg.cli", "serve", "--store", str(store), "--port", str(self.port),
             "--timeout", str(timeout), "--max-rows", str(max_rows), "--workers", "2"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("newskg serve exited: " + self.log.read().decode())
            try:
                if httpx.get(self.url + "/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("newskg serve did not start in 60 s")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def fill_copies(store: Store, copies: int) -> Store:
    """``copies`` renamed copies of the two fixture articles: many articles naming the same
    entities, the shape that makes union-graph joins explode if a query is written carelessly."""
    import dataclasses

    graphs = {}
    for index in range(copies):
        for make in (extraction_a, extraction_b):
            extraction = make()
            article = dataclasses.replace(extraction.article, id=f"{extraction.article.id}-{index}",
                                          url=f"{extraction.article.url}/{index}")
            extraction = dataclasses.replace(extraction, article=article)
            graphs[article_graph(article.id)] = article_triples(extraction, run=RUN)
    store.replace_graphs(graphs, add={PROVENANCE_GRAPH: run_triples()})
    refresh_identity(store)
    return store
