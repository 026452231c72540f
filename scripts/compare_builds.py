"""Compare two built sites file by file, to show that a refactoring changed nothing a reader gets.

    .venv/bin/mkdocs build --strict -d /tmp/before     # on the old commit
    .venv/bin/mkdocs build --strict -d /tmp/after      # on the new one
    .venv/bin/python scripts/compare_builds.py /tmp/before /tmp/after

Every file must be byte-identical, apart from the offline zip, which is compared by its member
list and each member's bytes (its entries carry the time of the build). Prints what differs and
exits 1 if anything does.
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

ZIP_SUFFIX = ".zip"


def _files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def _zip_differences(a: Path, b: Path) -> list[str]:
    with zipfile.ZipFile(a) as left, zipfile.ZipFile(b) as right:
        if left.namelist() != right.namelist():
            return ["member list"]
        return [name for name in left.namelist() if left.read(name) != right.read(name)]


def differences(before: Path, after: Path) -> list[str]:
    """What differs between two built sites, one line each; empty when they are the same."""
    old, new = _files(before), _files(after)
    found = [f"only in {before}: {name}" for name in sorted(old - new)]
    found += [f"only in {after}: {name}" for name in sorted(new - old)]
    for name in sorted(old & new):
        a, b = before / name, after / name
        if name.endswith(ZIP_SUFFIX):
            found += [f"{name}: {member}" for member in _zip_differences(a, b)]
        elif a.read_bytes() != b.read_bytes():
            found.append(name)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    found = differences(args.before, args.after)
    for line in found:
        print(line)
    print(f"{len(_files(args.after))} files compared: "
          + ("identical" if not found else f"{len(found)} differ"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
