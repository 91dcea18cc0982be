"""The incident file (issue 20): the chain, the duties and their states, the documents, the schema.

Runs against the source tree, the installed wheel and inside Pyodide (no subprocess).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from decision_tree import incident, incident_duties, incident_format, wording
from decision_tree.documents import draft_headings
from decision_tree.engine import assess_raw
from decision_tree.incident import IncidentError, add_event, documents, new_file, status, verify
from decision_tree.load import load_law
from decision_tree.web.calendar import duties_ics

DISCOVERED = "2025-11-03T23:40:00+08:00"
OTHER_OPERATOR = {
    "involves_cii": False,
    "central_state_organ": False,
    "level": "relatively_major",
    "discovered_at": DISCOVERED,
}
REPORT = {
    "type": "report_sent",
    "at": "2025-11-04T02:05",
    "to": "provincial_cac",
    "channel": "hotline",
    "items": [1, 2],
    "reference": "受理编号 A-123，接听人王女士",
    "not_determinable": True,
}


def _opened(answers: dict[str, Any] | None = None, now: str = "2025-11-04T00:10:00+08:00") -> dict[str, Any]:
    return new_file(answers or OTHER_OPERATOR, now)


def _add(file: dict[str, Any], now: str, **event: Any) -> dict[str, Any]:
    return add_event(file, event, now)


def _duty(state: dict[str, Any], duty_id: str) -> dict[str, Any]:
    return next(d for d in state["duties"] if d["id"] == duty_id)


FIRST = "report.other_operator.provincial_cac"


def _reported() -> dict[str, Any]:
    return add_event(_opened(), REPORT, "2025-11-04T02:10:00+08:00")


# ── The file and its chain.


def test_a_new_file_holds_the_answers_the_assessment_and_one_opened_event() -> None:
    """The opened event keeps the assess input, the level, rules version and text fingerprint."""
    file = _opened()
    opened = file["events"][0]
    assert ("cn-incident-file", 2, 1) == (file["format"], file["schema_version"], len(file["events"]))
    assert (
        0,
        "opened",
        DISCOVERED,
        "2025-11-04T00:10:00+08:00",
        incident_format.anchor(file["id"], file["created_at"]),
    ) == (
        opened["seq"],
        opened["type"],
        opened["at"],
        opened["recorded_at"],
        opened["prev"],
    )
    assert OTHER_OPERATOR == opened["answers"]
    assert ("relatively_major", True) == (opened["assessment"]["level"], opened["assessment"]["must_report"])
    assert re.fullmatch(r"[0-9a-f]{64}", opened["assessment"]["text_fingerprint"])
    assert incident_format.digest(opened) == file["head"]


def test_each_event_carries_the_hash_of_the_previous_and_the_file_is_not_mutated() -> None:
    """prev = SHA-256 of the previous event's canonical JSON; head = hash of the last; input untouched."""
    file = _opened()
    before = copy.deepcopy(file)
    updated = add_event(file, REPORT, "2025-11-04T02:10:00+08:00")
    assert before == file
    event = updated["events"][1]
    assert (1, incident_format.digest(file["events"][0]), incident_format.digest(event)) == (
        event["seq"],
        event["prev"],
        updated["head"],
    )
    # A time without an offset is Beijing time; both times are kept.
    assert ("2025-11-04T02:05:00+08:00", "2025-11-04T02:10:00+08:00") == (event["at"], event["recorded_at"])


def test_canonical_json_is_sorted_compact_utf8() -> None:
    """The canonical form: sorted keys, no spaces, Chinese as UTF-8."""
    assert '{"a":"报","b":[1,2]}'.encode() == incident_format.canonical({"b": [1, 2], "a": "报"})


def _long() -> dict[str, Any]:
    file = _reported()
    file = _add(file, "2025-11-05T10:00:00+08:00", type="note", at="2025-11-05T09:00", text="现场已保全")
    return _add(file, "2025-11-10T18:05:00+08:00", type="handling_ended", at="2025-11-10T18:00")


def test_an_intact_file_verifies() -> None:
    """A file written by the tool verifies."""
    assert (True, None) == (verify(_long()).ok, verify(_long()).index)


@pytest.mark.parametrize(
    ("change", "index"),
    [
        ("edit the report's time", 2),
        ("edit the last event", 3),
        ("delete the report", 1),
        ("delete the last event", 2),
        ("swap two events", 1),
        ("swap and renumber", 1),
    ],
)
def test_an_edit_deletion_or_reordering_shows(change: str, index: int) -> None:
    """verify names the first entry that no longer matches."""
    file = _long()
    events = file["events"]
    if change == "edit the report's time":
        events[1]["at"] = "2025-11-04T01:05:00+08:00"
    elif change == "edit the last event":
        events[3]["at"] = "2025-11-09T18:00:00+08:00"
    elif change == "delete the report":
        del events[1]
    elif change == "delete the last event":
        del events[3]
    elif change == "swap two events":
        events[1], events[2] = events[2], events[1]
    else:
        events[1], events[2] = events[2], events[1]
        events[1]["seq"], events[2]["seq"] = 1, 2
    result = verify(file)
    assert (False, index) == (result.ok, result.index)
    assert f"entry {index}" in result.reason["en"] and f"第 {index} 项" in result.reason["zh"]


def test_nothing_is_added_to_a_broken_chain() -> None:
    """add_event refuses a file whose chain does not verify, naming the entry."""
    file = _long()
    file["events"][1]["reference"] = "改过的编号"
    with pytest.raises(IncidentError) as caught:
        add_event(file, {"type": "note", "at": "2025-11-11T09:00", "text": "x"}, "2025-11-11T10:00:00+08:00")
    assert "events[2]" == caught.value.field


