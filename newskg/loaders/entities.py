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
from operator import attrgetter

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newskg.loaders import entity_rules as rules
from newskg.loaders.article import Article
from newskg.loaders.doc_text import text_of, tokens_of
from newskg.loaders.entity_rules import PLACE_WORDS, Candidate, string_ids
from newskg.loaders.gazetteer import Gazetteer, Place
from newskg.loaders.organizations import (
    GROUP_ANAPHOR_MODIFIERS,
    MEDIA,
    PLATFORMS,
    Organization,
    OrganizationTable,
    load_organizations,
)
from newskg.loaders.persons import (
    ROLE_HEADS,
    antecedent_noun,
    glued_auxiliary_end,
    is_role_word,
    is_statement_noun,
    leading_title_length,
    unnamed_label,
)
from newskg.loaders.records import EntityRecord, Mention, keys_within
from newskg.names import clean_label, fold

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_NOT_ACTORS = frozenset("islam christianity judaism hinduism buddhism sikhism".split())  # religions tagged ORG
_MAX_NAME_TOKENS = 9
_AYN = frozenset("‘ʿ'’`")  # the ayn of transliterations: "Pul-e ‘Alam", "Nad ‘Ali"
# Words spaCy leaves at the end of a name: "Ghazni Saturday", "Afghan National Security and".
_TRAILERS = frozenset(
    "and or of in on at for monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "overnight".split()
)


_position = attrgetter("start", "end")  # a mention's place in text order


