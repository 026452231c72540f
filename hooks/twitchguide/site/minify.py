"""Our own stylesheets and scripts, as shipped: the comments that explain them stay in docs/, and
readers download only the code (site.css and site.js are on every page, so their comments would
cost every visit)."""
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


# Our scripts keep `//` and `/*` out of their strings and regular expressions (minify_js checks
# the strings), so a `//` at the start of a line or after a space always begins a comment.
_JS_LINE_COMMENT = re.compile(r"(?:^|[ \t]+)//(?:[ \t].*)?$", re.MULTILINE)
_JS_STRING_WITH_COMMENT = re.compile(r"""(["'`])[^"'`\n]*(?://|/\*)[^"'`\n]*\1""")


def minify_js(js: str) -> str:
    """`js` without comments, indentation or blank lines: the same for our scripts as
    minify_css is for our stylesheets. Newlines stay, so automatic semicolons are unchanged."""
    if _JS_STRING_WITH_COMMENT.search(js):
        raise ValueError("a string in this script contains '//' or '/*'; minify_js cannot keep it")
    return _BLANK_AND_INDENT.sub("\n", _JS_LINE_COMMENT.sub("", _COMMENT.sub("", js))).strip() + "\n"


def minifier(src_uri: str):
    """How one of our files under docs/ ships: minify_css or minify_js, or None (as it is)."""
    return {"css": minify_css, "js": minify_js}.get(src_uri.rpartition(".")[2])
