"""A small hand-built extraction (no NLP) for tests of mapping, store, identity and queries."""

from __future__ import annotations

from datetime import date

from newskg.loaders.article import Article, article_id
from newskg.loaders.records import ClaimRecord, Count, DateValue, EntityRecord, EventRecord, Extraction, Mention

TEXT_A = (
    "On Saturday, US bombers struck Taliban forces in Sheberghan, Jawzjan Province, "
    "Afghan Defence Ministry spokesman Fawad Aman confirmed on Twitter. "
    "Mirwais Stanekzai said the Taliban had advanced in some areas of Sheberghan."
)
TEXT_B = "Fighting raged in Cheberghan, a security source said. Aman said 20 fighters were killed."


def span(text: str, needle: str, start: int = 0) -> Mention:
    i = text.index(needle, start)
    return Mention(i, i + len(needle), needle)


def sheberghan(text: str, label: str) -> EntityRecord:
    return EntityRecord(
        key="place:geonames:1127628", types=("Place",), label=label, mentions=[span(text, label)],
        geonames_id=1127628, lat=36.66757, long=65.7529, place_type="city", located_in="place:iso3166-2:AF-JOW",
    )


def jawzjan() -> EntityRecord:
    return EntityRecord(key="place:iso3166-2:AF-JOW", types=("Place",), label="Jowzjan", place_type="province")


def extraction_a(published: date = date(2021, 8, 8)) -> Extraction:
    text = TEXT_A
    article = Article(
        id=article_id(url=None, publisher=None, source_id=None, path="/tmp/a.txt"), text=text, origin="/tmp/a.txt",
        title="Bombers strike Sheberghan", published=published, publisher="Example News",
    )
    aman = EntityRecord(
        key="person:fwd-mn", types=("Person",), label="Fawad Aman", mentions=[span(text, "Fawad Aman")],
        roles=["spokesman"], affiliations=["org:afghanistan-ministry-of-defence"],
    )
    mod = EntityRecord(
        key="org:afghanistan-ministry-of-defence", types=("Organization",), label="Afghan Defence Ministry",
        mentions=[span(text, "Afghan Defence Ministry")],
    )
    taliban = EntityRecord(key="org:taliban", types=("Organization",), label="Taliban", mentions=[span(text, "Taliban")])
    stanekzai = EntityRecord(key="person:mrvs-stnkz", types=("Person",), label="Mirwais Stanekzai", mentions=[span(text, "Mirwais Stanekzai")])
    publisher = EntityRecord(key="publisher:example news", types=("Organization",), label="Example News")
    first = span(text, text[: text.index("Twitter.") + len("Twitter.")])
    second_start = text.index("Mirwais")
    second = Mention(second_start, len(text), text[second_start:])
    claims = [
        ClaimRecord(
            claimant=aman.key, cue="confirm", content=first.text[: first.text.index(", Afghan")], direct=False,
            sentence=first, about=[taliban.key, "place:geonames:1127628"],
        ),
        ClaimRecord(
            claimant=stanekzai.key, cue="say", content="the Taliban had advanced in some areas of Sheberghan", direct=False,
            sentence=second, about=[taliban.key, "place:geonames:1127628"],
        ),
    ]
    events = [
        EventRecord(
            event_type="Airstrike", trigger=span(text, "struck"), sentence=first, targets=[taliban.key],
            places=["place:geonames:1127628"], date=DateValue(date(2021, 8, 7), "day", "On Saturday"), claim=0,
        )
    ]
    return Extraction(
        article=article, publisher_key=publisher.key,
        entities=[sheberghan(text, "Sheberghan"), jawzjan(), aman, mod, taliban, stanekzai, publisher],
        claims=claims, events=events,
    )


def extraction_b() -> Extraction:
    text = TEXT_B
    article = Article(
        id=article_id(url="https://example.org/b", publisher=None, source_id=None, path=None), text=text,
        origin="/tmp/b.txt", title=None, published=date(2021, 8, 9), publisher=None, url="https://example.org/b",
    )
    source = EntityRecord(
        key=f"unnamed:{article.id}:a security source", types=("Actor",), label="a security source",
        mentions=[span(text, "a security source")], named=False,
    )
    aman = EntityRecord(
        key="person:mn", types=("Person",), label="Aman", mentions=[span(text, "Aman")],
    )
    publisher = EntityRecord(key=f"publisher:unknown:{article.id}", types=("Organization",), label="unknown publisher", named=False)
    first = span(text, "Fighting raged in Cheberghan, a security source said.")
    second = span(text, "Aman said 20 fighters were killed.")
    claims = [
        ClaimRecord(claimant=source.key, cue="say", content="Fighting raged in Cheberghan", direct=False, sentence=first,
                    about=["place:geonames:1127628"]),
    ]
    events = [
        EventRecord(event_type="Clash", trigger=span(text, "Fighting"), sentence=first, places=["place:geonames:1127628"], claim=0),
        EventRecord(event_type="Killing", trigger=span(text, "killed"), sentence=second,
                    killed=Count(20, "exact", "20")),
    ]
    return Extraction(
        article=article, publisher_key=publisher.key,
        entities=[sheberghan(text, "Cheberghan"), jawzjan(), source, aman, publisher], claims=claims, events=events,
    )


