"""`{{value-id}}`: a number or time frame written once in the data file, used everywhere.

Pages, red flags, checker text and quiz text all write `{{twitch-see-a-doctor-after}}`
instead of "2 weeks", so the site cannot state two different thresholds. Expansion happens
in the loader (for data text) and in the page pipeline (for hand-written pages).
"""
from __future__ import annotations

import re
from typing import Callable

VALUE = re.compile(r"\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")


def expand(text: str, values: dict, unknown: Callable[[str, int], Exception],
           escape: Callable[[str], str] = str) -> str:
    """`text` with every `{{id}}` replaced by its value's text, passed through `escape` (a page
    is Markdown, so a value placed in one must stay plain text). `unknown(id, position)` builds
    the error for an id that is not in `values`."""
    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value is None:
            raise unknown(match.group(1), match.start())
        return escape(value.text)

    return VALUE.sub(replace, text)


def used(text: str) -> list[str]:
    return [match.group(1) for match in VALUE.finditer(text)]
