"""Who speaks: the claimant phrase of a speech verb, and what a pronoun speaker refers to.

The claimant is kept as written (the entity index decides which actor a phrase
denotes), but without what only says how or when it spoke ("the U.S. embassy
in a statement", "the source, who asked not to be named"). A pronoun ("he
added") or a definite description ("the spokesman said") refers back to an
earlier speaker, as news style introduces a speaker once and then shortens.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newskg.loaders.doc_text import text_of

# Platforms are the medium of a claim, never its claimant ("confirmed on Twitter").
_PLATFORMS = {"twitter", "facebook", "telegram", "whatsapp", "youtube", "instagram", "tiktok", "weibo"}
# Nouns for the channel or occasion of a statement: "X in a statement", "X at a press conference".
_MEDIA = {
    "statement", "tweet", "post", "interview", "conference", "briefing", "release", "message",
    "video", "letter", "speech", "broadcast", "television", "tv", "radio", "email", "communique",
    "remark", "comment", "address", "report", "website", "channel", "call", "phone", "telephone",
} | _PLATFORMS
# Heads under which an infinitive speech verb still reports speech ("went on to say").
XCOMP_HEADS = {"go", "continue", "proceed", "rush", "hasten", "begin", "start", "repeat"}
# Nouns that speak for their author ("issued a statement saying ...").
MESSAGE_NOUNS = {
    "statement", "message", "letter", "tweet", "post", "communique", "release", "video",
    "note", "announcement", "notice", "speech",
}
# Nouns for organisations and groups, which "it"/"they" can refer to but "he"/"she" cannot.
_INSTITUTIONS = {
    "embassy", "ministry", "government", "office", "group", "movement", "army", "police", "military",
    "department", "agency", "council", "committee", "organisation", "organization", "body",
    "statement", "command", "force", "administration", "authority", "coalition", "alliance",
    "party", "network", "militia", "court", "parliament", "cabinet", "commission", "mission",
    "company", "firm", "newspaper", "channel", "website", "bureau", "directorate", "headquarters",
}
# Nouns that denote people by role: antecedents of "he"/"she" when no speaker is nearer.
_PERSON_ROLES = {
    "commander", "leader", "spokesman", "spokeswoman", "spokesperson", "official", "governor",
    "minister", "president", "chief", "general", "officer", "soldier", "resident", "witness",
    "source", "envoy", "ambassador", "director", "member", "activist", "journalist", "analyst",
    "man", "woman", "mayor", "lawmaker", "senator", "diplomat", "doctor", "survivor", "villager",
    "elder", "fighter", "militant", "insurgent", "suspect", "detainee", "facilitator", "father", "mother",
    "representative", "secretary", "head", "deputy", "colonel", "captain", "sergeant", "lieutenant",
}
# Generic nouns by which news refers back to an organisation already named.
_GROUP_NOUNS = {"group", "movement", "body", "organisation", "organization", "militia", "alliance", "network", "outfit"}
_ROLE_SYNONYMS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokespeople": "spokesperson"}
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "organisation"}
_RELATIVE = {"who", "that", "which", "whom"}
_LOOKBACK_SENTENCES = 3


def is_platform(token: Token) -> bool:
    return token.lower_ in _PLATFORMS


def is_medium_phrase(prep: Token, *, times: bool = False) -> bool:
    """A prepositional phrase for the channel of speaking ("in a statement", "on Telegram"),
    or with ``times`` also for its time ("on Monday")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return prep.dep_ == "prep" and any(
        o.lemma_.lower() in _MEDIA or (times and o.ent_type_ in ("DATE", "TIME")) for o in objects
    )


def speaker_heads(verb: Token) -> list[Token]:
    """Head tokens of who performs the speech verb, inherited from the governing clause when elided."""
    children = list(verb.children)
    agents = [p for c in children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if agents:
        return agents
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
        return []
    subjects = [c for c in children if c.dep_ == "nsubj"]
    if subjects:
        return _choose_subjects(verb, subjects)
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return _inherited(head)
    if verb.dep_ == "xcomp" and head.lemma_.lower() in XCOMP_HEADS:
        return _inherited(head)
    if verb.dep_ == "acl" and head.lemma_.lower() in MESSAGE_NOUNS:
        issuer = head.head
        if head.dep_ == "dobj":
            issuers = [c for c in issuer.children if c.dep_ == "nsubj"]
            if issuers:
                return issuers
        return [head]
    return []


def _choose_subjects(verb: Token, subjects: list[Token]) -> list[Token]:
    left = [s for s in subjects if s.i < verb.i]
    right = [s for s in subjects if s.i > verb.i]
    if left and right:
        # '... leaders said Col. X': a clause before the verb makes the subject after it the speaker
        before = verb.doc[verb.i - 1] if verb.i > 0 else verb
        inverted = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children) or before.text in (",", "”", '"')
        subjects = right if inverted else left
    first = subjects[0]
    if first.lower_ in _RELATIVE:
        return [verb.head] if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") else []
    if first.lower_ in ("there", "what", "which"):
        return []
    return subjects


