"""The test layers themselves: a test's layer comes from its fixtures, a unit test cannot build,
and property tests have no deadline."""
from __future__ import annotations

import pytest
from hypothesis import settings

import sitekit
from support.layers import layer_of


@pytest.mark.parametrize("fixtures,layer", [
    (["guide", "tmp_path"], "unit"),
    (["site"], "build"), (["site_index", "site"], "build"), (["own_build"], "build"),
    (["actionlint"], "build"), (["build_benchmark"], "build"),
    (["page", "browser", "http_site", "site"], "browser"), (["browser"], "browser"),
])
def test_a_layer_follows_from_the_fixtures(fixtures, layer):
    assert layer_of(fixtures) == layer


def test_this_test_is_marked_unit_by_the_conftest(request):
    assert [m.name for m in request.node.iter_markers() if m.name in ("unit", "build", "browser")] == ["unit"]


def test_a_unit_test_cannot_build_the_site(tmp_path):
    with pytest.raises(RuntimeError, match="own_build"):
        sitekit.build_site(tmp_path / "site")


def test_property_tests_have_no_deadline():
    """A busy machine makes an example slow, not wrong (CONTRIBUTING: no test fails from load)."""
    assert settings.default.deadline is None
    assert settings.default.derandomize


def test_no_code_edits_sys_path():
    """tests, scripts and the hook import the project's code by name (pyproject.toml installs it
    in .venv), so no file puts a folder on the path by hand."""
    from sitekit import ROOT
    edits = [f"{path.relative_to(ROOT)}:{number}" for folder in ("hooks", "scripts", "tests")
             for path in sorted((ROOT / folder).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "sys.path" in line and path.name != "test_layers.py"]
    assert edits == []
