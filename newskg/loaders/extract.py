"""Article -> Extraction: the NLP stages in order.

Each stage is its own module (entities, attribution/claims, events); this one
only wires them together and adds the publisher, whose voice carries every
statement the article makes itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath

from spacy.language import Language
from spacy.tokens import Doc

from newskg.loaders.article import Article
from newskg.loaders.claims import claim_from_attribution, find_attributions
from newskg.loaders.dates import find_dateline
from newskg.loaders.doc_text import keep_text, release_tokens
from newskg.loaders.entities import build_entity_index
from newskg.loaders.events import find_events
from newskg.loaders.gazetteer import Gazetteer, load_gazetteer
from newskg.loaders.records import EntityRecord, Extraction
from newskg.memory import return_freed_memory
from newskg.names import fold

UNKNOWN_PUBLISHER = "unknown publisher"


def publisher_record(article: Article) -> EntityRecord:
    """The publisher as an organisation; an unknown publisher is one per article, never shared."""
    if article.publisher and fold(article.publisher):
        return EntityRecord(key=f"publisher:{fold(article.publisher)}", types=("Organization",), label=article.publisher)
    # Named after the title, else the file's name: the whole path says where this machine keeps the
    # corpus, which is no part of the article ("unknown publisher of 000_57e005f0f16b9388.txt").
    label = f"{UNKNOWN_PUBLISHER} of {article.title or PurePath(article.origin).name or article.origin}"[:200]
    return EntityRecord(key=f"publisher:unknown:{article.id}", types=("Organization",), label=label, named=False)


def publication_date(article: Article) -> date | None:
    """The publication day the article states at its top, reading the title line too.

    Loaders take a leading title line out of the text, and many releases carry
    their only dateline there ("Dec. 6: Operations Conducted in ...",
    "Operational Update, Jan. 10, 2011"); without it every "yesterday" of the
    article is unresolved.
    """
    head = f"{article.title}\n{article.text}" if article.title else article.text
    return find_dateline(head)


def extract_doc(article: Article, doc: Doc, *, gazetteer: Gazetteer) -> Extraction:
    """Run every extraction stage over an already parsed article (``doc`` is the parse of ``article.text``)."""
    keep_text(doc, article.text)
    published = article.published or publication_date(article)
    if published != article.published:  # the graph states the day the article gives for itself
        article = replace(article, published=published)
    try:
        index = build_entity_index(doc, article=article, gazetteer=gazetteer)
        claims = [claim_from_attribution(a, index, text=article.text) for a in find_attributions(doc)]
        events = find_events(doc, index=index, claims=claims, published=published)
    finally:
        release_tokens(doc)
    publisher = publisher_record(article)
    entities = index.records()
    if all(record.key != publisher.key for record in entities):
        entities = [*entities, publisher]
    return Extraction(article=article, publisher_key=publisher.key, entities=entities, claims=claims, events=events)


@dataclass
class Extractor:
    """A loaded pipeline plus gazetteer; ``extract_many`` streams with spaCy's batching."""

    nlp: Language
    gazetteer: Gazetteer
    batch_size: int = 32

    @classmethod
    def load(cls, model: str) -> "Extractor":
        from newskg.loaders.nlp import load_pipeline

        return cls(nlp=load_pipeline(model), gazetteer=load_gazetteer())

    @staticmethod
    def release_loaded() -> None:
        """Forget the pipelines and gazetteer ``load`` keeps, and hand their memory back to the system.

        A command-line build ends its process with the build, and its last steps
        (the identity graph, the contested claims) read the whole store while the
        store's caches fill: the model and gazetteer, no longer needed, would
        otherwise sit under those caches and add to the build's peak memory.
        The next ``load`` in the same process reads them again.
        """
        from newskg.loaders.nlp import load_pipeline

        load_pipeline.cache_clear()
        load_gazetteer.cache_clear()
        gc.collect()
        return_freed_memory()

    @property
    def model_name(self) -> str:
        return f"{self.nlp.meta.get('lang', 'xx')}_{self.nlp.meta.get('name', 'unknown')}"

    @property
    def model_version(self) -> str:
        return str(self.nlp.meta.get("version", "unknown"))

    def extract(self, article: Article) -> Extraction:
        return extract_doc(article, self.nlp(article.text), gazetteer=self.gazetteer)

    def extract_many(self, articles: Iterable[Article], *, n_process: int = 1) -> Iterator[Extraction]:
        """Extract lazily, in order; spaCy batches (and with n_process > 1, forks) the parsing."""
        pairs = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=n_process):
            yield extract_doc(article, doc, gazetteer=self.gazetteer)
