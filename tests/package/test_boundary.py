"""The browser boundary's contract (issue 8): respond never raises; the fragment parser bounds what it echoes."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_tree.rules import load_rules
from decision_tree.web import MAX_FRAGMENT, MULTI_KEYS, parse_fragment, render, respond
from decision_tree.web.texts import Texts

NOW = "2025-11-03T15:40:00Z"
SINGLE_KEYS = [q.id for q in load_rules().questions if q.kind != "multi"]


def _error(request: str) -> str:
    response = json.loads(respond(request))
    assert ["error"] == list(response), response.keys()
    return str(response["error"])


@pytest.mark.parametrize(
    ("request_text", "says"),
    [
        ("not json", "请求不是有效的 JSON"),
        ("", "请求为空"),
        ("[" * 100_000 + "]" * 100_000, "请求嵌套超过10层"),
        ('{"fragment": "", "fragment": "level=major"}', "请求中的链接中 # 之后的文本出现了多次"),
        ('{"fragment": ' + "9" * 5000 + "}", "请求中的链接中 # 之后的文本不是文本；应为文本"),
        ('{"fragment": "", "now": "yesterday"}', "请求中的当前时间“yesterday”无法使用"),
        ('{"fragment": "", "now": "2025-11-03T23:40"}', "含时区"),
        ('{"fragment": "", "now": "9999-12-31T23:00:00-05:00"}', "2000–2099"),
        ('{"fragmnt": ""}', "请求中的“fragmnt”无法识别。请求应为一个 JSON 对象，可含：链接中 # 之后的文本、当前时间、"),
        ('{"' + "k" * 1_000_000 + '": ""}', "请求中的“" + "k" * 60 + "…”无法识别"),
        ('{"root": {"a": 1}}', "请求中的到网站根目录的路径不是文本"),
        ('"fragment"', "请求应为一个 JSON 对象"),
    ],
)
def test_a_bad_request_gets_one_chinese_line_naming_the_field(request_text: str, says: str) -> None:
    """A request that cannot be used gets {"error": one line in Chinese}, not an exception or a traceback."""
    error = _error(request_text)
    assert says in error
    assert [error] == error.splitlines() and len(error) <= 300


@pytest.mark.parametrize(
    ("request_text", "says"),
    [
        ('{"lang": "en", "now": "yesterday"}', "In the request, the current time “yesterday” cannot be used"),
        (
            '{"lang": "en", "fragmnt": ""}',
            "“fragmnt” in the request is not recognised. The request should be one JSON object, which may carry",
        ),
        ('{"lang": "en", "root": 1}', "the path to the site's root is not text; it should be the relative path from"),
        (
            '{"lang": "en", "states": "' + "s" * 201 + '"}',
            "the path to the folder of static pages is longer than 200 characters",
        ),
    ],
)
def test_a_bad_request_in_english_gets_its_error_in_english(request_text: str, says: str) -> None:
    """With lang "en" the error is English, without a Chinese character; unreadable requests stay Chinese."""
    error = _error(request_text)
    assert (True, []) == (says in error, re.findall(r"[\u3400-\u9fff]", error))
    assert "请求应为一个 JSON 对象" in _error('["lang", "en"]')


def test_a_long_fragment_is_cut_at_a_piece_and_said_so() -> None:
    """A 10,000-character fragment is cut to whole pieces within the limit; nothing of it is echoed in full."""
    state = parse_fragment("involves_cii=yes&zz=" + "x" * 10_000)
    assert {"involves_cii": True} == state.path
    assert [f"链接过长（10020个字符，最多{MAX_FRAGMENT}个）：超出的部分已忽略，请核对下面的答案。"] == state.problems


def test_every_echoed_piece_is_cut_to_60_characters() -> None:
    """An unknown key, a bad value and a bad time are quoted with at most 60 characters and "…"."""
    long = "q" * 1000
    state = parse_fragment(f"level={long}&{long}=1&f.direct_economic_loss_yuan={long}&lang={long}")
    messages = [*state.problems, *getattr(state, "field_errors", {}).values()]  # a bad number may be shown by its field
    assert 4 == sum("q" in message for message in messages)
    assert all("q…" in message and "q" * 61 not in message for message in messages if "q" in message)
    html = render(f"involves_cii=no&central_state_organ=no&level=general&t={long}", mode="live", now=NOW).html
    assert "q" * 60 + "…" in html and "q" * 61 not in html


@pytest.mark.parametrize("key", ["level", "involves_cii", "t", "f.direct_economic_loss_yuan", "preset.involves_cii"])
def test_a_repeated_single_valued_key_is_dropped_with_a_message(key: str) -> None:
    """level=major&level=general: neither is used (the question is asked again) and the message names the key."""
    value = {"level": "major", "t": "2025-11-03T23:40", "f.direct_economic_loss_yuan": "5"}.get(key, "yes")
    state = parse_fragment(f"{key}={value}&sector_rules=no&{key}={value}")
    used = {**state.path, "t": state.discovered, **{f"f.{k}": v for k, v in state.facts.items()}}
    assert (key not in used or used[key] is None) and key.removeprefix("preset.") not in state.presets
    assert [f"链接中“{key}”出现了2次（“{value}”、“{value}”），但只能给一个值：已全部忽略，请重新回答或填写此项。"] == [
        p for p in state.problems if "出现了" in p
    ]


def test_repeated_level_asks_the_level_question_again() -> None:
    """With level given twice, the page asks for the level again instead of using either answer."""
    rendered = render("involves_cii=no&central_state_organ=no&level=major&level=general")
    assert 'data-question="level"' in rendered.html and "level=" not in rendered.fragment
    assert "链接中“level”出现了2次" in rendered.html


def test_multi_valued_keys_may_repeat() -> None:
    """j (judgements), ask and sectors may appear many times: each value is kept."""
    state = parse_fragment("j=guide/1/criterion/1&j=guide/1/criterion/2&ask=involves_cii&ask=central_state_organ")
    assert (["guide/1/criterion/1", "guide/1/criterion/2"], ["involves_cii", "central_state_organ"], []) == (
        state.judgements,
        state.ask,
        state.problems,
    )
    assert {"j", "ask", "sectors"} == MULTI_KEYS
    assert ("pboc", "csrc") == parse_fragment("level=major&sectors=pboc&sectors=csrc&sectors=pboc").path["sectors"]


def test_many_problems_are_listed_at_most_ten() -> None:
    """Thousands of unknown keys give ten lines, the last counting the rest."""
    state = parse_fragment("&".join(f"k{i}=1" for i in range(1000)))
    assert 10 == len(state.problems)
    assert "另有991处问题未列出（均已忽略）。" == state.problems[-1]


def test_the_grading_form_does_not_repeat_what_it_sends() -> None:
    """The grading form's base fragment carries no facts, kinds or judgements: the form sends them all."""
    html = render(
        "involves_cii=no&central_state_organ=no&f.personal_info_leaked_people=5&psk=other&j=guide/1/criterion/1",
        mode="live",
        now=NOW,
    ).html
    base = unescape(html.split('class="ic-grade-form" data-fragment="')[1].split('"')[0])
    assert "involves_cii=no&central_state_organ=no&level=unknown" == base


