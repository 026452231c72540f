"""Page weight: what a reader's browser downloads on a first visit to each hand-written page.

Usage:
    .venv/bin/python scripts/page_weight.py              build the site fresh, measure, print
    .venv/bin/python scripts/page_weight.py --site site  measure an existing build
    .venv/bin/python scripts/page_weight.py --markdown   the same as a Markdown section

Each page is opened once in headless Chromium, on a phone (a new browser context per page,
browser cache off) over http on 127.0.0.1, and everything the browser fetches until the network
is idle is counted, including any worker's requests. Python's http.server does not compress,
so every response body is gzip-compressed here at level 6, the way a typical web server would
send it. The same visit measures the page's layout shift while it loads: the scripts at the end
of its body are held back until the page has painted, the order a slow network gives. The same
functions are used by tests/test_budgets.py, which asserts the budgets below.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import statistics
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sitekit import (CHROMIUM, CHROMIUM_ARGS, DOCS, GZIP_LEVEL, build_or_reuse, new_context,
                     reader_pages, serve, settle)
from twitchguide.pages import quiz_page
from twitchguide.pages.markup import built_path
from twitchguide.site.offline_zip import ZIP_URI

# Budgets (bytes; 1 KB = 1024 bytes). tests/test_budgets.py asserts them. Never raise one to
# make a test pass: find what got heavier (this script prints every response of a page).
MAX_PAGE_GZIP = 90 * 1024            # everything a first visit fetches, gzip level 6
MAX_PAGE_REQUESTS = 10
MAX_OWN_GZIP = 12 * 1024             # the CSS and JS we wrote ourselves, together
MAX_ZIP_BYTES = 6 * 1024 * 1024      # the offline edition
MAX_LAYOUT_SHIFT = 0.01              # Lighthouse fails a page above 0.1
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
SETTLE_MS = 300
PARALLEL = 4          # pages measured at once, each in its own context
# Lighthouse's phone: the layout a reader on a phone sees first.
PHONE = {"is_mobile": True, "device_scale_factor": 1.75, "viewport": {"width": 412, "height": 823}}


def gzip_size(data: bytes) -> int:
    """Bytes on the wire if a server sent `data` gzip-compressed at level 6."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@dataclass
class Resource:
    url: str            # relative to the site root when served from it
    kind: str           # Chromium's resource type: document, stylesheet, script, xhr, ...
    status: int | None
    raw: int
    gzip: int


@dataclass
class PageWeight:
    page: str
    resources: list[Resource] = field(default_factory=list)
    layout_shift: float = 0.0       # cumulative, from the first byte until the page is still
    late_scripts: int = 0           # body scripts that ran after the first paint

    @property
    def status(self) -> int | None:
        """HTTP status of the page itself (the first document request)."""
        return next((r.status for r in self.resources if r.kind == "document"), None)

    @property
    def requests(self) -> int:
        return len(self.resources)

    @property
    def gzip(self) -> int:
        return sum(resource.gzip for resource in self.resources)

    @property
    def raw(self) -> int:
        return sum(resource.raw for resource in self.resources)

    def heaviest(self, count: int = 5) -> str:
        """'url 52.7 KB, ...': what weighs what, for a budget failure message."""
        top = sorted(self.resources, key=lambda resource: -resource.gzip)[:count]
        return ", ".join(f"{resource.url} {kb(resource.gzip)} KB" for resource in top)


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def _body(request) -> tuple[int | None, bytes]:
    """Status and body of a finished request. Bodies Chromium no longer holds (rare: worker
    requests after the worker is gone) are fetched again from the local server."""
    response = request.response()
    status = response.status if response else None
    try:
        return status, response.body() if response else b""
    except Exception:       # noqa: BLE001 - Playwright raises a generic Error for lost bodies
        if request.url.startswith("http://127.0.0.1"):
            try:
                with urllib.request.urlopen(request.url, timeout=10) as reply:
                    return status, reply.read()
            except OSError:
                pass
        return status, b""


