"""The glossary: one file of Markdown abbreviations (`*[term]: definition`).

The hook hands the entries to Markdown's abbr extension (its `glossary` option), so each term
gets a tooltip on every page; the glossary page lists the same entries, so the two can never
disagree.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..data import placeholders
from .markup import md_text

ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>\S.*)$")
# Python-Markdown's abbr extension writes exactly this; the title is already escaped.
TOOLTIP = re.compile(r'<abbr title="(?P<definition>[^"]*)">(?P<text>.*?)</abbr>', re.S)


class GlossaryError(Exception):
    pass


def read_glossary(path: Path, display_name: str, values: dict | None = None) -> dict[str, str]:
    """Terms and definitions, in file order; malformed or repeated lines are errors. A
    definition's `{{value-id}}`s are expanded from `values` (the data file's); a malformed or
    unknown one is an error at its line, never braces in a tooltip."""
    entries: dict[str, str] = {}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{display_name}:1: file not found") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        at = data.count(b"\n", 0, error.start) + 1
        raise GlossaryError(f"{display_name}:{at}: not UTF-8 text (byte "
                            f"0x{data[error.start]:02x}); save the file as UTF-8") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("<!--"):
            continue
        match = ENTRY.match(line)
        if not match:
            raise GlossaryError(f"{display_name}:{number}: expected '*[term]: definition'")
        term = match["term"]
        if term in entries:
            raise GlossaryError(f"{display_name}:{number}: '{term}' is defined twice")
        definition = match["definition"].strip()

        def fail(message: str, _position: int = 0, number=number) -> GlossaryError:
            return GlossaryError(f"{display_name}:{number}: {message}")
        entries[term] = placeholders.expand(
            definition, values or {},
            lambda value_id, _position: fail(f"unknown value '{{{{{value_id}}}}}'; add it under "
                                             "'values:' in docs/data/clinical-rules.yml"),
            malformed=fail)
    return entries


def glossary_list(entries: dict[str, str]) -> str:
    """A definition list, one entry per term; plural and capitalized forms are folded away."""
    shown: dict[str, tuple[str, str]] = {}
    for term, definition in entries.items():
        key = definition                      # variants of one word share their definition
        if key not in shown or len(term) < len(shown[key][0]):
            shown[key] = (term, definition)
    rows = sorted(shown.values(), key=lambda entry: entry[0].lower())
    return "\n".join(f"{md_text(term)}\n:   {md_text(definition)}\n" for term, definition in rows)


def first_use_only(html: str) -> str:
    """Keep a term's tooltip where the page first uses it; later uses are plain text.
    Each term is explained once per page (forms of one word, such as "cramp" and "cramps",
    share a definition, so they count as one), and there are fewer dotted underlines to read
    past. It also spares phones work: Material sets up every tooltip when the page loads."""
    explained: set[str] = set()

    def once(match: re.Match) -> str:
        if match["definition"] in explained:
            return match["text"]
        explained.add(match["definition"])
        return match[0]

    return TOOLTIP.sub(once, html)


def without_tooltips(html: str) -> str:
    """The page's HTML with each glossary term as plain text. For the quiz: a tooltip on a
    word in a question ("What is spasticity?") would give its answer away."""
    return TOOLTIP.sub(lambda match: match["text"], html)
