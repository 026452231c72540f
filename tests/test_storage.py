"""Site storage: blocked storage must not break the site (docs/assets/storage-guard.js), and saved
quiz progress is keyed by the quiz's content (quiz_page.quiz_key), so an edited quiz never shows
old answers against different options.

"Block site data" in a browser makes reading `window.localStorage` throw a SecurityError. Material's
inline palette script and bundle read it without a try, so without the guard the colour toggle
disappears and search finds nothing.
"""
from __future__ import annotations

import copy

import pytest

from sitekit import new_page
from twitchguide.pages.quiz_page import quiz_key

# What Chromium does with site data blocked: both storages throw when read. Configurable, as
# the real properties are, so the guard can put its own in their place.
BLOCKED = """
for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(window, name, {configurable: true, get() {
        throw new DOMException('The user has blocked site data (' + name + ')', 'SecurityError');
    }});
}
"""
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def blocked(browser):
    """A desktop page whose storage is blocked before any of the site's scripts run."""
    tab = new_page(browser, viewport=DESKTOP)
    tab.context.add_init_script(BLOCKED)
    yield tab
    tab.context.close()


def _scheme(tab) -> str:
    return tab.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_blocked_storage_keeps_colour_toggle_and_search_working(blocked, http_site):
    blocked.goto(http_site + "faq.html")
    blocked.wait_for_load_state("networkidle")
    # The guard replaced both storages, and they work for this page.
    assert blocked.evaluate("""() => {
        localStorage.setItem('k', 1); sessionStorage.setItem('k', 'v');
        return localStorage.getItem('k') === '1' && sessionStorage.getItem('k') === 'v' &&
            localStorage.getItem('missing') === null && !(localStorage instanceof Storage);
    }""")
    toggle = blocked.locator("form[data-md-component=palette] label:visible").first
    assert toggle.is_visible()
    before = _scheme(blocked)
    toggle.click()
    assert _scheme(blocked) != before
    blocked.locator("input.md-search__input").click()
    blocked.keyboard.type("caffeine", delay=20)
    results = blocked.locator(".md-search-result__item")
    results.first.wait_for()
    assert results.count() > 0
    assert "caffeine" in results.first.inner_text().lower()
    assert blocked.console_errors == []


def test_the_guard_leaves_working_storage_alone(page, http_site):
    page.goto(http_site + "faq.html")
    assert page.evaluate("localStorage instanceof Storage && sessionStorage instanceof Storage")
    assert page.console_errors == []


def test_the_guard_runs_before_materials_first_inline_script(site):
    """Material's palette script (in the header) reads storage: the guard must be in <head>."""
    html = (site / "faq.html").read_text(encoding="utf-8")
    guard = html.index('src="assets/storage-guard.js"')
    assert guard < html.index("</head>") < html.index('__md_get("__palette")')


# ---- the quiz's storage key ------------------------------------------------------------------

ITEMS = [
    {"id": "emg", "kind": "single", "hint": "Choose one answer.", "question": "What does an EMG do?",
     "options": [{"text": "It records muscle activity", "correct": True, "feedback": "Right."},
                 {"text": "It takes a picture of your brain", "correct": False, "feedback": "No."}],
     "explanation": "An EMG records.", "readMore": {"href": "../medical-tests.html", "title": "Tests"}},
    {"id": "tf", "kind": "true-false", "hint": "True or false?", "question": "Twitches are common.",
     "options": [{"text": "True", "correct": True, "feedback": "Yes."},
                 {"text": "False", "correct": False, "feedback": "No."}],
     "explanation": "Most people twitch.", "readMore": {"href": "../faq.html", "title": "FAQ"}},
]


def _edited(edit) -> list[dict]:
    items = copy.deepcopy(ITEMS)
    edit(items)
    return items


def test_quiz_key_is_short_hex_and_stable():
    key = quiz_key(ITEMS)
    assert len(key) == 12 and int(key, 16) >= 0
    assert quiz_key(copy.deepcopy(ITEMS)) == key


@pytest.mark.parametrize("edit", [
    lambda items: items[0]["options"].reverse(),                        # options reordered (D10)
    lambda items: items.reverse(),                                       # questions reordered
    lambda items: items[0]["options"][1].update(text="It scans nerves"),  # an option reworded
    lambda items: items[1]["options"][0].update(correct=False) or
    items[1]["options"][1].update(correct=True),                         # the right answer moved
    lambda items: items[0]["options"].append(
        {"text": "It tests blood", "correct": False, "feedback": "No."}),  # an option added
    lambda items: items.pop(),                                           # a question removed
    lambda items: items[0].update(question="What does a nerve test do?"),
    lambda items: items[0].update(id="emg-test"),
], ids=["options-reordered", "questions-reordered", "option-reworded", "right-answer-moved",
        "option-added", "question-removed", "question-reworded", "id-changed"])
def test_quiz_key_changes_when_saved_answers_would_mean_something_else(edit):
    assert quiz_key(_edited(edit)) != quiz_key(ITEMS)


@pytest.mark.parametrize("edit", [
    lambda items: items[0]["options"][0].update(feedback="Right: it records muscle activity."),
    lambda items: items[0].update(explanation="A different explanation."),
    lambda items: items[0].update(readMore={"href": "../faq.html", "title": "FAQ"}),
], ids=["feedback", "explanation", "read-more"])
def test_quiz_key_keeps_progress_when_only_explanations_change(edit):
    assert quiz_key(_edited(edit)) == quiz_key(ITEMS)


def test_the_built_quiz_page_embeds_the_key_of_the_data_files_quiz(site, guide):
    """The key in the page is the one the data file's questions give, in the data file's order
    (so editing a question in docs/data/clinical-rules.yml changes what the browser stores
    under). That quiz.js stores under this key is held by test_quiz_browser.py, in Chromium."""
    import json
    import re
    html = (site / "quiz" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="mtg-quiz-data">(.*?)</script>', html, re.S).group(1))
    assert [item["id"] for item in data["items"]] == [item.id for item in guide.quiz]
    assert [item["question"] for item in data["items"]] == [item.question for item in guide.quiz]
    assert re.fullmatch(r"[0-9a-f]{12}", data["key"])
    assert data["key"] == quiz_key(data["items"])
