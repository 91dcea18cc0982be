"""Other reporting duties (duties.toml): one row per regime, sorted, quoted, verified, and why not.

These run everywhere (Pyodide too): each quote is checked against the digest recorded when it was
compared with ../shared/sources/other-laws.zh.md; the comparison with that file itself is in
tests/test_other_laws.py (host only, skipped without ../shared).
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

import pytest

from decision_tree.answers import InputError, parse
from decision_tree.citations import resolve
from decision_tree.engine import assess, assess_raw
from decision_tree.load import DataError, build_duties, load_duties, load_law, read_toml
from decision_tree.model import VERIFIED

CJK = re.compile(r"[\u3400-\u9fff]")
WHEN = "2025-11-03T23:40:00+08:00"


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


def test_every_duty_is_loaded_with_a_verification_state() -> None:
    """Every entry of duties.toml loads, with one of the three verification states."""
    duties = load_duties().duties
    assert 20 == len(duties)
    assert set() == {d.verified for d in duties} - set(VERIFIED)


def _digest(lines: tuple[str, ...] | list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def test_every_quote_matches_the_digest_recorded_when_it_was_checked() -> None:
    """Each quote hashes to its quote_sha256, recorded when it was compared with other-laws.zh.md."""
    assert [] == [d.id for d in load_duties().duties if d.quote and _digest(d.quote) != d.quote_sha256]


def test_a_one_character_edit_of_a_quote_is_caught() -> None:
    """Changing 24小时 to 48小时 in a quote no longer matches its recorded digest."""
    duty = load_duties().duty("computer_systems_14")
    edited = [duty.quote[0].replace("24小时", "48小时"), *duty.quote[1:]]
    assert edited[0] != duty.quote[0] and _digest(edited) != duty.quote_sha256


def test_a_deadline_on_a_row_whose_deadline_was_not_read_is_refused() -> None:
    """Giving the PBOC row the draft's 30 minutes fails to load: its deadline was not read."""
    raw = copy.deepcopy(read_toml("duties.toml"))
    next(d for d in raw["duty"] if d["id"] == "pboc")["within_minutes"] = 30
    with pytest.raises(DataError, match="pboc: only a text row may quote, or give minutes"):
        build_duties(raw)


def test_only_text_rows_have_a_quote_minutes_or_a_timing_word() -> None:
    """recipient and listed rows carry no quote and no deadline; text rows carry a quote."""
    for duty in load_duties().duties:
        if duty.verified == "text":
            assert duty.quote and duty.path, duty.id
        else:
            assert (None, None, ()) == (duty.within_minutes, duty.timing, duty.quote), duty.id


def test_the_pboc_row_names_its_recipient_and_shows_no_hours() -> None:
    """PBOC: to the PBOC or its branch, verified "recipient", no minutes, and no 30 min / 2 h anywhere."""
    result = assess_raw({"sectors": ["pboc"], "discovered_at": WHEN})
    row = next(r for r in result["other_duties"] if r["id"] == "pboc")
    assert ("recipient", None, None, "applies") == (
        row["verified"],
        row["within_minutes"],
        row["due_at"],
        row["applies"],
    )
    assert "中国人民银行" in row["to"]["zh"]
    shown = str(row)
    assert not re.search(r"30分钟|2小时|30 min|2 hours", shown.replace("not verified", ""))
    assert "时限未核实" in row["timing"]["zh"]


def test_the_police_clocks_run_24_hours_from_their_own_start() -> None:
    """A suspected crime: both 24-hour police rows, due 24 h after discovery, each with its own start."""
    result = assess_raw({"suspected_crime": True, "discovered_at": WHEN})
    rows = {r["id"]: r for r in result["other_duties"]}
    police = [rows["computer_systems_14"], rows["international_networking_10"]]
    assert [1440, 1440] == [r["within_minutes"] for r in police]
    assert ["2025-11-04T23:40:00+08:00"] * 2 == [r["due_at"] for r in police]
    assert ["case", "found_situation"] == [r["clock_starts"] for r in police]
    assert "当地县级以上人民政府公安机关" == police[0]["to"]["zh"]


