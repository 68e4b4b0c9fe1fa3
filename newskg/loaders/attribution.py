"""Attributions: who is reported as saying what, found from the parse and the quote marks.

Reported speech in news takes a few shapes: a speech verb with a subject and a
reported clause ("X said (that) ..."), the same inverted after a quotation
('"...," said X'), a quotation split by its attribution ('"A," he said, "B."'),
"according to X", a quoted tweet signed "— Name (@handle) date", and a
headline "Speaker: “quote”". The dependency parse finds speaker and clause;
the quote marks, scanned over the raw text (see ``newskg.loaders.quotes``),
repair what the sentence splitter cuts (a quotation of several sentences or
paragraphs) and decide whether a claim is a direct quotation.

Pronoun and definite speakers ("he said", "the spokesman said") are resolved to
the most recent compatible speaker so that the entity index can record the
pronoun as a mention of that speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newskg.loaders.doc_text import text_of, tokens_of
from newskg.loaders.quotes import Quote, closing_mark, find_quotes, find_tweets, quote_at, widen_to_quotes
from newskg.loaders.speakers import (
    XCOMP_HEADS,
    claimant_span,
    is_medium_phrase,
    is_platform,
    resolve_speakers,
    speaker_heads,
)


@dataclass(frozen=True)
class Attribution:
    """One claim as the text attributes it, in character offsets of the document.

    ``claimant`` is the phrase as written ("he", "a security source");
    ``claimant_resolved`` the earlier speaker a pronoun or definite description
    refers to. ``content`` is the quotation without its marks or the reported
    clause; for a quotation split by its attribution it runs from the first
    quoted word to the last, and the attribution inside it is not content.
    """

    claimant: tuple[int, int]
    claimant_resolved: tuple[int, int] | None
    cue: str
    cue_span: tuple[int, int]
    content: tuple[int, int]
    direct: bool
    sentence: tuple[int, int]


# Verbs whose claim is a reported clause or a quotation, never their object
# ("said nothing", "added fuel" are not claims).
_CLAUSE_CUES = {
    "say": "say", "tell": "tell", "add": "add", "note": "note", "state": "state",
    "explain": "explain", "stress": "stress", "emphasise": "emphasize", "emphasize": "emphasize",
    "insist": "insist", "argue": "argue", "suggest": "suggest", "acknowledge": "acknowledge",
    "write": "write", "tweet": "tweet", "post": "post", "reply": "reply", "remark": "remark",
    "reiterate": "reiterate", "declare": "declare", "testify": "testify", "concede": "concede",
    "caution": "caution", "contend": "contend", "maintain": "maintain", "assert": "assert",
    "inform": "inform", "comment": "comment", "observe": "observe", "affirm": "affirm",
    "conclude": "conclude", "find": "find",
}
# Verbs whose object (or a governed preposition) also states the claim:
# "confirmed the capture of ...", "accused the government of ...".
_OBJECT_CUES = {
    "announce": "announce", "claim": "claim", "confirm": "confirm", "deny": "deny",
    "accuse": "accuse", "condemn": "condemn", "criticize": "criticize", "criticise": "criticize",
    "warn": "warn", "urge": "urge", "vow": "vow", "promise": "promise", "assure": "assure",
    "report": "report", "reveal": "reveal", "denounce": "denounce", "blame": "blame",
    "allege": "allege", "admit": "admit", "pledge": "pledge", "threaten": "threaten",
    "call": "call", "speak": "speak", "slam": "slam", "disclose": "disclose", "predict": "predict",
}
# Prepositions that carry the claim of an object cue; cues listed here need one
# of them when they have no clause ("called on ...", "spoke of ...").
_CONTENT_PREPS = {
    "accuse": {"of"}, "warn": {"against", "of", "about"}, "condemn": {"for", "as"},
    "criticize": {"for", "as"}, "denounce": {"for", "as"}, "blame": {"for", "on"}, "slam": {"for"},
    "call": {"on", "for"}, "speak": {"of", "about"},
}
_PREP_REQUIRED = {"call", "speak"}
# Cues whose claim is only an infinitive or a clause ("threatened to ...", not "threatened the patrol").
_INFINITIVE_ONLY = {"threaten"}
# Verbs whose object is the addressee, not the claim ("told Al Jazeera").
_ADDRESSEE_CUES = {"tell", "assure", "inform"}
# Evidential cues that report a claim only with a finite clause ("found that ... had hit").
_FINITE_ONLY = {"find", "conclude"}
# Idioms that use a cue verb without reporting speech.
_IDIOM_OBJECTS = {"claim": {"life", "lives", "toll", "victim", "victims", "title", "seat"}}
# "according to" a norm is not a source ("according to Afghan law").
_NON_SOURCES = {
    "law", "plan", "schedule", "rule", "procedure", "protocol", "tradition", "custom",
    "agreement", "constitution", "policy", "timetable", "standard", "guideline", "regulation",
    "principle", "definition", "script", "deal", "treaty", "accord",
}
_MODAL_SKIP = {"will", "would", "could", "should", "might", "may", "must", "can", "shall", "'ll", "wo", "ca"}
_HEADLINE_QUOTE = re.compile(r"^(?P<who>[^\n:“”\"]{3,80}?)\s*:\s*[“\"]")
_GAP = re.compile(r"^[\s,.;:—–-]*$")
_DANGLING = re.compile(r"(?:[\s,;]|\b(?:and|but|while|which|who|as well as)\b)*$")
_OPEN_GAP = re.compile(r"^[\s,:;—–-]*$")


@dataclass
class _Found:
    """An attribution under construction, still tied to its tokens."""

    claimant: tuple[int, int]
    speaker: Token | None  # head token of the claimant phrase, for pronoun resolution
    cue: str
    cue_span: tuple[int, int]
    content: tuple[int, int]
    tail: int  # end of the attribution clause (for joining a following quotation)
    direct: bool = False
    resolved: tuple[int, int] | None = None


_ACCORDING = get_string_id("according")  # compared as an integer: no token's text is read


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attributed claim of the document, in text order of its cue."""
    quotes = find_quotes(text_of(doc))
    found: list[_Found] = []
    consumed: set[int] = set()
    for token in tokens_of(doc):
        if token.pos != VERB and token.lower != _ACCORDING:
            continue  # nine tokens in ten: every speech cue is a verb (``_verb_attribution``)
        if token.i in consumed:
            continue
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            item = _according_to(token, doc, quotes)
        else:
            item = _verb_attribution(token, doc, quotes, consumed)
        if item is not None:
            found.append(item)
    found = _without_media_sources(found)
    found.extend(_tweets(doc))
    found.extend(_headline_quotes(doc, quotes, found))
    found = _deduplicate(found)
    for item in found:
        if not item.direct:
            item.content, item.direct = widen_to_quotes(quotes, text_of(doc), *item.content)
    _join_following_quotes(found, text_of(doc), quotes)
    found.sort(key=lambda f: (f.claimant, f.cue_span))
    for item, resolved in zip(found, resolve_speakers(doc, [(f.claimant, f.speaker) for f in found])):
        item.resolved = resolved
    _cut_coordinated(found, text_of(doc), quotes)
    return sorted((_finish(item, doc, quotes) for item in found), key=lambda a: (a.cue_span, a.content))


