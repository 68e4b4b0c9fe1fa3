"""Actors and places of one article: one record per real-world thing.

spaCy's entities are the raw material; this module cleans them ("#Cheberghan's"
-> Cheberghan), fixes what the small model gets wrong in a general way (a
place tagged PERSON, "Twitter" as a person, a headline tagged as a name), and
gives every mention an identity key shared across articles: curated
organisations and national institutions (``organizations``), GeoNames places
(``gazetteer``, with every ancestor recorded so ``located_in`` resolves),
people by name key with in-article coreference (``persons``).

Countries and capitals as actors (the rule): a country or a capital that is
the subject of a communication or political verb ("the United States warned",
"Washington has vowed"), the addressee of one ("assured Moscow", "a message to
the United States"), or its passive agent is acting as a state. A country
keeps its own record, typed Place and Organization; a capital stands for its
country's government (``org:<country>-government``: "Washington" -> the US
government, "Moscow" -> the Russian government), because "Washington has
vowed" is a statement of the government, not of the city. The US government
(and Washington as actor) is one actor; the country record acting is the state
as the text names it; the US embassy in Kabul and the US military (Pentagon,
US forces) are distinct organisations.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newskg.loaders.article import Article
from newskg.loaders.gazetteer import Gazetteer, Place
from newskg.loaders.organizations import (
    ARMED_GROUP,
    GROUP_ANAPHOR_HEADS,
    GROUP_ANAPHOR_MODIFIERS,
    MEDIA,
    PLATFORMS,
    Organization,
    OrganizationTable,
    acting,
    load_organizations,
)
from newskg.loaders.persons import (
    ROLE_HEADS,
    antecedent_noun,
    cluster_person_names,
    glued_auxiliary_end,
    is_role_word,
    is_statement_noun,
    leading_title_length,
    role_is_governmental,
    role_phrases,
    unnamed_label,
)
from newskg.loaders.records import EntityRecord, Mention
from newskg.names import clean_label, fold, name_key

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_PLACE_WORDS = {"province": "province", "district": "district", "city": "city", "town": "city", "village": "village"}
_INSTITUTION_HEADS = frozenset(
    "ministry embassy government agency department council office army police military mission alliance "
    "organisation organization coalition commission directorate administration bureau".split()
)
_SUBUNIT_WORDS = frozenset(
    "political military media cultural commission office bureau council committee wing shura leadership".split()
)
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})  # "U.S. envoy", not "ambassador to Afghanistan"
_NOT_ACTORS = frozenset("islam christianity judaism hinduism buddhism sikhism".split())  # religions tagged ORG
_MAX_NAME_TOKENS = 9
_ORG_WORDS = frozenset("council services service ministry department bank agency office committee".split())


@dataclass
class _Candidate:
    """A cleaned entity span: the text as a label, without "the", "#" or "'s"."""

    span: Span
    start: int
    end: int
    text: str
    label: str
    title: Span | None = None  # title tokens cut off the front of a PERSON span


class EntityIndex:
    """The entities of one article and where they are mentioned."""

    def __init__(self, doc: Doc, *, article: Article, organizations: OrganizationTable, gazetteer: Gazetteer):
        self._doc = doc
        self._article = article
        self._orgs = organizations
        self._gazetteer = gazetteer
        self._records: dict[str, EntityRecord] = {}
        self._mentions: list[tuple[int, int, str]] = []
        self._heads: dict[str, str] = {}  # unnamed actor key -> its head noun, for "the source" anaphora
        self.country: str | None = None  # ISO code of the country the article is mostly about
        self.dominant_group: str | None = None  # key of the article's dominant armed group

    # ------------------------------------------------------------ public API

    def records(self) -> list[EntityRecord]:
        """Every entity, mentioned ones in order of first mention, then unmentioned ones (ancestors)."""
        first = {}
        for start, _end, key in self._mentions:
            first.setdefault(key, start)
        return sorted(self._records.values(), key=lambda r: (r.key not in first, first.get(r.key, 0)))

    def entity_at(self, start: int, end: int) -> EntityRecord | None:
        """The entity with a mention overlapping [start, end): the most overlap, then the tightest."""
        best = None
        for m_start, m_end, key in self._mentions:
            if m_start >= end:
                break
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > 0:
                rank = (overlap, -(m_end - m_start))
                if best is None or rank > best[0]:
                    best = (rank, key)
        return self._records[best[1]] if best else None

    def entities_in(self, start: int, end: int) -> list[EntityRecord]:
        """Entities with a mention inside [start, end), in text order, each once."""
        keys = [key for m_start, m_end, key in self._mentions if m_start >= start and m_end <= end]
        return [self._records[key] for key in dict.fromkeys(keys)]

    def add_mention(self, record: EntityRecord, start: int, end: int) -> None:
        """Record that [start, end) mentions ``record`` (e.g. a pronoun resolved to a speaker)."""
        self._records.setdefault(record.key, record)
        record = self._records[record.key]
        if any(m.start == start and m.end == end for m in record.mentions):
            return
        record.mentions.append(Mention(start, end, self._doc.text[start:end]))
        record.mentions.sort(key=lambda m: (m.start, m.end))
        bisect.insort(self._mentions, (start, end, record.key))

    def resolve_actor(self, start: int, end: int) -> EntityRecord:
        """The actor the span denotes: its head entity, an earlier referent, or a new unnamed actor."""
        span = self._doc.char_span(start, end, alignment_mode="expand")
        if span is None or not span.text.strip():
            return self._unnamed(self._doc.text[start:end], start, end, affiliations=[], head="")
        root = span.root
        record = self._record_at(root)
        if record is not None:
            return self._as_actor(record, root, start, end)
        inside = [r for r in self.entities_in(start, end) if "Person" in r.types]
        if inside:
            return inside[-1]
        affiliations = self._affiliations_in(span, governmental=root.lemma_.lower() in ROLE_HEADS)
        referent = self._referent(span, root, affiliations)
        if referent is not None:
            self.add_mention(referent, start, end)
            return referent
        return self._unnamed(span.text, start, end, affiliations=affiliations, head=root.lemma_.lower())

    # ------------------------------------------------------------ records and mentions

    def record(self, key: str, *, types: tuple[str, ...], label: str, **fields: object) -> EntityRecord:
        """The record with ``key``, created on first use; ``types`` are added to an existing one."""
        existing = self._records.get(key)
        if existing is None:
            existing = self._records[key] = EntityRecord(key=key, types=types, label=label, **fields)
        else:
            existing.types = tuple(dict.fromkeys((*existing.types, *types)))
        return existing

    def mention(self, record: EntityRecord, start: int, end: int, *, surface: str | None = None, reason: str = "") -> None:
        """A mention of ``record``; a ``surface`` name other than the label becomes an alias with ``reason``."""
        self.add_mention(record, start, end)
        if surface and reason:
            known = {fold(record.label), *(fold(a) for a in record.aliases)}
            if fold(surface) not in known:
                record.aliases.append(surface)
                record.merge_reasons.append(reason)

    def covered(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._mentions, (start, -1, ""))
        window = self._mentions[max(0, i - 8) : i + 8]
        return any(m_start < end and start < m_end for m_start, m_end, _ in window)

    def org_record(self, org: Organization) -> EntityRecord:
        return self.record(org.key, types=("Organization",), label=org.label)

    def place_record(self, place: Place) -> EntityRecord:
        return self.record(
            place.key,
            types=("Place",),
            label=place.name,
            geonames_id=place.geonames_id,
            lat=place.lat,
            long=place.long,
            place_type=place.place_type,
            located_in=place.located_in,
        )

    def mentions_by_token(self) -> dict[int, str]:
        """Token index -> key of the (tightest) mention covering it."""
        by_token: dict[int, str] = {}
        for start, end, key in sorted(self._mentions, key=lambda m: -(m[1] - m[0])):
            span = self._doc.char_span(start, end, alignment_mode="expand")
            for token in span or ():
                by_token[token.i] = key
        return by_token

    # ------------------------------------------------------------ actors

    def _record_at(self, token: Token) -> EntityRecord | None:
        for start, end, key in self._mentions:
            if start > token.idx:
                break
            if start <= token.idx < end:
                return self._records[key]
        return None

    def _as_actor(self, record: EntityRecord, root: Token, start: int, end: int) -> EntityRecord:
        """A place acting: a country becomes an Organization too, a capital its government."""
        if "Place" not in record.types:
            return record
        if record.place_type == "country":
            record.types = tuple(dict.fromkeys((*record.types, "Organization")))
            return record
        country = self._orgs.country_of_capital(root.text)
        if country is not None and record.place_type == "city":
            government = self.org_record(self._orgs.government_of(country))
            self.mention(government, start, end, surface=clean_label(root.text), reason=_capital_reason(root.text, government))
            return government
        return self._unnamed(self._doc.text[start:end], start, end, affiliations=[record.key], head="")

    def _affiliations_in(self, span: Span, *, governmental: bool) -> list[str]:
        """Organisations and places named in a phrase; a country adjective with a state role means its government."""
        keys = [r.key for r in self.entities_in(span.start_char, span.end_char) if "Person" not in r.types]
        keys = [self._government_for(k) if governmental else k for k in keys]
        for token in span:
            country = self._orgs.country_named(token.text) if token.pos_ in ("ADJ", "PROPN") else None
            if country is not None and governmental and not self.covered(token.idx, token.idx + len(token)):
                keys.append(self.org_record(self._orgs.government_of(country)).key)
        return list(dict.fromkeys(keys))

    def _government_for(self, key: str) -> str:
        record = self._records.get(key)
        if record is None or record.place_type != "country":
            return key
        place = self._gazetteer.get(key)
        country = self._orgs.countries.get(place.country_code) if place and place.country_code else None
        return self.org_record(self._orgs.government_of(country)).key if country else key

    def _referent(self, span: Span, root: Token, affiliations: list[str]) -> EntityRecord | None:
        """An earlier actor the span refers back to: "he", "the spokesman", "the source", "a statement"."""
        before = [key for start, _end, key in self._mentions if start < span.start_char]
        if root.pos_ == "PRON":
            want = "Person" if root.lower_ in ("he", "she", "him", "her") else "Organization"
            return next((self._records[k] for k in reversed(before) if want in self._records[k].types), None)
        if is_statement_noun(root):
            return self._statement_author(span, before)
        noun = antecedent_noun(root)
        if noun is None:
            return None
        for key in reversed(before):
            record = self._records[key]
            heads = {role.split()[-1] for role in record.roles} | {self._heads.get(key, "")}
            if noun in heads and (not affiliations or set(affiliations) & set(record.affiliations)):
                return record
        return None

    def _statement_author(self, span: Span, before: list[str]) -> EntityRecord | None:
        """Who issued "a statement": an organisation named in the phrase, else the last one named before it."""
        for record in self.entities_in(span.start_char, span.end_char):
            if "Organization" in record.types:
                return record
        if any(t.lower_ in GROUP_ANAPHOR_MODIFIERS for t in span) and self.dominant_group:
            return self._records.get(self.dominant_group)
        for key in reversed(before[-12:]):
            record = self._records[key]
            org = self._orgs.get(key)
            if "Organization" in record.types and "Place" not in record.types and not (org and org.kind == MEDIA):
                return record
        return None

    def _unnamed(self, text: str, start: int, end: int, *, affiliations: list[str], head: str) -> EntityRecord:
        label = " ".join(text.split()).strip(" ,;:")
        key = f"unnamed:{self._article.id}:{fold(unnamed_label(label)) or 'source'}"
        record = self.record(key, types=("Actor",), label=label, named=False)
        for affiliation in affiliations:
            if affiliation not in record.affiliations:
                record.affiliations.append(affiliation)
        self._heads[key] = head
        self.add_mention(record, start, end)
        return record


def _capital_reason(surface: str, government: EntityRecord) -> str:
    return f"the capital {clean_label(surface)} acting stands for the {government.label}"


# ---------------------------------------------------------------- building


def build_entity_index(doc: Doc, *, article: Article, gazetteer: Gazetteer) -> EntityIndex:
    """Every actor and place of the article, with mentions, aliases, roles and affiliations."""
    orgs = load_organizations()
    index = EntityIndex(doc, article=article, organizations=orgs, gazetteer=gazetteer)
    candidates = [c for c in (_clean(ent) for ent in doc.ents if ent.label_ in ENTITY_LABELS) if c is not None]
    rest = []
    for candidate in candidates:
        org = orgs.lookup(candidate.text)
        if org is not None:
            index.mention(index.org_record(org), candidate.start, candidate.end, surface=candidate.text,
                          reason=f"alias of {org.label} in the organisation table")
        else:
            rest.append(candidate)
    index.dominant_group = _dominant_group(index, orgs)
    _group_anaphors(index, doc)
    linker = _Linker(gazetteer, rest)
    orgs_left, persons = [], []
    for candidate in rest:
        if candidate.label in ("GPE", "LOC", "FAC"):
            _add_place(index, candidate, linker.place(candidate))
        elif candidate.label == "NORP":
            _add_group(index, candidate, linker)
        elif candidate.label == "ORG" and not _add_org_as_place(index, candidate, linker):
            orgs_left.append(candidate)
        elif candidate.label == "PERSON" and not _add_person_as_place(index, candidate, linker, candidates):
            persons.append(candidate)
    index.country = _main_country(index, rest)
    for candidate in orgs_left:
        _add_org(index, candidate)
    _add_persons(index, persons)
    _institution_anaphors(index, doc)
    _add_roles(index, persons, linker)
    for record in list(index._records.values()):
        if "Place" in record.types and not record.key.startswith("place:name:"):
            for ancestor in gazetteer.ancestors(record.key):
                index.place_record(ancestor)
    return index


def _clean(ent: Span) -> _Candidate | None:
    """The entity without "the", "#", "'s", line breaks and titles; None for what is no entity at all."""
    doc = ent.doc
    start, end = ent.start, ent.end
    end = next((i for i in range(start, end) if doc[i].is_space or "\n" in doc[i].text), end)
    if end + 4 <= len(doc) and _particle_compound(doc[end - 1 : end + 4]):
        end += 4  # "Qala" + "-i-Naw", "Nad" + "-e-Ali": spaCy cuts names joined by a particle
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].lower_ == "the" or doc[start].text in ("#", "@")):
        start += 1
    if start >= end:
        return None
    span = doc[start:end]
    title = None
    if ent.label_ == "PERSON":
        count = leading_title_length(span)
        if count:
            title, span = span[:count], span[count:]
    start_char, end_char = span.start_char + (1 if span.text[:1] in "#@" else 0), span.end_char
    if ent.label_ == "PERSON":
        end_char = glued_auxiliary_end(span) or end_char
    text = clean_label(doc.text[start_char:end_char])
    if not any(t.text[:1].isupper() for t in span) or not any(ch.isalpha() for ch in text) or " / " in text:
        return None
    if fold(text) in PLATFORMS or fold(text) in _NOT_ACTORS or all(is_role_word(t) for t in span if not t.is_punct):
        return None
    if len(span) > _MAX_NAME_TOKENS:  # a headline tagged as one organisation
        return None
    if ent.label_ == "PERSON" and _headline_words(span):
        return None
    return _Candidate(span, start_char, end_char, text, ent.label_, title)


def _particle_compound(tokens: Span) -> bool:
    """ "Qala" "-" "i" "-" "Naw": a name, a hyphen, a short lower-case particle, a hyphen, a name."""
    if len(tokens) < 5 or any(t.whitespace_ for t in tokens[:4]):
        return False
    dash, particle, dash2, name = tokens[1], tokens[2], tokens[3], tokens[4]
    return dash.text == dash2.text == "-" and particle.is_lower and len(particle) <= 3 and name.text[:1].isalpha()


def _headline_words(span: Span) -> bool:
    """A "name" made of verbs and common words in a title-case line ("Take Credit", "Stay Informed")."""
    line_start = span.doc.text.rfind("\n", 0, span.start_char) + 1
    line_end = span.doc.text.find("\n", span.end_char)
    line = span.doc.text[line_start : line_end if line_end >= 0 else len(span.doc.text)]
    words = [w for w in line.split() if w[:1].isalpha()]
    headline = bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words) and not line.rstrip().endswith(".")
    return headline and span[0].tag_.startswith("VB")


def _dominant_group(index: EntityIndex, orgs: OrganizationTable) -> str | None:
    """The armed group the article is about: the most mentioned, at least twice any other."""
    counts = Counter()
    for record in index._records.values():
        org = orgs.get(record.key)
        if org is not None and org.kind == ARMED_GROUP:
            counts[record.key] = len(record.mentions)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _group_anaphors(index: EntityIndex, doc: Doc) -> None:
    """ "the movement", "the insurgents", "the Islamist group" -> the dominant armed group named before."""
    if index.dominant_group is None:
        return
    group = index._records[index.dominant_group]
    first = group.mentions[0].start
    for token in doc:
        if token.lower_ not in GROUP_ANAPHOR_HEADS or token.pos_ not in ("NOUN", "PROPN") or token.idx < first:
            continue
        left = [c for c in token.children if c.i < token.i]
        if not left or left[0].lower_ != "the" or left[0].dep_ != "det":
            continue
        if any(c.lower_ not in GROUP_ANAPHOR_MODIFIERS for c in left[1:]) or any(
            c.dep_ == "prep" and c.lower_ == "of" for c in token.children
        ):
            continue
        start, end = left[0].idx, token.idx + len(token)
        if not index.covered(start, end):
            index.mention(group, start, end)


class _Linker:
    """Gazetteer linking with the text's type hints and the article's other places as context.

    A first pass links each place alone; the second links each again with the
    places the other names gave ("Faizabad" beside "Badakhshan" is the Afghan
    town), never with its own first guess, which would only confirm itself.
    """

    def __init__(self, gazetteer: Gazetteer, candidates: list[_Candidate]):
        self._gazetteer = gazetteer
        places = [c for c in candidates if c.label in ("GPE", "LOC", "FAC")]
        first = [(fold(c.text), c.label, self._alone(c)) for c in candidates]
        # Names spaCy did not tag as places count only when they name an area ("Jawzjan" as PERSON).
        self._first = [
            (text, place) for text, label, place in first
            if place is not None and (label in ("GPE", "LOC", "FAC") or place.place_type in ("country", "province"))
        ]
        self.context = list({p.key: p for _, p in self._first}.values())
        self._linked = {id(c): self.link(c.text, hint=_hint(c)) for c in places}

    def _alone(self, candidate: _Candidate) -> Place | None:
        label, hint = _descriptor(candidate.text, _hint(candidate))
        return self._gazetteer.link(label, type_hint=hint)

    def place(self, candidate: _Candidate) -> Place | None:
        return self._linked.get(id(candidate))

    def link(self, text: str, *, hint: str | None = None) -> Place | None:
        own = fold(text)
        context = list({p.key: p for t, p in self._first if t != own}.values())
        label, hint = _descriptor(text, hint)
        return self._gazetteer.link(label, type_hint=hint, context=context)


def _descriptor(text: str, hint: str | None) -> tuple[str, str | None]:
    """ "Jawzjan Province" -> ("Jawzjan", "province"), "city of Herat" -> ("Herat", "city"); else unchanged."""
    words = text.split()
    if len(words) > 1 and words[-1].lower().rstrip("s") in _PLACE_WORDS:
        return " ".join(words[:-1]), hint or _PLACE_WORDS[words[-1].lower().rstrip("s")]
    if len(words) > 2 and words[1].lower() == "of" and words[0].lower() in _PLACE_WORDS:
        return " ".join(words[2:]), hint or _PLACE_WORDS[words[0].lower()]
    return text, hint


def _hint(candidate: _Candidate) -> str | None:
    """What the text calls the place: "Jawzjan Province", "Kunduz city", "the city of X", "its capital Zaranj"."""
    span, doc = candidate.span, candidate.span.doc
    last = span[-1].lower_
    if last in _PLACE_WORDS or last.rstrip("s") in _PLACE_WORDS:
        return _PLACE_WORDS[last.rstrip("s") if last not in _PLACE_WORDS else last]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in _PLACE_WORDS:
        return _PLACE_WORDS[after]
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    if len(before) == 2 and before[1] == "of" and before[0] in _PLACE_WORDS:
        return _PLACE_WORDS[before[0]]
    if before and before[-1] == "capital":
        return "city"
    if any(c.dep_ == "appos" and c.lemma_ == "capital" for c in span.root.children):
        return "city"
    return None


def _main_country(index: EntityIndex, candidates: list[_Candidate]) -> str | None:
    """The country the article is mostly about: places mentioned (by their country) and nationality adjectives."""
    counts: Counter[str] = Counter()
    for record in index._records.values():
        place = index._gazetteer.get(record.key) if "Place" in record.types else None
        if place is not None and place.country_code:
            counts[place.country_code] += len(record.mentions)
    for candidate in candidates:
        country = index._orgs.country_named(candidate.text) if candidate.label == "NORP" else None
        if country is not None:
            counts[country.code] += 1
    return counts.most_common(1)[0][0] if counts else None


def _add_place(index: EntityIndex, candidate: _Candidate, place: Place | None) -> None:
    orgs = index._orgs
    if place is None:
        record = index.record(f"place:name:{name_key(candidate.text)}", types=("Place",), label=candidate.text,
                              place_type=_hint(candidate))
        index.mention(record, candidate.start, candidate.end)
        return
    country = orgs.country_of_capital(candidate.text)
    if acting(candidate.span.root) and (place.place_type == "country" or (country and place.place_type == "city")):
        if place.place_type == "country":
            record = index.place_record(place)
            record.types = tuple(dict.fromkeys((*record.types, "Organization")))
        else:
            government = index.org_record(orgs.government_of(country))
            index.mention(government, candidate.start, candidate.end, surface=candidate.text,
                          reason=_capital_reason(candidate.text, government))
            return
    index.mention(index.place_record(place), candidate.start, candidate.end, surface=candidate.text,
                  reason=f"linked by the gazetteer to {place.name} ({place.key})")


def _add_org_as_place(index: EntityIndex, candidate: _Candidate, linker: _Linker) -> bool:
    """An ORG that is a place ("KABUL" in a dateline, "Kalai Nao"): linked, and no institution or office word."""
    words = set(fold(candidate.text).split())
    if words & _ORG_WORDS or index._orgs.institution(candidate.text, country="AF") is not None:
        return False
    place = linker.link(candidate.text, hint=_hint(candidate))
    if place is None:
        return False
    _add_place(index, candidate, place)
    return True


def _add_org(index: EntityIndex, candidate: _Candidate) -> None:
    """A national institution, a sub-unit of an organisation, an acronym given in brackets, or a new name."""
    orgs = index._orgs
    country = _modifier_country(index, candidate) or index.country
    host = orgs.countries[index.country].capital.lower() if index.country in orgs.countries else None
    org = orgs.institution(candidate.text, country=country, host=host)
    if org is not None:
        index.mention(index.org_record(org), candidate.start, candidate.end, surface=candidate.text,
                      reason=f"national institution: {candidate.text} is the {org.label}")
        return
    parent = _possessor(index, candidate)
    if parent is not None and set(fold(candidate.text).split()) <= _SUBUNIT_WORDS:
        label = f"{parent.label} {candidate.text}"
        org = orgs.lookup(label) or Organization(f"org:name:{name_key(label)}", label, "other")
        record = index.org_record(org)
        if parent.key not in record.affiliations and parent.key != record.key:
            record.affiliations.append(parent.key)
        index.mention(record, candidate.start, candidate.end, surface=candidate.text,
                      reason=f"the {candidate.text} of {parent.label}")
        return
    expanded = _expanded_acronym(index, candidate)
    if expanded is not None:
        index.mention(expanded, candidate.start, candidate.end, surface=candidate.text,
                      reason=f"acronym given for {expanded.label}, same article")
        return
    record = index.record(f"org:name:{name_key(candidate.text)}", types=("Organization",), label=candidate.text)
    index.mention(record, candidate.start, candidate.end, surface=candidate.text, reason="same name, same article")


def _expanded_acronym(index: EntityIndex, candidate: _Candidate) -> EntityRecord | None:
    """ "Da Afghanistan Bank (DAB)": an all-capital name in brackets right after an organisation."""
    doc, start = candidate.span.doc, candidate.span.start
    if not candidate.text.isupper() or start < 2 or doc[start - 1].text != "(":
        return None
    record = index._record_at(doc[start - 2])
    return record if record is not None and "Organization" in record.types else None


def _modifier_country(index: EntityIndex, candidate: _Candidate) -> str | None:
    """The country just before a bare institution: "Afghanistan's Interior Ministry", "Afghan Defense Department"."""
    doc = candidate.span.doc
    position = candidate.span.start - 1
    if position >= 0 and doc[position].tag_ == "POS":
        position -= 1
    if position < 0:
        return None
    country = index._orgs.country_named(doc[position].text)
    return country.code if country else None


def _possessor(index: EntityIndex, candidate: _Candidate) -> EntityRecord | None:
    """The organisation owning a sub-unit: "the movement's Political Office" -> the Taliban."""
    for child in candidate.span.root.children:
        if child.dep_ == "poss":
            record = index._record_at(child)
            if record is not None and "Organization" in record.types:
                return record
    return None


def _add_group(index: EntityIndex, candidate: _Candidate, linker: _Linker) -> None:
    """NORP: a people ("Afghans") is a collective actor; an adjective ("Afghan") is no entity."""
    orgs = index._orgs
    if index.covered(candidate.start, candidate.end) or orgs.country_named(candidate.text):
        return
    country = orgs.country_of_group(candidate.text)
    if country is not None:
        record = index.record(f"org:people:{country.slug}", types=("Actor",), label=country.groups[0])
    elif candidate.span.root.tag_ in ("NNS", "NNPS") and candidate.span.root.dep_ not in ("amod", "compound"):
        record = index.record(f"org:people:{name_key(candidate.text)}", types=("Actor",), label=candidate.text)
    else:
        place = linker.link(candidate.text, hint=_hint(candidate))
        if place is not None:
            _add_place(index, candidate, place)
        return
    index.mention(record, candidate.start, candidate.end, surface=candidate.text, reason="the same people")


def _add_person_as_place(index: EntityIndex, candidate: _Candidate, linker: _Linker, candidates: list[_Candidate]) -> bool:
    """A PERSON that is a place ("#Cheberghan", "Lashkar Gah"): linked, no word of another person's name, no speaker."""
    if candidate.title is not None or acting(candidate.span.root):
        return False
    own = fold(candidate.text)
    words = set(own.split())
    name_words = {w for c in candidates if c.label == "PERSON" and len(c.span) > 1 and fold(c.text) != own
                  for w in fold(c.text).split()}
    if words & name_words:
        return False
    place = linker.link(candidate.text, hint=_hint(candidate))
    if place is None or (place.place_type == "village" and not any(
            p.country_code == place.country_code for p in linker.context)):
        return False
    _add_place(index, candidate, place)
    return True


