"""The incident file's browser boundary (issue 20): files in and out as text, refusals in the reader's language."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_tree import incident, incident_format
from decision_tree.citations import resolve
from decision_tree.incident_format import CHANNEL_LIMIT
from decision_tree.web.incident_boundary import respond_incident
from decision_tree.web.texts import Texts

NOW = "2025-11-03T04:00:00Z"  # 12:00 Beijing time
ANSWERS = {
    "involves_cii": False,
    "central_state_organ": False,
    "level": "relatively_major",
    "discovered_at": "2025-11-03T10:00",
}
RECORD = json.dumps({"input": ANSWERS})


def _ask(**request: Any) -> dict[str, Any]:
    response: dict[str, Any] = json.loads(respond_incident(json.dumps({"now": NOW, "lang": "zh", **request})))
    return response


def _new() -> dict[str, Any]:
    return _ask(action="new", record=RECORD)


def test_a_new_file_is_the_command_lines_file() -> None:
    """`new` from a result's record gives the file `incident new` makes from the same answers, with its markup."""
    response = _new()
    expected = incident.new_file(ANSWERS, NOW)
    assert (expected, expected["id"]) == (json.loads(response["file"]), response["id"])
    html = response["html"]
    assert (True, True) == ('id="if-file-title"' in html, 'data-duty="report.other_operator.provincial_cac"' in html)


def test_a_form_becomes_an_event() -> None:
    """A submitted report form (strings, items ticked, a typed channel) is appended as the core reads it."""
    file = _new()["file"]
    form = {
        "type": "report_sent",
        "at": "2025-11-03T11:05",
        "to": "provincial_cac",
        "channel": "",
        "channel_other": "省网信办值班电话",
        "items": ["1", "2"],
        "not_determinable": "true",
        "reference": "",
    }
    added = json.loads(_ask(action="add", file=file, event=form)["file"])
    expected = {
        "seq": 1,
        "type": "report_sent",
        "at": "2025-11-03T11:05:00+08:00",
        "to": "provincial_cac",
        "channel": "省网信办值班电话",
        "items": [1, 2],
        "not_determinable": True,
    }
    assert expected == {k: v for k, v in added["events"][1].items() if k not in ("recorded_at", "prev")}


@pytest.mark.parametrize(("not_determinable", "lang"), [("", "zh"), ("", "en"), ("true", "zh")])
def test_a_first_report_left_open_by_missing_items_says_why(not_determinable: str, lang: str) -> None:
    """A first report sent with items 1–2 only stays open, and its row names the missing items and links
    第七条第一款 and 第七条第二款; with that paragraph's statement recorded the row is done and has no gap."""
    file = _new()["file"]
    form = {
        "type": "report_sent",
        "at": "2025-11-03T11:05",
        "to": "provincial_cac",
        "channel": "hotline",
        "items": ["1", "2"],
        "not_determinable": not_determinable,
    }
    html = json.loads(
        respond_incident(json.dumps({"now": NOW, "lang": lang, "action": "add", "file": file, "event": form}))
    )["html"]
    row = re.search(r'<tr data-duty="report\.other_operator\.provincial_cac" data-state="(\w+)">(.*?)</tr>', html)
    assert row is not None
    gap = re.search(r'<p class="if-gap" data-items="([\d ]*)">(.*?)</p>', row.group(2))
    cited = re.findall(r'href="[^"]*#(measures-[\d-]+)"', gap.group(2)) if gap else []
    expected = (
        ("done", None, [])
        if not_determinable
        else ("open", "3 4 5 6 7 8", [resolve("measures/7/1").anchor, resolve("measures/7/2").anchor])
    )
    assert expected == (row.group(1), gap.group(1) if gap else None, cited)


