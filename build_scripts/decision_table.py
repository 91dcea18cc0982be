"""The decision table: every path of the question tree with its verdict and recipients, one page per
kind of operator (``check/s/table*.html``, written by :mod:`build_scripts.widget`).

Build-time room. May import: the standard library and ``decision_tree``.
"""

from __future__ import annotations

from html import escape

from decision_tree.engine import Result
from decision_tree.rules import load_rules
from decision_tree.tree import outcome, paths
from decision_tree.web import Texts, answer_label, state_key, summary_title

ROUTING_CODES = {True: "y", False: "n", "unknown": "u"}


def _deadline(report: Result, t: Texts) -> str:
    """One recipient and its limit, as the decision table shows it."""
    minutes = report["within_minutes"]
    when = t("table.hours", hours=minutes // 60) if minutes else t.pick(report["promptness"])
    return f"{t.pick(report['to_label'])} {when}" + (t("table.conditional") if report["conditional"] else "")


def decision_tables(lang: str = "zh") -> dict[str, str]:
    """The decision table, one per kind of operator (CII × central organ, 9 in all), each listing
    every path of that kind with its verdict and every recipient; ``table.html`` lists the nine."""
    t = Texts(lang)
    questions = [q for q in load_rules().questions if q.id not in ("involves_cii", "central_state_organ")]
    head = "".join(f'<th scope="col">{escape(summary_title(q.id, lang))}</th>' for q in questions)
    verdicts = {True: "verdict.report", False: "verdict.none", None: "verdict.unknown"}
    kinds: dict[tuple[object, object], list[str]] = {}
    for path in paths():
        result = outcome(path)
        cells = "".join(
            f"<td>{escape(answer_label(q.id, path[q.id], lang)) if q.id in path else '—'}</td>" for q in questions
        )
        reports = "<br>".join(escape(_deadline(r, t)) for r in result["reports"]) or "—"
        link = f'<a href="{state_key(path)}.html">{escape(t(verdicts[result["must_report"]]))}</a>'
        kinds.setdefault((path["involves_cii"], path["central_state_organ"]), []).append(
            f"<tr>{cells}<td>{link}</td><td>{reports}</td></tr>"
        )
    pages: dict[str, str] = {}
    items = []
    for (cii, organ), rows in kinds.items():
        kind = t(
            "table.kind",
            cii=answer_label("involves_cii", cii, lang),
            organ=answer_label("central_state_organ", organ, lang),
        )
        name = f"table-{ROUTING_CODES[cii]}-{ROUTING_CODES[organ]}.html"
        items.append(f'<li><a href="{name}">{escape(kind)}</a>（{len(rows)}）</li>')
        pages[name] = (
            f'<p><a href="table.html">{escape(t("table.back"))}</a></p>'
            f"<h1>{escape(t('table.heading', kind=kind, count=len(rows)))}</h1>"
            '<div class="ic-table-wrap"><table class="ic-table ic-decision-table">'
            f'<thead><tr>{head}<th scope="col">{escape(t("table.result"))}</th>'
            f'<th scope="col">{escape(t("table.reports"))}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    pages["table.html"] = (
        f"<h1>{escape(t('table.title'))}</h1><p>{escape(t('table.lead'))}</p><ul>{''.join(items)}</ul>"
    )
    return pages
