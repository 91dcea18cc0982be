"""TOML data files → the typed model of :mod:`decision_tree.model`, checked on the way.

Package room. May import: the standard library and ``decision_tree.model``.

Data files are read with :mod:`importlib.resources`, so they load the same from a source
checkout, an installed wheel and Pyodide. Every problem found is collected and reported
together, each naming its file and the passage (``guide.toml: level 2 indicator 5: …``).

The package as the site ships it to browsers (byte-compiled inside Pyodide by
``build_scripts/compile_stdlib.mjs wheel``) holds each data file already parsed, as
``<name>.pickle``: ``tomllib``'s result for that very file, made at build time. Unpickling it is
several times as fast as parsing TOML in Pyodide, where it was a third of the first answer's
time. The checks below run on it all the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from decision_tree.model import (
    QA,
    VERIFIED,
    Article,
    Clock,
    Duties,
    Duty,
    Fact,
    Glossary,
    Guide,
    GuideLevel,
    Indicator,
    Interpretation,
    Item,
    Law,
    Level,
    Measures,
    Paragraph,
    Question,
    Source,
    SubItem,
    Term,
    Text,
    Threshold,
    Timing,
)

Table = Mapping[str, Any]


class DataError(ValueError):
    """The data files are inconsistent; the message lists every problem found."""


def read_toml(name: str) -> dict[str, Any]:
    """Parse ``decision_tree/data/<name>`` from the installed package (or take it parsed: above)."""
    folder = resources.files("decision_tree") / "data"
    parsed = folder / f"{name}.pickle"
    if parsed.is_file():
        table: dict[str, Any] = pickle.loads(parsed.read_bytes())
        return table
    return tomllib.loads((folder / name).read_text(encoding="utf-8"))


class Problems:
    """Collects problems for one data file so that all of them are reported at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        """Record a problem at ``where`` (a passage or table of the file)."""
        self.problems.append(f"{self.file}: {where}: {message}")

    def keys(self, table: Table, allowed: str, where: str) -> None:
        """Report keys that are not in ``allowed`` (space-separated): a typo must not pass."""
        unknown = sorted(set(table) - set(allowed.split()))
        if unknown:
            self.fail(where, f"unknown key(s) {unknown}; allowed: {allowed.split()}")


class _Checker(Problems):
    """Problems, plus reading the official text's tables."""

    def text(self, table: Table, where: str, key: str | None = None) -> Text:
        value = table.get(key) if key else table
        if not isinstance(value, Mapping) or not isinstance(value.get("zh"), str):
            self.fail(where, f"expected a table with a Chinese text 'zh'{f' at {key!r}' if key else ''}")
            return Text(zh="")
        if not value["zh"] or value["zh"] != value["zh"].strip():
            self.fail(where, "the Chinese text is empty or has surrounding whitespace")
        en = value.get("en")
        if en is not None and not isinstance(en, str):
            self.fail(where, "'en' must be a string")
            en = None
        return Text(zh=value["zh"], en=en)


_SOURCE_KEYS = (
    "document title issuer issued released released_note effective url checked_on "
    "verification confidence oddities editorial warnings"
)
_TEXT = "zh en"


def _source(table: Table, check: _Checker) -> Source:
    check.keys(table, _SOURCE_KEYS, "[source]")

    def date(key: str) -> dt.date | None:
        value = table.get(key)
        if value is not None and not isinstance(value, dt.date):
            check.fail("[source]", f"{key} must be a TOML date, not {value!r}")
            return None
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            check.fail("[source]", f"{key} must be a list of strings")
            return ()
        return tuple(value)

    for required in ("document", "title", "issuer", "verification", "checked_on"):
        if required not in table:
            check.fail("[source]", f"missing {required!r}")
    checked_on = date("checked_on") or dt.date.min
    return Source(
        document=str(table.get("document", "")),
        title=str(table.get("title", "")),
        issuer=str(table.get("issuer", "")),
        issued=date("issued"),
        released=date("released"),
        released_note=str(table.get("released_note", "")),
        effective=date("effective"),
        url=table.get("url"),
        checked_on=checked_on,
        verification=str(table.get("verification", "")),
        confidence=strings("confidence"),
        oddities=strings("oddities"),
        editorial=strings("editorial"),
        warnings=strings("warnings"),
    )


