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


def workbook_with_sheet_data(sheet_data: bytes) -> bytes:
    """A real workbook (openpyxl's parts) whose first sheet holds the given <sheetData> body,
    written straight into the XML: hostile sheets in milliseconds, not minutes."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"Sheet1": [["placeholder"]]})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                head, _, rest = content.partition(b"<sheetData>")
                tail = rest.partition(b"</sheetData>")[2]
                content = head + b"<sheetData>" + sheet_data + b"</sheetData>" + tail
            archive.writestr(entry.filename, content)
    return buffer.getvalue()


def many_cells_workbook(rows: int = 4000, columns: int = 1000) -> bytes:
    """4 million numeric cells in about 130 KB (the review's took 82 s to refuse)."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return workbook_with_sheet_data(row * rows)


def _wide_ids_with(extra: bytes) -> bytes:
    return (FIXTURES / "wide_ids.csv").read_bytes() + extra


def _nul_after_4kb() -> bytes:
    rows = b"".join(b"B%d,Other,4,4,4,4,4,4,\n" % i for i in range(300))  # about 6 KB
    return _wide_ids_with(rows + b"B300,Other,4,4,4,4,4,4,fine\x00\n")


def million_columns() -> bytes:
    header = b",".join(b"q%d" % i for i in range(1_000_000))
    return header + b"\n" + b"1," * 999_999 + b"1\n"


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
        # A cell past the csv module's 128 KB field limit ("field larger than field limit").
        "a line over 128 KB": (
            "long.csv",
            _wide_ids_with(b"A9,Other,4,4,4,4,4,4," + b"x" * 200_000 + b"\n"),
            "a cell of 200,000 characters (row 7, column 9), longer than a spreadsheet cell",
        ),
        # NUL well past the first 4 KB, which alone used to be checked.
        "a NUL byte after 4 KB": ("nul.csv", _nul_after_4kb(), "holds a NUL byte (line 307)"),
        "a million columns": ("wide.csv", million_columns(), "has at least"),
        "4 million cells": (
            "cells.xlsx",
            many_cells_workbook(),
            "holds more than 1,000,000 cells",
        ),
    }


def oversized(limit_mb: int = 1) -> tuple[str, bytes, str]:
    """A real export padded past a limit of ``limit_mb`` megabytes."""
    body = (FIXTURES / "wide_ids.csv").read_bytes()
    padding = b"A9,Other,,,,,,,\n" * (limit_mb * 1024 * 1024 // 16 + 10)
    return "big.csv", body + padding, f"over the {limit_mb} MB limit"


def near_matching_headers(columns: int = 1990, rows: int = 20) -> bytes:
    """A CSV whose every header is an instrument statement with three letters changed and a
    number added: each matches some statement roughly, none exactly (the review's 2,000 took
    40-55 s and drew 2,000 dropdowns)."""
    from carenet_dash.instrument_files import get_instrument

    texts = [item.text for item in get_instrument("network-health").items.values()]
    rng = np.random.default_rng(7)
    headers = []
    for n in range(columns):
        letters = list(texts[n % len(texts)])
        for at in rng.integers(0, len(letters), size=3):
            letters[at] = "x"
        headers.append("".join(letters) + f" {n}")
    lines = [",".join(["respondent_id", *(f'"{h}"' for h in headers)])]
    lines += [",".join([f"R{r}", *["Agree"] * columns]) for r in range(rows)]
    return ("\n".join(lines) + "\n").encode()
