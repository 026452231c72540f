"""Rules about the checker tree as a whole: shape and safety, checked per question.

Shape: every node can be reached from the start, and no answer leads back into a loop.
Answers: on a question that lists signs, every answer reports at least one of them, except the
question's one "none of these" answer, and between them the answers can report every sign.
A pattern question ("what is it like?") has one "something else" answer that leads to a
see-a-doctor result. A route question ("who is this for?") names the route of each answer.

Safety, on every path from the start to a result (for the path's route):
1. the result's tier is at least the tier of every sign the reader said yes to;
2. before a result of tier T, every general sign of a more urgent tier that applies to the
   route has been asked, and so has every such sign of the pages the result sends readers to
   (a self-care result asks every sign that applies: no warning sign is left unasked);
3. the result is written for the path's route (adult advice never reaches a child);
4. the danger gate comes first: every sign of the route's gate (`Guide.gate_flags`) has been
   asked before any question past the emergency and same-day stages, and before any result
   slower than "today";
5. every page a parent reads about a child or a baby speaks about them: each sign shown there
   has words for that reader, and no text there talks about an adult's own body, driving,
   alcohol or ALS;
and every sign in the data is asked by some reachable question. Each question of signs has one
"I am not sure" answer, which counts as every sign of the question (so it can never lead
anywhere slower than "yes").

"On every path" is checked without listing paths (a tree with shared branches has
exponentially many): one pass over the questions in topological order carries, for each
route that reaches a node, the most urgent sign reported on any path so far and the signs
asked on all paths so far. The work grows with questions x answers x routes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .model import (ADULT_VOICE, GATE_STAGES, GATE_TIERS, Guide, Outcome, Question, RedFlag,
                    tier_rank, voice_of)
from .yaml_source import DataError

Path = tuple[tuple[str, int], ...]   # (question id, answer index) steps, then the outcome


@dataclass
class _Arrival:
    """What is known about every path of one route that reaches a node."""
    worst: int                      # rank of the most urgent sign reported on any path
    worst_via: tuple | None         # (question id, answer index) of that report, for messages
    asked: frozenset                # signs asked on every path


def check_tree(guide: Guide) -> None:
    order = _topological_order(guide)
    _check_answers(guide)
    arrivals = _flow(guide, order)
    asked_anywhere = {flag for qid, question in guide.checker.questions.items() if qid in arrivals
                      for flag in question.signs}
    for flag in guide.red_flags:
        if flag.id not in asked_anywhere:
            raise _error(guide, flag.line, f"red flag '{flag.id}'",
                         "is not asked by any question of the checker; add it to a question's "
                         "signs so a reader can report it")
    _check_contacts(guide)
    for question in guide.checker.questions.values():
        if question.id not in arrivals:
            raise _error(guide, question.line, question.field,
                         f"cannot be reached from the start question '{guide.checker.start}'")
        for route, arrival in arrivals[question.id].items():
            if question.stage not in GATE_STAGES:
                _check_gate(guide, question.line, question.field, f"question '{question.id}'",
                            route, arrival.asked)
            _check_voice_of_question(guide, question, route)
    for outcome in guide.checker.outcomes.values():
        if outcome.id not in arrivals:
            raise _error(guide, outcome.line, f"checker.outcomes.{outcome.id}",
                         f"cannot be reached from the start question '{guide.checker.start}'")
        for route, arrival in arrivals[outcome.id].items():
            _check_outcome(guide, outcome, route, arrival)
            if outcome.tier not in GATE_TIERS:
                _check_gate(guide, outcome.line, f"checker.outcomes.{outcome.id}",
                            f"the {outcome.tier} result '{outcome.id}'", route, arrival.asked)
            _check_voice_of_outcome(guide, outcome, route)


def _check_contacts(guide: Guide) -> None:
    """A sign's `contact` is a result of the same tier, and every answer that reports the sign
    leads there: the boxes that list it under that result's action then agree with the checker."""
    outcomes = guide.checker.outcomes
    for flag in guide.red_flags:
        if flag.contact is None:
            continue
        field = f"red flag '{flag.id}' contact"
        if flag.contact not in outcomes:
            raise _error(guide, flag.contact_line, field,
                         f"'{flag.contact}' is not a result of the checker; name one of "
                         "checker.outcomes")
        if outcomes[flag.contact].tier != flag.tier:
            raise _error(guide, flag.contact_line, field,
                         f"'{flag.contact}' is a {outcomes[flag.contact].tier} result, but the "
                         f"sign is {flag.tier}; a contact must keep the sign's tier")
        for question in guide.checker.questions.values():
            for answer in question.answers:
                if flag.id in answer.reports and answer.next != flag.contact:
                    raise _error(guide, answer.line, answer.field,
                                 f"reports '{flag.id}', whose contact is '{flag.contact}', but "
                                 f"leads to '{answer.next}'")


