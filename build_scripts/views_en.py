"""The English edition's page views (``docs-en/``): the English beside the official Chinese, same anchors.

Build-time room. May import: the standard library, markupsafe, ``decision_tree``,
``build_scripts.views`` (the Chinese views these build on) and ``build_scripts.plain_pages``.
:mod:`build_scripts.generate` renders them, from its table of pages × languages.

Every text page shows, for each paragraph, item, annex row and answer, the unofficial English
(where the data has it) and the official Chinese beside it, under the same anchor as on the
Chinese page, so that ``en/measures/#measures-4-2`` and ``measures/#measures-4-2`` are the same
paragraph. Where the data has no English yet, the block says so and shows the Chinese. Every
page carries the "unofficial translation" banner and every block its own small label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from build_scripts import plain_pages, views
from decision_tree.citations import LEVEL_EN, LEVEL_ZH, resolve
from decision_tree.integrity import digests
from decision_tree.model import Law, Level, Text
from decision_tree.web import Texts, escape, incident_list

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Bi:
    """One passage as the English edition prints it: English and official Chinese, one anchor."""

    anchor: str | None
    label_en: str  # visible permalink text: "Para. 2", "(1)", "1." …
    label_zh: str  # the Chinese edition's label: 第二款, （一）, 1. …
    title_en: str  # the full citation label, for the permalink's tooltip and screen readers
    title_zh: str
    en: str | None  # None while the data has no English for this passage
    zh: str
    children: tuple[Bi, ...] = ()


def english_of(law: Law, key: str) -> Text | None:
    """The text (Chinese and, where present, English) of the passage named by ``key``."""
    document, *parts = key.split("/")
    if document == "measures" and len(parts) >= 2:
        paragraph = law.measures.article(int(parts[0])).paragraphs[int(parts[1]) - 1]
        return paragraph.items[int(parts[2]) - 1].text if len(parts) == 3 else paragraph.text
    if document == "guide" and parts == ["note"]:
        return law.guide.note
    if document == "guide" and len(parts) >= 2:
        level = law.guide.level(int(parts[0]))
        kind, rest = parts[1], parts[2:]
        if kind == "criteria":
            return level.criteria_intro
        if kind == "indicators":
            return level.indicators_intro
        if kind == "criterion":
            return level.criteria[int(rest[0]) - 1]
        if kind == "indicator":
            indicator = level.indicators[int(rest[0]) - 1]
            return indicator.sub_items[int(rest[1]) - 1].text if len(rest) == 2 else indicator.text
    if document == "qa" and len(parts) == 2:
        return law.qa.question(int(parts[0])).answer[int(parts[1]) - 1]
    return None


def _label_en(key: str, label_zh: str) -> str:
    """The English permalink text for a passage whose Chinese label is ``label_zh``."""
    last = key.rsplit("/", 1)[-1]
    if not label_zh:
        return ""
    if key.startswith("measures/"):
        return f"({last})" if key.count("/") == 3 else f"Para. {last}"
    if label_zh.endswith("."):
        return f"{last}."
    return f"({last})"


def bi(law: Law, key: str, label_zh: str = "", children: tuple[Bi, ...] = (), anchor: str | None = None) -> Bi:
    """The bilingual block for the passage ``key`` (its anchor is the key's, unless given)."""
    citation = resolve(key, law)
    text = english_of(law, key)
    if text is None:
        raise KeyError(f"{key} is not a passage with text")
    return Bi(
        anchor=anchor or citation.anchor,
        label_en=_label_en(key, label_zh),
        label_zh=label_zh,
        title_en=citation.label_en,
        title_zh=citation.label_zh,
        en=text.en,
        zh=text.zh,
        children=children,
    )


def _from_passage(law: Law, passage: views.Passage) -> Bi:
    """Turn a Chinese page's passage into a bilingual block (same anchor, same children)."""
    key = passage.anchor.replace("-", "/")  # measures, guide and qa keys contain no "-"
    children = tuple(_from_passage(law, child) for child in passage.children)
    return bi(law, key, passage.label, children)


def _plain(text: Text | None) -> Bi | None:
    """A bilingual block without an anchor, for editorial-free lines such as the Q&A's lead."""
    if text is None:
        return None
    return Bi(None, "", "", "", "", text.en, text.zh)


def _link_en(key: str, text: str | None = None) -> dict[str, str]:
    citation = resolve(key)
    return {"text": text or citation.label_en, "href": citation.doc_link()}


def _date_en(value: dt.date | None) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else ""


def _en(text: Text | None) -> str:
    """English where the data has it, else the Chinese (for titles and headings)."""
    if text is None:
        return ""
    return text.en or text.zh


def measures_view(law: Law) -> dict[str, Any]:
    """The articles, each paragraph and item in English beside the Chinese."""
    zh = views.measures_view(law)
    articles = []
    for article, view in zip(law.measures.articles, zh["articles"], strict=True):
        articles.append(
            {
                "anchor": view["anchor"],
                "heading": f"Article {article.number} · {view['heading']}",
                "paragraphs": [_from_passage(law, p) for p in view["paragraphs"]],
                "qa": [
                    _link_en(f"qa/{q.number}", f"Q{q.number}. {_en(q.question)}")
                    for q in law.qa.questions
                    if any(k.split("/")[:2] == ["measures", str(article.number)] for k in q.about)
                ],
                "readings": [
                    _link_en(f"interpretations/{item.id}", _en(item.title))
                    for item in law.interpretations
                    if any(k.split("/")[:2] == ["measures", str(article.number)] for k in item.basis)
                ],
            }
        )
    return {
        "title": _en(law.measures.title),
        "title_zh": law.measures.title.zh,
        "date_line": _plain(law.measures.date_line),
        "source": law.measures.source,
        "issued": _date_en(law.measures.source.issued),
        "effective": _date_en(law.measures.source.effective),
        "articles": articles,
        "guide_title": _en(law.guide.title),
        "guide_title_zh": law.guide.title.zh,
    }


_UNITS = {"people": "people", "yuan": "yuan", "percent": "%", "shares": "shares", "views": "views or clicks"}


def amount_en(fact: str, at_least: int) -> str:
    """An annex threshold in English from its structured number: ``1,000,000 people or above``.

    "以上" is inclusive (annex 注), rendered "or above" as the glossary says.
    """
    unit = fact.rsplit("_", 1)[-1]
    if unit == "minutes":
        hours, minutes = divmod(at_least, 60)
        amount = (f"{hours} hour" + ("s" if hours != 1 else "")) if not minutes else f"{at_least} minutes"
    elif unit == "percent":
        amount = f"{at_least}%"
    else:
        amount = f"{at_least:,} {_UNITS.get(unit, '')}".strip()
    return f"{amount} or above"


def guide_view(law: Law) -> dict[str, Any]:
    """The annex level by level, each row in English beside the Chinese, and the comparison table."""
    zh = views.guide_view(law)
    levels = []
    for n, (level, view) in enumerate(zip(law.guide.levels, zh["levels"], strict=True), 1):
        levels.append(
            {
                "anchor": view["anchor"],
                "heading": f"{_roman(n)}. {_en(level.heading)}",
                "heading_zh": view["heading"],
                "description": _plain(level.description),
                "criteria_anchor": view["criteria_anchor"],
                "criteria_intro": bi(law, f"guide/{n}/criteria", anchor=f"{view['criteria_anchor']}-intro")
                if level.criteria
                else None,
                "criteria": [_from_passage(law, c) for c in view["criteria"]],
                "indicators_anchor": view["indicators_anchor"],
                "indicators_intro": bi(law, f"guide/{n}/indicators", anchor=f"{view['indicators_anchor']}-intro")
                if level.indicators
                else None,
                "indicators": [_from_passage(law, i) for i in view["indicators"]],
            }
        )
    rows = []
    for row, fact in zip(views.comparison_rows(law), law.guide.facts, strict=True):
        cells: list[dict[str, Any] | None] = []
        for cell in row["cells"]:
            if cell is None:
                cells.append(None)
                continue
            key = cell["link"]["href"].split("#", 1)[1].replace("-", "/")
            quote = cell["link"]["text"]
            threshold = next(
                t
                for t in _thresholds_of(law, key)
                if t.quote == quote  # the cell quotes exactly this threshold
            )
            cells.append(
                {
                    "text": amount_en(threshold.fact, threshold.at_least),
                    "quote": quote,
                    "href": cell["link"]["href"],
                    "title": resolve(key).label_en,
                    "scope": cell["scope"],
                }
            )
        rows.append({"label": _en(fact.label), "label_zh": fact.label.zh, "cells": cells})
    graded = [lv for lv in Level if lv is not Level.GENERAL]
    return {
        "title": _en(law.guide.title),
        "title_zh": law.guide.title.zh,
        "measures_title": _en(law.measures.title),
        "levels": levels,
        "note": bi(law, "guide/note"),
        "columns": [
            {"label": f"{LEVEL_EN[lv]} · {LEVEL_ZH[lv]}", "href": resolve(f"guide/{lv.number}").doc_link()}
            for lv in graded
        ],
        "rows": rows,
    }


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV"][n - 1]


def _thresholds_of(law: Law, key: str) -> tuple[Any, ...]:
    parts = key.split("/")
    indicator = law.guide.level(int(parts[1])).indicators[int(parts[3]) - 1]
    return indicator.sub_items[int(parts[4]) - 1].thresholds if len(parts) == 5 else indicator.thresholds


def qa_view(law: Law) -> dict[str, Any]:
    """The questions and answers, each answer paragraph in English beside the Chinese."""
    zh = views.qa_view(law)
    questions = []
    for question, view in zip(law.qa.questions, zh["questions"], strict=True):
        n = question.number
        questions.append(
            {
                "anchor": view["anchor"],
                "heading": f"{n}. {_en(question.question)}",
                "heading_zh": view["heading"],
                "answer": [_from_passage(law, p) for p in view["answer"]],
                "about": [_link_en(key) for key in question.about],
            }
        )
    return {
        "title": _en(law.qa.title),
        "title_zh": law.qa.title.zh,
        "lead": _plain(law.qa.lead),
        "questions": questions,
    }


def interpretations_view(law: Law) -> dict[str, Any]:
    """The project's readings: English (they were written with it) beside the Chinese."""
    return {
        "interpretations": [
            {
                "anchor": resolve(f"interpretations/{item.id}").anchor,
                "title": _en(item.title),
                "title_zh": item.title.zh,
                "text": Bi(None, "", "", "", "", item.text.en, item.text.zh),
                "basis": [_link_en(key) for key in item.basis],
            }
            for item in law.interpretations
        ]
    }


def sources_view(law: Law) -> dict[str, Any]:
    """Provenance of each document, in English, with the Chinese details and the digests."""
    return {
        "measures": views.source_view(law.measures.source, _date_en),
        "qa": views.source_view(law.qa.source, _date_en),
        "measures_title": _en(law.measures.title),
        "qa_title": _en(law.qa.title),
        "digests": sorted(digests(law).items()),
    }


def index_view(law: Law) -> dict[str, Any]:
    """The home page: the text's version and where to go."""
    return {
        "measures": views.source_view(law.measures.source, _date_en),
        "title": _en(law.measures.title),
        "guide_title": _en(law.guide.title),
        "cite": {key.replace("/", "_"): _link_en(key) for key in _HOME_CITES},
    }


_HOME_CITES = (
    "measures/4/1",
    "measures/4/2",
    "measures/4/3",
    "measures/4/4",
    "measures/4/5",
    "measures/4/6",
    "measures/7/1",
    "measures/7/2",
    "measures/8/1",
    "measures/9/1",
    "qa/6",
    "guide/note",
)


def glossary_view(law: Law) -> dict[str, Any]:
    """The glossary, English edition (the template serves both editions)."""
    return views.glossary_view(law, "en")


def examples_view(law: Law) -> dict[str, Any]:
    """The worked examples: each case's English name over the Chinese page's text, same anchors.

    The scenarios are written in Chinese (tests/package/cases/scenarios.toml); until they have
    English, the English page gives each case's English ``name`` and the Chinese beside it.
    """
    import tomllib

    with views.SCENARIOS.open("rb") as file:
        names = [case["name"] for case in tomllib.load(file)["case"]]
    examples = views.examples_view(law)["examples"]
    return {
        "examples": [
            {
                "anchor": example["anchor"],
                "name": name,
                "title": example["title"],
                "situation": example["situation"],
                "answer": example["answer"],
                "href": "../" + example["href"],  # one level deeper than the Chinese page
            }
            for name, example in zip(names, examples, strict=True)
        ]
    }


def check_view(law: Law) -> dict[str, Any]:
    """The English questionnaire: the app container in English, its first question pre-rendered.

    Its static pages are the English edition's (``en/check/s/``, written after the build by
    :func:`build_scripts.widget.write_english`); Pyodide, the worker and the wheel are the site's.
    """
    t = Texts("en")
    note = t.html(
        "page.no_js",
        static=f'<a href="s/start.html">{escape(t("page.static_link"))}</a>',
        tables=f'<a href="s/table.html">{escape(t("page.tables_link"))}</a>',
    )
    app = plain_pages.app_markup("../", "s/", plain_pages.WHEEL_PLACEHOLDER, note, assets="../../", lang="en")
    files = incident_list.section("en", "../", "../../" + incident_list.SCHEMA)
    return {"app": Markup(app), "files": Markup(files)}


def plain_view(law: Law) -> dict[str, Any]:
    """Pages whose text is all in the template (the questionnaire and intranet pages)."""
    return {}


def other_duties_view(law: Law) -> dict[str, Any]:
    """Other reporting duties, in English: the same view and template as the Chinese page."""
    return views.other_duties_view(law, "en")
