"""What a page's HTML may contain: an allow-list the build enforces on every page's content.

Markdown lets a writer type raw HTML, and `attr_list` lets them add attributes. Left alone, a
`javascript:` link, an `<a ping>`, an off-site `<form>`, an inline `<script>`, an `onclick`, a
tracking `srcset` or `style` url(), or a `pre.mermaid` (which makes Material load a CDN) would all
build and ship (review M6). The page pipeline's own output (boxes, figures, the checker, the quiz)
uses only what is listed here; anything else stops the build, naming the page and the line
where the writer typed it. CONTRIBUTING.md lists the same allow-list for writers.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..pages.figures import SVG_ATTRIBUTES, SVG_ELEMENTS

ELEMENTS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "noscript", "ol", "p",
    "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
} | {name.lower() for name in SVG_ELEMENTS}
ATTRIBUTES = {
    "alt", "aria-describedby", "aria-hidden", "aria-label", "aria-labelledby", "checked",
    "class", "colspan", "data-search-exclude", "datetime", "dir", "download", "for", "height",
    "hidden", "href", "id", "lang", "name", "open", "reversed", "role", "rowspan", "scope", "src",
    "start", "style", "tabindex", "title", "type", "width",
} | {name.lower() for name in SVG_ATTRIBUTES}
# Elements only the page pipeline writes, on the one page that needs them (the quiz inlines its
# script, data and style); the hook passes their exact text, so a writer cannot add another.
PIPELINE_ONLY = {"script", "style"}
# Where a link may go: the web, mail, phone, or this site (relative). Never a script or inline data.
SAFE_HREF = re.compile(r"^(?:https?:|mailto:|tel:|#|[^:]*$|[^:/?#]*[/?#])", re.I)
# Inputs come only from pymdownx.tabbed (radio) and task lists (checkbox).
INPUT_TYPES = {"radio", "checkbox"}
BAD_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|-moz-binding",
                       re.I)
BAD_CLASSES = {"mermaid"}       # Material would load mermaid.js from a CDN for it


class _Scan(HTMLParser):
    def __init__(self, allowed_text: set[str]):
        super().__init__(convert_charrefs=True)
        self.allowed_text = allowed_text
        self.problems: list[tuple[str, str]] = []        # (text to find in the source, problem)
        self._open: list[tuple[str, list]] = []           # pipeline-only elements being read

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in PIPELINE_ONLY:
            self._open.append((tag, []))

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            name, parts = self._open.pop()
            if "".join(parts).strip() not in self.allowed_text:
                self.problems.append((f"<{name}", f"a <{name}> element: pages may not have "
                                      "their own scripts or style sheets"))

    def handle_comment(self, data):
        pass                                   # comments are checked in the Markdown (markers)

    def _check(self, tag, attrs):
        if tag not in ELEMENTS and tag not in PIPELINE_ONLY:
            self.problems.append((f"<{tag}", f"a <{tag}> element, which pages may not use "
                                  "(see the HTML allow-list in CONTRIBUTING.md)"))
            return
        values = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name not in ATTRIBUTES:
                self.problems.append((name, f"<{tag} {name}=...>: the attribute '{name}' is not "
                                      "allowed (no event handlers, ping, srcset, form or "
                                      "data-md- attributes)"))
            elif name == "href" and not SAFE_HREF.match(value.strip()):
                self.problems.append((value, f"<{tag} href={value[:40]!r}>: a link must go to a "
                                      "web page (https://), mail, a phone or this site"))
            elif name == "src" and re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", value, re.I):
                self.problems.append((value, f"<{tag} src={value[:40]!r}>: pictures come from "
                                      "this site only (a relative path)"))
            elif name == "style" and BAD_STYLE.search(value):
                self.problems.append((value, f"<{tag} style={value[:40]!r}>: a style may not "
                                      "load anything"))
            elif name == "class" and BAD_CLASSES & set(value.split()):
                self.problems.append(("mermaid", f"<{tag} class={value!r}>: diagrams are drawn "
                                      "by the build, not by mermaid (it loads a script from a CDN)"))
        if tag == "input" and values.get("type") not in INPUT_TYPES:
            self.problems.append(("<input", f"<input type={values.get('type')!r}>: no forms"))


def problems(html: str, allowed_text: set[str] = frozenset()) -> list[tuple[str, str]]:
    """Every place `html` leaves the allow-list, as (a string to find where the writer typed it,
    what is wrong). `allowed_text`: the exact contents of the pipeline's own script and style
    elements on this page."""
    scan = _Scan({text.strip() for text in allowed_text})
    scan.feed(html)
    scan.close()
    return scan.problems


def line_of(raw: str, needle: str) -> int | None:
    """The file line where `needle` first appears in the page's source (case-insensitive)."""
    index = raw.lower().find(needle.lower()) if needle else -1
    return None if index < 0 else raw.count("\n", 0, index) + 1


__all__ = ["ELEMENTS", "ATTRIBUTES", "problems", "line_of"]
