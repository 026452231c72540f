"""The checker tree: safety and shape, over every path of the real tree and over generated trees.

The properties are checked here independently of `rules.py` (plain code written for the
test), so a bug in the build's rule checker cannot hide a bug in the tree.
"""
from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from twitchguide import rules
from twitchguide.loader import load
from twitchguide.model import TIER_IDS, tier_rank
from twitchguide.yamlsource import DataError, parse

GUIDE = load(ROOT / "docs" / "data" / "clinical-rules.yml", "clinical-rules.yml")
PATHS = list(rules.paths(GUIDE))


def test_tree_is_small_enough_to_enumerate_and_covers_every_outcome():
    assert 8 <= len(PATHS) <= 500
    assert {outcome for _, outcome in PATHS} == set(GUIDE.checker.outcomes)
    asked = {qid for steps, _ in PATHS for qid, _ in steps}
    assert asked == set(GUIDE.checker.questions)


@pytest.mark.parametrize("steps, outcome_id", PATHS,
                         ids=[rules.describe(s, o, GUIDE)[-60:] for s, o in PATHS])
def test_every_path_is_safe(steps, outcome_id):
    outcome = GUIDE.checker.outcomes[outcome_id]
    questions = [GUIDE.checker.questions[qid] for qid, _ in steps]
    # The first question is about emergency signs, and stages never go back up.
    assert questions[0].stage == "emergency"
    ranks = [tier_rank(q.stage) for q in questions]
    assert ranks == sorted(ranks, reverse=True)
    # Every emergency sign is asked before any non-emergency result.
    asked = {flag for q in questions for flag in q.signs}
    general = [flag for flag in GUIDE.red_flags if not flag.topics]
    for flag in general:
        if tier_rank(flag.tier) > tier_rank(outcome.tier):
            assert flag.id in asked, f"{flag.id} not asked before {outcome_id}"
    # A yes to a red flag never ends below that flag's tier, and never in self-care.
    reported = [flag for (qid, index) in steps
                for flag in GUIDE.checker.questions[qid].answers[index].reports]
    for flag_id in reported:
        assert tier_rank(outcome.tier) >= tier_rank(GUIDE.flag(flag_id).tier)
        assert outcome.tier != "self-care"
    # Every outcome has exactly one tier from the four.
    assert outcome.tier in TIER_IDS


def test_emergency_and_urgent_signs_always_lead_to_fast_help():
    """Saying yes to any emergency or urgent sign leads straight to a result of that tier."""
    for question in GUIDE.checker.questions.values():
        for answer in question.answers:
            tiers = {GUIDE.flag(flag).tier for flag in answer.reports}
            for tier in tiers & {"emergency", "urgent"}:
                assert answer.next in GUIDE.checker.outcomes
                assert GUIDE.checker.outcomes[answer.next].tier == tier


# ---- generated trees: the loader must reject every unsafe one with the right message --------

FLAGS = [("e1", "emergency"), ("u1", "urgent"), ("r1", "routine")]
TIER_TEXT = {tier: {"label": tier.title(), "heading": "get help", "action": "Do this."}
             for tier in TIER_IDS}


def _document(questions: dict, outcomes: dict, start: str) -> str:
    targets = {answer["next"] for question in questions.values() for answer in question["answers"]}
    outcomes = {oid: outcome for oid, outcome in outcomes.items()
                if oid in targets or oid == "orphan"}
    return yaml.safe_dump({
        "version": 1, "reviewed": "2026-01-01", "review_due": "2028-01-01",
        "tiers": TIER_TEXT,
        "sources": {"s1": {"title": "A source", "publisher": "NHS", "kind": "government"}},
        "red_flags": [{"id": fid, "tier": tier, "text": f"Sign {fid}.", "sources": ["s1"]}
                      for fid, tier in FLAGS],
        "checker": {"start": start, "stages": {t: t.title() for t in TIER_IDS},
                    "questions": questions, "outcomes": outcomes},
        "quiz": [{"id": "q1", "kind": "true-false", "question": "Is it?", "explanation": "Yes.",
                  "read_more": "index.md", "sources": ["s1"],
                  "options": [{"text": "True", "correct": True, "feedback": "Yes."},
                              {"text": "False", "correct": False, "feedback": "No."}]}],
    }).replace("'2026-01-01'", "2026-01-01").replace("'2028-01-01'", "2028-01-01")


