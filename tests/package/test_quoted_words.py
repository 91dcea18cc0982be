"""Words the pages take from the rules and the annex by id, never by cutting or matching text:
第一时间 / 及时 before a report's hour limit, and the list of sites of annex item 6."""

from __future__ import annotations

import copy

import pytest

from decision_tree.answers import parse
from decision_tree.engine import assess
from decision_tree.load import DataError, build_law, load_law, read_toml
from decision_tree.model import Text
from decision_tree.rules import PROMPTNESS_WORDS, build_rules, load_rules
from decision_tree.web import Place, State, render
from decision_tree.web.headline import _promptness_word
from decision_tree.web.texts import Texts, escape
from decision_tree.web.view import View


def _rules_raw() -> tuple[dict[str, object], ...]:
    return read_toml("rules.toml"), read_toml("tree.toml"), read_toml("glossary.toml")


def test_every_report_with_an_hour_limit_names_its_word() -> None:
    """Each report with an hour limit has a promptness word, and its Chinese text opens with that word."""
    zh = Texts("zh")
    expected = [(r.id, True) for r in load_rules().reports if r.within_minutes is not None or r.promptness_word]
    actual = [
        (r.id, r.promptness_word in PROMPTNESS_WORDS and r.promptness.zh.startswith(zh(f"word.{r.promptness_word}")))
        for r in load_rules().reports
        if r.within_minutes is not None or r.promptness_word
    ]
    assert expected == actual


def test_a_report_without_a_word_opens_with_neither() -> None:
    """A report with no promptness word (the sector report) does not open with 第一时间 or 及时 either."""
    zh = Texts("zh")
    words = tuple(zh(f"word.{w}") for w in PROMPTNESS_WORDS)
    expected = [r.id for r in load_rules().reports if r.promptness_word is None]
    actual = [r.id for r in load_rules().reports if not r.promptness.zh.startswith(words)]
    assert expected == actual


def test_the_result_carries_the_word() -> None:
    """Each report of the engine's result carries its rule's promptness word."""
    result = assess(parse({"involves_cii": True, "central_state_organ": "unknown", "level": "major"}))
    words = {rule.id: rule.promptness_word for rule in load_rules().reports}
    expected = [words[r["rule"]] for r in result["reports"]]
    actual = [r["promptness_word"] for r in result["reports"]]
    assert ["immediately", "immediately"] == actual[:2]
    assert expected == actual


@pytest.mark.parametrize(("word", "lang"), [(w, lang) for w in PROMPTNESS_WORDS for lang in ("zh", "en")])
def test_the_headline_says_the_word_the_rule_names(word: str, lang: str) -> None:
    """The headline's word comes from the rule's id, whatever the promptness text starts with."""
    v = View(state=State(), place=Place(), mode="live", t=Texts(lang))
    report = {"promptness": {"zh": Texts("zh")("word.immediately"), "en": "x"}, "promptness_word": word}
    assert Texts(lang)(f"word.{word}") == _promptness_word(v, report)


@pytest.mark.parametrize(("word", "problem"), [("soon", "must be one of"), (None, "needs promptness_word")])
def test_a_wrong_or_missing_word_stops_loading(word: str | None, problem: str) -> None:
    """A word other than immediately / promptly, or none on a report with an hour limit, is refused."""
    rules, tree, glossary = _rules_raw()
    rules = copy.deepcopy(rules)
    if word is None:
        del rules["report"][0]["promptness_word"]  # type: ignore[index]
    else:
        rules["report"][0]["promptness_word"] = word  # type: ignore[index]
    with pytest.raises(DataError, match=rf"rules.toml: \[\[report\]\] cii: .*{problem}"):
        build_rules(rules, tree, glossary, load_law())


def test_item_6_of_each_level_stores_its_sites() -> None:
    """Annex item 6 of 特别重大, 重大 and 较大 stores its list of sites, part of its text in both languages."""
    items = [level.indicators[5] for level in load_law().guide.levels[:3]]
    expected = [("defacement", True, True)] * 3
    actual = [
        (
            item.topic,
            item.sites is not None and item.sites.zh in item.text.zh,
            item.sites is not None and item.sites.en is not None and item.sites.en in (item.text.en or ""),
        )
        for item in items
    ]
    assert expected == actual


def test_sites_must_quote_the_text() -> None:
    """A list of sites that is not part of the item's text stops loading."""
    measures, guide, qa = read_toml("measures.toml"), read_toml("guide.toml"), read_toml("qa.toml")
    guide = copy.deepcopy(guide)
    guide["level"][1]["indicator"][5]["sites"]["zh"] = "所有网站等"
    with pytest.raises(DataError, match="sites '所有网站等' is not part of the text"):
        build_law(measures, guide, qa)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_helper_scopes_6_4_to_the_stored_sites(lang: str) -> None:
    """The judgement on 6(4) of each level names that level's stored list of sites."""
    html = render("involves_cii=no&central_state_organ=no", mode="live", lang=lang).html
    t = Texts(lang)
    expected = [True, True, True]
    actual = [
        t.html("helper.scoped", sites=escape(t.pick(level.indicators[5].sites or Text(zh=""))), text="") in html
        for level in load_law().guide.levels[:3]
    ]
    assert expected == actual