# ── Duties and their states.


def test_the_first_report_is_open_before_its_due_time_and_overdue_after() -> None:
    """Provincial CAC, 4 hours from 23:40: open at 03:00, overdue at 03:41; cited 第四条第四款."""
    file = _opened()
    before, after = _duty(status(file, "2025-11-04T03:00"), FIRST), _duty(status(file, "2025-11-04T03:41"), FIRST)
    assert ("open", "overdue") == (before["state"], after["state"])
    assert ("provincial_cac", "2025-11-04T03:40:00+08:00", None, "measures/4/4") == (
        before["to"],
        before["due_at"],
        before["done_at"],
        before["basis"],
    )


def test_a_report_in_time_is_done_and_a_late_one_is_late() -> None:
    """Sent 02:05 → done; sent 04:00 → late (after 03:40)."""
    done = _duty(status(_reported(), "2025-11-05T00:00"), FIRST)
    late_file = add_event(_opened(), {**REPORT, "at": "2025-11-04T04:00"}, "2025-11-04T04:10:00+08:00")
    late = _duty(status(late_file, "2025-11-05T00:00"), FIRST)
    assert ("done", "2025-11-04T02:05:00+08:00", 1) == (done["state"], done["done_at"], done["done_by"])
    assert ("late", "2025-11-04T04:00:00+08:00") == (late["state"], late["done_at"])


def test_items_1_and_2_first_leave_a_supplement_of_3_to_8_until_sent() -> None:
    """第七条第二款: a report of items 1–2 opens the supplement (及时), done once 3–8 are sent."""
    file = _reported()
    before = _duty(status(file, "2025-11-04T03:00"), "supplement.provincial_cac")
    supplement = {"type": "supplement_sent", "at": "2025-11-04T10:00", "to": "provincial_cac", "channel": "hotline"}
    file = add_event(file, {**supplement, "items": [3, 4, 5, 6, 7, 8]}, "2025-11-04T10:05:00+08:00")
    after = _duty(status(file, "2025-11-04T11:00"), "supplement.provincial_cac")
    assert ("open", [3, 4, 5, 6, 7, 8], None, "measures/7/2", "及时") == (
        before["state"],
        before["items_missing"],
        before["due_at"],
        before["basis"],
        before["timing"]["zh"],
    )
    assert ("done", [], "2025-11-04T10:00:00+08:00") == (after["state"], after["items_missing"], after["done_at"])


def test_a_full_first_report_owes_no_supplement() -> None:
    """All eight items at once: no supplement row."""
    file = add_event(_opened(), {**REPORT, "items": list(range(1, 9))}, "2025-11-04T02:10:00+08:00")
    assert [] == [d for d in status(file, "2025-11-04T03:00")["duties"] if d["kind"] == "supplement"]


def test_the_summary_is_due_30_days_after_the_recorded_handling_end() -> None:
    """Handling ended 11-10 → last day 12-10 (the day itself not counted), ending at 24:00; original channel."""
    file = _long()
    waiting = _duty(status(_reported(), "2025-11-06T00:00"), "summary.provincial_cac")
    due = _duty(status(file, "2025-12-10T23:00"), "summary.provincial_cac")
    assert (None, None, "open") == (waiting["due_at"], waiting["due_on"], waiting["state"])
    assert ("2025-12-10", "2025-12-11T00:00:00+08:00", "open", "hotline", "measures/8/1") == (
        due["due_on"],
        due["due_at"],
        due["state"],
        due["channel"],
        due["basis"],
    )
    assert "overdue" == _duty(status(file, "2025-12-11T00:00:01"), "summary.provincial_cac")["state"]
    summary = {"type": "summary_sent", "to": "provincial_cac", "channel": "hotline", "reference": "B-9"}
    in_time = add_event(file, {**summary, "at": "2025-12-10T23:00"}, "2025-12-10T23:10:00+08:00")
    late = add_event(file, {**summary, "at": "2025-12-11T09:00"}, "2025-12-11T09:10:00+08:00")
    assert ("done", "late") == (
        _duty(status(in_time, "2025-12-12T00:00"), "summary.provincial_cac")["state"],
        _duty(status(late, "2025-12-12T00:00"), "summary.provincial_cac")["state"],
    )


def test_developments_stay_open_after_handling_ends() -> None:
    """第七条第三款 sets no end: the developments duty lists each report and stays open after handling ends."""
    file = _reported()
    development = {"type": "development_reported", "at": "2025-11-05T09:00", "to": "provincial_cac"}
    file = add_event(file, {**development, "channel": "hotline", "text": "发现新的受影响系统"}, "2025-11-05T09:05")
    open_ = _duty(status(file, "2025-11-06T00:00"), "developments")
    file = _add(file, "2025-11-10T18:05", type="handling_ended", at="2025-11-10T18:00")
    closed = _duty(status(file, "2025-11-11T00:00"), "developments")
    assert ("open", "measures/7/3", [2]) == (open_["state"], open_["basis"], [e["seq"] for e in open_["reported"]])
    assert ("open", [2]) == (closed["state"], [e["seq"] for e in closed["reported"]])


def test_the_police_report_is_a_duty_done_by_police_reported() -> None:
    """A suspected crime adds the crime report (第四条第六款), done by a police_reported event."""
    file = _opened({**OTHER_OPERATOR, "suspected_crime": True})
    row = next(d for d in status(file, "2025-11-04T01:00")["duties"] if d["kind"] == "crime_report")
    file = _add(file, "2025-11-04T01:30", type="police_reported", at="2025-11-04T01:20", reference="报案回执 7")
    done = _duty(status(file, "2025-11-04T02:00"), row["id"])
    assert ("public_security", "measures/4/6", None, "open") == (row["to"], row["basis"], row["due_at"], row["state"])
    assert ("done", "2025-11-04T01:20:00+08:00") == (done["state"], done["done_at"])


