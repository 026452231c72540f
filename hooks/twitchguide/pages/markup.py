"""Safe building blocks for the Markdown and HTML that the renderers write.

All text from the data file passes through `md_text` (Markdown) or `html_text` (raw HTML), so
nothing in the data can become a link, emphasis or a tag.
"""
from __future__ import annotations

import html
import re

from mkdocs.utils import get_relative_url

# Characters that start inline Markdown syntax (emphasis, code, links, attribute lists).
# `<` and `&` are handled by HTML escaping, `|` would split a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]])")


def html_text(text: str) -> str:
    return html.escape(text, quote=True)


# At the start of a line these begin a block (heading, quote, list, admonition, tab...).
_BLOCK_START = re.compile(r"^(?:[#>+\-=?:!~%]|\d+[.)])")


def md_text(text: str) -> str:
    """Plain text made safe to place inside Markdown: no markup survives, inline or block."""
    escaped = html.escape(" ".join(text.split()), quote=True).replace("|", "&#124;")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return _BLOCK_START.sub(lambda match: match.group(0)[:-1] + f"&#{ord(match.group(0)[-1])};",
                            escaped)


def relative_link(from_page: str, to_target: str) -> str:
    """A link from one site-relative page to another, anchor kept: MkDocs' own
    `get_relative_url`, for source paths (`.md`) and built paths (`.html`) alike."""
    return get_relative_url(to_target, from_page)


def built_path(src_uri: str) -> str:
    """A page's built path, as with `use_directory_urls: false`: `types/x.md#s` ->
    `types/x.html#s` (what MkDocs' `File.url` gives for that page)."""
    path, _, anchor = src_uri.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return f"{path}#{anchor}" if anchor else path


def indent(block: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in block.splitlines())


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition; `title` is plain text, `body` is Markdown.

    Python-Markdown runs inline processing on the title, so it gets the same escaping as any
    other text (`md_text`): no link, image or `{attr list}` survives. `md_text` turns `"` into
    `&quot;`, so the title cannot end the quoted title early either."""
    return f'!!! {kind} "{md_text(title)}"\n\n{indent(body)}\n'


# What a YAML double-quoted scalar may hold as is: printable characters except `"` and `\`
# (both escaped below) and the characters YAML reads as line breaks or refuses.
_YAML_UNSAFE = re.compile(r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                          r"\U00010000-\U0010ffff]")


def meta_text(text: str) -> str:
    """A front-matter value (title, description) as a double-quoted YAML scalar.

    MkDocs' templates have no autoescape, and Material writes `page.meta.description` raw into
    `<meta name="description" content="...">` (and the title into `<title>` and the nav): so
    `"`, `<`, `>` and `&` are HTML-escaped here, and whitespace is folded to single spaces.
    Anything YAML could misread (backslash, control and line-break characters) is escaped the
    YAML way, so the value always parses back to exactly the escaped text."""
    escaped = html.escape(" ".join(text.split()), quote=True).replace("\\", "\\\\")
    escaped = _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", escaped)
    return f'"{escaped}"'


__all__ = ["html_text", "md_text", "meta_text", "relative_link", "built_path", "indent", "admonition"]


# Elements whose whitespace a browser shows or runs as written.
_KEEP_WHITESPACE = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENTATION = re.compile(r"\n\s+")


def drop_indentation(page_html: str) -> str:
    """The built page without the indentation and blank lines of Material's templates.

    Outside <pre>, <textarea> and <script>, a run of whitespace renders as one space whatever
    it holds, so a newline followed by indentation can become a bare newline. That saves about
    0.8 KB gzip on a long page, on every first visit (the page-weight budget). The parts split
    out by the capturing group (odd positions) pass through untouched.
    """
    parts = _KEEP_WHITESPACE.split(page_html)
    kept = []
    for position, part in enumerate(parts):
        if position % 3 == 0:
            kept.append(_INDENTATION.sub("\n", part))
        elif position % 3 == 1:
            kept.append(part)
    return "".join(kept)
