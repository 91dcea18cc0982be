"""The built site: every passage verbatim under its own anchor, and nothing from a third party."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from decision_tree.citations import PAGES, all_keys, resolve
from decision_tree.model import Law

pytestmark = pytest.mark.site


class _Page(HTMLParser):
    """Collects, for each element with an id, the text inside it; and every external reference."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for attribute in ("src", "srcset", "data", "poster", "action", "formaction"):
            if values.get(attribute):
                self.references.append((tag, attribute, values[attribute] or ""))
        if tag == "link" and values.get("href"):
            self.references.append((tag, f"href rel={values.get('rel')}", values["href"] or ""))
        if values.get("style"):
            self.inline_styles.append(values["style"] or "")
        self._in_style = tag == "style"
        if tag in self.VOID:
            return
        element_id = values.get("id")
        if element_id is not None:
            self.text_by_id[element_id] = ""
        self._open.append((tag, element_id))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_styles.append(data)
        for _, element_id in self._open:
            if element_id is not None:
                self.text_by_id[element_id] += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _page_of(site: Path, key: str) -> Path:
    return site / PAGES[resolve(key).document] / "index.html"


def test_every_passage_is_published_verbatim_under_its_anchor(law: Law, built_site: Path) -> None:
    """Each paragraph, item, annex row and answer appears exactly, inside the element with its id."""
    from decision_tree.integrity import official_lines

    pages = {name: _parse(built_site / PAGES[name] / "index.html") for name in PAGES}
    checked = 0
    keys = set(all_keys(law))
    for lines in official_lines(law).values():
        for key, line in lines:
            if key not in keys or key in ("guide",) or re.fullmatch(r"guide/\d", key):
                continue  # structural lines, and level headings (checked as headings below)
            text = _strip_numbering(key, line)
            # 情形 / 通常情况下: the anchor is on the heading; the intro sentence follows it.
            anchor = resolve(key).anchor + ("-intro" if key.endswith(("/criteria", "/indicators")) else "")
            found = pages[resolve(key).document].text_by_id.get(anchor)
            assert found is not None, f"no element with id {anchor}"
            assert text in found, f"{key}: published text differs from the official text"
            checked += 1
    # 25 paragraphs + 8 items; 3 levels × 17 annex rows + 注; 7 questions + 17 answer paragraphs
    assert 33 + 52 + 24 == checked


def _strip_numbering(key: str, line: str) -> str:
    """The numbering (第四条 , （一）, 1., （1）, 一、) is rendered as a permalink label."""
    if key.endswith(("/criteria", "/indicators")):
        return line
    return re.sub(
        r"^(第[一二三四五六七八九十]+条 |（[一二三四五六七八九十]+）|\d+\.|（\d+）|[一二三四五六七八九十]+、)",
        "",
        line,
    )


def test_level_headings_and_the_general_level_are_published(law: Law, built_site: Path) -> None:
    """Each level's heading carries its anchor; 一般's description is on the page."""
    page = _parse(built_site / "guide" / "index.html")
    for n, level in enumerate(law.guide.levels, 1):
        assert level.heading.zh in page.text_by_id[f"guide-{n}"]
    description = law.guide.level(4).description
    assert description is not None
    assert description.zh in (built_site / "guide" / "index.html").read_text(encoding="utf-8")


def test_every_citation_key_has_an_anchor_on_its_page(law: Law, built_site: Path) -> None:
    """All citable passages — articles, paragraphs, items, annex rows, questions — are linkable."""
    missing = [key for key in all_keys(law) if resolve(key).anchor not in _parse(_page_of(built_site, key)).text_by_id]
    assert [] == missing


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.IGNORECASE)


def _external_css(css: str) -> list[str]:
    return [u for m in _CSS_URL.finditer(css) for u in m.groups() if u and _EXTERNAL.match(u)]


def test_no_page_references_a_third_party_resource(built_site: Path) -> None:
    """No script, stylesheet, font, image, iframe, preconnect, @import or url() points off-site."""
    offenders = []
    html_files = sorted(built_site.rglob("*.html"))
    assert len(html_files) >= 6
    for path in html_files:
        page = _parse(path)
        for tag, attribute, value in page.references:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
            offenders += [
                f"{path.relative_to(built_site)}: <{tag} {attribute}={u}>" for u in urls if _EXTERNAL.match(u)
            ]
        for css in page.inline_styles:
            offenders += [f"{path.relative_to(built_site)}: inline style {u}" for u in _external_css(css)]
    for path in sorted(built_site.rglob("*.css")):
        offenders += [f"{path.relative_to(built_site)}: {u}" for u in _external_css(path.read_text(encoding="utf-8"))]
    assert [] == offenders


def test_the_scan_catches_an_external_font(tmp_path: Path) -> None:
    """The scan above would fail on a Google Fonts link or a CDN url() (it can fail)."""
    page = _Page()
    page.feed('<link rel="preconnect" href="https://fonts.gstatic.com"><img srcset="a.png 1x, //cdn.example/b.png 2x">')
    assert 2 == sum(1 for _, _, v in page.references for u in v.split(",") if _EXTERNAL.match(u.strip()))
    assert ["https://x.example/f.woff2"] == _external_css("@font-face{src:url('https://x.example/f.woff2')}")
    assert ["//x.example/a.css"] == _external_css('@import "//x.example/a.css";')
    assert [] == _external_css("a{background:url(../img/a.svg)} b{background:url(data:image/png;base64,xx)}")


def test_no_generator_link_or_repository_widget(built_site: Path) -> None:
    """No "Made with Material" link and no repository widget (it would call a public API)."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "squidfunk" not in home and "md-source" not in home


def test_search_index_keeps_legal_terms_whole(built_site: Path) -> None:
    """jieba with the user dictionary keeps 关键信息基础设施 and 勒索软件 as single words."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"]
    words = {word for doc in index["docs"] for word in re.split(r"[\u200b\s，。；：、（）“”《》]+", doc["text"])}
    assert {"关键信息基础设施", "勒索软件", "个人信息", "网络运营者"} <= words
