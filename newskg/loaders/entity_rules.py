"""The rules ``build_entity_index`` applies, one small function per kind of evidence.

Split from ``entities`` (the index and its API) to keep both readable: place
linking with hints and context, spaCy labels corrected by the gazetteer,
organisations beyond the table (institutions, sub-units, acronyms), peoples,
anaphora to the dominant armed group and to institutions, and the roles and
affiliations read off a person's noun phrase.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newskg.loaders.doc_text import text_of, tokens_of
from newskg.loaders.gazetteer import Gazetteer, Place
from newskg.loaders.organizations import (
    ARMED_GROUP,
    GROUP_ANAPHOR_HEADS,
    GROUP_ANAPHOR_MODIFIERS,
    Organization,
    OrganizationTable,
    acting,
)
from newskg.loaders.persons import (
    ROLE_HEADS,
    cluster_person_names,
    is_role_word,
    role_is_governmental,
    role_phrases,
)
from newskg.loaders.records import EntityRecord
from newskg.names import clean_label, fold, name_key

if TYPE_CHECKING:
    from newskg.loaders.entities import EntityIndex

PLACE_WORDS = {"province": "province", "district": "district", "city": "city", "town": "city", "village": "village"}
_PARENT_TYPE = {"village": "district", "district": "province", "city": "province", "province": "country"}
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})  # "U.S. envoy", not "ambassador to Afghanistan"
_INSTITUTION_HEADS = frozenset(
    "ministry embassy government agency department council office army police military mission alliance "
    "organisation organization coalition commission directorate administration bureau".split()
)
_SUBUNIT_WORDS = frozenset(
    "political military media cultural commission office bureau council committee wing shura leadership".split()
)
_ORG_WORDS = frozenset("council services service ministry department bank agency office committee".split())
# The words that say a district or a province follows its name (every such word PLACE_WORDS knows).
_DIVISION_WORDS = tuple(word for word, kind in PLACE_WORDS.items() if kind in ("district", "province"))
_AREA_PREPOSITIONS = ("in", "of", "from")


def string_ids(strings: Iterable[str]) -> frozenset[int]:
    """The string-store ids of ``strings``, to compare with ``token.lower``, ``.orth``, ``.tag``, ``.dep``, ``.lemma``.

    Those are ints; ``token.lower_``, ``.text``, ``.tag_`` and the others look the string up in
    the string store on each read. ``get_string_id`` gives the id spaCy stores (a symbol's own id
    for the strings spaCy has symbols for, such as the tag "POS" and the label "appos"), so
    comparing ids is comparing the strings.
    """
    return frozenset(get_string_id(string) for string in strings)


_PLACE_WORD_IDS = string_ids(PLACE_WORDS)
_OF_ID = get_string_id("of")
_CAPITAL_ID = get_string_id("capital")
_APPOS_ID = get_string_id("appos")


class WordPositions:
    """Where the words the token rules start from stand in one document, found in one pass.

    Six rules look for a few words each ("district", "the movement", "the ministry", "in
    Logar"), and each reading every token's ``lower_`` to find them was a quarter of
    ``build_entity_index`` (0.3 s of 1.1 s CPU over the 729 benchmark articles); one pass
    for all of them, and each rule visits only the tokens it wants. The pass compares the
    id ``token.lower`` (``string_ids``) rather than the string ``token.lower_``, which spaCy looks
    up in its string store on each read: 12 ms rather than 25 ms for the 729 articles.
    """

    _SOUGHT = {
        get_string_id(word): word
        for word in (*PLACE_WORDS, *GROUP_ANAPHOR_HEADS, *_INSTITUTION_HEADS, *_AREA_PREPOSITIONS)
    }

    _SOUGHT_WORDS = frozenset(_SOUGHT.values())

    def __init__(self, tokens: list[Token]):
        self._at: dict[str, list[int]] = {}
        sought = self._SOUGHT
        for i, token in enumerate(tokens):
            word = sought.get(token.lower)
            if word is not None:
                self._at.setdefault(word, []).append(i)

    def of(self, words: Iterable[str]) -> list[int]:
        """The token indices of any of ``words`` (lower-cased, among the sought ones), in text order.

        A word the pass does not look for raises: it would otherwise be found nowhere, silently.
        """
        words = tuple(words)
        if not self._SOUGHT_WORDS.issuperset(words):  # one test, no set made, on the usual path
            unsought = set(words).difference(self._SOUGHT_WORDS)
            raise ValueError(f"WordPositions does not look for {sorted(unsought)}: add them to _SOUGHT")
        at = self._at
        found = [i for word in words if word in at for i in at[word]]
        found.sort()
        return found


@dataclass
class Candidate:
    """A cleaned entity span: the text as a label, without "the", "#" or "'s"."""

    span: Span  # the tokens; spaCy's entity Span itself when cleaning kept all of them (it carries the label)
    start: int
    end: int
    text: str
    label: str
    title: Span | None = None  # title tokens cut off the front of a PERSON span
    shared_heads: tuple[str, ...] = ()  # nouns after "and" it may share: "Afghan National Security and coalition force"

    @cached_property
    def hint(self) -> str | None:
        """What the text calls the place: "Jawzjan Province", "Kunduz city", "the city of X", "its capital
        Zaranj". Read by the linker and several rules, so found once; words compared by id (``string_ids``)."""
        span = self.span
        word = place_word(self)
        if word is not None:
            return word
        if span.start > 0 and tokens_of(span.doc)[span.start - 1].lower == _CAPITAL_ID:
            return "city"
        if any(c.dep == _APPOS_ID and c.lemma == _CAPITAL_ID for c in span.root.children):
            return "city"
        return None


def belongs(token: Token) -> bool:
    """Whether a name in a phrase says whom the head belongs to: a modifier, or the object of "of/for/from"."""
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ in MODIFIER_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in ("of", "for", "from")


def capital_reason(surface: str, government: EntityRecord) -> str:
    return f"the capital {clean_label(surface)} acting stands for the {government.label}"


def dominant_group(index: EntityIndex, orgs: OrganizationTable) -> str | None:
    """The armed group the article is about: the most mentioned, at least twice any other."""
    counts = Counter()
    for record in index.by_key.values():
        org = orgs.get(record.key)
        if org is not None and org.kind == ARMED_GROUP:
            counts[record.key] = len(record.mentions)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def group_anaphors(index: EntityIndex, doc: Doc, words: WordPositions) -> None:
    """ "the movement", "the insurgents", "the Islamist group" -> the dominant armed group named before."""
    if index.dominant_group is None:
        return
    group = index.by_key[index.dominant_group]
    first = group.mentions[0].start
    tokens = tokens_of(doc)
    for i in words.of(GROUP_ANAPHOR_HEADS):
        token = tokens[i]
        if token.pos_ not in ("NOUN", "PROPN") or token.idx < first:
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


class Linker:
    """Gazetteer linking with the text's type hints and the article's other places as context.

    A first pass links each place alone; the second links each again with the
    places the other names gave ("Faizabad" beside "Badakhshan" is the Afghan
    town), never with its own first guess, which would only confirm itself.
    """

    def __init__(self, gazetteer: Gazetteer, candidates: list[Candidate]):
        self.gazetteer = gazetteer
        places = [c for c in candidates if c.label in ("GPE", "LOC", "FAC")]
        first = [(fold(c.text), c.label, self._alone(c)) for c in candidates]
        # Names spaCy did not tag as places count only when they name an area ("Jawzjan" as PERSON).
        self._first = [
            (text, place) for text, label, place in first
            if place is not None and (label in ("GPE", "LOC", "FAC") or place.place_type in ("country", "province"))
        ]
        self.context = list({p.key: p for _, p in self._first}.values())
        self._first_texts = {text for text, _ in self._first}
        self._linked = {id(c): self.link(c.text, hint=c.hint, areas_alone=True) for c in places}
        self._one_sense(places)

    def _one_sense(self, places: list[Candidate]) -> None:
        """One place per name in an article: where the text once said "the capital Kabul" or "Kunduz
        city", the name's other, unhinted mentions are that place too, not the province by default."""
        hinted: dict[str, Place] = {}
        for candidate in places:
            place = self._linked.get(id(candidate))
            if place is not None and candidate.hint is not None:
                hinted.setdefault(fold(candidate.text), place)
        for candidate in places:
            if candidate.hint is None and fold(candidate.text) in hinted and self._linked.get(id(candidate)):
                self._linked[id(candidate)] = hinted[fold(candidate.text)]

    def _alone(self, candidate: Candidate) -> Place | None:
        label, hint = _descriptor(candidate.text, candidate.hint)
        return self.gazetteer.link(label, type_hint=hint)

    def place(self, candidate: Candidate) -> Place | None:
        return self._linked.get(id(candidate))

    def link(self, text: str, *, hint: str | None = None, areas_alone: bool = False) -> Place | None:
        """The place ``text`` names in this article's context.

        With ``areas_alone``, a province or country that links on its own name
        is kept even if the context vetoes it: a province is never "elsewhere".
        """
        own = fold(text)
        if own in self._first_texts:  # without its own first guess
            context = list({p.key: p for t, p in self._first if t != own}.values())
        else:  # a name that gave none has the whole context, made once
            context = self.context
        label, hint = _descriptor(text, hint)
        place = self.gazetteer.link(label, type_hint=hint, context=context)
        if place is None and areas_alone and context:
            alone = self.gazetteer.link(label, type_hint=hint)
            place = alone if alone is not None and alone.place_type in ("province", "country", "region") else None
        return place


def _descriptor(text: str, hint: str | None) -> tuple[str, str | None]:
    """ "Jawzjan Province" -> ("Jawzjan", "province"), "city of Herat" -> ("Herat", "city"); else unchanged."""
    words = text.split()
    if len(words) > 1 and words[-1].lower().rstrip("s") in PLACE_WORDS:
        return " ".join(words[:-1]), hint or PLACE_WORDS[words[-1].lower().rstrip("s")]
    if len(words) > 2 and words[1].lower() == "of" and words[0].lower() in PLACE_WORDS:
        return " ".join(words[2:]), hint or PLACE_WORDS[words[0].lower()]
    return text, hint


def place_word(candidate: Candidate) -> str | None:
    """The place type a word beside the name states: "Jawzjan Province", "Maiwand district", "the village of X"."""
    # Asked of every entity (5,800 times over the 729 benchmark articles): the document's token
    # list is indexed, where ``span[-1]``, ``doc[i]`` and ``doc[a:b]`` each make new objects; the
    # words around the name are compared by id (``string_ids``), their strings read only on a match.
    span = candidate.span
    tokens, start, end = tokens_of(span.doc), span.start, span.end
    last = tokens[end - 1].lower_
    if last in PLACE_WORDS or last.rstrip("s") in PLACE_WORDS:
        return PLACE_WORDS[last if last in PLACE_WORDS else last.rstrip("s")]
    if end < len(tokens) and tokens[end].lower in _PLACE_WORD_IDS:
        return PLACE_WORDS[tokens[end].lower_]
    if start >= 2 and tokens[start - 1].lower == _OF_ID and tokens[start - 2].lower in _PLACE_WORD_IDS:
        kind = PLACE_WORDS[tokens[start - 2].lower_]
        name = tokens[start - 3] if start >= 3 else None
        named = name is not None and name.pos_ == "PROPN" and name.ent_type_ != "NORP"
        return _PARENT_TYPE.get(kind) if named else kind  # "the Charkh district of Logar": Logar is the province
    return None


def mention_place(index: EntityIndex, place: Place, start: int, end: int, surface: str) -> None:
    """A mention of a place the gazetteer linked, with the one reason every such link gives.

    A merge record is one node across articles (its IRI is the entity and the
    label), so two wordings of the reason would give that node two reasons.
    """
    index.mention(index.place_record(place), start, end, surface=surface,
                  reason=f"linked by the gazetteer to {place.name} ({place.key})")


# Lower-case parts of transliterated names: "Qal' eh ye Zal", "Chahar Bolak-e Sofla".
_NAME_PARTICLES = {"e", "i", "ye", "eh", "'", "’", "-", "‐"}
_NAME_PARTICLE_IDS = string_ids(_NAME_PARTICLES)
_NAME_POS_IDS = string_ids(("PROPN", "NOUN", "ADJ"))


def split_division_names(
    index: EntityIndex, doc: Doc, linker: Linker, candidates: list[Candidate], words: WordPositions
) -> list[Candidate]:
    """District and province names spaCy cut in pieces ("Chahar" as a place, "Darah" as a person).

    The word after the name says which kind of place it is, so the longest run
    of name words before "district" or "province" that the gazetteer knows as
    that kind is the place, and the pieces inside it are no entities of their
    own. Returns the candidates left.
    """
    dropped: set[int] = set()
    tokens, text = tokens_of(doc), text_of(doc)
    for i in words.of(_DIVISION_WORDS):
        token = tokens[i]
        hint = PLACE_WORDS[token.lower_]
        if token.i < 2:
            continue
        start = token.i
        while start > 0 and token.i - start < 6 and _name_part(tokens[start - 1]):
            start -= 1
        last = tokens[token.i - 1]
        end_char = last.idx + len(last)
        for first in range(start, token.i - 1):  # two words at least, the longest first
            # the name's offsets and text read off the token list and the text, not off a Span made for each
            start_char = tokens[first].idx
            if not text[start_char].isupper():
                continue
            pieces = [c for c in candidates if c.start < end_char and start_char < c.end]
            if any(c.start <= start_char and end_char <= c.end for c in pieces) or any(
                c.start < start_char for c in pieces
            ):
                break  # one entity already names it (or it is part of a longer one): the usual path
            name = text[start_char:end_char]
            place = linker.link(name, hint=hint)
            if place is not None and place.place_type == hint and place.country_code:
                mention_place(index, place, start_char, end_char, name)
                dropped.update(id(c) for c in pieces)
                break
    return [c for c in candidates if id(c) not in dropped]


def _name_part(token: Token) -> bool:
    if token.lower in _NAME_PARTICLE_IDS:
        return True
    return token.pos in _NAME_POS_IDS and token.text[:1].isupper()


def untagged_divisions(index: EntityIndex, doc: Doc, linker: Linker, words: WordPositions) -> None:
    """Districts and provinces spaCy left untagged ("in Musa Qal'ah district", "Muhammad Aghah district").

    The word after the name says which kind of place it is, so the capitalised
    words right before "district" or "province" are looked up as that kind; a
    name the gazetteer does not know stays unlinked.
    """
    tokens = tokens_of(doc)
    for i in words.of(_DIVISION_WORDS):
        token = tokens[i]
        hint = PLACE_WORDS[token.lower_]
        if token.i == 0:
            continue
        start = end = token.i
        while start > 0 and end - start < 4 and _untagged_name_word(tokens[start - 1]):
            start -= 1
        while start < end and not tokens[start].text[:1].isupper():
            start += 1
        if start == end:
            continue
        span = doc[start:end]
        if index.covered(span.start_char, span.end_char):
            continue
        place = linker.link(span.text, hint=hint)
        if place is not None and place.place_type in (hint, "city", "village") and place.country_code:
            mention_place(index, place, span.start_char, span.end_char, span.text)


def _untagged_name_word(token: Token) -> bool:
    capitalised = token.is_title or token.text[:1].isupper()
    return token.ent_iob_ == "O" and capitalised and token.pos_ in ("PROPN", "NOUN", "PUNCT", "ADJ")


def untagged_areas(index: EntityIndex, doc: Doc, linker: Linker, words: WordPositions) -> None:
    """Provinces and countries spaCy left untagged ("In Logar last night"): a capitalised name after in/of/from."""
    tokens = tokens_of(doc)
    for i in words.of(_AREA_PREPOSITIONS):
        token = tokens[i + 1] if i + 1 < len(tokens) else None
        if token is None or token.ent_iob_ != "O" or not token.is_title or token.pos_ != "PROPN":
            continue
        if index.covered(token.idx, token.idx + len(token)):
            continue
        end = token.i + 1
        while end < len(tokens) and tokens[end].is_title and tokens[end].pos_ == "PROPN" and tokens[end].ent_iob_ == "O":
            end += 1
        span = doc[token.i : end]
        hint = PLACE_WORDS.get(tokens[end].lower_) if end < len(tokens) else None
        place = linker.link(span.text, hint=hint)
        if place is not None and place.place_type in ("province", "country"):
            mention_place(index, place, span.start_char, span.end_char, span.text)


def main_country(index: EntityIndex, candidates: list[Candidate]) -> str | None:
    """The country the article is mostly about: places mentioned (by their country) and nationality adjectives."""
    counts: Counter[str] = Counter()
    for record in index.by_key.values():
        place = index.gazetteer.get(record.key) if "Place" in record.types else None
        if place is not None and place.country_code:
            counts[place.country_code] += len(record.mentions)
    for candidate in candidates:
        country = index.orgs.country_named(candidate.text) if candidate.label == "NORP" else None
        if country is not None:
            counts[country.code] += 1
    return counts.most_common(1)[0][0] if counts else None


def add_place(index: EntityIndex, candidate: Candidate, place: Place | None) -> None:
    orgs = index.orgs
    if place is None:
        # Unlinked places are one node across articles, so their type cannot depend on one article's wording.
        record = index.record(f"place:name:{name_key(candidate.text)}", types=("Place",), label=candidate.text,
                              place_type="other")
        index.mention(record, candidate.start, candidate.end)
        return
    country = orgs.country_of_capital(candidate.text)
    # the parse is read only for a country or a capital, the places that can act
    if (place.place_type == "country" or (country and place.place_type == "city")) and acting(candidate.span.root):
        if place.place_type == "country":
            record = index.place_record(place)
            record.types = tuple(dict.fromkeys((*record.types, "Organization")))
        else:
            government = index.org_record(orgs.government_of(country))
            index.mention(government, candidate.start, candidate.end, surface=candidate.text,
                          reason=capital_reason(candidate.text, government))
            return
    mention_place(index, place, candidate.start, candidate.end, candidate.text)


def add_org_as_place(index: EntityIndex, candidate: Candidate, linker: Linker) -> bool:
    """An ORG that is a place ("KABUL" in a dateline, "Kalai Nao"): linked, and no institution or office word."""
    words = set(fold(candidate.text).split())
    if words & _ORG_WORDS or index.orgs.institution(candidate.text, country="AF") is not None:
        return False
    place = linker.link(candidate.text, hint=candidate.hint)
    if place is None and place_word(candidate) is None:
        return False
    add_place(index, candidate, place)
    return True


def add_org(index: EntityIndex, candidate: Candidate) -> None:
    """A national institution, a sub-unit of an organisation, an acronym given in brackets, or a new name."""
    orgs = index.orgs
    country = _modifier_country(index, candidate) or index.country
    host = orgs.countries[index.country].capital.lower() if index.country in orgs.countries else None
    org = orgs.institution(candidate.text, country=country, host=host)
    if org is not None:
        index.mention(index.org_record(org), candidate.start, candidate.end, surface=candidate.text,
                      reason=f"national institution: {candidate.text} is the {org.label}")
        return
    if _coordinated(index, candidate):
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


def _coordinated(index: EntityIndex, candidate: Candidate) -> bool:
    """ "Afghan National Security and International Security Assistance Forces": two bodies sharing a head noun."""
    left, sep, right = candidate.text.partition(" and ")
    if not sep or not right:
        return False
    first = index.orgs.lookup(f"{left} {right.split()[-1]}")
    second = index.orgs.lookup(right)
    if first is None or second is None:
        return False
    for org, start, end in ((first, candidate.start, candidate.start + len(left)), (second, candidate.end - len(right), candidate.end)):
        index.mention(index.org_record(org), start, end, surface=text_of(index.doc)[start:end],
                      reason=f"{text_of(index.doc)[start:end]} ... {right.split()[-1]}: the {org.label}")
    return True


def _expanded_acronym(index: EntityIndex, candidate: Candidate) -> EntityRecord | None:
    """ "Da Afghanistan Bank (DAB)": an all-capital name in brackets right after an organisation."""
    doc, start = candidate.span.doc, candidate.span.start
    if not candidate.text.isupper() or start < 2 or doc[start - 1].text != "(":
        return None
    record = index.record_at(doc[start - 2])
    return record if record is not None and "Organization" in record.types else None


def _modifier_country(index: EntityIndex, candidate: Candidate) -> str | None:
    """The country just before a bare institution: "Afghanistan's Interior Ministry", "Afghan Defense Department"."""
    doc = candidate.span.doc
    position = candidate.span.start - 1
    if position >= 0 and doc[position].tag_ == "POS":
        position -= 1
    if position < 0:
        return None
    country = index.orgs.country_named(doc[position].text)
    return country.code if country else None


def _possessor(index: EntityIndex, candidate: Candidate) -> EntityRecord | None:
    """The organisation owning a sub-unit: "the movement's Political Office" -> the Taliban."""
    for child in candidate.span.root.children:
        if child.dep_ == "poss":
            record = index.record_at(child)
            if record is not None and "Organization" in record.types:
                return record
    return None


def add_group(index: EntityIndex, candidate: Candidate, linker: Linker) -> None:
    """NORP: a people ("Afghans") is a collective actor; an adjective ("Afghan") is no entity."""
    orgs = index.orgs
    if index.covered(candidate.start, candidate.end) or orgs.country_named(candidate.text):
        return
    country = orgs.country_of_group(candidate.text)
    if country is not None:
        record = index.record(f"org:people:{country.slug}", types=("Actor",), label=country.groups[0])
    elif candidate.span.root.tag_ in ("NNS", "NNPS") and candidate.span.root.dep_ not in ("amod", "compound"):
        record = index.record(f"org:people:{name_key(candidate.text)}", types=("Actor",), label=candidate.text)
    else:
        place = linker.link(candidate.text, hint=candidate.hint)
        if place is not None or place_word(candidate) is not None:
            add_place(index, candidate, place)
        return
    index.mention(record, candidate.start, candidate.end, surface=candidate.text, reason="the same people")


def add_person_as_place(index: EntityIndex, candidate: Candidate, linker: Linker, candidates: list[Candidate]) -> bool:
    """A PERSON that is a place ("#Cheberghan", "Lashkar Gah"): linked, no word of another person's name, no speaker."""
    if candidate.title is not None or acting(candidate.span.root):
        return False
    if place_word(candidate) is not None:  # "the village of Mogkol Khel", "Shah Wali Kot district"
        add_place(index, candidate, linker.link(candidate.text, hint=candidate.hint))
        return True
    own = fold(candidate.text)
    words = set(own.split())
    name_words = {w for c in candidates if c.label == "PERSON" and len(c.span) > 1 and fold(c.text) != own
                  for w in fold(c.text).split()}
    if words & name_words:
        return False
    place = linker.link(candidate.text, hint=candidate.hint)
    if place is None or (place.place_type == "village" and not any(
            p.country_code == place.country_code for p in linker.context)):
        return False
    add_place(index, candidate, place)
    return True


def apposed_to_a_role(candidate: Candidate) -> bool:
    """A bare proper name in apposition with a person's role ("the targeted leader, Rostum") names a person."""
    if not all(t.pos_ == "PROPN" for t in candidate.span):
        return False
    root = candidate.span.root
    text = text_of(root.doc)
    roles = [root.head] if root.dep_ == "appos" else []
    roles += [c for c in root.children if c.dep_ == "appos"]
    return any(
        role.pos_ == "NOUN" and role.lemma_.lower() in ROLE_HEADS
        and "\n" not in text[min(role.idx, root.idx):max(role.idx, root.idx)]  # not a dateline parsed into the lead
        for role in roles
    )


def add_persons(index: EntityIndex, persons: list[Candidate]) -> None:
    identities = cluster_person_names([c.text for c in persons])
    for candidate in persons:
        identity = identities[candidate.text]
        record = index.record(identity.key, types=("Person",), label=identity.label)
        index.mention(record, candidate.start, candidate.end, surface=candidate.text, reason=identity.reason or "")


def institution_anaphors(index: EntityIndex, doc: Doc, words: WordPositions) -> None:
    """ "the ministry", "the embassy" -> the organisation of that kind named most recently before."""
    tokens = tokens_of(doc)
    for i in words.of(_INSTITUTION_HEADS):
        token = tokens[i]
        if token.pos_ != "NOUN":
            continue
        left = [c for c in token.children if c.i < token.i]
        if len(left) != 1 or left[0].lower_ != "the" or any(c.lower_ == "of" for c in token.children):
            continue
        start, end = left[0].idx, token.idx + len(token)
        if index.covered(start, end):
            continue
        earlier = [key for m_start, _e, key in index.spans if m_start < start]
        for key in reversed(earlier):
            record = index.by_key[key]
            if "Organization" in record.types and _label_head(record.label) == token.lemma_.lower():
                index.mention(record, start, end)
                break


def _label_head(label: str) -> str:
    words = fold(label).split()
    for link in ("of", "in", "for"):
        if link in words[1:]:
            words = words[: words.index(link, 1)]
    return words[-1] if words else ""


def add_roles(index: EntityIndex, persons: list[Candidate], linker: Linker) -> None:
    """Roles and affiliations from each person's noun phrase and appositions."""
    if not persons:  # most articles name nobody: the token map (a char_span per mention) would go unread
        return
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
    index: EntityIndex, tokens: tuple[int, ...], by_token: dict[int, str], own: set[int], linker: Linker,
    *, governmental: bool,
) -> list[str]:
    """Whom a role is for: organisations and places in its phrase; a country means its government."""
    doc, orgs = index.doc, index.orgs
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
                mention_place(index, place, span.start_char, span.end_char, span.text)
                keys.append(place.key)
            run = []
        if token is None or i in own:
            continue
        key = by_token.get(i)
        record = index.by_key.get(key) if key else None
        if record is not None and "Person" not in record.types:
            if record.place_type == "country":
                if governmental and token.dep_ in MODIFIER_DEPS:
                    keys.append(index.government_for(record.key))
            elif "Place" not in record.types or belongs(token):
                keys.append(record.key)
        elif record is None and governmental and token.dep_ in MODIFIER_DEPS:
            country = orgs.country_named(token.text)
            if country is not None:
                keys.append(index.org_record(orgs.government_of(country)).key)
    return list(dict.fromkeys(keys))


