"""The official text as numbered lines, and a SHA-256 per article, to prove nothing drifted.

Package room. May import: the standard library, ``decision_tree.model``,
``decision_tree.load`` and ``decision_tree.citations``.

:func:`official_lines` writes the data back as the lines of the verified source files
(numbering included), each with its citation key. The tests compare those lines with the
source files when ``../shared/sources`` is present, and compare :func:`digests` with the
committed ``data/checksums.toml`` everywhere (also inside Pyodide), so a one-character edit of
any passage fails a test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from decision_tree.citations import cn_numeral
from decision_tree.load import load_law, read_toml
from decision_tree.model import Law

Line = tuple[str, str]


def _measures(law: Law) -> Iterator[Line]:
    measures = law.measures
    yield "measures/title", f"# {measures.title.zh}"
    yield "measures/date_line", measures.date_line.zh
    for article in measures.articles:
        n = article.number
        for p, paragraph in enumerate(article.paragraphs, 1):
            prefix = f"第{cn_numeral(n)}条 " if p == 1 else ""
            yield f"measures/{n}/{p}", prefix + paragraph.text.zh
            for i, item in enumerate(paragraph.items, 1):
                yield f"measures/{n}/{p}/{i}", f"（{cn_numeral(i)}）{item.text.zh}"


def _guide(law: Law) -> Iterator[Line]:
    guide = law.guide
    yield "annex/rule", "---"
    yield "annex/label", f"## {guide.label.zh}"
    yield "annex/editorial_note", f"<!-- {guide.editorial_note.zh} -->"
    yield "guide/title", f"### {guide.title.zh}"
    for n, level in enumerate(guide.levels, 1):
        yield f"guide/{n}/heading", f"#### {cn_numeral(n)}、{level.heading.zh}"
        if level.description:
            yield f"guide/{n}", level.description.zh
        if level.criteria_intro:
            yield f"guide/{n}/criteria", level.criteria_intro.zh
        for c, criterion in enumerate(level.criteria, 1):
            yield f"guide/{n}/criterion/{c}", f"{c}.{criterion.zh}"
        if level.indicators_intro:
            yield f"guide/{n}/indicators", level.indicators_intro.zh
        for i, indicator in enumerate(level.indicators, 1):
            yield f"guide/{n}/indicator/{i}", f"{i}.{indicator.text.zh}"
            for s, sub in enumerate(indicator.sub_items, 1):
                yield f"guide/{n}/indicator/{i}/{s}", f"（{s}）{sub.text.zh}"
    yield "guide/note", guide.note.zh


def _qa(law: Law) -> Iterator[Line]:
    qa = law.qa
    yield "qa/title", qa.title.zh
    yield "qa/lead", qa.lead.zh
    for question in qa.questions:
        yield f"qa/{question.number}", f"{cn_numeral(question.number)}、{question.question.zh}"
        for a, answer in enumerate(question.answer, 1):
            yield f"qa/{question.number}/{a}", answer.zh


def official_lines(law: Law | None = None) -> dict[str, list[Line]]:
    """The data as the lines of each source file: ``{"measures.zh.md": [...], "qa.zh.md": [...]}``."""
    law = law or load_law()
    return {"measures.zh.md": [*_measures(law), *_guide(law)], "qa.zh.md": list(_qa(law))}


def group_of(key: str) -> str:
    """The unit a line is hashed with: its article (``measures/4``), annex level, or question."""
    parts = key.split("/")
    if parts[0] in ("measures", "qa") and len(parts) > 1 and parts[1].isdigit():
        return "/".join(parts[:2])
    if parts[0] == "guide" and len(parts) > 1 and parts[1].isdigit():
        return "/".join(parts[:2])
    return key


def digests(law: Law | None = None) -> dict[str, str]:
    """SHA-256 of each article, annex level, question and structural line, keyed by group."""
    groups: dict[str, list[str]] = {}
    for lines in official_lines(law).values():
        for key, line in lines:
            groups.setdefault(group_of(key), []).append(line)
    return {group: hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest() for group, lines in groups.items()}


def committed_digests() -> dict[str, str]:
    """The digests recorded in ``data/checksums.toml`` when the text was last verified."""
    table = read_toml("checksums.toml")["sha256"]
    return {str(k): str(v) for k, v in table.items()}


def drifted(law: Law | None = None) -> list[str]:
    """Groups whose text differs from the committed digest (or that are missing/new)."""
    now, then = digests(law), committed_digests()
    return sorted(g for g in now.keys() | then.keys() if now.get(g) != then.get(g))