def extraction_c() -> Extraction:
    """A deputy governor says Sheberghan fell (disagreeing with extraction_a's interior ministry claim)."""
    text = "Deputy Governor Abdul Qadir said the Taliban had seized control of Sheberghan."
    article = Article(
        id=article_id(url="https://example.org/c", publisher=None, source_id=None, path=None), text=text,
        origin="/tmp/c.txt", published=date(2021, 8, 7), publisher="Example News", url="https://example.org/c",
    )
    qadir = EntityRecord(key="person:bdl-kdr", types=("Person",), label="Abdul Qadir", mentions=[span(text, "Abdul Qadir")],
                         roles=["deputy governor"])
    taliban = EntityRecord(key="org:taliban", types=("Organization",), label="Taliban", mentions=[span(text, "Taliban")])
    publisher = EntityRecord(key="publisher:example news", types=("Organization",), label="Example News")
    sentence = Mention(0, len(text), text)
    claims = [ClaimRecord(claimant=qadir.key, cue="say", content="the Taliban had seized control of Sheberghan", direct=False,
                          sentence=sentence, about=[taliban.key, "place:geonames:1127628"])]
    events = [EventRecord(event_type="Capture", trigger=span(text, "seized"), sentence=sentence, agents=[taliban.key],
                          places=["place:geonames:1127628"], claim=0)]
    return Extraction(article=article, publisher_key=publisher.key,
                      entities=[sheberghan(text, "Sheberghan"), jawzjan(), qadir, taliban, publisher], claims=claims, events=events)


def person_article(name: str, person: str, *, role: str, org: str) -> Extraction:
    """A one-sentence article in which ``person`` (with a role at ``org``) says something."""
    text = f"{person}, a {role}, said the situation was calm."
    article = Article(id=article_id(url=f"https://example.org/{name}", publisher=None, source_id=None, path=None),
                      text=text, origin=f"/tmp/{name}.txt", published=date(2021, 8, 1), url=f"https://example.org/{name}")
    from newskg.names import person_key

    speaker = EntityRecord(key=f"person:{person_key(person)}", types=("Person",), label=person,
                           mentions=[span(text, person)], roles=[role], affiliations=[org])
    organisation = EntityRecord(key=org, types=("Organization",), label=org.split(":")[-1])
    publisher = EntityRecord(key=f"publisher:unknown:{article.id}", types=("Organization",), label="unknown publisher", named=False)
    claim = ClaimRecord(claimant=speaker.key, cue="say", content="the situation was calm", direct=False,
                        sentence=Mention(0, len(text), text))
    return Extraction(article=article, publisher_key=publisher.key, entities=[speaker, organisation, publisher], claims=[claim])


def casualty_report(n: int, claimant: str, killed: int, when: date) -> Extraction:
    """Article ``n``: ``claimant`` says ``killed`` people were killed in Sheberghan on ``when``."""
    text = f"{claimant} said {killed} people were killed in Sheberghan."
    article = Article(
        id=article_id(url=f"https://example.org/toll-{n}", publisher=None, source_id=None, path=None), text=text,
        origin=f"/tmp/toll-{n}.txt", published=when, publisher="Example News", url=f"https://example.org/toll-{n}",
    )
    person = EntityRecord(key=f"person:toll-{claimant.lower().replace(' ', '-')}", types=("Person",), label=claimant,
                          mentions=[span(text, claimant)])
    publisher = EntityRecord(key="publisher:example news", types=("Organization",), label="Example News")
    sentence = Mention(0, len(text), text)
    claims = [ClaimRecord(claimant=person.key, cue="say", content=text[len(claimant) + len(" said "):-1], direct=False,
                          sentence=sentence, about=["place:geonames:1127628"])]
    events = [EventRecord(event_type="Killing", trigger=span(text, "killed"), sentence=sentence,
                          places=["place:geonames:1127628"], date=DateValue(when, "day", when.isoformat()),
                          killed=Count(killed, "exact", str(killed)), claim=0)]
    return Extraction(article=article, publisher_key=publisher.key,
                      entities=[sheberghan(text, "Sheberghan"), jawzjan(), person, publisher], claims=claims, events=events)
