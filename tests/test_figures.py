"""Pictures in pages (issue 16): the checker diagram drawn from the data, and the SVG figures.

All pure and fast: no build, no browser. The diagram is checked on small trees made here (model
objects built directly, so a loader rewrite cannot hide a renderer bug) and on the real data.
"""
from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from sitekit import ROOT, new_context
from twitchguide.pages import figures
from twitchguide.data.model import (TIER_IDS, Answer, Checker, Guide, Outcome, Question, RedFlag,
                               Tier)
from twitchguide.pages.figures import checker_diagram, figure, node_anchor, read_captions

FIGURES = ROOT / "docs" / "assets" / "figures"
SVGS = sorted(FIGURES.glob("*.svg"))
SVG_NS = "{http://www.w3.org/2000/svg}"
DATA = ROOT / "docs" / "data" / "clinical-rules.yml"
GZIP_LEVEL = 6                 # as scripts/page_weight.py measures
MAX_SVG_GZIP = 6 * 1024
PHONE_COLUMN = 288             # CSS px of text column on a 320 px wide screen

# ---- the checker diagram -------------------------------------------------------------------

NASTY = 'Yes, <b>bold</b> & "quoted"'


def _guide(extra_tier: str | None = None) -> Guide:
    """A small DAG: two answers of different questions lead to the same result."""
    tiers = {tier: Tier(tier, f"Label of {tier}", "heading", "action.", "soon") for tier in TIER_IDS}
    if extra_tier:
        tiers[extra_tier] = Tier(extra_tier, "Within a few days", "heading", "action.", "in a while")
    flags = (RedFlag("e1", "emergency", "Sign <e1>.", (), ("s1",)),
             RedFlag("r1", "routine", "Sign r1.", (), ("s1",)))
    questions = {
        "ask-e": Question("ask-e", "emergency", "Any emergency sign?", ("e1",), (
            Answer(NASTY, "out-e", ("e1",)), Answer("No", "ask-r", ()))),
        "ask-r": Question("ask-r", "routine", "Any routine sign?", ("r1",), (
            Answer("Yes", "out-r", ("r1",)), Answer("No", "which", ()))),
        "which": Question("which", "self-care", "Which one?", (), (
            Answer("Eyelid", "out-s", ()), Answer("Both", "out-r", ()),
            Answer("Soon", "out-soon" if extra_tier else "out-s", ()))),
    }

    def outcome(oid, tier):
        return Outcome(oid, tier, f"Title of {oid}", "Summary.", ("Do.",), (), (), ("s1",))

    outcomes = {"out-e": outcome("out-e", "emergency"), "out-r": outcome("out-r", "routine"),
                "out-s": outcome("out-s", "self-care")}
    if extra_tier:
        outcomes["out-soon"] = outcome("out-soon", extra_tier)
    checker = Checker("ask-e", {t: f"Stage {t}" for t in tiers}, {}, questions, outcomes)
    return Guide("test.yml", 1, None, None, tiers, {}, flags, checker, ())


def _tree(html: str) -> ET.Element:
    """The diagram is well-formed XML as well as HTML, so the tests can walk it."""
    return ET.fromstring(html)


def _nodes(root: ET.Element) -> dict[str, ET.Element]:
    return {el.get("id"): el for el in root.iter() if "mtg-dg-node" in (el.get("class") or "")}


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def test_one_node_per_question_and_outcome_with_stable_unique_ids():
    guide = _guide()
    root = _tree(checker_diagram(guide))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    nodes = _nodes(root)
    expected = [node_anchor(n) for n in [*guide.checker.questions, *guide.checker.outcomes]]
    assert sorted(nodes) == sorted(expected)
    assert node_anchor("ask-e") == "diagram-ask-e"


