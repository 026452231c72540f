"""Issue 22, part 4 (review M8, M9, L2): the browser side of privacy.

Every page carries a Content-Security-Policy and a referrer policy (meta tags from
overrides/main.html, script hashes from hooks/twitchguide/site/csp.py). These tests crawl every page
in Chromium, served over http and opened from the unpacked offline zip (file://), and listen for
`securitypolicyviolation` events and console CSP errors: there must be none, including while
searching and using the quiz. Old browsers without ResizeObserver must not fetch a polyfill from
unpkg, and a malformed colour-scheme value in storage must not break the toggle or search.
"""
from __future__ import annotations

import re
import zipfile

import pytest
from bs4 import BeautifulSoup

from sitekit import external, new_page, recorded_requests
from twitchguide.site import csp
from twitchguide.site.offline_zip import TOP_FOLDER, ZIP_URI

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));
"""
CSP_CONSOLE = re.compile(r"Content Security Policy|Content-Security-Policy", re.I)


def _pages(root, with_404: bool) -> list[str]:
    """Every HTML page but the redirect stubs (they hold only a meta refresh)."""
    pages = []
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text or (path.name == "404.html" and not with_404):
            continue
        pages.append(path.relative_to(root).as_posix())
    return pages


@pytest.fixture(scope="module")
def unzipped(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("csp-zip")
    with zipfile.ZipFile(site / ZIP_URI) as archive:
        archive.extractall(folder)
    return folder / TOP_FOLDER


@pytest.fixture
def watched(browser):
    tab = new_page(browser, viewport={"width": 1280, "height": 900})
    tab.context.add_init_script(LISTEN)
    tab.csp_console = []
    tab.on("console", lambda m: tab.csp_console.append(m.text) if CSP_CONSOLE.search(m.text) else None)
    yield tab
    tab.context.close()


def _violations(tab) -> list[str]:
    return tab.evaluate("window.__csp") + tab.csp_console


def _search(tab, words: str) -> None:
    label = tab.locator("label.md-header__button[for=__search]")
    if label.is_visible():                                       # a narrow screen
        label.click()
    else:
        tab.locator("input.md-search__input").click()
    tab.locator("input.md-search__input").press_sequentially(words, delay=20)
    tab.locator(".md-search-result__item").first.wait_for()


def test_every_page_has_both_policies_and_only_its_own_inline_scripts_are_allowed(site):
    for page in _pages(site, with_404=True):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        head = soup.head
        assert head.select_one('meta[name="referrer"]')["content"] == "no-referrer", page
        policy = head.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert csp.SCRIPT_HASHES not in policy and "'unsafe-inline'" not in policy.split(";")[1]
        first_script = head.find("script")
        assert policy and head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) \
            .sourceline < first_script.sourceline, page         # before any script runs
        assert "form-action 'none'" in policy and "base-uri 'none'" in policy
        hashes = set(re.findall(r"'sha256-[^']+'", policy))
        own = set(csp.script_hashes(str(soup)))
        assert own <= hashes and len(hashes - own) <= 1, page    # + the file:// search shim's


def test_no_page_violates_the_policy_online(watched, http_site, site):
    bad = {}
    with recorded_requests(watched) as urls:
        for page in _pages(site, with_404=True):
            watched.goto(http_site + page, wait_until="load")
            if _violations(watched):
                bad[page] = _violations(watched)
                watched.csp_console.clear()
        watched.goto(http_site + "faq.html")
        _search(watched, "caffeine")                   # the search worker and its index
        watched.goto(http_site + "quiz/index.html")
        watched.locator("#mtg-quiz button").first.click()        # the quiz's inline script runs
        if _violations(watched):
            bad["search and quiz"] = _violations(watched)
    assert bad == {}
    assert not external(urls, http_site), sorted(set(external(urls, http_site)))


def test_no_page_violates_the_policy_from_the_offline_zip(watched, unzipped):
    bad = {}
    with recorded_requests(watched) as urls:
        for page in _pages(unzipped, with_404=False):
            watched.goto((unzipped / page).as_uri(), wait_until="load")
            if _violations(watched):
                bad[page] = _violations(watched)
                watched.csp_console.clear()
        watched.goto((unzipped / "index.html").as_uri())
        _search(watched, "hypnic")                      # the file:// search shim (an iframe)
        watched.goto((unzipped / "quiz" / "index.html").as_uri())
        watched.locator("#mtg-quiz button").first.click()
        if _violations(watched):
            bad["search and quiz"] = _violations(watched)
    assert bad == {}
    assert not external(urls), sorted(set(external(urls)))


def test_an_injected_inline_script_is_blocked(watched, http_site):
    """The policy is not decoration: a script the build did not hash does not run."""
    watched.goto(http_site + "faq.html")
    ran = watched.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
        return window.__ran === true;
    }""")
    assert ran is False
    assert any("script-src" in v for v in watched.evaluate("window.__csp"))


