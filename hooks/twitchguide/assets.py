"""Our own stylesheets and scripts, as shipped: the comments that explain them stay in docs/,
and readers download only the code (they are on every page, so comments would cost every
visit)."""
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


_JS_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)


def strip_js_comments(js: str) -> str:
    """`js` without its whole-line `//` comments and blank lines (code and strings untouched).
    Only for our own scripts, which never span a template string over lines."""
    code = _JS_COMMENT_LINE.sub("", js)
    if "`" in code:
        raise ValueError("a template string in this script; strip_js_comments cannot keep it")
    return re.sub(r"\n\s*\n", "\n", code).lstrip()
