"""Small, valid checker trees made in code, for the tree-rule tests and the benchmark: a safe
tree (who is it for, then one question per tier, then "what is it like?"), and a "diamond" of
any depth whose paths double at every level."""
from __future__ import annotations

import yaml

# libyaml's dumper when PyYAML has it (10x faster on the 2000-question trees), else PyYAML's.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

from twitchguide.data.loader import build
from twitchguide.data.yaml_source import parse
from twitchguide.data.model import TIER_IDS

FLAGS = {"e1": "emergency", "u1": "urgent", "s1": "soon", "r1": "routine"}
TIER_TEXT = {tier: {"label": tier.title(), "heading": "get help", "when": "now",
                    "action": "Do this."} for tier in TIER_IDS}
CHAIN = [("ask-e1", "e1", "emergency"), ("ask-u1", "u1", "urgent"), ("ask-s1", "s1", "soon"),
         ("ask-r1", "r1", "routine")]


def outcome(tier: str, **extra) -> dict:
    watch = [] if tier == "emergency" else ["e1"]
    return {"tier": tier, "title": "Result", "summary": "Summary.", "do_now": ["Do."],
            "watch_for": watch, "read_next": ["index.md"], "sources": ["s1"], **extra}


def safe_tree() -> dict:
    """Who is it for (adult or baby), then a chain asking e1, u1, s1, r1 in order; yes and "I am
    not sure" go to a result of that tier; then a pattern question with a "something else"
    answer. Answer 0 is yes and answer 1 is no on every question of signs."""
    outcomes = {f"out-{tier}": outcome(tier) for tier in TIER_IDS}
    questions = {"who": {"stage": "about", "kind": "route", "text": "Who?", "answers": [
        {"label": "An adult", "next": "ask-e1", "route": "adult"},
        {"label": "A baby", "next": "ask-e1", "route": "baby"}]}}
    for index, (qid, flag, stage) in enumerate(CHAIN):
        after = CHAIN[index + 1][0] if index + 1 < len(CHAIN) else "pattern"
        questions[qid] = {"stage": stage, "text": "Any of these?", "signs": [flag], "answers": [
            {"label": "Yes", "next": f"out-{stage}", "reports": [flag]},
            {"label": "No", "next": after, "none": True},
            {"label": "Not sure", "next": f"out-{stage}", "unsure": True}]}
    questions["pattern"] = {"stage": "self-care", "kind": "pattern", "text": "Like what?",
                            "answers": [
                                {"label": "A flicker", "next": "out-self-care"},
                                {"label": "Something else", "next": "out-routine", "other": True}]}
    return {"start": "who", "questions": questions, "outcomes": outcomes}


def document(checker: dict, flags: dict | None = None) -> str:
    flags = FLAGS if flags is None else flags
    targets = {answer["next"] for question in checker["questions"].values()
               for answer in question["answers"]}
    checker = {**checker, "outcomes": {oid: outcome for oid, outcome in checker["outcomes"].items()
                                       if oid in targets or oid == "orphan"}}
    return yaml.dump({
        "version": 1, "updated": "2026-01-01", "review_due": "2028-01-01",
        "tiers": TIER_TEXT,
        "sources": {"s1": {"title": "A source", "publisher": "NHS", "kind": "government",
                           "seen": "Read: the whole page."}},
        "red_flags": [{"id": fid, "tier": tier, "text": f"Sign {fid}.", "sources": ["s1"],
                       **_baby_words(fid, extra), **extra} for fid, (tier, extra) in
                      ((fid, value if isinstance(value, tuple) else (value, {}))
                       for fid, value in flags.items())],
        "checker": {"stages": {stage: stage.title() for stage in ("about",) + TIER_IDS},
                    "routes": {"adult": "an adult", "baby": "a baby"}, **checker},
        "quiz": [{"id": "q1", "kind": "true-false", "question": "Is it?", "explanation": "Yes.",
                  "read_more": "index.md", "sources": ["s1"],
                  "options": [{"text": "True", "correct": True, "feedback": "Yes."},
                              {"text": "False", "correct": False, "feedback": "No."}]}],
    }, Dumper=DUMPER).replace("'2026-01-01'", "2026-01-01").replace("'2028-01-01'", "2028-01-01")


def _baby_words(fid: str, extra: dict) -> dict:
    """The sign in a parent's words, for the baby route, unless the sign leaves babies out or
    the test gives its own."""
    routes = extra.get("routes")
    if "baby" in extra or (routes and "baby" not in routes) or routes == ["baby"]:
        return {}
    return {"baby": f"Your baby has sign {fid}."}


def load_tree(checker: dict, flags: dict | None = None):
    return build(parse(document(checker, flags), "generated.yml"))


def diamond(levels: int) -> dict:
    """A valid tree where both answers of each extra question lead to the same next one:
    2**levels paths. Listing paths would never finish; the per-question rules must."""
    tree = safe_tree()
    tree["questions"]["pattern"]["answers"][0]["next"] = "d0"
    for level in range(levels):
        after = f"d{level + 1}" if level + 1 < levels else "out-self-care"
        tree["questions"][f"d{level}"] = {
            "stage": "self-care", "kind": "pattern", "text": "More?", "answers": [
                {"label": "This", "next": after}, {"label": "That", "next": after},
                {"label": "Something else", "next": "out-routine", "other": True}]}
    return tree