# --- speech verbs -------------------------------------------------------------------


def _cue_of(verb: Token, lemma: str) -> str | None:
    if verb.dep_ in ("amod", "compound"):
        return None
    return _CLAUSE_CUES.get(lemma) or _OBJECT_CUES.get(lemma)


def _verb_attribution(verb: Token, doc: Doc, quotes: list[Quote], consumed: set[int]) -> _Found | None:
    # Every speech cue is a verb (the caller lets the other tokens go before it reads their text).
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    if lemma in ("quote", "cite"):
        return _quoted_as_saying(verb, doc, quotes, consumed)
    cue = _cue_of(verb, lemma)
    if cue is None or not _is_reporting(verb, quotes):
        return None
    heads = _unquoted_heads(speaker_heads(verb), quotes)
    if not heads or is_platform(heads[0]):
        return None
    paragraph = _paragraph(text_of(doc), verb.idx)
    claimant = _clip_claimant(claimant_span(verb, heads), verb, paragraph)
    if claimant is None:
        return None
    content = _clip(_content(verb, cue, claimant, doc, quotes), paragraph, quotes)
    if content is None:
        return None
    return _Found(
        claimant=claimant,
        speaker=heads[0],
        cue=cue,
        cue_span=(verb.idx, verb.idx + len(verb.text)),
        content=content,
        tail=_tail(verb, quotes),
    )


