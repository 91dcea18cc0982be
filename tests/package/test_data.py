"""The data files: structure of the text, sources, and the annex's numbers stored structured."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from decision_tree.citations import resolve
from decision_tree.load import DataError, build_law, quantity_in, read_toml
from decision_tree.model import Law, Level


def _raw() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    return read_toml("measures.toml"), read_toml("guide.toml"), read_toml("qa.toml")


def test_shape_of_the_measures(law: Law) -> None:
    """14 articles; 第四条 has six paragraphs; 第七条第一款 enumerates eight items."""
    measures = law.measures
    assert 14 == len(measures.articles)
    assert 6 == len(measures.article(4).paragraphs)
    assert 8 == len(measures.article(7).paragraphs[0].items)
    assert [1, 1, 1, 6, 1, 1, 3, 1, 1, 3, 1, 3, 1, 1] == [len(a.paragraphs) for a in measures.articles]


def test_shape_of_the_annex(law: Law) -> None:
    """Four levels; the graded three have 3 情形 and 8 indicators, each with four sub-items at 6."""
    guide = law.guide
    assert list(Level) == [level.level for level in guide.levels]
    for level in guide.levels[:3]:
        assert (3, 8, 4) == (len(level.criteria), len(level.indicators), len(level.indicators[5].sub_items))
        assert level.description is None
    general = guide.level(4)
    assert (0, 0) == (len(general.criteria), len(general.indicators))
    assert general.description is not None
    assert guide.note.zh.startswith("注：")


def test_shape_of_the_qa(law: Law) -> None:
    """Seven questions, each with at least one answer paragraph and at least one related passage."""
    assert 7 == len(law.qa.questions)
    assert all(q.answer and q.about for q in law.qa.questions)


def test_source_records(law: Law) -> None:
    """Issued 2025-09-11, released 2025-09-15 at the CAC's URL, in force 2025-11-01."""
    source = law.measures.source
    assert (dt.date(2025, 9, 11), dt.date(2025, 9, 15), dt.date(2025, 11, 1)) == (
        source.issued,
        source.released,
        source.effective,
    )
    assert "https://www.cac.gov.cn/2025-09/15/c_1759583017717009.htm" == source.url
    assert law.guide.source.effective == source.effective
    assert law.qa.source.url is None  # no official address is known; none is invented
    for document in (law.measures.source, law.guide.source, law.qa.source):
        assert document.verification.strip() and document.checked_on >= dt.date(2025, 9, 15)


# The thresholds as the design notes tabulate them — an independent statement of the numbers.
EXPECTED = {
    "personal_info_leaked_people": (100_000_000, 10_000_000, 1_000_000),
    "direct_economic_loss_yuan": (100_000_000, 20_000_000, 5_000_000),
    "cii_total_outage_minutes": (360, 60, 10),
    "cii_main_function_outage_minutes": (1440, 180, 30),
    "portal_unreachable_minutes": (1440, 360, 120),
    "daily_life_affected_people": (10_000_000, 1_000_000, 100_000),
    "defacement_home_page_minutes": (360, 120, 30),
    "defacement_other_page_minutes": (1440, 720, 120),
    "defacement_shares": (100_000, 10_000, 1000),
    "defacement_views": (1_000_000, 100_000, 10_000),
    "provincial_population_affected_percent": (50, None, None),
    "prefectural_population_affected_percent": (None, 50, 30),
}


def _threshold_values(law: Law, fact: str) -> tuple[int | None, ...]:
    values: list[int | None] = []
    for level in law.guide.levels[:3]:
        found = [
            t.at_least
            for indicator in level.indicators
            for t in (*indicator.thresholds, *(t for s in indicator.sub_items for t in s.thresholds))
            if t.fact == fact
        ]
        assert len(found) <= 1, f"{fact} has more than one threshold in {level.level}"
        values.append(found[0] if found else None)
    return tuple(values)


@pytest.mark.parametrize("fact", sorted(EXPECTED))
def test_thresholds_per_level(law: Law, fact: str) -> None:
    """Each structured number equals the design table's (特别重大, 重大, 较大)."""
    assert EXPECTED[fact] == _threshold_values(law, fact)


def test_every_declared_fact_has_expectations(law: Law) -> None:
    """No fact slips past the table above."""
    assert sorted(EXPECTED) == sorted(f.id for f in law.guide.facts)


