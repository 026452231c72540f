"""The list of published URLs and section anchors: what clinicians may have linked to.

`tests/published_urls.txt` is the committed promise. This module lists what a built site
publishes now, so a test can compare the two. To add new pages and sections after a build:
    python scripts/published_urls.py site >> tests/published_urls.txt   (then sort and review)
"""
from __future__ import annotations

import argparse
from pathlib import Path

from siteindex import SiteIndex

SKIP_PAGES = {"404.html"}


def published(site: Path | SiteIndex) -> list[str]:
    """Every page, and every heading or question anchor on it, as 'page' or 'page#id' lines
    (from a built site folder, or the tests' shared index of one)."""
    index = site if isinstance(site, SiteIndex) else SiteIndex(site)
    lines = []
    for page in index.pages:
        if page in SKIP_PAGES or index[page].refresh is not None:
            continue                                    # redirect stubs are not pages
        lines.append(page)
        for _, anchor in index[page].headings:
            if anchor not in ("__comments",):
                lines.append(f"{page}#{anchor}")
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    site = parser.parse_args().site
    if not (site / "index.html").is_file():
        parser.error(f"{site} is not a built site (no index.html): run `make build` first")
    print("\n".join(published(site)))
