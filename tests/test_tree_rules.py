"""The checker tree: safety and shape, over every path of the real tree and over generated trees.

The path properties are checked here independently of `tree_rules.py` (plain code that lists every
path), so a bug in the build's per-question rule checker cannot hide a bug in the tree. The
generated trees show that the build rejects each kind of unsafe tree with its own message.
"""
from __future__ import annotations

import pytest
import yaml

from sample_trees import CHAIN, FLAGS, document
from sample_trees import diamond as _diamond, load_tree as _load, outcome as _outcome, safe_tree as _safe_tree
from twitchguide.data import tree_rules
from twitchguide.data.loader import build
from twitchguide.data.yaml_source import parse
from twitchguide.data.model import TIER_IDS, tier_rank
from twitchguide.data.yaml_source import DataError


@pytest.fixture(scope="module")
def paths(guide):
    return list(tree_rules.paths(guide))


def test_every_question_and_outcome_is_on_some_path(guide, paths):
    assert {outcome for _, outcome in paths} == set(guide.checker.outcomes)
    assert {qid for steps, _ in paths for qid, _ in steps} == set(guide.checker.questions)
    assert tree_rules.count_paths(guide) == len(paths)


def test_every_path_is_safe(guide, paths):
    for steps, outcome_id in paths:
        where = tree_rules.describe(steps, outcome_id, guide)
        outcome = guide.checker.outcomes[outcome_id]
        route = tree_rules.route_of(guide, steps)
        questions = [guide.checker.questions[qid] for qid, _ in steps]
        sign_questions = [q for q in questions if q.kind != "route"]
        # Who it is for is asked first, then emergency signs.
        assert questions[0].kind == "route" and route is not None, where
        assert sign_questions[0].stage == "emergency", where
        # Signs on a pattern question count only where the answer given reports them (M3).
        asked = {flag for (qid, index), q in zip(steps, questions)
                 for flag in (q.answers[index].reports if q.kind == "pattern" else q.signs)}
        reported = [flag for qid, index in steps
                    for flag in guide.checker.questions[qid].answers[index].reports]
        # A yes never ends below the sign's tier, so never in self-care.
        for flag_id in reported:
            assert tier_rank(outcome.tier) >= tier_rank(guide.flag(flag_id).tier), where
        # Every more urgent sign that applies to this reader was asked first.
        pages = {ref.page for ref in outcome.read_next}
        for flag in guide.red_flags:
            relevant = not flag.topics or any(ref.page in pages for ref in flag.topics)
            if relevant and flag.applies_to(route) and tier_rank(flag.tier) > tier_rank(outcome.tier):
                assert flag.id in asked, f"{flag.id} not asked: {where}"
        # Advice is written for this reader.
        assert not outcome.routes or route in outcome.routes, where


def test_urgent_and_emergency_answers_go_straight_to_fast_help(guide):
    for question in guide.checker.questions.values():
        for answer in question.answers:
            tiers = {guide.flag(flag).tier for flag in answer.reports} & {"emergency", "urgent"}
            if tiers:
                top = max(tiers, key=tier_rank)
                assert guide.checker.outcomes[answer.next].tier == top, answer.label


# (That every result says how soon and lists only more urgent signs is the loader's rule, so the
# `guide` fixture could never hold a tree that breaks it: it is tested where it can fail, in
# test_what_would_change_the_advice_lists_only_more_urgent_signs below.)


def test_adult_advice_never_reaches_a_child(guide, paths):
    """Advice on how much caffeine or alcohol to have is for adults only (a child should have
    none): no result a child's or baby's path reaches says to "cut down" on either."""
    for steps, outcome_id in paths:
        if tree_rules.route_of(guide, steps) in ("child", "baby"):
            outcome = guide.checker.outcomes[outcome_id]
            text = " ".join(outcome.do_now + (outcome.summary,)).lower()
            assert "alcohol" not in text and "cut down on caffeine" not in text, outcome_id


# ---- generated trees: the loader must reject every unsafe one with the right message --------

def test_the_canonical_safe_tree_loads():
    _load(_safe_tree())


@pytest.mark.parametrize("flag", ["e1", "u1", "s1", "r1"])
@pytest.mark.parametrize("lower", TIER_IDS)
def test_a_yes_leading_below_its_tier_is_rejected(flag, lower):
    tree = _safe_tree()
    question = next(qid for qid, f, _ in CHAIN if f == flag)
    tree["questions"][question]["answers"][0]["next"] = f"out-{lower}"
    if tier_rank(lower) >= tier_rank(FLAGS[flag]):
        _load(tree)
        return
    with pytest.raises(DataError, match=rf"is below red flag '{flag}' \({FLAGS[flag]}\)"):
        _load(tree)


