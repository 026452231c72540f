"""Rough reading grade of Markdown drafts, for writers (the test measures the built HTML).

Usage: .venv/bin/python scripts/grade.py docs/page.md [...]   (after `make setup`)
Prints the Flesch-Kincaid grade of each file and its five hardest sentences.
"""
import argparse
import re
import sys

try:
    import textstat
except ImportError:
    sys.exit("grade.py needs textstat from the project's .venv: run `make setup`, then\n"
             "  .venv/bin/python scripts/grade.py docs/page.md")


def plain_text(markdown: str) -> str:
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)      # front matter
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)                  # build markers
    text = re.sub(r"\{#[^}]*\}", "", text)                              # heading ids
    text = re.sub(r"\[@[^\]]+\]|\[evidence: [a-z-]+\]", "", text)       # citations, labels
    text = re.sub(r"!!! \w+ ?\"?([^\"\n]*)\"?", r"\1.", text)           # admonition titles
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)                # links
    text = re.sub(r"[#*_`>|]", " ", text)
    return text


def main(paths):
    for path in paths:
        text = plain_text(open(path, encoding="utf-8").read())
        print(f"{textstat.flesch_kincaid_grade(text):5.1f}  {path}")
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if len(s.split()) > 3]
        for s in sorted(sentences, key=textstat.flesch_kincaid_grade, reverse=True)[:5]:
            print(f"       {textstat.flesch_kincaid_grade(s):5.1f}  {' '.join(s.split())[:110]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="Markdown files, for example docs/faq.md")
    main(parser.parse_args().paths)
