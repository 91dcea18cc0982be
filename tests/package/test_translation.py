"""The unofficial English translation: complete under every citation key, and worded from the glossary.

Standard library and the package only, so these run inside Pyodide too. The consistency check
finds glossary terms in each Chinese passage longest first (国家网信部门 before 网信部门), skips
the Chinese words a term lists in ``zh_excludes`` (条例 is not 条), and asks the English passage
to contain our English term or one of its ``en_forms``, ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest

from decision_tree.citations import all_keys
from decision_tree.integrity import official_lines
from decision_tree.load import DataError, build_glossary, load_glossary, read_toml
from decision_tree.model import Glossary, Law, Level, Term, Text

LEVEL_IDS = tuple(level.value for level in Level)


def passages(law: Law) -> Iterator[tuple[str, Text]]:
    """Every official passage with its key: citation keys, plus integrity's keys for titles and headings."""
    measures = law.measures
    yield "measures/title", measures.title
    yield "measures/date_line", measures.date_line
    for article in measures.articles:
        for p, paragraph in enumerate(article.paragraphs, 1):
            yield f"measures/{article.number}/{p}", paragraph.text
            for i, item in enumerate(paragraph.items, 1):
                yield f"measures/{article.number}/{p}/{i}", item.text
    guide = law.guide
    yield "annex/label", guide.label
    yield "annex/editorial_note", guide.editorial_note
    yield "guide/title", guide.title
    for n, level in enumerate(guide.levels, 1):
        yield f"guide/{n}/heading", level.heading
        if level.description:
            yield f"guide/{n}", level.description
        if level.criteria_intro:
            yield f"guide/{n}/criteria", level.criteria_intro
        for c, criterion in enumerate(level.criteria, 1):
            yield f"guide/{n}/criterion/{c}", criterion
        if level.indicators_intro:
            yield f"guide/{n}/indicators", level.indicators_intro
        for i, indicator in enumerate(level.indicators, 1):
            yield f"guide/{n}/indicator/{i}", indicator.text
            for s, sub in enumerate(indicator.sub_items, 1):
                yield f"guide/{n}/indicator/{i}/{s}", sub.text
    yield "guide/note", guide.note
    qa = law.qa
    yield "qa/title", qa.title
    yield "qa/lead", qa.lead
    for question in qa.questions:
        yield f"qa/{question.number}", question.question
        for a, answer in enumerate(question.answer, 1):
            yield f"qa/{question.number}/{a}", answer


def terms_in(zh: str, glossary: Glossary) -> list[Term]:
    """The glossary terms a Chinese passage uses, longest match first, without excluded words."""
    words: list[tuple[str, Term | None]] = []
    for term in glossary.terms:
        words.append((term.text.zh, term))
        words += [(word, None) for word in term.zh_excludes]
    found: list[Term] = []
    for word, match in sorted(words, key=lambda pair: -len(pair[0])):
        if word in zh:
            zh = zh.replace(word, "\0" * len(word))
            if match is not None and match not in found:
                found.append(match)
    return found


def inconsistencies(key: str, text: Text, glossary: Glossary) -> list[tuple[str, str, str]]:
    """(key, Chinese term, our English term) for each term whose English is missing from the passage."""
    english = (text.en or "").casefold()
    return [
        (key, term.text.zh, term.text.en or "")
        for term in terms_in(text.zh, glossary)
        if not any(form.casefold() in english for form in (term.text.en or "", *term.en_forms))
    ]


def _levels_named(english: str, glossary: Glossary) -> tuple[list[str], str]:
    """Our level terms named in an English passage (longest first), and the passage without them."""
    named = []
    for level_id in sorted(LEVEL_IDS, key=lambda i: -len(glossary.term(i).text.en or "")):
        pattern = re.compile(rf"\b{re.escape(glossary.term(level_id).text.en or '')}\b", re.IGNORECASE)
        if pattern.search(english):
            named.append(level_id)
            english = pattern.sub(" ", english)
    return sorted(named), english


def level_mismatch(text: Text, glossary: Glossary) -> tuple[list[str], list[str]] | None:
    """(levels in the Chinese, levels in the English) when they differ, else None."""
    zh_levels = sorted(term.id for term in terms_in(text.zh, glossary) if term.id in LEVEL_IDS)
    en_levels, _ = _levels_named(text.en or "", glossary)
    return None if zh_levels == en_levels else (zh_levels, en_levels)


def variant_incidents(text: Text, glossary: Glossary) -> list[str]:
    """Phrases like "significant incident": another translation's level word used as a level."""
    _, rest = _levels_named(text.en or "", glossary)
    variants = sorted({v for i in LEVEL_IDS for v in glossary.term(i).variants}, key=len, reverse=True)
    pattern = re.compile(
        rf"\b(?:{'|'.join(map(re.escape, variants))})\s+(?:cybersecurity\s+|network\s+security\s+)?incidents?\b",
        re.IGNORECASE,
    )
    return [match.group(0) for match in pattern.finditer(rest)]