# A settlement's GeoNames class says little of its size (Qala i Naw, a provincial capital, is a
# populated place like any village), so "the city" or "the town" may be either; "the village" may not.
_ANAPHOR_KINDS = {
    "city": frozenset({"city", "village"}), "village": frozenset({"village"}),
    "district": frozenset({"district"}), "province": frozenset({"province"}),
}


def place_anaphors(index: EntityIndex, doc: Doc, words: WordPositions) -> None:
    """ "the city", "the province", "the district" -> the place of that kind the article named last.

    News refers back to the place a story is about with a bare noun ("fighting in
    the city", "attacks throughout the province"), and without this the claims
    and events of those sentences are about nowhere, or about whatever other
    place the sentence happens to name. Only a linked place of the same kind
    before the phrase is taken, and in an article about one country only a place
    of that country ("From London, ..." between the city and "the city" is not
    what the writer means).
    A phrase that names its place itself ("the city of Herat", "the city
    Kunduz") is left to the name.
    """
    tokens = tokens_of(doc)
    for i in words.of(PLACE_WORDS):
        token = tokens[i]
        kind = PLACE_WORDS[token.lower_]
        if token.pos_ != "NOUN" or token.tag_ != "NN":
            continue
        start = _definite_start(token)
        if start is None:
            continue
        end = token.idx + len(token)
        if index.covered(start, end):
            continue
        antecedent = _last_place_of_kind(index, start, kind)
        if antecedent is not None:
            index.mention(antecedent, start, end)


