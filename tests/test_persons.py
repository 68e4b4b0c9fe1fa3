"""Person names: titles, glued auxiliaries, roles from the parse, in-article coreference."""

from __future__ import annotations

import pytest

from newskg.loaders.persons import (
    cluster_person_names,
    glued_auxiliary_end,
    is_role_word,
    leading_title_length,
    name_words,
    person_identity_key,
    role_phrases,
    unnamed_label,
)


@pytest.fixture(scope="module")
def nlp():
    from newskg.loaders.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.parametrize(
    ("labels", "name", "joins"),
    [
        (["Mohammad Sohail Sahin", "Sahin"], "Sahin", "Mohammad Sohail Sahin"),
        (["Sahin", "Mohammad Sohail Sahin"], "Sahin", "Mohammad Sohail Sahin"),  # the full name may come later
        (["Joe Biden", "Biden"], "Biden", "Joe Biden"),
        (["Zalmay Khalilzad", "Khalilzad"], "Khalilzad", "Zalmay Khalilzad"),
        (["Osama bin Laden", "Bin Laden"], "Bin Laden", "Osama bin Laden"),
        (["Abdul Qadir Maliehhas", "Qadir Maliehhas", "Maliehhas"], "Maliehhas", "Abdul Qadir Maliehhas"),
        (["Mohammad Sohail Sahin", "Suhail Shaheen"], "Suhail Shaheen", "Mohammad Sohail Sahin"),  # same name key
        (["Mr. Biden", "Joe Biden"], "Mr. Biden", "Joe Biden"),
        (["Boris Johnson", "Johnson"], "Johnson", "Boris Johnson"),
    ],
)
def test_partial_name_joins_the_one_full_name(labels, name, joins):
    identities = cluster_person_names(labels)
    assert identities[name].label == joins
    assert identities[name].key == person_identity_key(joins)
    assert identities[name].reason and "same article" in identities[name].reason
    assert identities[joins].reason is None


@pytest.mark.parametrize(
    ("labels", "name"),
    [
        (["Joe Biden", "Hunter Biden", "Biden"], "Biden"),  # two candidates: no guess
        (["Osama bin Laden", "Osama"], "Osama"),  # a given name is not a surname
        (["Fawad Aman", "Fawana Aman"], "Fawana Aman"),  # a translation slip is not resolved here
        (["Ashraf Ghani"], "Ashraf Ghani"),
        (["Ghani"], "Ghani"),
    ],
)
def test_name_stays_on_its_own(labels, name):
    identity = cluster_person_names(labels)[name]
    assert identity.label == name and identity.reason is None


def test_bare_surname_key_never_collides_with_a_full_name():
    identities = cluster_person_names(["Joe Biden", "Hunter Biden", "Biden"])
    keys = {identity.key for identity in identities.values()}
    assert len(keys) == 3
    assert identities["Biden"].key == "person:bdn"
    assert "-" not in identities["Biden"].key.split(":", 1)[1]


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("Mr. Joe Biden", ["joe", "biden"]),
        ("Mullah Baradar", ["baradar"]),
        ("Biden's", ["biden"]),
        ("Haji Mohammad Sohail Sahin", ["mohammad", "sohail", "sahin"]),
    ],
)
def test_name_words_drop_forms_of_address(label, words):
    assert name_words(label) == words


@pytest.mark.parametrize(
    ("label", "plain"),
    [("a security source", "security source"), ("The source", "source"), ("Afghan officials", "Afghan officials")],
)
def test_unnamed_label(label, plain):
    assert unnamed_label(label) == plain


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "titles"),
    [
        ("President Joe Biden spoke.", "President Joe Biden", 1),
        ("Lt. Col. John Smith spoke.", "Lt. Col. John Smith", 4),  # tokens: Lt . Col .
        ("Mr. Biden spoke.", "Mr. Biden", 1),
        ("Joe Biden spoke.", "Joe Biden", 0),
    ],
)
def test_leading_title_length(nlp, text, name, titles):
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    assert leading_title_length(span) == titles


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "clean_end"),
    [
        ("Jawzjan Deputy Governor Abdul Qadir Maliehhas said the Taliban had seized control.", "Abdul Qadir Maliehhas", "Malieh"),
        ("Ilyas Dilshad said the road was closed.", "Ilyas Dilshad", None),
        ("Abbas Thomas said nothing.", "Abbas Thomas", None),
    ],
)
def test_glued_auxiliary(nlp, text, name, clean_end):
    doc = nlp(text)
    start = text.index(name)
    end = glued_auxiliary_end(doc.char_span(start, start + len(name)))
    if clean_end is None:
        assert end is None
    else:
        assert text[start:end].endswith(clean_end) and end == text.index(clean_end) + len(clean_end)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Afghan Defence Ministry spokesman Fawad Aman confirmed it.", "Fawad Aman", "spokesman"),
        ("Mirwais Stanekzai, spokesman for the Afghan Interior Ministry, has said so.", "Mirwais Stanekzai", "spokesman"),
        ("Fawad Aman, a deputy spokesman for the ministry said that it was true.", "Fawad Aman", "deputy spokesman"),
        ("Zalmay Khalilzad, the U.S. special peace envoy for the country, told VOA.", "Zalmay Khalilzad", "special peace envoy"),
        ("Afghan officials said Defense Minister Bismillah Khan Mohammadi was safe.", "Bismillah Khan Mohammadi", "defense minister"),
        ("Aziz Tawakoli, a resident of Kalai Nao, said it.", "Aziz Tawakoli", "resident"),
        ("British Prime Minister Boris Johnson announced it.", "Boris Johnson", "prime minister"),
        ("Former US Ambassador Ryan Crocker suggested a civil war.", "Ryan Crocker", "former ambassador"),
        ("Ashraf Ghani said the country can be controlled.", "Ashraf Ghani", None),
        ("Ashraf Ghani, who spoke on Tuesday, said so.", "Ashraf Ghani", None),
    ],
)
def test_role_phrases(nlp, text, name, role):
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    # As in the index: entities made only of role words ("Defense" tagged ORG) are no mentions.
    entity_tokens = {t.i for e in doc.ents if e.label_ != "PERSON" and not all(map(is_role_word, e)) for t in e}
    roles = [p.role for p in role_phrases(span, in_entity=lambda i: i in entity_tokens)]
    assert roles == ([role] if role else [])