def test_a_yes_that_reports_nothing_is_rejected():
    """The bypass the hostile review found: "Yes, I have one or more" with no `reports`."""
    tree = _safe_tree()
    del tree["questions"]["ask-u1"]["answers"][0]["reports"]
    with pytest.raises(DataError, match=r"answers\[0\]: reports none of the question's signs"):
        _load(tree)


def test_a_question_needs_exactly_one_none_answer():
    tree = _safe_tree()
    del tree["questions"]["ask-r1"]["answers"][1]["none"]
    with pytest.raises(DataError, match="needs exactly one 'none: true' answer, found 0"):
        _load(tree)


@pytest.mark.parametrize("skipped", ["ask-e1", "ask-u1", "ask-s1", "ask-r1"])
def test_skipping_a_sign_before_self_care_is_rejected(skipped):
    tree = _safe_tree()
    chain = [qid for qid, _, _ in CHAIN if qid != skipped]
    for index, qid in enumerate(chain):
        tree["questions"][qid]["answers"][1]["next"] = \
            chain[index + 1] if index + 1 < len(chain) else "pattern"
    tree["questions"]["who"]["answers"][0]["next"] = chain[0]
    tree["questions"]["who"]["answers"][1]["next"] = chain[0]
    del tree["questions"][skipped]
    flag = dict((qid, f) for qid, f, _ in CHAIN)[skipped]
    # Still asked, but only on another branch: the self-care path never asks it.
    tree["questions"]["pattern"]["answers"].append({"label": "A jerk", "next": "late"})
    tree["questions"]["late"] = {"stage": FLAGS[flag], "text": "Any of these?", "signs": [flag],
                                 "answers": [
                                     {"label": "Yes", "next": f"out-{FLAGS[flag]}",
                                      "reports": [flag]},
                                     {"label": "No", "next": "out-routine", "none": True},
                                     {"label": "Not sure", "next": f"out-{FLAGS[flag]}",
                                      "unsure": True}]}
    if FLAGS[flag] in ("emergency", "urgent"):
        # A sign of the danger gate: the question after the gate is already too late.
        problem = (r"can be reached on the route for an adult before the danger gate has "
                   rf"asked about red flag '{flag}'")
    else:
        problem = rf"can be reached on the route for an adult without asking about red flag '{flag}'"
    with pytest.raises(DataError, match=problem):
        _load(tree)


def test_a_baby_only_sign_must_be_asked_on_the_baby_route():
    flags = {**FLAGS, "b1": ("urgent", {"routes": ["baby"]})}
    tree = _safe_tree()
    with pytest.raises(DataError, match=r"red flag 'b1'.*not asked by any question"):
        _load(tree, flags)
    # Asked after the emergency signs, on every path: safe.
    tree["questions"]["ask-e1"]["answers"][1]["next"] = "ask-b1"
    tree["questions"]["ask-b1"] = {"stage": "urgent", "text": "Baby signs?", "signs": ["b1"],
                                   "answers": [
                                       {"label": "Yes", "next": "out-urgent", "reports": ["b1"]},
                                       {"label": "No", "next": "ask-u1", "none": True},
                                       {"label": "Not sure", "next": "out-urgent", "unsure": True}]}
    _load(tree, flags)
    # A second way in for babies that asks the emergency sign but not the baby sign.
    tree["questions"]["who"]["answers"].append(
        {"label": "Another baby", "next": "ask-e1-again", "route": "baby"})
    tree["questions"]["ask-e1-again"] = {
        "stage": "emergency", "text": "Any of these?", "signs": ["e1"], "answers": [
            {"label": "Yes", "next": "out-emergency", "reports": ["e1"]},
            {"label": "No", "next": "ask-u1", "none": True},
            {"label": "Not sure", "next": "out-emergency", "unsure": True}]}
    with pytest.raises(DataError, match="on the route for a baby before the danger gate has "
                                        "asked about red flag 'b1'"):
        _load(tree, flags)


def test_a_pattern_question_needs_a_something_else_answer_to_a_doctor():
    tree = _safe_tree()
    tree["questions"]["pattern"]["answers"][1]["next"] = "out-self-care"
    with pytest.raises(DataError, match="must lead straight to a result that sends the reader "
                                        "to a doctor"):
        _load(tree)
    tree = _safe_tree()
    del tree["questions"]["pattern"]["answers"][1]["other"]
    with pytest.raises(DataError, match="needs exactly one 'other: true' answer"):
        _load(tree)


