"""Who did it, to whom, and how many: the arguments of an event trigger.

Roles come from the dependency parse, with voice taken into account: the agent
is the subject of an active verb or the "by" phrase of a passive; the target is
the object of an active verb or the subject of a passive ("two insurgents were
killed"); an event noun takes its agent from a possessive, a "by" phrase or the
subject of a light verb ("the Taliban launched an attack", "claimed
responsibility for a raid") and its target from "on"/"against"/"of".

Targets are the named people and organisations of the target phrase ("a
Taliban leader" -> the Taliban, "a Haqqani network facilitator" -> the Haqqani
network, "the Taliban commander Fayez Jan" -> Fayez Jan and the Taliban); when
the phrase names nobody, the unnamed group it describes ("two suspected
insurgents", "one civilian"), so that victims stay queryable by kind.
Counts are read from the target phrase: a number ("at least eight people"), or
one for a singular ("a Taliban leader was arrested", "killing him"), summed over
coordinated phrases ("Fayez Jan and one additional insurgent" -> 2).
"""

from __future__ import annotations

from spacy.strings import get_string_id
from spacy.tokens import Token

from newskg.loaders.doc_text import kept_per_token, text_of, tokens_of
from newskg.loaders.numbers import find_counts
from newskg.loaders.records import Count, EntityRecord
from newskg.names import fold

from newskg.loaders.event_lexicon import GOODS_WORDS, SEARCH_VERBS
from newskg.loaders.event_types import LemmaIn, sought_heads

_PRONOUNS = frozenset({
    "he", "she", "they", "him", "her", "them", "it", "we", "us", "i", "you", "who", "which", "that", "this",
    "these", "those", "whom",
})
_SINGULAR_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "one", "another", "each", "his", "her", "its"})
_SINGULAR_PRONOUNS = frozenset({"him", "her", "he", "she", "another"})
_PERSON_NOUNS = frozenset({
    "leader", "commander", "facilitator", "insurgent", "militant", "fighter", "man", "male", "woman", "child",
    "individual", "suspect", "civilian", "soldier", "officer", "member", "official", "governor", "chief",
    "expert", "financier", "planner", "emir", "bomber", "person", "policeman", "guard", "driver", "journalist",
    "spokesman", "spokesperson", "terrorist", "operative", "associate", "courier", "maker", "smuggler",
    "trafficker", "affiliate", "recruiter", "instructor", "trainer", "deputy", "lieutenant", "mullah", "cleric",
    "student", "villager", "resident", "farmer", "boy", "girl", "contractor", "worker", "interpreter",
    "detainee", "prisoner", "hostage", "jihadi", "jihadist", "guerrilla", "rebel", "insurgent", "sniper",
    "gunman", "attacker", "agent", "marine", "trooper", "sergeant", "captain", "colonel", "general", "mayor",
    "elder", "brother", "son", "father", "wife", "one", "people", "other", "member", "personnel", "troop",
    "police", "commando", "militia", "employee", "official", "local", "occupant", "hostage",
})
# Quantity heads whose people are in an "of" phrase: "hundreds of detainees", "a group of insurgents".
_QUANTITY_HEADS = frozenset({
    "hundred", "hundreds", "dozen", "dozens", "score", "scores", "thousand", "thousands", "number", "group",
    "handful", "couple", "several", "some", "many", "most", "all", "few", "both", "each", "none",
})
# Verbs whose subject is the agent of their event-noun object: "the Taliban launched an attack".
LIGHT_VERBS = frozenset({
    "launch", "conduct", "carry", "stage", "mount", "make", "begin", "start", "continue", "resume", "step",
    "intensify", "lead", "execute", "perform", "undertake", "commit", "unleash", "wage", "escalate", "complete",
    "hold", "have", "initiate", "spearhead", "renew", "claim",
})
_CLAUSE_CHILDREN = frozenset({"relcl", "acl", "advcl", "ccomp", "appos", "conj", "cc", "punct", "prep"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "his", "her", "their", "its"})
_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")


def token_span(tokens: list[Token]) -> tuple[int, int]:
    positions = [t.idx for t in tokens]  # read once: a sentence's tokens are asked for their span often
    end = max(positions)
    return min(positions), end + len(tokens[positions.index(end)])