def test_rows_are_sorted_by_due_time() -> None:
    """Minutes first (earliest first), then the text's words in order: 立即 before 及时 before 按照规定;
    the product-vulnerability clock (第十条) is no incident deadline and comes last."""
    result = assess_raw({"suspected_crime": True, "facts": {"personal_info_leaked_people": 10}, "sectors": ["unknown"]})
    duties = load_duties()
    keys = []
    for row in result["other_duties"]:
        duty = duties.duty(row["id"])
        rank = duties.timings[duty.timing].rank if duty.timing else 90 if duty.verified == "text" else 99
        if duty.scope == "vulnerability":
            keys.append((2, 0))
        else:
            keys.append((0, row["within_minutes"]) if row["within_minutes"] else (1, rank))
    assert sorted(keys) == keys
    assert ["computer_systems_14", "international_networking_10", "pipl_57", "dsl_29"] == _ids(result["other_duties"])[
        :4
    ]
    assert "network_data_10" == _ids(result["other_duties"])[-1]


def test_everything_due_is_one_list_across_regimes_earliest_first() -> None:
    """The Measures' 1-hour report, the 4-hour reading and the 24-hour police clocks stand in one list."""
    result = assess_raw({"involves_cii": True, "level": "major", "suspected_crime": True, "discovered_at": WHEN})
    timed = [(d["source"], d["within_minutes"], d["due_at"]) for d in result["deadlines"] if d["within_minutes"]]
    assert [
        ("report", 60, "2025-11-04T00:40:00+08:00"),
        ("report", 60, "2025-11-04T00:40:00+08:00"),
        ("report", 240, "2025-11-04T03:40:00+08:00"),
        ("other_duty", 1440, "2025-11-04T23:40:00+08:00"),
        ("other_duty", 1440, "2025-11-04T23:40:00+08:00"),
    ] == timed
    untimed = [d for d in result["deadlines"] if d["within_minutes"] is None]
    assert result["deadlines"][len(timed) :] == untimed


def test_why_not_lines_say_why_each_regime_does_not_apply() -> None:
    """No CII, no crime, no sector named: each regime considered gets its line, in both languages."""
    result = assess_raw({"involves_cii": False, "suspected_crime": False, "sectors": ["none"]})
    lines = {line["id"]: line for line in result["not_applicable"]}
    assert (
        "《关键信息基础设施安全保护条例》第十八条：不适用——事件不涉及关键信息基础设施"
        "（第十八条以关键信息基础设施发生重大网络安全事件为前提）"
    ) == lines["cii_18"]["zh"]
    assert lines["cii_18"]["en"].startswith(
        "Regulations on the Security Protection of Critical Information Infrastructure, Article 18: does not apply —"
    )
    assert "no_crime" == lines["computer_systems_14"]["reason_id"]
    assert "network_data_10" not in lines
    named = {d.id for d in load_duties().duties}
    assert named == set(lines) | set(_ids(result["other_duties"]))
    assert set() == set(lines) & set(_ids(result["other_duties"]))


def test_pipl_applies_to_a_general_incident_before_any_grading() -> None:
    """PIPL 第五十七条 is listed for 一般 too, its clock starting at a leak that may occur."""
    for level in ("general", "unknown"):
        row = next(r for r in assess_raw({"level": level})["other_duties"] if r["id"] == "pipl_57")
        assert ("may", "leak_may_occur", "立即") == (row["applies"], row["clock_starts"], row["timing"]["zh"])
    row = next(
        r for r in assess_raw({"facts": {"personal_info_leaked_people": 5}})["other_duties"] if r["id"] == "pipl_57"
    )
    assert "applies" == row["applies"]