def _measures(raw: Table) -> Measures:
    check = _Checker("measures.toml")
    check.keys(raw, "source text article", "top level")
    check.keys(raw.get("text", {}), "title date_line", "[text]")
    articles = []
    for a, article in enumerate(raw.get("article", []), 1):
        check.keys(article, "paragraph", f"article {a}")
        paragraphs = []
        for p, paragraph in enumerate(article.get("paragraph", []), 1):
            where = f"article {a} paragraph {p}"
            check.keys(paragraph, "zh en item", where)
            for i, item in enumerate(paragraph.get("item", []), 1):
                check.keys(item, _TEXT, f"{where} item {i}")
            items = tuple(
                Item(check.text(item, f"{where} item {i}")) for i, item in enumerate(paragraph.get("item", []), 1)
            )
            paragraphs.append(Paragraph(check.text(paragraph, where), items))
        if not paragraphs:
            check.fail(f"article {a}", "has no paragraph")
        articles.append(Article(number=a, paragraphs=tuple(paragraphs)))
    measures = Measures(
        source=_source(raw.get("source", {}), check),
        title=check.text(raw.get("text", {}), "[text]", "title"),
        date_line=check.text(raw.get("text", {}), "[text]", "date_line"),
        articles=tuple(articles),
    )
    if check.problems:
        raise DataError("\n".join(check.problems))
    return measures


# A number as the annex writes it: digits, an optional 万/亿 multiplier, a unit, then 以上.
_QUANTITY = re.compile(r"(\d+)(万|亿)?(小时|分钟|人|元|次|%)?以上")
_MULTIPLIER = {None: 1, "万": 10_000, "亿": 100_000_000}
# The unit that ends a fact's name, and the Chinese units that may express it (→ factor).
_UNITS: dict[str, dict[str | None, int]] = {
    "_minutes": {"小时": 60, "分钟": 1},
    "_people": {"人": 1},
    "_yuan": {"元": 1},
    "_percent": {"%": 1},
    "_shares": {"次": 1},
    "_views": {None: 1},
}


def quantity_in(quote: str, fact: str) -> int:
    """The number that ``quote`` states, in the unit that ends ``fact``'s name.

    ``quantity_in("主要功能中断运行24小时以上", "cii_main_function_outage_minutes")`` is 1440.
    Raises ``ValueError`` when the quote does not hold exactly one number, or its unit does not
    fit the fact's name.
    """
    matches = list(_QUANTITY.finditer(quote))
    if len(matches) != 1:
        raise ValueError(f"{quote!r} must state exactly one number followed by 以上")
    digits, multiplier, unit = matches[0].groups()
    suffix = next((s for s in _UNITS if fact.endswith(s)), None)
    if suffix is None:
        raise ValueError(f"fact name {fact!r} must end in one of {sorted(_UNITS)}")
    factors = _UNITS[suffix]
    if unit not in factors:
        raise ValueError(f"{quote!r} is in {unit or 'no unit'}, which {suffix} cannot hold")
    return int(digits) * _MULTIPLIER[multiplier] * factors[unit]


def _thresholds(table: Table, text: Text, where: str, check: _Checker, facts: set[str]) -> tuple[Threshold, ...]:
    out = []
    for t, raw in enumerate(table.get("threshold", []), 1):
        here = f"{where} threshold {t}"
        check.keys(raw, "fact at_least quote", here)
        fact, at_least, quote = raw.get("fact"), raw.get("at_least"), raw.get("quote")
        if not (isinstance(fact, str) and isinstance(at_least, int) and isinstance(quote, str)):
            check.fail(here, "needs fact (string), at_least (integer) and quote (string)")
            continue
        if fact not in facts:
            check.fail(here, f"fact {fact!r} is not declared in a [[fact]] table")
        if text.zh.count(quote) != 1:
            check.fail(here, f"quote {quote!r} must occur exactly once in the text")
        try:
            stated = quantity_in(quote, fact)
        except ValueError as error:
            check.fail(here, str(error))
        else:
            if stated != at_least:
                check.fail(here, f"at_least = {at_least} but the text says {stated} ({quote})")
        out.append(Threshold(fact=fact, at_least=at_least, quote=quote))
    return tuple(out)


