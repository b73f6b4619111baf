"""Personal data on the way in: personal columns dropped, contact details in comments replaced."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
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
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4 = re.compile(rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?!\w|\.\d)")
# Anything shaped like an IPv6 address (full, compressed, IPv4 tail, zone); the ipaddress module
# then decides, so a time (10:30:45) or a ratio (3:1) is never taken for one.
_IPV6_SHAPE = re.compile(
    r"(?<![\w:.%])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4})"
    r"(?:%[0-9a-z_-]+)?(?![\w:])",
    re.IGNORECASE,
)
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
    whole = sum(1 for v in sample if EMAIL.fullmatch(v) or IPV4.fullmatch(v) or _is_ipv6(v))
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


# --- comment text -----------------------------------------------------------------------------
# Members sometimes put contact details in a comment. These are replaced on the way in, each
# with a marker naming what was there; names cannot be found reliably (the lead redacts those).

EMAIL_REMOVED = "[e-mail removed]"
IP_REMOVED = "[IP address removed]"
PHONE_REMOVED = "[phone number removed]"
NHS_REMOVED = "[NHS number removed]"
POSTCODE_REMOVED = "[postcode removed]"

_BEFORE = r"(?<![\w.,/+(])"  # not inside a word, a decimal, a date or a longer number
_AFTER = r"(?!\w|[.,/]\d)"
_S = r"[ -]?"  # people group phone digits with one space or hyphen, or not at all


def _uk_national(area: int, rests: list[str]) -> str:
    """A UK number dialled from inside the UK: 0, an area code of ``area`` more digits
    (optionally in brackets), then the local number grouped one of the ways in ``rests``."""
    code = rf"0\d{{{area}}}"
    return rf"(?:\({code}\)|{code}){_S}(?:{'|'.join(rests)})"


_UK_NATIONAL = "|".join(
    [
        _uk_national(2, [rf"\d{{4}}{_S}\d{{4}}"]),  # (020) 7946 0321
        _uk_national(
            3, [rf"\d{{3}}{_S}\d{{4}}", rf"\d{{3}}{_S}\d{{3}}", r"\d{6,7}"]
        ),  # 0113 496 0000
        _uk_national(4, [r"\d{6}", rf"\d{{3}}{_S}\d{{3}}", r"\d{5}"]),  # 07700 900789, 01632 960123
        _uk_national(5, [r"\d{4,5}"]),  # 016977 3456
    ]
)
# +44 or 0044, an optional (0), then the national number without its 0.
_UK_INTERNATIONAL = (
    rf"(?:\+|00)44{_S}(?:\(0\){_S})?"
    rf"(?:\d{{2}}{_S}\d{{4}}{_S}\d{{4}}|\d{{3}}{_S}\d{{3}}{_S}\d{{4}}|\d{{4}}{_S}\d{{6}}"
    rf"|\d{{4}}{_S}\d{{3}}{_S}\d{{3}}|\d{{9,10}})"
)
# Any other country: +CC (or 00CC) and groups of digits; the digit count is checked after.
_INTERNATIONAL = r"(?:\+|00)(?!44)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,6}"
PHONE = re.compile(rf"{_BEFORE}(?:{_UK_INTERNATIONAL}|{_INTERNATIONAL}|{_UK_NATIONAL}){_AFTER}")
# NHS numbers: ten digits, run together or grouped 3-3-4 with spaces or hyphens.
NHS_NUMBER = re.compile(rf"{_BEFORE}\d{{3}}([ -]?)\d{{3}}\1\d{{4}}{_AFTER}")
# UK postcodes: outward code (A9, A99, AA9, AA99, A9A, AA9A), inward code (9AA).
POSTCODE = re.compile(
    r"(?<!\w)(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRV-Y]?|[A-HK-Y]\d\d)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?!\w)",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")


def _is_ipv6(text: str) -> bool:
    # Digits required: a real address has them, and "face::bad" in prose is not one.
    if not any(c.isdigit() for c in text):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _ipv6(match: re.Match[str]) -> str:
    return IP_REMOVED if _is_ipv6(match.group(0)) else match.group(0)


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    if text.startswith(("+", "00")) and not 8 <= digits <= 15:
        return text  # not a dialable international number (E.164 allows at most 15 digits)
    return PHONE_REMOVED


def is_nhs_number(digits: str) -> bool:
    """True when ten digits carry a valid NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs(match: re.Match[str]) -> str:
    text = match.group(0)
    return NHS_REMOVED if is_nhs_number(re.sub(r"\D", "", text)) else text


def _postcode(match: re.Match[str]) -> str:
    text = match.group(0)
    # "A4 3rd", "M1 1st": an ordinal in lower case after a road or paper size is not a postcode.
    if not text.isupper() and _ORDINAL.search(text):
        return text
    return POSTCODE_REMOVED


_SCRUBS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (EMAIL, EMAIL_REMOVED),  # first: an address may hold digits and dots
    (_IPV6_SHAPE, _ipv6),  # before IPv4: an IPv6 address may end in one
    (IPV4, IP_REMOVED),
    (PHONE, _phone),  # before NHS numbers: a UK number starting 0 is a phone number
    (NHS_NUMBER, _nhs),
    (POSTCODE, _postcode),
]


def scrub(text: str) -> str:
    """One comment with e-mail and IP addresses, phone and NHS numbers and postcodes replaced."""
    for pattern, replacement in _SCRUBS:
        text = pattern.sub(replacement, text)
    return text


def redact(texts: pd.Series) -> tuple[pd.Series, int]:
    """Comment texts with personal details replaced (see ``scrub``); and how many changed."""
    # Each distinct text scrubbed once: short answers ("No", "N/A") recur across a round.
    cleaned = texts.map({text: scrub(text) for text in texts.unique()})
    return cleaned, int((cleaned != texts).sum())
