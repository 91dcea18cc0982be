"""The English edition (site/en/): a page for every Chinese page, the same anchors, labelled unofficial,
the official Chinese beside each passage, a language switch that keeps the page, English search."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from build_scripts import generate, views_en
from build_scripts.mkdocs_hooks_en import durations
from decision_tree.citations import PAGES, all_keys, resolve
from decision_tree.integrity import official_lines
from decision_tree.load import load_glossary
from decision_tree.model import Law

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent.parent
UNOFFICIAL = "Unofficial translation"
ID = re.compile(r"""\sid="([^"]+)\"""")


def _nav_files(config: str) -> list[str]:
    """The Markdown files of a config's navigation (a flat list of ``- title: file.md``), in order."""
    text = (ROOT / config).read_text(encoding="utf-8")
    nav = text[text.index("\nnav:\n") :]
    return re.findall(r"^  - [^:]+: (\S+\.md)$", nav, flags=re.MULTILINE)


def _ids(path: Path) -> set[str]:
    return set(ID.findall(path.read_text(encoding="utf-8")))


def _element(page: str, element_id: str) -> str:
    """The text inside the element with ``element_id`` (a bilingual block, or a paragraph)."""
    start = page.index(f' id="{element_id}"')
    tag = page.rfind("<", 0, start)
    name = re.match(r"<(\w+)", page[tag:])
    assert name is not None
    depth, position = 0, tag
    pattern = re.compile(rf"<(/?){name.group(1)}\b[^>]*>")
    for match in pattern.finditer(page, tag):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = match.end()
            break
    return html.unescape(re.sub(r"<[^>]+>", "", page[tag:position]))


def test_every_chinese_page_has_its_english_page(built_site: Path) -> None:
    """The English navigation lists the same pages, in the same order, and each is built under en/."""
    zh, en = _nav_files("mkdocs.yml"), _nav_files("mkdocs.en.yml")
    assert zh == en
    assert sorted(p.name for p in (ROOT / "docs").glob("*.md")) == sorted(
        p.name for p in (ROOT / "docs-en").glob("*.md")
    )
    for name in zh:
        page = "" if name == "index.md" else name.removesuffix(".md") + "/"
        assert (built_site / page / "index.html").exists(), name
        assert (built_site / "en" / page / "index.html").exists(), name


def test_both_editions_are_built_in_their_language(built_site: Path) -> None:
    """The strict builds give a Chinese site at the root and an English one with its own search in en/."""
    assert '<html lang="zh' in (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (built_site / "en" / "index.html").read_text(encoding="utf-8")
    index = (built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["en"]' in index.replace(" ", "")


@pytest.mark.parametrize("document", ["measures", "guide", "qa"])
def test_the_same_anchors_exist_in_both_editions(law: Law, built_site: Path, document: str) -> None:
    """Every id of a text page's passages is on its English page too, and every citation key's anchor."""
    zh = _ids(built_site / PAGES[document] / "index.html")
    en = _ids(built_site / "en" / PAGES[document] / "index.html")
    passages = {i for i in zh if i.startswith(f"{document}-")}
    assert len(passages) > 10
    assert set() == passages - en
    keys = {resolve(k).anchor for k in all_keys(law) if k.startswith(f"{document}/") or k == document}
    assert set() == keys - en


def test_each_english_block_holds_the_official_chinese_and_the_english(law: Law, built_site: Path) -> None:
    """Under each passage's anchor: the official Chinese verbatim, and the English wherever the data has it."""
    pages = {name: (built_site / "en" / PAGES[name] / "index.html").read_text(encoding="utf-8") for name in PAGES}
    keys = set(all_keys(law))
    checked = with_english = 0
    for lines in official_lines(law).values():
        for key, _ in lines:
            if key not in keys or re.fullmatch(r"guide|guide/\d|measures/\d+|qa|qa/\d+", key):
                continue  # headings
            text = views_en.english_of(law, key)
            assert text is not None, key
            anchor = resolve(key).anchor + ("-intro" if key.endswith(("/criteria", "/indicators")) else "")
            block = _element(pages[resolve(key).document], anchor)
            assert text.zh in block, f"{key}: the official Chinese is not under #{anchor}"
            assert UNOFFICIAL in block and "官方文本" in block, key
            if text.en is not None:
                assert text.en in block, f"{key}: the English is not under #{anchor}"
                with_english += 1
            checked += 1
    # 25 paragraphs + 8 items; 3 levels × 17 annex rows + 注; 17 answer paragraphs
    assert 33 + 52 + 17 == checked
    assert with_english <= checked


def test_every_english_page_and_block_is_labelled_unofficial(built_site: Path) -> None:
    """Each English page has the banner, each bilingual block its own label; the Chinese is called official."""
    for name in _nav_files("mkdocs.en.yml"):
        page = "" if name == "index.md" else name.removesuffix(".md") + "/"
        text = (built_site / "en" / page / "index.html").read_text(encoding="utf-8")
        assert "Unofficial translation · 非官方译文" in text, name
        blocks = text.count('<div class="bi"')
        assert blocks == text.count(f'<span class="bi__tag">{UNOFFICIAL}</span>'), name
    measures = (built_site / "en" / "measures" / "index.html").read_text(encoding="utf-8")
    assert measures.count('<div class="bi"') == measures.count("官方文本 · official") == 33 + 1  # passages, date line


def test_english_pages_are_generated_and_fresh(tmp_path: Path) -> None:
    """docs-en/ is what the data produces now; each page says it is generated; a stale page is named."""
    assert [] == generate.stale()
    for name, text in generate.render_all(lang="en").items():
        assert generate.GENERATED == text.splitlines()[0], name
    generate.write(tmp_path / "docs")
    page = tmp_path / "docs-en" / "measures.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Article 4", "Article  4", 1), encoding="utf-8")
    assert ["docs-en/measures.md"] == generate.stale(tmp_path / "docs")


