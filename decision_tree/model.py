"""The law as typed, immutable values: the Measures, the annex (grading guide) and the Q&A.

Package room. May import: the standard library only.

Numbers of articles, paragraphs and items are positions in tuples, never stored values, so
the data cannot disagree with itself about numbering. Every piece of official text is a
:class:`Text`: Chinese (official) and, where a translation exists, English (unofficial).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """One passage in each language. ``zh`` is the official text; ``en`` is unofficial."""

    zh: str
    en: str | None = None

    def get(self, lang: str) -> str:
        """The passage in ``lang``, falling back to the official Chinese."""
        if lang == "en" and self.en is not None:
            return self.en
        return self.zh


class Level(Enum):
    """The four incident levels of the annex, in the annex's order (一 … 四)."""

    ESPECIALLY_MAJOR = "especially_major"  # 特别重大
    MAJOR = "major"  # 重大
    RELATIVELY_MAJOR = "relatively_major"  # 较大
    GENERAL = "general"  # 一般

    @property
    def number(self) -> int:
        """Position in the annex: 1 for 特别重大 … 4 for 一般."""
        return list(Level).index(self) + 1


@dataclass(frozen=True)
class Source:
    """Where one document comes from and how its text was checked."""

    document: str
    title: str
    issuer: str
    issued: dt.date | None
    released: dt.date | None
    released_note: str
    effective: dt.date | None
    url: str | None
    checked_on: dt.date
    verification: str
    confidence: tuple[str, ...] = ()
    oddities: tuple[str, ...] = ()
    editorial: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """An enumerated item （一）（二）… inside a paragraph."""

    text: Text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (款) of an article, with its items (项) if it enumerates any."""

    text: Text
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article (条); ``number`` is its position, 1-based."""

    number: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Measures:
    """《国家网络安全事件报告管理办法》: title, date line and 14 articles."""

    source: Source
    title: Text
    date_line: Text
    articles: tuple[Article, ...]

    def article(self, number: int) -> Article:
        """Article ``number`` (1-based); raises ``KeyError`` if there is none."""
        if not 1 <= number <= len(self.articles):
            raise KeyError(number)
        return self.articles[number - 1]


@dataclass(frozen=True)
class Threshold:
    """A number in the annex, stored structured next to the text it comes from.

    ``quote`` is the exact phrase of the official text that states the number (for example
    ``泄露1亿人以上``); ``at_least`` is the number in the unit that ends the fact's name
    (``_people``, ``_yuan``, ``_minutes``, ``_percent`` …). "以上" includes the number itself
    (annex 注), hence *at least*.
    """

    fact: str
    at_least: int
    quote: str


