"""The quiz (docs/quiz/quiz.js and quiz.css), used the way a reader uses it: in a real browser.

Expectations come from the data embedded in the built quiz page, the same JSON quiz.js reads,
so the tests follow the data as questions are added. A second, made-up data set (SAMPLE) is
swapped into a copy of the built site for the cases the real data may not always have: a
true-false question listed False first, text that looks like HTML, broken or missing data.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from sitekit import (COLOUR_RULES, axe_violations, external, new_context, recorded_requests, serve,
                     set_color_scheme, settle)
from twitchguide.pages.quiz_page import embedded_json, quiz_key

DATA_RE = re.compile(r'(<script type="application/json" id="mtg-quiz-data">)(.*?)(</script>)', re.S)
KEY_PREFIX = "muscle-twitch-guide:quiz:"   # + the quiz's content key (render_quiz.quiz_key)
START, SHORT, CONTINUE = "Start the quiz", "Short round (5 questions)", "Continue where you left off"
CHECK, NEXT, SCORE, PREVIOUS, AGAIN = ("Check answer", "Next question", "See your score",
                                       "Previous question", "Try again")


def _item(item_id, kind, question, options, explanation="Why this is so.", href="../faq.html"):
    hints = {"single": "Choose one answer.", "multiple": "Choose all the answers that are right.",
             "true-false": "True or false?"}
    return {"id": item_id, "kind": kind, "hint": hints[kind], "question": question,
            "options": [{"text": text, "correct": correct, "feedback": f"Feedback on {text}."}
                        for text, correct in options],
            "explanation": explanation,
            "readMore": {"href": href, "title": "Frequently asked questions"}}


SAMPLE = {"items": [
    _item("s-four", "single", "Which sample answer is the right one?",
          [("Apple", False), ("Banana", True), ("Cherry", False), ("Damson", False)]),
    _item("m-three", "multiple", "Which of these are sample answers that are right?",
          [("Right one", True), ("Wrong one", False), ("Right two", True), ("Right three", True)]),
    _item("tf-false-first", "true-false", "This sample lists False before True.",
          [("False", True), ("True", False)]),
    _item("html-text", "single", 'Is <img src=x onerror="window.__pwned=1"> shown as text & kept?',
          [("<b>Yes</b>, as plain text", True), ("No & it's <i>bold</i>", False)],
          explanation="<script>window.__pwned=2</script> stays text."),
    _item("s-five", "single", "Sample question five?", [("Five right", True), ("Five wrong", False)]),
    _item("s-six", "single", "Sample question six?", [("Six wrong", False), ("Six right", True)]),
    _item("m-seven", "multiple", "Sample question seven?",
          [("Seven A", True), ("Seven B", True), ("Seven C", False)]),
]}
SAMPLE["key"] = quiz_key(SAMPLE["items"])
SAMPLE_PAGES = {  # page name in the sample copy of quiz/ -> what replaces the embedded data
    "index.html": embedded_json(SAMPLE),
    "two.html": embedded_json({**SAMPLE, "items": SAMPLE["items"][:2]}),
    "broken.html": '{"key": "0", "items": [',
    "no-items.html": '{"key": "0", "items": []}',
}


def page_data(html: str) -> dict | None:
    """The quiz data embedded in a built page (None if it is missing or not JSON)."""
    found = DATA_RE.search(html)
    try:
        return json.loads(found.group(2)) if found else None
    except json.JSONDecodeError:
        return None


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sample_site(site, tmp_path_factory):
    """A copy of the built site whose quiz pages carry SAMPLE (and broken) data."""
    root = tmp_path_factory.mktemp("quiz-sample") / "site"
    shutil.copytree(site, root)
    html = (site / "quiz" / "index.html").read_text(encoding="utf-8")
    for name, payload in SAMPLE_PAGES.items():
        new = DATA_RE.sub(lambda m, p=payload: m.group(1) + p + m.group(3), html, count=1)
        (root / "quiz" / name).write_text(new, encoding="utf-8")
    (root / "quiz" / "no-data.html").write_text(DATA_RE.sub("", html, count=1), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def sample_http(sample_site):
    with serve(sample_site) as base_url:
        yield base_url


@pytest.fixture
def quiz(site, http_site, sample_site, sample_http):
    """quiz(source, transport, name) -> (url, base, data): where to go, and what quiz.js reads."""
    def make(source="real", transport="http", name="index.html"):
        folder = site if source == "real" else sample_site
        base = (http_site if source == "real" else sample_http) if transport == "http" else ""
        url = base + "quiz/" + name if transport == "http" else (folder / "quiz" / name).as_uri()
        html = (folder / "quiz" / name).read_text(encoding="utf-8")
        return url, base, page_data(html)
    return make


# --- helpers --------------------------------------------------------------------------------

ACTIVE = """() => {
    const a = document.activeElement;
    const row = a.closest && a.closest('.mtg-quiz-option');
    return {tag: a.tagName, type: a.type || '', cls: a.getAttribute('class') || '',
            text: row ? row.querySelector('span').lastChild.textContent : (a.textContent || '').trim(),
            checked: !!a.checked, inQuiz: !!(a.closest && a.closest('#mtg-quiz'))};
}"""
# Option texts in the order shown (the mark added after checking is a separate element).
ORDER = """() => [...document.querySelectorAll('#mtg-quiz .mtg-quiz-option')]
    .map(l => l.querySelector('span').lastChild.textContent)"""


def key(data) -> str:
    return KEY_PREFIX + data["key"]


def by_question(data) -> dict:
    items = {item["question"]: item for item in data["items"]}
    assert len(items) == len(data["items"]), "two quiz questions have the same text"
    return items


def current_item(page, data) -> dict:
    return by_question(data)[page.locator("#mtg-quiz legend").inner_text()]


def correct_texts(item) -> set[str]:
    return {option["text"] for option in item["options"] if option["correct"]}


def heading(page) -> str:
    return page.locator("#mtg-quiz h2").inner_text()


def press(control) -> None:
    """Click a quiz control with the mouse at once. quiz.js draws each state in one go and
    animates nothing (test_targets_are_big_enough_and_rows_full_width checks its buttons have no
    transition), so a control is still as soon as it is there, and Playwright's wait to see it
    still (two animation frames a click; PERFORMANCE.md has what it cost) has nothing to wait
    for. The mouse still goes to the control's centre, scrolled into view; a control hidden,
    covered or disabled would not do what the test checks next, so the test would fail there."""
    control.click(force=True)


def click(page, name: str) -> None:
    press(page.get_by_role("button", name=name, exact=True))


def answer(page, data, pick=correct_texts) -> dict:
    """Answer the question on screen with the mouse: tick the options whose text pick() returns."""
    item = current_item(page, data)
    chosen = pick(item)
    rows = page.locator("#mtg-quiz .mtg-quiz-option")
    for place, text in enumerate(page.evaluate(ORDER)):     # the texts in one round trip
        if text in chosen:
            press(rows.nth(place))
    click(page, CHECK)
    return item


def finish_round(page, data, pick=correct_texts) -> None:
    """Answer every remaining question (with pick) and open the score."""
    while heading(page).startswith("Question"):
        if page.locator("#mtg-quiz .mtg-quiz-feedback").inner_text() == "":
            answer(page, data, pick)
        more = page.get_by_role("button", name=NEXT, exact=True)
        if more.count():
            press(more)
        else:
            click(page, SCORE)
    assert heading(page) == "Your score"


def go_to_item(page, data, wanted) -> dict:
    """From question 1 of a full round, answer correctly until a question wanted(item) shows."""
    while True:
        item = current_item(page, data)
        if wanted(item):
            return item
        answer(page, data)
        click(page, NEXT)


def feedback(page) -> str:
    return page.locator("#mtg-quiz .mtg-quiz-feedback").inner_text()


def stored(page, data):
    return page.evaluate("k => localStorage.getItem(k)", key(data))


def tab_to(page, name: str, limit: int = 150) -> None:
    """Press Tab until the button called `name` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active["tag"] == "BUTTON" and active["text"] == name:
            return
    pytest.fail(f"Tab never reached the {name!r} button")


