"""Pack a built site into a zip for the offline edition, and print its size.

Usage: python scripts/make_offline_zip.py SITE_DIR OUT.zip
(`mkdocs build` already puts the zip at SITE_DIR/download/; this is for packing by hand.)
"""
import argparse
from pathlib import Path

from twitchguide.site.offline_zip import make_zip

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("out", type=Path, help="the zip to write")
    args = parser.parse_args()
    size = make_zip(args.site, args.out)
    print(f"{args.out}: {size / 1024:.0f} KiB")
