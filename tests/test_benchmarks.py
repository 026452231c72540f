"""The benchmark scripts still run on today's pages and data. A smoke run only: each piece of
hook work that scripts/bench_build.py times is called once, and no time is asserted (figures
belong to the scripts and PERFORMANCE.md). It once broke unnoticed when a Markdown file that
the build leaves out (`exclude_docs`) was timed as a page.
"""
from __future__ import annotations

import bench_build

from sitekit import DATA_FILE, reader_sources


def test_every_hook_step_the_build_benchmark_times_runs_once():
    steps = bench_build.hook_steps(DATA_FILE)
    assert len(steps) == 5
    for step in steps.values():
        step()


def test_the_build_benchmark_scales_the_data_file_and_it_still_loads(tmp_path):
    """The growth table's synthetic data, twice the size, passes the loader's checks (it once
    wrote YAML aliases, which the loader refuses)."""
    bench_build.growth(repeat=1, scales=(1, 2))


def test_the_build_benchmark_times_exactly_the_pages_mkdocs_builds():
    timed = [page.src_uri for page in bench_build.hand_written_pages()]
    assert timed == list(reader_sources())
    assert "assets/figures/CAPTIONS.md" not in timed and "faq.md" in timed
