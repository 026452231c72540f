"""Performance budgets on the real built site: what a reader downloads, how far a page shifts
while it loads, what we add to Material, no web fonts, sized images, and the size of the
offline zip.

The measuring lives in scripts/page_weight.py (which prints the same table for maintainers);
the budgets are its MAX_* constants. If a budget fails, do not raise the number: the failure
message names the page and its heaviest downloads, and `scripts/page_weight.py` prints them all.
"""
from __future__ import annotations

import re
import zipfile

import page_weight
import pytest
from page_weight import (MAX_LAYOUT_SHIFT, MAX_OWN_GZIP, MAX_PAGE_GZIP, MAX_PAGE_REQUESTS,
                         MAX_ZIP_BYTES, kb)
from support.pages import READER_PAGES
from twitchguide.pages import quiz_page
from twitchguide.site import minify
from twitchguide.site.offline_zip import ZIP_URI

from sitekit import DOCS


@pytest.fixture(scope="module")
def weights(browser, site, http_site):
    """First visit to every reader page on a phone (new context each, cache off), measured
    once: what it downloads and how far its layout shifts while it loads."""
    return page_weight.measure_pages(browser, http_site, READER_PAGES, site)


def test_every_reader_page_was_measured(weights, capsys):
    with capsys.disabled():
        print("\nFirst visit to each reader page (phone, cache off, until network idle, gzip "
              "level 6):\n" + page_weight.page_table(weights))
    assert [w.page for w in weights] == READER_PAGES
    not_found = {w.page: w.status for w in weights if w.status != 200}
    assert not not_found, f"pages not served: {not_found}"


def test_first_visit_weight_of_every_reader_page(weights):
    over = [w for w in weights if w.gzip > MAX_PAGE_GZIP]
    if over:
        heaviest = max(over, key=lambda w: w.gzip)
        pytest.fail(f"{len(over)} of {len(weights)} reader pages weigh more than "
                    f"{kb(MAX_PAGE_GZIP)} KB gzip on a first visit: "
                    + ", ".join(f"{w.page} {kb(w.gzip)} KB" for w in over)
                    + f"\nWhat the heaviest, {heaviest.page}, fetches:\n"
                    + page_weight.breakdown(heaviest), pytrace=False)


def test_requests_of_every_reader_page(weights):
    over = [w for w in weights if w.requests > MAX_PAGE_REQUESTS]
    if over:
        most = max(over, key=lambda w: w.requests)
        pytest.fail(f"{len(over)} of {len(weights)} reader pages make more than "
                    f"{MAX_PAGE_REQUESTS} requests on a first visit: "
                    + ", ".join(f"{w.page} {w.requests}" for w in over)
                    + f"\nWhat {most.page} requests:\n" + page_weight.breakdown(most),
                    pytrace=False)


def test_no_page_shifts_its_layout_while_loading(weights):
    """Cumulative layout shift of a first visit on a phone (Lighthouse fails a page above 0.1).
    On a slow network a reader sees the page painted before the scripts at the end of its body
    have run; the visit holds those scripts back until the page has painted, then releases them
    (scripts/page_weight.py). The quiz once shifted by 0.2: its box was hidden until Material's
    bundle ran, after the first paint."""
    # Not vacuous: on every page some script ran after the paint (held back, or asked for later).
    assert not [w.page for w in weights if not w.late_scripts], "no script ran after the paint"
    assert not {w.page: round(w.layout_shift, 3) for w in weights
                if w.layout_shift > MAX_LAYOUT_SHIFT}


def test_our_own_css_and_js(site, capsys):
    own = page_weight.own_assets(site)
    total = sum(gz for _, gz in own.values())
    with capsys.disabled():
        print(f"\nOur own CSS and JS: {kb(total)} KB gzip (budget {kb(MAX_OWN_GZIP)} KB): "
              + ", ".join(f"{path} {kb(gz)} KB" for path, (_, gz) in own.items()))
    assert total <= MAX_OWN_GZIP, own


def test_the_quiz_assets_ship_inside_the_quiz_page_only(site):
    """quiz.css and quiz.js are inlined into the quiz page; a copy of either as its own file
    would be an unused download in the site and the offline zip."""
    inlined = page_weight.inlined_assets(site)
    assert set(inlined) == set(quiz_page.INLINED_ASSETS)
    for path, text in inlined.items():
        source = (DOCS / path).read_text(encoding="utf-8")
        source = minify.minifier(path)(source)          # as every stylesheet and script of ours ships
        without_blank_lines = "\n".join(line for line in source.splitlines() if line.strip())
        assert text.decode().strip() == without_blank_lines.strip(), f"the page carries {path}"
        assert not (site / path).exists(), f"{path} also ships as a file"
    with zipfile.ZipFile(site / ZIP_URI) as packed:
        shipped = {name.split("/", 1)[-1] for name in packed.namelist()}
    assert not shipped & set(quiz_page.INLINED_ASSETS)


def test_no_web_fonts(site):
    assert not page_weight.web_fonts(site)
    font_faces = [path.relative_to(site).as_posix() for path in site.rglob("*.css")
                  if re.search(r"@font-face", path.read_text(encoding="utf-8"))]
    assert not font_faces


def test_every_image_is_svg_or_sized(site_index):
    assert not page_weight.images_without_size(site_index)


def test_offline_zip_size(site, capsys):
    """The zip the build itself made and offers for download."""
    size = (site / ZIP_URI).stat().st_size
    with capsys.disabled():
        print(f"\nOffline zip: {size / 1024 / 1024:.2f} MB (budget "
              f"{MAX_ZIP_BYTES / 1024 / 1024:.0f} MB)")
    assert size <= MAX_ZIP_BYTES
