"""The questionnaire's markup: fragment state round trips, links, escaping, and the browser boundary."""

from __future__ import annotations

import json
import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tree.answers import parse
from decision_tree.engine import assess
from decision_tree.tree import next_question, paths
from decision_tree.web import Place, State, ics, parse_fragment, render, respond, state_key

CII_MAJOR = (
    "involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no&ransomware=no&state_secret=no"
)
NOW = "2025-11-03T23:40:00+08:00"


def _links(html: str) -> list[tuple[str, str]]:
    """(href, data-fragment) of every answer link."""
    return [
        (unescape(href), unescape(fragment))
        for href, fragment in re.findall(r'<a href="([^"]*)" class="ic-option" data-fragment="([^"]*)"', html)
    ]


def test_first_question_is_pre_rendered_with_static_and_fragment_links() -> None:
    """The empty state asks about CII; each answer links to its static page and its fragment."""
    rendered = render("")
    assert 'data-question="involves_cii"' in rendered.html
    assert [
        ("s/y.html", "involves_cii=yes"),
        ("s/n.html", "involves_cii=no"),
        ("s/u.html", "involves_cii=unknown"),
    ] == _links(rendered.html)
    assert "ic-question" == rendered.focus


def test_every_answer_link_leads_to_the_state_it_names() -> None:
    """For every state on every path, each answer's fragment parses back to that state plus the answer."""
    checked = 0
    seen: set[str] = set()
    for full in paths():
        path: dict[str, object] = {}
        for key, value in full.items():
            code = state_key(path)
            if code not in seen:
                seen.add(code)
                links = _links(render(State(path=dict(path)).fragment()).html)
                question = next_question(path)
                assert question is not None
                for (href, fragment), option in zip(links, question.values(), strict=True):
                    expected = {**path, question.id: option}
                    assert expected == parse_fragment(fragment).path
                    assert f"s/{state_key(expected)}.html" == href
                    checked += 1
            path[key] = value
    assert checked > 500


def test_changing_an_answer_keeps_the_others() -> None:
    """The 更改 link of the level drops only the level: it is asked again, every other answer kept,
    and answering it leads straight back to a result."""
    html = render(CII_MAJOR + "&t=2025-11-03T23:00", now=NOW, mode="live").html
    change = unescape(re.findall(r'class="ic-change" data-fragment="([^"]*)"', html)[2])
    assert "level" not in parse_fragment(change).path and 6 == len(parse_fragment(change).path)
    asked = render(change, mode="live", now=NOW)
    assert 'data-question="level"' in asked.html
    relatively_major = unescape(re.findall(r'data-fragment="([^"]*level=relatively_major[^"]*)"', asked.html)[0])
    assert "ic-result" == render(relatively_major, mode="live", now=NOW).focus
    # The same answer's static link leads to the full path's page, which exists.
    assert 'href="s/y-n-rm-sn-n-n-n.html"' in asked.html


def test_live_result_shows_clock_times_equal_to_the_engine() -> None:
    """CII + 重大 at 23:40: due 00:40 for both recipients, with a countdown, as assess() says."""
    rendered = render(CII_MAJOR + "&t=2025-11-03T23:40", now=NOW, mode="live")
    result = assess(parse({**parse_fragment(CII_MAJOR).engine_input(), "discovered_at": "2025-11-03T23:40"}))
    dues = re.findall(r'<time class="ic-due" datetime="([^"]*)"', rendered.html)
    assert [r["due_at"] for r in result["reports"]] == dues
    # The two 1-hour reports, then the 4-hour one that may apply under a reading (other-operators).
    assert ["2025-11-04T00:40:00+08:00"] * 2 + ["2025-11-04T03:40:00+08:00"] == dues
    # One countdown per report, and one in the headline's "what to do now" line.
    assert 3 == rendered.html.count('class="ic-countdown" data-due="2025-11-04T00:40:00+08:00"')
    assert (
        '第一时间报告，最迟 <strong><time class="ic-clock" datetime="2025-11-04T00:40:00+08:00">'
        "2025年11月4日 00:40（北京时间，UTC+8）</time></strong>"
    ) in rendered.html
    assert (True, "major", "2025-11-04T00:40:00+08:00") == (rendered.must_report, rendered.level, rendered.earliest_due)
    assert "ic-result" == rendered.focus


