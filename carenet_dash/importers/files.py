"""Bytes to raw tables: size limits, text encodings, delimiters, and XLSX read safely."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from carenet_dash import config
from carenet_dash.errors import ImportRefused

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other Office 97 files)
_SNIFF_LINES = 30
_SNIFF_CHARS = 200_000
_MAX_COLUMNS = 2000
# The most text an Excel cell holds. Survey tools export to Excel, so no answer or comment in a
# real export is longer; a longer cell means a damaged or hostile file.
MAX_CELL_CHARS = 32_767
# Reading a workbook costs about 20 microseconds a cell (openpyxl), so cells are counted in the
# zip's parts, at C speed, before openpyxl parses anything. A million is 10,000 respondents by
# 100 columns, far beyond any network's survey; a CSV export has no such limit.
MAX_WORKBOOK_CELLS = 1_000_000
# A cell (<c>) or a shared string (<si>), with or without a namespace prefix.
_CELL_OR_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?(c|si)[\s/>]")


@dataclass(frozen=True)
class RawTable:
    """One sheet or CSV as text cells: every row (header rows too), blanks as "".

    ``cells`` has positional integer columns; no cell is NA.
    """

    cells: pd.DataFrame
    kind: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def describe(self) -> str:
        """How the file was read, for the report: 'CSV, UTF-8, comma' or 'XLSX, sheet "X"'."""
        if self.kind == "xlsx":
            return f'Excel workbook, sheet "{self.sheet}"'
        return f"CSV, {self.encoding}, {DELIMITERS.get(self.delimiter or ',', 'comma')}-separated"


class ChooseSheet(ImportRefused):
    """A workbook holds several sheets that could be the responses; the user must pick one."""

    def __init__(self, message: str, sheets: list[str]) -> None:
        super().__init__(message)
        self.sheets = sheets


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_size(size: int, name: str) -> None:
    """Refuse an empty file or one over the upload limit, before anything reads it."""
    if size == 0:
        raise ImportRefused(f"{name} is empty (0 bytes); export the responses again")
    limit = config.max_upload_bytes()
    if size > limit:
        raise ImportRefused(
            f"{name} is {size / 1024 / 1024:.1f} MB, over the {config.max_upload_mb()} MB limit; "
            "export only the responses (no attachments), or ask whoever runs CareNet Dash to "
            f"raise {config.MAX_UPLOAD_ENV}"
        )


def read_tables(data: bytes, name: str) -> list[RawTable]:
    """Every table in a file: one for a CSV, one per non-empty sheet for a workbook.

    The file type is judged from its bytes: a workbook is read as one whatever its name, and a
    damaged workbook or a CSV named .xlsx is refused with a message rather than a traceback.
    """
    check_size(len(data), name)
    suffix = PurePath(name).suffix.casefold()
    if data.startswith(_OLE_MAGIC):
        raise ImportRefused(
            f"{name} is an old-style Excel .xls file, which cannot be read; open it in Excel "
            "and save it as .xlsx (Excel Workbook) or CSV"
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_workbook(data, name)
    if suffix in (".xlsx", ".xlsm"):
        # Refused rather than guessed at: a workbook name on text usually means a file that
        # was renamed by hand, or saved by a tool that did not do what the lead asked.
        what = "CSV text" if _looks_like_text(data) else "neither a workbook nor text"
        raise ImportRefused(
            f"{name} is named like an Excel workbook but holds {what}; if it is a CSV export, "
            "rename it to .csv, otherwise download the export again"
        )
    return [_read_csv(data, name)]


# --- text ----------------------------------------------------------------------------------


def _looks_like_text(data: bytes) -> bool:
    try:
        _decode(data[:4096], "sample")
    except ImportRefused:
        return False
    return True


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM), UTF-16, cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "UTF-16"
    sample = data[:4096]
    # UTF-16 without a BOM: every other byte of plain text is zero.
    if len(sample) >= 4:
        odd_zeros = sample[1::2].count(0) / (len(sample) // 2)
        even_zeros = sample[0::2].count(0) / ((len(sample) + 1) // 2)
        if odd_zeros > 0.4 and even_zeros < 0.05:
            return _strict(data, "utf-16-le", name), "UTF-16"
        if even_zeros > 0.4 and odd_zeros < 0.05:
            return _strict(data, "utf-16-be", name), "UTF-16"
    if b"\x00" in sample:
        raise _not_a_table(name)
    try:
        text, encoding = data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise _not_a_table(name) from None
    head = text[:4096]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(head) // 100):
        raise _not_a_table(name)
    return text, encoding


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{name} starts like {encoding.upper()} text but is not valid {encoding.upper()}; "
            "save it again as CSV UTF-8"
        ) from None


def _not_a_table(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name} is not a CSV or Excel file that can be read (it looks like binary data); "
        "export the responses as CSV or XLSX from your survey tool"
    )


def _first_lines(text: str) -> list[str]:
    return text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]


def _row_widths(lines: list[str], delimiter: str) -> list[int]:
    """Fields in each non-blank line. A line with a field past the csv module's 128 KB limit
    counts as one field: the cells' own check refuses it with a clear message later."""
    widths = []
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return widths
        except csv.Error:
            widths.append(1)
            continue
        if any(row):
            widths.append(len(row))


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most consistently."""
    lines = _first_lines(text)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = _row_widths(lines, delimiter)
        if not counts:
            continue
        # Rows that agree with the header's width, then the header's width itself.
        score = (sum(c == counts[0] for c in counts) if counts[0] > 1 else 0, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str) -> RawTable:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise ImportRefused(f"{name} holds no text; export the responses again")
    _refuse_nul(text, name)
    delimiter = sniff_delimiter(text)
    # Before pandas, which takes minutes to build a frame a million columns wide.
    widest = max(_row_widths(_first_lines(text), delimiter), default=0)
    if widest > _MAX_COLUMNS:
        raise _too_wide(name, widest, at_least=True)  # counted in the first lines only
    try:
        cells = pd.read_csv(
            # As UTF-8 bytes, whatever the file's encoding: pandas' C reader then parses them
            # directly, a third quicker than reading the same text from a StringIO.
            io.BytesIO(text.encode("utf-8")),
            encoding="utf-8",
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
        )
    except pd.errors.ParserError as error:
        raise ImportRefused(
            f"{name} is not a well-formed CSV file ({_first_line(error)}); check that it was "
            "exported whole, and that quotes around text are balanced"
        ) from None
    except pd.errors.EmptyDataError:
        raise ImportRefused(f"{name} holds no rows; export the responses again") from None
    if cells.shape[1] > _MAX_COLUMNS:
        raise _too_wide(name, cells.shape[1])
    cells = cells.fillna("")
    cells.columns = range(cells.shape[1])
    check_cells(cells, name)
    return RawTable(cells=cells, kind="csv", encoding=encoding, delimiter=delimiter)


def _refuse_nul(text: str, name: str) -> None:
    """A NUL character anywhere is refused: no text export holds one, and PostgreSQL cannot
    store one."""
    at = text.find("\x00")
    if at != -1:
        line = text.count("\n", 0, at) + 1
        raise ImportRefused(
            f"{name} holds a NUL byte (line {line}), which no survey export contains: the file "
            "is damaged or is not text; export the responses again as CSV or XLSX"
        )


def check_cells(cells: pd.DataFrame, name: str) -> None:
    """Refuse a table with a cell longer than an Excel cell can hold."""
    for column in cells.columns:
        lengths = cells[column].str.len()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            row = int(lengths.to_numpy().argmax())
            raise ImportRefused(
                f"{name} has a cell of {int(lengths.iloc[row]):,} characters (row {row + 1}, "
                f"column {int(column) + 1}), longer than a spreadsheet cell can hold "
                f"({MAX_CELL_CHARS:,}); check that it is the responses export"
            )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _too_wide(name: str, width: int, at_least: bool = False) -> ImportRefused:
    return ImportRefused(
        f"{name} has {'at least ' if at_least else ''}{width} columns, more than any survey "
        f"export ({_MAX_COLUMNS} at most); check that it is the responses file"
    )


# --- workbooks -----------------------------------------------------------------------------


def _read_workbook(data: bytes, name: str) -> list[RawTable]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _damaged(name) from None
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise ImportRefused(
            f"{name} is a zip archive but not an Excel workbook; export the responses as XLSX "
            "or CSV"
        )
    # zipfile never inflates an entry past the size its directory declares, so the declared
    # sizes bound the work: check them before parsing anything.
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > config.max_unpacked_bytes():
        raise ImportRefused(
            f"{name} would unpack to {unpacked / 1024 / 1024:,.0f} MB, more than the "
            f"{config.MAX_XLSX_UNPACKED_MB} MB a survey workbook needs; it may be damaged or "
            "built to exhaust memory. Export the responses as CSV instead"
        )
    _count_cells(archive, entries, name)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged parts (KeyError, XML errors...)
        raise _damaged(name) from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            cells = _sheet_cells(sheet, name)
            if cells is not None:
                tables.append(RawTable(cells=cells, kind="xlsx", sheet=sheet.title))
    except ImportRefused:
        raise
    except Exception:
        raise _damaged(name) from None
    finally:
        workbook.close()
    if not tables:
        raise ImportRefused(f"{name} has no sheet with any cells filled in")
    return tables


def _count_cells(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a workbook holding more cells or shared strings than MAX_WORKBOOK_CELLS, counted
    in every part as it unpacks (a sheet may live under any name), stopping at the limit."""
    found = {b"c": 0, b"si": 0}
    longest = 40  # more than any match: a match starting before the cut ends inside the chunk
    try:
        for entry in entries:
            with archive.open(entry) as stream:
                tail = b""
                while True:
                    chunk = stream.read(1 << 20)
                    buffer = tail + chunk
                    cut = len(buffer) - longest if chunk else len(buffer)
                    for match in _CELL_OR_STRING.finditer(buffer, 0, len(buffer)):
                        if match.start() >= cut:
                            break
                        found[match.group(1)] += 1
                    if max(found.values()) > MAX_WORKBOOK_CELLS:
                        raise _too_many_cells(name)
                    if not chunk:
                        break
                    tail = buffer[cut:]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression method.
        raise _damaged(name) from None


