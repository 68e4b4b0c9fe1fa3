"""Extraction records -> the triples of one article graph.

The only place that knows how records become triples. Every node an article
graph points to gets its type and label in the same graph, so each article graph
validates on its own (incremental validation) and can be replaced as a unit.

The triples are collected in a plain insertion-ordered set, not an rdflib Graph:
a build maps every article once and only validates and serialises the result,
and rdflib's Memory store (contexts, events, three indexes) cost more than the
mapping itself. The terms stay rdflib terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from newskg.iris import UNNAMED_PREFIX, article_iri, claim_iri, entity_iri, event_iri, mention_at, mention_prefix, merge_iri
from newskg.loaders.control_stance import control_stance
from newskg.loaders.records import ClaimRecord, EntityRecord, EventRecord, Extraction, Mention, keys_within
from newskg.names import anchor_key, name_keys, preferred_label
from newskg.ontology.terms import ANCHOR_OF, GEONAMES, LAT, LONG, NIF, NK, SCHEMA, Triple, event_type_iri

PUBLISHER_CUE = "reported"

# Terms bound once: every article writes hundreds of triples, and each ``NK.x`` is a
# DefinedNamespace lookup (``NK`` with ``_fail`` stays the source, so a typo still raises).
_TYPE = RDF.type
_LABEL = RDFS.label
_PREF_LABEL, _ALT_LABEL = SKOS.prefLabel, SKOS.altLabel
_DERIVED_FROM = PROV.wasDerivedFrom
_INTEGER, _DECIMAL, _DATE, _ANY_URI = XSD.integer, XSD.decimal, XSD.date, XSD.anyURI
_BEGIN, _END = NIF.beginIndex, NIF.endIndex
_HEADLINE, _PUBLISHED, _URL, _TEXT = SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url, SCHEMA.text
_ARTICLE, _MENTION, _CLAIM, _EVENT, _MERGE = NK.Article, NK.Mention, NK.Claim, NK.Event, NK.IdentityMerge
_IN_ARTICLE, _REPORTED_IN = NK.inArticle, NK.reportedIn
_NAMED, _ROLE, _AFFILIATED, _NAME_KEY = NK.named, NK.role, NK.affiliatedWith, NK.nameKey
_PLACE_TYPE, _GEONAMES_ID, _GEONAMES, _LOCATED_IN = NK.placeType, NK.geonamesId, NK.geonames, NK.locatedIn
_ARTICLE_COUNT, _MENTION_COUNT = NK.articleCount, NK.mentionCount
_MERGED_INTO, _JOINED_LABEL, _MERGE_REASON = NK.mergedInto, NK.joinedLabel, NK.mergeReason
_CLAIMANT, _CUE, _CONTENT, _DIRECT, _ABOUT = NK.claimant, NK.cue, NK.content, NK.direct, NK.about
_EVENT_TYPE, _TRIGGER, _ASSERTED_BY = NK.eventType, NK.trigger, NK.assertedBy
_AGENT, _TARGET, _PLACE = NK.agent, NK.target, NK.place
_DATE_PROP, _DATE_PRECISION, _DATE_TEXT = NK.date, NK.datePrecision, NK.dateText
_KILLED, _WOUNDED, _CAPTURED = NK.killed, NK.wounded, NK.captured
_KILLED_QUALIFIER, _WOUNDED_QUALIFIER, _CAPTURED_QUALIFIER = NK.killedQualifier, NK.woundedQualifier, NK.capturedQualifier
_ASSERTS_CONTROL, _DENIES_CONTROL = NK.assertsControlOf, NK.deniesControlOf
_CONTENT_HASH, _ORIGIN, _SOURCE_ID, _EXTRACTED_BY, _PUBLISHER = NK.contentHash, NK.origin, NK.sourceId, NK.extractedBy, NK.publisher
_CLAIM_COUNT, _EVENT_COUNT = NK.claimCount, NK.eventCount
_TYPE_CLASSES = {"Person": NK.Person, "Organization": NK.Organization, "Place": NK.Place, "Actor": NK.Actor}
_FALSE = Literal(False)
_TRUE = Literal(True)

# Entity keys recur across articles ("org:taliban"); minting an IRI slugs and hashes the key.
_entity = lru_cache(maxsize=1 << 14)(entity_iri)
# So do their merges ("org:taliban" joined as "the Taliban"): 264 distinct among the 1,984 merge
# records of the benchmark corpus, each a SHA-1 and a formatted IRI (2.3 us): 15 M fewer instructions
# for a cold pass of ``article_triples`` over it (1,466 M -> 1,451 M under callgrind).
_merge = lru_cache(maxsize=1 << 12)(merge_iri)


@lru_cache(maxsize=1 << 12)
def _geonames(geonames_id: int) -> URIRef:
    """Cached: the same places come back article after article, and rdflib checks the text of every URIRef."""
    return GEONAMES[f"{geonames_id}/"]


@lru_cache(maxsize=1 << 14, typed=True)
def _integer(value: int) -> Literal:
    """Cached: offsets and counts repeat, and building a typed Literal is among the dearest steps here."""
    return Literal(value, datatype=_INTEGER)


_SHORT = 200  # characters: a label, an anchor or a cue, not an article's text or a claim's content


def _text(value: str) -> Literal:
    """A plain literal; short ones come from ``_literal``'s cache. Long ones (texts, claim contents)
    are rarely repeated and would fill the cache with whole articles."""
    return _literal(value) if len(value) <= _SHORT else Literal(value)


@lru_cache(maxsize=1 << 14)
def _literal(lexical: str, datatype: URIRef | None = None) -> Literal:
    """Cached: labels, anchors, roles, place types, cues and days come back article after article
    (11,400 distinct literals among 98,000 over the 729-article benchmark corpus), and rdflib's
    Literal constructor was half of the mapping's time."""
    return Literal(lexical, datatype=datatype)