class EntityIndex:
    """The entities of one article and where they are mentioned.

    The public API is the shared contract (``records``, ``entity_at``,
    ``entities_in``, ``resolve_actor``, ``add_mention``); ``by_key``, ``spans``
    (sorted (start, end, key) mentions), ``doc``, ``orgs``, ``gazetteer``,
    ``country`` and ``dominant_group`` are what the build rules read and write.
    """

    def __init__(self, doc: Doc, *, article: Article, organizations: OrganizationTable, gazetteer: Gazetteer):
        self.doc = doc
        self._article = article
        self.orgs = organizations
        self.gazetteer = gazetteer
        self.by_key: dict[str, EntityRecord] = {}
        self.spans: list[tuple[int, int, str]] = []
        self._heads: dict[str, str] = {}  # unnamed actor key -> its head noun, for "the source" anaphora
        self.country: str | None = None  # ISO code of the country the article is mostly about
        self.dominant_group: str | None = None  # key of the article's dominant armed group

    # ------------------------------------------------------------ public API

    def records(self) -> list[EntityRecord]:
        """Every entity, mentioned ones in order of first mention, then unmentioned ones (ancestors)."""
        first = {}
        for start, _end, key in self.spans:
            first.setdefault(key, start)
        return sorted(self.by_key.values(), key=lambda r: (r.key not in first, first.get(r.key, 0)))

    def entity_at(self, start: int, end: int) -> EntityRecord | None:
        """The entity with a mention overlapping [start, end): the most overlap, then the tightest."""
        best = None
        for m_start, m_end, key in self.spans:
            if m_start >= end:
                break
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > 0:
                rank = (overlap, -(m_end - m_start))
                if best is None or rank > best[0]:
                    best = (rank, key)
        return self.by_key[best[1]] if best else None

    def entities_in(self, start: int, end: int) -> list[EntityRecord]:
        """Entities with a mention inside [start, end), in text order, each once."""
        return [self.by_key[key] for key in keys_within(self.spans, start, end)]

    def add_mention(self, record: EntityRecord, start: int, end: int) -> None:
        """Record that [start, end) mentions ``record`` (e.g. a pronoun resolved to a speaker)."""
        if end <= start:
            return
        self.by_key.setdefault(record.key, record)
        record = self.by_key[record.key]
        # A record's mentions are in text order (only this method adds them): the new one is looked for
        # and put in its place by bisection, where a scan and a sort of the whole list per mention cost
        # a record named thirty times in an article some 450 calls of the sort key.
        mentions = record.mentions
        i = bisect.bisect_left(mentions, (start, end), key=_position)
        if i < len(mentions) and mentions[i].start == start and mentions[i].end == end:
            return
        mentions.insert(i, Mention(start, end, text_of(self.doc)[start:end]))
        bisect.insort(self.spans, (start, end, record.key))

    def resolve_actor(self, start: int, end: int) -> EntityRecord:
        """The actor the span denotes: its head entity, an earlier referent, or a new unnamed actor."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not _text(span).strip():
            return self._unnamed(text_of(self.doc)[start:end], start, end, affiliations=[], head="")
        root = span.root
        record = self.record_at(root) or self._apposed(root) or self._trailing_name(span) or self._named(span)
        if record is not None:
            return self._as_actor(record, root, start, end)
        affiliations = self._affiliations_in(span, governmental=root.lemma_.lower() in ROLE_HEADS)
        referent = self._referent(span, root, affiliations)
        if referent is not None:
            self.add_mention(referent, start, end)
            return referent
        return self._unnamed(_text(span), start, end, affiliations=affiliations, head=root.lemma_.lower())

    # ------------------------------------------------------------ records and mentions

    def record(self, key: str, *, types: tuple[str, ...], label: str, **fields: object) -> EntityRecord:
        """The record with ``key``, created on first use; ``types`` are added to an existing one."""
        existing = self.by_key.get(key)
        if existing is None:
            existing = self.by_key[key] = EntityRecord(key=key, types=types, label=label, **fields)
        elif any(kind not in existing.types for kind in types):  # most calls repeat a known record's type
            existing.types = tuple(dict.fromkeys((*existing.types, *types)))
        return existing

    def mention(self, record: EntityRecord, start: int, end: int, *, surface: str | None = None, reason: str = "") -> None:
        """A mention of ``record``; a ``surface`` name other than the label becomes an alias with ``reason``."""
        self.add_mention(record, start, end)
        if surface and reason:
            folded = fold(surface)
            if folded != fold(record.label) and all(folded != fold(alias) for alias in record.aliases):
                record.aliases.append(surface)
                record.merge_reasons.append(reason)

    def covered(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (start, -1, ""))
        window = self.spans[max(0, i - 8) : i + 8]
        return any(m_start < end and start < m_end for m_start, m_end, _ in window)

    def org_record(self, org: Organization) -> EntityRecord:
        return self.record(org.key, types=("Organization",), label=org.label)

    def place_record(self, place: Place) -> EntityRecord:
        existing = self.by_key.get(place.key)
        if existing is not None and "Place" in existing.types:
            return existing  # what ``record`` gives, without gathering the place's fields for nothing
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
        for start, end, key in sorted(self.spans, key=lambda m: -(m[1] - m[0])):
            span = self.doc.char_span(start, end, alignment_mode="expand")
            # the span's indices, not its tokens: iterating would make a Token per index only to read
            # its index (31 -> 28 ms over the 729 benchmark articles)
            for i in range(span.start, span.end) if span is not None else ():
                by_token[i] = key
        return by_token

    # ------------------------------------------------------------ actors

    def record_at(self, token: Token) -> EntityRecord | None:
        for start, end, key in self.spans:
            if start > token.idx:
                break
            if start <= token.idx < end:
                return self.by_key[key]
        return None

    def _as_actor(self, record: EntityRecord, root: Token, start: int, end: int) -> EntityRecord:
        """A place acting: a country becomes an Organization too, a capital its government."""
        if "Place" not in record.types:
            return record
        if record.place_type == "country":
            record.types = tuple(dict.fromkeys((*record.types, "Organization")))
            return record
        country = self.orgs.country_of_capital(root.text)
        if country is not None and record.place_type == "city":
            government = self.org_record(self.orgs.government_of(country))
            self.mention(government, start, end, surface=clean_label(root.text), reason=rules.capital_reason(root.text, government))
            return government
        return self._unnamed(text_of(self.doc)[start:end], start, end, affiliations=[record.key], head="")

    def _apposed(self, root: Token) -> EntityRecord | None:
        """ "the Russian news agency Interfax": a named actor in apposition to the phrase's head."""
        for child in root.children:
            record = self.record_at(child) if child.dep_ == "appos" else None
            if record is not None and ({"Person", "Organization"} & set(record.types)):
                return record
        return None

    def _trailing_name(self, span: Span) -> EntityRecord | None:
        """ "the Russian news agency Interfax" parsed without apposition: a description ending in a name."""
        record = self.record_at(span[-1])
        if record is None or not ({"Person", "Organization"} & set(record.types)):
            return None
        mention = next(m for m in record.mentions if m.start <= span[-1].idx < m.end)
        before = [t for t in span if t.idx < mention.start]
        return record if all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN") for t in before) else None

    def _named(self, span: Span) -> EntityRecord | None:
        """A claimant phrase that repeats a name of the article or of the organisation table."""
        text = _text(span)
        folded = fold(clean_label(text))
        for record in self.by_key.values():
            if record.named and "Place" not in record.types:
                if folded == fold(record.label) or any(folded == fold(alias) for alias in record.aliases):
                    return record
        org = self.orgs.lookup(text)
        return self.org_record(org) if org is not None else None

    def _affiliations_in(self, span: Span, *, governmental: bool) -> list[str]:
        """Organisations and places a phrase says its head belongs to; a country with a state role means its government.

        A place counts as a modifier or after "of/for/from" ("Takhar officials",
        "a resident of Kalai Nao"), not as a location ("a delegation in Moscow").
        """
        keys: list[str] = []
        first, last = span.start_char, span.end_char
        for start, end, key in self.spans[bisect.bisect_left(self.spans, (first,)) :]:  # the mentions from the span on
            if start > last:
                break
            record = self.by_key[key]
            if end > last or "Person" in record.types:
                continue
            mention = self.doc.char_span(start, end, alignment_mode="expand")
            if mention is None or ("Place" in record.types and not rules.belongs(mention.root)):
                continue
            keys.append(self.government_for(key) if governmental else key)
        for token in span if governmental else ():  # a country in the phrase means its government, for a state role
            country = self.orgs.country_named(token.text) if token.dep_ in rules.MODIFIER_DEPS else None
            if country is not None and not self.covered(token.idx, token.idx + len(token)):
                keys.append(self.org_record(self.orgs.government_of(country)).key)
        return list(dict.fromkeys(keys))

    def government_for(self, key: str) -> str:
        record = self.by_key.get(key)
        if record is None or record.place_type != "country":
            return key
        place = self.gazetteer.get(key)
        country = self.orgs.countries.get(place.country_code) if place and place.country_code else None
        return self.org_record(self.orgs.government_of(country)).key if country else key

    def _referent(self, span: Span, root: Token, affiliations: list[str]) -> EntityRecord | None:
        """An earlier actor the span refers back to: "he", "the spokesman", "the source", "a statement"."""
        before = [key for _start, _end, key in self.spans[: bisect.bisect_left(self.spans, (span.start_char,))]]
        if root.pos_ == "PRON":
            want = "Person" if root.lower_ in ("he", "she", "him", "her") else "Organization"
            return next((self.by_key[k] for k in reversed(before) if want in self.by_key[k].types), None)
        if is_statement_noun(root):
            return self._statement_author(span, before)
        noun = antecedent_noun(root)
        if noun is None:
            return None
        for key in reversed(before):
            record = self.by_key[key]
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
            return self.by_key.get(self.dominant_group)
        for key in reversed(before[-12:]):
            record = self.by_key[key]
            org = self.orgs.get(key)
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


