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
- History is not news: an event dated more than a year before publication (without a
  publication date: before the month of the release's reference header, "2011-07-S-003",
  else the latest full date in the text), an
  event dated after it (a schedule or deadline), and an undated event framed by
  a background period ("died during the war", "in the 1990s") are left out.
- Place (``event_where_when.place_of``): the most specific places of the
  trigger's clause, else of its sentence, else of an earlier event of its
  paragraph, else of the paragraph's earlier sentences, else of the nearest
  earlier event of the report (back to the last heading line), else of the
  nearest heading line above it ("Sangin/Helmand"), else of the dateline
  ("PAKTIKA PROVINCE, Afghanistan -", "KABUL:"). A place used as an attribute
  of an actor ("US troops", "Afghan forces") is not a location.
- Date (``event_where_when.date_of``): the date expression nearest the trigger
  in the parse, in its own phrase, else its clause, else its sentence (never
  the dateline's, which dates the filing; never the bound of a period, "since
  Oct. 1"), and never a date that modifies another noun ("the Aug. 7 attack")
  unless that noun is the occasion the trigger happened in ("during an overnight
  operation"); else the date of a dated event of the same sentence, else a date
  in a verbless tail the parser cut off the sentence, else of the nearest
  earlier dated event or date expression of the same paragraph, else the date of
  the report's lead (the lead of a report dates the details that follow it; a
  report begins after a heading or at a dateline line). Otherwise None: the
  publication date is never copied into an event, it stays on the article.
- One real-world event mentioned twice is merged within the article
  (``event_merge``): when the later mention refers back ("the raid", "the
  facilitator", "him", the same named target) or restates the same toll
  without a word that adds to it ("also", "additional", "in a separate
  operation"), and type, named agents, place and date agree. Counts take the
  larger minimum of the mentions: two reports of one toll are not two tolls.
  Summaries of several operations ("during separate operations over the past
  24 hours") are never restated by their parts.
- An event whose trigger lies inside a claim's content span is asserted by that
  claim (the innermost one); otherwise by the article.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newskg.loaders.doc_text import text_of, tokens_of
from newskg.loaders.event_args import (
    agent_heads,
    conjuncts,
    event_target_heads,
    heads_on_line,
    is_additive,
    is_rollup,
    person_kind,
    phrase_count,
    refers_back,
    resolve_agents,
    resolve_target,
)
from newskg.loaders.event_candidate import VIOLENT_TYPES, ArticleContext, Candidate, larger
from newskg.loaders.dates import find_reference_month
from newskg.loaders.event_context import layout
from newskg.loaders.event_merge import merge_mentions
from newskg.loaders.event_types import is_realis, trigger_type
from newskg.loaders.event_where_when import date_of, inherit_dates, latest_full_date, place_of
from newskg.loaders.records import ClaimRecord, EventRecord, Mention

if TYPE_CHECKING:
    from newskg.loaders.entities import EntityIndex

_CAUSE_PREPOSITIONS = frozenset({"in", "during", "by", "from", "after", "amid"})


def find_events(doc: Doc, *, index: EntityIndex, claims: list[ClaimRecord], published: date | None) -> list[EventRecord]:
    """The events an article reports, in text order, merged within the article."""
    records = index.records()
    lay = layout(doc)
    context = ArticleContext(
        doc=doc, layout=lay, index=index, records=records, by_key={r.key: r for r in records},
        published=published, reference=published or find_reference_month(text_of(doc)) or latest_full_date(lay),
    )
    candidates: list[Candidate] = []
    for token in tokens_of(doc):
        event_type = trigger_type(token)
        if event_type is None or not is_realis(token):
            continue
        candidates.append(_candidate(context, token, event_type))
    _fold_casualties(candidates)
    live = [c for c in candidates if c.host is None]
    for position, candidate in enumerate(live):
        if candidate.event_type == "Wounding":
            candidate.event_type = "Attack"
        candidate.places = place_of(context, candidate, live[:position])
        date_of(context, candidate)
    inherit_dates(context, live)
    kept = [c for c in live if not c.dropped]
    merged = merge_mentions(kept, context)
    return [_record(context, c, claims) for c in merged]


# --- building one candidate -----------------------------------------------------------


def _candidate(context: ArticleContext, token: Token, event_type: str) -> Candidate:
    segment = context.layout.segment_of(token)
    candidate = Candidate(event_type=event_type, token=token, segment=segment)
    index = context.index
    for head in heads_on_line(agent_heads(token), token):
        referent = head.head.head if head.lower_ in ("which", "that") and head.head.dep_ == "relcl" else head
        if trigger_type(referent) is not None:
            continue  # "the raid killed eight", "an airstrike which killed": the event is not its own agent
        for key in resolve_agents(index, head):
            if key not in candidate.agents:
                candidate.agents.append(key)
    heads = event_target_heads(token, event_type)
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
    if event_type in ("Killing", "Wounding", "Detention"):  # the only types with counts: read only for them
        count = phrase_count(heads, context.segment_counts(segment), index)
        if event_type == "Killing":
            candidate.killed = count
        elif event_type == "Wounding":
            candidate.wounded = count
        else:
            candidate.captured = count
    return candidate


# --- casualties belong to the event that caused them ----------------------------------


def _fold_casualties(candidates: list[Candidate]) -> None:
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
            host.killed = larger(host.killed, candidate.killed)
        if candidate.wounded is not None:
            host.wounded = larger(host.wounded, candidate.wounded)
        for key in candidate.targets:
            if key not in host.targets:
                host.targets.append(key)
        for key in candidate.agents:
            if key not in host.agents and not host.agents:
                host.agents.append(key)


def _host_of(candidate: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
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


# --- place and date -------------------------------------------------------------------


# --- merging mentions of one event ----------------------------------------------------


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


def _record(context: ArticleContext, candidate: Candidate, claims: list[ClaimRecord]) -> EventRecord:
    token = candidate.token
    segment = candidate.segment
    text = text_of(context.doc)
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

