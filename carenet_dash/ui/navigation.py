"""The app's pages, declared once: their files, titles and icons, for the navigation and for
every link from one page to another."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from carenet_dash import config

PAGES_DIR = config.PROJECT_ROOT / "pages"


@dataclass(frozen=True)
class Page:
    """One screen: its file in pages/, its title and icon in the navigation."""

    file: str
    title: str
    icon: str
    default: bool = False

    @property
    def path(self) -> str:
        """The page file's absolute path: links resolve whatever script is the entrypoint."""
        return str(PAGES_DIR / self.file)

    @property
    def url_path(self) -> str:
        """Where the page is served (/compare); Streamlit names it after the file."""
        return Path(self.file).stem


OVERVIEW = Page("overview.py", "Overview", ":material/dashboard:", default=True)
COMPARE = Page("compare.py", "Compare", ":material/compare_arrows:")
DIMENSION = Page("dimension.py", "Dimension", ":material/radar:")
SEGMENTS = Page("segments.py", "Segments", ":material/groups:")
COMMENTS = Page("comments.py", "Comments", ":material/forum:")
CONNECTIONS = Page("connections.py", "Connections", ":material/hub:")
WORKSHOP = Page("workshop.py", "Workshop", ":material/co_present:")
UPLOAD = Page("upload.py", "Upload", ":material/upload_file:")
INSTRUMENTS = Page("instruments.py", "Instruments", ":material/checklist:")
MANAGE = Page("manage.py", "Manage", ":material/tune:")
PAGES = (
    OVERVIEW,
    COMPARE,
    DIMENSION,
    SEGMENTS,
    COMMENTS,
    CONNECTIONS,
    WORKSHOP,
    UPLOAD,
    INSTRUMENTS,
    MANAGE,
)


def streamlit_pages() -> list[st.Page]:
    """Every page for ``st.navigation``, in the order the sidebar lists them."""
    return [st.Page(p.path, title=p.title, icon=p.icon, default=p.default) for p in PAGES]
