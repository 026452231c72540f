"""Issue 22, part 1: a careless edit to a marker or a placeholder fails loudly.

Every `<!-- guide:... -->` marker and every `{{...}}` placeholder a writer can type (pages, front
matter, data text, the glossary, figure captions, patient stories) is either expanded or stops
the build with one located line. Each test here failed on the code before issue 22, where the
broken marker or placeholder was dropped or shipped as literal braces (review H2, H3, L4).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sitekit import DATA_FILE, DOCS, ROOT, SCENARIO_FILE, load_guide
from twitchguide.data import scenarios
from twitchguide.pages import docs_reader, glossary
from twitchguide.data.loader import load
from twitchguide.pages.hand_written import MARKERS, PageError, PageInfo, check_markers, publish
from twitchguide.pages.docs_reader import SiteFileError
from twitchguide.data.yaml_source import DataError

GUIDE = load_guide()
TODAY = dt.date(2026, 12, 7)
FRONT = "---\ntitle: T\ndescription: D\nupdated: 2026-11-01\nreview_due: 2027-11-01\n---\n"


def _page(body: str, meta: dict | None = None) -> PageInfo:
    meta = {"title": "T", "description": "D", "updated": dt.date(2026, 11, 1),
            "review_due": dt.date(2027, 11, 1), **(meta or {})}
    return PageInfo("p.md", meta, body, FRONT + body)


def _publish(body: str, meta: dict | None = None) -> str:
    return publish(_page(body, meta), GUIDE, TODAY, {name: (lambda _p, _o: "") for name in MARKERS
                                                     if name not in ("red-flags", "safety-notes",
                                                                     "safety-note")})


# ---- markers -----------------------------------------------------------------------------

@pytest.mark.parametrize("marker, says", [
    ("<!-- guid:safety-notes -->", "is not a marker"),
    ("<!-- guide:safety_notes -->", "is not a marker"),
    ("<!-- Guide:red-flags -->", "is not a marker"),
    ("<!-- guide: red-flags -->", "is not a marker"),
    ("<!-- guide:safety-notes B6-totals -->", "is not a marker"),
    ("<!-- guide:safty-notes -->", "unknown marker 'guide:safty-notes'"),
    ("<!-- guide:figure -->", "names exactly one id"),
    ("<!-- guide:glossary all -->", "takes no options"),
    ("<!-- guide:red-flags some -->", "takes nothing or 'all'"),
    ("<!-- guide:safety-notes b6-totalz -->", "unknown safety note 'b6-totalz'"),
    ("<!-- a note for the next writer -->", "is not a marker"),
    ("<!-- guide:red-flags", "never closed"),
])
def test_a_broken_marker_stops_the_build_at_its_line(marker, says):
    body = f"# Page\n\nSome text [@nhs-when-to-call-999].\n\n{marker}\n\nMore text.\n"
    with pytest.raises(PageError) as error:
        _publish(body)
    assert str(error.value).startswith("docs/p.md:11: "), str(error.value)   # 6 front-matter lines
    assert says in str(error.value)


def test_a_note_id_with_a_digit_gives_its_box():
    """The real note `b6-totals` has a digit: the box is shown, with both notes (review H2)."""
    html = _publish("# Page\n\nText [@nhs-when-to-call-999].\n\n"
                    "<!-- guide:safety-notes b6-totals caffeine-limits -->\n")
    assert "Safety: supplements and medicines" in html
    assert 'id="safety-b6-totals"' in html and 'id="safety-caffeine-limits"' in html


def test_the_download_page_comments_are_allowed_and_nothing_else():
    check_markers(_page("<!-- zip-size -->see the online page<!-- /zip-size -->"))
    for path in sorted(DOCS.rglob("*.md")):         # every real page passes the check
        if "data" in path.parts or path.name == "CAPTIONS.md":
            continue
        text = path.read_text(encoding="utf-8")
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        check_markers(PageInfo(str(path.relative_to(DOCS)), {}, body, text))


def test_the_hook_renders_exactly_the_registered_markers():
    hook = (ROOT / "hooks" / "guide_hook.py").read_text(encoding="utf-8")
    rendered = set(re.findall(r'^\s+"([a-z-]+)": lambda', hook, re.M))
    assert rendered | {"red-flags", "safety-notes", "safety-note"} == set(MARKERS)
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in MARKERS:                            # writers can look every marker up
        assert f"guide:{name}" in contributing, name


# ---- value placeholders in pages and front matter ----------------------------------------

@pytest.mark.parametrize("typo", ["{{seizure-emergency-after}", "{{Seizure-emergency-after}}",
                                  "{{ seizure-emergency-after }", "{seizure-emergency-after}}",
                                  "{{when:seizure}", "{ {seizure-emergency-after}}"])
def test_a_malformed_value_in_a_page_stops_the_build_at_its_line(typo):
    body = f"# Page\n\nText [@nhs-when-to-call-999].\n\nA fit that lasts more than {typo} needs help.\n"
    with pytest.raises(PageError) as error:
        _publish(body)
    assert str(error.value).startswith("docs/p.md:11: malformed placeholder"), str(error.value)


def test_front_matter_values_are_expanded_and_escaped():
    from twitchguide.pages.hand_written import shown_meta
    page = _page("x", {"title": "After {{twitch-see-a-doctor-after}}",
                       "description": 'What helps, or "how to stop it". <b>Fast</b> & easy'})
    meta = shown_meta(page, GUIDE)
    assert "{{" not in meta["title"] and GUIDE.values["twitch-see-a-doctor-after"].text in meta["title"]
    assert meta["description"] == ("What helps, or &quot;how to stop it&quot;. &lt;b&gt;Fast"
                                   "&lt;/b&gt; &amp; easy")


def test_a_malformed_value_in_front_matter_names_the_field_line():
    from twitchguide.pages.hand_written import shown_meta
    page = _page("x", {"description": "See a doctor after {{twitch-see-a-doctor-after}"})
    with pytest.raises(PageError) as error:
        shown_meta(page, GUIDE)
    assert str(error.value).startswith("docs/p.md:3: front matter 'description': malformed")


# ---- value placeholders in the data file, stories, glossary and captions -----------------

def _load_edited(tmp_path: Path, old: str, new: str) -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "clinical-rules.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    load(path, "docs/data/clinical-rules.yml")


@pytest.mark.parametrize("typo", ["{{seizure-emergency-after}", "{{Seizure-emergency-after}}",
                                  "{seizure-emergency-after}}"])
def test_a_malformed_value_in_data_text_stops_the_load_at_its_line(tmp_path, typo):
    with pytest.raises(DataError) as error:
        _load_edited(tmp_path, "Or it lasted more than {{seizure-emergency-after}}",
                     f"Or it lasted more than {typo}")
    line = DATA_FILE.read_text(encoding="utf-8").split(
        "Or it lasted more than {{seizure-emergency-after}}")[0].count("\n") + 1
    assert str(error.value).startswith(f"docs/data/clinical-rules.yml:{line}: "), str(error.value)
    assert "malformed placeholder" in str(error.value)


def test_a_value_in_a_source_title_is_refused(tmp_path):
    with pytest.raises(DataError) as error:
        _load_edited(tmp_path, "title: 'Fever in under 5s: assessment",
                     "title: 'Fever in under {{seizure-emergency-after}}: assessment")
    line = DATA_FILE.read_text(encoding="utf-8").split("title: 'Fever in under 5s")[0].count("\n") + 1
    assert f":{line}: " in str(error.value) and "not expanded in this field" in str(error.value)


def test_a_story_expands_values_and_refuses_broken_ones(tmp_path):
    text = SCENARIO_FILE.read_text(encoding="utf-8")
    old = "My face drooped on one side for 20 minutes this morning."
    path = tmp_path / "stories.yml"
    path.write_text(text.replace(old, "My face drooped for {{seizure-emergency-after}}."), "utf-8")
    stories = scenarios.load(path, GUIDE)
    assert GUIDE.values["seizure-emergency-after"].text in stories[0].story
    path.write_text(text.replace(old, "My face drooped for {{seizure-emergency-after}."), "utf-8")
    with pytest.raises(DataError, match=r"stories.yml:12: .*malformed placeholder"):
        scenarios.load(path, GUIDE, "stories.yml")


def test_the_glossary_expands_values_and_refuses_broken_ones(tmp_path):
    path = tmp_path / "glossary.md"
    path.write_text("*[cramp]: A tight muscle for {{seizure-emergency-after}}.\n", "utf-8")
    entries = glossary.read_glossary(path, "includes/glossary.md", GUIDE.values)
    assert entries["cramp"] == f"A tight muscle for {GUIDE.values['seizure-emergency-after'].text}."
    path.write_text("*[a]: ok.\n*[cramp]: A tight muscle for {{seizure-emergency-after}.\n", "utf-8")
    with pytest.raises(glossary.GlossaryError, match=r"^includes/glossary.md:2: malformed"):
        glossary.read_glossary(path, "includes/glossary.md", GUIDE.values)


def _figures(tmp_path: Path, edit=lambda text: text, svg_edit=lambda text: text) -> Path:
    folder = tmp_path / "figures"
    folder.mkdir(parents=True)
    source = DOCS / "assets" / "figures"
    (folder / "CAPTIONS.md").write_text(edit((source / "CAPTIONS.md").read_text("utf-8")), "utf-8")
    (folder / "motor-unit.svg").write_text(svg_edit((source / "motor-unit.svg").read_text("utf-8")),
                                           "utf-8")
    return folder


def test_a_caption_expands_values_and_a_broken_one_names_its_line(tmp_path):
    old = "- **Caption:** A motor unit is"
    folder = _figures(tmp_path, lambda t: t.replace(old, "- **Caption:** After "
                                                    "{{seizure-emergency-after}} a motor unit is"))
    html = docs_reader.figure_block(folder, "motor-unit", GUIDE, "docs/assets/figures")
    assert "{{" not in html and GUIDE.values["seizure-emergency-after"].text in html
    folder = _figures(tmp_path / "b", lambda t: t.replace(old, "- **Caption:** After "
                                                          "{{seizure-emergency-after} a motor unit is"))
    with pytest.raises(SiteFileError, match=r"CAPTIONS.md:\d+: motor-unit.svg: Caption: malformed"):
        docs_reader.figure_block(folder, "motor-unit", GUIDE, "docs/assets/figures")


def test_a_caption_without_its_fields_is_one_located_line(tmp_path):
    """Review L4: a missing Caption gave `KeyError: 'caption'`, a missing Source no line."""
    folder = _figures(tmp_path, lambda t: t.replace("- **Caption:** A motor unit", "- **Captoin:** A", 1))
    with pytest.raises(SiteFileError, match=r"CAPTIONS.md:\d+: motor-unit.svg: missing '- \*\*Caption"):
        docs_reader.figure_block(folder, "motor-unit", GUIDE, "docs/assets/figures")
    folder = _figures(tmp_path / "b", lambda t: t.replace("- **Source:** desai-swash-1997",
                                                          "- **Source:** nobody-1999", 1))
    with pytest.raises(SiteFileError, match=r"CAPTIONS.md:\d+: motor-unit.svg: unknown source"):
        docs_reader.figure_block(folder, "motor-unit", GUIDE, "docs/assets/figures")


@pytest.mark.parametrize("payload, says", [
    ("<script>alert(1)</script>", "<script>"),
    ('<style>.md-typeset .admonition{display:none!important}</style>', "<style>"),
    ('<image href="https://tracker.example/p.gif"/>', "<image>"),
    ('<foreignObject><p>x</p></foreignObject>', "<foreignObject>"),
    ('<g onmouseover="alert(1)"/>', "'onmouseover'"),
    ('<a href="https://x.example"><text>x</text></a>', "<a>"),
    ('<rect style="display:none"/>', "style="),
    ('<rect fill="url(https://x.example/#p)"/>', "points outside"),
])
def test_a_figure_that_could_run_load_or_restyle_is_refused(tmp_path, payload, says):
    """Review M13: the build inlined SVGs raw; only tests/test_figures.py refused these."""
    folder = _figures(tmp_path, svg_edit=lambda t: t.replace("</svg>", payload + "</svg>"))
    with pytest.raises(SiteFileError) as error:
        docs_reader.figure_block(folder, "motor-unit", GUIDE, "docs/assets/figures")
    assert str(error.value).startswith("docs/assets/figures/motor-unit.svg:1: ")
    assert says in str(error.value)


def test_every_real_figure_passes_the_build_allow_list():
    from twitchguide.pages.figures import svg_problem
    for path in sorted((DOCS / "assets" / "figures").glob("*.svg")):
        assert svg_problem(path.read_text(encoding="utf-8")) is None, path.name
