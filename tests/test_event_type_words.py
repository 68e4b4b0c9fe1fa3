"""``verb_type`` reads a verb's context only for lemmas in ``_EVENT_VERB_WORDS``: that set must hold
every lemma ``verb_type`` tests, or a branch added for a new lemma would never be reached."""

from __future__ import annotations

import ast
import inspect

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
