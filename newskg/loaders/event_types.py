"""Event triggers: which words report which type of event, and whether they report one at all.

A trigger is a verb or an event noun, read with the dependency parse: the type
can depend on the object ("seized control of Sheberghan" is a Capture, "seized
weapons" a Seizure, "captured a Taliban leader" a Detention), and a trigger is
only an event when the clause asserts that it happened. Negated, modal,
conditional, intended and purpose clauses ("did not seek to seize", "will not
attack", "is expected to", "if they leave", "an operation to capture") report
no event; neither do descriptions of habits ("the leader is responsible for
attacks", "he plans and conducts attacks"). Word lists are English news and
military-release vocabulary, not the words of any one article.
"""

from __future__ import annotations

from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Token

from newskg.loaders.entity_rules import string_ids

from newskg.loaders.event_lexicon import (
    AIR_WORDS,
    ASPECTUAL_HEADS,
    ATTACK_VERBS,
    BOMB_WORDS,
    CAPTURE_INTENT_VERBS,
    CAPTURE_VERBS,
    CLASH_VERBS,
    CONDITIONAL_MARKS,
    DETAIN_VERBS,
    DIE_VERBS,
    FIND_VERBS,
    FIXED_WING_WORDS,
    GOODS_WORDS,
    HABITUAL_HEADS,
    INTENT_ADJECTIVES,
    INTENT_HEADS,
    INTENT_NOUNS,
    KILL_VERBS,
    MEET_VERBS,
    NEGATIONS,
    NOUN_TYPES,
    PEOPLE_WORDS,
    PLAN_WORDS,
    PREVENTED_HEADS,
    RAID_MODIFIERS,
    RELEASE_VERBS,
    SEARCH_NOUNS,
    SEARCH_VERBS,
    SECURITY_WORDS,
    STRIKE_VERBS,
    TERRITORY_WORDS,
    UNIT_WORDS,
    WANTED_WORDS,
    WITHDRAW_VERBS,
    WOUND_VERBS,
)

def _lower_words(token: Token) -> set[str]:
    return {t.lower_ for t in token.subtree} | {t.lemma_.lower() for t in token.subtree}


def _modifier_words(token: Token) -> set[str]:
    """Pre-modifiers of a noun: "suicide car bomb-and-gun raid" -> {suicide, car, bomb, gun, ...}."""
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "npadvmod") and child.i < token.i:
            for t in child.subtree:
                words.add(t.lower_)
                words.update(part for part in t.lower_.split("-") if part)
    for part in token.lower_.split("-"):
        words.add(part)
    return words


def _object(verb: Token) -> Token | None:
    """The direct object or, for a passive, the subject (the thing acted on)."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr"):
            return child
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        return verb.head
    return None


def _prep_object(token: Token, *preps: str) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _is_place_like(token: Token | None) -> bool:
    if token is None:
        return False
    if token.lemma_.lower() in WANTED_WORDS or token.ent_type_ in ("PERSON", "NORP"):
        return False  # "a Haqqani facilitator" is a person, whatever "Haqqani" is tagged
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    if token.lemma_.lower() in TERRITORY_WORDS or token.lower_ in TERRITORY_WORDS:
        return True
    if token.lemma_.lower() in ("most", "part", "half", "much", "all", "parts", "rest", "some", "third", "quarter"):
        of = _prep_object(token, "of")  # "most of the city", "a third of the country"
        return _is_place_like(of)
    return any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in token.subtree if t.i <= token.i)


def _is_goods(token: Token | None) -> bool:
    if token is None:
        return False
    if token.lemma_.lower() in WANTED_WORDS or token.ent_type_ in ("PERSON", "NORP"):
        return False  # "a facilitator of explosives" is a person
    head_words = {token.lemma_.lower(), token.lower_}
    for conj in token.conjuncts:
        head_words.update({conj.lemma_.lower(), conj.lower_})
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    head_words.update({pobj.lemma_.lower(), pobj.lower_})
    return bool(head_words & GOODS_WORDS)


def _is_people(token: Token | None) -> bool:
    if token is None:
        return False
    if token.ent_type_ in ("PERSON", "NORP"):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in ("him", "her", "them", "he", "she", "they", "another", "others")
    return not _is_goods(token) and not _is_place_like(token)


def _agent_text(verb: Token) -> set[str]:
    words: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "agent"):
            words |= _lower_words(child)
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
            if child.dep_ == "nsubj":
                words |= _lower_words(child)
    return words


def _has_air_words(words: set[str]) -> bool:
    if "suicide" in words:
        return False  # "suicide bombers" walk or drive
    return bool(words & AIR_WORDS) or "air force" in " ".join(sorted(words))


def is_passive_verb(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _search_objects(token: Token) -> list[Token]:
    """"search for X", "in search of X", "in pursuit of X", "pursuit of X"."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ != "prep":
            continue
        if child.lower_ in ("for",) and token.lemma_.lower() in SEARCH_VERBS | SEARCH_NOUNS:
            found += _pobjs(child)
        elif child.lower_ == "of" and token.lemma_.lower() in SEARCH_NOUNS:
            found += _pobjs(child)
        elif child.lower_ in ("in", "during", "while"):
            for pobj in _pobjs(child):
                if pobj.lemma_.lower() in SEARCH_NOUNS:
                    found += _search_objects(pobj)
    return found


