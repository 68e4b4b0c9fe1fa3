"""`newskg build` end to end with the real model: bad input, exit codes, idempotency, a second writer."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from newskg.cli import main

pytestmark = pytest.mark.slow

GOOD = (
    "Taliban fighters attacked a checkpoint in Kunduz province on Monday, the provincial police chief said.\n\n"
    "Two policemen were killed in the attack, he told reporters."
)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def bad_corpus(folder: Path) -> dict[str, str]:
    """Files that must each be reported on one line, beside good ones that must be stored."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(GOOD.replace("Kunduz", "Baghlan").encode("utf-16"))
    (folder / "pashto.txt").write_text(
        "د طالبانو جنګیالیو د کندز ښار ته ننوتل.\n\nFighting was reported in Kunduz city on Tuesday, officials said.",
        encoding="utf-8",
    )
    (folder / "control.txt").write_text("Officials said\x00 the\x07 road to Herat was closed on Sunday.\x1b", encoding="utf-8")
    (folder / "long-url.txt").write_text(
        "Police said the attack in Kabul on Friday killed three people. See https://example.org/" + "a" * 100_000, encoding="utf-8"
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blank.txt").write_text("   \n\t \n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with zipfile.ZipFile(folder / "archive.txt", "w") as archive:
        archive.writestr("a.txt", "hello")
    (folder / "latin1.txt").write_bytes(bytes(range(128, 256)) * 20)
    (folder / "scripts.html").write_text("<html><head><script>var a=1;</script><style>p{}</style></head><body><script>x()</script></body></html>")
    lines = [json.dumps({"id": f"n{i}", "title": f"Report {i}", "date": "2021-08-0%d" % (i % 9 + 1), "text": GOOD}) for i in range(3)]
    lines.insert(1, "{not json at all")
    lines.append(json.dumps({"id": "n9", "date": "2021-13-45", "text": "Clashes were reported in Ghazni on Monday, officials said."}))
    lines.append(json.dumps({"id": "n10", "text": 42}))
    lines.append(json.dumps({"id": "n11", "title": "No text"}))
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "huge.txt").write_text(("Officials said the road to Herat was closed. " * 470_000), encoding="utf-8")
    return {
        "empty.txt": "empty", "blank.txt": "empty", "image.txt": "binary", "archive.txt": "binary",
        "latin1.txt": "UTF-8", "scripts.html": "no article text", "huge.txt": "limit",
        "feed.jsonl:2": "JSON", "feed.jsonl:6": "text", "feed.jsonl:7": "text",
    }


def test_bad_files_are_reported_one_line_each_and_the_rest_is_stored(tmp_path) -> None:
    expected = bad_corpus(tmp_path / "in")
    store = str(tmp_path / "store")
    result = run("build", "--store", store, str(tmp_path / "in"))
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    for where, words in expected.items():
        hits = [line for line in errors if f"{where}:" in line or line.startswith(str(tmp_path / "in" / where) + ":")]
        assert hits, f"no error line for {where}: {errors}"
        assert words.lower() in hits[0].lower(), hits[0]
    assert len(errors) == len(expected), errors
    assert any("2021-13-45" in line and "warning" in line for line in result.stderr.splitlines())
    stats = run("stats", "--store", store).stdout
    # good, utf16, pashto, control, long-url, and jsonl lines n0, n1, n2, n9
    assert "articles   9" in stats, stats
    assert run("validate", "--store", store).exit_code == 0


def test_nothing_usable_is_exit_2(tmp_path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("build", "--store", str(tmp_path / "store"), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert len([line for line in result.stderr.splitlines() if ": error: " in line]) == 2


def test_building_twice_changes_nothing(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    store = str(tmp_path / "store")
    assert run("build", "--store", store, str(tmp_path / "a.txt")).exit_code == 0
    first = run("stats", "--store", store).stdout
    again = run("build", "--store", store, str(tmp_path / "a.txt"))
    assert again.exit_code == 0 and "0 article(s) stored, 1 unchanged" in again.stderr
    assert run("stats", "--store", store).stdout == first


def test_an_article_given_twice_to_a_new_store_is_stored_once(tmp_path) -> None:
    # A store empty at the start is not asked which articles it holds: the build itself keeps each id once.
    record = {"id": "kunduz-1", "title": "Attack in Kunduz", "date": "2021-08-09", "text": GOOD}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    store = str(tmp_path / "store")
    result = run("build", "--store", store, str(feed))
    assert result.exit_code == 0, result.stderr
    assert "1 article(s) stored" in result.stderr and "given twice" in result.stderr
    assert run("stats", "--store", store).stdout.split("\n")[0].split() == ["articles", "1"]


def test_a_second_writer_gets_a_clear_error(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    store = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import pyoxigraph, sys, time; s = pyoxigraph.Store({str(store)!r}); print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = run("build", "--store", str(store), str(tmp_path / "a.txt"))
        assert result.exit_code == 2
        assert "in use by another writer" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait()


def test_a_command_line_build_gives_the_model_back_and_a_library_build_keeps_it(tmp_path) -> None:
    """The CLI's process ends with its build, so the model's memory goes before the whole-store steps;
    a notebook's next build should not pay for loading the model again."""
    from newskg.api import KnowledgeGraph
    from newskg.loaders.gazetteer import load_gazetteer
    from newskg.loaders.nlp import load_pipeline

    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD.replace("Kunduz", "Baghlan"))
    result = run("build", "--store", str(tmp_path / "cli"), str(tmp_path / "a.txt"))
    assert result.exit_code == 0 and "1 article(s) stored" in result.stderr
    assert load_pipeline.cache_info().currsize == 0 and load_gazetteer.cache_info().currsize == 0
    with KnowledgeGraph(tmp_path / "lib") as kg:
        assert kg.build([tmp_path / "b.txt"]).stored == 1
    assert load_pipeline.cache_info().currsize == 1 and load_gazetteer.cache_info().currsize == 1
