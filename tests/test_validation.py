"""The fast validator gives pyshacl's verdicts: same focus nodes, paths and constraint components.

The build validates every article graph with ``fast_validation`` (pyshacl costs
more than the NLP on a short article); ``newskg validate`` keeps pyshacl. These
tests hold the two together: every good and bad graph of ``test_ontology``, the
same graphs with the ontology mixed in (as the build validates), and random
mutations of a good article graph.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pyshacl
import pyshacl.errors
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from newskg.graph.fast_validation import CompiledShapes, UnsupportedShape
from newskg.graph.validation import ontology_graph, shapes_graph, validate_graph
from newskg.ontology.terms import NK
from tests import test_ontology as onto

Found = set[tuple[object, object, object]]


def _pyshacl(data: Graph, *, ontology: Graph | None = None) -> Found:
    """Top-level results only (pyshacl also lists the nested results of sh:node and sh:or as sh:detail)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology, inference="none")
    return {
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.sourceConstraintComponent))
        for r in report.objects(None, SH.result)
    }


def _fast(data: Graph, compiled: CompiledShapes) -> Found:
    return {(r.focus, r.path, r.component) for r in compiled.results(data)}


def _comparable(found: Found) -> Found:
    """Blank-node focus nodes get fresh ids in pyshacl's copy: compare them by kind only."""
    return {(BNode("b") if isinstance(f, BNode) else f, p, c) for f, p, c in found}


@pytest.fixture(scope="module")
def plain() -> CompiledShapes:
    return CompiledShapes(shapes_graph())


@pytest.fixture(scope="module")
def with_ontology() -> CompiledShapes:
    return CompiledShapes(shapes_graph(), ontology=ontology_graph())


def _variant(mutation) -> Graph:
    graphs = onto._graphs()
    mutation(graphs)
    return onto._union(graphs)


@pytest.mark.parametrize(("name", "mutation", "focus", "path", "component"), onto.BAD, ids=[row[0] for row in onto.BAD])
def test_bad_graph_same_results_as_pyshacl(plain: CompiledShapes, name, mutation, focus, path, component) -> None:
    data = _variant(mutation)
    found = _fast(data, plain)
    assert _comparable(found) == _comparable(_pyshacl(data))
    assert any(p == path and c == component and (focus is None or f == focus) for f, p, c in found)


@pytest.mark.parametrize(("name", "mutation"), onto.GOOD, ids=[row[0] for row in onto.GOOD])
def test_good_graph_conforms_as_in_pyshacl(plain: CompiledShapes, name, mutation) -> None:
    assert _fast(_variant(mutation), plain) == set()


@pytest.mark.parametrize(("name", "mutation", "focus", "path", "component"), onto.BAD[::6], ids=[row[0] for row in onto.BAD[::6]])
def test_with_the_ontology_mixed_in_same_results(with_ontology: CompiledShapes, name, mutation, focus, path, component) -> None:
    data = _variant(mutation)
    assert _comparable(_fast(data, with_ontology)) == _comparable(_pyshacl(data, ontology=ontology_graph()))


def test_subclass_instance_is_an_actor_only_with_the_ontology(plain: CompiledShapes, with_ontology: CompiledShapes) -> None:
    """A value typed only by a subclass nobody lists passes sh:class when the ontology says it is one."""
    graph = _variant(lambda gs: None)
    person = URIRef("https://example.org/spokesman")
    graph.add((person, RDF.type, URIRef("https://example.org/Spokesman")))
    graph.add((URIRef("https://example.org/Spokesman"), RDFS.subClassOf, NK.Organization))
    graph.add((onto.MUJAHID, NK.affiliatedWith, person))
    assert _comparable(_fast(graph, plain)) == _comparable(_pyshacl(graph))
    assert not any(f == onto.MUJAHID for f, _, _ in _fast(graph, plain))