def _text(span: Span) -> str:
    """``span.text``, sliced from the document's kept text: spaCy joins the span's tokens anew on each read."""
    return text_of(span.doc)[span.start_char : span.end_char]


# ---------------------------------------------------------------- building


def build_entity_index(doc: Doc, *, article: Article, gazetteer: Gazetteer) -> EntityIndex:
    """Every actor and place of the article, with mentions, aliases, roles and affiliations."""
    orgs = load_organizations()
    index = EntityIndex(doc, article=article, organizations=orgs, gazetteer=gazetteer)
    tokens, text = tokens_of(doc), text_of(doc)
    candidates = [c for ent in doc.ents if (label := ent.label_) in ENTITY_LABELS for c in _clean(ent, label, tokens, text)]
    rest = []
    for candidate in candidates:
        org = orgs.lookup(candidate.text) or _modifier_org(candidate, orgs)
        for head in candidate.shared_heads if org is None else ():
            org = org or orgs.lookup(f"{candidate.text} {head}")
        if org is not None:
            index.mention(index.org_record(org), candidate.start, candidate.end, surface=candidate.text,
                          reason=f"alias of {org.label} in the organisation table")
        else:
            rest.append(candidate)
    index.dominant_group = rules.dominant_group(index, orgs)
    words = rules.WordPositions(tokens)
    rules.group_anaphors(index, doc, words)
    linker = rules.Linker(gazetteer, rest)
    rest = rules.split_division_names(index, doc, linker, rest, words)
    orgs_left, persons = [], []
    for candidate in rest:
        if candidate.label in ("GPE", "LOC", "FAC"):
            rules.add_place(index, candidate, linker.place(candidate))
        elif candidate.label == "NORP":
            rules.add_group(index, candidate, linker)
        elif candidate.label == "ORG" and not rules.add_org_as_place(index, candidate, linker):
            # "The targeted leader, Rostum, directed ...": a name spaCy tagged ORG beside a person's role
            (persons if rules.apposed_to_a_role(candidate) else orgs_left).append(candidate)
        elif candidate.label == "PERSON" and not rules.add_person_as_place(index, candidate, linker, candidates):
            persons.append(candidate)
    index.country = rules.main_country(index, rest)
    for candidate in orgs_left:
        rules.add_org(index, candidate)
    rules.untagged_areas(index, doc, linker, words)
    rules.untagged_divisions(index, doc, linker, words)
    rules.add_persons(index, persons)
    rules.institution_anaphors(index, doc, words)
    rules.add_roles(index, persons, linker)
    rules.place_anaphors(index, doc, words)
    for record in list(index.by_key.values()):
        if "Place" in record.types and not record.key.startswith("place:name:"):
            for ancestor in gazetteer.ancestors(record.key):
                index.place_record(ancestor)
    return index