def _unquoted_heads(heads: list[Token], quotes: list[Quote]) -> list[Token]:
    """A subject inside a quotation is a parse slip; its apposition after the quote is the speaker."""
    result = []
    for head in heads:
        if quote_at(quotes, head.idx) is None:
            result.append(head)
            continue
        result.extend(t for t in head.children if t.dep_ == "appos" and quote_at(quotes, t.idx) is None)
    return result


def _paragraph(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, (len(text) if end < 0 else end)


def _clip_claimant(claimant: tuple[int, int] | None, verb: Token, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """The claimant within the verb's paragraph: a parse that runs a headline into the text is cut back."""
    if claimant is None:
        return None
    start, end = max(claimant[0], paragraph[0]), min(claimant[1], paragraph[1])
    text = text_of(verb.doc)
    while start < end and text[start].isspace():
        start += 1
    if start < end:
        return start, end
    before = verb.doc.char_span(paragraph[0], verb.idx, alignment_mode="contract")
    if before is None or not 0 < len(before) <= 12 or any(t.pos_ in ("VERB", "AUX") for t in before):
        return None
    words = [t for t in before if not (t.is_punct or t.is_space)]
    return (words[0].idx, words[-1].idx + len(words[-1].text)) if words else None


def _clip(span: tuple[int, int] | None, paragraph: tuple[int, int], quotes: list[Quote]) -> tuple[int, int] | None:
    """Content within the cue's paragraph, unless a quotation carries it over."""
    if span is None:
        return None
    start, end = span
    if start < paragraph[0] and quote_at(quotes, start) is None:
        start = paragraph[0]
    if end > paragraph[1] and quote_at(quotes, end - 1) is None:
        end = paragraph[1]
    return (start, end) if start < end else None


def _is_reporting(verb: Token, quotes: list[Quote]) -> bool:
    """Whether the verb reports speech here: not quoted, negated, hypothetical, passive or asked."""
    if quote_at(quotes, verb.idx) is not None:
        return False  # speech reported inside a quotation belongs to the quoted speaker
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    if any(c.dep_ == "aux" and c.lower_ in _MODAL_SKIP for c in children):
        return False
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl")
    )
    if passive and not any(c.dep_ == "agent" for c in children):
        return False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in XCOMP_HEADS:
        return False
    objects = _IDIOM_OBJECTS.get(verb.lemma_.lower(), set())
    if any(c.dep_ == "dobj" and c.lower_ in objects for c in children):
        return False
    return not _asked(verb.sent, quotes)


def _asked(sentence: Span, quotes: list[Quote]) -> bool:
    """A question in the writer's voice ("Did the Taliban say ...?") asserts nothing."""
    text = sentence.text.rstrip().rstrip("\"”’'")
    if not text.endswith("?"):
        return False
    mark = sentence.start_char + len(text) - 1
    return quote_at(quotes, mark) is None


def _content(verb: Token, cue: str, claimant: tuple[int, int], doc: Doc, quotes: list[Quote]) -> tuple[int, int] | None:
    """Character span of what the verb reports, before quote repair."""
    children = list(verb.children)
    if verb.dep_ == "acl" and any(c.dep_ == "agent" for c in children):
        return _modified_clause(verb, doc)  # "the attack, claimed by X, killed ...": the clause is the claim
    clause = [c for c in children if c.dep_ == "ccomp"] or _clause_under_addressee(verb)
    if clause:
        comp = clause[-1] if clause[-1].i > verb.i else clause[0]
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in comp.children):
            return None  # "would not say whether ...": nothing is claimed
        if cue in _FINITE_ONLY and not _finite(comp):
            return None  # "found the village abandoned" reports a sight, not a finding
        if comp.i < verb.i:
            end_tok = min(verb.i, _token_at(doc, claimant[0]))
            return _trimmed(doc, comp.left_edge.i, end_tok)
        # "which they said was linked to ...": the speech verb sits inside its clause's span
        return _trimmed(doc, max(comp.left_edge.i, verb.i + 1), comp.right_edge.i + 1)
    if cue in _OBJECT_CUES.values():
        span = _object_content(verb, cue)
        if span is not None:
            return _trimmed(doc, *span)
        if cue in _PREP_REQUIRED:
            return None
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        return _trimmed(doc, head.left_edge.i, verb.left_edge.i)
    quoted = _adjacent_quote(verb, claimant, doc, quotes)
    if quoted is None and claimant[0] > verb.idx:
        # '..., said X' parsed without a clause: what precedes the inverted verb is the claim
        before = [c for c in verb.lefts if c.dep_ not in ("punct", "aux", "neg", "cc")]
        if before:
            return _trimmed(doc, before[0].left_edge.i, verb.i)
    return quoted


