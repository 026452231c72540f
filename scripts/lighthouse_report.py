"""Lighthouse scores of the key pages, served from a fresh build on 127.0.0.1.

Usage:
    .venv/bin/python scripts/lighthouse_report.py                build, serve, run, print
    .venv/bin/python scripts/lighthouse_report.py --site site    use an existing build
    .venv/bin/python scripts/lighthouse_report.py --markdown     the same as a Markdown section
    .venv/bin/python scripts/lighthouse_report.py --keep DIR     keep the JSON reports in DIR

Needs the pinned devDependency (`npm ci` installs node_modules/.bin/lighthouse 12.2.3) and
Chromium (CHROMIUM or /usr/bin/chromium). Lighthouse runs with its defaults (mobile form factor,
simulated throttling) and only the performance, accessibility, best-practices and SEO
categories. Text files are served gzip-compressed, as GitHub Pages serves them
(`--no-compress` serves them raw, as Python's http.server does; that costs performance points
in Lighthouse's simulated slow-4G network). Targets: accessibility, best practices and SEO 100; performance at least 98.
Every audit that keeps a category below its target is listed with its id.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sitekit import CHROMIUM, CHROMIUM_ARGS, ROOT, build_or_reuse, serve

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# One page of every kind: home, a topic, the FAQ, the quiz, for clinicians, the glossary, the
# checker's start, a checker question, a checker result and the overview diagram.
PAGES = ("index.html", "types/fasciculations.html", "faq.html", "quiz/index.html",
         "for-clinicians.html", "glossary.html", "check/index.html", "check/sudden-signs.html",
         "check/ordinary-twitch.html", "check/overview.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
SKIPPED_MODES = ("notApplicable", "manual", "informative")


def run_lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run; returns the parsed JSON report."""
    flags = " ".join([*CHROMIUM_ARGS, "--headless=new"])
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}", "--quiet"]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM},
                            capture_output=True, text=True, timeout=300)
    if result.returncode or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stdout}\n{result.stderr}")
    return json.loads(out.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, int]:
    return {category: round(report["categories"][category]["score"] * 100)
            for category in CATEGORIES}


def failing_audits(report: dict, category: str) -> list[str]:
    """'id (score, value)' for each scored audit of `category` that is not perfect. For
    performance, the weighted metrics and any opportunity or diagnostic scoring below 0.9."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in SKIPPED_MODES:
            continue
        limit = 1 if category != "performance" or ref.get("weight") else 0.9
        if score < limit:
            value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
            found.append(f"{ref['id']} ({score:.2f}{value})")
    return found


def measure(base_url: str, folder: Path, runs: int, pages=PAGES) -> dict[str, dict]:
    """{page: {"scores": median scores, "failing": {category: [audits]}}}"""
    results = {}
    for page in pages:
        reports = [run_lighthouse(base_url + page,
                                  folder / f"{page.replace('/', '_')}-{number}.json")
                   for number in range(1, runs + 1)]
        medians = {category: round(statistics.median(scores(r)[category] for r in reports))
                   for category in CATEGORIES}
        # Audits from the run whose performance score is the median one.
        report = sorted(reports, key=lambda r: scores(r)["performance"])[len(reports) // 2]
        failing = {category: failing_audits(report, category) for category in CATEGORIES
                   if medians[category] < TARGETS[category]}
        errored = sorted({audit_id for r in reports for audit_id, audit in r["audits"].items()
                          if audit.get("scoreDisplayMode") == "error"})
        results[page] = {"scores": medians, "failing": failing, "errored": errored}
    return results


def render(results: dict, runs: int, compressed: bool, markdown: bool) -> str:
    names = {"performance": "Performance", "accessibility": "Accessibility",
             "best-practices": "Best practices", "seo": "SEO"}
    header = ("page", *(names[c] for c in CATEGORIES))
    rows = [(page, *(str(data["scores"][c]) + ("" if data["scores"][c] >= TARGETS[c] else " *")
                     for c in CATEGORIES)) for page, data in results.items()]
    targets = ("target", *(("≥ " if c == "performance" else "") + str(TARGETS[c])
                           for c in CATEGORIES))
    serving = ("with gzip, as GitHub Pages sends text files" if compressed
               else "without compression")
    out = []
    if markdown:
        out += ["## Lighthouse", "",
                f"Measured {dt.date.today().isoformat()} with `scripts/lighthouse_report.py`: "
                f"Lighthouse {lighthouse_version()}, mobile form factor and simulated throttling "
                f"(the defaults), headless Chromium, site served on 127.0.0.1 by Python's "
                f"http.server {serving}; {runs} run(s) per page, median score; "
                f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end "
                "(Lighthouse's CPU estimates suffer on a busy machine). "
                "`*` marks a score below its target.", "",
                "| " + " | ".join(header) + " |", "|---|--:|--:|--:|--:|"]
        out += ["| " + " | ".join(row) + " |" for row in [targets, *rows]]
    else:
        width = max(len(row[0]) for row in [header, *rows])
        fmt = f"{{:<{width}}}" + "  {:>14}" * len(CATEGORIES)
        out += [f"Lighthouse {lighthouse_version()}, mobile, served {serving}, {runs} run(s) "
                "per page (median); * = below target", ""]
        out += [fmt.format(*row) for row in [header, targets, *rows]]
    below = [(page, category, audits) for page, data in results.items()
             for category, audits in data["failing"].items()]
    out += ["", "Below target:" if below else "Every page meets every target."]
    for page, category, audits in below:
        line = f"{page}, {names[category]} {results[page]['scores'][category]}: " + (
            ", ".join(_code(a) if markdown else a for a in audits) if audits
            else "no single failing audit (score varies between runs)")
        out.append(f"- {line}" if markdown else f"  {line}")
    errored = sorted({audit for data in results.values() for audit in data["errored"]})
    if errored:
        out += ["", "Audits Lighthouse could not run with this Chromium (unscored, so they do not "
                "change the scores, but their advice is missing): "
                + ", ".join(f"`{a}`" if markdown else a for a in errored)]
    return "\n".join(out)


def _code(audit: str) -> str:
    """'id (0.50, 2 KiB)' -> '`id` (0.50, 2 KiB)'."""
    audit_id, _, rest = audit.partition(" ")
    return f"`{audit_id}` {rest}".rstrip()


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build afresh)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median score)")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--no-compress", action="store_true",
                        help="serve without gzip (plain http.server) instead of like GitHub Pages")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown section")
    parser.add_argument("--pages", nargs="+", default=PAGES, metavar="PAGE",
                        help="built paths to measure (default: one page of every kind)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `npm ci`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as temp:
        site = build_or_reuse(args.site, Path(temp))
        if site is None:
            return 1
        folder = args.keep or Path(temp) / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        with serve(site, compress=not args.no_compress) as base_url:
            results = measure(base_url, folder, args.runs, tuple(args.pages))
    print(render(results, args.runs, not args.no_compress, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
