"""The headline of the result: the verdict, every timed duty with its clock, the level and why.

Package room. May import: the standard library, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

from decision_tree.engine import Result
from decision_tree.web.texts import escape
from decision_tree.web.view import COPY, View, button, cite, cites, clock_html, duration_text, level_label


def headline(v: View, result: Result) -> str:
    level = result["level"]
    basis = cites(v, result["level_basis"]) if result["level_basis"] else ""
    source = v.t(f"level.source.{result['level_source']}")
    if not result["in_force"]:
        verdict, cls = v.t("verdict.none"), "ic-verdict-none"
        why = v.t.html(
            "why.before_in_force",
            article=cite(v, "measures/14/1"),
            reading=cite(v, "interpretations/before-in-force"),
        )
    elif result["must_report"] is True:
        verdict, cls = v.t("verdict.report"), "ic-verdict-report"
        why = v.t.html("why.report", basis=cite(v, "measures/4/1"))
    elif result["must_report"] is False:
        verdict, cls = v.t("verdict.none"), "ic-verdict-none"
        why = v.t.html("why.general", basis=cite(v, "measures/4/1"))
    else:
        verdict, cls = v.t("verdict.unknown"), "ic-verdict-unknown"
        why = v.t.html("why.unknown", reading=cite(v, "interpretations/unknown-level"))
    level_line = v.t.html(
        "level.line",
        level=f"<strong>{escape(level_label(v, level))}</strong>",
        source=escape(source) + (v.t("sep.colon") + basis if basis else ""),
    )
    return (
        f'<div class="ic-headline {cls}"><p class="ic-verdict">{escape(verdict)}</p>'
        f"{_next_step(v, result)}"
        f"{_actions(v, result)}"
        f'<p class="ic-level">{level_line}</p><p class="ic-why">{why}</p>{_bottom_line(v, result)}'
        f"{_secret_warning(v, result)}</div>"
    )


def _bottom_line(v: View, result: Result) -> str:
    """With the level still open (S5: nothing known yet), the safest course in one line: prepare for
    the earliest deadline listed, and report items 1–2 first if the rest cannot be determined in time."""
    if result["must_report"] is not None or not result["in_force"]:
        return ""
    timed = [r for r in result["reports"] if r["within_minutes"] is not None]
    if not timed:
        return ""
    first = min(timed, key=lambda r: r["within_minutes"])
    if first["due_at"] and v.mode == "live":
        due = clock_html(v, first["due_at"])
    else:
        due = escape(v.t("duration.after", duration=duration_text(v, first["within_minutes"])))
    title = f"<strong>{escape(v.t('bottom.title'))}</strong>"
    line = v.t.html("bottom.unknown", title=title, due=due, basis=cite(v, "measures/7/2"))
    return f'<p class="ic-bottom-line">{line}</p>'


def _actions(v: View, result: Result) -> str:
    """Copy the report draft, or the link to this result, right under the deadlines (live only:
    the page's script copies; the draft itself is further down, with its gloss)."""
    if v.mode != "live" or not result["reports"]:
        return ""
    return (
        f'<p class="ic-actions ic-js-only">{button(v.t("draft.copy"), COPY)} '
        f"{button(v.t('result.copy_link'), 'data-copy-link')}"
        '<span class="ic-copied" role="status"></span></p>'
    )


def _promptness_word(v: View, report: Result) -> str:
    """第一时间 or 及时: the text's own word before the hour limit (interpretation "promptness"),
    named by the rule's ``promptness_word`` in rules.toml."""
    return v.t(f"word.{report['promptness_word']}")


def _channel_phrase(v: View, report: Result) -> str:
    if report["channel"]["kind"] == "12387":
        return v.t("channel.via_12387")
    return v.t("channel.via_designated", to=v.t.pick(report["to_label"]))


def _next_step(v: View, result: Result) -> str:
    """Every timed duty at the top, one line per deadline: definite ones first, then those that
    may apply, each with its condition, recipients and channel."""
    timed = [r for r in result["reports"] if r["within_minutes"] is not None]
    untimed = [r for r in result["reports"] if r["within_minutes"] is None and not r["conditional"]]
    # Other duties with an hour limit that runs from discovery (the 24-hour police clocks); not
    # 网络数据安全管理条例 第十条's product-vulnerability hours, which are no incident deadline.
    clocks = [r for r in result["other_duties"] if r["within_minutes"] is not None and r.get("from_discovery", True)]
    if not timed and not untimed and not clocks:
        return ""
    groups: dict[tuple[bool, int, str], list[Result]] = {}
    for report in sorted(timed, key=lambda r: (r["conditional"], r["within_minutes"])):
        conditions = v.t("sep.clauses").join(v.t.pick(c["label"]) for c in report["conditions"])
        groups.setdefault((report["conditional"], report["within_minutes"], conditions), []).append(report)
    lines = []
    for (conditional, minutes, conditions), reports in groups.items():
        who = v.t("sep.list").join(dict.fromkeys(v.t.pick(r["to_label"]) for r in reports))
        word = _promptness_word(v, reports[0])
        due = reports[0]["due_at"]
        if due and v.mode == "live":
            when = v.t.html("next.due", word=escape(word), due=f"<strong>{clock_html(v, due)}</strong>")
            countdown = f' <span class="ic-countdown" data-due="{escape(due)}"></span>'
        else:
            duration = f"<strong>{escape(v.t('duration.after', duration=duration_text(v, minutes)))}</strong>"
            when = v.t.html("next.within", word=escape(word), due=duration)
            countdown = f' <span class="ic-pending">{escape(v.t("time.pending"))}</span>' if v.mode == "live" else ""
        channel = v.t("sep.clauses").join(dict.fromkeys(_channel_phrase(v, r) for r in reports))
        prefix = (
            f'<span class="ic-condition">{escape(v.t("next.condition", conditions=conditions))}</span>'
            if conditional
            else ""
        )
        cls = "ic-next ic-next-conditional" if conditional else "ic-next"
        # The countdown right after the deadline it counts down to (before the channel): on a
        # phone it stays on the first screen.
        line = v.t.html(
            "next.line", who=f"<strong>{escape(who)}</strong>", when=when + countdown, channel=escape(channel)
        )
        lines.append(f'<li class="{cls}">{prefix}{line}</li>')
    # After the Measures' deadlines (at most 4 hours), the longer clocks of other laws: 24 hours.
    lines += [_duty_line(v, r) for r in sorted(clocks, key=lambda r: (r["within_minutes"], r["conditional"]))]
    for report in untimed:
        line = v.t.html(
            "next.untimed",
            who=f"<strong>{escape(v.t.pick(report['to_label']))}</strong>",
            promptness=escape(v.t.pick(report["promptness"])),
        )
        lines.append(f'<li class="ic-next">{line}</li>')
    return f'<ul class="ic-next-list">{"".join(lines)}</ul>'


def _duty_line(v: View, row: Result) -> str:
    """One other duty with an hour limit: its citation, recipient and due time (or duration)."""
    citation = cite(v, row["basis"])
    to = f"<strong>{escape(v.t.pick(row['to']))}</strong>"
    if row["due_at"] and v.mode == "live":
        due = f"<strong>{clock_html(v, row['due_at'])}</strong>"
        line = v.t.html("next.duty_due", citation=citation, to=to, due=due)
        line += f' <span class="ic-countdown" data-due="{escape(row["due_at"])}"></span>'
    else:
        duration = f"<strong>{escape(v.t('duration.after', duration=duration_text(v, row['within_minutes'])))}</strong>"
        line = v.t.html("next.duty_within", citation=citation, to=to, due=duration)
    condition = v.t.pick(row["conditions"][0]["label"]) if row["conditional"] else ""
    prefix = (
        f'<span class="ic-condition">{escape(v.t("next.condition", conditions=condition))}</span>' if condition else ""
    )
    cls = "ic-next ic-next-duty ic-next-conditional" if row["conditional"] else "ic-next ic-next-duty"
    return f'<li class="{cls}" data-duty="{escape(row["id"])}">{prefix}{line}</li>'


def contact_line(v: View) -> str:
    if not v.state.contact:
        return ""
    return f'<p class="ic-contact">{v.t.html("contact", contact=f"<strong>{escape(v.state.contact)}</strong>")}</p>'


def _secret_warning(v: View, result: Result) -> str:
    if not any(f["id"] == "state_secret" for f in result["follow_ups"]):
        return ""
    return f'<p class="ic-secret">{v.t.html("secret", basis=cite(v, "measures/13/1"))}</p>'
