"""Files that must be refused with a clear message, shared by the library, CLI and page tests."""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache

import numpy as np

from tests.conftest import FIXTURES
from tests.import_cases import msforms_rows, xlsx_bytes


def _zip_bomb() -> bytes:
    """A workbook whose one sheet unpacks to 150 MB of nothing (about 150 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1024 * 1024)
            for _ in range(150):
                sheet.write(block)
    return buffer.getvalue()


def _corrupt_workbook() -> bytes:
    data = bytearray(xlsx_bytes({"Sheet1": msforms_rows()}))
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside that part's packed data
    data[start : start + 200] = bytes(200)
    return bytes(data)


@lru_cache(maxsize=1)
def bad_inputs() -> dict[str, tuple[str, bytes, str]]:
    """case -> (file name, bytes, a phrase the refusal must contain)."""
    workbook = xlsx_bytes({"Sheet1": msforms_rows()})
    rng = np.random.default_rng(3)
    return {
        "empty": ("empty.csv", b"", "is empty"),
        "header only": (
            "header.csv",
            b"respondent_id,purpose_1,purpose_2\r\n",
            "column headings but no responses",
        ),
        "random bytes": ("random.csv", rng.bytes(4096), "not a CSV or Excel file"),
        "csv named xlsx": (
            "responses.xlsx",
            (FIXTURES / "wide_ids.csv").read_bytes(),
            "named like an Excel workbook but holds CSV text",
        ),
        "truncated xlsx": ("cut.xlsx", workbook[: len(workbook) // 2], "damaged or incomplete"),
        "corrupt xlsx": ("corrupt.xlsx", _corrupt_workbook(), "damaged or incomplete"),
        "zip bomb": ("bomb.xlsx", _zip_bomb(), "would unpack to 150 MB"),
        "old xls": (
            "old.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "old-style Excel .xls",
        ),
        "no matching column": (
            "other.csv",
            b"id,colour,size\n1,red,big\n2,blue,small\n",
            "matches an item of any instrument",
        ),
    }


def oversized(limit_mb: int = 1) -> tuple[str, bytes, str]:
    """A real export padded past a limit of ``limit_mb`` megabytes."""
    body = (FIXTURES / "wide_ids.csv").read_bytes()
    padding = b"A9,Other,,,,,,,\n" * (limit_mb * 1024 * 1024 // 16 + 10)
    return "big.csv", body + padding, f"over the {limit_mb} MB limit"