@pytest.mark.parametrize("edition", ["", "en/"])
def test_the_glossary_marks_other_renderings_as_such(built_site: Path, edition: str) -> None:
    """Each listed term has its row #term-<id> with our English; others' renderings sit under their label."""
    page = (built_site / edition / "glossary" / "index.html").read_text(encoding="utf-8")
    listed = [term for term in load_glossary().terms if term.listed]
    assert len(listed) >= 20
    for term in listed:
        row = _element(page, f"term-{term.id}")
        assert term.text.zh in row and (term.text.en or "") in row, term.id
        if term.variants:
            label, _, others = row.partition("其他译法 / other renderings:")
            assert label and others, term.id
            assert all(variant in others for variant in term.variants), term.id
            assert (term.text.en or "") not in others.split("; "), term.id
    hidden = [term.id for term in load_glossary().terms if not term.listed]
    assert [] == [term_id for term_id in hidden if f'id="term-{term_id}"' in page]


def test_the_switch_links_each_page_to_itself_in_the_other_edition(built_site: Path) -> None:
    """Every page's language links are relative, open in the same tab and name the same page."""
    for name in _nav_files("mkdocs.yml"):
        page = "" if name == "index.md" else name.removesuffix(".md") + "/"
        for edition, other in (("", "en/"), ("en/", "")):
            url = f"http://host/sub/{edition}{page}"
            text = (built_site / edition / page / "index.html").read_text(encoding="utf-8")
            links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"[^>]*target="_self"', text))
            assert 2 == len(links), f"{edition}{page}"
            targets = {lang: urljoin(url, href) for href, lang in links.items()}
            assert all(not urlsplit(href).scheme and not href.startswith("/") for href in links)
            other_lang = "en" if other else "zh"
            assert f"http://host/sub/{other}{page}" == targets[other_lang]


def test_no_language_link_is_protocol_relative(built_site: Path) -> None:
    """The 404 pages (absolute base URL) link to an edition's root, never to a host such as //en/."""
    for path in (built_site / "404.html", built_site / "en" / "404.html"):
        hrefs = re.findall(r'<a href="([^"]+)" hreflang=', path.read_text(encoding="utf-8"))
        assert 2 == len(hrefs)
        assert [] == [href for href in hrefs if href.startswith("//")]


def test_durations_are_one_word_each_for_english_search() -> None:
    """The hidden search field holds each duration as one word, in digits and singular ("within 1
    hour" → 1hour, "one hour" → 1hour, half an hour → 30minute); numbers alone, or in 1.5 hours,
    are none."""
    assert "1hour 4hour" == durations("within 1 hour … within 4 hours, one hour")
    assert "30minute" == durations("at the latest within half an hour or 30 minutes")
    assert "" == durations("12387 and 1.5 hours")


# --- in a browser --------------------------------------------------------------------------------

browser_only = pytest.mark.browser


@pytest.fixture
def page(recording_page: Any) -> Any:
    """A desktop-sized page that records its requests (conftest's ``recording_page``)."""
    return recording_page


@pytest.fixture(scope="module")
def sub_path_url(built_site: Path, serve: Any) -> Iterator[str]:
    """The built site served from its parent folder, so that it lives under a sub-path: ``…/<site>/``."""
    with serve(built_site.parent) as url:
        yield f"{url}{built_site.name}/"


def _switch(page: Any, lang: str) -> None:
    page.hover(".md-select button")
    page.click(f"a.md-select__link[hreflang={lang}]")
    page.wait_for_load_state("networkidle")


@browser_only
@pytest.mark.parametrize("path", ["guide/", "measures/", "", "glossary/"])
def test_the_language_switch_keeps_the_page_under_a_sub_path(page: Any, sub_path_url: str, path: str) -> None:
    """From /sub/guide/ the switch opens /sub/en/guide/, and from there back to /sub/guide/."""
    page.goto(sub_path_url + path, wait_until="networkidle")
    _switch(page, "en")
    assert sub_path_url + "en/" + path == page.url
    assert "en" == page.get_attribute("html", "lang")
    _switch(page, "zh")
    assert sub_path_url + path == page.url
    assert page.get_attribute("html", "lang").startswith("zh")