@given(
    st.lists(st.sampled_from(SINGLE_KEYS), min_size=1, max_size=5),
    st.lists(st.sampled_from(["yes", "no", "unknown", "major"]), min_size=2, max_size=2),
)
def test_any_repeated_answer_is_never_used(keys: list[str], values: list[str]) -> None:
    """Whichever question keys are repeated, none of their answers reaches the state."""
    fragment = "&".join(f"{key}={value}" for key in keys for value in values)
    state = parse_fragment(fragment)
    assert not set(keys) & set(state.path)
    assert sorted(set(keys)) == sorted(p.split("“")[1].split("”")[0] for p in state.problems if "出现了" in p)
    assert not set(keys) & set(parse_fragment(state.fragment()).path)


MALFORMED = [
    "not json",
    '{"fragment": "a", ',
    "",
    "[]",
    "null",
    '{"fragment": 1}',
    '{"fragment": null}',
    '{"fragment": ["level=major"]}',
    '{"fragment": "", "fragment": ""}',
    '{"fragmnt": ""}',
    '{"fragment": "", "now": "2025-13-40T25:00:00Z"}',
    '{"fragment": "", "now": "2025-11-03"}',
    '{"fragment": "", "now": 1762184400}',
    '{"fragment": "", "now": "1999-12-31T23:00:00Z"}',
    '{"fragment": "", "root": "' + "../" * 1000 + '"}',
    '{"fragment": "", "states": {"a": 1, "a": 2}}',
    '{"fragment": "", "lang": "fr"}',
    '{"fragment": "", "lang": 1}',
    '{"fragment": "' + "x" * 100_000 + '", "now": "' + "9" * 100_000 + '"}',
]
PYTHON_WORDS = re.compile(r"Error|Exception|Expecting|Traceback|NoneType|\b(char|dict|list|int|str|float)\b")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("request_text", MALFORMED)
def test_a_malformed_request_names_no_request_key_and_no_python_words(request_text: str, lang: str) -> None:
    """Wrong types, unknown or repeated keys, bad times, huge strings: the part in words, never its key or Python's words."""
    body = request_text.removeprefix("{")
    text = '{"lang": "' + lang + '", ' + body if request_text.startswith("{") and body.startswith('"') else request_text
    error = _error(text)
    keys = [k for k in ("fragment", "now", "root", "states", "lang") if re.search(rf"[“\"]{k}[”\"]|\b{k}[:：]", error)]
    assert ([], None, [error]) == (keys, PYTHON_WORDS.search(error), error.splitlines())
    assert len(error) <= 400


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_internal_error_shows_no_python_message(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the page's rendering raise, the reader sees the data's message, not Python's class or words."""
    import decision_tree.web.boundary as boundary

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("secret engine key")

    monkeypatch.setattr(boundary, "render", broken)
    error = _error(json.dumps({"fragment": "", "lang": lang}))
    assert Texts(lang)("request.internal") == error
