"""Name folding and identity keys, shared by extraction, identity and queries.

Transliterations of Pashto and Dari names disagree on vowels and on digraphs
(Sheberghan / Shibirghan / Cheberghan, Nimruz / Nimroz, Suhail / Sohail), so
names are compared on a consonant skeleton. The same function turns a query
parameter into the key it is looked up by, so lookups and merges agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("zh", "z"), ("th", "t"), ("ph", "f"), ("dh", "d"))
_SINGLE = str.maketrans({"q": "k", "c": "k", "w": "", "v": "", "y": "", "x": "ks"})
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_VOWELS = re.compile(r"[aeiou]")
_REPEATS = re.compile(r"(.)\1+")
_LEADING_ARTICLE = re.compile(r"^(the)\s+")
# Given names so common that transliterations and reports often drop them.
_DROPPABLE_GIVEN_NAMES = {"mohammad", "muhammad", "mohammed", "muhammed", "mohamad", "mohd", "md"}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Qala-i-Naw's" -> "qala i naw s"."""
    decomposed = unicodedata.normalize("NFKD", text)
    # ASCII has no combining marks: most names need no walk over their characters
    ascii_only = decomposed
    if not decomposed.isascii():
        ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only.lower()).strip()


_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
_THE_START = re.compile(r"^(?:the|The|THE)\s+")


@lru_cache(maxsize=1 << 16)  # the same names come back mention after mention, article after article
def clean_label(text: str) -> str:
    """A surface form without hashtag, possessive or leading article: "#Cheberghan's" -> "Cheberghan"."""
    text = text.strip().lstrip("#@")
    text = _POSSESSIVE_END.sub("", text)
    text = _THE_START.sub("", text)
    return " ".join(text.split())


def word_skeleton(word: str) -> str:
    """Consonant skeleton of one folded word: "shibirghan" -> "sbrgn"."""
    word = _FINAL_H.sub("", word)  # Raqqah / Raqqa
    for digraph, replacement in _DIGRAPHS:
        word = word.replace(digraph, replacement)
    word = word.translate(_SINGLE)
    if not word.isdigit():
        word = _VOWELS.sub("", word)
    return _REPEATS.sub(r"\1", word)


@lru_cache(maxsize=1 << 16)  # keys of the same names are asked for in article after article
def name_key(label: str) -> str:
    """Lookup key of a name: the skeleton of its words run together.

    Spaces and hyphens vary between spellings ("Lashkar Gah" / "Lashkargah",
    "Qala-i-Naw" / "Kalai Nao", "Marah Warah" / "Marawarah"), so the words are
    joined before comparing, and a letter doubled across the join is one, as
    within a word.
    """
    folded = _LEADING_ARTICLE.sub("", fold(clean_label(label)))
    return _REPEATS.sub(r"\1", "".join(word_skeleton(w) for w in folded.split()))


def name_keys(labels: Iterable[str]) -> list[str]:
    """The lookup keys an entity is found by: one per distinct key of its labels."""
    return sorted({name_key(label) for label in labels} - {""})


def anchor_key(text: str) -> str:
    """How a surface form is compared with labels: "#Cheberghan's" and "Cheberghan" are one form."""
    return fold(clean_label(text))


def preferred_label(counts: dict[str, int], said: dict[str, int], *, person: bool) -> str:
    """The label an entity is shown by, from how many articles use each label and how often the text says it.

    What the news says wins over a gazetteer's name no article spells that way
    ("Shibirghan"); for a person, the fullest name said ("Mohammad Sohail Sahin",
    not "Sahin"). The mapping (for entities local to one article) and the
    identity graph (for the rest) both choose with this, so they agree.
    """

    def rank(label: str) -> tuple:
        spoken = said.get(label, 0)
        return (spoken > 0, len(label.split()) if person else 0, spoken, counts[label], len(label), label)

    return max(counts, key=rank)


def person_key(label: str) -> str:
    """Identity key of a person's name: skeletons of its words, leading "Mohammad" dropped.

    "Mohammad Sohail Sahin" and "Suhail Shaheen" both give "shl-shn"; a single
    word is kept as it is, so a bare surname never becomes a full name's key.
    """
    words = fold(clean_label(label)).split()
    while len(words) > 2 and words[0] in _DROPPABLE_GIVEN_NAMES:
        words = words[1:]
    skeletons = [word_skeleton(w) for w in words]
    return "-".join(s for s in skeletons if s)