def _clean(ent: Span, label: str, tokens: list[Token], text: str) -> list[Candidate]:
    """The entity without "the", "#", "'s", line breaks and titles; none for what is no entity at all.

    "Sangin/Helmand" (district/province, as datelines write them) gives two places.
    ``label`` is ``ent.label_``, ``tokens`` and ``text`` the document's (``tokens_of``, ``text_of``).
    """
    candidate = _cleaned(ent, label, tokens, text)
    if candidate is None or "/" not in candidate.text or " " in candidate.text or label == "ORG":
        return [candidate] if candidate is not None else []
    parts, position = [], candidate.start
    for part in candidate.text.split("/"):
        if part[:1].isupper():
            parts.append(Candidate(candidate.span, position, position + len(part), part, "GPE"))
        position += len(part) + 1
    return parts


_LEADING_WORDS = frozenset(("the", "a", "an", *PLATFORMS))


_TRAILER_IDS = string_ids(_TRAILERS)
_LEADING_IDS = string_ids(_LEADING_WORDS)
_PLATFORM_IDS = string_ids(PLATFORMS)
_PLACE_WORD_IDS = string_ids(PLACE_WORDS)
_AYN_IDS = string_ids(_AYN)
_MARK_IDS = string_ids(("#", "@"))
_HYPHEN_ID = get_string_id("-")
_POS_TAG_ID = get_string_id("POS")


def _cleaned(ent: Span, label: str, tokens: list[Token], text: str) -> Candidate | None:
    # Every entity of every article passes here (7,500 over the 729-article benchmark), and this was
    # a quarter of build_entity_index: the trimming reads the token list by index (``doc[i]`` makes a
    # new Token, ``doc[a:b]`` a new Span, each time), and the one Span kept is the entity's own or is
    # made at the end. The words are compared by id (``string_ids``) and first letters read in ``text``
    # at the token's offset: the strings ``token.lower_``, ``.tag_`` and ``.text`` would each be looked
    # up and made anew (with the fast paths below, about 130 -> 65 ms CPU over the 7,500 entities).
    doc = ent.doc
    start, end = ent.start, ent.end
    newline = text.find("\n", tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1])) >= 0  # in a token, if anywhere
    for i in range(start, end):
        if tokens[i].is_space or (newline and "\n" in tokens[i].text):
            end = i
            break
    start, end = _particle_joined(tokens, start, end)
    while end > start:  # "Ghazni Saturday", "Afghan National Security and"
        last = tokens[end - 1]
        if last.tag != _POS_TAG_ID and not last.is_punct and last.lower not in _TRAILER_IDS:
            break
        end -= 1
    shared = _shared_heads(tokens, end) if label == "ORG" else ()
    while start < end and (tokens[start].lower in _LEADING_IDS or tokens[start].orth in _MARK_IDS):
        start += 1  # articles, hashtags, and a platform glued to a name ("Twitter Fawad Aman")
    while end > start + 1 and tokens[end - 1].lower in _PLATFORM_IDS:
        end -= 1
    if start >= end:
        return None
    title = span = None  # a person's title and glued "has" are read on its Span; other names get theirs at the end
    if label == "PERSON":
        span = Span(doc, start, end)  # ``doc[start:end]``, without normalising the slice
        count = leading_title_length(span)
        if count:
            title, span = span[:count], span[count:]
            start += count
    if end - start > _MAX_NAME_TOKENS:  # a headline tagged as one organisation
        return None
    first, last = tokens[start], tokens[end - 1]
    start_char, end_char = first.idx + (1 if text[first.idx] in "#@" else 0), last.idx + len(last)
    if label == "PERSON":
        end_char = glued_auxiliary_end(span) or end_char
    words = tokens[start:end]
    name = clean_label(text[start_char:end_char])
    # Each test first asks the first word (or letter), which settles it for nearly every name:
    # a generator per test was a third of the time here.
    capitalised = text[first.idx].isupper() or any(text[t.idx].isupper() for t in words)
    if not capitalised or not (name[:1].isalpha() or any(ch.isalpha() for ch in name)) or " / " in name:
        return None
    folded = fold(name)
    if folded in PLATFORMS or folded in _NOT_ACTORS:
        return None
    if (first.is_punct or is_role_word(first)) and all(is_role_word(t) for t in words if not t.is_punct):
        return None
    if label == "PERSON" and "/" not in name and _headline_words(span):
        return None
    if span is None:  # the entity's own Span when nothing was trimmed: a new one reads three Tokens
        span = ent if start == ent.start and end == ent.end else Span(doc, start, end)
    return Candidate(span, start_char, end_char, name, label, title, shared)


