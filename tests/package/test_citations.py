"""Citation keys ↔ Chinese labels ↔ anchors ↔ URLs, and Chinese numerals both ways."""

from __future__ import annotations

import pytest

from decision_tree.citations import CitationError, all_keys, cn_numeral, parse_cn_numeral, resolve
from decision_tree.model import Law

NUMERALS = [
    (1, "一"), (2, "二"), (3, "三"), (4, "四"), (5, "五"), (6, "六"), (7, "七"),
    (8, "八"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (13, "十三"), (14, "十四"),
    (20, "二十"), (21, "二十一"), (99, "九十九"),
]  # fmt: skip


@pytest.mark.parametrize(("number", "numeral"), NUMERALS)
def test_numerals_both_ways(number: int, numeral: str) -> None:
    """Article numbers are written and read as the law writes them (十四 = 14)."""
    assert numeral == cn_numeral(number)
    assert number == parse_cn_numeral(numeral)


def test_numerals_round_trip() -> None:
    """Every number from 1 to 99 survives writing and reading back."""
    assert list(range(1, 100)) == [parse_cn_numeral(cn_numeral(n)) for n in range(1, 100)]


@pytest.mark.parametrize("bad", ["", "零", "十十", "一二", "百", "4", "四条"])
def test_bad_numerals_are_refused(bad: str) -> None:
    """Text that is not a numeral from 一 to 九十九 raises instead of guessing."""
    with pytest.raises(ValueError, match="Chinese numeral"):
        parse_cn_numeral(bad)


@pytest.mark.parametrize("bad", [0, 100, -1])
def test_out_of_range_numbers_are_refused(bad: int) -> None:
    """Only 1 … 99 can be written."""
    with pytest.raises(ValueError):
        cn_numeral(bad)


LABELS = [
    ("measures/4", "第四条", "measures-4", "measures/#measures-4"),
    ("measures/4/2", "第四条第二款", "measures-4-2", "measures/#measures-4-2"),
    ("measures/7/1/2", "第七条第一款第（二）项", "measures-7-1-2", "measures/#measures-7-1-2"),
    ("measures/2/1", "第二条", "measures-2-1", "measures/#measures-2-1"),
    ("measures/14", "第十四条", "measures-14", "measures/#measures-14"),
    ("guide", "附件《网络安全事件分级指南》", "guide", "guide/#guide"),
    ("guide/3", "附件 三、较大网络安全事件", "guide-3", "guide/#guide-3"),
    ("guide/3/indicator/5", "附件 三、较大网络安全事件 通常情况下第5项", "guide-3-indicator-5", "guide/#guide-3-indicator-5"),
    ("guide/1/indicator/6/2", "附件 一、特别重大网络安全事件 通常情况下第6项（2）", "guide-1-indicator-6-2", "guide/#guide-1-indicator-6-2"),
    ("guide/1/criterion/2", "附件 一、特别重大网络安全事件 情形第2项", "guide-1-criterion-2", "guide/#guide-1-criterion-2"),
    ("guide/2/indicators", "附件 二、重大网络安全事件 通常情况下", "guide-2-indicators", "guide/#guide-2-indicators"),
    ("guide/note", "附件 注", "guide-note", "guide/#guide-note"),
    ("qa/6", "答记者问 第六问", "qa-6", "qa/#qa-6"),
    ("qa/6/1", "答记者问 第六问 答第1段", "qa-6-1", "qa/#qa-6-1"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "label", "anchor", "url"), LABELS)
def test_key_label_anchor_url(key: str, label: str, anchor: str, url: str) -> None:
    """Each key resolves to its Chinese label, its anchor and its page URL."""
    citation = resolve(key)
    assert (label, anchor, url) == (citation.label_zh, citation.anchor, citation.url())


def test_english_labels_name_the_chinese_level() -> None:
    """English labels keep the Chinese level name: translators disagree on 'major'."""
    assert "Annex III (relatively major, 较大), indicator 5" == resolve("guide/3/indicator/5").label("en")
    assert "Article 7, paragraph 1, item (2)" == resolve("measures/7/1/2").label("en")


def test_url_from_a_subpage() -> None:
    """A link from a page one level down climbs back to the root first."""
    assert "../measures/#measures-4-2" == resolve("measures/4/2").url("../")


@pytest.mark.parametrize(
    "key",
    [
        "measures/15", "measures/4/7", "measures/7/1/9", "measures/2/2",
        "measures/7/2/1", "guide/5", "guide/4/indicator/1", "guide/1/indicator/9",
        "guide/1/indicator/5/1", "guide/1/criterion/4", "guide/1/bogus/1", "qa/8", "qa/6/9",
    ],
)  # fmt: skip
def test_keys_naming_no_passage_are_refused(key: str) -> None:
    """A well-formed key that names no passage raises CitationError naming the key."""
    with pytest.raises(CitationError, match="names no passage"):
        resolve(key)


@pytest.mark.parametrize(
    "key", ["", "measures/0", "measure/4", "measures", "measures/4/", "Measures/4", "qa/0", "law/1"]
)
def test_malformed_keys_are_refused(key: str) -> None:
    """A malformed key raises CitationError explaining the key scheme."""
    with pytest.raises(CitationError, match="malformed"):
        resolve(key)


def test_every_passage_resolves_to_a_unique_anchor(law: Law) -> None:
    """All citable passages resolve, and no two share an anchor."""
    keys = all_keys(law)
    anchors = [resolve(key, law).anchor for key in keys]
    assert len(anchors) == len(set(anchors))
    # 14 articles; article 4 has 6 paragraphs and article 7 has 8 items, so these must be listed.
    assert {"measures/14", "measures/4/6", "measures/7/1/8", "guide/3/indicator/6/4", "qa/7"} <= set(keys)
