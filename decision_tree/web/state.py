"""The questionnaire's state, and the fragment written: answers, times, facts, the embedding's settings.

Package room. May import: the standard library, ``decision_tree.web.texts`` and the other
``decision_tree`` modules except ``web`` and ``__main__``.

State lives in the URL fragment, keyed by question id (``involves_cii=yes&level=major&t=…``), so
every state is a link that can be shared. This room holds the :class:`State`, the fragment's
codec and writer, and which question or static page comes next; :mod:`~decision_tree.web.fragment`
reads a fragment into a state, and :mod:`~decision_tree.web.entry` checks input where it is entered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from decision_tree.rules import Question, load_rules, matches
from decision_tree.tree import next_question

# urllib.parse takes ~150 ms to import in Pyodide, more than this whole package, for the few
# lines of it used here: the fragment codec is written out below instead.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:")


def encode(text: str) -> str:
    """Percent-encode for a URL fragment, as the browser's URLSearchParams reads it."""
    return "".join(c if c in _UNRESERVED else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def decode(text: str) -> str:
    """Undo :func:`encode` (and form encoding: '+' is a space); malformed escapes stay as they are."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    head, *parts = text.split("%")
    out = bytearray(head.encode())
    for part in parts:
        try:
            out += bytes.fromhex(part[:2]) + part[2:].encode()
        except ValueError:
            out += ("%" + part).encode()
    return out.decode("utf-8", "replace")


def pairs_of(fragment: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` → ``[("a", "1"), ("b", "2")]``, decoded; empty pieces skipped."""
    out = []
    for piece in fragment.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            out.append((decode(key), decode(value)))
    return out


VALUE_CODES: dict[object, str] = {
    True: "yes",
    False: "no",
    "unknown": "unknown",
    "especially_major": "especially_major",
    "major": "major",
    "relatively_major": "relatively_major",
    "general": "general",
}
FROM_CODE = {code: value for value, code in VALUE_CODES.items()}
# Short codes for the static pages' file names: check/s/<code>-<code>-….html
STATE_CODES: dict[object, str] = {
    True: "y",
    False: "n",
    "unknown": "u",
    "especially_major": "em",
    "major": "ma",
    "relatively_major": "rm",
    "general": "ge",
    ("none",): "sn",  # sectors: the two answers the tree enumerates (rules.py ANSWER_VALUES)
    ("unknown",): "su",
}
FACT_PREFIX = "f."
PRESET_PREFIX = "preset."
# The embedding page's data attributes behind each preset, for messages an administrator can act on.
PRESET_ATTRIBUTES = {"involves_cii": "data-cii", "central_state_organ": "data-central-organ"}
# The longest fragment read: every answer, fact and judgement, the presets and a 200-character
# contact fit in well under half of it. Pieces beyond it are dropped, with a message.
MAX_FRAGMENT = 8000
# Keys a fragment may repeat (one value each); any other key given twice is dropped, with a message.
MULTI_KEYS = frozenset({"j", "ask", "sectors"})
# At most this many problems are listed; the rest are counted.
MAX_PROBLEMS = 10
# "Found N minutes ago" as a link can say it (t=-15m): the live clock makes it a time.
MAX_AGO_DIGITS = 5
# The colour schemes an embedding may ask for (embed.js data-theme); auto follows the reader.
THEMES = ("light", "dark", "auto")


@dataclass(frozen=True)
class Place:
    """Where the markup is shown: the way back to the site root and to the static state pages."""

    root: str = "../"  # from the page to the site root (citation links)
    states: str = "s/"  # from the page to the folder of static state pages


@dataclass
class State:
    """A fragment, read: the tree answers in order, the extra inputs, and any problems found."""

    path: dict[str, object] = field(default_factory=dict)
    # Answers given but moot under the other answers (a later question whose condition now fails):
    # kept in every link, so changing an earlier answer and back loses nothing.
    held: dict[str, object] = field(default_factory=dict)
    discovered: str | None = None
    ago: int | None = None  # "found N minutes ago" (t=-Nm), made a clock time with the live clock
    time_unsure: bool = False  # t=unsure: deadlines shown as durations until a time is given
    ended: str | None = None
    facts: dict[str, float] = field(default_factory=dict)
    judgements: list[str] = field(default_factory=list)
    portal_site_kind: str | None = None
    defaced_site_kind: str | None = None
    problems: list[str] = field(default_factory=list)  # Messages: shown in the reader's language
    # The grading helper's fields that cannot be used, with the message shown beside each, and the
    # text the user typed there (kept in the link, so the form shows it again for correction).
    field_errors: dict[str, str] = field(default_factory=dict)
    raw_fields: dict[str, str] = field(default_factory=dict)
    # Set by an embedding page (embed.js) and carried through every state, never sent anywhere:
    presets: dict[str, object] = field(default_factory=dict)  # answers the organisation gives in advance
    ask: list[str] = field(default_factory=list)  # preset questions the user chose to answer anew
    preset_answers: set[str] = field(default_factory=set)  # which answers in path came from presets
    contact: str | None = None  # the internal escalation contact shown on the result
    lang: str | None = None
    origin: str | None = None  # the embedding page's origin, for the page's postMessage
    theme: str | None = None  # the embedding page's colour scheme (THEMES), applied by the page's script
    # The level the facts and judgements grade to (set once they are graded: web.page), written
    # into links in place of an open level, marked as graded.
    graded: str | None = None

    def engine_input(self) -> dict[str, object]:
        """The engine's JSON input for this state."""
        raw: dict[str, object] = {k: list(v) if isinstance(v, tuple) else v for k, v in self.path.items()}
        if self.discovered:
            raw["discovered_at"] = self.discovered
        if self.ended:
            raw["handling_ended_at"] = self.ended
        if self.facts:
            raw["facts"] = dict(self.facts)
        if self.judgements:
            raw["judgements"] = list(self.judgements)
        if self.portal_site_kind:
            raw["portal_site_kind"] = self.portal_site_kind
        if self.defaced_site_kind:
            raw["defaced_site_kind"] = self.defaced_site_kind
        return raw

    def fragment(self, path: dict[str, object] | None = None, **changes: object) -> str:
        """This state as a canonical fragment (without '#'), optionally with another path."""
        path = self.path if path is None else path
        answers = {**path, **{k: v for k, v in self.held.items() if k not in path and k not in self.path}}
        pairs: list[tuple[str, str]] = [
            (key, code)
            for key, value in answers.items()
            # An answer that came from a preset stays a preset (so 重新开始 and 更改 keep working).
            if not (key in self.preset_answers and self.presets.get(key) == value)
            # Several answers (sectors) repeat the key, one value each.
            for code in (value if isinstance(value, tuple) else (VALUE_CODES[value],))
        ]
        discovered = changes.get("discovered", self.discovered)
        ended = changes.get("ended", self.ended)
        if "discovered" not in changes and self.time_unsure:
            pairs.append(("t", "unsure"))
        elif discovered:
            pairs.append(("t", str(discovered)))
        elif "discovered" not in changes and self.ago is not None:
            pairs.append(("t", f"-{self.ago}m"))
        if ended:
            pairs.append(("ended", str(ended)))
        if self.portal_site_kind:
            pairs.append(("psk", self.portal_site_kind))
        if self.defaced_site_kind:
            pairs.append(("dsk", self.defaced_site_kind))
        pairs += [(FACT_PREFIX + name, number_text(value)) for name, value in self.facts.items()]
        pairs += [(FACT_PREFIX + name, text) for name, text in self.raw_fields.items()]
        pairs += [("j", key) for key in self.judgements]
        pairs += self.carried()
        if self.graded and (self.facts or self.judgements) and answers.get("level") == "unknown":
            # What the grading helper graded, written as the level and marked as graded: a static
            # page (named by the answers) then shows the level the live result will show.
            at = pairs.index(("level", "unknown"))
            pairs[at : at + 1] = [("level", self.graded), (GRADED, "1")]
        return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)

    def carried(self, ask: list[str] | None = None) -> list[tuple[str, str]]:
        """The embedding's settings and the language, kept in every link of the widget."""
        pairs = [(PRESET_PREFIX + key, VALUE_CODES[value]) for key, value in self.presets.items()]
        pairs += [("ask", key) for key in (self.ask if ask is None else ask)]
        pairs += [
            (key, value)
            for key, value in (
                ("contact", self.contact),
                ("lang", self.lang),
                ("theme", self.theme),
                ("origin", self.origin),
            )
            if value
        ]
        return pairs


