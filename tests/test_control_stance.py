"""Control stance of a claim, one line per sentence (True: the place was taken; False: it was not)."""

from __future__ import annotations

import pytest

from newskg.loaders.control_stance import control_stance


@pytest.mark.parametrize(
    ("content", "capture_here", "stance"),
    [
        ("the Taliban seized control of Sheberghan", False, True),
        ("the city fell to the insurgents on Friday", False, True),
        ("the district is now under rebel control", False, True),
        ("the port came under Houthi control on Tuesday", False, True),
        ("the town is under the militants' control", False, True),
        ("the area is under the Taliban's control", False, True),
        ("the situation is under full control of the security forces", False, None),
        ("the city is under government control", False, None),
        ("the provincial capital is in the hands of the militants", False, True),
        ("the Taliban had advanced in some areas of Sheberghan", False, False),
        ("the fighters advanced into parts of the city but were stopped", False, False),
        ("they only advanced to the outskirts", False, False),
        ("the attack was repelled and the district cleared of insurgents", False, False),
        ("government forces retook the town", False, False),
        ("the claims of its fall are baseless", False, False),
        ("the insurgents seized the district but were later pushed back", False, None),  # both: no side
        ("the governor visited the city", False, None),
        ("the governor visited the city", True, True),  # the claim asserts a capture there
    ],
)  # fmt: skip
def test_control_stance(content: str, capture_here: bool, stance: bool | None) -> None:
    assert control_stance(content, asserts_capture_here=capture_here) is stance


def test_wordings_are_lower_case() -> None:
    """The ASCII fast path searches lowered text case-sensitively: an upper-case letter in a wording
    (or ``\\W``, ``\\B``) would no longer mean what it means under ``re.IGNORECASE``."""
    from newskg.loaders.control_stance import _ASSERTS, _DENIES

    assert _ASSERTS == _ASSERTS.lower() and _DENIES == _DENIES.lower()


def _reference_stance(content: str, capture_here: bool) -> bool | None:
    """The stance from the two case-insensitive patterns alone, as before the ASCII fast path."""
    from newskg.loaders.control_stance import ASSERTS_CONTROL, DENIES_CONTROL

    asserts = capture_here or bool(ASSERTS_CONTROL.search(content))
    denies = bool(DENIES_CONTROL.search(content))
    return None if asserts == denies else asserts


_PIECES = (
    "seize seized SEIZES Seizing captured CAPTURE overran overrun Overrunning took control Taken Control "
    "fell fallen falls to under the government's control under rebel control under the Houthi's control "
    "under militants' control under full control in the hands of repel repelled repulse cleared clear of "
    "retake retook recapture pushed back being pushed unable to hold not fallen not under only advanced "
    "advanced in some areas advanced only into several neighborhoods advanced into parts of still under "
    "our control remains under government baseless untrue false claims denied Denies x the our state 9 _ "
    "underground unseized refell"
).split()


def test_fast_path_gives_the_patterns_answer() -> None:
    """ASCII text (lowered, searched case-sensitively) and other text (the patterns themselves) agree
    with the case-insensitive patterns, however the wordings are cased, joined or surrounded."""
    import random

    rng = random.Random(7)
    for _ in range(20_000):
        words = [w if rng.random() < 0.6 else (w.upper() if rng.random() < 0.5 else w.title())
                 for w in rng.choices(_PIECES, k=rng.randint(1, 7))]  # fmt: skip
        content = rng.choice([" ", "", "-", "_", ", ", "'", "’", ".\n", "é"]).join(words)
        for here in (False, True):
            assert control_stance(content, asserts_capture_here=here) is _reference_stance(content, here), content