def test_advice_written_for_adults_cannot_reach_a_baby():
    tree = _safe_tree()
    tree["outcomes"]["out-self-care"]["routes"] = ["adult"]
    with pytest.raises(DataError, match="out-self-care.routes: is written for adult, but a reader "
                                        "on the route 'baby' can reach it"):
        _load(tree)


def test_what_would_change_the_advice_lists_only_more_urgent_signs():
    tree = _safe_tree()
    tree["outcomes"]["out-urgent"]["watch_for"] = ["u1"]
    with pytest.raises(DataError, match=r"'u1' \(urgent\) would not change a urgent result"):
        _load(tree)


def test_a_loop_and_an_unreachable_outcome_are_rejected():
    tree = _safe_tree()
    tree["questions"]["ask-s1"]["answers"][1]["next"] = "ask-e1"
    with pytest.raises(DataError, match="making a loop: ask-e1 -> ask-u1 -> ask-s1 -> ask-e1"):
        _load(tree)
    tree = _safe_tree()
    tree["outcomes"]["orphan"] = _outcome("routine")
    with pytest.raises(DataError, match="orphan: cannot be reached"):
        _load(tree)


def test_a_200_question_branchy_tree_validates():
    guide = _load(_diamond(200))
    assert tree_rules.count_paths(guide) > 2 ** 200


def test_a_chain_of_2000_questions_does_not_hit_the_recursion_limit():
    guide = _load(_diamond(2000))
    assert len(guide.checker.questions) > 2000


# ---- version 3: the danger gate, "I am not sure", and words for each reader -----------------

def test_every_question_of_signs_needs_one_not_sure_answer():
    tree = _safe_tree()
    del tree["questions"]["ask-s1"]["answers"][2]
    with pytest.raises(DataError, match=r"generated.yml:\d+: checker.questions.ask-s1: needs "
                                        r"exactly one 'unsure: true' answer"):
        _load(tree)


@pytest.mark.parametrize("question", ["ask-e1", "ask-u1", "ask-s1", "ask-r1"])
def test_not_sure_can_never_lead_below_yes(question):
    """"I am not sure" counts as every sign of its question, so sending it to a slower result
    than yes is the same error as a yes that leads too low."""
    tree = _safe_tree()
    flag = dict((qid, f) for qid, f, _ in CHAIN)[question]
    tree["questions"][question]["answers"][2]["next"] = "out-self-care"
    with pytest.raises(DataError, match=rf"out-self-care.tier: self-care is below red flag "
                                        rf"'{flag}' \({FLAGS[flag]}\).*answer 'Not sure'"):
        _load(tree)


def test_not_sure_only_on_a_question_of_signs_and_reports_by_itself():
    tree = _safe_tree()
    tree["questions"]["pattern"]["answers"].append(
        {"label": "Not sure", "next": "out-routine", "unsure": True})
    with pytest.raises(DataError, match=r"answers\[2\].unsure: only a question of signs"):
        _load(tree)
    tree = _safe_tree()
    tree["questions"]["ask-u1"]["answers"][2]["reports"] = ["u1"]
    with pytest.raises(DataError, match=r"answers\[2\].unsure: an 'unsure' answer reports every "
                                        r"sign"):
        _load(tree)


@pytest.mark.parametrize("tier", ["emergency", "urgent"])
def test_the_danger_gate_comes_before_any_later_question(tier):
    """A gate sign asked only after a later question (here: moved behind "soon") is an error
    at that later question, even though every result still asks it."""
    tree = _safe_tree()
    flags = {**FLAGS, "g2": tier}
    tree["questions"]["ask-s1"]["answers"][1]["next"] = "ask-g2"
    tree["questions"]["ask-g2"] = {"stage": tier, "text": "More?", "signs": ["g2"], "answers": [
        {"label": "Yes", "next": f"out-{tier}", "reports": ["g2"]},
        {"label": "No", "next": "ask-r1", "none": True},
        {"label": "Not sure", "next": f"out-{tier}", "unsure": True}]}
    with pytest.raises(DataError, match=r"checker.questions.ask-s1: question 'ask-s1' can be "
                                        r"reached on the route for an adult before the danger "
                                        rf"gate has asked about red flag 'g2' \({tier}\)"):
        _load(tree, flags)


