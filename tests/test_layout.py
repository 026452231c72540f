"""The package's layout is the one the README describes, data flows one way through it, and the
script that shows a refactoring left the built site unchanged really spots a change."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import compare_builds
from sitekit import ROOT

PACKAGE = ROOT / "hooks" / "twitchguide"
LAYERS = ("data", "pages", "site")        # in the order data flows: a layer imports only earlier ones


def _readme_tree() -> dict[str, set[str]]:
    """{layer: module file names} as listed under hooks/twitchguide/ in "How it fits together"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## How it fits together", 1)[1].split("```")[1]
    tree, layer = {}, None
    for line in block.splitlines():
        if match := re.match(r"^  (\w+)/\s", line):
            layer = match[1]
            tree[layer] = set()
        elif layer and (match := re.match(r"^    (\S[^ ]*(?:, \S+)*)\s{2,}", line)):
            tree[layer] |= {name.strip() for name in match[1].split(",")}
        elif not line.startswith("    "):
            layer = None
    return tree


def test_every_module_is_in_its_layer_and_in_the_readme():
    on_disk = {layer: {p.name for p in (PACKAGE / layer).glob("*.py") if p.name != "__init__.py"}
               for layer in LAYERS}
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py"], \
        "modules belong in data/, pages/ or site/"
    assert _readme_tree() == on_disk


def test_data_flows_one_way_through_the_layers():
    """data/ imports neither pages/ nor site/; pages/ does not import site/."""
    wrong = []
    for rank, layer in enumerate(LAYERS):
        later = "|".join(LAYERS[rank + 1:])
        if not later:
            continue
        for path in (PACKAGE / layer).glob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if re.match(rf"from (\.\.|twitchguide\.)({later})\b", line):
                    wrong.append(f"{layer}/{path.name}: {line}")
    assert not wrong


def _site(root: Path, page: str, member: bytes) -> Path:
    (root / "download").mkdir(parents=True)
    (root / "index.html").write_text(page, encoding="utf-8")
    with zipfile.ZipFile(root / "download" / "guide.zip", "w") as packed:
        packed.writestr("index.html", member)
    return root


def test_compare_builds_sees_a_changed_page_or_zip_member_but_not_a_new_zip_date(tmp_path):
    before = _site(tmp_path / "a", "<p>same</p>", b"same")
    assert compare_builds.differences(before, _site(tmp_path / "b", "<p>same</p>", b"same")) == []
    assert compare_builds.differences(before, _site(tmp_path / "c", "<p>new</p>", b"same")) == \
        ["index.html"]
    assert compare_builds.differences(before, _site(tmp_path / "d", "<p>same</p>", b"new")) == \
        ["download/guide.zip: index.html"]
    assert compare_builds.main([str(before), str(tmp_path / "c")]) == 1
