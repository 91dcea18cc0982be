"""Other reporting duties in the result: one row per regime, earliest due first, and why not.

Package room. May import: the standard library, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.

Each row (``result["other_duties"]``, see the README) shows the trigger, what starts its clock,
the deadline (its due clock time where the text gives hours and a time of discovery is known,
otherwise the text's own word), the recipient and channel, the citation (a link to the 其他报告义务
page), how far it was verified and when, and the quote folded. The regimes that do not apply
follow, folded, one line each saying why. Every word comes from ``duties.toml`` or ``ui.toml``.
"""

from __future__ import annotations

from decision_tree.engine import Result
from decision_tree.load import load_duties
from decision_tree.web.texts import escape
from decision_tree.web.view import View, beijing_time, cite, condition_note, duration_text, link


def _word(v: View, name: str, **values: object) -> str:
    text = load_duties().texts[name].get(v.t.lang)
    return text.format(**values) if values else text


def _deadline(v: View, row: Result) -> str:
    """24 hours → the due clock time (live, with a time of discovery) or the duration; else the word."""
    if row["within_minutes"] is None:
        return escape(v.t.pick(row["timing"]))
    if not row.get("from_discovery", True):  # hours from its own start, not from discovery
        return escape(_word(v, "within_hours", hours=row["within_minutes"] // 60))
    if row["due_at"] and v.mode == "live":
        due = beijing_time(v, row["due_at"])
        return (
            f'<time class="ic-due" datetime="{escape(row["due_at"])}">{escape(_word(v, "due_by", time=due))}</time>'
            f'<span class="ic-countdown" data-due="{escape(row["due_at"])}" aria-live="off"></span>'
        )
    return escape(v.t("duration.after", duration=duration_text(v, row["within_minutes"])))


def _row(v: View, row: Result) -> str:
    duties = load_duties()
    state = _word(v, "may_apply" if row["conditional"] else "applies")
    fields = [
        ("label_trigger", escape(v.t.pick(row["trigger"]))),
        ("label_clock", escape(v.t.pick(row["clock_starts_label"]))),
        ("label_deadline", _deadline(v, row)),
        ("label_to", escape(v.t.pick(row["to"]))),
    ]
    if row["channel"]:
        fields.append(("label_channel", escape(v.t.pick(row["channel"]))))
    colon = ": " if v.en else "："
    items = "".join(f"<li><strong>{escape(_word(v, name))}</strong>{colon}{value}</li>" for name, value in fields)
    verified = duties.texts[f"verified_{row['verified']}"].get(v.t.lang)
    meta = _word(v, "row_meta", verified=verified, checked=row["checked_on"])
    quote = ""
    if row["quote"]:
        lines = "".join(f"<p>{escape(line)}</p>" for line in row["quote"].split("\n"))
        summary = _word(v, "quote_summary", citation=v.t.pick(row["citation"]))
        quote = (
            f'<details class="ic-quote"><summary>{escape(summary)}</summary>'
            f'<blockquote lang="zh">{lines}</blockquote></details>'
        )
    return (
        f'<li class="ic-duty" data-duty="{escape(row["id"])}" data-verified="{escape(row["verified"])}">'
        f'<p><strong class="ic-duty-state">{escape(state)}</strong> {cite(v, row["basis"])}'
        f"{condition_note(v, row)}</p>"
        f"<p>{escape(v.t.pick(row['summary']))}</p>"
        f"<ul>{items}</ul>"
        f'<p class="ic-hint" data-verified="{escape(row["verified"])}">{escape(meta)}</p>{quote}</li>'
    )


def duties_section(v: View, result: Result) -> str:
    """The other duties: rows, then the folded why-not lines, then the link to the page of all of them."""
    rows = result["other_duties"]
    not_applicable = result["not_applicable"]
    if not rows and not not_applicable:
        return ""
    why_not = ""
    if not_applicable:
        lines = "".join(f"<li>{escape(line['en' if v.en else 'zh'])}</li>" for line in not_applicable)
        title = _word(v, "why_not_title", count=len(not_applicable))
        why_not = f'<details class="ic-why-not"><summary>{escape(title)}</summary><ul>{lines}</ul></details>'
    page = link(f"{v.place.root}other-duties/", _word(v, "page_link"))
    return (
        '<section class="ic-section ic-duties" aria-labelledby="ic-duties-title">'
        f'<h3 id="ic-duties-title">{escape(v.t("duties.title"))}</h3>'
        f'<ol class="ic-duty-list">{"".join(_row(v, row) for row in rows)}</ol>'
        f"{why_not}<p>{page}</p></section>"
    )