def _finite(clause: Token) -> bool:
    return clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ in ("aux", "auxpass") for c in clause.children)


def _clause_under_addressee(verb: Token) -> list[Token]:
    """ "assured residents that the city was safe" parsed with the clause under "residents"."""
    return [
        clause
        for obj in verb.children
        if obj.dep_ in ("dobj", "dative")
        for clause in obj.children
        if clause.dep_ in ("acl", "relcl", "ccomp")
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
    ]


def _modified_clause(verb: Token, doc: Doc) -> tuple[int, int] | None:
    clause = verb.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    return _trimmed(doc, clause.left_edge.i, clause.right_edge.i + 1)


def _object_content(verb: Token, cue: str) -> tuple[int, int] | None:
    preps = _CONTENT_PREPS.get(cue, set())
    if any(c.dep_ == "prt" for c in verb.children):
        return None  # "called in an airstrike", "called off": a phrasal verb, not the cue
    parts = []
    for child in verb.rights:
        if child.dep_ in ("dobj", "dative") and cue in _ADDRESSEE_CUES:
            continue
        if cue in _INFINITIVE_ONLY and child.dep_ != "xcomp":
            continue
        if child.dep_ in ("dobj", "xcomp", "oprd", "dative") or (child.dep_ == "prep" and child.lower_ in preps):
            parts.append(child)
    if cue in _PREP_REQUIRED and not any(p.dep_ == "prep" for p in parts):
        return None
    if not parts:
        return None
    start, end = min(p.left_edge.i for p in parts), max(p.right_edge.i for p in parts) + 1
    doc = verb.doc
    for token in doc[start:end]:
        if is_medium_phrase(token) and token.right_edge.i + 1 >= end and token.i > start:
            return start, token.i  # "claimed the attack | in a statement on Telegram"
    return start, end


def _adjacent_quote(verb: Token, claimant: tuple[int, int], doc: Doc, quotes: list[Quote]) -> tuple[int, int] | None:
    """The quotation right before ('"...," X said') or right after ('X said: "..."') the attribution."""
    start = min(claimant[0], verb.idx)
    end = max(claimant[1], _tail(verb, quotes))
    for quote in quotes:
        if quote.close is not None and quote.close < start and _GAP.match(text_of(doc)[quote.close + 1:start]):
            return quote.start, quote.end
        if quote.open >= end and _OPEN_GAP.match(text_of(doc)[end:quote.open]):
            return quote.start, quote.end
    return None