@browser_only
def test_the_language_switch_keeps_the_paragraph(page: Any, sub_path_url: str) -> None:
    """From en/measures/#measures-4-2 the switch opens measures/#measures-4-2, and back."""
    page.goto(sub_path_url + "en/measures/#measures-4-2", wait_until="networkidle")
    _switch(page, "zh")
    assert sub_path_url + "measures/#measures-4-2" == page.url
    assert page.locator("#measures-4-2").evaluate("el => el.matches(':target')")
    _switch(page, "en")
    assert sub_path_url + "en/measures/#measures-4-2" == page.url


@browser_only
def test_the_english_check_page_is_the_questionnaire_in_english(page: Any, site_url: str) -> None:
    """en/check/ hosts the questionnaire itself, in English from its first, pre-rendered question."""
    page.goto(site_url + "en/check/")
    assert "/en/check/" in page.url
    assert "Does the incident involve critical information infrastructure" in page.inner_text("#ic-question")
    page.wait_for_selector("[data-calculator='ready']", timeout=90_000)
    assert "Unofficial translation" in page.locator(".ic-view").inner_text()


def _search(page: Any, site_url: str, term: str) -> list[str]:
    page.goto(site_url + "en/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.dispatch_event("keyup")  # Material's search listens to keyup, which fill() does not send
    page.wait_for_selector("a.md-search-result__link", timeout=15_000)
    hrefs: list[str] = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    return [urlsplit(h).path.replace(urlsplit(site_url).path, "/", 1) + "#" + urlsplit(h).fragment for h in hrefs]


@browser_only
@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("critical information infrastructure", "/en/measures/#measures-4"),  # Art. 4(2): CII, 1 hour
        ("ransomware", "/en/measures/#measures-7"),  # Art. 7(1)(2): ransom amount, method, date
        ("personal information", "/en/guide/#guide-3-indicators"),  # annex III, indicator 5
        ("12387", "/en/qa/#qa-6"),  # Q&A 6: the six channels
        ("one hour", "/en/measures/#measures-4"),  # "within 1 hour", found through the durations field
    ],
)
def test_english_search_finds_the_right_passage(page: Any, site_url: str, term: str, expected: str) -> None:
    """Searching the English edition lists the article, annex section or answer that contains the term."""
    results = _search(page, site_url, term)
    assert expected in results, f"{term}: {results}"
    assert all(r.startswith("/en/") for r in results)
    assert [] == [u for u in page.requests if urlsplit(u).hostname != "127.0.0.1"]


@browser_only
def test_english_measures_page_fits_a_phone_and_stacks_the_chinese(browser: Any, site_url: str) -> None:
    """At 390 px nothing scrolls sideways and each paragraph's Chinese sits directly under its English."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    tab = context.new_page()
    tab.goto(site_url + "en/measures/#measures-4-2", wait_until="networkidle")
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    en = tab.locator("#measures-4-2 .bi__en").bounding_box()
    zh = tab.locator("#measures-4-2 .bi__zh").bounding_box()
    context.close()
    assert overflow <= 0
    assert en is not None and zh is not None
    assert zh["y"] >= en["y"] + en["height"] - 1  # below, not beside
    assert abs(zh["x"] - en["x"]) < 2


@browser_only
def test_english_measures_screenshots(browser: Any, site_url: str, artifacts: Path) -> None:
    """Desktop (two columns) and phone, light and dark: screenshots kept for review."""
    for scheme in ("light", "dark"):
        for width, height in ((1280, 900), (390, 844)):
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            tab = context.new_page()
            tab.goto(site_url + "en/measures/#measures-4-2", wait_until="networkidle")
            tab.screenshot(path=str(artifacts / f"en-measures-{width}-{scheme}.png"))
            if width == 1280:  # two columns: the Chinese beside the English
                en = tab.locator("#measures-4-2 .bi__en").bounding_box()
                zh = tab.locator("#measures-4-2 .bi__zh").bounding_box()
                assert en is not None and zh is not None and zh["x"] > en["x"] + en["width"]
            context.close()


@browser_only
def test_no_english_page_makes_a_request_off_127_0_0_1(page: Any, site_url: str, built_site: Path) -> None:
    """Every English page, fully loaded, asks only 127.0.0.1 for anything."""
    paths = sorted(p.relative_to(built_site).parent.as_posix() + "/" for p in (built_site / "en").rglob("index.html"))
    assert len(paths) >= len(_nav_files("mkdocs.en.yml"))
    for path in paths:
        page.goto(site_url + path, wait_until="networkidle")
    assert len(page.requests) > len(paths)
    assert [] == [u for u in page.requests if urlsplit(u).scheme == "http" and urlsplit(u).hostname != "127.0.0.1"]
    assert [] == [u for u in page.requests if urlsplit(u).scheme not in ("http", "data", "blob", "about")]
