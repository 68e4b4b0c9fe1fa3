"""The entity index: one record per real-world thing, mentions, roles, actors."""

from __future__ import annotations

import pytest
import spacy

from newskg.loaders.article import Article
from newskg.loaders.entities import EntityIndex, build_entity_index
from newskg.loaders.organizations import load_organizations
from newskg.loaders.records import EntityRecord
from newskg.names import fold


@pytest.fixture(scope="module")
def nlp():
    from newskg.loaders.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="module")
def gazetteer():
    from newskg.loaders.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="module")
def index_of(nlp, gazetteer):
    def build(text: str) -> EntityIndex:
        return build_entity_index(nlp(text), article=Article(id="a1", text=text, origin="test"), gazetteer=gazetteer)

    return build


def kind(record: EntityRecord) -> str:
    return record.key.split(":", 1)[0]


def names(record: EntityRecord) -> set[str]:
    return {fold(record.label), *(fold(alias) for alias in record.aliases)}


def find(index: EntityIndex, kind_: str, name: str) -> EntityRecord | None:
    """The mentioned record of that kind known by that name (label or alias)."""
    return next((r for r in index.records() if kind(r) == kind_ and fold(name) in names(r) and r.mentions), None)


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


# ---------------------------------------------------------------- the index API, without a model


def _hand_index(text: str, gazetteer) -> EntityIndex:
    """An index over ``text`` tokenised without a model, for mentions put in by hand."""
    doc = spacy.blank("en")(text)
    return EntityIndex(doc, article=Article(id="x", text=text, origin="t"), organizations=load_organizations(),
                       gazetteer=gazetteer)


def test_index_api_on_hand_built_mentions(gazetteer):
    text = "Joe Biden met Taliban envoys in Doha."
    index = _hand_index(text, gazetteer)
    biden = index.record("person:j-bdn", types=("Person",), label="Joe Biden")
    taliban = index.record("org:taliban", types=("Organization",), label="Taliban")
    index.add_mention(taliban, *span(text, "Taliban"))
    index.add_mention(biden, *span(text, "Joe Biden"))
    index.add_mention(biden, *span(text, "Joe Biden"))  # twice: one mention
    assert [r.key for r in index.records()] == ["person:j-bdn", "org:taliban"]
    assert len(biden.mentions) == 1 and biden.mentions[0].text == "Joe Biden"
    assert index.entity_at(*span(text, "Biden")) is biden
    assert index.entity_at(*span(text, "envoys")) is None
    assert [r.key for r in index.entities_in(0, len(text))] == ["person:j-bdn", "org:taliban"]
    assert index.entities_in(*span(text, "Joe")) == []


def test_mentions_kept_in_text_order(gazetteer):
    text = "Taliban envoys met Taliban leaders; the Taliban said the Taliban movement would talk."
    index = _hand_index(text, gazetteer)
    taliban = index.record("org:taliban", types=("Organization",), label="Taliban")
    positions = [span(text, "Taliban", 2), span(text, "Taliban", 0), span(text, "the Taliban movement"),
                 span(text, "Taliban", 3), span(text, "Taliban", 1), span(text, "the Taliban", 0)]
    for start, end in positions + positions[:3]:  # the repeats add nothing
        index.add_mention(taliban, start, end)
    assert [(m.start, m.end) for m in taliban.mentions] == sorted(positions)
    assert [m.text for m in taliban.mentions][:3] == ["Taliban", "Taliban", "the Taliban"]
    assert index.spans == sorted((start, end, "org:taliban") for start, end in positions)
    assert index.record("org:taliban", types=("Organization",), label="x") is taliban
    assert taliban.types == ("Organization",) and taliban.label == "Taliban"
    assert index.record("org:taliban", types=("Place", "Organization"), label="x").types == ("Organization", "Place")