def test_edges_are_exactly_the_answers_and_every_link_lands_on_a_node():
    guide = _guide()
    root = _tree(checker_diagram(guide))
    nodes = _nodes(root)
    for qid, question in guide.checker.questions.items():
        edges = [(_text(edge.find("em[@class='mtg-dg-answer']")),
                  edge.find("a[@class='mtg-dg-to']").get("href"))
                 for edge in nodes[node_anchor(qid)].iter("li")
                 if edge.get("class") == "mtg-dg-edge"]
        assert edges == [(answer.label, f"#diagram-{answer.next}")
                         for answer in question.answers]
    hrefs = {a.get("href") for a in root.iter("a")}
    assert {href[1:] for href in hrefs} <= set(nodes)


def test_questions_are_numbered_breadth_first_from_the_start():
    guide = _guide()
    questions, outcomes = figures.node_order(guide)
    assert questions == ["ask-e", "ask-r", "which"]
    assert outcomes == ["out-e", "out-r", "out-s"]
    root = _tree(checker_diagram(guide))
    kinds = [_text(el.find("p")) for el in root.iter("li")
             if "mtg-dg-question" in (el.get("class") or "")]
    assert [k.split(" ·")[0] for k in kinds] == ["Question 1", "Question 2", "Question 3"]


def test_each_result_names_its_tier_in_words_and_carries_its_tier_class():
    guide = _guide()
    nodes = _nodes(_tree(checker_diagram(guide)))
    for oid, outcome in guide.checker.outcomes.items():
        node = nodes[node_anchor(oid)]
        assert f"tier-{outcome.tier}" in node.get("class").split()
        assert guide.tiers[outcome.tier].label in _text(node)
        assert outcome.title in _text(node)


def test_a_new_tier_needs_no_change_in_the_renderer():
    """A tier that is not in TIER_IDS ('next-week', made up here): the diagram takes each
    result's tier class and words from the data, not from a list of its own."""
    assert "next-week" not in TIER_IDS
    guide = _guide(extra_tier="next-week")
    nodes = _nodes(_tree(checker_diagram(guide)))
    new_tier = nodes["diagram-out-soon"]
    assert "tier-next-week" in new_tier.get("class").split()
    assert "Within a few days" in _text(new_tier)


def test_a_result_reached_from_two_questions_links_back_to_both():
    nodes = _nodes(_tree(checker_diagram(_guide())))
    back = {a.get("href") for a in nodes["diagram-out-r"].iter("a")}
    assert back == {"#diagram-ask-r", "#diagram-which"}


def test_the_output_follows_the_tree():
    guide = _guide()
    before = checker_diagram(guide)
    question = guide.checker.questions["which"]
    changed = replace(question, answers=(replace(question.answers[0], label="Eyelid flicker"),
                                         *question.answers[1:]))
    guide2 = replace(guide, checker=replace(guide.checker, questions={
        **guide.checker.questions, "which": changed}))
    after = checker_diagram(guide2)
    assert after != before and "Eyelid flicker" in after and "Eyelid flicker" not in before
    retitled = replace(guide, checker=replace(guide.checker, outcomes={
        **guide.checker.outcomes, "out-s": replace(guide.checker.outcomes["out-s"], title="New")}))
    assert ">New<" in checker_diagram(retitled)


def test_all_text_is_escaped():
    html = checker_diagram(_guide())
    root = _tree(html)
    assert root.find(".//b") is None and root.find(".//e1") is None
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;" in html
    assert any(_text(el) == NASTY for el in root.iter("em"))
    assert "Sign <e1>." in _text(root)


def test_no_script_no_blank_lines_and_markdown_keeps_it_whole():
    html = checker_diagram(_guide())
    assert "<script" not in html and " on" not in re.sub(r">[^<]*<", "><", html).lower()
    assert "\n\n" not in html.strip()
    rendered = markdown.markdown(f"Before.\n\n{html}\nAfter.\n",
                                 extensions=["abbr", "attr_list", "md_in_html", "admonition"])
    assert html.strip() in rendered


