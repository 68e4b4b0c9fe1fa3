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
