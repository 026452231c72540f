"""The "Should I see a doctor?" checker as plain pages: one per question and per outcome.

Every answer is an ordinary link, so the checker works with no JavaScript, from disk, in
print and with any assistive technology. All pages live under `check/`.
"""
from __future__ import annotations

import datetime as dt

from ..data import tree_rules
from ..data.model import STAGES, Guide, Outcome, Question, voice_of
from ..data.yaml_source import DataError
from .figures import checker_diagram
from .hand_written import clinical_status, review_footer, sources_section
from .markup import admonition, html_text, md_text, meta_text, relative_link
from .tier_boxes import red_flag_boxes, tier_title

FOLDER = "check"


def page_uri(node_id: str) -> str:
    return f"{FOLDER}/{node_id}.md"


def render_all(guide: Guide, titles: dict) -> dict[str, str]:
    """Every checker page as {src_uri: markdown}. `titles` maps docs pages to their titles.

    A question or result reached on several routes gets one page per route, so every page can
    say whom the answers are about (even with no JavaScript) and a parent reads about "your
    child". The first route keeps the node's own address (the one clinicians have linked to)."""
    names = page_names(guide)
    ways = tree_rules.ways_in(guide)
    steps = step_numbers(guide)
    pages = {page_uri("index"): start_page(guide),
             page_uri("overview"): overview_page(guide)}
    for (node, route), name in names.items():
        if node in guide.checker.questions:
            pages[page_uri(name)] = question_page(guide, guide.checker.questions[node], route,
                                                  ways.get((node, route)), names, steps)
        else:
            pages[page_uri(name)] = outcome_page(guide, guide.checker.outcomes[node], route,
                                                 titles, name)
    return pages


def page_names(guide: Guide) -> dict[tuple, str]:
    """{(node id, route): page name}: the node's id on its first route, `<route>-<id>` on the
    others. A name that another node already uses is a data error."""
    names: dict[tuple, str] = {}
    for node, routes in tree_rules.routes_reaching(guide).items():
        for index, route in enumerate(routes):
            names[(node, route)] = node if index == 0 else f"{route}-{node}"
    nodes = {**guide.checker.questions, **guide.checker.outcomes}
    owner: dict[str, tuple] = {}
    for key, name in names.items():
        clash = owner.get(name) or (name != key[0] and name in nodes and (name, None))
        if clash:
            node = nodes[key[0]]
            raise DataError(guide.file, node.line, node.field or f"checker.outcomes.{key[0]}",
                            f"its page for the route '{key[1]}' would be named '{name}', which "
                            "another question or result already uses; rename one of them")
        owner[name] = key
    return names


def step_numbers(guide: Guide) -> dict[tuple, int]:
    """{(question id, route): step number}: one more than the longest way in on that route, so
    the count only goes up along any path."""
    steps = {(guide.checker.start, None): 1}
    for qid in tree_rules._topological_order(guide):
        for (node, route), number in [(k, v) for k, v in steps.items() if k[0] == qid]:
            for answer in guide.checker.questions[qid].answers:
                if answer.next in guide.checker.questions:
                    key = (answer.next, answer.route or route)
                    steps[key] = max(steps.get(key, 0), number + 1)
    return steps


def _front_matter(title: str, description: str, searchable: bool = True) -> str:
    search = "" if searchable else "search:\n  exclude: true\n"
    return (f"---\ntitle: {meta_text(title)}\ndescription: {meta_text(description)}\n"
            f"{search}---\n\n")


def _stages(guide: Guide) -> list[str]:
    """The stages the tree uses, in the order they are asked."""
    used = {question.stage for question in guide.checker.questions.values()}
    order = ("about",) + tuple(reversed(STAGES[1:]))
    return [stage for stage in order if stage in used]


def step_label(guide: Guide, question: Question, number: int) -> str:
    return f"Step {number}: {guide.checker.stage_titles[question.stage]}"


def _who(guide: Guide, route: str | None) -> str:
    return f"Checking for: {guide.checker.routes[route]}" if route else ""


# One line on every page past the start, for a reader who arrives by a link or a search.
EMERGENCY_LINE = ("If someone is very unwell, or has an emergency sign, do not wait: call your "
                  "local emergency number now (for example 911, 999, 112 or 000).")


def _footer(guide: Guide, page: str, source_ids) -> str:
    sources = [guide.sources[source_id] for source_id in dict.fromkeys(source_ids)]
    return "\n" + sources_section(sources) + "\n" + review_footer(page, guide, guide.updated,
                                                                  guide.review_due, dt.date.today(),
                                                                  REPORT_URL.get("url"))


