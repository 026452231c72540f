"""Build benchmarks: the full strict build, the time our hooks take, how that time grows with
the data, and how long `mkdocs serve` takes to rebuild after an edit.

Usage:
    .venv/bin/python scripts/bench_build.py                 everything, plain text
    .venv/bin/python scripts/bench_build.py --markdown      the same as a Markdown section
    .venv/bin/python scripts/bench_build.py --builds 3 --skip-serve

1. Full build: a clean `mkdocs build --strict` into a new folder, in a subprocess, N times.
2. Hooks: the functions the build hook calls, called directly on the real data and pages
   (twitchguide.data.loader.load, checker_pages.render_all, quiz_page.quiz_block,
   open_data.export_json, and hand_written.publish for every hand-written page), repeated; the
   median of each and their share of the full build.
3. Growth: the same functions on synthetic data files 1x, 2x, 5x and 10x the size (more red
   flags, a longer checker chain whose extra questions and outcomes obey the safety rules of
   twitchguide/data/tree_rules.py, more quiz items), written to a temp folder. Target: linear or better.
4. Serve: `mkdocs serve` on a COPY of the project in a temp folder (the real docs/ are never
   touched); append a comment to a page (then to the data file), time until the log says the
   rebuild finished, then restore the file.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import copy
import datetime as dt
import json
import math
import os
import platform
import queue
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

import sample_trees
from sitekit import BUILD_ENV, ROOT, build_site, reader_sources
from twitchguide.data import tree_rules
from twitchguide.pages import checker_pages, glossary, quiz_page
from twitchguide.site import open_data
from twitchguide.data.loader import load
from twitchguide.pages.hand_written import PageInfo, publish

DATA_FILE = ROOT / "docs" / "data" / "clinical-rules.yml"
GLOSSARY_FILE = ROOT / "includes" / "glossary.md"
DOCS = ROOT / "docs"
SCALES = (1, 2, 5, 10)
NOISE_EXPONENT = 1.05           # growth exponents up to this count as linear
TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)     # as hooks/guide_hook.py reads it
# The end of a rebuild. MkDocs drops a log message it has logged before (its DuplicateFilter),
# so a rebuild that takes exactly as long as an earlier one prints no "built in" line; the
# live-reload line that follows every rebuild then marks the end (with no build time).
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds|Reloading browsers")
DETECTED = re.compile(r"Detected file changes")
QUIET_SECONDS = 1.5             # 3 polls of mkdocs' file watcher (every 0.5 s)
# What the copy for `mkdocs serve` leaves out (big, or not part of a build).
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", ".cache",
                                     "__pycache__", ".pytest_cache", ".hypothesis", "tests",
                                     "test-artifacts")


def cpu_seconds(function) -> float:
    """CPU time of one call. CPU time, not wall time: on a shared 2-core machine other work
    stretches wall time at random, while the CPU time the code itself needs stays put."""
    start = time.process_time()
    function()
    return time.process_time() - start


def median_seconds(function, repeat: int) -> float:
    return statistics.median(cpu_seconds(function) for _ in range(repeat))


# --- 1. full build ---------------------------------------------------------------------------

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def full_builds(count: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of each clean strict build in its own process."""
    walls, cpus = [], []
    for _ in range(count):
        with tempfile.TemporaryDirectory() as temp:
            start, start_cpu = time.perf_counter(), _children_cpu()
            result = build_site(Path(temp) / "site")
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - start_cpu)
            if result.returncode:
                sys.exit(f"strict build failed:\n{result.stdout}\n{result.stderr}")
    return walls, cpus


# --- 2. hooks --------------------------------------------------------------------------------

# Runs `mkdocs build --strict` in a subprocess with every on_* function of the hook module
# wrapped in a timer, so the table covers all hook work, including events added later.
_EVENT_DRIVER = r"""
import functools, json, sys, time
from mkdocs.config import config_options
totals = {}
load_hook = config_options.Hooks._load_hook

def timed_hook(self, name, path):
    module = load_hook(self, name, path)
    for attr in [a for a in dir(module) if a.startswith("on_")]:
        function = getattr(module, attr)
        if not callable(function):
            continue
        @functools.wraps(function)          # keeps mkdocs_priority from @event_priority
        def timed(*args, _function=function, _event=attr, **kwargs):
            start = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                totals[_event] = totals.get(_event, 0.0) + time.perf_counter() - start
        setattr(module, attr, timed)
    return module

config_options.Hooks._load_hook = timed_hook
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(["build", "--strict", "--quiet", "--site-dir", sys.argv[1]], standalone_mode=False)
finally:
    print("HOOK-EVENTS " + json.dumps({"events": totals, "build": time.perf_counter() - start}))
"""