def keyboard_answer(page, item) -> None:
    """From the question heading, tick exactly the right options with Tab, arrows and Space,
    then press Enter on "Check answer"."""
    right = correct_texts(item)
    page.keyboard.press("Tab")
    for _ in range(4 * len(item["options"]) + 4):
        active = page.evaluate(ACTIVE)
        if active["tag"] == "BUTTON":
            assert active["text"] == CHECK
            page.keyboard.press("Enter")
            return
        assert active["tag"] == "INPUT" and active["inQuiz"], active
        if active["type"] == "radio":
            if active["text"] not in right:
                page.keyboard.press("ArrowDown")      # moves to and selects the next option
                continue
            if not active["checked"]:
                page.keyboard.press("Space")
        elif (active["text"] in right) != active["checked"]:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    pytest.fail(f"could not answer {item['id']} by keyboard")


# --- a full round, by keyboard only ---------------------------------------------------------

# Each source and each transport once: keys and focus do not depend on how the page was
# opened, and saving on each transport has its own tests below.
@pytest.mark.parametrize("source, transport", [("real", "http"), ("sample", "file")])
def test_full_round_by_keyboard(page, quiz, source, transport):
    url, base, data = quiz(source, transport)
    total = len(data["items"])
    with recorded_requests(page) as urls:
        page.goto(url)
        tab_to(page, START)
        page.keyboard.press("Enter")
        for number in range(1, total + 1):
            active = page.evaluate(ACTIVE)
            assert active["tag"] == "H2" and active["text"] == f"Question {number} of {total}"
            item = current_item(page, data)
            keyboard_answer(page, item)
            active = page.evaluate(ACTIVE)
            assert "mtg-quiz-feedback" in active["cls"], "focus did not move to the feedback"
            assert active["text"].startswith("Correct."), active["text"]
            for option in item["options"]:
                if option["correct"]:
                    assert f"Your answer and right answer: {option['text']}. {option['feedback']}" \
                        in feedback(page)
            assert item["explanation"] in feedback(page)
            link = page.locator("#mtg-quiz .mtg-quiz-feedback a")
            assert link.inner_text() == item["readMore"]["title"]
            assert link.get_attribute("href") == item["readMore"]["href"]
            tab_to(page, NEXT if number < total else SCORE, limit=6)
            page.keyboard.press("Enter")
        active = page.evaluate(ACTIVE)
        assert active["tag"] == "H2" and active["text"] == "Your score"
        assert page.locator("#mtg-quiz .mtg-quiz-score").inner_text() == f"You got {total} of {total} right."
        review = page.locator("#mtg-quiz ol.mtg-quiz-review > li")
        assert review.count() == total
        for entry, item in zip(review.all(), data["items"]):
            text = entry.inner_text()
            assert entry.locator("h3").inner_text() == item["question"]
            assert "You got this right." in text and item["explanation"] in text
            for option in item["options"]:
                if option["correct"]:
                    assert option["text"] in text
            assert entry.locator("a").get_attribute("href") == item["readMore"]["href"]
    assert page.console_errors == []
    assert external(urls, base) == [], "the quiz must not call anything but the local copy"