def test_other_duties_are_listed_with_their_basis() -> None:
    """Every other duty the result lists becomes a row, cited."""
    state = status(_opened(), "2025-11-04T01:00")
    assert [d["id"] for d in state["result"]["other_duties"]] == [
        d["id"].removeprefix("other.") for d in state["duties"] if d["kind"] == "other"
    ]
    assert all(d["basis"] for d in state["duties"])


RAISED = {"involves_cii": True, "central_state_organ": False, "level": "general", "discovered_at": "2025-11-03T10:00"}


def test_new_facts_raising_the_level_add_duties_with_both_readings_of_the_clock() -> None:
    """一般 → 较大 at 12:00 (main function down 50 minutes): the CII reports appear, due 11:00 from the
    discovery (overdue at 12:30), and 13:00 under the other reading (still open)."""
    file = new_file({**RAISED, "facts": {"cii_main_function_outage_minutes": 20}}, "2025-11-03T10:30")
    assert [] == [d for d in status(file, "2025-11-03T10:40")["duties"] if d["kind"] == "first_report"]
    new_facts = {"involves_cii": True, "central_state_organ": False, "level": "general"}
    new_facts["facts"] = {"cii_main_function_outage_minutes": 50}
    file = add_event(
        file, {"type": "facts_changed", "at": "2025-11-03T12:00", "answers": new_facts}, "2025-11-03T12:05"
    )
    state = status(file, "2025-11-03T12:30")
    row = _duty(state, "report.cii.protection_department")
    assert ("relatively_major", [False, True]) == (state["level"], [lv["must_report"] for lv in state["levels"]])
    assert ("2025-11-03T11:00:00+08:00", "overdue", "measures/4/2") == (row["due_at"], row["state"], row["basis"])
    assert (
        "interpretations/regrade-clock",
        "2025-11-03T12:00:00+08:00",
        "2025-11-03T13:00:00+08:00",
        "open",
    ) == (
        row["clock"]["reading"],
        row["clock"]["raised_at"],
        row["clock"]["due_at_other_reading"],
        row["clock"]["state_other_reading"],
    )
    assert "interpretations/regrade-clock" in state["interpretations"]
    # The stored answers keep the file's discovery time.
    assert "2025-11-03T10:00" == file["events"][1]["answers"]["discovered_at"]


def test_every_duty_has_the_contract_fields() -> None:
    """id, to, basis, due_at or timing, done_at, state ∈ open/done/late/overdue, zh and en labels."""
    for row in status(_long(), "2025-11-12T00:00")["duties"]:
        assert {"id", "to", "basis", "due_at", "timing", "done_at", "state", "label", "state_label"} <= set(row)
        assert row["state"] in ("open", "done", "late", "overdue")
        assert row["due_at"] is not None or row["timing"] is not None or row["kind"] == "other"
        assert {"zh", "en"} == set(row["label"]) == set(row["state_label"])


# ── Bad input: refused, naming the field, in both languages, never touching the file.

BAD_EVENTS = [
    ("a sent time before the discovery", {**REPORT, "at": "2025-11-03T23:00"}, "at", "早于发现"),
    ("a sent time in the future", {**REPORT, "at": "2025-11-04T09:00"}, "at", "晚于现在"),
    ("a time that cannot be read", {**REPORT, "at": "yesterday"}, "at", "不是可读的时间"),
    ("an unknown recipient", {**REPORT, "to": "cac"}, "to", "不是已知的报告对象"),
    ("an unknown item", {**REPORT, "items": [1, 9]}, "items", "1至8"),
    ("an item given twice", {**REPORT, "items": [1, 1]}, "items", "不重复"),
    ("no items", {**REPORT, "items": []}, "items", "至少一项"),
    ("an unknown event type", {"type": "reported", "at": "2025-11-04T02:05"}, "type", "不是可记录的事件类型"),
    ("an unknown field", {**REPORT, "recipient": "x"}, "recipient", "没有此字段"),
    ("a field left out", {"type": "report_sent", "at": "2025-11-04T02:05", "to": "provincial_cac"}, "channel", "缺少"),
    ("an empty note", {"type": "note", "at": "2025-11-04T02:05", "text": " "}, "text", "非空文字"),
    ("not an object", ["report_sent"], "event", "JSON 对象"),
    (
        "new facts that move the discovery",
        {"type": "facts_changed", "at": "2025-11-04T02:05", "answers": {"discovered_at": "2025-11-03T20:00"}},
        "answers.discovered_at",
        "发现时间",
    ),
    (
        "new facts with a typo",
        {"type": "facts_changed", "at": "2025-11-04T02:05", "answers": {"levle": "major"}},
        "answers.levle (unknown key)",
        "assess",
    ),
]


@pytest.mark.parametrize(("name", "event", "field", "words"), BAD_EVENTS, ids=[b[0] for b in BAD_EVENTS])
def test_bad_events_are_refused_naming_the_field_in_both_languages(
    name: str, event: object, field: str, words: str
) -> None:
    """Each bad event raises IncidentError with the field, a Chinese and an English message."""
    file = _opened()
    before = copy.deepcopy(file)
    with pytest.raises(IncidentError) as caught:
        add_event(file, event, "2025-11-04T02:10:00+08:00")
    error = caught.value
    assert (field, True, True) == (error.field, error.zh.startswith(field), error.en.startswith(field))
    assert words in error.zh
    assert before == file
    assert 1 == len(str(error).splitlines())


