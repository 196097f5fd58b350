"""Search on both backends: ranked hits with marked snippets, filters, rebuild, verify."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from cli.app import run
from tests.support.cli import NewsroomCli
from tests.support.keys import acting_as

ARTICLES = [
    ("floods", "en", "Floods close the coastal road", "Heavy rain flooded the road to Sumqayit."),
    ("metro", "en", "Metro line opens", "The new line runs under the flooded valley."),
    ("budget", "ru", "Бюджет принят", "Парламент принял бюджет на следующий год."),
    ("weather", "en", "Rain all week", "Umbrellas sell out in the capital."),
    ("seki", "az", "Şəkidə festival", "Qasımov festivalı açdı."),
]


def newsroom(*args: str, actor: str = "aysel") -> int:
    return run([*args, *acting_as(actor)])


def found(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert run(["search", *args, "--json"]) == 0
    results: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["results"]
    return results


@pytest.fixture
def desk(store_url: str) -> str:
    for article_id, language, headline, body in ARTICLES:
        draft = ["draft", "--id", article_id, "--headline", headline, "--body", body]
        assert newsroom(*draft, "--category", "Society", "--language", language) == 0
    return store_url


def test_headline_words_rank_first_and_snippets_mark_the_match(
    desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    hits = found(capsys, "rain")
    assert [h["article_id"] for h in hits] == ["weather", "floods"]
    assert hits[0]["rank"] > hits[1]["rank"]
    start, end = hits[1]["matches"][0]
    assert hits[1]["snippet"][start:end] == "rain"
    assert [h["article_id"] for h in found(capsys, "coastal road")] == ["floods"]


def test_phrases_prefixes_and_filters(desk: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert [h["article_id"] for h in found(capsys, '"line opens"')] == ["metro"]
    assert found(capsys, '"opens line"') == []
    assert [h["article_id"] for h in found(capsys, "Sumq*")] == ["floods"]
    assert [h["article_id"] for h in found(capsys, "бюджет", "--language", "ru")] == ["budget"]
    assert found(capsys, "бюджет", "--language", "en") == []
    assert found(capsys, "road", "--status", "published") == []
    assert found(capsys, "road", "--since", "2030-01-01T00:00Z") == []


def test_spiked_copy_is_found_only_when_asked_for(
    desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert newsroom("spike", "metro", "--reason", "Duplicate", actor="kamran") == 0
    assert [h["article_id"] for h in found(capsys, "line")] == []
    assert [h["article_id"] for h in found(capsys, "line", "--status", "spiked")] == ["metro"]


def test_a_revision_replaces_the_old_words(desk: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert newsroom("revise", "floods", "--headline", "Storm closes the road") == 0
    assert found(capsys, "coastal") == []
    assert [h["article_id"] for h in found(capsys, "storm")] == ["floods"]


def test_rebuild_and_verify_agree_with_the_caught_up_index(
    desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = found(capsys, "line")
    assert newsroom("rebuild", actor="umud") == 0
    assert found(capsys, "line") == before
    assert run(["verify"]) == 0


def test_russian_words_match_their_other_forms_on_postgresql_only(
    desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """PostgreSQL stems English and Russian; SQLite's tokenizer does not, as the README says."""
    stems = not desk.startswith("sqlite")
    assert [h["article_id"] for h in found(capsys, "бюджета")] == (["budget"] if stems else [])
    assert [h["article_id"] for h in found(capsys, "opening")] == (["metro"] if stems else [])


def test_accents_are_optional_on_sqlite_but_dotless_i_is_a_letter(
    desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite drops accents (but ı is a letter of its own); PostgreSQL's simple
    configuration keeps them, as the README says."""
    assert [h["article_id"] for h in found(capsys, "Açdı")] == ["seki"]  # case on both
    unaccented = desk.startswith("sqlite")
    assert [h["article_id"] for h in found(capsys, "acdı")] == (["seki"] if unaccented else [])
    assert found(capsys, "Qasimov") == []


def test_a_store_that_can_only_be_read_is_searched_while_its_index_is_current(
    staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Searching a read-only store whose views lag would answer from a stale index:
    it is refused in one line, exit 6, until a writer catches the store up."""
    staffed.ok("draft --id snow --headline 'Snow closes schools' --category Society", "aysel")
    current = staffed.workdir / "current.db"
    shutil.copy2(staffed.workdir / "newsroom.db", current)
    with monkeypatch.context() as crashing:
        crashing.setattr("cli.bootstrap.Session.catch_up_after_write", lambda session: None)
        staffed.ok("revise snow --headline 'Snow closes the pass'", "aysel")
    lagging = staffed.workdir / "lagging.db"
    shutil.copy2(staffed.workdir / "newsroom.db", lagging)

    found = staffed.run("search", "snow", "--store", f"sqlite:///{current}?mode=ro")
    refused = staffed.run("search", "pass", "--store", f"sqlite:///{lagging}?mode=ro")

    assert found.code == 0 and "Snow closes schools" in found.out, found.err
    assert refused.code == 6 and "lags behind its log" in refused.err, refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert "Snow closes the pass" in staffed.ok("search pass").out


@pytest.mark.parametrize(
    "query", ["_", "__init__*", "a_b", "ß", "١٢٣", "e\u0301", "AND OR NOT", "NEAR", "the", "x*y"]
)
def test_odd_words_are_searched_for_as_words(
    desk: str, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    found(capsys, query)  # an answer, empty or not, and exit 0: never a database error