# --- answers, scoring and feedback ----------------------------------------------------------

@pytest.mark.parametrize("transport", ["http", "file"])
def test_wrong_answer_says_not_quite_and_names_the_right_answer(page, quiz, transport):
    url, _, data = quiz("real", transport)
    page.goto(url)
    click(page, START)
    first = current_item(page, data)
    wrong = next(o for o in first["options"] if not o["correct"])
    answer(page, data, lambda item: {wrong["text"]})
    text = feedback(page)
    assert text.startswith("Not quite.")
    assert f"Your answer (not right): {wrong['text']}. {wrong['feedback']}" in text
    for option in first["options"]:
        if option["correct"]:
            assert f"Right answer: {option['text']}. {option['feedback']}" in text
    # The option rows say it in words too, and cannot be changed any more.
    rows = page.locator("#mtg-quiz .mtg-quiz-option")
    assert rows.filter(has_text=f"Your answer (not right): {wrong['text']}").count() == 1
    assert all(box.is_disabled() for box in page.locator("#mtg-quiz input").all())
    click(page, NEXT if len(data["items"]) > 1 else SCORE)
    finish_round(page, data)
    total = len(data["items"])
    assert page.locator("#mtg-quiz .mtg-quiz-score").inner_text() == f"You got {total - 1} of {total} right."
    entry = page.locator("#mtg-quiz ol.mtg-quiz-review > li").first.inner_text()
    assert "Not quite." in entry and f"Your answer: {wrong['text']}" in entry
    assert "Right answer" in entry
    # A finished round saved on the device opens on its score again.
    page.reload()
    click(page, CONTINUE)
    assert page.evaluate(ACTIVE)["text"] == "Your score"
    assert page.locator("#mtg-quiz .mtg-quiz-score").inner_text() == f"You got {total - 1} of {total} right."
    assert page.console_errors == []