def _add_persons(index: EntityIndex, persons: list[_Candidate]) -> None:
    identities = cluster_person_names([c.text for c in persons])
    for candidate in persons:
        identity = identities[candidate.text]
        record = index.record(identity.key, types=("Person",), label=identity.label)
        index.mention(record, candidate.start, candidate.end, surface=candidate.text, reason=identity.reason or "")


def _institution_anaphors(index: EntityIndex, doc: Doc) -> None:
    """ "the ministry", "the embassy" -> the organisation of that kind named most recently before."""
    for token in doc:
        if token.lower_ not in _INSTITUTION_HEADS or token.pos_ != "NOUN":
            continue
        left = [c for c in token.children if c.i < token.i]
        if len(left) != 1 or left[0].lower_ != "the" or any(c.lower_ == "of" for c in token.children):
            continue
        start, end = left[0].idx, token.idx + len(token)
        if index.covered(start, end):
            continue
        earlier = [key for m_start, _e, key in index._mentions if m_start < start]
        for key in reversed(earlier):
            record = index._records[key]
            if "Organization" in record.types and _label_head(record.label) == token.lemma_.lower():
                index.mention(record, start, end)
                break


def _label_head(label: str) -> str:
    words = fold(label).split()
    for link in ("of", "in", "for"):
        if link in words[1:]:
            words = words[: words.index(link, 1)]
    return words[-1] if words else ""


