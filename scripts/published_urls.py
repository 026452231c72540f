"""The list of published URLs and section anchors: what clinicians may have linked to.

`tests/published_urls.txt` is the committed promise. This module lists what a built site
publishes now, so a test can compare the two. To add new pages and sections after a build:
    python scripts/published_urls.py site >> tests/published_urls.txt   (then sort and review)
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bs4 import BeautifulSoup

SKIP_PAGES = {"404.html"}


def published(site: Path) -> list[str]:
    """Every page, and every heading or question anchor on it, as 'page' or 'page#id' lines."""
    lines = []
    for html_file in sorted(site.rglob("*.html")):
        page = html_file.relative_to(site).as_posix()
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        if page in SKIP_PAGES or soup.select_one('meta[http-equiv="refresh"]'):
            continue                                    # redirect stubs are not pages
        lines.append(page)
        article = soup.select_one("article")
        for heading in article.select("h2[id], h3[id]") if article else []:
            if heading["id"] not in ("__comments",):
                lines.append(f"{page}#{heading['id']}")
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    site = parser.parse_args().site
    if not (site / "index.html").is_file():
        parser.error(f"{site} is not a built site (no index.html): run `make build` first")
    print("\n".join(published(site)))
