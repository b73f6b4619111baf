"""The respondents every hand-written export fixture holds, and helpers to build more exports.

Five rows, the same in every fixture whatever the tool's layout:
  1 NHS trust: Agree, Strongly agree, Disagree / Agree, Neither, Strongly disagree; a comment
  2 Patient or carer: Neither, Agree, Don't know / Disagree, (blank), Agree
  3 Local authority: Strongly agree, Agree, Neither / Strongly agree, Agree, Disagree; a comment
    holding an e-mail address
  4 Other: nothing answered (a blank row: counted, not kept)
  5 Voluntary or community sector: Disagree, then nothing (partial: kept)
Items, in order: purpose_1, purpose_2, purpose_4 (reverse), trust_1, trust_2, trust_4 (reverse).
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

NA = "n/a"
ITEMS = ["purpose_1", "purpose_2", "purpose_4", "trust_1", "trust_2", "trust_4"]
STATEMENTS = [
    "Members of this network share a clear sense of what it is for.",
    "I feel a real sense of belonging to this network.",
    "Members mostly pursue the agendas of their own organisations here.",
    "I trust other members to do what they say they will do.",
    "I can raise a concern in this network without fear of blame.",
    "Old rivalries between organisations still get in the way of working together.",
]
SEGMENT_QUESTION = "Which best describes how you take part in the network?"
COMMENT_QUESTION = (
    "Is there anything else you would like to tell us about how the network is working?"
)
LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
    NA: "Don't know",
    None: "",
}
# Kept respondents in file order: row -> item -> raw score (or NA). Missing items are blanks.
EXPECTED = {
    0: {"purpose_1": 4, "purpose_2": 5, "purpose_4": 2, "trust_1": 4, "trust_2": 3, "trust_4": 1},
    1: {"purpose_1": 3, "purpose_2": 4, "purpose_4": NA, "trust_1": 2, "trust_4": 4},
    2: {"purpose_1": 5, "purpose_2": 4, "purpose_4": 3, "trust_1": 5, "trust_2": 4, "trust_4": 2},
    3: {"purpose_1": 2},
}
MEMBER_TYPES = ["NHS trust", "Patient or carer", "Local authority", "Voluntary or community sector"]
COMMENTS = {0: "More joint training", 2: "Email me at [e-mail removed] if you want to talk"}

# Dimension scores by hand (reverse items scored 6 - x; a respondent counts in a dimension when
# they answered at least half its items: 2 of purpose's 4, 2 of trust's 4):
#   purpose: row 0 (4 + 5 + 4) / 3 = 4.3333; row 1 (3 + 4) / 2 = 3.5; row 2 (5 + 4 + 3) / 3 = 4;
#            row 3 answered one item only, so is not counted. Mean (4.3333 + 3.5 + 4) / 3.
#   trust:   row 0 (4 + 3 + 5) / 3 = 4; row 1 (2 + 2) / 2 = 2; row 2 (5 + 4 + 4) / 3 = 4.3333.
PURPOSE_MEAN = (13 / 3 + 3.5 + 4.0) / 3  # 3.9444
TRUST_MEAN = (4.0 + 2.0 + 13 / 3) / 3  # 3.4444

_FILE_ROWS = [  # (member type, six answers, comment, day of September 2026)
    ("NHS trust", [4, 5, 2, 4, 3, 1], "More joint training", 14),
    ("Patient or carer", [3, 4, NA, 2, None, 4], "", 15),
    (
        "Local authority",
        [5, 4, 3, 5, 4, 2],
        "Email me at jo@example.org if you want to talk",
        16,
    ),
    ("Other", [None] * 6, "", 17),
    ("Voluntary or community sector", [2, None, None, None, None, None], "", 30),
]


def answers_of(responses) -> dict[int, dict[str, object]]:
    """A Responses' answers as row -> item -> score (NA for not applicable)."""
    found: dict[int, dict[str, object]] = {}
    for row in responses.answers.itertuples():
        value = NA if row.not_applicable else int(row.score)
        found.setdefault(int(row.row), {})[row.item_id] = value
    return found


def msforms_rows() -> list[list[object]]:
    """A Microsoft Forms workbook's cells for the five respondents."""
    header: list[object] = ["ID", "Start time", "Completion time", "Email", "Name"]
    header += ["Last modified time", SEGMENT_QUESTION, *STATEMENTS, COMMENT_QUESTION]
    rows = [header]
    for number, (member, answers, comment, day) in enumerate(_FILE_ROWS, 1):
        when = dt.datetime(2026, 9, day, 9, 0)
        rows.append(
            [number, when, when + dt.timedelta(minutes=6), "anonymous", None, None, member]
            + [LABELS[a] or None for a in answers]
            + [comment or None]
        )
    return rows


def surveymonkey_rows() -> list[list[object]]:
    """A SurveyMonkey export's cells (two header rows) for the five respondents."""
    metadata = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    metadata += ["Email Address", "First Name", "Last Name", "Custom Data 1"]
    stem = "How far do you agree with these statements?"
    first = [*metadata, SEGMENT_QUESTION, stem, "", "", "", "", "", COMMENT_QUESTION]
    second = [""] * len(metadata) + ["Response", *STATEMENTS, "Open-Ended Response"]
    rows: list[list[object]] = [first, second]
    for number, (member, answers, comment, day) in enumerate(_FILE_ROWS):
        when = dt.datetime(2026, 9, day, 9, 0)
        rows.append(
            [11452368790 + number, 431234567, when, when, f"192.0.2.{number + 1}", "", "", "", ""]
            + [member]
            + [LABELS[a] for a in answers]
            + [comment]
        )
    return rows


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with one sheet per entry, written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scores_frame(rng, respondents: int, items: list[str]) -> pd.DataFrame:
    """Random raw answers (1..5, NA, or None for blank) for generated exports."""
    choices = [1, 2, 3, 4, 5, NA, None]
    weights = [0.12, 0.18, 0.25, 0.25, 0.12, 0.04, 0.04]
    picked = rng.choice(len(choices), size=(respondents, len(items)), p=weights)
    return pd.DataFrame([[choices[i] for i in row] for row in picked], columns=items, dtype=object)


TABLES = ("networks", "rounds", "respondents", "respondent_segments", "answers", "comments",
          "column_mappings", "instruments")  # fmt: skip


def snapshot(engine) -> dict[str, int]:
    """Every table's row count and the store revision: equal snapshots, unchanged store."""
    from sqlalchemy import text

    from carenet_dash.store.engine import revision

    with engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
    return {**counts, "revision": revision(engine)}
