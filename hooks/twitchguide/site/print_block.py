"""The printed handout's footer line: the page's full URL, in words and as a QR code.

The QR code is an inline SVG made at build time with segno (no image files, no requests).
The block is hidden on screen and shown only in print (the print rules in docs/assets/site.css).
Codes are kept between builds in one cache file (QrCodes): choosing a code's best mask pattern
is slow enough that, without the cache, QR codes were a large share of a build (PERFORMANCE.md
has the measured figures).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Callable

import segno

from ..pages.markup import html_text

ARTICLE = re.compile(r'<article class="md-content__inner\b')


def qr_svg(url: str) -> str:
    """An inline SVG QR code for `url`, named for assistive technology."""
    label = f"QR code for {url}"
    code = segno.make(url, error="m", boost_error=False)
    svg = code.svg_inline(title=label, omitsize=True, svgclass="mtg-qr", lineclass=None,
                          dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html_text(label)}" ', 1)


class QrCodes:
    """QR code SVGs by URL, read from and saved to one JSON file (in .cache/, not committed).

    A code depends only on its URL, this module and segno's version, so the cache is keyed by
    the last two; any change to either starts it afresh. A missing, unreadable or stale cache
    file is ignored (never an error). Saving keeps the codes of earlier builds too, so builds
    for two site URLs (the tests' and a fork's Pages address) both find theirs.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.key = f"segno {segno.__version__}; print_block.py {_module_hash()}"
        self.made = 0                     # codes encoded by this build (the rest came from cache)
        self._codes = self._read()

    def _read(self) -> dict[str, str]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        codes = data.get("codes") if isinstance(data, dict) and data.get("key") == self.key else None
        if not isinstance(codes, dict):
            return {}
        return {url: svg for url, svg in codes.items() if isinstance(svg, str)}

    def svg(self, url: str) -> str:
        if url not in self._codes or not _well_formed(url, self._codes[url]):
            # A cache is a file anyone's build can leave behind (a hostile branch, a bad edit):
            # an entry is used only if it is exactly the markup qr_svg makes for this URL, with
            # nothing but path data in it (review L5).
            self._codes[url] = qr_svg(url)
            self.made += 1
        return self._codes[url]

    def save(self) -> bool:
        """Write the file (atomically) if this build made new codes. False if it cannot be
        written: a cache must never fail a build."""
        if self.path is None or not self.made:
            return True
        temp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps({"key": self.key, "codes": self._codes}, sort_keys=True),
                            encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            return False
        return True


def _well_formed(url: str, svg: str) -> bool:
    label = re.escape(html_text(f"QR code for {url}"))
    return re.fullmatch(
        f'<svg role="img" aria-label="{label}" viewBox="0 0 (\\d+) \\1" class="mtg-qr">'
        f"<title>{label}</title>"
        r'<path fill="#fff" d="M0 0h\1v\1h-\1z"/><path stroke="#000" d="[MmHhVv0-9 .-]*"/></svg>',
        svg) is not None


def _module_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def print_block(url: str, site_name: str, make_svg: Callable[[str], str] = qr_svg) -> str:
    return ('<div class="mtg-print-only">'
            f'<p><strong>{html_text(site_name)}</strong><br>This page: '
            f'<span class="mtg-url">{html_text(url)}</span><br>'
            'Scan the code with a phone camera to open this page.</p>'
            f'{make_svg(url)}</div>\n')


def add_print_block(html: str, url: str, site_name: str,
                    make_svg: Callable[[str], str] = qr_svg) -> str:
    """Put the block just before the page's article: not in its text, so search and the
    reading-grade measure see only what the reader reads on screen."""
    if not url:
        raise ValueError("the page has no full URL: set site_url in mkdocs.yml")
    match = ARTICLE.search(html)
    if match is None:
        raise ValueError("no <article class=\"md-content__inner\"> to put the print block before")
    return html[:match.start()] + print_block(url, site_name, make_svg) + html[match.start():]


__all__ = ["qr_svg", "QrCodes", "print_block", "add_print_block"]
