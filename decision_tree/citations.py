"""Citation keys, in one place: key ↔ Chinese label ↔ English label ↔ anchor ↔ page URL.

Package room. May import: the standard library, ``decision_tree.model`` and
``decision_tree.load``.

Keys mirror the law (see the design notes):

=========================  ==============================================  ====================
key                        Chinese label                                   anchor
=========================  ==============================================  ====================
``measures/4``             第四条                                          ``#measures-4``
``measures/4/2``           第四条第二款                                    ``#measures-4-2``
``measures/7/1/2``         第七条第一款第（二）项                          ``#measures-7-1-2``
``guide``                  附件《网络安全事件分级指南》                    ``#guide``
``guide/3``                附件 三、较大网络安全事件                       ``#guide-3``
``guide/3/criterion/2``    附件 三、较大网络安全事件 情形第2项             ``#guide-3-criterion-2``
``guide/3/indicators``     附件 三、较大网络安全事件 通常情况下            ``#guide-3-indicators``
``guide/3/indicator/5``    附件 三、较大网络安全事件 通常情况下第5项       ``#guide-3-indicator-5``
``guide/1/indicator/6/2``  附件 一、特别重大网络安全事件 通常情况下第6项（2）
``guide/note``             附件 注                                         ``#guide-note``
``qa/6``                   答记者问 第六问                                 ``#qa-6``
``qa/6/1``                 答记者问 第六问 答第1段                         ``#qa-6-1``
``interpretations/<id>``   解读说明：<title>                               ``#interpretations-<id>``
``duties/<id>``            《<instrument>》<article> (other-duties page)   ``#duties-<id>``
=========================  ==============================================  ====================

An article with a single paragraph is cited as the article alone (``measures/2/1`` →
第二条), as Chinese legal drafting does; the anchor still names the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from decision_tree.load import load_duties, load_law
from decision_tree.model import Law, Level

_DIGITS = "零一二三四五六七八九"

# Which page of the site each document is published on (paths relative to a site root).
PAGES = {
    "measures": "measures/",
    "guide": "guide/",
    "qa": "qa/",
    "interpretations": "interpretations/",
    "duties": "other-duties/",
}
# The Markdown source of each page, for links checked by ``mkdocs build --strict``.
DOCS = {
    "measures": "measures.md",
    "guide": "guide.md",
    "qa": "qa.md",
    "interpretations": "interpretations.md",
    "duties": "other-duties.md",
}

LEVEL_ZH = {
    Level.ESPECIALLY_MAJOR: "特别重大",
    Level.MAJOR: "重大",
    Level.RELATIVELY_MAJOR: "较大",
    Level.GENERAL: "一般",
}
LEVEL_EN = {
    Level.ESPECIALLY_MAJOR: "especially major",
    Level.MAJOR: "major",
    Level.RELATIVELY_MAJOR: "relatively major",
    Level.GENERAL: "general",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class CitationError(KeyError):
    """A citation key that is malformed or names a passage that does not exist."""

    def __str__(self) -> str:
        return str(self.args[0])


def cn_numeral(number: int) -> str:
    """Write 1 … 99 in Chinese numerals as the law numbers articles: 4 → 四, 14 → 十四."""
    if not 1 <= number <= 99:
        raise ValueError(f"only 1 … 99 can be written, not {number}")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def parse_cn_numeral(text: str) -> int:
    """Read a Chinese numeral 一 … 九十九 back into an integer: 十四 → 14."""
    if not re.fullmatch(r"[一二三四五六七八九]?十?[一二三四五六七八九]?", text) or not text:
        raise ValueError(f"not a Chinese numeral from 一 to 九十九: {text!r}")
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(f"not a Chinese numeral from 一 to 九十九: {text!r}")
        return _DIGITS.index(text)
    head, _, tail = text.partition("十")
    tens = _DIGITS.index(head) if head else 1
    ones = _DIGITS.index(tail) if tail else 0
    return tens * 10 + ones


@dataclass(frozen=True)
class Citation:
    """A resolved citation key: it names a passage that exists in the data."""

    key: str
    label_zh: str
    label_en: str

    @property
    def document(self) -> str:
        """``measures``, ``guide``, ``qa`` or ``interpretations``."""
        return self.key.split("/", 1)[0]

    @property
    def anchor(self) -> str:
        """The HTML id of the passage on its page: ``measures-4-2``."""
        return self.key.replace("/", "-")

    def label(self, lang: str = "zh") -> str:
        """The human label in ``lang`` (English labels are unofficial renderings)."""
        return self.label_en if lang == "en" else self.label_zh

    def url(self, root: str = "") -> str:
        """Link to the passage from a page at ``root`` (``""`` for the site root, ``"../"`` …)."""
        return f"{root}{PAGES[self.document]}#{self.anchor}"

    def doc_link(self) -> str:
        """Link to the passage from a Markdown page of the site, checked by mkdocs."""
        return f"{DOCS[self.document]}#{self.anchor}"


def _level_label(law: Law, number: int) -> tuple[str, str]:
    level = law.guide.level(number)
    zh = f"附件 {cn_numeral(number)}、{level.heading.zh}"
    en = f"Annex {_ROMAN[number]} ({LEVEL_EN[level.level]}, {LEVEL_ZH[level.level]})"
    return zh, en


def _resolve_measures(law: Law, parts: list[str]) -> tuple[str, str]:
    numbers = [int(p) for p in parts]
    article = law.measures.article(numbers[0])
    zh, en = f"第{cn_numeral(article.number)}条", f"Article {article.number}"
    if len(numbers) == 1:
        return zh, en
    if not 1 <= numbers[1] <= len(article.paragraphs):
        raise KeyError(numbers[1])
    paragraph = article.paragraphs[numbers[1] - 1]
    if len(article.paragraphs) > 1 or len(numbers) > 2:
        zh, en = f"{zh}第{cn_numeral(numbers[1])}款", f"{en}, paragraph {numbers[1]}"
    if len(numbers) == 2:
        return zh, en
    if len(numbers) > 3 or not 1 <= numbers[2] <= len(paragraph.items):
        raise KeyError(numbers[2])
    return f"{zh}第（{cn_numeral(numbers[2])}）项", f"{en}, item ({numbers[2]})"


def _resolve_guide(law: Law, parts: list[str]) -> tuple[str, str]:
    guide = law.guide
    if not parts:
        return f"{guide.label.zh}《{guide.title.zh}》", "Annex (Grading Guide)"
    if parts == ["note"]:
        return f"{guide.label.zh} 注", "Annex, note"
    number = int(parts[0])
    level = guide.level(number)
    zh, en = _level_label(law, number)
    rest = parts[1:]
    if not rest:
        return zh, en
    kind = rest[0]
    if kind == "criteria" and len(rest) == 1 and level.criteria:
        return f"{zh} 情形", f"{en}, circumstances"
    if kind == "indicators" and len(rest) == 1 and level.indicators:
        return f"{zh} 通常情况下", f"{en}, indicators"
    if kind == "criterion" and len(rest) == 2:
        index = int(rest[1])
        if not 1 <= index <= len(level.criteria):
            raise KeyError(index)
        return f"{zh} 情形第{index}项", f"{en}, circumstance {index}"
    if kind == "indicator" and len(rest) in (2, 3):
        index = int(rest[1])
        if not 1 <= index <= len(level.indicators):
            raise KeyError(index)
        zh, en = f"{zh} 通常情况下第{index}项", f"{en}, indicator {index}"
        if len(rest) == 2:
            return zh, en
        sub = int(rest[2])
        if not 1 <= sub <= len(level.indicators[index - 1].sub_items):
            raise KeyError(sub)
        return f"{zh}（{sub}）", f"{en}({sub})"
    raise KeyError("/".join(rest))


def _resolve_qa(law: Law, parts: list[str]) -> tuple[str, str]:
    if not parts:
        return law.qa.title.zh, "Official Q&A"
    number = int(parts[0])
    question = law.qa.question(number)
    zh, en = f"答记者问 第{cn_numeral(number)}问", f"Q&A question {number}"
    if len(parts) == 1:
        return zh, en
    paragraph = int(parts[1])
    if len(parts) > 2 or not 1 <= paragraph <= len(question.answer):
        raise KeyError(paragraph)
    return f"{zh} 答第{paragraph}段", f"{en}, answer paragraph {paragraph}"


def _resolve_interpretations(law: Law, parts: list[str]) -> tuple[str, str]:
    if not parts:
        return "解读说明", "Readings (unofficial)"
    if len(parts) != 1:
        raise KeyError("/".join(parts))
    interpretation = law.interpretation(parts[0])
    return (
        f"解读说明：{interpretation.title.zh}",
        f"Reading: {interpretation.title.en or interpretation.title.zh}",
    )


_KEY = re.compile(
    r"measures(/[1-9]\d*){1,3}|guide(/[a-z0-9]+)*|qa(/[1-9]\d*){0,2}|interpretations(/[a-z0-9-]+)?|duties(/[a-z0-9_]+)?"
)


def _resolve_duties(law: Law, parts: list[str]) -> tuple[str, str]:
    """Another law's or a sector rule's duty, as listed on the 其他报告义务 page (not in ``law``)."""
    if not parts:
        return "其他报告义务", "Other reporting duties"
    if len(parts) != 1:
        raise KeyError("/".join(parts))
    citation = load_duties().duty(parts[0]).citation
    return citation.zh, citation.en or citation.zh


_RESOLVERS = {
    "measures": _resolve_measures,
    "guide": _resolve_guide,
    "qa": _resolve_qa,
    "interpretations": _resolve_interpretations,
    "duties": _resolve_duties,
}


def resolve(key: str, law: Law | None = None) -> Citation:
    """Turn a key into a :class:`Citation`, or raise :class:`CitationError` saying why not.

    Args:
        key: a citation key such as ``measures/4/2`` or ``guide/3/indicator/5``.
        law: the data to resolve against; the package's own data by default.
    """
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise CitationError(
            f"malformed citation key {key!r}: expected measures/<article>[/<paragraph>[/<item>]], "
            "guide[/<level>[/criterion|indicator/<n>[/<sub-item>]]], qa[/<n>], interpretations/<id> or duties/<id>"
        )
    law = law or load_law()
    document, *parts = key.split("/")
    try:
        zh, en = _RESOLVERS[document](law, parts)
    except (KeyError, ValueError, IndexError):
        raise CitationError(f"citation key {key!r} names no passage of the text") from None
    return Citation(key=key, label_zh=zh, label_en=en)


def text_of(key: str, law: Law | None = None, lang: str = "zh") -> str:
    """The text of an annex 情形, indicator or sub-item named by ``key``: the official Chinese,
    or with ``lang="en"`` the unofficial English rendering."""
    law = law or load_law()
    resolve(key, law)  # a CitationError for a key that names nothing
    n, kind, *rest = key.split("/")[1:]
    level = law.guide.level(int(n))
    if kind == "criterion":
        return level.criteria[int(rest[0]) - 1].get(lang)
    if kind != "indicator" or not rest:
        raise CitationError(f"{key!r} is not an annex criterion, indicator or sub-item")
    indicator = level.indicators[int(rest[0]) - 1]
    return indicator.text.get(lang) if len(rest) == 1 else indicator.sub_items[int(rest[1]) - 1].text.get(lang)


def all_keys(law: Law | None = None) -> list[str]:
    """Every citable passage, in reading order: articles, paragraphs, items, annex, Q&A."""
    law = law or load_law()
    keys: list[str] = []
    for article in law.measures.articles:
        keys.append(f"measures/{article.number}")
        for p, paragraph in enumerate(article.paragraphs, 1):
            keys.append(f"measures/{article.number}/{p}")
            keys += [f"measures/{article.number}/{p}/{i}" for i in range(1, len(paragraph.items) + 1)]
    keys.append("guide")
    for n, level in enumerate(law.guide.levels, 1):
        keys.append(f"guide/{n}")
        if level.criteria:
            keys.append(f"guide/{n}/criteria")
            keys += [f"guide/{n}/criterion/{i}" for i in range(1, len(level.criteria) + 1)]
        if level.indicators:
            keys.append(f"guide/{n}/indicators")
        for i, indicator in enumerate(level.indicators, 1):
            keys.append(f"guide/{n}/indicator/{i}")
            keys += [f"guide/{n}/indicator/{i}/{s}" for s in range(1, len(indicator.sub_items) + 1)]
    keys.append("guide/note")
    keys.append("qa")
    for question in law.qa.questions:
        keys.append(f"qa/{question.number}")
        keys += [f"qa/{question.number}/{a}" for a in range(1, len(question.answer) + 1)]
    keys.append("interpretations")
    keys += [f"interpretations/{i.id}" for i in law.interpretations]
    keys.append("duties")
    keys += [f"duties/{duty.id}" for duty in load_duties().duties]
    return keys
