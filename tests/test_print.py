"""Printed handouts: pages printed to PDF by headless Chromium, read back with pypdf.

The PDFs are kept in test-artifacts/handouts/ (ignored by git) for a person to look at.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sitekit import ROOT, new_context
from support.pages import GUIDE, READER_PAGES, normal as _normal, soup_of
from twitchguide.site import print_block

ARTIFACTS = ROOT / "test-artifacts" / "handouts"
HANDOUTS = ["index.html", "types/fasciculations.html", "check/ordinary-twitch.html"]
OUTCOME_PAGES = [f"check/{outcome}.html" for outcome in GUIDE.checker.outcomes]
ORDINARY_PAGE = "types/fasciculations.html"
# A reader page prints on at most 2 sheets of A4 (10pt type in two columns, on both sides of
# the paper: 4 pages). The long reference pages are held at what they need today, so they cannot
# grow unnoticed: lists of causes, the FAQ, the glossary, the quiz's answer list, and every link
# on the clinicians page. The checklist a reader takes to an appointment fits on one sheet, and
# every checker result on one side of one sheet.
MAX_SHEETS = 2
LONG_PAGES = {"causes.html": 3, "faq.html": 3, "glossary.html": 3, "quiz/index.html": 3,
              "for-clinicians.html": 8, "what-to-tell-your-doctor.html": 1}
# Text that only the site's chrome has (header, search, sidebars, footer); a candidate is
# checked only if the page's own article does not contain it too.
CHROME_TEXT = ["Skip to content", "Table of contents", "Search", "Back to top", "Previous",
               "Kinds of twitch", "Causes and care", "Learn", "Written for readers, not for profit",
               "Copy link", "¶"]


def _pdf_name(path: str) -> str:
    return path[:-5].replace("/", "--") + ".pdf"


@pytest.fixture(scope="module")
def pdfs(browser, http_site):
    """Every reader page and every checker outcome page, printed to A4 PDF."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = new_context(browser)
    tab = context.new_page()
    printed = {}
    for path in READER_PAGES + OUTCOME_PAGES:
        tab.goto(http_site + path)
        target = ARTIFACTS / _pdf_name(path)
        target.write_bytes(tab.pdf(format="A4", prefer_css_page_size=True))
        printed[path] = target
    context.close()
    return printed


