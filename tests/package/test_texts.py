"""The questionnaire's words come from data, in both languages, and English is marked unofficial."""

from __future__ import annotations

import json
import re

from decision_tree.load import read_toml
from decision_tree.tree import paths
from decision_tree.web import State, render, respond
from decision_tree.web.texts import Message, Texts, table

CJK = re.compile(r"[\u3400-\u9fff]")
NOW = "2025-11-03T23:40:00+08:00"


def test_every_entry_has_both_languages_and_the_same_placeholders() -> None:
    """ui.toml: each entry has zh and en, and both use the same {placeholders}."""
    raw = read_toml("ui.toml")["text"]
    assert len(raw) == len(table()) > 100
    for key, entry in raw.items():
        names = [set(re.findall(r"{(\w+)", entry[lang])) for lang in ("zh", "en")]
        assert names[0] == names[1], key
        assert entry["zh"].strip() and entry["en"].strip(), key


def test_every_state_renders_in_english_and_says_it_is_unofficial() -> None:
    """Every path of the tree renders in English (static and live) with the unofficial banner and
    with Chinese only where it is the original (marked lang="zh") or a level shown beside its English."""
    for path in paths():
        fragment = State(path=dict(path)).fragment()
        for rendered in (
            render(fragment, lang="en"),
            render(fragment + "&t=2025-11-03T23:00", now=NOW, mode="live", lang="en"),
        ):
            html = rendered.html
            assert 'lang="en"' in html and "Unofficial translation." in html
            shown = re.sub(r'<(span|textarea|pre|a|blockquote)[^>]*lang="zh"[^>]*>.*?</\1>', "", html, flags=re.S)
            shown = re.sub(r"<[^>]+>", " ", shown)
            # The levels are shown in Chinese beside their English (translations disagree on them),
            # and the WeChat channels by the Chinese names one must search for.
            stray = set(CJK.findall(shown)) - set("特别重大较一般") - set("国家互联网应急中心事件报告")
            assert set() == stray, (fragment, sorted(stray)[:10])


def test_a_link_opens_in_either_language() -> None:
    """The same fragment with lang=en renders English, and without it Chinese; the state is the same."""
    fragment = "involves_cii=yes&central_state_organ=no&level=major&t=2025-11-03T23:00"
    zh = render(fragment, now=NOW, mode="live")
    en = render(fragment + "&lang=en", now=NOW, mode="live")
    assert ("必须报告" in zh.html, "You must report" in en.html) == (True, True)
    assert (zh.level, zh.must_report, zh.earliest_due) == (en.level, en.must_report, en.earliest_due)
    assert "lang=en" in en.fragment


def test_messages_follow_the_reader() -> None:
    """A problem found in the link is written in the page's language."""
    assert "无法识别" in render("foo=1").html
    assert "is not recognised" in render("foo=1", lang="en").html
    assert Message("field.not_number", value="x").startswith("“x”不是数字")
    assert Texts("en").message(Message("field.negative")).startswith("Cannot be negative")


def test_the_english_record_and_calendar_say_unofficial() -> None:
    """The JSON record of an English result says its English is unofficial; the calendar is English."""
    fragment = "involves_cii=yes&central_state_organ=no&level=major&t=2025-11-03T23:00&lang=en"
    response = json.loads(respond(json.dumps({"fragment": fragment, "now": NOW})))
    assert "unofficial" in json.loads(response["record"])["unofficial"]
    assert "SUMMARY:Report due: to the CII protection department" in response["ics"].replace("\r\n ", "")


def test_the_draft_stays_chinese_with_an_english_gloss() -> None:
    """The report draft goes to Chinese authorities: Chinese in both editions, glossed in English, with
    an English working copy marked unofficial beside it."""
    html = render(
        "involves_cii=no&central_state_organ=no&level=major&t=2025-11-03T23:00", now=NOW, mode="live", lang="en"
    ).html
    draft = re.findall(r'<textarea id="ic-draft"[^>]*lang="zh">(.*?)</textarea>', html, re.S)[0]
    assert "网络安全事件报告" in draft
    # Every heading the English page glosses is one the draft really has (the gloss cannot drift).
    from decision_tree.documents import draft_headings

    assert [] == [zh for zh, _ in draft_headings() if zh not in draft]
    assert "Reporting organisation" in html
    working = re.findall(r'<textarea id="ic-draft-en"[^>]*lang="en">(.*?)</textarea>', html, re.S)[0]
    assert "unofficial" in working and "Cybersecurity incident report" in working