@pytest.mark.parametrize("source", ["real", "sample"])
def test_multiple_choice_needs_exactly_the_right_set(page, quiz, source):
    url, _, data = quiz(source)
    multiple = [item for item in data["items"] if item["kind"] == "multiple"]
    if not multiple:
        pytest.skip("the data has no multiple-choice question")
    page.goto(url)
    click(page, START)
    item = go_to_item(page, data, lambda it: it["kind"] == "multiple")
    right = sorted(correct_texts(item))
    answer(page, data, lambda it: {right[0]})          # only one of the right options
    text = feedback(page)
    assert text.startswith("Not quite.")
    assert f"Your answer and right answer: {right[0]}." in text
    for other in right[1:]:
        assert f"Right answer: {other}." in text
    # Every right option plus a wrong one is not right either.
    wrong = next(o["text"] for o in item["options"] if not o["correct"])
    page.reload()
    click(page, START)
    go_to_item(page, data, lambda it: it["id"] == item["id"])
    answer(page, data, lambda it: set(right) | {wrong})
    assert feedback(page).startswith("Not quite.")
    finish_round(page, data)
    total = len(data["items"])
    assert page.locator("#mtg-quiz .mtg-quiz-score").inner_text() == f"You got {total - 1} of {total} right."
    assert page.console_errors == []


def test_checking_without_a_choice_asks_for_one(page, quiz):
    url, _, data = quiz("real")
    page.goto(url)
    click(page, START)
    click(page, CHECK)
    error = page.locator("#mtg-quiz .mtg-quiz-error")
    assert error.is_visible() and error.inner_text() == "Choose an answer first."
    described = page.locator("#mtg-quiz fieldset").get_attribute("aria-describedby").split()
    assert error.get_attribute("id") in described
    assert page.evaluate(ACTIVE)["tag"] == "INPUT", "focus goes back to the options"
    assert feedback(page) == ""
    assert stored(page, data) is not None and json.loads(stored(page, data))["answers"] == {}
    press(page.locator("#mtg-quiz .mtg-quiz-option").first)
    assert not error.is_visible()
    click(page, CHECK)
    assert feedback(page).startswith(("Correct.", "Not quite."))
    assert page.console_errors == []


