"""Patient stories that audit the checker: who, which warning signs, what it is like, and the
tiers a careful clinician accepts (docs/data/triage-scenarios.yml).

`walk` answers the checker as that person would: the route question by who they are; yes to a
question of signs when it lists a sign they have (the answer that reports their most urgent
one, never "I am not sure", which these stories are); on a "what is it like?" question, the answer whose words they recognise, else
"Something else". It follows the same model the pages are made from, so a story's result
here is the result a reader clicking the pages gets (tests/test_checker_browser.py checks
that too).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import _expand_values
from .model import TIER_IDS, Guide, tier_rank
from .yaml_source import At, DataError, read

FILE = "docs/data/triage-scenarios.yml"


@dataclass(frozen=True)
class Scenario:
    id: str
    route: str
    story: str
    has: tuple[str, ...]
    pattern: str | None
    accept: tuple[str, ...]
    source: str
    # Where the story came from: the team, or a blind round (written from outside sources by
    # someone who never saw the checker, e.g. "blind round 1, December 2026").
    origin: str = "team"


def load(path: Path, guide: Guide, display_name: str = FILE) -> tuple[Scenario, ...]:
    root = read(path, display_name)
    _expand_values(root, guide.values or {})      # a story may say {{value-id}}, as data text does
    items = root.mapping(required=("scenarios",))["scenarios"].items(min_items=1)
    scenarios, seen = [], set()
    for item in items:
        fields = item.mapping(required=("id", "route", "story", "has", "accept", "source"),
                              optional=("pattern", "origin"))
        scenario = Scenario(
            id=fields["id"].ident(), route=fields["route"].choice(guide.checker.routes),
            story=fields["story"].text(), has=fields["has"].ident_list(0),
            pattern=fields["pattern"].text() if "pattern" in fields else None,
            accept=tuple(node.choice(TIER_IDS) for node in fields["accept"].items(1)),
            source=fields["source"].ident(),
            origin=fields["origin"].text() if "origin" in fields else "team")
        if scenario.id in seen:
            raise fields["id"].error(f"duplicate scenario id '{scenario.id}'")
        seen.add(scenario.id)
        for flag_node, flag in zip(fields["has"].items(), scenario.has):
            if not any(f.id == flag for f in guide.red_flags):
                raise flag_node.error(f"unknown red flag '{flag}'")
        if scenario.source not in guide.sources:
            raise fields["source"].error(f"unknown source '{scenario.source}'")
        offered = {answer.route for question in guide.checker.questions.values()
                   if question.kind == "route" for answer in question.answers}
        if scenario.route not in offered:
            raise fields["route"].error(f"'{scenario.route}' is a route no answer of the checker "
                                        "offers, so the story cannot be answered")
        # The build stops on an under-triaged story (the open-data page promises it), so
        # `mkdocs build`, `serve` and the offline zip never publish one (review M2).
        outcome = result(guide, scenario)
        if outcome["verdict"] == "under-triaged":
            raise fields["accept"].error(
                f"story '{scenario.id}' is under-triaged: the checker gives '{outcome['outcome']}' "
                f"({outcome['tier']}), slower than every tier it accepts "
                f"({', '.join(scenario.accept)}); fix the checker, not the story")
        scenarios.append(scenario)
    return tuple(scenarios)


def walk(guide: Guide, scenario: Scenario) -> tuple[list[tuple[str, int]], str]:
    """The (question id, answer index) steps this person takes, and the result they reach."""
    checker, steps, node = guide.checker, [], guide.checker.start
    while node in checker.questions:
        question = checker.questions[node]
        index = _choose(guide, question, scenario)
        steps.append((node, index))
        node = question.answers[index].next
    return steps, node


def _choose(guide: Guide, question, scenario: Scenario) -> int:
    answers = question.answers
    if question.kind == "route":
        return next(i for i, a in enumerate(answers) if a.route == scenario.route)
    has = [flag for flag in scenario.has if flag in question.signs]
    if has:
        worst = max(has, key=lambda flag: tier_rank(guide.flag(flag).tier))
        return next(i for i, a in enumerate(answers) if worst in a.reports and not a.unsure)
    if question.kind == "signs":
        return next(i for i, a in enumerate(answers) if a.none)
    words = (scenario.pattern or "").lower()
    for i, answer in enumerate(answers):
        if words and words in answer.label.lower() and not answer.reports:
            return i
    return next(i for i, a in enumerate(answers) if a.other)


def result(guide: Guide, scenario: Scenario) -> dict:
    """What the checker does with this story: its result, tier and how it compares."""
    steps, outcome_id = walk(guide, scenario)
    tier = guide.checker.outcomes[outcome_id].tier
    lowest = min(scenario.accept, key=tier_rank)
    highest = max(scenario.accept, key=tier_rank)
    verdict = ("under-triaged" if tier_rank(tier) < tier_rank(lowest) else
               "over-triaged" if tier_rank(tier) > tier_rank(highest) else "accepted")
    return {"outcome": outcome_id, "tier": tier, "verdict": verdict,
            "answers": [guide.checker.questions[q].answers[i].label for q, i in steps]}


__all__ = ["DataError", "Scenario", "load", "walk", "result"]
