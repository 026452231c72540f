"""Our stylesheets ship without comments, and lose no rule on the way."""
import re

import pytest

from sitekit import DOCS
from twitchguide.assets import minify_css


def test_minify_keeps_every_rule_and_drops_every_comment():
    source = (DOCS / "assets" / "site.css").read_text(encoding="utf-8")
    shipped = minify_css(source)
    assert "/*" not in shipped and "\n " not in shipped
    rules = lambda css: re.findall(r"[^{}]+\{[^{}]*\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    assert [" ".join(r.split()) for r in rules(shipped)] == [" ".join(r.split()) for r in rules(source)]


def test_minify_refuses_a_comment_opener_inside_a_string():
    with pytest.raises(ValueError, match="contains '/\\*'"):
        minify_css('a::after { content: "/* not a comment */"; }')


def test_shipped_stylesheet_is_minified(site):
    assert "/*" not in (site / "assets" / "site.css").read_text(encoding="utf-8")
