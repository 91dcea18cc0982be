"""The record of the result: every input, the rules version, the time; JSON, calendar and print.

Package room. May import: the standard library, ``decision_tree.web.state``,
``decision_tree.web.texts``, ``decision_tree.web.view``, and the other ``decision_tree`` modules
except ``web`` and ``__main__``.
"""

from __future__ import annotations

from decision_tree.citations import resolve
from decision_tree.engine import Result
from decision_tree.load import load_law
from decision_tree.rules import load_rules
from decision_tree.web.state import number_text, state_key
from decision_tree.web.texts import escape
from decision_tree.web.view import (
    JSON_DOWNLOAD,
    View,
    answer_label,
    button,
    cite,
    clock_html,
    level_label,
    summary_title,
)


def record_section(v: View, result: Result) -> str:
    state = v.state
    source = load_law().measures.source
    answers = "".join(
        f"<li>{escape(summary_title(k, v.t.lang))}{v.t('sep.colon')}{escape(answer_label(k, x, v.t.lang))}</li>"
        for k, x in state.path.items()
        if k != "level"
    )
    how = v.t(f"level.source.{result['level_source']}")
    basis = v.t("sep.list").join(resolve(k).label(v.t.lang) for k in result["level_basis"])
    level_text = v.t(
        "record.level", level=level_label(v, result["level"]), how=how + (v.t("sep.colon") + basis if basis else "")
    )
    answers += f"<li>{escape(level_text)}</li>"
    judged = "".join(f"<li>{escape(v.t('record.judged'))}{cite(v, key)}</li>" for key in state.judgements)
    facts = "".join(
        f"<li>{escape(v.t.pick(load_law().guide.fact(k).label))}{v.t('sep.colon')}{escape(number_text(x))}</li>"
        for k, x in state.facts.items()
    )
    # The kind of site chosen in the helper decides which row of the annex a number meets.
    for key, topic, chosen in (
        ("psk", "portal_unreachable", state.portal_site_kind),
        ("dsk", "defacement", state.defaced_site_kind),
    ):
        for kind in load_rules().site_kinds_for(topic):
            if kind.id == chosen:
                facts += f"<li>{escape(v.t(f'helper.{key}'))}{v.t('sep.colon')}{escape(v.t.pick(kind.label))}</li>"
    if state.ended:
        facts += f"<li>{escape(v.t('follow.ended'))}{v.t('sep.colon')}{escape(state.ended)}</li>"
    # The time is labelled Beijing time, as the field it was entered in says (an offset-less
    # time is read so; the JSON record keeps time_assumed_beijing). Each clock time is a <time>:
    # the page's script adds the reader's own beside it where their zone is not UTC+8.
    discovered_line = (
        v.t.html("record.discovered", time=clock_html(v, result["discovered_at"]))
        if result["discovered_at"]
        else escape(v.t("record.discovered_none"))
    )
    generated = (
        v.t.html("record.generated", time=clock_html(v, v.now)) if v.now else escape(v.t("record.generated_static"))
    )
    version = v.t(
        "record.version",
        rules=result["rules_version"],
        title=v.t.pick(load_law().measures.title),
        issued=str(source.issued),
        effective=str(source.effective),
        checked=result["text_checked_on"],
    )
    # Live, the page's script writes the address in; a static page knows its own at build time.
    own = ""
    if v.mode == "static":
        page = f"{v.place.states}{state_key(state.path)}.html"
        own = f'<a href="{escape(page)}">{escape(page.rsplit("/", 1)[-1])}</a>'
    calendar = (
        button(v.t("record.ics"), 'data-download="ics"') + " "
        if any(r["due_at"] for r in (*result["reports"], *result["other_duties"]))
        else ""
    )
    return (
        '<section class="ic-section ic-record" aria-labelledby="ic-record-title">'
        f'<h3 id="ic-record-title">{escape(v.t("record.title"))}</h3>'
        f"<ul>{answers}{facts}{judged}</ul>"
        f"<p>{discovered_line}</p>"
        f"<p>{escape(version)}</p>"
        f"<p>{generated}</p>"
        f'<p class="ic-record-url">{escape(v.t("record.url"))}<span data-page-url>{own}</span></p>'
        f'<p class="ic-js-only">{button(v.t("record.json"), JSON_DOWNLOAD)} '
        f"{calendar}{button(v.t('record.print'), 'data-print')}</p>"
        f'<p class="ic-hint">{escape(v.t("record.disclaimer"))}</p></section>'
    )
