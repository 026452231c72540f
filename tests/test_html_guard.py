"""Issue 22, part 3 (review M6, M11, L5): only what we mean ships.

Raw HTML in pages is limited to an allow-list the build enforces (html_guard); the site and the
offline zip hold only the kinds of file the build knows; a poisoned QR cache is not used.
"""
from __future__ import annotations

import json
import zipfile

import pytest

from sitekit import build_site, project_copy
from twitchguide.site import html_guard, print_block
from twitchguide.site.offline_zip import ZIP_URI

HOSTILE = [
    ("[Click me](javascript:alert(1))", "a link must go to a web page"),
    ("[Click me](JaVaScRiPt:alert(1))", "a link must go to a web page"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "a link must go to a web page"),
    ("[x](data:text/html,<script>alert(1)</script>)", "a link must go to a web page"),
    ('[attr](self-care.md){: onclick="alert(2)" }', "the attribute 'onclick'"),
    ('<a href="faq.md" ping="https://tracker.example/ping">x</a>', "the attribute 'ping'"),
    ('<form action="https://collect.example/form"><input name="q"></form>', "a <form> element"),
    ("<script>alert(1)</script>", "a <script> element"),
    ('<img src="https://tracker.example/a.gif" alt="">', "pictures come from this site only"),
    ('<img srcset="https://tracker.example/a.gif 1x" alt="">', "the attribute 'srcset'"),
    ('<div style="background:url(https://tracker.example/bg.png)">x</div>', "a style may not load"),
    ('<pre class="mermaid">graph TD; A-->B</pre>', "mermaid"),
    ('<div data-md-component="dialog">x</div>', "the attribute 'data-md-component'"),
    ('<iframe src="https://x.example"></iframe>', "a <iframe> element"),
    ('<meta http-equiv="refresh" content="0;url=https://x.example">', "a <meta> element"),
    ('<base href="https://x.example/">', "a <base> element"),
    ('<object data="https://x.example/x.swf"></object>', "a <object> element"),
    ('<link rel="prefetch" href="https://x.example/">', "a <link> element"),
    ("<style>.mtg-safety{display:none}</style>", "a <style> element"),
]


@pytest.mark.parametrize("markdown, says", HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_the_allow_list_refuses_what_the_review_built(markdown, says):
    import markdown as md
    html = md.markdown(markdown, extensions=["attr_list", "md_in_html"])
    found = html_guard.problems(html)
    assert found and says in found[0][1], (html, found)


@pytest.mark.parametrize("html", [
    '<a href="https://www.nhs.uk/x">x</a>', '<a href="../faq.html#a">x</a>',
    '<a href="mailto:a@b.example">x</a>', '<a href="#sources">x</a>', '<a href="faq.html">x</a>',
    '<img src="../assets/favicon.svg" alt="x">', '<p style="text-align: left">x</p>',
    '<div class="tabbed-set"><input type="radio" id="t1" name="t"><label for="t1">A</label></div>',
])
def test_the_allow_list_lets_ordinary_pages_through(html):
    assert html_guard.problems(html) == []


def test_only_the_pipelines_own_script_passes_on_the_quiz_page():
    own = "var quiz = 1;"
    assert html_guard.problems(f"<script>\n{own}\n</script>", {own}) == []
    assert html_guard.problems("<script>alert(1)</script>", {own}) != []


def test_a_hostile_page_stops_the_real_build_at_its_line(tmp_path, own_build):
    project = project_copy(tmp_path)
    page = project / "docs" / "self-care.md"
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2   # after the h1
    lines.insert(at, '<a href="../faq.md" ping="https://tracker.example/ping">more</a>\n')
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_site(project / "site", project / "mkdocs.yml")
    assert result.returncode != 0
    assert f"docs/self-care.md:{at + 1}: <a ping=...>: the attribute 'ping' is not allowed" \
        in result.stderr, result.stderr[-2000:]


# ---- files the site ships ------------------------------------------------------------------

SHIPPED_KINDS = {".html", ".css", ".js", ".json", ".svg", ".png", ".xml", ".gz", ".zip", ".map"}


def test_the_site_and_the_zip_hold_only_known_kinds_of_file(site):
    stray = [p.relative_to(site).as_posix() for p in site.rglob("*")
             if p.is_file() and p.suffix not in SHIPPED_KINDS]
    assert stray == []
    with zipfile.ZipFile(site / ZIP_URI) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
    assert [n for n in names if "." + n.rpartition(".")[2] not in SHIPPED_KINDS] == []
    assert not any(n.endswith((".orig", "~", ".txt", ".md", ".yml", ".rej", ".bak")) for n in names)


def test_stray_files_under_docs_stop_the_build(tmp_path, own_build):
    """Review M11: `causes.md~`, `faq.md.orig` and reviewer notes were published and zipped."""
    project = project_copy(tmp_path)
    (project / "docs" / "faq.md.orig").write_text("old", encoding="utf-8")
    (project / "docs" / "notes-for-reviewers.txt").write_text("private", encoding="utf-8")
    result = build_site(project / "site", project / "mkdocs.yml")
    assert result.returncode != 0
    assert "docs/faq.md.orig: not a kind of file the site ships" in result.stderr, result.stderr[-1500:]


def test_an_unplaced_figure_stops_the_build(tmp_path, own_build):
    project = project_copy(tmp_path)
    figures = project / "docs" / "assets" / "figures"
    (figures / "draft-figure.svg").write_text((figures / "motor-unit.svg").read_text("utf-8"), "utf-8")
    result = build_site(project / "site", project / "mkdocs.yml")
    assert result.returncode != 0
    assert "docs/assets/figures/draft-figure.svg: a figure with no entry in CAPTIONS.md" in result.stderr


# ---- the QR cache -----------------------------------------------------------------------------

def test_a_poisoned_qr_cache_is_not_used(tmp_path):
    """Review L5: cached markup was inlined into every page as it stood."""
    path = tmp_path / "print_block.json"
    first = print_block.QrCodes(path)
    good = first.svg("https://example.org/a.html")
    first.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    evil = '<svg class="mtg-qr"><script>alert("qr cache")</script></svg><img src="https://t.example/q.gif">'
    data["codes"]["https://example.org/b.html"] = evil
    path.write_text(json.dumps(data), encoding="utf-8")
    codes = print_block.QrCodes(path)
    assert codes.svg("https://example.org/a.html") == good                 # a good entry is kept
    made = codes.svg("https://example.org/b.html")
    assert made == print_block.qr_svg("https://example.org/b.html") and "script" not in made
    assert codes.made == 1                       # only the poisoned entry was made again


def test_the_report_link_keeps_an_existing_query_and_needs_https():
    """Review L7: `...?template=x.yml` became `...?template=x.yml?title=...`."""
    from twitchguide.pages.hand_written import report_link
    html = report_link("faq.md", "https://github.com/o/r/issues/new?template=page-problem.yml")
    assert 'href="https://github.com/o/r/issues/new?template=page-problem.yml&amp;title=' \
           'Problem%20with%20page%3A%20faq.md"' in html
    for bad in ("javascript:alert(1)", "http://example.org/x", "https:///x"):
        with pytest.raises(ValueError):
            report_link("faq.md", bad)