def test_live_mode_asks_the_time_before_any_clock_time() -> None:
    """With no t= the time of discovery is asked as a question; nothing defaults to now. One
    click answers "N minutes ago" (made a clock time with the live clock); "not sure" gives the
    result with durations and 截止时刻待确认, never a deadline's clock time."""
    asked = render(CII_MAJOR, now=NOW, mode="live")
    assert 'data-question="t"' in asked.html and "ic-question" == asked.focus and None is asked.earliest_due
    links = {unescape(t): unescape(f) for f, t in re.findall(r'data-fragment="([^"]*)">([^<]*)</a>', asked.html)}
    fifteen = render(links["约15分钟前"], now=NOW, mode="live")
    assert fifteen.fragment.endswith("&t=2025-11-03T23:25") and "2025-11-04T00:25:00+08:00" == fifteen.earliest_due
    unsure = render(links["尚不确定（先按时长显示）"], now=NOW, mode="live")
    assert "ic-result" == unsure.focus and None is unsure.earliest_due
    # The only clock time is the record's own (generated now), never a deadline's.
    assert [NOW] == re.findall(r'<time[^>]*datetime="([^"]*)"', unsure.html)
    assert "截止时刻待确认" in unsure.html and "发现或获知后1小时内" in unsure.html
    earlier = re.findall(r'data-fragment="([^"]*)">早30分钟', fifteen.html)
    assert [CII_MAJOR + "&t=2025-11-03T22:55"] == [unescape(f) for f in earlier]


def test_an_unreadable_or_future_time_is_explained_in_chinese() -> None:
    """A broken time is named in Chinese and the time is asked again; a future time is questioned."""
    broken = render(CII_MAJOR + "&t=202611-23T11:40", now=NOW, mode="live")
    assert "无法识别" in broken.html and 'data-question="t"' in broken.html
    future = render(CII_MAJOR + "&t=2025-11-04T08:00", now=NOW, mode="live")
    assert "晚于当前时间" in future.html


def test_refining_questions_do_not_hold_the_result_back() -> None:
    """CII, central organ and level answered: the result is shown at once, with the four refining
    questions beside it (live: all; static: the next one), and answering one keeps the result."""
    three = "involves_cii=yes&central_state_organ=no&level=major&t=2025-11-03T23:00"
    live = render(three, now=NOW, mode="live")
    assert "ic-result" == live.focus and "2025-11-04T00:00:00+08:00" == live.earliest_due
    asked = re.findall(r'class="ic-refine-q" data-question="([^"]*)"', live.html)
    assert ["sectors", "suspected_crime", "ransomware", "state_secret"] == asked
    static = render(three, mode="static").html
    assert ["sectors"] == re.findall(r'class="ic-refine-q" data-question="([^"]*)"', static)
    crime = unescape(re.findall(r'data-question="suspected_crime".*?data-fragment="([^"]*)">是<', live.html)[0])
    again = render(crime, now=NOW, mode="live")
    assert "ic-result" == again.focus and 'data-to="public_security"' in again.html


def test_answers_made_moot_are_held_not_lost() -> None:
    """Switching the level to 一般 and back keeps the four later answers (they ride along in the link)."""
    general = render(CII_MAJOR.replace("level=major", "level=general"), mode="static")
    assert "ransomware=no" in general.fragment
    back = parse_fragment(general.fragment.replace("level=general", "level=major"))
    assert parse_fragment(CII_MAJOR).path == back.path


def test_numbers_are_read_as_people_type_them() -> None:
    """100万, 1,000,000 and 1亿 are numbers; words are not."""
    from decision_tree.web import read_number

    assert [1_000_000, 1_000_000, 100_000_000, 1.5] == [read_number(t) for t in ("100万", "1,000,000", "1亿", "1.5")]
    typed = ("120万人", "约120万", "1,200,000", "一百二十万", "1200000人")
    assert [1_200_000.0] * 5 == [read_number(t) for t in typed]
    assert [5_000_000.0, 100_000.0, 120_000_000.0] == [read_number(t) for t in ("500万元", "十万", "一亿二千万")]
    assert [None, None] == [read_number(t) for t in ("lots", "nan")]


def test_static_result_shows_durations_not_clock_times() -> None:
    """The pre-rendered result says 'within 1 hour of discovery' and has no countdown."""
    html = render(CII_MAJOR, mode="static").html
    assert "发现或获知后1小时内" in html
    assert "ic-countdown" not in html and "<time" not in html


def test_general_result_says_no_report_and_lists_other_duties() -> None:
    """一般: no report under these Measures, other duties listed; no channels, no report table."""
    html = render("involves_cii=no&central_state_organ=no&level=general&state_secret=no").html
    assert "本办法不要求报告" in html and "个人信息保护法" in html
    assert "ic-reports-title" not in html


def test_grading_helper_fragment_and_graded_level() -> None:
    """The helper (live mode, level question) posts to level=unknown; facts then grade the level."""
    html = render("involves_cii=no&central_state_organ=no", mode="live").html
    assert 'data-fragment="involves_cii=no&amp;central_state_organ=no&amp;level=unknown"' in html
    graded = render(
        "involves_cii=no&central_state_organ=no&level=unknown&f.personal_info_leaked_people=1000000",
        mode="live",
        now=NOW,
    )
    assert "可判别为较大" in graded.html
    assert "relatively_major" == assess(parse({"facts": {"personal_info_leaked_people": 1_000_000}}))["level"]


