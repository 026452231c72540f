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
