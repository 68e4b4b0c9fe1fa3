"""Extraction records -> one RDF graph per article.

The only place that knows how records become triples. Every node an article
graph points to gets its type and label in the same graph, so each article graph
validates on its own (incremental validation) and can be replaced as a unit.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from newskg.iris import UNNAMED_PREFIX, article_iri, claim_iri, entity_iri, event_iri, mention_iri, merge_iri
from newskg.loaders.control_stance import control_stance
from newskg.loaders.records import ClaimRecord, EntityRecord, EventRecord, Extraction, Mention
from newskg.names import anchor_key, name_keys, preferred_label
from newskg.ontology.terms import GEO, GEONAMES, NIF, NK, SCHEMA, event_type_iri

PUBLISHER_CUE = "reported"
_TYPE_CLASSES = {"Person": NK.Person, "Organization": NK.Organization, "Place": NK.Place, "Actor": NK.Actor}


def _decimal(value: float) -> Literal:
    """Five decimals (about a metre), in the lexical form Oxigraph keeps, so round trips are exact."""
    text = format(Decimal(str(round(value, 5))).normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


class _ArticleGraph:
    """Accumulates one article's triples; remembers which mentions it already wrote."""

    def __init__(self, extraction: Extraction) -> None:
        self.graph = Graph()
        self.extraction = extraction
        self.article_id = extraction.article.id
        self.article = article_iri(self.article_id)
        self._mentions: set[tuple[int, int]] = set()

    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    def mention(self, mention: Mention) -> URIRef:
        iri = mention_iri(self.article_id, mention.start, mention.end)
        if (mention.start, mention.end) not in self._mentions:
            self._mentions.add((mention.start, mention.end))
            self.add(iri, RDF.type, NK.Mention)
            self.add(iri, NK.inArticle, self.article)
            self.add(iri, NIF.beginIndex, Literal(mention.start, datatype=XSD.integer))
            self.add(iri, NIF.endIndex, Literal(mention.end, datatype=XSD.integer))
            self.add(iri, NIF.anchorOf, Literal(mention.text))
        return iri


def article_to_graph(extraction: Extraction, *, run: URIRef) -> Graph:
    """The article's named-graph content: article, entities, mentions, claims, events, merges."""
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
    ag.add(ag.article, NK.claimCount, Literal(claims, datatype=XSD.integer))
    ag.add(ag.article, NK.eventCount, Literal(len(extraction.events), datatype=XSD.integer))
    return ag.graph


def _map_article(ag: _ArticleGraph, run: URIRef) -> None:
    article = ag.extraction.article
    a = ag.article
    ag.add(a, RDF.type, NK.Article)
    if article.title:
        ag.add(a, SCHEMA.headline, Literal(article.title))
    if article.published:
        ag.add(a, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date))
    if article.url:
        ag.add(a, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI))
    ag.add(a, SCHEMA.text, Literal(article.text))
    ag.add(a, NK.contentHash, Literal(article.content_hash))
    ag.add(a, NK.origin, Literal(article.origin))
    if article.source_id:
        ag.add(a, NK.sourceId, Literal(article.source_id))
    ag.add(a, NK.extractedBy, run)
    ag.add(a, NK.publisher, entity_iri(ag.extraction.publisher_key))


def _map_entity(ag: _ArticleGraph, record: EntityRecord, keys: set[str], organisations: set[str]) -> None:
    node = entity_iri(record.key)
    for type_name in record.types:
        ag.add(node, RDF.type, _TYPE_CLASSES[type_name])
    for label in dict.fromkeys([record.label, *record.aliases]):
        if label.strip():
            ag.add(node, RDFS.label, Literal(label))
    if not record.named:
        ag.add(node, NK.named, Literal(False))
    for role in dict.fromkeys(record.roles):
        ag.add(node, NK.role, Literal(role))
    for org_key in record.affiliations:
        # Only organisations: "Jawzjan Deputy Governor" keeps its role; the province is not an employer.
        if org_key in organisations:
            ag.add(node, NK.affiliatedWith, entity_iri(org_key))
    for mention in record.mentions:
        ag.add(node, PROV.wasDerivedFrom, ag.mention(mention))
    if "Place" in record.types:
        ag.add(node, NK.placeType, Literal(record.place_type or "other"))
        if record.geonames_id is not None:
            ag.add(node, NK.geonamesId, Literal(record.geonames_id, datatype=XSD.integer))
            ag.add(node, NK.geonames, GEONAMES[f"{record.geonames_id}/"])
        if record.lat is not None and record.long is not None:
            ag.add(node, GEO.lat, _decimal(record.lat))
            ag.add(node, GEO.long, _decimal(record.long))
        if record.located_in and record.located_in in keys and record.located_in != record.key:
            ag.add(node, NK.locatedIn, entity_iri(record.located_in))
    reasons = dict(zip(record.aliases, record.merge_reasons))
    if record.key.startswith(UNNAMED_PREFIX):
        reasons = _local_identity(ag, node, record, reasons)
    for alias, reason in reasons.items():
        merge = merge_iri(record.key, alias)
        ag.add(merge, RDF.type, NK.IdentityMerge)
        ag.add(merge, NK.mergedInto, node)
        ag.add(merge, NK.joinedLabel, Literal(alias))
        ag.add(merge, NK.mergeReason, Literal(reason))
        ag.add(merge, NK.reportedIn, ag.article)


