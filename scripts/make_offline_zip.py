"""Pack a built site into a zip for the offline edition, and print its size.

Usage: python scripts/make_offline_zip.py SITE_DIR OUT.zip
The zip holds one top folder, so unpacking it never spills files into the reader's folder.
"""
import sys
import zipfile
from pathlib import Path

TOP = "muscle-twitch-guide"


def make_zip(site: Path, out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.suffix != ".zip":
                archive.write(path, f"{TOP}/{path.relative_to(site).as_posix()}")
    return out.stat().st_size


if __name__ == "__main__":
    size = make_zip(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {size / 1024:.0f} KiB")