@pytest.mark.parametrize(
    ("lang", "event", "field", "says"),
    [
        ("zh", {"type": "note", "at": "2025-11-03T09:00", "text": "x"}, "at", "早于发现或获知事件的时间"),
        ("en", {"type": "note", "at": "2025-11-04T09:00", "text": "x"}, "at", "Time (Beijing time)"),
        (
            "zh",
            {"type": "report_sent", "at": "2025-11-03T11:00", "to": "mars", "channel": "hotline", "items": ["1"]},
            "to",
            "mars",
        ),
        (
            "en",
            {
                "type": "report_sent",
                "at": "2025-11-03T11:00",
                "to": "provincial_cac",
                "channel": "hotline",
                "items": ["9"],
            },
            "items",
            "Items of Article 7",
        ),
    ],
)
def test_a_refused_entry_names_its_field_in_the_readers_language(
    lang: str, event: dict[str, Any], field: str, says: str
) -> None:
    """Before discovery, in the future, an unknown recipient or item: the field and a message in the page's language."""
    response = _ask(action="add", file=_new()["file"], event=event, lang=lang)
    assert (["error"], field, True) == (
        list(response),
        response["error"]["field"],
        says in response["error"]["message"],
    )
    chinese = re.search(r"[\u4e00-\u9fff]{3}", response["error"]["message"].replace("属地", ""))
    assert (lang == "zh") == (chinese is not None)
    # The form's label names the field; the engine's key for it ("at", "to", "items") does not.
    assert not re.search(rf"(^|；|; ){field}[：:]", response["error"]["message"])


def test_import_names_the_first_entry_that_does_not_match() -> None:
    """A file edited after export is refused with the core's reason, naming entry 1; a foreign file and a newer schema too."""
    file = json.loads(
        _ask(action="add", file=_new()["file"], event={"type": "note", "at": "2025-11-03T11:00", "text": "a"})["file"]
    )
    file = json.loads(
        _ask(action="add", file=json.dumps(file), event={"type": "note", "at": "2025-11-03T11:30", "text": "b"})["file"]
    )
    edited = json.loads(json.dumps(file))
    edited["events"][1]["text"] = "edited"
    verification = incident.verify(edited)
    refused = [
        _ask(action="import", text=json.dumps(edited))["error"],
        _ask(action="import", text=json.dumps({"format": "other"}))["error"]["field"],
        _ask(action="import", text=json.dumps({**file, "schema_version": incident_format.SCHEMA_VERSION + 1}))["error"][
            "field"
        ],
        _ask(action="import", text="%PDF")["error"]["field"],
    ]
    assert [{"field": "events[2]", "message": verification.reason["zh"]}, "format", "schema_version", "file"] == refused


def _note(file: str, at: str, text: str) -> str:
    added: str = _ask(action="add", file=file, event={"type": "note", "at": at, "text": text})["file"]
    return added


def test_an_import_of_a_stored_file_merges_and_loses_nothing() -> None:
    """An older export imported over the stored file adds nothing and keeps the newer entry; a copy
    with an entry of its own adds it, re-chained, and says so in the reader's language."""
    older = _note(_new()["file"], "2025-11-03T11:00", "before the export")
    stored = _note(older, "2025-11-03T11:30", "after the export")
    elsewhere = _note(older, "2025-11-03T11:40", "in another browser")
    same = _ask(action="import", text=older, stored=stored)
    both = _ask(action="import", text=elsewhere, stored=stored, lang="en")
    merged = json.loads(both["file"])
    assert (stored, Texts("zh")("incident.merged_none")) == (same["file"], same["merged"])
    assert (
        ["before the export", "after the export", "in another browser"],
        True,
        Texts("en")("incident.merged", count=1),
    ) == ([e.get("text") for e in merged["events"][1:]], incident.verify(merged).ok, both["merged"])


def test_an_import_over_a_different_stored_file_is_refused() -> None:
    """A file whose id is that of a stored file but whose opening differs is not merged: refused, naming it."""
    stored = _new()["file"]
    other = incident.new_file({**ANSWERS, "level": "major"}, NOW, json.loads(stored)["id"])
    response = _ask(action="import", text=json.dumps(other), stored=stored)
    assert ("second.events[0]", False) == (response["error"]["field"], "file" in response)


def test_new_facts_come_from_a_result_at_the_moment_they_are_added() -> None:
    """The offer's "record as new facts" appends facts_changed with the result's answers, dated now."""
    raised = json.dumps({"input": {**ANSWERS, "level": "major"}})
    added = json.loads(
        _ask(action="add", file=_new()["file"], event={"type": "facts_changed", "record": raised})["file"]
    )
    event = added["events"][1]
    assert ("facts_changed", "major", "2025-11-03T12:00:00+08:00") == (
        event["type"],
        event["answers"]["level"],
        event["at"],
    )


def test_a_result_without_a_time_offers_no_file() -> None:
    """A file needs the time of discovery: without it the offer says so instead of a button."""
    offer = _ask(action="offer", record=json.dumps({"input": {"level": "major"}}), file=None)["html"]
    new = _ask(action="new", record=json.dumps({"input": {"level": "major"}}))
    assert (False, "discovered_at") == ('data-if-action="new"' in offer, new["error"]["field"])


