"""The reporting rules, the question tree and the glossary: TOML → checked, typed values.

Package room. May import: the standard library, ``decision_tree.model``, ``decision_tree.load``
and ``decision_tree.citations``.

Rules are flat: each has a ``when`` table mapping an answer to the values for which the rule
applies. Loading checks every answer name, every value, every citation key and every
interpretation id, and reports all problems at once, naming the file and the rule.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_tree.citations import CitationError, resolve
from decision_tree.load import DataError, Problems, build_glossary, load_duties, load_law, read_toml
from decision_tree.model import Law, Level, Text

LEVEL_VALUES = (*(level.value for level in Level), "unknown")
# Who the operator is decides the route (第四条): these two may also be "unknown", and then every
# route that may apply is listed (interpretation "routing-unknown").
ROUTING_ANSWERS = ("involves_cii", "central_state_organ")
# Answers that may be "unknown" besides true and false: the routing answers, and whether the
# sector has its own rules (then the sector report is listed as one that may apply).
TRISTATE_ANSWERS = (*ROUTING_ANSWERS, "sector_rules")
BOOLEAN_ANSWERS = (
    "suspected_crime",
    "ransomware",
    "state_secret",
)
# Every answer a `when` table may name, and the values it may take.
ANSWER_VALUES: dict[str, tuple[object, ...]] = {
    "level": LEVEL_VALUES,
    **dict.fromkeys(TRISTATE_ANSWERS, (True, False, "unknown")),
    **dict.fromkeys(BOOLEAN_ANSWERS, (True, False)),
    # Derived answers: facts about the input that rules and notes may depend on.
    "level_source": ("given", "graded", "unknown"),
    "time_assumed_beijing": (True, False),
    "involves_cii_given": (True, False),
    "central_state_organ_given": (True, False),
    "before_in_force": (True, False),
    "provincial_share_only": (True, False),
    "graded_above_given": (True, False),
    # Which sector regulators supervise the operator: several keys of duties.toml [sector]. The tree
    # enumerates only these two answers (paths, static pages); the live questionnaire takes any.
    "sectors": (("none",), ("unknown",)),
    "suspected_crime_given": (True, False),
    "crime_suggested": (True, False),
}
DERIVED_ANSWERS = (
    "level_source",
    "time_assumed_beijing",
    "involves_cii_given",
    "central_state_organ_given",
    "before_in_force",
    "provincial_share_only",
    "graded_above_given",
    "suspected_crime_given",
    "crime_suggested",
)
RECIPIENTS = (
    "protection_department",
    "public_security",
    "own_cyberspace_body",
    "provincial_cac",
    "sector_regulator",
)
AUTHORITIES = (
    *RECIPIENTS,
    "national_cac",
    "state_council_public_security",
    "departments_concerned",
    "same_level_departments",
)
REPORT_KINDS = ("incident_report", "crime_report", "sector_report")
# The text's own word before a report's hour limit (第四条: "第一时间" or "及时"), by id: the
# headline says it in the page's language (``word.<id>`` in ui.toml).
PROMPTNESS_WORDS = ("immediately", "promptly")

Condition = Mapping[str, frozenset[object]]


def matches(when: Condition, answers: Mapping[str, object]) -> bool:
    """True when every answer named in ``when`` has one of its listed values."""
    return all(answers.get(name) in values for name, values in when.items())


@dataclass(frozen=True)
class Report:
    """One report the operator must make (第四条)."""

    id: str
    when: Condition
    to: tuple[str, ...]
    kind: str
    within_minutes: int | None
    promptness: Text
    basis: str
    interpretation: str | None
    # A condition of the rule's own (a reading the text leaves open): the report only *may* apply.
    condition: tuple[str, Text] | None = None
    # Owed whatever the level (e.g. reporting a crime): no "if relatively major" condition.
    any_level: bool = False
    # "immediately" (第一时间) or "promptly" (及时): the word the promptness text opens with.
    promptness_word: str | None = None


@dataclass(frozen=True)
class RecipientChannel:
    """How a recipient is reached: the 12387 channels, or the channel that body designates."""

    to: tuple[str, ...]
    kind: str
    text: Text
    basis: str


@dataclass(frozen=True)
class Escalation:
    """What a receiving body must then do — the authorities' duty, not the operator's."""

    id: str
    when: Condition
    by: str
    to: tuple[str, ...]
    within_minutes: int | None
    basis: str
    timing: Text | None = None  # the text's own word where there is no hour limit (及时, 同时)


@dataclass(frozen=True)
class Entry:
    """A follow-up, a note or another duty: a cited line of text shown when ``when`` holds."""

    id: str
    when: Condition
    text: Text
    basis: str
    within_days: int | None = None
    interpretation: str | None = None


@dataclass(frozen=True)
class Channel:
    """One of the six reporting channels of 答记者问 第六问."""

    id: str
    value: str
    url: str | None
    label: Text
    needs: Text
    works_without_own_network: bool
    basis: str


@dataclass(frozen=True)
class RansomwareField:
    """A detail 第七条第一款第（二）项 requires for ransomware."""

    id: str
    label: Text


@dataclass(frozen=True)
class SiteKind:
    """A kind of site for the portal or defacement indicators, and the levels that cover it."""

    topic: str
    id: str
    levels: tuple[Level, ...]
    label: Text


@dataclass(frozen=True)
class Question:
    """A question of the tree; asked when ``ask_if`` holds for the answers so far."""

    id: str
    kind: str
    options: tuple[object, ...]
    ask_if: Condition
    text: Text
    help: Text
    basis: tuple[str, ...]
    # A refining question does not change whether or by when the operator reports: the result is
    # shown before it is answered, and it refines the result in place.
    refine: bool = False
    # kind "multi" (several options at once): the answers the tree enumerates, as tuples of options.
    enumerated: tuple[object, ...] = ()

    def values(self) -> tuple[object, ...]:
        """The answers a path through the tree may give: the options, or for "multi" the enumerated."""
        return self.enumerated if self.kind == "multi" else self.options


@dataclass(frozen=True)
class Rules:
    """Everything the engine applies, with its version for audit records."""

    version: str
    reports: tuple[Report, ...]
    escalations: tuple[Escalation, ...]
    follow_ups: tuple[Entry, ...]
    notes: tuple[Entry, ...]
    channels: tuple[Channel, ...]
    first_report_items: tuple[int, ...]
    first_report_basis: str
    ransomware_fields: tuple[RansomwareField, ...]
    questions: tuple[Question, ...]
    terms: Mapping[str, Text]
    site_kinds: tuple[SiteKind, ...] = ()
    recipient_channels: tuple[RecipientChannel, ...] = ()

    def channel_of(self, recipient: str) -> RecipientChannel:
        """How ``recipient`` is reached (every recipient has exactly one entry; checked on load)."""
        return next(c for c in self.recipient_channels if recipient in c.to)

    def site_kinds_for(self, topic: str) -> tuple[SiteKind, ...]:
        """The kinds of site a user can choose for an indicator topic."""
        return tuple(kind for kind in self.site_kinds if kind.topic == topic)

    def term(self, identifier: str) -> Text:
        """The Chinese and English names of an identifier (``provincial_cac`` → 属地省级网信部门)."""
        return self.terms[identifier]


class _Reader(Problems):
    """Reads one rules file's tables, collecting every problem with its place."""

    def __init__(self, file: str, law: Law) -> None:
        super().__init__(file)
        self.law = law

    def text(self, value: object, where: str) -> Text:
        if (
            not isinstance(value, Mapping)
            or not isinstance(value.get("zh"), str)
            or not isinstance(value.get("en"), str)
        ):
            self.fail(where, 'expected { zh = "…", en = "…" }')
            return Text(zh="")
        return Text(zh=value["zh"], en=value["en"])

    def basis(self, key: object, where: str) -> str:
        if not isinstance(key, str):
            self.fail(where, "basis must be a citation key")
            return ""
        try:
            resolve(key, self.law)
        except CitationError as error:
            self.fail(where, str(error))
        return key

    def interpretation(self, value: object, where: str) -> str | None:
        if value is None:
            return None
        try:
            self.law.interpretation(str(value))
        except KeyError:
            self.fail(where, f"interpretation {value!r} is not in interpretations.toml")
        return str(value)

    def when(self, value: object, where: str) -> Condition:
        if not isinstance(value, Mapping):
            self.fail(where, "when must be a table of answer = [values]")
            return {}
        out: dict[str, frozenset[object]] = {}
        for name, values in value.items():
            if name not in ANSWER_VALUES:
                self.fail(where, f"when names unknown answer {name!r}; known: {sorted(ANSWER_VALUES)}")
                continue
            if not isinstance(values, list) or not values:
                self.fail(where, f"when.{name} must be a non-empty list")
                continue
            wrong = [v for v in values if not any(v == a and type(v) is type(a) for a in ANSWER_VALUES[name])]
            if wrong:
                self.fail(where, f"when.{name} has values {wrong}; allowed: {list(ANSWER_VALUES[name])}")
            out[name] = frozenset(values)
        return out

    def minutes(self, value: object, where: str) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(where, "within_minutes must be a positive integer")
            return None
        return value

    def names(self, values: object, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
        if not isinstance(values, list) or not values or any(v not in allowed for v in values):
            self.fail(where, f"expected a non-empty list of {list(allowed)}, not {values!r}")
            return ()
        return tuple(values)


def _entries(reader: _Reader, raw: Mapping[str, Any], section: str, allowed: str) -> tuple[Entry, ...]:
    out = []
    for table in raw.get(section, []):
        where = f"[[{section}]] {table.get('id')}"
        reader.keys(table, allowed, where)
        out.append(
            Entry(
                id=str(table.get("id")),
                when=reader.when(table.get("when"), where),
                text=reader.text(table.get("text"), where),
                basis=reader.basis(table.get("basis"), where),
                within_days=table.get("within_days"),
                interpretation=reader.interpretation(table.get("interpretation"), where),
            )
        )
    return tuple(out)


def build_rules(raw: Mapping[str, Any], tree: Mapping[str, Any], glossary: Mapping[str, Any], law: Law) -> Rules:
    """Check and convert parsed TOML tables (tests use this to try altered rules)."""
    reader = _Reader("rules.toml", law)
    reader.keys(
        raw,
        "source report escalation contents follow_up recipient_channel channel note site_kind",
        "top level",
    )
    reports = []
    for table in raw.get("report", []):
        where = f"[[report]] {table.get('id')}"
        reader.keys(
            table,
            "id when to kind within_minutes promptness promptness_word basis interpretation condition any_level",
            where,
        )
        if table.get("kind") not in REPORT_KINDS:
            reader.fail(where, f"kind must be one of {list(REPORT_KINDS)}")
        word = table.get("promptness_word")
        if word is not None and word not in PROMPTNESS_WORDS:
            reader.fail(where, f"promptness_word must be one of {list(PROMPTNESS_WORDS)}")
            word = None
        if word is None and table.get("within_minutes") is not None:
            reader.fail(where, f"a report with an hour limit needs promptness_word, one of {list(PROMPTNESS_WORDS)}")
        condition = None
        if "condition" in table:
            raw_condition = table["condition"]
            if not isinstance(raw_condition, Mapping) or not str(raw_condition.get("id", "")).startswith("if_"):
                reader.fail(where, 'condition must be { id = "if_…", zh = "…", en = "…" }')
            else:
                text = {k: v for k, v in raw_condition.items() if k != "id"}
                condition = (str(raw_condition["id"]), reader.text(text, where + " condition"))
        reports.append(
            Report(
                id=str(table.get("id")),
                when=reader.when(table.get("when"), where),
                to=reader.names(table.get("to"), RECIPIENTS, where),
                kind=str(table.get("kind")),
                within_minutes=reader.minutes(table.get("within_minutes"), where),
                promptness=reader.text(table.get("promptness"), where),
                basis=reader.basis(table.get("basis"), where),
                interpretation=reader.interpretation(table.get("interpretation"), where),
                condition=condition,
                any_level=table.get("any_level") is True,
                promptness_word=word,
            )
        )
    escalations = []
    for table in raw.get("escalation", []):
        where = f"[[escalation]] {table.get('id')}"
        reader.keys(table, "id when by to within_minutes timing basis", where)
        if (table.get("within_minutes") is None) == ("timing" not in table):
            reader.fail(where, "give either within_minutes or timing (the text's own word for when, as it reads)")
        escalations.append(
            Escalation(
                id=str(table.get("id")),
                when=reader.when(table.get("when"), where),
                by=(reader.names([table.get("by")], AUTHORITIES, where) or ("",))[0],
                to=reader.names(table.get("to"), AUTHORITIES, where),
                within_minutes=reader.minutes(table.get("within_minutes"), where),
                basis=reader.basis(table.get("basis"), where),
                timing=reader.text(table["timing"], where) if "timing" in table else None,
            )
        )
    recipient_channels = []
    for n, table in enumerate(raw.get("recipient_channel", []), 1):
        where = f"[[recipient_channel]] #{n}"
        reader.keys(table, "to kind text basis", where)
        if table.get("kind") not in ("12387", "designated"):
            reader.fail(where, 'kind must be "12387" or "designated"')
        recipient_channels.append(
            RecipientChannel(
                to=reader.names(table.get("to"), RECIPIENTS, where),
                kind=str(table.get("kind")),
                text=reader.text(table.get("text"), where),
                basis=reader.basis(table.get("basis"), where),
            )
        )
    covered = [name for c in recipient_channels for name in c.to]
    if sorted(covered) != sorted(RECIPIENTS):
        reader.fail("[[recipient_channel]]", f"every recipient needs exactly one entry: {list(RECIPIENTS)}")
    channels = []
    for table in raw.get("channel", []):
        where = f"[[channel]] {table.get('id')}"
        reader.keys(table, "id value url label needs works_without_own_network basis", where)
        channels.append(
            Channel(
                id=str(table.get("id")),
                value=str(table.get("value")),
                url=table.get("url"),
                label=reader.text(table.get("label"), where),
                needs=reader.text(table.get("needs"), where),
                works_without_own_network=bool(table.get("works_without_own_network")),
                basis=reader.basis(table.get("basis"), where),
            )
        )
    contents = raw.get("contents", {})
    reader.keys(contents, "first_report_items first_report_basis ransomware_field", "[contents]")
    fields = []
    for table in contents.get("ransomware_field", []):
        reader.keys(table, "id label", f"ransomware_field {table.get('id')}")
        fields.append(
            RansomwareField(id=str(table.get("id")), label=reader.text(table.get("label"), "ransomware_field"))
        )

    site_kinds = []
    topics = {indicator.topic for level in law.guide.levels for indicator in level.indicators if indicator.scope}
    for table in raw.get("site_kind", []):
        where = f"[[site_kind]] {table.get('topic')}/{table.get('id')}"
        reader.keys(table, "topic id levels label", where)
        if table.get("topic") not in topics:
            reader.fail(where, f"topic must be one of the scoped indicator topics {sorted(topics)}")
        levels = table.get("levels", [])
        if not isinstance(levels, list) or any(v not in LEVEL_VALUES[:3] for v in levels):
            reader.fail(where, f"levels must list some of {list(LEVEL_VALUES[:3])}")
            levels = []
        site_kinds.append(
            SiteKind(
                topic=str(table.get("topic")),
                id=str(table.get("id")),
                levels=tuple(Level(v) for v in levels),
                label=reader.text(table.get("label"), where),
            )
        )

    tree_reader = _Reader("tree.toml", law)
    tree_reader.keys(tree, "source question", "top level")
    questions = []
    for table in tree.get("question", []):
        where = f"[[question]] {table.get('id')}"
        tree_reader.keys(table, "id kind options ask_if text help basis refine", where)
        question_id = str(table.get("id"))
        if question_id not in ANSWER_VALUES or question_id in DERIVED_ANSWERS:
            tree_reader.fail(where, f"a question's id must be an answer the engine reads, not {question_id!r}")
            continue
        options = tuple(table.get("options", ANSWER_VALUES[question_id] if table.get("kind") == "boolean" else ()))
        multi = table.get("kind") == "multi"
        allowed = tuple(load_duties().sectors) if multi else ANSWER_VALUES[question_id]
        if sorted(map(repr, options)) != sorted(map(repr, allowed)):
            tree_reader.fail(where, f"options must be exactly {list(allowed)}")
        questions.append(
            Question(
                id=question_id,
                kind=str(table.get("kind")),
                options=options,
                ask_if=tree_reader.when(table.get("ask_if", {}), where),
                text=tree_reader.text(table.get("text"), where),
                help=tree_reader.text(table.get("help"), where),
                basis=tuple(tree_reader.basis(k, where) for k in table.get("basis", [])),
                refine=table.get("refine") is True,
                enumerated=ANSWER_VALUES[question_id] if multi else (),
            )
        )

    glossary_reader = _Reader("glossary.toml", law)
    try:
        terms = {term.id: term.text for term in build_glossary(glossary).terms}
    except DataError as error:
        glossary_reader.problems += str(error).splitlines()
        terms = {}
    conditions = {"if_relatively_major_or_above", "if_major_or_above"} | {
        f"if_{prefix}{name}" for name in TRISTATE_ANSWERS for prefix in ("", "not_")
    }
    needed = set(AUTHORITIES) | set(LEVEL_VALUES) | set(REPORT_KINDS) | conditions
    if missing := sorted(needed - set(terms)):
        glossary_reader.fail("[term]", f"missing terms {missing}")

    follow_ups = _entries(reader, raw, "follow_up", "id when text basis within_days interpretation")
    notes = _entries(reader, raw, "note", "id when text basis")
    first_report_basis = reader.basis(contents.get("first_report_basis"), "[contents]")
    problems = reader.problems + tree_reader.problems + glossary_reader.problems
    if problems:
        raise DataError("\n".join(problems))
    return Rules(
        version=str(raw.get("source", {}).get("version", "")),
        reports=tuple(reports),
        escalations=tuple(escalations),
        follow_ups=follow_ups,
        notes=notes,
        channels=tuple(channels),
        first_report_items=tuple(contents.get("first_report_items", ())),
        first_report_basis=first_report_basis,
        ransomware_fields=tuple(fields),
        questions=tuple(questions),
        terms=terms,
        site_kinds=tuple(site_kinds),
        recipient_channels=tuple(recipient_channels),
    )


@functools.cache
def load_rules() -> Rules:
    """The package's own rules, loaded and checked once per process."""
    return build_rules(read_toml("rules.toml"), read_toml("tree.toml"), read_toml("glossary.toml"), load_law())