def sought_heads(token: Token) -> list[Token]:
    """Heads of the phrases naming whom an operation or search was after."""
    found: list[Token] = []
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and lemma in SEARCH_VERBS - {"search"}:
        found += [c for c in token.children if c.dep_ == "dobj"]
    found += _search_objects(token)
    if lemma in ("operation", "raid") and token.pos_ == "NOUN":
        found += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for p in _pobjs(c)]
        if token.dep_ == "dobj" and token.head.pos_ == "VERB":
            found += _search_objects(token.head)  # "conducted an operation in search of X"
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("against", "targeting"):
            found += _pobjs(child)
        if child.dep_ in ("acl", "advcl", "relcl") and child.lemma_.lower() in CAPTURE_INTENT_VERBS:
            if child.lemma_.lower() == "target" or any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
                found += [c for c in child.children if c.dep_ == "dobj"]
        if child.dep_ in ("acl", "advcl") and child.lemma_.lower() in SEARCH_VERBS:
            found += sought_heads(child)
    # "conducted an operation to capture X": the purpose clause hangs on the light verb
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj" and token.head.pos_ == "VERB":
        for child in token.head.children:
            if child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() in CAPTURE_INTENT_VERBS and any(
                c.dep_ == "aux" and c.tag_ == "TO" for c in child.children
            ):
                found += [c for c in child.children if c.dep_ == "dobj"]
    # "the target of the operation was a Taliban leader"; "The target was a Taliban leader"
    if lemma == "target" and token.pos_ == "NOUN" and token.dep_ == "nsubj" and token.head.lemma_ == "be":
        found += [c for c in token.head.children if c.dep_ == "attr"]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() == "target":
        target_noun = token.head.head
        if target_noun.dep_ == "nsubj":
            found += [c for c in target_noun.head.children if c.dep_ == "attr"]
    return [head for head in found if _wanted(head)]


def _wanted(head: Token) -> bool:
    if head.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    return head.lemma_.lower() in WANTED_WORDS or any(
        t.ent_type_ in ("ORG", "PERSON") for t in head.subtree if t.i <= head.i
    )


# Every lemma ``verb_type`` can give a type for; any other verb is none, and its object and particle
# are not read (a tenth of an article's tokens are verbs, and nearly all are none). A test reads
# ``verb_type``'s source and holds every lemma it tests to this set.
_EVENT_VERB_WORDS = frozenset({
    *KILL_VERBS, *DIE_VERBS, *WOUND_VERBS, *DETAIN_VERBS, *CAPTURE_VERBS, *FIND_VERBS, *RELEASE_VERBS,
    *ATTACK_VERBS, *STRIKE_VERBS, *CLASH_VERBS, *SEARCH_VERBS, *MEET_VERBS, *WITHDRAW_VERBS,
    "take", "fall", "destroy", "engage", "raid", "exchange", "return", "open", "surrender", "turn",
    "drop", "fire", "launch", "issue", "release", "publish",
})


