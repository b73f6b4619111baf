"""Untrusted text on screen: names, labels, instrument wording, cells and comments shown as typed.

Streamlit reads Markdown (with links, images, colours, icons and LaTeX) in st.markdown, titles,
captions, messages, metric and widget labels and help texts. A network name, a round label, an
instrument's wording or a survey export's header comes from outside the app, so it is placed
into any of those only through ``plain``: every character that Markdown or Streamlit's own
extensions could read as syntax is escaped, so ``![i](http://host/p.png)`` shows as those
characters and the browser fetches nothing.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation character. Escaping all of them
# covers Markdown (links, images, emphasis, code, headings, lists, tables, HTML), GitHub's
# extensions (strikethrough, autolinks) and Streamlit's (:red[...], :material/x:, $LaTeX$).
_SYNTAX = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# Block syntax (headings, lists, quotes, tables) needs the start of a line: keep text on one.
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")


def plain(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it exactly as typed, on one line."""
    one_line = _LINE_BREAKS.sub(" ", "" if text is None else str(text))
    return _SYNTAX.sub(r"\\\1", one_line)
