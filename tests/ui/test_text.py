"""Untrusted text is escaped for Streamlit's Markdown: nothing in it is read as syntax."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from carenet_dash.ui.text import WORD_JOINER, plain
from tests.markdown_inert import PIECES, markdown_problems

WJ = WORD_JOINER


def test_links_images_and_emphasis_are_escaped():
    assert plain("![i](http://host/p.png)") == rf"\!\[i\]\(http{WJ}\:\/\/host\/p{WJ}\.png\)"
    assert plain("**bold** _it_ `code`") == r"\*\*bold\*\* \_it\_ \`code\`"


def test_streamlit_extensions_are_escaped():
    assert plain(":red[alarm] :material/home: $x^2$") == (
        rf"{WJ}\:red\[alarm\] {WJ}\:material\/home{WJ}\: \$x\^2\$"
    )


def test_what_streamlit_rewrites_after_markdown_is_broken_by_an_invisible_word_joiner():
    # GitHub's autolinks, found in the text after escapes are read: www., http://, e-mail.
    assert plain("www.host.org") == rf"www{WJ}\.host{WJ}\.org"
    assert plain("https://host") == rf"https{WJ}\:\/\/host"
    assert plain("ann@host") == rf"ann{WJ}\@host"
    # Streamlit's logo, icons and emoji shortcodes, and its arrows.
    assert plain(":streamlit:") == rf"{WJ}\:streamlit{WJ}\:"
    assert plain(":material_home:") == rf"{WJ}\:material\_home{WJ}\:"
    assert plain("a -> b <= c -- d") == rf"a \-{WJ}\> b \<{WJ}\= c \-{WJ}\- d"
    # A full stop ending a sentence, a decimal point and times read as before.
    assert plain("Done. 3 of 4") == r"Done\. 3 of 4"


def test_line_breaks_become_spaces_so_no_block_syntax_can_start():
    assert plain("a\n# heading\r\n- item") == r"a \# heading \- item"
    # Leading spaces would start an indented code block.
    assert plain("    indented\n") == "indented"


def test_ordinary_names_read_the_same():
    assert plain("Riverside Children's Health Network") == r"Riverside Children\'s Health Network"
    assert plain("2026 Q3") == "2026 Q3"
    assert plain(None) == ""


@pytest.mark.parametrize("hostile", PIECES)
def test_every_hostile_piece_is_inert_once_plain(hostile):
    assert markdown_problems(hostile), "the check should see the raw piece as Markdown"
    assert markdown_problems(plain(hostile)) == []


_RENDERER = MarkdownIt("gfm-like")


def read_back(body: str) -> str:
    """The text a CommonMark renderer shows for ``body`` (word joiners are invisible)."""
    tokens = _RENDERER.parseInline(body)[0].children or []
    assert {t.type for t in tokens} <= {"text"}, [t.type for t in tokens]
    return "".join(t.content for t in tokens).replace(WJ, "")


@given(st.text())
def test_any_text_renders_as_exactly_that_text_on_one_line(text):
    escaped = plain(text)
    expected = re.sub(r"[\r\n\u2028\u2029\x0b\x0c]+", " ", text).strip().replace("\x00", "\ufffd")
    assert read_back(escaped) == expected
    # No ASCII punctuation stands unescaped.
    unescaped = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]", unescaped)
    assert not [p for p in markdown_problems(escaped) if "syntax from outside" not in p]