def test_report_has_the_shapes_messages_and_the_same_verdict() -> None:
    data = _variant(onto.both(onto.drop(onto.CLAIM1, NK.claimant), onto.put(onto.SHEB, onto.GEO.lat, Literal(Decimal("200")))))
    fast = CompiledShapes(shapes_graph(), ontology=ontology_graph()).validate(data)
    slow = validate_graph(data)
    assert fast.conforms is slow.conforms is False
    assert {(v.focus, v.path, v.message) for v in fast.violations} == {(v.focus, v.path, v.message) for v in slow.violations}


def test_unsupported_constraints_are_refused() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape):
        CompiledShapes(shapes)


def test_a_shape_used_both_as_node_and_as_property_shape_is_refused() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:A a sh:NodeShape ; sh:targetClass ex:D ; sh:nodeKind sh:IRI .
        ex:B a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:A .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="both as a node shape and as a property shape"):
        CompiledShapes(shapes)


# ---------------------------------------------------------------- random mutations of a good graph

_BASE = onto._union(onto._graphs())
_SUBJECTS = sorted({s for s in _BASE.subjects() if isinstance(s, URIRef)}, key=str)
_PREDICATES = sorted(set(_BASE.predicates()), key=str)
_OBJECTS = [
    *sorted({o for o in _BASE.objects() if isinstance(o, URIRef)}, key=str),
    Literal(""), Literal("  "), Literal("day"), Literal("week"), Literal("exact"), Literal("city"), Literal("x", lang="en"),
    Literal(-1), Literal(0), Literal(7), Literal("7"), Literal("abc", datatype=XSD.integer), Literal(Decimal("95.5")),
    Literal(Decimal("-10")), Literal(2.5), Literal(True), Literal("true"), Literal(date(2021, 8, 8)),
    Literal(datetime(2021, 8, 8, 10, 0, tzinfo=timezone.utc)), Literal("2021-08-08", datatype=XSD.date),
    Literal("ab" * 32), Literal("AB" * 32), BNode("fresh"), NK.Capture, NK.Attack, NK.Claim,
]
_TRIPLES = sorted(_BASE, key=lambda t: tuple(str(x) for x in t))

_mutation = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(_TRIPLES)),
    st.tuples(st.just("add"), st.tuples(st.sampled_from(_SUBJECTS), st.sampled_from(_PREDICATES), st.sampled_from(_OBJECTS))),
    st.tuples(st.just("set"), st.tuples(st.sampled_from(_TRIPLES), st.sampled_from(_OBJECTS))),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(_mutation, min_size=1, max_size=4))
def test_random_mutations_same_results_as_pyshacl(plain: CompiledShapes, mutations) -> None:
    data = Graph()
    for triple in _BASE:
        data.add(triple)
    for kind, arg in mutations:
        if kind == "drop":
            data.remove(arg)
        elif kind == "add":
            data.add(arg)
        else:
            (s, p, _), o = arg
            data.remove((s, p, None))
            data.add((s, p, o))
    try:
        expected = _pyshacl(data)
    except pyshacl.errors.ReportableRuntimeError:
        # pySHACL stops at "Cannot use sh:lessThan to compare a BlankNode"; the blank node
        # stands where a number is required, so ours must report that very value instead.
        blank = {(s, p) for s, p, o in data if isinstance(o, BNode)}
        assert blank & {(f, path) for f, path, _ in _fast(data, plain)}
        return
    assert _comparable(_fast(data, plain)) == _comparable(expected)


