"""Where and when one event happened: its places and date, from its clause outwards.

The widening circles and their order are documented on ``place_of`` and
``date_of``; the text layout they walk (sentences, paragraphs, headings,
dateline) is ``event_context``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import takewhile

from spacy.tokens import Token

from newskg.loaders.doc_text import kept_per_token, text_of
from newskg.loaders.event_args import agent_heads, event_target_heads, token_span
from newskg.loaders.event_candidate import ArticleContext, Candidate
from newskg.loaders.event_context import (
    Segment,
    ancestors,
    TextLayout,
    date_expressions,
    has_background_period,
    is_future,
    is_history,
    most_specific,
    resolve_in,
)
from newskg.loaders.dates import opens_with_dateline
from newskg.loaders.event_types import trigger_type
from newskg.loaders.records import DateValue

# Passive verbs whose subject is the captured place: "Kunduz was captured", "two districts were occupied".
CAPTURE_PASSIVES = frozenset({"capture", "seize", "overrun", "occupy", "take", "retake", "recapture", "besiege"})
_CLAUSE_BOUNDARIES = frozenset({"ccomp", "relcl", "conj", "parataxis", "advcl", "csubj"})
_BOUND_WORDS = frozenset({"since", "until", "till", "before", "after", "by", "from", "through", "between"})


@kept_per_token
def clause_tokens(token: Token) -> list[Token]:
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
                if child.is_ancestor(token):  # ``token in child.subtree``, walking up instead of down
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
    """A place name used as a modifier of something else ("US troops", "Afghan forces", "Kabul's police"),
    or as the subject that acts ("as the US is soon to complete its pullout")."""
    current = token
    while current.dep_ == "compound" and current.head.pos_ == "PROPN" and current.head.i != current.i:
        current = current.head
    text = text_of(token.doc)
    if "\n" in text[min(current.head.idx, current.idx):max(current.head.idx, current.idx)]:
        return False  # a heading line parsed into the next sentence
    copula = current.head.lemma_.lower() == "be" and not any(c.dep_ == "xcomp" for c in current.head.children)
    if current.dep_ in ("nsubj", "nsubjpass") and current.head.lemma_.lower() != "fall" and not copula:
        return not (current.dep_ == "nsubjpass" and current.head.lemma_.lower() in CAPTURE_PASSIVES)
    while current.dep_ == "compound" and current.head.pos_ == "PROPN" and current.head.i != current.i:
        current = current.head  # inside a multi-word name: look at the name's own role
    if current.dep_ not in ("compound", "amod", "poss", "nmod"):
        return False
    head = current.head
    text = text_of(token.doc)
    if "\n" in text[min(head.idx, current.idx):max(head.idx, current.idx)]:
        return False  # a heading line parsed into the next sentence
    if head.i in place_tokens or head.ent_type_ in ("GPE", "LOC", "FAC"):
        return False  # "Sangin/Helmand", "Kandahar city"
    return head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in _PLACE_HEAD_WORDS


def _places_in_tokens(
    context: ArticleContext, tokens: list[Token], exclude: list[tuple[int, int]], *, main_clause_only: bool = False
) -> list[str]:
    """Most specific places mentioned in ``tokens`` as locations (not as attributes of actors)."""
    if not tokens:
        return []
    start, end = token_span(tokens)
    within = context.place_mentions.within(start, end, exclude=exclude)
    if not within:
        return []  # most clauses and sentences name no place: their clauses and tokens' ranges are not read
    if main_clause_only:  # "Herat, which borders Iran": the relative clause is about Herat, if Herat is there
        inner = {d.i for t in tokens if t.dep_ == "relcl" for d in t.subtree}
        outer = [t for t in tokens if t.i not in inner]
        return _places_in_tokens(context, outer, exclude) or _places_in_tokens(context, tokens, exclude)
    ranges = _ranges(tokens)
    mentions = [(m, r) for m, r in within if any(s <= m.start < e for s, e in ranges)]
    # Each name is read from its first word and from the root of the whole name: spaCy may hang
    # the first words of "Kala i Naou" on the last as nmod, so the first word alone looks like a
    # modifier of another noun. A name is a location when either reading says so.
    views: list[list[Token]] = []
    for mention, _record in mentions:
        first = context.doc.char_span(mention.start, mention.start + 1, alignment_mode="expand")
        whole = context.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        views.append([span.root for span in (first, whole) if span is not None])
    place_tokens = {roots[0].i for roots in views if roots}
    found = [
        record.key for (_mention, record), roots in zip(mentions, views)
        if not roots or not all(_is_attribute(root, place_tokens) for root in roots)
    ]
    return most_specific(found, context.by_key)


def place_of(context: ArticleContext, candidate: Candidate, earlier_events: list[Candidate]) -> list[str]:
    """Clause, sentence, the paragraph's events, the paragraph, the report's events, headings,
    the report's earlier paragraphs, the rest of the paragraph, the dateline's country.

    The first of these that names a place places the event. An earlier event
    of the same paragraph comes before the paragraph's other sentences: "During
    the operation, the security force also detained two suspected insurgents"
    continues the incident the lead sentence placed, even when a sentence
    between them describes the leader's haunts elsewhere. Then the paragraph's
    sentences ("In Kunar last night, a force went to a compound ... He was
    engaged and killed"), then the nearest earlier event back to the last
    heading (a release's detail paragraphs continue its lead), except a summary
    of several operations, which places none of them. The country of the
    dateline's filing city comes last, after every place the report itself names.
    """
    if candidate.places:
        return candidate.places
    lay = context.layout
    dateline = [lay.dateline] if lay.dateline else []
    found = _places_in_tokens(context, clause_tokens(candidate.token), dateline + _actor_spans(candidate))
    if found:
        return found
    segment = candidate.segment
    sentence_tokens = context.segment_tokens(segment)
    found = _places_in_tokens(context, sentence_tokens, dateline, main_clause_only=True)
    if found:
        return found
    position = segment.number
    headings = [i for i, seg in enumerate(lay.segments[:position]) if seg.heading]
    since = headings[-1] if headings else -1
    reported = [
        e for e in earlier_events
        if e.segment.number > since and e.places and not e.dropped and not e.rollup
    ]
    same_paragraph = [e for e in reported if e.segment.paragraph == segment.paragraph]
    if same_paragraph:
        return list(same_paragraph[-1].places)
    earlier = list(takewhile(lambda s: not s.heading, reversed(lay.segments[:position])))
    found = _places_in_segments(context, [s for s in earlier if s.paragraph == segment.paragraph], dateline)
    if found:
        return found
    if reported:
        return list(reported[-1].places)
    for heading in reversed(lay.segments[:position]):
        if heading.heading:
            found = _places_in_tokens(context, context.segment_tokens(heading), dateline)
            if found:
                return found
    later = takewhile(lambda s: s.paragraph == segment.paragraph and not s.heading, lay.segments[position + 1:])
    found = _places_in_segments(context, [s for s in earlier if s.paragraph != segment.paragraph], dateline) \
        or _places_in_segments(context, later, dateline)
    if found:
        return found
    if lay.dateline:
        start, end = lay.dateline
        keys = [record.key for _, record in context.place_mentions.within(start, end)]
        return _countries_of(most_specific(keys, context.by_key), context)
    return []


def _countries_of(keys: list[str], context: ArticleContext) -> list[str]:
    """The countries of the dateline's places: "KABUL:" says where the report was filed, and an event the
    text places nowhere ("the Taliban's offensive against Afghan cities") happened in that country, not
    in that city."""
    found = []
    for key in keys:
        for place in (key, *ancestors(key, context.by_key)):
            record = context.by_key.get(place)
            if record is not None and record.place_type == "country" and place not in found:
                found.append(place)
    return found


def _places_in_segments(context: ArticleContext, segments: Iterable[Segment], dateline: list[tuple[int, int]]) -> list[str]:
    """The places named in the main clauses of the first of ``segments`` that names any."""
    for segment in segments:
        found = _places_in_tokens(
            context, context.segment_tokens(segment), dateline, main_clause_only=True
        )
        if found:
            return found
    return []


def _actor_spans(candidate: Candidate) -> list[tuple[int, int]]:
    """Agent phrases are actors, not locations ("Russia warned"); so are the addressees of statements."""
    heads = list(agent_heads(candidate.token))
    if candidate.event_type in ("Statement", "Meeting"):
        heads += event_target_heads(candidate.token, candidate.event_type)
    # A subtree's first and last tokens are its edges (``token_span(list(head.subtree))`` without the list).
    return [(head.left_edge.idx, head.right_edge.idx + len(head.right_edge)) for head in heads]


def _expressions(context: ArticleContext, segment: Segment) -> list[tuple[int, int, str]]:
    """Date expressions that can date an event of the segment.

    Not the dateline's (the filing date), and not the bounds of a period
    ("since Oct. 1", "until June", "by 11 September"), which date no single event.
    Found once per segment: every candidate of the segment asks (what it returns is
    shared: read it, never change it).
    """
    found = context.expressions.get(segment.start)
    if found is None:
        found = context.expressions[segment.start] = _segment_expressions(context, segment)
    return found


def _segment_expressions(context: ArticleContext, segment: Segment) -> list[tuple[int, int, str]]:
    dateline = context.layout.dateline
    text = text_of(context.doc)
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


def date_of(context: ArticleContext, candidate: Candidate) -> None:
    """The date expression nearest the trigger in its phrase, else its clause, else its sentence.

    Outside the trigger's own phrase, a date that modifies another noun ("the
    Aug. 7 attack", "Tuesday's attack") dates that noun, not this event.
    """
    token = candidate.token
    clause = clause_tokens(token)
    if has_background_period(clause) or _tally_since(candidate):
        candidate.dropped = True
        return
    doc = context.doc
    expressions = [(e, doc.char_span(e[0], e[1], alignment_mode="expand").root) for e in _expressions(context, candidate.segment)]
    own = _phrase_tokens(token) if token.pos_ in ("NOUN", "PROPN") else []
    sentence = context.segment_tokens(candidate.segment)
    levels = [(own, True), (clause, False), (sentence, False)]
    chosen = None
    for tokens, own_phrase in levels:
        ranges = _ranges(tokens)
        inside = [
            (e, root) for e, root in expressions
            if any(s <= e[0] < end for s, end in ranges) and (own_phrase or not _modifies_other_noun(root, token))
            and not _dates_the_report(root, token)
        ]
        if inside:
            chosen = min(inside, key=lambda pair: (_tree_distance(token, pair[1]), abs(pair[0][0] - token.idx)))[0]
            break
    value = _resolved(context, candidate.segment, chosen) if chosen else None
    if value is None:
        if has_background_period(sentence):
            candidate.dropped = True  # "... which enabled it to take over the country in the mid 2010s"
        return
    if is_history(value, published=context.reference) or is_future(value, published=context.published):
        candidate.dropped = True
        return
    candidate.date = value
    candidate.dated_here = True


def _resolved(context: ArticleContext, segment: Segment, expression: tuple[int, int, str]) -> DateValue | None:
    """``resolve_in`` against the publication date, once per expression: the candidates of a
    sentence and the undated events its date is lent to resolve the same expressions."""
    if expression not in context.resolved:
        context.resolved[expression] = resolve_in(context.layout, segment, expression, published=context.published)
    return context.resolved[expression]


def _tally_since(candidate: Candidate) -> bool:
    """A count over a period that runs "since" a time is a running total, not one event.

    "have detained more than 35 Taliban leaders ... since the first of the year" sums up the
    year's operations; "clashes have intensified since May", with no count, is still reported.
    """
    if candidate.killed is None and candidate.captured is None and candidate.wounded is None:
        return False
    token = candidate.token
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return any(c.dep_ == "prep" and c.lower_ == "since" for c in (*token.children, *verb.children))


def latest_full_date(lay: TextLayout) -> date | None:
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
    """A date on the verb that reports the event dates the report, not the event.

    "confirmed today the death of X, following an operation Monday": today is
    when it was confirmed, Monday when X died; "confirmed today they recently
    detained two insurgents": the detention is undated here, and takes a date
    from elsewhere or none, not the day it was made public.
    """
    verb = root.head
    if verb.lemma_.lower() not in _REPORT_VERBS or verb.i == trigger.i or verb.pos_ != "VERB":
        return False
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.i == verb.i and trigger.dep_ == "dobj":
        return True
    return any(child.dep_ == "ccomp" and child.left_edge.i <= trigger.i <= child.right_edge.i for child in verb.children)


_CONTAINING = frozenset({"during", "in", "amid", "throughout", "following"})


def _modifies_other_noun(root: Token, trigger: Token) -> bool:
    """A date that belongs to another noun: "the Aug. 7 attack", "an attack Jan. 7", "Tuesday's attack".

    Except the noun of the occasion the trigger happened in: "captured ... during an overnight
    operation", "killed in Tuesday's attack": what happened during it happened on its date.
    """
    if root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN") and (
        root.head.i != trigger.i
    ):
        return not _is_occasion_of(root.head, trigger)
    if root.dep_ in ("npadvmod", "appos") and (
        root.head.lemma_.lower() in _PLACE_HEAD_WORDS or root.head.ent_type_ in ("GPE", "LOC", "FAC")
    ):
        return False  # "... in Aliabad district, July 16.": the sentence's closing date, hung on the place by the parser
    ancestors_of_trigger = {t.i for t in trigger.ancestors} | {trigger.i}
    current = root
    while current.head.i != current.i and current.head.i not in ancestors_of_trigger:
        current = current.head
        if current.pos_ == "NOUN" and trigger_type(current) is not None:
            return True
    return False


def _is_occasion_of(noun: Token, trigger: Token) -> bool:
    """``noun`` is the object of "during"/"in"/"amid" attached to the trigger or to the verb it hangs on.

    "During" says so wherever the parser hangs it in the trigger's clause: in "targeted a leader
    responsible for an attack Jan. 7 during a security operation ... yesterday" it went to
    "responsible", but the targeting happened during the operation.
    """
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ not in _CONTAINING:
        return False
    anchors = {trigger.i, trigger.head.i} if trigger.dep_ in ("dobj", "nsubjpass", "nsubj") else {trigger.i}
    if preposition.head.i in anchors:
        return True
    return preposition.lower_ == "during" and trigger.pos_ == "VERB" and preposition in clause_tokens(trigger)


def inherit_dates(context: ArticleContext, candidates: list[Candidate]) -> None:
    """Undated mentions take the date of their sentence, then of their paragraph, then of their report.

    First a dated event of the same sentence, then a date in a verbless
    fragment that ends the sentence (a sentence the parser cut short: "...
    while searching for a leader in Muhammad / Aghah district, Logar province,
    yesterday."), then the nearest earlier dated event of the same paragraph,
    then the nearest earlier date expression of the paragraph ("Yesterday in
    Kunar province, forces received fire ... killing several insurgents"), then
    the date of the report's lead, its first dated event or date expression
    after the last heading or dateline: the lead dates the details that follow
    it ("A unit conducted an operation in Surobi district yesterday." / "Afghan
    forces recovered a number of explosive devices ...").
    """
    for position, candidate in enumerate(candidates):
        if candidate.date is not None or candidate.dropped:
            continue
        candidate.date = (
            _sentence_date(context, candidate, candidates)
            or _paragraph_date(context, candidate, candidates[:position])
            or _report_date(context, candidate, candidates[:position])
        )


def _sentence_date(context: ArticleContext, candidate: Candidate, candidates: list[Candidate]) -> DateValue | None:
    same_sentence = [
        c for c in candidates
        if c.segment == candidate.segment and c.dated_here and not c.dropped and _shares_time(c.token, candidate.token)
    ]
    if same_sentence:
        return same_sentence[0].date
    segments = context.layout.segments
    for following in segments[candidate.segment.number + 1:]:
        if following.paragraph != candidate.segment.paragraph or following.heading or _has_verb(context, following):
            break
        found = _segment_date(context, following)
        if found is not None:
            return found
    return None


def _shares_time(dated: Token, undated: Token) -> bool:
    """A dated event noun lends its date only to what happened during it: not "the Aug. 1 attack" to the arrest
    of the leader responsible for it."""
    return dated.pos_ not in ("NOUN", "PROPN") or _is_occasion_of(dated, undated)


def _has_verb(context: ArticleContext, segment: Segment) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in context.segment_tokens(segment))


def _paragraph_date(context: ArticleContext, candidate: Candidate, earlier: list[Candidate]) -> DateValue | None:
    for other in reversed(earlier):
        if other.segment.paragraph != candidate.segment.paragraph:
            break
        if _lends_date(other, candidate):
            return other.date
    for segment in reversed(context.layout.segments[:candidate.segment.number]):
        if segment.paragraph != candidate.segment.paragraph or segment.heading:
            break
        found = _segment_date(context, segment)
        if found is not None:
            return found
    return None


def _report_date(context: ArticleContext, candidate: Candidate, earlier: list[Candidate]) -> DateValue | None:
    """The lead's date: the first dated event or date expression since the report began.

    A report begins after a heading line, or at a line that opens with a dateline.
    """
    segments = context.layout.segments
    for segment in segments[_report_start(context, candidate.segment):candidate.segment.number]:
        dated = [c for c in earlier if c.segment == segment and _lends_date(c, candidate)]
        if dated:
            return dated[0].date
        found = _segment_date(context, segment)
        if found is not None:
            return found
    return None


def _report_start(context: ArticleContext, segment: Segment) -> int:
    """The number of the segment where the report holding ``segment`` begins: after the last heading
    line up to it, or at the last line up to it that opens with a dateline (``segment`` itself when
    that line is ``segment``; past it when ``segment`` is a heading). Worked out for every segment at
    once, on the first call of an article."""
    if not context.report_starts:
        start = 0
        for each in context.layout.segments:
            if each.heading:
                start = max(start, each.number + 1)
            if opens_with_dateline(context.layout.text(each)):
                start = max(start, each.number)
            context.report_starts.append(start)
    return context.report_starts[segment.number]


def _lends_date(dated: Candidate, undated: Candidate) -> bool:
    return dated.date is not None and not dated.dropped and _shares_time(dated.token, undated.token)


def _segment_date(context: ArticleContext, segment: Segment) -> DateValue | None:
    """The last date expression of a segment that can date an event of the news.

    Not a date that modifies a noun ("the July 2 attack", "Saturday's election"): it dates that
    noun, which an undated event elsewhere did not necessarily happen in. Worked out once per
    segment: the undated events after it ask again.
    """
    if segment.start not in context.segment_dates:
        context.segment_dates[segment.start] = _last_news_date(context, segment)
    return context.segment_dates[segment.start]


def _last_news_date(context: ArticleContext, segment: Segment) -> DateValue | None:
    published = context.published
    values = []
    for expression in _expressions(context, segment):
        span = context.doc.char_span(expression[0], expression[1], alignment_mode="expand")
        if span is not None and _on_a_noun(span.root):
            continue
        value = _resolved(context, segment, expression)
        # History is judged against the reference day, as in date_of: an article without a publication
        # date still says when it was written ("February 2020 saw a peace deal" dates no event of its news).
        if value is not None and not is_history(value, published=context.reference) and not is_future(value, published=published):
            values.append(value)
    return values[-1] if values else None


def _on_a_noun(root: Token) -> bool:
    return root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN")