# ---------------------------------------------------------------- sentence -> (key kind, name) pairs


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Afghan Defence Ministry spokesman Fawad Aman confirmed on Twitter that the strike happened.",
         [("person", "Fawad Aman"), ("org", "Afghan Ministry of Defence")]),
        ("TALIBAN leaders will treat Nato and US forces as invaders.",
         [("org", "Taliban"), ("org", "NATO"), ("org", "US military")]),
        ("More than 200 terrorist Taliban were killed in #Cheberghan city after Air Forces targeted them, "
         "the ministry in Kabul said of the fighting in Jawzjan.", [("place", "Cheberghan"), ("org", "Taliban")]),
        ("US B-52 bombers struck Taliban forces in Sheberghan, Jawzjan Province, on Saturday.",
         [("place", "Sheberghan"), ("place", "Jawzjan Province"), ("place", "US")]),
        ("Embattled Lashkar Gah, the capital of southern Helmand province, has seen deadly clashes.",
         [("place", "Lashkar Gah"), ("place", "Helmand")]),
        ("Fighting between the Taliban and Afghan government forces is raging in the city of Qala-i-Naw.",
         [("place", "Qala-i-Naw"), ("org", "Afghan government")]),
        ("Pakistani authorities arrested two men in Peshawar.", [("org", "Pakistani government"), ("place", "Peshawar")]),
        ("Hezb-e-Islami and the Haqqani network denied involvement in the attack in Khost.",
         [("org", "Hezb-e-Islami"), ("org", "Haqqani network"), ("place", "Khost")]),
        ("The security force arrested a Haqqani facilitator in Paktiya province.",
         [("org", "Haqqani network"), ("place", "Paktiya")]),
        ("Thousands of Afghans fled to Iran after the fall of Kabul.", [("org", "Afghans"), ("place", "Iran")]),
        ("The head of Da Afghanistan Bank (DAB) declared a new policy.", [("org", "Da Afghanistan Bank"), ("org", "DAB")]),
        ("Sangin/Helmand\nCoalition forces killed two insurgents.", [("place", "Sangin"), ("place", "Helmand")]),
        ("In Logar last night, a joint security force searched a compound.", [("place", "Logar")]),
        ("The leader was detained in Nad-e Ali district of Helmand province.", [("place", "Nad-e Ali"), ("place", "Helmand")]),
        ("The leader operates in Pul-e ‘Alam district, Logar province.", [("place", "Pul-e ‘Alam"), ("place", "Logar")]),
        ("Weapons were found in Now Zad district of Helmand province.", [("place", "Now Zad")]),
        ("The insurgents were killed in Musa Qal’ah district of Helmand province.", [("place", "Musa Qal’ah")]),
        ("Insurgents attacked a checkpoint in the Musa Qaleh district.", [("place", "Musa Qaleh")]),
        ("A cache was found in Chapa Dara district of Kunar province.", [("place", "Chapa Dara")]),
        ("The Taliban leader operates in the Charkh district of Logar.", [("place", "Logar")]),
        ("Afghan and coalition forces detained two insurgents in Chahar Darah district, Kunduz province.",
         [("place", "Chahar Darah"), ("place", "Kunduz")]),
        ("A security force killed an insurgent in Qal' eh ye Zal district of Kunduz province.", [("place", "Qal' eh ye Zal")]),
        ("A joint security force searched a compound in the village of Mogkol Khel.", [("place", "Mogkol Khel")]),
        ("Insurgents were detained by Afghan National Security and International Security Assistance Force members.",
         [("org", "Afghan National Defence and Security Forces"), ("org", "International Security Assistance Force")]),
        ("An Afghan National Security and coalition force detained two suspected insurgents.",
         [("org", "Afghan National Defence and Security Forces")]),
        ("The operations targeted Taliban and Haqqani leaders in Khost.", [("org", "Taliban"), ("org", "Haqqani network")]),
    ],
)
def test_entities_in_sentence(index_of, text, expected):
    index = index_of(text)
    for kind_, name in expected:
        assert find(index, kind_, name) is not None, (kind_, name, [(r.key, r.label) for r in index.records()])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "not_entities"),
    [
        ("Fawad Aman confirmed on Twitter that the strike happened.", ["Twitter"]),
        ("In a Twitter post, the ministry announced new operations.", ["Twitter"]),
        ("Afghan officials said the road was closed.", ["Afghan"]),
        ("Taliban Slam US Relocation Program for Afghans, Take Credit for Kabul Bombing\n\nThe Taliban condemned it.",
         ["Take Credit"]),
        ("Aides consider them traitors to Islam and the country.", ["Islam"]),
        ("the US-Taliban peace agreement brokered last year", ["US-Taliban"]),
        ("Afghan and coalition forces detained two insurgents in Chahar Darah district, Kunduz province.",
         ["Chahar", "Darah"]),  # the pieces spaCy cut the district name into
    ],
)
def test_not_entities(index_of, text, not_entities):
    index = index_of(text)
    labels = {fold(n) for r in index.records() for n in names(r)}
    for name in not_entities:
        assert fold(name) not in labels


