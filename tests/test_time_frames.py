"""Time frames that cannot drift: every sentence about a red-flag sign says its tier's words.

The December 2026 reviews found about a dozen sentences slower than the sign's box (tongue
twitching "worth showing to a doctor", weakness "see a GP", jerks after a new medicine "talk to
your doctor"). The build now refuses such a sentence (hooks/twitchguide.pages.time_frames.py); this
file lists every one at once for `make check`, and shows the check catching the old sentences.
"""
from __future__ import annotations

import pytest

from sitekit import DOCS, ROOT, load_guide, reader_sources
from twitchguide.pages import time_frames
from twitchguide.pages.hand_written import PageError, PageInfo, expand_when, publish
from twitchguide.data.yaml_source import DataError

GUIDE = load_guide()
FRAMES = time_frames.load(ROOT / time_frames.FILE, GUIDE)
FRAMES_TEXT = (ROOT / time_frames.FILE).read_text(encoding="utf-8")


def page_problems(src: str) -> list[str]:
    """Every disagreement on one page, as the build would report the first of them."""
    raw = (DOCS / src).read_text(encoding="utf-8")
    body = raw.split("\n---\n", 1)[1] if raw.startswith("---\n") else raw
    page = expand_when(PageInfo(src, {}, body, raw), GUIDE)
    return [f"docs/{src}:{problem.line}: {problem.message}"
            for problem in time_frames.problems(page.markdown, FRAMES, GUIDE, page.line_at(0))]


def test_no_page_gives_a_sign_another_time_frame_than_its_tier():
    found = [problem for src in reader_sources() for problem in page_problems(src)]
    assert not found, "\n".join(found)


def data_texts():
    """(where, text) of the data file's reader text that the build does not pass through a
    page: quiz questions, options, feedback and explanations, the safety notes, and the
    checker's result texts."""
    for item in GUIDE.quiz:
        yield f"quiz {item.id}", item.question
        yield f"quiz {item.id}", item.explanation
        for option in item.options:
            yield f"quiz {item.id}", option.text
            yield f"quiz {item.id}", option.feedback
    for note in GUIDE.safety_notes:
        yield f"safety note {note.id}", note.text
    # The checker's results: their summary and steps are written in the data file too.
    for outcome in GUIDE.checker.outcomes.values():
        for text in (outcome.summary, outcome.action, *outcome.do_now):
            if text:
                yield f"checker result {outcome.id}", text


def test_quiz_and_safety_notes_give_each_sign_its_tier():
    found = [f"{where}: {sentence!r}: {message}" for where, text in data_texts()
             for _, sentence in time_frames.sentences(text)
             if sentence and (message := _check(sentence))]
    assert not found, "\n".join(found)


def test_no_page_claims_every_page_shows_the_same_signs():
    shown = {src: GUIDE.flags_for_page(src) for src in reader_sources()}
    if len(set(shown.values())) == 1:
        return
    for src in reader_sources():
        text = " ".join((DOCS / src).read_text(encoding="utf-8").split())
        for claim in ("same on every page of this guide", "that every page of this guide shows"):
            assert claim not in text, f"docs/{src} says the signs are {claim!r}; they are not"


def _check(sentence: str) -> str | None:
    return time_frames.check_sentence(sentence, FRAMES, GUIDE)


# The sentences the reviews found, as they were.
OLD_SENTENCES = [
    ("Book a visit with your GP (family doctor), who can look at your tongue and test your "
     "strength.", "speech-change", "'Book a visit'"),
    ("Twitching of the tongue is worth showing to a doctor.", "speech-change", "no time frame"),
    ("Also see a GP if it is in more than one place, or if the area feels weak or stiff.",
     "weakness-or-stiffness", "no time frame"),
    ("If you think a medicine is causing jerks, talk to your doctor or pharmacist.",
     "jerks-after-new-medicine", "no time frame"),
    ("If numbness, blurred vision or trouble with balance comes on over days and stays, see a "
     "doctor within a few days.", "spreading-weakness", "'within a few days'"),
    ("If spasms began after a new medicine, tell your doctor or pharmacist, but do not stop it "
     "on your own.", "jerks-after-new-medicine", "no time frame"),
    ("Go sooner if you notice weakness, stiffness, or muscle loss.", "weakness-or-stiffness",
     "no time frame"),
]


