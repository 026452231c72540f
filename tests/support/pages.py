"""The pages a build makes, and the helpers several test modules read them with."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup

from sitekit import ROOT, checker_pages, load_guide, reader_pages

GUIDE = load_guide()
# Hand-written pages, by their built path; generated checker pages are listed from the data.
READER_PAGES = list(reader_pages())
CHECKER_PAGES = list(checker_pages())
ALL_PAGES = READER_PAGES + CHECKER_PAGES
PUBLISHED_LIST = ROOT / "tests" / "published_urls.txt"


@lru_cache(maxsize=None)
def soup_of(path: Path) -> BeautifulSoup:
    """A built page parsed once per worker (for tests that look at the shape of the HTML; ids,
    links and headings are in the `site_index` fixture)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def normal(text: str) -> str:
    """Whitespace folded to single spaces, as a reader sees it."""
    return " ".join(text.split())


def promised() -> list[str]:
    """tests/published_urls.txt: every page and anchor the site has handed out."""
    return [line.strip() for line in PUBLISHED_LIST.read_text().splitlines()
            if line.strip() and not line.startswith("#")]