def _outcome(tier: str) -> dict:
    return {"tier": tier, "title": "Result", "summary": "Summary.", "do_now": ["Do."],
            "watch_for": ["e1"], "read_next": ["index.md"], "sources": ["s1"]}


def _safe_tree(yes_tiers: dict) -> tuple[dict, dict]:
    """The canonical safe chain: ask e1, u1, r1 in order; yes goes to a result of that tier."""
    outcomes = {f"out-{tier}": _outcome(tier) for tier in TIER_IDS}
    questions = {}
    chain = [("ask-e1", "e1", "emergency"), ("ask-u1", "u1", "urgent"), ("ask-r1", "r1", "routine")]
    for index, (qid, flag, stage) in enumerate(chain):
        after = chain[index + 1][0] if index + 1 < len(chain) else "out-self-care"
        questions[qid] = {"stage": stage, "text": "Any of these?", "signs": [flag], "answers": [
            {"label": "Yes", "next": f"out-{yes_tiers.get(flag, stage)}", "reports": [flag]},
            {"label": "No", "next": after}]}
    return questions, outcomes


def _load_text(text: str):
    from twitchguide.loader import build
    return build(parse(text, "generated.yml"))


def test_the_canonical_safe_tree_loads():
    questions, outcomes = _safe_tree({})
    _load_text(_document(questions, outcomes, "ask-e1"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flag=st.sampled_from(FLAGS), lower=st.sampled_from(TIER_IDS))
def test_a_yes_leading_below_its_tier_is_rejected(flag, lower):
    flag_id, flag_tier = flag
    questions, outcomes = _safe_tree({flag_id: lower})
    text = _document(questions, outcomes, "ask-e1")
    if tier_rank(lower) >= tier_rank(flag_tier):
        _load_text(text)
        return
    with pytest.raises(DataError, match="said yes to red flag"):
        _load_text(text)


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(["ask-e1", "ask-u1", "ask-r1"]))
def test_asking_less_urgent_signs_first_is_rejected(order):
    questions, outcomes = _safe_tree({})
    # Re-chain the questions in the drawn order.
    for index, qid in enumerate(order):
        questions[qid]["answers"][1]["next"] = order[index + 1] if index + 1 < len(order) \
            else "out-self-care"
    text = _document(questions, outcomes, order[0])
    if order == ["ask-e1", "ask-u1", "ask-r1"]:
        _load_text(text)
    else:
        # Either rule may fire first: a less urgent question asked earlier also means a result
        # can be reached before the more urgent sign is asked.
        with pytest.raises(DataError, match="ask the most urgent signs first|without asking"):
            _load_text(text)


@settings(max_examples=40, deadline=None)
@given(skipped=st.sampled_from(["ask-e1", "ask-u1", "ask-r1"]))
def test_skipping_a_red_flag_question_is_rejected(skipped):
    questions, outcomes = _safe_tree({})
    chain = [qid for qid in ("ask-e1", "ask-u1", "ask-r1") if qid != skipped]
    for index, qid in enumerate(chain):
        questions[qid]["answers"][1]["next"] = chain[index + 1] if index + 1 < len(chain) \
            else "out-self-care"
    del questions[skipped]
    with pytest.raises(DataError, match="without asking about red flag"):
        _load_text(_document(questions, outcomes, chain[0]))


@settings(max_examples=40, deadline=None)
@given(source=st.sampled_from(["ask-u1", "ask-r1"]), target=st.sampled_from(["ask-e1", "ask-u1"]))
def test_a_loop_is_rejected(source, target):
    questions, outcomes = _safe_tree({})
    questions[source]["answers"][1]["next"] = target
    with pytest.raises(DataError, match="loop|cannot be reached|most urgent signs first"):
        _load_text(_document(questions, outcomes, "ask-e1"))


def test_an_unreachable_outcome_is_rejected():
    questions, outcomes = _safe_tree({})
    outcomes["orphan"] = _outcome("routine")
    with pytest.raises(DataError, match="orphan: cannot be reached"):
        _load_text(_document(questions, outcomes, "ask-e1"))
