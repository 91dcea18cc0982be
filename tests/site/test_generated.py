"""Generated pages are fresh, marked as generated, and rendered strictly."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from build_scripts import generate, views
from decision_tree.load import load_law


def test_committed_pages_are_fresh() -> None:
    """docs/ holds exactly what the data produces now (`make generate` was run and committed)."""
    assert [] == generate.stale()


def test_check_mode_fails_on_a_stale_page(tmp_path: Path) -> None:
    """`generate --check` exits 1 and names a page that no longer matches the data."""
    assert 0 == generate.main(["--docs", str(tmp_path)])
    assert 0 == generate.main(["--check", "--docs", str(tmp_path)])
    page = tmp_path / "measures.md"
    page.write_text(page.read_text(encoding="utf-8").replace("第四条", "第四 条", 1), encoding="utf-8")
    assert ["measures.md"] == generate.stale(tmp_path)
    assert 1 == generate.main(["--check", "--docs", str(tmp_path)])


def test_every_generated_page_says_so_on_its_first_line() -> None:
    """Each generated file starts with the do-not-edit line."""
    for lang in generate.EDITIONS:
        pages = generate.render_all(lang=lang)
        assert sorted(generate.pages_of(lang)) == sorted(pages)
        for text in pages.values():
            assert generate.GENERATED == text.splitlines()[0]


def test_one_generator_makes_both_editions_from_one_table() -> None:
    """Every row of the table is a page of docs/ or docs-en/; a hand-written page is the only gap."""
    table = {(page.name, lang) for page in generate.PAGES for lang in generate.EDITIONS if page.cell(lang)}
    written = {
        (path.name, lang)
        for lang in generate.EDITIONS
        for path in generate.edition_docs(generate.DOCS, lang).glob("*.md")
    }
    assert {("intranet.md", "zh")} == written - table


def test_templates_fail_on_undefined_names() -> None:
    """A template that prints a name the view does not provide raises instead of printing ''."""
    env = generate.environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_comparison_table_links_each_cell_to_its_annex_row() -> None:
    """The personal-information row quotes 1亿 / 1000万 / 100万人 and links to indicator 5."""
    rows = {row["fact"]: row for row in views.comparison_rows(load_law())}
    cells = rows["personal_info_leaked_people"]["cells"]
    assert ["泄露1亿人以上", "泄露1000万人以上", "泄露100万人以上"] == [c["link"]["text"] for c in cells]
    assert [f"guide.md#guide-{n}-indicator-5" for n in (1, 2, 3)] == [c["link"]["href"] for c in cells]
    shares = rows["defacement_shares"]["cells"]
    assert [f"guide.md#guide-{n}-indicator-6-2" for n in (1, 2, 3)] == [c["link"]["href"] for c in shares]