class LemmaIn:
    """Whether a token's lemma, lower-cased, is one of ``words``: answered once per lemma id.

    ``trigger_type`` asks it of every verb and noun of every article (~48,000 over the 729
    benchmark articles), and ``token.lemma_`` reads the string store and makes a new string on
    each read, where ``token.lemma`` is an int: the answer is kept per lemma id for the process
    (one entry per distinct lemma met).
    """

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self._known: dict[int, bool] = {}

    def __call__(self, token: Token) -> bool:
        known = self._known.get(token.lemma)
        if known is None:
            known = self._known[token.lemma] = token.lemma_.lower() in self.words
        return known


_is_event_verb = LemmaIn(_EVENT_VERB_WORDS)


def verb_type(verb: Token) -> str | None:
    """The event type a verb reports, or None: the lemma and, where it matters, its object decide."""
    if not _is_event_verb(verb):
        return None
    lemma = verb.lemma_.lower()
    obj = _object(verb)
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    if lemma in KILL_VERBS:
        if lemma in ("execute", "eliminate") and obj is not None and (
                obj.lemma_.lower() in NOUN_TYPES or obj.lemma_.lower() in PLAN_WORDS):
            return None  # "planned and executed attacks", "eliminated the threat"
        if lemma == "shoot" and particle != "dead" and not any(c.lower_ == "dead" for c in verb.children):
            return "Attack" if obj is not None else None
        return "Killing"
    if lemma in DIE_VERBS:
        return "Killing"
    if lemma in WOUND_VERBS:
        return "Wounding"
    if lemma == "take":
        if obj is not None and obj.lemma_.lower() == "control":
            return "Capture"
        if particle == "over":
            return "Capture"
        into = _prep_object(verb, "into")
        if into is not None and into.lemma_.lower() == "custody":
            return "Detention"
        return None
    if lemma == "fall":
        target = _prep_object(verb, "into", "to")
        if target is not None and (target.lemma_.lower() in ("hand", "control") or target.ent_type_ in ("ORG", "NORP")
                                    or target.lower_ in ("taliban", "insurgents", "militants", "rebels")):
            return "Capture"
        return None
    if lemma in DETAIN_VERBS:
        return "Detention"
    if lemma == "destroy":
        # "found and destroyed a cache", "the force destroyed the weapons": a seizure; "vehicles were
        # destroyed as a result of the airstrikes" is damage
        finds = any(c.dep_ == "conj" and c.lemma_.lower() in FIND_VERBS for c in verb.children) or (
            verb.dep_ == "conj" and verb.head.lemma_.lower() in FIND_VERBS
        )
        if obj is not None and _is_goods(obj) and (finds or (not is_passive_verb(verb) and _agent_text(verb) & SECURITY_WORDS)):
            return "Seizure"
        return None
    if lemma in CAPTURE_VERBS or lemma in FIND_VERBS:
        if obj is not None and _is_goods(obj):
            return "Seizure"
        if obj is None and lemma in ("capture", "seize") and any(c.dep_ == "auxpass" for c in verb.children):
            # "... were captured by a combined security force" with the patient lost by the parse
            return "Detention" if _agent_text(verb) & SECURITY_WORDS else None
        if lemma in CAPTURE_VERBS and (obj is None or _is_place_like(obj)):
            return "Capture" if lemma != "capture" or obj is not None else None
        if lemma in ("capture",) and _is_people(obj):
            return "Detention"
        return None
    if lemma in RELEASE_VERBS:
        if obj is not None and (obj.lemma_.lower() in PEOPLE_WORDS or _is_people(obj)) and not _is_goods(obj):
            return "Release"
        return None
    if (lemma in ATTACK_VERBS or lemma == "engage") and _agent_text(verb) & FIXED_WING_WORDS:
        return "Airstrike"  # "Two fixed-wing aircraft engaged the insurgent positions"
    if lemma in ATTACK_VERBS:
        return "Attack"
    if lemma == "raid":
        return "Raid" if _agent_text(verb) & SECURITY_WORDS else "Attack"
    if lemma in STRIKE_VERBS:
        agent_words = _agent_text(verb)
        if _has_air_words(agent_words):
            return "Airstrike"
        if lemma == "bomb":
            return "Bombing"
        if lemma == "target" and obj is not None:
            return "Raid" if agent_words & SECURITY_WORDS else "Attack"
        if lemma in ("strike", "pound", "hit") and obj is not None and _is_people(obj) and agent_words:
            return "Attack"
        return None
    if lemma in CLASH_VERBS:
        return "Clash" if lemma == "clash" or verb.tag_ != "VBG" or verb.dep_ != "amod" else None
    if lemma in ("exchange", "return", "open") and obj is not None and obj.lemma_.lower() in ("fire", "gunfire"):
        return "Clash"
    if lemma == "engage" and obj is not None and _is_people(obj):
        return "Clash"
    if lemma in SEARCH_VERBS and sought_heads(verb):
        return "Raid"
    if lemma == "surrender" or (lemma == "turn" and particle == "in" and any(
        c.dep_ == "dobj" and c.lower_ in ("himself", "herself", "themselves") for c in verb.children
    )):
        return "Detention"  # "a facilitator turned himself in to Afghan forces": taken into custody
    if lemma in ("drop", "fire", "launch") and obj is not None and obj.lemma_.lower() in (
        "bomb", "missile", "munition", "rocket", "weapon", "strike",
    ) and _has_air_words(_agent_text(verb) | _lower_words(obj)):
        return "Airstrike"
    if lemma in MEET_VERBS:
        return "Meeting"
    if lemma in WITHDRAW_VERBS:
        subject_words = _agent_text(verb)
        if lemma == "pull" and particle not in ("out", "back"):
            return None
        if lemma == "leave" and (obj is None or not _is_place_like(obj)):
            return None
        if subject_words & {"troops", "troop", "forces", "force", "soldiers", "army", "military", "contingent"} or (
            obj is not None and obj.lemma_.lower() in ("troop", "force", "soldier")
        ):
            return "Withdrawal"
        return None
    if lemma in ("issue", "release", "publish") and obj is not None and obj.lemma_.lower() in (
        "statement", "message", "warning", "communique", "ultimatum", "declaration",
    ):
        return "Statement"
    return None


