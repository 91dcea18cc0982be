"""What follows the first report (补报, new developments, the summary report) and the notes.

Package room. May import: the standard library, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

from decision_tree.engine import Result
from decision_tree.web.texts import escape
from decision_tree.web.view import View, cite, cited_items, entries_section


def notes_section(v: View, result: Result) -> str:
    """The notes, folded on screen (there are many) and printed in full."""
    return (
        '<section class="ic-section" aria-labelledby="ic-notes-title"><details class="ic-notes">'
        f'<summary><h3 id="ic-notes-title">{escape(v.t("notes.title", count=len(result["notes"])))}</h3></summary>'
        f"<ul>{cited_items(v, result['notes'])}</ul></details></section>"
    )


def follow_ups_section(v: View, result: Result) -> str:
    extra = ""
    summary = next((f for f in result["follow_ups"] if f["id"] == "summary_report"), None)
    if summary and summary.get("due_on"):
        due = f"<strong>{escape(summary['due_on'])}</strong>"
        reading = cite(v, "interpretations/summary-30-days")
        extra += f'<p class="ic-summary-due">{v.t.html("follow.summary_due", due=due, reading=reading)}</p>'
    if summary and v.mode == "live":
        extra += (
            f'<form class="ic-ended-form"><label class="ic-field"><span>{escape(v.t("follow.ended"))}</span>'
            f'<input type="date" name="ended"></label><button type="submit" class="ic-button">'
            f"{escape(v.t('follow.compute'))}</button></form>"
        )
    return entries_section(v, v.t("follow.title"), "ic-follow-title", result["follow_ups"], extra)
