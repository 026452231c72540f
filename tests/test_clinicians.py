"""The "For clinicians" page and the copy-a-link controls.

The page's link list is generated from the site's own pages and headings; these tests check it
against the nav in mkdocs.yml and the promise in tests/published_urls.txt, check every copy
button's URL, and then copy links in a real browser (clipboard read back) with axe on top.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils import yaml_load

from sitekit import ROOT, STILL, axe_in_scheme, new_page
from support.pages import promised, soup_of
from twitchguide.pages import clinicians

PAGE = "for-clinicians.html"
NAV_CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _nav_sources(items) -> list[str]:
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += _nav_sources(value)
        elif isinstance(value, str) and value.endswith(".md"):
            found.append(value)
    return found


NAV_PAGES = _nav_sources(NAV_CONFIG["nav"])
# Hand-written pages in nav (a file in docs/), as built paths; the clinicians page itself aside.
HAND_WRITTEN = [src[:-3] + ".html" for src in NAV_PAGES
                if (ROOT / "docs" / src).is_file() and src != clinicians.PAGE]
REDIRECTS = next(plugin["redirects"]["redirect_maps"] for plugin in NAV_CONFIG["plugins"]
                 if isinstance(plugin, dict) and "redirects" in plugin)


def copy_urls(site: Path) -> list[str]:
    """The full addresses the page shows (site.js puts a "Copy link" button after each)."""
    return [span.get_text() for span in soup_of(site / PAGE).select("article td > span.mtg-url")]


# ---- the built page -------------------------------------------------------------------------

def test_every_reader_page_in_nav_is_listed_in_nav_order(site, site_index):
    base = site_index.site_url()
    urls = copy_urls(site)
    listed = [url for url in urls if "#" not in url]
    expected = [base + page for page in
                [src[:-3] + ".html" for src in NAV_PAGES if src != clinicians.PAGE]]
    assert HAND_WRITTEN, "no hand-written pages found in nav"
    missing = [page for page in HAND_WRITTEN if base + page not in urls]
    assert not missing, f"pages in nav but not on the clinicians page: {missing}"
    pages_in_list = [url for url in listed if url in expected]
    assert pages_in_list == expected, "pages must appear once each, in nav order"
    assert base + "check/index.html" in urls, "the symptom checker start page"
    assert base + PAGE not in urls, "the page does not list itself"


def test_every_promised_section_of_a_reader_page_is_listed(site, site_index):
    """Every h2 (and FAQ h3) anchor promised in published_urls.txt, apart from the two sections
    the build appends to every page ("When to get help" and "Sources")."""
    base = site_index.site_url()
    urls = set(copy_urls(site))
    expected = []
    for line in promised():
        page, _, anchor = line.partition("#")
        if not anchor or page not in HAND_WRITTEN or anchor in clinicians.APPENDED_SECTIONS:
            continue
        heading = {id_: tag for tag, id_ in site_index[page].headings}.get(anchor)
        levels = ("h2", "h3") if page == "faq.html" else ("h2",)
        if heading in levels:
            expected.append(line)
    assert len(expected) > 100, "the published list should promise many sections"
    missing = [line for line in expected if base + line not in urls]
    assert not missing, "sections not on the clinicians page:\n" + "\n".join(missing)
    assert base + "when-to-see-a-doctor.html#signs" in urls, "the red-flag tiers section"


def test_every_copy_url_is_the_full_url_of_a_real_page_or_section(site, site_index):
    base = site_index.site_url()
    urls = copy_urls(site)
    assert len(urls) > 100
    # Without JavaScript there is no button that would do nothing: the address is plain text.
    assert not soup_of(site / PAGE).select("button.mtg-copy")
    for url in urls:
        assert url.startswith(base), url
        page, _, anchor = url[len(base):].partition("#")
        assert page in site_index, f"no page for {url}"
        if anchor:
            assert anchor in site_index[page].ids, f"no #{anchor} on {page}"


def test_each_address_gets_a_copy_button_with_its_own_name(page, http_site, site):
    page.goto(http_site + PAGE)
    page.wait_for_selector("html[data-mtg-copy-ready]", state="attached")   # made in batches
    buttons = page.evaluate("""() => [...document.querySelectorAll('article button.mtg-copy')]
        .map(b => ({type: b.type, text: b.textContent.replace(/\\s+/g, ' ').trim(),
                    name: b.getAttribute('aria-label') || '',
                    url: b.previousElementSibling.textContent}))""")
    assert [b["url"] for b in buttons] == copy_urls(site)
    names = [b["name"] for b in buttons]
    # Each is named for its row, and the name starts with the words on it (WCAG 2.5.3).
    assert all(b["type"] == "button" and b["text"] == "Copy link"
               and b["name"].startswith("Copy link to ") for b in buttons)
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"copy buttons must be told apart: {sorted(duplicates)[:5]}"
    assert "Copy link to the short link als.html" in names


def test_sections_carry_their_titles_and_pages_their_titles(site):
    soup = soup_of(site / PAGE)
    body = soup.select_one("article").get_text(" ")
    fasciculations = soup_of(site / "types/fasciculations.html")
    titles = [link["href"] for link in soup.select("article a.mtg-link-title")]
    assert "types/fasciculations.html" in titles
    for heading in fasciculations.select("article h2[id]"):
        if heading["id"] not in clinicians.APPENDED_SECTIONS:
            title = heading.get_text(" ", strip=True).rstrip("¶").strip()
            assert title in body, title


def test_short_links_are_listed_from_the_redirect_map(site, site_index):
    base = site_index.site_url()
    urls = copy_urls(site)
    for alias in REDIRECTS:
        assert base + alias[:-3] + ".html" in urls, alias


# ---- the pure functions ---------------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "a & b < c",
           "*bold* [link](javascript:x) `code`", "it's \"quoted\""]


@pytest.mark.parametrize("text", HOSTILE)
def test_link_list_escapes_all_text(text):
    section = clinicians.Section(text, "page.html#part")
    page = clinicians.LinkPage(text, text, "page.html", (section,))
    html = clinicians.link_list([page], "https://example.org/guide/", "for-clinicians.md")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("script, img"), html
    assert {tag.name for tag in soup.find_all(True)} <= {
        "div", "p", "a", "br", "table", "caption", "tbody", "tr", "th", "td", "span", "button"}
    assert soup.select_one("a.mtg-link-title").get_text() == text
    assert soup.select_one("th a").get_text() == text
    assert [s.get_text() for s in soup.select("span.mtg-url")] == [
        "https://example.org/guide/page.html", "https://example.org/guide/page.html#part"]


def test_link_list_links_are_relative_to_the_clinicians_page():
    page = clinicians.LinkPage("T", "", "types/x.html", (clinicians.Section("S", "types/x.html#s"),))
    soup = BeautifulSoup(clinicians.link_list([page], "https://e.org/", "about/clinicians.md"),
                         "html.parser")
    assert [a["href"] for a in soup.select("a")] == ["../types/x.html", "../types/x.html#s"]


def _toc(markdown_text: str):
    import markdown
    from mkdocs.structure.toc import get_toc
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert(markdown_text)
    return get_toc(md.toc_tokens)


def test_sections_come_from_the_rendered_headings():
    toc = _toc("\n\n".join([
        "# Title {#title}",
        "## A *plain* [heading](x.md) & more {#a-plain}",
        "### Question? {#question}",
        "## When to get help {#when-to-get-help}",
        "## `Code` words {#code-words}",
        "## Sources {#sources}",
    ]))
    normal = clinicians.sections("page.md", "page.html", toc)
    assert [(s.title, s.url, s.level) for s in normal] == [
        ("A plain heading & more", "page.html#a-plain", 2),
        ("Code words", "page.html#code-words", 2)]
    faq = clinicians.sections("faq.md", "faq.html", toc)
    assert [s.url for s in faq] == ["faq.html#a-plain", "faq.html#question", "faq.html#code-words"]


def test_fill_replaces_both_markers():
    page = clinicians.LinkPage("T", "D", "t.html")
    content = f"<p>a</p>{clinicians.ALIASES_MARKER}<p>b</p>{clinicians.LINKS_MARKER}"
    filled = clinicians.fill(content, [page], {"t2.md": "t.md"}, "https://e.org/", "c.html")
    assert "<!--" not in filled
    assert '<span class="mtg-url">https://e.org/t.html</span>' in filled
    assert '<span class="mtg-url">https://e.org/t2.html</span>' in filled


def test_an_empty_site_url_is_refused():
    with pytest.raises(ValueError):
        clinicians.link_list([], "", "for-clinicians.md")


# ---- in the browser -------------------------------------------------------------------------

@pytest.fixture
def clip_page(browser):
    """A page whose clipboard the test may read back; fails on any console error."""
    tab = new_page(browser, **CLIPBOARD_DESKTOP)
    yield tab
    tab.context.close()


CLIPBOARD_DESKTOP = {"viewport": {"width": 1280, "height": 900},
                     "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.fixture
def still_clip_page(browser):
    """The same, for axe: with reduced motion (see sitekit.STILL)."""
    tab = new_page(browser, **CLIPBOARD_DESKTOP, **STILL)
    yield tab
    tab.context.close()


def _clipboard(tab) -> str:
    return tab.evaluate("navigator.clipboard.readText()")


def _clear_clipboard(tab) -> None:
    tab.evaluate("navigator.clipboard.writeText('')")


def _expect_link_copied(tab) -> None:
    from playwright.sync_api import expect
    live = tab.locator(".mtg-live")
    expect(live).to_have_text("Link copied")
    assert live.get_attribute("aria-live") == "polite"
    assert live.get_attribute("role") == "status"


def test_copy_link_button_copies_its_url(clip_page, http_site, site_index):
    clip_page.goto(http_site + PAGE)
    clip_page.wait_for_selector("html[data-mtg-copy-ready]", state="attached")
    for index in (0, 7, -1):
        _clear_clipboard(clip_page)
        button = clip_page.locator("article button.mtg-copy").nth(index)
        url = button.evaluate("b => b.previousElementSibling.textContent")
        button.click()
        _expect_link_copied(clip_page)
        assert _clipboard(clip_page) == url
    assert url.startswith(site_index.site_url())
    assert not clip_page.console_errors


def test_heading_link_copies_the_full_section_url_by_click_and_by_enter(clip_page, http_site, site_index):
    base = site_index.site_url()
    clip_page.goto(http_site + "types/fasciculations.html")
    link = clip_page.locator("h2#what-it-is > a.headerlink")
    assert link.get_attribute("aria-label") == "Copy link to section: What a twitch is"
    # Always visible (not only on hover), with a target of at least 24 by 24 CSS pixels.
    assert link.evaluate("el => getComputedStyle(el).opacity") == "1"
    box = link.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box

    _clear_clipboard(clip_page)
    link.click()
    _expect_link_copied(clip_page)
    assert _clipboard(clip_page) == base + "types/fasciculations.html#what-it-is"
    assert clip_page.url.endswith("#what-it-is")

    _clear_clipboard(clip_page)
    clip_page.locator("h2#how-common > a.headerlink").focus()
    clip_page.keyboard.press("Enter")
    _expect_link_copied(clip_page)
    assert _clipboard(clip_page) == base + "types/fasciculations.html#how-common"
    assert not clip_page.console_errors


def test_copy_falls_back_when_the_clipboard_api_refuses(clip_page, http_site, site_index):
    clip_page.add_init_script("navigator.clipboard.writeText = () => "
                              "Promise.reject(new Error('blocked'))")
    clip_page.goto(http_site + "types/fasciculations.html")
    clip_page.locator("h2#what-helps > a.headerlink").click()
    _expect_link_copied(clip_page)
    assert _clipboard(clip_page) == site_index.site_url() + "types/fasciculations.html#what-helps"


@pytest.mark.parametrize("path", [PAGE, "types/fasciculations.html"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_axe_violations_with_the_new_controls(still_clip_page, http_site, path, scheme):
    """On a desktop, with the copy buttons and the "Link copied" message on screen (the page
    without the message is checked, in both schemes, by test_accessibility)."""
    tab = still_clip_page
    tab.goto(http_site + path)
    tab.locator("article h2 > a.headerlink").first.click()
    _expect_link_copied(tab)
    assert axe_in_scheme(tab, scheme) == []
    assert not tab.console_errors