def hook_events(count: int, project: Path = ROOT) -> list[dict]:
    """Seconds spent inside each hook event in real builds: [{"events": {...}, "build": s}]."""
    runs = []
    for _ in range(count):
        with tempfile.TemporaryDirectory() as temp:
            result = subprocess.run([sys.executable, "-c", _EVENT_DRIVER, str(Path(temp) / "site")],
                                    cwd=project, env=BUILD_ENV, capture_output=True, text=True,
                                    timeout=600)
            line = next((line for line in result.stdout.splitlines()
                         if line.startswith("HOOK-EVENTS ")), None)
            if result.returncode or line is None:
                sys.exit(f"instrumented build failed:\n{result.stdout}\n{result.stderr}")
            runs.append(json.loads(line[len("HOOK-EVENTS "):]))
    return runs


def page_titles(docs: Path = DOCS) -> dict[str, str]:
    titles = {}
    for path in sorted(docs.rglob("*.md")):
        match = TITLE.search(path.read_text(encoding="utf-8")[:1000])
        if match:
            titles[path.relative_to(docs).as_posix()] = match.group(1).strip("\"'")
    return titles


def hand_written_pages(docs: Path = DOCS) -> list[PageInfo]:
    """Every page as on_page_markdown receives it (front matter parsed by MkDocs), from the
    pages MkDocs builds (a file left out by `exclude_docs` is not a page)."""
    from mkdocs.utils.meta import get_data
    pages = []
    for src_uri in reader_sources():
        raw = (docs / src_uri).read_text(encoding="utf-8")
        markdown, meta = get_data(raw)
        pages.append(PageInfo(src_uri, meta, markdown, raw))
    return pages


class _AnyPlaceholder(dict):
    """The hook's placeholder functions: the ones timed here, and an empty stand-in for any
    other placeholder a page uses (so a new placeholder never breaks the benchmark)."""

    def __contains__(self, name) -> bool:
        return True

    def __missing__(self, name):
        return lambda _page, _options: ""


def hook_steps(data_file: Path) -> dict:
    """{name: zero-argument function} for each piece of hook work, on one data file."""
    guide = load(data_file, "clinical-rules.yml")
    titles = page_titles()
    pages = hand_written_pages()
    entries = glossary.read_glossary(GLOSSARY_FILE, "includes/glossary.md")
    today = dt.date.today()
    quiz_assets = [(DOCS / path).read_text(encoding="utf-8") for path in quiz_page.INLINED_ASSETS]
    quiz = quiz_page.quiz_block(guide, titles, *quiz_assets)
    extra = _AnyPlaceholder({"glossary": lambda _page, _options: glossary.glossary_list(entries),
                             "quiz": lambda _page, _options: quiz})   # quiz_block is timed alone

    def publish_all():
        for page in pages:
            info = PageInfo(page.src_uri, dict(page.meta), page.markdown, page.raw)
            if page.src_uri == quiz_page.QUIZ_PAGE:
                info.meta.setdefault("sources", quiz_page.quiz_sources(guide))
            publish(info, guide, today, extra)

    return {
        "loader.load (parse + validate)": lambda: load(data_file, "clinical-rules.yml"),
        "checker_pages.render_all": lambda: checker_pages.render_all(guide, titles),
        "quiz_page.quiz_block": lambda: quiz_page.quiz_block(guide, titles, *quiz_assets),
        "open_data.export_json": lambda: open_data.export_json(guide),
        "hand_written.publish (every page)": publish_all,
    }


def time_hooks(data_file: Path, repeat: int) -> dict[str, float]:
    steps = hook_steps(data_file)
    for step in steps.values():         # warm-up: first calls fill caches (regexes, imports)
        step()
    return {name: median_seconds(step, repeat) for name, step in steps.items()}


# --- 3. growth -------------------------------------------------------------------------------