def test_data_text_is_shown_as_text_never_as_html(page, quiz):
    url, _, data = quiz("sample")
    page.goto(url)
    click(page, START)
    item = go_to_item(page, data, lambda it: it["id"] == "html-text")
    assert page.locator("#mtg-quiz legend").inner_text() == item["question"]
    answer(page, data)
    assert "<b>Yes</b>, as plain text" in feedback(page)
    assert "<script>window.__pwned=2</script> stays text." in feedback(page)
    assert page.locator("#mtg-quiz img, #mtg-quiz b, #mtg-quiz i, #mtg-quiz script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.console_errors == []


@pytest.mark.parametrize("source, name, expected", [
    ("real", "index.html", None), ("sample", "index.html", 5), ("sample", "two.html", 2)])
def test_short_round(page, quiz, source, name, expected):
    url, _, data = quiz(source, "http", name)
    expected = expected or min(5, len(data["items"]))
    page.goto(url)
    click(page, SHORT)
    assert heading(page) == f"Question 1 of {expected}"
    round_ids = json.loads(stored(page, data))["round"]
    assert len(set(round_ids)) == expected and set(round_ids) <= {i["id"] for i in data["items"]}
    finish_round(page, data)
    assert page.locator("#mtg-quiz .mtg-quiz-score").inner_text() == f"You got {expected} of {expected} right."
    assert page.locator("#mtg-quiz ol.mtg-quiz-review > li").count() == expected
    assert page.console_errors == []


# --- shuffling ------------------------------------------------------------------------------

def test_options_are_shuffled_each_round_but_true_false_is_not(page, quiz):
    """A whole first round (with "Try again" at its end), then further rounds only until the
    options of one question show in a new order."""
    url, _, data = quiz("real")
    target = next(item for item in data["items"] if item["kind"] == "single")
    page.goto(url)
    seen = set()
    for _ in range(20):
        click(page, START)
        while heading(page).startswith("Question"):
            item = current_item(page, data)
            order = page.evaluate(ORDER)
            assert sorted(order) == sorted(o["text"] for o in item["options"])
            if item["kind"] == "true-false":
                assert order == ["True", "False"]
            if item["id"] == target["id"]:
                seen.add(tuple(order))
                if len(seen) > 1:
                    break                           # it moved: the rest of this round can wait
            answer(page, data)                       # picked by text: the right answer moved with it
            assert feedback(page).startswith("Correct.")
            more = page.get_by_role("button", name=NEXT, exact=True)
            press(more if more.count() else page.get_by_role("button", name=SCORE, exact=True))
        else:
            assert heading(page) == "Your score"
            click(page, AGAIN)
            assert page.evaluate(ACTIVE)["text"] == "Take the quiz", "focus goes to the start screen"
            assert stored(page, data) is None, "Try again clears the saved progress"
            continue
        break
    assert len(seen) > 1, f"the options of {target['id']} never moved"
    assert page.console_errors == []


def test_true_false_listed_false_first_still_shows_true_first(page, quiz):
    url, _, data = quiz("sample")
    page.goto(url)
    for _ in range(3):
        page.evaluate("k => localStorage.removeItem(k)", key(data))
        page.reload()
        click(page, START)
        go_to_item(page, data, lambda it: it["kind"] == "true-false")
        assert page.evaluate(ORDER) == ["True", "False"]
        answer(page, data)
        assert feedback(page).startswith("Correct.")
    assert page.console_errors == []


# --- saved progress -------------------------------------------------------------------------

@pytest.mark.parametrize("transport", ["http", "file"])
def test_reload_mid_quiz_continues_where_you_left_off(page, quiz, transport):
    url, _, data = quiz("real", transport)
    assert len(data["items"]) >= 3, "this test walks three questions"
    page.goto(url)
    assert page.get_by_role("button", name=CONTINUE).count() == 0
    click(page, START)
    first_order = page.evaluate(ORDER)
    first = answer(page, data)
    click(page, NEXT)
    second_order = page.evaluate(ORDER)

    page.reload()
    buttons = page.locator("#mtg-quiz button")
    assert buttons.first.inner_text() == CONTINUE
    assert [b.inner_text() for b in buttons.all()] == [CONTINUE, START, SHORT]
    click(page, CONTINUE)
    active = page.evaluate(ACTIVE)
    assert active["tag"] == "H2" and active["text"] == f"Question 2 of {len(data['items'])}"
    assert page.evaluate(ORDER) == second_order
    assert feedback(page) == "" and page.locator("#mtg-quiz input:disabled").count() == 0

    # Question 1 comes back answered and read-only, with the same order and answer.
    click(page, PREVIOUS)
    assert page.evaluate(ACTIVE)["text"] == f"Question 1 of {len(data['items'])}"
    assert page.evaluate(ORDER) == first_order
    assert feedback(page).startswith("Correct.")
    inputs = page.locator("#mtg-quiz input")
    assert all(box.is_disabled() for box in inputs.all())
    checked = page.evaluate("""() => [...document.querySelectorAll('#mtg-quiz input:checked')]
        .map(i => i.closest('label').querySelector('span').lastChild.textContent)""")
    assert set(checked) == correct_texts(first)
    assert page.get_by_role("button", name=CHECK).count() == 0

    # An answer checked just before a reload is kept too.
    click(page, NEXT)
    second = answer(page, data)
    page.reload()
    click(page, CONTINUE)
    assert heading(page) == f"Question 2 of {len(data['items'])}"
    assert current_item(page, data)["id"] == second["id"]
    assert feedback(page).startswith("Correct.")
    assert page.console_errors == []


def _valid_state(data):
    first, second = data["items"][0], data["items"][1]
    return {"round": [first["id"], second["id"]],
            "order": {first["id"]: list(range(len(first["options"])))[::-1],
                      second["id"]: list(range(len(second["options"])))},
            "answers": {first["id"]: [next(i for i, o in enumerate(first["options"]) if o["correct"])]},
            "index": 1, "finished": False}


def _bad_states(data):
    good = _valid_state(data)
    first, second = good["round"]
    n = len(data["items"][0]["options"])

    def changed(**fields):
        return json.dumps({**good, **fields})
    return {
        "not json": "{this is not json",
        "null": "null",
        "a list": "[1, 2, 3]",
        "a string": '"hello"',
        "unknown id": changed(round=["no-such-question", second],
                              order={"no-such-question": [0, 1], second: good["order"][second]}),
        "option index out of range": changed(order={**good["order"], first: [0] * (n - 1) + [n]}),
        "order too short": changed(order={**good["order"], first: list(range(n - 1))}),
        "order repeats an option": changed(order={**good["order"], first: [0] * n}),
        "order is text": changed(order={**good["order"], first: "0,1"}),
        "missing order": changed(order={first: good["order"][first]}),
        "answer out of range": changed(answers={first: [n]}),
        "negative answer": changed(answers={first: [-1]}),
        "fractional answer": changed(answers={first: [0.5]}),
        "two answers to a one-answer question": changed(
            answers={first: [0, 1]}) if data["items"][0]["kind"] != "multiple" else changed(answers={first: []}),
        "answer to a question not in the round": changed(
            answers={**good["answers"], "no-such-question": [0]}),
        "index out of range": changed(index=2),
        "index is text": changed(index="1"),
        "index past the unanswered question": changed(index=1, answers={}),
        "gap in the answers": changed(index=0, answers={second: [0]}),
        "finished but unanswered": changed(finished=True),
        "finished is text": changed(finished="no"),
        "empty round": changed(round=[], order={}, answers={}, index=0),
        "repeated question": changed(round=[first, first]),
    }


def test_corrupt_saved_progress_starts_fresh(page, quiz):
    """Each bad value, written into the saved progress and the page reloaded: no "Continue",
    the bad value removed, and a fresh round that starts at question 1. One tab for all cases
    (each writes the whole saved value before it reloads); every failing case is reported."""
    url, _, data = quiz("real")
    page.goto(url)
    failed = {}
    for case, value in _bad_states(data).items():
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(data), value])
        page.reload()
        found = {"continue offered": page.get_by_role("button", name=CONTINUE).count() != 0,
                 "bad value kept": stored(page, data) is not None}
        click(page, START)
        found["first heading"] = heading(page)
        if found != {"continue offered": False, "bad value kept": False,
                     "first heading": f"Question 1 of {len(data['items'])}"}:
            failed[case] = found
    assert len(_bad_states(data)) >= 20 and failed == {}
    assert page.console_errors == []


