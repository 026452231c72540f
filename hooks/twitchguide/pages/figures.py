"""Pictures in pages: the symptom checker drawn as a diagram, and inlined SVG figures.

`checker_diagram(guide)` draws the whole checker tree from the data file as plain HTML boxes
(no JavaScript, no SVG): every question once, in the order a reader meets them (breadth-first
from the start), each answer as "answer -> where it leads" with an in-page link, and every
result coloured by its tier AND naming the tier in words. Boxes wrap on a 320 px phone and
print on paper. Colours come from the site's `tier-<id>` classes (site.css), so a new tier in
`model.TIER_IDS` needs no change here.

`figure(svg, caption_html)` wraps one of docs/assets/figures/*.svg for inlining in a page, and
`read_captions(text)` reads the captions from docs/assets/figures/CAPTIONS.md.

Everything here is pure: text in, HTML out. All data text passes through `html_text`.
"""
from __future__ import annotations

import re
from collections import deque

from ..data import tree_rules
from ..data.model import Guide
from .markup import html_text

ID_PREFIX = "diagram-"


def node_anchor(node_id: str) -> str:
    """The stable, unique HTML id of a node in the diagram: `diagram-<node id>`."""
    return ID_PREFIX + node_id


def node_order(guide: Guide) -> tuple[list[str], list[str]]:
    """(question ids, outcome ids) in breadth-first order from the start, answers in order;
    anything the walk does not reach (the loader forbids it) follows in file order."""
    checker = guide.checker
    questions, outcomes, seen = [], [], {checker.start}
    queue = deque([checker.start])
    while queue:
        node = queue.popleft()
        if node in checker.questions:
            questions.append(node)
            for answer in checker.questions[node].answers:
                if answer.next not in seen:
                    seen.add(answer.next)
                    queue.append(answer.next)
        elif node in checker.outcomes:
            outcomes.append(node)
    questions += [qid for qid in checker.questions if qid not in seen]
    outcomes += [oid for oid in checker.outcomes if oid not in seen]
    return questions, outcomes


def _stage_title(guide: Guide, stage: str) -> str:
    titles = guide.checker.stage_titles or {}
    return titles.get(stage) or guide.tiers[stage].label


def _tier_badge(guide: Guide, tier: str) -> str:
    label = html_text(guide.tiers[tier].label)
    return f'<span class="mtg-dg-tier tier-{html_text(tier)}">{label}</span>'


def _target(guide: Guide, numbers: dict, node_id: str) -> str:
    """The link at the end of an edge: to a question (by number) or a result (tier in words)."""
    href = f'href="#{html_text(node_anchor(node_id))}"'
    if node_id in guide.checker.outcomes:
        outcome = guide.checker.outcomes[node_id]
        return (f'Result: {_tier_badge(guide, outcome.tier)} '
                f'<a class="mtg-dg-to" {href}>{html_text(outcome.title)}</a>')
    question = guide.checker.questions[node_id]
    return (f'<a class="mtg-dg-to" {href}>Question {numbers[node_id]}: '
            f'{html_text(question.text)}</a>')


def _ways_in(numbers: dict, node_id: str, incoming: dict) -> str:
    """'Reached from' links back to every answer that leads here."""
    links = [f'<li><a href="#{html_text(node_anchor(qid))}">Question {numbers[qid]}</a>, '
             f'&#8220;{html_text(label)}&#8221;</li>' for qid, label in incoming.get(node_id, [])]
    if not links:
        return ""
    return f'<p>Reached from:</p><ul class="mtg-dg-from">{"".join(links)}</ul>'


def checker_diagram(guide: Guide) -> str:
    """The checker tree as one self-contained HTML block (no blank lines, so Markdown keeps it
    as raw HTML). Node ids are `diagram-<node id>`; each result names its tier in words and has
    the class `tier-<tier id>`, which site.css colours."""
    question_ids, outcome_ids = node_order(guide)
    numbers = {qid: number for number, qid in enumerate(question_ids, start=1)}
    incoming: dict[str, list] = {}
    for qid in question_ids:
        for answer in guide.checker.questions[qid].answers:
            incoming.setdefault(answer.next, []).append((qid, answer.label))

    reader = tree_rules.first_readers(guide)
    questions = []
    for qid in question_ids:
        question = guide.checker.questions[qid]
        signs = "".join(f"<li>{html_text(guide.flag(flag).text_for(reader.get(qid)))}</li>"
                        for flag in question.signs)
        edges = "".join(
            f'<li class="mtg-dg-edge"><em class="mtg-dg-answer">{html_text(answer.label)}</em> '
            f'<span class="mtg-dg-arrow" aria-hidden="true">&#8594;</span> '
            f'<span class="mtg-visually-hidden">leads to</span> '
            f'{_target(guide, numbers, answer.next)}</li>'
            for answer in question.answers)
        questions.append(
            f'<li class="mtg-dg-node mtg-dg-question" id="{html_text(node_anchor(qid))}">'
            f'<p>Question {numbers[qid]} &#183; '
            f'{html_text(_stage_title(guide, question.stage))}</p>'
            f'<p><strong>{html_text(question.text)}</strong></p>'
            + (f'<ul class="mtg-dg-signs">{signs}</ul>' if signs else "")
            + f'<p>Answers:</p><ul class="mtg-dg-edges">{edges}</ul>'
            + (_ways_in(numbers, qid, incoming) if len(incoming.get(qid, ())) > 1 else "")
            + "</li>")

    outcomes = []
    for oid in outcome_ids:
        outcome = guide.checker.outcomes[oid]
        outcomes.append(
            f'<li class="mtg-dg-node mtg-dg-outcome tier-{html_text(outcome.tier)}" '
            f'id="{html_text(node_anchor(oid))}">'
            f'<p>Result: {_tier_badge(guide, outcome.tier)}</p>'
            f'<p><strong>{html_text(outcome.title)}</strong></p>'
            + _ways_in(numbers, oid, incoming) + "</li>")

    start = node_anchor(guide.checker.start)
    return (
        '<div class="mtg-diagram" role="group" aria-label="The symptom checker as a diagram: '
        'every question, answer and result">'
        f'<p class="mtg-dg-start">Start at <a href="#{html_text(start)}">question 1</a>. '
        'Each answer leads to another question or to a result.</p>'
        f'<ol class="mtg-dg-questions" aria-label="Questions">{"".join(questions)}</ol>'
        f'<ul class="mtg-dg-outcomes" aria-label="Results">{"".join(outcomes)}</ul>'
        "</div>\n")