def _names_a_unit(noun: Token) -> bool:
    """"Combined Joint Special Operation Task Force", "a strike team": the noun is part of a unit's name.

    A capitalised noun followed by a capitalised unit word is inside a name whatever the parse (headings
    parse badly); in lower case the noun must modify the unit word that follows it.
    """
    if noun.i + 1 >= len(noun.doc):
        return False
    following = noun.doc[noun.i + 1]
    if following.lower_.rstrip("-–") not in UNIT_WORDS:
        return False
    if noun.is_title and following.is_title:
        return True
    return noun.dep_ == "compound" and noun.head.i == following.i


# Every word ``noun_type`` can give a type for, as lemma or as written; any other noun is none, and
# its context is not read (a quarter of an article's tokens are nouns, and nearly all are none).
_STRIKE_NOUNS = ("strike", "strikes")  # an airstrike only with air words beside it
_EVENT_NOUN_WORDS = frozenset({*NOUN_TYPES, *SEARCH_NOUNS, "target", *_STRIKE_NOUNS})
_EVENT_NOUN_IDS = string_ids(_EVENT_NOUN_WORDS)  # for ``token.lower``, an int (``lower_`` reads the string store)
_is_event_noun_lemma = LemmaIn(_EVENT_NOUN_WORDS)


def noun_type(noun: Token) -> str | None:
    """The event type an event noun reports: "airstrike", "the militant raid", "clashes", "a security operation"."""
    if noun.lower not in _EVENT_NOUN_IDS and not _is_event_noun_lemma(noun):
        return None
    lemma = noun.lemma_.lower()
    if _names_a_unit(noun):
        return None
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in GOODS_WORDS:
        return None  # "AK-47 assault rifles", "roadside bomb components": a kind of weapon, not an event
    if lemma in SEARCH_NOUNS:
        # "an operation in search of X" is the operation's purpose; "detained two while in pursuit of X" a search
        purpose = noun.dep_ == "pobj" and noun.head.lower_ in ("in", "on") and (
            noun.head.head.pos_ in ("NOUN", "PROPN")
            or any(c.dep_ == "dobj" and c.lemma_.lower() in ("operation", "raid") for c in noun.head.head.children)
        )
        return "Raid" if sought_heads(noun) and not purpose else None
    if lemma == "target" and noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and not any(
        c.dep_ == "prep" for c in noun.children
    ):
        return "Raid" if sought_heads(noun) else None  # "The target was a Taliban leader ..."
    if lemma == "strike" or noun.lower_ in _STRIKE_NOUNS:
        if _has_air_words(_modifier_words(noun)):
            return "Airstrike"
        return None
    base = NOUN_TYPES.get(lemma) or NOUN_TYPES.get(noun.lower_)
    if base is None:
        return None  # most nouns: their modifiers are not read
    words = _modifier_words(noun)
    if base == "Attack":
        if words & BOMB_WORDS:
            return "Bombing"
        if _has_air_words(words) and lemma != "offensive":
            return "Airstrike"
        return base
    if base == "Raid":
        if lemma == "operation":
            refers_back = any(c.dep_ == "det" and c.lower_ in ("this", "that") for c in noun.children)
            if not (words & RAID_MODIFIERS or sought_heads(noun) or refers_back):
                return None
            return "Raid"
        if words & BOMB_WORDS:
            return "Bombing"
        if words & {"militant", "insurgent", "taliban", "terrorist", "rebel", "gun", "guerrilla", "jihadist"}:
            return "Attack"
        if _has_air_words(words):
            return "Airstrike"
        return "Raid"
    if base == "Capture" and lemma in ("fall", "seizure", "capture"):
        of = _prep_object(noun, "of")
        if of is not None and _is_goods(of):
            return "Seizure"
        if lemma == "fall" and (of is None or not _is_place_like(of)):
            return None
        if lemma == "capture" and of is not None and not _is_place_like(of):
            return "Detention"
    if lemma == "death":  # "resulted in the death of Maulawi Tayeb", "his death"; not "civilian deaths rose"
        if noun.tag_ != "NN" or not (_prep_object(noun, "of") is not None or any(c.dep_ == "poss" for c in noun.children)):
            return None
    if base == "Release":
        of = _prep_object(noun, "of")
        if of is None or _is_goods(of) or not _is_people(of):
            return None
    if base == "Meeting" and lemma == "talks" and noun.dep_ == "compound":
        return None
    return base


