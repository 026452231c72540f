"""The "Should I see a doctor?" checker as plain pages: one per question and per outcome.

Every answer is an ordinary link, so the checker works with no JavaScript, from disk, in
print and with any assistive technology. All pages live under `check/`.
"""
from __future__ import annotations

import datetime as dt

from . import rules
from .markup import admonition, html_text, md_text, meta_text, relative_link
from .model import STAGES, Guide, Outcome, Question
from .page_parts import clinical_status, review_footer, sources_section
from .render_diagram import checker_diagram
from .render_flags import red_flag_boxes, tier_title

FOLDER = "check"


def page_uri(node_id: str) -> str:
    return f"{FOLDER}/{node_id}.md"


def render_all(guide: Guide, titles: dict) -> dict[str, str]:
    """Every checker page as {src_uri: markdown}. `titles` maps docs pages to their titles."""
    pages = {page_uri("index"): start_page(guide),
             page_uri("overview"): overview_page(guide)}
    ways_in = rules.single_way_in(guide)
    for question in guide.checker.questions.values():
        pages[page_uri(question.id)] = question_page(guide, question, ways_in.get(question.id))
    for outcome in guide.checker.outcomes.values():
        pages[page_uri(outcome.id)] = outcome_page(guide, outcome, titles)
    return pages


def _front_matter(title: str, description: str, searchable: bool = True) -> str:
    search = "" if searchable else "search:\n  exclude: true\n"
    return (f"---\ntitle: {meta_text(title)}\ndescription: {meta_text(description)}\n"
            f"{search}---\n\n")


def _stages(guide: Guide) -> list[str]:
    """The stages the tree uses, in the order they are asked: step N of M."""
    used = {question.stage for question in guide.checker.questions.values()}
    order = ("about",) + tuple(reversed(STAGES[1:]))
    return [stage for stage in order if stage in used]


def step_label(guide: Guide, question: Question) -> str:
    stages = _stages(guide)
    return (f"Step {stages.index(question.stage) + 1} of {len(stages)}: "
            f"{guide.checker.stage_titles[question.stage]}")


def _footer(guide: Guide, page: str, source_ids) -> str:
    sources = [guide.sources[source_id] for source_id in dict.fromkeys(source_ids)]
    return "\n" + sources_section(sources) + "\n" + review_footer(page, guide, guide.updated,
                                                                  guide.review_due, dt.date.today(),
                                                                  REPORT_URL.get("url"))


# Questions of version 1 of the tree, whose overview anchors clinicians may have linked to; their
# pages redirect (mkdocs.yml redirect_maps), and these ids keep the overview's anchors working.
RENAMED_QUESTIONS = {"seizure-signs": "sudden-signs", "muscle-signs": "soon-signs",
                     "twitch-pattern": "other-signs", "where-is-it": "what-is-it-like"}

REPORT_URL: dict = {}        # set by the hook from mkdocs.yml (extra.report_url)


def _not_a_diagnosis(guide: Guide) -> str:
    status = ("The rules of this checker come from the NHS, NICE and other sources listed below. "
              "They have not yet been reviewed by a clinician."
              if guide.clinical_review is None else clinical_status(guide))
    return ("This checker gives general advice from your answers. It is not a diagnosis and "
            "cannot rule out every illness. If you feel very unwell, or you are worried, get help "
            f"anyway: you never need a checker's permission. {html_text(status)}")


def start_page(guide: Guide) -> str:
    page = page_uri("index")
    first = relative_link(page, page_uri(guide.checker.start))
    emergency = guide.tiers["emergency"]
    emergency_note = (f"If you feel very unwell right now, stop here. {md_text(emergency.action)}")
    stage_list = "\n".join(f"{number}. {md_text(guide.checker.stage_titles[stage])}"
                           for number, stage in enumerate(_stages(guide), start=1))
    who_list = "\n".join(f"- {md_text(text[0].upper() + text[1:])}"
                          for text in guide.checker.routes.values())
    return (
        _front_matter("Should I see a doctor? Symptom checker",
                      "Answer a few short questions to find out what kind of help you need, "
                      "and how soon.")
        + "# Should I see a doctor?\n\n"
        "Answer a few short questions about your twitch. It takes about a minute. At the end you "
        "will see what kind of help you need, and how soon.\n\n"
        f"{admonition('tier-emergency', emergency.label + ': do not wait for a checker', emergency_note)}\n"
        f"[Start the questions]({first}){{ .md-button .md-button--primary .mtg-answer }}\n\n"
        "## How it works {#how-it-works}\n\n"
        "We ask about the most urgent signs first. The questions come in these steps:\n\n"
        f"{stage_list}\n\n"
        "Each answer is a plain link. Nothing you choose is stored or sent anywhere.\n\n"
        f"{_not_a_diagnosis(guide)}\n\n"
        f"Clinicians and curious readers can [see every question and result]"
        f"({relative_link(page, page_uri('overview'))}).\n"
        + _footer(guide, page, _all_flag_sources(guide))
    )


