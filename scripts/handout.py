"""Print pages to A4 PDF in headless Chromium, as a clinician would, and say how long each is.

Usage: python scripts/handout.py [--site SITE] PAGE.html [...]     (or: make handout PAGE=...)
Builds the site afresh unless --site names a build. The PDFs go to test-artifacts/handouts/.
A topic page may take 2 sheets (4 sides); a checker result and the doctor checklist 1 side.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

from sitekit import CHROMIUM, CHROMIUM_ARGS, ROOT, build_or_reuse, serve

ARTIFACTS = ROOT / "test-artifacts" / "handouts"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build afresh)")
    parser.add_argument("pages", nargs="+", help="built paths, such as types/fasciculations.html")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        site = build_or_reuse(args.site, Path(temp))
        if site is None:
            return 1
        with serve(site) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page()
            for page in args.pages:
                tab.goto(base_url + page)
                pdf = tab.pdf(format="A4", prefer_css_page_size=True)
                target = ARTIFACTS / (page[:-5].replace("/", "--") + ".pdf")
                target.write_bytes(pdf)
                sides = len(PdfReader(io.BytesIO(pdf)).pages)
                sheets = (sides + 1) // 2
                print(f"{page}: {sides} side{'s' * (sides != 1)} of A4, {sheets} "
                      f"sheet{'s' * (sheets != 1)} printed on both sides "
                      f"({target.relative_to(ROOT)})")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
