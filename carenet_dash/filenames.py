"""The names of downloaded files: every export, answers file and backup named by one rule."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """Text as a file-name part: lower case ASCII letters and digits joined by hyphens, accents
    dropped from their letters and apostrophes dropped ("Children’s Café" -> "childrens-cafe")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text.lower())).strip("-")


def download_name(*parts: str, suffix: str) -> str:
    """A download's name: its parts slugged and joined by hyphens, then the suffix
    ("riverside-childrens-health-network-2026-q3.pptx")."""
    return "-".join(slug(part) for part in parts) + suffix
