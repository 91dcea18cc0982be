"""The Chinese edition's page views, and the pieces both editions' views share.

Build-time room. May import: the standard library, markupsafe, ``decision_tree`` and
``build_scripts.plain_pages``.

A view takes the law and returns what one page's template prints; data is prepared here, in
Python, and the templates in ``templates/`` only loop and print. :mod:`build_scripts.views_en`
builds the English edition's views on these; :mod:`build_scripts.generate` renders both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from build_scripts import plain_pages
from decision_tree.citations import LEVEL_ZH, PAGES, all_keys, cn_numeral, resolve
from decision_tree.integrity import digests, official_lines
from decision_tree.load import load_duties, load_glossary
from decision_tree.model import GuideLevel, Law, Level, Source
from decision_tree.web import Texts, escape, incident_list

ROOT = Path(__file__).resolve().parent.parent
# The worked examples are the named cases the tests run (tests/package/cases/scenarios.toml):
# the page and the evidence are one file, so they cannot drift apart.
SCENARIOS = ROOT / "tests" / "package" / "cases" / "scenarios.toml"
ZH = Texts("zh")  # the Chinese pages' own words (ui.toml)


@dataclass(frozen=True)
class Passage:
    """One paragraph, item or row as the templates print it."""

    anchor: str
    label: str  # the visible permalink text: 第二款, （一）, 1., （1） …
    title: str  # the full citation label, for the permalink's tooltip and screen readers
    text: str
    children: tuple[Passage, ...] = ()


def _passage(key: str, label: str, text: str, children: tuple[Passage, ...] = ()) -> Passage:
    citation = resolve(key)
    return Passage(citation.anchor, label, citation.label_zh, text, children)


def _link(key: str, text: str | None = None) -> dict[str, str]:
    """A Markdown-checked link to a passage: ``{"text": …, "href": "measures.md#measures-4-2"}``."""
    citation = resolve(key)
    return {"text": text or citation.label_zh, "href": citation.doc_link()}


def _date(value: dt.date | None) -> str:
    return ZH("page.date", year=value.year, month=value.month, day=value.day) if value else ""


def source_view(source: Source, date: Callable[[dt.date | None], str] = _date) -> dict[str, Any]:
    """A document's provenance as the pages print it, its dates written by ``date`` (the edition's)."""
    return {
        "title": source.title,
        "issuer": source.issuer,
        "issued": date(source.issued),
        "released": date(source.released),
        "released_note": source.released_note,
        "effective": date(source.effective),
        "url": source.url,
        "checked_on": source.checked_on.isoformat(),
        "verification": source.verification.strip(),
        "confidence": source.confidence,
        "oddities": source.oddities,
        "editorial": source.editorial,
        "warnings": source.warnings,
    }


def measures_view(law: Law) -> dict[str, Any]:
    """The articles with their paragraphs, items and the Q&A answers that are about them."""
    qa_by_article: dict[int, list[dict[str, str]]] = {}
    for question in law.qa.questions:
        for key in question.about:
            parts = key.split("/")
            if parts[0] == "measures":
                links = qa_by_article.setdefault(int(parts[1]), [])
                link = _link(f"qa/{question.number}", f"{cn_numeral(question.number)}、{question.question.zh}")
                if link not in links:
                    links.append(link)
    readings_by_article: dict[int, list[dict[str, str]]] = {}
    for item in law.interpretations:
        for key in item.basis:
            parts = key.split("/")
            if parts[0] == "measures":
                readings = readings_by_article.setdefault(int(parts[1]), [])
                link = _link(f"interpretations/{item.id}", item.title.zh)
                if link not in readings:
                    readings.append(link)
    articles = []
    for article in law.measures.articles:
        n, several = article.number, len(article.paragraphs) > 1
        paragraphs = []
        for p, paragraph in enumerate(article.paragraphs, 1):
            items = tuple(
                _passage(f"measures/{n}/{p}/{i}", f"（{cn_numeral(i)}）", item.text.zh)
                for i, item in enumerate(paragraph.items, 1)
            )
            label = ZH("page.paragraph", number=cn_numeral(p)) if several else ""
            paragraphs.append(_passage(f"measures/{n}/{p}", label, paragraph.text.zh, items))
        articles.append(
            {
                "anchor": resolve(f"measures/{n}").anchor,
                "heading": resolve(f"measures/{n}").label_zh,
                "paragraphs": paragraphs,
                "qa": qa_by_article.get(n, []),
                "readings": readings_by_article.get(n, []),
            }
        )
    return {"measures": law.measures, "articles": articles}


def _level_view(law: Law, n: int, level: GuideLevel) -> dict[str, Any]:
    criteria = tuple(_passage(f"guide/{n}/criterion/{c}", f"{c}.", text.zh) for c, text in enumerate(level.criteria, 1))
    indicators = tuple(
        _passage(
            f"guide/{n}/indicator/{i}",
            f"{i}.",
            indicator.text.zh,
            tuple(
                _passage(f"guide/{n}/indicator/{i}/{s}", f"（{s}）", sub.text.zh)
                for s, sub in enumerate(indicator.sub_items, 1)
            ),
        )
        for i, indicator in enumerate(level.indicators, 1)
    )
    return {
        "anchor": resolve(f"guide/{n}").anchor,
        "heading": f"{cn_numeral(n)}、{level.heading.zh}",
        "description": level.description.zh if level.description else None,
        "criteria_anchor": resolve(f"guide/{n}/criteria").anchor if level.criteria else None,
        "criteria_intro": level.criteria_intro.zh if level.criteria_intro else None,
        "criteria": criteria,
        "indicators_anchor": resolve(f"guide/{n}/indicators").anchor if level.indicators else None,
        "indicators_intro": level.indicators_intro.zh if level.indicators_intro else None,
        "indicators": indicators,
    }


def comparison_rows(law: Law) -> list[dict[str, Any]]:
    """One row per quantity the annex sets thresholds on, one cell per level that sets one.

    Each cell quotes the official phrase, links to the annex row it comes from and, where the
    annex limits the indicator to certain sites or platforms, quotes that scope too — the scopes
    differ between levels and must not be flattened.
    """
    graded = [lv for lv in Level if lv is not Level.GENERAL]
    rows = []
    for fact in law.guide.facts:
        cells: list[dict[str, Any] | None] = []
        for level in graded:
            n = level.number
            found = None
            for i, indicator in enumerate(law.guide.level(n).indicators, 1):
                for threshold in indicator.thresholds:
                    if threshold.fact == fact.id:
                        found = (f"guide/{n}/indicator/{i}", threshold, indicator.scope)
                for s, sub in enumerate(indicator.sub_items, 1):
                    for threshold in sub.thresholds:
                        if threshold.fact == fact.id:
                            found = (f"guide/{n}/indicator/{i}/{s}", threshold, indicator.scope)
            if found:
                key, threshold, scope = found
                cells.append({"link": _link(key, threshold.quote), "scope": scope, "label": resolve(key).label_zh})
            else:
                cells.append(None)
        rows.append({"fact": fact.id, "label": fact.label.zh, "cells": cells})
    return rows


def guide_view(law: Law) -> dict[str, Any]:
    """The annex, level by level, and the comparison table."""
    graded = [lv for lv in Level if lv is not Level.GENERAL]
    return {
        "guide": law.guide,
        "measures": law.measures,
        "levels": [_level_view(law, n, level) for n, level in enumerate(law.guide.levels, 1)],
        "columns": [{"label": LEVEL_ZH[lv], "link": _link(f"guide/{lv.number}", LEVEL_ZH[lv])} for lv in graded],
        "rows": comparison_rows(law),
        "note_anchor": resolve("guide/note").anchor,
        "note_link": _link("guide/note", ZH("page.note")),
        "article4": _link("measures/4/1"),
    }


def qa_view(law: Law) -> dict[str, Any]:
    """The questions, their answers and the passages each one is about."""
    questions = []
    for question in law.qa.questions:
        n = question.number
        questions.append(
            {
                "anchor": resolve(f"qa/{n}").anchor,
                "heading": f"{cn_numeral(n)}、{question.question.zh}",
                "answer": tuple(_passage(f"qa/{n}/{a}", "", text.zh) for a, text in enumerate(question.answer, 1)),
                "about": [_link(key) for key in question.about],
            }
        )
    return {"qa": law.qa, "questions": questions}


def sources_view(law: Law) -> dict[str, Any]:
    """Provenance of each document and the digests that guard the text."""
    return {
        "measures": source_view(law.measures.source),
        "guide": source_view(law.guide.source),
        "qa": source_view(law.qa.source),
        "digests": sorted(digests(law).items()),
    }


def interpretations_view(law: Law) -> dict[str, Any]:
    """The readings the engine makes, each with the passages it reads."""
    return {
        "interpretations": [
            {
                "anchor": resolve(f"interpretations/{item.id}").anchor,
                "title": item.title.zh,
                "title_en": item.title.en or "",
                "text": item.text.zh,
                "text_en": item.text.en or "",
                "basis": [_link(key) for key in item.basis],
            }
            for item in law.interpretations
        ]
    }


def check_view(law: Law) -> dict[str, Any]:
    """The questionnaire page: the app container with the first question pre-rendered."""
    note = ZH.html("page.no_js_check", tables=f'<a href="s/table.html">{escape(ZH("page.all_tables"))}</a>')
    return {
        "app": Markup(plain_pages.app_markup("../", "s/", plain_pages.WHEEL_PLACEHOLDER, note)),
        "files": Markup(incident_list.section("zh", "../", "../" + incident_list.SCHEMA)),
    }


def index_view(law: Law) -> dict[str, Any]:
    """What the home page needs: the text version and where to go."""
    return {"measures": source_view(law.measures.source), "pages": PAGES}


def _without(line: str, words: tuple[str, ...]) -> str:
    """``line`` with each of ``words`` removed (条例 contains 条 but is not the term 条)."""
    for word in words:
        line = line.replace(word, "")
    return line


def glossary_view(law: Law, lang: str = "zh") -> dict[str, Any]:
    """The glossary page in ``lang``: each listed term, our English, others' renderings, first use.

    Terms marked ``listed = false`` are labels of the questionnaire, not terms of the text. Each
    row links to the first passage (in reading order) whose Chinese contains the term.
    """
    # A level's heading line is keyed guide/<n>/heading; its citation key is guide/<n>.
    lines = [(key.removesuffix("/heading"), line) for group in official_lines(law).values() for key, line in group]
    keys = set(all_keys(law))
    terms = []
    for term in load_glossary().terms:
        if not term.listed:
            continue
        found = next(
            (key for key, line in lines if key in keys and term.text.zh in _without(line, term.zh_excludes)), None
        )
        note = term.variants_note
        terms.append(
            {
                "id": term.id,
                "anchor": f"term-{term.id}",
                "zh": term.text.zh,
                "en": term.text.en or "",
                "variants": term.variants,
                "note": (note.en if lang == "en" else note.zh) if note else "",
                "note_zh": note.zh if note else "",
                # Raw HTML (the rows need ids), so the link is written relative to the glossary page.
                "first": {"text": resolve(found).label(lang), "href": resolve(found).url("../")} if found else None,
            }
        )
    return {"lang": lang, "terms": terms}


def _beijing(moment: str) -> str:
    when = dt.datetime.fromisoformat(moment)
    return ZH("page.month_day_time", month=when.month, day=when.day, time=f"{when:%H:%M}")


def _report_line(report: dict[str, Any]) -> dict[str, Any]:
    """One report of an example's result, as the page prints it."""
    minutes = report["within_minutes"]
    if report["due_at"]:
        amount = ZH("page.hours", hours=minutes // 60) if minutes % 60 == 0 else ZH("page.minutes", minutes=minutes)
        when = ZH("page.due_after", due=_beijing(report["due_at"]), amount=amount)
    else:
        when = report["promptness"]["zh"]
    channel = ZH("channel.12387") if report["channel"]["kind"] == "12387" else ZH("page.designated_channel")
    return {
        "to": report["to_label"]["zh"],
        "when": when,
        "channel": channel,
        "conditions": "；".join(c["label"]["zh"] for c in report["conditions"]),
        "basis": _link(report["basis"]),
    }


def examples_view(law: Law) -> dict[str, Any]:
    """典型情形: each scenario of the case file with the engine's result and a link into the questionnaire."""
    import tomllib

    from decision_tree.engine import assess_raw
    from decision_tree.web import fragment_for

    with SCENARIOS.open("rb") as file:
        cases = tomllib.load(file)["case"]
    examples = []
    for case in cases:
        result = assess_raw(case["input"])
        level = ZH("level.unknown") if result["level"] == "unknown" else LEVEL_ZH[Level(result["level"])]
        verdict = ZH({True: "verdict.report", False: "verdict.none", None: "verdict.unknown"}[result["must_report"]])
        bases = dict.fromkeys([case["source"], *result["level_basis"], *(r["basis"] for r in result["reports"])])
        examples.append(
            {
                "anchor": f"example-{case['id']}",
                "title": case["title"],
                "situation": case["situation"],
                "answer": case["answer"],
                "verdict": verdict,
                "level": level,
                "reports": [_report_line(r) for r in result["reports"]],
                "bases": [_link(key) for key in bases],
                # Raw HTML: the fragment is not an anchor mkdocs could check.
                "href": "../check/#" + fragment_for(case["input"]),
            }
        )
    return {"examples": examples}


def other_duties_view(law: Law, lang: str = "zh") -> dict[str, Any]:
    """其他报告义务 / Other reporting duties: every regime with its verification state and date checked
    (one template, other-duties.md.j2, for both editions; every word from duties.toml)."""
    duties = load_duties()
    words = {name: text.get(lang) for name, text in duties.texts.items()}
    rows = []
    for duty in duties.duties:
        if duty.within_minutes:
            deadline = words["within_hours"].format(hours=duty.within_minutes // 60)
        elif duty.timing:
            deadline = duties.timings[duty.timing].label.get(lang)
        else:
            deadline = words["no_timing" if duty.verified == "text" else "unverified_timing"]
        source = (
            words["source_text"].format(
                repository=duties.repository, commit=duties.commit, copy_date=duties.copy_date, path=duty.path
            )
            if duty.verified == "text"
            else (duty.source.get(lang) if duty.source else "")
        )
        rows.append(
            {
                "anchor": resolve(f"duties/{duty.id}").anchor,
                "heading": duty.citation.get(lang),
                "sector": duties.sectors[duty.sector].get(lang) if duty.sector else "",
                "fields": [
                    (words["label_verified"], words[f"verified_{duty.verified}"]),
                    (words["label_checked"], duty.checked_on.isoformat()),
                    (words["label_trigger"], duty.trigger.get(lang)),
                    (words["label_clock"], duties.clocks[duty.clock_starts].label.get(lang)),
                    (words["label_deadline"], deadline),
                    (words["label_to"], duty.to.get(lang)),
                    *([(words["label_channel"], duty.channel.get(lang))] if duty.channel else []),
                    (words["label_instrument"], duty.instrument.get(lang)),
                    (words["label_source"], source),
                    *([(words["label_note"], duty.note.get(lang))] if duty.note else []),
                ],
                "summary": duty.summary.get(lang)[:1].upper() + duty.summary.get(lang)[1:],
                "quote": duty.quote,
                "quote_label": words["label_quote"],
            }
        )
    return {"en": lang == "en", "colon": ": " if lang == "en" else "：", "duties": rows}