def _inherited(head: Token) -> list[Token]:
    for _ in range(4):
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return _choose_subjects(head, subjects) if subjects[0].dep_ == "nsubj" else subjects
        if head.dep_ not in ("conj", "advcl", "xcomp") or head.head.i == head.i:
            return []
        head = head.head
    return []


def claimant_span(anchor: Token, heads: list[Token]) -> tuple[int, int] | None:
    """Character span of the claimant phrase headed by ``heads`` (several for a split subject)."""
    doc = anchor.doc
    start = min(_phrase(h, anchor)[0] for h in heads)
    end = max(_phrase(h, anchor)[1] for h in heads)
    end = _through_name_after_title(doc, end)
    while start >= 2 and doc[start - 1].text == "." and doc[start - 2].lower_ in _TITLES and doc[start].pos_ == "PROPN":
        start -= 2  # "was Sgt. | Hafiz Rahman, who said": the title went to the previous sentence
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end]):
            break  # "The Rapid Support Forces (RSF)"
        end -= 1
    if end <= start or start <= anchor.i < end:
        return None
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    dash = _DATELINE_DASH.search(text_of(doc), first, last)
    while dash is not None and last - dash.end() > 0:
        first = dash.end()  # "KABUL, Afghanistan (Oct. 8) - The force": the dateline is not the speaker
        dash = _DATELINE_DASH.search(text_of(doc), first, last)
    return first, last


_DATELINE_DASH = re.compile(r"\s[—–-]{1,2}\s+")
_TITLES = {
    "capt", "col", "lt", "gen", "maj", "sgt", "cmdr", "adm", "brig", "dr", "mr", "mrs", "ms", "gov",
    "sen", "rep", "pvt", "cpl", "spc", "pfc", "cmdt", "insp", "supt", "prof", "rev", "amb",
}


def _through_name_after_title(doc: Doc, end: int) -> int:
    """ "said U.S. Army Capt. | Aaron Schwengler": a sentence split after a title cut the name off."""
    if end + 1 >= len(doc) or doc[end - 1].lower_.rstrip(".") not in _TITLES:
        return end
    i = end + 1 if doc[end].text == "." else end
    if i == end or i >= len(doc) or doc[i].pos_ != "PROPN":
        return end
    while i < len(doc) and (doc[i].pos_ == "PROPN" or (doc[i].text == "." and doc[i - 1].pos_ == "PROPN" and len(doc[i - 1]) <= 2)):
        i += 1
    for child in doc[i - 1].rights:  # and the apposition after the name: ", Company B commander"
        if child.dep_ == "appos":
            i = max(i, child.right_edge.i + 1)
    return i


def _phrase(head: Token, anchor: Token | None = None) -> tuple[int, int]:
    """Token range of a noun phrase without trailing relative clauses, media or times,
    nor leading adverbials ("In an update to ..., officials confirmed"), nor the
    speech verb itself ("a night letter stating ...")."""
    end = head.i + 1
    for child in head.rights:
        if _excluded(child) or (anchor is not None and child.left_edge.i <= anchor.i <= child.right_edge.i):
            break
        if child.dep_ != "punct" or child.text in ")]":
            end = max(end, child.right_edge.i + 1)
    start = head.i
    for child in head.lefts:
        if child.dep_ not in ("prep", "punct", "advmod", "npadvmod", "cc", "mark"):
            start = min(start, child.left_edge.i)
    return start, end


def _excluded(child: Token) -> bool:
    if child.dep_ in ("relcl", "npadvmod", "advmod", "advcl", "parataxis"):
        return True
    if child.dep_ == "acl" and child.tag_ == "VBG" and child.lemma_.lower() in ("say", "add", "speak"):
        return True
    return is_medium_phrase(child, times=True)


# --- resolution -------------------------------------------------------------------------


