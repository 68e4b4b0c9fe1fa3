"""The organisation table, national institutions, the ruler and the country-as-actor rule."""

from __future__ import annotations

import pytest

from newskg.loaders.organizations import acting, load_organizations


@pytest.fixture(scope="module")
def orgs():
    return load_organizations()


@pytest.fixture(scope="module")
def nlp():
    from newskg.loaders.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("Taliban", "org:taliban"),
        ("Taleban", "org:taliban"),
        ("TALIBAN", "org:taliban"),
        ("the Islamic Emirate", "org:taliban"),
        ("Islamic Emirate of Afghanistan", "org:taliban"),
        ("Talibani forces", "org:taliban"),
        ("Taliban's", "org:taliban"),
        ("Pakistani Taliban", "org:ttp"),
        ("Haqqani network", "org:haqqani-network"),
        ("al Qaida", "org:al-qaeda"),
        ("al-Qaeda", "org:al-qaeda"),
        ("AQ", "org:al-qaeda"),
        ("ISIL", "org:islamic-state"),
        ("Daesh", "org:islamic-state"),
        ("ISKP", "org:iskp"),
        ("Islamic State Khorasan Province", "org:iskp"),
        ("IMU", "org:imu"),
        ("Islamic Movement of Uzbekistan", "org:imu"),
        ("HIG", "org:hezb-e-islami"),
        ("Hezb-e-Islami", "org:hezb-e-islami"),
        ("Lashkar-e-Taiba", "org:lashkar-e-taiba"),
        ("Nato", "org:nato"),
        ("ISAF", "org:isaf"),
        ("Resolute Support", "org:resolute-support"),
        ("U.N.", "org:un"),
        ("UNAMA", "org:unama"),
        ("Human Rights Watch", "org:human-rights-watch"),
        ("Amnesty", "org:amnesty-international"),
        ("ICRC", "org:icrc"),
        ("Red Cross", "org:icrc"),
        ("NDS", "org:afghanistan-intelligence"),
        ("ANSF", "org:afghanistan-security-forces"),
        ("ANDSF", "org:afghanistan-security-forces"),
        ("Afghan National Defense and Security Forces", "org:afghanistan-security-forces"),
        ("Pentagon", "org:us-military"),
        ("U.S. government", "org:us-government"),
        ("U.S. Embassy in Kabul", "org:us-embassy-kabul"),
        ("Al-Jazeera", "org:al-jazeera"),
        ("VOA", "org:voa"),
        ("TASS", "org:tass"),
        ("Interfax", "org:interfax"),
        ("AFP", "org:afp"),
        ("Reuters", "org:reuters"),
        ("Associated Press", "org:ap"),
        ("BBC", "org:bbc"),
        ("TOLOnews", "org:tolonews"),
        ("Pajhwok", "org:pajhwok"),
    ],
)
def test_table_alias(orgs, alias, key):
    found = orgs.lookup(alias)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "label",
    ["the movement", "the group", "Haqqani", "Kabul", "Afghan", "government", "Interior Ministry", "Political Office"],
)
def test_not_a_table_alias(orgs, label):
    assert orgs.lookup(label) is None


@pytest.mark.parametrize(
    ("label", "country", "host", "key"),
    [
        ("Afghan Defence Ministry", None, None, "org:afghanistan-ministry-of-defence"),
        ("Afghan Defense Ministry", None, None, "org:afghanistan-ministry-of-defence"),
        ("Ministry of Defense", "AF", None, "org:afghanistan-ministry-of-defence"),
        ("MoD", "AF", None, "org:afghanistan-ministry-of-defence"),
        ("Defense Department", "AF", None, "org:afghanistan-ministry-of-defence"),
        ("Defense Department", "US", None, "org:us-military"),
        ("Ministry of Defence of Afghanistan", None, None, "org:afghanistan-ministry-of-defence"),
        ("Russian Defence Ministry", "AF", None, "org:russia-ministry-of-defence"),
        ("Interior Ministry", "AF", None, "org:afghanistan-ministry-of-interior"),
        ("MoI", "AF", None, "org:afghanistan-ministry-of-interior"),
        ("Pakistani Foreign Ministry", None, None, "org:pakistan-ministry-of-foreign-affairs"),
        ("Pakistani authorities", None, None, "org:pakistan-government"),
        ("the Afghan government", None, None, "org:afghanistan-government"),
        ("Russian government", None, None, "org:russia-government"),
        ("US troops", None, None, "org:us-military"),
        ("American forces", None, None, "org:us-military"),
        ("Afghan forces", None, None, "org:afghanistan-security-forces"),
        ("Afghan security forces", None, None, "org:afghanistan-security-forces"),
        ("British troops", None, None, "org:uk-military"),
        ("Afghan intelligence agency", None, None, "org:afghanistan-intelligence"),
        ("Pakistani intelligence agency", None, None, "org:pakistan-intelligence"),
        ("Air Forces", "AF", None, "org:afghanistan-air-force"),
        ("U.S. embassy", "AF", "kabul", "org:us-embassy-kabul"),
        ("Russian embassy", "AF", "kabul", "org:russia-embassy-kabul"),
    ],
)
def test_national_institution(orgs, label, country, host, key):
    found = orgs.match(label, country=country, host=host)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    ("label", "country"),
    [
        ("Interior Ministry", None),  # a bare ministry needs the article's country
        ("government", "AF"),  # "the government" is an anaphor, not a name
        ("forces", "AF"),
        ("Badghis Health Services", "AF"),
        ("Political Office", "AF"),
    ],
)
def test_not_a_national_institution(orgs, label, country):
    assert orgs.match(label, country=country) is None