@pytest.mark.slow
def test_one_node_despite_spelling_variants(index_of):
    text = ("The Taleban said the Islamic Emirate would not attack. The Taliban captured Sheberghan. "
            "Taliban fighters entered #Cheberghan city on Sunday, and Shibirghan fell.")
    index = index_of(text)
    taliban = [r for r in index.records() if r.key == "org:taliban"]
    assert len(taliban) == 1 and len(taliban[0].mentions) == 4
    city = find(index, "place", "Sheberghan")
    assert {"cheberghan", "sheberghan", "shibirghan"} <= names(city)
    assert len(city.aliases) == len(city.merge_reasons)


@pytest.mark.slow
def test_places_have_their_ancestors(index_of):
    index = index_of("Clashes continued in Kunduz city and in Jawzjan Province on Saturday.")
    by_key = {r.key: r for r in index.records()}
    city = find(index, "place", "Kunduz city")
    province = find(index, "place", "Jawzjan Province")
    assert city.place_type == "city" and province.place_type == "province"
    for record in (city, province):
        chain = [record]
        while chain[-1].located_in:
            assert chain[-1].located_in in by_key, chain[-1].located_in
            chain.append(by_key[chain[-1].located_in])
        assert chain[-1].place_type == "country" and chain[-1].label == "Afghanistan"
        assert "province" in {r.place_type for r in chain}


# ---------------------------------------------------------------- countries and capitals acting


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase", "key", "organization"),
    [
        ("The United States warned the Taliban against attacking cities.", "United States", "place:geonames:6252001", True),
        ("He flew to the United States last week.", "United States", "place:geonames:6252001", False),
        ("Washington has vowed to pull out thousands of Afghan citizens.", "Washington", "org:us-government", True),
        ("The Taliban have assured Moscow that they will not attack the border.", "Moscow", "org:russia-government", True),
        ("A Taliban delegation arrived in Moscow on Thursday.", "Moscow", "place:geonames:524901", False),
        ("Kabul has rejected the proposal of the Taliban.", "Kabul", "org:afghanistan-government", True),
    ],
)
def test_country_or_capital_as_actor(index_of, text, phrase, key, organization):
    index = index_of(text)
    record = index.entity_at(*span(text, phrase))
    assert record is not None and record.key == key
    assert ("Organization" in record.types) is organization


# ---------------------------------------------------------------- people: coreference, roles, affiliations


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "partial", "full"),
    [
        ("U.S. President Joe Biden ordered airstrikes. A Pentagon source said Biden had ordered B-52s.", "Biden", "Joe Biden"),
        ("“We will not attack,” Mohammad Sohail Sahin, a spokesman, told TASS. Sahin says the purpose is talks.",
         "Sahin", "Mohammad Sohail Sahin"),
        ("Zalmay Khalilzad told VOA on Monday. “There has got to be a political formula,” Khalilzad said.",
         "Khalilzad", "Zalmay Khalilzad"),
    ],
)
def test_surname_joins_full_name(index_of, text, partial, full):
    index = index_of(text)
    record = index.entity_at(*span(text, partial, nth=text.count(partial) - 1))
    assert record is not None and record.label == full and record.key.startswith("person:")
    assert partial in record.aliases
    assert record.merge_reasons[record.aliases.index(partial)] == f"surname of {full}, same article"


