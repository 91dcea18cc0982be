"""Make Chinese compounds findable by their parts: add jieba's dictionary sub-words to the search index.

Build-time room. May import: the standard library and jieba (a build dependency).

Material's search plugin segments each section's Chinese text with jieba (using
``build_scripts/jieba_user_dict.txt``), so 关键信息基础设施 is indexed as one word — and a search
for 基础设施 alone found nothing. After the build, :func:`add_parts` gives every section of
``search/search_index.json`` a hidden ``parts`` field: each dictionary word found inside a longer
indexed word (基础设施, 关键信息, 个人, 信息 …), space-separated. The field is searched (it is
declared under ``plugins.search.fields`` in mkdocs.yml) but never shown: results still quote the
text. Only an index whose configuration declares the field is changed.

Two more changes make a deadline findable as the reader types it (issue 19):

- **Numbers stay with what they count.** jieba splits 1小时 into 1 and 小时, so the index held the
  word 1 and a search for 1小时 became a search for 1 or 小时 (the highlight ``?h=1`` lit the 1 in
  120, 14:05 and 12387). :func:`join_numbers` removes the word break after a number followed by
  Chinese (1小时, 120万, 30分钟 are one word each), the separator (mkdocs.yml) no longer splits
  there, and the number and its unit alone stay findable through the ``parts`` field.
- **A paragraph of the Measures is a result of its own.** The search plugin makes one section per
  heading, so 第四条 was one result whose first lines (第一款) are all a result shows: the
  paragraph that says 最迟不得超过1小时 was never in view. :func:`split_paragraphs` makes each
  numbered paragraph (its anchor ``measures-4-2``, its label 第二款) a section of its own too,
  beside the whole article, with a boost (:data:`BOOSTS`): where the Q&A, the readings and the
  examples repeat a deadline, the paragraph that sets it comes first.

And the questionnaire's questions are sections of their own (:func:`add_documents`, given them by
the hooks of each edition): the page holds only the first question, so a reader searching
勒索软件 or "ransomware" never met the check's ransomware question.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba

FIELD = "parts"
HAN_WORD = re.compile(r"[\u3400-\u9fff]{3,}")
BREAK = "\u200b"  # how Material joins jieba's words in the index's text
NUMBER_BREAK = re.compile(r"(?<=[0-9])\u200b(?=[\u3400-\u9fff])")
NUMBERED_WORD = re.compile(r"([0-9]+)([\u3400-\u9fff]+)")
# A numbered paragraph of an article, as the generated pages write it: <p>第二款…</p>.
PARAGRAPH = re.compile(r"<p>\u200b?(第([一二三四五六七八九十]+)款)\u200b?(.*?)</p>", re.S)
NUMERALS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
# The English edition's: the translation of a paragraph (with its items) and the official text
# after each, up to the next paragraph or the article's notes (" <p>Official Q&A …").
EN_PARAGRAPH = re.compile(
    r"Unofficial translation<p>Para\. ([0-9]+)(.*?)(?= Unofficial translation<p>Para\. | <p>|$)", re.S
)
# Sections whose paragraphs become results of their own, and the boost of those results: the
# Measures first, where the Q&A, the readings and the examples repeat its words.
BOOSTS = {"measures/#measures-": 2.0}


def parts_of(word: str) -> set[str]:
    """Every word of jieba's loaded dictionaries found strictly inside ``word`` (two characters or more)."""
    jieba.dt.check_initialized()
    frequencies: dict[str, int] = jieba.dt.FREQ
    found = set()
    for start in range(len(word)):
        for end in range(start + 2, len(word) + 1):
            piece = word[start:end]
            if piece != word and frequencies.get(piece, 0) > 0:
                found.add(piece)
    return found


