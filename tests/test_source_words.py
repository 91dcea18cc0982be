"""The words the rules and the annex data name by id are the words of ../shared/sources (host only).

第一时间 / 及时: each report rule's ``promptness_word`` is the word its cited paragraph of the
Measures uses for the operator's duty; annex item 6's stored list of sites is a verbatim part of
that item in the verified text. Skipped where ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.source_text import measures_lines
from decision_tree.load import load_law
from decision_tree.rules import PROMPTNESS_WORDS, load_rules
from decision_tree.web.texts import Texts

MEASURES = Path(__file__).resolve().parent.parent.parent / "shared" / "sources" / "measures.zh.md"


def _lines() -> dict[str, str]:
    if not MEASURES.exists():
        pytest.skip(f"{MEASURES} is absent")
    return dict(measures_lines(MEASURES))


def test_every_rules_word_is_the_word_of_its_paragraph() -> None:
    """The paragraph a report cites has the operator's duty as 应当 + the rule's word (or neither word)."""
    lines, zh = _lines(), Texts("zh")
    words = {zh(f"word.{w}"): w for w in PROMPTNESS_WORDS}
    expected = [(r.id, r.promptness_word) for r in load_rules().reports]
    actual = []
    for rule in load_rules().reports:
        text = lines[rule.basis]
        after = text[text.index("应当") + 2 :]  # the first 应当 of the paragraph: the operator's duty
        actual.append((rule.id, next((w for word, w in words.items() if after.startswith(word)), None)))
    assert expected == actual


def test_item_6_sites_are_verbatim_in_the_annex() -> None:
    """Annex item 6's stored list of sites (each level) is a substring of that item in the verified text."""
    lines = _lines()
    expected = [True, True, True]
    actual = [
        level.indicators[5].sites is not None and level.indicators[5].sites.zh in lines[f"guide/{n}/indicator/6"]
        for n, level in enumerate(load_law().guide.levels[:3], 1)
    ]
    assert expected == actual
