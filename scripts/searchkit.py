"""The team's search query set, and how a reader's query is put to the real search box.

Shared by tests/test_search_ranking.py (holds the ranking) and scripts/bench_search.py (prints it
into PERFORMANCE.md). A query is typed into Material's search box in Chromium, key by key, as a
reader types it; the answer is the list of pages in the order the results show them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sitekit import ROOT

QUERY_FILE = ROOT / "tests" / "search_queries.yml"
TOP = 3                      # a reader looks at the first three results


@dataclass(frozen=True)
class Query:
    text: str
    pages: tuple[str, ...]   # built paths that count as a right answer, e.g. "types/hypnic-jerks.html"
    topics: tuple[str, ...]  # the topics as the query's writer named them


def load_queries(path: Path = QUERY_FILE) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(item["query"], tuple(item["pages"]), tuple(item.get("topics", ())))
            for item in data["queries"]]


def rank(results: list[str], query: Query) -> int | None:
    """Place (1-based) of the first right page among the results, or None."""
    for place, page in enumerate(results, start=1):
        if page in query.pages:
            return place
    return None


def scores(ranks: list[int | None]) -> tuple[float, float]:
    """(share with a right page in the top 3, mean reciprocal rank)."""
    top = sum(1 for place in ranks if place is not None and place <= TOP) / len(ranks)
    mrr = sum(1 / place for place in ranks if place is not None) / len(ranks)
    return top, mrr


# --- the browser side ------------------------------------------------------------------------

BOX = "input.md-search__input"
RESULT_ITEMS = ".md-search-result__item"   # one per page; its first link is the page
META = ".md-search-result__meta"

# The page paths of the results shown, in order, and the line above them; read in one step so
# both come from the same rendering.
_READ = """([items, meta]) => {
  const pages = [...document.querySelectorAll(items)].map(li => li.querySelector("a").href);
  const line = document.querySelector(meta);
  return [pages, line ? line.textContent.trim() : ""];
}"""


def open_search(tab, base_url: str) -> None:
    """Open a page and focus the search box (which loads the index on demand)."""
    tab.goto(base_url + "index.html")
    tab.wait_for_load_state("load")
    if tab.viewport_size["width"] < 1220:
        tab.locator("label.md-header__button[for=__search]").click()
    else:
        tab.locator(BOX).click()


def search(tab, base_url: str, text: str, settle_ms: int = 250) -> list[str]:
    """Type `text` into the open search box and return the result pages (built paths), once the
    results have stopped changing for `settle_ms` (the last key's answer has arrived)."""
    box = tab.locator(BOX)
    box.fill("")
    box.press("Backspace")                     # a key event: Material reads the box on keyup
    # A function, not an expression: the CSP refuses the eval() Playwright polls an expression with.
    tab.wait_for_function(f"() => document.querySelector({META!r}).textContent.trim() !== ''")
    box.press_sequentially(text)
    last, still_since = None, None
    while True:
        now = tab.evaluate(_READ, [RESULT_ITEMS, META])
        clock = tab.evaluate("performance.now()")
        if now != last:
            last, still_since = now, clock
        elif clock - still_since >= settle_ms and not now[1].lower().startswith("initializ"):
            break
        tab.wait_for_timeout(50)
    return [page_path(href, base_url) for href in last[0]]


def page_path(href: str, base_url: str) -> str:
    path = urlsplit(href).path
    base = urlsplit(base_url).path
    return path[len(base):] if path.startswith(base) else path.lstrip("/")
