"""The patient-story corpus (docs/data/triage-scenarios.yml) walked through the checker.

Each story is answered as that person would answer; the result must be at least as urgent as
the least urgent tier a careful clinician accepts for it (0 under-triaged). Stories that end
more urgent than needed are listed (over-triage is allowed, but is reported, not hidden).
The same stories are clicked in Chromium in tests/test_checker_browser.py.
"""
from __future__ import annotations

import pytest

from sitekit import ROOT
from twitchguide import scenarios
from twitchguide.model import tier_rank


@pytest.fixture(scope="module")
def corpus(guide):
    return scenarios.load(ROOT / scenarios.FILE, guide)


def test_the_corpus_covers_every_route_red_flag_and_tier(guide, corpus):
    assert len(corpus) >= 60
    assert {story.route for story in corpus} == set(guide.checker.routes)
    assert {flag for story in corpus for flag in story.has} == {f.id for f in guide.red_flags}
    reached = {scenarios.result(guide, story)["tier"] for story in corpus}
    assert reached == set(guide.tiers)


def test_no_story_is_under_triaged(guide, corpus, capsys):
    results = {story.id: scenarios.result(guide, story) for story in corpus}
    under = {sid: r for sid, r in results.items() if r["verdict"] == "under-triaged"}
    over = {sid: r for sid, r in results.items() if r["verdict"] == "over-triaged"}
    with capsys.disabled():
        print(f"\ntriage corpus: {len(results)} stories, {len(under)} under-triaged, "
              f"{len(over)} over-triaged {sorted(over)}")
    assert not under, under


def test_a_story_with_no_signs_and_no_known_pattern_goes_to_a_doctor(guide):
    story = scenarios.Scenario("x", "adult", "Something odd.", (), None, ("routine",), "nhs-twitching")
    result = scenarios.result(guide, story)
    assert tier_rank(result["tier"]) >= tier_rank("routine")


def test_every_story_cites_a_source_and_names_real_flags(guide, corpus):
    for story in corpus:
        assert story.source in guide.sources
        assert all(any(f.id == flag for f in guide.red_flags) for flag in story.has)