def scaled_data(data: dict, factor: int) -> dict:
    """The data file `factor` times as large, still valid and safe.

    Every checker question that leads on to another question gets factor-1 copies, each asking
    about copies of its red flags, chained right after it (same stage, so the most urgent signs
    still come first); a copy's answers that end the checker lead to copies of the original's
    results (same tier), its onward answer to the next copy, the last copy's to where the
    original led. A question whose every answer ends the checker is not copied, nor are the red
    flags it asks: a copy placed after it could not be asked before its results, and the safety
    rules want every more urgent sign asked first; for the same reason a pattern question's
    copies ask its own signs. Red flags no question asks (topic-only) and
    quiz items are copied. Sources and tiers stay as they are. 1x is the real data, rewritten by
    PyYAML.
    """
    data = copy.deepcopy(data)
    if factor == 1:
        return data
    copies = range(2, factor + 1)
    checker = data["checker"]
    questions, outcomes = checker["questions"], checker["outcomes"]
    last = {qid for qid, question in questions.items()
            if not any(answer["next"] in questions for answer in question["answers"])}
    not_copied = {flag for qid in last for flag in questions[qid].get("signs", [])}
    # A "what is it like?" question's signs are reported by its answers, some of which end the
    # checker at once: a copy of such a sign would be asked only after those results.
    not_copied |= {flag for question in questions.values() if question.get("kind") == "pattern"
                   for flag in question.get("signs", [])}

    def twin_flag(flag: str, number: int) -> str:
        return flag if flag in not_copied else f"{flag}-x{number}"

    new_flags = []
    for flag in [flag for flag in data["red_flags"] if flag["id"] not in not_copied]:
        for number in copies:
            twin = {**flag, "id": f"{flag['id']}-x{number}",
                    "text": f"{flag['text'][:-1]} (variant {number})."}
            if "contact" in flag:                # its answers lead to the copied result
                twin["contact"] = f"{flag['contact']}-x{number}"
            new_flags.append(twin)
    data["red_flags"] += new_flags

    def outcome_copy(outcome_id: str, number: int) -> str:
        new_id = f"{outcome_id}-x{number}"
        if new_id not in outcomes:
            outcome = copy.deepcopy(outcomes[outcome_id])
            outcome["title"] = f"{outcome['title']} (variant {number})"
            outcome["watch_for"] = [twin_flag(flag, number) for flag in outcome["watch_for"]]
            new_outcomes[new_id] = outcome
        return new_id

    new_questions, new_outcomes = {}, {}
    for qid, question in questions.items():
        new_questions[qid] = question
        if qid in last:
            continue
        chain = [qid] + [f"{qid}-x{number}" for number in copies]
        for number, twin_id in zip(copies, chain[1:]):
            twin = copy.deepcopy(question)       # still leads on where the original did
            twin["text"] = f"{question['text'][:-1]} (variant {number})?"
            if "signs" in twin:
                twin["signs"] = [twin_flag(flag, number) for flag in twin["signs"]]
            for answer in twin["answers"]:
                if answer.get("reports"):
                    answer["reports"] = [twin_flag(flag, number) for flag in answer["reports"]]
                if answer["next"] in outcomes:
                    answer["next"] = outcome_copy(answer["next"], number)
            new_questions[twin_id] = twin
        # Relink: the original and each copy but the last lead on to the next copy.
        onward = next(i for i, answer in enumerate(question["answers"])
                      if answer["next"] in questions)
        for current, following in zip(chain, chain[1:]):
            answers = new_questions[current]["answers"]
            answers[onward] = {**answers[onward], "next": following}
    checker["questions"] = new_questions
    checker["outcomes"] = {**outcomes, **new_outcomes}

    items = list(data["quiz"])
    for number in copies:
        for item in items:
            twin = copy.deepcopy(item)
            twin["id"] = f"{item['id']}-x{number}"
            twin["question"] = f"{item['question']} (variant {number})"
            data["quiz"].append(twin)
    return data


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value that appears twice out in full: the loader refuses YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_scaled(data: dict, factor: int, folder: Path) -> Path:
    scaled = scaled_data(data, factor)
    path = folder / f"clinical-rules-{factor}x.yml"
    path.write_text(yaml.dump(scaled, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True,
                              width=100), encoding="utf-8")
    return path