def _error(guide: Guide, line: int, field: str, problem: str) -> DataError:
    return DataError(guide.file, line, field, problem)


def _topological_order(guide: Guide) -> list[str]:
    """Questions in an order where every answer leads forward; a loop is an error. Iterative
    (a chain of thousands of questions must not hit Python's recursion limit)."""
    questions = guide.checker.questions
    state: dict[str, str] = {}           # "open" while on the walk's stack, "done" after
    order: list[str] = []
    stack: list[tuple[str, int]] = [(guide.checker.start, 0)]
    state[guide.checker.start] = "open"
    trail = [guide.checker.start]
    while stack:
        node, index = stack[-1]
        answers = questions[node].answers
        if index == len(answers):
            stack.pop()
            trail.pop()
            state[node] = "done"
            order.append(node)
            continue
        stack[-1] = (node, index + 1)
        target = answers[index].next
        if target in guide.checker.outcomes or state.get(target) == "done":
            continue
        if state.get(target) == "open":
            cycle = " -> ".join(trail[trail.index(target):] + [target])
            answer = answers[index]
            raise _error(guide, answer.line, f"{answer.field}.next",
                         f"leads back to '{target}', making a loop: {cycle}")
        state[target] = "open"
        trail.append(target)
        stack.append((target, 0))
    return order[::-1]


def _check_answers(guide: Guide) -> None:
    for question in guide.checker.questions.values():
        nones = [answer for answer in question.answers if answer.none]
        others = [answer for answer in question.answers if answer.other]
        if question.kind == "pattern":
            if len(others) != 1:
                raise _error(guide, question.line, question.field,
                             "a pattern question needs exactly one 'other: true' answer "
                             "(Something else, or I am not sure)")
            target = guide.checker.outcomes.get(others[0].next)
            if target is None or target.tier == "self-care":
                raise _error(guide, others[0].line, f"{others[0].field}.next",
                             "the 'something else' answer must lead straight to a result that "
                             "sends the reader to a doctor, not to self-care or more questions")
        elif others:
            raise _error(guide, others[0].line, others[0].field,
                         "only a pattern question has an 'other' answer")
        if question.kind == "signs":
            unsure = [answer for answer in question.answers if answer.unsure]
            if len(unsure) != 1:
                raise _error(guide, question.line, question.field,
                             f"needs exactly one 'unsure: true' answer (I am not sure), found "
                             f"{len(unsure)}: a worried reader may not know")
            if len(nones) != 1:
                raise _error(guide, question.line, question.field,
                             f"needs exactly one 'none: true' answer, found {len(nones)}")
            for answer in question.answers:
                if not answer.none and not answer.reports:
                    raise _error(guide, answer.line, answer.field,
                                 "reports none of the question's signs: list them in "
                                 "'reports', or make it the question's 'none: true' answer")
        elif nones:
            raise _error(guide, nones[0].line, nones[0].field,
                         "only a question of signs has a 'none' answer")
        reportable = {flag for answer in question.answers for flag in answer.reports}
        for flag in question.signs:
            if flag not in reportable:
                raise _error(guide, question.line, question.field,
                             f"no answer reports its sign '{flag}'")


def _flow(guide: Guide, order: list[str]) -> dict[str, dict]:
    """{node id: {route: _Arrival}} for every node reached, in one pass over the questions."""
    start = _Arrival(worst=-1, worst_via=None, asked=frozenset())
    arrivals: dict[str, dict] = {guide.checker.start: {None: start}}
    for qid in order:
        question = guide.checker.questions[qid]
        for route, arrival in arrivals.get(qid, {}).items():
            for index, answer in enumerate(question.answers):
                # A question of signs asks all of them whatever the answer. On a pattern question
                # the reader picks one description, so a sign listed there counts as asked only on
                # the answers that report it (review M3: moving `numbness` there once gave a
                # self-care result that could never report numbness).
                asked = arrival.asked | frozenset(answer.reports if question.kind == "pattern"
                                                  else question.signs)
                worst, via = arrival.worst, arrival.worst_via
                for flag_id in answer.reports:
                    rank = tier_rank(guide.flag(flag_id).tier)
                    if rank > worst:
                        worst, via = rank, (qid, index)
                next_route = answer.route or route
                _merge(arrivals.setdefault(answer.next, {}), next_route,
                       _Arrival(worst, via, asked))
    return arrivals