def test_bad_fragments_get_a_clear_message() -> None:
    """Unknown keys and values are named in an alert, and the rest of the state still works."""
    html = render("involves_cii=maybe&foo=1").html
    assert 'role="alert"' in html
    assert "“involves_cii”的值“maybe”无法识别" in html and "“foo”无法识别" in html
    assert 'data-question="involves_cii"' in html


def test_bad_helper_input_stays_on_the_form_with_a_message_at_the_field() -> None:
    """Words, negative numbers, portal or defacement minutes without the kind of site, and CII
    outage minutes after CII = 否 each get a Chinese message beside the field; the level question
    stays (the helper open, what was typed kept), focus goes to the field, and no engine message
    ever reaches the page."""
    base = "involves_cii=no&central_state_organ=no&level=unknown"
    cases = {
        "f.personal_info_leaked_people=lots": ("personal_info_leaked_people", "不是数字"),
        "f.personal_info_leaked_people=-5": ("personal_info_leaked_people", "不能为负数"),
        "f.defacement_home_page_minutes=45": ("dsk", "请选择被篡改的网站"),
        "f.portal_unreachable_minutes=300": ("psk", "请选择不能访问的网站"),
        "f.cii_main_function_outage_minutes=40": ("cii_main_function_outage_minutes", "第1题已回答"),
        "f.prefectural_population_affected_percent=130": ("prefectural_population_affected_percent", "最多为100"),
    }
    for piece, (name, says) in cases.items():
        rendered = render(f"{base}&{piece}", now=NOW, mode="live")
        assert 'data-question="level"' in rendered.html, piece
        assert f"ic-f-{name}" == rendered.focus, piece
        message = re.findall(rf'<span class="ic-field-error" id="ic-err-{name}">([^<]*)</span>', rendered.html)
        assert message and says in message[0], piece
        assert '<details class="ic-grade" open>' in rendered.html, piece
        assert "expected" not in rendered.html and "not allowed" not in rendered.html, piece
    kept = render(f"{base}&f.personal_info_leaked_people=lots", now=NOW, mode="live")
    assert 'value="lots"' in kept.html


def test_numbers_below_every_indicator_offer_one_click_to_general() -> None:
    """80,000 people and ¥1,000,000: the numbers against the 较大 thresholds, the 情形 of annex 三
    named with their text, and one link that concludes 一般."""
    html = render(
        "involves_cii=no&central_state_organ=no&level=unknown&f.personal_info_leaked_people=8万"
        "&f.direct_economic_loss_yuan=100万&t=2025-11-03T23:00",
        now=NOW,
        mode="live",
    ).html
    assert "您填写 <strong>80000</strong>" in html and "100万人以上" in html and "500万元以上" in html
    assert "较大量公民个人信息" in html  # 附件三 情形 2, quoted
    general = re.findall(r'data-fragment="([^"]*)">上述情形均不符合：级别为一般<', html)
    assert "本办法不要求报告" in render(unescape(general[0]), mode="live", now=NOW).html


@settings(max_examples=200)
@given(
    fragment=st.text(max_size=80)
    | st.lists(st.sampled_from([*CII_MAJOR.split("&"), "t=x", "j=guide/9", "<b>"])).map("&".join)
)
def test_any_fragment_renders(fragment: str) -> None:
    """Whatever the fragment, render() returns markup, and nothing from it appears unescaped."""
    rendered = render(fragment, now=NOW, mode="live")
    assert rendered.html.startswith('<div class="ic"')
    assert "<script" not in rendered.html and "<b>" not in rendered.html


def test_markup_is_escaped() -> None:
    """Text from the fragment is escaped wherever it is shown."""
    html = render('<img src=x onerror=alert(1)>=1&level="><script>').html
    assert "<img" not in html and "<script>" not in html and "&lt;img" in html


def test_links_follow_the_place() -> None:
    """Citation links climb to the site root and answer links point to the static pages' folder."""
    html = render("", place=Place(root="../../", states="")).html
    assert 'href="../../measures/#measures-4-2"' in html and 'href="y.html"' in html


def test_respond_is_the_string_boundary() -> None:
    """respond() takes and returns JSON text; a bad request gets an error object, not an exception."""
    response = json.loads(respond(json.dumps({"fragment": CII_MAJOR + "&t=2025-11-03T23:40", "now": NOW})))
    assert (True, "2025-11-04T00:40:00+08:00") == (response["must_report"], response["earliest_due"])
    assert json.loads(response["record"])["result"]["reports"][0]["basis"] == "measures/4/2"
    assert "error" in json.loads(respond("not json"))
    assert "error" in json.loads(respond(json.dumps({"fragment": "", "now": "yesterday"})))