def _all_flag_sources(guide: Guide) -> list[str]:
    return [source for flag in guide.red_flags for source in flag.sources]


def question_page(guide: Guide, question: Question, way_in: tuple | None) -> str:
    """A question's page; `way_in` is the one path that reaches it, if there is only one
    (then the page can show the answers so far and a back link)."""
    page = page_uri(question.id)
    signs = "\n".join(f"- {md_text(guide.flag(flag).text)}" for flag in question.signs)
    answers = "\n".join(
        f"[{md_text(answer.label)}]({relative_link(page, page_uri(answer.next))}){{ .mtg-answer }}"
        for answer in question.answers)
    hint = f"\n{md_text(question.hint)}\n" if question.hint else ""
    so_far, back = "", ""
    if way_in:
        lines = "\n".join(
            f"{number}. {md_text(guide.checker.questions[qid].text)} "
            f"You answered: *{md_text(guide.checker.questions[qid].answers[index].label)}*"
            for number, (qid, index) in enumerate(way_in, start=1))
        so_far = f"\n## Your answers so far {{#answers-so-far}}\n\n{lines}\n"
        back = f"[Back to the previous question]({relative_link(page, page_uri(way_in[-1][0]))}) · "
    elif question.id != guide.checker.start:
        # The section (and its published anchor) stays; several paths lead here, so the page
        # cannot know which answers this reader gave. The browser's Back button does.
        so_far = ("\n## Your answers so far {#answers-so-far}\n\n"
                  "Several sets of answers lead to this question. Use your browser's Back "
                  "button to change an answer, or start again.\n")
    title = f"{guide.checker.stage_titles[question.stage]}: {question.text}"
    return (
        _front_matter(title, f"Symptom checker. {step_label(guide, question)}.")
        + f"# {md_text(question.text)}\n\n"
        f'<p class="mtg-step">{html_text(step_label(guide, question))}</p>\n\n'
        f"{signs}\n{hint}\n"
        f'<div class="mtg-answers" markdown>\n\n{answers}\n\n</div>\n\n'
        f"{back}[Start again]({relative_link(page, page_uri('index'))})\n"
        f"{so_far}"
        + _footer(guide, page, [s for flag in question.signs for s in guide.flag(flag).sources]
                  or _all_flag_sources(guide))
    )


def outcome_page(guide: Guide, outcome: Outcome, titles: dict) -> str:
    page = page_uri(outcome.id)
    tier = guide.tiers[outcome.tier]
    do_now = "\n".join(f"- {md_text(step)}" for step in outcome.do_now)
    read_next = "\n".join(
        f"- [{md_text(titles.get(ref.page, ref.page))}]({relative_link(page, str(ref))})"
        for ref in outcome.read_next)
    result_box = admonition(f"tier-{outcome.tier}", f"{tier.label}: {outcome.title}",
                            f"**How soon: {md_text(tier.when)}.** {md_text(outcome.summary)}\n\n"
                            f"{md_text(tier.action)}")
    if outcome.watch_for:
        watch = red_flag_boxes(guide, tuple(guide.flag(flag) for flag in outcome.watch_for))
    else:
        watch = "This is already the most urgent advice. Do not wait for anything to change.\n"
    bring = ""
    if outcome.tier in ("routine", "soon", "urgent"):
        checklist = relative_link(page, "what-to-tell-your-doctor.md")
        bring = ("## What to bring or tell the doctor {#what-to-bring}\n\n"
                 "A short video of the movement on your phone, when it started, anything you can "
                 "no longer do as well, all your medicines and supplements with their doses, and "
                 "any family history of ALS or another form of motor neurone disease (MND). "
                 f"[Print the checklist]({checklist}).\n\n")
    return (
        _front_matter(f"Result: {outcome.title}",
                      f"Symptom checker result ({tier.label.lower()}): {outcome.summary}")
        + f"# {md_text(outcome.title)}\n\n"
        f'<p class="mtg-step">Your result: {html_text(tier.label)}</p>\n\n'
        f"{result_box}\n"
        "## What to do now {#what-to-do-now}\n\n"
        f"{do_now}\n\n"
        f"{bring}"
        "## What would change this advice {#what-to-watch-for}\n\n"
        f"{watch}\n"
        "## Read next {#read-next}\n\n"
        f"{read_next}\n\n"
        "## This is not a diagnosis {#not-a-diagnosis}\n\n"
        f"{_not_a_diagnosis(guide)}\n\n"
        f"[Start again]({relative_link(page, page_uri('index'))}) · "
        f"[See every question and result]({relative_link(page, page_uri('overview'))})\n"
        + _footer(guide, page, outcome.sources)
    )