def test_valid_saved_progress_written_by_hand_is_resumed(page, quiz):
    """The check above is strict, not blind: a correct value from outside is accepted as is."""
    url, _, data = quiz("real")
    state = _valid_state(data)
    page.goto(url)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(data), json.dumps(state)])
    page.reload()
    click(page, CONTINUE)
    assert heading(page) == "Question 2 of 2"
    second = data["items"][1]
    assert page.evaluate(ORDER) == [second["options"][i]["text"] for i in state["order"][second["id"]]]
    click(page, PREVIOUS)
    first = data["items"][0]
    assert page.evaluate(ORDER) == [first["options"][i]["text"] for i in state["order"][first["id"]]]
    assert feedback(page).startswith("Correct.")
    assert page.console_errors == []


# Storage that throws, as in a browser that blocks site data. The message names the caller, so
# an error can be traced to the script that let it escape. Not configurable: even
# storage-guard.js cannot swap in its memory storage, so quiz.js meets the throwing storage
# itself (tests/test_storage.py covers the guard, with storage blocked the way browsers do it).
NO_STORAGE = """
window.__storageCalls = [];
Object.defineProperty(window, 'localStorage', {configurable: false, get() {
    const caller = (new Error().stack.split('\\n')[2] || '').trim();
    window.__storageCalls.push(caller);
    throw new DOMException('storage blocked (' + caller + ')', 'SecurityError');
}});
"""