# Questions of earlier versions of the tree, whose overview anchors clinicians may have linked
# to; their pages redirect (mkdocs.yml redirect_maps), and these ids keep the overview's anchors
# working. Version 1: the first four. Version 3: "face-signs" became an answer of "what is it
# like?", and pregnancy's own same-day question became the shared one.
RENAMED_QUESTIONS = {"seizure-signs": "sudden-signs", "muscle-signs": "soon-signs",
                     "twitch-pattern": "other-signs", "where-is-it": "what-is-it-like",
                     "face-signs": "what-is-it-like", "pregnancy-same-day-signs": "same-day-signs"}

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
    emergency_note = (f"If you feel very unwell, or have any emergency sign, even one that "
                      f"has gone away, stop here. {md_text(emergency.action)}")
    stage_list = "\n".join(f"- {md_text(guide.checker.stage_titles[stage])}"
                           for stage in _stages(guide))
    return (
        _front_matter("Should I see a doctor? Symptom checker",
                      "Answer a few short questions to find out what kind of help you need, "
                      "and how soon.")
        + "# Should I see a doctor?\n\n"
        "Answer a few short questions about a twitch, jerk, cramp or other movement. It takes "
        "a few minutes. At the end you will see what kind of help you need, and how soon.\n\n"
        f"{admonition('tier-emergency', emergency.label + ': do not wait for a checker', emergency_note)}\n"
        f"{admonition('info', 'What this checker is for', SCOPE_NOTE)}\n"
        f"[Start the questions]({first}){{ .md-button .md-button--primary .mtg-answer }}\n\n"
        "## How it works {#how-it-works}\n\n"
        "We ask who it is for, then about the most urgent signs, whatever their cause. The "
        "questions come in this order:\n\n"
        f"{stage_list}\n\n"
        "If you are not sure whether a sign fits, choose \"I am not sure\". That never tells "
        "you to wait longer than \"yes\" would: at the first questions, it tells you who to "
        "call now.\n\n"
        "Each answer is a plain link. We do not collect or store your answers, but your "
        "browser's history will show the pages you visit.\n\n"
        f"{_not_a_diagnosis(guide)}\n\n"
        f"Clinicians and curious readers can [see every question and result]"
        f"({relative_link(page, page_uri('overview'))}).\n"
        + _footer(guide, page, _all_flag_sources(guide))
    )


# Said on the start page and the first question: what the checker can and cannot help with.
SCOPE_NOTE = ("This checker is for twitches, jerks, cramps, shaking and other movements. If your "
              "main worry is something else, such as pain, a fever, a rash or an injury, use a "
              "general service instead: your doctor's office, a pharmacist, or a "
              "nurse or health helpline (for example NHS 111 in England).")


def _all_flag_sources(guide: Guide) -> list[str]:
    return [source for flag in guide.red_flags for source in flag.sources]


def question_page(guide: Guide, question: Question, route: str | None, way_in: tuple | None,
                  names: dict, steps: dict) -> str:
    """A question's page for one route; `way_in` is the one path that reaches it on that route,
    if there is only one (then the page shows every answer so far and a back link)."""
    page = page_uri(names[(question.id, route)])
    start = page_uri(names[(guide.checker.start, None)])
    # A pattern question's signs are reported by its answers; listing them as well would put
    # a list nobody can click above the answers.
    signs = "" if question.kind == "pattern" else "\n".join(
        f"- {md_text(guide.flag(flag).text_for(route))}" for flag in question.signs)
    answers = "\n".join(
        f"[{md_text(answer.label)}]"
        f"({relative_link(page, page_uri(names[(answer.next, answer.route or route)]))})"
        "{ .mtg-answer }"
        for answer in question.answers)
    hint = f"\n{md_text(question.hint)}\n" if question.hint else ""
    so_far, back, arrived = "", "", ""
    if question.id != guide.checker.start:
        arrived = arrival_line(page, start)
    if way_in:
        lines = "\n".join(
            f"{number}. {md_text(guide.checker.questions[qid].text)} "
            f"You answered: *{md_text(guide.checker.questions[qid].answers[index].label)}*"
            for number, (qid, index) in enumerate(way_in, start=1))
        so_far = f"\n## Your answers so far {{#answers-so-far}}\n\n{lines}\n"
        previous = names[(way_in[-1][0], tree_rules.route_of(guide, way_in[:-1]))]
        back = f"[Back to the previous question]({relative_link(page, page_uri(previous))}) · "
    elif question.id != guide.checker.start:
        # The section (and its published anchor) stays; several paths lead here, so the page
        # cannot know which answers this reader gave. The browser's Back button does.
        so_far = ("\n## Your answers so far {#answers-so-far}\n\n"
                  f"{md_text(_who(guide, route))}. Several sets of answers lead to this "
                  "question. Use your browser's Back button to change an answer, or start "
                  "again.\n")
    number = steps[(question.id, route)]
    title = f"{guide.checker.stage_titles[question.stage]}: {question.text}"
    who = f" · {html_text(_who(guide, route))}" if route else ""
    return (
        _front_matter(title, f"Symptom checker. {step_label(guide, question, number)}.")
        + f"# {md_text(question.text)}\n\n"
        f'<p class="mtg-step">{html_text(step_label(guide, question, number))}{who}</p>\n\n'
        f"{arrived}"
        f"{signs}\n{hint}\n"
        f'<div class="mtg-answers" markdown>\n\n{answers}\n\n</div>\n\n'
        f"{back}[Start again]({relative_link(page, page_uri('index'))})\n"
        f"{so_far}"
        + _footer(guide, page, [s for flag in question.signs for s in guide.flag(flag).sources]
                  or _all_flag_sources(guide))
    )


