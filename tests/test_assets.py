"""Our stylesheets and scripts ship without comments, and lose no rule or statement on the way;
built pages ship without the templates' indentation."""
import re

import pytest

from sitekit import DOCS
from twitchguide.site.minify import minify_css, minify_js
from twitchguide.pages.markup import drop_indentation


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


@pytest.mark.parametrize("script", ["assets/site.js", "assets/search-on-demand.js",
                                    "assets/storage-guard.js", "quiz/quiz.js"])
def test_minify_js_keeps_every_statement_and_drops_every_comment(script):
    source = (DOCS / script).read_text(encoding="utf-8")
    shipped = minify_js(source)
    assert "/*" not in shipped and not re.search(r"(^|\s)//", shipped, re.M)
    assert "\n " not in shipped and "\n\n" not in shipped
    # Every line of code survives, word for word, apart from its comment and indentation.
    code = lambda js: [line for line in (re.sub(r"(^|\s+)//(\s.*)?$", "", line).strip()
                                         for line in re.sub(r"/\*.*?\*/", "", js, flags=re.S)
                                         .splitlines()) if line]
    assert shipped.splitlines() == code(source)


def test_minify_js_keeps_the_line_after_an_empty_comment():
    assert minify_js("a();\n  //\n  b(); // why\n") == "a();\nb();\n"


def test_minify_js_refuses_a_comment_opener_inside_a_string():
    for script in ['var u = "https://example.org";', "var c = '/* x */';"]:
        with pytest.raises(ValueError, match="cannot keep it"):
            minify_js(script)


def test_drop_indentation_keeps_whitespace_where_it_shows():
    page = "<p>one\n    two</p>\n\n  <pre>a\n    b</pre>\n  <textarea>x\n  y</textarea>"
    assert drop_indentation(page) == "<p>one\ntwo</p>\n<pre>a\n    b</pre>\n<textarea>x\n  y</textarea>"


def test_shipped_pages_and_scripts_are_minified(site):
    assert not re.search(r"(^|\s)//\s", (site / "assets" / "site.js").read_text(encoding="utf-8"), re.M)
    page = (site / "faq.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "<kept>", page, flags=re.S)
    assert "\n " not in outside and "\n\n" not in outside
