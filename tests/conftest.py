"""Shared fixtures: the real site, built once per test session, and a real headless Chromium.

The browser is Debian's /usr/bin/chromium driven by Playwright (no browser download). Without
it, browser tests are skipped on a developer machine and fail under CI=true.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent   # hooks/ is on the path via pytest.ini

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic", "--disable-default-apps"]
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` exactly as a maintainer runs it, in a separate process so the
    hook module is imported fresh (MkDocs caches hooks inside one process)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def guide():
    """The real data file, loaded and validated once (a broken file fails here, once)."""
    from twitchguide.loader import load
    return load(ROOT / "docs" / "data" / "clinical-rules.yml", "docs/data/clinical-rules.yml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built with --strict. Every HTML test reads this folder."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_site(site):
    """The built site served on 127.0.0.1 (a random free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def _browser_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    if not _browser_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no browser at {CHROMIUM}: install Debian's chromium")
        pytest.skip(f"no browser at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, **context_options):
    """A page in a fresh context; its console errors collect in `page.console_errors`."""
    context = browser.new_context(**{"viewport": {"width": 390, "height": 844}, **context_options})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    return tab


@pytest.fixture
def page(browser):
    """A fresh phone-sized page; tests assert on `page.console_errors`."""
    tab = new_page(browser)
    yield tab
    tab.context.close()


def build_or_reuse(site: Path | None, temp: Path) -> Path | None:
    """For scripts: the given build, or a fresh strict build in `temp` (None if it fails)."""
    if site is not None:
        return site
    site = temp / "site"
    result = build_site(site)
    if result.returncode:
        print(result.stdout, result.stderr, file=sys.stderr)
        return None
    return site


@contextlib.contextmanager
def recorded_requests(tab):
    """Collect the URLs a page requests while the block runs."""
    urls: list[str] = []
    tab.on("request", lambda request: urls.append(request.url))
    yield urls


def external(urls, base: str = "") -> list[str]:
    """Requests that leave this machine: anything not file:, data:, blob: or the local server."""
    local = ("file:", "data:", "blob:", "about:") + ((base,) if base else ())
    return [url for url in urls if not url.startswith(local)]


def axe_violations(tab) -> list[dict]:
    """axe-core (shipped inside axe-playwright-python) with the WCAG 2.x A and AA rules."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results.response["violations"]]


def set_color_scheme(tab, scheme: str) -> None:
    """Switch Material's palette the way its toggle does ("default" light or "slate" dark)."""
    tab.evaluate("""scheme => {
        document.body.setAttribute('data-md-color-scheme', scheme);
        document.body.setAttribute('data-md-color-media',
            scheme === 'slate' ? '(prefers-color-scheme: dark)' : '(prefers-color-scheme: light)');
    }""", scheme)
    # Material fades colours over 125 ms: measure contrast only once nothing is moving.
    tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    tab.wait_for_timeout(200)