def _decimal(value: float) -> Literal:
    """Five decimals (about a metre), in the lexical form Oxigraph keeps, so round trips are exact."""
    if value == 0:  # 0.0 and -0.0 are one key to a cache, but "0" and "-0" here
        return _decimal_literal(str(round(value, 5)))
    return _coordinate(value)


@lru_cache(maxsize=1 << 12, typed=True)
def _coordinate(value: float) -> Literal:
    """Cached on the coordinate itself: rounding a float to five decimals and writing it out cost more
    than looking the text up (6,710 coordinates over the benchmark corpus, 336 distinct): 2,525 M ->
    2,490 M instructions for mapping that corpus and reading its tallies (callgrind)."""
    return _decimal_literal(str(round(value, 5)))


@lru_cache(maxsize=1 << 12)
def _decimal_literal(rounded: str) -> Literal:
    """Cached on the rounded text: the same places (Kabul, Kunduz) come back in article after article."""
    return Literal(format(Decimal(rounded).normalize(), "f"), datatype=_DECIMAL)


@dataclass
class _ClaimFacts:
    """What a claim's control stances are decided from, noted while it is mapped instead of read back.

    ``candidates``: the entities the claim is about and the places of the events it
    asserts (only those with a place type count); ``captured``: the places of the
    capture events it asserts.
    """

    content: str
    candidates: dict[URIRef, None] = field(default_factory=dict)
    captured: set[URIRef] = field(default_factory=set)


class _ArticleGraph:
    """Accumulates one article's triples (each once, in the order written) and what the stances need.

    Triples are written straight into ``triples`` (``triples[s, p, o] = None``), not through a
    method: 190,000 writes over the 729-article benchmark corpus, and a Python call for each was
    3.5% of the instructions of mapping the corpus and reading its tallies, place facts and
    casualty reports (2,890 M -> 2,790 M under callgrind).
    """

    def __init__(self, extraction: Extraction) -> None:
        self.triples: dict[Triple, None] = {}
        self.extraction = extraction
        self.article_id = extraction.article.id
        self.article = article_iri(self.article_id)
        self._mention_prefix = mention_prefix(self.article_id)
        self._mentions: dict[tuple[int, int], URIRef] = {}
        self.place_types: dict[URIRef, str] = {}  # the first written, as a graph lookup would return it
        self.claims: dict[URIRef, _ClaimFacts] = {}
        self._spans: list[tuple[int, int, str]] | None = None

    def named_in(self, start: int, end: int) -> list[str]:
        """Keys of the entities with a mention inside [start, end), in text order."""
        if self._spans is None:
            self._spans = sorted((m.start, m.end, e.key) for e in self.extraction.entities for m in e.mentions)
        return keys_within(self._spans, start, end)

    def mention(self, mention: Mention) -> URIRef:
        span = (mention.start, mention.end)
        iri = self._mentions.get(span)
        if iri is None:
            iri = self._mentions[span] = mention_at(self._mention_prefix, mention.start, mention.end)
            triples = self.triples
            triples[iri, _TYPE, _MENTION] = None
            triples[iri, _IN_ARTICLE, self.article] = None
            triples[iri, _BEGIN, _integer(mention.start)] = None
            triples[iri, _END, _integer(mention.end)] = None
            triples[iri, ANCHOR_OF, _text(mention.text)] = None
        return iri


