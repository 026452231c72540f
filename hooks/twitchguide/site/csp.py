"""The Content-Security-Policy every page carries (a meta tag: GitHub Pages sends no headers).

overrides/main.html writes the policy with SCRIPT_HASHES as a placeholder; `fill` puts in the
SHA-256 of each inline script that page runs (Material's few lines of setup, and the quiz), so
no other inline script can run: not one a writer slips into a page, nor one injected later.
Everything else comes from the site itself; no page may load from or send to another host.
On file:// (the offline zip) Chromium does not count file: URLs as 'self', so `file:` is listed
too: it can only ever match files on the reader's own disk, beside the page.
"""
from __future__ import annotations

import base64
import hashlib
import re

SCRIPT_HASHES = "__MTG_SCRIPT_HASHES__"
# An inline <script> that runs: no src, and no data type (JSON data scripts do not run).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>"
                            r"(.*?)</script>", re.S)


def script_hashes(html: str) -> list[str]:
    """`'sha256-...'` for each inline script in the page, in order, without repeats."""
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        source = _hash(match.group(1))
        if source not in found:
            found.append(source)
    return found


# On file://, search runs in the iframe-worker shim (extra.polyfills): it writes a hidden
# iframe whose first, inline script is built from two of the shim's own functions and the
# worker's URL, and that iframe has the page's policy. Its text is known at build time, so it
# is hashed like any other inline script (tests/test_csp_browser.py searches from the zip).
_SHIM_FUNCTION = r"function {name}\([^)]*\)\{{.*?\}}(?=function |var |let |const |window\.)"
_WORKER_URL = re.compile(r'"search": "([^"\\]+)"')


def shim_script(shim_source: str, worker_url: str) -> str | None:
    """The inline script iframe-worker writes for `worker_url` (None if the shim's code is not
    the shape this expects: then search from disk shows the policy error, and the test fails)."""
    found = {}
    for name in ("c", "d"):
        match = re.search(_SHIM_FUNCTION.format(name=name), shim_source, re.S)
        if match is None:
            return None
        found[name] = match.group(0)
    return (f"postMessage={found['c']};importScripts={found['d']};addEventListener(\"error\","
            "({error})=>{parent.dispatchEvent(new ErrorEvent(\"error\",{filename:\""
            f"{worker_url}\",error}}))}})")


def _hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest())
    return f"'sha256-{digest.decode('ascii')}'"


def fill(html: str, shim_source: str | None = None) -> str:
    """The page with its policy's script hashes filled in. A page without the placeholder (a
    template that lost the meta tag) is an error, never a page without a policy."""
    if html.count(SCRIPT_HASHES) != 1:
        raise ValueError("the page has no Content-Security-Policy meta tag to fill "
                         "(overrides/main.html, block site_meta)")
    hashes = script_hashes(html)
    worker = _WORKER_URL.search(html)
    if shim_source and worker:
        script = shim_script(shim_source, worker.group(1))
        if script is not None and _hash(script) not in hashes:
            hashes.append(_hash(script))
    return html.replace(SCRIPT_HASHES, " ".join(hashes))


__all__ = ["SCRIPT_HASHES", "script_hashes", "fill"]