def test_the_cybersecurity_law_row_cites_article_27_and_quotes_the_unchanged_words() -> None:
    """The incident article is cited as 第二十七条; the quote is the mirror's 第二十五条, words unchanged."""
    row = next(r for r in assess_raw({})["other_duties"] if r["id"] == "cybersecurity_law_27")
    assert row["citation"]["zh"].startswith("《中华人民共和国网络安全法》第二十七条")
    assert row["quote"].startswith("第二十五条 网络运营者应当制定网络安全事件应急预案")
    assert "第二十七条" in row["note"]["zh"]


def test_each_text_row_gives_its_quote_source_and_date() -> None:
    """A text row: quote, repository, commit, file path and the date checked; a citation that resolves."""
    for row in assess_raw({"sectors": ["unknown"], "suspected_crime": True})["other_duties"]:
        assert row["checked_on"] and resolve(row["basis"]).url().startswith("other-duties/#duties-")
        if row["verified"] == "text":
            source = row["source"]
            assert ("LawRefBook/Laws", 40) == (source["repository"], len(source["commit"]))
            assert row["quote"] and source["path"].endswith(".md")
        else:
            assert row["quote"] is None and row["source"]["read_in"]["zh"]


def test_the_english_text_is_english() -> None:
    """Every row's and every why-not line's English has no Chinese characters; the Chinese is Chinese."""
    result = assess_raw({"sectors": ["unknown"], "ransomware": True})
    for entry in result["other_duties"] + result["not_applicable"]:
        assert entry["en"] and not CJK.search(entry["en"]), entry["id"]
        assert CJK.search(entry["zh"]), entry["id"]
    assert {"zh": "official", "en": "unofficial translation"} == result["language_status"]


def test_sectors_not_sure_lists_every_sector_rule_as_one_that_may_apply() -> None:
    """sectors ["unknown"]: every sector rule is listed, each "may apply" with its condition."""
    result = assess_raw({"sectors": ["unknown"]})
    sector_rows = [r for r in result["other_duties"] if r["sector"]]
    assert {d.id for d in load_duties().duties if d.sector} == set(_ids(sector_rows))
    assert {("may", "if_sector")} == {(r["applies"], r["conditions"][0]["id"]) for r in sector_rows}


def test_old_sector_rules_input_still_works() -> None:
    """sector_rules true reads as sectors ["unknown"] with the sector report owed; false as ["none"]."""
    yes = assess_raw({"level": "major", "sector_rules": True})
    assert ["unknown"] == yes["sectors"]
    assert [False] == [r["conditional"] for r in yes["reports"] if r["kind"] == "sector_report"]
    assert all(r["applies"] == "may" for r in yes["other_duties"] if r["sector"])
    no = assess_raw({"level": "major", "sector_rules": False})
    assert ["none"] == no["sectors"]
    assert [] == [r for r in no["reports"] if r["kind"] == "sector_report"]
    unsure = assess_raw({"level": "major", "sector_rules": "unknown"})
    assert [True] == [r["conditional"] for r in unsure["reports"] if r["kind"] == "sector_report"]


def test_a_named_sector_makes_the_sector_report_owed() -> None:
    """sectors ["csrc"]: the 第四条第五款 report is owed and both CSRC rows apply."""
    result = assess_raw({"level": "relatively_major", "sectors": ["csrc"]})
    assert [False] == [r["conditional"] for r in result["reports"] if r["kind"] == "sector_report"]
    assert ["csrc_218", "csrc_2021"] == [
        r["id"] for r in result["other_duties"] if r["applies"] == "applies" and r["sector"]
    ]


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"sectors": "pboc"}, 'sectors: "pboc" is not allowed; expected a list of sector keys'),
        ({"sectors": ["bank"]}, 'sectors: "bank" is not allowed; expected a list of sector keys'),
        ({"sectors": [True]}, "sectors: true is not allowed"),
        ({"sectors": ["none", "pboc"]}, 'sectors: ["none", "pboc"] is not allowed; expected "none" alone'),
        ({"sectors": ["pboc"], "sector_rules": True}, "sector_rules: given with sectors"),
        ({"sector_rules": "yes"}, 'sector_rules: "yes" is not allowed'),
    ],
)
def test_bad_sectors_are_refused_naming_the_field_and_the_keys(raw: dict[str, object], says: str) -> None:
    """A sector key that is unknown, sectors that is not a list, or none with others: one clear line."""
    with pytest.raises(InputError) as caught:
        parse(raw)
    assert str(caught.value).startswith(says)
    if "sector keys" in says:
        assert (
            "pboc, nfra, csrc, telecom_internet, industry_data, power, health, transport, education, none, unknown"
            in str(caught.value)
        )


