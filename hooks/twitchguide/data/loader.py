"""Load the clinical-rules data file: parse, check every field, and build the model.

The first mistake stops loading with one `DataError` (`file:line: field: problem`). Rules
that concern the checker tree as a whole (reachability, cycles, safety) live in `tree_rules.py`
and run at the end of `load`.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import note_checks, placeholders, tree_rules
from .model import (QUESTION_KINDS, QUIZ_KINDS, SOURCE_KINDS, STAGES, TIER_IDS, TIERS_MOST_URGENT_FIRST, Answer, Checker,
                    ClinicalReview, Guide, Outcome, PageRef, Question, QuizItem, QuizOption, RedFlag,
                    SafetyNote, Source, Tier, Value)
from .model import VOICES, tier_rank
from .yaml_source import At, DataError, read

SUPPORTED_VERSIONS = (1,)
MAX_REVIEW_INTERVAL = dt.timedelta(days=3 * 366)   # "at most 3 years", leap days included
PAGE_REF_PATTERN = re.compile(r"^(?P<page>[a-z0-9][a-z0-9/-]*\.md)(?:#(?P<anchor>[a-z0-9-]+))?$")
# Ids that would collide with the checker's own pages.
RESERVED_CHECKER_IDS = ("index", "overview")


def load(path: Path, display_name: str | None = None) -> Guide:
    """Read, validate and return the guide model; raise `DataError` on the first mistake."""
    root = read(path, display_name)
    return build(root)


def build(root: At) -> Guide:
    top = root.mapping(required=("version", "updated", "review_due", "tiers", "sources",
                                 "red_flags", "checker", "quiz"),
                       optional=("values", "safety_notes", "clinical_review"))
    version = top["version"].integer(1, 999)
    if version not in SUPPORTED_VERSIONS:
        raise top["version"].error(f"version {version} is not supported; this build reads "
                                   f"{', '.join(map(str, SUPPORTED_VERSIONS))}")
    sources = _sources(top["sources"])
    values = _values(top["values"], sources) if "values" in top else {}
    for key, node in top.items():      # every other text may say {{value-id}}
        if key not in ("values", "sources"):
            _expand_values(node, values)
    tiers = _tiers(top["tiers"])
    red_flags = _red_flags(top["red_flags"], sources)
    checker = _checker(top["checker"], {flag.id: flag for flag in red_flags}, sources)
    quiz = _quiz(top["quiz"], sources)
    updated, review_due = top["updated"].date(), top["review_due"].date()
    if not updated < review_due <= updated + MAX_REVIEW_INTERVAL:
        raise top["review_due"].error(f"{review_due} must fall after 'updated' ({updated}) "
                                      "and at most 3 years later")
    guide = Guide(file=root.file, version=version, updated=updated, review_due=review_due,
                  tiers=tiers, sources=sources,
                  red_flags=red_flags, checker=checker, quiz=quiz, values=values,
                  safety_notes=_safety_notes(top["safety_notes"], sources)
                  if "safety_notes" in top else (),
                  clinical_review=_clinical_review(top["clinical_review"], updated)
                  if "clinical_review" in top else None)
    tree_rules.check_tree(guide)
    return guide


def _values(node: At, sources: dict) -> dict:
    values = {}
    for value_id, entry in node.entries().items():
        fields = entry.mapping(required=("text", "sources"))
        text = fields["text"].text()
        if placeholders.used(text):
            raise fields["text"].error("a value cannot use another value")
        values[value_id] = Value(value_id, text, _source_ids(fields["sources"], sources))
    return values


def _expand_values(node: At, values: dict) -> None:
    """Replace `{{id}}` in every string under `node`, in place, before any field is read."""
    container = node.value
    if isinstance(container, dict):
        children = [(key, node._child(str(key), value, container.key_lines.get(key, node.line)))
                    for key, value in container.items()]
    elif isinstance(container, list):
        children = list(enumerate(node.items()))
    else:
        return
    for key, child in children:
        if isinstance(child.value, str) and ("{" in child.value or "}" in child.value):
            def unknown(value_id: str, _position: int, child=child) -> DataError:
                return child.error(f"unknown value '{{{{{value_id}}}}}'; add it under 'values:'")

            def malformed(message: str, _position: int, child=child) -> DataError:
                return child.error(message)
            container[key] = placeholders.expand(child.value, values, unknown,
                                                 malformed=malformed)
        else:
            _expand_values(child, values)


def _safety_notes(node: At, sources: dict) -> tuple[SafetyNote, ...]:
    items = node.items(min_items=1)
    _unique_ids(items, "safety note")
    notes = []
    for item in items:
        fields = item.mapping(required=("id", "text", "sources"))
        note = SafetyNote(fields["id"].ident(), fields["text"].text(),
                          _source_ids(fields["sources"], sources))
        problem = note_checks.contradiction(note.text, {source_id: sources[source_id].seen
                                                        for source_id in note.sources})
        if problem:
            raise fields["text"].error(problem)
        notes.append(note)
    return tuple(notes)


def _clinical_review(node: At, updated: dt.date, today: dt.date | None = None) -> ClinicalReview:
    """A clinician's sign-off. It covers the rules as they were on its date, so it must not be
    older than the file's `updated` (the rules changed after it: review again, or remove it),
    nor in the future."""
    fields = node.mapping(required=("name", "role", "registration", "date", "scope"))
    date = fields["date"].date()
    if date < updated:
        raise fields["date"].error(f"{date} is before the rules' 'updated' ({updated}): the "
                                   "review did not see the rules as they are now; have them "
                                   "reviewed again, or remove clinical_review")
    if date > (today or dt.date.today()):
        raise fields["date"].error(f"{date} is in the future")
    return ClinicalReview(name=fields["name"].text(), role=fields["role"].text(),
                          registration=fields["registration"].text(), date=date,
                          scope=fields["scope"].text())


def _tiers(node: At) -> dict:
    fields = node.mapping(required=TIER_IDS)
    tiers = {}
    for tier_id in TIER_IDS:
        tier = fields[tier_id].mapping(required=("label", "heading", "when", "action"))
        tiers[tier_id] = Tier(tier_id, tier["label"].text(), tier["heading"].text(),
                              tier["action"].text(), tier["when"].text())
    return tiers


# A `seen` note says what was read, in a positive form: it starts "Read" ("Read: the NHS page
# ... It says ..."). These words mean it was not, and the build stops (review L8: "Haven't read
# this one yet, to be checked (tbc)" passed a word list that knew only "TBC" in capitals).
SEEN_START = re.compile(r"^Read\b")
UNCHECKED_SOURCE = re.compile(r"\bnot (?:yet )?(?:read|checked|verified|seen)\b|\bfrom memory\b|"
                              r"\bplease (?:confirm|check)\b|\bunverified\b|\bunread\b|"
                              r"\b(?:haven'?t|have not|has not|hasn'?t)(?: yet)? (?:been )?(?:read|checked|seen)\b|\bto be (?:read|checked|confirmed|"
                              r"verified)\b|\btodo\b|\btbc\b|\bfixme\b|\?\?",
                              re.IGNORECASE)


# What a shown field must not say, beyond the unread-source words above: notes about the copy
# read belong in `seen` (review S4: "authors not shown in the copy read").
WORKING_NOTE = re.compile(r"not shown|copy read|unknown author|to check", re.IGNORECASE)


def _sources(node: At) -> dict:
    sources = {}
    for source_id, entry in node.entries().items():
        fields = entry.mapping(required=("title", "kind", "seen"),
                               optional=("year", "publisher", "authors", "journal", "url"))
        if not {"publisher", "authors", "journal"} & set(fields):
            raise entry.error("needs 'publisher' (for a web page), or 'authors' or 'journal' "
                              "(for a paper)")
        for key in ("title", "publisher", "authors", "journal"):
            text = fields[key].text() if key in fields else ""
            note = WORKING_NOTE.search(text) or UNCHECKED_SOURCE.search(text)
            if note:     # these are shown to readers; what was read goes in 'seen'
                raise fields[key].error(f"says '{note.group(0)}', a note for the team: readers "
                                        "see this field; leave the field out, and say what the "
                                        "copy showed in 'seen'")
        seen = fields["seen"].text()
        unchecked = UNCHECKED_SOURCE.search(seen)
        if unchecked:
            raise fields["seen"].error(f"says '{unchecked.group(0)}': read the source and say "
                                       "what it says, replace it with one you can read, or "
                                       "remove it and the claims that rest on it")
        if not SEEN_START.match(seen):
            raise fields["seen"].error("must say what was read, starting 'Read: ' (for example "
                                       "\"Read: the NHS page, 2026. It says ...\")")
        optional = {key: fields[key].url() if key == "url" else fields[key].text()
                    for key in ("publisher", "authors", "journal", "url", "seen") if key in fields}
        sources[source_id] = Source(id=source_id, title=fields["title"].text(),
                                    year=fields["year"].integer(1900, 2100) if "year" in fields else None,
                                    kind=fields["kind"].choice(SOURCE_KINDS), **optional)
    if not sources:
        raise node.error("needs at least one source")
    return sources


def _source_ids(node: At, sources: dict, min_items: int = 1) -> tuple[str, ...]:
    ids = node.ident_list(min_items)
    for item, source_id in zip(node.items(), ids):
        if source_id not in sources:
            raise item.error(f"unknown source '{source_id}'; add it under 'sources:'")
    return ids


def _page_ref(node: At) -> PageRef:
    value = node.text()
    match = PAGE_REF_PATTERN.match(value)
    if not match:
        raise node.error(f"{value!r} is not a page reference like 'types/fasciculations.md' "
                         "or 'causes.md#caffeine'")
    return PageRef(match["page"], match["anchor"], node.path, node.line)


def _unique_ids(items: list[At], what: str) -> None:
    seen = {}
    for item in items:
        if not isinstance(item.value, dict) or "id" not in item.value:
            continue                    # the full field check reports it with its own message
        ident = item.mapping(optional=item.value.keys())["id"]
        value = ident.ident()
        if value in seen:
            raise ident.error(f"duplicate {what} id '{value}' (first used on line {seen[value]})")
        seen[value] = ident.line


def _red_flags(node: At, sources: dict) -> tuple[RedFlag, ...]:
    items = node.items(min_items=1)
    _unique_ids(items, "red flag")
    flags = []
    for item in items:
        fields = item.mapping(required=("id", "tier", "text", "sources"),
                              optional=("topics", "routes", "contact") + tuple(VOICES.values()))
        tier = fields["tier"].choice(TIERS_MOST_URGENT_FIRST[:-1])   # a red flag always needs help
        topics = tuple(_page_ref(topic) for topic in fields["topics"].items(1)) \
            if "topics" in fields else ()
        routes = fields["routes"].ident_list(1) if "routes" in fields else ()
        # The same sign in a parent's words: `child: Your child ...`, `baby: Your baby ...`.
        voices = tuple((voice, fields[voice].text()) for voice in VOICES.values() if voice in fields)
        for voice, _ in voices:
            if routes and not any(VOICES.get(route) == voice for route in routes):
                raise fields[voice].error(f"gives a parent's words for the {voice} route, but "
                                          f"'routes' leaves that route out")
        flags.append(RedFlag(id=fields["id"].ident(), tier=tier, text=fields["text"].text(),
                             topics=topics, sources=_source_ids(fields["sources"], sources),
                             routes=routes, line=item.line, voices=voices,
                             said_by=tuple((voice, fields[voice].line) for voice, _ in voices),
                             contact=fields["contact"].ident() if "contact" in fields else None,
                             contact_line=fields["contact"].line if "contact" in fields else 0,
                             routes_line=fields["routes"].line if "routes" in fields else item.line))
    return tuple(flags)


def _checker(node: At, flags: dict, sources: dict) -> Checker:
    fields = node.mapping(required=("start", "stages", "routes", "questions", "outcomes"))
    stage_fields = fields["stages"].mapping(required=STAGES)
    stages = {stage: stage_fields[stage].text() for stage in STAGES}
    routes = {route: text.text() for route, text in fields["routes"].entries().items()}
    for flag in flags.values():
        for route in flag.routes:
            if route not in routes:
                raise DataError(node.file, flag.routes_line, f"red flag '{flag.id}'.routes",
                                f"unknown route '{route}'; checker.routes has {', '.join(routes)}")
    outcomes = {oid: _outcome(oid, entry, flags, sources, routes)
                for oid, entry in fields["outcomes"].entries().items()}
    question_nodes = fields["questions"].entries()
    for qid, entry in list(question_nodes.items()) + list(fields["outcomes"].entries().items()):
        if qid in RESERVED_CHECKER_IDS:
            raise entry.error(f"'{qid}' is reserved for the checker's own pages")
    for qid in question_nodes:
        if qid in outcomes:
            raise question_nodes[qid].error(f"'{qid}' is both a question and an outcome")
    questions = {qid: _question(qid, entry, flags, set(question_nodes) | set(outcomes), routes)
                 for qid, entry in question_nodes.items()}
    start = fields["start"].ident()
    if start not in questions:
        raise fields["start"].error(f"'{start}' is not a question id")
    return Checker(start=start, stage_titles=stages, routes=routes, questions=questions,
                   outcomes=outcomes)


def _question(qid: str, node: At, flags: dict, node_ids: set, routes: dict) -> Question:
    fields = node.mapping(required=("stage", "text", "answers"),
                          optional=("signs", "hint", "kind"))
    kind = fields["kind"].choice(QUESTION_KINDS) if "kind" in fields else "signs"
    signs = fields["signs"].ident_list(1) if "signs" in fields else ()
    for item, flag_id in zip(fields["signs"].items() if signs else (), signs):
        if flag_id not in flags:
            raise item.error(f"unknown red flag '{flag_id}'")
    if kind == "signs" and not signs:
        raise node.error("a question lists the 'signs' it asks about "
                         "(or is kind: route or kind: pattern)")
    if kind == "route" and signs:
        raise fields["signs"].error("a route question asks who the checker is for, not signs")
    answers = []
    for item in fields["answers"].items(min_items=2):
        answer = item.mapping(required=("label", "next"),
                              optional=("reports", "none", "other", "route", "unsure"))
        target = answer["next"].ident()
        if target not in node_ids:
            raise answer["next"].error(f"'{target}' is not a question or outcome id")
        reports = answer["reports"].ident_list(1) if "reports" in answer else ()
        for flag_item, flag_id in zip(answer["reports"].items() if reports else (), reports):
            if flag_id not in signs:
                raise flag_item.error(f"'{flag_id}' is not one of this question's signs")
        route = answer["route"].ident() if "route" in answer else None
        if (route is not None) != (kind == "route"):
            raise item.error("every answer of a route question names its 'route', and only "
                             "those answers do")
        if route is not None and route not in routes:
            raise answer["route"].error(f"unknown route '{route}'")
        flag_none = answer["none"].boolean() if "none" in answer else False
        flag_other = answer["other"].boolean() if "other" in answer else False
        flag_unsure = answer["unsure"].boolean() if "unsure" in answer else False
        if flag_none and reports:
            raise answer["none"].error("a 'none of these' answer cannot report a sign")
        if flag_unsure:
            if kind != "signs":
                raise answer["unsure"].error("only a question of signs has an 'unsure' answer; "
                                             "a pattern question has its 'other' answer")
            if reports or flag_none:
                raise answer["unsure"].error("an 'unsure' answer reports every sign of its "
                                             "question by itself: drop 'reports' and 'none'")
            # "Not sure" must never lead anywhere slower than "yes": it counts as every sign.
            reports = signs
        answers.append(Answer(label=answer["label"].text(), next=target, reports=reports,
                              none=flag_none, other=flag_other, route=route, unsure=flag_unsure,
                              field=item.path, line=item.line))
    labels = [answer.label for answer in answers]
    if len(set(labels)) != len(labels):
        raise fields["answers"].error("two answers have the same label")
    return Question(id=qid, stage=fields["stage"].choice(STAGES), text=fields["text"].text(),
                    signs=signs, answers=tuple(answers), kind=kind,
                    hint=fields["hint"].text() if "hint" in fields else None,
                    field=node.path, line=node.line)


def _text_list(node: At, min_items: int) -> tuple[str, ...]:
    return tuple(item.text() for item in node.items(min_items))


def _outcome(oid: str, node: At, flags: dict, sources: dict, routes: dict) -> Outcome:
    fields = node.mapping(required=("tier", "title", "summary", "do_now", "watch_for",
                                    "read_next", "sources"), optional=("routes", "action"))
    tier = fields["tier"].choice(TIER_IDS)
    watch_for = fields["watch_for"].ident_list(0)
    for item, flag_id in zip(fields["watch_for"].items(), watch_for):
        if flag_id not in flags:
            raise item.error(f"unknown red flag '{flag_id}'")
        if tier_rank(flags[flag_id].tier) <= tier_rank(tier):
            raise item.error(f"'{flag_id}' ({flags[flag_id].tier}) would not change a {tier} "
                             "result; list only signs of a more urgent tier")
    if not watch_for and tier != TIER_IDS[-1]:
        raise fields["watch_for"].error("list the signs that would make this more urgent")
    out_routes = fields["routes"].ident_list(1) if "routes" in fields else ()
    for item, route in zip(fields["routes"].items() if out_routes else (), out_routes):
        if route not in routes:
            raise item.error(f"unknown route '{route}'")
    return Outcome(id=oid, tier=tier, title=fields["title"].text(), routes=out_routes,
                   action=fields["action"].text() if "action" in fields else None,
                   field=node.path, line=node.line,
                   summary=fields["summary"].text(), do_now=_text_list(fields["do_now"], 1),
                   watch_for=watch_for,
                   read_next=tuple(_page_ref(ref) for ref in fields["read_next"].items(1)),
                   sources=_source_ids(fields["sources"], sources))


def _quiz(node: At, sources: dict) -> tuple[QuizItem, ...]:
    items = node.items(min_items=1)
    _unique_ids(items, "quiz question")
    quiz = []
    for item in items:
        fields = item.mapping(required=("id", "kind", "question", "options", "explanation",
                                        "read_more", "sources"))
        kind = fields["kind"].choice(QUIZ_KINDS)
        option_nodes = fields["options"].items(min_items=2)
        options = []
        for option_node in option_nodes:
            option = option_node.mapping(required=("text", "correct", "feedback"))
            options.append(QuizOption(option["text"].text(), option["correct"].boolean(),
                                      option["feedback"].text()))
        _check_quiz_options(kind, options, fields["options"])
        quiz.append(QuizItem(id=fields["id"].ident(), kind=kind, question=fields["question"].text(),
                             options=tuple(options), explanation=fields["explanation"].text(),
                             read_more=_page_ref(fields["read_more"]),
                             sources=_source_ids(fields["sources"], sources)))
    return tuple(quiz)


def _check_quiz_options(kind: str, options: list[QuizOption], node: At) -> None:
    correct = sum(option.correct for option in options)
    texts = [option.text for option in options]
    if len(set(texts)) != len(texts):
        raise node.error("two options have the same text")
    if correct == 0:
        raise node.error("no option is marked correct: true")
    if kind in ("single", "true-false") and correct != 1:
        raise node.error(f"a {kind} question needs exactly one correct option, found {correct}")
    if kind == "multiple" and correct < 2:
        raise node.error("a multiple question needs at least two correct options; "
                         "use kind: single for one")
    if kind == "true-false" and sorted(texts) != ["False", "True"]:
        raise node.error("a true-false question has exactly two options, 'True' and 'False'")


__all__ = ["DataError", "load", "build"]
