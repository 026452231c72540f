"""Figures and citation marks look typeset on a phone and a wide screen: figure labels near the
size of the text, citation marks against their word and the full stop after them, and the
citations that stand alone in a table cell still 24 px targets (WCAG 2.5.8, axe's target-size).
Screenshots at 390 and 1280 px are kept in test-artifacts/typeset/ for a person to look at."""
from __future__ import annotations

import re

import pytest
from sitekit import ROOT, axe_violations, new_page, settle

PAGE = "types/fasciculations.html"          # a topic page with a figure and citations
TABLE_PAGE = "medicines.html"               # a table whose last column holds citations only
ALONE_PAGE = "types/myoclonus.html"         # marks on a line of their own, after a list
SCREENS = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1280, "height": 900}}

# Rendered label sizes of each figure next to the body text's size (px).
LABEL_SIZES = """() => {
  const body = parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize);
  return [...document.querySelectorAll('figure.mtg-figure svg')].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t =>
      parseFloat(getComputedStyle(t).fontSize) * scale);
    return {body, smallest: Math.min(...sizes), largest: Math.max(...sizes)};
  });
}"""

# For each citation mark in running text: the gap from the last letter before it to its first
# character, and from its last character to a full stop right after it (px).
CITE_GAPS = """() => {
  const box = (node, start, end) => {
    const range = document.createRange();
    range.setStart(node, start); range.setEnd(node, end);
    return range.getBoundingClientRect();
  };
  const found = [];
  for (const sup of document.querySelectorAll('.md-typeset p > sup.mtg-cite')) {
    const before = sup.previousSibling, after = sup.nextSibling;
    const mark = sup.querySelector('a').firstChild;
    if (!before || before.nodeType !== 3 || !/\\w$/.test(before.data)) continue;
    const own = box(mark, 0, mark.data.length);
    const word = box(before, before.data.length - 1, before.data.length);
    if (Math.abs(word.top - own.top) > 20) continue;           // the line breaks between them
    const gap = {text: sup.textContent, left: own.left - word.right, right: null};
    if (after && after.nodeType === 3 && after.data.startsWith('.'))
      gap.right = box(after, 0, 1).left - own.right;
    found.push(gap);
  }
  return found;
}"""


@pytest.fixture
def tab(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_figure_labels_are_near_the_size_of_the_text(tab, http_site, screen):
    tab.set_viewport_size(SCREENS[screen])
    tab.goto(http_site + PAGE)
    (ROOT / "test-artifacts" / "typeset").mkdir(parents=True, exist_ok=True)
    figure = tab.locator("figure.mtg-figure").first
    figure.scroll_into_view_if_needed()
    settle(tab)
    tab.screenshot(path=str(ROOT / "test-artifacts" / "typeset" / f"figure-{screen}.png"))
    for sizes in tab.evaluate(LABEL_SIZES):
        assert sizes["largest"] <= 1.3 * sizes["body"], sizes
        assert sizes["smallest"] >= 11, sizes


@pytest.mark.parametrize("screen", SCREENS)
def test_citation_marks_sit_against_their_word_and_full_stop(tab, http_site, screen):
    tab.set_viewport_size(SCREENS[screen])
    tab.goto(http_site + PAGE)
    settle(tab)
    first = tab.locator(".md-typeset p > sup.mtg-cite").first
    first.scroll_into_view_if_needed()
    tab.screenshot(path=str(ROOT / "test-artifacts" / "typeset" / f"citations-{screen}.png"))
    gaps = tab.evaluate(CITE_GAPS)
    assert len(gaps) >= 3, gaps                                  # not vacuous
    assert any(gap["right"] is not None for gap in gaps), gaps
    for gap in gaps:
        assert -0.5 <= gap["left"] <= 2, gap
        assert gap["right"] is None or -0.5 <= gap["right"] <= 2, gap


def test_citations_in_a_table_cell_of_their_own_keep_24px_targets(tab, http_site):
    tab.set_viewport_size(SCREENS["wide"])
    tab.goto(http_site + TABLE_PAGE)
    settle(tab)
    sizes = tab.evaluate("""() => [...document.querySelectorAll('td sup.mtg-cite a')]
        .map(a => [a.getBoundingClientRect().width, a.getBoundingClientRect().height])""")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    # A line of marks on its own (after a list) no longer exists: the build refuses a mark that
    # starts a paragraph (tests/test_rendering.py), so the mark joins the words it supports.
    for path in (PAGE, TABLE_PAGE, ALONE_PAGE):
        tab.goto(http_site + path)
        settle(tab)
        assert not axe_violations(tab, ["target-size"]), path


def test_no_citation_mark_stands_apart_from_its_word_in_the_html(site):
    """A writer wraps a line before `[@id]`: the mark still joins the word (no space), and one at
    the start of an indented line stays inside its box (it once began a paragraph of its own
    below the "In short" box)."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if re.search(r"\w\s+<sup class=\"mtg-cite\">", html):
            problems.append(f"{path.relative_to(site)}: a space before a citation mark")
        if re.search(r"<p>\s*(?:<sup class=\"mtg-cite\">.*?</sup>\s*)+[^<\s]", html):
            problems.append(f"{path.relative_to(site)}: a paragraph begins with a citation mark")
    assert not problems, problems