def test_calendar_file() -> None:
    """One event per timed report and per timed other duty (a conditional one says so: here the two
    24-hour police clocks, the crime question unanswered), CRLF line ends, no line over 75 octets,
    due time in UTC."""
    result = assess(parse({"involves_cii": True, "level": "major", "discovered_at": NOW}))
    text = ics(result, NOW)
    lines = text.split("\r\n")
    timed = [r for r in result["reports"] + result["other_duties"] if r["due_at"]]
    assert 5 == len(timed) == text.count("BEGIN:VEVENT") and text.endswith("END:VCALENDAR\r\n")
    assert sum(r["conditional"] for r in timed) == text.replace("\r\n ", "").count("SUMMARY:可能适用")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "DTSTART:20251103T164000Z" in lines
    unfolded = text.replace("\r\n ", "")
    assert "向保护工作部门报告（第四条第二款）" in unfolded


def test_the_calendar_gives_the_readers_own_clock_beside_beijing_time() -> None:
    """Asked from Berlin (the page's "now" at UTC+1), each report's description gives the Berlin
    clock beside the Beijing one; from Beijing it gives none; the events' times are the same UTC."""
    result = assess(parse({"involves_cii": True, "level": "major", "discovered_at": NOW}))
    berlin, beijing, english = (
        text.replace("\r\n ", "").replace("\\,", ",")
        for text in (
            ics(result, "2025-11-03T16:40:00+01:00"),
            ics(result, NOW),
            ics(result, "2025-11-03T16:40:00+01:00", "en"),
        )
    )
    due = "2025年11月4日 00:40（北京时间，UTC+8）"
    assert (True, True, False) == (
        f"截止：{due}（您的时区 GMT+1：11月3日 17:40）。" in berlin,
        f"截止：{due}。" in beijing,
        "您的时区" in beijing,
    )
    assert "Due: 2025-11-04 00:40 (Beijing time, UTC+8) (your time, GMT+1: 11-03 17:40)." in english
    starts = [line for line in berlin.split("\r\n") if line.startswith("DTSTART:")]
    assert starts == [line for line in beijing.split("\r\n") if line.startswith("DTSTART:")]
    assert "DTSTART:20251103T164000Z" in starts


_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)  # no lone surrogates


@settings(max_examples=300)
@given(pairs=st.lists(st.tuples(_text.filter(bool), _text), max_size=5))
def test_fragment_codec_round_trips_and_agrees_with_the_standard_library(pairs: list[tuple[str, str]]) -> None:
    """Encoding then decoding gives the pairs back, and urllib.parse reads the encoding the same way."""
    from urllib.parse import parse_qsl

    from decision_tree.web.state import encode, pairs_of

    text = "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)
    assert pairs == pairs_of(text)
    assert parse_qsl(text, keep_blank_values=True) == pairs_of(text)


def test_worked_examples_link_to_the_result_of_their_input() -> None:
    """Each worked example's link opens the questionnaire at a result equal to the engine's."""
    import tomllib
    from pathlib import Path

    from decision_tree.web import fragment_for

    scenarios = tomllib.loads((Path(__file__).parent / "cases" / "scenarios.toml").read_text(encoding="utf-8"))
    for case in scenarios["case"]:
        fragment = fragment_for(case["input"])
        state = parse_fragment(fragment)
        assert [] == state.problems, case["id"]
        expected = assess(parse(case["input"]))
        actual = assess(parse(state.engine_input()))
        keys = ("level", "must_report", "reports", "escalations")
        assert {k: expected[k] for k in keys} == {k: actual[k] for k in keys}, case["id"]
        assert 'id="ic-result"' in render(fragment, mode="static").html, case["id"]


def test_render_reads_grades_and_assesses_each_state_once(monkeypatch: object) -> None:
    """One pass: the fragment is parsed, graded and assessed once per render, whatever the page shows."""
    import pytest

    from decision_tree.web import page

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    calls: dict[str, int] = {"parse_fragment": 0, "grade": 0, "assess": 0}

    def counting(name: str, real: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return real(*args, **kwargs)  # type: ignore[operator]

        return wrapper

    import importlib
    import pkgutil

    import decision_tree.web

    # Every room of the questionnaire that holds one of these names gets the counting one.
    for info in pkgutil.iter_modules(decision_tree.web.__path__):
        module = importlib.import_module(f"decision_tree.web.{info.name}")
        for name in calls:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, counting(name, getattr(page, name)))
    fragment = (
        "involves_cii=yes&central_state_organ=no&level=unknown&t=2025-11-03T10:00&f.cii_main_function_outage_minutes=50"
    )
    rendered = page.render(fragment, now=NOW, mode="live")
    assert "ic-result" == rendered.focus
    assert {"parse_fragment": 1, "grade": 1, "assess": 1} == calls