def growth(repeat: int, scales=SCALES) -> list[dict]:
    """Hook CPU time per data size. The sizes take turns in every round, so a busy spell on
    the machine falls on all of them alike; the median of the rounds is kept."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        for factor in scales:
            path = write_scaled(data, factor, Path(temp))
            guide = load(path, path.name)          # raises if the synthetic data is unsafe
            rows.append({
                "scale": factor, "kb": path.stat().st_size / 1024,
                "flags": len(guide.red_flags), "questions": len(guide.checker.questions),
                "outcomes": len(guide.checker.outcomes),
                "paths": sum(1 for _ in tree_rules.paths(guide)), "quiz": len(guide.quiz),
                "steps": hook_steps(path), "samples": collections.defaultdict(list),
            })
            for step in rows[-1]["steps"].values():    # warm-up
                step()
        for _ in range(repeat):
            for row in rows:
                for name, step in row["steps"].items():
                    row["samples"][name].append(cpu_seconds(step))
    for row in rows:
        row["times"] = {name: statistics.median(values) for name, values in row["samples"].items()}
        row["total"] = sum(row["times"].values())
        del row["steps"], row["samples"]
    return rows


def branchy_trees(levels=(25, 50, 100, 200), repeat: int = 5) -> list[dict]:
    """Loading and validating a checker whose paths double at every level (scripts/
    sample_trees.py): the tree rules work per question, so time should grow with the number of
    questions, never with the number of paths."""
    rows = []
    for level in levels:
        tree = sample_trees.diamond(level)
        guide = sample_trees.load_tree(tree)
        rows.append({"levels": level, "questions": len(guide.checker.questions),
                     "paths": tree_rules.count_paths(guide),
                     "seconds": median_seconds(lambda: sample_trees.load_tree(tree), repeat)})
    return rows


def exponent(rows: list[dict], key) -> float:
    """Growth exponent from 1x to the largest scale: 1.0 is linear, 2.0 quadratic."""
    first, last = rows[0], rows[-1]
    return math.log(key(last) / key(first)) / math.log(last["scale"] / first["scale"])


# --- 4. serve --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    """`mkdocs serve --strict` on a copy of the project; log lines arrive on a queue."""

    def __init__(self, project: Path):
        self.project, self.lines = project, queue.Queue()
        self.recent = collections.deque(maxlen=25)      # for the message if something fails
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr",
             f"127.0.0.1:{free_port()}"],
            cwd=project, env=BUILD_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.recent.append(line.rstrip())
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: re.Pattern, timeout: float = 120) -> tuple[float, re.Match]:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                stamp, line = self.lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            except queue.Empty:
                raise TimeoutError(f"no {pattern.pattern!r} in the serve log within {timeout:.0f} s;"
                                   " last lines:\n" + "\n".join(self.recent)) from None
            match = pattern.search(line)
            if match:
                return stamp, match
            if "ERROR" in line or "Aborted" in line:
                raise RuntimeError("mkdocs serve failed; last lines:\n" + "\n".join(self.recent))

    def drain(self):
        while not self.lines.empty():
            self.lines.get_nowait()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _change_and_time(server: Serve, path: Path, content: bytes) -> tuple[float, float | None]:
    """Write `content` to `path`; return (seconds until the log says the last rebuild it
    caused finished, the build time MkDocs reports for that rebuild, or None). If the watcher saw the
    write as two changes and rebuilt twice, the time runs to the end of the second rebuild."""
    time.sleep(0.5)                 # let the watcher settle after the last rebuild
    server.drain()
    start = time.perf_counter()
    path.write_bytes(content)
    end, match = server.wait_for(BUILT)
    while True:
        try:                        # another rebuild starting within a poll or two?
            server.wait_for(DETECTED, timeout=QUIET_SECONDS)
        except TimeoutError:
            return end - start, float(match.group(1)) if match.group(1) else None
        end, match = server.wait_for(BUILT)


def _edit_and_restore(server: Serve, path: Path, comment: str) -> list[tuple[float, float]]:
    """Append a harmless comment, wait for the rebuild, restore the file, wait again."""
    original = path.read_bytes()
    try:
        return [_change_and_time(server, path, original + comment.encode()),
                _change_and_time(server, path, original)]
    finally:                        # never leave the comment behind, even after an error
        if path.read_bytes() != original:
            path.write_bytes(original)


@contextlib.contextmanager
def project_copy():
    """A copy of the project in a temp folder, as a fresh clone has it (no .cache/, no site/)."""
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "project"
        shutil.copytree(ROOT, project, ignore=COPY_IGNORE, symlinks=False)
        shutil.copytree(ROOT / "node_modules" / "iframe-worker",
                        project / "node_modules" / "iframe-worker")
        yield project


def first_build_events() -> dict:
    """Hook events of a fresh clone's first build: no QR code cache yet."""
    with project_copy() as project:
        return hook_events(1, project)[0]


