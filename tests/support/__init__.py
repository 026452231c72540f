"""Helpers the test modules share (a test module never imports another test module).

`support.pages`: the page lists, the parsed-HTML cache and small text helpers. What scripts use
too (building, serving, the browser, the page index) lives in scripts/sitekit.py and
scripts/siteindex.py.
"""
