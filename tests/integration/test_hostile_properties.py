"""Random text, numbers and times fed to the main commands on a real store.

Whatever comes in, the newsroom answers with a documented exit code, one line on stderr
when it refuses, no traceback, nothing raw for the terminal to interpret, and an
unchanged log when it refuses.
"""

from __future__ import annotations

import contextlib
import re
import shlex
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import NewsroomCli, Result
from tests.support.fixtures import STAFF
from tests.support.keys import key_file
from tests.support.pg import pg_schema_url

DOCUMENTED = {0, 2, 3, 4, 5, 6, 7}
# What a terminal would act on: C0 other than tab and newline, DEL, C1 (ESC among them).
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EXAMPLES = 400

# argv cannot carry NUL or lone surrogates; everything else a user can type or paste.
typed = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["nan", "inf", "-0", "1e400", "0x10", "", " 5", "٣"]),
)
times = st.one_of(
    typed,
    st.datetimes().map(lambda t: t.strftime("%H:%M %d.%m.%Y")),
    st.datetimes().map(lambda t: t.isoformat() + "Z"),
    numbers.map(lambda n: f"#{n}"),
)
public_keys = st.one_of(typed, st.builds(lambda: f"{key_file('newcomer')}.pub"))
ids = st.one_of(st.sampled_from(["snow", "rain", "nowhere"]), typed)


def command(template: str, *parts: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """`template` with each {} filled by a drawn value, as one argv word each."""
    words = shlex.split(template)
    return st.tuples(*parts).map(lambda values: _fill(words, values))


def _fill(words: list[str], values: tuple[str, ...]) -> list[str]:
    drawn = iter(values)
    return [next(drawn) if word == "{}" else word for word in words]


COMMANDS = st.one_of(
    command("draft --headline {} --category {}", typed, typed),
    command("draft --headline Snow --category Society --body {}", typed),
    command("draft --headline Snow --category Society --id {}", typed),
    command("draft --headline Snow --category Society --language {} --byline {}", typed, typed),
    command("revise {} --headline {}", ids, typed),
    command("revise snow --body {} --category {}", typed, typed),
    command("request-changes {} --reason {}", ids, typed),
    command("spike {} --reason {}", ids, typed),
    command("publish {} --at {}", ids, times),
    command("correct rain --note {} --headline {}", typed, typed),
    command("retract {} --reason {}", ids, typed),
    command("show {}", ids),
    command("show {} --version {}", ids, numbers),
    command("show rain --as-of {}", times),
    command("history {}", ids),
    command("diff {} {} {}", ids, numbers, numbers),
    command("list --limit {}", numbers),
    command("list --status {} --category {} --as-of {}", typed, typed, times),
    command("ticker --limit {} --as-of {}", numbers, times),
    command("ticker --format {}", typed),
    command("log --from {} --limit {}", numbers, numbers),
    command("log --since {} --until {}", times, times),
    command("log --stream {} --type {} --actor {}", typed, typed, typed),
    command("export --from {} --until {}", numbers, numbers),
    command("lint {}", ids),
    command("signature {}", numbers),
    command("prove {} --version {}", ids, numbers),
    command("staff add {} --role {} --public-key {}", typed, typed, public_keys),
    command("--expected-version {} revise snow --headline Rain", numbers),
)
ACTORS = st.sampled_from(["aysel", "kamran", "umud"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def desk(
    request: pytest.FixtureRequest, newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> Iterator[NewsroomCli]:
    """The staff, a draft (snow) and a published article (rain) to aim at, on each backend."""
    with contextlib.ExitStack() as stack:
        if request.param == "postgresql":
            newsroom.store_url = stack.enter_context(pg_schema_url())
            monkeypatch.setenv("NEWSROOM_STORE", newsroom.store_url)
        newsroom.at("")  # the store's own clock: PostgreSQL's is never the test's
        newsroom.ok("init --chief umud", actor="umud")
        for name, role in STAFF.items():
            if role != "chief":
                newsroom.ok(f"staff add {name} --role {role}", actor="umud")
        newsroom.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
        newsroom.publish_new("rain", "Rain in Baku")
        yield newsroom


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never fails by chance
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=COMMANDS, actor=ACTORS)
def test_any_input_gets_a_documented_answer(desk: NewsroomCli, argv: list[str], actor: str) -> None:
    before = len(desk.events())
    result = desk.run(*argv, actor=actor)
    said = f"`newsroom {shlex.join(argv)}` as {actor}"
    assert result.code in DOCUMENTED, f"{said}: exit {result.code}: {result.err}"
    assert "Traceback" not in result.err, said
    assert not RAW_CONTROL.search(result.out + result.err), f"{said} printed {_raw(result)}"
    if result.code != 0:
        assert len(result.err.strip().splitlines()) == 1, f"{said}: {result.err!r}"
        assert len(desk.events()) == before, f"{said} refused, but wrote"


def _raw(result: Result) -> str:
    return repr(RAW_CONTROL.findall(result.out + result.err)[:5])