def _guide(raw: Table) -> Guide:
    check = _Checker("guide.toml")
    check.keys(raw, "source text fact level", "top level")
    check.keys(raw.get("text", {}), "label editorial_note title note", "[text]")
    for f in raw.get("fact", []):
        check.keys(f, "id label", f"fact {f.get('id')}")
    facts = tuple(
        Fact(id=str(f.get("id")), label=check.text(f, f"fact {f.get('id')}", "label")) for f in raw.get("fact", [])
    )
    fact_ids = {f.id for f in facts}
    levels = []
    raw_levels = raw.get("level", [])
    if [lv.get("id") for lv in raw_levels] != [lv.value for lv in Level]:
        check.fail("[[level]]", f"levels must be, in order: {[lv.value for lv in Level]}")
    for n, (level, table) in enumerate(zip(Level, raw_levels, strict=False), 1):
        where = f"level {n}"
        check.keys(
            table,
            "id heading description criteria_intro indicators_intro criterion indicator",
            where,
        )
        for k, criterion in enumerate(table.get("criterion", []), 1):
            check.keys(criterion, _TEXT, f"{where} criterion {k}")
        indicators = []
        for i, ind in enumerate(table.get("indicator", []), 1):
            here = f"{where} indicator {i}"
            check.keys(ind, "zh en topic scope sites threshold sub_item", here)
            text = check.text(ind, here)
            scope = ind.get("scope")
            if scope is not None and scope not in text.zh:
                check.fail(here, f"scope {scope!r} is not part of the text")
            sites = check.text(ind, here, "sites") if "sites" in ind else None
            if sites is not None and sites.zh not in text.zh:
                check.fail(here, f"sites {sites.zh!r} is not part of the text")
            if sites is not None and (sites.en is None or text.en is None or sites.en not in text.en):
                check.fail(here, f"sites' English {sites.en!r} is not part of the text's English")
            subs = []
            for s, sub in enumerate(ind.get("sub_item", []), 1):
                check.keys(sub, "zh en threshold", f"{here} sub-item {s}")
                sub_text = check.text(sub, f"{here} sub-item {s}")
                subs.append(SubItem(sub_text, _thresholds(sub, sub_text, f"{here} sub-item {s}", check, fact_ids)))
            indicators.append(
                Indicator(
                    text=text,
                    topic=str(ind.get("topic", "")),
                    scope=scope,
                    thresholds=_thresholds(ind, text, here, check, fact_ids),
                    sub_items=tuple(subs),
                    sites=sites,
                )
            )
            if not ind.get("topic"):
                check.fail(here, "missing topic")
        levels.append(
            GuideLevel(
                level=level,
                heading=check.text(table, where, "heading"),
                criteria_intro=check.text(table, where, "criteria_intro") if "criteria_intro" in table else None,
                criteria=tuple(
                    check.text(c, f"{where} criterion {k}") for k, c in enumerate(table.get("criterion", []), 1)
                ),
                indicators_intro=check.text(table, where, "indicators_intro") if "indicators_intro" in table else None,
                indicators=tuple(indicators),
                description=check.text(table, where, "description") if "description" in table else None,
            )
        )
    text = raw.get("text", {})
    guide = Guide(
        source=_source(raw.get("source", {}), check),
        label=check.text(text, "[text]", "label"),
        editorial_note=check.text(text, "[text]", "editorial_note"),
        title=check.text(text, "[text]", "title"),
        levels=tuple(levels),
        note=check.text(text, "[text]", "note"),
        facts=facts,
    )
    if check.problems:
        raise DataError("\n".join(check.problems))
    return guide


def _qa(raw: Table) -> QA:
    check = _Checker("qa.toml")
    check.keys(raw, "source text question", "top level")
    check.keys(raw.get("text", {}), "title lead", "[text]")
    questions = []
    for n, q in enumerate(raw.get("question", []), 1):
        where = f"question {n}"
        check.keys(q, "zh en about answer", where)
        for k, a in enumerate(q.get("answer", []), 1):
            check.keys(a, _TEXT, f"{where} answer {k}")
        about = q.get("about", [])
        if not isinstance(about, list) or not all(isinstance(k, str) for k in about):
            check.fail(where, "about must be a list of citation keys")
            about = []
        questions.append(
            Question(
                number=n,
                question=check.text(q, where),
                answer=tuple(check.text(a, f"{where} answer {k}") for k, a in enumerate(q.get("answer", []), 1)),
                about=tuple(about),
            )
        )
    text = raw.get("text", {})
    qa = QA(
        source=_source(raw.get("source", {}), check),
        title=check.text(text, "[text]", "title"),
        lead=check.text(text, "[text]", "lead"),
        questions=tuple(questions),
    )
    if check.problems:
        raise DataError("\n".join(check.problems))
    return qa