# ---- inlined SVG figures ------------------------------------------------------------------

_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*", re.S)


def figure(svg_text: str, caption_html: str) -> str:
    """An SVG file's text inlined in `<figure class="mtg-figure">` with its caption.

    `caption_html` is trusted HTML (escape data text with `html_text` first). The XML prolog
    and leading comments are dropped and blank lines closed up, so Markdown keeps the block as
    raw HTML."""
    svg = _PROLOG.sub("", svg_text).strip()
    svg = re.sub(r"\n\s*\n", "\n", svg)
    return (f'<figure class="mtg-figure">{svg}'
            f"<figcaption>{caption_html}</figcaption></figure>\n")


_CAPTION_ENTRY = re.compile(r"^## (?P<file>[a-z0-9-]+\.svg)\s*$(?P<body>.*?)(?=^## |\Z)",
                            re.M | re.S)
_FIELD = re.compile(r"^- \*\*(?P<key>[A-Za-z ]+):\*\* (?P<value>.*?)(?=^- \*\*|\Z)", re.M | re.S)


# What a figure may contain (the build refuses anything else; tests/test_figures.py checks the
# drawings themselves): shapes and words, nothing that runs, loads, links or restyles the page.
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
                "text", "tspan", "title", "desc", "defs", "marker"}
SVG_ATTRIBUTES = {"xmlns", "viewBox", "role", "aria-labelledby", "aria-hidden", "id", "class",
                  "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
                  "height", "points", "transform", "fill", "fill-opacity", "stroke",
                  "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
                  "opacity", "font-family", "font-size", "font-weight", "font-style",
                  "text-anchor", "dominant-baseline", "dx", "dy", "style", "markerWidth",
                  "markerHeight", "refX", "refY", "orient", "marker-end", "marker-start"}
# A style attribute may only pick the page's own colours: `fill:` / `stroke:` with
# `currentColor` or a Material colour variable.
_SAFE_STYLE = re.compile(r"\s*(?:(?:fill|stroke)\s*:\s*(?:currentColor|none|var\(--md-[a-z-]+"
                         r"(?:,\s*currentColor)?\))\s*;?\s*)+")


def svg_problem(svg_text: str) -> str | None:
    """Why an SVG may not be inlined in a page (None if it may): it must be well-formed, and use
    only SVG_ELEMENTS and SVG_ATTRIBUTES (no script, style sheet, foreignObject, image, link,
    `on*` handler, href or url())."""
    import xml.etree.ElementTree as ET
    if re.search(r"<!DOCTYPE|<!ENTITY", svg_text, re.I):
        return "has a DOCTYPE or ENTITY declaration"
    try:
        root = ET.fromstring(svg_text)
    except ET.ParseError as error:
        return f"is not well-formed XML ({error})"
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        if not element.tag.startswith("{http://www.w3.org/2000/svg}") or name not in SVG_ELEMENTS:
            return f"has a <{name}> element (allowed: {', '.join(sorted(SVG_ELEMENTS))})"
        for attribute, value in element.attrib.items():
            plain = attribute.rpartition("}")[2]
            if attribute.startswith("{") or plain not in SVG_ATTRIBUTES:
                return f"<{name}> has the attribute '{plain}', which figures may not use"
            if "url(" in value.replace(" ", "").lower() or "javascript:" in value.lower():
                return f"<{name} {plain}> points outside the figure ({value[:40]!r})"
            if plain == "style" and not _SAFE_STYLE.fullmatch(value):
                return (f"<{name}> has style={value[:40]!r}; a figure's style may only set fill "
                        "or stroke to currentColor or a --md- colour")
    return None


def caption_entries(text: str) -> dict[str, tuple[int, dict[str, tuple[int, str]]]]:
    """CAPTIONS.md as {file name: (line, {field: (line, text)})}, for located errors."""
    entries = {}
    for entry in _CAPTION_ENTRY.finditer(text):
        start = text.count("\n", 0, entry.start()) + 1
        body_start = entry.start("body")
        fields = {m.group("key").strip().lower():
                  (text.count("\n", 0, body_start + m.start()) + 1, " ".join(m.group("value").split()))
                  for m in _FIELD.finditer(entry.group("body"))}
        entries[entry.group("file")] = (start, fields)
    return entries


def read_captions(text: str) -> dict[str, dict[str, str]]:
    """CAPTIONS.md as {file name: {field: text}}; fields are the bold `- **Name:**` items
    (Page, Caption, Long description, Source), keys in lower case."""
    entries = {}
    for entry in _CAPTION_ENTRY.finditer(text):
        fields = {m.group("key").strip().lower(): " ".join(m.group("value").split())
                  for m in _FIELD.finditer(entry.group("body"))}
        entries[entry.group("file")] = fields
    return entries


__all__ = ["checker_diagram", "node_anchor", "node_order", "figure", "read_captions",
           "caption_entries", "svg_problem"]
