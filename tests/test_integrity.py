"""The published text is the official text: compared with the verified source and with digests."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

from build_scripts.source_text import measures_lines, qa_lines
from decision_tree.integrity import committed_digests, digests, drifted, official_lines
from decision_tree.load import build_law, read_toml
from decision_tree.model import Law


def test_digests_match_the_committed_ones(law: Law) -> None:
    """Every article, annex level and question hashes to the digest recorded at verification."""
    assert [] == drifted(law)
    assert 14 == sum(
        1 for group in committed_digests() if group.startswith("measures/") and group[9:].isdigit()
    )


def _diff(expected: list[tuple[str, str]], actual: list[tuple[str, str]]) -> str:
    lines = difflib.unified_diff(
        [f"{k}\t{v}" for k, v in expected], [f"{k}\t{v}" for k, v in actual], "source", "data", lineterm=""
    )
    return "\n".join(lines)


def test_data_equals_the_measures_source_line_by_line(law: Law, shared_sources: Path) -> None:
    """Each paragraph, item and annex row of the data is the source line, with the same key."""
    expected = measures_lines(shared_sources / "measures.zh.md")
    actual = official_lines(law)["measures.zh.md"]
    assert expected == actual, _diff(expected, actual)


def test_data_equals_the_qa_source_line_by_line(law: Law, shared_sources: Path) -> None:
    """Each question and answer paragraph of the data is the source line, with the same key."""
    expected = qa_lines(shared_sources / "qa.zh.md")
    actual = official_lines(law)["qa.zh.md"]
    assert expected == actual, _diff(expected, actual)


def test_data_rebuilds_the_source_files_byte_for_byte(law: Law, shared_sources: Path) -> None:
    """Joining the data's lines as the source files do gives back both files exactly."""
    for name, lines in official_lines(law).items():
        rebuilt = "\n\n".join(line for _, line in lines) + "\n"
        assert (shared_sources / name).read_text(encoding="utf-8") == rebuilt


def test_committed_digests_are_those_of_the_source(shared_sources: Path) -> None:
    """The committed digests were taken from text equal to the verified source."""
    assert committed_digests() == digests()


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
