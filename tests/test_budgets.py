"""Performance budgets on the real built site: what a reader downloads, what we add to Material,
no web fonts, sized images, and the size of the offline zip.

The measuring lives in scripts/page_weight.py (which prints the same table for maintainers);
the budgets are its MAX_* constants. If a budget fails, do not raise the number: the failure
message names the page and its heaviest downloads, and `scripts/page_weight.py` prints them all.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

import page_weight
import pytest
from page_weight import MAX_OWN_GZIP, MAX_PAGE_GZIP, MAX_PAGE_REQUESTS, MAX_ZIP_BYTES, kb
from test_site import READER_PAGES, soup_of
from twitchguide.offline import ZIP_URI

from sitekit import new_page, settle


@pytest.fixture(scope="module")
def weights(browser, http_site):
    """First visit to every reader page (new context each, cache off), measured once."""
    return page_weight.measure_pages(browser, http_site, READER_PAGES)


@pytest.mark.browser
def test_every_reader_page_was_measured(weights, capsys):
    with capsys.disabled():
        print("\nFirst visit to each reader page (cache off, until network idle, gzip level 6):\n"
              + page_weight.page_table(weights))
    assert [w.page for w in weights] == READER_PAGES
    not_found = {w.page: w.status for w in weights if w.status != 200}
    assert not not_found, f"pages not served: {not_found}"


@pytest.mark.browser
def test_first_visit_weight_of_every_reader_page(weights):
    over = [w for w in weights if w.gzip > MAX_PAGE_GZIP]
    if over:
        heaviest = max(over, key=lambda w: w.gzip)
        pytest.fail(f"{len(over)} of {len(weights)} reader pages weigh more than "
                    f"{kb(MAX_PAGE_GZIP)} KB gzip on a first visit: "
                    + ", ".join(f"{w.page} {kb(w.gzip)} KB" for w in over)
                    + f"\nWhat the heaviest, {heaviest.page}, fetches:\n"
                    + page_weight.breakdown(heaviest), pytrace=False)


@pytest.mark.browser
def test_requests_of_every_reader_page(weights):
    over = [w for w in weights if w.requests > MAX_PAGE_REQUESTS]
    if over:
        most = max(over, key=lambda w: w.requests)
        pytest.fail(f"{len(over)} of {len(weights)} reader pages make more than "
                    f"{MAX_PAGE_REQUESTS} requests on a first visit: "
                    + ", ".join(f"{w.page} {w.requests}" for w in over)
                    + f"\nWhat {most.page} requests:\n" + page_weight.breakdown(most),
                    pytrace=False)


# Registered before the page's own scripts run. Every shift counts: nobody touches the page
# here, and Chromium flags shifts as "after recent input" under Playwright's phone emulation.
RECORD_LAYOUT_SHIFTS = """
    window.mtgLayoutShift = 0;
    new PerformanceObserver(list => {
        for (const shift of list.getEntries()) window.mtgLayoutShift += shift.value;
    }).observe({type: "layout-shift", buffered: true});
"""


PAINTED = "performance.getEntriesByName('first-contentful-paint').length > 0"


def scripts_in_head(html_file) -> set[str]:
    """The scripts a page loads in its <head>: they block the first paint whatever the network."""
    return {script["src"] for script in soup_of(html_file).select("head script[src]")}


class _ScriptsAfterPaint:
    """A first visit on a phone whose body scripts wait until the page has painted."""

    def __init__(self, browser, url: str, blocking: set[str]):
        self.url, self.blocking, self.held, self.painted = url, blocking, [], False
        self.after_paint = 0                    # body scripts requested once painted
        self.tab = new_page(browser, is_mobile=True, device_scale_factor=1.75,
                            viewport={"width": 412, "height": 823})
        self.tab.route("**/*.js", self._hold_until_painted)
        self.tab.add_init_script(RECORD_LAYOUT_SHIFTS)
        self.tab.goto(url, wait_until="commit")

    def _hold_until_painted(self, route):
        if route.request.url in self.blocking:
            route.continue_()
        elif self.painted:
            self.after_paint += 1
            route.continue_()
        else:
            self.held.append(route)

    def layout_shift(self) -> float:
        """Release the scripts once painted; the page's total shift once loaded and still."""
        try:
            self.tab.wait_for_function(PAINTED)
            self.painted = True
            for route in self.held:
                route.continue_()
            self.tab.wait_for_load_state("load")
            settle(self.tab)
            # Not vacuous: scripts did run after the paint (held back, or asked for only later).
            assert self.held or self.after_paint, f"{self.url}: no script ran after the first paint"
            return self.tab.evaluate("window.mtgLayoutShift")
        finally:
            self.tab.context.close()


AT_ONCE = 4                                     # pages loading together, each in its own tab


@pytest.mark.browser
def test_no_page_shifts_its_layout_while_loading(browser, site, http_site):
    """Cumulative layout shift of a first visit on a phone (Lighthouse fails a page above 0.1).
    On a slow network a reader sees the page painted before the scripts at the end of its body
    have run. Here those scripts are held back until the page has painted, then released: the
    order a slow network gives, decided by conditions, not by a network emulator (Chromium's
    sometimes never fires `load`, microsoft/playwright#22676) or a clock. The quiz once shifted
    by 0.2: its box was hidden until Material's bundle ran, after the first paint."""
    shifts = {}
    for start in range(0, len(READER_PAGES), AT_ONCE):
        visits = {}
        for path in READER_PAGES[start:start + AT_ONCE]:
            url = http_site + path
            blocking = {urljoin(url, src) for src in scripts_in_head(site / path)}
            visits[path] = _ScriptsAfterPaint(browser, url, blocking)
        shifts.update({path: visit.layout_shift() for path, visit in visits.items()})
    assert len(shifts) == len(READER_PAGES)
    assert not {path: round(value, 3) for path, value in shifts.items() if value > 0.01}


def test_our_own_css_and_js(site, capsys):
    own = page_weight.own_assets(site)
    total = sum(gz for _, gz in own.values())
    with capsys.disabled():
        print(f"\nOur own CSS and JS: {kb(total)} KB gzip (budget {kb(MAX_OWN_GZIP)} KB): "
              + ", ".join(f"{path} {kb(gz)} KB" for path, (_, gz) in own.items()))
    assert total <= MAX_OWN_GZIP, own


def test_no_web_fonts(site):
    assert not page_weight.web_fonts(site)
    font_faces = [path.relative_to(site).as_posix() for path in site.rglob("*.css")
                  if re.search(r"@font-face", path.read_text(encoding="utf-8"))]
    assert not font_faces


def test_every_image_is_svg_or_sized(site):
    assert not page_weight.images_without_size(site)


def test_offline_zip_size(site, capsys):
    """The zip the build itself made and offers for download."""
    size = (site / ZIP_URI).stat().st_size
    with capsys.disabled():
        print(f"\nOffline zip: {size / 1024 / 1024:.2f} MB (budget "
              f"{MAX_ZIP_BYTES / 1024 / 1024:.0f} MB)")
    assert size <= MAX_ZIP_BYTES
