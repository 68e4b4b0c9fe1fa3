"""Quality of attribution extraction against the hand-annotated set ``tests/data/claims_gold.jsonl``.

Each gold entry is a sentence or short passage (from the seed articles, the ISAF
press releases, or written in wire style) with the claims a careful reader
finds in it. ``find_attributions`` runs on each text through the real pipeline;
predictions and gold claims are paired one-to-one (best content overlap and
claimant agreement first), and each field is scored as precision / recall / F1:

- claimant: the phrase matches after normalising case and punctuation, or the
  gold phrase's head word (last word before any apposition) is in the predicted
  phrase and one phrase's core (before the first comma) contains the other's;
  for a pronoun or anaphor the resolved speaker must match the same way;
- cue: the normalised cue is equal;
- direct: the quotation flag is equal;
- content: token Jaccard of the contents >= 0.5.

Usage: ``python benchmarks/claims_quality.py [--gold PATH] [--model NAME] [--quiet]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from newskg.loaders.claims import content_segments, find_attributions
from newskg.loaders.nlp import DEFAULT_MODEL, load_pipeline

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "claims_gold.jsonl"
FIELDS = ("claimant", "cue", "direct", "content", "all")
CONTENT_THRESHOLD = 0.5
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass
class Scores:
    """Counts per field, and the errors found on the way."""

    predicted: int = 0
    gold: int = 0
    correct: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def prf(self, name: str) -> tuple[float, float, float]:
        hits = self.correct[name]
        precision = hits / self.predicted if self.predicted else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def load_gold(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def predict(nlp, text: str) -> list[dict]:
    """The attributions of ``text`` in the gold format."""
    doc = nlp(text)
    result = []
    for attribution in find_attributions(doc):
        resolved = attribution.claimant_resolved
        result.append({
            "claimant": text[attribution.claimant[0]:attribution.claimant[1]],
            "resolved": text[resolved[0]:resolved[1]] if resolved else None,
            "cue": attribution.cue,
            "direct": attribution.direct,
            "content": " ".join(text[s:e] for s, e in content_segments(attribution, text)),
        })
    return result


def _normal(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower().replace("’", "'")))


def _core(text: str) -> str:
    return _normal(text.split(",")[0])


def same_phrase(predicted: str, gold: str) -> bool:
    if _normal(predicted) == _normal(gold):
        return True
    core = _core(gold).split()
    if not core or core[-1] not in _normal(predicted).split():
        return False
    return _core(gold) in _normal(predicted) or (_core(predicted) != "" and _core(predicted) in _core(gold))


def claimant_matches(predicted: dict, gold: dict) -> bool:
    if not same_phrase(predicted["claimant"], gold["claimant"]):
        return False
    if gold.get("resolved"):
        return predicted["resolved"] is not None and same_phrase(predicted["resolved"], gold["resolved"])
    return True


def jaccard(a: str, b: str) -> float:
    left, right = set(_normal(a).split()), set(_normal(b).split())
    return len(left & right) / len(left | right) if left | right else 1.0


def pair(predicted: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of (predicted, gold) indices, most similar first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            overlap = jaccard(p["content"], g["content"])
            claimant = claimant_matches(p, g)
            if claimant or overlap >= 0.3:
                candidates.append((overlap + claimant + 0.1 * (p["cue"] == g["cue"]), i, j))
    pairs, used_p, used_g = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


def score(entries: list[dict], predictions: list[list[dict]]) -> Scores:
    scores = Scores()
    for entry, predicted in zip(entries, predictions):
        gold = entry["claims"]
        source = entry["source"]
        scores.predicted += len(predicted)
        scores.gold += len(gold)
        pairs = pair(predicted, gold)
        for i, j in pairs:
            p, g = predicted[i], gold[j]
            verdict = {
                "claimant": claimant_matches(p, g),
                "cue": p["cue"] == g["cue"],
                "direct": p["direct"] == g["direct"],
                "content": jaccard(p["content"], g["content"]) >= CONTENT_THRESHOLD,
            }
            verdict["all"] = all(verdict.values())
            for name, ok in verdict.items():
                scores.correct[name] += ok
            for name in ("claimant", "cue", "direct", "content"):
                if not verdict[name]:
                    scores.errors.append(("wrong " + name, source, g["claimant"], _show(g, name), _show(p, name)))
        for j in set(range(len(gold))) - {j for _, j in pairs}:
            g = gold[j]
            scores.errors.append(("missed", source, g["claimant"], f"{g['cue']}: {g['content'][:60]}", ""))
        for i in set(range(len(predicted))) - {i for i, _ in pairs}:
            p = predicted[i]
            scores.errors.append(("spurious", source, p["claimant"], "", f"{p['cue']}: {p['content'][:60]}"))
    return scores


def _show(claim: dict, name: str) -> str:
    if name == "claimant":
        return f"{claim['claimant']} -> {claim['resolved']}"
    return str(claim[name])[:70]


def run(*, gold_path: Path = GOLD, model: str = DEFAULT_MODEL) -> Scores:
    nlp = load_pipeline(model)
    entries = load_gold(gold_path)
    return score(entries, [predict(nlp, e["text"]) for e in entries])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--quiet", action="store_true", help="figures only, no error table")
    args = parser.parse_args(argv)
    scores = run(gold_path=args.gold, model=args.model)
    print(f"gold claims: {scores.gold}   predicted: {scores.predicted}")
    print(f"{'field':10} {'P':>6} {'R':>6} {'F1':>6}")
    for name in FIELDS:
        precision, recall, f1 = scores.prf(name)
        print(f"{name:10} {precision:6.3f} {recall:6.3f} {f1:6.3f}")
    if not args.quiet and scores.errors:
        print("\nerrors (kind | source | gold claimant | gold | predicted):")
        for kind, source, claimant, gold, predicted in scores.errors:
            print(f"  {kind:15} | {source[:22]:22} | {claimant[:40]:40} | {gold} | {predicted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
