"""`{{value-id}}`: a number or time frame written once in the data file, used everywhere.

Pages, red flags, checker text and quiz text all write `{{twitch-see-a-doctor-after}}`
instead of "2 weeks", so the site cannot state two different thresholds. Expansion happens
in the loader (for data text) and in the page pipeline (for hand-written pages).
"""
from __future__ import annotations

import re
from typing import Callable

VALUE = re.compile(r"\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")
# What is left of a placeholder the pattern did not read (`{{id}`, `{{Id}}`, `{ {id}}`...).
# Ordinary text never needs two braces in a row, so any that remain are a mistake.
BRACES = re.compile(r"\{\s*\{|\}\s*\}")


def leftover(text: str) -> re.Match | None:
    """The first `{{` or `}}` in `text` that is not part of a well-formed `{{value-id}}`."""
    for match in BRACES.finditer(VALUE.sub(lambda m: "\0" * len(m.group(0)), text)):
        return match
    return None


def malformed_message(text: str, match: re.Match) -> str:
    """What a writer reads about a broken placeholder: the words around it, and the form."""
    start = max(0, match.start() - 20)
    fragment = " ".join(text[start:match.end() + 20].split())
    return (f"malformed placeholder near '{fragment}'; a value is written {{{{value-id}}}} "
            "(lowercase letters, digits and hyphens, two braces on each side)")


def expand(text: str, values: dict, unknown: Callable[[str, int], Exception],
           escape: Callable[[str], str] = str,
           malformed: Callable[[str, int], Exception] | None = None) -> str:
    """`text` with every `{{id}}` replaced by its value's text, passed through `escape` (a page
    is Markdown, so a value placed in one must stay plain text). `unknown(id, position)` builds
    the error for an id that is not in `values`; `malformed(message, position)` the one for
    braces that are not a well-formed placeholder (by default `unknown`'s, given the message),
    so a typo never ships as literal braces."""
    broken = leftover(text)
    if broken is not None:
        raise (malformed or unknown)(malformed_message(text, broken), broken.start())

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value is None:
            raise unknown(match.group(1), match.start())
        return escape(value.text)

    return VALUE.sub(replace, text)


def used(text: str) -> list[str]:
    return [match.group(1) for match in VALUE.finditer(text)]