def _definite_start(token: Token) -> int | None:
    """Where "the [adjectives] city" starts, if ``token`` is such a bare definite place noun; else None.

    As a modifier ("the city jail") the noun shares its head's "the", and the mention is the noun alone.
    """
    if any(c.dep_ in ("appos", "compound", "nummod", "poss") or c.pos_ == "PROPN"
           or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children):
        return None
    left = [c for c in token.children if c.i < token.i]
    if left:
        bare = all(c.dep_ == "amod" for c in left[1:])  # "the northern city", "the besieged city"
        return left[0].idx if left[0].lower_ == "the" and left[0].dep_ == "det" and bare else None
    previous = token.doc[token.i - 1] if token.i else None
    if token.dep_ == "compound" and previous is not None and previous.lower_ == "the" and previous.head.i == token.head.i:
        return token.idx
    return None


def _last_place_of_kind(index: EntityIndex, before: int, kind: str) -> EntityRecord | None:
    """The latest linked place of ``kind`` mentioned before ``before``, in the article's country when it has one."""
    spans = index.spans
    for _start, _end, key in reversed(spans[: bisect.bisect_left(spans, (before, -1, ""))]):
        record = index.by_key[key]
        if record.place_type not in _ANAPHOR_KINDS[kind] or key.startswith("place:name:") or "Place" not in record.types:
            continue
        place = index.gazetteer.get(key)
        if index.country is None or (place is not None and place.country_code == index.country):
            return record
    return None
