"""Pack a built site into a zip for the offline edition, and print its size.

Usage: python scripts/make_offline_zip.py SITE_DIR OUT.zip
(`mkdocs build` already puts the zip at SITE_DIR/download/; this is for packing by hand.)
"""
import sys
from pathlib import Path

import sitekit  # noqa: F401  (puts hooks/ on the path for a script run directly)
from twitchguide.offline import make_zip

if __name__ == "__main__":
    size = make_zip(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {size / 1024:.0f} KiB")
