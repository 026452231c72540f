"""Our own stylesheets, as shipped: the comments that explain them stay in docs/, and readers
download only the rules (site.css is on every page, so its comments would cost every visit)."""
from __future__ import annotations

import re

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BLANK_AND_INDENT = re.compile(r"\n\s*")


def minify_css(css: str) -> str:
    """`css` without comments, indentation or blank lines. Only for our own stylesheets: they
    hold no strings or URLs containing '/*', which a general minifier would have to respect."""
    if re.search(r"""["'][^"'\n]*/\*""", css):
        raise ValueError("a string in this stylesheet contains '/*'; minify_css cannot keep it")
    return _BLANK_AND_INDENT.sub("\n", _COMMENT.sub("", css)).strip() + "\n"