def _quoted_as_saying(verb: Token, doc: Doc, quotes: list[Quote], consumed: set[int]) -> _Found | None:
    """ "X quoted Y as saying ...": the claim is Y's; X only relays it."""
    if quote_at(quotes, verb.idx) is not None or any(c.dep_ == "neg" for c in verb.children):
        return None
    saying = None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            saying = next((c for c in prep.children if c.dep_ == "pcomp" and c.lemma_.lower() in _CLAUSE_CUES), None)
    if saying is None:
        return None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    who = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    if not who:
        return None
    consumed.add(saying.i)
    claimant = claimant_span(verb, who)
    if claimant is None:
        return None
    content = _content(saying, "say", claimant, doc, quotes)
    if content is None:
        return None
    return _Found(
        claimant=claimant,
        speaker=who[0],
        cue="quote",
        cue_span=(verb.idx, verb.idx + len(verb.text)),
        content=content,
        tail=_tail(saying, quotes),
    )


# --- "according to" -----------------------------------------------------------------


def _according_to(token: Token, doc: Doc, quotes: list[Quote]) -> _Found | None:
    to = doc[token.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None or source.lemma_.lower() in _NON_SOURCES or quote_at(quotes, token.idx) is not None:
        return None
    if is_platform(source):
        return None
    claimant = claimant_span(token, [source])
    if claimant is None:
        return None
    clause = token.head
    while clause.pos_ not in ("VERB", "AUX") and clause.dep_ != "ROOT" and clause.head.i != clause.i:
        clause = clause.head
    phrase_start, phrase_end = token.left_edge.i, max(token.right_edge.i, to.right_edge.i) + 1
    words = [t.i for t in clause.subtree if not (t.is_punct or t.is_space)]
    first, last = words[0], words[-1] + 1
    if phrase_start <= first:
        content = _trimmed(doc, phrase_end, last)
    elif phrase_end >= last:
        content = _trimmed(doc, first, phrase_start)
    else:
        content = _trimmed(doc, first, last)
    content = _clip(content, _paragraph(text_of(doc), token.idx), quotes)
    if content is None:
        return None
    return _Found(
        claimant=claimant,
        speaker=source,
        cue="according to",
        cue_span=(token.idx, to.idx + len(to.text)),
        content=content,
        tail=claimant[1],
    )


# --- tweets and headlines ------------------------------------------------------------


def _tweets(doc: Doc) -> list[_Found]:
    """An embedded tweet: a paragraph ending "— Name (@handle) Month D, YYYY"."""
    return [
        _Found(claimant=t.name, speaker=None, cue="tweet", cue_span=t.handle, content=t.body, tail=t.end, direct=True)
        for t in find_tweets(text_of(doc))
    ]


def _headline_quotes(doc: Doc, quotes: list[Quote], found: list[_Found]) -> list[_Found]:
    """A line "Speaker: “quote”" (a headline convention) is the speaker's direct claim."""
    result = []
    offset = 0
    for line in text_of(doc).split("\n"):
        match = _HEADLINE_QUOTE.match(line)
        if match:
            quote = quote_at(quotes, offset + match.end())
            who = (offset + match.start("who"), offset + match.end("who"))
            span = doc.char_span(*who, alignment_mode="expand")
            if (
                quote is not None
                and span is not None
                and len(span) <= 10
                and any(t.pos_ == "PROPN" for t in span)
                and not any(t.pos_ in ("VERB", "AUX") for t in span)
                and not any(f.content[0] <= quote.start < f.content[1] for f in found)
            ):
                colon = offset + line.index(":", match.end("who"))
                result.append(
                    _Found(claimant=who, speaker=span.root, cue="say", cue_span=(colon, colon + 1),
                           content=(quote.start, quote.end), tail=colon + 1, direct=True)
                )
        offset += len(line) + 1
    return result


# --- assembling ------------------------------------------------------------------------


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token that ends after ``char``."""
    for token in tokens_of(doc):
        if token.idx + len(token.text) > char:
            return token.i
    return len(doc)


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens [start, end) without edge punctuation or a leading "that"."""
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].is_quote):
        start += 1
    if start < end and doc[start].dep_ == "mark" and doc[start].lower_ == "that":
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text not in ")]")):
        if doc[end - 1].is_quote and sum(t.is_quote for t in doc[start:end]) % 2 == 0:
            break  # the closing mark of a quotation the content opens
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _tail(verb: Token, quotes: list[Quote]) -> int:
    """Where the attribution clause ends: its last unquoted word after the verb."""
    end = verb.idx + len(verb.text)
    for token in verb.subtree:
        if token.i > verb.i and not (token.is_punct or token.is_space) and quote_at(quotes, token.idx) is None:
            end = max(end, token.idx + len(token.text))
    return end