@pytest.mark.slow
def test_shared_surname_stays_apart(index_of):
    text = "Joe Biden and his son Hunter Biden arrived in Delaware. Biden said nothing to reporters."
    index = index_of(text)
    people = {r.key: r for r in index.records() if kind(r) == "person"}
    assert len(people) == 3
    bare = index.entity_at(*span(text, "Biden", nth=2))
    assert bare.key == "person:bdn" and bare.label == "Biden"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "person", "role", "affiliation"),
    [
        ("Afghan Defence Ministry spokesman Fawad Aman confirmed the strike.",
         "Fawad Aman", "spokesman", "org:afghanistan-ministry-of-defence"),
        ("But Mirwais Stanekzai, spokesman for the Afghan Interior Ministry, has said the city would be cleared.",
         "Mirwais Stanekzai", "spokesman", "org:afghanistan-ministry-of-interior"),
        ("The Afghan Ministry of Defense said 143 insurgents were killed. Fawad Aman, a deputy spokesman for the "
         "ministry said that the forces are ready.", "Fawad Aman", "deputy spokesman", "org:afghanistan-ministry-of-defence"),
        ("Jawzjan Deputy Governor Abdul Qadir said the Taliban had seized control of Sheberghan.",
         "Abdul Qadir", "deputy governor", "place=Jawzjan"),
        ("“It is heartbreaking,” Zalmay Khalilzad, the U.S. special peace envoy for the country, told VOA on Monday.",
         "Zalmay Khalilzad", "special peace envoy", "org:us-government"),
        ("U.S. President Joe Biden ordered airstrikes recently.", "Joe Biden", "president", "org:us-government"),
        ("Afghan President Ashraf Ghani announced a new plan.", "Ashraf Ghani", "president", "org:afghanistan-government"),
        ("British Prime Minister Boris Johnson announced that most troops had left.",
         "Boris Johnson", "prime minister", "org:uk-government"),
        ("Taliban spokesman Zabihullah Mujahid said in a statement that bombers targeted a meeting.",
         "Zabihullah Mujahid", "spokesman", "org:taliban"),
        ("“The Taliban are still in the city,” said Aziz Tawakoli, a resident of Kalai Nao, the capital of Badghis.",
         "Aziz Tawakoli", "resident", "place=Kalai Nao"),
        ("Afghan officials said that Defense Minister Bismillah Khan Mohammadi was not at the guesthouse.",
         "Bismillah Khan Mohammadi", "defense minister", None),
        ("Former US Ambassador to Afghanistan Ryan Crocker suggested on Sunday that a civil war is likely.",
         "Ryan Crocker", "former ambassador", "org:us-government"),
    ],
)
def test_roles_and_affiliations(index_of, text, person, role, affiliation):
    index = index_of(text)
    record = find(index, "person", person)
    assert record is not None, [(r.key, r.label) for r in index.records()]
    assert role in record.roles
    if affiliation and affiliation.startswith("place="):  # place keys are the gazetteer's: look the place up by name
        affiliation = find(index, "place", affiliation.removeprefix("place=")).key
    if affiliation:
        assert affiliation in record.affiliations
        assert any(r.key == affiliation for r in index.records())  # the affiliation resolves to a record
    assert fold(person) == fold(record.label)  # the title is not part of the name


@pytest.mark.slow
def test_host_country_is_no_affiliation(index_of):
    index = index_of("Former US Ambassador to Afghanistan Ryan Crocker suggested on Sunday that a civil war is likely.")
    assert "org:afghanistan-government" not in find(index, "person", "Ryan Crocker").affiliations


# ---------------------------------------------------------------- anaphora to organisations


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase", "key"),
    [
        ("The Taliban captured Zaranj. On Saturday, the movement announced it had captured Nimruz.",
         "the movement", "org:taliban"),
        ("The Taliban took Kunduz. Afghan troops fled to escape the group's advance.", "the group", "org:taliban"),
        ("The Taliban advanced. The Islamist group seized hundreds of trucks.", "The Islamist group", "org:taliban"),
        ("The U.S. embassy in Kabul condemned the offensive. “These could be war crimes,” the embassy said.",
         "the embassy", "org:us-embassy-kabul"),
        ("The Afghan Ministry of Defense said 143 insurgents were killed, the ministry added.", "the ministry",
         "org:afghanistan-ministry-of-defence"),
    ],
)
def test_anaphora_to_organisations(index_of, text, phrase, key):
    index = index_of(text)
    record = index.entity_at(*span(text, phrase))
    assert record is not None and record.key == key
    assert phrase not in record.aliases  # a reference, not a name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The movement for women's rights held a rally in Kabul.", "The movement"),
        ("The group said it would appeal. The Taliban were not involved.", "The group"),  # Taliban named only later
        ("The Taliban and ISIS fought in Nangarhar. ISIS and the Taliban clashed again. The group said it won.",
         "The group"),  # no dominant armed group
    ],
)
def test_generic_group_left_unresolved(index_of, text, phrase):
    index = index_of(text)
    assert index.entity_at(*span(text, phrase)) is None