def _too_many_cells(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name} holds more than {MAX_WORKBOOK_CELLS:,} cells, more than a survey export needs "
        "(a workbook that size takes minutes to read, or was built to); export the responses "
        "as CSV instead, or check that it is the responses file"
    )


def _damaged(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name} is a damaged or incomplete Excel file and cannot be opened; download the "
        "export again, or save it as CSV"
    )


def _sheet_cells(sheet, name: str) -> pd.DataFrame | None:
    # A sheet's declared dimensions can be wrong (or hostile); read what is really there.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    rows = []
    width = 0
    for values in sheet.iter_rows(values_only=True):
        row = [_cell_text(v) for v in values]
        while row and row[-1] == "":
            row.pop()
        if len(row) > _MAX_COLUMNS:
            raise _too_wide(name, len(row))
        width = max(width, len(row))
        rows.append(row)
        # Rows and columns a sheet only implies (a lone cell far down or far right) are
        # filled in by openpyxl: their area is work too.
        if len(rows) * max(width, 1) > MAX_WORKBOOK_CELLS:
            raise _too_many_cells(name)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        return None
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="str")
    cells = cells[[any(r) for r in rows]].reset_index(drop=True)  # blank rows carry nothing
    cells.columns = range(width)
    check_cells(cells, name)
    return cells


def _cell_text(value: object) -> str:
    """A cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
