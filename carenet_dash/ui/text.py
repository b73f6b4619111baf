"""Untrusted text on screen: names, labels, instrument wording, cells and comments shown as typed.

Streamlit reads Markdown (with links, images, colours, icons and LaTeX) in st.markdown, titles,
captions, messages, metric labels and values, widget labels, radio options and help texts. A
network name, a round label, an instrument's wording or a survey export's header comes from
outside the app, so it is placed into any of those only through ``plain``: every character that
Markdown or Streamlit's own extensions could read as syntax is escaped, so
``![i](http://host/p.png)`` shows as those characters and the browser fetches nothing.

Escaping alone is not enough in Streamlit 1.67: after Markdown has read the escapes, Streamlit
rewrites the *text* left behind, turning ``www.host``, ``http://host/x`` and ``a@host.org`` into
links (GitHub's autolinks), ``:streamlit:`` into an image, ``:material_x:`` into an icon,
shortcodes into emoji and ``->`` into an arrow. An invisible word joiner (U+2060) placed inside
each such pattern (before ``:``, ``@`` and a ``.`` that runs into a word, and between the two
characters of an arrow) leaves the text looking the same and matching none of them.

``plain`` is for places that read Markdown only: a selectbox's options, a dataframe's cells,
st.text and st.code show text as it is, and would show the backslashes.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation character. Escaping all of them
# covers Markdown (links, images, emphasis, code, headings, lists, tables, HTML), GitHub's
# extensions (strikethrough, autolinks) and Streamlit's (:red[...], :material/x:, $LaTeX$).
_SYNTAX = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# Block syntax (headings, lists, quotes, tables) needs the start of a line: keep text on one.
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")
WORD_JOINER = "\u2060"
# Where Streamlit's rewrites of the text could start: before ":" (http://, :streamlit:,
# :material_x:, :smile:) and "@" (e-mail), before a "." that runs into a word (www.host,
# host.org), and inside "->", "<-", "--", ">=", "<=", "~=".
_REWRITES = re.compile(r"(?=[:@])|(?=\.\w)|(?<=[<\->~])(?=[\->=])")


def plain(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it exactly as typed, on one line."""
    one_line = _LINE_BREAKS.sub(" ", "" if text is None else str(text)).strip()
    # Leading spaces would make an indented code block; Markdown collapses them on screen anyway.
    return _SYNTAX.sub(r"\\\1", _REWRITES.sub(WORD_JOINER, one_line))
