"""Python names for the newskg ontology and the vocabularies it reuses.

`NK` fails on unknown attributes (rdflib's ``_fail = True``), so a typo in an
ontology term raises instead of silently minting a new IRI. A test keeps this
list and ``newskg.ttl`` in step.
"""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef
from rdflib.term import Node

# One statement of a graph, as loaders write it and the graph layer stores and validates it.
Triple = tuple[Node, Node, Node]

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
ID_BASE = "https://w3id.org/newskg/id/"
GRAPH_BASE = "https://w3id.org/newskg/graph/"


class NK(DefinedNamespace):
    """Terms of the newskg ontology."""

    _NS = Namespace("https://w3id.org/newskg/ontology#")
    _fail = True

    # Classes
    Article: URIRef  # a news article: the source of mentions, claims and events
    Actor: URIRef  # someone who acts or speaks: a person, an organisation, an unnamed source
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    EventType: URIRef  # the fixed set of event types below
    Claim: URIRef  # one assertion attributed to one claimant
    Mention: URIRef  # a character span of an article's text
    ExtractionRun: URIRef  # a PROV activity: one run of the extractor
    IdentityMerge: URIRef  # the record of labels joined into one entity, and why
    LabelTally: URIRef  # article graphs giving an entity one label (identity graph)
    AnchorTally: URIRef  # mentions of an entity with one folded surface form (identity graph)

    # Event types (instances of EventType)
    Attack: URIRef
    Airstrike: URIRef
    Bombing: URIRef
    Capture: URIRef  # capture of territory (a town, district, base)
    Clash: URIRef
    Detention: URIRef
    Killing: URIRef
    Raid: URIRef
    Seizure: URIRef  # weapons, vehicles, drugs seized or found
    Release: URIRef
    Withdrawal: URIRef
    Meeting: URIRef
    Statement: URIRef

    # Article properties (besides schema:headline, schema:datePublished, schema:url, schema:text)
    publisher: URIRef
    contentHash: URIRef
    claimCount: URIRef
    eventCount: URIRef
    origin: URIRef
    sourceId: URIRef
    extractedBy: URIRef

    # Mention properties (besides nif:beginIndex, nif:endIndex, nif:anchorOf)
    inArticle: URIRef

    # Entity properties
    nameKey: URIRef
    mentionCount: URIRef
    articleCount: URIRef
    named: URIRef
    role: URIRef
    affiliatedWith: URIRef
    geonamesId: URIRef
    geonames: URIRef
    placeType: URIRef
    locatedIn: URIRef

    # Event properties
    eventType: URIRef
    agent: URIRef
    target: URIRef
    place: URIRef
    date: URIRef
    datePrecision: URIRef
    dateText: URIRef
    killed: URIRef
    wounded: URIRef
    captured: URIRef
    killedQualifier: URIRef
    woundedQualifier: URIRef
    capturedQualifier: URIRef
    trigger: URIRef
    assertedBy: URIRef

    # Claim properties
    claimant: URIRef
    cue: URIRef
    content: URIRef
    direct: URIRef
    about: URIRef
    reportedIn: URIRef
    assertsControlOf: URIRef
    deniesControlOf: URIRef
    contradicts: URIRef

    # Extraction run and identity records
    toolVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef
    mergedInto: URIRef
    joinedLabel: URIRef
    mergeReason: URIRef
    tallyOf: URIRef
    tallied: URIRef
    tallyCount: URIRef


SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEONAMES = Namespace("https://sws.geonames.org/")
# NIF and GEO are plain Namespaces, whose terms are new objects at each access. The mapping writes,
# and the graph readers (``identity_tallies``) look up, these predicates as these very objects, so a
# lookup finds its key by identity, not through rdflib's Python ``__eq__`` (20,000 calls a pass over
# the benchmark corpus).
ANCHOR_OF, LAT, LONG = NIF.anchorOf, GEO.lat, GEO.long

# Prefixes used in exports and saved queries.
PREFIXES: dict[str, str] = {
    "nk": str(NK._NS),
    "nkid": ID_BASE,
    "sem": str(SEM),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "geo": str(GEO),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

EVENT_TYPES: tuple[str, ...] = (
    "Attack",
    "Airstrike",
    "Bombing",
    "Capture",
    "Clash",
    "Detention",
    "Killing",
    "Raid",
    "Seizure",
    "Release",
    "Withdrawal",
    "Meeting",
    "Statement",
)

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
COUNT_QUALIFIERS: tuple[str, ...] = ("exact", "at least", "more than", "about", "at most", "vague")
PLACE_TYPES: tuple[str, ...] = ("country", "province", "district", "city", "village", "region", "other")


def event_type_iri(name: str) -> URIRef:
    """IRI of an event type; raises for a type outside the fixed set."""
    if name not in EVENT_TYPES:
        raise ValueError(f"unknown event type {name!r}; expected one of {', '.join(EVENT_TYPES)}")
    return NK[name]
