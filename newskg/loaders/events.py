"""Typed events with agent, target, place, date and counts, found with the dependency parse.

Decisions, each a convention a reader of the graph can rely on:

- Triggers are verbs and event nouns whose clause asserts that something
  happened (see ``event_types``): negated, modal, conditional, intended and
  purpose clauses, and habitual descriptions give no event.
- Casualties belong to the event that caused them: "the militant raid killed
  at least eight people and wounded 20 others" is one attack with killed 8
  ("at least") and wounded 20; "were killed ... after Air Forces targeted their
  gathering" and "returned fire, killing two insurgents" fold the killing into
  the airstrike and the exchange of fire. Killings, detentions and seizures
  during a security operation stay events of their own beside the raid, because
  they are what the operation achieved, not a description of it.
- History is not news: an event dated more than a year before publication, an
  event dated after it (a schedule or deadline), and an undated event framed by
  a background period ("died during the war", "in the 1990s") are left out.
- Place: the most specific places of the trigger's clause, else of its
  sentence, else of earlier sentences of its paragraph, else of the nearest
  heading line above it, else of the dateline (``event_context``).
- Date: the date expression of the trigger's clause, else of its sentence,
  else the date of a dated event of the same sentence, else of the nearest
  earlier dated event of the same paragraph (the lead sentence of a report
  dates the details that follow it). Otherwise None: the publication date is
  never copied into an event, it stays on the article.
- One real-world event mentioned twice is merged within the article when the
  later mention refers back to it (a definite event noun, "the raid", "this
  attack", or the same named target or captured place) and type, place and
  date agree (equal, one inside the other, or one side unknown). Counts of a
  merged event take the larger minimum of the mentions, which are two reports
  of one toll, not two tolls. Mentions that add ("also detained two
  suspected insurgents") are separate events.
- An event whose trigger lies inside a claim's content span is asserted by that
  claim (the innermost one); otherwise by the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from newskg.loaders.event_args import (
    agent_heads,
    conjuncts,
    phrase_count,
    is_additive,
    is_rollup,
    person_kind,
    refers_back,
    resolve_agents,
    resolve_target,
    sentence_counts,
    target_heads,
    token_span,
)
from newskg.loaders.event_context import (
    Segment,
    TextLayout,
    ancestors,
    compatible_places,
    date_expressions,
    has_background_period,
    is_future,
    is_history,
    layout,
    most_specific,
    place_mentions,
    resolve_in,
)
from newskg.loaders.event_types import is_realis, trigger_type
from newskg.loaders.records import ClaimRecord, Count, DateValue, EntityRecord, EventRecord, Mention

# Events whose casualties are counted on them rather than on a separate killing.
VIOLENT_TYPES = frozenset({"Attack", "Airstrike", "Bombing", "Clash", "Raid"})
# Types that may be two descriptions of one event ("a suicide car bomb-and-gun raid" / "the militant raid").
_SAME_FAMILY = ({"Attack", "Bombing"},)
_CLAUSE_BOUNDARIES = frozenset({"ccomp", "relcl", "conj", "parataxis", "advcl", "csubj"})
_CAUSE_PREPOSITIONS = frozenset({"in", "during", "by", "from", "after", "amid"})
_BOUND_WORDS = frozenset({"since", "until", "till", "before", "after", "by", "from", "through", "between"})
_ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


@dataclass
class _Candidate:
    """An event mention while it is being built; becomes an ``EventRecord``."""

    event_type: str
    token: Token
    segment: Segment
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: DateValue | None = None
    dated_here: bool = False
    killed: Count | None = None
    wounded: Count | None = None
    captured: Count | None = None
    host: "_Candidate | None" = None
    dropped: bool = False
    refers_back: bool = False  # its target phrase points back ("the facilitator", "him")
    additive: bool = False  # says it adds to what was reported ("also detained", "two additional")
    rollup: bool = False  # sums up several operations ("during separate operations", "over the past 24 hours")
    kinds: frozenset[str] = frozenset()  # kinds of people acted on: "civilian", "security", "other"
    patients: frozenset[str] = frozenset()  # head words of the target phrases ("leader", "insurgent")


@dataclass
class _Context:
    """What every candidate of one article needs: the text layout, entities and counts."""

    doc: Doc
    layout: TextLayout
    index: object
    records: list[EntityRecord]
    by_key: dict[str, EntityRecord]
    published: date | None
    reference: date | None  # what history is judged against: publication, else the latest full date in the text
    counts: dict[int, list[tuple[int, int, Count]]] = field(default_factory=dict)

    def segment_counts(self, segment: Segment) -> list[tuple[int, int, Count]]:
        key = segment.start
        if key not in self.counts:
            self.counts[key] = sentence_counts(self.layout.text(segment), segment.start)
        return self.counts[key]


def find_events(doc: Doc, *, index, claims: list[ClaimRecord], published: date | None) -> list[EventRecord]:
    """The events an article reports, in text order, merged within the article."""
    records = index.records()
    lay = layout(doc)
    context = _Context(
        doc=doc, layout=lay, index=index, records=records, by_key={r.key: r for r in records},
        published=published, reference=published or _latest_full_date(lay),
    )
    candidates: list[_Candidate] = []
    for token in doc:
        event_type = trigger_type(token)
        if event_type is None or not is_realis(token):
            continue
        candidates.append(_candidate(context, token, event_type))
    _fold_casualties(candidates)
    live = [c for c in candidates if c.host is None]
    for position, candidate in enumerate(live):
        if candidate.event_type == "Wounding":
            candidate.event_type = "Attack"
        candidate.places = _places(context, candidate, live[:position])
        _date(context, candidate)
    _inherit_dates(context, live)
    kept = [c for c in live if not c.dropped]
    merged = _merge(kept, context)
    return [_record(context, c, claims) for c in merged]


# --- building one candidate -----------------------------------------------------------


def _candidate(context: _Context, token: Token, event_type: str) -> _Candidate:
    segment = context.layout.segment_of(token)
    candidate = _Candidate(event_type=event_type, token=token, segment=segment)
    index = context.index
    for head in agent_heads(token):
        referent = head.head.head if head.lower_ in ("which", "that") and head.head.dep_ == "relcl" else head
        if trigger_type(referent) is not None:
            continue  # "the raid killed eight", "an airstrike which killed": the event is not its own agent
        for key in resolve_agents(index, head):
            if key not in candidate.agents:
                candidate.agents.append(key)
    heads = _target_heads(token, event_type)
    candidate.refers_back = any(refers_back(h) for h in heads)
    candidate.additive = is_additive(token, heads)
    candidate.rollup = is_rollup(token)
    candidate.kinds = frozenset(k for h in heads for c in conjuncts(h) if (k := person_kind(c)))
    candidate.patients = frozenset(c.lemma_.lower() for h in heads for c in conjuncts(h) if c.pos_ == "NOUN")
    for head in heads:
        for conjunct in conjuncts(head):
            for key in resolve_target(index, conjunct):
                if key not in candidate.targets and key not in candidate.agents:
                    candidate.targets.append(key)
    counts = context.segment_counts(segment)
    if event_type in ("Killing", "Wounding", "Detention"):
        count = phrase_count(heads, counts, index)
        if event_type == "Killing":
            candidate.killed = count
        elif event_type == "Wounding":
            candidate.wounded = count
        else:
            candidate.captured = count
    return candidate


def _target_heads(token: Token, event_type: str) -> list[Token]:
    if event_type in ("Meeting", "Statement") and token.pos_ in ("VERB", "AUX"):
        objects = [c for c in token.children if c.dep_ == "dobj"]
        for holder in (token, *objects):  # "issued a message to the US", "met with"
            for child in holder.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in ("with", "to"):
                    return [g for g in child.children if g.dep_ == "pobj"]
        return []
    if event_type == "Seizure" and token.pos_ in ("VERB", "AUX"):
        return target_heads(token)  # whose goods: "destroyed a Taliban weapons cache"
    if event_type in ("Capture", "Withdrawal", "Release") and token.pos_ in ("VERB", "AUX"):
        return [] if event_type != "Release" else target_heads(token)
    return target_heads(token)


# --- casualties belong to the event that caused them ----------------------------------


def _fold_casualties(candidates: list[_Candidate]) -> None:
    by_token = {c.token.i: c for c in candidates}
    for candidate in candidates:
        if candidate.event_type not in ("Killing", "Wounding"):
            continue
        host = _host_of(candidate, by_token)
        if host is None:
            continue
        while host.host is not None:
            host = host.host
        if host is candidate:
            continue
        candidate.host = host
        if candidate.killed is not None:
            host.killed = _larger(host.killed, candidate.killed)
        if candidate.wounded is not None:
            host.wounded = _larger(host.wounded, candidate.wounded)
        for key in candidate.targets:
            if key not in host.targets:
                host.targets.append(key)
        for key in candidate.agents:
            if key not in host.agents and not host.agents:
                host.agents.append(key)


def _host_of(candidate: _Candidate, by_token: dict[int, _Candidate]) -> _Candidate | None:
    token = candidate.token
    # "the militant raid killed ...": the subject is the event
    for child in token.children:
        if child.dep_ in ("nsubj", "agent") and child.i in by_token:
            return by_token[child.i]
        if child.dep_ == "nsubj" and child.lower_ in ("which", "that") and token.dep_ == "relcl":
            antecedent = by_token.get(token.head.i)  # "a precision airstrike which killed Rostum"
            if antecedent is not None:
                return antecedent
        if child.dep_ in ("agent",) or (child.dep_ == "prep" and child.lower_ in _CAUSE_PREPOSITIONS):
            for pobj in child.children:
                host = by_token.get(pobj.i)
                if pobj.dep_ == "pobj" and host is not None and host.event_type in VIOLENT_TYPES - {"Raid"}:
                    return host
        if child.dep_ == "advcl" and child.i in by_token and by_token[child.i].event_type in VIOLENT_TYPES - {"Raid"}:
            return by_token[child.i]
    # "returned fire, killing two insurgents"; "killed 8 ... and wounded 20"
    head = token.head
    if head.i != token.i and head.i in by_token:
        host = by_token[head.i]
        if token.dep_ == "advcl" and host.event_type in VIOLENT_TYPES - {"Raid"}:
            return host
        if token.dep_ == "conj" and candidate.event_type == "Wounding" and host.event_type in ("Killing", *VIOLENT_TYPES):
            return host
    return None


def _larger(first: Count | None, second: Count | None) -> Count | None:
    if first is None:
        return second
    if second is None:
        return first
    return second if second.minimum > first.minimum else first


# --- place and date -------------------------------------------------------------------


def _clause_tokens(token: Token) -> list[Token]:
    """The trigger's own clause: its verb's subtree without embedded or coordinated clauses."""
    verb = token
    if token.pos_ not in ("VERB", "AUX"):
        current = token
        for _ in range(6):
            if current.head.i == current.i:
                break
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                verb = current
                break
    kept: list[Token] = []
    stack = [verb]
    while stack:
        current = stack.pop()
        kept.append(current)
        for child in current.children:
            if child.dep_ in _CLAUSE_BOUNDARIES and child.pos_ in ("VERB", "AUX") and child.i != token.i:
                if token in child.subtree:
                    stack.append(child)
                continue
            stack.append(child)
    return sorted(kept, key=lambda t: t.i)


def _ranges(tokens: list[Token]) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t)) for t in tokens]


_PLACE_HEAD_WORDS = frozenset({
    "province", "district", "city", "town", "village", "capital", "region", "area", "county", "state", "country",
    "valley", "border", "outskirts", "centre", "center", "part", "parts", "north", "south", "east", "west",
})


def _is_attribute(token: Token, place_tokens: set[int] = frozenset()) -> bool:
    """A place name used as a modifier of something else: "US troops", "Afghan forces", "Kabul's police"."""
    current = token
    while current.dep_ == "compound" and current.head.pos_ == "PROPN" and current.head.i != current.i:
        current = current.head  # inside a multi-word name: look at the name's own role
    if current.dep_ not in ("compound", "amod", "poss", "nmod"):
        return False
    head = current.head
    text = token.doc.text
    if "\n" in text[min(head.idx, current.idx):max(head.idx, current.idx)]:
        return False  # a heading line parsed into the next sentence
    if head.i in place_tokens or head.ent_type_ in ("GPE", "LOC", "FAC"):
        return False  # "Sangin/Helmand", "Kandahar city"
    return head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in _PLACE_HEAD_WORDS


def _places_in_tokens(
    context: _Context, tokens: list[Token], exclude: list[tuple[int, int]], *, main_clause_only: bool = False
) -> list[str]:
    """Most specific places mentioned in ``tokens`` as locations (not as attributes of actors)."""
    if not tokens:
        return []
    if main_clause_only:  # "Herat, which borders Iran": the relative clause is about Herat, if Herat is there
        inner = {d.i for t in tokens if t.dep_ == "relcl" for d in t.subtree}
        outer = [t for t in tokens if t.i not in inner]
        return _places_in_tokens(context, outer, exclude) or _places_in_tokens(context, tokens, exclude)
    start, end = token_span(tokens)
    ranges = _ranges(tokens)
    mentions = [(o, r) for o, r in place_mentions(context.records, start, end, exclude=exclude)
                if any(s <= o < e for s, e in ranges)]
    roots = {}
    for offset, _record in mentions:
        span = context.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is not None:
            roots[offset] = span.root
    place_tokens = {root.i for root in roots.values()}
    found = [
        record.key for offset, record in mentions
        if offset not in roots or not _is_attribute(roots[offset], place_tokens)
    ]
    return most_specific(found, context.by_key)


def _places(context: _Context, candidate: _Candidate, earlier_events: list[_Candidate]) -> list[str]:
    """Clause, sentence, the paragraph's events, the paragraph, the report's events, headings, dateline.

    The first of these that names a place places the event. An earlier event
    of the same paragraph comes before the paragraph's other sentences: "During
    the operation, the security force also detained two suspected insurgents"
    continues the incident the lead sentence placed, even when a sentence
    between them describes the leader's haunts elsewhere. Then the paragraph's
    sentences ("In Kunar last night, a force went to a compound ... He was
    engaged and killed"), then the nearest earlier event back to the last
    heading (a release's detail paragraphs continue its lead), except a summary
    of several operations, which places none of them.
    """
    if candidate.places:
        return candidate.places
    lay = context.layout
    dateline = [lay.dateline] if lay.dateline else []
    found = _places_in_tokens(context, _clause_tokens(candidate.token), dateline + _actor_spans(candidate))
    if found:
        return found
    segment = candidate.segment
    sentence_tokens = list(context.doc[segment.first:segment.last + 1])
    found = _places_in_tokens(context, sentence_tokens, dateline, main_clause_only=True)
    if found:
        return found
    position = lay.segments.index(segment)
    headings = [i for i, seg in enumerate(lay.segments[:position]) if seg.heading]
    since = headings[-1] if headings else -1
    reported = [
        e for e in earlier_events
        if lay.segments.index(e.segment) > since and e.places and not e.dropped and not e.rollup
    ]
    same_paragraph = [e for e in reported if e.segment.paragraph == segment.paragraph]
    if same_paragraph:
        return list(same_paragraph[-1].places)
    for earlier in reversed(lay.segments[:position]):
        if earlier.paragraph != segment.paragraph or earlier.heading:
            break
        found = _places_in_tokens(
            context, list(context.doc[earlier.first:earlier.last + 1]), dateline, main_clause_only=True
        )
        if found:
            return found
    if reported:
        return list(reported[-1].places)
    for earlier in reversed(lay.segments[:position]):
        if earlier.heading:
            found = _places_in_tokens(context, list(context.doc[earlier.first:earlier.last + 1]), dateline)
            if found:
                return found
    if lay.dateline:
        start, end = lay.dateline
        keys = [record.key for _, record in place_mentions(context.records, start, end)]
        return most_specific(keys, context.by_key)
    return []


def _actor_spans(candidate: _Candidate) -> list[tuple[int, int]]:
    """Agent phrases are actors, not locations ("Russia warned"); so are the addressees of statements."""
    heads = list(agent_heads(candidate.token))
    if candidate.event_type in ("Statement", "Meeting"):
        heads += _target_heads(candidate.token, candidate.event_type)
    return [token_span(list(head.subtree)) for head in heads]


def _expressions(context: _Context, segment: Segment) -> list[tuple[int, int, str]]:
    """Date expressions that can date an event of the segment.

    Not the dateline's (the filing date), and not the bounds of a period
    ("since Oct. 1", "until June", "by 11 September"), which date no single event.
    """
    dateline = context.layout.dateline
    text = context.doc.text
    found = []
    for start, end, expression in date_expressions(context.layout, segment):
        if dateline and dateline[0] <= start < dateline[1]:
            continue
        before = text[max(0, start - 12):start].lower().split()
        if before and before[-1] in _BOUND_WORDS:
            continue
        found.append((start, end, expression))
    return found


def _tree_distance(first: Token, second: Token) -> int:
    """Edges between two tokens of one parse: a date on the trigger's verb beats one inside its object."""
    path = {}
    current, steps = first, 0
    while True:
        path[current.i] = steps
        if current.head.i == current.i:
            break
        current, steps = current.head, steps + 1
    current, steps = second, 0
    while current.i not in path:
        if current.head.i == current.i:
            return 99
        current, steps = current.head, steps + 1
    return steps + path[current.i]


def _phrase_tokens(noun: Token) -> list[Token]:
    """An event noun's own phrase, without relative clauses about its participants."""
    kept: list[Token] = []
    stack = [noun]
    while stack:
        current = stack.pop()
        kept.append(current)
        stack.extend(c for c in current.children if c.dep_ not in ("relcl", "acl", "advcl", "appos", "ccomp"))
    return kept


def _date(context: _Context, candidate: _Candidate) -> None:
    """The date expression nearest the trigger in its phrase, else its clause, else its sentence.

    Outside the trigger's own phrase, a date that modifies another noun ("the
    Aug. 7 attack", "Tuesday's attack") dates that noun, not this event.
    """
    token = candidate.token
    clause = _clause_tokens(token)
    if has_background_period(clause):
        candidate.dropped = True
        return
    doc = context.doc
    expressions = [(e, doc.char_span(e[0], e[1], alignment_mode="expand").root) for e in _expressions(context, candidate.segment)]
    own = _phrase_tokens(token) if token.pos_ in ("NOUN", "PROPN") else []
    levels = [(own, True), (clause, False), (list(doc[candidate.segment.first:candidate.segment.last + 1]), False)]
    chosen = None
    for tokens, own_phrase in levels:
        ranges = _ranges(tokens)
        inside = [
            (e, root) for e, root in expressions
            if any(s <= e[0] < end for s, end in ranges) and (own_phrase or not _modifies_other_noun(root, token))
        ]
        if inside:
            chosen = min(inside, key=lambda pair: (
                _dates_the_report(pair[1], token), _tree_distance(token, pair[1]), abs(pair[0][0] - token.idx)
            ))[0]
            break
    value = resolve_in(context.layout, candidate.segment, chosen, published=context.published) if chosen else None
    if value is None:
        if has_background_period(list(doc[candidate.segment.first:candidate.segment.last + 1])):
            candidate.dropped = True  # "... which enabled it to take over the country in the mid 2010s"
        return
    if is_history(value, published=context.reference) or is_future(value, published=context.published):
        candidate.dropped = True
        return
    candidate.date = value
    candidate.dated_here = True


def _latest_full_date(lay: TextLayout) -> date | None:
    """Without a publication date, the latest date the text spells out with its year stands in for it.

    It only decides what is history ("killed in May, 2011" in an article that
    also names "September 11, 2021"); relative dates still cannot be resolved.
    """
    latest: date | None = None
    for segment in lay.segments:
        for _start, _end, expression in date_expressions(lay, segment):
            value = resolve_in(lay, segment, (_start, _end, expression), published=None)
            if value is not None and value.precision == "day" and (latest is None or value.value > latest):
                latest = value.value
    return latest


_REPORT_VERBS = frozenset({
    "say", "confirm", "announce", "report", "tell", "state", "add", "claim", "reveal", "disclose",
    "acknowledge", "verify", "release", "publish", "note", "declare",
})


def _dates_the_report(root: Token, trigger: Token) -> bool:
    """"confirmed today the arrest ... Friday": today dates the confirmation, Friday the arrest."""
    return root.head.lemma_.lower() in _REPORT_VERBS and root.head.i != trigger.i and trigger.pos_ in ("NOUN", "PROPN")


def _modifies_other_noun(root: Token, trigger: Token) -> bool:
    """A date that belongs to another noun: "the Aug. 7 attack", "an attack Jan. 7", "Tuesday's attack"."""
    if root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN") and (
        root.head.i != trigger.i
    ):
        return True
    ancestors_of_trigger = {t.i for t in trigger.ancestors} | {trigger.i}
    current = root
    while current.head.i != current.i and current.head.i not in ancestors_of_trigger:
        current = current.head
        if current.pos_ == "NOUN" and trigger_type(current) is not None:
            return True
    return False


def _inherit_dates(context: _Context, candidates: list[_Candidate]) -> None:
    """Undated mentions take the date of their sentence, then of their paragraph.

    First a dated event of the same sentence, then the nearest earlier dated
    event of the same paragraph, then the nearest earlier date expression of
    the paragraph ("Yesterday in Kunar province, forces received fire ...
    killing several insurgents").
    """
    segments = context.layout.segments
    for position, candidate in enumerate(candidates):
        if candidate.date is not None or candidate.dropped:
            continue
        same_sentence = [c for c in candidates if c.segment == candidate.segment and c.dated_here and not c.dropped]
        if same_sentence:
            candidate.date = same_sentence[0].date
            continue
        for earlier in reversed(candidates[:position]):
            if earlier.segment.paragraph != candidate.segment.paragraph:
                break
            if earlier.date is not None and not earlier.dropped:
                candidate.date = earlier.date
                break
        if candidate.date is not None:
            continue
        at = segments.index(candidate.segment)
        for earlier_segment in reversed(segments[:at]):
            if earlier_segment.paragraph != candidate.segment.paragraph or earlier_segment.heading:
                break
            found = _expressions(context, earlier_segment)
            values = [resolve_in(context.layout, earlier_segment, e, published=context.published) for e in found]
            values = [v for v in values if v is not None and not is_history(v, published=context.published)
                      and not is_future(v, published=context.published)]
            if values:
                candidate.date = values[-1]
                break


# --- merging mentions of one event ----------------------------------------------------


def _family(event_type: str) -> frozenset[str]:
    for family in _SAME_FAMILY:
        if event_type in family:
            return frozenset(family)
    return frozenset({event_type})


def _refers_back(later: _Candidate, earlier: _Candidate) -> bool:
    """The later mention points back: "the raid", "the facilitator", "him", the same named target or place."""
    token = later.token
    if token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and (c.lower_ in _ANAPHORIC_DETERMINERS or c.dep_ == "poss") for c in token.children
    ):
        return True
    if later.refers_back and earlier.event_type == later.event_type:
        return True
    named_targets = [k for k in later.targets if not k.startswith("unnamed:")]
    if named_targets and set(named_targets) & set(earlier.targets) and later.event_type in ("Killing", "Detention"):
        return True
    if later.event_type == "Capture" and later.places and set(later.places) & set(earlier.places):
        return True
    return False


