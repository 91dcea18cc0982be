"""The list of incident files: the check pages' section that holds it (built into the page), the
note on the embedded widget, a file's row in the list, and what an import merged into it.

Package room. May import: the standard library, ``decision_tree.incident_duties``,
``decision_tree.web.incident_parts`` and ``decision_tree.web.texts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision_tree import incident_duties
from decision_tree.web.incident_parts import button, time, title
from decision_tree.web.texts import Texts, escape, script_words

SCHEMA = "schema/incident.schema.json"  # from the site root (build_scripts.widget.copy_schema)


def section(lang: str = "zh", root: str = "../", schema: str = SCHEMA) -> str:
    """The check page's file section: what it is, privacy, the list, import, the open file's place.

    ``root`` leads from the page to its edition's root (citations); ``schema`` to the published
    JSON Schema of the file format.
    """
    t = Texts(lang)
    return (
        f'<section class="if" data-incident-files data-lang="{t.lang}" data-root="{escape(root)}"'
        f" data-texts='{escape(script_words('incident.js.'), quote=True)}' aria-labelledby=\"if-title\">"
        f'<h2 id="if-title">{escape(t("incident.title"))}</h2>'
        f"<p>{escape(t('incident.lead'))}</p>"
        f'<p class="if-privacy">{escape(t("incident.privacy"))}</p>'
        f'<p class="if-privacy">{escape(t("incident.shared"))}</p>'
        '<p class="if-status" role="status" aria-live="polite"></p>'
        '<div class="if-file" hidden></div>'
        '<div class="if-files">'
        f'<h3 id="if-list-title">{escape(t("incident.list_title"))}</h3>'
        f'<p class="if-empty">{escape(t("incident.empty"))}</p>'
        '<ul class="if-list" aria-labelledby="if-list-title"></ul>'
        f'<p class="if-import"><label>{escape(t("incident.import"))} '
        '<input type="file" class="if-import-input" accept=".json,application/json"></label></p>'
        '<p class="if-import-error" role="alert" hidden></p>'
        f'<p class="ic-hint"><a href="{escape(schema)}" type="application/schema+json">'
        f"{escape(t('incident.schema'))}</a></p>"
        "</div>"
        f'<noscript><p class="ic-hint">{escape(t("incident.no_js"))}</p></noscript>'
        "</section>"
    )


def embed_note(check: str = "../check/", check_en: str = "../en/check/") -> str:
    """On the embedded widget (both languages): files are kept on the full site; its script points
    the link at the result shown and keeps the sentence of the widget's language."""
    sentences = "".join(
        f'<span lang="{lang}"{" hidden" if lang == "en" else ""}>{escape(Texts(lang)("incident.offer.embedded"))}'
        f'<a href="{escape(page)}" target="_blank" rel="noopener">'
        f"{escape(Texts(lang)('incident.offer.embedded_link'))}</a></span>"
        for lang, page in (("zh", check), ("en", check_en))
    )
    return (
        f'<p class="ic-hint if-embed" data-incident-files data-mode="link" data-check="{escape(check)}"'
        f' data-check-en="{escape(check_en)}">{sentences}</p>'
    )


def row(file: Mapping[str, Any], state: Mapping[str, Any], t: Texts) -> str:
    """The file's line in the list of files: its title (opens it), counts of duties by state, delete."""
    counts = state.get("counts") or {}
    file_id = str(file.get("id"))
    name = title(file, state, t)
    by_state = {s: counts.get(s, 0) for s in incident_duties.STATES}
    return (
        f'<a href="?file={escape(file_id)}" data-if-action="open" data-id="{escape(file_id)}">{escape(name)}</a> '
        f'<span class="if-row-counts">{escape(t("incident.row.counts", **by_state))}</span> '
        f'<span class="if-row-created">{escape(t("incident.row.created", time=time(file.get("created_at"))))}</span> '
        f"{button(t('incident.delete'), 'delete', id=file_id, title=name)}"
    )


def merged_text(stored: Mapping[str, Any], merged: Mapping[str, Any], t: Texts) -> str:
    """What an import merged into the stored copy of the same file: how many entries it added."""
    added = len(merged["events"]) - len(stored["events"])
    return t("incident.merged", count=added) if added else t("incident.merged_none")
