"""Untrusted text is escaped for Streamlit's Markdown: nothing in it is read as syntax."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from carenet_dash.ui.text import plain


def test_links_images_and_emphasis_are_escaped():
    assert plain("![i](http://host/p.png)") == r"\!\[i\]\(http\:\/\/host\/p\.png\)"
    assert plain("**bold** _it_ `code`") == r"\*\*bold\*\* \_it\_ \`code\`"


def test_streamlit_extensions_are_escaped():
    assert plain(":red[alarm] :material/home: $x^2$") == (
        r"\:red\[alarm\] \:material\/home\: \$x\^2\$"
    )


def test_line_breaks_become_spaces_so_no_block_syntax_can_start():
    assert plain("a\n# heading\r\n- item") == r"a \# heading \- item"


def test_ordinary_names_read_the_same():
    assert plain("Riverside Children's Health Network") == r"Riverside Children\'s Health Network"
    assert plain("2026 Q3") == "2026 Q3"
    assert plain(None) == ""


@given(st.text())
def test_every_punctuation_character_is_escaped_and_nothing_else_changes(text):
    escaped = plain(text)
    # Removing the escapes gives back the text, on one line.
    assert re.sub(r"\\(.)", r"\1", escaped) == re.sub(r"[\r\n\u2028\u2029\x0b\x0c]+", " ", text)
    # No ASCII punctuation stands unescaped.
    unescaped = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]", unescaped)