def _interpretations(raw: Table) -> tuple[Interpretation, ...]:
    check = _Checker("interpretations.toml")
    check.keys(raw, "source interpretation", "top level")
    out = []
    seen: set[str] = set()
    for n, table in enumerate(raw.get("interpretation", []), 1):
        where = f"interpretation {table.get('id', n)}"
        check.keys(table, "id title zh en basis", where)
        interpretation_id = table.get("id")
        if not isinstance(interpretation_id, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", interpretation_id):
            check.fail(where, "id must be lower-case words joined by hyphens")
            continue
        if interpretation_id in seen:
            check.fail(where, "duplicate id")
        seen.add(interpretation_id)
        basis = table.get("basis")
        if not isinstance(basis, list) or not basis or not all(isinstance(k, str) for k in basis):
            check.fail(where, "basis must be a non-empty list of citation keys")
            basis = []
        if not isinstance(table.get("en"), str):
            check.fail(where, "needs an (unofficial) English text 'en'")
        out.append(
            Interpretation(
                id=interpretation_id,
                title=check.text(table, where, "title"),
                text=check.text(table, where),
                basis=tuple(basis),
            )
        )
    if check.problems:
        raise DataError("\n".join(check.problems))
    return tuple(out)


_TERM_KEYS = "zh en variants variants_note en_forms zh_excludes listed"


def _strings(table: Table, key: str, where: str, check: Problems) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v and v == v.strip() for v in value):
        check.fail(where, f"{key} must be a list of non-empty strings without surrounding whitespace")
        return ()
    if len(set(value)) != len(value):
        check.fail(where, f"{key} lists a string twice")
    return tuple(value)


def build_glossary(raw: Table) -> Glossary:
    """Check and convert a parsed ``glossary.toml``; raises :class:`DataError` listing every problem."""
    check = _Checker("glossary.toml")
    check.keys(raw, "source term", "top level")
    table = raw.get("term", {})
    if not isinstance(table, Mapping) or not table:
        check.fail("[term]", "expected a table of terms")
        table = {}
    terms = []
    for term_id, value in table.items():
        where = f"term.{term_id}"
        if not isinstance(value, Mapping):
            check.fail(where, "expected a table")
            continue
        check.keys(value, _TERM_KEYS, where)
        text = check.text(value, where)
        if not text.en or text.en != text.en.strip():
            check.fail(where, "needs an English term 'en' without surrounding whitespace")
        note = check.text(value, where, "variants_note") if "variants_note" in value else None
        if note is not None and not note.en:
            check.fail(where, "variants_note needs both zh and en")
        variants = _strings(value, "variants", where, check)
        if text.en and text.en.casefold() in (v.casefold() for v in variants):
            check.fail(where, "our own English term is listed among the variants")
        zh_excludes = _strings(value, "zh_excludes", where, check)
        if any(text.zh not in word or word == text.zh for word in zh_excludes):
            check.fail(where, f"each of zh_excludes must be a longer word containing {text.zh!r}")
        listed = value.get("listed", True)
        if not isinstance(listed, bool):
            check.fail(where, "listed must be true or false")
            listed = True
        terms.append(
            Term(
                id=str(term_id),
                text=text,
                variants=variants,
                variants_note=note,
                en_forms=_strings(value, "en_forms", where, check),
                zh_excludes=zh_excludes,
                listed=listed,
            )
        )
    seen: dict[str, str] = {}
    for term in terms:
        if term.listed and term.text.zh in seen:
            check.fail(f"term.{term.id}", f"the Chinese term is already listed as term.{seen[term.text.zh]}")
        seen.setdefault(term.text.zh, term.id)
    if check.problems:
        raise DataError("\n".join(check.problems))
    return Glossary(terms=tuple(terms))


