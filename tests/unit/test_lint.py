"""Lint alone: each check, its positions, and the seed page's own dirty headline."""

from __future__ import annotations

import pytest

from cli.demo.seed import bundled_seed_text, parse_seed
from workflow.lint import errors, lint_article, lint_errors


def test_the_seed_ticker_has_exactly_one_error_the_cyrillic_c() -> None:
    seed = parse_seed(bundled_seed_text())
    found = [(headline, f) for headline, _ in seed.ticker for f in lint_article(headline, "")]
    assert [(f.code, f.severity) for _, f in found] == [("mixed-script", "error")]
    headline, finding = found[0]
    assert headline[finding.start : finding.end] == "сongratulates"
    assert headline[37] == "\u0441"  # CYRILLIC SMALL LETTER ES


def test_greek_inside_latin_and_latin_inside_cyrillic_are_caught() -> None:
    assert [f.code for f in lint_article("Alpha \u03bfmega", "")] == ["mixed-script"]
    assert [f.code for f in lint_article("Москвa news", "")] == ["mixed-script"]
    assert lint_article("Москва and Baku", "") == []


def test_invisible_characters_are_errors_but_body_newlines_are_not() -> None:
    assert errors(lint_article("Snow\u200b in Baku", "")) != []
    assert lint_article("Snow in Baku", "First.\n\nSecond.\tTabbed.") == []


def test_apostrophes_are_not_unbalanced_quotes() -> None:
    assert lint_article("Azerbaijan’s NOC", "Mirzayev’s “quote” (aside)") == []
    assert [f.code for f in lint_article("Open (bracket", "")] == ["unbalanced"]


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("Putin сongratulates", "Plain text."),
        ("Tab\there", "A zero\u200bwidth space and a bell \x07."),
        ("Ilham Aliyev (opens", "Bakıda qar yağır; “quoted"),
        ("Clean headline", "Clean body\nwith\ttabs."),
    ],
)
def test_the_approval_gate_finds_exactly_lints_errors(headline: str, body: str) -> None:
    assert lint_errors(headline, body) == errors(lint_article(headline, body))
