"""The printed handout's footer line: the page's full URL, in words and as a QR code.

The QR code is an inline SVG made at build time with segno (no image files, no requests).
The block is hidden on screen and shown only in print (the print rules in docs/assets/site.css).
"""
from __future__ import annotations

import re

import segno

from .markup import html_text

ARTICLE = re.compile(r'<article class="md-content__inner\b')


def qr_svg(url: str) -> str:
    """An inline SVG QR code for `url`, named for assistive technology."""
    label = f"QR code for {url}"
    code = segno.make(url, error="m", boost_error=False)
    svg = code.svg_inline(title=label, omitsize=True, svgclass="mtg-qr", lineclass=None,
                          dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html_text(label)}" ', 1)


def print_block(url: str, site_name: str) -> str:
    return ('<div class="mtg-print-only">'
            f'<p><strong>{html_text(site_name)}</strong><br>This page: '
            f'<span class="mtg-url">{html_text(url)}</span><br>'
            'Scan the code with a phone camera to open this page.</p>'
            f'{qr_svg(url)}</div>\n')


def add_print_block(html: str, url: str, site_name: str) -> str:
    """Put the block just before the page's article: not in its text, so search and the
    reading-grade measure see only what the reader reads on screen."""
    if not url:
        raise ValueError("the page has no full URL: set site_url in mkdocs.yml")
    match = ARTICLE.search(html)
    if match is None:
        raise ValueError("no <article class=\"md-content__inner\"> to put the print block before")
    return html[:match.start()] + print_block(url, site_name) + html[match.start():]


__all__ = ["qr_svg", "print_block", "add_print_block"]
