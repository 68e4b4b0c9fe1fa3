"""The ontology, the SHACL shapes and the Python terms stay in step, and the shapes bite.

Two halves: (1) ``newskg.ttl`` declares exactly the terms of ``NK`` (both
directions), with the closed value sets of ``terms.py``; (2) the shapes accept a
small but complete article (alone, and with the identity and provenance graphs)
and reject a table of broken variants with the expected violation, one line each.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import rdflib
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

import newskg
from newskg.iris import article_iri, claim_iri, entity_iri, event_iri, merge_iri, mention_iri, run_iri
from newskg.ontology import ontology_path, shapes_path
from newskg.ontology.terms import (
    COUNT_QUALIFIERS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    GEO,
    GEONAMES,
    NIF,
    NK,
    ONTOLOGY_IRI,
    PLACE_TYPES,
    SCHEMA,
)

SH = Namespace("http://www.w3.org/ns/shacl#")
NK_NS = str(NK._NS)
ONTOLOGY = URIRef(ONTOLOGY_IRI)
SCHEME = URIRef(ONTOLOGY_IRI + "/event-types")
TERMS = sorted(NK.__annotations__)
CLASSES = [t for t in TERMS if t[0].isupper() and t not in EVENT_TYPES]
PROPERTIES = [t for t in TERMS if t[0].islower()]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


def _nk_iris(graph: Graph) -> set[str]:
    """Local names of every nk: IRI used anywhere in the graph."""
    return {str(t)[len(NK_NS) :] for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(NK_NS)}


@pytest.mark.parametrize("path", [ontology_path(), shapes_path()], ids=["newskg.ttl", "shapes.ttl"])
def test_turtle_parses_the_same_in_rdflib_and_oxigraph(path: Path) -> None:
    """Two independent Turtle parsers (the store's and rdflib) read the same triples."""
    ours = Graph().parse(path, format="turtle")
    theirs = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(ours) > 100 and len(theirs) == len(ours)


# ---------------------------------------------------------------- terms.py <-> newskg.ttl


@pytest.mark.parametrize("name", TERMS)
def test_term_is_declared_with_label_comment_and_defined_by(ontology: Graph, name: str) -> None:
    term = NK[name]
    assert ontology.value(term, RDFS.label) is not None, f"nk:{name} has no rdfs:label"
    comment = ontology.value(term, RDFS.comment)
    assert comment is not None and "\n" not in str(comment), f"nk:{name} needs a one-line rdfs:comment"
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology


def test_every_nk_iri_in_ontology_is_in_terms(ontology: Graph) -> None:
    assert _nk_iris(ontology) - set(TERMS) == set()


def test_every_nk_iri_in_shapes_is_in_terms(shapes: Graph) -> None:
    assert _nk_iris(shapes) - set(TERMS) == set()


@pytest.mark.parametrize("name", CLASSES)
def test_class_is_an_owl_class_with_a_shape(ontology: Graph, shapes: Graph, name: str) -> None:
    assert (NK[name], RDF.type, OWL.Class) in ontology
    assert (None, SH.targetClass, NK[name]) in shapes, f"no shape targets nk:{name}"


@pytest.mark.parametrize("name", PROPERTIES)
def test_property_is_typed_with_domain_range_and_constrained(ontology: Graph, shapes: Graph, name: str) -> None:
    kinds = set(ontology.objects(NK[name], RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    assert len(kinds) == 1, f"nk:{name} must be exactly one kind of property, got {kinds}"
    assert ontology.value(NK[name], RDFS.domain) is not None
    if name != "geonames":  # an external feature IRI: no class to give it
        assert ontology.value(NK[name], RDFS.range) is not None
    assert (None, SH.path, NK[name]) in shapes, f"no shape constrains nk:{name}"


def test_event_types_are_the_fixed_set_in_one_scheme(ontology: Graph) -> None:
    declared = {str(s)[len(NK_NS) :] for s in ontology.subjects(RDF.type, NK.EventType)}
    assert declared == set(EVENT_TYPES)
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in ontology
    for name in EVENT_TYPES:
        assert (NK[name], RDF.type, SKOS.Concept) in ontology
        assert (NK[name], SKOS.inScheme, SCHEME) in ontology
        assert ontology.value(NK[name], SKOS.definition) is not None


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == newskg.__version__
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert ontology.value(ONTOLOGY, prop) is not None, prop
    assert str(ontology.value(ONTOLOGY, DCTERMS.creator)) == "newskg developers"


@pytest.mark.parametrize(
    ("prop", "values"),
    [
        (NK.placeType, PLACE_TYPES),
        (NK.datePrecision, DATE_PRECISIONS),
        (NK.killedQualifier, COUNT_QUALIFIERS),
        (NK.woundedQualifier, COUNT_QUALIFIERS),
        (NK.capturedQualifier, COUNT_QUALIFIERS),
    ],
)
def test_closed_string_sets_match_terms(ontology: Graph, shapes: Graph, prop: URIRef, values: tuple[str, ...]) -> None:
    one_of = ontology.value(ontology.value(prop, RDFS.range), OWL.oneOf)
    assert tuple(str(v) for v in Collection(ontology, one_of)) == values
    patterns = {str(shapes.value(s, SH.pattern)) for s in shapes.subjects(SH.path, prop)} - {"None"}
    (pattern,) = patterns
    assert pattern.startswith("^(") and pattern.endswith(")$")
    assert tuple(pattern[2:-2].split("|")) == values


def test_event_type_shape_lists_the_fixed_set(shapes: Graph) -> None:
    (members,) = [shapes.value(s, SH["in"]) for s in shapes.subjects(SH.path, NK.eventType)]
    assert list(Collection(shapes, members)) == [NK[t] for t in EVENT_TYPES]


def test_no_named_individual_declarations(ontology: Graph) -> None:
    """pyshacl deep-clones owl:NamedIndividual nodes when mixing in the ontology: exponential here."""
    assert (None, RDF.type, OWL.NamedIndividual) not in ontology


def test_shapes_are_shacl_core_only(shapes: Graph) -> None:
    """SPARQL-based constraints would make per-article validation slow."""
    assert not any(str(p).startswith(str(SH)) and "sparql" in str(p).lower() for p in shapes.predicates())
    assert (None, RDF.type, SH.SPARQLConstraint) not in shapes


def test_shapes_graph_is_valid_shacl_and_the_ontology_conforms(ontology: Graph, shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(ontology, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_event_type_without_definition_is_caught(ontology: Graph, shapes: Graph) -> None:
    broken = Graph() + ontology
    broken.remove((NK.Raid, SKOS.definition, None))
    assert _violations(broken, shapes) >= {(NK.Raid, SKOS.definition, SH.MinCountConstraintComponent)}


# ---------------------------------------------------------------- a small, complete article

ID = "test-article"
TEXT = (
    "Taliban fighters captured Sheberghan on Sunday, the outlet reported. "
    '"We control the city," Zabihullah Mujahid said. At least 3 people died in a clash.'
)
ARTICLE = article_iri(ID)
RUN = run_iri("test-run")
PUB = entity_iri("org:example-news")
TALIBAN = entity_iri("org:taliban")
MUJAHID = entity_iri("person:zbllh-mjhd")
SOURCE = entity_iri("actor:unnamed:a-security-source")
SHEB = entity_iri("place:geonames:1127110")
JOWZJAN = entity_iri("place:geonames:1138255")
AFGHANISTAN = entity_iri("place:geonames:1149361")
CLAIM0, CLAIM1 = claim_iri(ID, 0), claim_iri(ID, 1)
EVENT0, EVENT1 = event_iri(ID, 0), event_iri(ID, 1)
MERGE = merge_iri("place:geonames:1127110", "Cheberghan")
# rdflib's XSD warns on unknown attributes, which pytest probes on module globals: no XSD global.
NNI = rdflib.XSD.integer  # Oxigraph stores integer subtypes as xsd:integer, so counts are integers >= 0
XSD_STRING = rdflib.XSD.string
XSD_ANYURI = rdflib.XSD.anyURI
Graphs = dict[str, Graph]


def _span(words: str) -> tuple[URIRef, int, int]:
    start = TEXT.index(words)
    return mention_iri(ID, start, start + len(words)), start, start + len(words)


S0 = _span("Taliban fighters captured Sheberghan on Sunday, the outlet reported.")[0]
S1 = _span('"We control the city," Zabihullah Mujahid said.')[0]
S2 = _span("At least 3 people died in a clash.")[0]
M_TALIBAN = _span("Taliban")[0]
M_SHEB = _span("Sheberghan")[0]
M_MUJAHID = _span("Zabihullah Mujahid")[0]


def _article_graph() -> Graph:
    g = Graph()
    a = g.add
    a((ARTICLE, RDF.type, NK.Article))
    a((ARTICLE, SCHEMA.headline, Literal("Taliban capture Sheberghan")))
    a((ARTICLE, SCHEMA.datePublished, Literal(date(2021, 8, 9))))
    a((ARTICLE, SCHEMA.url, Literal("https://news.example.org/1", datatype=XSD_ANYURI)))
    a((ARTICLE, SCHEMA.text, Literal(TEXT)))
    a((ARTICLE, NK.publisher, PUB))
    a((ARTICLE, NK.contentHash, Literal(hashlib.sha256(TEXT.encode()).hexdigest())))
    a((ARTICLE, NK.origin, Literal("https://news.example.org/1")))
    a((ARTICLE, NK.sourceId, Literal("1")))
    a((ARTICLE, NK.extractedBy, RUN))
    for words in ("Taliban fighters captured Sheberghan on Sunday, the outlet reported.",
                  '"We control the city," Zabihullah Mujahid said.', "At least 3 people died in a clash.",
                  "Taliban", "Sheberghan", "Zabihullah Mujahid"):  # fmt: skip
        iri, start, end = _span(words)
        a((iri, RDF.type, NK.Mention))
        a((iri, NK.inArticle, ARTICLE))
        a((iri, NIF.beginIndex, Literal(start, datatype=NNI)))
        a((iri, NIF.endIndex, Literal(end, datatype=NNI)))
        a((iri, NIF.anchorOf, Literal(words)))
    for actor, types, label in ((PUB, [NK.Organization], "Example News"), (TALIBAN, [NK.Organization], "Taliban"),
                                (MUJAHID, [NK.Person], "Zabihullah Mujahid"), (SOURCE, [NK.Actor], "a security source"),
                                (AFGHANISTAN, [NK.Place, NK.Organization], "Afghanistan")):  # fmt: skip
        for t in types:
            a((actor, RDF.type, t))
        a((actor, RDFS.label, Literal(label)))
        a((actor, NK.named, Literal(actor != SOURCE)))
    a((TALIBAN, NK.nameKey, Literal("tlbn")))
    a((TALIBAN, PROV.wasDerivedFrom, M_TALIBAN))
    a((MUJAHID, NK.role, Literal("spokesman")))
    a((MUJAHID, NK.affiliatedWith, TALIBAN))
    a((MUJAHID, PROV.wasDerivedFrom, M_MUJAHID))
    for place, label, kind, gid, parent in ((SHEB, "Sheberghan", "city", 1127110, JOWZJAN),
                                            (JOWZJAN, "Jowzjan", "province", 1138255, AFGHANISTAN),
                                            (AFGHANISTAN, "Afghanistan", "country", 1149361, None)):  # fmt: skip
        a((place, RDF.type, NK.Place))
        a((place, RDFS.label, Literal(label)))
        a((place, NK.placeType, Literal(kind)))
        a((place, NK.geonamesId, Literal(gid)))
        a((place, NK.geonames, GEONAMES[f"{gid}/"]))
        if parent is not None:
            a((place, NK.locatedIn, parent))
    a((SHEB, GEO.lat, Literal(Decimal("36.66757"))))
    a((SHEB, GEO.long, Literal(Decimal("65.7529"))))
    a((SHEB, PROV.wasDerivedFrom, M_SHEB))
    for claim, claimant, cue, content, direct, sentence in (
        (CLAIM0, PUB, "reported", "Taliban fighters captured Sheberghan on Sunday", False, S0),
        (CLAIM1, MUJAHID, "said", "We control the city", True, S1),
    ):
        a((claim, RDF.type, NK.Claim))
        a((claim, NK.claimant, claimant))
        a((claim, NK.cue, Literal(cue)))
        a((claim, NK.content, Literal(content)))
        a((claim, NK.direct, Literal(direct)))
        a((claim, NK.about, SHEB))
        a((claim, NK.reportedIn, ARTICLE))
        a((claim, PROV.wasDerivedFrom, sentence))
    a((CLAIM0, NK.about, EVENT0))
    for event, kind, trigger, sentence in ((EVENT0, NK.Capture, "captured", S0), (EVENT1, NK.Clash, "clash", S2)):
        a((event, RDF.type, NK.Event))
        a((event, NK.eventType, kind))
        a((event, NK.trigger, Literal(trigger)))
        a((event, NK.assertedBy, CLAIM0))
        a((event, NK.reportedIn, ARTICLE))
        a((event, PROV.wasDerivedFrom, sentence))
    a((EVENT0, NK.agent, TALIBAN))
    a((EVENT0, NK.target, AFGHANISTAN))
    a((EVENT0, NK.place, SHEB))
    a((EVENT0, NK.date, Literal(date(2021, 8, 8))))
    a((EVENT0, NK.datePrecision, Literal("day")))
    a((EVENT0, NK.dateText, Literal("on Sunday")))
    a((EVENT1, NK.killed, Literal(3, datatype=NNI)))
    a((EVENT1, NK.killedQualifier, Literal("at least")))
    return g


def _identity_graph() -> Graph:
    g = Graph()
    g.add((MERGE, RDF.type, NK.IdentityMerge))
    g.add((MERGE, NK.mergedInto, SHEB))
    g.add((MERGE, NK.joinedLabel, Literal("Cheberghan")))
    g.add((MERGE, NK.mergeReason, Literal("same GeoNames id")))
    g.add((MERGE, NK.reportedIn, ARTICLE))
    g.add((SHEB, SKOS.prefLabel, Literal("Sheberghan")))
    g.add((SHEB, SKOS.altLabel, Literal("Cheberghan")))
    g.add((CLAIM1, NK.contradicts, CLAIM0))  # shape-wise: two claims; semantically any pair
    return g


def _provenance_graph() -> Graph:
    g = Graph()
    g.add((RUN, RDF.type, NK.ExtractionRun))
    g.add((RUN, NK.toolVersion, Literal(newskg.__version__)))
    g.add((RUN, NK.modelName, Literal("en_core_web_sm")))
    g.add((RUN, NK.modelVersion, Literal("3.8.0")))
    g.add((RUN, PROV.startedAtTime, Literal(datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc))))
    g.add((RUN, PROV.endedAtTime, Literal(datetime(2024, 1, 1, 12, 5, tzinfo=timezone.utc))))
    return g


def _graphs() -> Graphs:
    return {"article": _article_graph(), "identity": _identity_graph(), "provenance": _provenance_graph()}


def _union(graphs: Graphs) -> Graph:
    union = Graph()
    for g in graphs.values():
        union += g
    return union


def _violations(data: Graph, shapes: Graph) -> set[tuple[URIRef, URIRef | None, URIRef]]:
    """(focus node, path, constraint component) of every result; path None for node-level constraints."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return {
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.sourceConstraintComponent))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def _messages(data: Graph, shapes: Graph) -> set[str]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return {str(m) for m in report.objects(None, SH.resultMessage)}


# ---------------------------------------------------------------- mutations, one line each in the tables

Mutation = Callable[[Graphs], None]


def drop(s: URIRef, p: URIRef, *, graph: str = "article") -> Mutation:
    return lambda gs: gs[graph].remove((s, p, None))


def add(s: URIRef, p: URIRef, o: URIRef | Literal, *, graph: str = "article") -> Mutation:
    return lambda gs: gs[graph].add((s, p, o))


def put(s: URIRef, p: URIRef, o: URIRef | Literal, *, graph: str = "article") -> Mutation:
    return lambda gs: gs[graph].set((s, p, o))


def both(*mutations: Mutation) -> Mutation:
    def apply(gs: Graphs) -> None:
        for mutation in mutations:
            mutation(gs)

    return apply


def bad_mention(iri: URIRef) -> Mutation:
    """A complete mention whose IRI is not of the <article>#char=B,E form."""
    return both(add(iri, RDF.type, NK.Mention), add(iri, NK.inArticle, ARTICLE), add(iri, NIF.anchorOf, Literal("x")),
                add(iri, NIF.beginIndex, Literal(0, datatype=NNI)), add(iri, NIF.endIndex, Literal(1, datatype=NNI)))  # fmt: skip


# ---------------------------------------------------------------- good graphs


@pytest.mark.parametrize("part", ["article", "identity", "provenance"])
def test_each_graph_alone_conforms(shapes: Graph, part: str) -> None:
    """Incremental validation: an article graph needs nothing from the other graphs."""
    assert _violations(_graphs()[part], shapes) == set()


def test_union_conforms(shapes: Graph) -> None:
    assert _violations(_union(_graphs()), shapes) == set()


def test_union_with_the_ontology_mixed_in_conforms(ontology: Graph, shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(_union(_graphs()), shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, text


GOOD = [
    ("precision typed xsd:string", put(EVENT0, NK.datePrecision, Literal("day", datatype=XSD_STRING))),
    ("event without date nor precision", both(drop(EVENT0, NK.date), drop(EVENT0, NK.datePrecision))),
    ("month precision", put(EVENT0, NK.datePrecision, Literal("month"))),
    ("zero killed, exact", both(put(EVENT1, NK.killed, Literal(0, datatype=NNI)), put(EVENT1, NK.killedQualifier, Literal("exact")))),
    ("count without qualifier", drop(EVENT1, NK.killedQualifier)),
    ("unnamed source as claimant", put(CLAIM1, NK.claimant, SOURCE)),
    ("country (Place and Organization) as agent", add(EVENT1, NK.agent, AFGHANISTAN)),
    ("claim about an actor", add(CLAIM1, NK.about, TALIBAN)),
    ("article without optional metadata", both(drop(ARTICLE, SCHEMA.headline), drop(ARTICLE, SCHEMA.url), drop(ARTICLE, SCHEMA.datePublished), drop(ARTICLE, NK.sourceId))),
    ("place without coordinates or GeoNames", both(drop(SHEB, GEO.lat), drop(SHEB, GEO.long), drop(SHEB, NK.geonamesId), drop(SHEB, NK.geonames))),
    ("lat and long at the limits", both(put(SHEB, GEO.lat, Literal(Decimal("-90"))), put(SHEB, GEO.long, Literal(Decimal("180"))))),
    ("actor with several labels", add(MUJAHID, RDFS.label, Literal("Mujahid"))),
    ("run still going", drop(RUN, PROV.endedAtTime, graph="provenance")),
    ("merge seen in no article", drop(MERGE, NK.reportedIn, graph="identity")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "mutation"), GOOD, ids=[row[0] for row in GOOD])
def test_good_variant_conforms(shapes: Graph, name: str, mutation: Mutation) -> None:
    graphs = _graphs()
    mutation(graphs)
    assert _violations(_union(graphs), shapes) == set()


# ---------------------------------------------------------------- bad graphs: (name, mutation, focus, path, component)

BAD = [
    ("claim without claimant", drop(CLAIM1, NK.claimant), CLAIM1, NK.claimant, SH.MinCountConstraintComponent),
    ("claim with two claimants", add(CLAIM1, NK.claimant, TALIBAN), CLAIM1, NK.claimant, SH.MaxCountConstraintComponent),
    ("claimant is a place", put(CLAIM1, NK.claimant, SHEB), CLAIM1, NK.claimant, SH.NodeConstraintComponent),
    ("claimant is untyped", put(CLAIM1, NK.claimant, URIRef("https://example.org/x")), CLAIM1, NK.claimant, SH.NodeConstraintComponent),
    ("claim with blank content", put(CLAIM1, NK.content, Literal("  ")), CLAIM1, NK.content, SH.PatternConstraintComponent),
    ("claim without cue", drop(CLAIM1, NK.cue), CLAIM1, NK.cue, SH.MinCountConstraintComponent),
    ("direct is a string", put(CLAIM1, NK.direct, Literal("yes")), CLAIM1, NK.direct, SH.DatatypeConstraintComponent),
    ("claim without sentence", drop(CLAIM1, PROV.wasDerivedFrom), CLAIM1, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),
    ("claim about a literal", add(CLAIM1, NK.about, Literal("Sheberghan")), CLAIM1, NK.about, SH.NodeKindConstraintComponent),
    ("claim about a mention", add(CLAIM1, NK.about, S1), CLAIM1, NK.about, SH.NodeConstraintComponent),
    ("claim without article", drop(CLAIM1, NK.reportedIn), CLAIM1, NK.reportedIn, SH.MinCountConstraintComponent),
    ("contradicts a non-claim", add(CLAIM1, NK.contradicts, EVENT0, graph="identity"), CLAIM1, NK.contradicts, SH.ClassConstraintComponent),
    ("event with two types", add(EVENT0, NK.eventType, NK.Attack), EVENT0, NK.eventType, SH.MaxCountConstraintComponent),
    ("event without type", drop(EVENT0, NK.eventType), EVENT0, NK.eventType, SH.MinCountConstraintComponent),
    ("event type outside the set", put(EVENT0, NK.eventType, NK.Claim), EVENT0, NK.eventType, SH.InConstraintComponent),
    ("event type as a string", put(EVENT0, NK.eventType, Literal("Capture")), EVENT0, NK.eventType, SH.InConstraintComponent),
    ("killed = -1", put(EVENT1, NK.killed, Literal(-1)), EVENT1, NK.killed, SH.MinInclusiveConstraintComponent),
    ("killed typed nonNegativeInteger", put(EVENT1, NK.killed, Literal("1", datatype=rdflib.XSD.nonNegativeInteger)), EVENT1, NK.killed, SH.DatatypeConstraintComponent),
    ("wounded = 2.5", add(EVENT1, NK.wounded, Literal(Decimal("2.5"))), EVENT1, NK.wounded, SH.DatatypeConstraintComponent),
    ("two killed counts", add(EVENT1, NK.killed, Literal(4, datatype=NNI)), EVENT1, NK.killed, SH.MaxCountConstraintComponent),
    ("qualifier outside the set", put(EVENT1, NK.killedQualifier, Literal("roughly")), EVENT1, NK.killedQualifier, SH.PatternConstraintComponent),
    ("qualifier without count", add(EVENT1, NK.capturedQualifier, Literal("about")), EVENT1, None, SH.OrConstraintComponent),
    ("date is a string", put(EVENT0, NK.date, Literal("2021-08-08")), EVENT0, NK.date, SH.DatatypeConstraintComponent),
    ("date is a dateTime", put(EVENT0, NK.date, Literal(datetime(2021, 8, 8, 10, 0))), EVENT0, NK.date, SH.DatatypeConstraintComponent),
    ("date without precision", drop(EVENT0, NK.datePrecision), EVENT0, None, SH.OrConstraintComponent),
    ("precision without date", drop(EVENT0, NK.date), EVENT0, None, SH.OrConstraintComponent),
    ("precision outside the set", put(EVENT0, NK.datePrecision, Literal("week")), EVENT0, NK.datePrecision, SH.PatternConstraintComponent),
    ("event without claim", drop(EVENT0, NK.assertedBy), EVENT0, NK.assertedBy, SH.MinCountConstraintComponent),
    ("event asserted by an actor", put(EVENT0, NK.assertedBy, PUB), EVENT0, NK.assertedBy, SH.ClassConstraintComponent),
    ("event without article", drop(EVENT0, NK.reportedIn), EVENT0, NK.reportedIn, SH.MinCountConstraintComponent),
    ("event without sentence", drop(EVENT0, PROV.wasDerivedFrom), EVENT0, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),
    ("event without trigger", drop(EVENT0, NK.trigger), EVENT0, NK.trigger, SH.MinCountConstraintComponent),
    ("agent is untyped", put(EVENT0, NK.agent, URIRef("https://example.org/x")), EVENT0, NK.agent, SH.NodeConstraintComponent),
    ("target is a place only", put(EVENT0, NK.target, SHEB), EVENT0, NK.target, SH.NodeConstraintComponent),
    ("event place is an actor", put(EVENT0, NK.place, TALIBAN), EVENT0, NK.place, SH.ClassConstraintComponent),
    ("mention end < begin", put(S1, NIF.endIndex, Literal(1, datatype=NNI)), S1, NIF.beginIndex, SH.LessThanConstraintComponent),
    ("empty mention", put(S1, NIF.endIndex, Literal(_span('"We')[1], datatype=NNI)), S1, NIF.beginIndex, SH.LessThanConstraintComponent),
    ("begin is negative", put(S1, NIF.beginIndex, Literal("-3", datatype=NNI)), S1, NIF.beginIndex, SH.MinInclusiveConstraintComponent),
    ("begin is a plain string", put(S1, NIF.beginIndex, Literal("7")), S1, NIF.beginIndex, SH.DatatypeConstraintComponent),
    ("mention without article", drop(S1, NK.inArticle), S1, NK.inArticle, SH.MinCountConstraintComponent),
    ("mention without anchor", drop(S1, NIF.anchorOf), S1, NIF.anchorOf, SH.MinCountConstraintComponent),
    ("mention IRI without #char", bad_mention(URIRef(str(ARTICLE) + "#x")), URIRef(str(ARTICLE) + "#x"), None, SH.PatternConstraintComponent),
    ("place with lat 200", put(SHEB, GEO.lat, Literal(Decimal("200"))), SHEB, GEO.lat, SH.MaxInclusiveConstraintComponent),
    ("place with long -181", put(SHEB, GEO.long, Literal(Decimal("-181"))), SHEB, GEO.long, SH.MinInclusiveConstraintComponent),
    ("lat as a double", put(SHEB, GEO.lat, Literal(36.66)), SHEB, GEO.lat, SH.DatatypeConstraintComponent),
    ("place type outside the set", put(SHEB, NK.placeType, Literal("town")), SHEB, NK.placeType, SH.PatternConstraintComponent),
    ("place without type", drop(SHEB, NK.placeType), SHEB, NK.placeType, SH.MinCountConstraintComponent),
    ("GeoNames link of the wrong form", put(SHEB, NK.geonames, URIRef("http://www.geonames.org/1127110")), SHEB, NK.geonames, SH.PatternConstraintComponent),
    ("GeoNames id as a string", put(SHEB, NK.geonamesId, Literal("1127110")), SHEB, NK.geonamesId, SH.DatatypeConstraintComponent),
    ("place in two places", add(SHEB, NK.locatedIn, AFGHANISTAN), SHEB, NK.locatedIn, SH.MaxCountConstraintComponent),
    ("place in an actor", put(JOWZJAN, NK.locatedIn, TALIBAN), JOWZJAN, NK.locatedIn, SH.ClassConstraintComponent),
    ("two preferred labels", add(SHEB, SKOS.prefLabel, Literal("Shibirghan"), graph="identity"), SHEB, SKOS.prefLabel, SH.MaxCountConstraintComponent),
    ("actor without label", drop(TALIBAN, RDFS.label), TALIBAN, RDFS.label, SH.MinCountConstraintComponent),
    ("person without label", drop(MUJAHID, RDFS.label), MUJAHID, RDFS.label, SH.MinCountConstraintComponent),
    ("named is a string", put(SOURCE, NK.named, Literal("false")), SOURCE, NK.named, SH.DatatypeConstraintComponent),
    ("affiliated with a person", put(MUJAHID, NK.affiliatedWith, MUJAHID), MUJAHID, NK.affiliatedWith, SH.ClassConstraintComponent),
    ("actor derived from an article", add(TALIBAN, PROV.wasDerivedFrom, ARTICLE), TALIBAN, PROV.wasDerivedFrom, SH.ClassConstraintComponent),
    ("article without text", drop(ARTICLE, SCHEMA.text), ARTICLE, SCHEMA.text, SH.MinCountConstraintComponent),
    ("article without publisher", drop(ARTICLE, NK.publisher), ARTICLE, NK.publisher, SH.MinCountConstraintComponent),
    ("publisher is a place", put(ARTICLE, NK.publisher, SHEB), ARTICLE, NK.publisher, SH.NodeConstraintComponent),
    ("hash in upper case", put(ARTICLE, NK.contentHash, Literal("AB" * 32)), ARTICLE, NK.contentHash, SH.PatternConstraintComponent),
    ("hash too short", put(ARTICLE, NK.contentHash, Literal("ab" * 20)), ARTICLE, NK.contentHash, SH.PatternConstraintComponent),
    ("published date is a string", put(ARTICLE, SCHEMA.datePublished, Literal("2021-08-09")), ARTICLE, SCHEMA.datePublished, SH.DatatypeConstraintComponent),
    ("url is an IRI node", put(ARTICLE, SCHEMA.url, URIRef("https://news.example.org/1")), ARTICLE, SCHEMA.url, SH.DatatypeConstraintComponent),
    ("two headlines", add(ARTICLE, SCHEMA.headline, Literal("Another")), ARTICLE, SCHEMA.headline, SH.MaxCountConstraintComponent),
    ("run is a literal", put(ARTICLE, NK.extractedBy, Literal("run-1")), ARTICLE, NK.extractedBy, SH.NodeKindConstraintComponent),
    ("article without run", drop(ARTICLE, NK.extractedBy), ARTICLE, NK.extractedBy, SH.MinCountConstraintComponent),
    ("run ends before it starts", put(RUN, PROV.endedAtTime, Literal(datetime(2023, 1, 1, tzinfo=timezone.utc)), graph="provenance"), RUN, PROV.startedAtTime, SH.LessThanOrEqualsConstraintComponent),
    ("run without tool version", drop(RUN, NK.toolVersion, graph="provenance"), RUN, NK.toolVersion, SH.MinCountConstraintComponent),
    ("run start is a date", put(RUN, PROV.startedAtTime, Literal(date(2024, 1, 1)), graph="provenance"), RUN, PROV.startedAtTime, SH.DatatypeConstraintComponent),
    ("merge without reason", drop(MERGE, NK.mergeReason, graph="identity"), MERGE, NK.mergeReason, SH.MinCountConstraintComponent),
    ("merge into a literal", put(MERGE, NK.mergedInto, Literal("Sheberghan"), graph="identity"), MERGE, NK.mergedInto, SH.NodeKindConstraintComponent),
    ("merge with blank node", add(BNode(), RDF.type, NK.IdentityMerge, graph="identity"), None, None, SH.NodeKindConstraintComponent),
]  # fmt: skip


@pytest.mark.parametrize(("name", "mutation", "focus", "path", "component"), BAD, ids=[row[0] for row in BAD])
def test_bad_variant_is_caught(shapes: Graph, name: str, mutation: Mutation, focus: URIRef | None, path: URIRef | None, component: URIRef) -> None:
    graphs = _graphs()
    mutation(graphs)
    found = _violations(_union(graphs), shapes)
    if focus is None:  # a blank node: match on component and path only
        assert any(p == path and c == component for _, p, c in found), found
    else:
        assert (focus, path, component) in found, found


def test_reports_use_the_shapes_messages(shapes: Graph) -> None:
    """Users read these messages: they come from the shapes, not from pyshacl's defaults."""
    graphs = _graphs()
    both(drop(CLAIM1, NK.claimant), drop(EVENT0, NK.datePrecision), put(SHEB, GEO.lat, Literal(Decimal("200"))))(graphs)
    ours = {str(m) for m in shapes.objects(None, SH.message)}
    messages = _messages(_union(graphs), shapes)
    assert len(messages) == 3 and messages <= ours, messages