def test_a_crime_suggested_by_the_facts_lists_the_police_as_may_apply() -> None:
    """Ransomware, records stolen or defacement, crime not answered: police report and clocks may apply."""
    for raw in (
        {"ransomware": True},
        {"facts": {"personal_info_leaked_people": 1_200_000}},
        {"facts": {"defacement_home_page_minutes": 45}, "defaced_site_kind": "portal_news_or_platform"},
    ):
        result = assess_raw(raw)
        crime = [r for r in result["reports"] if r["kind"] == "crime_report"]
        assert [["if_suspected_crime"]] == [[c["id"] for c in r["conditions"]] for r in crime], raw
        row = next(r for r in result["other_duties"] if r["id"] == "computer_systems_14")
        assert ("may", "if_suspected_crime") == (row["applies"], row["conditions"][0]["id"])
    answered = assess_raw({"ransomware": True, "suspected_crime": False})
    assert [] == [r for r in answered["reports"] if r["kind"] == "crime_report"]


POLICE = ("computer_systems_14", "international_networking_10", "criminal_procedure_110")


@pytest.mark.parametrize("level", ["especially_major", "major", "relatively_major", "general", "unknown"])
def test_the_police_duties_may_apply_at_every_level_until_the_crime_question_is_answered(level: str) -> None:
    """Crime not answered, nothing suggesting one: the police duties may apply (with their condition)."""
    rows = {r["id"]: r for r in assess_raw({"level": level, "involves_cii": False})["other_duties"]}
    assert [
        ("may", "if_suspected_crime"),
        ("may", "if_intrusion"),
        ("may", "if_suspected_crime"),
    ] == [(rows[i]["applies"], rows[i]["conditions"][0]["id"]) for i in POLICE]
    answered = assess_raw({"level": level, "involves_cii": False, "suspected_crime": False})
    lines = {n["id"]: n["reason_id"] for n in answered["not_applicable"]}
    assert ["no_crime"] * 3 == [lines.get(i) for i in POLICE]
    assert set() == set(POLICE) & set(_ids(answered["other_duties"]))


def test_the_crime_and_ransomware_questions_are_asked_at_every_level() -> None:
    """一般 included: the tree asks whether a crime is suspected and whether it is ransomware."""
    from decision_tree.tree import next_question

    for level in ("especially_major", "major", "relatively_major", "general", "unknown"):
        path: dict[str, object] = {"involves_cii": False, "central_state_organ": False, "level": level}
        asked = []
        while (question := next_question(path)) is not None:
            asked.append(question.id)
            path[question.id] = question.values()[0]
        assert ["sectors", "suspected_crime", "ransomware", "state_secret"] == asked, level


def test_cii_left_out_says_it_was_taken_as_not_involved() -> None:
    """involves_cii not answered defaults to no, and the why-not line says so instead of quoting an answer."""
    lines = {n["id"]: n for n in assess_raw({"level": "major"})["not_applicable"]}
    assert "not_cii_unanswered" == lines["cii_18"]["reason_id"]
    assert "未回答，已按不涉及处理" in lines["cii_18"]["zh"] and "回答：" not in lines["cii_18"]["zh"]


