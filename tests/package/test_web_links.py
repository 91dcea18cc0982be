"""Links the site writes itself, and the embedding's settings, read as the questionnaire reads them (issue 19)."""

from __future__ import annotations

import pytest

from decision_tree.web import parse_fragment, render


@pytest.mark.parametrize("anchor", ["check", "#check", "ic-question-title", "measures-4-2"])
def test_an_in_page_anchor_is_no_state_and_no_problem(anchor: str) -> None:
    """A fragment without any key=value pair is an anchor: the first question, no message."""
    state = parse_fragment(anchor)
    assert ({}, []) == (state.path, state.problems)
    assert "ic-problems" not in render(anchor).html


def test_the_embeddings_theme_travels_in_every_link() -> None:
    """theme=dark (embed.js data-theme) is kept in the canonical fragment and every answer link."""
    rendered = render("involves_cii=no&theme=dark&origin=http://intranet.example")
    assert "involves_cii=no&theme=dark&origin=http://intranet.example" == rendered.fragment
    assert rendered.html.count("theme=dark") >= 3


def test_an_unknown_theme_is_named_and_dropped() -> None:
    """theme=blue: a message naming data-theme and what is allowed; no theme carried."""
    state = parse_fragment("involves_cii=no&theme=blue")
    assert (None, ["problem.bad_theme"]) == (state.theme, [getattr(p, "message_id", p) for p in state.problems])


GRADED_LINK = (
    "involves_cii=yes&central_state_organ=no&level=unknown&t=2026-12-06T10:00&f.cii_main_function_outage_minutes=50"
)


def test_a_graded_level_is_written_into_the_link_and_read_back_as_graded() -> None:
    """The helper's facts grade to a level: the link names it, marked graded (so a static page
    shows that level), and read back the facts decide again: same link, same level, still graded."""
    import json

    first = render(GRADED_LINK, now="2026-12-06T02:40:00Z", mode="live")
    again = render(first.fragment, now="2026-12-06T02:40:00Z", mode="live")
    assert "level=relatively_major&graded=1&t=" in first.fragment
    assert (first.fragment, "relatively_major", "graded") == (
        again.fragment,
        again.level,
        json.loads(again.record)["result"]["level_source"],
    )
