"""The patient-story corpus (docs/data/triage-scenarios.yml) walked through the checker.

Each story is answered as that person would answer; the result must be at least as urgent as
the least urgent tier a careful clinician accepts for it (0 under-triaged). Stories that end
more urgent than needed are listed (over-triage is allowed, but is reported, not hidden).
The same stories are clicked in Chromium in tests/test_checker_browser.py.
"""
from __future__ import annotations

import pytest

from sitekit import ROOT
from twitchguide.data import scenarios
from twitchguide.data.model import tier_rank
from twitchguide.data.yaml_source import DataError


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


STORY = """scenarios:
  - id: a-story
    route: adult
    story: My calf twitches.
    has: [FLAG]
    accept: [self-care]
    source: SOURCE
"""


@pytest.mark.parametrize("flag,source,problem", [
    ("no-such-flag", "nhs-twitching", "stories.yml:5: scenarios[0].has[0]: unknown red flag 'no-such-flag'"),
    ("sudden-one-sided-weakness", "no-such-source",
     "stories.yml:7: scenarios[0].source: unknown source 'no-such-source'"),
], ids=["unknown-flag", "unknown-source"])
def test_a_story_with_an_unknown_flag_or_source_is_refused_naming_the_line(
        guide, tmp_path, flag, source, problem):
    """The corpus cites real sources and names real flags because the loader refuses any other
    (so the `corpus` fixture, which loads the real file, holds it for every story)."""
    path = tmp_path / "stories.yml"
    path.write_text(STORY.replace("FLAG", flag).replace("SOURCE", source), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        scenarios.load(path, guide, "stories.yml")
    assert str(caught.value) == problem