# Registered before the page's own scripts run. Every shift counts: nobody touches the page
# here, and Chromium flags shifts as "after recent input" under Playwright's phone emulation.
RECORD_LAYOUT_SHIFTS = """
    window.mtgLayoutShift = 0;
    new PerformanceObserver(list => {
        for (const shift of list.getEntries()) window.mtgLayoutShift += shift.value;
    }).observe({type: "layout-shift", buffered: true});
"""
# Tells the visit (through an exposed function) the moment the page first paints, so its held
# scripts go on at once, while other visits are still being waited for.
REPORT_FIRST_PAINT = """
    new PerformanceObserver((list, observer) => {
        if (!list.getEntriesByName("first-contentful-paint").length) return;
        observer.disconnect();
        window.mtgPainted();
    }).observe({type: "paint", buffered: true});
"""
# A function, not an expression: Playwright polls an expression with eval(), which the pages'
# Content-Security-Policy refuses (no 'unsafe-eval'); on a busy machine the first paint comes
# after the first check, and the second check failed (CI, 8 December). A function is called
# through the DevTools protocol instead.
PAINTED = "() => performance.getEntriesByName('first-contentful-paint').length > 0"


def scripts_in_head(html_file: Path) -> set[str]:
    """The scripts a page loads in its <head> (as written in the HTML): they block the first
    paint whatever the network, so they are never held back."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return {script["src"] for script in soup.select("head script[src]")}


class _Visit:
    """One first visit on a phone, in its own browser context (so nothing is cached from another
    page). The scripts at the end of the body wait until the page has painted: on a slow network
    a reader sees the page before they have run, and any shift they cause counts. The order is
    decided by conditions, not by a network emulator (Chromium's sometimes never fires `load`,
    microsoft/playwright#22676) or a clock."""

    def __init__(self, browser, base_url: str, page: str, site: Path):
        self.base_url, self.page, self.requests = base_url, page, []
        url = base_url + page
        self.blocking = {urljoin(url, src) for src in scripts_in_head(site / page)}
        self.held, self.painted, self.after_paint = [], False, 0
        self.context = new_context(browser, **PHONE)
        self.tab = self.context.new_page()
        cdp = self.context.new_cdp_session(self.tab)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        # On the context, so requests made by the page's workers are counted too.
        self.context.on("request", lambda request: self.requests.append(request))
        self.tab.route("**/*.js", self._hold_until_painted)
        self.tab.expose_function("mtgPainted", self._release)
        self.tab.add_init_script(RECORD_LAYOUT_SHIFTS + REPORT_FIRST_PAINT)
        self.tab.goto(url, wait_until="commit")

    def _hold_until_painted(self, route):
        if route.request.url in self.blocking:
            route.continue_()
        elif self.painted:
            self.after_paint += 1
            route.continue_()
        else:
            self.held.append(route)

    def _release(self):
        self.painted = True
        for route in self.held:
            route.continue_()

    def finish(self) -> PageWeight:
        """Measure once the page has painted, its held scripts have gone on, the network is
        idle and the page is still."""
        try:
            self.tab.wait_for_function(PAINTED)
            # Held scripts are requests still open: network idle comes after their release.
            self.tab.wait_for_load_state("networkidle")
            seen = -1
            while seen != len(self.requests):   # a worker may start late: wait until quiet
                seen = len(self.requests)
                self.tab.wait_for_timeout(SETTLE_MS)
            settle(self.tab)
            weight = PageWeight(self.page, layout_shift=self.tab.evaluate("window.mtgLayoutShift"),
                                late_scripts=len(self.held) + self.after_paint)
            for request in self.requests:
                if urlsplit(request.url).scheme not in ("http", "https"):
                    continue        # data:, blob: and about: are not downloads
                status, body = _body(request)
                url = request.url.removeprefix(self.base_url)
                weight.resources.append(Resource(url, request.resource_type, status,
                                                 len(body), gzip_size(body)))
            return weight
        finally:
            self.context.close()


def measure_pages(browser, base_url: str, pages, site: Path,
                  parallel: int = PARALLEL) -> list[PageWeight]:
    """The first visit to each page (built in `site`) with an empty, disabled cache: every
    request until network idle, and the layout shift. A few pages at a time: sizes and shifts do
    not depend on timing (the scripts wait for the paint whatever the order)."""
    pages, weights = list(pages), []
    for start in range(0, len(pages), parallel):
        visits = [_Visit(browser, base_url, page, site) for page in pages[start:start + parallel]]
        weights += [visit.finish() for visit in visits]
    return weights


def own_asset_paths(docs: Path = DOCS) -> list[str]:
    """The CSS and JS we write ourselves: every .css and .js file under docs/ (site.css,
    site.js, quiz.css, quiz.js, ...). Material's files and the npm search polyfill are not
    in docs/, so they never count."""
    return sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*")
                  if path.suffix in (".css", ".js") and "data" not in path.relative_to(docs).parts)