def _deduplicate(found: list[_Found]) -> list[_Found]:
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    kept = []
    for item in found:
        key = (item.claimant, item.content)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _join_following_quotes(found: list[_Found], text: str, quotes: list[Quote]) -> None:
    """ '"A," he said, "B."' and '"A," said X. "B."': a quotation right before or right after a
    quoted speaker's attribution belongs to what that speaker said."""
    used = {id(q) for q in quotes for f in found if q.start < f.content[1] and f.content[0] < q.end}
    for item in sorted(found, key=lambda f: f.content):
        if not item.direct:
            continue
        head = min(item.claimant[0], item.cue_span[0])
        if item.content[0] > head:
            for quote in reversed(quotes):
                if quote.close is None or quote.close >= head or id(quote) in used:
                    continue
                if _GAP.match(text[quote.close + 1:head]) and "\n" not in text[quote.close + 1:head]:
                    item.content = (quote.start, item.content[1])
                    used.add(id(quote))
                break
        anchor = max(item.tail, closing_mark(quotes, item.content[1]))
        for quote in quotes:
            if quote.open < anchor or id(quote) in used:
                continue
            if not _GAP.match(text[anchor:quote.open]) or text[anchor:quote.open].count("\n") > 2:
                break
            item.content = (item.content[0], quote.end)
            used.add(id(quote))
            anchor = closing_mark(quotes, quote.end)


def _without_media_sources(found: list[_Found]) -> list[_Found]:
    """ "X denied ..., according to a statement": when the clause already names its speaker,
    "according to" only gives the medium, and is no claim of its own."""
    kept = []
    for item in found:
        if item.cue == "according to" and any(
            other.cue != "according to"
            and item.content[0] <= other.claimant[0] < item.content[1]
            and item.content[0] <= other.cue_span[0] < item.content[1]
            for other in found
        ):
            continue
        kept.append(item)
    return kept


def _cut_coordinated(found: list[_Found], text: str, quotes: list[Quote]) -> None:
    """ "X denied A and accused B of C": A ends where the speaker's next speech act begins."""
    for item in found:
        speaker = item.resolved or item.claimant
        for other in found:
            cue = other.cue_span[0]
            if other is item or not item.content[0] < cue < item.content[1] or quote_at(quotes, cue) is not None:
                continue
            if (other.resolved or other.claimant) == speaker or other.resolved == speaker:
                limit = cue if other.claimant[0] < item.content[0] else min(cue, other.claimant[0])
                end = item.content[0] + len(_DANGLING.sub("", text[item.content[0]:limit]))
                if end > item.content[0]:
                    item.content = (item.content[0], end)


def _finish(item: _Found, doc: Doc, quotes: list[Quote]) -> Attribution:
    low = min(item.claimant[0], item.cue_span[0], item.content[0])
    high = max(item.claimant[1], item.cue_span[1], item.content[1])
    span = doc.char_span(low, high, alignment_mode="expand")
    start, end = (span[0].sent.start_char, span[-1].sent.end_char) if span is not None and len(span) else (low, high)
    # spaCy runs a sentence on across a line break it sees no full stop before ("... August 7, 2021\nThe
    # Taliban has ..."); a line of news is a paragraph, so the sentence stops at the lines the claim is on.
    text = text_of(doc)
    start, end = max(start, _paragraph(text, low)[0]), min(end, _paragraph(text, high)[1])
    end = max(end, closing_mark(quotes, item.content[1]))
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Attribution(
        claimant=item.claimant,
        claimant_resolved=item.resolved,
        cue=item.cue,
        cue_span=item.cue_span,
        content=item.content,
        direct=item.direct,
        sentence=(start, end),
    )