@kept_per_token
def core_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without its clauses, appositions and coordinated phrases.

    Prepositional phrases stay when they belong to the name ("a spokesperson
    for the Political Office", "two of the men"), not when they place or time
    it ("in Kandahar province", "during the operation").
    """
    return on_line(sorted(_core(head), key=lambda t: t.i), head)


def _core(head: Token) -> list[Token]:
    kept: list[Token] = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for"):
            kept.append(child)
            for pobj in child.children:
                kept.extend(_core(pobj) if pobj.dep_ == "pobj" else pobj.subtree)
        elif child.dep_ not in _CLAUSE_CHILDREN:
            kept.extend(child.subtree)
    return kept


def on_line(tokens: list[Token], head: Token) -> list[Token]:
    """The tokens on the head's line: a parse that runs across a heading or dateline stops there."""
    text = text_of(head.doc)
    start = text.rfind("\n", 0, head.idx) + 1
    end = text.find("\n", head.idx)
    end = len(text) if end < 0 else end
    return [t for t in tokens if start <= t.idx < end and not t.is_space]


def heads_on_line(heads: list[Token], trigger: Token) -> list[Token]:
    """Phrase heads on the trigger's line; for a head the parse took from the line above (a dateline,
    a byline, a tweet's signature), its coordinated or appositive phrases that are on the trigger's line.

    "KABUL, Afghanistan (Dec. 31, 2012)\nA Haqqani leader ... was arrested": spaCy made "KABUL" the
    subject and "A Haqqani leader" its apposition.
    """
    kept: list[Token] = []
    for head in heads:
        if on_line([head], trigger):
            kept.append(head)
            continue
        kept += on_line([c for c in head.children if c.dep_ in ("conj", "appos")], trigger)
    return kept


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass",) + _PASSIVE_SUBJECTS for c in verb.children):
        return True
    if verb.tag_ == "VBN" and verb.dep_ == "conj" and verb.head.i != verb.i and not any(
        c.dep_ in ("nsubj", "aux", "dobj") for c in verb.children
    ):
        return is_passive(verb.head)  # "he was engaged and killed"
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "PRON")


def _list_item(appos: Token) -> bool:
    """An apposition that is really the next item of a list: "a leader, a facilitator and several others"."""
    if any(c.dep_ == "conj" for c in appos.children):
        return True
    indefinite = {"a", "an", "one", "two", "three", "four", "five", "several", "multiple"}
    return any(c.dep_ in ("det", "nummod") and c.lower_ in indefinite for c in appos.children) and any(
        c.dep_ in ("det", "nummod") and c.lower_ in indefinite for c in appos.head.children
    )


@kept_per_token
def conjuncts(token: Token) -> list[Token]:
    """A phrase and the phrases coordinated with it ("X and Y", "X, Y and Z").

    The parser often attaches the second item of a list as an apposition of the
    first ("a leader, a facilitator and several of their associates"); such an
    apposition and its conjuncts are items too.
    """
    items = [token]
    for item in items:
        for child in item.children:
            if child.i > item.i and child not in items and (
                child.dep_ == "conj" or (child.dep_ == "appos" and _list_item(child))
            ):
                items.append(child)
    return sorted(items, key=lambda t: t.i)


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _by_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _shared_subject(verb: Token) -> Token | None:
    """The subject a verb shares with the verb it is coordinated with or participle of.

    "The force killed X and captured Y" (conj), "returned fire, killing two
    insurgents" (advcl participle): the agent is the first verb's subject.
    """
    current = verb
    for _ in range(4):
        if current.dep_ not in ("conj", "advcl", "xcomp") or current.head.i == current.i:
            return None
        if current.dep_ == "advcl" and current.tag_ not in ("VBG", "VBN") and any(
            c.dep_ == "mark" for c in current.children
        ):
            return None  # "after the Taliban attacked, forces killed ...": a finite clause has its own subject
        current = current.head
        if current.pos_ not in ("VERB", "AUX"):
            return None
        if is_passive(current):
            agent = _by_agent(current)
            if agent is not None:
                return agent
            continue
        subjects = _children(current, *_SUBJECTS)
        if subjects:
            return subjects[0]
    return None


def _surrender(verb: Token) -> bool:
    return verb.lemma_.lower() == "surrender" or (
        verb.lemma_.lower() == "turn" and any(c.dep_ == "prt" and c.lower_ == "in" for c in verb.children)
    )


