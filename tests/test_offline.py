"""Online and offline from one build: file:// use, the offline zip, sitemap, canonicals.

The checker and the quiz are walked from file:// in their own browser tests.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from sitekit import external, new_context, recorded_requests
from support.pages import ALL_PAGES, READER_PAGES, soup_of
from twitchguide.site.offline_zip import TOP_FOLDER, ZIP_URI

SITE_URL_PREFIX = "https://"


def test_sitemap_and_canonical_links_use_the_site_url(site, site_index):
    site_url = site_index.site_url()
    assert site_url.startswith(SITE_URL_PREFIX)
    locations = {loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for page in READER_PAGES:
        assert site_url + page in locations, page
        assert site_index[page].canonical == site_url + page


def test_404_page_finds_its_assets_under_the_site_path(site, site_index):
    soup = soup_of(site / "404.html")
    base = site_index.base_path()
    stylesheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith(base) for href in stylesheets)


def test_links_that_open_a_new_tab_are_safe(site):
    unsafe = []
    for html_file in site.rglob("*.html"):
        for link in soup_of(html_file).select("a[target=_blank]"):
            if "noopener" not in (link.get("rel") or []):
                unsafe.append(f"{html_file.relative_to(site)}: {link.get('href')}")
    assert not unsafe


def test_the_offline_zip_is_offered_with_its_size(site):
    archive = site / ZIP_URI
    assert archive.is_file()
    text = soup_of(site / "download.html").get_text(" ")
    assert re.search(r"Size and date: \d+\.\d MB, made on \d+ \w+ \d{4}", text)
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    assert f"{TOP_FOLDER}/index.html" in names
    assert f"{TOP_FOLDER}/search/search_index.js" in names   # search without fetch()
    # Everything in the build but zips, source maps and lunr's packs for other languages.
    expected = {f"{TOP_FOLDER}/{path.relative_to(site).as_posix()}" for path in site.rglob("*")
                if path.is_file() and path.suffix not in (".zip", ".map")
                and "assets/javascripts/lunr/" not in path.as_posix()}
    assert set(names) == expected
    print(f"\noffline zip: {archive.stat().st_size / 1024:.0f} KiB, {len(names)} files")


# ---- in the browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def unpacked_zip(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(site / ZIP_URI) as zipped:
        zipped.extractall(folder)
    return folder / TOP_FOLDER


@pytest.fixture(params=["built-site", "unpacked-zip"])
def disk_root(request, site, unpacked_zip):
    """The folder a reader opens from disk: the build itself, or the unpacked offline zip."""
    return site if request.param == "built-site" else unpacked_zip


def test_every_page_opens_from_disk_with_no_request_elsewhere(page, unpacked_zip):
    """The offline edition as a reader gets it. Its files are the build's (the zip test above
    compares the lists), so the same crawl of the build folder would only repeat this one."""
    with recorded_requests(page) as urls:
        page.goto((unpacked_zip / "index.html").as_uri())
        # Navigation from the home page: every page is reachable through the site's own links.
        hrefs = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]",
                                          "links => links.map(a => a.href)")
        targets = {href.split("#")[0] for href in hrefs if href.startswith("file:")}
        for target in sorted(targets):
            page.goto(target)
            assert page.locator("article h1").count() == 1, target
    prefix = unpacked_zip.as_uri() + "/"
    reachable = {target[len(prefix):] for target in targets if target.startswith(prefix)}
    assert set(READER_PAGES) <= reachable
    assert not external(urls), external(urls)
    assert not page.console_errors


def test_search_works_from_disk(page, disk_root):
    with recorded_requests(page) as urls:
        page.goto((disk_root / "index.html").as_uri())
        page.locator("label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").press_sequentially("hypnic")
        first = page.locator(".md-search-result__item a").first
        first.wait_for()
        first.click()
        page.wait_for_load_state()
    assert "hypnic-jerks.html" in page.url
    assert not external(urls)
    assert not page.console_errors


def test_glossary_tooltip_and_colour_toggle_work_from_disk(page, site):
    page.goto((site / "types" / "fasciculations.html").as_uri())
    abbr = page.locator("article abbr[title]").first
    assert abbr.get_attribute("title")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert before != after
    assert not page.console_errors


AT_ONCE = 6     # pages loading together: most of a visit is waiting for the network to go idle


def test_no_page_requests_another_host_or_sets_a_cookie(browser, http_site):
    """Private by design: no font, CDN, analytics or tracker on any page, hand-written or
    generated, until its network has been idle for half a second; and no cookie."""
    context = new_context(browser)
    try:
        tabs = [context.new_page() for _ in range(AT_ONCE)]
        with recorded_requests(context) as urls:
            for start in range(0, len(ALL_PAGES), AT_ONCE):
                loading = list(zip(tabs, ALL_PAGES[start:start + AT_ONCE]))
                for tab, path in loading:
                    tab.goto(http_site + path, wait_until="commit")
                for tab, _ in loading:
                    tab.wait_for_load_state("networkidle")
        assert not external(urls, http_site), sorted(set(external(urls, http_site)))
        assert context.cookies() == []
    finally:
        context.close()