def inlined_assets(site: Path) -> dict[str, bytes]:
    """The quiz's CSS and JS as the built quiz page carries them: the style just before the
    quiz box and the script after its data (twitchguide.pages.quiz_page.quiz_block). They ship as
    part of that page, not as files of their own."""
    from bs4 import BeautifulSoup
    page = site / built_path(quiz_page.QUIZ_PAGE)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one("#mtg-quiz")
    style = box.find_previous_sibling("style")
    script = next(tag for tag in box.find_next_siblings("script") if not tag.get("type"))
    css_path, js_path = quiz_page.INLINED_ASSETS
    return {css_path: style.string.encode(), js_path: script.string.encode()}


def own_assets(site: Path) -> dict[str, tuple[int, int]]:
    """{path: (raw bytes, gzip bytes)} of the CSS and JS we wrote, as a reader gets them: a
    file as built, the quiz's as inlined into its page."""
    inlined = inlined_assets(site)
    found = {}
    for path in own_asset_paths():
        data = inlined[path] if path in inlined else (site / path).read_bytes()
        found[path] = (len(data), gzip_size(data))
    return found


def web_fonts(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*")
                  if path.suffix.lower() in FONT_SUFFIXES)


def images_without_size(site) -> list[str]:
    """'page: src' for every <img> that is not SVG and lacks width or height attributes (from a
    built site folder, or the tests' shared index of one)."""
    from siteindex import SiteIndex
    index = site if isinstance(site, SiteIndex) else SiteIndex(site)
    found = []
    for page in index.pages:
        for tag, img in index[page].fetches:
            if tag != "img":
                continue
            src = img.get("src") or ""
            is_svg = urlsplit(src).path.lower().endswith(".svg") or src.startswith("data:image/svg")
            if not is_svg and not (img.get("width") and img.get("height")):
                found.append(f"{page}: {src}")
    return found


# --- output ----------------------------------------------------------------------------------

def _verdict(weight: PageWeight) -> str:
    if weight.status != 200:
        return f"NOT FOUND (HTTP {weight.status})"
    within = (weight.gzip <= MAX_PAGE_GZIP and weight.requests <= MAX_PAGE_REQUESTS
              and weight.layout_shift <= MAX_LAYOUT_SHIFT)
    return "ok" if within else "OVER"


def page_table(weights: list[PageWeight], markdown: bool = False) -> str:
    rows = [(w.page, str(w.requests), kb(w.gzip), kb(w.raw), f"{w.layout_shift:.3f}", _verdict(w))
            for w in weights]
    header = ("page", "requests", "KB gzip", "KB raw", "shift", "budget")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|--:|--:|--:|--:|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    width = max(len(row[0]) for row in rows + [header])
    fmt = f"{{:<{width}}}  {{:>8}}  {{:>7}}  {{:>7}}  {{:>5}}  {{}}"
    return "\n".join(fmt.format(*row) for row in [header] + rows)