def test_generated_keys_have_readable_labels(orgs):
    assert orgs.get("org:russia-government").label == "Russian government"
    assert orgs.get("org:afghanistan-ministry-of-defence").label == "Afghan Ministry of Defence"
    assert orgs.get("org:us-ministry-of-defence").key == "org:us-military"  # absorbed
    assert orgs.get("org:pakistan-ministry-of-interior").label == "Pakistani Ministry of Interior"


@pytest.mark.parametrize(
    ("capital", "government"),
    [("Washington", "org:us-government"), ("Moscow", "org:russia-government"), ("Kabul", "org:afghanistan-government"),
     ("Islamabad", "org:pakistan-government"), ("Tehran", "org:iran-government")],
)
def test_capital_stands_for_government(orgs, capital, government):
    assert orgs.government_of(orgs.country_of_capital(capital)).key == government


@pytest.mark.parametrize(
    ("word", "code"),
    [("Afghan", "AF"), ("U.S.", "US"), ("American", "US"), ("British", "GB"), ("Russian Federation", "RU"), ("Iranian", "IR")],
)
def test_country_modifiers(orgs, word, code):
    assert orgs.country_named(word).code == code


def test_groups_of_people(orgs):
    assert orgs.country_of_group("Afghans").code == "AF"
    assert orgs.country_of_group("Afghan") is None


def test_modifier_only_alias(orgs):
    assert orgs.lookup("Haqqani") is None
    assert orgs.lookup_modifier("Haqqani").key == "org:haqqani-network"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "tagged"),
    [
        ("TALIBAN leaders will treat Nato and US forces as invaders.", ["TALIBAN", "Nato", "US forces"]),
        ("They told us troops would come.", []),
        ("Amnesty International and Amnesty condemned it.", ["Amnesty International", "Amnesty"]),
        ("An amnesty was declared.", []),
        ("Afghan Defence Ministry spokesman Fawad Aman spoke.", ["Afghan Defence Ministry"]),
        ("Pakistani authorities and the Interior Ministry said so.", ["Pakistani authorities", "Interior Ministry"]),
        ("The MoD said that the mod was fine.", ["MoD"]),
        ("The Islamic Emirate [Taliban] condemns it.", ["Islamic Emirate", "Taliban"]),
    ],
)
def test_ruler_tags_curated_organisations(nlp, sentence, tagged):
    orgs_found = [e.text for e in nlp(sentence).ents if e.label_ == "ORG"]
    assert all(t in orgs_found for t in tagged), orgs_found
    if not tagged:
        assert not orgs_found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("The United States warned the Taliban against attacking cities.", "States", True),
        ("Washington has vowed to pull out thousands of Afghan citizens.", "Washington", True),
        ("The Taliban have assured Moscow that they will not attack the border.", "Moscow", True),
        ("The Taliban has issued a message to the United States.", "States", True),
        ("The Taliban and the United States signed an agreement in Doha.", "States", True),
        ("The US continues to pull back its troops.", "US", True),
        ("Kabul has rejected the proposal.", "Kabul", True),
        ("A Taliban delegation arrived in Moscow on Thursday.", "Moscow", False),
        ("He flew to the United States last week.", "States", False),
        ("Kabul fell to the Taliban in August.", "Kabul", False),
        ("Afghanistan was on course to witness record casualties.", "Afghanistan", False),
    ],
)
def test_country_or_capital_acting(nlp, sentence, name, expected):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == name)
    assert acting(token) is expected


def test_missing_pipeline_names_the_model_and_the_fix():
    from newskg.loaders.nlp import ModelNotInstalledError, load_pipeline

    with pytest.raises(ModelNotInstalledError, match=r"'en_core_web_nosuch'.*python -m spacy download en_core_web_nosuch"):
        load_pipeline("en_core_web_nosuch")


@pytest.mark.slow
def test_ruler_runs_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index("newskg_organizations") < names.index("ner")