@kept_per_token
def agent_heads(trigger: Token) -> list[Token]:
    """Heads of the phrases naming who acted."""
    if trigger.pos_ in ("VERB", "AUX") and trigger.lemma_.lower() == "fall":
        found = []
        for child in trigger.children:  # "fell into the hands of the guerrillas", "fell to the Taliban"
            if child.dep_ == "prep" and child.lower_ in ("to", "into"):
                for pobj in _children(child, "pobj"):
                    inner = [p for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of" for p in _children(c, "pobj")]
                    found += inner if pobj.lemma_.lower() in ("hand", "control") else [pobj]
        return found
    if trigger.pos_ in ("VERB", "AUX") and _surrender(trigger):
        return [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "to" for p in _children(c, "pobj")]
    if trigger.pos_ in ("VERB", "AUX"):
        if is_passive(trigger):
            agent = _by_agent(trigger)
            return [agent] if agent is not None else []
        subjects = _children(trigger, *_SUBJECTS)
        if subjects:
            return subjects
        shared = _shared_subject(trigger)
        return [shared] if shared is not None else []
    # event noun
    for child in trigger.children:
        if child.dep_ == "poss":
            return [child]
    agent = _by_agent(trigger)
    if agent is not None:
        return [agent]
    for child in trigger.children:  # "claimed by the Taliban"
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = _by_agent(child)
            if agent is not None:
                return [agent]
    for child in trigger.children:  # "a Taliban attack"
        if child.dep_ in ("compound", "amod") and child.ent_type_ in ("ORG", "NORP") and child.i < trigger.i:
            return [child]
    if trigger.lemma_.lower() in ("withdrawal", "pullout", "pull-out", "drawdown"):
        for child in trigger.children:  # "the withdrawal of international troops": who withdraws
            if child.dep_ == "prep" and child.lower_ == "of":
                return _children(child, "pobj")
    governor = trigger.head
    if trigger.dep_ == "dobj" and governor.pos_ == "VERB" and not is_passive(governor) and (
        governor.lemma_.lower() in LIGHT_VERBS
    ):
        return _children(governor, *_SUBJECTS) or ([_shared_subject(governor)] if _shared_subject(governor) else [])
    if trigger.dep_ == "pobj" and governor.dep_ == "prep" and governor.head.lemma_ == "responsibility":
        claimer = governor.head.head
        if claimer.pos_ == "VERB":
            return _children(claimer, *_SUBJECTS)
    return []


def target_heads(trigger: Token) -> list[Token]:
    """Heads of the phrases naming who or what was acted on."""
    if trigger.pos_ in ("VERB", "AUX"):
        if is_passive(trigger):
            subjects = heads_on_line(_children(trigger, *_PASSIVE_SUBJECTS), trigger)
            if subjects:
                return _with_companions(subjects, trigger)
            if trigger.dep_ in ("acl", "amod"):
                return [trigger.head]
            if trigger.dep_ == "conj" and trigger.head.pos_ in ("VERB", "AUX"):
                # "He was engaged and killed", "insurgents presented a threat and were killed"
                return _children(trigger.head, *_PASSIVE_SUBJECTS, *_SUBJECTS)
            return _stranded_subject(trigger)
        if trigger.lemma_.lower() in SEARCH_VERBS:
            return sought_heads(trigger)
        if _surrender(trigger):
            return _children(trigger, "nsubj")  # who surrendered is who was taken into custody
        objects = _children(trigger, "dobj")
        if objects:
            return _with_companions(objects, trigger)
        if trigger.head.i != trigger.i and trigger.dep_ in ("oprd", "xcomp", "ccomp") and is_passive(trigger.head):
            return _children(trigger.head, *_PASSIVE_SUBJECTS)  # "a commander was confirmed killed"
        if trigger.lemma_.lower() in ("die", "perish"):
            return _children(trigger, "nsubj")
        return []
    sought = sought_heads(trigger)
    if sought:
        return sought
    if trigger.lemma_.lower() in ("withdrawal", "pullout", "pull-out", "drawdown"):
        return []
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "targeting"):
            pobjs = _children(child, "pobj")
            if pobjs:
                return pobjs
    return []


