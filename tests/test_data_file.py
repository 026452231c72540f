"""The data file's loader: a corpus of broken files, each with its own clear message.

Each case edits one spot of the real data file, then expects `file:line: field: problem`
with the line of that spot. Starting from the real file keeps the corpus honest as it grows.
"""
from __future__ import annotations


import pytest
import yaml

from sitekit import ROOT, project_copy
from twitchguide.data.loader import load
from twitchguide.data.yaml_source import DataError

DATA = ROOT / "docs" / "data" / "clinical-rules.yml"
NAME = "clinical-rules.yml"
VALID = DATA.read_text(encoding="utf-8")
_FLAG_IDS = [flag["id"] for flag in yaml.safe_load(VALID)["red_flags"]]
# Where a red flag sits in the file, so adding a flag above it does not break the corpus.
NUMBNESS = f"red_flags[{_FLAG_IDS.index('numbness')}]"
TWITCH_OVER = f"red_flags[{_FLAG_IDS.index('twitch-over-two-weeks')}]"


def line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, f"fragment must occur once: {fragment!r}"
    return text[: text.index(fragment)].count("\n") + 1


# (case id, text to find once, replacement, field, problem). The expected line is the line of
# the replaced text, plus `line_shift` where the mistake is reported on a neighbouring line.
CASES = [
    ("bad-yaml", "  - id: seizure\n", "  - id: seizure\n   bad indent: [\n", "(file)",
     "not valid YAML"),
    ("tab-in-yaml", "  - id: numbness\n", "  - id: numbness\n\ttier: routine\n", "(file)",
     "not valid YAML"),
    ("unknown-tier", "    tier: routine\n    text: Numbness, or", "    tier: later\n    text: Numbness, or",
     NUMBNESS + ".tier", "'later' is not one of emergency, urgent, soon, routine"),
    ("missing-field", "    text: Numbness, or a change in how things feel on your skin.\n", "",
     NUMBNESS, "missing required field 'text'"),
    ("wrong-type", "    text: Numbness, or a change in how things feel on your skin.",
     "    text: [Numbness]", NUMBNESS + ".text", "must be text, not a list"),
    ("unknown-key", "  - id: numbness\n", "  - id: numbness\n    colour: red\n",
     NUMBNESS + ".colour", "unknown field"),
    ("duplicate-id", "  - id: numbness\n", "  - id: muscle-wasting\n", NUMBNESS + ".id",
     "duplicate red flag id 'muscle-wasting'"),
    ("duplicate-key", "  - id: numbness\n", "  - id: numbness\n    id: numbness-2\n",
     "(file)", "duplicate key 'id'"),
    ("empty-text", "    text: Numbness, or a change in how things feel on your skin.",
     "    text: '   '", NUMBNESS + ".text", "must not be empty"),
    ("html-in-text", "    text: Numbness, or a change in how things feel on your skin.",
     "    text: Numbness <script>alert(1)</script>", NUMBNESS + ".text",
     "contains markup ('<s'); write plain text"),
    ("unknown-source", "    sources: [medlineplus-twitching]\n  - id: family-history",
     "    sources: [medlineplus-twitchin]\n  - id: family-history", NUMBNESS + ".sources[0]",
     "unknown source 'medlineplus-twitchin'"),
    ("bad-id", "  - id: numbness\n", "  - id: Numbness_Signs\n", NUMBNESS + ".id",
     "'Numbness_Signs' is not a valid id"),
    ("dangling-next", "next: pregnancy-maternity-signs, none: true}", "next: pregnancy-maternity-sign, none: true}",
     "checker.questions.pregnancy-sudden-signs.answers[2].next", "'pregnancy-maternity-sign' is not a question or outcome id"),
    ("one-answer", '        - {label: "Yes, one or more of these", next: see-a-doctor-signs, reports: [numbness, medicine-may-cause-it]}\n'
                   '        - {label: "I am not sure", next: see-a-doctor-signs, unsure: true}\n', "",
     "checker.questions.other-signs.answers", "needs at least 2 items, found 1"),
    ("unknown-sign", "    text: Is any of these true for you?\n      signs: [numbness, medicine-may-cause-it]",
     "    text: Is any of these true for you?\n      signs: [numbness, medicine-may-cause]",
     "checker.questions.other-signs.signs[1]", "unknown red flag 'medicine-may-cause'"),
    ("unknown-value", "    text: A twitch that has lasted more than {{twitch-see-a-doctor-after}}",
     "    text: A twitch that has lasted more than {{twitch-see-a-doctor-afterwards}}",
     TWITCH_OVER + ".text", "unknown value '{{twitch-see-a-doctor-afterwards}}'"),
    ("same-tier-watch-for", "      watch_for: [twitch-over-two-weeks, twitch-in-many-places, weakness-or-stiffness, muscle-wasting, speech-change]",
     "      watch_for: [twitch-over-two-weeks, twitch-in-many-places, weakness-or-stiffness, muscle-wasting, speech-change, numbness, sudden-one-sided-weakness, seizure, b6-nerve-symptoms, swollen-calf, family-history, medicine-may-cause-it, twitch-over-two-weeks]",
     "checker.outcomes.ordinary-twitch.watch_for[12]", "'twitch-over-two-weeks' is listed twice"),
    ("unknown-route", "    routes: [adult, pregnancy]\n    sources: [uclh-dvt, nhs-cramps]",
     "    routes: [adults, pregnancy]\n    sources: [uclh-dvt, nhs-cramps]",
     "red flag 'swollen-calf'.routes", "unknown route 'adults'"),
    ("bad-quiz-kind", "    kind: single\n    question: Does twitching on its own",
     "    kind: essay\n    question: Does twitching on its own", "quiz[0].kind",
     "'essay' is not one of single, multiple, true-false"),
    ("bad-page-ref", "    read_more: twitching-and-als.md#what-the-studies-found\n",
     "    read_more: Twitching And ALS\n",
     "quiz[0].read_more", "is not a page reference"),
    ("bad-url", "    url: https://www.nhs.uk/conditions/stroke/symptoms/",
     "    url: www.nhs.uk/conditions/stroke/symptoms/", "sources.nhs-stroke.url",
     "is not an https:// address"),
    ("unsupported-version", "version: 1\n", "version: 2\n", "version",
     "version 2 is not supported"),
    ("missing-seen", "    kind: government\n    seen: 'Read: a syndicated copy of the NHS stroke",
     "    kind: government\n    # seen: 'Read: a syndicated copy of the NHS stroke",
     "sources.nhs-stroke", "missing required field 'seen'"),
    ("unread-source", "    seen: 'Read: a syndicated copy of the NHS stroke",
     "    seen: 'Not read yet, from memory: a syndicated copy of the NHS stroke",
     "sources.nhs-stroke.seen", "says 'Not read': read the source and say what it says"),
    ("working-note-in-a-citation", "    publisher: American Academy of Neurology (meeting abstract)\n",
     "    publisher: American Academy of Neurology (authors not shown in the copy read)\n",
     "sources.bfs-prospective-2017.publisher", "says 'not shown', a note for the team"),
    ("review-too-late", "review_due: 2029-11-26\n", "review_due: 2031-01-01\n", "review_due",
     "at most 3 years later"),
]


