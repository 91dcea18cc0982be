"""What the report must contain (第七条), the ransomware fields and the report draft.

Package room. May import: the standard library, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

from decision_tree.documents import draft_headings
from decision_tree.engine import Result
from decision_tree.load import load_law
from decision_tree.web.texts import escape
from decision_tree.web.view import COPY, View, button, cite


def contents_section(v: View, result: Result) -> str:
    contents = result["contents"]
    if not contents:
        return ""

    def item(entry: Result) -> str:
        text = (
            escape(entry["text"])
            if not v.en
            else f'<span lang="en">{escape(_item_en(entry["basis"]))}</span> <span class="ic-original" lang="zh">'
            f"{escape(entry['text'])}</span>"
        )
        follow = ""
        if entry["basis_may_follow"]:
            basis = cite(v, entry["basis_may_follow"])
            follow = f'<span class="ic-may-follow">{v.t.html("contents.may_follow", basis=basis)}</span>'
        return f"<li>{text}（{cite(v, entry['basis'])}）{follow}</li>"

    ransom = ""
    if contents["ransomware_fields"]:
        fields = "".join(f"<li>{escape(v.t.pick(f['label']))}</li>" for f in contents["ransomware_fields"])
        ransom = f"<p>{v.t.html('contents.ransom', basis=cite(v, 'measures/7/1/2'))}</p><ul>{fields}</ul>"
    gloss = ""
    if v.en:
        # The draft to submit stays Chinese; the English page glosses its headings and adds the
        # English working copy (unofficial) below it.
        rows = "".join(f'<li><span lang="zh">{escape(zh)}</span> — {escape(en)}</li>' for zh, en in draft_headings())
        gloss = f'<p class="ic-hint">{escape(v.t("draft.gloss"))}</p><ul class="ic-gloss">{rows}</ul>'
        if contents.get("draft_en"):
            gloss += (
                f'<label class="ic-field ic-draft-label" for="ic-draft-en"><span>{escape(v.t("draft.label_en"))}'
                f'</span></label><textarea id="ic-draft-en" class="ic-draft" readonly rows="8" lang="en">'
                f"{escape(contents['draft_en'])}</textarea>"
            )
    return (
        '<section class="ic-section" aria-labelledby="ic-contents-title">'
        f'<h3 id="ic-contents-title">{escape(v.t("contents.title"))}</h3>'
        "<p>"
        + v.t.html(
            "contents.lead",
            required=cite(v, contents["required_basis"]),
            reading=cite(v, "interpretations/report-contents"),
            first=cite(v, contents["first_report_basis"]),
        )
        + "</p>"
        f'<ol class="ic-contents-items">{"".join(item(i) for i in contents["items"])}</ol>{ransom}'
        f'<label class="ic-field ic-draft-label" for="ic-draft"><span>{escape(v.t("draft.label"))}</span></label>'
        f'<textarea id="ic-draft" class="ic-draft" readonly rows="12" lang="zh">{escape(contents["draft"])}</textarea>'
        f'<pre class="ic-draft-print" aria-hidden="true" lang="zh">{escape(contents["draft"])}</pre>{gloss}'
        f'<p class="ic-js-only">{button(v.t("draft.copy"), COPY)}'
        '<span class="ic-copied" role="status"></span></p></section>'
    )


def _item_en(key: str) -> str:
    """The unofficial English of an item of 第七条第一款."""
    _, article, paragraph, item = key.split("/")
    return load_law().measures.article(int(article)).paragraphs[int(paragraph) - 1].items[int(item) - 1].text.get("en")