@given(st.text(max_size=200))
def test_the_boundary_never_raises(text: str) -> None:
    """Any request text gives one JSON object: an answer or an error with field and message."""
    response = json.loads(respond_incident(text))
    assert isinstance(response, dict) and (
        set(response["error"]) == {"field", "message"} if "error" in response else True
    )


def test_the_police_form_can_name_the_24_hour_duty_it_fulfils() -> None:
    """A police report recorded in the browser can complete another regime's row (the 24-hour
    police clock of 计算机信息系统安全保护条例第十四条), not only the Measures' crime report."""
    from decision_tree import incident
    from decision_tree.web.incident import shown

    now = "2026-12-06T03:00:00+08:00"
    file = incident.new_file(
        {"level": "relatively_major", "ransomware": True, "discovered_at": "2026-12-06T02:10:00+08:00"}, now
    )
    html = shown(file, now, "zh")["html"]
    assert 'name="duty"' in html and 'value="other.computer_systems_14"' in html
    event = {"type": "police_reported", "at": "2026-12-06T02:50", "duty": "other.computer_systems_14"}
    states = {d["id"]: d["state"] for d in incident.status(incident.add_event(file, event, now), now)["duties"]}
    assert "done" == states["other.computer_systems_14"]


# Malformed requests, as a broken or tampered page could send them: wrong types, missing and
# unknown keys, bad dates, huge strings. Each: (request, the field the response names).
_OK_REPORT = {"type": "report_sent", "at": "2025-11-03T11:00", "to": "provincial_cac", "channel": "x", "items": ["1"]}
MALFORMED: list[tuple[dict[str, Any], str]] = [
    ({"action": "add", "event": {"type": "note", "at": "2025-13-03T11:00", "text": "x"}}, "at"),
    ({"action": "add", "event": {"type": "note", "at": "9" * 100_000, "text": "x"}}, "at"),
    ({"action": "add", "event": {"type": "note", "at": 20251103, "text": "x"}}, "at"),
    ({"action": "add", "event": {"type": "note", "text": "x"}}, "at"),
    ({"action": "add", "event": {"type": "note", "at": "2025-11-03T11:00", "text": "x" * 100_000}}, "text"),
    ({"action": "add", "event": {"type": "note", "at": "2025-11-03T11:00", "text": ["x"]}}, "text"),
    ({"action": "add", "event": {"type": "note", "at": "2025-11-03T11:00", "text": "x", "levle": "1"}}, "levle"),
    ({"action": "add", "event": {"type": "launch", "at": "2025-11-03T11:00"}}, "type"),
    ({"action": "add", "event": {"type": 7, "at": "2025-11-03T11:00"}}, "type"),
    ({"action": "add", "event": {**_OK_REPORT, "items": "1"}}, "items"),
    ({"action": "add", "event": {**_OK_REPORT, "items": ["1", "1"]}}, "items"),
    ({"action": "add", "event": {**_OK_REPORT, "to": "provincial_cac" * 10_000}}, "to"),
    ({"action": "add", "event": {**_OK_REPORT, "channel": "c" * 100_000}}, "channel"),
    ({"action": "add", "event": {**_OK_REPORT, "reference": {"a": 1}}}, "reference"),
    ({"action": "add", "event": {"type": "police_reported", "at": "2025-11-03T11:00", "duty": "zzz"}}, "duty"),
    ({"action": "add", "event": ["type", "note"]}, "event"),
    ({"action": "add", "event": None}, "event"),
    ({"action": "add", "file": 5, "event": {}}, "file"),
    ({"action": "add", "file": "{}", "event": {}}, "format"),
    ({"action": "view", "file": "[1, 2]"}, "file"),
    ({"action": "view", "file": "{" * 100_000}, "file"),
    ({"action": "view", "schema_version": "x"}, "schema_version"),
    ({"action": "import", "text": "{}"}, "format"),
    ({"action": "import", "text": None}, "file"),
    ({"action": "new", "record": json.dumps({"input": {**ANSWERS, "levle": "x"}})}, "levle (unknown key)"),
    ({"action": "new", "record": json.dumps({"input": {**ANSWERS, "level": 3}})}, "level"),
    (
        {"action": "new", "record": json.dumps({"input": {**ANSWERS, "discovered_at": "2025-11-09T10:00"}})},
        "discovered_at",
    ),
    ({"action": "new", "record": json.dumps({"input": {**ANSWERS, "discovered_at": "garbage"}})}, "discovered_at"),
    ({"action": "new", "record": "not json"}, "record"),
    ({"action": "new", "record": 5}, "record"),
    ({"action": "fly"}, "action"),
    ({"action": "view", "now": None}, "action"),
]
# The file format's and the engine's keys, as a message would name them ("at：", "“items”", "to: ").
FORMAT_KEYS = [
    "at",
    "to",
    "channel",
    "items",
    "not_determinable",
    "duty",
    "reference",
    "text",
    "type",
    "event",
    "events",
    "file",
    "format",
    "schema_version",
    "id",
    "seq",
    "prev",
    "record",
    "input",
    "answers",
    "action",
    "now",
    "lang",
    "discovered_at",
    "level",
    "levle",
]
PYTHON_WORDS = re.compile(r"Error|Exception|Expecting|Traceback|NoneType|\b(char|dict|int|str)\b")