BAD_FILES = [
    ("not ours", {"format": "something-else"}, "format"),
    ("a newer schema", {"schema_version": incident_format.SCHEMA_VERSION + 1}, "schema_version"),
    ("no events", {"events": []}, "events"),
    ("an event of an unknown type", {"events": [{"type": "x"}]}, "events[0].type"),
]


@pytest.mark.parametrize(("name", "change", "field"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_files_that_are_not_ours_are_refused(name: str, change: dict[str, Any], field: str) -> None:
    """A file that is not ours, or from a newer schema, is refused by every function, naming the field."""
    file = {**_opened(), **change}
    for call in (
        lambda: status(file, "2025-11-04T02:00"),
        lambda: verify(file),
        lambda: add_event(file, REPORT, "2025-11-04T02:10"),
    ):
        with pytest.raises(IncidentError) as caught:
            call()
        assert field == caught.value.field
    if name == "a newer schema":
        assert "newer version" in caught.value.en and "较新版本" in caught.value.zh


def test_a_new_file_needs_the_discovery_time() -> None:
    """new_file without discovered_at names it; a discovery in the future is refused too."""
    with pytest.raises(IncidentError) as missing:
        new_file({"level": "major"}, "2025-11-04T00:00")
    with pytest.raises(IncidentError) as future:
        new_file(OTHER_OPERATOR, "2025-11-03T20:00")
    assert ("discovered_at", "discovered_at") == (missing.value.field, future.value.field)


# ── Documents.


def test_the_first_report_carries_what_the_tool_knows() -> None:
    """The grading facts, the level, the recipients and the report time, each clock time in Beijing time."""
    answers = {
        "involves_cii": True,
        "central_state_organ": False,
        "discovered_at": "2025-11-03T23:40",
        "facts": {"cii_main_function_outage_minutes": 50},
    }
    file = new_file(answers, "2025-11-03T23:50")
    report = {**REPORT, "to": "protection_department", "at": "2025-11-04T00:20", "channel": "值班电话"}
    file = add_event(file, report, "2025-11-04T00:25")
    first = documents(file, "2025-11-04T00:30")["first_report"]
    zh, en = first["zh"], first["en"]
    assert "关键信息基础设施主要功能中断运行时长（分钟）：50" in zh
    assert "较大" in zh and "保护工作部门" in zh and "公安机关" in zh
    assert "报告时间：2025年11月4日 00:20（北京时间）" in zh
    assert "发现或获知事件的时间：2025年11月3日 23:40（北京时间）" in zh
    assert "unofficial" in en and "2025-11-04 00:20 (Beijing time)" in en and ": 50" in en


def test_the_supplement_lists_the_items_still_owed_and_the_developments() -> None:
    """Items 3–8 (from the official text) and the developments reported since."""
    file = _reported()
    development = {"type": "development_reported", "at": "2025-11-05T09:00", "to": "provincial_cac"}
    file = add_event(file, {**development, "channel": "hotline", "text": "攻击源已封堵"}, "2025-11-05T09:05")
    zh = documents(file, "2025-11-05T10:00")["supplement"]["zh"]
    items = load_law().measures.article(7).paragraphs[0].items
    assert [True] * 6 == [item.text.zh in zh for item in items[2:]]
    assert items[0].text.zh not in zh
    assert "攻击源已封堵" in zh and "A-123" in zh


def test_the_summary_has_article_8s_headings_from_the_official_text() -> None:
    """The six headings of 第八条, in order, cut from the official sentence; the file's hash at the end."""
    file = _long()
    state = status(file, "2025-11-12T00:00")
    zh = documents(file, "2025-11-12T00:00")["summary"]["zh"]
    headings = re.findall(r"^[一二三四五六]、(.+)$", zh, re.M)
    assert ["发生原因", "应急处置措施", "造成的危害", "责任追究", "完善整改情况", "教训"] == headings
    assert all(h in load_law().measures.article(8).paragraphs[0].text.zh for h in headings)
    assert (True, True) == (state["head"] in zh, "12387" in zh)
    # The last day rests on a reading (summary-30-days): the timeline shows it, the text to submit does not.
    assert ("2025-12-10", False) == (_duty(state, "summary.provincial_cac")["due_on"], "2025年12月10日" in zh)


# ── The schema.


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """A validator for the subset of JSON Schema 2020-12 the file's schema uses."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _validate(value, target, root, path)
    problems: list[str] = []
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if "type" in schema:
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            (isinstance(value, int) and not isinstance(value, bool)) if w == "integer" else isinstance(value, kinds[w])
            for w in wanted
        )
        if not ok:
            return [f"{path}: not {wanted}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{path}: does not match {schema['pattern']}")
    if "minLength" in schema and len(value) < schema["minLength"]:
        problems.append(f"{path}: too short")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append(f"{path}: too long")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{path}: below {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{path}: above {schema['maximum']}")
    if isinstance(value, dict):
        problems += [f"{path}.{k}: required" for k in schema.get("required", []) if k not in value]
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                problems += _validate(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}.{key}: not allowed")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            problems.append(f"{path}: wrong number of items")
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            problems.append(f"{path}: repeated items")
        prefix = schema.get("prefixItems", [])
        for n, item in enumerate(value):
            sub = prefix[n] if n < len(prefix) else schema.get("items")
            if sub is not None:
                problems += _validate(item, sub, root, f"{path}[{n}]")
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if not _validate(value, s, root, path)]
        if len(passing) != 1:
            problems.append(f"{path}: matches {len(passing)} of oneOf")
    return problems


def _full() -> dict[str, Any]:
    file = _long()
    file = add_event(file, {"type": "police_reported", "at": "2025-11-11T09:00"}, "2025-11-11T09:05")
    file = add_event(
        file,
        {"type": "summary_sent", "at": "2025-11-20T09:00", "to": "provincial_cac", "channel": "hotline"},
        "2025-11-20T10:00",
    )
    return add_event(
        file,
        {"type": "facts_changed", "at": "2025-11-20T11:00", "answers": {"level": "major"}},
        "2025-11-20T11:05",
    )


def test_files_the_tool_writes_validate_against_the_published_schema() -> None:
    """Every event type the tool writes passes the JSON Schema; a tampered shape does not."""
    schema = incident_format.json_schema()
    file = _full()
    assert [] == _validate(file, schema, schema)
    broken = copy.deepcopy(file)
    broken["events"][1]["items"] = [9]
    del broken["events"][2]["prev"]
    assert 2 == len(_validate(broken, schema, schema))


def test_the_schema_lists_exactly_the_fields_the_engine_accepts() -> None:
    """Per event type, the schema's fields are the bookkeeping, the user's and the recorded ones."""
    defs = incident_format.json_schema()["$defs"]
    for kind, (required, optional) in {**incident_format.EVENT_FIELDS, "opened": ((), ())}.items():
        recorded = incident_format.RECORDED.get(kind, ())
        assert (set(incident_format.BOOKKEEPING) | set(required) | set(optional) | set(recorded)) == set(
            defs[kind]["properties"]
        )
        assert (set(incident_format.BOOKKEEPING) | set(required) | set(recorded)) == set(defs[kind]["required"])


def test_the_calendar_has_one_event_per_dated_open_duty() -> None:
    """The first report (due 03:40), the two 24-hour police clocks marked as may apply (the crime
    question unanswered) and, after the handling end, the summary (alarm a day before)."""
    opened = duties_ics(status(_opened(), "2025-11-04T01:00"), "zh")
    ended = duties_ics(status(_long(), "2025-11-12T00:00"), "en")
    assert (3, "DTSTART:20251103T194000Z") == (opened.count("BEGIN:VEVENT"), re.findall(r"DTSTART:\S+", opened)[0])
    summaries = re.findall(r"SUMMARY:(\S{4})", opened.replace("\r\n ", ""))
    assert ["向属地省", "可能适用", "可能适用"] == summaries
    assert (3, "DTSTART:20251210T160000Z", "TRIGGER:-P1D") == (
        ended.count("BEGIN:VEVENT"),
        re.findall(r"DTSTART:\S+", ended)[0],
        re.findall(r"TRIGGER:\S+", ended)[0],
    )


def test_every_draft_heading_is_in_the_assess_draft() -> None:
    """The headings the English page glosses (documents.draft_headings) are all in contents.draft."""
    draft = assess_raw({"level": "major", "discovered_at": DISCOVERED})["contents"]["draft"]
    assert [] == [zh for zh, _ in draft_headings() if zh not in draft]


def test_two_copies_that_diverged_merge_into_one_chain_either_way() -> None:
    """Two tabs each add an event to the same file: merging keeps both, in the order written, verified."""
    base = _reported()
    tab_a = _add(base, "2025-11-04T09:05", type="note", at="2025-11-04T09:00", text="A 标签页")
    tab_b = _add(base, "2025-11-04T09:03", type="note", at="2025-11-04T08:00", text="B 标签页")
    merged, other_way = incident.merge(tab_a, tab_b), incident.merge(tab_b, tab_a)
    assert merged == other_way
    assert (True, ["opened", "report_sent", "B 标签页", "A 标签页"]) == (
        verify(merged).ok,
        [e.get("text", e["type"]) for e in merged["events"]],
    )
    assert base["events"] == merged["events"][:2]
    assert merged == incident.merge(merged, tab_a)  # merging again adds nothing


def test_copies_of_different_files_or_broken_ones_do_not_merge() -> None:
    """Another incident's file, or a tampered copy, is refused naming it."""
    other = new_file({**OTHER_OPERATOR, "level": "major"}, "2025-11-04T00:10")
    broken = _long()
    broken["events"][1]["reference"] = "x"
    with pytest.raises(IncidentError) as different:
        incident.merge(_reported(), other)
    with pytest.raises(IncidentError) as tampered:
        incident.merge(_reported(), broken)
    assert ("second.events[0]", "second.events[2]") == (different.value.field, tampered.value.field)


def test_the_assess_draft_is_filled_in_and_has_an_english_working_copy() -> None:
    """contents.draft carries the facts, level and recipients; contents.draft_en is marked unofficial."""
    answers = {"involves_cii": True, "discovered_at": DISCOVERED, "facts": {"cii_main_function_outage_minutes": 50}}
    contents = assess_raw(answers)["contents"]
    assert "关键信息基础设施主要功能中断运行时长（分钟）：50" in contents["draft"]
    assert "报送对象：保护工作部门" in contents["draft"]
    assert "unofficial" in contents["draft_en"] and "CII main-function outage (minutes): 50" in contents["draft_en"]


def test_a_report_under_another_regime_names_the_duty_it_fulfils() -> None:
    """to: "other" with duty: "other.<id>" marks that row done; without a duty it is refused."""
    file = _opened()
    other = next(d["id"] for d in status(file, "2025-11-04T01:00")["duties"] if d["kind"] == "other")
    event = {"type": "report_sent", "at": "2025-11-04T01:00", "to": "other", "channel": "邮件", "items": [1, 2]}
    with pytest.raises(IncidentError) as caught:
        add_event(file, event, "2025-11-04T01:05")
    file = add_event(file, {**event, "duty": other}, "2025-11-04T01:05")
    state = status(file, "2025-11-04T02:00")
    assert ("duty", other in caught.value.en) == (caught.value.field, True)
    assert ("done", "open") == (_duty(state, other)["state"], _duty(state, FIRST)["state"])
    assert [] == [d for d in state["duties"] if d["id"] in ("supplement.other", "summary.other")]


def test_other_duty_rows_are_read_generically() -> None:
    """A row shaped as another regime's (recipient as text, minutes, due time, clock) keeps those fields."""
    row = {
        "id": "police",
        "to": {"zh": "公安机关", "en": "public security organ"},
        "title": {"zh": "报案", "en": "crime report"},
        "within_minutes": 1440,
        "due_at": "2025-11-04T23:40:00+08:00",
        "timing": None,
        "basis": "measures/4/6",
        "conditional": True,
        "conditions": [],
        "clock_starts_label": {"zh": "自发现时", "en": "from discovery"},
    }
    police = incident_duties._other(row, {}, incident_format.moment("now", "2025-11-05T00:00"))
    assert ("overdue", "public security organ", "crime report", "2025-11-04T23:40:00+08:00", True) == (
        police["state"],
        police["to_label"]["en"],
        police["label"]["en"],
        police["due_at"],
        police["conditional"],
    )


def test_every_event_type_and_state_has_words_in_both_languages() -> None:
    """incident.toml names every event type and state; documents.toml loads (zh and en, same placeholders)."""
    words = wording.table("incident.toml")
    wanted = [f"event.{kind}" for kind in ("opened", *incident_format.EVENT_TYPES)] + [
        f"state.{s}" for s in incident_duties.STATES
    ]
    assert [] == [key for key in wanted if key not in words or not words[key].zh or not words[key].en]
    assert wording.table("documents.toml")["first.title"].zh


@pytest.mark.parametrize(
    ("ended", "last_day"),
    [("2025-11-10T18:00", "2025-12-10"), ("2028-02-10T09:00", "2028-03-11"), ("2025-12-31T23:59", "2026-01-30")],
)
def test_the_summarys_last_day_is_the_30th_day_after_the_handling_end(ended: str, last_day: str) -> None:
    """The day handling ended is not counted (summary-30-days): across months, a leap year and a year end."""
    file = add_event(_reported(), {"type": "handling_ended", "at": ended}, ended)
    assert last_day == _duty(status(file, ended), "summary.provincial_cac")["due_on"]


# ── Legal review 1, items 11-20, and the chain over id and created_at.

CII = {**OTHER_OPERATOR, "involves_cii": True, "sector_rules": True}


def test_the_summary_follow_up_quotes_article_8() -> None:
    """The summary_report follow-up's Chinese is 第八条's sentence as the official text has it."""
    follow_up = next(f for f in assess_raw(OTHER_OPERATOR)["follow_ups"] if f["id"] == "summary_report")
    assert (True, "measures/8/1") == (
        follow_up["text"]["zh"] in load_law().measures.article(8).paragraphs[0].text.zh,
        follow_up["basis"],
    )


def test_items_1_and_2_without_the_condition_do_not_complete_the_first_report() -> None:
    """Without not_determinable, a report of items 1-2 leaves the first report open with items 3-8 as its gap."""
    report = {k: v for k, v in REPORT.items() if k != "not_determinable"}
    file = add_event(_opened(), report, "2025-11-04T02:10")
    state = status(file, "2025-11-04T04:00")
    first = _duty(state, FIRST)
    assert ("overdue", None, [3, 4, 5, 6, 7, 8], [1], "measures/7/1") == (
        first["state"],
        first["done_at"],
        first["items_missing"],
        first["gap"]["sent_by"],
        first["gap"]["basis"],
    )
    assert [] == [d["id"] for d in state["duties"] if d["kind"] == "supplement"]


def test_a_report_without_items_1_and_2_never_completes_the_first_report() -> None:
    """Items 1 and 2 cannot themselves be deferred: items [5] with the condition leave the first report open."""
    file = add_event(_opened(), {**REPORT, "items": [5]}, "2025-11-04T02:10")
    state = status(file, "2025-11-04T03:00")
    assert ("open", [1, 2, 3, 4, 6, 7, 8], []) == (
        _duty(state, FIRST)["state"],
        _duty(state, FIRST)["items_missing"],
        [d["id"] for d in state["duties"] if d["kind"] == "supplement"],
    )


def test_the_missing_items_sent_later_complete_the_first_report_at_that_time() -> None:
    """Items 1-2 at 02:05 (no condition), items 3-8 at 04:00: the first report is done late, at 04:00."""
    report = {k: v for k, v in REPORT.items() if k != "not_determinable"}
    file = add_event(_opened(), report, "2025-11-04T02:10")
    rest = {**report, "type": "supplement_sent", "at": "2025-11-04T04:00", "items": [3, 4, 5, 6, 7, 8]}
    rest.pop("reference")
    file = add_event(file, rest, "2025-11-04T04:05")
    first = _duty(status(file, "2025-11-04T05:00"), FIRST)
    assert ("late", "2025-11-04T04:00:00+08:00", 2) == (first["state"], first["done_at"], first["done_by"])


def test_not_determinable_must_be_true_or_false() -> None:
    """not_determinable is a boolean; anything else is refused, naming the field."""
    with pytest.raises(IncidentError) as caught:
        add_event(_opened(), {**REPORT, "not_determinable": "yes"}, "2025-11-04T02:10")
    assert "not_determinable" == caught.value.field


def test_the_supplement_document_lists_only_the_items_still_owed() -> None:
    """Items 1-2 deferred, then 3-5 supplemented: the document lists 六、七、八; nothing owed, no section."""
    file = _reported()
    part = {"type": "supplement_sent", "at": "2025-11-04T05:00", "to": "provincial_cac", "channel": "hotline"}
    file = add_event(file, {**part, "items": [3, 4, 5]}, "2025-11-04T05:05")
    owed = documents(file, "2025-11-04T06:00")["supplement"]["zh"]
    items = load_law().measures.article(7).paragraphs[0].items
    listed = [i for i in range(1, 9) if items[i - 1].text.zh in owed]
    complete = {**REPORT, "items": list(range(1, 9))}
    complete.pop("not_determinable")
    none_owed = documents(add_event(_opened(), complete, "2025-11-04T02:10"), "2025-11-04T03:00")["supplement"]["zh"]
    assert ([6, 7, 8], []) == (listed, [i for i in range(1, 9) if items[i - 1].text.zh in none_owed])


def test_the_summary_is_owed_only_to_recipients_of_reports_under_article_4_2_to_4() -> None:
    """CII with a sector regulator: summaries to the CII bodies and the provincial CAC, none to the regulator."""
    file = new_file(CII, "2025-11-04T00:10")
    sector = {"type": "report_sent", "at": "2025-11-04T00:20", "to": "sector_regulator", "channel": "电话"}
    file = add_event(file, {**sector, "items": [1, 2]}, "2025-11-04T00:25")
    file = add_event(file, {"type": "handling_ended", "at": "2025-11-10T18:00"}, "2025-11-10T18:05")
    summaries = [d["to"] for d in status(file, "2025-11-11T00:00")["duties"] if d["kind"] == "summary"]
    assert ["protection_department", "public_security", "provincial_cac"] == summaries


def test_a_summary_to_a_recipient_that_only_may_apply_keeps_its_condition() -> None:
    """The provincial CAC's report only may apply for a CII operator: so does its summary row."""
    state = status(new_file(CII, "2025-11-04T00:10"), "2025-11-04T01:00")
    summary = _duty(state, "summary.provincial_cac")
    report = next(d for d in state["duties"] if d["kind"] == "first_report" and d["to"] == "provincial_cac")
    assert (True, report["conditions"], False) == (
        summary["conditional"],
        summary["conditions"],
        _duty(state, "summary.protection_department")["conditional"],
    )


def test_a_late_or_overdue_summary_says_it_rests_on_the_30_day_reading() -> None:
    """Overdue summary: state_reading names summary-30-days; an open one has none; its timing says so too."""
    file = add_event(_reported(), {"type": "handling_ended", "at": "2025-11-10T18:00"}, "2025-11-10T18:05")
    overdue = _duty(status(file, "2025-12-11T00:01"), "summary.provincial_cac")
    open_ = _duty(status(file, "2025-12-10T23:00"), "summary.provincial_cac")
    assert ("overdue", "interpretations/summary-30-days", None) == (
        overdue["state"],
        overdue["state_reading"],
        open_.get("state_reading"),
    )
    assert (True, True) == (bool(overdue["state_note"]["zh"]), "民法典" in overdue["timing"]["zh"])


def test_new_facts_that_add_a_recipient_carry_the_regrade_clock_reading() -> None:
    """CII found at 00:30: the 1-hour CII rows count from discovery (00:40) and, in the other reading, 01:30."""
    file = add_event(
        _opened(),
        {"type": "facts_changed", "at": "2025-11-04T00:30", "answers": {**OTHER_OPERATOR, "involves_cii": True}},
        "2025-11-04T00:35",
    )
    state = status(file, "2025-11-04T01:00")
    rows = [
        d
        for d in state["duties"]
        if d["kind"] == "first_report" and d["to"] in ("protection_department", "public_security")
    ]
    first = _duty(
        state, next(d["id"] for d in state["duties"] if d["kind"] == "first_report" and d["to"] == "provincial_cac")
    )
    assert [
        (
            "interpretations/regrade-clock",
            1,
            "2025-11-04T00:40:00+08:00",
            "2025-11-04T01:30:00+08:00",
            "overdue",
            "open",
        )
    ] * 2 == [
        (
            r["clock"]["reading"],
            r["clock"]["raised_by"],
            r["due_at"],
            r["clock"]["due_at_other_reading"],
            r["state"],
            r["clock"]["state_other_reading"],
        )
        for r in rows
    ]
    assert None is first["clock"].get("reading")
    assert "interpretations/regrade-clock" in state["interpretations"]


def test_the_raised_level_and_the_added_recipient_have_their_own_words() -> None:
    """A raised level says so (clock.raised); an added recipient says the report became owed (clock.added)."""
    general = {**OTHER_OPERATOR, "level": "general"}
    raised = add_event(
        new_file(general, "2025-11-04T00:10"),
        {"type": "facts_changed", "at": "2025-11-04T01:00", "answers": OTHER_OPERATOR},
        "2025-11-04T01:05",
    )
    row = _duty(status(raised, "2025-11-04T02:00"), FIRST)
    words = wording.table("incident.toml")
    assert (words["clock.raised"].zh.split("{")[0], 1) == (
        row["clock"]["label"]["zh"].split("2025")[0],
        row["clock"]["raised_by"],
    )
    added = add_event(
        _opened(),
        {"type": "facts_changed", "at": "2025-11-04T00:30", "answers": {**OTHER_OPERATOR, "involves_cii": True}},
        "2025-11-04T00:35",
    )
    cii = _duty(status(added, "2025-11-04T01:00"), "report.cii.public_security")
    assert words["clock.added"].zh.split("{")[0] == cii["clock"]["label"]["zh"].split("2025")[0]


def test_other_duties_are_done_only_by_an_event_naming_them() -> None:
    """police_reported without duty completes no other-duty row; naming it (bare id or row id) does."""
    file = _opened()
    others = [d["id"] for d in status(file, "2025-11-04T01:00")["duties"] if d["kind"] == "other"]
    plain = add_event(file, {"type": "police_reported", "at": "2025-11-04T01:00"}, "2025-11-04T01:05")
    row_id = others[0]
    named = add_event(
        file,
        {"type": "police_reported", "at": "2025-11-04T01:00", "duty": row_id.removeprefix("other.")},
        "2025-11-04T01:05",
    )
    assert ([], [row_id], row_id) == (
        [d["id"] for d in status(plain, "2025-11-04T02:00")["duties"] if d["kind"] == "other" and d["done_at"]],
        [d["id"] for d in status(named, "2025-11-04T02:00")["duties"] if d["kind"] == "other" and d["done_at"]],
        named["events"][1]["duty"],
    )


@pytest.mark.parametrize(
    "duty_id", ["police_report", "computer_systems_14", "international_networking_10", "criminal_procedure_110"]
)
def test_another_regimes_row_is_matched_by_its_id(duty_id: str) -> None:
    """Whatever its id (main's police_report or a per-regime row), an event naming it completes it, and nothing else does."""
    row = {
        "id": duty_id,
        "to": {"zh": "公安机关", "en": "public security organ"},
        "basis": "measures/4/6",
        "within_minutes": 1440,
        "due_at": "2025-11-04T23:40:00+08:00",
    }
    now = incident_format.moment("now", "2025-11-05T00:00")
    event = {"seq": 3, "type": "police_reported", "at": "2025-11-04T10:00:00+08:00", "duty": f"other.{duty_id}"}
    done = incident_duties._other(row, {f"other.{duty_id}": event}, now)
    undone = incident_duties._other(row, {"other.something_else": event}, now)
    assert (("done", 3), ("overdue", None)) == ((done["state"], done["done_by"]), (undone["state"], undone["done_by"]))


def test_the_supplement_document_names_the_first_report_under_the_measures() -> None:
    """A report under another regime at 00:30 comes first in time, but the supplement names the 02:05 report."""
    file = _opened()
    other = next(d["id"] for d in status(file, "2025-11-04T01:00")["duties"] if d["kind"] == "other")
    file = add_event(
        file,
        {
            "type": "report_sent",
            "at": "2025-11-04T00:30",
            "to": "other",
            "duty": other,
            "channel": "电话",
            "items": [1],
        },
        "2025-11-04T00:35",
    )
    file = add_event(file, REPORT, "2025-11-04T02:10")
    line = next(
        x for x in documents(file, "2025-11-04T03:00")["supplement"]["en"].splitlines() if x.startswith("First report")
    )
    assert (True, False, True) == ("02:05" in line, "00:30" in line, "12387" in line)


# ── The chain covers id and created_at; schema version 1 files are still read.


@pytest.mark.parametrize("key", ["id", "created_at"])
def test_editing_the_files_id_or_creation_time_is_detected(key: str) -> None:
    """id and created_at are hashed into the opened event's prev: editing either fails verify at entry 0."""
    file = _long()
    file[key] = "tampered" if key == "id" else "2025-11-04T00:11:00+08:00"
    result = verify(file)
    assert (False, 0, "entry 0: its prev does not match the file's id and created_at") == (
        result.ok,
        result.index,
        result.reason["en"].split(" (")[0],
    )


def _legacy(file: dict[str, Any]) -> dict[str, Any]:
    """The same events as a schema version 1 file wrote them: prev of entry 0 is 64 zeros."""
    old = copy.deepcopy(file)
    old["schema_version"] = 1
    previous = incident_format.GENESIS
    for event in old["events"]:
        event["prev"] = previous
        previous = incident_format.digest(event)
    old["head"] = previous
    return old


def test_a_schema_version_1_file_is_still_read_and_extended() -> None:
    """A version 1 file verifies, gives its duties and takes new events (its id stays outside the chain)."""
    old = _legacy(_reported())
    extended = add_event(old, {"type": "note", "at": "2025-11-04T03:00", "text": "x"}, "2025-11-04T03:05")
    assert (True, True, "done", 1) == (
        verify(old).ok,
        verify(extended).ok,
        _duty(status(old, "2025-11-04T03:00"), FIRST)["state"],
        extended["schema_version"],
    )


def test_a_level_not_yet_graded_then_graded_carries_the_regrade_clock_reading() -> None:
    """Opened ungraded (the report only may apply), graded 较大 at 01:00: the row gives the other reading, due 05:00."""
    ungraded = {k: v for k, v in OTHER_OPERATOR.items() if k != "level"}
    file = new_file(ungraded, "2025-11-04T00:10")
    file = add_event(
        file, {"type": "facts_changed", "at": "2025-11-04T01:00", "answers": OTHER_OPERATOR}, "2025-11-04T01:05"
    )
    row = _duty(status(file, "2025-11-04T02:00"), FIRST)
    unchanged = _duty(status(new_file(ungraded, "2025-11-04T00:10"), "2025-11-04T02:00"), FIRST)
    assert ("interpretations/regrade-clock", 1, "2025-11-04T05:00:00+08:00", None) == (
        row["clock"]["reading"],
        row["clock"]["raised_by"],
        row["clock"]["due_at_other_reading"],
        unchanged["clock"].get("reading"),
    )
