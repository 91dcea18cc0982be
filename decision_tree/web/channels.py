"""The channels of 第九条 (the six 12387 channels of the cyberspace administrations) for the
recipients that use them.

Package room. May import: the standard library, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

from decision_tree.engine import Result
from decision_tree.web.texts import escape
from decision_tree.web.view import View, cite, cites, strong


def channels_section(v: View, result: Result) -> str:
    if not result["channels"]:
        return ""
    reading = cite(v, "interpretations/channels")
    if not any(r["channel"]["kind"] == "12387" for r in result["reports"]):
        return (
            '<section class="ic-section" aria-labelledby="ic-channels-title">'
            f'<h3 id="ic-channels-title">{escape(v.t("channels.title_none"))}</h3>'
            f"<p>{v.t.html('channels.none', reading=reading)}</p></section>"
        )
    items = "".join(
        f"<li><strong>{escape(c['value'])}</strong> — {escape(v.t.pick(c['label']))}"
        f'<span class="ic-needs">{escape(v.t("channels.needs", needs=v.t.pick(c["needs"])))}'
        f"{escape(v.t('channels.offline')) if c['works_without_own_network'] else ''}</span></li>"
        for c in result["channels"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-channels-title">'
        f'<h3 id="ic-channels-title">{escape(v.t("channels.title"))}</h3>'
        f"<p>{v.t.html('channels.caveat', warning=strong(v.t('channels.warning')), reading=reading)}</p>"
        f'<ul class="ic-channels">{items}</ul>'
        f'<p class="ic-basis">{escape(v.t("basis"))}{cites(v, ["qa/6/1", "measures/9/1", "interpretations/channels"])}'
        "</p></section>"
    )
