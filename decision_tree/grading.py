"""Grade an incident against the annex: numbers against every threshold, plus the user's judgements.

Package room. May import: the standard library, ``decision_tree.model``, ``decision_tree.load``,
``decision_tree.rules`` and ``decision_tree.answers``.

Readings applied here (interpretations.toml): ``highest-level`` (the highest level met wins;
以上 is inclusive — annex 注), ``site-scopes`` (portal and defacement indicators count only for
the levels that cover the chosen kind of site), ``population-share`` (provincial and prefectural
shares are compared separately) and ``judgement-criteria`` (qualitative items count only when
the user confirms them). Meeting nothing never makes an incident 一般: the level stays unknown
(``graded-general-caveat``).
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_tree.answers import SITE_KIND_KEYS, Answers, qualitative_keys
from decision_tree.load import load_law
from decision_tree.model import Law, Level, Threshold
from decision_tree.rules import Rules, load_rules


@dataclass(frozen=True)
class Met:
    """An annex item the facts or judgements satisfy."""

    level: Level
    key: str
    fact: str | None = None
    value: float | None = None
    at_least: int | None = None


@dataclass(frozen=True)
class Grading:
    """The result of grading: the highest level met (None when nothing is met) and why."""

    level: Level | None
    basis: tuple[str, ...]
    met: tuple[Met, ...]
    unassessed_facts: tuple[str, ...]
    unassessed_judgements: tuple[str, ...]


def thresholds_of(law: Law, level: Level) -> list[tuple[str, str, Threshold]]:
    """``(citation key, topic, threshold)`` for every number the annex sets for ``level``."""
    out = []
    for i, indicator in enumerate(law.guide.level(level.number).indicators, 1):
        key = f"guide/{level.number}/indicator/{i}"
        out += [(key, indicator.topic, t) for t in indicator.thresholds]
        for s, sub in enumerate(indicator.sub_items, 1):
            out += [(f"{key}/{s}", indicator.topic, t) for t in sub.thresholds]
    return out


def _covered(answers: Answers, rules: Rules, topic: str, level: Level) -> bool:
    key = SITE_KIND_KEYS.get(topic)
    if key is None:
        return True
    chosen = getattr(answers, key)
    return any(kind.id == chosen and level in kind.levels for kind in rules.site_kinds_for(topic))


def grade(answers: Answers, law: Law | None = None, rules: Rules | None = None) -> Grading:
    """Every threshold and judgement ``answers`` meets, and the highest level among them.

    When nothing is met the level is ``None``: numbers below every threshold do not show that no
    other indicator or 情形 applies, so only the user can conclude 一般 (``graded-general-caveat``).
    """
    law = law or load_law()
    rules = rules or load_rules()
    met: list[Met] = []
    for level in (Level.ESPECIALLY_MAJOR, Level.MAJOR, Level.RELATIVELY_MAJOR):
        for key, topic, threshold in thresholds_of(law, level):
            value = answers.facts.get(threshold.fact)
            # 以上 includes the number itself (annex 注): >=, never >.
            if value is not None and value >= threshold.at_least and _covered(answers, rules, topic, level):
                met.append(Met(level, key, threshold.fact, value, threshold.at_least))
        prefix = f"guide/{level.number}/"
        for key in answers.judgements:
            # site-scopes: a 6(4) determination counts only for the sites that level's item 6
            # covers — when the user has said which kind of site was defaced.
            scoped_out = (
                key == f"{prefix}indicator/6/4"
                and answers.defaced_site_kind is not None
                and not _covered(answers, rules, "defacement", level)
            )
            if key.startswith(prefix) and not scoped_out:
                met.append(Met(level, key))

    all_facts = tuple(f.id for f in law.guide.facts)
    unassessed_facts = tuple(f for f in all_facts if f not in answers.facts)
    unassessed_judgements = tuple(k for k in qualitative_keys(law) if k not in answers.judgements)
    if not met:
        return Grading(None, (), (), unassessed_facts, unassessed_judgements)
    highest = min(m.level.number for m in met)
    basis = tuple(dict.fromkeys(m.key for m in met if m.level.number == highest))
    return Grading(list(Level)[highest - 1], basis, tuple(met), unassessed_facts, unassessed_judgements)
