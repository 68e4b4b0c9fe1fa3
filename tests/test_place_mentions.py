"""``PlaceMentions.within`` answers what a scan of every record's mentions answers, in the same order."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from newskg.loaders.event_context import PlaceMentions
from newskg.loaders.records import EntityRecord, Mention


def _scan(records, start, end, exclude=()):
    """The rule as it reads: every place mention inside [start, end) and outside ``exclude``, in text order."""
    found = [
        (m, r) for r in records if "Place" in r.types for m in r.mentions
        if start <= m.start and m.end <= end and not any(s <= m.start < e for s, e in exclude)
    ]
    found.sort(key=lambda pair: pair[0].start)
    return found


_span = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1]))
_record = st.builds(
    lambda key, types, spans: EntityRecord(
        key=key, types=types, label=key, mentions=[Mention(s, e, "x" * (e - s)) for s, e in spans]
    ),
    st.text("abc", min_size=1, max_size=3),
    st.sampled_from([("Place",), ("Organization",), ("Place", "Organization"), ("Actor",)]),
    st.lists(_span, max_size=5),
)


@given(st.lists(_record, max_size=6), _span, st.lists(_span, max_size=2))
@example([EntityRecord(key="place:x", types=("Place",), label="X", mentions=[Mention(9, 9, "")])], (0, 9), [])
def test_within_is_the_scan_of_every_mention(records, query, exclude) -> None:
    start, end = query
    assert PlaceMentions(records).within(start, end, exclude=exclude) == _scan(records, start, end, exclude)


def test_mentions_that_start_together_keep_the_records_order() -> None:
    first = EntityRecord(key="place:b", types=("Place",), label="B", mentions=[Mention(5, 9, "Kala")])
    second = EntityRecord(key="place:a", types=("Place",), label="A", mentions=[Mention(5, 14, "Kala i Naw")])
    found = PlaceMentions([first, second]).within(0, 20)
    assert [r.key for _m, r in found] == ["place:b", "place:a"]
    assert PlaceMentions([first, second]).within(5, 9) == [(first.mentions[0], first)]
