"""A network whose every word comes from someone hostile: its name, round labels, instrument
(names, prompts, level descriptors, segment question and options, statements), comments,
actions, notes and matrix notes; and a survey export with hostile sheet names, headers, cells
and file name. Used by the AppTest and browser tests of untrusted text."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from sqlalchemy import Engine

from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import instruments, queries, workshop_writes, writes
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import make_responses
from tests.markdown_inert import (
    AUTOLINKS,
    BLOCKS,
    EMPHASIS,
    HTML,
    IMAGE,
    LINK,
    MARK,
    PIECES,
    STREAMLIT,
)

NETWORK = f"{IMAGE} {AUTOLINKS}"
ROUNDS = (f"{LINK} {EMPHASIS}", f"{STREAMLIT} {BLOCKS}")
DIMENSIONS = 3
# Two groups of six: large enough to be shown with the default minimum group size of 5.
GROUPS = (IMAGE, LINK)


def hostile_instrument() -> Instrument:
    """An instrument every text of which is hostile Markdown, HTML and links."""
    dimensions = [
        {
            "id": f"d{i}",
            "name": f"{piece} D{i}",
            "description": BLOCKS,
            "prompts": list(PIECES),
            "levels": [f"{p} level {n}" for n, p in enumerate(PIECES[:5], start=1)],
            "items": [{"id": f"d{i}_{j}", "text": f"{piece} statement {i}.{j}"} for j in (1, 2)],
        }
        for i, piece in enumerate(PIECES[:DIMENSIONS])
    ]
    return parse_instrument(
        {
            "id": "hostile",
            "version": 1,
            "name": f"{HTML} {LINK}",
            "description": BLOCKS,
            "scale": {
                "labels": [f"{p} {n}" for n, p in enumerate(PIECES[:5], start=1)],
                "not_applicable": [f"{EMPHASIS} n/a"],
            },
            "maturity": {"level_names": [f"{p} L{n}" for n, p in enumerate(PIECES[:5], start=1)]},
            "dimensions": dimensions,
            "segments": [
                {
                    "id": "member_type",
                    "question": STREAMLIT,
                    "name": EMPHASIS,
                    "options": [*GROUPS, HTML],
                }
            ],
            "open_questions": [
                {"id": "general", "question": HTML},
                {"id": "d0_comments", "question": f"{EMPHASIS} about D0", "dimension": "d0"},
            ],
        },
        source="hostile instrument",
    )


def _responses(instrument: Instrument, shift: int):
    answers, groups, comments = [], {}, []
    for person in range(1, 13):
        groups[person] = GROUPS[person % 2]
        for n, item in enumerate(instrument.items):
            answers.append((person, item, (person + n + shift) % 5 + 1, False))
        comments.append((person, "general", PIECES[person % len(PIECES)]))
        comments.append((person, "d0_comments", f"{BLOCKS}\n{IMAGE}"))
    return make_responses(answers, segments=groups, comments=comments)


def seed_hostile(engine: Engine) -> int:
    """Add the hostile network (two rounds, workshop records) to a store; its id."""
    instrument = hostile_instrument()
    instruments.add_instrument(engine, instrument, f"{LINK}.toml")
    round_ids = [
        writes.import_round(
            engine,
            writes.RoundMeta(network=NETWORK, label=label, fielded_on=dt.date(2026, 3 * n, 1)),
            instrument,
            _responses(instrument, n),
        )
        for n, label in enumerate(ROUNDS, start=1)
    ]
    first, second = round_ids
    network_id = queries.round_by_id(engine, first).network_id
    workshop_writes.record_action(engine, first, EMPHASIS, owner=LINK, dimension_id="d0")
    workshop_writes.record_action(engine, first, STREAMLIT, owner=HTML)
    workshop_writes.record_action(engine, second, HTML, owner=IMAGE, dimension_id="d1")
    workshop_writes.record_action(engine, second, f"-2+3 {IMAGE}", dimension_id="d0")
    workshop_writes.record_note(engine, second, BLOCKS, dimension_id="d0")
    workshop_writes.record_note(engine, second, IMAGE, dimension_id="d1")
    workshop_writes.record_matrix_session(
        engine,
        network_id,
        dt.date(2026, 6, 20),
        [MatrixEntry("d0", 2, 4, LINK), MatrixEntry("d1", 3, 5, EMPHASIS)],
        round_id=second,
    )
    return network_id


# The export: a workbook of two sheets that could each be the responses, so the Upload page
# asks which (naming both). Sheet names may not hold : \ / ? * [ ] in Excel.
SHEETS = (f"_{MARK}_ <b>{MARK}<i> `{MARK}`", f"<img src=e.png>{MARK} www.e.org")
FILE_NAME = f"[{MARK}](evil.example) _{MARK}_ www.evil.example.xlsx"
HOSTILE_HEADERS = (IMAGE, LINK, f"{HTML} {STREAMLIT}")


def hostile_export() -> bytes:
    """A file of one's own (a column per statement of the default instrument) whose extra
    headers, some cells and both sheet names are hostile."""
    items = list(get_instrument().items)
    workbook = openpyxl.Workbook()
    for position, title in enumerate(SHEETS):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append(["respondent_id", *items, *HOSTILE_HEADERS])
        for person in range(1, 9):
            answers = [(person + n) % 5 + 1 for n in range(len(items))]
            if person <= 3:  # cells that are not on the scale, quoted back in a warning
                answers[0] = PIECES[person]
            sheet.append([f"r{person}", *answers, EMPHASIS, HTML, LINK])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