def _merge(seen: dict, route, arrival: _Arrival) -> None:
    known = seen.get(route)
    if known is None:
        seen[route] = arrival
        return
    if arrival.worst > known.worst:
        known.worst, known.worst_via = arrival.worst, arrival.worst_via
    known.asked = known.asked & arrival.asked


def _flags_to_ask(guide: Guide, outcome: Outcome, route) -> list[RedFlag]:
    """The signs that must be asked before this result on this route: general ones, and those
    of the pages it sends readers to, of a more urgent tier than the result."""
    pages = {ref.page for ref in outcome.read_next}
    rank = tier_rank(outcome.tier)
    return [flag for flag in guide.red_flags
            if tier_rank(flag.tier) > rank and flag.applies_to(route)
            and (not flag.topics or any(ref.page in pages for ref in flag.topics))]


def _check_outcome(guide: Guide, outcome: Outcome, route, arrival: _Arrival) -> None:
    who = f" on the route for {guide.checker.routes[route]}" if route else ""
    if arrival.worst > tier_rank(outcome.tier):
        qid, index = arrival.worst_via
        answer = guide.checker.questions[qid].answers[index]
        flag = max((guide.flag(f) for f in answer.reports), key=lambda f: tier_rank(f.tier))
        raise _error(guide, outcome.line, f"checker.outcomes.{outcome.id}.tier",
                     f"{outcome.tier} is below red flag '{flag.id}' ({flag.tier}), which a "
                     f"reader can report before reaching it{who} (question '{qid}', answer "
                     f"'{answer.label}'); the result must be at least {flag.tier}")
    for flag in _flags_to_ask(guide, outcome, route):
        if flag.id not in arrival.asked:
            raise _error(guide, outcome.line, f"checker.outcomes.{outcome.id}",
                         f"can be reached{who} without asking about red flag '{flag.id}' "
                         f"({flag.tier}) first; ask it on every path to this {outcome.tier} "
                         "result")
    if route is None and outcome.routes:
        raise _error(guide, outcome.line, f"checker.outcomes.{outcome.id}.routes",
                     f"is written for {', '.join(outcome.routes)}, but it can be reached before "
                     "the checker asks who it is for (review M4); ask who it is for first")
    if route and outcome.routes and route not in outcome.routes:
        raise _error(guide, outcome.line, f"checker.outcomes.{outcome.id}.routes",
                     f"is written for {', '.join(outcome.routes)}, but a reader on the route "
                     f"'{route}' can reach it")


def _check_gate(guide: Guide, line: int, field: str, what: str, route, asked) -> None:
    for flag in guide.gate_flags(route):
        if flag.id not in asked:
            who = f" on the route for {guide.checker.routes[route]}" if route else ""
            raise _error(guide, line, field,
                         f"{what} can be reached{who} before the danger gate has asked about "
                         f"red flag '{flag.id}' ({flag.tier}); ask every emergency and same-day "
                         "sign of the route first")


# Words that speak to an adult about their own body or life. On a page a parent reads about a
# child or a baby they would mean the parent ("your face", "if you drive"), so they are errors.
ADULT_WORDS = re.compile(
    r"\b(?:driv(?:e|es|ing)|alcohol|heavy drinking|frontotemporal|motor neurone|pregnan\w*|"
    r"(?-i:ALS|MND)|your (?:own )?(?:face|eyelids?|eyes?|body|arms?|legs?|hands?|feet|skin|speech|"
    r"sleep|mouth|tongue|muscles?|heart|strength|bed|bottom|back)|you (?:trip|jerk|drift off|drop))\b",
    re.IGNORECASE)


def _check_words(guide: Guide, line: int, field: str, route, texts) -> None:
    voice = voice_of(route)
    if voice == ADULT_VOICE:
        return
    for text in texts:
        found = ADULT_WORDS.search(text or "")
        if found:
            raise _error(guide, line, field,
                         f"is shown to the parent of a {voice} (route '{route}') but says "
                         f"'{found.group(0)}', which is written for an adult: {text!r}")


def _sign_words(guide: Guide, flag_id: str, route, where: str) -> str:
    flag = guide.flag(flag_id)
    text = flag.text_for(route)
    if text is None:
        voice = voice_of(route)
        raise _error(guide, flag.line, f"red flag '{flag.id}'",
                     f"is shown on the route '{route}' ({where}) but has no words for the "
                     f"parent of a {voice}: add '{voice}:' with the sign about their {voice}")
    return text


def _check_voice_of_question(guide: Guide, question: Question, route) -> None:
    signs = [_sign_words(guide, flag, route, f"question '{question.id}'")
             for flag in question.signs]
    _check_words(guide, question.line, question.field, route,
                 [question.text, question.hint] + [a.label for a in question.answers])
    for flag_id, text in zip(question.signs, signs):
        _check_words(guide, guide.flag(flag_id).line, f"red flag '{flag_id}'", route, [text])