def _malformed(request: dict[str, Any], lang: str) -> dict[str, Any]:
    file = _new()["file"]
    if request.get("schema_version"):
        request = {"action": "view", "file": json.dumps({**json.loads(file), "schema_version": "x"})}
    return _ask(**{"file": file, **request, "lang": lang})


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("request_", "field"), MALFORMED)
def test_a_malformed_request_is_refused_in_the_forms_words(request_: dict[str, Any], field: str, lang: str) -> None:
    """Every refusal names the field in the form's words and says what is allowed, in the request's
    language: never the format's key, never Python's words, one bounded line."""
    error = _malformed(request_, lang)["error"]
    message = error["message"]
    label, _, problem = message.partition("：" if lang == "zh" else ": ")
    named = [k for k in FORMAT_KEYS if re.search(rf"(^|[；;]\s*){k}[:：]|[“\"]{k}[”\"]", message)]
    chinese = re.search(r"[\u4e00-\u9fff]", message) is not None
    assert (field, [], None, lang == "zh", [message]) == (
        error["field"],
        named,
        PYTHON_WORDS.search(message),
        chinese,
        message.splitlines(),
    )
    assert (True, True) == (len(message) <= 300, bool(label.strip() and problem.strip()))


def test_every_refusal_of_the_core_has_words_for_the_page() -> None:
    """Each message the incident file's core can refuse with (incident.toml error.*) has the page's words (ui.toml)."""
    from decision_tree.load import read_toml
    from decision_tree.web.texts import table

    ids = [k.removeprefix("error.") for k in read_toml("incident.toml")["text"] if k.startswith("error.")]
    ids = [i for i in ids if not i.startswith("what.")]
    expected = [(i, True) for i in ids]
    assert expected == [(i, f"incident.refused.{i}" in table()) for i in ids]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_internal_error_shows_no_python_words(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should rendering a file raise, the reader sees the data's message: no Python class or message."""
    import decision_tree.web.incident_boundary as boundary

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("events")

    file = _new()["file"]
    monkeypatch.setattr(boundary, "_file_response", broken)
    error = _ask(action="view", file=file, lang=lang)["error"]
    assert {"field": "", "message": Texts(lang)("incident.error.internal")} == error


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("entry", "value"), [("at", "x"), ("bogus", "x"), ("type", "launch")])
def test_a_damaged_stored_file_is_named_as_the_file_not_a_form_field(entry: str, value: object, lang: str) -> None:
    """An entry of the stored file that cannot be read is the file's fault: the message names the file, not the form's field."""
    t = Texts(lang)
    file = json.loads(_new()["file"])
    file["events"][0][entry] = value
    event = {"type": "note", "at": "2025-11-03T11:00", "text": "x"}
    error = _ask(action="add", file=json.dumps(file), event=event, lang=lang)["error"]
    expected = t("incident.refused.line", label=t("incident.part.file"), problem=t("incident.refused.file_field"))
    assert (f"events[0].{entry}", expected) == (error["field"], error["message"])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("channel", ["", " ", "c" * 201])
def test_a_report_without_a_usable_channel_says_choose_or_type_one(channel: str, lang: str) -> None:
    """No channel chosen, or one typed too long: the reader is told to choose one or type one, within the limit."""
    t = Texts(lang)
    event = {**_OK_REPORT, "channel": "", "channel_other": channel}
    error = _ask(action="add", file=_new()["file"], event=event, lang=lang)["error"]
    problem = t("incident.refused.channel", limit=CHANNEL_LIMIT)
    expected = t("incident.refused.line", label=t("incident.field.channel"), problem=problem)
    assert {"field": "channel", "message": expected} == error
