"""The "For clinicians" link lists: every reader page and its main sections, with full URLs,
and the short links.

Made from the site itself (each page's title, its front-matter description and the headings
of its rendered table of contents), so the lists can never fall behind the pages. Pure
functions: the hook passes the pages in once every page has been rendered. All text is
HTML-escaped on output.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .markup import built_path, html_text, relative_link

PAGE = "for-clinicians.md"        # the page that shows the lists (it does not list itself)
# `<!-- guide:clinician-links -->` and `<!-- guide:clinician-aliases -->` become these markers
# in the page's Markdown; `fill` replaces them once all pages are rendered.
LINKS_MARKER = "<!-- mtg:clinician-links -->"
ALIASES_MARKER = "<!-- mtg:clinician-aliases -->"
# Pages whose `###` headings are worth a link of their own (each FAQ answer is a question).
H3_PAGES = frozenset({"faq.md"})
# Sections the build appends to every page: the same on each, so not listed per page.
APPENDED_SECTIONS = frozenset({"when-to-get-help", "sources"})


@dataclass(frozen=True)
class Section:
    title: str
    url: str            # site-relative, with the fragment: "faq.html#tongue-twitching"
    level: int = 2


@dataclass(frozen=True)
class LinkPage:
    title: str
    description: str
    url: str            # site-relative: "types/fasciculations.html"
    sections: tuple[Section, ...] = ()


def plain_heading(text: str) -> str:
    """A table-of-contents title (escaped HTML text) as plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split())


def sections(src_uri: str, url: str, toc) -> tuple[Section, ...]:
    """The linkable sections of a page from its table of contents (items with `.title`, `.id`,
    `.level` and `.children`): every h2, and on the pages in H3_PAGES every h3 as well."""
    found = []

    def walk(items) -> None:
        for item in items:
            if item.level == 2 and item.id not in APPENDED_SECTIONS:
                found.append(Section(plain_heading(item.title), f"{url}#{item.id}", 2))
            elif item.level == 3 and src_uri in H3_PAGES:
                found.append(Section(plain_heading(item.title), f"{url}#{item.id}", 3))
            walk(item.children)

    walk(toc)
    return tuple(found)


def link_page(src_uri: str, url: str, title: str, description: str | None, toc) -> LinkPage:
    """One page's entry, from its title, front-matter description and table of contents."""
    return LinkPage(str(title or url), str(description or ""), url, sections(src_uri, url, toc))


def full_url(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url


def _address(site_url: str, url: str) -> str:
    """The full URL as text. site.js adds a "Copy link" button after it: a button that does
    nothing without JavaScript would only mislead, and the page stays lighter."""
    return f'<span class="mtg-url">{html_text(full_url(site_url, url))}</span>'


def link_list(pages: list[LinkPage], site_url: str, from_page: str) -> str:
    """Per page: its title (a link), then a table of the page's full URL and
    its sections' full URLs. A table, because each row is data: a name, an address, a button.
    `from_page` is the built path of the page that shows the list (for relative links)."""
    if not site_url:
        raise ValueError("site_url is empty: the clinicians page shows full URLs")
    blocks = []
    for page in pages:
        rows = [f'<tr><th scope="row">Whole page</th>'
                f'<td>{_address(site_url, page.url)}</td></tr>']
        for section in page.sections:
            level = ' class="mtg-level-3"' if section.level == 3 else ""    # only h3s are indented
            rows.append(f'<tr{level}><th scope="row">'
                        f'<a href="{html_text(relative_link(from_page, section.url))}">'
                        f'{html_text(section.title)}</a></th>'
                        f'<td>{_address(site_url, section.url)}</td></tr>')
        blocks.append(
            f'<div class="mtg-link-page">\n<p><a class="mtg-link-title" '
            f'href="{html_text(relative_link(from_page, page.url))}">{html_text(page.title)}</a>'
            # Titles only: each page's description (its first line in search results) cost
            # 1.2 KB gzip here and put the page over the 90 KB first-visit budget.
            '</p>\n'
            # aria-label, not a hidden <caption>: the same name, fewer bytes (page-weight budget)
            f'<table class="mtg-link-table" aria-label="Links to {html_text(page.title)}">\n'
            '<tbody>\n' + "\n".join(rows) + '\n</tbody>\n</table>\n</div>')
    return '<div class="mtg-link-list">\n' + "\n".join(blocks) + "\n</div>\n"


def alias_list(aliases: dict[str, str], pages: list[LinkPage], site_url: str,
               from_page: str) -> str:
    """The short links (`redirect_maps` of mkdocs-redirects: alias .md -> page .md) as a table."""
    if not site_url:
        raise ValueError("site_url is empty: the clinicians page shows full URLs")
    titles = {page.url: page.title for page in pages}
    rows = []
    for alias, target in aliases.items():
        alias_url, target_url = built_path(alias), built_path(target)
        title = titles.get(target_url, target_url)
        rows.append(f'<tr><th scope="row"><a href="{html_text(relative_link(from_page, alias_url))}">'
                    f'{html_text(alias_url)}</a></th><td>{html_text(title)}</td><td>'
                    f'{_address(site_url, alias_url)}</td></tr>')
    return ('<table class="mtg-link-table mtg-alias-table">\n<thead><tr><th scope="col">Short link'
            '</th><th scope="col">Opens</th><th scope="col">Full address</th></tr></thead>\n'
            '<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n")


def fill(content: str, pages: list[LinkPage], aliases: dict[str, str], site_url: str,
         from_page: str) -> str:
    """Replace the markers in a rendered page with the lists."""
    if LINKS_MARKER in content:
        content = content.replace(LINKS_MARKER, link_list(pages, site_url, from_page))
    if ALIASES_MARKER in content:
        content = content.replace(ALIASES_MARKER, alias_list(aliases, pages, site_url,
                                                             from_page))
    return content


__all__ = ["Section", "LinkPage", "sections", "link_page", "link_list", "alias_list", "fill",
           "full_url", "plain_heading", "PAGE", "LINKS_MARKER", "ALIASES_MARKER"]