def article_triples(extraction: Extraction, *, run: URIRef) -> list[Triple]:
    """The article's named-graph content: article, entities, mentions, claims, events, merges.

    Each triple once, in a fixed order (the order they are written).
    """
    ag = _ArticleGraph(extraction)
    _map_article(ag, run)
    keys = {record.key for record in extraction.entities}
    organisations = {record.key for record in extraction.entities if "Organization" in record.types}
    for record in extraction.entities:
        _map_entity(ag, record, keys, organisations)
    claim_iris = [_map_claim(ag, index, claim, keys) for index, claim in enumerate(extraction.claims)]
    publisher_claims: dict[tuple[int, int], URIRef] = {}
    for index, event in enumerate(extraction.events):
        _map_event(ag, index, event, keys, claim_iris, publisher_claims)
    _control_stances(ag)
    # Written with the article so that listing articles with their counts reads, never counts.
    claims = len(claim_iris) + len(publisher_claims)
    triples = ag.triples
    triples[ag.article, _CLAIM_COUNT, _integer(claims)] = None
    triples[ag.article, _EVENT_COUNT, _integer(len(extraction.events))] = None
    return list(ag.triples)


def _map_article(ag: _ArticleGraph, run: URIRef) -> None:
    article = ag.extraction.article
    a, triples = ag.article, ag.triples
    triples[a, _TYPE, _ARTICLE] = None
    if article.title:
        triples[a, _HEADLINE, Literal(article.title)] = None
    if article.published:
        triples[a, _PUBLISHED, Literal(article.published.isoformat(), datatype=_DATE)] = None
    if article.url:
        triples[a, _URL, Literal(article.url, datatype=_ANY_URI)] = None
    triples[a, _TEXT, Literal(article.text)] = None
    triples[a, _CONTENT_HASH, Literal(article.content_hash)] = None
    triples[a, _ORIGIN, Literal(article.origin)] = None
    if article.source_id:
        triples[a, _SOURCE_ID, Literal(article.source_id)] = None
    triples[a, _EXTRACTED_BY, run] = None
    triples[a, _PUBLISHER, _entity(ag.extraction.publisher_key)] = None


def _map_entity(ag: _ArticleGraph, record: EntityRecord, keys: set[str], organisations: set[str]) -> None:
    triples = ag.triples
    node = _entity(record.key)
    for type_name in record.types:
        triples[node, _TYPE, _TYPE_CLASSES[type_name]] = None
    for label in dict.fromkeys([record.label, *record.aliases]):
        if label.strip():
            triples[node, _LABEL, _text(label)] = None
    if not record.named:
        triples[node, _NAMED, _FALSE] = None
    for role in dict.fromkeys(record.roles):
        triples[node, _ROLE, _text(role)] = None
    for org_key in record.affiliations:
        # Only organisations: "Jawzjan Deputy Governor" keeps its role; the province is not an employer.
        if org_key in organisations:
            triples[node, _AFFILIATED, _entity(org_key)] = None
    for mention in record.mentions:
        triples[node, _DERIVED_FROM, ag.mention(mention)] = None
    if "Place" in record.types:
        place_type = record.place_type or "other"
        ag.place_types.setdefault(node, place_type)
        triples[node, _PLACE_TYPE, _text(place_type)] = None
        if record.geonames_id is not None:
            triples[node, _GEONAMES_ID, _integer(record.geonames_id)] = None
            triples[node, _GEONAMES, _geonames(record.geonames_id)] = None
        if record.lat is not None and record.long is not None:
            triples[node, LAT, _decimal(record.lat)] = None
            triples[node, LONG, _decimal(record.long)] = None
        if record.located_in and record.located_in in keys and record.located_in != record.key:
            triples[node, _LOCATED_IN, _entity(record.located_in)] = None
    reasons = dict(zip(record.aliases, record.merge_reasons))
    if record.key.startswith(UNNAMED_PREFIX):
        reasons = _local_identity(ag, node, record, reasons)
    for alias, reason in reasons.items():
        merge = _merge(record.key, alias)
        triples[merge, _TYPE, _MERGE] = None
        triples[merge, _MERGED_INTO, node] = None
        triples[merge, _JOINED_LABEL, _text(alias)] = None
        triples[merge, _MERGE_REASON, _text(reason)] = None
        triples[merge, _REPORTED_IN, ag.article] = None


