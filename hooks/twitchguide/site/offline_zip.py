"""The offline edition: the built site packed as one zip, offered by the site itself.

The zip is made after every other step of the build (the offline plugin has written its
search index by then) and placed at download/. A zip cannot hold itself, so the download page
inside the zip says "see the online page" where the online copy states the size and date.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from pathlib import Path

ZIP_URI = "download/muscle-twitch-guide-offline.zip"
TOP_FOLDER = "muscle-twitch-guide"
# The download page holds `<!-- zip-size -->see the online page<!-- /zip-size -->`.
SIZE_SLOT = re.compile(r"<!-- zip-size -->.*?<!-- /zip-size -->", re.S)


# Level 6, not 9: a third of the time for a zip under 1% bigger (measured on this site).
COMPRESS_LEVEL = 6
LUNR_PACKS = "assets/javascripts/lunr/"


def left_out(path: str, search_languages=("en",)) -> bool:
    """Files of the build a reader never uses, so the zip leaves them out: zips, source maps
    (for developers' tools; 1.2 MB) and, when search is in English only, the search engine's
    packs for other languages, which Material copies into every build (1 MB)."""
    return (path.endswith((".zip", ".map"))
            or (path.startswith(LUNR_PACKS) and list(search_languages) == ["en"]))


def make_zip(site: Path, out: Path, search_languages=("en",)) -> int:
    """Pack the site under one top folder (but what `left_out` names); return the zip's size."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=COMPRESS_LEVEL) as archive:
        for path in sorted(site.rglob("*")):
            name = path.relative_to(site).as_posix()
            if path.is_file() and not left_out(name, search_languages):
                archive.write(path, f"{TOP_FOLDER}/{name}")
    return out.stat().st_size


def search_languages(plugins) -> list[str]:
    """Languages of the search plugin in MkDocs' plugin collection (Material's registers as
    "material/search"); English if there is none."""
    plugin = plugins.get("material/search") or plugins.get("search")
    return list(plugin.config["lang"]) if plugin else ["en"]


def size_text(size: int, day: dt.date) -> str:
    return f"{size / 1024 / 1024:.1f} MB, made on {day.day} {day.strftime('%B %Y')}"


def publish_zip(site: Path, download_page: Path, today: dt.date, search_languages=("en",)) -> int:
    """Make the zip inside the site and write its size and date into the download page."""
    size = make_zip(site, site / ZIP_URI, search_languages)
    if download_page.is_file():
        page = download_page.read_text(encoding="utf-8")
        download_page.write_text(SIZE_SLOT.sub(html.escape(size_text(size, today)), page),
                                 encoding="utf-8")
    return size
