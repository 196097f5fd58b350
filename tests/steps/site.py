"""Steps for features/site.feature: the built folder read as a reader's browser would.

Pages are parsed with lxml; links are followed as relative paths inside the folder
(a page that links absolutely, or to a file the site lacks, fails); feeds are read
with feedparser. Paths in the steps are relative to the scenario's folder.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from pytest_bdd import given, parsers, then, when

from events.catalog import MEDIA_TYPES
from tests.steps.common import NEWSROOM_FORMAT, Scene, instant, quoted, step
from tests.support.cli import Result

NEWSROOM = Path(sys.executable).parent / "newsroom"
LINKED = ("//a/@href", "//link/@href", "//img/@src")


def page(scene: Scene, path: str) -> Any:
    file = scene.cli.workdir / path
    assert file.is_file(), f"the site has no page {path}"
    return lxml.html.document_fromstring(file.read_text(encoding="utf-8"))


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def resolve(page_path: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href))


def news_line(scene: Scene, path: str) -> list[tuple[str, str]]:
    items = page(scene, path).xpath("//main//ol[@class='headlines']/li")
    return [(text_of(li.find("a")), text_of(li.find("time"))) for li in items]


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- Given ------------------------------------------------------------------------------


@given(step('{count:d} articles were published a minute apart from "{when}"'))
def _(scene: Scene, count: int, when: str) -> None:
    first = instant(when)
    for n in range(1, count + 1):
        article = f"item-{n:02d}"
        with scene.clock((first + timedelta(minutes=n - 1)).strftime(NEWSROOM_FORMAT)):
            scene.given(
                f"draft --id {article} --headline 'Headline {n}' --category Society", "aysel"
            )
            scene.given(f"submit {article}", "aysel")
            scene.given(f"approve {article}", "kamran")
            scene.given(f"publish {article}", "kamran")


@given(step('a text file "{name}" with the paragraphs {paragraphs}'))
def _(scene: Scene, name: str, paragraphs: str) -> None:
    (scene.cli.workdir / name).write_text("\n\n".join(quoted(paragraphs)), encoding="utf-8")


@given(step('the site lives at "{url}"'))
def _(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("NEWSROOM_SITE_URL", url)


@given(step('a folder "{name}" holding "{file}"'))
def _(scene: Scene, name: str, file: str) -> None:
    folder = scene.cli.workdir / name
    folder.mkdir()
    (folder / file).write_bytes(b"not part of any site")


@given(step('a folder "{name}" nobody may write into'))
def _(scene: Scene, name: str) -> None:
    folder = scene.cli.workdir / name
    folder.mkdir()
    folder.chmod(0o555)


@given(step('the files in "{folder}" are noted'), target_fixture="noted_files")
def _(scene: Scene, folder: str) -> dict[str, bytes]:
    return files_in(scene.cli.workdir / folder)


@given(step('the media folder has lost "{file}"'))
def _(scene: Scene, file: str) -> None:
    added = [e.data for e in scene.log() if e.event_type == "PhotoAdded" and e.data["file"] == file]
    sha256, media_type = added[-1]["sha256"], added[-1]["media_type"]
    copy = scene.cli.workdir / "media" / sha256[:2] / f"{sha256}{MEDIA_TYPES[media_type]}"
    copy.unlink()


# --- When -------------------------------------------------------------------------------


@when(
    step("{person:Name} runs `{command}` without the right to write there"),
    target_fixture="result",
)
def _(scene: Scene, person: str, command: str) -> Result:
    """Root writes anywhere; run as root without that privilege, the folder's mode holds."""
    if os.geteuid() != 0:
        return scene.when(command, person)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and setpriv (util-linux) is not there to drop privileges")
    scene.before = scene.log()
    dropped = "-dac_override,-dac_read_search"
    argv = [setpriv, f"--inh-caps={dropped}", f"--bounding-set={dropped}", str(NEWSROOM)]
    done = subprocess.run(
        [*argv, *scene.command(command).split(), "--as", person],
        cwd=scene.cli.workdir,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return Result(done.returncode, done.stdout, done.stderr)


# --- Then: pages ------------------------------------------------------------------------


@then(parsers.parse('the News line on "{path}" reads:'))
def _(scene: Scene, path: str, docstring: str) -> None:
    shown = "".join(f"{headline}\n{time}\n" for headline, time in news_line(scene, path))
    assert shown == docstring + "\n"


@then(step('the News line on "{path}" has {count:d} headlines, from "{first}" to "{last}"'))
def _(scene: Scene, path: str, count: int, first: str, last: str) -> None:
    headlines = [headline for headline, _ in news_line(scene, path)]
    assert len(headlines) == count, headlines
    assert (headlines[0], headlines[-1]) == (first, last), headlines


@then(step('"{path}" links to "{target}" as "{text}"'))
def _(scene: Scene, path: str, target: str, text: str) -> None:
    links = [(text_of(a), resolve(path, a.get("href"))) for a in page(scene, path).xpath("//a")]
    assert (text, target) in links, f"no link {text!r} to {target} in {links}"


@then(step('every link in "{folder}" leads to a file of the site'))
def _(scene: Scene, folder: str) -> None:
    root = scene.cli.workdir
    for html_file in sorted((root / folder).rglob("*.html")):
        path = html_file.relative_to(root).as_posix()
        for href in page(scene, path).xpath(" | ".join(LINKED)):
            assert not urlsplit(href).scheme, f"{path} links absolutely: {href}"
            assert (root / resolve(path, href)).is_file(), f"{path} links to a missing {href}"


@then(step('the page "{path}" has the heading "{text}"'))
def _(scene: Scene, path: str, text: str) -> None:
    assert [text_of(h1) for h1 in page(scene, path).xpath("//h1")] == [text]


@then(step('the page "{path}" says "{fragment}"'))
def _(scene: Scene, path: str, fragment: str) -> None:
    shown = text_of(page(scene, path).find("body"))
    assert fragment in shown, f"{fragment!r} not in {shown!r}"


@then(step('the page "{path}" does not say "{fragment}"'))
def _(scene: Scene, path: str, fragment: str) -> None:
    assert fragment not in text_of(page(scene, path))


@then(step('the article on "{path}" has the paragraphs {paragraphs}'))
def _(scene: Scene, path: str, paragraphs: str) -> None:
    shown = [text_of(p) for p in page(scene, path).xpath("//main//article/p")]
    assert shown == quoted(paragraphs)


@then(step('the page "{path}" shows the photos:'))
def _(scene: Scene, path: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    figures = page(scene, path).xpath("//article//figure")
    assert len(figures) == len(rows), f"{len(figures)} photos, not {len(rows)}"
    for figure, row in zip(figures, rows, strict=True):
        wanted = dict(zip(header, row, strict=True))
        shown = scene.cli.workdir / resolve(path, figure.find("img").get("src"))
        assert shown.read_bytes() == (scene.cli.workdir / wanted["file"]).read_bytes()
        assert text_of(figure.find("figcaption")).startswith(wanted["caption"])
        assert text_of(figure.find(".//small")) == f"Photo: {wanted['credit']}"


@then(step('the page "{path}" is in the language "{code}"'))
def _(scene: Scene, path: str, code: str) -> None:
    assert page(scene, path).get("lang") == code


@then(step('the site has no page "{path}"'))
def _(scene: Scene, path: str) -> None:
    assert not (scene.cli.workdir / path).exists(), f"{path} is still there"


# --- Then: feeds, files and the summary ------------------------------------------------


@then(step('the feed "{path}" is valid {kind} with the entries {titles}'))
def _(scene: Scene, path: str, kind: str, titles: str) -> None:
    parsed = feedparser.parse((scene.cli.workdir / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == kind
    assert [entry.title for entry in parsed.entries] == quoted(titles)


@then(step('the first entry of the feed "{path}" links to "{url}"'))
def _(scene: Scene, path: str, url: str) -> None:
    parsed = feedparser.parse((scene.cli.workdir / path).read_bytes())
    assert parsed.entries[0].link == url


@then(step('the files in "{folder}" are exactly as noted'))
def _(scene: Scene, folder: str, noted_files: dict[str, bytes]) -> None:
    now = files_in(scene.cli.workdir / folder)
    assert sorted(now) == sorted(noted_files)
    changed = [path for path in now if now[path] != noted_files[path]]
    assert not changed, f"changed: {changed}"


@then(step('the file "{name}" still contains "{text}"'))
def _(scene: Scene, name: str, text: str) -> None:
    assert (scene.cli.workdir / name).read_text(encoding="utf-8") == text


@then(step('the folder "{name}" holds only "{file}"'))
def _(scene: Scene, name: str, file: str) -> None:
    assert sorted(p.name for p in (scene.cli.workdir / name).iterdir()) == [file]


@then(step('the folder "{name}" holds nothing'))
def _(scene: Scene, name: str) -> None:
    assert list((scene.cli.workdir / name).iterdir()) == []


@then(step('there is no folder "{name}"'))
def _(scene: Scene, name: str) -> None:
    assert not (scene.cli.workdir / name).exists()


@then(step('the JSON output\'s {name:Field} ends with "{suffix}"'))
def _(result: Result, name: str, suffix: str) -> None:
    assert str(result.json()[name]).endswith(suffix), result.json()[name]
