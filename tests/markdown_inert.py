"""A strict check that text from outside the app renders inert in Streamlit's Markdown.

Each body a page hands to Streamlit's Markdown is rendered with markdown-it-py (CommonMark with
GitHub's tables, strikethrough and autolinks, linkify-it's fuzzy links included: stricter than
Streamlit, which links only ``www.``, ``http(s)://`` and e-mail addresses), and the text it
leaves is searched for what Streamlit rewrites on top of Markdown (its autolinks, ``:streamlit:``,
``:material_x:`` icons, emoji shortcodes, arrows) and the source for Streamlit's directives
(``:red[...]``) and LaTeX. Hostile test text carries the word ``MARK``, so bold and code the
app writes on purpose are told apart from any that came from outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from streamlit.testing.v1 import AppTest

MARK = "EVIL"
HOST = "evil.example"

# Hostile pieces, each short enough for a round label (100 characters) once combined. MARK
# always sits right after a piece of syntax, so that if the syntax were read, MARK would stand
# bare in the text rendered (or inside code): how a test tells syntax from outside apart from
# bold and headings the app writes round such text on purpose.
IMAGE = f"![{MARK}](http://{HOST}/i.png)"
LINK = f"[{MARK}](http://{HOST}/l)"
AUTOLINKS = f"www.{HOST} http://{HOST}/a x@{HOST}"
EMPHASIS = f"**{MARK}** _{MARK}_ `{MARK}` ~~{MARK}~~ ${MARK}$"
STREAMLIT = f":red[{MARK}] :material/warning: :streamlit: :smile: a -> b"
HTML = f"<b>{MARK}</b> <img src=http://{HOST}/h.png> &lt;i&gt;"
BLOCKS = f"# {MARK}\n- *{MARK}*\n> _{MARK}_"
PIECES = (IMAGE, LINK, AUTOLINKS, EMPHASIS, STREAMLIT, HTML, BLOCKS)

_RENDERER = MarkdownIt("gfm-like")
_ALWAYS_WRONG = {"link_open", "image", "html_inline", "html_block"}
_CODE = {"code_inline", "code_block", "fence"}
# MARK as the hostile pieces write it: right after syntax that was shown, not read.
_SHOWN_SYNTAX = re.compile(r"(?:[*_`~$\[>]|# )$")
# What Streamlit 1.67 rewrites in the text Markdown leaves (StreamlitMarkdown's plugins and
# mdast-util-gfm-autolink-literal), matched the way they match it.
_TEXT_REWRITES = {
    "autolink": re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE),
    "e-mail link": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "Streamlit logo": re.compile(r":streamlit:"),
    "icon": re.compile(r":material_\w+:"),
    "emoji": re.compile(r":[\w+-]+:"),
    "arrow": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}
_ESCAPED = re.compile(r"\\.", re.DOTALL)
_SOURCE_SYNTAX = {
    "directive": re.compile(r":[a-zA-Z][\w-]*\["),
    "icon": re.compile(r":material/"),
    "LaTeX": re.compile(r"\$"),
}


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _bare_marks(text: str) -> bool:
    """True when MARK stands in ``text`` without the syntax written before it."""
    text = text.replace("\u2060", "")
    starts = [m.start() for m in re.finditer(MARK, text)]
    return any(not _SHOWN_SYNTAX.search(text[:start]) for start in starts)


def markdown_problems(body: str) -> list[str]:
    """What in ``body`` Streamlit would render as more than text (empty: inert)."""
    problems = []
    unescaped = _ESCAPED.sub("", body)
    problems += [f"{name} in {body!r}" for name, found in _SOURCE_SYNTAX.items()
                 if found.search(unescaped)]  # fmt: skip
    for token in _walk(_RENDERER.parse(body)):
        if token.type in _ALWAYS_WRONG:
            problems.append(f"{token.type} in {body!r}")
        elif token.type in _CODE and MARK in token.content:
            problems.append(f"{token.type} from outside in {body!r}")
        elif token.type == "text":
            if _bare_marks(token.content):
                problems.append(f"syntax from outside read as Markdown in {body!r}")
            problems += [f"{name} in {body!r}" for name, found in _TEXT_REWRITES.items()
                         if found.search(token.content)]  # fmt: skip
    return problems


def _proto_strings(message, fields: tuple[str, ...]) -> Iterator[str]:
    for descriptor, value in message.ListFields():
        if descriptor.name in fields and isinstance(value, str):
            yield value
        elif descriptor.name in fields and descriptor.is_repeated:
            yield from (v for v in value if isinstance(v, str))
        elif descriptor.message_type is not None:
            values = value if descriptor.is_repeated else [value]
            for inner in values:
                if hasattr(inner, "ListFields"):
                    yield from _proto_strings(inner, fields)


# Element types whose text is shown as it is (never Markdown); everything else is searched
# for the fields Streamlit reads as Markdown.
_AS_IS = {"text", "code", "dataframe", "html", "exception", "json", "table", "vega_lite_chart"}
_MARKDOWN_FIELDS = ("body", "label", "help", "delta", "content")
# A radio's options are Markdown; a selectbox's or a multiselect's are shown as they are.
_MARKDOWN_OPTIONS = {"radio"}


def _nodes(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_bodies(at: AppTest) -> list[tuple[str, str]]:
    """Every (element type, string) on the page that Streamlit reads as Markdown."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or kind in _AS_IS or not hasattr(proto, "ListFields"):
            continue
        fields = _MARKDOWN_FIELDS + (("options",) if kind in _MARKDOWN_OPTIONS else ())
        found += [(kind, text) for text in _proto_strings(proto, fields)]
    for shown in at.table:  # st.table reads its headers and cells as Markdown (Streamlit 1.67)
        cells = [*shown.value.columns, *shown.value.to_numpy().ravel()]
        found += [("table", str(cell)) for cell in cells]
    return found


def as_is_texts(at: AppTest) -> list[tuple[str, str]]:
    """Text shown as it is: st.text, selectbox and multiselect options, table cells."""
    found = [("text", t.value) for t in at.text]
    for box in [*at.selectbox, *at.multiselect]:
        found += [(box.type, option) for option in box.options]  # as displayed
    for frame in at.dataframe:
        found += [("dataframe", str(v)) for v in frame.value.to_numpy().ravel()]
        found += [("dataframe", str(c)) for c in frame.value.columns]
    return found


def page_problems(at: AppTest) -> list[str]:
    """Everything on a page that renders untrusted text as more than text, or shows the
    escapes meant for Markdown where Markdown is not read (backslashes on screen)."""
    problems = [f"{kind}: {p}" for kind, body in markdown_bodies(at)
                for p in markdown_problems(body)]  # fmt: skip
    problems += [f"{kind} shows Markdown escapes: {text!r}" for kind, text in as_is_texts(at)
                 if "\u2060" in text or "\\" + "*" in text]  # fmt: skip
    return problems


def as_read(body: str) -> str:
    """``body`` as a reader sees it once Markdown has read the escapes plain() wrote (for
    comparing a page's text with expected words)."""
    return _ESCAPED.sub(lambda m: m.group(0)[1], body).replace("\u2060", "")
