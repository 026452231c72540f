"""How well the site's search finds the page a reader means: the team's query set
(tests/search_queries.yml) typed into the real search box in headless Chromium.

Usage:
    .venv/bin/python scripts/bench_search.py                 build, serve, type every query, print
    .venv/bin/python scripts/bench_search.py --site DIR      use an existing build
    .venv/bin/python scripts/bench_search.py --misses        also list each query not in the top 3
    .venv/bin/python scripts/bench_search.py --write         also write the "Search ranking"
                                                             section of PERFORMANCE.md
    .venv/bin/python scripts/bench_search.py --queries FILE  another query file of the same form

Prints the share of queries with a right page among the first three results, and the mean
reciprocal rank (1 for a right page first, 1/2 second, ..., 0 if none is shown).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
from pathlib import Path

from searchkit import QUERY_FILE, TOP, load_queries, open_search, rank, scores, search
from sitekit import CHROMIUM, CHROMIUM_ARGS, ROOT, build_or_reuse, serve

PERFORMANCE = ROOT / "PERFORMANCE.md"
SECTION = "## Search ranking"
# Kept in the section on every rewrite: where the ranking started (issue 23).
BEFORE = ("Before the ranking work of issue 23 (commit 938bd5d: no readers' words in the index, "
          "no search weights, no typing-slip tolerance) the same 82 queries scored 61.0% "
          "(50 of 82) in the top 3 and a mean reciprocal rank of 0.511.")


def measure(site: Path, queries) -> list[tuple]:
    from playwright.sync_api import sync_playwright
    rows = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        open_search(tab, base)
        for query in queries:
            results = search(tab, base, query.text)
            rows.append((query, rank(results, query), results[:TOP]))
        browser.close()
    return rows


def section(rows, source: str) -> str:
    top, mrr = scores([place for _query, place, _results in rows])
    misses = [(query, place) for query, place, _results in rows if place is None or place > TOP]
    lines = [SECTION, "",
             f"Measured {dt.date.today():%d %B %Y} with `scripts/bench_search.py` "
             f"({len(rows)} queries from `{source}`, typed into the search box in headless "
             "Chromium at 1280 px):", "",
             "| measure | value |", "|---|--:|",
             f"| right page in the top {TOP} | {top:.1%} ({round(top * len(rows))} of {len(rows)}) |",
             f"| mean reciprocal rank | {mrr:.3f} |", "", BEFORE, ""]
    if misses:
        lines += [f"Not in the top {TOP}: " + "; ".join(
            f'"{query.text}" ({"not shown" if place is None else f"place {place}"})'
            for query, place in misses) + ".", ""]
    return "\n".join(lines)


def write_section(text: str, path: Path = PERFORMANCE) -> None:
    """Replace the section (up to the next `## ` heading), or add it at the end."""
    old = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _m: text + "\n", old) if pattern.search(old) \
        else old.rstrip("\n") + "\n\n" + text
    path.write_text(new, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build afresh)")
    parser.add_argument("--queries", type=Path, default=QUERY_FILE)
    parser.add_argument("--misses", action="store_true", help="list the queries not in the top 3")
    parser.add_argument("--write", action="store_true", help="write the section into PERFORMANCE.md")
    args = parser.parse_args()
    queries = load_queries(args.queries)
    with tempfile.TemporaryDirectory() as temp:
        site = build_or_reuse(args.site, Path(temp))
        if site is None:
            return 1
        rows = measure(site, queries)
    source = args.queries.resolve().relative_to(ROOT) if args.queries.resolve().is_relative_to(ROOT) \
        else args.queries.name
    text = section(rows, str(source))
    print(text)
    if args.misses:
        for query, place, results in rows:
            if place is None or place > TOP:
                print(f"{place!s:>4}  {query.text!r} wants {', '.join(query.pages)}; got {results}")
    if args.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