def _local_identity(ag: _ArticleGraph, node: URIRef, record: EntityRecord, reasons: dict[str, str]) -> dict[str, str]:
    """What the identity graph holds for other entities, for an unnamed source, in its own article graph.

    An unnamed source is keyed by its article, so it can never be joined across
    articles; written here, the identity graph grows with the named entities of
    the corpus, not with its articles. Returns the merge records to write.
    """
    labels = tuple(label for label in dict.fromkeys([record.label, *record.aliases]) if label.strip())
    preferred, keys = _unnamed_names(labels, tuple(m.text for m in record.mentions))
    triples = ag.triples
    triples[node, _PREF_LABEL, _text(preferred)] = None
    for key in keys:
        triples[node, _NAME_KEY, _text(key)] = None
    for label in labels:
        if label != preferred:
            triples[node, _ALT_LABEL, _text(label)] = None
            reasons.setdefault(label, f"same unnamed source as {preferred!r} in this article")
    mentions = {(m.start, m.end) for m in record.mentions}
    triples[node, _ARTICLE_COUNT, _integer(1)] = None
    triples[node, _MENTION_COUNT, _integer(len(mentions))] = None
    return reasons


@lru_cache(maxsize=1 << 12)
def _unnamed_names(labels: tuple[str, ...], said_as: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """An unnamed source's preferred label and name keys, from its labels and its mentions' texts.

    Cached: the same sources ("officials", "a security source") come back article after article
    (773 distinct among the 2,455 of the benchmark corpus): 18 M of the 2,543 M instructions of
    mapping that corpus and reading its tallies (callgrind).
    """
    anchors = [anchor_key(text) for text in said_as]
    said = {label: anchors.count(anchor_key(label)) for label in labels}
    return preferred_label(dict.fromkeys(labels, 1), said, person=False), tuple(name_keys(labels))


def _claim_triples(
    ag: _ArticleGraph, claim: URIRef, *, claimant: str, cue: str, content: str, direct: bool,
    sentence: Mention, about: list[str], keys: set[str],
) -> None:
    triples = ag.triples
    triples[claim, _TYPE, _CLAIM] = None
    triples[claim, _CLAIMANT, _entity(claimant)] = None
    triples[claim, _CUE, _text(cue)] = None
    triples[claim, _CONTENT, Literal(content)] = None
    triples[claim, _DIRECT, _TRUE if direct else _FALSE] = None
    triples[claim, _REPORTED_IN, ag.article] = None
    triples[claim, _DERIVED_FROM, ag.mention(sentence)] = None
    facts = ag.claims.setdefault(claim, _ClaimFacts(content))
    for key in dict.fromkeys(about):
        if key in keys:
            entity = _entity(key)
            triples[claim, _ABOUT, entity] = None
            facts.candidates[entity] = None


def _map_claim(ag: _ArticleGraph, index: int, claim: ClaimRecord, keys: set[str]) -> URIRef:
    node = claim_iri(ag.article_id, index)
    content = claim.content.strip() or claim.sentence.text.strip()
    _claim_triples(
        ag, node, claimant=claim.claimant, cue=claim.cue, content=content, direct=claim.direct,
        sentence=claim.sentence, about=claim.about, keys=keys,
    )
    return node


def _publisher_claim(
    ag: _ArticleGraph, event: EventRecord, keys: set[str], publisher_claims: dict[tuple[int, int], URIRef]
) -> URIRef:
    """The article's own-voice claim for the sentence that reports an event (one per sentence)."""
    span = (event.sentence.start, event.sentence.end)
    if span not in publisher_claims:
        node = claim_iri(ag.article_id, 10_000 + len(publisher_claims))
        about = [*event.agents, *event.targets, *event.places]
        _claim_triples(
            ag, node, claimant=ag.extraction.publisher_key, cue=PUBLISHER_CUE,
            content=event.sentence.text.strip(), direct=False, sentence=event.sentence, about=about, keys=keys,
        )
        # Then everything else the sentence names, as a reported claim is about every entity named in
        # what was said ("Embattled Lashkar Gah, the capital of southern Helmand province, has been the
        # scene of deadly clashes" is about Helmand too). Not as places whose control the claim states:
        # "took control of Zaranj, the capital of Nimroz province" says nothing of the province.
        for key in ag.named_in(event.sentence.start, event.sentence.end):
            if key in keys:
                ag.triples[node, _ABOUT, _entity(key)] = None
        publisher_claims[span] = node
    return publisher_claims[span]


def _map_event(
    ag: _ArticleGraph, index: int, event: EventRecord, keys: set[str], claim_iris: list[URIRef],
    publisher_claims: dict[tuple[int, int], URIRef],
) -> None:
    triples = ag.triples
    node = event_iri(ag.article_id, index)
    triples[node, _TYPE, _EVENT] = None
    triples[node, _EVENT_TYPE, event_type_iri(event.event_type)] = None
    triples[node, _TRIGGER, _text(event.trigger.text)] = None
    triples[node, _REPORTED_IN, ag.article] = None
    triples[node, _DERIVED_FROM, ag.mention(event.sentence)] = None
    for prop, values in ((_AGENT, event.agents), (_TARGET, event.targets), (_PLACE, event.places)):
        for key in dict.fromkeys(values):
            if key in keys:
                triples[node, prop, _entity(key)] = None
    if event.date is not None:
        triples[node, _DATE_PROP, _literal(event.date.value.isoformat(), _DATE)] = None
        triples[node, _DATE_PRECISION, _text(event.date.precision)] = None
        triples[node, _DATE_TEXT, _text(event.date.text)] = None
    for prop, qualifier_prop, count in (
        (_KILLED, _KILLED_QUALIFIER, event.killed),
        (_WOUNDED, _WOUNDED_QUALIFIER, event.wounded),
        (_CAPTURED, _CAPTURED_QUALIFIER, event.captured),
    ):
        if count is not None:
            triples[node, prop, _integer(count.minimum)] = None
            triples[node, qualifier_prop, _text(count.qualifier)] = None
    if event.claim is not None and 0 <= event.claim < len(claim_iris):
        claim = claim_iris[event.claim]
    else:
        claim = _publisher_claim(ag, event, keys, publisher_claims)
    triples[node, _ASSERTED_BY, claim] = None
    triples[claim, _ABOUT, node] = None
    places = [_entity(key) for key in dict.fromkeys(event.places) if key in keys]
    facts = ag.claims[claim]
    facts.candidates.update(dict.fromkeys(places))
    if event.event_type == "Capture":
        facts.captured.update(places)


def _control_stances(ag: _ArticleGraph) -> None:
    """Link each claim to the places it says were taken (or were not), from what was noted while mapping.

    The places are those the claim is about, directly or through an event it
    asserts, except whole countries: control of a country is rhetoric more often
    than a report.
    """
    triples = ag.triples
    for claim in sorted(ag.claims):
        facts = ag.claims[claim]
        # The stance follows from the content and one flag: worked out at most twice per claim, not per
        # place (its two searches were a tenth of the mapping's time; 1,901 calls, 1,563 distinct).
        stances: dict[bool, bool | None] = {}
        for place in sorted(facts.candidates):
            place_type = ag.place_types.get(place)
            if place_type is None or place_type == "country":
                continue
            here = place in facts.captured
            if here not in stances:
                stances[here] = control_stance(facts.content, asserts_capture_here=here)
            stance = stances[here]
            if stance is not None:
                triples[claim, _ASSERTS_CONTROL if stance else _DENIES_CONTROL, place] = None