@pytest.mark.parametrize("sentence, flag, said", OLD_SENTENCES)
def test_the_check_catches_the_sentences_the_reviews_found(sentence, flag, said):
    message = _check(sentence)
    tier = GUIDE.tiers[FRAMES.tier_of(GUIDE.flag(flag))]
    assert message and f"'{flag}'" in message and said in message, message
    assert f"Write '{tier.when}'" in message, message


def test_a_sentence_that_points_back_takes_its_sections_signs():
    markdown = ("## Strength\n\nReal weakness shows in daily life, such as tripping or dropping "
                "things.\nIf that happens, see your doctor.\n\n## Next\n\nIf that happens, see "
                "your doctor.\n")
    found = time_frames.problems(markdown, FRAMES, GUIDE)
    assert [problem.line for problem in found] == [4]


def test_a_slower_extra_time_frame_is_refused_and_a_right_one_passes():
    assert "slower time frame" in _check(
        "Twitching in your tongue: see a doctor within a few days, or book a visit.")
    assert _check("See a doctor within a few days about twitching in your tongue.") is None
    assert _check("A tongue that twitches is a sign doctors look for.") is None   # no advice


def test_when_placeholder_follows_the_flags_tier():
    page = expand_when(PageInfo("p.md", {}, "See a doctor {{when:speech-change}}.\n"), GUIDE)
    assert page.markdown == f"See a doctor {GUIDE.tiers[GUIDE.flag('speech-change').tier].when}.\n"
    with pytest.raises(PageError, match=r"docs/p.md:2: unknown red flag '\{\{when:no-such\}\}'"):
        expand_when(PageInfo("p.md", {}, "Fine.\nSee {{when:no-such}}.\n"), GUIDE)


def test_the_build_stops_on_a_drifted_sentence_naming_file_line_sign_and_words():
    page = PageInfo("faq.md", {"updated": GUIDE.updated, "review_due": GUIDE.review_due},
                    "Intro [@nhs-twitching].\n\nTwitching of the tongue is worth showing to a "
                    "doctor.\n")
    with pytest.raises(PageError) as caught:
        publish(page, GUIDE, GUIDE.updated, frames=FRAMES)
    message = str(caught.value)
    assert message.startswith("docs/faq.md:3: ") and "'speech-change'" in message
    assert "Write 'within a few days', or {{when:speech-change}}" in message


def _broken(tmp_path, old: str, new: str):
    assert FRAMES_TEXT.count(old) == 1, old
    path = tmp_path / "time-frames.yml"
    path.write_text(FRAMES_TEXT.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        time_frames.load(path, GUIDE, "time-frames.yml")
    return caught.value


def test_a_renamed_flag_or_tier_gives_one_located_message(tmp_path):
    error = _broken(tmp_path, "  speech-change:\n", "  speech-changes:\n")
    assert error.line == FRAMES_TEXT[:FRAMES_TEXT.index("  speech-change:\n")].count("\n") + 1
    assert "'speech-changes' is not a red flag" in str(error)
    error = _broken(tmp_path, "  soon: [", "  later: [")
    assert "'later' is not a tier" in str(error)
    error = _broken(tmp_path, "    phrases: ['tongue']", "    phrases: ['tongue(']")
    assert "not a valid regular expression" in str(error)


def test_a_pending_tier_is_refused_once_the_rules_have_it(tmp_path):
    for flag_id, tier in (FRAMES.pending or {}).items():
        assert GUIDE.flag(flag_id).tier != tier
    entry = f"  speech-change:\n    tier: {GUIDE.flag('speech-change').tier}\n    why: test\n"
    path = tmp_path / "time-frames.yml"
    path.write_text(FRAMES_TEXT.replace("pending:\n", "pending:\n" + entry)
                    if "\npending:\n" in FRAMES_TEXT else FRAMES_TEXT + "\npending:\n" + entry,
                    encoding="utf-8")
    with pytest.raises(DataError, match="so this entry is done: delete it"):
        time_frames.load(path, GUIDE, "time-frames.yml")
