"""Rules about the checker tree as a whole: shape (reachable, acyclic) and safety.

Safety, on every path from the start to an outcome:
- questions come in stage order, most urgent signs first;
- the outcome's tier is at least the tier of every red flag the reader said yes to, so no
  path that reports a red flag ends in self-care;
- before an outcome of tier T, every general red flag of a tier above T has been asked.
The tree is small, so the rules are checked by enumerating every path.
"""
from __future__ import annotations

from typing import Iterator

from .model import Guide, Question, tier_rank
from .yamlsource import At

Path = tuple[tuple[str, int], ...]   # (question id, answer index) steps, then the outcome


def edges(guide: Guide, question: Question) -> Iterator[tuple[int, str]]:
    for index, answer in enumerate(question.answers):
        yield index, answer.next


def paths(guide: Guide) -> Iterator[tuple[Path, str]]:
    """Every (steps, outcome id) from the start question. Assumes the tree has no cycle."""
    checker = guide.checker

    def walk(node: str, steps: Path) -> Iterator[tuple[Path, str]]:
        if node in checker.outcomes:
            yield steps, node
            return
        for index, target in edges(guide, checker.questions[node]):
            yield from walk(target, steps + ((node, index),))

    yield from walk(checker.start, ())


def describe(steps: Path, outcome: str, guide: Guide) -> str:
    parts = [f"{qid} ({guide.checker.questions[qid].answers[index].label})" for qid, index in steps]
    return " -> ".join(parts + [outcome])


def check_tree(guide: Guide, checker_node: At) -> None:
    locate = _Locator(checker_node)
    _check_acyclic(guide, locate)          # paths() needs a tree without loops
    general_flags = [flag for flag in guide.red_flags if not flag.topics]
    for steps, outcome_id in paths(guide):
        outcome = guide.checker.outcomes[outcome_id]
        asked, reported = set(), []
        for position, (qid, index) in enumerate(steps):
            question = guide.checker.questions[qid]
            if position and tier_rank(question.stage) > tier_rank(
                    guide.checker.questions[steps[position - 1][0]].stage):
                raise locate.answer_next(steps[position - 1]).error(
                    f"leads to question '{qid}' about {question.stage} signs after a question "
                    f"about less urgent signs; ask the most urgent signs first "
                    f"(path: {describe(steps, outcome_id, guide)})")
            asked.update(question.signs)
            reported.extend(question.answers[index].reports)
        for flag_id in reported:
            flag = guide.flag(flag_id)
            if tier_rank(flag.tier) > tier_rank(outcome.tier):
                raise locate.answer_next(steps[-1]).error(
                    f"leads to '{outcome_id}' ({outcome.tier}) on a path where the reader said "
                    f"yes to red flag '{flag_id}' ({flag.tier}); the outcome must be at least "
                    f"{flag.tier} (path: {describe(steps, outcome_id, guide)})")
        for flag in general_flags:
            if tier_rank(flag.tier) > tier_rank(outcome.tier) and flag.id not in asked:
                raise locate.answer_next(steps[-1]).error(
                    f"leads to '{outcome_id}' ({outcome.tier}) without asking about red flag "
                    f"'{flag.id}' ({flag.tier}) first (path: {describe(steps, outcome_id, guide)})")
    _check_reachable(guide, locate)        # after safety: an unsafe edit often orphans a node


def _check_acyclic(guide: Guide, locate: "_Locator") -> None:
    state: dict[str, str] = {}         # id -> "open" while on the stack, "done" after

    def visit(node: str, trail: list[str]) -> None:
        if node in guide.checker.outcomes or state.get(node) == "done":
            return
        state[node] = "open"
        for index, target in edges(guide, guide.checker.questions[node]):
            if state.get(target) == "open":
                stack = trail + [node]
                cycle = " -> ".join(stack[stack.index(target):] + [target])
                raise locate.answer_next((node, index)).error(f"leads back to '{target}', making a loop: {cycle}")
            visit(target, trail + [node])
        state[node] = "done"

    visit(guide.checker.start, [])


def _check_reachable(guide: Guide, locate: "_Locator") -> None:
    seen, todo = set(), [guide.checker.start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in guide.checker.questions:
            todo.extend(target for _, target in edges(guide, guide.checker.questions[node]))
    for kind, nodes in (("questions", guide.checker.questions), ("outcomes", guide.checker.outcomes)):
        for node_id in nodes:
            if node_id not in seen:
                raise locate.node(kind, node_id).error(
                    f"cannot be reached from the start question '{guide.checker.start}'")


class _Locator:
    """Finds the data-file position of a checker element, for error messages."""

    def __init__(self, checker_node: At):
        self.fields = checker_node.mapping(optional=checker_node.value.keys())

    def node(self, kind: str, node_id: str) -> At:
        return self.fields[kind].entries()[node_id]

    def answer(self, qid: str, index: int) -> At:
        question = self.node("questions", qid)
        return question.mapping(optional=question.value.keys())["answers"].items()[index]

    def answer_next(self, step: tuple[str, int]) -> At:
        answer = self.answer(*step)
        return answer.mapping(optional=answer.value.keys())["next"]
