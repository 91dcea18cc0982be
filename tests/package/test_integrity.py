"""The text has not drifted: each article, annex level and question matches its committed digest.

These run everywhere, including inside Pyodide and where ../shared is absent. The comparison
with the verified source files themselves is in tests/site/test_sources.py.
"""

from __future__ import annotations

import copy

from decision_tree.integrity import committed_digests, drifted
from decision_tree.load import build_law, read_toml
from decision_tree.model import Law


def test_digests_match_the_committed_ones(law: Law) -> None:
    """Every article, annex level and question hashes to the digest recorded at verification."""
    assert [] == drifted(law)
    assert 14 == sum(1 for group in committed_digests() if group.startswith("measures/") and group[9:].isdigit())


def test_a_one_character_edit_is_caught() -> None:
    """Changing one character of 第四条第二款 (1小时 → 2小时) is named by the digest check."""
    measures, guide, qa = read_toml("measures.toml"), read_toml("guide.toml"), read_toml("qa.toml")
    edited = copy.deepcopy(measures)
    paragraph = edited["article"][3]["paragraph"][1]
    assert "最迟不得超过1小时" in paragraph["zh"]
    paragraph["zh"] = paragraph["zh"].replace("最迟不得超过1小时", "最迟不得超过2小时")
    assert ["measures/4"] == drifted(build_law(edited, guide, qa))


def test_a_one_character_edit_in_the_annex_is_caught() -> None:
    """Changing 以上 to 以下 in one sub-item of the annex is named by the digest check."""
    measures, guide, qa = read_toml("measures.toml"), read_toml("guide.toml"), read_toml("qa.toml")
    edited = copy.deepcopy(guide)
    sub = edited["level"][1]["indicator"][5]["sub_item"][2]
    sub["zh"] = sub["zh"].replace("以上", "以下")
    sub.pop("threshold")  # the edited text no longer states its number; drop it so loading works
    assert ["guide/2"] == drifted(build_law(measures, edited, qa))