def _check_voice_of_outcome(guide: Guide, outcome: Outcome, route) -> None:
    signs = [_sign_words(guide, flag, route, f"result '{outcome.id}'")
             for flag in outcome.watch_for]
    _check_words(guide, outcome.line, f"checker.outcomes.{outcome.id}", route,
                 [outcome.title, outcome.summary, outcome.action, *outcome.do_now])
    for flag_id, text in zip(outcome.watch_for, signs):
        _check_words(guide, guide.flag(flag_id).line, f"red flag '{flag_id}'", route, [text])


# --- path helpers, for the pages and the tests ---------------------------------------------

def routes_reaching(guide: Guide) -> dict[str, tuple]:
    """{node id: the routes whose paths reach it, in the order of checker.routes}; the start
    question is reached before any route is chosen (None)."""
    order = list(guide.checker.routes)
    arrivals = _flow(guide, _topological_order(guide))
    return {node: tuple(sorted(seen, key=lambda r: -1 if r is None else order.index(r)))
            for node, seen in arrivals.items()}


def first_readers(guide: Guide) -> dict:
    """{node id: the first route that reaches it}: whose words the overview and the diagram
    show for a node (a child's question in the parent's words, as on its page)."""
    return {node: routes[0] for node, routes in routes_reaching(guide).items()}


def ways_in(guide: Guide) -> dict[tuple, Path | None]:
    """{(question id, route): the steps that lead to it on that route, if exactly one path
    does; else None}. A question page is made once per route that reaches it, so it can show
    who the answers are about and, where one path leads in, every answer so far."""
    found: dict[tuple, list] = {(guide.checker.start, None): [()]}
    for qid in _topological_order(guide):
        for (node, route), prefixes in [(k, v) for k, v in found.items() if k[0] == qid]:
            for index, answer in enumerate(guide.checker.questions[qid].answers):
                if answer.next in guide.checker.questions:
                    key = (answer.next, answer.route or route)
                    ways = found.setdefault(key, [])
                    for prefix in prefixes[:2]:
                        if len(ways) < 2:
                            ways.append(prefix + ((qid, index),))
    return {key: (ways[0] if len(ways) == 1 else None) for key, ways in found.items()}


def paths(guide: Guide) -> Iterator[tuple[Path, str]]:
    """Every (steps, outcome id) from the start question. Only for small trees (tests, tools):
    a tree with shared branches has exponentially many paths; the build never lists them."""
    checker = guide.checker

    def walk(node: str, steps: Path) -> Iterator[tuple[Path, str]]:
        if node in checker.outcomes:
            yield steps, node
            return
        for index, answer in enumerate(checker.questions[node].answers):
            yield from walk(answer.next, steps + ((node, index),))

    yield from walk(checker.start, ())


def count_paths(guide: Guide) -> int:
    """How many paths the tree has, without listing them."""
    counts: dict[str, int] = {guide.checker.start: 1}
    for qid in _topological_order(guide):
        for answer in guide.checker.questions[qid].answers:
            counts[answer.next] = counts.get(answer.next, 0) + counts.get(qid, 0)
    return sum(counts.get(oid, 0) for oid in guide.checker.outcomes)


def single_way_in(guide: Guide) -> dict[str, Path | None]:
    """{question id: the steps that lead to it, if exactly one path does; else None}. Lets a
    question page show "your answers so far" without listing every path."""
    ways: dict[str, list] = {guide.checker.start: [()]}
    for qid in _topological_order(guide):
        for index, answer in enumerate(guide.checker.questions[qid].answers):
            if answer.next in guide.checker.questions:
                found = ways.setdefault(answer.next, [])
                for prefix in ways.get(qid, [])[:2]:
                    if len(found) < 2:
                        found.append(prefix + ((qid, index),))
    return {qid: (found[0] if len(found) == 1 else None) for qid, found in ways.items()}


def route_of(guide: Guide, steps: Path) -> str | None:
    route = None
    for qid, index in steps:
        route = guide.checker.questions[qid].answers[index].route or route
    return route


def describe(steps: Path, outcome: str, guide: Guide) -> str:
    parts = [f"{qid} ({guide.checker.questions[qid].answers[index].label})" for qid, index in steps]
    return " -> ".join(parts + [outcome])


__all__ = ["check_tree", "paths", "count_paths", "single_way_in", "ways_in", "routes_reaching",
           "first_readers", "route_of", "describe", "ADULT_WORDS"]
