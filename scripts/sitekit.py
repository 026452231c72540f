"""What tests and scripts share: where things are, building the site, serving it, its page lists,
and a real headless Chromium. `make setup` installs it (and the hook's package, twitchguide) into
.venv in editable mode (pyproject.toml), so tests, scripts and the hook import both by name.
Nothing here imports a test module.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA_FILE = DOCS / "data" / "clinical-rules.yml"
SCENARIO_FILE = DOCS / "data" / "triage-scenarios.yml"

# Without Material 9.8's end-of-life banner (README: Decisions), so a build's stderr holds only
# the build's own messages.
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic", "--disable-default-apps"]
GZIP_LEVEL = 6          # what GitHub Pages' servers use


# --- the site --------------------------------------------------------------------------------

# False while a unit test runs (tests/conftest.py): a test that builds is a build test, and must
# say so by taking the `site` or `own_build` fixture.
BUILDS_ALLOWED = True


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` exactly as a maintainer runs it, in a separate process so the
    hook module is imported fresh (MkDocs caches hooks inside one process)."""
    if not BUILDS_ALLOWED:
        raise RuntimeError("a unit test may not build the site: take the `own_build` fixture "
                           "(or `site`), which makes it a build test")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=300)


def project_copy(folder: Path) -> Path:
    """A copy of the project in `folder`/project that a test may break or poison freely (the
    installed npm packages are linked, not copied)."""
    project = folder / "project"
    for name in ("docs", "hooks", "includes", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


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


@functools.lru_cache(maxsize=None)
def load_guide():
    """The real data file, loaded and validated (once per process)."""
    from twitchguide.data.loader import load
    return load(DATA_FILE, "docs/data/clinical-rules.yml")


@functools.lru_cache(maxsize=None)
def _hand_written_files() -> tuple:
    """The hand-written pages exactly as MkDocs collects them (so `exclude_docs` and
    `not_in_nav` mean here what they mean in the build)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    config = load_config(str(ROOT / "mkdocs.yml"))
    return tuple(get_files(config).documentation_pages())


def reader_pages() -> tuple[str, ...]:
    """The hand-written pages, by built path (`faq.html`)."""
    return tuple(sorted(file.dest_uri for file in _hand_written_files()))


def reader_sources() -> tuple[str, ...]:
    """The hand-written pages, by path under docs/ (`faq.md`)."""
    return tuple(sorted(file.src_uri for file in _hand_written_files()))


def checker_pages() -> tuple[str, ...]:
    """The pages the hook generates from the data file's checker: the start, the overview, and
    one page per question or result and route that reaches it (`render_checker.page_names`)."""
    from twitchguide.pages.checker_pages import page_names
    names = page_names(load_guide())
    return tuple(sorted(f"check/{name}.html" for name in ["index", "overview", *names.values()]))


# --- serving it ------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _GzipHandler(_QuietHandler):
    """Like GitHub Pages: text files are sent gzip-compressed to browsers that accept it."""
    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()          # http.server's redirect to 'folder/'
            path = path / "index.html"
        if not (path.is_file() and path.suffix in self.COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, compress: bool = False):
    """Serve a built site on 127.0.0.1 at a free port; yields the base URL (ends with '/').
    With `compress`, text files go out gzip-compressed, as GitHub Pages sends them; without it,
    exactly as Python's http.server serves them."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


# --- the browser -----------------------------------------------------------------------------

def browser_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()


# How long one browser step (a load, a click, a wait for text) may take before it counts as
# hung. A step that succeeds returns at once, so a long limit costs a passing test nothing, and
# a slow or busy machine never fails a test that would pass on an idle one.
PATIENCE_MS = 180_000


def new_context(browser, **options):
    """A fresh browser context whose steps wait up to PATIENCE_MS."""
    context = browser.new_context(**options)
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    return context


def new_page(browser, **context_options):
    """A phone-sized page in a fresh context; its console errors collect in `page.console_errors`."""
    context = new_context(browser, **{"viewport": {"width": 390, "height": 844}, **context_options})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    return tab


@contextlib.contextmanager
def recorded_requests(tab):
    """Collect the URLs a page (or every page of a context) requests while the block runs."""
    urls: list[str] = []
    tab.on("request", lambda request: urls.append(request.url))
    yield urls


def external(urls, base: str = "") -> list[str]:
    """Requests that leave this machine: anything not file:, data:, blob: or the local server."""
    local = ("file:", "data:", "blob:", "about:") + ((base,) if base else ())
    return [url for url in urls if not url.startswith(local)]


# axe judges a page once it is still. A reader who asks for reduced motion sees the same final
# colours and layout without Material's fades (its CSS turns transitions off), so the contexts
# that run axe ask for it, and `settle` returns after a few frames instead of after each fade.
STILL = {"reduced_motion": "reduce"}

# Rules whose result can change with the colour scheme: the dark pass runs only these.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@functools.cache
def _axe_source() -> str:
    """axe-core as shipped inside axe-playwright-python (its pinned copy)."""
    import axe_playwright_python
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(tab, rules: list[str] | None = None, within: str | None = None,
                   skip: list[str] = ()) -> list[dict]:
    """axe-core with the WCAG 2.x A and AA rules, or only the given rules; on the whole page, or
    `within` the elements a CSS selector names; without the rules in `skip`. axe is added to a
    page once (it is 570 KB), not before every run."""
    run_only = ({"type": "rule", "values": rules} if rules else
                {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]})
    options = {"runOnly": run_only, "resultTypes": ["violations"],
               "rules": {rule: {"enabled": False} for rule in skip}}
    if not tab.evaluate("typeof window.axe === 'object'"):
        tab.evaluate(_axe_source())
    violations = tab.evaluate("""([within, options]) => axe.run(within || document, options)
        .then(results => results.violations)""", [within, options])
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in violations]


def axe_in_scheme(tab, scheme: str) -> list[dict]:
    """axe in Material's light ("default") or dark ("slate") scheme. Only colours differ between
    the two, so the dark pass runs only the colour rules; the light pass runs them all."""
    set_color_scheme(tab, scheme)
    return axe_violations(tab, None if scheme == "default" else COLOUR_RULES)


def set_color_scheme(tab, scheme: str) -> None:
    """Switch Material's palette the way its toggle does ("default" light or "slate" dark)."""
    tab.evaluate("""scheme => {
        document.body.setAttribute('data-md-color-scheme', scheme);
        document.body.setAttribute('data-md-color-media',
            scheme === 'slate' ? '(prefers-color-scheme: dark)' : '(prefers-color-scheme: light)');
    }""", scheme)
    settle(tab)


def settle(tab, quiet_frames: int = 3) -> None:
    """Wait until no animation has run for `quiet_frames` frames in a row, so what is measured
    is what a reader sees. Material fades colours (125 ms) and its header title after a scroll,
    and moving focus scrolls; a change starts its transition at the next frame, so a few quiet
    frames mean it is over. Counted in frames, never a clock: a busy machine only draws them
    more slowly."""
    tab.evaluate("""quietFrames => new Promise(resolve => {
        let quiet = 0;
        const tick = () => {
            const moving = document.getAnimations().some(a => a.playState === 'running');
            quiet = moving ? 0 : quiet + 1;
            if (quiet >= quietFrames) resolve(); else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
    })""", quiet_frames)