def arrival_line(page: str, start: str, emergency: bool = True) -> str:
    """The first line of every checker page but the start: a reader who came by a link, a
    redirect or a search result is offered step 1 (who it is for), and the emergency line."""
    line = f" {html_text(EMERGENCY_LINE)}" if emergency else ""
    return (f'<p class="mtg-arrived">Came here from a link? '
            f'<a class="mtg-start-link" href="{html_text(_html_link(page, start))}">Start at '
            f"step 1</a>.{line}</p>\n\n")


def entry_problems(pages: dict[str, str], start: str, redirects: dict[str, str]) -> list[str]:
    """Why a reader could enter the checker mid-way (empty if they cannot). `pages` are the
    generated pages ({src_uri: markdown}), `start` the first question's src_uri, `redirects`
    mkdocs.yml's redirect_maps ({source: target}, both .md). Every page past the first question
    must offer step 1 and the emergency line, so whatever leads there (a link, a bookmark, a
    search result, a redirect) leads to a way to start; a redirect into check/ must land on a
    page the checker has; and no redirect may take the address of a generated page (its stub
    would silently replace the page: review M5)."""
    problems = []
    for uri, markdown in pages.items():
        if uri in (page_uri("index"), page_uri("overview"), start):
            continue
        link = f'href="{html_text(_html_link(uri, start))}">Start at step 1</a>'
        if link not in markdown or html_text(EMERGENCY_LINE) not in markdown:
            problems.append(f"{uri}: a reader who arrives here by a link is not offered "
                            "'Start at step 1' and the emergency line")
    for source, target in redirects.items():
        if source in pages:
            problems.append(f"mkdocs.yml: redirect_maps: '{source}' is the address of a checker "
                            "page; rename that question or result, or drop the redirect")
        elif target.startswith(f"{FOLDER}/") and target not in pages:
            problems.append(f"mkdocs.yml: redirect_maps: '{source}' leads to '{target}', which "
                            "the checker does not have; lead it to check/index.md")
    return problems


def _html_link(page: str, target: str) -> str:
    """A relative link to another generated page, as raw HTML needs it (.html, not .md)."""
    return relative_link(page, target)[:-3] + ".html"


# What to bring, in the words of each reader (a parent is asked about their child or baby).
BRING = {
    "you": ("A short video of the movement on your phone, when it started, anything you can no "
            "longer do as well, and all your medicines and supplements with their doses."),
    "child": ("A short video of the movement on your phone, when it started, anything your child "
              "can no longer do as well, and any medicines or supplements they take."),
    "baby": ("A short video on your phone of what your baby does, when it happens, how your "
             "baby is feeding, and any medicines or supplements your baby has."),
}