@pytest.mark.parametrize("transport", ["http", "file"])
def test_quiz_works_with_storage_blocked(browser, quiz, transport):
    url, _, data = quiz("real", transport)
    context = new_context(browser, viewport={"width": 390, "height": 844})
    context.add_init_script(NO_STORAGE)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{e}"))
    try:
        page.goto(url)
        assert page.locator("#mtg-quiz").is_visible()
        assert page.get_by_role("button", name=CONTINUE).count() == 0
        click(page, START)
        finish_round(page, data)
        total = len(data["items"])
        assert page.locator("#mtg-quiz .mtg-quiz-score").inner_text() == f"You got {total} of {total} right."
        click(page, AGAIN)
        click(page, SHORT)
        assert heading(page).startswith("Question 1 of")
        calls = page.evaluate("window.__storageCalls")
        # quiz.js is inlined into the quiz page, so its calls come from quiz/index.html.
        assert any("quiz/index.html" in call and "__md_get" not in call for call in calls), \
            "quiz.js did try the storage"
        # quiz.js catches every failure. Material's own scripts do not (reported upstream of this
        # file): their errors are allowed here, anything else is not.
        ours = [e for e in errors if "storage blocked" not in e or "__md_get" not in e]
        assert ours == [], ours
        print("errors from Material with storage blocked:", errors)
    finally:
        context.close()


# --- without JavaScript, broken data, print ------------------------------------------------

@pytest.mark.parametrize("transport", ["http", "file"])
def test_without_javascript_the_static_list_has_every_answer(browser, quiz, transport):
    url, _, data = quiz("real", transport)
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url)
        assert page.locator("#mtg-quiz").is_hidden()
        assert page.locator("h2#all-questions").is_visible()
        static = page.locator(".mtg-quiz-static")
        assert static.is_visible()
        assert static.locator("h3").count() == len(data["items"])
        for item in data["items"]:
            title = static.locator(f"h3#q-{item['id']}")
            assert title.is_visible()
            assert item["question"] in title.inner_text()
            answer_box = static.locator(f"h3#q-{item['id']} ~ details.answer").first
            assert answer_box.locator("summary").inner_text() == "Show the answer"
            answer_box.locator("summary").click()
            text = answer_box.inner_text()
            for option in item["options"]:
                if option["correct"]:
                    assert option["text"] in text
            assert item["explanation"] in text
    finally:
        context.close()


@pytest.mark.parametrize("name", ["broken.html", "no-items.html", "no-data.html"])
def test_missing_or_broken_data_leaves_the_static_list(page, quiz, name):
    url, _, _ = quiz("sample", "http", name)
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.locator("#mtg-quiz").is_hidden()
    assert page.locator("#mtg-quiz").inner_html() == ""
    assert page.locator(".mtg-quiz-static").is_visible()
    assert page.locator("h2#all-questions").is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("transport", ["http", "file"])
def test_print_shows_the_static_list_not_the_quiz(page, quiz, transport):
    url, _, data = quiz("real", transport)
    page.goto(url)
    assert page.locator("#mtg-quiz").is_visible()
    # On screen the answer list stays below the quiz (answers folded), so #q- links land.
    assert page.locator(".mtg-quiz-static").is_visible() and page.locator("h2#all-questions").is_visible()
    click(page, START)
    page.emulate_media(media="print")
    assert page.locator("#mtg-quiz").is_hidden()
    assert page.locator(".mtg-quiz-static").is_visible()
    assert page.locator("h2#all-questions").is_visible()
    for item in data["items"]:
        assert page.locator(f".mtg-quiz-static h3#q-{item['id']}").is_visible()
    page.emulate_media(media="screen")
    assert page.locator("#mtg-quiz").is_visible() and page.locator(".mtg-quiz-static").is_visible()
    assert page.console_errors == []