@pytest.mark.slow
def test_a_name_beside_a_role_is_a_person(index_of):
    """spaCy tagged "Rostum" ORG; in apposition with "leader" it is a person, and "KABUL" on the dateline is not."""
    text = (
        "KABUL, Afghanistan (Jan. 14)\nAn Afghan and coalition security force conducted an operation in Kunar "
        "province. The targeted leader, Rostum, directed a group of insurgent fighters."
    )
    index = index_of(text)
    assert index.entity_at(*span(text, "Rostum")).key.startswith("person:")
    assert "Place" in index.entity_at(*span(text, "KABUL")).types


# ---------------------------------------------------------------- anaphora to places


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase", "nth", "name"),
    [
        # the place of that kind named last, skipping places of other countries named between
        ("The Taliban entered Lashkar Gah on Sunday. From London, Boris Johnson spoke. Fighting in the city went on.",
         "the city", 0, "Lashkar Gah"),
        ("A leader was detained in Khost province. He moved weapons throughout the province.",
         "the province", 0, "Khost"),
        ("A force detained a facilitator in Maiwand district, Kandahar province. He operated in the district.",
         "the district", 0, "Maiwand"),
        ("Clashes raged in Lashkar Gah. Officials urged residents of the besieged city to stay home.",
         "the besieged city", 0, "Lashkar Gah"),
        # a settlement GeoNames classes as a village is still "the city"
        ("The Taliban entered Qala-i-Naw, the capital of Badghis. Guerrillas freed detainees from the city jail.",
         "city", 0, "Qala-i-Naw"),
    ],
)
def test_anaphora_to_places(index_of, text, phrase, nth, name):
    index = index_of(text)
    record = index.entity_at(*span(text, phrase, nth))
    assert record is not None and "Place" in record.types and fold(name) in names(record)
    assert phrase not in record.aliases  # a reference, not a name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Fighting in the city went on. The Taliban later entered Kunduz.", "the city"),  # named only later
        ("The Taliban seized Helmand province. Residents fled the city of Lashkar Gah.", "the city"),  # names its own
        ("The Taliban seized Helmand province. Fighting spread to the city.", "the city"),  # a province is no city
        ("Kabul was calm. The cities of the north fell.", "The cities"),  # plural: no one place
        ("Kunduz fell. From London, Boris Johnson spoke. Fighting in the city went on.", "the city"),  # no Afghan city
    ],
)
def test_place_nouns_left_alone(index_of, text, phrase):
    index = index_of(text)
    assert index.entity_at(*span(text, phrase)) is None


# ---------------------------------------------------------------- resolve_actor


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase", "nth", "expected_key", "named", "affiliation"),
    [
        ("A Pentagon source told the Times that Biden had ordered B-52s.", "A Pentagon source", 0,
         "unnamed:a1:pentagon source", False, "org:us-military"),
        ("Afghan officials said the raid killed at least eight people.", "Afghan officials", 0,
         "unnamed:a1:afghan officials", False, "org:afghanistan-government"),
        ("The Taliban has issued a warning, a spokesperson for the movement's Political Office told Al Jazeera.",
         "a spokesperson for the movement's Political Office", 0, None, False, "org:taliban"),
        ("Afghan Defence Ministry spokesman Fawad Aman confirmed on Twitter.", "Afghan Defence Ministry spokesman Fawad Aman",
         0, "person:fd-mn", True, "org:afghanistan-ministry-of-defence"),
        ("The U.S. embassy has condemned the Taliban offensive in Kunduz.", "The U.S. embassy", 0,
         "org:us-embassy-kabul", True, None),
        ("Representation of the movement is in Moscow, the Russian news agency Interfax reported.",
         "the Russian news agency Interfax", 0, "org:interfax", True, None),
        ("The United States said it would leave Afghanistan.", "The United States", 0, "place:geonames:6252001", True, None),
        ("Zalmay Khalilzad, the U.S. special peace envoy, told VOA on Monday. The U.S. envoy negotiated a deal "
         "with the Taliban.", "The U.S. envoy", 0, "person:zlm-klzd", True, None),
        ("According to a security source, the attack affected Herat. “This fact has spread fear,” said the source.",
         "the source", 0, "unnamed:a1:security source", False, None),
    ],
)
def test_resolve_actor(index_of, text, phrase, nth, expected_key, named, affiliation):
    index = index_of(text)
    if phrase == "the source":  # the earlier source is resolved first, as claims are taken in text order
        index.resolve_actor(*span(text, "a security source"))
    record = index.resolve_actor(*span(text, phrase, nth))
    if expected_key:
        assert record.key == expected_key
    assert record.named is named
    if affiliation:
        assert affiliation in record.affiliations
    assert record in index.records()
    assert index.entity_at(*span(text, phrase, nth)) is not None


