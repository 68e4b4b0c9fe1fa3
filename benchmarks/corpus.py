"""The benchmark corpus: seeds plus both ISAF splits, replicated with distinct identities.

Copy k of an article gets its own id and URL (so its own named graph and its
own claims and events) and a publication date k * 28 days later, so copies read
like the same kind of news arriving month after month rather than one day's
news repeated: a contested-claims window of a fortnight then pairs claims within
a copy, as it would pair claims of one month. Texts are unchanged, so every copy
costs the NLP exactly what the original does.

    python benchmarks/corpus.py --copies 10 -o /tmp/corpus-10x.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"  # the checkout sits beside shared/
SHIFT_DAYS = 28


def base_records() -> list[dict]:
    """The 1x corpus as JSON Lines records (seeds through the newskg loader, ISAF lines as given)."""
    from newskg.loaders.discover import iter_articles

    records = []
    for article in iter_articles([CORPUS / "seeds"], on_problem=lambda p: None):
        records.append({
            "id": article.source_id or article.id, "title": article.title, "text": article.text, "url": article.url,
            "date": article.published.isoformat() if article.published else None, "publisher": article.publisher,
        })
    for split in ("dev", "test"):
        with open(CORPUS / "isaf" / f"{split}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                records.append({k: row.get(k) for k in ("id", "title", "text", "url", "date", "source")})
    return records


def replicated(records: list[dict], copies: int) -> Iterator[dict]:
    for k in range(copies):
        for record in records:
            row = dict(record)
            row["id"] = f"{record['id']}-copy{k}"
            if record.get("url"):
                row["url"] = f"{record['url']}#copy{k}"
            if record.get("date"):
                row["date"] = (date.fromisoformat(record["date"][:10]) + timedelta(days=SHIFT_DAYS * k)).isoformat()
            yield row


def write_corpus(path: Path, copies: int, *, records: list[dict] | None = None) -> int:
    """Write ``copies`` copies of the corpus as JSON Lines; return the number of articles."""
    records = records if records is not None else base_records()
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for row in replicated(records, copies):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def words(text: str) -> int:
    return len(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    print(f"{write_corpus(args.output, args.copies)} articles -> {args.output}")


if __name__ == "__main__":
    main()