def test_every_number_matches_its_chinese_text(law: Law) -> None:
    """Each threshold's quote is in its text and states exactly its at_least value."""
    count = 0
    for level in law.guide.levels:
        for indicator in level.indicators:
            for text, thresholds in [
                (indicator.text, indicator.thresholds),
                *((s.text, s.thresholds) for s in indicator.sub_items),
            ]:
                for t in thresholds:
                    assert 1 == text.zh.count(t.quote)
                    assert t.at_least == quantity_in(t.quote, t.fact)
                    count += 1
    assert 33 == count  # 11 per graded level


@pytest.mark.parametrize(
    ("quote", "fact", "value"),
    [
        ("泄露1亿人以上", "personal_info_leaked_people", 100_000_000),
        ("1000万人以上", "daily_life_affected_people", 10_000_000),
        ("造成2000万元以上", "direct_economic_loss_yuan", 20_000_000),
        ("整体中断运行10分钟以上", "cii_total_outage_minutes", 10),
        ("主要功能中断运行24小时以上", "cii_main_function_outage_minutes", 1440),
        ("50%以上", "provincial_population_affected_percent", 50),
        ("转发1万次以上", "defacement_shares", 10_000),
        ("浏览或点击次数100万以上", "defacement_views", 1_000_000),
    ],
)
def test_quantities_are_read_in_the_unit_of_the_name(quote: str, fact: str, value: int) -> None:
    """万 and 亿 multiply; 小时 becomes minutes because the fact's name ends in _minutes."""
    assert value == quantity_in(quote, fact)


@pytest.mark.parametrize(
    ("quote", "fact"),
    [
        ("6小时以上", "direct_economic_loss_yuan"),  # hours cannot be yuan
        ("100万人以上", "cii_total_outage_minutes"),  # people cannot be minutes
        ("6小时以上或24小时以上", "cii_total_outage_minutes"),  # two numbers
        ("100万人", "personal_info_leaked_people"),  # no 以上
        ("100万人以上", "personal_info_leaked"),  # no unit in the name
    ],
)
def test_quantities_that_do_not_fit_are_refused(quote: str, fact: str) -> None:
    """A quote with the wrong unit, no number or two numbers is an error, not a guess."""
    with pytest.raises(ValueError):
        quantity_in(quote, fact)


def test_a_wrong_number_stops_loading() -> None:
    """Changing at_least without changing the text fails, naming the file and the passage."""
    measures, guide, qa = _raw()
    guide = copy.deepcopy(guide)
    guide["level"][2]["indicator"][4]["threshold"][0]["at_least"] = 999_999
    with pytest.raises(
        DataError,
        match=r"guide.toml: level 3 indicator 5 threshold 1: at_least = 999999 but the text says 1000000",
    ):
        build_law(measures, guide, qa)


def test_an_unknown_key_stops_loading() -> None:
    """A misspelt key in a data file is reported, never ignored."""
    measures, guide, qa = _raw()
    measures = copy.deepcopy(measures)
    measures["article"][3]["paragraph"][1]["zh_cn"] = "x"
    with pytest.raises(DataError, match=r"measures.toml: article 4 paragraph 2: unknown key\(s\) \['zh_cn'\]"):
        build_law(measures, guide, qa)


def test_a_scope_must_quote_the_text() -> None:
    """An indicator's scope (which sites it covers) must be part of its official text."""
    measures, guide, qa = _raw()
    guide = copy.deepcopy(guide)
    guide["level"][0]["indicator"][0]["scope"] = "所有网站"
    with pytest.raises(DataError, match="scope '所有网站' is not part of the text"):
        build_law(measures, guide, qa)


def test_scopes_differ_between_levels(law: Law) -> None:
    """Which sites count differs per level; the data keeps each level's own list."""
    scopes = [law.guide.level(n).indicators[5].scope for n in (1, 2, 3)]
    assert 3 == len(set(scopes))
    assert "超大型网络平台" in (scopes[0] or "")


def test_qa_links_resolve(law: Law) -> None:
    """Every passage a Q&A answer is said to be about exists."""
    for question in law.qa.questions:
        for key in question.about:
            assert key == resolve(key, law).key


def test_data_is_immutable(law: Law) -> None:
    """The loaded model is frozen: nothing at run time can alter the law."""
    with pytest.raises(AttributeError):
        law.measures.articles[0].paragraphs[0].text.zh = "x"  # type: ignore[misc]
