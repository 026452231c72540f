"""How a test's layer follows from the fixtures it uses (tests/conftest.py applies it)."""
from __future__ import annotations

LAYERS = ("unit", "build", "browser")
BROWSER_FIXTURES = {"browser"}
# The real build, a build of one's own, the build's hook steps at full size, or another program.
BUILD_FIXTURES = {"site", "own_build", "build_benchmark", "actionlint"}


def layer_of(fixturenames) -> str:
    names = set(fixturenames)
    if names & BROWSER_FIXTURES:
        return "browser"
    if names & BUILD_FIXTURES:
        return "build"
    return "unit"