# Written after a level the grading helper graded from facts and judgements (level=major&graded=1):
# read back, the level is left open again and the facts decide, as the engine grades them.
GRADED = "graded"


def number_text(value: float) -> str:
    """A number as the link and the form show it: ``1200000``, ``12.5``."""
    return str(int(value)) if float(value).is_integer() else repr(value)


# ── Which question comes next, and which static page shows a state ─────────────────────────────


def next_gating(path: dict[str, object]) -> Question | None:
    """The next question the result waits for: refining questions (``refine = true``) never hold
    it back — they are asked beside the result."""
    for question in load_rules().questions:
        if question.refine or question.id in path:
            continue
        if matches(question.ask_if, path):
            return question
    return None


def prefix(path: dict[str, object]) -> dict[str, object]:
    """The answers up to the first unanswered question: the part a static page can show."""
    out: dict[str, object] = {}
    while (question := next_question(out)) is not None and question.id in path:
        if path[question.id] not in STATE_CODES:
            break  # several sectors named: no static page; the page of the answers before it
        out[question.id] = path[question.id]
    return out


def state_key(path: dict[str, object]) -> str:
    """The file name (without .html) of a state's static page: ``y-n-ma-n-n-n-n``, or ``start``.

    Static pages exist for gap-free states only, so answers after a gap are left out.
    """
    return "-".join(STATE_CODES[value] for value in prefix(path).values()) or "start"
