"""People: names without titles, roles from the parse, and in-article coreference.

Researchers judge the graph by "one node per person": a later "Sahin said" must
join "Mohammad Sohail Sahin", yet "Biden" must not guess between Joe and
Hunter Biden. Titles are facts about the person ("President Joe Biden" ->
role "president"), never part of the name, so the identity key stays the name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from newskg.names import clean_label, fold, person_key, word_skeleton

# Nouns that name what a person is or does; a role phrase ends in one of them.
ROLE_HEADS = frozenset(
    """
    spokesman spokeswoman spokesperson spokesmen minister president premier chancellor governor commander
    envoy ambassador diplomat consul director chief head leader member resident official officer general
    colonel major captain lieutenant sergeant admiral mayor activist analyst lawmaker legislator senator
    parliamentarian mp secretary adviser advisor negotiator journalist reporter correspondent witness elder
    doctor physician surgeon nurse teacher student farmer chairman chairwoman chair founder soldier judge
    prosecutor king queen prince emir cleric imam mullah researcher professor expert lawyer coordinator
    representative delegate commissioner councillor councilor speaker deputy ruler warlord fighter militant
    owner manager engineer villager shopkeeper driver administrator inspector investigator executive
    official spokesperson economist historian scholar editor photographer presenter emissary attache
    """.split()
)
# Words that qualify a role ("deputy spokesman", "Defense Minister", "former ambassador").
ROLE_MODIFIERS = frozenset(
    """
    deputy vice acting former senior chief special top assistant associate provincial district local
    foreign defence defense interior prime peace military police army security intelligence health finance
    press media national first executive regional political civilian tribal religious field public justice
    information education refugee commerce economy trade energy interior-ministry general lieutenant
    brigadier staff master petty private first-class second rear vice-president secretary- state
    """.split()
)
# Roles held in or for a state: a country beside them means that country's government.
GOVERNMENT_ROLES = frozenset(
    """
    president premier chancellor minister ambassador envoy diplomat consul governor mayor secretary
    lawmaker legislator senator parliamentarian mp official spokesman spokeswoman spokesperson
    negotiator emissary attache administrator king queen prince emir
    """.split()
)
# Forms of address kept out of names and identity keys.
HONORIFICS = frozenset(
    "mr mrs ms miss dr sir dame lady haji hajji alhaj mullah mawlawi maulvi mawlavi maulana qari sheikh shaikh".split()
)
# Military ranks and their abbreviations, as titles before a name.
RANKS = frozenset(
    """
    gen general lt lieutenant col colonel maj major capt captain sgt sergeant cpl corporal pvt spc pfc adm
    admiral cmdr commander brig brigadier cpt 1st 2nd 3rd staff master first chief petty warrant officer
    """.split()
)


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def is_role_word(token: Token) -> bool:
    word = _word(token)  # read once: ``token.lower_`` is a string-store lookup, and most words are in no set
    return word in ROLE_HEADS or word in ROLE_MODIFIERS or word in RANKS


def leading_title_length(name: Span) -> int:
    """How many tokens at the start of a PERSON span are a title ("President", "Lt. Col.", "Mr.")."""
    count = 0
    for token in name[:-1]:
        word = _word(token)
        if word in HONORIFICS or word in RANKS or word in ROLE_HEADS or word in ROLE_MODIFIERS:
            count += 1
        elif token.text == "." and count:  # "Lt" "." "Col" "."
            count += 1
        else:
            break
    return count


def glued_auxiliary_end(name: Span) -> int | None:
    """The end char of a name glued to "has"/"had" ("Maliehhas said" -> "Malieh"), else None.

    Typesetting often loses the space before an auxiliary; the tell is a
    participle right after the name with no auxiliary of its own.
    """
    last = name[-1]
    following = name.doc[last.i + 1] if last.i + 1 < len(name.doc) else None
    if following is None or not last.text[0].isupper():
        return None
    # "-had" ends real names (Dilshad, Nowshad), so it needs an unmistakable participle.
    for aux, tags in (("has", ("VBN", "VBD")), ("had", ("VBN",))):
        if last.text.endswith(aux) and len(last.text) - len(aux) >= 4 and following.tag_ in tags:
            return last.idx + len(last.text) - len(aux)
    return None


@dataclass(frozen=True)
class RolePhrase:
    """What the parse says a person is: role words and the tokens naming whom they act for."""

    role: str | None
    context: tuple[int, ...]  # token indices of the role's noun phrase (where affiliations are named)


def role_phrases(name: Span, *, in_entity: Callable[[int], bool]) -> list[RolePhrase]:
    """Roles from the name's own noun phrase and from an apposition.

    "Afghan Defence Ministry spokesman Fawad Aman" (compounds on the left),
    "Mirwais Stanekzai, spokesman for the Afghan Interior Ministry" (appos),
    "the U.S. special peace envoy, Zalmay Khalilzad" (the name as appos).
    ``in_entity`` says whether a token belongs to another entity mention.
    """
    root = name.root
    phrases: list[RolePhrase] = []
    left = [t for t in root.subtree if t.i < name.start]
    if left and left[-1].i == name.start - 1:
        phrases.append(_role_from(left, in_entity=in_entity))
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i and child.pos_ in ("NOUN", "PROPN"):
            phrases.append(_role_from(list(child.subtree), in_entity=in_entity, head=child))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < name.start:
        phrases.append(_role_from(list(root.head.subtree), in_entity=in_entity, head=root.head, stop=name.start))
    return [p for p in phrases if p.role]


def _role_from(
    tokens: list[Token], *, in_entity: Callable[[int], bool], head: Token | None = None, stop: int | None = None
) -> RolePhrase:
    """Role words of a noun phrase: the role head and the run of qualifiers before it."""
    if stop is not None:
        tokens = [t for t in tokens if t.i < stop]
    context = tuple(t.i for t in tokens)
    if head is not None:
        if _word(head) not in ROLE_HEADS:
            return RolePhrase(None, context)
        words = [_word(head)]
        position = head.i - 1
        doc = head.doc
        while position >= 0 and doc[position] in tokens and _qualifies(doc[position], in_entity=in_entity):
            words.insert(0, _word(doc[position]))
            position -= 1
        return RolePhrase(" ".join(words), context)
    words = [_word(t) for t in tokens if not in_entity(t.i) and is_role_word(t)]
    while words and words[-1] not in ROLE_HEADS:
        words.pop()
    return RolePhrase(" ".join(words) or None, context)


def _qualifies(token: Token, *, in_entity: Callable[[int], bool]) -> bool:
    if in_entity(token.i) or token.is_punct or token.pos_ in ("DET", "NUM", "ADP", "PRON"):
        return False
    if is_role_word(token):
        return True
    return token.is_lower and token.pos_ in ("NOUN", "ADJ")


def role_is_governmental(role: str) -> bool:
    return role.split()[-1] in GOVERNMENT_ROLES


def name_words(label: str) -> list[str]:
    """Folded words of a person's name without forms of address: "Mr. Joe Biden" -> ["joe", "biden"]."""
    words = fold(clean_label(label)).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return words