def serve_rebuilds(rounds: int) -> dict:
    """{'first': s, 'page' | 'data': {'change': median s, 'build': median s, 'samples': n}}.
    Runs on a copy of the project in a temp folder; the real docs/ are never touched."""
    with project_copy() as project:
        page = project / "docs" / "types" / "fasciculations.md"
        data = project / "docs" / "data" / "clinical-rules.yml"
        start = time.perf_counter()
        server = Serve(project)
        try:
            first, _ = server.wait_for(BUILT)
            server.wait_for(re.compile(r"Serving on"))
            results = {"first": first - start}
            # Warm-up (not counted): proves the file watcher is running before we time it.
            _edit_and_restore(server, page, "\n<!-- bench_build warm-up -->\n")
            for name, path, comment in (
                    ("page", page, "\n<!-- bench_build: harmless comment -->\n"),
                    ("data", data, "\n# bench_build: harmless comment\n")):
                samples = [sample for _ in range(rounds)
                           for sample in _edit_and_restore(server, path, comment)]
                results[name] = {"change": statistics.median(s[0] for s in samples),
                                 "build": statistics.median(s[1] for s in samples
                                                            if s[1] is not None),
                                 "samples": len(samples),
                                 "range": (min(s[0] for s in samples),
                                           max(s[0] for s in samples))}
            return results
        finally:
            server.stop()


# --- output ----------------------------------------------------------------------------------

def machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, load average {load} at the end")