def test_a_sign_shown_to_a_parent_needs_words_for_them():
    """Without `baby:` words, the baby route would show "Sign e1." written to an adult."""
    data = yaml.safe_load(document(_safe_tree()))
    del next(flag for flag in data["red_flags"] if flag["id"] == "e1")["baby"]
    with pytest.raises(DataError, match=r"red flag 'e1': is shown on the route 'baby' "
                                        r"\(question 'ask-e1'\) but has no words for the parent "
                                        r"of a baby: add 'baby:'"):
        build(parse(yaml.safe_dump(data), "generated.yml"))


def test_words_written_for_an_adult_are_an_error_on_a_baby_page():
    tree = _safe_tree()
    tree["outcomes"]["out-self-care"]["do_now"] = ["Do not drive until you feel better."]
    with pytest.raises(DataError, match=r"checker.outcomes.out-self-care: is shown to the parent "
                                        r"of a baby \(route 'baby'\) but says 'drive'"):
        _load(tree)
    flags = {**FLAGS, "u1": ("urgent", {"baby": "Your baby has jerks after you cut down alcohol."})}
    with pytest.raises(DataError, match=r"red flag 'u1': is shown to the parent of a baby .* "
                                        r"says 'alcohol'"):
        _load(_safe_tree(), flags)


def test_parent_words_for_a_route_the_sign_leaves_out_are_an_error():
    flags = {**FLAGS, "u1": ("urgent", {"routes": ["adult"], "baby": "Your baby has u1."})}
    with pytest.raises(DataError, match=r"red_flags\[1\].baby: gives a parent's words for the "
                                        r"baby route, but 'routes' leaves that route out"):
        _load(_safe_tree(), flags)


def _with_contact(flag_id: str, contact: str):
    data = yaml.safe_load(document(_safe_tree()))
    next(flag for flag in data["red_flags"] if flag["id"] == flag_id)["contact"] = contact
    return parse(yaml.safe_dump(data), "generated.yml")


def test_a_signs_contact_is_a_result_of_its_tier_that_its_answers_lead_to():
    """A box lists a sign with a `contact` under that result's action, so the checker must send
    the sign there too (a maternity sign a box sends to the midwife, the checker to the midwife)."""
    assert build(_with_contact("e1", "out-emergency")).flag("e1").contact == "out-emergency"
    with pytest.raises(DataError, match=r"red flag 'e1' contact: 'out-nowhere' is not a result"):
        build(_with_contact("e1", "out-nowhere"))
    with pytest.raises(DataError, match=r"red flag 'e1' contact: 'out-urgent' is a urgent result, "
                                        r"but the sign is emergency"):
        build(_with_contact("e1", "out-urgent"))
    data = yaml.safe_load(document(_safe_tree()))
    data["checker"]["outcomes"]["out-maternity"] = yaml.safe_load(yaml.safe_dump(
        {**data["checker"]["outcomes"]["out-emergency"], "title": "Call the maternity unit now"}))
    next(flag for flag in data["red_flags"] if flag["id"] == "e1")["contact"] = "out-maternity"
    with pytest.raises(DataError, match=r"reports 'e1', whose contact is 'out-maternity', but "
                                        r"leads to 'out-emergency'"):
        build(parse(yaml.safe_dump(data), "generated.yml"))


def test_a_sign_listed_on_a_pattern_question_counts_only_where_it_is_reported():
    """Review M3: the signs of a "what is it like?" question counted as asked on every answer,
    so a sign moved there could never be reported on the other answers' paths."""
    tree = _safe_tree()
    tree["questions"]["ask-s1"]["answers"][1]["next"] = "pattern"
    del tree["questions"]["ask-r1"]
    tree["questions"]["pattern"]["signs"] = ["r1"]
    tree["questions"]["pattern"]["answers"][1]["reports"] = ["r1"]
    with pytest.raises(DataError, match=r"out-self-care: can be reached on the route for .* "
                                        r"without asking about red flag 'r1'"):
        _load(tree)


def test_a_result_for_some_readers_reached_before_who_is_it_for_is_rejected():
    """Review M4: a question placed before "Who is it for?" could send every reader, babies
    included, to a result written for adults, and the build passed."""
    tree = _safe_tree()
    tree["outcomes"]["out-adults"] = _outcome("emergency", routes=["adult"])
    tree["questions"]["pre"] = {"stage": "emergency", "text": "Any of these?", "signs": ["e1"],
                                "answers": [
                                    {"label": "Yes", "next": "out-adults", "reports": ["e1"]},
                                    {"label": "No", "next": "who", "none": True},
                                    {"label": "Not sure", "next": "out-adults", "unsure": True}]}
    tree["start"] = "pre"
    with pytest.raises(DataError, match=r"out-adults.routes: is written for adult, but it can be "
                                        r"reached before the checker asks who it is for"):
        _load(tree)
