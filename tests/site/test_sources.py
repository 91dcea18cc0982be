"""The data equals the verified official text in ../shared/sources, line by line and byte for byte."""

from __future__ import annotations

import difflib
from pathlib import Path

from build_scripts.source_text import measures_lines, qa_lines
from decision_tree.integrity import committed_digests, digests, official_lines
from decision_tree.model import Law


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