@functools.cache
def load_glossary() -> Glossary:
    """The package's own glossary, loaded and checked once per process."""
    return build_glossary(read_toml("glossary.toml"))


def build_law(measures: Table, guide: Table, qa: Table, interpretations: Table | None = None) -> Law:
    """Check and convert already-parsed TOML tables (tests use this to try altered data)."""
    return Law(
        measures=_measures(measures),
        guide=_guide(guide),
        qa=_qa(qa),
        interpretations=_interpretations(interpretations or read_toml("interpretations.toml")),
    )


@functools.cache
def load_law() -> Law:
    """The package's own data, loaded and checked once per process."""
    return build_law(read_toml("measures.toml"), read_toml("guide.toml"), read_toml("qa.toml"))


# ── Other duties (duties.toml) ──────────────────────────────────────────────────────────────

DUTY_SCOPES = ("all", "personal_info", "data", "cii", "crime", "intrusion", "vulnerability", "sector")
# The sector keys the answer `sectors` takes besides the regulators: none of them, and not sure.
SECTOR_EXTRA = ("none", "unknown")
_DUTY_KEYS = (
    "id scope sector title instrument article trigger clock_starts within_minutes timing to channel summary "
    "quote quote_section quote_sha256 path source checked_on verified note"
)


def _labelled(table: object, check: _Checker, where: str) -> dict[str, Text]:
    """A table of ``name = { zh, en }`` (or ``[x.name] label = { zh, en }``), both languages required."""
    out: dict[str, Text] = {}
    if not isinstance(table, Mapping) or not table:
        check.fail(where, "expected a non-empty table")
        return out
    for name, value in table.items():
        value = value.get("label", value) if isinstance(value, Mapping) else value
        text = check.text({"v": value}, f"{where}.{name}", "v")
        if not text.en:
            check.fail(f"{where}.{name}", "needs an (unofficial) English text 'en'")
        out[str(name)] = text
    return out


def _duty_text(check: _Checker, table: Table, where: str, key: str, required: bool = True) -> Text | None:
    """A duty's ``{ zh, en }`` text at ``key``, both languages required; None where optional and absent."""
    if key not in table:
        if required:
            check.fail(where, f"missing {key!r}")
        return None
    value = check.text(table, where, key)
    if not value.en:
        check.fail(where, f"{key} needs an (unofficial) English text 'en'")
    return value


