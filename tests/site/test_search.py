"""Search finds what people type: a table of queries, each with the passage it must list."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from build_scripts.search_parts import join_numbers, parts_of, section_parts, split_paragraphs

# Each query as a reader types it, and a passage of the official text that contains it.
QUERIES = [
    ("关键信息基础设施", "measures/#measures-4"),
    ("基础设施", "measures/#measures-4"),  # only inside 关键信息基础设施: found through the parts field
    ("个人信息", "guide/#guide-3-indicators"),
    ("勒索软件", "measures/#measures-7"),
    ("12387", "measures/#measures-9"),
    ("半小时", "measures/#measures-4"),
    ("1小时", "measures/#measures-4"),  # one word: not searched as 1
    ("30分钟", "guide/#guide-3-indicators"),
    ("保护工作部门", "measures/#measures-4"),
    ("发现或获知", "measures/#measures-4"),
    ("第四条", "qa/#qa-4"),
    ("较大", "guide/#guide-3"),
    ("国家秘密", "measures/#measures-13"),
    ("经济损失", "guide/#guide-1-indicators"),
]


def _index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data


def test_every_query_occurs_in_its_passage(built_site: Path) -> None:
    """The table is honest: each query's words occur in the text of the passage it expects."""
    docs = {doc["location"]: doc for doc in _index(built_site)["docs"]}
    missing = [
        (query, location)
        for query, location in QUERIES
        if query not in (docs[location]["title"] + docs[location]["text"]).replace("\u200b", "")
    ]
    assert [] == missing


def test_compounds_carry_their_parts(built_site: Path) -> None:
    """A section with 关键信息基础设施 lists 基础设施 among its searchable parts."""
    docs = {doc["location"]: doc for doc in _index(built_site)["docs"]}
    assert "基础设施" in parts_of("关键信息基础设施")
    assert "基础设施" in docs["measures/#measures-4"]["parts"].split()


def test_a_numbered_paragraph_becomes_a_boosted_section_beside_its_article() -> None:
    """A Measures article's 第二款 is also a section at its anchor (in each edition's markup), its
    number written with its unit; other pages' sections are left alone."""
    b = "\u200b"
    zh = f"<p>{b}第一款{b}甲{b}。</p> <p>{b}第二款{b}最迟{b}不得{b}超过{b}1{b}小时{b}。</p> <p>本站{b}解读</p>"
    en = f"Unofficial translation<p>Para. 1One.</p>{b}官方 · official<p>甲</p> <p>This site's readings</p>"
    docs: list[dict[str, object]] = [
        {"location": "measures/#measures-4", "title": "第四条", "text": zh},
        {"location": "measures/#measures-5", "title": "Article 5", "text": en},
        {"location": "qa/#qa-5", "title": "五", "text": zh},
    ]
    split = split_paragraphs(docs)
    second = split[2]
    assert (
        [
            "measures/#measures-4",
            "measures/#measures-4-1",
            "measures/#measures-4-2",
            "measures/#measures-5",
            "measures/#measures-5-1",
            "qa/#qa-5",
        ],
        {"title": f"第四条{b}第二款", "boost": 2.0, "text": f"<p>最迟{b}不得{b}超过{b}1{b}小时{b}。</p>"},
        f"超过{b}1小时{b}。",
        {"1", "小时"},
    ) == (
        [str(doc["location"]) for doc in split],
        {key: second[key] for key in ("title", "boost", "text")},
        join_numbers(f"超过{b}1{b}小时{b}。"),
        {"1", "小时"} & set(section_parts("", join_numbers(str(second["text"]))).split()),
    )


