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


def test_the_calendar_says_beijing_time() -> None:
    """Each .ics event's description gives its due time as a Beijing clock time, labelled."""
    rendered = render(
        "involves_cii=yes&central_state_organ=no&level=major&sector_rules=no&suspected_crime=no&ransomware=no"
        "&state_secret=no&t=2026-12-06T09:35",
        now="2026-12-06T02:00:00Z",
        mode="live",
    )
    unfolded = rendered.ics.replace("\r\n ", "")
    assert "DESCRIPTION:截止：2026年12月6日 10:35（北京时间，UTC+8）。" in unfolded


def test_the_time_field_shows_an_offset_less_time_as_beijing_time_whatever_the_machines_zone() -> None:
    """t=2026-12-06T09:35 (no offset: Beijing time) fills the field with 09:35, not shifted by the machine's zone."""
    import re

    rendered = render(
        "involves_cii=no&central_state_organ=no&level=unknown&t=2026-12-06T09:35",
        now="2026-12-06T02:00:00Z",
        mode="live",
    )
    assert ['value="2026-12-06T09:35"'] == re.findall(r'name="t"[^>]*?(value="[^"]*")', rendered.html)


def test_the_time_question_offers_any_number_of_minutes_or_hours_ago_and_a_prefilled_field() -> None:
    """Besides the quick answers: N minutes/hours ago, and the exact-time field prefilled with now in Beijing."""
    import re

    rendered = render("involves_cii=no&central_state_organ=no&level=unknown", now="2026-12-06T02:00:00Z", mode="live")
    assert ('name="ago"' in rendered.html, ["m", "h"]) == (
        True,
        re.findall(r'<option value="(\w)">', rendered.html.split('name="unit"')[1].split("</select>")[0]),
    )
    assert ['value="2026-12-06T10:00"'] == re.findall(r'name="t"[^>]*?(value="[^"]*")', rendered.html)


@pytest.mark.parametrize(
    ("typed", "yuan"),
    [("¥2 million", 2_000_000), ("RMB 2m", 2_000_000), ("200万元", 2_000_000), ("人民币1.5亿元", 150_000_000)],
)
def test_money_is_read_as_people_write_it_in_the_yuan_field(typed: str, yuan: float) -> None:
    """The direct-loss field reads a currency sign or code and the usual abbreviations."""
    from decision_tree.web.state import encode

    state = parse_fragment(f"involves_cii=no&f.direct_economic_loss_yuan={encode(typed)}")
    assert ({"direct_economic_loss_yuan": yuan}, {}) == (state.facts, state.field_errors)


def test_m_is_no_million_in_a_field_of_minutes() -> None:
    """ "2m" in a minutes field stays unreadable (it could be minutes or a million): a message, not a number."""
    state = parse_fragment("involves_cii=no&f.portal_unreachable_minutes=2m")
    assert ({}, ["portal_unreachable_minutes"]) == (state.facts, list(state.field_errors))


def test_with_nothing_known_a_bottom_line_names_the_earliest_deadline_and_the_paragraph() -> None:
    """S5 (every answer 不确定): prepare for the earliest deadline, items 1–2 first, citing 第七条第二款."""
    import re

    unsure = "involves_cii=unknown&central_state_organ=unknown&level=unknown&sector_rules=unknown"
    rendered = render(
        f"{unsure}&suspected_crime=no&ransomware=no&state_secret=no&t=2026-12-06T09:35", now=NOW, mode="live"
    )
    line = re.findall(r'<p class="ic-bottom-line">(.*?)</p>', rendered.html)
    assert 1 == len(line)
    assert "2026年12月6日 10:35（北京时间，UTC+8）" in line[0] and 'href="../measures/#measures-7-2"' in line[0]
    known = render("involves_cii=yes&central_state_organ=no&level=major&t=2026-12-06T09:35", now=NOW, mode="live")
    assert "ic-bottom-line" not in known.html


NOW = "2026-12-06T02:00:00Z"


def test_the_central_organ_question_says_local_bodies_are_not_central_and_cites_the_reading() -> None:
    """Q2's help: provincial and local 党政机关 are not central organ units, cited as a published reading."""
    html = render("involves_cii=no").html
    assert "省、市、县的党政机关及其部门不是“中央和国家机关各部门及其直属单位”" in html
    assert 'href="../interpretations/#interpretations-local-organs"' in html
