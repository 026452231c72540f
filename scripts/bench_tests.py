"""Time the three test loops a contributor runs: `make unit` (pure code), `make check` (unit +
build, no browser) and `make test` (all), and write them into PERFORMANCE.md.

    .venv/bin/python scripts/bench_tests.py              # all three, one run each, and --write
    .venv/bin/python scripts/bench_tests.py --only check --runs 3 --no-write

Prints, for each command: the wall time, the tests pytest counted, and how busy the machine's
cores were meanwhile (from /proc/stat, so Chromium's work counts too). Run it on an otherwise
idle machine: the load average before each run is printed so a busy one shows. PERFORMANCE.md
("Test suite") records its figures. A benchmark, not a test: nothing here fails on a slow run.
"""
from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from sitekit import ROOT

COMMANDS = {"unit": ["make", "-s", "unit"], "check": ["make", "-s", "check"],
            "test": ["make", "-s", "test"]}
TARGETS = {"unit": "under 5 s", "check": "under 20 s", "test": "at most 4 min"}
WHAT = {"unit": "pure code: no build, no browser", "check": "unit + build: every test that needs "
        "no browser, one shared strict build", "test": "everything, browser included (as CI)"}
PERFORMANCE = ROOT / "PERFORMANCE.md"
SECTION = "## Test layers"
SUMMARY = re.compile(r"(\d+) passed")          # pytest's last line: "722 passed in 351.81s"


def busy_and_total_ticks() -> tuple[int, int]:
    """CPU ticks spent working and in all, summed over every core (Linux /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]                       # idle and waiting for I/O
    return sum(fields) - idle, sum(fields)


def run(name: str) -> dict:
    load = os.getloadavg()[0]
    busy0, total0 = busy_and_total_ticks()
    start = time.monotonic()
    result = subprocess.run(COMMANDS[name], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "CI": "true"})
    wall = time.monotonic() - start
    busy1, total1 = busy_and_total_ticks()
    last_line = result.stdout.strip().rsplit("\n", 1)[-1]
    summary = SUMMARY.search(last_line)
    return {"command": f"make {name}", "wall": wall, "returncode": result.returncode,
            "passed": int(summary.group(1)) if summary else None,
            "busy": (busy1 - busy0) / max(total1 - total0, 1), "load_before": load,
            "tail": last_line or result.stderr[-500:]}


def minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s" if seconds >= 60 else f"{seconds:.1f} s"


def section(rows: list[dict]) -> str:
    """The PERFORMANCE.md section: one line per run."""
    lines = [SECTION, "",
             f"Written by `scripts/bench_tests.py` on {datetime.date.today():%-d %B %Y}, "
             f"{os.cpu_count()} cores, CI=true. A run on a busy machine shows it in the load "
             "average before it (the machine is shared; idle means a load under 0.5).", "",
             "| command | what | target | wall time | tests passed | cores busy | load before | exit |",
             "|---|---|---|--:|--:|--:|--:|--:|"]
    for row in rows:
        name = row["command"].split()[-1]
        lines.append(f"| `{row['command']}` | {WHAT[name]} | {TARGETS[name]} | "
                     f"{minutes(row['wall'])} | {row['passed']} | {row['busy']:.0%} | "
                     f"{row['load_before']:.2f} | {row['returncode']} |")
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = PERFORMANCE) -> None:
    """Replace the section (up to the next `## ` heading), or add it at the end."""
    old = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _m: text + "\n", old) if pattern.search(old) \
        else old.rstrip("\n") + "\n\n" + text
    path.write_text(new, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=list(COMMANDS), help="time one command only")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (default 1)")
    parser.add_argument("--no-write", dest="write", action="store_false",
                        help="print only; do not write the section into PERFORMANCE.md")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores; each command run {args.runs} time(s) with CI=true")
    failed, rows = False, []
    for name in [args.only] if args.only else list(COMMANDS):
        for _ in range(args.runs):
            row = run(name)
            rows.append(row)
            failed |= row["returncode"] != 0
            print(f"{row['command']:<10} {minutes(row['wall']):>14}  {row['passed']} passed  "
                  f"cores busy {row['busy']:.0%}  load before {row['load_before']:.2f}  "
                  f"exit {row['returncode']}")
            if row["returncode"]:
                print(f"    {row['tail']}")
    if args.write:
        write_section(section(rows))
        print(f"wrote {SECTION!r} in {PERFORMANCE.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