def person_identity_key(label: str) -> str:
    return "person:" + person_key(" ".join(name_words(label)))


@dataclass(frozen=True)
class PersonIdentity:
    """The record a person mention belongs to, and why when it joined another name."""

    key: str
    label: str
    reason: str | None


def cluster_person_names(labels: Sequence[str]) -> dict[str, PersonIdentity]:
    """In-article coreference of person names (labels in text order).

    A name joins a longer one when its words end that name's words (skeleton
    match: "Sahin" -> "Mohammad Sohail Sahin", "Bin Laden" -> "Osama bin
    Laden") and exactly one person in the article matches; with two candidates
    ("Biden" beside Joe and Hunter Biden) it stays on its own, keyed by its
    own skeleton, which has no "-" and so never equals a full name's key.
    Full names with the same key (transliteration variants) are one person.
    """
    words = {label: name_words(label) for label in labels}
    canonical: dict[str, str] = {}  # person key -> the first of its fullest spellings
    for label in labels:
        key = person_identity_key(label)
        if key not in canonical or len(words[label]) > len(words[canonical[key]]):
            canonical[key] = label
    skeleton = {label: [word_skeleton(w) for w in words[label]] for label in canonical.values()}
    root: dict[str, str] = {}  # canonical label -> the canonical label of the person it denotes
    for label in sorted(canonical.values(), key=lambda lab: -len(words[lab])):
        longer = {
            root[other]
            for other in root
            if len(words[other]) > len(words[label]) and _ends_with(skeleton[other], skeleton[label])
        }
        root[label] = longer.pop() if len(longer) == 1 else label
    result: dict[str, PersonIdentity] = {}
    for label in labels:
        target = root[canonical[person_identity_key(label)]]
        if target == label:
            reason = None
        elif person_identity_key(target) == person_identity_key(label):
            reason = f"same name as {target} (spelling variant), same article"
        elif len(words[label]) == 1:
            reason = f"surname of {target}, same article"
        else:
            reason = f"short form of {target}, same article"
        result[label] = PersonIdentity(person_identity_key(target), target, reason)
    return result


def _ends_with(longer: list[str], shorter: list[str]) -> bool:
    return bool(shorter) and all(shorter) and longer[-len(shorter) :] == shorter


# Nouns for unnamed sources and for documents that speak for their author.
SOURCE_NOUNS = frozenset("source sources official officials spokesperson spokesman spokeswoman".split())
STATEMENT_NOUNS = frozenset("statement communique communiqué tweet post announcement release".split())
_DETERMINERS = ("a ", "an ", "the ", "some ", "one ")


def antecedent_noun(root: Token) -> str | None:
    """The head noun of a definite description that points back ("the spokesman", "the U.S. envoy")."""
    if not any(child.dep_ == "det" and child.lower_ == "the" for child in root.children):
        return None
    noun = root.lemma_.lower()
    return noun if noun in ROLE_HEADS or noun in SOURCE_NOUNS else None


def is_statement_noun(root: Token) -> bool:
    """ "said a statement", "the insurgent statement": the document speaks for whoever issued it."""
    return root.lemma_.lower() in STATEMENT_NOUNS


def unnamed_label(label: str) -> str:
    """An unnamed source's label without its determiner: "a security source" -> "security source"."""
    lowered = label.lower()
    for determiner in _DETERMINERS:
        if lowered.startswith(determiner):
            return label[len(determiner) :]
    return label