@pytest.mark.parametrize(
    "extra",
    [
        (NK.Attack, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Angriff", lang="en")),  # a second @en label
        (NK.Attack, URIRef("http://www.w3.org/2004/02/skos/core#inScheme"), URIRef("https://example.org/other-scheme")),
        (URIRef("https://example.org/Riot"), RDF.type, NK.EventType),  # a new event type without label or definition
    ],
    ids=["duplicate language", "other scheme (still in ours)", "undefined event type"],
)
def test_data_about_the_ontologys_own_nodes(with_ontology: CompiledShapes, extra) -> None:
    data = _variant(lambda gs: None)
    data.add(extra)
    assert _comparable(_fast(data, with_ontology)) == _comparable(_pyshacl(data, ontology=ontology_graph()))


# ---------------------------------------------------------------- sh:lessThan on two literals

_PAIRS = [
    (Literal(3), Literal(7)), (Literal(7), Literal(3)), (Literal(5), Literal(5)), (Literal(-2), Literal(0)),
    (Literal(3), Literal("4", datatype=XSD.int)), (Literal("04", datatype=XSD.integer), Literal(4)),
    (Literal(3), Literal(Decimal("3.5"))), (Literal(True), Literal(1)), (Literal(1), Literal(2.5)),
]


@pytest.mark.parametrize(("a", "b"), _PAIRS, ids=[f"{a.n3()} {b.n3()}" for a, b in _PAIRS])
def test_literal_pairs_ordered_as_rdflib_orders_them(a: Literal, b: Literal) -> None:
    """The integer shortcut of ``_pair_ordered`` gives rdflib's order, which pyshacl uses for two
    literals that are not strings (strings and ill-typed values: the random mutations above)."""
    from newskg.graph.fast_validation import _pair_ordered

    for strict, rdflib_says in ((True, a < b), (False, a <= b)):
        assert _pair_ordered(a, b, strict=strict) is bool(rdflib_says)


# ---------------------------------------------------------------- the quick tests tried before the exact checks

_CANDIDATES = [
    *_OBJECTS, *_SUBJECTS, Literal("NaN", datatype=XSD.decimal), Literal("INF", datatype=XSD.double), Literal(Decimal("90")),
    Literal(Decimal("90.0001")), Literal("-90", datatype=XSD.decimal), Literal("5", datatype=XSD.int), Literal(-1, datatype=XSD.int),
    Literal("2021-13-45", datatype=XSD.date), Literal("x", datatype=XSD.anyURI), Literal("x", datatype=RDFS.Literal),
    Literal(True, datatype=XSD.integer), Literal("1", datatype=XSD.boolean), Literal("day", datatype=XSD.string),
    Literal("day", lang="en"), Literal("e05e18612fb8d3fc904c6a746adcd979cb69a07535e4c954c4b048ed03ce5f07"),
    URIRef("https://sws.geonames.org/1138958/"), URIRef("https://example.org/a#char=1,2"), BNode(),
]


@pytest.mark.parametrize("which", ["plain", "with_ontology"])
def test_quick_tests_never_take_a_value_the_checks_refuse(which: str, request: pytest.FixtureRequest) -> None:
    """A shape's ``accept`` may turn a value down (the exact checks then decide) but must not take
    one that fails; run on every value above against the good graph, whose nodes are typed."""
    from newskg.graph.fast_validation import _index, _View

    compiled: CompiledShapes = request.getfixturevalue(which)
    view = _View(_index(_BASE, {}), compiled._extra, compiled._superclasses)
    taken = 0
    for shape in compiled._compiled.values():
        if shape.accept is None:
            continue
        for v in _CANDIDATES:
            if shape.accept(view, v):
                taken += 1
                assert all(check(view, v) for check in shape.checks), (shape.node, v)
    assert taken > 100  # the test is not empty


def test_quick_tests_take_the_values_a_build_writes(plain: CompiledShapes) -> None:
    """Every value of the good graph passes its property shape's quick test, so a conforming article
    never runs the exact checks (with the quick tests, the build's validation takes half the CPU);
    a shape whose constraints the quick tests do not cover is still validated exactly, only slower."""
    from newskg.graph.fast_validation import _index, _View

    index = _index(_BASE, {})
    view = _View(index, {}, plain._superclasses)
    for focus, predicates in index.items():
        for shape in plain._shapes_for(predicates.get(str(RDF.type), []), plain._superclasses):
            for prop in (p for p in shape.properties if p.checks):
                for v in predicates.get(prop.key, []):
                    assert prop.accept is not None and prop.accept(view, v), (focus, prop.path, v)


_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:AnimalValue a sh:NodeShape ; sh:or ( [ sh:class ex:Animal ] [ sh:class ex:Plant ] ) .
ex:RexValue a sh:NodeShape ; sh:class ex:Animal ; sh:pattern "rex$" .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI ;
    sh:property [ sh:path ex:pet ; sh:class ex:Animal ] ,
                [ sh:path ex:friend ; sh:nodeKind sh:IRI ; sh:node ex:AnimalValue ] , [ sh:path ex:mate ; sh:node ex:RexValue ] ,
                [ sh:path ex:kind ; sh:maxCount 1 ; sh:in ( ex:a ex:b "c" ) ] ,
                [ sh:path ex:size ; sh:datatype xsd:decimal ; sh:minExclusive 0 ; sh:maxInclusive 10.5 ] ,
                [ sh:path ex:small ; sh:datatype xsd:int ; sh:minInclusive 0 ] ,
                [ sh:path ex:code ; sh:datatype xsd:string ; sh:pattern "^a", "c$" ; sh:maxLength 3 ] ,
                [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ; sh:minLength 2 ; sh:pattern "^[A-Z]" ] .
"""
_ONTOLOGY = """
@prefix ex: <https://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Animal a owl:Class . ex:Plant a owl:Class . ex:Dog a owl:Class ; rdfs:subClassOf ex:Animal .
ex:Puppy a owl:Class ; rdfs:subClassOf ex:Dog .
"""
_DATA = """
@prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:rex a ex:Dog . ex:tom a ex:Cat . ex:fern a ex:Plant . ex:bit a ex:Puppy . ex:cat a ex:Animal .
ex:ok a ex:Thing ; ex:name "Ok", "Oka" ; ex:mate ex:rex ; ex:pet ex:rex, ex:bit, ex:cat ; ex:friend ex:fern, ex:rex ; ex:kind ex:a ;
    ex:size 0.5, 10.5 ; ex:small "3"^^xsd:int ; ex:code "abc" .
ex:mated a ex:Thing ; ex:name "Mo" ; ex:mate ex:cat .  # fails only that: the quick tests alone say whether it conforms
ex:bad a ex:Thing ; ex:name "o", "Ok"@en, 7 ; ex:mate ex:cat ; ex:pet ex:tom, "rex" ; ex:friend ex:tom, "fern" ; ex:kind "c", ex:z ;
    ex:size 0, 10.6, "1"^^xsd:integer, "x"^^xsd:decimal ; ex:small "-1"^^xsd:int, 3 ; ex:code "abcd", 1 .
ex:none a ex:Thing .
"""


@pytest.mark.parametrize("with_ontology", [False, True], ids=["plain", "with ontology"])
def test_constraints_beside_the_quick_tests_same_results_as_pyshacl(with_ontology: bool) -> None:
    """Class checks through the ontology's subclasses, sh:or and sh:node of classes (and of a class
    and a pattern), sh:in with a literal, exclusive bounds, a datatype without quick test (xsd:int),
    a constraint given twice: the quick tests take some of these values and leave the others to
    the exact checks."""
    shapes, ontology = Graph().parse(data=_SHAPES, format="turtle"), Graph().parse(data=_ONTOLOGY, format="turtle")
    data = Graph().parse(data=_DATA, format="turtle")
    ont = ontology if with_ontology else None
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="none")
    expected = {
        tuple(report.value(r, p) for p in (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent, SH.value))
        for r in report.objects(None, SH.result)
    }
    found = {(r.focus, r.path, r.component, r.value) for r in CompiledShapes(shapes, ontology=ont).results(data)}
    assert found == expected
    puppy_refused = any(f == URIRef("https://example.org/ok") and v == URIRef("https://example.org/bit") for f, _, _, v in found)
    assert puppy_refused is not with_ontology  # a puppy is an animal when the ontology says so
