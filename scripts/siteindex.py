"""One parsed index of each built page: its ids, links, article headings, canonical link and
redirect target, read once with the standard library's HTMLParser.

Tests and scripts that only need to know what a page links to, which anchors it has, or where it
redirects ask this index instead of walking a BeautifulSoup tree (`soup.find(id=...)` is a linear
walk per call; `id in index[page].ids` is a set lookup). Tests that look at the shape of the HTML
(what is inside a box, what a reader reads) still use BeautifulSoup.
"""
from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


@dataclasses.dataclass
class PageIndex:
    ids: set[str] = dataclasses.field(default_factory=set)
    links: list[str] = dataclasses.field(default_factory=list)          # every <a href>, in order
    headings: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (h2/h3, id) in <article>
    canonical: str | None = None
    refresh: str | None = None                   # a redirect stub's target (meta refresh url=)
    has_article: bool = False
    # Elements that make the browser fetch something by itself: (tag, attributes), in order.
    fetches: list[tuple[str, dict]] = dataclasses.field(default_factory=list)
    styles: list[str] = dataclasses.field(default_factory=list)     # text of each <style>


FETCHING_TAGS = {"script", "img", "iframe", "source", "audio", "video", "embed", "object", "link"}


class _Reader(HTMLParser):
    def __init__(self, index: PageIndex):
        super().__init__(convert_charrefs=True)
        self.index = index
        self.in_article = 0
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FETCHING_TAGS:
            self.index.fetches.append((tag, attributes))
        if tag == "style":
            self.in_style = True
            self.index.styles.append("")
        if attributes.get("id"):
            self.index.ids.add(attributes["id"])
        if tag == "article":
            self.in_article += 1
            self.index.has_article = True
        elif tag == "a" and attributes.get("href") is not None:
            self.index.links.append(attributes["href"])
        elif tag in ("h2", "h3") and self.in_article and attributes.get("id"):
            self.index.headings.append((tag, attributes["id"]))
        elif tag == "link" and "canonical" in (attributes.get("rel") or "").split():
            self.index.canonical = attributes.get("href")
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            content = attributes.get("content") or ""
            self.index.refresh = content.split("url=", 1)[1] if "url=" in content else ""

    def handle_data(self, data):
        if self.in_style:
            self.index.styles[-1] += data

    def handle_endtag(self, tag):
        if tag == "article" and self.in_article:
            self.in_article -= 1
        elif tag == "style":
            self.in_style = False


def index_page(path: Path) -> PageIndex:
    index = PageIndex()
    reader = _Reader(index)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return index


class SiteIndex:
    """Every page of a built site, parsed on first use and kept: `index["faq.html"].ids`."""

    def __init__(self, site: Path):
        self.site = Path(site)
        self.pages = sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))
        self._parsed: dict[str, PageIndex] = {}

    def __getitem__(self, page: str) -> PageIndex:
        if page not in self._parsed:
            self._parsed[page] = index_page(self.site / page)
        return self._parsed[page]

    def __contains__(self, page: str) -> bool:
        return (self.site / page).is_file() and page.endswith(".html")

    def site_url(self) -> str:
        """The site's full address ("https://…/muscle-twitch-guide/"), from the home page's
        canonical link."""
        return self["index.html"].canonical.rsplit("/", 1)[0] + "/"

    def base_path(self) -> str:
        """The path part of the site's address ("/muscle-twitch-guide/")."""
        return urlsplit(self.site_url()).path