# --- accessibility and layout ---------------------------------------------------------------

def settled_axe(page, scheme: str, whole_page: bool = False) -> list[dict]:
    """axe once the page is still (moving focus scrolls the page, and Material then moves its
    header title). Colour contrast is the costly rule: after the first state only the quiz box
    changes colour, so the colour rules look there and every other rule at the whole page.
    In the dark scheme only the colour rules can differ."""
    settle(page)
    if whole_page:
        return axe_violations(page, None if scheme == "default" else COLOUR_RULES)
    found = axe_violations(page, COLOUR_RULES, within="#mtg-quiz")
    if scheme == "default":
        found += axe_violations(page, skip=COLOUR_RULES)
    return found


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("source", ["real", "sample"])
def test_axe_in_every_state(still_page, quiz, source, scheme):
    page = still_page
    url, _, data = quiz(source)
    page.goto(url)
    set_color_scheme(page, scheme)
    found = {"start": settled_axe(page, scheme, whole_page=True)}
    click(page, START)
    found["question"] = settled_axe(page, scheme)
    click(page, CHECK)
    found["question, nothing chosen"] = settled_axe(page, scheme)
    if source == "sample":                           # the sample's multiple-choice question
        go_to_item(page, data, lambda it: it["kind"] == "multiple")
    answer(page, data, lambda it: {next(o["text"] for o in it["options"] if not o["correct"])})
    found["feedback"] = settled_axe(page, scheme)
    finish_round(page, data)
    found["results"] = settled_axe(page, scheme)
    assert {state: v for state, v in found.items() if v} == {}
    assert page.console_errors == []


def test_targets_are_big_enough_and_rows_full_width(page, quiz):
    url, _, data = quiz("sample")
    page.goto(url)
    for button in page.locator("#mtg-quiz button").all():
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, button.inner_text()
    click(page, START)
    go_to_item(page, data, lambda it: it["kind"] == "multiple")
    width = page.locator("#mtg-quiz fieldset").bounding_box()["width"]
    for row in page.locator("#mtg-quiz .mtg-quiz-option").all():
        box = row.bounding_box()
        assert box["height"] >= 44
        assert abs(box["width"] - width) < 1, "each option row is full width"
        assert row.locator("input[type=checkbox]").count() == 1
    answer(page, data)
    for button in page.locator("#mtg-quiz button").all():
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, button.inner_text()
    # Marks are words, and the right options also get a thicker border: never color alone.
    right = page.locator("#mtg-quiz .mtg-quiz-option.is-right").first
    assert right.inner_text().startswith("Your answer and right answer:")
    link_style = page.evaluate("""() => getComputedStyle(
        document.querySelector('#mtg-quiz .mtg-quiz-feedback a')).textDecorationLine""")
    assert "underline" in link_style, "links are not told apart by color alone"
    widths = page.evaluate("""() => [...document.querySelectorAll('#mtg-quiz .mtg-quiz-option')]
        .map(l => [l.classList.contains('is-right') || l.classList.contains('is-wrong'),
                   parseFloat(getComputedStyle(l).borderLeftWidth)])""")
    marked = [width for is_marked, width in widths if is_marked]
    plain = [width for is_marked, width in widths if not is_marked]
    assert marked and plain and min(marked) > max(plain)
    transitions = page.evaluate("""() => [...document.querySelectorAll('#mtg-quiz button')]
        .map(b => getComputedStyle(b).transitionDuration)""")
    assert set(transitions) == {"0s"}, "no animation, not even Material's button fade"
    page.emulate_media(forced_colors="active")
    borders = page.evaluate("""() => [...document.querySelectorAll(
            '#mtg-quiz .mtg-quiz-option, #mtg-quiz .mtg-quiz-feedback')]
        .map(e => [getComputedStyle(e).borderLeftStyle, parseFloat(getComputedStyle(e).borderLeftWidth)])""")
    assert all(style != "none" and width > 0 for style, width in borders), borders
    assert page.console_errors == []