def _all(law: Law) -> list[tuple[str, Text]]:
    return list(passages(law))


def _keys(pairs: Iterable[tuple[str, Text]]) -> set[str]:
    return {key for key, _ in pairs}


def test_every_official_line_has_a_passage(law: Law) -> None:
    """Every line of the official text (integrity's walk) is among the passages checked here."""
    official = {key for lines in official_lines(law).values() for key, _ in lines} - {"annex/rule"}
    assert set() == official - _keys(_all(law))


def test_every_citable_passage_has_a_passage(law: Law) -> None:
    """Every citation key that names a passage of text is among the passages checked here."""
    keys = _keys(_all(law))
    aliases = {"guide": "guide/title", "qa": "qa/title"}
    citable = [
        k
        for k in all_keys(law)
        if not k.startswith(("interpretations", "duties")) and not re.fullmatch(r"measures/\d+", k)
    ]
    missing = [k for k in citable if aliases.get(k, k) not in keys and f"{k}/heading" not in keys]
    assert [] == missing


def test_every_passage_has_an_english_rendering(law: Law) -> None:
    """Every paragraph, item, annex line and Q&A question and answer has a non-empty English text."""
    missing = [key for key, text in _all(law) if not text.en or text.en != text.en.strip()]
    assert [] == missing


def test_the_english_uses_the_glossary_term_wherever_the_chinese_does(law: Law) -> None:
    """Wherever a glossary term's Chinese occurs in a passage, its English passage has our English term."""
    glossary = load_glossary()
    found = [problem for key, text in _all(law) for problem in inconsistencies(key, text, glossary)]
    assert [] == found


def test_the_english_names_the_same_levels_as_the_chinese(law: Law) -> None:
    """Each passage names in English exactly the levels (特别重大 … 一般) its Chinese names."""
    glossary = load_glossary()
    found = {key: mismatch for key, text in _all(law) if (mismatch := level_mismatch(text, glossary))}
    assert {} == found


def test_no_passage_calls_an_incident_by_another_translations_level(law: Law) -> None:
    """No English passage says "significant incident", "serious cybersecurity incident" and the like."""
    glossary = load_glossary()
    found = {key: phrases for key, text in _all(law) if (phrases := variant_incidents(text, glossary))}
    assert {} == found


def test_the_checks_catch_a_wrong_level_word() -> None:
    """A 较大 passage rendered with "major" fails all three checks, each naming what is wrong."""
    glossary = load_glossary()
    text = Text(zh="属于较大以上网络安全事件的", en="a major incident or above")
    assert [("k", "网络安全事件", "cybersecurity incident"), ("k", "较大", "relatively major")] == inconsistencies(
        "k", text, glossary
    )
    assert (["relatively_major"], ["major"]) == level_mismatch(text, glossary)
    assert ["significant incident"] == variant_incidents(Text(zh="较大", en="a significant incident"), glossary)


def test_longest_terms_and_excluded_words_win() -> None:
    """国家网信部门 is found as itself, not as 网信部门; 条例 and 较大量 are not 条 and 较大."""
    glossary = load_glossary()
    assert ["national_cac"] == [t.id for t in terms_in("向国家网信部门报告", glossary)]
    assert [] == [t.id for t in terms_in("保护条例；较大量", glossary)]


def test_the_glossary_loads_every_term_with_its_variants() -> None:
    """Each term of glossary.toml is loaded with its English, variants, note and check helpers intact."""
    raw = read_toml("glossary.toml")["term"]
    loaded = {term.id: term for term in load_glossary().terms}
    assert list(raw) == list(loaded)
    for term_id, table in raw.items():
        term = loaded[term_id]
        assert (table["zh"], table["en"]) == (term.text.zh, term.text.en)
        assert tuple(table.get("variants", ())) == term.variants
        assert tuple(table.get("en_forms", ())) == term.en_forms
        assert tuple(table.get("zh_excludes", ())) == term.zh_excludes
        assert table.get("variants_note") == (
            {"zh": term.variants_note.zh, "en": term.variants_note.en} if term.variants_note else None
        )


def test_the_glossary_refuses_unknown_keys_and_malformed_variants() -> None:
    """A misspelt key, variants that are not a list of strings and our own term as a variant are all named."""
    raw = {
        "term": {
            "major": {"zh": "重大", "en": "major", "variant": ["significant"]},
            "general": {"zh": "一般", "en": "general", "variants": "ordinary"},
            "relatively_major": {"zh": "较大", "en": "relatively major", "variants": ["Relatively Major"]},
        }
    }
    with pytest.raises(DataError) as error:
        build_glossary(raw)
    assert [
        "glossary.toml: term.major: unknown key(s) ['variant']; allowed: "
        "['zh', 'en', 'variants', 'variants_note', 'en_forms', 'zh_excludes', 'listed']",
        "glossary.toml: term.general: variants must be a list of non-empty strings without surrounding whitespace",
        "glossary.toml: term.relatively_major: our own English term is listed among the variants",
    ] == str(error.value).splitlines()