def section_parts(title: str, text: str) -> str:
    """The ``parts`` value for one section: sub-words of its indexed words that are not words of
    it already, and the number and the unit of each numbered word (1 and 小时 of 1小时)."""
    # Material joins jieba's words with U+200B, so a run of Han characters is one indexed word.
    words = set(HAN_WORD.findall(title)) | set(HAN_WORD.findall(text))
    indexed = re.split(r"[\s\u200b\u3000\-、。，．？！；<>/]+", title + BREAK + text)
    whole = set(indexed)
    parts: set[str] = set()
    for word in words:
        parts |= parts_of(word)
    for word in indexed:
        numbered = NUMBERED_WORD.fullmatch(word)
        if numbered:
            parts |= {numbered[1], numbered[2]}
    return " ".join(sorted(parts - whole))


def join_numbers(text: str) -> str:
    """``text`` without the word break between a number and the Chinese after it: 1​小时 → 1小时."""
    return NUMBER_BREAK.sub("", text)


def _numeral(label: str) -> int:
    """The number of a paragraph label's Chinese numeral (一 to 十九): 第十二款 → 12."""
    if label.startswith("十"):
        return 10 + NUMERALS.get(label[1:], 0)
    tens, ten, ones = label.partition("十")
    return NUMERALS[tens] * 10 + NUMERALS.get(ones, 0) if ten else NUMERALS[label]


def split_paragraphs(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    """``docs`` with each numbered paragraph of a boosted section (:data:`BOOSTS`) also as a section
    of its own, right after the section (which stays whole: a search for words of two paragraphs
    still finds the article). In the English edition a paragraph is its translation (``Para. 2``,
    with its items) and the official text after it."""
    out: list[dict[str, object]] = []
    for doc in docs:
        location, text, title = str(doc["location"]), str(doc.get("text", "")), str(doc.get("title", ""))
        boost = next((value for prefix, value in BOOSTS.items() if location.startswith(prefix)), None)
        english = "Unofficial translation<p>Para. " in text
        pattern = EN_PARAGRAPH if english else PARAGRAPH
        paragraphs = list(pattern.finditer(text)) if boost else []
        out.append(doc)
        for paragraph in paragraphs:
            if english:
                number, body = int(paragraph[1]), f"<p>{paragraph[2]}"
                label = f" · Para. {number}"
            else:
                label, numeral, inside = paragraph.groups()
                number, body, label = _numeral(numeral), f"<p>{inside}</p>", BREAK + label
            out.append({"location": f"{location}-{number}", "title": title + label, "text": body, "boost": boost})
    return out


def add_documents(index_path: Path, docs: list[dict[str, str]]) -> int:
    """Append ``docs`` (location, title, text: plain text, escaped) to the index at
    ``index_path``, after the sections of the page their location is on; in a Chinese index,
    their words are segmented as the search plugin segments a page (jieba, U+200B between words)."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    chinese = "zh" in index["config"].get("lang", [])

    def words(text: str) -> str:
        return BREAK.join(jieba.cut(text)) if chinese else text

    added = [
        {"location": doc["location"], "title": words(doc["title"]), "text": f"<p>{words(doc['text'])}</p>"}
        for doc in docs
    ]
    pages = [str(doc["location"]).split("#")[0] for doc in index["docs"]]
    for doc in reversed(added):
        page = doc["location"].split("#")[0]
        at = max((number for number, location in enumerate(pages) if location == page), default=len(pages) - 1)
        index["docs"].insert(at + 1, doc)
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(added)


def split_index(index_path: Path) -> int:
    """Make the Measures' paragraphs sections of their own in the index at ``index_path`` (either
    edition's); returns how many sections it has now."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["docs"] = split_paragraphs(index["docs"])
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(index["docs"])


def add_parts(index_path: Path) -> int:
    """Keep numbers with what they count, and add the ``parts`` field to every section of the
    index at ``index_path``; returns how many got one."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if FIELD not in index["config"].get("fields", {}):
        return 0
    changed = 0
    for doc in index["docs"]:
        for key in ("title", "text"):
            if key in doc:
                doc[key] = join_numbers(doc[key])
        value = section_parts(doc.get("title", ""), doc.get("text", ""))
        if value:
            doc[FIELD] = value
            changed += 1
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return changed