def _pdf_text(path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _pages(path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(path).pages)



def _article_text(site, path: str) -> str:
    return _normal(soup_of(site / path).select_one("article").get_text(" "))


def _title(site, path: str) -> str:
    h1 = BeautifulSoup(str(soup_of(site / path).select_one("article h1")), "html.parser")
    for link in h1.select(".headerlink"):
        link.decompose()
    return _normal(h1.get_text())


def _canonical(site, path: str) -> str:
    return soup_of(site / path).select_one("link[rel=canonical]")["href"]


@pytest.mark.parametrize("path", HANDOUTS)
def test_handout_has_the_words_a_patient_needs_and_no_site_chrome(pdfs, site, path):
    text = _normal(_pdf_text(pdfs[path]))
    assert _title(site, path) in text
    # The URL may wrap over lines: compare without the line breaks.
    assert _canonical(site, path) in re.sub(r"\s+", "", text)
    for words in ["Last updated", "Sources", "not medical advice", "This page:"]:
        assert words in text, words
    article = _article_text(site, path)
    checked = [chrome for chrome in CHROME_TEXT if chrome not in article]
    assert {"Skip to content", "Table of contents"} <= set(checked)
    assert set(checked) & {"Kinds of twitch", "Causes and care", "Learn"}, "a nav section name"
    leaked = [chrome for chrome in checked if chrome in text]
    assert not leaked, f"site chrome printed on {path}: {leaked}"
    # Each tier box keeps its words.
    for box in soup_of(site / path).select("article .admonition[class*='tier-'] > .admonition-title"):
        assert _normal(box.get_text(" ")) in text


def test_sources_print_in_full_and_say_where_their_links_are(pdfs, site):
    """Each source prints as written (author, title, publisher, year); the addresses stay
    online, where every title is a link, and the printed heading says so."""
    text = re.sub(r"\s+", "", _pdf_text(pdfs[ORDINARY_PAGE]))
    sources = soup_of(site / ORDINARY_PAGE).select("article ol.mtg-sources > li")
    marked = [source for source in sources if "mtg-sign-source" not in (source.get("class") or [])]
    assert marked and len(marked) < len(sources)
    for source in marked:
        assert re.sub(r"\s+", "", source.get_text()) in text, source.get_text()
    assert "Sources(linkedonthepageonline)" in text
    # The warning-sign boxes' sources (no marks point to them) stay online, and the page says so.
    assert not re.sub(r"\s+", "", sources[-1].get_text()) in text
    assert f"Sources{len(marked) + 1}to{len(sources)}supportthewarningsigns" in text


def test_handout_page_counts(pdfs, capsys):
    pages = {path: _pages(pdf) for path, pdf in pdfs.items()}
    sheets = {path: (count + 1) // 2 for path, count in pages.items()}
    with capsys.disabled():
        print(f"\nPrinted A4 per page (PDFs in {ARTIFACTS.relative_to(ROOT)}/):")
        print("  sheets  pages  page")
        for path in READER_PAGES + OUTCOME_PAGES:
            print(f"  {sheets[path]:6d}  {pages[path]:5d}  {path}")
    too_long = {path: sheets[path] for path in READER_PAGES
                if sheets[path] > LONG_PAGES.get(path, MAX_SHEETS)}
    assert not too_long, f"handouts longer than {MAX_SHEETS} sheets (or than LONG_PAGES allows)"\
                         f": {too_long}"
    too_long = {path: pages[path] for path in OUTCOME_PAGES if pages[path] > 1}
    assert not too_long, f"checker results should print on one side of one sheet: {too_long}"
    assert set(LONG_PAGES) <= set(READER_PAGES)


@pytest.mark.parametrize("path", HANDOUTS)
def test_print_type_is_10pt_or_more_and_the_print_block_shows_only_in_print(page, http_site,
                                                                             path):
    page.goto(http_site + path)
    block = page.locator(".mtg-print-only")
    assert not block.is_visible(), "the print block is hidden on screen"
    page.emulate_media(media="print")
    assert block.is_visible()
    assert page.locator(".md-header, .md-sidebar--primary, .md-footer").first.is_hidden()
    too_small = page.evaluate("""() => {
        const small = [];
        for (const el of document.querySelectorAll('.mtg-print-only *, article *')) {
            if (el.closest('sup.mtg-cite') || !el.getClientRects().length) continue;
            const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (hasText && size < 13.3) small.push(el.tagName + ' ' + el.className + ' ' + size);
        }
        return small;
    }""")
    assert not too_small, too_small[:10]     # 10pt = 13.33 CSS px
    qr_box = page.locator(".mtg-print-only svg.mtg-qr").bounding_box()
    assert qr_box["width"] >= 68 and qr_box["height"] >= 68   # about 18 mm or more


# ---- the QR code ----------------------------------------------------------------------------

def _print_block(site, path: str):
    block = soup_of(site / path).select_one("div.mtg-print-only")
    assert block is not None, f"no print block on {path}"
    return block


@pytest.mark.parametrize("path", READER_PAGES + OUTCOME_PAGES)
def test_every_page_has_a_print_block_with_its_url_and_qr_code(site, path):
    block = _print_block(site, path)
    url = _canonical(site, path)
    assert _normal(block.select_one(".mtg-url").get_text()) == url
    svg = block.select_one("svg.mtg-qr")
    assert svg["role"] == "img" and svg["aria-label"] == f"QR code for {url}"
    assert svg.select_one("title").get_text() == f"QR code for {url}"
    assert block.find_parent("article") is None, "kept out of the text that search indexes"


def test_qr_code_is_segnos_code_for_the_url(site):
    """The round trip: the SVG in the page is exactly the code segno makes for the URL."""
    for path in HANDOUTS:
        url = _canonical(site, path)
        built = _print_block(site, path).select_one("svg.mtg-qr")
        fresh = BeautifulSoup(print_block.qr_svg(url), "html.parser").select_one("svg")
        assert [p["d"] for p in built.select("path")] == [p["d"] for p in fresh.select("path")]
        assert built["viewbox"] == fresh["viewbox"]


RASTERISE = """async (svg) => {
    const copy = svg.cloneNode(true);
    const size = 400;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('width', size);
    copy.setAttribute('height', size);
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' +
        encodeURIComponent(new XMLSerializer().serializeToString(copy));
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.drawImage(image, 0, 0, size, size);
    const pixels = context.getImageData(0, 0, size, size).data;
    const grey = new Array(size * size);
    for (let i = 0; i < grey.length; i++) grey[i] = pixels[i * 4];
    return grey;
}"""


@pytest.mark.parametrize("path", HANDOUTS)
def test_qr_code_decodes_to_the_page_url(page, http_site, site, path):
    """Decoded with zxing-cpp (pinned in requirements.txt), as a phone camera would read it."""
    import zxingcpp
    url = _canonical(site, path)
    page.goto(http_site + path)
    page.emulate_media(media="print")
    grey = page.locator(".mtg-print-only svg.mtg-qr").evaluate(RASTERISE)
    image = memoryview(bytes(grey)).cast("B", (400, 400))
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [result.text for result in results] == [url]


# ---- the QR code cache (.cache/qr-codes.json) ----------------------------------------------

URL_A = "https://example.org/guide/types/fasciculations.html"
URL_B = "https://example.org/guide/faq.html"


def test_qr_cache_gives_the_same_code_and_saves_encoding(tmp_path):
    path = tmp_path / ".cache" / "qr-codes.json"
    first = print_block.QrCodes(path)
    assert first.svg(URL_A) == print_block.qr_svg(URL_A) and first.made == 1
    assert first.svg(URL_A) == print_block.qr_svg(URL_A) and first.made == 1     # once per build
    assert first.save() and path.is_file()
    second = print_block.QrCodes(path)
    assert second.svg(URL_A) == print_block.qr_svg(URL_A) and second.made == 0   # from the file
    assert second.svg(URL_B) == print_block.qr_svg(URL_B) and second.made == 1
    assert second.save()
    third = print_block.QrCodes(path)
    assert (third.svg(URL_A), third.svg(URL_B), third.made) == (print_block.qr_svg(URL_A),
                                                                 print_block.qr_svg(URL_B), 0)


@pytest.mark.parametrize("content", [
    "not json {", "[]", '{"key": "segno 0.0; print_block.py 0", "codes": {"%s": "<svg>old</svg>"}}' % URL_A,
    '{"codes": {"%s": "<svg>no key</svg>"}}' % URL_A, '{"key": null, "codes": []}',
])
def test_a_broken_or_stale_qr_cache_is_ignored(tmp_path, content):
    path = tmp_path / "qr-codes.json"
    path.write_text(content, encoding="utf-8")
    codes = print_block.QrCodes(path)
    assert codes.svg(URL_A) == print_block.qr_svg(URL_A) and codes.made == 1
    assert codes.save()
    assert print_block.QrCodes(path).svg(URL_A) == print_block.qr_svg(URL_A)


def test_a_qr_cache_that_cannot_be_written_does_not_fail_the_build(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    codes = print_block.QrCodes(blocker / "qr-codes.json")       # its folder would be a file
    assert codes.svg(URL_A) == print_block.qr_svg(URL_A)
    assert codes.save() is False


def test_figures_print_with_their_labels_and_caption(pdfs, site):
    """Each page with a figure prints it: its caption and its labels are in the PDF's text."""
    pages = {page for page in READER_PAGES if soup_of(site / page).select("figure.mtg-figure")}
    assert len(pages) >= 4
    for page in sorted(pages):
        text = re.sub(r"\s+", "", _pdf_text(pdfs[page]))
        for figure in soup_of(site / page).select("figure.mtg-figure"):
            caption = figure.select_one("figcaption").get_text(" ")
            assert re.sub(r"\s+", "", caption) in text, (page, caption)
            labels = [label.get_text(" ") for label in figure.select("svg text")]
            assert labels and all(re.sub(r"\s+", "", label) in text for label in labels), page
