"""The questionnaire's words come from data, in both languages, and English is marked unofficial."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import decision_tree.web
from decision_tree.load import read_toml
from decision_tree.tree import paths
from decision_tree.web import State, render, respond
from decision_tree.web.texts import Message, Texts, table

WEB = Path(decision_tree.web.__file__).resolve().parent
CJK = re.compile(r"[\u3400-\u9fff]")
NOW = "2025-11-03T23:40:00+08:00"
# Chinese that stays in the code on purpose: the Chinese numerals and words a number may be
# written with, the headings of the Chinese report draft (glossed from ui.toml on the English
# page), the word that ends the annex's list of sites, and the request errors of the browser
# boundary (read by the page's own script, not typed by a user).
ALLOWED = {
    "state.py": {
        "零〇一二两三四五六七八九",
        "十",
        "百",
        "千",
        "万",
        "亿",
        "约",
        "大约",
        "近",
        "将近",
        "超过",
        "逾",
        "共",
    }
    | {"人次", "人", "元", "条", "次", "分钟", "个", "户", "％", "、", "“", "”", "…"},
    "markup.py": {"报告单位", "报告人及联系方式", "报告时间", "发现或获知事件的时间", "事件级别（初步研判）", "必报"}
    | {"规定时间内不能判定的，可先报第一、二项，及时补报"}
    | {"被攻击篡改", "第一时间", "（", "）"},
    "boundary.py": None,  # every string: the request errors
}


def test_every_entry_has_both_languages_and_the_same_placeholders() -> None:
    """ui.toml: each entry has zh and en, and both use the same {placeholders}."""
    raw = read_toml("ui.toml")["text"]
    assert len(raw) == len(table()) > 100
    for key, entry in raw.items():
        names = [set(re.findall(r"{(\w+)", entry[lang])) for lang in ("zh", "en")]
        assert names[0] == names[1], key
        assert entry["zh"].strip() and entry["en"].strip(), key


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants in a module (they may explain in Chinese)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def test_no_user_facing_chinese_is_written_in_the_code() -> None:
    """Every Chinese string the questionnaire shows comes from ui.toml (or the law's data)."""
    offenders = []
    for path in sorted(WEB.glob("*.py")):
        allowed = ALLOWED.get(path.name, set())
        if allowed is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docs:
                continue
            if CJK.search(node.value) and node.value not in allowed:
                offenders.append(f"{path.name}:{node.lineno}: {node.value[:40]}")
    assert [] == offenders


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
            shown = re.sub(r'<(span|textarea|pre|a)[^>]*lang="zh"[^>]*>.*?</\1>', "", html, flags=re.S)
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
    """The report draft goes to Chinese authorities: Chinese in both editions, glossed in English."""
    html = render(
        "involves_cii=no&central_state_organ=no&level=major&t=2025-11-03T23:00", now=NOW, mode="live", lang="en"
    ).html
    draft = re.findall(r'<textarea id="ic-draft"[^>]*lang="zh">(.*?)</textarea>', html, re.S)[0]
    assert "网络安全事件报告" in draft
    # Every heading the English page glosses is one the draft really has (the gloss cannot drift).
    from decision_tree.web.markup import DRAFT_HEADINGS

    assert [] == [heading for heading in DRAFT_HEADINGS if heading not in draft]
    assert "reporting organisation" in html