def _with_companions(heads: list[Token], verb: Token) -> list[Token]:
    """The heads and whoever "along with" or "together with" adds to them, on the heads or the verb.

    "detained the targeted individual along with three of his associates" took four people.
    """
    found = list(heads)
    for holder in (*heads, verb):
        for child in holder.children:
            if child.dep_ != "prep":
                continue
            if child.lower_ == "along":
                preps = [w for w in child.children if w.dep_ == "prep" and w.lower_ == "with"]
            elif child.lower_ == "with" and any(w.lower_ == "together" for w in child.children):
                preps = [child]
            else:
                continue
            found += [p for w in preps for p in _children(w, "pobj") if p not in found]
    return found


def _stranded_subject(verb: Token) -> list[Token]:
    """The noun phrase right before a subjectless passive, which the parser hung elsewhere.

    "In a separate event in south west Afghanistan, a Taliban leader and a
    suspected insurgent were captured": spaCy made "a Taliban leader" an
    apposition of "Afghanistan" and left "were captured" without a subject.
    """
    if verb.dep_ != "ROOT" or any(c.dep_ in (*_SUBJECTS, *_PASSIVE_SUBJECTS) for c in verb.children):
        return []
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    if not auxiliaries or auxiliaries[0].i == 0:
        return []
    head = verb.doc[auxiliaries[0].i - 1]
    while head.dep_ in ("compound", "amod") and head.head.i > head.i:
        head = head.head
    if head.pos_ not in ("NOUN", "PROPN") or head.right_edge.i != auxiliaries[0].i - 1:
        return []
    while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # the first of "a Taliban leader and a suspected insurgent"
    return [head] if head.dep_ in ("appos", "conj", "pobj", "npadvmod") else []


def _is_goods_phrase(head: Token) -> bool:
    words = {head.lemma_.lower()} | {c.lemma_.lower() for c in head.children if c.dep_ == "compound"}
    return bool(words & GOODS_WORDS)


def _names_people(head: Token) -> bool:
    """"two insurgents", "one civilian", "hundreds of detainees", "two of the men": a phrase about people."""
    if head.lemma_.lower() in _PERSON_NOUNS or head.ent_type_ in ("NORP", "PERSON"):
        return True
    if head.pos_ == "NUM" or head.lemma_.lower() in _QUANTITY_HEADS or head.lower_ in _QUANTITY_HEADS:
        of = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in _children(c, "pobj")]
        return not of or any(_names_people(p) for p in of)
    return False


def event_target_heads(token: Token, event_type: str) -> list[Token]:
    """Target phrases by event type: whom a statement or meeting addresses, whose goods were seized."""
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


def _named_keys(records: list[EntityRecord]) -> list[str]:
    return [r.key for r in records if r.named and ("Person" in r.types or "Organization" in r.types)]


def resolve_agents(index, head: Token) -> list[str]:
    """The actors an agent phrase denotes.

    Each coordinated item that names a person or organisation is that actor
    ("the Taliban and al-Qaeda"); a phrase that names nobody is one unnamed
    actor as a whole ("Afghan and coalition security forces"). A bare pronoun
    counts only through the index's coreference ("he" resolved to a speaker).
    """
    if head.lower_ in _PRONOUNS or head.pos_ == "PRON":
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            head = head.head.head
        else:
            record = index.entity_at(head.idx, head.idx + len(head))
            return [record.key] if record is not None and "Place" not in record.types else []
    named: list[str] = []
    for item in on_line(conjuncts(head), head):  # not a name the parse pulled in from the line above
        start, end = token_span(core_tokens(item))
        if any(r.named and ("Person" in r.types or "Organization" in r.types) for r in index.entities_in(start, end)):
            record = index.resolve_actor(start, end)
            if record is not None and "Place" not in record.types and record.key not in named:
                named.append(record.key)
    if named:
        return named
    phrase = [t for item in on_line(conjuncts(head), head) for t in core_tokens(item)]
    phrase += [t for t in head.subtree if t.dep_ == "cc" and t.head.i == head.i]
    phrase = on_line(phrase, head)
    start, end = token_span(phrase)
    record = index.resolve_actor(start, end)
    if record is None or record.types == ("Place",) or "Place" in record.types and len(record.types) == 1:
        return []
    return [record.key]