def test_separator_keeps_a_number_with_what_it_counts(built_site: Path) -> None:
    """The index's separator (which the query's splitting uses too) keeps 1小时 whole and splits
    it from the Chinese before it; the index holds 1小时 as one word, its parts 1 and 小时 beside."""
    separator = _index(built_site)["config"]["separator"]
    docs = {doc["location"]: doc for doc in _index(built_site)["docs"]}
    paragraph = docs["measures/#measures-4-2"]
    words = re.split(separator, re.sub("<[^>]+>", " ", paragraph["text"]))
    assert (["超过", "1小时", "30分钟"], True, {"1", "小时"}) == (
        [part for part in re.split(separator, "超过1小时 30分钟") if part],
        "1小时" in words,
        {"1", "小时"} & set(paragraph["parts"].split()),
    )


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _search(page: Any, site_url: str, query: str, expected: str) -> list[str]:
    """Type ``query`` into Material's search box; the locations of every result, in order, once
    ``expected`` is among them or 15 s have passed (the index is built, and the results shown, a
    little after the count line first appears)."""
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")  # Material's search listens to keyup, which fill() does not send
    page.wait_for_selector(".md-search-result__meta:not(:empty)", timeout=15_000)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "(want) => [...document.querySelectorAll('a.md-search-result__link')]"
            "  .some(a => { const url = new URL(a.href); return (url.pathname + url.hash).endsWith(want); })",
            arg=expected,
            timeout=15_000,
        )
    hrefs: list[str] = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    base = urlsplit(site_url).path
    return [urlsplit(h).path.removeprefix(base) + "#" + urlsplit(h).fragment for h in hrefs]


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_search_lists_the_passage(page: Any, site_url: str, query: str, expected: str) -> None:
    """Typed into the search box, the query lists the passage that contains it."""
    results = _search(page, site_url, query, expected)
    assert expected in results, f"{query}: {results}"


# Each deadline as a reader types it, the paragraph of 第四条 that sets it, and the highlight its
# result asks of the page. In English, Material's search appends * to every word of a query, so
# "1 hour" was searched as 1* or hour*, and 1* (every number that starts with 1) outweighed the
# paragraph: the site's search worker searches a duration as one word (search-durations.js), and
# asks the page to light its unit, never the number alone.
DEADLINES = [
    ("", "1小时", "measures/#measures-4-2", "1小时"),
    ("", "半小时", "measures/#measures-4-2", "半小时"),
    ("", "2小时", "measures/#measures-4-3", "2小时"),
    ("", "4小时", "measures/#measures-4-4", "4小时"),
    ("en/", "1 hour", "measures/#measures-4-2", "hour"),
    ("en/", "half an hour", "measures/#measures-4-2", "hour"),
    ("en/", "2 hours", "measures/#measures-4-3", "hour"),
    ("en/", "4 hours", "measures/#measures-4-4", "hour"),
]


def _results(page: Any, site_url: str, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the search box; every result as shown: its location, the highlight it
    asks of the page (``?h=``) and its text."""
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_selector("a.md-search-result__link", timeout=15_000)
    page.wait_for_timeout(500)  # the count line comes first, the results a little after
    shown: list[dict[str, str]] = page.eval_on_selector_all(
        "a.md-search-result__link",
        "els => els.map(e => ({href: e.href, text: e.innerText}))",
    )
    base = urlsplit(site_url).path
    return [
        {
            "location": urlsplit(r["href"]).path.removeprefix(base) + "#" + urlsplit(r["href"]).fragment,
            "highlight": parse_qs(urlsplit(r["href"]).query).get("h", [""])[0],
            "text": r["text"].replace("\u200b", ""),
        }
        for r in shown
    ]


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize(
    ("edition", "query", "expected", "highlight"), DEADLINES, ids=[f"{e}{q}" for e, q, _, _ in DEADLINES]
)
def test_a_deadline_finds_its_paragraph_first_with_the_deadline_in_view(
    page: Any, site_url: str, edition: str, query: str, expected: str, highlight: str
) -> None:
    """The deadline is searched whole (not "1" alone, which lights the 1 in 120 and 12387): the
    first section listed is the paragraph of 第四条 that sets it, its text shows the deadline,
    and the highlight asked of the page is the deadline (in English, its unit)."""
    results = _results(page, site_url + edition, query)
    sections = [r for r in results if r["location"].split("#")[1]]
    first = sections[0] if sections else {}
    assert (expected, True, highlight) == (
        first.get("location"),
        query in first.get("text", ""),
        first.get("highlight"),
    ), [r["location"] for r in results]


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize(
    ("edition", "query", "question"),
    [("en/", "ransomware", "Is it a ransomware attack?"), ("", "勒索软件", "是否为勒索软件攻击？")],
    ids=["en", "zh"],
)
def test_a_question_of_the_check_is_found_and_opens_the_check_where_it_is_asked(
    page: Any, site_url: str, edition: str, query: str, question: str
) -> None:
    """The check page holds only its first question; searching a later one's subject lists that
    question, which opens the check at the first state that asks it."""
    results = _results(page, site_url + edition, query)
    found = [r for r in results if r["location"].startswith("check/#") and r["text"].startswith(question)]
    assert 1 == len(found), [(r["location"], r["text"][:40]) for r in results]
    page.goto(site_url + edition + found[0]["location"])
    page.wait_for_selector("[data-question='ransomware']", timeout=60_000)
