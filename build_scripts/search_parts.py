"""Make Chinese compounds findable by their parts: add jieba's dictionary sub-words to the search index.

Build-time room. May import: the standard library and jieba (a build dependency).

Material's search plugin segments each section's Chinese text with jieba (using
``build_scripts/jieba_user_dict.txt``), so 关键信息基础设施 is indexed as one word — and a search
for 基础设施 alone found nothing. After the build, :func:`add_parts` gives every section of
``search/search_index.json`` a hidden ``parts`` field: each dictionary word found inside a longer
indexed word (基础设施, 关键信息, 个人, 信息 …), space-separated. The field is searched (it is
declared under ``plugins.search.fields`` in mkdocs.yml) but never shown: results still quote the
text. Only an index whose configuration declares the field is changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba

FIELD = "parts"
HAN_WORD = re.compile(r"[\u3400-\u9fff]{3,}")


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
    """The ``parts`` value for one section: sub-words of its indexed words that are not words of it already."""
    # Material joins jieba's words with U+200B, so a run of Han characters is one indexed word.
    words = set(HAN_WORD.findall(title)) | set(HAN_WORD.findall(text))
    whole = set(re.findall(r"[\u3400-\u9fff]+", title + "\u200b" + text))
    parts: set[str] = set()
    for word in words:
        parts |= parts_of(word)
    return " ".join(sorted(parts - whole))


def add_parts(index_path: Path) -> int:
    """Add the ``parts`` field to every section of the index at ``index_path``; returns how many got one."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if FIELD not in index["config"].get("fields", {}):
        return 0
    changed = 0
    for doc in index["docs"]:
        value = section_parts(doc.get("title", ""), doc.get("text", ""))
        if value:
            doc[FIELD] = value
            changed += 1
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return changed