def _same_toll(later: _Candidate, earlier: _Candidate) -> bool:
    """Two mentions that report the same kind of toll: detentions, or killings.

    "killed several insurgents" and "returned fire, killing several insurgents"
    report one killing, once bare and once inside the exchange of fire.
    """
    if later.event_type == earlier.event_type == "Detention":
        return True
    def kills(c: _Candidate) -> bool:
        return c.event_type == "Killing" or (c.event_type in VIOLENT_TYPES and c.killed is not None)
    return kills(later) and kills(earlier) and "Killing" in (later.event_type, earlier.event_type)


def _agents_agree(later: _Candidate, earlier: _Candidate) -> bool:
    """Different named agents make different events ("American troops" / "the Soviet Union")."""
    def named(keys: list[str]) -> set[str]:
        return {k for k in keys if not k.startswith("unnamed:")}

    return not (named(later.agents) and named(earlier.agents) and not named(later.agents) & named(earlier.agents))


def _restates(later: _Candidate, earlier: _Candidate, context: _Context) -> bool:
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
    first, second = segments.index(earlier.segment), segments.index(later.segment)
    return not any(seg.heading for seg in segments[first + 1:second + 1])


def _merge(candidates: list[_Candidate], context: _Context) -> list[_Candidate]:
    result: list[_Candidate] = []
    for candidate in candidates:
        matches = [
            earlier for earlier in reversed(result)
            if _agents_agree(candidate, earlier)
            and (
                (candidate.event_type in _family(earlier.event_type) and _refers_back(candidate, earlier))
                or _restates(candidate, earlier, context)
            )
            and compatible_places(earlier.places, candidate.places, context.by_key)
            and not (earlier.date and candidate.date and earlier.date.value != candidate.date.value)
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
        target.killed = _larger(target.killed, candidate.killed)
        target.wounded = _larger(target.wounded, candidate.wounded)
        target.captured = _larger(target.captured, candidate.captured)
    return result


def _more_specific(first: list[str], second: list[str], context: _Context) -> bool:
    return any(b in ancestors(a, context.by_key) for a in first for b in second)


# --- records --------------------------------------------------------------------------


def _claim_of(trigger_start: int, claims: list[ClaimRecord]) -> int | None:
    best: int | None = None
    best_length = 0
    for number, claim in enumerate(claims):
        span = claim.content_span
        if span is None or not (span.start <= trigger_start < span.end):
            continue
        length = span.end - span.start
        if best is None or length < best_length:
            best, best_length = number, length
    return best


def _record(context: _Context, candidate: _Candidate, claims: list[ClaimRecord]) -> EventRecord:
    token = candidate.token
    segment = candidate.segment
    text = context.doc.text
    return EventRecord(
        event_type=candidate.event_type,
        trigger=Mention(token.idx, token.idx + len(token), token.text),
        sentence=Mention(segment.start, segment.end, text[segment.start:segment.end]),
        agents=list(candidate.agents),
        targets=list(candidate.targets),
        places=list(candidate.places),
        date=candidate.date,
        killed=candidate.killed,
        wounded=candidate.wounded,
        captured=candidate.captured,
        claim=_claim_of(token.idx, claims),
    )