def _modifier_org(candidate: Candidate, orgs: OrganizationTable) -> Organization | None:
    """ "a Haqqani leader", "Haqqani fighters": a modifier-only alias before a common noun."""
    org = orgs.lookup_modifier(candidate.text)
    if org is None:  # nearly every name: the parse need not be read
        return None
    root = candidate.span.root
    while root.dep_ == "conj" and root.head.i < root.i:  # "Taliban and Haqqani leaders"
        root = root.head
    if root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ == "NOUN" and root.head.is_lower:
        return org
    return None


def _particle_joined(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    """Widen a span over the parts of a place name spaCy cuts off.

    Persian particle joins ("Qala-i-Naw", "Nad-e Ali", "Pul-e 'Alam"), an ayn
    mark glued to the name ("'Ali"), and, before "district"/"province"/...,
    capitalised words of the same name ("Now Zad district", "Nad 'Ali district").
    """
    before_place_word = end < len(tokens) and tokens[end].lower in _PLACE_WORD_IDS
    while True:
        if start >= 1 and tokens[start - 1].orth in _AYN_IDS and not tokens[start - 1].whitespace_:
            start -= 1
        elif start >= 3 and _particle_at(tokens, start - 3) and tokens[start - 1].whitespace_:
            start -= 3
        elif start >= 4 and tokens[start - 1].orth == _HYPHEN_ID and _particle_at(tokens, start - 4):
            start -= 4
        elif before_place_word and start >= 1 and _name_word(tokens[start - 1]):
            start -= 1
        else:
            break
    if end + 3 <= len(tokens) and _particle_at(tokens, end - 1) and tokens[end + 1].whitespace_:
        end += 3 if tokens[end + 2].text[:1].isupper() else 0
    elif end + 4 <= len(tokens) and _particle_at(tokens, end - 1) and tokens[end + 2].orth == _HYPHEN_ID:
        end += 4 if tokens[end + 3].text[:1].isupper() else 0
    return start, end


def _name_word(token: Token) -> bool:
    """An untagged capitalised word inside a sentence that can be part of a name ("Now" in "Now Zad")."""
    return (
        token.text[:1].isupper()
        and not token.is_sent_start
        and token.ent_iob_ == "O"
        and token.pos_ not in ("ADP", "DET", "PRON", "CCONJ", "PUNCT", "NUM", "AUX")
    )


def _shared_heads(tokens: list[Token], end: int) -> tuple[str, ...]:
    """Nouns a name may share with its conjunct: "Afghan National Security and coalition force" -> "force"."""
    if end >= len(tokens) or tokens[end].lower_ not in ("and", "or"):
        return ()
    return tuple(t.text for t in tokens[end + 1 : end + 6] if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "conj")


def _particle_at(tokens: list[Token], i: int) -> bool:
    """``tokens[i:i + 3]`` are a capitalised name, a hyphen and a short lower-case particle, with no
    space before the particle. The hyphen is tested first (by id, see ``string_ids``): most places have none."""
    name, dash, particle = tokens[i], tokens[i + 1], tokens[i + 2]
    return (dash.orth == _HYPHEN_ID and not name.whitespace_ and not dash.whitespace_ and name.text[:1].isupper()
            and particle.is_lower and len(particle) <= 3)


def _headline_words(span: Span) -> bool:
    """A "name" made of verbs and common words in a title-case line ("Take Credit", "Stay Informed")."""
    if not span[0].tag_.startswith("VB"):  # most names: the line need not be read
        return False
    line_start = text_of(span.doc).rfind("\n", 0, span.start_char) + 1
    line_end = text_of(span.doc).find("\n", span.end_char)
    line = text_of(span.doc)[line_start : line_end if line_end >= 0 else len(text_of(span.doc))]
    words = [w for w in line.split() if w[:1].isalpha()]
    headline = bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words) and not line.rstrip().endswith(".")
    return headline