@pytest.mark.slow
def test_resolve_actor_country_becomes_organization(index_of):
    text = "The United States condemned the attack in Kabul."
    index = index_of(text)
    assert "Organization" in index.resolve_actor(*span(text, "The United States")).types


@pytest.mark.slow
def test_unnamed_actors_are_per_article(nlp, gazetteer):
    text = "Afghan officials said the road was closed."
    keys = set()
    for article_id in ("one", "two"):
        index = build_entity_index(nlp(text), article=Article(id=article_id, text=text, origin="t"), gazetteer=gazetteer)
        keys.add(index.resolve_actor(*span(text, "Afghan officials")).key)
    assert keys == {"unnamed:one:afghan officials", "unnamed:two:afghan officials"}


@pytest.mark.slow
def test_statement_speaks_for_the_organisation_discussed(index_of):
    text = ("“The offer of visas is plain interference in our country which the Islamic Emirate condemns,” "
            "said a statement Wednesday.")
    index = index_of(text)
    assert index.resolve_actor(*span(text, "a statement")).key == "org:taliban"


@pytest.mark.slow
def test_pronoun_mention_added(index_of):
    text = "Suhail Shaheen promised the Taliban would react. “We would react,” he added."
    index = index_of(text)
    shaheen = find(index, "person", "Suhail Shaheen")
    index.add_mention(shaheen, *span(text, "he"))
    assert index.entity_at(*span(text, "he")) is shaheen
    assert shaheen.aliases == []  # a pronoun is a mention, never an alias


@pytest.mark.slow
def test_token_ids_compare_as_their_strings(nlp):
    """The cleaning and hint rules compare ids (``string_ids``) where they read strings: the same answers."""
    from newskg.loaders import entities, entity_rules
    from newskg.loaders.organizations import PLATFORMS

    text = ("The Taliban's offensive on Qala-i-Naw, the capital of Badghis province, began Saturday and "
            "tonight, #Kabul and @Twitter users said; Zaranj, its capital, fell in the village of Khel. "
            "Nad ‘Ali district and the capital Kabul were quiet, the Interior Ministry's spokesman said.")
    doc = nlp(text)
    assert any(t.tag_ == "POS" for t in doc) and any(t.dep_ == "appos" for t in doc)
    assert any(t.lemma_ == "capital" for t in doc) and any(t.text == "-" for t in doc)
    for token in doc:
        assert (token.tag == entities._POS_TAG_ID) == (token.tag_ == "POS")
        assert (token.lower in entities._TRAILER_IDS) == (token.lower_ in entities._TRAILERS)
        assert (token.lower in entities._LEADING_IDS) == (token.lower_ in entities._LEADING_WORDS)
        assert (token.lower in entities._PLATFORM_IDS) == (token.lower_ in PLATFORMS)
        assert (token.lower in entities._PLACE_WORD_IDS) == (token.lower_ in entity_rules.PLACE_WORDS)
        assert (token.orth in entities._AYN_IDS) == (token.text in entities._AYN)
        assert (token.orth in entities._MARK_IDS) == (token.text in ("#", "@"))
        assert (token.orth == entities._HYPHEN_ID) == (token.text == "-")
        assert (token.lower == entity_rules._OF_ID) == (token.lower_ == "of")
        assert (token.lower == entity_rules._CAPITAL_ID) == (token.lower_ == "capital")
        assert (token.lemma == entity_rules._CAPITAL_ID) == (token.lemma_ == "capital")
        assert (token.dep == entity_rules._APPOS_ID) == (token.dep_ == "appos")
        assert (token.pos in entity_rules._NAME_POS_IDS) == (token.pos_ in ("PROPN", "NOUN", "ADJ"))
        assert (token.lower in entity_rules._NAME_PARTICLE_IDS) == (token.lower_ in entity_rules._NAME_PARTICLES)


def test_word_positions():
    from newskg.loaders.entity_rules import WordPositions

    doc = spacy.blank("en")("The District of Nawa and Marja district, Helmand Province, in the province")
    words = WordPositions(list(doc))
    assert words.of(("province", "district")) == [1, 6, 9, 13]
    assert words.of(("village",)) == []
    with pytest.raises(ValueError, match="nonsense"):
        words.of(("district", "nonsense"))
