"""Search finds what people type: a table of queries, each with the passage it must list."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from build_scripts.search_parts import parts_of

# Each query as a reader types it, and a passage of the official text that contains it.
QUERIES = [
    ("关键信息基础设施", "measures/#measures-4"),
    ("基础设施", "measures/#measures-4"),  # only inside 关键信息基础设施: found through the parts field
    ("个人信息", "guide/#guide-3-indicators"),
    ("勒索软件", "measures/#measures-7"),
    ("12387", "measures/#measures-9"),
    ("半小时", "measures/#measures-4"),
    ("1小时", "measures/#measures-4"),  # the digit/Chinese boundary in the separator
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


def test_separator_splits_digits_from_chinese(built_site: Path) -> None:
    """The index's separator splits 1小时 into 1 and 小时, as the browser's query splitting must too."""
    separator = _index(built_site)["config"]["separator"]
    assert ["1", "小时", "30", "分钟"] == [part for part in re.split(separator, "1小时 30分钟") if part]


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
