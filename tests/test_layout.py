"""The text layout the event rules walk: sentences cut again at hard line breaks, one line per case.

Built on a blank pipeline with a sentencizer, so each case shows exactly how the
cutting reads the line breaks, spaces and headings of its text.
"""

from __future__ import annotations

import pytest
import spacy

from newskg.loaders.event_context import layout

# text -> [(segment text, first token, last token, paragraph, heading)], token -> segment
CASES = [
    ("Taliban fighters took Kunduz. Officials said so.",
     [("Taliban fighters took Kunduz.", 0, 4, 0, False), ("Officials said so.", 5, 8, 0, False)],
     [0, 0, 0, 0, 0, 1, 1, 1, 1]),
    ("KABUL, Afghanistan (Aug. 7) -\nThe Taliban took Sheberghan on Friday.",
     [("KABUL, Afghanistan (Aug. 7) -", 0, 7, 0, True), ("The Taliban took Sheberghan on Friday.", 9, 15, 1, False)],
     [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
    ("Headline without a stop\n\nThe first paragraph. A second sentence.\n\n  \nLast line",
     [("Headline without a stop", 0, 3, 0, True), ("The first paragraph.", 5, 8, 2, False),
      ("A second sentence.", 9, 12, 2, False), ("Last line", 14, 15, 5, True)],
     [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 3, 3]),
    ("A long line that wraps in the middle of a sentence because the page was narrow and\n"
     "it runs on in lower case. Then a new one.",
     [("A long line that wraps in the middle of a sentence because the page was narrow and\n"
       "it runs on in lower case.", 0, 24, 0, False), ("Then a new one.", 25, 29, 0, False)],
     [0] * 25 + [1] * 5),
    ("  Leading spaces.\n\n\n Trailing spaces  \n",
     [("Leading spaces.", 1, 3, 0, False), ("Trailing spaces", 5, 6, 3, True)],
     [0, 0, 0, 0, 0, 1, 1, 1]),
    ("One\nTwo\nThree.", [("One", 0, 0, 0, True), ("Two", 2, 2, 1, True), ("Three.", 4, 5, 2, False)], [0, 0, 1, 0, 2, 2]),
    ("", [], []),
    ("\n\n", [], [0]),
]


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@pytest.mark.parametrize(("text", "segments", "token_segment"), CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_layout_cuts_sentences_at_hard_breaks(nlp, text: str, segments: list, token_segment: list[int]) -> None:
    found = layout(nlp(text))
    assert [(text[s.start:s.end], s.first, s.last, s.paragraph, s.heading) for s in found.segments] == segments
    assert found.token_segment == token_segment
    assert [s.number for s in found.segments] == list(range(len(segments)))