@pytest.mark.parametrize("level", ["especially_major", "major", "relatively_major", "general", "unknown"])
def test_cii_18_only_may_apply_its_major_being_its_own_measure(level: str) -> None:
    """CII involved: 第十八条 may apply at every level, 重大 included; its quote shows 第十八条第二款's measure."""
    row = next(r for r in assess_raw({"level": level, "involves_cii": True})["other_duties"] if r["id"] == "cii_18")
    assert ("may", "if_major_cii_incident") == (row["applies"], row["conditions"][0]["id"])
    assert (
        "较大规模个人信息泄露" in row["quote"] and "不等同于《办法》附件的分级" in row["conditions"][0]["label"]["zh"]
    )


def test_the_product_vulnerability_clock_may_apply_without_a_due_time() -> None:
    """网络数据安全管理条例 第十条: may apply with its condition, no due time, not in the deadlines list."""
    result = assess_raw({"level": "major", "involves_cii": False, "discovered_at": WHEN})
    row = next(r for r in result["other_duties"] if r["id"] == "network_data_10")
    assert ("may", "if_product_vulnerability", None) == (row["applies"], row["conditions"][0]["id"], row["due_at"])
    assert "不是事件时限" in row["summary"]["zh"]
    assert "network_data_10" not in [d["id"] for d in result["deadlines"]]
    assert "network_data_10" not in _ids(result["not_applicable"])
    assert (False, True) == (row["from_discovery"], rows_by_id(result)["computer_systems_14"]["from_discovery"])


def test_the_product_vulnerability_clock_is_not_shown_as_counted_from_discovery() -> None:
    """The page: 第十条 is not among the deadlines at the top, and its row says 24小时内, not 发现或获知后."""
    from decision_tree.web import render

    fragment = "involves_cii=no&central_state_organ=no&level=general&sectors=none&t=2025-11-03T23:40"
    html = render(fragment, mode="live", now="2025-11-03T23:50:00+08:00").html
    top = re.findall(r'class="ic-next ic-next-duty[^"]*" data-duty="([^"]*)"', html)
    assert ["computer_systems_14", "international_networking_10"] == top
    row = html[html.index('class="ic-duty" data-duty="network_data_10"') :]
    deadline = re.sub(r"<[^>]+>", "", row[row.index("时限") : row.index("报告对象")])
    assert "24小时内" in deadline and "发现或获知后" not in deadline


def rows_by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in result["other_duties"]}


def test_the_article_20_quote_names_its_own_article() -> None:
    """第二十条's heading stands before its item (三), so the penalty does not read as part of 第十四条."""
    quote = load_duties().duty("computer_systems_14").quote
    assert quote[1].startswith("第二十条 违反本条例的规定") and quote[2].startswith("(三)")


def test_the_cybersecurity_law_note_claims_only_what_the_sources_say() -> None:
    """Article 27 in the amended text, words unchanged; nothing about articles inserted before it."""
    note = load_duties().duty("cybersecurity_law_27").note
    reading = next(i for i in load_law().interpretations if i.id == "general-other-duties")
    assert note is not None
    for text in (note.zh, reading.text.zh):
        assert "第二十七条，条文未改（见 chinadataregulation.com 第二十七条页面）" in text
        assert "增加" not in text and "第五项" not in text


def test_rows_read_only_in_copies_say_so() -> None:
    """csrc_218, telecom_internet, industry_data, power: what a copy shows is marked as not verified."""
    duties = load_duties()
    telecom, csrc = duties.duty("telecom_internet"), duties.duty("csrc_218")
    assert telecom.note is not None and csrc.note is not None
    assert "转载本中见“立即”字样，未在可核实的文本中核实" in telecom.note.zh and "immediately" in (
        telecom.note.en or ""
    )
    assert "未在可核实的文本中核实" in csrc.note.zh
    assert "转载本中见“立即上报”字样" in duties.duty("industry_data").summary.zh
    power = duties.duty("power")
    assert "其上级电力调度……（转载本在此处截断）" == power.to.zh
    assert "“应立即启动应急预案，实施处置并立即向其上级电力调度……”" in power.summary.zh
    assert "机构" not in power.to.zh


