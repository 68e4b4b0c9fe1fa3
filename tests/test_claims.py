"""Claims: attributions found in sentences (one table row per form), quote marks, claim records.

The sentence tables run the real spaCy pipeline (slow); the quote scanner, the
claim records and the scorer are tested on hand-built inputs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.loaders.claims import Attribution, claim_from_attribution, content_segments, find_attributions
from newskg.loaders.quotes import find_quotes, quote_at, quoted_share
from newskg.loaders.records import EntityRecord, Mention

ROOT = Path(__file__).resolve().parent.parent


def _load_benchmark():
    """The scorer in benchmarks/ (not a package), loaded once."""
    if "claims_quality" not in sys.modules:
        spec = importlib.util.spec_from_file_location("claims_quality", ROOT / "benchmarks" / "claims_quality.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["claims_quality"] = module  # dataclasses look their module up while being defined
        spec.loader.exec_module(module)
    return sys.modules["claims_quality"]


@pytest.fixture(scope="module")
def nlp():
    from newskg.loaders.nlp import load_pipeline

    return load_pipeline()


def _found(nlp, text: str) -> list[dict]:
    result = []
    for a in find_attributions(nlp(text)):
        resolved = a.claimant_resolved
        result.append({
            "claimant": text[a.claimant[0]:a.claimant[1]],
            "resolved": text[resolved[0]:resolved[1]] if resolved else None,
            "cue": a.cue,
            "direct": a.direct,
            "content": " ".join(text[s:e] for s, e in content_segments(a, text)),
            "cue_text": text[a.cue_span[0]:a.cue_span[1]],
            "sentence": text[a.sentence[0]:a.sentence[1]],
        })
    return result


# --- one sentence per form: (sentence, claimant, cue, direct, content starts with) -------------

FORMS = [
    ("The ministry said that 12 soldiers were killed in the attack.", "The ministry", "say", False, "12 soldiers were killed"),
    ("Twelve soldiers were killed in the attack, the ministry said.", "the ministry", "say", False, "Twelve soldiers were killed"),
    ("Twelve soldiers were killed in the attack, said the ministry.", "the ministry", "say", False, "Twelve soldiers were killed"),
    ("The governor told reporters that the road to the airport had been reopened.", "The governor", "tell", False, "the road to the airport"),
    ('The governor told reporters: "The road to the airport is open again."', "The governor", "tell", True, "The road to the airport is open"),
    ("The general assured residents that the city was safe.", "The general", "assure", False, "the city was safe"),
    ("According to the health ministry, 40 people were wounded.", "the health ministry", "according to", False, "40 people were wounded"),
    ("Forty people were wounded, according to the health ministry.", "the health ministry", "according to", False, "Forty people were wounded"),
    ("The rebels announced that they had taken the town of Goma.", "The rebels", "announce", False, "they had taken the town"),
    ("The army claimed that it had destroyed three rocket launchers.", "The army", "claim", False, "it had destroyed three"),
    ("The defence minister warned that the offensive could last for months.", "The defence minister", "warn", False, "the offensive could last"),
    ("Police confirmed that two suspects had been detained.", "Police", "confirm", False, "two suspects had been detained"),
    ("The militia accused government troops of burning villages.", "The militia", "accuse", False, "government troops of burning villages"),
    ("The spokesman denied that civilians had been targeted.", "The spokesman", "deny", False, "civilians had been targeted"),
    ("The president tweeted that the border would remain closed.", "The president", "tweet", False, "the border would remain"),
    ("The commander stressed that the withdrawal was orderly.", "The commander", "stress", False, "the withdrawal was orderly"),
    ("The minister noted that the ceasefire had largely held.", "The minister", "note", False, "the ceasefire had largely held"),
    ("The envoy urged both sides to return to talks.", "The envoy", "urge", False, "both sides to return to talks"),
    ("The UN condemned the shelling of the hospital.", "The UN", "condemn", False, "the shelling of the hospital"),
    ("The group vowed to continue its attacks.", "The group", "vow", False, "to continue its attacks"),
    ("The government promised that the elections would go ahead.", "The government", "promise", False, "the elections would go ahead"),
    ("State television reported that the airport had been shelled.", "State television", "report", False, "the airport had been shelled"),
    ("The ambassador suggested that sanctions could be eased.", "The ambassador", "suggest", False, "sanctions could be eased"),
    ("The opposition criticized the decision to delay the vote.", "The opposition", "criticize", False, "the decision to delay"),
    ("The army insisted that no civilians had been harmed.", "The army", "insist", False, "no civilians had been harmed"),
    ("Analysts argued that the strategy had failed.", "Analysts", "argue", False, "the strategy had failed"),
    ("The ministry acknowledged that some strikes had missed their targets.", "The ministry", "acknowledge", False, "some strikes had missed"),
    ("The junta stated that the curfew would be lifted on Monday.", "The junta", "state", False, "the curfew would be lifted"),
    ("The spokeswoman explained that the convoy had been delayed by fighting.", "The spokeswoman", "explain", False, "the convoy had been delayed"),
    ("The commander wrote that his unit had run out of ammunition.", "The commander", "write", False, "his unit had run out"),
    ("The mayor posted that the water supply had been restored.", "The mayor", "post", False, "the water supply had been restored"),
    ("The Pentagon has said it is reviewing the footage.", "The Pentagon", "say", False, "it is reviewing the footage"),
    ("The Kremlin says the talks have stalled.", "The Kremlin", "say", False, "the talks have stalled"),
    ("The ministry said in a statement that the strike targeted a weapons depot.", "The ministry", "say", False, "the strike targeted"),
    ('"The depot was a legitimate target," said a statement from the ministry.', "a statement from the ministry", "say", True, "The depot was a legitimate target"),
    ("The spokesman confirmed on Twitter that the talks had resumed.", "The spokesman", "confirm", False, "the talks had resumed"),
    ("In a Twitter post, the minister announced that the border had reopened.", "the minister", "announce", False, "the border had reopened"),
    ("State media quoted the president as saying that the army would not retreat.", "the president", "quote", False, "the army would not retreat"),
    ("A security source said the convoy was ambushed near the border.", "A security source", "say", False, "the convoy was ambushed"),
    ("Investigators found that the strike had hit a school.", "Investigators", "find", False, "the strike had hit a school"),
    ("Local officials and rebel sources reported that two districts were occupied overnight.",
     "Local officials and rebel sources", "report", False, "two districts were occupied"),
    ("The attack, claimed by Islamic State, killed 20 people.", "Islamic State", "claim", False, "The attack"),
    ('Sudan\'s army chief vowed to fight on "until the last soldier".', "Sudan's army chief", "vow", False, 'to fight on "until'),
    ('"We will not leave," the mayor said, "until the last civilian is out."', "the mayor", "say", True,
     "We will not leave, until the last civilian is out."),
    ('"The city is calm. The shops are open," a resident said.', "a resident", "say", True, "The city is calm. The shops are open"),
    ("“Afghan forces will not relent,” said U.S. Army Col. John Smith, the brigade commander. “Their time here is up.”",
     "U.S. Army Col. John Smith, the brigade commander", "say", True, "Afghan forces will not relent, Their time here is up."),
    ('"We ran to the basement.\n\n"Then the roof collapsed," said Amina Yusuf.', "Amina Yusuf", "say", True,
     "We ran to the basement. Then the roof collapsed"),
    ("Ceasefire talks resumed in Doha today. — Antony Blinken (@SecBlinken) March 4, 2024", "Antony Blinken", "tweet", True,
     "Ceasefire talks resumed in Doha today."),
    ("UN chief: “The world is failing Gaza”", "UN chief", "say", True, "The world is failing Gaza"),
    ("Monari village is a safe haven for insurgent leaders said U.S. Army Capt. Aaron Smith, Company B commander.",
     "U.S. Army Capt. Aaron Smith, Company B commander", "say", False, "Monari village is a safe haven"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "claimant", "cue", "direct", "content"), FORMS)
def test_form(nlp, sentence: str, claimant: str, cue: str, direct: bool, content: str) -> None:
    found = _found(nlp, sentence)
    assert len(found) == 1, found
    (claim,) = found
    assert (claim["claimant"], claim["cue"], claim["direct"]) == (claimant, cue, direct)
    assert claim["content"].startswith(content), claim["content"]


# The sentence a claim was made in stops at the line break spaCy ran it on across (no full stop before it).
SENTENCES = [
    ("Ceasefire talks resumed in Doha today.— Antony Blinken (@SecBlinken) March 4, 2024\nThe talks broke off later.",
     "Ceasefire talks resumed in Doha today.— Antony Blinken (@SecBlinken) March 4, 2024"),
    ("The governor said the city had fallen to the Taliban\nResidents fled on foot.",
     "The governor said the city had fallen to the Taliban"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "sentence"), SENTENCES)
def test_claim_sentence_stops_at_the_line(nlp, text: str, sentence: str) -> None:
    (claim,) = _found(nlp, text)
    assert claim["sentence"] == sentence


NOT_CLAIMS = [
    "The militants were said to be hiding in the hills.",
    "The mission was to oust the Taliban, who were said to be harbouring terrorists.",
    "The so-called caliphate collapsed in 2019.",
    "Did the ministry say how many people were killed?",
    "The minister did not say whether the town had fallen.",
    "A spokesman declined to comment.",
    "The president is expected to announce new sanctions on Friday.",
    "The attack claimed the lives of 20 soldiers.",
    "No casualties were reported.",
    "The army called in an airstrike on the village.",
    "The detainee was taken by Afghan forces for prosecution according to GIRoA law.",
    "Insurgents threatened the patrol with rifles.",
    "Soldiers found the village abandoned.",
    "Security forces found a cache of weapons hidden in a well.",
    "He added two more names to the list.",
    "They called off the search.",
    "20 years in Afghanistan - what happened?",
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", NOT_CLAIMS)
def test_not_a_claim(nlp, sentence: str) -> None:
    assert _found(nlp, sentence) == []


# --- several claims, pronouns and anaphora: (passage, [(claimant, resolved, cue, direct)]) -----

PASSAGES = [
    ('Interior Minister Ali Khan visited the border post on Monday. "We will not allow smuggling," he said.',
     [("he", "Interior Minister Ali Khan", "say", True)]),
    ('"The road is closed," said Maria Lopez, a local official. She added that food was running out.',
     [("Maria Lopez, a local official", None, "say", True), ("She", "Maria Lopez, a local official", "add", False)]),
    ("A spokesperson for the rebels told Reuters the town had fallen. The spokesperson said fighters were searching houses.",
     [("A spokesperson for the rebels", None, "tell", False), ("The spokesperson", "A spokesperson for the rebels", "say", False)]),
    ("The Taliban said they had captured the city. They also claimed that 300 soldiers had surrendered.",
     [("The Taliban", None, "say", False), ("They", "The Taliban", "claim", False)]),
    ("The embassy said the visa office would close. It said staff had been evacuated.",
     [("The embassy", None, "say", False), ("It", "The embassy", "say", False)]),
    ("The commander had ties to the leadership in Quetta. He openly claimed responsibility for the bombing.",
     [("He", "The commander", "claim", False)]),
    ("According to a security source, the attack spread fear. “Nobody sleeps,” said the source, who asked not to be named.",
     [("a security source", None, "according to", False), ("the source", "a security source", "say", True)]),
    ("Ross Wilson, the US envoy, criticized the attack, saying it “violates human rights”.",
     [("Ross Wilson, the US envoy", None, "criticize", False), ("Ross Wilson, the US envoy", None, "say", False)]),
    ("Afghan officials said the raid killed eight people, but noted that the minister was not at home.",
     [("Afghan officials", None, "say", False), ("Afghan officials", None, "note", False)]),
    ("Leading the squad was Sgt. Hafiz Rahman, who said this operation has shown him progress.",
     [("Sgt. Hafiz Rahman", None, "say", False)]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("passage", "expected"), PASSAGES)
def test_passage(nlp, passage: str, expected: list[tuple]) -> None:
    found = [(c["claimant"], c["resolved"], c["cue"], c["direct"]) for c in _found(nlp, passage)]
    assert found == expected


@pytest.mark.slow
def test_offsets_point_into_the_text(nlp) -> None:
    text = 'Fighting continued overnight. "The city is calm," a resident told AFP on Sunday. Shops stayed shut.'
    (claim,) = _found(nlp, text)
    assert claim["cue_text"] == "told"
    assert claim["sentence"] == '"The city is calm," a resident told AFP on Sunday.'
    assert claim["content"] == "The city is calm"


@pytest.mark.slow
def test_claimant_is_never_the_platform(nlp) -> None:
    text = "Strikes hit Taliban positions in Sheberghan, Defence Ministry spokesman Fawad Aman confirmed on Twitter."
    (claim,) = _found(nlp, text)
    assert claim["claimant"] == "Defence Ministry spokesman Fawad Aman"


# --- quote marks -----------------------------------------------------------------------------

QUOTES = [
    ('"A, b," he said, "C d." Then', ["A, b,", "C d."]),
    ("“Of course. “We assure you,” Sahin told TASS.", ["Of course.", "We assure you,"]),  # reopened: one quotation
    ("one “quote starts\n\n“and continues here.” end", ["quote starts", "and continues here."]),
    ("will be ‘treated as invaders’ if they don’t leave, the militants’ seizure", ["treated as invaders"]),
    ("as 'invaders' if they fail. they'd go", ["invaders"]),
    ('He is 5\'10" tall and "quoted" here.', ["quoted"]),
    ("“They ask us, ‘do we want bread?’ They are thankful.”", ["They ask us, ‘do we want bread?’ They are thankful."]),
    ('A "stray mark and no end', []),
    # A curly quotation left open at the very end of the text (a truncated article) is kept, and
    # single marks after its opening stay inside it (the scan had indexed one past the text and failed).
    ("He said “we will fight ‘to the end’", ["we will fight ‘to the end’"]),
    ("‘Yes’ and “no", ["Yes", "no"]),
]


@pytest.mark.parametrize(("text", "segments"), QUOTES)
def test_quote_segments(text: str, segments: list[str]) -> None:
    found = [text[s:e] for quote in find_quotes(text) for s, e in quote.segments]
    assert found == segments


@given(st.text(alphabet=list("ab .,:(-\n\"“”«»‘’'"), max_size=40))
def test_any_text_gives_quotes_inside_it_in_order(text: str) -> None:
    """Whatever the marks, quote finding reads the text (one failure rejects the whole article)."""
    quotes = find_quotes(text)
    assert [q.open for q in quotes] == sorted(q.open for q in quotes)
    for quote in quotes:
        assert all(0 <= start <= end <= len(text) for start, end in quote.segments)
        assert quote.close is None or quote.open < quote.close < len(text)


def test_reopened_quotation_is_one_quote() -> None:
    text = "“Of course. “We assure you,” Sahin told TASS."
    (quote,) = find_quotes(text)
    assert len(quote.segments) == 2
    assert quote_at([quote], text.index("assure")) is quote
    assert quote_at([quote], text.index("Sahin")) is None


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ('it "violates human rights"', 0.75),
        ('"all of this is quoted"', 1.0),
        ("nothing quoted here", 0.0),
    ],
)
def test_quoted_share_counts_words(text: str, share: float) -> None:
    assert quoted_share(find_quotes(text), 0, len(text), text) == share


# --- claim records -----------------------------------------------------------------------------


class FakeIndex:
    """An entity index over hand-placed spans."""

    def __init__(self, text: str, entities: dict[str, tuple[str, list[str]]]) -> None:
        self.records: dict[str, EntityRecord] = {}
        for key, (label, surfaces) in entities.items():
            mentions = []
            for surface in surfaces:
                start = text.index(surface)
                mentions.append(Mention(start, start + len(surface), surface))
            self.records[key] = EntityRecord(key=key, types=("Actor",), label=label, mentions=mentions)
        self.added: list[tuple[str, int, int]] = []

    def resolve_actor(self, start: int, end: int) -> EntityRecord:
        for record in self.records.values():
            if any(m.start < end and start < m.end for m in record.mentions):
                return record
        raise AssertionError(f"no actor at {start}-{end}")

    def add_mention(self, record: EntityRecord, start: int, end: int) -> None:
        self.added.append((record.key, start, end))

    def entities_in(self, start: int, end: int) -> list[EntityRecord]:
        inside = [
            (min(m.start for m in r.mentions if start <= m.start and m.end <= end), r)
            for r in self.records.values()
            if any(start <= m.start and m.end <= end for m in r.mentions)
        ]
        return [r for _, r in sorted(inside, key=lambda pair: pair[0])]


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def test_split_quote_content_leaves_out_the_attribution() -> None:
    text = '"Kabul will not fall," Shaheen said, "and Herat is calm." Then'
    attribution = Attribution(
        claimant=_span(text, "Shaheen"),
        claimant_resolved=None,
        cue="say",
        cue_span=_span(text, "said"),
        content=(1, text.index('." Then') + 1),
        direct=True,
        sentence=(0, text.index(" Then")),
    )
    index = FakeIndex(text, {
        "person:shaheen": ("Shaheen", ["Shaheen"]),
        "place:kabul": ("Kabul", ["Kabul"]),
        "place:herat": ("Herat", ["Herat"]),
    })
    claim = claim_from_attribution(attribution, index, text=text)
    assert claim.claimant == "person:shaheen"
    assert claim.content == "Kabul will not fall, and Herat is calm."
    assert claim.about == ["place:kabul", "place:herat"]  # the speaker, outside the quoted words, is not a subject
    assert claim.direct is True
    assert claim.sentence == Mention(0, len(text) - 5, text[: len(text) - 5])
    assert claim.cue_span == Mention(*_span(text, "said"), "said")
    assert claim.content_span.text.startswith("Kabul will not fall")


def test_pronoun_claimant_is_resolved_and_recorded_as_a_mention() -> None:
    text = "Suhail Shaheen spoke in Doha. He said the Taliban would react."
    attribution = Attribution(
        claimant=_span(text, "He"),
        claimant_resolved=_span(text, "Suhail Shaheen"),
        cue="say",
        cue_span=_span(text, "said"),
        content=_span(text, "the Taliban would react"),
        direct=False,
        sentence=_span(text, "He said the Taliban would react."),
    )
    index = FakeIndex(text, {"person:shaheen": ("Suhail Shaheen", ["Suhail Shaheen"]), "org:taliban": ("Taliban", ["Taliban"])})
    claim = claim_from_attribution(attribution, index, text=text)
    assert claim.claimant == "person:shaheen"
    assert index.added == [("person:shaheen", *_span(text, "He"))]
    assert claim.about == ["org:taliban"]
    assert claim.content == "the Taliban would react"


def test_claimant_named_in_its_own_content_is_a_subject() -> None:
    text = "The Taliban said Taliban fighters had entered Kunduz."
    attribution = Attribution(
        claimant=_span(text, "The Taliban"),
        claimant_resolved=None,
        cue="say",
        cue_span=_span(text, "said"),
        content=_span(text, "Taliban fighters had entered Kunduz"),
        direct=False,
        sentence=(0, len(text)),
    )
    index = FakeIndex(text, {"org:taliban": ("Taliban", ["The Taliban", "Taliban fighters"]), "place:kunduz": ("Kunduz", ["Kunduz"])})
    claim = claim_from_attribution(attribution, index, text=text)
    assert claim.about == ["org:taliban", "place:kunduz"]


# --- the scorer and the annotated set -----------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Fawad Aman", "Fawad Aman, a deputy spokesman for the ministry", True),
        ("the U.S. embassy in a statement", "the U.S. embassy", True),
        ("U.S. Army Capt", "U.S. Army Capt. Aaron Schwengler, Company B commander", False),
        ("the spokesman", "Afghan Defence Ministry spokesman Fawad Aman", False),
        ("He", "he", True),
    ],
)
def test_claimant_comparison(predicted: str, gold: str, same: bool) -> None:
    assert _load_benchmark().same_phrase(predicted, gold) is same


def test_gold_annotations_are_well_formed() -> None:
    bench = _load_benchmark()
    entries = bench.load_gold()
    assert len(entries) >= 80
    assert sum(e["source"] == "written" for e in entries) >= 20
    assert any(e["source"].startswith("isafpr") for e in entries)
    assert any(e["source"].startswith("seeds/") for e in entries)
    for entry in entries:
        assert set(entry) == {"text", "source", "claims"}
        for claim in entry["claims"]:
            assert set(claim) == {"claimant", "resolved", "cue", "direct", "content"}
            assert claim["claimant"] in entry["text"]
            assert isinstance(claim["direct"], bool)


@pytest.mark.slow
def test_quality_floor_on_the_annotated_set() -> None:
    scores = _load_benchmark().run()
    floors = {"claimant": 0.95, "cue": 0.95, "direct": 0.95, "content": 0.92}
    reached = {name: round(scores.prf(name)[2], 3) for name in floors}
    assert all(reached[name] >= floor for name, floor in floors.items()), reached