_LIGHT_AUXILIARY_IDS = string_ids(("be", "have", "do"))


def trigger_type(token: Token) -> str | None:
    """The type a token reports as a trigger, before realis checks ("Wounding" is an internal type).

    Asked of every token of every article (~99,000 over the 729 benchmark articles): the part of
    speech and the auxiliary's lemma are compared as ids (``token.pos``, ``token.lemma``), which
    spaCy keeps as ints, not as the strings ``pos_`` and ``lemma_`` look up on each read. With the
    word gates of ``verb_type`` and ``noun_type`` read the same way (``LemmaIn``), the loop over the
    corpus' tokens went from 0.124 to 0.113 s (median CPU of 9 alternating rounds in one process;
    the rest is the rules' work on the event words).
    """
    pos = token.pos
    if pos == VERB or (pos == AUX and token.lemma not in _LIGHT_AUXILIARY_IDS):
        return verb_type(token)
    if pos == NOUN or pos == PROPN:
        return noun_type(token)
    return None


# --- reality of a clause ----------------------------------------------------------------


_NEG_ID = get_string_id("neg")
_NEGATION_DEP_IDS = string_ids(("advmod", "det", "preconj"))
_AUXILIARY_DEP_IDS = string_ids(("aux", "auxpass"))
_MD_ID = get_string_id("MD")
_MARK_ID = get_string_id("mark")