def test_the_crime_wording_says_violation_of_law_and_leaked() -> None:
    """违法犯罪 is "violation of law or crime"; the crime condition names a leak, not a theft."""
    duties = load_duties()
    assert "suspected violation of law or crime" in (duties.duty("computer_systems_14").trigger.en or "")
    report = next(
        r for r in assess_raw({"facts": {"personal_info_leaked_people": 5}})["reports"] if r["kind"] == "crime_report"
    )
    condition = report["conditions"][0]["label"]
    assert ("个人信息泄露" in condition["zh"], "被窃取" in condition["zh"]) == (True, False)
    assert "personal information leaked" in condition["en"] and "violation of law or a crime" in condition["en"]


def test_the_crime_report_does_not_name_the_police_twice() -> None:
    """向公安机关 + the report's wording reads once (not 向公安机关及时向公安机关报案), in both languages."""
    result = assess(parse({"suspected_crime": True, "level": "major"}))
    report = next(r for r in result["reports"] if r["kind"] == "crime_report")
    zh = f"向{report['to_label']['zh']}{report['promptness']['zh']}"
    en = f"{report['to_label']['en']}: {report['promptness']['en']}"
    assert 1 == zh.count("公安机关") and 1 == en.count("public security")


def test_old_sector_rules_links_still_open() -> None:
    """An old link's sector_rules=yes|no|unknown reads as sectors unknown | none | unknown."""
    from decision_tree.web import parse_fragment

    for old, new in (("yes", ("unknown",)), ("no", ("none",)), ("unknown", ("unknown",))):
        state = parse_fragment(f"involves_cii=no&central_state_organ=no&level=major&sector_rules={old}")
        assert ([], new) == (state.problems, state.path["sectors"])


def test_bad_sectors_in_a_link_are_named_in_the_readers_language() -> None:
    """An unknown sector key, or none with a sector, is named in Chinese and in English, and dropped."""
    from decision_tree.web import render

    base = "involves_cii=no&central_state_organ=no&level=major&t=unsure"
    zh = render(base + "&sectors=bank", mode="live").html
    assert "链接中“sectors”的值“bank”无法识别（可用：pboc、nfra" in zh
    en = render(base + "&sectors=none&sectors=pboc&lang=en", mode="live").html
    assert "holds both &quot;none&quot; (none of these) and a sector" in en


def test_the_result_shows_one_row_per_regime_with_the_why_not_lines_and_the_page_link() -> None:
    """The rendered result lists the rows in the engine's order, the why-not lines and 其他报告义务."""
    from decision_tree.web import render

    fragment = "involves_cii=no&central_state_organ=no&level=major&sectors=pboc&ransomware=yes&t=2025-11-03T23:40"
    html = render(fragment, mode="live", now="2025-11-03T23:50:00+08:00").html
    result = assess_raw(
        {"involves_cii": False, "central_state_organ": False, "level": "major", "sectors": ["pboc"], "ransomware": True}
    )
    assert _ids(result["other_duties"]) == re.findall(r'class="ic-duty" data-duty="([^"]*)"', html)
    assert 'datetime="2025-11-04T23:40:00+08:00"' in html
    assert "《关键信息基础设施安全保护条例》第十八条：不适用——事件不涉及关键信息基础设施" in html
    assert 'href="../other-duties/"' in html
    english = render(fragment + "&lang=en", mode="live", now="2025-11-03T23:50:00+08:00").html
    assert (
        "Regulations on the Security Protection of Critical Information Infrastructure, Article 18: does not apply"
        in english
    )
