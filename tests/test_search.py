"""Search loads on demand (docs/assets/search-on-demand.js), and still works every way a reader
starts it: tapping the phone's search button, clicking the desktop search box, Material's "/"
key, and arriving from a result with words to highlight. Over http in headless Chromium; the
file:// case is in test_offline.py."""
from __future__ import annotations

import pytest
from sitekit import new_page, recorded_requests

INDEX = "search/search_index.json"
WORKER = "/workers/search."
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def desktop(browser):
    """A fresh desktop-sized page, where the search box sits in the header."""
    tab = new_page(browser, viewport=DESKTOP)
    yield tab
    tab.context.close()


def _search_requests(urls):
    return [url for url in urls if INDEX in url or WORKER in url]


def _first_result(tab):
    first = tab.locator(".md-search-result__item a").first
    first.wait_for()
    return first


@pytest.mark.parametrize("path", ["index.html", "types/fasciculations.html", "quiz/index.html"])
def test_a_page_that_is_only_read_loads_no_search(page, http_site, path):
    with recorded_requests(page) as urls:
        page.goto(http_site + path)
        page.wait_for_load_state("networkidle")
        page.mouse.wheel(0, 2000)               # reading: scroll down the page
        # Wait until the page has scrolled, then two frames more: the scroll's events have run
        # by then, and a loader they started would have made its request. Then wait for the
        # network to be quiet (Playwright's "networkidle"). Conditions, not a fixed time.
        # A function: Playwright polls an expression with eval(), which the CSP refuses.
        page.wait_for_function("() => window.scrollY > 0")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.wait_for_load_state("networkidle")
    assert not _search_requests(urls)
    assert not page.console_errors


def test_phone_search_button_loads_search_and_finds_a_page(page, http_site):
    with recorded_requests(page) as urls:
        page.goto(http_site + "index.html")
        page.wait_for_load_state("networkidle")
        page.locator("label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").press_sequentially("hypnic")
        first = _first_result(page)
        assert len(_search_requests(urls)) == 2          # the index once, the worker once
        first.click()
        page.wait_for_load_state()
    assert "types/hypnic-jerks.html" in page.url
    assert not page.console_errors


def test_desktop_search_box_click_loads_search(desktop, http_site):
    desktop.goto(http_site + "faq.html")
    desktop.wait_for_load_state("networkidle")
    desktop.locator("input.md-search__input").click()
    desktop.keyboard.type("cramp", delay=20)
    assert "cramp" in _first_result(desktop).inner_text().lower()
    assert not desktop.console_errors


def test_slash_key_opens_search_and_typing_at_once_still_finds(desktop, http_site):
    """A fast typist: the words go in before the index has arrived; results must still come."""
    desktop.goto(http_site + "self-care.html")
    desktop.wait_for_load_state("networkidle")
    desktop.keyboard.press("/")
    desktop.keyboard.type("eyelid")
    assert "eyelid" in _first_result(desktop).inner_text().lower()
    assert not desktop.console_errors


def test_words_from_a_search_result_are_highlighted(page, http_site):
    with recorded_requests(page) as urls:
        page.goto(http_site + "types/fasciculations.html?h=twitch")
        page.locator("article mark[data-md-highlight]").first.wait_for()
    assert INDEX in " ".join(urls)
    assert not page.console_errors