def _marked_irrealis(token: Token) -> bool:
    """A child negates the verb ("not", "never"), makes it modal ("will", "could"; not "they'd captured",
    had) or conditional ("if", "unless").

    One pass over the children, labels and tags compared as ids (``string_ids``): the three tests
    each walked the children and read their labels as strings, at every step of
    ``clause_is_irrealis``' walk up: 0.093 s against 0.057 s for that walk over the 729 benchmark
    articles (CPU inside find_events, the three tests' code and this alternating per article in one
    process).
    """
    for child in token.children:
        dep = child.dep
        if dep == _NEG_ID or (dep in _NEGATION_DEP_IDS and child.lower_ in NEGATIONS):
            return True
        if dep in _AUXILIARY_DEP_IDS and child.tag == _MD_ID and not (
            child.lower_ in ("'d", "’d") and token.tag_ == "VBN"  # "they'd captured": had, not would
        ):
            return True
        if dep == _MARK_ID and child.lower_ in CONDITIONAL_MARKS:
            return True
    return False


def _infinitive(token: Token) -> bool:
    return any(child.dep_ == "aux" and child.tag_ == "TO" for child in token.children)


def _governing_verb(noun: Token) -> Token | None:
    """The nearest verb or adjective above a noun, through prepositions and conjunctions."""
    current = noun
    for _ in range(8):
        if current.dep_ == "ROOT" or current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX", "ADJ") and current.dep_ not in ("amod",):
            return current
    return None


def clause_is_irrealis(verb: Token) -> bool:
    """True when the clause of ``verb`` does not assert that something happened.

    Walks up through coordinated verbs, complements and adverbial clauses:
    "did not seek to seize" (negated head), "is expected to increase"
    (expectation), "an operation to capture" (purpose), "if they leave"
    (condition). Reported speech ("officials said X happened") asserts X, as
    the claim of the speaker.
    """
    current = verb
    for _ in range(12):
        if _marked_irrealis(current):
            return True
        if current.i != verb.i and current.pos_ == "ADJ" and current.lemma_.lower() in INTENT_ADJECTIVES:
            return True  # "responsible for attacks as well as kidnapping operations"
        head = current.head
        if head.i == current.i:
            return False
        dep = current.dep_
        if dep == "conj":
            current = head  # coordinated verbs share their first verb's negation and modality
            continue
        if dep in ("xcomp", "ccomp", "csubj", "csubjpass", "advcl", "acl", "relcl", "pcomp", "oprd", "prep",
                   "pobj", "advmod", "npadvmod", "dobj", "attr", "nsubj", "nsubjpass", "appos"):
            if dep in ("xcomp", "advcl", "acl", "relcl", "ccomp", "csubj") and _infinitive(current):
                if head.lemma_.lower() not in ASPECTUAL_HEADS:
                    return True  # purpose or plan: "an operation to capture", "moved to retake"
            head_lemma = head.lemma_.lower()
            if head_lemma in INTENT_HEADS and head.pos_ in ("VERB", "AUX"):
                return True
            if head_lemma in INTENT_ADJECTIVES and head.pos_ in ("ADJ", "VERB"):
                return True
            if head_lemma in INTENT_NOUNS and head.pos_ in ("NOUN",):
                return True  # "doubt about the Taliban taking over", "plans to withdraw"
            if dep == "ccomp":
                current = head
                continue
            if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
                return False  # a relative clause: its own reality, checked above
            current = head
            continue
        return False
    return False


