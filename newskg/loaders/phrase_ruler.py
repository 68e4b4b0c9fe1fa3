"""An entity ruler for token patterns that only test a token's text, run as phrase lookups.

spaCy's ``EntityRuler`` runs token patterns through the ``Matcher``, which
tries every pattern at every token: with the 1,700 organisation patterns that
cost as much as the tagger and parser together. Our patterns only ask what a
token's text is (``ORTH``, ``LOWER``, ``ORTH`` in a set), so each one is a fixed
lowercase word sequence plus, for some tokens, the exact spellings allowed.
A ``PhraseMatcher`` on ``LOWER`` finds the sequences in one pass over the
document; the exact-case tests are then checked on the few hits. Which spans
win is the ``EntityRuler``'s rule: longest first, then leftmost, never over an
entity already set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab


@dataclass(frozen=True)
class _Rule:
    label: str
    span_id: str
    exact: tuple[frozenset[str] | None, ...]  # per token: the spellings allowed, or None (any case)


def _token_forms(token_pattern: dict) -> tuple[frozenset[str], frozenset[str] | None]:
    """(lowercase forms, exact spellings or None) for one token of a pattern."""
    if set(token_pattern) == {"LOWER"} and isinstance(token_pattern["LOWER"], str):
        return frozenset({token_pattern["LOWER"].lower()}), None
    if set(token_pattern) == {"ORTH"}:
        value = token_pattern["ORTH"]
        if isinstance(value, str):
            return frozenset({value.lower()}), frozenset({value})
        if isinstance(value, dict) and set(value) == {"IN"}:
            spellings = frozenset(value["IN"])
            return frozenset(s.lower() for s in spellings), spellings
    raise ValueError(f"not a text-only token pattern: {token_pattern!r}")


class PhraseRuler:
    """Set ``doc.ents`` from text-only token patterns (``{"label", "pattern", "id"?}`` dicts)."""

    def __init__(self, vocab: Vocab, patterns: Iterable[dict]) -> None:
        self._matcher = PhraseMatcher(vocab, attr="LOWER")
        self._rules: dict[str, list[_Rule]] = {}
        for pattern in patterns:
            forms = [_token_forms(t) for t in pattern["pattern"]]
            rule = _Rule(pattern["label"], pattern.get("id", ""), tuple(exact for _, exact in forms))
            for words in product(*(sorted(lower) for lower, _ in forms)):
                key = "\x1f".join(words)
                if key not in self._rules:
                    self._rules[key] = []
                    self._matcher.add(key, [Doc(vocab, words=list(words))])
                self._rules[key].append(rule)
        for rules in self._rules.values():  # a named organisation's own alias beats a generic phrase
            rules.sort(key=lambda rule: not rule.span_id)

    def __call__(self, doc: Doc) -> Doc:
        taken = [False] * len(doc)
        for ent in doc.ents:
            taken[ent.start:ent.end] = [True] * (ent.end - ent.start)
        spans = []
        for start, end, rule in sorted(self._matches(doc), key=lambda m: (m[0] - m[1], m[0])):
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            spans.append(Span(doc, start, end, label=rule.label, span_id=rule.span_id))
        if spans:
            doc.ents = [*doc.ents, *spans]
        return doc

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, _Rule]]:
        strings = doc.vocab.strings
        for match_id, start, end in self._matcher(doc):
            for rule in self._rules[strings[match_id]]:
                if all(exact is None or doc[start + i].text in exact for i, exact in enumerate(rule.exact)):
                    yield start, end, rule
                    break