_ADDING_ADVERBS = frozenset({"also", "additionally", "separately", "too", "further", "later", "meanwhile"})
_ADDING_MODIFIERS = frozenset({"additional", "another", "other", "others", "more", "further", "second", "third", "separate"})
_CIVILIAN_NOUNS = frozenset({
    "civilian", "child", "woman", "villager", "resident", "farmer", "boy", "girl", "student", "worker",
    "journalist", "passenger", "pilgrim", "shopkeeper", "teacher", "family",
})
_SECURITY_NOUNS = frozenset({
    "soldier", "police", "policeman", "policemen", "officer", "troop", "marine", "trooper", "guard", "commando",
    "serviceman", "servicemember", "personnel", "sergeant", "captain", "colonel", "general",
})


def is_additive(trigger: Token, targets: list[Token]) -> bool:
    """The mention says it adds to what was already reported: "also detained", "two additional insurgents"."""
    for child in trigger.children:
        if child.dep_ == "advmod" and child.lower_ in _ADDING_ADVERBS:
            return True
        if child.dep_ == "prep":
            if any(g.dep_ == "pobj" and any(m.lower_ in ("separate", "another", "second") for m in g.children)
                   for g in child.children):
                return True
    for head in targets:
        for item in conjuncts(head):
            if item.lower_ in ("another", "others"):
                return True
            if any(c.lower_ in _ADDING_MODIFIERS for c in item.children if c.i < item.i):
                return True
            if any(c.dep_ == "advmod" and c.lower_ in ("more",) for c in item.subtree):
                return True
    return False


_NNS_ID = get_string_id("NNS")
_PAST_ID = get_string_id("past")
_is_operation_word = LemmaIn(frozenset({"operation", "raid", "mission"}))


def _is_rollup_cue(token: Token) -> bool:
    """"separate clearing and security operations", "four operations", "the past 24 hours".

    Asked of every token of a subtree: the tag and the word are compared as ids first, so most
    tokens are passed over without a string read."""
    if token.tag == _NNS_ID and _is_operation_word(token) and any(
        c.lower_ in ("separate", "several", "multiple", "numerous") or c.like_num for c in token.children
    ):
        return True
    return token.lower == _PAST_ID and token.head.lemma_.lower() in ("hour", "day", "week")


def is_rollup(trigger: Token) -> bool:
    """A mention that sums up several operations: "during separate clearing and security operations",
    "during four operations", "over the past 24 hours".

    That is, a ``_is_rollup_cue`` token in the trigger's subtree (a verb's) or its head's (a noun's).
    The subtree lies between its edges: the tokens there are read from the article's token list,
    and only a cue is asked whether it hangs under the root. Walking the subtree made a new
    ``Token`` for each of its ~49,000 tokens a pass (the subtree of a noun's head is often the
    whole sentence): 0.09 s against 0.036 s over the 729 benchmark articles (CPU inside find_events,
    the walk's code and this alternating per article in one process, the cue's id tests then
    written out here; calling ``_is_rollup_cue`` for each token adds 49,000 short calls).
    """
    root = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    tokens = tokens_of(trigger.doc)
    return any(
        _is_rollup_cue(token) and (token.i == root.i or root.is_ancestor(token))
        for token in tokens[root.left_edge.i:root.right_edge.i + 1]
    )


def person_kind(head: Token) -> str | None:
    """"civilian", "security" or "other" for a noun naming people; None when it does not say."""
    lemma = head.lemma_.lower()
    if head.pos_ in ("PRON", "NUM") or lemma in ("individual", "person", "people", "one", "man", "male"):
        return None
    if lemma in _CIVILIAN_NOUNS or any(c.lower_ == "civilian" for c in head.children):
        return "civilian"
    if lemma in _SECURITY_NOUNS:
        return "security"
    if lemma in _PERSON_NOUNS:
        return "other"
    return None


def refers_back(head: Token) -> bool:
    """A target phrase that points to someone already mentioned.

    "the facilitator", "the targeted individual", "him", "several individuals
    ..., including the facilitator": the event it belongs to is one already
    reported, not an additional one.
    """
    if head.lower_ in ("him", "her", "them", "he", "she", "they"):
        return True
    if head.pos_ in ("NOUN",) and head.lemma_.lower() in _PERSON_NOUNS and any(
        c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in head.children
    ) and not any(c.lower_ in ("additional", "other", "another", "more", "further") for c in head.children):
        return True
    for token in head.subtree:
        if token.lower_ == "including" and any(
            d.dep_ in ("det", "poss") and d.lower_ in _DEFINITE for g in token.children for d in g.children
        ):
            return True
    return False