def resolve_speakers(doc: Doc, speakers: list[tuple[tuple[int, int], Token | None]]) -> list[tuple[int, int] | None]:
    """For each (claimant span, head token) in text order, the span of the earlier speaker it refers to.

    A pronoun takes the most recent compatible antecedent among the earlier
    speakers and the subjects of the preceding sentences ("The commander had
    ties to ... He claimed responsibility"): "he"/"she" a person, "it" an
    organisation, "they" a group. A definite description ("the spokesperson",
    "the embassy") takes the most recent speaker with the same role word whose
    proper-name modifiers it does not contradict.
    """
    resolved: list[tuple[int, int] | None] = []
    referents: list[Token | None] = []
    for index, (span, head) in enumerate(speakers):
        target: tuple[int, int] | None = None
        referent: Token | None = None
        earlier = [
            (resolved[j] or speakers[j][0], referents[j] or speakers[j][1])
            for j in range(index - 1, -1, -1)
            if speakers[j][0][1] <= span[0] and speakers[j][1] is not None
        ]
        if head is not None and head.pos_ == "PRON" and head.lower_ in _PRONOUNS:
            wanted = _PRONOUNS[head.lower_]
            candidates = [(s, t) for s, t in earlier if _compatible(t, wanted)]
            candidates += [(s, t) for s, t in _sentence_subjects(doc, span[0]) if _named_or_role(t, wanted)]
            candidates.sort(key=lambda c: c[0][0], reverse=True)
            match = candidates[0] if candidates else _named_before(doc, span[0], wanted)
            if match is not None:
                target, referent = match
        elif head is not None and _is_definite_description(head):
            match = next(((s, t) for s, t in earlier if _same_role(head, t, text_of(doc)[s[0]:s[1]])), None)
            if match is None and head.lemma_.lower() in _GROUP_NOUNS:
                # "the movement announced", "the global body warned": the organisation last in view
                candidates = [(s, t) for s, t in earlier if _kind(t) == "organisation"]
                candidates += [(s, t) for s, t in _sentence_subjects(doc, span[0]) if _named_or_role(t, "organisation")]
                candidates.sort(key=lambda c: c[0][0], reverse=True)
                match = candidates[0] if candidates else None
            if match is not None:
                target, referent = match
        resolved.append(target)
        referents.append(referent)
    return resolved


def _sentence_subjects(doc: Doc, position: int) -> list[tuple[tuple[int, int], Token]]:
    """Subjects of the main clauses of the sentences just before ``position`` (pronouns aside)."""
    found = []
    here = doc.char_span(position, position + 1, alignment_mode="expand")
    if here is None:
        return found
    sentence = here[0].sent
    for _ in range(_LOOKBACK_SENTENCES):
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
        for subject in (c for c in sentence.root.children if c.dep_ == "nsubj"):
            if subject.pos_ != "PRON":
                start, end = _phrase(subject)
                found.append(((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)), subject))
    return found


def _named_or_role(token: Token, wanted: str) -> bool:
    """A subject that is not a speaker is an antecedent only if it plainly names a person or a group."""
    if wanted == "person":
        return token.ent_type_ == "PERSON" or (token.lemma_.lower() in _PERSON_ROLES and token.tag_ == "NN")
    if wanted == "organisation":
        return token.ent_type_ == "ORG" or token.lemma_.lower() in _INSTITUTIONS
    return token.ent_type_ in ("ORG", "NORP") or (token.tag_ == "NNS" and token.lemma_.lower() in _PERSON_ROLES)


def _kind(token: Token) -> str:
    lemma = token.lemma_.lower()
    if token.ent_type_ == "PERSON":
        return "person"
    if token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children):
        return "group"
    if token.ent_type_ in ("ORG", "NORP", "GPE") or lemma in _INSTITUTIONS:
        return "organisation"
    return "person"


def _compatible(token: Token, wanted: str) -> bool:
    kind = _kind(token)
    if wanted == "group":
        return kind in ("group", "organisation")
    return kind == wanted


def _named_before(doc: Doc, position: int, wanted: str) -> tuple[tuple[int, int], Token] | None:
    """The last named person (or organisation) before ``position`` within a few sentences."""
    labels = {"person": {"PERSON"}, "organisation": {"ORG"}, "group": {"ORG", "NORP"}}[wanted]
    sentence = doc.char_span(position, position + 1, alignment_mode="expand")
    if sentence is None:
        return None
    first = sentence[0].sent
    for _ in range(_LOOKBACK_SENTENCES):
        if first.start == 0:
            break
        first = doc[first.start - 1].sent
    for ent in reversed(doc.ents):
        if ent.end_char <= position and ent.start_char >= first.start_char and ent.label_ in labels:
            return (ent.start_char, ent.end_char), ent.root
    return None


def _is_definite_description(head: Token) -> bool:
    return head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children)


def _role_words(token: Token) -> set[str]:
    words = {token.lemma_.lower()}
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ == "NOUN":
            words.add(child.lemma_.lower())
        if child.dep_ == "appos":
            words.add(child.lemma_.lower())
            words.update(c.lemma_.lower() for c in child.children if c.dep_ == "compound" and c.pos_ == "NOUN")
    return {_ROLE_SYNONYMS.get(w, w) for w in words}


def _same_role(head: Token, candidate: Token, candidate_text: str) -> bool:
    lemma = head.lemma_.lower()
    if _ROLE_SYNONYMS.get(lemma, lemma) not in _role_words(candidate):
        return False
    folded = candidate_text.lower()
    names = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.ent_type_)]
    return all(n.text.lower() in folded for n in names)
