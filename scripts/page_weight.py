"""Page weight: what a reader's browser downloads on a first visit to each hand-written page.

Usage:
    .venv/bin/python scripts/page_weight.py              build the site fresh, measure, print
    .venv/bin/python scripts/page_weight.py --site site  measure an existing build
    .venv/bin/python scripts/page_weight.py --markdown   the same as a Markdown section

Each page is opened in headless Chromium (a new browser context per page, browser cache off)
over http on 127.0.0.1, and everything the browser fetches until the network is idle is
counted, including the search worker and its index. Python's http.server does not compress,
so every response body is gzip-compressed here at level 6, the way a typical web server would
send it. The same functions are used by tests/test_budgets.py, which asserts the budgets below.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import io
import statistics
import sys
import tempfile
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitekit import (CHROMIUM, CHROMIUM_ARGS, DOCS, GZIP_LEVEL, build_or_reuse, new_context,
                     reader_pages, serve)

# Budgets (bytes; 1 KB = 1024 bytes). tests/test_budgets.py asserts them. Never raise one to
# make a test pass: find what got heavier (this script prints every response of a page).
MAX_PAGE_GZIP = 90 * 1024            # everything a first visit fetches, gzip level 6
MAX_PAGE_REQUESTS = 10
MAX_OWN_GZIP = 12 * 1024             # the CSS and JS we wrote ourselves, together
MAX_ZIP_BYTES = 6 * 1024 * 1024      # the offline edition
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
SETTLE_MS = 300
PARALLEL = 3          # pages measured at once


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


class _Visit:
    """One first visit in its own browser context (so nothing is cached from another page)."""

    def __init__(self, browser, base_url: str, page: str):
        self.base_url, self.page, self.requests = base_url, page, []
        self.context = new_context(browser, viewport={"width": 390, "height": 844})
        self.tab = self.context.new_page()
        cdp = self.context.new_cdp_session(self.tab)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        # On the context, so requests made by the page's workers (search) are counted too.
        self.context.on("request", lambda request: self.requests.append(request))
        self.tab.goto(base_url + page, wait_until="commit")

    def finish(self) -> PageWeight:
        try:
            self.tab.wait_for_load_state("networkidle")
            seen = -1
            while seen != len(self.requests):   # a worker may start late: wait until quiet
                seen = len(self.requests)
                self.tab.wait_for_timeout(SETTLE_MS)
            weight = PageWeight(self.page)
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


def measure_page(browser, base_url: str, page: str) -> PageWeight:
    """First visit to `page` with an empty, disabled cache: every request until network idle."""
    return _Visit(browser, base_url, page).finish()


def measure_pages(browser, base_url: str, pages, parallel: int = PARALLEL) -> list[PageWeight]:
    """measure_page for each page, a few at a time (sizes do not depend on timing)."""
    pages, weights = list(pages), []
    for start in range(0, len(pages), parallel):
        visits = [_Visit(browser, base_url, page) for page in pages[start:start + parallel]]
        weights += [visit.finish() for visit in visits]
    return weights


def own_asset_paths(docs: Path = DOCS) -> list[str]:
    """The CSS and JS we write ourselves: every .css and .js file under docs/ (site.css,
    site.js, quiz.css, quiz.js, ...). Material's files and the npm search polyfill are not
    in docs/, so they never count."""
    return sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*")
                  if path.suffix in (".css", ".js") and "data" not in path.relative_to(docs).parts)


def own_assets(site: Path) -> dict[str, tuple[int, int]]:
    """{path: (raw bytes, gzip bytes)} of the CSS and JS we wrote, as built."""
    return {path: ((site / path).stat().st_size, gzip_size((site / path).read_bytes()))
            for path in own_asset_paths()}


def web_fonts(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*")
                  if path.suffix.lower() in FONT_SUFFIXES)


def images_without_size(site: Path) -> list[str]:
    """'page: src' for every <img> that is not SVG and lacks width or height attributes."""
    from bs4 import BeautifulSoup
    found = []
    for html_file in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            src = img.get("src", "")
            is_svg = urlsplit(src).path.lower().endswith(".svg") or src.startswith("data:image/svg")
            if not is_svg and not (img.get("width") and img.get("height")):
                found.append(f"{html_file.relative_to(site).as_posix()}: {src}")
    return found


def zip_size(site: Path, out: Path) -> int:
    from make_offline_zip import make_zip
    return make_zip(site, out)


# --- output ----------------------------------------------------------------------------------

def _verdict(weight: PageWeight) -> str:
    if weight.status != 200:
        return f"NOT FOUND (HTTP {weight.status})"
    return "ok" if weight.gzip <= MAX_PAGE_GZIP and weight.requests <= MAX_PAGE_REQUESTS else "OVER"


def page_table(weights: list[PageWeight], markdown: bool = False) -> str:
    rows = [(w.page, str(w.requests), kb(w.gzip), kb(w.raw), _verdict(w)) for w in weights]
    header = ("page", "requests", "KB gzip", "KB raw", "budget")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|--:|--:|--:|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    width = max(len(row[0]) for row in rows + [header])
    fmt = f"{{:<{width}}}  {{:>8}}  {{:>7}}  {{:>7}}  {{}}"
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
                  "visit to each hand-written page in headless Chromium (cache off, new context "
                  "per page) over http on 127.0.0.1, everything fetched until network idle, each "
                  "body gzip-compressed at level 6. 1 KB = 1024 bytes.", ""]
    else:
        lines += ["Page weight: first visit, cache off, until network idle; bodies gzip level 6",
                  ""]
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
        zip_bytes = zip_size(site, Path(temp) / "offline.zip")
        with serve(site) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                weights = measure_pages(browser, base_url, reader_pages())
            finally:
                browser.close()
        print(report(site, weights, zip_bytes, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
