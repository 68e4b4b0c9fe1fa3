"""A fast validator for the SHACL Core subset that ``ontology/shapes.ttl`` uses.

pyshacl rebuilds its view of the shapes and the data on every call, which costs
tens of milliseconds for a graph of a few hundred triples: more than the NLP on
a short article. This module reads the shapes graph once and compiles each shape
into plain Python checks over an index of the data (subject -> predicate ->
objects). It follows pyshacl's semantics for every construct the shapes use
(tests compare verdicts, focus nodes, paths and components with pyshacl), and
refuses a shapes graph that uses anything else, so a new kind of constraint can
never be skipped silently. A value first meets a quick test of the common case
(a well-formed literal of the datatype, an IRI typed by the class), which can
only say yes when the exact checks would. With an ontology, it mixes in what pyshacl's
``ont_graph`` mixes in (the RDFS and OWL axioms: class hierarchy, not the
individuals). ``newskg validate`` keeps pyshacl as the reference.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFList
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from newskg.graph.validation import ValidationReport, Violation, _short
from newskg.ontology.terms import Triple

# subject -> predicate -> objects. A predicate IRI is keyed by its plain text: the shapes and the data
# hold different URIRef objects for one IRI, and a dict finding a URIRef key by another object
# calls rdflib's Python ``__eq__``, where plain strings compare in C (sampled, rdflib's ``__eq__``
# was a sixth of validation's time, and these lookups made about half of its calls).
Index = dict[Node, dict[str | Node, list[Node]]]

# Bound once: the checks below run for every value of every article, and each ``RDF.x`` is a namespace lookup.
_TYPE, _SUBCLASS_OF, _LANG_STRING = str(RDF.type), str(RDFS.subClassOf), RDF.langString
_RDFS_LITERAL, _RDFS_DATATYPE, _XSD_STRING = RDFS.Literal, RDFS.Datatype, XSD.string
_IRI_KINDS = frozenset((SH.IRI, SH.BlankNodeOrIRI, SH.IRIOrLiteral))
_BLANK_KINDS = frozenset((SH.BlankNode, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral))
_LITERAL_KINDS = frozenset((SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral))
_NO_PREDICATES: dict[str | Node, list[Node]] = {}  # read only
_NO_VALUES: list[Node] = []  # read only

_IGNORED = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.order, SH.group}
_VALUE_KEYS = {
    SH.datatype, SH.nodeKind, SH.pattern, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive, SH["class"], SH.node, SH["in"], SH["or"],
}
_PROPERTY_SET_KEYS = {SH.minCount, SH.maxCount, SH.hasValue, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang}
_NODE_KEYS = _VALUE_KEYS | {SH.targetClass, SH.property, SH.message, SH.severity, SH.hasValue}
_PROPERTY_KEYS = _VALUE_KEYS | _PROPERTY_SET_KEYS | {SH.path, SH.message, SH.severity}

_COMPONENT = {
    SH.datatype: SH.DatatypeConstraintComponent, SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent, SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH.node: SH.NodeConstraintComponent, SH["in"]: SH.InConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent, SH.uniqueLang: SH.UniqueLangConstraintComponent,
}

# pyshacl checks the Python value of these datatypes (an ill-typed lexical form fails); others pass on the datatype.
_PYTHON_TYPES: dict[URIRef, tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: (int,), XSD.float: (float,),
    XSD.decimal: (Decimal,), XSD.boolean: (bool,), XSD.date: (date,), XSD.time: (time,), XSD.dateTime: (datetime,),
}


class UnsupportedShape(ValueError):
    """The shapes graph uses a SHACL feature this validator does not implement."""


@dataclass(frozen=True)
class Result:
    """One validation result, in the terms pyshacl reports it."""

    focus: Node
    path: URIRef | None
    component: URIRef
    value: Node | None
    message: str | None
    severity: URIRef


class _View:
    """The data graph, optionally with the ontology mixed in (as pyshacl's ``ont_graph`` does)."""

    def __init__(self, data: Index, extra: Index, superclasses: dict[Node, set[Node]]) -> None:
        self.data = data
        self.extra = extra
        self.superclasses = superclasses

    def values(self, node: Node, predicate: str) -> list[Node]:
        """The values of ``node`` for the predicate IRI ``predicate`` (its plain text, see ``Index``)."""
        here = self.data.get(node, _NO_PREDICATES).get(predicate, [])
        there = self.extra.get(node, _NO_PREDICATES).get(predicate) if self.extra else None
        if not there:
            return here
        return list(dict.fromkeys([*here, *there]))

    def is_instance(self, node: Node, cls: Node) -> bool:
        for t in self.values(node, _TYPE):
            # ``_same(t, cls)`` written out: a call of it would cost more than the test
            if (type(t) is type(cls) and str.__eq__(t, cls)) or cls in self.superclasses.get(t, ()):
                return True
        return False


def _index(triples: Iterable[Triple], keys: dict[Node, str]) -> Index:
    """The index of ``triples``. ``keys`` maps predicate IRIs to their text, filled as it goes:
    a build's triples share their predicates' objects (the mapping's constants), and a look-up of
    the same object costs less than ``str`` (0.08 s for the 729 benchmark graphs, 0.055 with it)."""
    index: Index = {}
    for s, p, o in triples:
        key = keys.get(p)
        if key is not None:
            p = key
        elif isinstance(p, URIRef):
            key = str(p)
            if len(keys) < 4096:
                keys[p] = key
            p = key
        predicates = index.get(s)
        if predicates is None:
            index[s] = {p: [o]}
            continue
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = [o]
        else:
            objects.append(o)
    return index


def _mixed_in(ontology: Graph) -> Graph:
    """What pyshacl's ``ont_graph`` adds to a data graph: the RDFS and OWL axioms, not the individuals."""
    from pyshacl.rdfutil.inoculate import inoculate

    return inoculate(Graph(), ontology)


def _same(a: Node | None, b: Node) -> bool:
    """rdflib's ``a == b`` for an IRI or blank node ``b`` (the same kind of term, the same text).

    rdflib's ``__eq__`` is Python and copies both strings; validating an article asks
    this about a hundred thousand times (datatypes, classes).
    """
    return type(a) is type(b) and str.__eq__(a, b)


def _superclasses(index: Index) -> dict[Node, set[Node]]:
    """Transitive rdfs:subClassOf: class -> every class above it."""
    direct = {s: set(ps[_SUBCLASS_OF]) for s, ps in index.items() if _SUBCLASS_OF in ps}
    closure: dict[Node, set[Node]] = {}
    for cls in direct:
        seen: set[Node] = set()
        stack = list(direct[cls])
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(direct.get(parent, ()))
        closure[cls] = seen
    return closure


_NUMERIC = frozenset((
    XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.int, XSD.long, XSD.short, XSD.byte,
    XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger,
    XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
))
_NUMERIC_TEXT = frozenset(map(str, _NUMERIC))


def _compare(a: Literal, b: Literal) -> int | None:
    """Order of two literals by value, or None when they do not compare (pyshacl then reports)."""
    if isinstance(a.value, str) != isinstance(b.value, str):
        return None
    ours, theirs = a.datatype, b.datatype
    same = ours is None if theirs is None else _same(ours, theirs)
    if same or (ours in _NUMERIC and theirs in _NUMERIC):
        try:
            if a.value < b.value:
                return -1
            return 1 if a.value > b.value else 0
        except TypeError:
            return None
    # Other pairs in rdflib's own order, as pyshacl compares them: Python would put a boolean above 0.
    from pyshacl.rdfutil.compare import compare_literal

    try:
        return compare_literal(a, b)
    except (TypeError, NotImplementedError):
        return None


def _pair_value(node: Node) -> tuple[bool, object]:
    if isinstance(node, URIRef):
        return True, str(node)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node


def _pair_ordered(a: Node, b: Node, *, strict: bool) -> bool:
    """pyshacl's sh:lessThan(OrEquals) test: strings with strings, other literals by rdflib's order."""
    if type(a) is Literal and type(b) is Literal and type(a.value) is int and type(b.value) is int:
        # Two integers, as every mention's begin and end index are: rdflib orders numeric literals by
        # value, and this skips its three Python comparisons a pair.
        if str(a.datatype) in _NUMERIC_TEXT and str(b.datatype) in _NUMERIC_TEXT:
            return a.value < b.value if strict else a.value <= b.value
    if isinstance(a, BNode) or isinstance(b, BNode):
        return False
    a_is_string, a_value = _pair_value(a)
    b_is_string, b_value = _pair_value(b)
    if a_is_string != b_is_string:
        return False
    try:
        return bool(a_value < b_value) if strict else bool(a_value <= b_value)
    except TypeError:
        return False


def _datatype_ok(value: Node, datatype: URIRef) -> bool:
    """pyshacl's rule: the datatype matches and the lexical form parses to the right Python type."""
    if not isinstance(value, Literal):
        return False
    if _same(value.datatype, datatype):
        if getattr(value, "ill_typed", None) is True:
            return False
        kinds = _PYTHON_TYPES.get(datatype)
        return kinds is None or isinstance(value.value, kinds)
    if _same(datatype, _RDFS_LITERAL):
        return True
    if _same(datatype, _RDFS_DATATYPE) and value.datatype is not None:
        return True
    if value.datatype is None and value.language is None and _same(datatype, _XSD_STRING):
        return isinstance(value.value, (str, bytes))
    return _same(datatype, _LANG_STRING) and bool(value.language) and isinstance(value.value, (str, bytes))


ValueCheck = Callable[[_View, Node], bool]


@dataclass
class _Shape:
    node: Node
    path: URIRef | None = None
    key: str | None = None  # the path's text, as the index keys it
    message: str | None = None
    severity: URIRef = SH.Violation
    targets: list[URIRef] = field(default_factory=list)
    value_checks: list[tuple[URIRef, ValueCheck]] = field(default_factory=list)
    set_checks: list[tuple[URIRef, Callable[[_View, Node, list[Node]], list[Node | None]]]] = field(default_factory=list)
    properties: list["_Shape"] = field(default_factory=list)
    # What ``_meets`` reads, so that a conforming node costs as few calls as possible: the counts
    # allowed (sh:minCount, sh:maxCount), the value checks, and the other checks over all values.
    min_count: int = 0
    max_count: int = sys.maxsize
    checks: tuple[ValueCheck, ...] = ()
    other_set_checks: tuple[Callable[[_View, Node, list[Node]], list[Node | None]], ...] = ()
    # What ``_conforms`` runs first (``_specialise``): a quick test of one value (``_literal_accept``),
    # the classes of a shape that only asks "an instance of one of these" (sh:class, or an sh:or or
    # sh:node of such shapes), and (key, shape, whether no value passes, quick test of a lone value)
    # for each property shape (None: ``_meets`` must tell).
    accept: ValueCheck | None = None
    instance_of: tuple[Node, ...] | None = None
    property_tests: tuple[tuple[str, "_Shape", bool | None, ValueCheck | None], ...] = ()


def _meets(view: _View, shape: _Shape, focus: Node, values: Sequence[Node]) -> bool:
    """Whether ``values`` (the focus node itself, or its values on the shape's path) pass the shape's own checks."""
    if not shape.min_count <= len(values) <= shape.max_count:
        return False
    for check in shape.checks:
        for v in values:
            if not check(view, v):
                return False
    for set_check in shape.other_set_checks:
        if set_check(view, focus, values):
            return False
    return True


def _test(view: _View, shape: _Shape, focus: Node, values: Sequence[Node]) -> bool:
    """``_meets``, with the shape's quick test tried first: one call a value, not one a check, and
    cheaper checks (``_meets`` and the checks were about two thirds of validating the benchmark's
    articles; with the quick tests, validating them takes half the CPU it took)."""
    accept = shape.accept
    if accept is not None and shape.min_count <= len(values) <= shape.max_count:
        for v in values:
            if not accept(view, v):
                break
        else:
            return True
    return _meets(view, shape, focus, values)  # the exact checks decide


_LITERAL_ACCEPTED = {
    SH.datatype, SH.minLength, SH.maxLength, SH.pattern, SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive,
}
_CLASS_KEYS = {SH["class"], SH.node, SH["or"]}
_BOUNDS = {SH.minInclusive: (0, 1), SH.maxInclusive: (-1, 0), SH.minExclusive: (1,), SH.maxExclusive: (-1,)}


def _literal_accept(spec: dict[URIRef, Node]) -> ValueCheck | None:
    """A quick test that a literal meets a shape's datatype and the checks that go with it (lengths,
    pattern, numeric bounds), or None when the shape has others. Like every ``accept``, it can turn
    down a value that passes, never takes one that fails, and never raises (``_test`` then
    runs the exact checks): it holds the rules of ``_datatype_ok`` and ``_compare`` for the
    literals a build writes, an rdflib typed or plain literal with a well-formed value."""
    datatype = spec.get(SH.datatype)
    if not spec.keys() <= _LITERAL_ACCEPTED or type(datatype) is not URIRef:
        return None
    if datatype in (_RDFS_LITERAL, _RDFS_DATATYPE, _LANG_STRING):
        return None
    # The bound ``__eq__`` of the text: a third of the cost of ``str.__eq__(own, text)`` (timeit).
    is_datatype, kinds, plain = str(datatype).__eq__, _PYTHON_TYPES.get(datatype), datatype == _XSD_STRING
    min_length = int(spec[SH.minLength]) if SH.minLength in spec else None
    max_length = int(spec[SH.maxLength]) if SH.maxLength in spec else None
    regex = re.compile(str(spec[SH.pattern])) if SH.pattern in spec else None
    bounds = [(spec[key], accepted) for key, accepted in _BOUNDS.items() if key in spec]
    # ``_compare`` orders the values of two numeric datatypes; an int or a finite Decimal never raises.
    if bounds and (datatype not in _NUMERIC or kinds not in ((int,), (Decimal,)) or not all(
        isinstance(b, Literal) and b.datatype in _NUMERIC and _finite(b.value) for b, _ in bounds
    )):
        return None
    bounds = [(b.value, accepted) for b, accepted in bounds]

    def accept(view: _View, v: Node) -> bool:
        if type(v) is not Literal:
            return False
        own = v.datatype
        if type(own) is URIRef:
            if not is_datatype(own) or v.ill_typed is True:
                return False
        elif not (plain and own is None and v.language is None):
            return False
        value = v.value
        if kinds is not None and not isinstance(value, kinds):
            return False
        if (min_length is not None and len(v) < min_length) or (max_length is not None and len(v) > max_length):
            return False
        if regex is not None and regex.search(v) is None:
            return False
        if bounds:
            if not _finite(value):
                return False
            for bound, accepted in bounds:
                if (-1 if value < bound else 1 if value > bound else 0) not in accepted:
                    return False
        return True

    return accept


def _finite(value: object) -> bool:
    return type(value) is int or (type(value) is Decimal and value.is_finite())


def _iri_accept(
    spec: dict[URIRef, Node], classes: Sequence[Node] | None, members: Collection[Node] | None
) -> ValueCheck | None:
    """``_literal_accept`` for an IRI: its node kind, pattern, sh:in, and ``classes`` (sh:class or an
    sh:node or sh:or of such shapes), told by a type in the data that is one of them: ``is_instance``
    compares rdflib terms, and ``sh:or`` of three classes made it three ``_conforms`` calls a value."""
    if not spec.keys() <= {SH.nodeKind, SH.pattern, SH["in"], *_CLASS_KEYS}:
        return None
    if spec.get(SH.nodeKind, SH.IRI) not in _IRI_KINDS:
        return None
    regex = re.compile(str(spec[SH.pattern])) if SH.pattern in spec else None
    names = frozenset(str(m) for m in members if type(m) is URIRef) if members is not None else None
    texts = frozenset(str(c) for c in classes if type(c) is URIRef) if classes is not None else None

    def accept(view: _View, v: Node) -> bool:
        if type(v) is not URIRef:
            return False
        if regex is not None and regex.search(v) is None:
            return False
        if names is not None and str(v) not in names:
            return False
        if texts is None:
            return True
        for t in view.data.get(v, _NO_PREDICATES).get(_TYPE, _NO_VALUES):
            if type(t) is URIRef and str(t) in texts:
                return True
        return False

    return accept


class CompiledShapes:
    """Shapes compiled to Python checks; ``validate`` gives pyshacl's results for the same graph."""

    def __init__(self, shapes: Graph, *, ontology: Graph | None = None) -> None:
        self._graph = shapes
        self._compiled: dict[Node, _Shape] = {}
        self._property_shapes: set[Node] = set()
        self._keys: dict[Node, str] = {}  # see ``_index``
        self._extra: Index = _index(_mixed_in(ontology), {}) if ontology is not None else {}
        self._superclasses = _superclasses(self._extra)
        self._cached_ontology_results: list[Result] | None = None
        self._shapes_by_types: dict[tuple[Node, ...], list[_Shape]] = {}
        self._extra_nodes = set(self._extra) | {o for ps in self._extra.values() for os in ps.values() for o in os}
        roots = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.targetClass, None))
        self.shapes = [self._compile(node) for node in sorted(roots, key=str)]
        self.targeted = [s for s in self.shapes if s.targets]

    # Compiling -----------------------------------------------------------------
    def _one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self._graph.objects(node, predicate))
        if len(values) > 1:
            raise UnsupportedShape(f"{node} has several {predicate}")
        return values[0] if values else None

    def _compile(self, node: Node, *, is_property: bool = False) -> _Shape:
        if node in self._compiled:
            if (node in self._property_shapes) != is_property:
                raise UnsupportedShape(f"shape {node} is used both as a node shape and as a property shape")
            return self._compiled[node]
        shape = _Shape(node)
        self._compiled[node] = shape
        if is_property:
            self._property_shapes.add(node)
        allowed = _PROPERTY_KEYS if is_property else _NODE_KEYS
        for predicate in set(self._graph.predicates(node, None)):
            if predicate not in allowed and predicate not in _IGNORED:
                raise UnsupportedShape(f"shape {node}: {predicate} is not supported by the fast validator")
        message = self._one(node, SH.message)
        shape.message = str(message) if message is not None else None
        shape.severity = self._one(node, SH.severity) or SH.Violation
        shape.targets = sorted(self._graph.objects(node, SH.targetClass), key=str)
        if is_property:
            path = self._one(node, SH.path)
            if not isinstance(path, URIRef):
                raise UnsupportedShape(f"shape {node}: only predicate paths are supported, got {path!r}")
            shape.path, shape.key = path, str(path)
        constraints: list[tuple[URIRef, Node]] = []
        for predicate, obj in sorted(self._graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if predicate in _VALUE_KEYS:
                shape.value_checks.append((_COMPONENT[predicate], self._value_check(predicate, obj)))
                constraints.append((predicate, obj))
            elif predicate in _PROPERTY_SET_KEYS or predicate == SH.hasValue:
                shape.set_checks.append((_COMPONENT[predicate], self._set_check(predicate, obj)))
            elif predicate == SH.property:
                shape.properties.append(self._compile(obj, is_property=True))
            if predicate == SH.minCount:
                shape.min_count = max(shape.min_count, int(obj))
            elif predicate == SH.maxCount:
                shape.max_count = min(shape.max_count, int(obj))
        shape.checks = tuple(check for _, check in shape.value_checks)
        counted = (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent)
        shape.other_set_checks = tuple(check for component, check in shape.set_checks if component not in counted)
        self._specialise(shape, constraints)
        return shape

    def _specialise(self, shape: _Shape, constraints: list[tuple[URIRef, Node]]) -> None:
        """Give ``shape`` what ``_conforms`` runs first (see ``_Shape``)."""
        spec = dict(constraints)
        accept = None
        if constraints and len(spec) == len(constraints):  # no constraint given twice
            classes = self._classes(spec)
            if len(spec) == 1 and classes is not None and not shape.properties and not shape.set_checks:
                shape.instance_of = classes if shape.key is None else None
            if SH.datatype in spec:
                accept = _literal_accept(spec)
            elif classes is not None or spec.keys().isdisjoint(_CLASS_KEYS):  # else a test it cannot tell
                members = set(RDFList(self._graph, spec[SH["in"]])) if SH["in"] in spec else None
                accept = _iri_accept(spec, classes, members)
        shape.accept = accept if not shape.other_set_checks else None  # which it could not tell
        shape.property_tests = tuple(
            (p.key, p, None if p.other_set_checks else p.min_count <= 0 <= p.max_count,
             p.accept if p.min_count <= 1 <= p.max_count else None)
            for p in shape.properties
        )

    def _classes(self, spec: dict[URIRef, Node]) -> tuple[Node, ...] | None:
        """The classes a value must be an instance of (one of), when sh:class, or an sh:node or sh:or
        of shapes with ``instance_of``, is the shape's only such constraint; otherwise None."""
        sources: list[tuple[Node, ...] | None] = []
        if SH["class"] in spec:
            sources.append((spec[SH["class"]],))
        if SH.node in spec:
            sources.append(self._compiled[spec[SH.node]].instance_of)
        if SH["or"] in spec:
            members = [self._compiled[m].instance_of for m in RDFList(self._graph, spec[SH["or"]])]
            sources.append(None if None in members else tuple(c for m in members for c in m))
        return sources[0] if len(sources) == 1 else None

    def _value_check(self, predicate: URIRef, obj: Node) -> ValueCheck:
        if predicate == SH.datatype:
            return lambda view, v: _datatype_ok(v, obj)
        if predicate == SH.nodeKind:
            iri, blank, literal = obj in _IRI_KINDS, obj in _BLANK_KINDS, obj in _LITERAL_KINDS
            return lambda view, v: iri if isinstance(v, URIRef) else blank if isinstance(v, BNode) else literal
        if predicate == SH.pattern:
            flags = self._one(obj, SH.flags) if isinstance(obj, BNode) else None
            if flags is not None:
                raise UnsupportedShape("sh:flags is not supported")
            regex = re.compile(str(obj))
            return lambda view, v: not isinstance(v, BNode) and regex.search(str(v)) is not None
        if predicate in (SH.minLength, SH.maxLength):
            limit = int(obj)
            if predicate == SH.minLength:
                return lambda view, v: limit == 0 or (not isinstance(v, BNode) and len(str(v)) >= limit)
            return lambda view, v: not isinstance(v, BNode) and len(str(v)) <= limit
        if predicate in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            accept = {
                SH.minInclusive: (0, 1), SH.maxInclusive: (-1, 0), SH.minExclusive: (1,), SH.maxExclusive: (-1,),
            }[predicate]
            return lambda view, v: isinstance(v, Literal) and _compare(v, obj) in accept
        if predicate == SH["class"]:
            return lambda view, v: not isinstance(v, Literal) and view.is_instance(v, obj)
        if predicate == SH.node:
            target = self._compile(obj)
            return lambda view, v: self._conforms(view, target, v)
        if predicate == SH["in"]:
            members = set(RDFList(self._graph, obj))
            return lambda view, v: v in members
        if predicate == SH["or"]:
            members = [self._compile(member) for member in RDFList(self._graph, obj)]

            def either(view: _View, v: Node) -> bool:  # any(...) of a generator: two calls more a member
                for m in members:
                    if self._conforms(view, m, v):
                        return True
                return False

            return either
        raise UnsupportedShape(f"{predicate} is not supported")

    def _set_check(self, predicate: URIRef, obj: Node):
        """Checks over all values of a path; each returns the offending values (None: no value to name)."""
        if predicate == SH.minCount:
            n = int(obj)
            return lambda view, focus, values: [] if len(values) >= n else [None]
        if predicate == SH.maxCount:
            n = int(obj)
            return lambda view, focus, values: [] if len(values) <= n else [None]
        if predicate == SH.hasValue:
            return lambda view, focus, values: [] if obj in values else [None]
        if predicate == SH.uniqueLang:
            if not bool(obj.toPython()):
                return lambda view, focus, values: []

            def unique(view: _View, focus: Node, values: list[Node]) -> list[Node | None]:
                langs = [v.language.lower() for v in values if isinstance(v, Literal) and v.language]
                return [None] if len(langs) != len(set(langs)) else []

            return unique
        if predicate in (SH.lessThan, SH.lessThanOrEquals):
            strict = predicate == SH.lessThan
            other_key = str(obj)

            def ordered(view: _View, focus: Node, values: list[Node]) -> list[Node | None]:
                others = view.values(focus, other_key)
                return [v for v in values for other in others if not _pair_ordered(v, other, strict=strict)]

            return ordered
        raise UnsupportedShape(f"{predicate} is not supported")

    # Validating ----------------------------------------------------------------
    def _results(self, view: _View, shape: _Shape, focus: Node) -> list[Result]:
        results: list[Result] = []
        values = view.values(focus, shape.key) if shape.key is not None else [focus]
        for component, check in shape.value_checks:
            for v in values:
                if not check(view, v):
                    results.append(Result(focus, shape.path, component, v, shape.message, shape.severity))
        for component, set_check in shape.set_checks:
            for v in set_check(view, focus, values):
                results.append(Result(focus, shape.path, component, v, shape.message, shape.severity))
        for prop in shape.properties:
            results += self._results(view, prop, focus)
        return results

    def _conforms(self, view: _View, shape: _Shape, focus: Node) -> bool:
        """Whether ``focus`` meets ``shape``: ``_results`` without building results.

        Nearly every node of a build conforms, and this is what validating it costs:
        results are only collected for a shape this says a node fails. A property
        shape has a path and no property shapes of its own (``_compile`` refuses
        anything else), so a node shape's are checked here in one loop, not a call
        each, each path read from the node's own predicates unless the ontology says
        something about the node too. Each value meets the quick test of its shape
        first (``_Shape.accept``): the exact checks only run for a value it turns down.
        """
        if shape.key is not None:
            if not _test(view, shape, focus, view.values(focus, shape.key)):
                return False
        elif not (shape.accept is not None and shape.accept(view, focus)) and not _meets(view, shape, focus, (focus,)):
            return False
        if not shape.property_tests:
            return True
        if view.extra and focus in view.extra:
            return all(_test(view, prop, focus, view.values(focus, key)) for key, prop, _, _ in shape.property_tests)
        own = view.data.get(focus, _NO_PREDICATES)
        for key, prop, empty_ok, accept_one in shape.property_tests:
            values = own.get(key)
            if values is None:  # a quarter of the paths a node is checked on (benchmark): no call then
                if not (_meets(view, prop, focus, _NO_VALUES) if empty_ok is None else empty_ok):
                    return False
            elif len(values) == 1 and accept_one is not None and accept_one(view, values[0]):
                continue  # most paths have one value: one call then
            elif not _test(view, prop, focus, values):
                return False
        return True

    def _shapes_for(self, types: Iterable[Node], superclasses: dict[Node, set[Node]]) -> list[_Shape]:
        """The targeted shapes whose target classes include a node with these types (subclasses count)."""
        classes = set(types)
        for t in list(classes):
            classes |= superclasses.get(t, set())
        return [shape for shape in self.targeted if classes.intersection(shape.targets)]

    def _focus_results(self, view: _View, subjects: Iterable[Node]) -> list[Result]:
        # Nodes of an article come in a few kinds (claims, events, mentions...): with the
        # compiled class hierarchy, the shapes of one list of types are looked up once.
        known = self._shapes_by_types if view.superclasses is self._superclasses else {}
        results: list[Result] = []
        for focus in subjects:
            types = tuple(view.values(focus, _TYPE))
            shapes = known.get(types)
            if shapes is None:
                shapes = self._shapes_for(types, view.superclasses)
                if len(known) < 1024:
                    known[types] = shapes
            for shape in shapes:
                if not self._conforms(view, shape, focus):
                    results += self._results(view, shape, focus)
        return results

    def results(self, data: Graph | Iterable[Triple]) -> list[Result]:
        """Every result for ``data`` (with the ontology mixed in, when one was given)."""
        index = _index(data, self._keys)
        superclasses = self._superclasses
        if any(_SUBCLASS_OF in ps for ps in index.values()):
            both = [(s, p, o) for src in (self._extra, index) for s, ps in src.items() for p, os in ps.items() for o in os]
            merged = _index(both, {})
            superclasses = _superclasses(merged)
        view = _View(index, self._extra, superclasses)
        results = self._focus_results(view, index)
        # The ontology's own nodes only change when the data says something about them.
        if self._extra:
            if superclasses is self._superclasses and self._extra_nodes.isdisjoint(index):
                results += self._ontology_results()
            else:
                results += self._focus_results(view, [s for s in self._extra if s not in index])
        return results

    def _ontology_results(self) -> list[Result]:
        if self._cached_ontology_results is None:
            view = _View({}, self._extra, self._superclasses)
            self._cached_ontology_results = self._focus_results(view, list(self._extra))
        return self._cached_ontology_results

    def validate(self, data: Graph | Collection[Triple]) -> ValidationReport:
        """A report in the same form as ``validation.validate_graph`` (pyshacl).

        ``data`` is a graph or its triples, each once (a build validates the triples
        it is about to write, without building an rdflib Graph of them).
        """
        violations = sorted(
            {
                Violation(
                    focus=str(r.focus),
                    path=_short(r.path) if r.path is not None else None,
                    message=r.message or "constraint violated",
                    severity=_short(r.severity),
                    value=str(r.value) if r.value is not None else None,
                )
                for r in self.results(data)
            },
            key=lambda v: (v.focus, v.path or "", v.message, v.value or ""),
        )
        conforms = not any(v.severity == "sh:Violation" for v in violations)
        return ValidationReport(conforms=conforms, violations=violations, triples=len(data))