def resolve_target(index, head: Token) -> list[str]:
    """Named people and organisations of a target phrase, else the unnamed group it describes."""
    if head.pos_ == "PRON" or head.lower_ in _PRONOUNS:
        record = index.entity_at(head.idx, head.idx + len(head))
        return [record.key] if record is not None and "Place" not in record.types else []
    tokens = core_tokens(head)
    if head.lemma_.lower() in GOODS_WORDS or _is_goods_phrase(head):
        start, end = token_span(tokens)  # goods: only whose they were ("a Taliban weapons cache")
        return [r.key for r in index.entities_in(start, end) if r.named and "Organization" in r.types]
    start, end = token_span(tokens)
    # a country addressed or targeted acts as an organisation ("a message to the United States")
    inside = [r for r in index.entities_in(start, end) if "Place" not in r.types or "Organization" in r.types]
    named = _named_keys(inside)
    people = [k for k in named if k.startswith("person:")]
    organisations = [k for k in named if not k.startswith("person:")]
    if named:
        return list(dict.fromkeys([*people, *organisations]))
    if head.pos_ in ("PROPN",) or head.ent_type_ in ("GPE", "LOC", "FAC"):
        return []
    if not _names_people(head):
        return []
    record = index.resolve_actor(start, end)
    if record is None or "Place" in record.types:
        return []
    return [record.key]


# --- counts ---------------------------------------------------------------------------


def _singular(head: Token, index) -> bool:
    if head.lower_ in _SINGULAR_PRONOUNS:
        return True
    if head.pos_ == "PRON":
        return False
    if head.tag_ in ("NNS", "NNPS"):
        return False
    if head.pos_ == "PROPN":
        record = index.entity_at(head.idx, head.idx + len(head))
        if record is None and head.ent_type_ != "PERSON":
            return _known_person_name(head, index)  # "Rostum and his associate", Rostum named as a person before
        return (record is not None and "Person" in record.types) or head.ent_type_ == "PERSON"
    if head.lemma_.lower() not in _PERSON_NOUNS or head.lemma_.lower() in ("people", "police", "personnel"):
        return False
    # a singular noun for a person is one person, with or without an article ("killed Taliban leader Wali")
    return not any(c.dep_ == "det" and c.lower_ in ("no", "any", "every", "each", "all") for c in head.children)


def _known_person_name(token: Token, index) -> bool:
    """A name the parser left untagged here is a person's when it is a word of a person the article named."""
    word = fold(token.text)
    return bool(word) and any(
        "Person" in r.types and any(word in fold(name).split() for name in (r.label, *r.aliases))
        for r in index.records()
    )


def _count_of(head: Token, counts: list[tuple[int, int, Count]], index) -> Count | None:
    """The count of one target phrase: a number in its pre-modifiers, or one for a singular."""
    left = min(t.idx for t in head.subtree if t.i <= head.i)
    right = head.idx + len(head)
    for start, end, count in counts:
        if left <= start < right or start <= head.idx < end:
            return count
    if _singular(head, index):
        return Count(minimum=1, qualifier="exact", text=head.text)
    return None


def sentence_counts(sentence_text: str, offset: int) -> list[tuple[int, int, Count]]:
    """The counts of a sentence, as document offsets."""
    return [(offset + s, offset + e, count) for s, e, count, _noun in find_counts(sentence_text)]


def phrase_count(heads: list[Token], counts: list[tuple[int, int, Count]], index) -> Count | None:
    """The count of coordinated target phrases: their sum, "at least" when one part is vague or unknown."""
    parts: list[Count] = []
    unknown = False
    for head in heads:
        for conjunct in conjuncts(head):
            if conjunct.lemma_.lower() in GOODS_WORDS:
                continue
            count = _count_of(conjunct, counts, index)
            if count is None:
                unknown = True
            else:
                parts.append(count)
    if not parts:
        return None
    if len(parts) == 1 and not unknown:
        return parts[0]
    qualifiers = {p.qualifier for p in parts}
    qualifier = parts[0].qualifier if len(qualifiers) == 1 and not unknown else "at least"
    if "vague" in qualifiers:
        qualifier = "vague"
    return Count(minimum=sum(p.minimum for p in parts), qualifier=qualifier, text=" + ".join(p.text for p in parts))
