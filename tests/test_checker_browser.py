"""The "Should I see a doctor?" checker, used the way a reader uses it: in a real browser.

Expectations come from the data file (docs/data/clinical-rules.yml) through the same
`twitchguide` package the build hook uses, so the tests follow the data. The hard-coded
JOURNEYS below are the exception on purpose: they pin known answers to known results, so a data
change that sends a known journey somewhere else fails here and is looked at by a person.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urljoin

import pytest

from sitekit import (ROOT, STILL, axe_in_scheme, external, load_guide, new_context, new_page,
                     recorded_requests)
from twitchguide.data import scenarios, tree_rules
from twitchguide.data.model import TIERS_MOST_URGENT_FIRST
from twitchguide.pages.checker_pages import page_names

GUIDE = load_guide()
CHECKER = GUIDE.checker
PATHS = list(tree_rules.paths(GUIDE))
STORIES = scenarios.load(ROOT / scenarios.FILE, GUIDE)
TIER_LABELS = {tier_id: tier.label for tier_id, tier in GUIDE.tiers.items()}

START_LINK = "Start the questions"
BACK = "Back to the previous question"
START_AGAIN = "Start again"

ADULT = "Myself or another adult (16 or over), not pregnant"
PREGNANT = "Someone who is pregnant, or gave birth in the last 6 weeks"
CHILD = "A child aged 1 to 15"
BABY = "A baby under 1 year old"
YES = "Yes, one or more of these"
NO = "No, none of these"
NOT_SURE = "I am not sure"
ADULT_NO_SIGNS = [ADULT, NO, NO, NO, NO]
SMALL_TWITCH = "A small muscle ripples or flickers under the skin, for example in my calf, arm, thumb or tummy"

# (link texts clicked after "Start the questions", expected outcome id, expected tier label).
# Most steps are answers; "Back to the previous question" and "Start again" are the checker's
# own navigation links, clicked like any other link.
JOURNEYS = [
    ([ADULT, YES], "call-now", "Emergency"),
    ([ADULT, NO, YES], "get-help-today", "Urgent"),
    ([ADULT, NO, NO, YES], "see-a-doctor-soon", "Soon"),
    ([ADULT, NO, NO, NO, YES], "see-a-doctor-signs", "Routine"),
    (ADULT_NO_SIGNS + ["My eyelid flickers", NO], "eyelid-flicker", "Self-care"),
    (ADULT_NO_SIGNS + ["I jerk awake just as I fall asleep"], "sleep-start", "Self-care"),
    (ADULT_NO_SIGNS + [SMALL_TWITCH, NO], "ordinary-twitch", "Self-care"),
    (ADULT_NO_SIGNS + [SMALL_TWITCH, YES], "see-a-doctor-lasting", "Routine"),
    (ADULT_NO_SIGNS + ["A clicking sound in my ear or the back of my throat"],
     "see-a-doctor-movement", "Routine"),
    ([ADULT, NOT_SURE], "unsure-now", "Emergency"),
    ([PREGNANT, NOT_SURE], "pregnancy-unsure-now", "Emergency"),
    (ADULT_NO_SIGNS + ["An urge to move my legs when I rest in the evening or at night, which eases when I move"],
     "restless-legs", "Routine"),
    (ADULT_NO_SIGNS + ["Cramps: a muscle in a leg, foot or hand suddenly tightens hard and hurts, with or without twitches",
                       "Yes: cramps keep waking me, come with numbness, or come most days"],
     "see-a-doctor-cramps", "Routine"),
    ([PREGNANT, NO, YES], "call-maternity-now", "Emergency"),
    ([PREGNANT, NO, NO, YES], "get-help-today", "Urgent"),
    ([CHILD, NO, YES], "get-help-today-child", "Urgent"),
    ([CHILD, NO, NO, NO, NO, "Aching in both legs in the evening or at night, in a child aged about 3 to 12, with no limp, and well and active by day"],
     "child-growing-pains", "Self-care"),
    ([CHILD, NO, NO, NO, NO, "Something else, or I am not sure"], "child-cannot-tell", "Routine"),
    ([BABY, YES], "call-now", "Emergency"),
    ([BABY, NO, NO, NO, "A few jerks only while asleep, which stop when the baby wakes up"],
     "baby-normal-movements", "Self-care"),
    ([BABY, NO, NO, YES], "see-a-doctor-baby-signs", "Routine"),
    ([CHILD, NO, NO, NO, NO, "Hiccups", "No"], "child-hiccups", "Self-care"),
    # Changing one's mind: back up a question and answer differently.
    ([ADULT, NO, BACK, YES], "call-now", "Emergency"),
    # Starting over half-way through.
    ([ADULT, NO, NO, START_AGAIN, START_LINK, BABY, YES], "call-now", "Emergency"),
]
ROUTE_OF_LABEL = {ADULT: "adult", PREGNANT: "pregnancy", CHILD: "child", BABY: "baby"}
# {(question or result id, route): page name}: a node reached on several routes has a page for
# each, so every page can say whom it is about.
NAMES = page_names(GUIDE)


def _journey_route(labels) -> str:
    """Who a journey is about: the last "who is it for?" answer clicked (after a restart)."""
    return [ROUTE_OF_LABEL[label] for label in labels if label in ROUTE_OF_LABEL][-1]


# The journeys repeated from file:// (one emergency, one urgent, one self-care).
FILE_JOURNEYS = [JOURNEYS[0], JOURNEYS[1], JOURNEYS[6]]

H1_TEXT = """() => {
    const h1 = document.querySelector('article h1');
    if (!h1) return null;
    const copy = h1.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach(el => el.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


def _exact(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def _journey_id(journey) -> str:
    labels, outcome, _ = journey
    return f"{outcome}-{len(labels)}-steps" + ("-back" if BACK in labels else "") + \
        ("-restart" if START_AGAIN in labels else "")


def _path_id(path) -> str:
    steps, outcome = path
    return "->".join(f"{qid}[{index}]" for qid, index in steps) + f"->{outcome}"


def _url(base: str, node_id: str) -> str:
    return urljoin(base, f"check/{node_id}.html")


def _page_url(base: str, node_id: str, route) -> str:
    return _url(base, NAMES[node_id, route])


def _h1(tab) -> str:
    return tab.evaluate(H1_TEXT)


def _click(tab, text: str):
    """Click the one link with exactly this text: an answer if there is one, else a link in the
    page content (the start link, "Back to the previous question", "Start again")."""
    answers = tab.locator("div.mtg-answers a.mtg-answer").filter(has_text=_exact(text))
    link = answers if answers.count() else tab.locator("article a").filter(has_text=_exact(text))
    assert link.count() == 1, (f"expected exactly one link {text!r} on {tab.url}, found "
                               f"{link.count()}; answers here: "
                               f"{tab.locator('a.mtg-answer').all_inner_texts()}")
    with tab.expect_navigation():
        link.click()


def _walk(tab, start_url: str, labels) -> None:
    tab.goto(start_url)
    _click(tab, START_LINK)
    for label in labels:
        _click(tab, label)


def _assert_outcome(tab, base: str, outcome_id: str, tier_label: str, route: str) -> None:
    outcome = CHECKER.outcomes[outcome_id]
    expected = _page_url(base, outcome_id, route)
    assert tab.url == expected, f"ended on {tab.url}, expected {expected}"
    assert _h1(tab) == outcome.title
    step = tab.locator("article p.mtg-step")
    assert step.count() == 1 and step.is_visible()
    assert step.inner_text().strip() == \
        f"Your result: {tier_label} · Checking for: {CHECKER.routes[route]}"
    box = tab.locator("article .admonition[class*='tier-']").first
    assert box.is_visible(), f"no visible tier box on {tab.url}"
    assert f"tier-{outcome.tier}" in box.get_attribute("class").split()
    assert box.locator(".admonition-title").inner_text().strip() == f"{tier_label}: {outcome.title}"


# --------------------------------------------------------------------------------------------
# 1. Journeys over http, by clicking.
# --------------------------------------------------------------------------------------------

def test_hard_coded_journeys_cover_every_tier_and_route_and_match_the_data():
    """The hand-written journeys still agree with the data and cover every tier and route;
    with the patient stories, they reach every result."""
    assert {tier for _, _, tier in JOURNEYS} == set(TIER_LABELS.values())
    assert {labels[0] for labels, _, _ in JOURNEYS} == {ADULT, PREGNANT, CHILD, BABY}
    for labels, outcome_id, tier_label in JOURNEYS:
        assert outcome_id in CHECKER.outcomes, f"outcome {outcome_id!r} is gone from the data"
        assert TIER_LABELS[CHECKER.outcomes[outcome_id].tier] == tier_label, outcome_id
    reached = {outcome for _, outcome, _ in JOURNEYS} | {
        scenarios.walk(GUIDE, story)[1] for story in STORIES}
    assert reached == set(CHECKER.outcomes)


def _follow(labels) -> str:
    """Where the link texts lead, read from the data as the built pages link them: answers
    go to their next page; "Back" returns to the page before; "Start again" to the start."""
    visited = [CHECKER.start]
    for label in labels:
        node = visited[-1]
        if label == BACK:
            visited.pop()
        elif label == START_AGAIN:
            visited = ["index"]
        elif label == START_LINK:
            assert node == "index", f"no start link on {node}"
            visited.append(CHECKER.start)
        else:
            answers = {answer.label: answer.next for answer in CHECKER.questions[node].answers}
            assert label in answers, f"{node} has no answer {label!r}: {sorted(answers)}"
            visited.append(answers[label])
    return visited[-1]


@pytest.mark.parametrize("journey", JOURNEYS, ids=[_journey_id(j) for j in JOURNEYS])
def test_hard_coded_journey_ends_on_its_result(journey):
    """The pinned answers still lead to the pinned result (pure Python over the data, as every
    built answer link follows it: test_every_answer_on_every_question_page_links_where_the_data_says
    checks the links, and the patient stories and the journeys below click them)."""
    labels, outcome_id, tier_label = journey
    assert _follow(labels) == outcome_id
    assert TIER_LABELS[CHECKER.outcomes[outcome_id].tier] == tier_label


# Journeys that use the checker's own navigation links, which the stories never click.
NAVIGATION_JOURNEYS = [journey for journey in JOURNEYS if {BACK, START_AGAIN} & set(journey[0])]


@pytest.mark.parametrize("journey", NAVIGATION_JOURNEYS,
                         ids=[_journey_id(j) for j in NAVIGATION_JOURNEYS])
def test_back_and_start_again_by_clicking(page, http_site, journey):
    labels, outcome_id, tier_label = journey
    _walk(page, _url(http_site, "index"), labels)
    _assert_outcome(page, http_site, outcome_id, tier_label, _journey_route(labels))
    assert page.console_errors == []


def test_every_patient_story_by_clicking(browser, http_site):
    """Each story of docs/data/triage-scenarios.yml, answered by clicking as that person would,
    ends on the result the tree rules and the story audit expect, with its tier in words.
    The stories' answers form a tree of shared beginnings: it is walked depth first, each
    answer clicked once and the browser's Back button used to try the next, without
    JavaScript (the checker needs none; test_journey_without_javascript checks that). Every
    problem is collected, not only the first."""
    trie: dict = {}                 # (question id, answer index) -> subtree; an outcome at "="
    for story in STORIES:
        steps, outcome_id = scenarios.walk(GUIDE, story)
        node = trie
        for step in steps:
            node = node.setdefault(step, {})
        node.setdefault("=", (outcome_id, []))[1].append(story.id)
    context = new_context(browser, java_script_enabled=False, viewport={"width": 390, "height": 844})
    tab, problems, walked = context.new_page(), [], []

    def walk(node: dict, path: tuple, route) -> None:
        for step, child in node.items():
            if step == "=":
                outcome_id, story_ids = child
                walked.extend(story_ids)
                try:
                    _assert_outcome(tab, http_site, outcome_id,
                                    TIER_LABELS[CHECKER.outcomes[outcome_id].tier], route)
                except AssertionError as error:
                    problems.append(f"{', '.join(story_ids)}: {error}")
                continue
            qid, index = step
            if tab.url != _page_url(http_site, qid, route) or \
                    _h1(tab) != CHECKER.questions[qid].text:
                problems.append(f"after {path}: expected question {qid}, on {tab.url}")
                continue
            answer = CHECKER.questions[qid].answers[index]
            _click(tab, answer.label)
            walk(child, path + (step,), answer.route or route)
            with tab.expect_navigation():
                tab.go_back()

    try:
        tab.goto(_url(http_site, "index"))
        _click(tab, START_LINK)
        walk(trie, (), None)
    finally:
        context.close()
    assert sorted(walked) == sorted(story.id for story in STORIES)
    assert problems == [], "\n".join(problems)


def test_every_answer_on_every_question_page_links_where_the_data_says(site):
    """Every edge of the tree, without a browser: the answer links of each built question page
    are the data's answers, in order, each to its next page."""
    from bs4 import BeautifulSoup
    names = page_names(GUIDE)
    for (qid, route), name in names.items():
        if qid not in CHECKER.questions:
            continue
        question = CHECKER.questions[qid]
        soup = BeautifulSoup((site / "check" / f"{name}.html").read_text(encoding="utf-8"),
                             "html.parser")
        links = [(" ".join(a.get_text().split()), a["href"])
                 for a in soup.select("article div.mtg-answers a.mtg-answer")]
        assert links == [(answer.label, f"{names[answer.next, answer.route or route]}.html")
                         for answer in question.answers], name


# --------------------------------------------------------------------------------------------
# 2. From disk (file://): no network at all.
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("journey", FILE_JOURNEYS, ids=[_journey_id(j) for j in FILE_JOURNEYS])
def test_journey_from_file(page, site, journey):
    labels, outcome_id, tier_label = journey
    start = (site / "check" / "index.html").as_uri()
    with recorded_requests(page) as urls:
        _walk(page, start, labels)
        _assert_outcome(page, site.as_uri() + "/", outcome_id, tier_label, _journey_route(labels))
    assert urls, "no requests recorded at all"
    assert external(urls) == [], f"requests that are not file: {external(urls)}"
    assert page.console_errors == []


# --------------------------------------------------------------------------------------------
# 3. Keyboard only.
# --------------------------------------------------------------------------------------------

FOCUSED = """label => {
    const el = document.activeElement;
    if (!el || !el.matches('a.mtg-answer')) return null;
    if (el.textContent.replace(/\\s+/g, ' ').trim() !== label) return null;
    const style = getComputedStyle(el);
    return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
            boxShadow: style.boxShadow, focusVisible: el.matches(':focus-visible')};
}"""


def _tab_to(tab, label: str, limit: int = 200) -> dict:
    for _ in range(limit):
        tab.keyboard.press("Tab")
        state = tab.evaluate(FOCUSED, label)
        if state:
            return state
    pytest.fail(f"Tab never reached the link {label!r} on {tab.url} ({limit} presses)")


def _focus_is_visible(state: dict) -> bool:
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] not in ("0px", "")
    return outline or state["boxShadow"] not in ("none", "")


@pytest.mark.parametrize("journey", [JOURNEYS[0], JOURNEYS[1]], ids=["emergency", "urgent"])
def test_keyboard_only_journey(page, http_site, journey):
    labels, outcome_id, tier_label = journey
    page.goto(_url(http_site, "index"))
    for label in [START_LINK] + labels:
        state = _tab_to(page, label)
        assert state["focusVisible"], f"{label!r} on {page.url} is focused but not :focus-visible"
        assert _focus_is_visible(state), f"no visible focus on {label!r} ({page.url}): {state}"
        with page.expect_navigation():
            page.keyboard.press("Enter")
    _assert_outcome(page, http_site, outcome_id, tier_label, _journey_route(labels))
    title = CHECKER.outcomes[outcome_id].title
    first_heading = page.evaluate("""() => {
        const h = document.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]');
        return h && {tag: h.tagName, text: h.textContent.replace('\u00b6', '').trim()};
    }""")
    assert first_heading == {"tag": "H1", "text": title}
    assert title in page.title()
    assert page.console_errors == []


# --------------------------------------------------------------------------------------------
# 4. Answers are large targets with words in them.
# --------------------------------------------------------------------------------------------

def _answer_link_problems(page, node_id: str) -> list[str]:
    """The start page and each question page: its answers are the data's, with words, large
    enough to tap, and visible."""
    problems = []
    links = page.locator("a.mtg-answer")
    expected = ([START_LINK] if node_id == "index"
                else [answer.label for answer in CHECKER.questions[node_id].answers])
    # innerText follows the rendering: it must read exactly as the label in the data (a
    # child element laid out as its own flex item, for example, shows up as a line break
    # here, and on screen its words run into their neighbours).
    texts = [text.strip() for text in links.all_inner_texts()]
    if texts != expected:
        problems.append(f"check/{node_id}.html: answers render as {texts}, "
                        f"the data says {expected}")
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        if not link.is_visible() or box is None:
            problems.append(f"{node_id}: answer {index} is not visible")
            continue
        if box["width"] < 44 or box["height"] < 44:
            problems.append(f"{node_id}: answer {texts[index]!r} is "
                            f"{box['width']:.0f}x{box['height']:.0f} CSS px")
        style = link.evaluate("el => { const s = getComputedStyle(el); "
                              "return [s.fontSize, s.visibility, s.opacity]; }")
        if float(style[0].rstrip("px")) < 12 or style[1] != "visible" or float(style[2]) < 1:
            problems.append(f"{node_id}: answer {texts[index]!r} text is hidden: {style}")
    return problems


def test_answer_links_are_large_and_have_text(checker_pages_read):
    problems = checker_pages_read["answer links"]
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------------------------
# 5. No JavaScript.
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("journey", [JOURNEYS[0], JOURNEYS[3]], ids=["emergency", "routine"])
def test_journey_without_javascript(browser, http_site, journey):
    labels, outcome_id, tier_label = journey
    context = new_context(browser, java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        _walk(tab, _url(http_site, "index"), labels)
        _assert_outcome(tab, http_site, outcome_id, tier_label, _journey_route(labels))
        # Material removes "no-js" with a script: still there means no script ran.
        assert "no-js" in tab.locator("html").get_attribute("class").split()
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# 6. Question pages.
# --------------------------------------------------------------------------------------------

@functools.cache
def _stages() -> list[str]:
    """The checker's stages in the order a reader meets them (those its questions use)."""
    used = {question.stage for question in CHECKER.questions.values()}
    return [stage for stage in ("about", *TIERS_MOST_URGENT_FIRST) if stage in used]


@functools.cache
def _paths_to_questions() -> dict[tuple, set]:
    """(question id, route) -> the distinct step sequences that lead from the start to it on
    that route, listed from every path (independently of the hook's own bookkeeping)."""
    found: dict[tuple, set] = {}
    for steps, _ in PATHS:
        for position, (qid, _) in enumerate(steps):
            route = tree_rules.route_of(GUIDE, steps[:position]) if position else None
            found.setdefault((qid, route), set()).add(steps[:position])
    return found


def _question_page_problems(page, http_site: str, qid: str, route) -> list[str]:
    """A question page: its step line (one more than the longest way in, so it never goes
    back), who it is for, "Start again", and the answers that led to it."""
    question = CHECKER.questions[qid]
    problems = []
    where = f"check/{NAMES[qid, route]}.html"
    step = page.locator("article p.mtg-step")
    number = 1 + max(len(prefix) for prefix in _paths_to_questions()[qid, route])
    expected_step = f"Step {number}: {CHECKER.stage_titles[question.stage]}" + (
        f" · Checking for: {CHECKER.routes[route]}" if route else "")
    if step.count() != 1 or step.inner_text().strip() != expected_step:
        problems.append(f"{where}: step line {step.all_inner_texts()}, expected {expected_step!r}")
    hrefs = {text: page.locator("article a").filter(has_text=_exact(text)).evaluate_all(
        "links => links.map(a => a.href)") for text in (START_AGAIN, BACK)}
    if hrefs[START_AGAIN] != [_url(http_site, "index")]:
        problems.append(f"{where}: 'Start again' links {hrefs[START_AGAIN]}")
    history = page.locator("article h2#answers-so-far")
    only = _paths_to_questions()[qid, route]
    if len(only) == 1 and next(iter(only)):
        steps = next(iter(only))
        if history.count() != 1 or history.evaluate(
                "h => h.firstChild.textContent.trim()") != "Your answers so far":
            problems.append(f"{where}: no 'Your answers so far' heading")
        else:
            items = history.evaluate_all("""hs => {
                const list = hs[0].nextElementSibling;
                return list && list.tagName === 'OL'
                    ? [...list.children].map(li => li.textContent.replace(/\\s+/g, ' ').trim())
                    : [];
            }""")
            expected = [f"{CHECKER.questions[prev].text} You answered: "
                        f"{CHECKER.questions[prev].answers[index].label}"
                        for prev, index in steps]
            if items != expected:
                problems.append(f"{where}: answers so far {items}, expected {expected}")
        previous = _page_url(http_site, steps[-1][0],
                             tree_rules.route_of(GUIDE, steps[:-1]) if len(steps) > 1 else None)
        if hrefs[BACK] != [previous]:
            problems.append(f"{where}: 'Back to the previous question' links {hrefs[BACK]}, "
                            f"expected {previous}")
    else:
        # The start question, or one reached by several paths: no answers to list and no
        # back link. A question reached by several paths keeps the section (its address
        # was published) and says why it cannot list the answers.
        listed = history.evaluate_all("hs => hs.length && hs[0].nextElementSibling "
                                      "&& hs[0].nextElementSibling.tagName === 'OL'")
        explains = page.locator("article").inner_text().count(
            "Several sets of answers lead to this question") == 1
        expected_section = qid != CHECKER.start
        if hrefs[BACK] or listed or (history.count() == 1) != expected_section \
                or explains != expected_section:
            problems.append(f"{where}: with {len(only)} paths from the start, shows "
                            f"back={hrefs[BACK]}, listed answers={listed}, "
                            f"section={history.count()}, explained={explains}")
    return problems


def test_question_pages_show_step_start_again_and_history(checker_pages_read):
    problems = checker_pages_read["question pages"]
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------------------------
# 7. Outcome pages.
# --------------------------------------------------------------------------------------------

BEFORE_WHAT_TO_DO = """() => {
    const article = document.querySelector('article');
    const heading = [...article.querySelectorAll('h2')]
        .find(h => h.textContent.replace('\u00b6', '').trim() === 'What to do now');
    if (!heading) return null;
    const range = document.createRange();
    range.setStart(article, 0);
    range.setEndBefore(heading);
    const list = heading.nextElementSibling;
    return {
        before: range.toString().replace(/\\s+/g, ' '),
        doNow: list && list.tagName === 'UL'
            ? [...list.children].map(li => li.textContent.replace(/\\s+/g, ' ').trim()) : [],
    };
}"""


def _outcome_page_problems(page, oid: str, name: str) -> list[str]:
    """A result page: "This is not a diagnosis", the data's "What to do now", and for an
    emergency, the local emergency number before it."""
    outcome, where, problems = CHECKER.outcomes[oid], f"check/{name}.html", []
    text = page.locator("article").inner_text()
    if "This is not a diagnosis" not in text:
        problems.append(f"{where}: no 'This is not a diagnosis'")
    parts = page.evaluate(BEFORE_WHAT_TO_DO)
    if parts is None:
        return problems + [f"{where}: no 'What to do now' heading"]
    if parts["doNow"] != list(outcome.do_now):
        problems.append(f"{where}: 'What to do now' lists {parts['doNow']}, "
                        f"data says {list(outcome.do_now)}")
    if outcome.tier == "emergency":
        before = parts["before"]
        if "local emergency number" not in before.lower():
            problems.append(f"{where}: does not say to call the local emergency number "
                            "before 'What to do now'")
        for number in ("911", "999", "112", "000"):
            if not re.search(rf"(?<!\d){number}(?!\d)", before):
                problems.append(f"{where}: emergency number example {number} missing "
                                "before 'What to do now'")
    return problems


def test_outcome_pages_say_not_a_diagnosis_and_what_to_do(checker_pages_read):
    assert any(o.tier == "emergency" for o in CHECKER.outcomes.values())
    problems = checker_pages_read["outcome pages"]
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------------------------
# 8. axe, light and dark.
# --------------------------------------------------------------------------------------------

# Every page: the start, the overview, and each question and result once per route.
CHECKER_PAGES = [("index", None), ("overview", None), *NAMES]


def _axe_problems(page, node_id: str) -> list[str]:
    """Every rule in light, then the colour rules in dark (it leaves the page dark)."""
    return [f"check/{node_id}.html ({scheme}): {violation['id']} [{violation['impact']}] on "
            f"{violation['nodes']}"
            for scheme in ("default", "slate") for violation in axe_in_scheme(page, scheme)]


@pytest.fixture(scope="module")
def checker_pages_read(browser, http_site) -> dict[str, list[str]]:
    """Every checker page loaded once, in one phone-sized tab, and read for each purpose of
    sections 4, 6, 7 and 8: purpose -> the problems found (the tests assert them one by one).
    One visit per page instead of one per purpose; reduced motion, as axe wants (sitekit.STILL),
    changes no size, text or link that the other readings look at."""
    tab = new_page(browser, **STILL)
    found = {"answer links": [], "question pages": [], "outcome pages": [], "axe": []}
    try:
        assert tab.viewport_size["width"] == 390
        for node_id, route in CHECKER_PAGES:
            name = NAMES.get((node_id, route), node_id)
            tab.goto(_url(http_site, name))
            if node_id == "index" or node_id in CHECKER.questions:
                found["answer links"] += _answer_link_problems(tab, node_id)
            if node_id in CHECKER.questions:
                found["question pages"] += _question_page_problems(tab, http_site, node_id, route)
            if node_id in CHECKER.outcomes:
                found["outcome pages"] += _outcome_page_problems(tab, node_id, name)
            found["axe"] += _axe_problems(tab, name)      # last: it turns the page dark
        found["console errors"] = list(tab.console_errors)
    finally:
        tab.context.close()
    return found


def test_axe_every_checker_page_light_and_dark(checker_pages_read):
    found = checker_pages_read["axe"]
    assert found == [], f"{len(found)} axe violation(s):\n" + "\n".join(found)
    assert checker_pages_read["console errors"] == []


# --------------------------------------------------------------------------------------------
# 9. Overview.
# --------------------------------------------------------------------------------------------

def test_overview_lists_every_question_and_outcome(page, http_site):
    page.goto(_url(http_site, "overview"))
    problems = []
    expected = [(qid, q.text) for qid, q in CHECKER.questions.items()] + \
               [(oid, o.title) for oid, o in CHECKER.outcomes.items()]
    for node_id, words in expected:
        anchors = page.locator(f'article [id="{node_id}"]')
        if anchors.count() != 1:
            problems.append(f"#{node_id}: {anchors.count()} elements with this id")
            continue
        if words not in anchors.inner_text():
            problems.append(f"#{node_id}: heading {anchors.inner_text()!r} lacks {words!r}")
        opens = page.locator(f'article a[href="{node_id}.html"]')
        if opens.count() != 1:
            problems.append(f"#{node_id}: {opens.count()} links to its page, expected 1")
    for oid, outcome in CHECKER.outcomes.items():
        label = TIER_LABELS[outcome.tier]
        if not page.locator(f'article [id="{oid}"] + p strong').filter(
                has_text=_exact(f"{label}.")).count():
            problems.append(f"#{oid}: tier {label!r} not shown in words")
    summary = f"{len(CHECKER.questions)} questions, {len(CHECKER.outcomes)} results and " \
              f"{len(PATHS)} possible paths"
    if summary not in page.locator("article").inner_text():
        problems.append(f"overview does not say {summary!r}")
    assert problems == [], "\n".join(problems)
