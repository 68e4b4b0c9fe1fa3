"""One real-world event mentioned twice in an article becomes one event.

A later mention merges into an earlier one when it refers back to it (a
definite event noun, "the raid"; a definite or pronoun target, "the
facilitator", "him"; the same named target or captured place) or when it
restates the same toll without a word that adds to it; and when type, named
agents, place and date agree (equal, one inside the other, or one side
unknown). The merged counts take the larger minimum of the mentions: two
reports of one toll are not two tolls.
"""

from __future__ import annotations

from newskg.loaders.event_candidate import VIOLENT_TYPES, ArticleContext, Candidate, larger
from newskg.loaders.event_context import ancestors, compatible_places

# Types that may be two descriptions of one event ("a suicide car bomb-and-gun raid" / "the militant raid").
_SAME_FAMILY = ({"Attack", "Bombing"},)
_ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def _family(event_type: str) -> frozenset[str]:
    for family in _SAME_FAMILY:
        if event_type in family:
            return frozenset(family)
    return frozenset({event_type})


def _refers_back(later: Candidate, earlier: Candidate) -> bool:
    """The later mention points back: "the raid", "the facilitator", "him", the same named target or place."""
    token = later.token
    if token.pos_ in ("NOUN", "PROPN") and any(
        (c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETERMINERS) or (c.dep_ == "poss" and token.tag_ != "NNS")
        for c in token.children
    ):
        return True  # "the raid", "his death"; not "continue their attacks on Lashkargah", whose "their" is the agent
    if later.refers_back and earlier.event_type == later.event_type:
        return True
    named_targets = [k for k in later.targets if not k.startswith("unnamed:")]
    if named_targets and set(named_targets) & set(earlier.targets) and later.event_type in ("Killing", "Detention"):
        return True
    if later.event_type == "Capture" and later.places and set(later.places) & set(earlier.places):
        return True
    return False


def _same_toll(later: Candidate, earlier: Candidate) -> bool:
    """Two mentions that report the same kind of toll: detentions, or killings.

    "killed several insurgents" and "returned fire, killing several insurgents"
    report one killing, once bare and once inside the exchange of fire.
    """
    if later.event_type == earlier.event_type == "Detention":
        return True
    def kills(c: Candidate) -> bool:
        return c.event_type == "Killing" or (c.event_type in VIOLENT_TYPES and c.killed is not None)
    return kills(later) and kills(earlier) and "Killing" in (later.event_type, earlier.event_type)


def _agents_agree(later: Candidate, earlier: Candidate) -> bool:
    """Different named agents make different events ("American troops" / "the Soviet Union")."""
    def named(keys: list[str]) -> set[str]:
        return {k for k in keys if not k.startswith("unnamed:")}

    return not (named(later.agents) and named(earlier.agents) and not named(later.agents) & named(earlier.agents))


def _restates(later: Candidate, earlier: Candidate, context: ArticleContext) -> bool:
    """A second report of the same killing or detention, without a word that adds to it.

    News and releases summarise first and detail after ("killed several
    insurgents ... returned fire, killing several insurgents"); a mention that
    adds says so ("also detained two", "two additional insurgents", "in a
    separate operation"), and different named agents or a different kind of
    victim (civilians, security forces, others) are different events.
    """
    if not _same_toll(later, earlier) or later.segment == earlier.segment:
        return False  # one sentence does not restate itself: "arrested a leader and detained three"
    if later.additive or earlier.rollup:
        return False  # "also detained two"; a summary of several operations is not one of them
    if later.kinds and earlier.kinds and not later.kinds & earlier.kinds:
        return False
    people = {k for k in later.targets if k.startswith("person:")}
    if people and not people & set(earlier.targets):
        return False  # "Bin Laden was killed" is not a restatement of "143 insurgents were killed"
    segments = context.layout.segments
    first, second = earlier.segment.number, later.segment.number
    return not any(seg.heading for seg in segments[first + 1:second + 1])


def _dates_differ(later: Candidate, earlier: Candidate, *, stated_only: bool) -> bool:
    """The two mentions carry different dates; with ``stated_only``, dates both state themselves.

    A mention that points back ("The Taliban leader led the complex attack")
    names the earlier event whatever day it inherited from the release's lead;
    a restated toll with another day ("Six suspected insurgents were detained",
    dated by the lead, after "a leader detained Feb. 26") is another event.
    """
    if not (later.date and earlier.date) or (stated_only and not (later.dated_here and earlier.dated_here)):
        return False
    return later.date.value != earlier.date.value


def merge_mentions(candidates: list[Candidate], context: ArticleContext) -> list[Candidate]:
    result: list[Candidate] = []
    for candidate in candidates:
        matches = [
            earlier for earlier in reversed(result)
            if _agents_agree(candidate, earlier)
            and (
                (candidate.event_type in _family(earlier.event_type) and _refers_back(candidate, earlier)
                 and not _dates_differ(candidate, earlier, stated_only=True))
                or (_restates(candidate, earlier, context) and not _dates_differ(candidate, earlier, stated_only=False))
            )
            and compatible_places(earlier.places, candidate.places, context.by_key)
        ]
        # "detained the leader and two of his associates" goes back to the event about a leader
        same_patient = [m for m in matches if candidate.refers_back and m.patients & candidate.patients]
        target = (same_patient or matches or [None])[0]
        if target is None:
            result.append(candidate)
            continue
        if candidate.event_type == "Bombing" or (target.event_type == "Killing" and candidate.event_type != "Killing"):
            target.event_type = candidate.event_type  # the more telling type: a bombing, the exchange of fire
        for name in ("agents", "targets"):
            merged = getattr(target, name)
            for key in getattr(candidate, name):
                if key not in merged:
                    merged.append(key)
        if not target.places or _more_specific(candidate.places, target.places, context):
            target.places = candidate.places or target.places
        target.date = target.date or candidate.date
        target.killed = larger(target.killed, candidate.killed)
        target.wounded = larger(target.wounded, candidate.wounded)
        target.captured = larger(target.captured, candidate.captured)
    return result


def _more_specific(first: list[str], second: list[str], context: ArticleContext) -> bool:
    return any(b in ancestors(a, context.by_key) for a in first for b in second)