def outcome_page(guide: Guide, outcome: Outcome, route: str | None, titles: dict,
                 name: str | None = None) -> str:
    page = page_uri(name or outcome.id)
    tier = guide.tiers[outcome.tier]
    do_now = "\n".join(f"- {md_text(step)}" for step in outcome.do_now)
    read_next = "\n".join(
        f"- [{md_text(titles.get(ref.page, ref.page))}]({relative_link(page, str(ref))})"
        for ref in outcome.read_next)
    result_box = admonition(f"tier-{outcome.tier}", f"{tier.label}: {outcome.title}",
                            f"**How soon: {md_text(tier.when)}.** {md_text(outcome.summary)}\n\n"
                            f"{md_text(outcome.action or tier.action)}")
    watch_flags = [guide.flag(flag) for flag in outcome.watch_for]
    if outcome.tier != "emergency" and route:
        # The emergency signs written for this reader alone (pre-eclampsia, a baby's fever...)
        # are shown on every one of their results, whatever the result lists.
        watch_flags += [flag for flag in guide.red_flags if flag.tier == "emergency"
                        and flag.routes == (route,) and flag not in watch_flags]
    if watch_flags:
        watch = red_flag_boxes(guide, tuple(watch_flags), route)
    else:
        watch = "This is already the most urgent advice. Do not wait for anything to change.\n"
    # A result is reached by a link, a bookmark or a redirect as easily as by answering: the
    # reader is offered step 1, and (when the result is slower than "call now") the emergency line.
    reminder = arrival_line(page, page_uri(guide.checker.start))
    bring = ""
    if outcome.tier != "emergency":
        # Self-care results say it too: a reader who books a visit later should not start over.
        heading = ("If you see a doctor later" if outcome.tier == "self-care"
                   else "What to bring or tell the doctor")
        checklist = relative_link(page, "what-to-tell-your-doctor.md")
        bring = (f"## {heading} {{#what-to-bring}}\n\n"
                 f"{md_text(BRING[voice_of(route)])} [Print the checklist]({checklist}).\n\n")
    who = f" · {html_text(_who(guide, route))}" if route else ""
    return (
        _front_matter(f"Result: {outcome.title}",
                      f"Symptom checker result ({tier.label.lower()}): {outcome.summary}")
        + f"# {md_text(outcome.title)}\n\n"
        f'<p class="mtg-step">Your result: {html_text(tier.label)}{who}</p>\n\n'
        f"{result_box}\n"
        f"{reminder}"
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
    reader = tree_rules.first_readers(guide)
    for number, question in enumerate(guide.checker.questions.values(), start=1):
        signs = "".join(f"    - {md_text(guide.flag(flag).text_for(reader.get(question.id)))}\n"
                        for flag in question.signs)
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
            f"Stage: {md_text(guide.checker.stage_titles[question.stage])}. "
            f"[Open this question]({relative_link(page, page_uri(question.id))}).\n\n"
            f"{sign_block}" + "\n".join(answers) + "\n")
    results = []
    for outcome in guide.checker.outcomes.values():
        results.append(
            f"### {md_text(outcome.title)} {{#{outcome.id}}}\n\n"
            f"**{md_text(guide.tiers[outcome.tier].label)}.** {md_text(outcome.summary)} "
            f"[Open this result]({relative_link(page, page_uri(outcome.id))}).\n")
    count = tree_rules.count_paths(guide)
    return (
        _front_matter("Symptom checker: every question and result",
                      "The whole decision tree of the symptom checker, for clinicians and "
                      "maintainers.", searchable=False)   # repeats the other checker pages
        + "# Every question and result\n\n"
        f"The checker has {len(guide.checker.questions)} questions, "
        f"{len(guide.checker.outcomes)} results and {count} possible paths. A question or "
        "result that several kinds of reader reach has one page for each of them, so every page "
        "says whom the answers are about. The build checks these rules on every path, and a "
        "data file that breaks one does not build:\n\n"
        "- Who it is for comes first. Then every emergency and same-day sign of that route (the "
        "danger gate) is asked before any question about the twitch itself, and before any "
        "result slower than \"today\".\n"
        "- A result is at least as urgent as every sign the reader said yes to.\n"
        "- Before a result, every more urgent sign that applies to the reader has been asked, "
        "including the signs of the pages the result links to.\n"
        "- Every question of signs has an \"I am not sure\" answer, which counts as every "
        "sign on the page, so it never leads anywhere slower than \"yes\".\n"
        "- Every question about what it is like has a \"something else\" answer that leads "
        "to a doctor.\n"
        "- A result written for some readers is reached only by them, and a page a parent "
        "reads about a child or a baby uses words written for that parent.\n\n"
        "These rules cover the signs the data file lists. They cannot cover a sign nobody has "
        "written down, so every page says to get help anyway if you are worried. The same "
        f"tree is published as [open data]({relative_link(page, 'open-data/index.md')}).\n\n"
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