def _add_roles(index: EntityIndex, persons: list[_Candidate], linker: _Linker) -> None:
    """Roles and affiliations from each person's noun phrase and appositions."""
    by_token = index.mentions_by_token()
    for candidate in persons:
        record = index.entity_at(candidate.start, candidate.end)
        if record is None or "Person" not in record.types:
            continue
        own = {t.i for t in candidate.span}
        phrases = role_phrases(candidate.span, in_entity=lambda i: i in by_token and i not in own)
        if candidate.title is not None:
            words = [t.lower_.rstrip(".") for t in candidate.title if is_role_word(t)]
            if words:
                _add_role(record, " ".join(words))
        for phrase in phrases:
            _add_role(record, phrase.role)
            governmental = role_is_governmental(phrase.role)
            for key in _context_affiliations(index, phrase.context, by_token, own, linker, governmental=governmental):
                if key not in record.affiliations and key != record.key:
                    record.affiliations.append(key)


def _add_role(record: EntityRecord, role: str) -> None:
    if role and role not in record.roles:
        record.roles.append(role)


def _context_affiliations(
    index: EntityIndex, tokens: tuple[int, ...], by_token: dict[int, str], own: set[int], linker: _Linker,
    *, governmental: bool,
) -> list[str]:
    """Whom a role is for: organisations and places in its phrase; a country means its government."""
    doc, orgs = index._doc, index._orgs
    keys: list[str] = []
    run: list[Token] = []
    for i in (*tokens, -1):
        token = doc[i] if i >= 0 else None
        if token is not None and i not in by_token and i not in own and token.pos_ == "PROPN" and not is_role_word(token):
            run.append(token)
            continue
        if run:  # an untagged proper noun before a role: "Jawzjan Deputy Governor"
            span = doc[run[0].i : run[-1].i + 1]
            place = linker.link(span.text)
            if place is not None and place.place_type != "country":
                index.mention(index.place_record(place), span.start_char, span.end_char, surface=span.text,
                              reason=f"linked by the gazetteer to {place.name} ({place.key})")
                keys.append(place.key)
            run = []
        if token is None or i in own:
            continue
        key = by_token.get(i)
        record = index._records.get(key) if key else None
        if record is not None and "Person" not in record.types:
            if record.place_type == "country":
                if governmental and token.dep_ in _MODIFIER_DEPS:
                    keys.append(index._government_for(record.key))
            else:
                keys.append(record.key)
        elif record is None and governmental and token.dep_ in _MODIFIER_DEPS:
            country = orgs.country_named(token.text)
            if country is not None:
                keys.append(index.org_record(orgs.government_of(country)).key)
    return list(dict.fromkeys(keys))
