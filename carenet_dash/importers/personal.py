"""Which columns are personal data (e-mail, IP, names, recipients, location), dropped on read."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from carenet_dash.importers import frame

# Whole-header patterns (on frame.header_key, camelCase split): a statement that merely
# mentions an address or a name is not caught, only a column that is one.
_PATTERNS = [
    r"(recipient |respondent |your |contact )?e ?-?mail( address)?( \(optional\))?",
    r"(recipient |respondent )?ip( ?address)?",
    r"(recipient |respondent |your |contact |full )?(first |last |given |family |sur)?name"
    r"( \(optional\))?",
    r"recipient .*",
    r"(location )?(latitude|longitude)",
    r"location",
    r"external ?(data )?reference",
    r"custom (data|variable|field) ?\d*",
    r"(your |contact )?(tele)?phone( number)?|mobile( number)?",
    r"(your )?(post ?code|postal code|zip code|(home |postal )?address)",
    r"date of birth|nhs number",
    r"network id",  # Typeform's browser fingerprint
]
_PERSONAL = re.compile(rf"^(?:{'|'.join(_PATTERNS)})$")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6 = re.compile(r"\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b", re.IGNORECASE)
# A column is personal data by its contents when most of its filled cells are addresses.
_CONTENT_SHARE = 0.5


def _key(header: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header)  # RecipientEmail -> Recipient Email
    return frame.header_key(spaced)


def is_personal_header(header: str) -> bool:
    return bool(_PERSONAL.match(_key(header)))


_HINT = re.compile(r"@|\d\.\d|:")


def _mostly_addresses(values: pd.Series) -> bool:
    # A sample is enough to judge a column, and keeps this cheap on 10,000 rows; plain `re`
    # on 200 strings costs far less than pandas' string methods on every column of a file.
    sample = [v.strip() for v in values.head(500).tolist() if isinstance(v, str)]
    sample = [v for v in sample if v][:200]
    if not any(_HINT.search(v) for v in sample):
        return False
    whole = sum(1 for v in sample if EMAIL.fullmatch(v) or IPV4.fullmatch(v) or IPV6.fullmatch(v))
    return whole / len(sample) >= _CONTENT_SHARE


def drop_personal(export: frame.ExportFrame) -> tuple[frame.ExportFrame, list[str]]:
    """The frame without personal-data columns, and the headers dropped.

    A column goes by its role, its header, or its contents (mostly e-mail or IP addresses),
    so a renamed "Contact" column of addresses goes too.
    """
    kept, dropped = [], []
    for column in export.columns:
        if (
            column.role == frame.PERSONAL
            or is_personal_header(column.header)
            or _mostly_addresses(export.cells[column.position])
        ):
            dropped.append(column.header)
        else:
            kept.append(column)
    cells = export.cells[[c.position for c in kept]]
    renumbered = [frame.SourceColumn(i, c.header, c.role, c.names) for i, c in enumerate(kept)]
    cells.columns = range(len(kept))
    return replace(export, columns=tuple(renumbered), cells=cells), dropped


def redact(texts: pd.Series) -> tuple[pd.Series, int]:
    """Comment texts with e-mail and IP addresses replaced; and how many texts changed."""
    cleaned = texts.str.replace(EMAIL.pattern, "[e-mail removed]", regex=True)
    cleaned = cleaned.str.replace(IPV4.pattern, "[address removed]", regex=True)
    return cleaned, int((cleaned != texts).sum())