def _local_identity(ag: _ArticleGraph, node: URIRef, record: EntityRecord, reasons: dict[str, str]) -> dict[str, str]:
    """What the identity graph holds for other entities, for an unnamed source, in its own article graph.

    An unnamed source is keyed by its article, so it can never be joined across
    articles; written here, the identity graph grows with the named entities of
    the corpus, not with its articles. Returns the merge records to write.
    """
    labels = [label for label in dict.fromkeys([record.label, *record.aliases]) if label.strip()]
    said = {label: sum(anchor_key(m.text) == anchor_key(label) for m in record.mentions) for label in labels}
    preferred = preferred_label(dict.fromkeys(labels, 1), said, person=False)
    ag.add(node, SKOS.prefLabel, Literal(preferred))
    for key in name_keys(labels):
        ag.add(node, NK.nameKey, Literal(key))
    for label in labels:
        if label != preferred:
            ag.add(node, SKOS.altLabel, Literal(label))
            reasons.setdefault(label, f"same unnamed source as {preferred!r} in this article")
    mentions = {(m.start, m.end) for m in record.mentions}
    ag.add(node, NK.articleCount, Literal(1, datatype=XSD.integer))
    ag.add(node, NK.mentionCount, Literal(len(mentions), datatype=XSD.integer))
    return reasons


def _claim_triples(
    ag: _ArticleGraph, claim: URIRef, *, claimant: str, cue: str, content: str, direct: bool,
    sentence: Mention, about: list[str], keys: set[str],
) -> None:
    ag.add(claim, RDF.type, NK.Claim)
    ag.add(claim, NK.claimant, entity_iri(claimant))
    ag.add(claim, NK.cue, Literal(cue))
    ag.add(claim, NK.content, Literal(content))
    ag.add(claim, NK.direct, Literal(direct))
    ag.add(claim, NK.reportedIn, ag.article)
    ag.add(claim, PROV.wasDerivedFrom, ag.mention(sentence))
    for key in dict.fromkeys(about):
        if key in keys:
            ag.add(claim, NK.about, entity_iri(key))


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
        publisher_claims[span] = node
    return publisher_claims[span]


def _map_event(
    ag: _ArticleGraph, index: int, event: EventRecord, keys: set[str], claim_iris: list[URIRef],
    publisher_claims: dict[tuple[int, int], URIRef],
) -> None:
    node = event_iri(ag.article_id, index)
    ag.add(node, RDF.type, NK.Event)
    ag.add(node, NK.eventType, event_type_iri(event.event_type))
    ag.add(node, NK.trigger, Literal(event.trigger.text))
    ag.add(node, NK.reportedIn, ag.article)
    ag.add(node, PROV.wasDerivedFrom, ag.mention(event.sentence))
    for prop, values in ((NK.agent, event.agents), (NK.target, event.targets), (NK.place, event.places)):
        for key in dict.fromkeys(values):
            if key in keys:
                ag.add(node, prop, entity_iri(key))
    if event.date is not None:
        ag.add(node, NK.date, Literal(event.date.value.isoformat(), datatype=XSD.date))
        ag.add(node, NK.datePrecision, Literal(event.date.precision))
        ag.add(node, NK.dateText, Literal(event.date.text))
    for prop, qualifier_prop, count in (
        (NK.killed, NK.killedQualifier, event.killed),
        (NK.wounded, NK.woundedQualifier, event.wounded),
        (NK.captured, NK.capturedQualifier, event.captured),
    ):
        if count is not None:
            ag.add(node, prop, Literal(count.minimum, datatype=XSD.integer))
            ag.add(node, qualifier_prop, Literal(count.qualifier))
    if event.claim is not None and 0 <= event.claim < len(claim_iris):
        claim = claim_iris[event.claim]
    else:
        claim = _publisher_claim(ag, event, keys, publisher_claims)
    ag.add(node, NK.assertedBy, claim)
    ag.add(claim, NK.about, node)


def _control_stances(ag: _ArticleGraph) -> None:
    """Link each claim to the places it says were taken (or were not), from the graph just mapped.

    The places are those the claim is about, directly or through an event it
    asserts, except whole countries: control of a country is rhetoric more often
    than a report.
    """
    g = ag.graph
    for claim in sorted(g.subjects(RDF.type, NK.Claim)):
        content = str(g.value(claim, NK.content) or "")
        places: set[URIRef] = set()
        for about in g.objects(claim, NK.about):
            if (about, RDF.type, NK.Place) in g:
                places.add(about)
            elif (about, RDF.type, NK.Event) in g:
                places.update(g.objects(about, NK.place))
        captured = {
            place
            for event in g.subjects(NK.assertedBy, claim)
            if (event, NK.eventType, event_type_iri("Capture")) in g
            for place in g.objects(event, NK.place)
        }
        for place in sorted(places):
            place_type = g.value(place, NK.placeType)
            if place_type is None or str(place_type) == "country":
                continue
            stance = control_stance(content, asserts_capture_here=place in captured)
            if stance is not None:
                ag.add(claim, NK.assertsControlOf if stance else NK.deniesControlOf, place)