def summary(weights: list[PageWeight]) -> dict:
    sizes = [w.gzip for w in weights]
    return {"max_gzip": max(sizes), "median_gzip": statistics.median(sizes),
            "max_requests": max(w.requests for w in weights),
            "heaviest_page": max(weights, key=lambda w: w.gzip).page}


def breakdown(weight: PageWeight, markdown: bool = False) -> str:
    """Every response of one page, heaviest first."""
    rows = sorted(weight.resources, key=lambda resource: -resource.gzip)
    if markdown:
        lines = ["| response | type | KB gzip | KB raw |", "|---|---|--:|--:|"]
        lines += [f"| `{r.url}` | {r.kind} | {kb(r.gzip)} | {kb(r.raw)} |" for r in rows]
        return "\n".join(lines)
    return "\n".join(f"  {kb(r.gzip):>6} KB gzip  {kb(r.raw):>6} KB raw  {r.kind:<11} {r.url}"
                     for r in rows)


def report(site: Path, weights: list[PageWeight], zip_bytes: int, markdown: bool) -> str:
    own = own_assets(site)
    own_gzip = sum(gz for _, gz in own.values())
    info = summary(weights)
    heaviest = next(w for w in weights if w.page == info["heaviest_page"])
    fonts, images = web_fonts(site), images_without_size(site)
    verdict = lambda ok: "within budget" if ok else "OVER BUDGET"   # noqa: E731
    lines = []
    if markdown:
        lines += ["## Page weight", "",
                  f"Measured {dt.date.today().isoformat()} with `scripts/page_weight.py`: first "
                  "visit to each hand-written page in headless Chromium on a phone (cache off, new "
                  "context per page) over http on 127.0.0.1, everything fetched until network "
                  "idle, each body gzip-compressed at level 6. 1 KB = 1024 bytes. Shift: the "
                  "page's layout shift while it loads, its body's scripts held until it has "
                  "painted.", ""]
    else:
        lines += ["Page weight: first visit on a phone, cache off, until network idle; bodies gzip "
                  "level 6; shift: layout shift, body scripts held until the first paint", ""]
    lines += [page_table(weights, markdown), ""]
    figures = [
        f"Heaviest page: {info['heaviest_page']}, {kb(info['max_gzip'])} KB gzip "
        f"(budget {kb(MAX_PAGE_GZIP)} KB): {verdict(info['max_gzip'] <= MAX_PAGE_GZIP)}",
        f"Median page: {kb(info['median_gzip'])} KB gzip",
        f"Most requests: {info['max_requests']} (budget {MAX_PAGE_REQUESTS}): "
        f"{verdict(info['max_requests'] <= MAX_PAGE_REQUESTS)}",
        f"Our own CSS and JS: {kb(own_gzip)} KB gzip (budget {kb(MAX_OWN_GZIP)} KB): "
        f"{verdict(own_gzip <= MAX_OWN_GZIP)}; "
        + ", ".join(f"{path} {kb(gz)} KB" for path, (_, gz) in own.items()),
        f"Offline zip: {zip_bytes / 1024 / 1024:.2f} MB (budget "
        f"{MAX_ZIP_BYTES / 1024 / 1024:.0f} MB): {verdict(zip_bytes <= MAX_ZIP_BYTES)}",
        f"Web fonts in the build: {', '.join(fonts) if fonts else 'none'}",
        f"Images without SVG or width/height: {', '.join(images) if images else 'none'}",
    ]
    lines += [f"- {line}" for line in figures] if markdown else figures
    lines += ["", f"What the heaviest page ({heaviest.page}) fetches, heaviest first:", ""]
    lines += [breakdown(heaviest, markdown)]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build afresh)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown section")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as temp:
        site = build_or_reuse(args.site, Path(temp))
        if site is None:
            return 1
        zip_bytes = (site / ZIP_URI).stat().st_size     # the zip the build itself made
        with serve(site) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                weights = measure_pages(browser, base_url, reader_pages(), site)
            finally:
                browser.close()
        print(report(site, weights, zip_bytes, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