def build_duties(raw: Table) -> Duties:
    """Check and convert a parsed ``duties.toml``; raises :class:`DataError` listing every problem.

    Checked: every key, both languages everywhere, the clock, timing and sector named by each duty,
    and the rule that only ``verified = "text"`` rows carry a quote, minutes or a timing word.
    """
    check = _Checker("duties.toml")
    check.keys(raw, "source text clock timing sector reason condition duty", "top level")
    source = raw.get("source", {})
    check.keys(source, "document file repository commit copy_date note", "[source]")
    clocks: dict[str, Clock] = {}
    for name, value in raw.get("clock", {}).items():
        check.keys(value, "label from_discovery", f"[clock.{name}]")
        if not isinstance(value.get("from_discovery"), bool):
            check.fail(f"[clock.{name}]", "from_discovery must be true or false")
        clocks[name] = Clock(_labelled({name: value}, check, "[clock]")[name], value.get("from_discovery") is True)
    timings: dict[str, Timing] = {}
    for name, value in raw.get("timing", {}).items():
        check.keys(value, "label rank", f"[timing.{name}]")
        rank = value.get("rank")
        if not isinstance(rank, int) or isinstance(rank, bool):
            check.fail(f"[timing.{name}]", "rank must be an integer")
            rank = 0
        timings[name] = Timing(_labelled({name: value}, check, "[timing]")[name], rank)
    sectors = _labelled(raw.get("sector"), check, "[sector]")
    if not set(SECTOR_EXTRA) <= set(sectors):
        check.fail("[sector]", f"must include {list(SECTOR_EXTRA)}")
    duties: list[Duty] = []
    seen: set[str] = set()
    for n, table in enumerate(raw.get("duty", []), 1):
        where = f"[[duty]] {table.get('id', n)}"
        check.keys(table, _DUTY_KEYS, where)
        duty_id = table.get("id")
        if not isinstance(duty_id, str) or not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", duty_id) or duty_id in seen:
            check.fail(where, "id must be a new lower-case identifier (words joined by _)")
            continue
        seen.add(duty_id)
        scope, verified = table.get("scope"), table.get("verified")
        if scope not in DUTY_SCOPES:
            check.fail(where, f"scope must be one of {list(DUTY_SCOPES)}")
        if verified not in VERIFIED:
            check.fail(where, f"verified must be one of {list(VERIFIED)}")
        sector = table.get("sector")
        if (scope == "sector") != (sector is not None) or (sector is not None and sector not in sectors):
            check.fail(where, "a sector rule (scope sector) names one sector key of [sector]; no other duty does")
        if table.get("clock_starts") not in clocks:
            check.fail(where, f"clock_starts must be one of {sorted(clocks)}")
        minutes, timing = table.get("within_minutes"), table.get("timing")
        if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0):
            check.fail(where, "within_minutes must be a positive integer")
        if timing is not None and timing not in timings:
            check.fail(where, f"timing must be one of {sorted(timings)}")
        if minutes is not None and timing is not None:
            check.fail(where, "give within_minutes or timing, not both")
        quote = table.get("quote", [])
        if not isinstance(quote, list) or not all(isinstance(q, str) and q and q == q.strip() for q in quote):
            check.fail(where, "quote must be a list of whole lines of the source")
            quote = []
        if verified == "text":
            if not quote or not table.get("quote_section") or not table.get("path"):
                check.fail(where, "a text row needs quote, quote_section and path (the file in the repository)")
            # The digest itself is compared in tests/package/test_duties.py (hashlib is not loaded in the
            # browser for this alone).
            if not re.fullmatch(r"[0-9a-f]{64}", str(table.get("quote_sha256"))):
                check.fail(where, "quote_sha256 must be the SHA-256 (hex) of the quote lines joined by newlines")
        else:
            if quote or minutes is not None or timing is not None:
                check.fail(where, "only a text row may quote, or give minutes or a timing word (deadline not read)")
            if "source" not in table:
                check.fail(where, "a recipient or listed row needs source: where what is known was read")
        checked_on = table.get("checked_on")
        if not isinstance(checked_on, dt.date):
            check.fail(where, "checked_on must be a TOML date")
            checked_on = dt.date.min

        text = functools.partial(_duty_text, check, table, where)
        duties.append(
            Duty(
                id=duty_id,
                scope=str(scope),
                title=text("title") or Text(""),
                instrument=text("instrument") or Text(""),
                article=text("article", required=False),
                trigger=text("trigger") or Text(""),
                clock_starts=str(table.get("clock_starts")),
                to=text("to") or Text(""),
                summary=text("summary") or Text(""),
                checked_on=checked_on,
                verified=str(verified),
                within_minutes=minutes if isinstance(minutes, int) else None,
                timing=timing if isinstance(timing, str) else None,
                channel=text("channel", required=False),
                sector=sector if isinstance(sector, str) else None,
                quote=tuple(quote),
                quote_section=table.get("quote_section"),
                quote_sha256=table.get("quote_sha256"),
                path=table.get("path"),
                source=text("source", required=False),
                note=text("note", required=False),
            )
        )
    duties_sectors = {d.sector for d in duties if d.sector}
    missing = [s for s in sectors if s not in SECTOR_EXTRA and s not in duties_sectors]
    if missing:
        check.fail("[sector]", f"sector keys without any duty: {missing}")
    copy_date = source.get("copy_date")
    result = Duties(
        repository=str(source.get("repository", "")),
        commit=str(source.get("commit", "")),
        copy_date=copy_date if isinstance(copy_date, dt.date) else None,
        file=str(source.get("file", "")),
        duties=tuple(duties),
        clocks=clocks,
        timings=timings,
        sectors=sectors,
        reasons=_labelled(raw.get("reason"), check, "[reason]"),
        conditions=_labelled(raw.get("condition"), check, "[condition]"),
        texts=_labelled(raw.get("text"), check, "[text]"),
    )
    if check.problems:
        raise DataError("\n".join(check.problems))
    return result


@functools.cache
def load_duties() -> Duties:
    """The package's own ``duties.toml``, loaded and checked once per process."""
    return build_duties(read_toml("duties.toml"))
