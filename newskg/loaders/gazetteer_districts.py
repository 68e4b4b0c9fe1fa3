"""Districts the shipped data lacks or names in a way news does not: a curated table and composite names.

GeoNames' Afghan districts are the 398 of the 2005 list, so districts created
since (Marjah, split from Nad Ali in 2010) are missing, and some renamed ones
are known to GeoNames by a name whose consonant skeleton the news spelling
does not share (Sar Rowzah / Sar Hawza). ``data/districts.tsv`` adds them, each
with its source; an added district has no GeoNames id (none is made up) and is
keyed by its province's ISO code and its name.

A district named "A wa B" ("A and B": Shigal wa Sheltan) joins two valleys or
areas, and news names either one alone ("in Shigal"); spaCy also splits the
name at "wa". So each part becomes an alternate name of the district, unless
the part is some other place's name or a part of two districts.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newskg.loaders.gazetteer_data import Entry, Place, quick_fold
from newskg.names import name_key

__all__ = ["CuratedDistrict", "complete_districts", "composite_parts", "read_curated_districts"]

DISTRICTS_TSV = Path(__file__).resolve().parent / "data" / "districts.tsv"

# An added district ranks like a district of the data with few recorded towns (see gazetteer_data).
_ADDED_IMPORTANCE = 4.3
_COMPOSITE = re.compile(r"\s+(?:wa|va|o|aw)\s+", re.IGNORECASE)
_MIN_PART_SKELETON = 3  # consonants a part needs to stand alone as a name


@dataclass(frozen=True)
class CuratedDistrict:
    """One row of ``data/districts.tsv``."""

    province: str  # ISO 3166-2 code, e.g. "AF-HEL"
    kind: str  # "district" (missing from the data) or "alias" (more names of the data's district)
    name: str
    aliases: tuple[str, ...]
    source: str


def read_curated_districts(path: Path = DISTRICTS_TSV) -> list[CuratedDistrict]:
    """The rows of the curated table; a malformed row fails loudly, since a silent skip hides a place."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != 5 or row[1] not in ("district", "alias") or not row[2] or not row[4]:
                raise ValueError(f"{path}:{number}: expected province, district|alias, name, aliases, source")
            province, kind, name, aliases, source = row
            rows.append(CuratedDistrict(province, kind, name, tuple(a for a in aliases.split("|") if a), source))
    return rows


def complete_districts(entries: Iterable[Entry], *, curated: Iterable[CuratedDistrict] | None = None) -> list[Entry]:
    """``entries`` with the curated districts and aliases added and the parts of composite district names."""
    entries = list(entries)
    rows = read_curated_districts() if curated is None else list(curated)
    provinces = {e.place.iso_code: e.place for e in entries if e.place.place_type == "province" and e.place.iso_code}
    added = []
    for row in rows:
        province = provinces.get(row.province)
        if province is None:
            raise ValueError(f"districts.tsv: no province {row.province!r} in the gazetteer's data")
        if row.kind == "district":
            added.append(_added_district(row, province))
            continue
        index = _district_index(entries, row, province)
        entries[index] = _with_names(entries[index], row.aliases)
    entries.extend(added)
    return composite_parts(entries)


def composite_parts(entries: list[Entry]) -> list[Entry]:
    """Each part of an "A wa B" district becomes its alternate name, if no other place or district uses it."""
    detail = [e for e in entries if e.detail]
    taken = Counter(key for e in detail for key in set(e.keys))
    parts_of: dict[int, list[str]] = {}
    for i, entry in enumerate(entries):
        if entry.place.place_type == "district" and _COMPOSITE.search(entry.place.name):
            parts = [p.strip(" -") for p in _COMPOSITE.split(entry.place.name)]
            parts_of[i] = [p for p in parts if len(name_key(p)) >= _MIN_PART_SKELETON]
    used = Counter(quick_fold(p).replace(" ", "") for parts in parts_of.values() for p in parts)
    out = list(entries)
    for i, parts in parts_of.items():
        alone = [p for p in parts if used[_compact(p)] == 1 and not taken[_compact(p)]]
        if alone:
            out[i] = _with_names(entries[i], alone)
    return out


def _compact(name: str) -> str:
    return quick_fold(name).replace(" ", "")


def _district_index(entries: list[Entry], row: CuratedDistrict, province: Place) -> int:
    wanted = _compact(row.name)
    for i, entry in enumerate(entries):
        place = entry.place
        if place.place_type == "district" and place.located_in == province.key and _compact(place.name) == wanted:
            return i
    raise ValueError(f"districts.tsv: no district {row.name!r} in {row.province} to add aliases to")


def _added_district(row: CuratedDistrict, province: Place) -> Entry:
    slug = "-".join(quick_fold(row.name).split())
    names = _unique_names([row.name, *row.aliases])
    return Entry(
        Place(
            key=f"place:district:{row.province.lower()}:{slug}",
            name=names[0],
            place_type="district",
            geonames_id=None,
            lat=None,
            long=None,
            country_code=province.country_code,
            located_in=province.key,
            alt_names=tuple(names[1:]),
        ),
        importance=_ADDED_IMPORTANCE,
        detail=True,
        population=0,
        capital=False,
        keys=tuple(_compact(n) for n in names),
    )


def _with_names(entry: Entry, names: Iterable[str]) -> Entry:
    """The entry with more alternate names (repeats of a folded form dropped) and their index keys."""
    new = [n for n in _unique_names(names) if _compact(n) not in entry.keys]
    if not new:
        return entry
    place = dataclasses.replace(entry.place, alt_names=(*entry.place.alt_names, *new))
    return dataclasses.replace(entry, place=place, keys=(*entry.keys, *(_compact(n) for n in new)))


def _unique_names(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        name = " ".join(name.split())
        if name and _compact(name) and _compact(name) not in seen:
            seen.add(_compact(name))
            out.append(name)
    return out