def _first_quiz_correct_option() -> str:
    return "        correct: true\n        feedback: Right. The main sign of ALS"


@pytest.mark.parametrize("case, old, new, field, problem", CASES, ids=[c[0] for c in CASES])
def test_broken_file_gives_one_clear_message(tmp_path, case, old, new, field, problem):
    broken = tmp_path / NAME
    broken.write_text(VALID.replace(old, new) if VALID.count(old) == 1 else _fail(old),
                      encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(broken, NAME)
    message = str(caught.value)
    expected_line = line_of(VALID, old)
    assert message.startswith(f"{NAME}:"), message
    assert caught.value.field == field, message
    assert problem in message, message
    # The reported line is the edited line or, for a missing field, the entry that lacks it.
    assert abs(caught.value.line - expected_line) <= 2 or case.startswith("missing-"), message
    assert "\n" not in message


def _fail(fragment):
    pytest.fail(f"the corpus fragment no longer occurs exactly once: {fragment!r}")


def test_quiz_question_without_a_correct_option_is_rejected(tmp_path):
    broken = tmp_path / NAME
    broken.write_text(VALID.replace(_first_quiz_correct_option(), _first_quiz_correct_option()
                                    .replace("correct: true", "correct: false")), encoding="utf-8")
    with pytest.raises(DataError, match=r"quiz\[0\]\.options: no option is marked correct"):
        load(broken, NAME)


def test_safety_rule_violation_names_the_result_and_the_answer(tmp_path):
    """Sending a 'yes' to urgent signs on to a self-care result fails at that result, naming
    the question and answer where the reader said yes."""
    old = "next: get-help-today, reports: [first-fit-unchecked, seizure-over, stroke-signs-days-ago, face-weakness-over-hours, sudden-headache-unchecked, alcohol-withdrawal, spreading-weakness, swallowing-getting-harder, breathless-lying-flat, tingling-with-hand-spasms, jerks-after-new-medicine, stopped-epilepsy-medicine, baby-not-felt-moving, statin-muscle-symptoms, quinine-bleeding, jerks-liver-kidney, jerks-with-memory-change, lithium-signs, swollen-calf, dark-urine-with-muscle-pain, cramp-over-ten-minutes, painful-red-eye, eyelid-droop-constant]}"
    new = old.replace("get-help-today", "soon-signs")
    broken = tmp_path / NAME
    assert VALID.count(old) == 1
    broken.write_text(VALID.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(broken, NAME)
    assert caught.value.field.startswith("checker.outcomes.")
    assert "is below red flag 'first-fit-unchecked' (urgent)" in caught.value.problem
    assert "question 'same-day-signs', answer 'Yes, one or more of these'" in caught.value.problem


def test_the_readmes_example_error_is_what_the_loader_says(tmp_path):
    """The README shows a newcomer one real error: a tier that does not exist, on a red flag."""
    import re
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"`(docs/data/clinical-rules\.yml:\d+: red_flags\[\d+\]\.tier: [^`]+)`",
                        readme).group(1)
    broken = tmp_path / NAME
    broken.write_text(VALID.replace("    tier: routine\n    text: Numbness, or",
                                    "    tier: later\n    text: Numbness, or"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(broken, "docs/data/clinical-rules.yml")
    masked = re.compile(r":\d+: red_flags\[\d+\]")    # the line moves as the file grows
    assert masked.sub(":N: red_flags[N]", example) == masked.sub(
        ":N: red_flags[N]", str(caught.value))


def test_the_real_data_file_loads():
    guide = load(DATA, NAME)
    assert len(guide.red_flags) >= 15
    assert guide.checker.start in guide.checker.questions


def test_a_broken_page_leaves_no_site_behind(tmp_path, own_build):
    """A mistake found while pages are built: exit 1, one located line, and the site folder
    holds neither a half-built site nor the last build's pages and zip."""
    project = project_copy(tmp_path)
    page = project / "docs" / "faq.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more claim [@no-such-source].\n",
                    encoding="utf-8")
    site = tmp_path / "site"
    (site / "download").mkdir(parents=True)
    (site / "index.html").write_text("the last build", encoding="utf-8")
    (site / "download" / "muscle-twitch-guide-offline.zip").write_bytes(b"old zip")
    result = own_build(site, project / "mkdocs.yml")
    assert result.returncode == 1
    assert "docs/faq.md:" in result.stderr and "no-such-source" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert [path for path in site.rglob("*") if path.is_file()] == []


def test_a_page_that_is_not_utf8_gives_one_located_line(tmp_path, own_build):
    project = project_copy(tmp_path)
    (project / "docs" / "faq.md").write_bytes(b"---\ntitle: FAQ\n---\n\nCaf\xe9\n")
    result = own_build(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    assert "docs/faq.md:5: is not UTF-8 text" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_broken_data_stops_the_real_build_cleanly(tmp_path, own_build):
    """mkdocs build: exit 1, one line naming file, line and field, no traceback, no site."""
    project = project_copy(tmp_path)
    data = project / "docs" / "data" / "clinical-rules.yml"
    data.write_text(VALID.replace("    tier: routine\n    text: Numbness, or",
                                  "    tier: later\n    text: Numbness, or"), encoding="utf-8")
    site = tmp_path / "site"
    result = own_build(site, project / "mkdocs.yml")
    assert result.returncode == 1
    line = line_of(VALID, "    tier: routine\n    text: Numbness, or")
    assert (f"docs/data/clinical-rules.yml:{line}: {NUMBNESS}.tier: 'later' is not one of"
            in result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()


# ---- headings carry their ids (clinicians link to them) --------------------------------------

def _page(tmp_path, text: str) -> dict:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    return {"types/page.md": path}


def test_a_heading_without_an_id_stops_the_build_naming_page_and_line(tmp_path):
    from twitchguide.pages.docs_reader import SiteFileError, check_heading_ids
    pages = _page(tmp_path, "---\ntitle: T\n---\n\n# Title\n\n## Has one {#has-one}\n\n"
                            "Text.\n\n### What helps\n")
    with pytest.raises(SiteFileError) as caught:
        check_heading_ids(pages)
    assert str(caught.value).startswith(
        "docs/types/page.md:11: heading 'What helps' has no id; write it as "
        "'### What helps {#an-id}'")


@pytest.mark.parametrize("text", [
    "# A page title needs no id\n\n## Part {#part}\n\n#### Small {#small .extra}\n",
    "## Part {#part}\n\n```markdown\n## Not a heading, an example\n```\n",
    "## Part {#part}\n\n    !!! note\n        Text with a # sign and #hashtag.\n",
    '## Part <span id="x"></span> {#part}\n',
])
def test_headings_with_ids_and_code_examples_pass(tmp_path, text):
    from twitchguide.pages.docs_reader import check_heading_ids
    check_heading_ids(_page(tmp_path, text))


def test_every_hand_written_page_gives_each_heading_its_id():
    from sitekit import DOCS, reader_sources
    from twitchguide.pages.docs_reader import check_heading_ids
    check_heading_ids({src: DOCS / src for src in reader_sources()})


def test_the_build_refuses_a_heading_without_an_id(tmp_path, own_build):
    project = project_copy(tmp_path)
    page = project / "docs" / "faq.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## One more question\n\nText.\n",
                    encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("## One more question") + 1
    result = own_build(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    assert f"docs/faq.md:{line}: heading 'One more question' has no id" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
