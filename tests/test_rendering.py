"""Boxes and citation marks render whole, on every built page.

A line's indent once went with the space dropped before a citation mark: every "In short" box
whose second line began with a mark lost its second half, which showed below the box as a
stray paragraph starting "[1]. ". These tests read the built HTML, so they catch that class of
fault whatever causes it: a paragraph that begins with a mark or a full stop, a space before a
mark or between a mark and its full stop, and an admonition whose written words are not all
inside the box on the page.
"""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from sitekit import DOCS, load_guide, reader_pages
from twitchguide.pages.hand_written import PageError, PageInfo, number_citations

GUIDE = load_guide()
READER_PAGES = list(reader_pages())
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?) *[\w -]+(?: +"([^"]*)")?[ \t]*$')
WORD = re.compile(r"[A-Za-z]{3,}")
# What a writer's Markdown holds besides words: marks, values, placeholders, link targets,
# attribute lists and HTML tags (their words never reach the reader as such).
NOT_WORDS = re.compile(r"\[@[^\]]*\]|\{\{[^}]*\}\}|<!--.*?-->|\]\([^)]*\)|\{[#.:][^}]*\}|<[^>]+>"
                       r"|\[evidence:[^\]]*\]")
# This exact fragment is what fasciculations.html showed before the fix (the old fault).
OLD_FAULT = (
    '<article class="md-content__inner"><div class="admonition summary">'
    '<p class="admonition-title">In short</p><p>They often stop by themselves within days or '
    'weeks</p></div><p><sup class="mtg-cite"><a href="#source-1">[1]</a></sup>. A twitch on '
    'its own, with normal strength, is rarely a sign of a serious problem\n<sup class="mtg-cite">'
    '<a href="#source-2">[2]</a></sup>.</p></article>')


def article_of(html: str):
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def paragraph_problems(article) -> list[str]:
    """Paragraphs that begin with a citation mark or a full stop: the debris of a box or a
    sentence that came apart."""
    problems = []
    for paragraph in article.find_all("p"):
        first = next((node for node in paragraph.children
                      if not (isinstance(node, str) and not node.strip())), None)
        text = paragraph.get_text().strip()
        if getattr(first, "name", None) == "sup" or text.startswith((".", ",", ";")):
            problems.append(f"paragraph begins with {text[:40]!r}")
    return problems


def mark_problems(article) -> list[str]:
    """Marks with a space before them, or between them and the full stop after them."""
    problems = []
    for mark in article.select("sup.mtg-cite"):
        before, after = mark.previous_sibling, mark.next_sibling
        if isinstance(before, str) and before[-1:].isspace():
            problems.append(f"space before {mark.get_text()} in {before[-30:]!r}")
        if isinstance(after, str) and re.match(r"\s+[.,;:]", after):
            problems.append(f"space between {mark.get_text()} and {after[:10]!r}")
    return problems


def written_admonitions(source: str) -> list[tuple[str, str]]:
    """(title, body text) of each admonition written in a page's Markdown, in order."""
    lines, boxes = source.splitlines(), []
    for number, line in enumerate(lines):
        match = ADMONITION.match(line)
        if not match:
            continue
        body = []
        for following in lines[number + 1:]:
            if following.strip() and not following.startswith("    "):
                break
            body.append(following)
        boxes.append((match.group(1) or "", "\n".join(body)))
    return boxes


def admonition_problems(article, source: str) -> list[str]:
    """Words written inside a box that the built page does not show inside that box."""
    rendered = {}
    for box in article.select("div.admonition, details"):
        title = box.select_one(".admonition-title, summary")
        rendered.setdefault(title.get_text(" ", strip=True) if title else "", []).append(box)
    problems = []
    for title, body in written_admonitions(source):
        candidates = rendered.get(title, [])
        if not candidates:
            problems.append(f"box {title!r} is missing")
            continue
        box = candidates.pop(0)
        shown = set(WORD.findall(box.get_text(" ")))
        missing = [word for word in WORD.findall(NOT_WORDS.sub(" ", body)) if word not in shown]
        if missing:
            problems.append(f"box {title!r} lost {' '.join(missing[:8])!r}")
    return problems


def source_of(page: str) -> str:
    return (DOCS / (page[:-5] + ".md")).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", READER_PAGES)
def test_boxes_and_marks_render_whole(site, page):
    article = article_of((site / page).read_text(encoding="utf-8"))
    problems = (paragraph_problems(article) + mark_problems(article)
                + admonition_problems(article, source_of(page)))
    assert not problems, f"{page}: " + "; ".join(problems)


def test_the_checks_catch_the_old_fault():
    article = article_of(OLD_FAULT)
    source = ("!!! summary \"In short\"\n    They often stop by themselves within days or weeks\n"
              "    [@nhs-twitching]. A twitch on its own, with normal strength, is rarely a sign\n"
              "    of a serious problem [@turner-talbot-2013].\n")
    assert [problem[:30] for problem in paragraph_problems(article)] == [
        "paragraph begins with '[1]. A "]
    assert len(mark_problems(article)) == 1            # "problem\n[2]"
    assert admonition_problems(article, source) == [
        "box 'In short' lost 'twitch its own with normal strength rarely sign'"]


def _rendered(body: str) -> str:
    page = PageInfo("p.md", {}, body, body)
    html, _ = number_citations(page, GUIDE)
    return ('<article class="md-content__inner">'
            + markdown.markdown(html, extensions=["admonition"]) + "</article>")


def test_a_mark_at_the_start_of_a_box_line_stays_in_the_box_on_its_word():
    body = ("!!! summary \"In short\"\n    Twitches often stop within days or weeks\n"
            "    [@nhs-twitching]. A twitch on its own is rarely serious\n"
            "    [@turner-talbot-2013] [@nhs-twitching].\n\nNext paragraph.\n")
    article = article_of(_rendered(body))
    assert paragraph_problems(article) == mark_problems(article) == []
    assert admonition_problems(article, body) == []
    box = article.select_one("div.admonition").get_text(" ")
    assert "weeks [1] . A twitch" not in box and "rarely serious" in box


def test_a_mark_in_a_list_item_or_paragraph_joins_the_line_before():
    body = "- An item that goes on\n  [@nhs-twitching].\n- Next\n\nWords\n[@nhs-twitching]. More.\n"
    article = article_of(_rendered(body))
    assert mark_problems(article) == [] and paragraph_problems(article) == []
    assert [li.get_text() for li in article.select("li")] == ["An item that goes on[1].", "Next"]


def test_a_mark_that_starts_a_paragraph_stops_the_build_naming_the_line():
    body = "- a list\n- of things\n\n[@nhs-twitching]\n"
    with pytest.raises(PageError, match=r"docs/p.md:4: '\[@nhs-twitching\]' starts a paragraph"):
        _rendered(body)
