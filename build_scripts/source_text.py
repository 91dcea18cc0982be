"""Read the verified official texts in ``../shared/sources`` as numbered, citable lines.

Build-time room. May import: the standard library and ``decision_tree``. Never imported by
the package.

The source files are Markdown copies of the official release (see their ``PROVENANCE.md``).
This module splits them into ``(key, line)`` pairs in reading order, where ``line`` is the
source line exactly as written (numbering included) and ``key`` is the citation key of the
passage (``measures/4/2``, ``guide/1/indicator/6/2``, ``qa/6/1`` …) or a structural key
(``measures/title``). :func:`decision_tree.integrity.official_lines` produces the same pairs
from the project's data; the integrity test compares the two lists.
"""

from __future__ import annotations

import re
from pathlib import Path

from decision_tree.citations import parse_cn_numeral

SHARED_SOURCES = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"

Line = tuple[str, str]

_ARTICLE = re.compile(r"^第([一二三四五六七八九十]+)条 ")
_CN_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")
_LEVEL = re.compile(r"^#### ([一二三四])、")
_NUM_ITEM = re.compile(r"^(\d+)\.")
_SUB_ITEM = re.compile(r"^（(\d+)）")
_QUESTION = re.compile(r"^([一二三四五六七八九十]+)、问：")


class SourceFormatError(ValueError):
    """The source file does not have the shape this parser knows."""


def _content_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measures_lines(path: Path) -> list[Line]:
    """Split ``measures.zh.md`` (the Measures and the annex) into keyed lines."""
    out: list[Line] = []
    article = paragraph = item = 0
    level = indicator = 0
    section = ""  # "measures", "criteria", "indicators" or "level-text" inside the annex
    in_annex = False
    for raw in _content_lines(path):
        line = raw.rstrip()
        if line.startswith("# "):
            out.append(("measures/title", line))
        elif line.startswith("（") and "国家互联网信息办公室）" in line and not out[1:]:
            out.append(("measures/date_line", line))
        elif line == "---":
            in_annex = True
            out.append(("annex/rule", line))
        elif line == "## 附件":
            out.append(("annex/label", line))
        elif line.startswith("<!--"):
            out.append(("annex/editorial_note", line))
        elif line.startswith("### "):
            out.append(("guide/title", line))
        elif not in_annex:
            if m := _ARTICLE.match(line):
                article, paragraph, item = parse_cn_numeral(m.group(1)), 1, 0
                out.append((f"measures/{article}/1", line))
            elif m := _CN_ITEM.match(line):
                item += 1
                if parse_cn_numeral(m.group(1)) != item:
                    raise SourceFormatError(f"{path.name}: item out of order: {line[:20]}")
                out.append((f"measures/{article}/{paragraph}/{item}", line))
            elif article:
                paragraph, item = paragraph + 1, 0
                out.append((f"measures/{article}/{paragraph}", line))
            else:
                raise SourceFormatError(f"{path.name}: unexpected line: {line[:30]}")
        elif m := _LEVEL.match(line):
            level, indicator, section = parse_cn_numeral(m.group(1)), 0, "level-text"
            out.append((f"guide/{level}/heading", line))
        elif line.startswith("注："):
            out.append(("guide/note", line))
        elif line.startswith("符合下列情形之一"):
            section = "criteria"
            out.append((f"guide/{level}/criteria", line))
        elif line.startswith("通常情况下"):
            section, indicator = "indicators", 0
            out.append((f"guide/{level}/indicators", line))
        elif (m := _NUM_ITEM.match(line)) and section in ("criteria", "indicators"):
            number = int(m.group(1))
            if section == "criteria":
                out.append((f"guide/{level}/criterion/{number}", line))
            else:
                indicator = number
                out.append((f"guide/{level}/indicator/{number}", line))
        elif (m := _SUB_ITEM.match(line)) and section == "indicators":
            out.append((f"guide/{level}/indicator/{indicator}/{int(m.group(1))}", line))
        elif section == "level-text":
            out.append((f"guide/{level}", line))
        else:
            raise SourceFormatError(f"{path.name}: unexpected annex line: {line[:30]}")
    return out


def qa_lines(path: Path) -> list[Line]:
    """Split ``qa.zh.md`` (the official Q&A) into keyed lines."""
    out: list[Line] = []
    question = answer = 0
    for raw in _content_lines(path):
        line = raw.rstrip()
        if not out:
            out.append(("qa/title", line))
        elif m := _QUESTION.match(line):
            question, answer = parse_cn_numeral(m.group(1)), 0
            out.append((f"qa/{question}", line))
        elif question:
            answer += 1
            out.append((f"qa/{question}/{answer}", line))
        else:
            out.append(("qa/lead", line))
    return out


def source_file_text(path: Path) -> str:
    """The file's text, for byte-exact comparisons."""
    return path.read_text(encoding="utf-8")