def test_an_old_browser_without_resize_observer_asks_no_other_host(browser, http_site):
    """Review M8: Material loaded https://unpkg.com/resize-observer-polyfill here."""
    tab = new_page(browser, viewport={"width": 1280, "height": 900})
    tab.context.add_init_script("delete window.ResizeObserver;")
    try:
        with recorded_requests(tab) as urls:
            tab.goto(http_site + "types/fasciculations.html")
            tab.wait_for_load_state("networkidle")
            assert tab.evaluate("typeof ResizeObserver") == "function"      # the stand-in
            tab.set_viewport_size({"width": 600, "height": 900})
            tab.wait_for_timeout(700)
            _search(tab, "cramp")
        assert not external(urls, http_site), external(urls, http_site)
        assert tab.console_errors == []
    finally:
        tab.context.close()


@pytest.mark.parametrize("value", ["{", "7", "[1,2]", '{"index":"x"}', "null", '{"index":0,"color":5}'])
def test_a_malformed_palette_in_storage_keeps_toggle_and_search(browser, http_site, value):
    """Review L2: `/.__palette` set to `{`, `7` or `[1,2]` broke every page until cleared."""
    tab = new_page(browser, viewport={"width": 1280, "height": 900})
    tab.context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{"
                                f"  localStorage.setItem('/.__palette', {value!r});"
                                f"  sessionStorage.setItem('seeded', '1'); }}")
    try:
        tab.goto(http_site + "faq.html")
        tab.wait_for_load_state("networkidle")
        toggle = tab.locator("form[data-md-component=palette] label:visible").first
        assert toggle.is_visible()
        before = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        toggle.click()
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") != before
        tab.locator("input.md-search__input").click()
        tab.keyboard.type("caffeine", delay=20)
        tab.locator(".md-search-result__item").first.wait_for()
        assert tab.console_errors == []
    finally:
        tab.context.close()


def test_a_good_palette_is_kept(page, http_site):
    page.goto(http_site + "faq.html")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    saved = page.evaluate("localStorage.getItem('/.__palette')")
    page.reload()
    assert page.evaluate("localStorage.getItem('/.__palette')") == saved and saved


def test_the_privacy_text_names_everything_the_site_stores(page, http_site, site):
    """Review L10: the text named only the quiz. Use the colour switch and the quiz, then read
    storage: every key is one the About page names, and an old quiz's progress is gone."""
    page.goto(http_site + "quiz/index.html")
    page.evaluate("localStorage.setItem('muscle-twitch-guide:quiz:000000000000', '{}')")
    page.reload()
    page.locator("#mtg-quiz button").first.click()
    page.locator("#mtg-quiz input").first.check()
    page.locator("#mtg-quiz button[type=submit]").first.click()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    keys = page.evaluate("Object.keys(localStorage)")
    session = page.evaluate("Object.keys(sessionStorage)")
    kinds = {"palette" if k.endswith(".__palette") else
             "quiz" if k.startswith("muscle-twitch-guide:quiz:") else k for k in keys}
    assert kinds == {"palette", "quiz"} and session == []
    assert "muscle-twitch-guide:quiz:000000000000" not in keys
    about = BeautifulSoup((site / "about" / "index.html").read_text(encoding="utf-8"),
                          "html.parser").select_one("#privacy").find_next("ul").get_text()
    assert "colour choice" in about and "place in the quiz" in about