def render(builds, events, hooks, rows, serve, markdown: bool, first=None, trees=()) -> str:
    walls, cpus = builds
    build_median, build_cpu = statistics.median(walls), statistics.median(cpus)
    hook_total = sum(hooks.values())
    out = []
    h = (lambda text: f"### {text}\n") if markdown else (lambda text: f"{text}\n")

    def table(header, body, align):
        if markdown:
            lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
            lines += ["| " + " | ".join(map(str, row)) + " |" for row in body]
            return "\n".join(lines)
        widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body)]
        return "\n".join("  ".join(str(cell).rjust(w) if a.endswith(":") else str(cell).ljust(w)
                                   for cell, w, a in zip(row, widths, align))
                         for row in [header, *body])

    if markdown:
        out += ["## Build time", "",
                f"Measured {dt.date.today().isoformat()} with `scripts/bench_build.py` on "
                f"{machine()}.", ""]
    else:
        out += [f"Build benchmarks, {dt.date.today().isoformat()}, {machine()}", ""]
    out += [h(f"Full clean `mkdocs build --strict` ({len(walls)} runs, each in a subprocess)"),
            f"Median {build_median:.2f} s wall clock (runs: "
            f"{', '.join(f'{t:.2f}' for t in walls)} s); median {build_cpu:.2f} s of CPU time "
            "(the process start and imports included).", ""]
    if events:
        names = sorted({name for run in events for name in run["events"]})
        medians = {name: statistics.median(run["events"].get(name, 0.0) for run in events)
                   for name in names}
        total = statistics.median(sum(run["events"].values()) for run in events)
        build = statistics.median(run["build"] for run in events)
        out += [h(f"Time inside each hook event of a real build ({len(events)} instrumented "
                  "builds, median wall time)"),
                table(("event (hooks/guide_hook.py)", "ms", "share of that build"),
                      [(name, f"{medians[name] * 1000:.1f}", f"{medians[name] / build:.1%}")
                       for name in sorted(names, key=lambda n: -medians[n])]
                      + [("all events", f"{total * 1000:.1f}", f"{total / build:.1%}")],
                      ("---", "--:", "--:")),
                "", f"The instrumented builds took {build:.2f} s (median) inside MkDocs, with the "
                "QR code cache (`.cache/qr-codes.json`) made by an earlier build.", ""]
    if first:
        total = sum(first["events"].values())
        out += [f"A fresh clone's first build (no `.cache/`, on a copy of the project): all "
                f"events {total * 1000:.1f} ms, {total / first['build']:.1%} of that "
                f"{first['build']:.2f} s build; "
                + ", ".join(f"{name} {t * 1000:.1f} ms" for name, t in
                            sorted(first["events"].items(), key=lambda item: -item[1])[:3])
                + ".", ""]
    out += [h("Our hook code, called directly (median CPU time of repeated runs)"),
            table(("step", "ms", "share of build CPU time"),
                  [(name, f"{t * 1000:.1f}", f"{t / build_cpu:.1%}") for name, t in hooks.items()]
                  + [("total", f"{hook_total * 1000:.1f}", f"{hook_total / build_cpu:.1%}")],
                  ("---", "--:", "--:")), ""]
    if rows:
        names = list(rows[0]["times"])
        short = {name: name.split(" ")[0].split(".")[-1] for name in names}
        body = []
        for row in rows:
            body.append((f"{row['scale']}x", f"{row['kb']:.0f}", row["flags"], row["questions"],
                         row["outcomes"], row["paths"], row["quiz"],
                         *(f"{row['times'][name] * 1000:.1f}" for name in names),
                         f"{row['total'] * 1000:.1f}",
                         f"{row['total'] / rows[0]['total']:.1f}x"))
        out += [h("Growth of the hook work with the data (synthetic data, ms of CPU time)"),
                table(("data", "KB", "red flags", "questions", "outcomes", "paths", "quiz",
                       *(short[name] for name in names), "total", "vs 1x"), body,
                      ("---", *["--:"] * (7 + len(names) + 1))), ""]
        exps = {short[name]: exponent(rows, lambda r, n=name: r["times"][n]) for name in names}
        exps["total"] = exponent(rows, lambda r: r["total"])
        out += ["Growth exponent from 1x to "
                f"{rows[-1]['scale']}x (1.0 = linear, 2.0 = quadratic): "
                + ", ".join(f"{name} {value:.2f}" for name, value in exps.items()), ""]
        worse = {name: value for name, value in exps.items() if value > NOISE_EXPONENT}
        out += [("Worse than linear (exponent above "
                 f"{NOISE_EXPONENT}, beyond timing noise): "
                 + ", ".join(f"{name} {value:.2f}" for name, value in worse.items())) if worse
                else f"Every step grows linearly or better (exponent at most {NOISE_EXPONENT}).",
                ""]
    if trees:
        out += [h("Tree rules on branchy checkers (load and validate, median CPU time)"),
                table(("levels", "questions", "paths", "ms"),
                      [(row["levels"], row["questions"], f"{row['paths']:.3g}",
                        f"{row['seconds'] * 1000:.1f}") for row in trees],
                      ("--:", "--:", "--:", "--:")), ""]
    if serve:
        out += [h("`mkdocs serve --strict` rebuild after an edit (on a copy of the project)"),
                table(("file changed", "saved to rebuilt, s (median)", "range, s",
                       "MkDocs build, s (median)", "samples"),
                      [(label, f"{serve[key]['change']:.2f}",
                        "{:.2f} to {:.2f}".format(*serve[key]["range"]),
                        f"{serve[key]['build']:.2f}", serve[key]["samples"])
                       for key, label in (("page", "a Markdown page"), ("data", "the data file"))],
                      ("---", "--:", "--:", "--:", "--:")),
                "", "Each sample is one save (a comment appended, or the file restored); "
                "'saved to rebuilt' includes the watcher's polling (0.5 s).",
                "", f"First build when `mkdocs serve` starts: {serve['first']:.2f} s", ""]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=5, help="full builds to time (default 5)")
    parser.add_argument("--event-builds", type=int, default=3,
                        help="instrumented builds that time each hook event (default 3)")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each hook step")
    parser.add_argument("--rounds", type=int, default=3, help="serve edits of each kind")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)),
                        help="data sizes for the growth table (default 1,2,5,10)")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown section")
    args = parser.parse_args(argv)
    builds = full_builds(args.builds)
    events = hook_events(args.event_builds)
    first = first_build_events()
    hooks = time_hooks(DATA_FILE, args.repeat)
    scales = tuple(int(scale) for scale in args.scales.split(","))
    rows = [] if args.skip_growth else growth(args.repeat, scales)
    serve, failure = None, None
    if not args.skip_serve:
        try:
            serve = serve_rebuilds(args.rounds)
        except (TimeoutError, RuntimeError) as error:      # keep the other figures
            failure = f"The `mkdocs serve` benchmark failed: {error}"
    trees = branchy_trees()
    print(render(builds, events, hooks, rows, serve, args.markdown, first, trees))
    if failure:
        print(failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
