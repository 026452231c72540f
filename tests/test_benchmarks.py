"""The benchmark scripts still run on today's pages and data. A smoke run only: each piece of
hook work that scripts/bench_build.py times is called once, and no time is asserted (figures
belong to the scripts and PERFORMANCE.md). It once broke unnoticed when a Markdown file that
the build leaves out (`exclude_docs`) was timed as a page.
"""
from __future__ import annotations

from sitekit import DATA_FILE, reader_sources


def test_every_hook_step_the_build_benchmark_times_runs_once(build_benchmark):
    steps = build_benchmark.hook_steps(DATA_FILE)
    assert len(steps) == 5
    for step in steps.values():
        step()


def test_the_build_benchmark_scales_the_data_file_and_it_still_loads(build_benchmark):
    """The growth table's synthetic data, twice the size, passes the loader's checks (it once
    wrote YAML aliases, which the loader refuses)."""
    build_benchmark.growth(repeat=1, scales=(1, 2))


def test_the_build_benchmark_times_exactly_the_pages_mkdocs_builds(build_benchmark):
    timed = [page.src_uri for page in build_benchmark.hand_written_pages()]
    assert timed == list(reader_sources())
    assert "assets/figures/CAPTIONS.md" not in timed and "faq.md" in timed


def test_bench_search_writes_its_section_in_place(tmp_path):
    """scripts/bench_search.py replaces its own PERFORMANCE.md section and leaves the rest."""
    import bench_search
    from searchkit import Query
    rows = [(Query("eye twitching", ("types/eyelid-twitching.html",), ()), 1, []),
            (Query("calf twitching", ("types/fasciculations.html",), ()), None, [])]
    text = bench_search.section(rows, "tests/search_queries.yml")
    assert "| right page in the top 3 | 50.0% (1 of 2) |" in text
    assert "| mean reciprocal rank | 0.500 |" in text and '"calf twitching" (not shown)' in text
    performance = tmp_path / "PERFORMANCE.md"
    performance.write_text("# P\n\n## Search ranking\n\nold\n\n## Later\n\nkept\n", encoding="utf-8")
    bench_search.write_section(text, performance)
    written = performance.read_text(encoding="utf-8")
    assert "old" not in written and written.count("## Search ranking") == 1
    assert written.endswith("## Later\n\nkept\n")


def test_bench_tests_writes_its_section_in_place(tmp_path):
    """scripts/bench_tests.py replaces its own PERFORMANCE.md section and leaves the rest."""
    import bench_tests
    rows = [{"command": f"make {name}", "wall": wall, "returncode": 0, "passed": 10,
             "busy": 0.9, "load_before": 0.1, "tail": ""}
            for name, wall in (("unit", 4.2), ("check", 18.0), ("test", 230.0))]
    text = bench_tests.section(rows)
    assert "| `make unit` |" in text and "| 4.2 s |" in text and "| 3 min 50.0 s |" in text
    performance = tmp_path / "PERFORMANCE.md"
    performance.write_text("# P\n\n## Test layers\n\nold\n\n## Later\n\nkept\n", encoding="utf-8")
    bench_tests.write_section(text, performance)
    written = performance.read_text(encoding="utf-8")
    assert "old" not in written and written.count("## Test layers") == 1
    assert written.endswith("## Later\n\nkept\n")