def overview_page(guide: Guide) -> str:
    page = page_uri("overview")
    blocks = []
    for number, question in enumerate(guide.checker.questions.values(), start=1):
        signs = "".join(f"    - {md_text(guide.flag(flag).text)}\n" for flag in question.signs)
        answers = []
        for answer in question.answers:
            target = guide.checker.outcomes.get(answer.next)
            where = (f"result: [{md_text(target.title)}](#{target.id}) "
                     f"({md_text(guide.tiers[target.tier].label)})" if target else
                     f"next question: [{md_text(guide.checker.questions[answer.next].text)}]"
                     f"(#{answer.next})")
            answers.append(f"- *{md_text(answer.label)}*: {where}")
        sign_block = f"- Signs asked about:\n{signs}" if signs else ""
        blocks.append(
            f"### {number}. {md_text(question.text)} {{#{question.id}}}\n\n"
            f"{md_text(step_label(guide, question))}. "
            f"[Open this question]({relative_link(page, page_uri(question.id))}).\n\n"
            f"{sign_block}" + "\n".join(answers) + "\n")
    results = []
    for outcome in guide.checker.outcomes.values():
        results.append(
            f"### {md_text(outcome.title)} {{#{outcome.id}}}\n\n"
            f"**{md_text(guide.tiers[outcome.tier].label)}.** {md_text(outcome.summary)} "
            f"[Open this result]({relative_link(page, page_uri(outcome.id))}).\n")
    count = rules.count_paths(guide)
    return (
        _front_matter("Symptom checker: every question and result",
                      "The whole decision tree of the symptom checker, for clinicians and "
                      "maintainers.", searchable=False)   # repeats the other checker pages
        + "# Every question and result\n\n"
        f"The checker has {len(guide.checker.questions)} questions, "
        f"{len(guide.checker.outcomes)} results and {count} possible paths. The build checks, on "
        "every path, that each result is at least as urgent as every sign the reader said yes "
        "to, that every more urgent sign has been asked before a result, that every question "
        "about what it is like has a \"something else\" answer that leads to a doctor, and "
        "that advice written for adults never reaches a child. The same tree is published as "
        f"[open data]({relative_link(page, 'open-data/index.md')}).\n\n"
        "## The whole tree at a glance {#diagram}\n\n"
        f"{checker_diagram(guide)}\n\n"
        "## All warning signs {#warning-signs}\n\n"
        f"{red_flag_boxes(guide, guide.red_flags)}\n"
        "## Questions {#questions}\n\n" + "\n".join(blocks) +
        "\n## Results {#results}\n\n" + "\n".join(results)
        + "\n## Questions from the first version {#earlier-questions}\n\n"
        "Links to these questions of the first version of the checker still work:\n\n"
        + "\n".join(f"### {old.replace('-', ' ').capitalize()} {{#{old}}}\n\nNow part of "
                    f"[{md_text(guide.checker.questions[new].text)}](#{new}).\n"
                    for old, new in RENAMED_QUESTIONS.items() if new in guide.checker.questions)
        + _footer(guide, page, _all_flag_sources(guide))
    )

