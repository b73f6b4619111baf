"""Member organisation names: how one is tidied, and when two spellings are the same."""

from __future__ import annotations

import re
import unicodedata

from carenet_dash.errors import CareNetError

MAX_NAME = 200
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
# Spaces either side of a list separator do not tell two names apart ("A,B" is "A, B"): a
# multi-select cell may be joined either way.
_AROUND_SEPARATORS = re.compile(r"\s*([,;|])\s*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def tidy_name(name: object) -> str:
    """A name as stored: one space between words, none at the ends, no control characters."""
    return " ".join(_CONTROL.sub(" ", str(name)).split())


def clean_name(name: object) -> str:
    """A tidy, non-empty name of sensible length, or a refusal saying what to change."""
    tidied = tidy_name(name)
    if not tidied:
        raise CareNetError("the organisation's name is empty; give it a name")
    if len(tidied) > MAX_NAME:
        raise CareNetError(
            f"the organisation's name is {len(tidied)} characters long; keep it under {MAX_NAME}"
        )
    return tidied


def name_key(name: object) -> str:
    """The form two spellings of one organisation share: case, curly quotes, dashes, spacing
    and a trailing full stop set aside ("St Mary’s Hospice." is "st mary's hospice")."""
    text = unicodedata.normalize("NFKC", tidy_name(name)).translate(_QUOTES).casefold()
    text = _AROUND_SEPARATORS.sub(r"\1", " ".join(text.split()))
    return text.rstrip(" .")
