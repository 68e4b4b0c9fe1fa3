"""``verb_type`` reads a verb's context only for lemmas in ``_EVENT_VERB_WORDS``: that set must hold
every lemma ``verb_type`` tests, or a branch added for a new lemma would never be reached. The gates
``trigger_type`` reads as ids say what the strings they stand for say."""

from __future__ import annotations

import ast
import inspect

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy import parts_of_speech
from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc

from newskg.loaders import event_types


def _lemmas_tested(function) -> set[str]:
    tree = ast.parse(inspect.getsource(function))
    found: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "lemma"):
            continue
        for operand in node.comparators:
            if isinstance(operand, ast.Constant):
                found.add(operand.value)
            elif isinstance(operand, (ast.Tuple, ast.Set, ast.List)):
                found.update(item.value for item in operand.elts if isinstance(item, ast.Constant))
            elif isinstance(operand, ast.Name):
                found.update(getattr(event_types, operand.id))
            else:
                raise AssertionError(f"verb_type compares lemma with {ast.dump(operand)}: teach this test to read it")
    return found


def test_every_lemma_verb_type_tests_is_an_event_verb_word() -> None:
    tested = _lemmas_tested(event_types.verb_type)
    assert {"kill", "take", "fall", "surrender", "publish"} <= tested  # the reading itself works
    assert tested - event_types._EVENT_VERB_WORDS == set()


# --- the gates trigger_type reads as ids, against the strings they stand for ----------------------

_VOCAB = spacy.blank("en").vocab  # gives tokens their lower case
_WORDS = ["attack", "Attack", "ATTACKS", "strikes", "Strike", "operation", "Operations", "kill", "Killed", "raid",
          "be", "Be", "have", "do", "did", "the", "Kabul", "clashes", "target", "detain", "búsqueda", ""]


@given(
    word=st.sampled_from(_WORDS[:-1]), lemma=st.sampled_from(_WORDS),
    pos=st.sampled_from(sorted(p for p in parts_of_speech.IDS if p)),
)
@settings(max_examples=400, deadline=None)
def test_trigger_gates_read_as_ids_say_what_the_strings_say(word: str, lemma: str, pos: str) -> None:
    token = Doc(_VOCAB, words=[word], lemmas=[lemma], pos=[pos], deps=["ROOT"], heads=[0])[0]
    for _ in range(2):  # the first answer for a lemma id, then the kept one
        assert event_types._is_event_verb(token) == (token.lemma_.lower() in event_types._EVENT_VERB_WORDS)
        assert event_types._is_event_noun_lemma(token) == (token.lemma_.lower() in event_types._EVENT_NOUN_WORDS)
    assert (token.lower in event_types._EVENT_NOUN_IDS) == (token.lower_ in event_types._EVENT_NOUN_WORDS)
    assert (token.lemma in event_types._LIGHT_AUXILIARY_IDS) == (token.lemma_ in ("be", "have", "do"))
    assert [token.pos == p for p in (VERB, AUX, NOUN, PROPN)] == [token.pos_ == p for p in ("VERB", "AUX", "NOUN", "PROPN")]


# --- the irrealis markers read in one pass, against the three tests they stand for ----------------

_CHILD_WORDS = ["not", "never", "no", "will", "would", "'d", "’d", "if", "unless", "to", "they", "Not"]
_CHILD_DEPS = ["neg", "advmod", "det", "preconj", "aux", "auxpass", "mark", "nsubj", "dobj"]


def _plainly_marked(token) -> bool:
    """Negated, modal or conditional, as three walks over the children reading the strings."""
    negated = any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in event_types.NEGATIONS)
        for c in token.children
    )
    modal = any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" and not (c.lower_ in ("'d", "’d") and token.tag_ == "VBN")
        for c in token.children
    )
    conditional = any(c.dep_ == "mark" and c.lower_ in event_types.CONDITIONAL_MARKS for c in token.children)
    return negated or modal or conditional


@given(
    children=st.lists(
        st.tuples(st.sampled_from(_CHILD_WORDS), st.sampled_from(_CHILD_DEPS), st.sampled_from(["MD", "RB", "IN", "DT"])),
        max_size=4,
    ),
    verb_tag=st.sampled_from(["VBN", "VBD", "VB"]),
)
@settings(max_examples=400, deadline=None)
def test_irrealis_markers_in_one_pass_are_the_three_tests(children: list[tuple[str, str, str]], verb_tag: str) -> None:
    words = [w for w, _, _ in children] + ["captured"]
    verb = len(children)
    doc = Doc(
        _VOCAB, words=words, tags=[t for _, _, t in children] + [verb_tag],
        deps=[d for _, d, _ in children] + ["ROOT"], heads=[verb] * len(words),
    )
    assert event_types._marked_irrealis(doc[verb]) == _plainly_marked(doc[verb])