@dataclass(frozen=True)
class SubItem:
    """A sub-item （1）（2）… of an indicator, such as the four tests for "特大范围"."""

    text: Text
    thresholds: tuple[Threshold, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An item of a level's 通常情况下 list.

    ``topic`` names what the indicator measures, the same across levels, so that the site can
    compare levels side by side; ``scope`` quotes which sites or platforms it is about, where
    that differs between levels; ``sites`` quotes the list of sites as the item words it.
    """

    text: Text
    topic: str
    scope: str | None = None
    thresholds: tuple[Threshold, ...] = ()
    sub_items: tuple[SubItem, ...] = ()
    # The list of sites as the item words it (item 6: "……等"), zh quoted and its English.
    sites: Text | None = None


@dataclass(frozen=True)
class GuideLevel:
    """One level of the annex: its heading, 情形 (criteria) and 通常情况下 (indicators).

    一般 has neither list, only a ``description``.
    """

    level: Level
    heading: Text
    criteria_intro: Text | None = None
    criteria: tuple[Text, ...] = ()
    indicators_intro: Text | None = None
    indicators: tuple[Indicator, ...] = ()
    description: Text | None = None


@dataclass(frozen=True)
class Fact:
    """A measurable quantity the annex sets thresholds on. Labels are editorial, not official."""

    id: str
    label: Text


@dataclass(frozen=True)
class Guide:
    """The annex 《网络安全事件分级指南》."""

    source: Source
    label: Text
    editorial_note: Text
    title: Text
    levels: tuple[GuideLevel, ...]
    note: Text
    facts: tuple[Fact, ...] = field(default=())

    def level(self, number: int) -> GuideLevel:
        """Level ``number`` (1 = 特别重大 … 4 = 一般); raises ``KeyError`` if there is none."""
        if not 1 <= number <= len(self.levels):
            raise KeyError(number)
        return self.levels[number - 1]

    def fact(self, fact_id: str) -> Fact:
        """The fact called ``fact_id``; raises ``KeyError`` if there is none."""
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)


@dataclass(frozen=True)
class Question:
    """One question of the official Q&A, its answer paragraphs and the passages it is about."""

    number: int
    question: Text
    answer: tuple[Text, ...]
    about: tuple[str, ...]


@dataclass(frozen=True)
class QA:
    """国家互联网信息办公室有关负责人就《办法》答记者问."""

    source: Source
    title: Text
    lead: Text
    questions: tuple[Question, ...]

    def question(self, number: int) -> Question:
        """Question ``number`` (1-based); raises ``KeyError`` if there is none."""
        if not 1 <= number <= len(self.questions):
            raise KeyError(number)
        return self.questions[number - 1]


@dataclass(frozen=True)
class Interpretation:
    """A reading the project makes where the text is silent or ambiguous (not official)."""

    id: str
    title: Text
    text: Text
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """A glossary entry: the Chinese term, the one English term this project uses, and others' renderings.

    ``variants`` are renderings that other published (unofficial) English translations use for
    the same Chinese term, so that a reader who meets them elsewhere can map them back;
    ``variants_note`` explains a variant that is dangerous (one translation's "major" is 较大).
    ``en_forms`` and ``zh_excludes`` serve the term-consistency check: other English forms that
    count as our term in running text, and Chinese words that contain ``zh`` without being the
    term (条例 is not 条). ``listed`` is false for engine labels that are not terms of the text.
    """

    id: str
    text: Text
    variants: tuple[str, ...] = ()
    variants_note: Text | None = None
    en_forms: tuple[str, ...] = ()
    zh_excludes: tuple[str, ...] = ()
    listed: bool = True


@dataclass(frozen=True)
class Glossary:
    """``glossary.toml``: every term, in file order."""

    terms: tuple[Term, ...]

    def term(self, term_id: str) -> Term:
        """The term called ``term_id``; raises ``KeyError`` if there is none."""
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)


@dataclass(frozen=True)
class Law:
    """Everything the project publishes, loaded and checked."""

    measures: Measures
    guide: Guide
    qa: QA
    interpretations: tuple[Interpretation, ...] = ()

    def interpretation(self, interpretation_id: str) -> Interpretation:
        """The reading called ``interpretation_id``; raises ``KeyError`` if there is none."""
        for interpretation in self.interpretations:
            if interpretation.id == interpretation_id:
                return interpretation
        raise KeyError(interpretation_id)


VERIFIED = ("text", "recipient", "listed")


@dataclass(frozen=True)
class Clock:
    """What starts a duty's clock; ``from_discovery``: a due time may be counted from discovery."""

    label: Text
    from_discovery: bool


@dataclass(frozen=True)
class Timing:
    """The text's own word for a deadline without minutes (立即, 及时 …); ``rank`` orders them."""

    label: Text
    rank: int


@dataclass(frozen=True)
class Duty:
    """A reporting duty under another law or a sector rule (``duties.toml``), one per regime.

    ``quote`` holds whole lines of ``other-laws.zh.md`` (``verified == "text"`` only); a row has
    ``within_minutes`` or ``timing`` only where the deadline was read in the final text.
    """

    id: str
    scope: str
    title: Text
    instrument: Text
    article: Text | None
    trigger: Text
    clock_starts: str
    to: Text
    summary: Text
    checked_on: dt.date
    verified: str
    within_minutes: int | None = None
    timing: str | None = None
    channel: Text | None = None
    sector: str | None = None
    quote: tuple[str, ...] = ()
    quote_section: str | None = None
    quote_sha256: str | None = None
    path: str | None = None
    source: Text | None = None
    note: Text | None = None

    @property
    def citation(self) -> Text:
        """《title》article, in each language."""
        article = self.article or Text("", "")
        return Text(f"《{self.title.zh}》{article.zh}", f"{self.title.en}{', ' + article.en if article.en else ''}")


@dataclass(frozen=True)
class Duties:
    """``duties.toml``: every other duty, and the words its rows are made of."""

    repository: str = ""
    commit: str = ""
    copy_date: dt.date | None = None
    file: str = ""
    duties: tuple[Duty, ...] = ()
    clocks: Mapping[str, Clock] = field(default_factory=dict)
    timings: Mapping[str, Timing] = field(default_factory=dict)
    sectors: Mapping[str, Text] = field(default_factory=dict)
    reasons: Mapping[str, Text] = field(default_factory=dict)
    conditions: Mapping[str, Text] = field(default_factory=dict)
    texts: Mapping[str, Text] = field(default_factory=dict)

    def duty(self, duty_id: str) -> Duty:
        """The duty called ``duty_id``; raises ``KeyError`` if there is none."""
        for duty in self.duties:
            if duty.id == duty_id:
                return duty
        raise KeyError(duty_id)