def test_the_real_checker_is_drawn_whole():
    from twitchguide.data.loader import load
    guide = load(DATA, "clinical-rules.yml")
    nodes = _nodes(_tree(checker_diagram(guide)))
    assert set(nodes) == {node_anchor(n) for n in
                          [*guide.checker.questions, *guide.checker.outcomes]}
    edges = sum(1 for node in nodes.values() for li in node.iter("li")
                if li.get("class") == "mtg-dg-edge")
    assert edges == sum(len(q.answers) for q in guide.checker.questions.values())


# ---- the SVG figures -----------------------------------------------------------------------

def test_there_are_four_to_six_figures():
    assert 4 <= len(SVGS) <= 6


@pytest.mark.parametrize("path", SVGS, ids=[p.name for p in SVGS])
def test_figure_is_an_accessible_self_contained_svg(path: Path):
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)                                   # parses as XML
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    numbers = [float(n) for n in root.get("viewBox", "").split()]
    assert len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0
    assert root.get("width") is None and root.get("height") is None     # scales to the column
    title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
    assert title is not None and len(title.text.split()) >= 3
    assert desc is not None and len(desc.text.split()) >= 25             # a real text alternative
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    labels = [_text(t) for t in root.iter(f"{SVG_NS}text")]
    assert len(labels) >= 4 and all(labels)                              # words, not paths
    # Nothing from outside, nothing that runs, no fixed colours (light, dark and print).
    for el in root.iter():
        assert el.tag.split("}")[1] not in ("image", "script", "foreignObject", "style", "a", "use")
        for name, value in el.attrib.items():
            assert not name.startswith("on") and "href" not in name
            assert "url(" not in value and "http" not in value.replace("http://www.w3.org", "")
            if name in ("fill", "stroke", "color", "stop-color"):
                assert value in ("none", "currentColor"), f"{name}={value} in {path.name}"
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|hsl\(", text)
    assert len(gzip.compress(text.encode(), compresslevel=GZIP_LEVEL)) <= MAX_SVG_GZIP


@pytest.mark.parametrize("path", SVGS, ids=[p.name for p in SVGS])
def test_figure_text_is_readable_on_a_320px_phone(path: Path):
    root = ET.parse(path).getroot()
    scale = PHONE_COLUMN / float(root.get("viewBox").split()[2])
    base = float(root.get("font-size"))
    assert base * scale >= 12, f"labels {base * scale:.1f}px at 320 px wide"
    sizes = [float(el.get("font-size")) for el in root.iter() if el.get("font-size")]
    assert min(sizes) * scale >= 11, f"smallest text {min(sizes) * scale:.1f}px at 320 px wide"


def test_figure_ids_are_unique_across_figures():
    """Figures are inlined, perhaps two on a page: their ids must never clash."""
    ids = [el.get("id") for path in SVGS for el in ET.parse(path).getroot().iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("fig-") for i in ids)


def test_captions_list_every_figure_with_a_real_source():
    captions = read_captions((FIGURES / "CAPTIONS.md").read_text(encoding="utf-8"))
    sources = yaml.safe_load(DATA.read_text(encoding="utf-8"))["sources"]
    assert set(captions) == {path.name for path in SVGS}
    for name, fields in captions.items():
        assert {"page", "caption", "long description", "source"} <= set(fields), name
        assert fields["source"] in sources, f"{name}: unknown source {fields['source']!r}"
        assert 8 <= len(fields["caption"].split()) <= 45, name


def test_figure_wraps_an_svg_with_its_caption_for_inlining():
    svg = ('<?xml version="1.0"?>\n<!-- drawn by hand -->\n'
           '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">\n\n'
           '<title>T</title>\n\n<text>A</text></svg>\n')
    html = figure(svg, "A <em>caption</em>.")
    assert html.startswith('<figure class="mtg-figure"><svg ')
    assert "<?xml" not in html and "drawn by hand" not in html and "\n\n" not in html
    root = ET.fromstring(html)
    assert root.find("figcaption").find("em").text == "caption"


@pytest.mark.parametrize("path", SVGS, ids=[p.name for p in SVGS])
def test_markdown_keeps_an_inlined_figure_untouched(path: Path):
    """Placed in a page, the SVG passes Markdown as raw HTML: no <p>, no glossary <abbr>."""
    captions = read_captions((FIGURES / "CAPTIONS.md").read_text(encoding="utf-8"))
    block = figure(path.read_text(encoding="utf-8"), captions[path.name]["caption"])
    glossary = "\n".join(f"*[{word}]: definition" for word in ("muscle", "twitch", "Spasm"))
    rendered = markdown.markdown(f"Text.\n\n{block}\nMore text.\n\n{glossary}\n",
                                 extensions=["abbr", "attr_list", "md_in_html"])
    assert block.strip() in rendered


# ---- in a real browser: laid out on a 320 px phone, and printed --------------------------

PLACED = {match.group(1): str(path.relative_to(ROOT / "docs").with_suffix(".html"))
          for path in (ROOT / "docs").rglob("*.md")
          for match in re.finditer(r"<!--\s*guide:figure\s+([a-z0-9-]+)\s*-->",
                                   path.read_text(encoding="utf-8"))}
LABEL_BOXES = """() => [...document.querySelectorAll('figure.mtg-figure svg')].map(svg => {
    const frame = svg.getBoundingClientRect();
    return {id: svg.id || svg.getAttribute('aria-labelledby'),
            frame: [frame.left, frame.top, frame.right, frame.bottom],
            labels: [...svg.querySelectorAll('text')].map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent.trim(), box: [r.left, r.top, r.right, r.bottom]};
            })};
})"""


def test_every_figure_is_placed_on_a_page():
    assert sorted(PLACED) == sorted(p.stem for p in SVGS)


def _overlap(a, b, slack: float = 1.0) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > slack) and (min(a[3], b[3]) - max(a[1], b[1]) > slack)


