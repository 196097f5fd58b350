"""The News line as feeds and HTML: valid RSS 2.0 and Atom (parsed by feedparser), newest first."""

from __future__ import annotations

from html.parser import HTMLParser

import feedparser

from tests.support.cli import NewsroomCli


def news_day(cli: NewsroomCli) -> None:
    for n, (at, headline) in enumerate(
        [
            ("09:00 14.11.2024", "Snow in Baku"),
            ("10:00 14.11.2024", "Ilham Aliyev сongratulates Vladimir Putin"),
            ("11:00 14.11.2024", 'Metro <line> & "tram" open'),
        ]
    ):
        cli.at(at)
        cli.ok(f"draft --id a{n} --headline '{headline}' --category Society", actor="aysel")
        cli.ok(f"submit a{n}", actor="aysel")
        cli.ok(f"approve a{n} --allow-lint 'As the agency sent it'", actor="kamran")
        cli.ok(f"publish a{n}", actor="kamran")
    cli.ok("retract a0 --reason 'Wrong city'", actor="umud")


def test_rss_and_atom_are_valid_and_newest_first(staffed: NewsroomCli) -> None:
    news_day(staffed)
    for kind in ("rss", "atom"):
        parsed = feedparser.parse(staffed.ok(f"ticker --format {kind}").out)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == ("rss20" if kind == "rss" else "atom10")
        titles = [entry.title for entry in parsed.entries]
        assert titles == ['Metro <line> & "tram" open', "Ilham Aliyev сongratulates Vladimir Putin"]
        assert parsed.entries[0].link == "http://localhost/articles/a2.html"
        assert parsed.entries[0].published_parsed[:5] == (2024, 11, 14, 7, 0)  # 11:00 in Baku


def test_the_html_news_line_is_escaped_semantic_html(staffed: NewsroomCli) -> None:
    news_day(staffed)
    page = staffed.ok("ticker --format html").out

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    collector = Collector()
    collector.feed(page)
    assert collector.tags.count("li") == 2 and collector.tags.count("time") == 2
    assert 'Metro <line> & "tram" open' in collector.text
    assert "11:00 14.11.2024" in collector.text and "Hamısı" in collector.text