def is_habitual(token: Token) -> bool:
    """Descriptions of what someone usually does or is responsible for, not of an event.

    "The leader is responsible for direct attacks", "he plans and conducts
    attacks", present-simple verbs ("the Taliban attack checkpoints"), and bare
    plural event nouns under such verbs.
    """
    verb = token if token.pos_ in ("VERB", "AUX") else _governing_verb(token)
    if token.pos_ in ("NOUN", "PROPN"):
        if verb is not None and verb.lemma_.lower() in HABITUAL_HEADS:
            return True
        bare_plural = token.tag_ in ("NNS", "NNPS") and not any(
            c.dep_ in ("det", "nummod", "poss") for c in token.children
        )
        if bare_plural and token.dep_ in ("dobj", "pobj", "conj") and verb is not None:
            subject = _subject_of(verb)
            if verb.tag_ in ("VBZ", "VBP", "VBG") and not _progressive_or_perfect(verb):
                return True
            if subject is not None and _singular_person(subject):
                return True
    if verb is None:
        return False
    if verb.tag_ in ("VBZ", "VBP") and verb.pos_ == "VERB" and not _progressive_or_perfect(verb):
        return True
    return False


def _subject_of(verb: Token) -> Token | None:
    """A verb's subject, or that of the verb it is coordinated with ("the leader planned and conducted")."""
    current = verb
    for _ in range(4):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or current.dep_ != "conj":
            return subject
        current = current.head
    return None


def _progressive_or_perfect(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ in ("be", "have") for c in verb.children) or verb.tag_ in (
        "VBG", "VBN", "VBD"
    ) and verb.dep_ != "ROOT"


def _singular_person(token: Token) -> bool:
    if token.lower_ in ("he", "she", "who"):
        return True
    return token.tag_ == "NN" and token.lemma_.lower() in (
        "leader", "commander", "facilitator", "individual", "man", "insurgent", "militant", "member", "governor",
        "official", "suspect", "expert", "planner", "financier", "chief", "emir",
    )


def _did_something(noun: Token) -> bool:
    """A relative clause in the past says the event took place: "an airstrike which killed two insurgents"."""
    return any(
        c.dep_ == "relcl" and c.tag_ == "VBD" and verb_type(c) is not None and not clause_is_irrealis(c)
        for c in noun.children
    )


def is_realis(token: Token) -> bool:
    """True when a trigger token reports something that happened (no negation, modality, habit)."""
    if token.pos_ in ("VERB", "AUX"):
        if any(c.dep_ in ("nsubjpass", "dobj", "nsubj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
               for c in token.children):
            return False  # "no civilians were killed", "no shots were fired"
        if token.dep_ == "acl" and token.tag_ == "VBG":
            return False  # "attacks targeting civilians", "a network facilitating IEDs": a description
        if token.dep_ in ("amod", "compound", "nmod"):
            return False  # "the arrested leader", "kidnapping operations": a modifier, not a report
        if clause_is_irrealis(token):
            return False
    else:
        if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in token.children):
            return False
        current = token
        while current.head.i != current.i and current.head.pos_ in ("NOUN", "ADP"):
            current = current.head
            if current.pos_ == "NOUN" and current.lemma_.lower() in INTENT_NOUNS:
                return False  # "a plan for the withdrawal", "fears of an offensive"
        verb = _governing_verb(token)
        if verb is not None:
            lemma = verb.lemma_.lower()
            if lemma in INTENT_HEADS and verb.pos_ in ("VERB", "AUX") and _did_something(token):
                return not is_habitual(token)  # "called for a precision airstrike which killed Rostum"
            if lemma in PREVENTED_HEADS or (lemma in INTENT_HEADS and verb.pos_ in ("VERB", "AUX")):
                return False  # "foiled an attack", "planned an attack", "ordered airstrikes"
            if lemma in INTENT_ADJECTIVES:
                return False
            if verb.pos_ in ("VERB", "AUX") and clause_is_irrealis(verb):
                return False
    return not is_habitual(token)