def test_figure_labels_fit_and_do_not_overlap_on_a_320px_phone(browser, http_site):
    """Each placed figure, laid out by Chromium in a 320 px wide window: every label inside the
    picture, none on top of another, none smaller than 11 px. Screenshots are kept in
    test-artifacts/figures/ for a person to look at."""
    artifacts = ROOT / "test-artifacts" / "figures"
    artifacts.mkdir(parents=True, exist_ok=True)
    context = new_context(browser, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    problems = []
    try:
        for name, page in sorted(PLACED.items()):
            tab.goto(http_site + page)
            figure_el = tab.locator("figure.mtg-figure").first
            figure_el.scroll_into_view_if_needed()
            figure_el.screenshot(path=str(artifacts / f"{name}-320px.png"))
            drawn = tab.evaluate(LABEL_BOXES)
            if len(drawn) != 1:
                problems.append(f"{page}: {len(drawn)} figures, expected 1")
                continue
            frame, labels = drawn[0]["frame"], drawn[0]["labels"]
            if frame[2] > 320:
                problems.append(f"{name}: wider than the screen ({frame[2]:.0f} px)")
            for label in labels:
                box = label["box"]
                if box[0] < frame[0] - 1 or box[2] > frame[2] + 1 or box[1] < frame[1] - 1 \
                        or box[3] > frame[3] + 1:
                    problems.append(f"{name}: '{label['text']}' runs outside the picture")
                if box[3] - box[1] < 11:
                    problems.append(f"{name}: '{label['text']}' is {box[3] - box[1]:.1f} px high")
            for i, first in enumerate(labels):
                for second in labels[i + 1:]:
                    if _overlap(first["box"], second["box"]):
                        problems.append(f"{name}: '{first['text']}' overlaps '{second['text']}'")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_each_figure_names_its_source_as_a_reader_expects(site):
    """The caption ends "Source: <title>." (review: "Checked against:" read as a team's note)."""
    for page in ("types/fasciculations.html", "twitch-cramp-spasm-tremor.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        spans = soup.select("figcaption .mtg-figure-source")
        assert spans, page
        for span in spans:
            assert span.get_text().startswith("Source: ") and "Checked" not in span.get_text()
