"""Search queries: the user's text becomes terms, never the backends' own syntax."""

from __future__ import annotations

import pytest

from projections.search import QueryError, Term, fts5_match, parse_query, pg_tsquery, unmark


def test_words_phrases_and_prefixes_become_terms() -> None:
    assert parse_query('flood "coastal road" sumq*') == (
        Term(("flood",)),
        Term(("coastal", "road")),
        Term(("sumq",), prefix=True),
    )


@pytest.mark.parametrize(
    "query", ['NEAR(a b) OR "x', "a' | !b & c:*", "col:word", '"""^a"', "a\\b"]
)
def test_backend_syntax_in_a_query_stays_words(query: str) -> None:
    terms = parse_query(query)
    for term in terms:
        assert all(word.isalnum() or "_" in word for word in term.words)
    assert fts5_match(terms).count('"') == 2 * len(terms)
    assert pg_tsquery(terms).count("'") == 2 * sum(len(term.words) for term in terms)


@pytest.mark.parametrize("query", ["", '" "', "* - !", "x" * 501, " ".join(["w"] * 17)])
def test_a_query_with_nothing_or_too_much_to_search_for_is_refused(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)


def test_marks_become_offsets_in_a_one_line_snippet() -> None:
    snippet, spans = unmark("Heavy \x02rain\x03 on\n\nthe \x02road\x03")
    assert snippet == "Heavy rain on the road"
    assert [snippet[s:e] for s, e in spans] == ["rain", "road"]
