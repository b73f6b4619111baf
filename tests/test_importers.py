"""Importing exports: every layout gives the hand-computed answers and scores."""

from __future__ import annotations

import csv
import difflib
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from carenet_dash import analysis, config, demo, importers
from carenet_dash.errors import ImportRefused, NotFound
from carenet_dash.importers import dates, files, mapping, personal, values
from carenet_dash.importers.frame import SourceColumn
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import queries, writes
from tests.bad_inputs import bad_inputs, near_matching_headers, oversized
from tests.conftest import FIXTURES
from tests.import_cases import (
    COMMENT_QUESTION,
    COMMENTS,
    EXPECTED,
    ITEMS,
    LABELS,
    MEMBER_TYPES,
    NA,
    PURPOSE_MEAN,
    SEGMENT_QUESTION,
    STATEMENTS,
    TRUST_MEAN,
    answers_of,
    msforms_rows,
    scores_frame,
    snapshot,
    surveymonkey_rows,
    xlsx_bytes,
)

# fixture file -> (format detected, variant shown, personal-data columns dropped)
CASES = {
    "surveymonkey.csv": (
        "surveymonkey",
        "SurveyMonkey",
        ["IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"],
    ),
    "qualtrics_text.csv": (
        "qualtrics",
        "Qualtrics",
        [
            "IP Address",
            "Recipient Last Name",
            "Recipient First Name",
            "Recipient Email",
            "External Data Reference",
            "Location Latitude",
            "Location Longitude",
        ],
    ),
    "qualtrics_numeric.csv": ("qualtrics", "Qualtrics", ["IP Address"]),
    "googleforms.csv": ("googleforms", "Google Forms", ["Email Address"]),
    "typeform.csv": ("wide", "Wide file (Typeform)", ["Network ID"]),
    "smartsurvey.csv": ("wide", "Wide file (SmartSurvey)", ["Name", "Email", "IP Address"]),
    "wide_ids.csv": ("wide", "Wide file", []),
    "wide_text.csv": ("wide", "Wide file", []),
    "cp1252_semicolon.csv": ("wide", "Wide file", []),
    "utf16_tab.txt": ("wide", "Wide file", []),
    "long.csv": ("long", "Long file", []),
}
GENERATED = {
    "surveymonkey.xlsx": (lambda: xlsx_bytes({"Sheet1": surveymonkey_rows()}), "surveymonkey"),
    "msforms.xlsx": (lambda: xlsx_bytes({"Sheet1": msforms_rows()}), "msforms"),
}


def expected_answers(name: str) -> dict[int, dict[str, object]]:
    if name == "qualtrics_numeric.csv":
        # A numeric export has no code for Don't know: that cell is blank in the file.
        return {row: {k: v for k, v in a.items() if v != NA} for row, a in EXPECTED.items()}
    return EXPECTED


def load(name: str) -> bytes:
    if name in GENERATED:
        return GENERATED[name][0]()
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("name", [*CASES, *GENERATED])
def test_every_layout_gives_the_same_answers(name):
    export = importers.read_export(load(name), name)
    draft = importers.preview(export)
    assert draft.refusal() is None
    fmt = CASES[name][0] if name in CASES else GENERATED[name][1]
    assert export.format == fmt
    assert draft.instrument.id == "network-health"
    assert answers_of(draft.responses) == expected_answers(name)
    assert draft.responses.respondents["member_type"].tolist() == MEMBER_TYPES
    comments = draft.responses.comments
    assert dict(zip(comments["row"], comments["text"], strict=True)) == COMMENTS
    assert set(comments["question_id"]) == {"comments"}
    report = draft.report
    assert (report.rows, report.respondents, report.blank_rows, report.partial) == (5, 4, 1, 2)
    assert report.not_applicable_total == (0 if name == "qualtrics_numeric.csv" else 1)
    assert report.answers_per_item["purpose_1"] == 4


@pytest.mark.parametrize("name", list(CASES))
def test_detected_format_and_dropped_personal_columns(name):
    fmt, shown, dropped = CASES[name]
    export = importers.read_export(load(name), name)
    assert (export.format, export.format_name) == (fmt, shown)
    assert list(export.dropped_personal) == dropped
    # Nothing personal survives in what would be stored.
    draft = importers.preview(export)
    stored = pd.concat(
        [draft.responses.respondents.astype(str), draft.responses.comments.astype(str)], axis=1
    ).to_csv()
    for secret in ("example.org", "192.0.2.", "Ann", "Smith", "EMP-0042", "51.5072"):
        assert secret not in stored


def test_respondent_ids_are_kept_only_as_salted_hashes(monkeypatch):
    monkeypatch.setenv("CARENET_SALT", "one")
    first = importers.read_export(load("surveymonkey.csv"), "surveymonkey.csv").hashes
    monkeypatch.setenv("CARENET_SALT", "two")
    second = importers.read_export(load("surveymonkey.csv"), "surveymonkey.csv").hashes
    assert first.str.len().eq(64).all()
    assert "11452368790" not in "".join(first)
    assert (first != second).all()  # another installation cannot match them


def test_hand_computed_dimension_scores_after_commit(store):
    draft = importers.preview(importers.read_export(load("surveymonkey.csv"), "sm.csv"))
    round_id = importers.commit(store, draft, network="Fixture network", label="2026 Q3")
    data = analysis.load_round(store, round_id)
    scores = analysis.dimension_scores(data, min_size=1).set_index("dimension_id")
    assert scores.at["purpose", "mean"] == pytest.approx(PURPOSE_MEAN)
    assert scores.at["trust", "mean"] == pytest.approx(TRUST_MEAN)
    assert (scores.at["purpose", "n"], scores.at["trust", "n"]) == (3, 3)
    assert scores.at["value", "status"] == "no data"  # no value item in the file
    info = queries.round_by_id(store, round_id)
    assert (info.respondents, info.source_name) == (4, "sm.csv")


def test_suggested_round_and_date_come_from_the_file():
    for name in ("surveymonkey.csv", "qualtrics_text.csv", "googleforms.csv", "smartsurvey.csv"):
        report = importers.preview(importers.read_export(load(name), name)).report
        # Kept rows answered on 14, 15, 16 and 30 September 2026.
        assert report.suggested_label == "2026 Q3", name
        assert str(report.suggested_date) == "2026-09-14", name


def test_qualtrics_previews_are_left_out_with_a_note():
    draft = importers.preview(importers.read_export(load("qualtrics_text.csv"), "q.csv"))
    assert draft.report.rows == 5  # six data rows, one a survey preview
    assert any("preview" in w for w in draft.report.warnings)
    assert "testing the survey" not in draft.responses.comments["text"].tolist()


# --- the demo's sample exports ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return demo.draw_sample()


@pytest.mark.parametrize("name", demo.SAMPLE_FILES)
def test_sample_exports_import_cleanly_with_their_scores(name, sample):
    path = config.SAMPLES_DIR / name
    draft = importers.preview(importers.read_export(path.read_bytes(), name))
    assert draft.refusal() is None
    assert draft.report.respondents == len(sample.respondents)
    assert not draft.report.missing_items
    got = answers_of(draft.responses)
    for row in range(len(sample.respondents)):
        want = {
            item: (NA if isinstance(v, str) else int(v))
            for item, v in sample.scores.loc[row].items()
            if v is not None and (isinstance(v, str) or not pd.isna(v))
        }
        assert got.get(row, {}) == want, (name, row)
    if name != "long_2026_q4.csv":  # the long sample carries no segments or dates
        assert draft.report.suggested_label == demo.SAMPLE_LABEL
        got_types = draft.responses.respondents["member_type"].fillna("-").tolist()
        assert got_types == sample.respondents["member_type"].fillna("-").tolist()


# --- generated exports --------------------------------------------------------------------


def _write(fmt: str, frame: pd.DataFrame, instrument) -> tuple[str, bytes]:
    texts = {i.id: i.text for i in instrument.items.values()}
    labels = frame.map(lambda v: LABELS[v])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if fmt == "wide":
        writer.writerow(["respondent_id", *frame.columns])
        for row, values_ in enumerate(frame.itertuples(index=False)):
            writer.writerow([f"G{row}", *("N/A" if v == NA else v or "" for v in values_)])
    elif fmt == "googleforms":
        writer.writerow(["Timestamp", *(f"Stem [{texts[i]}]" for i in frame.columns)])
        for row in labels.itertuples(index=False):
            writer.writerow(["2026/03/02 10:00:00 AM GMT", *row])
    elif fmt == "surveymonkey":
        writer.writerow(["Respondent ID", "Collector ID", "Stem", *[""] * (frame.shape[1] - 1)])
        writer.writerow(["", "", *(texts[i] for i in frame.columns)])
        for row, cells in enumerate(labels.itertuples(index=False)):
            writer.writerow([str(900 + row), "1", *cells])
    elif fmt == "long":
        writer.writerow(["respondent_id", "item_id", "value"])
        for row, values_ in enumerate(frame.itertuples(index=False)):
            for item, value in zip(frame.columns, values_, strict=True):
                if value is not None:
                    writer.writerow([f"G{row}", item, LABELS[value]])
    return f"generated_{fmt}.csv", buffer.getvalue().encode()


@pytest.mark.parametrize("fmt", ["wide", "googleforms", "surveymonkey", "long"])
def test_generated_exports_round_trip_exactly(fmt, network_health):
    rng = np.random.default_rng(7)
    frame = scores_frame(rng, 40, list(network_health.items))
    name, data = _write(fmt, frame, network_health)
    draft = importers.preview(importers.read_export(data, name))
    assert draft.refusal() is None
    expected: dict[int, dict[str, object]] = {}
    row_number = 0
    for _, row in frame.iterrows():
        given = {item: v for item, v in row.items() if v is not None}
        if any(v != NA for v in given.values()):  # a row needs a scored answer to be kept
            expected[row_number] = given
            row_number += 1
    assert answers_of(draft.responses) == expected


# --- values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Agree", 4),
        ("  strongly   AGREE ", 5),
        ("Neither agree nor disagree.", 3),
        ("4", 4),
        ("4.0", 4),
        ("1", 1),
        ("4 - Agree", 4),
        ("5 = Strongly agree", 5),
        ("(2) Disagree", 2),
        ("Agree (4)", 4),
        ("0 - Strongly disagree", 1),  # the label decides, the number is decoration
        ("Don't know", values.NOT_APPLICABLE),
        ("Don’t know", values.NOT_APPLICABLE),
        ("N/A", values.NOT_APPLICABLE),
        ("Not applicable", values.NOT_APPLICABLE),
        ("Prefer not to say", values.NOT_APPLICABLE),
        ("6 - Don't know", values.NOT_APPLICABLE),
        ("", values.BLANK),
        ("   ", values.BLANK),
        ("6", values.OUT_OF_RANGE),
        ("0", values.OUT_OF_RANGE),
        ("-99", values.OUT_OF_RANGE),
        ("3.5", values.OUT_OF_RANGE),
        ("Somewhat agree", values.UNKNOWN),
        ("Strongly agre", values.UNKNOWN),  # no guessing between labels
    ],
)
def test_cell_codes(cell, code, network_health):
    assert values.Scale(network_health).code(cell) == code


def _wide(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["id", *ITEMS[:3]], *rows])
    return buffer.getvalue().encode()


def test_unknown_labels_are_refused_naming_column_value_and_count():
    data = _wide([["1", "Agree", "Somewhat agree", "4"], ["2", "Agree", "Somewhat agree", "9"]])
    draft = importers.preview(importers.read_export(data, "w.csv"))
    refusal = draft.refusal()
    assert "column 'purpose_2' holds 'Somewhat agree' in 2 cells" in refusal
    assert "column 'purpose_4' holds '9' in 1 cell, which is not a whole number from 1 to 5" in (
        refusal
    )
    lenient = importers.preview(importers.read_export(data, "w.csv"), unknown_as_missing=True)
    assert lenient.refusal() is None
    assert answers_of(lenient.responses) == {
        0: {"purpose_1": 4, "purpose_4": 4},
        1: {"purpose_1": 4},
    }


def test_a_preview_is_ready_to_import_once_named_unblocked_and_not_clashing():
    good = importers.preview(importers.read_export((FIXTURES / "long.csv").read_bytes(), "l.csv"))
    named = {"network": "N", "label": "2026 Q3", "label_in_use": False, "replace": False}
    assert good.ready(**named)
    assert not good.ready(**{**named, "network": None})
    assert not good.ready(**{**named, "network": "  "})
    assert not good.ready(**{**named, "label": " \t"})
    assert not good.ready(**{**named, "label_in_use": True})
    assert good.ready(**{**named, "label_in_use": True, "replace": True})
    data = _wide([["1", "Agree", "Somewhat agree", "4"]])
    blocked = importers.preview(importers.read_export(data, "w.csv"))
    assert blocked.blockers()
    assert not blocked.ready(**{**named, "replace": True})


def test_surveymonkey_numeric_six_gets_a_hint():
    rows = surveymonkey_rows()
    rows[2][12] = "6"
    draft = importers.preview(importers.read_export(xlsx_bytes({"S": rows}), "sm.xlsx"))
    assert "a 6 is usually the column after the five agreement columns" in draft.refusal()


def test_segment_answers_outside_the_options_never_land_as_free_text():
    data = (
        f'id,purpose_1,"{SEGMENT_QUESTION}"\n1,4,NHS trust\n2,3,Community pharmacist in X\n'
        "3,2,Prefer not to say\n"
    ).encode()
    draft = importers.preview(importers.read_export(data, "w.csv"))
    stored = draft.responses.respondents["member_type"]
    assert stored.fillna("not stated").tolist() == ["NHS trust", "Other", "not stated"]
    assert any("'Community pharmacist in X'" in w for w in draft.report.warnings)


# --- mapping ------------------------------------------------------------------------------


def test_candidates_strip_matrix_stems():
    assert mapping.candidates("Stem - The statement.") == ["stem - the statement", "the statement"]
    assert mapping.candidates("Stem [The statement.]") == ["stem [the statement.]", "the statement"]
    assert mapping.candidates("A - b - C") == ["a - b - c", "b - c", "c"]


def test_close_wording_is_accepted_and_weaker_needs_confirmation(network_health):
    columns = [
        SourceColumn(0, "Members of this network share a clear sense of what its for"),
        SourceColumn(1, "I feel I belong to this network"),
        SourceColumn(2, "What colour is the sky?"),
    ]
    found = mapping.match_columns(columns, network_health).columns
    assert found[0].accepted
    assert found[0].target == mapping.Target("item", "purpose_1")
    assert found[0].method == mapping.BY_SIMILARITY
    assert found[0].confidence >= mapping.ACCEPT
    assert found[1].needs_confirmation
    assert found[1].target == mapping.Target("item", "purpose_2")
    assert mapping.SUGGEST <= found[1].confidence < mapping.ACCEPT
    assert found[2].target is None
    assert not found[2].needs_confirmation


def test_a_confirmed_mapping_is_saved_and_reused_for_the_next_round(store):
    header = "I feel I belong to this network"
    rows = [["id", "purpose_1", header], ["1", "4", "5"], ["2", "3", "2"]]
    data = "\n".join(",".join(r) for r in rows).encode()
    export = importers.read_export(data, "q1.csv")
    first = importers.preview(export, engine=store, network="Net")
    assert "need confirming" in first.refusal()
    assert repr(header) in first.refusal()
    chosen = {header: mapping.Target("item", "purpose_2")}
    confirmed = importers.preview(export, engine=store, network="Net", chosen=chosen)
    assert confirmed.refusal() is None
    importers.commit(store, confirmed, network="Net", label="Q1")
    network = queries.network_by_name(store, "Net")
    assert queries.column_mappings(store, network.id) == {
        "network-health": {header: ("item", "purpose_2")}
    }
    # Next round's file, same headers: nothing left to confirm.
    later = importers.read_export(data.replace(b"2,3,2", b"2,3,1"), "q2.csv")
    again = importers.preview(later, engine=store, network="Net")
    assert again.refusal() is None
    assert answers_of(again.responses)[1] == {"purpose_1": 3, "purpose_2": 1}


def test_the_best_matching_instrument_is_chosen():
    core = get_instrument("core-questionnaire")
    texts = [i.text for i in core.items.values()][:4]
    rows = [["id", *texts], ["1", "4", "4", "2", "5"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    draft = importers.preview(importers.read_export(buffer.getvalue().encode(), "c.csv"))
    assert draft.instrument.id == "core-questionnaire"
    with pytest.raises(NotFound, match="no instrument 'nope'"):
        importers.preview(importers.read_export(buffer.getvalue().encode(), "c.csv"),
                          instrument_id="nope")  # fmt: skip


def test_a_file_matching_no_instrument_is_refused():
    data = b"id,colour,size\n1,red,big\n"
    with pytest.raises(ImportRefused, match=r"no column of x\.csv matches an item"):
        importers.preview(importers.read_export(data, "x.csv"))


def test_repeated_respondent_ids_keep_the_latest_row():
    data = _wide(
        [["7", "Agree", "Agree", ""], ["8", "Disagree", "", ""], ["7", "Disagree", "", ""]]
    )
    draft = importers.preview(importers.read_export(data, "w.csv"))
    assert draft.report.duplicates == 1
    assert answers_of(draft.responses) == {0: {"purpose_1": 2}, 1: {"purpose_1": 2}}


# --- personal data ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Email", "E-mail address", "RecipientEmail", "IPAddress", "IP Address", "First Name",
     "LocationLatitude", "Name", "Your name (optional)", "ExternalReference", "Custom Data 2",
     "Postcode", "Phone number", "Recipient Last Name"],
)  # fmt: skip
def test_personal_headers(header):
    assert personal.is_personal_header(header)


@pytest.mark.parametrize(
    "header",
    ["The network addresses the issues that matter.", "Name one thing we should change",
     "Patients and carers have a genuine voice in the network's work.", "Timestamp"],
)  # fmt: skip
def test_statements_are_not_personal_headers(header):
    assert not personal.is_personal_header(header)


def test_a_column_of_addresses_is_dropped_whatever_its_header():
    data = b"id,Contact,purpose_1\n1,ann@example.org,4\n2,bob@example.org,3\n3,,2\n"
    export = importers.read_export(data, "w.csv")
    assert export.dropped_personal == ("Contact",)
    assert "Contact" not in [c.header for c in export.frame.columns]


# --- files --------------------------------------------------------------------------------


def test_delimiters_are_sniffed():
    assert files.sniff_delimiter('a;b;"c, d"\n1;2;3\n') == ";"
    assert files.sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert files.sniff_delimiter('a,b,"c; d"\n1,2,3\n') == ","


def test_utf16_without_a_byte_order_mark():
    text = "id\tpurpose_1\n1\tAgree\n"
    export = importers.read_export(text.encode("utf-16-le"), "u.txt")
    assert answers_of(importers.preview(export).responses) == {0: {"purpose_1": 4}}


def test_the_responses_sheet_is_chosen_from_a_workbook():
    data = xlsx_bytes({"Summary": [["Question", "Mean"], ["x", 3]], "Data": msforms_rows()})
    export = importers.read_export(data, "two.xlsx")
    assert export.how_read == 'Excel workbook, sheet "Data"'
    assert export.sheets == ("Summary", "Data")


def test_an_unclear_workbook_asks_which_sheet():
    data = xlsx_bytes({"A": msforms_rows(), "B": msforms_rows()})
    with pytest.raises(files.ChooseSheet) as refused:
        importers.read_export(data, "twins.xlsx")
    assert refused.value.sheets == ["A", "B"]
    assert importers.read_export(data, "twins.xlsx", sheet="b").how_read.endswith('"B"')
    with pytest.raises(ImportRefused, match="no sheet called 'C'"):
        importers.read_export(data, "twins.xlsx", sheet="C")


def test_dates_read_in_every_order():
    def parse(cells: list[str], month_first: bool = False) -> list[str]:
        found = dates.parse_dates(pd.Series(cells, dtype="str"), month_first)
        return [d.date().isoformat() if not pd.isna(d) else "" for d in found]

    assert parse(["2026-09-27 15:00:00", "2026/09/03 3:00:00 PM GMT+1"]) == [
        "2026-09-27",
        "2026-09-03",
    ]
    assert parse(["03/04/2026 10:00"]) == ["2026-04-03"]  # UK by default
    assert parse(["03/04/2026 10:00"], month_first=True) == ["2026-03-04"]
    assert parse(["03/04/2026", "25/04/2026"], month_first=True) == ["2026-04-03", "2026-04-25"]
    assert parse(["04/25/2026", "04/03/2026"]) == ["2026-04-25", "2026-04-03"]
    assert parse(["", "not a date"]) == ["", ""]
    assert dates.quarter_label(pd.Timestamp("2026-12-31").date()) == "2026 Q4"


def test_the_item_table_and_report_lines():
    draft = importers.preview(importers.read_export(load("surveymonkey.csv"), "sm.csv"))
    table = draft.report.item_table(draft.mapping).set_index("Item")
    assert table.loc["purpose_4", ["Answers", "Not applicable", "Blank"]].tolist() == [2, 1, 1]
    assert table.loc["value_1", "Column"] == "not in the file"
    lines = draft.report.lines(draft.mapping)
    assert len(lines) <= 20
    assert any("4 respondents kept, 1 without any scored answer, 2 partial" in ln for ln in lines)
    assert STATEMENTS[0] in importers.mapping_table(draft.mapping).to_csv()
    assert COMMENT_QUESTION in importers.mapping_table(draft.mapping)["Column"].tolist()


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(bad_inputs()))
def test_bad_input_is_refused_with_a_clear_message(case):
    name, data, phrase = bad_inputs()[case]
    with pytest.raises(ImportRefused) as refused:
        importers.preview(importers.read_export(data, name))
    assert phrase in str(refused.value)
    assert "Traceback" not in str(refused.value)


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet="abcde fgh.'", max_size=60), b=st.text(alphabet="abcde fgh.'", max_size=60)
)
def test_rapidfuzz_never_scores_a_pair_below_difflib(a, b):
    """What lets rapidfuzz skip pairs without changing a match: its ratio (a longest common
    subsequence) is never below difflib's (whose matching blocks are one common subsequence)."""
    quick = fuzz.ratio(a, b) / 100
    assert quick >= difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() - 1e-9


def test_near_matching_headers_match_as_difflib_alone_would():
    """The similarity step, checked against difflib alone (the rule before rapidfuzz)."""
    instrument = get_instrument("network-health")
    export = importers.read_export(near_matching_headers(200, rows=2), "near.csv")
    found = mapping.match_columns(export.frame.columns, instrument)
    texts = mapping._targets(instrument).texts
    for column in found.columns:
        candidates = mapping.candidates(column.header)
        scores = [
            (
                max(
                    difflib.SequenceMatcher(None, c, text, autojunk=False).ratio()
                    for c in candidates
                ),
                target,
            )
            for target, text in texts
        ]
        best, target = max(scores, key=lambda pair: pair[0])  # the first of equals
        assert column.confidence == round(best, 3)
        assert column.target == (target if best >= mapping.SUGGEST else None)


def test_thousands_of_rough_matches_are_refused_whole():
    draft = importers.preview(importers.read_export(near_matching_headers(), "near.csv"))
    assert len(draft.mapping.uncertain()) > mapping.MAX_TO_CONFIRM
    (blocker,) = [b for b in draft.blockers() if "roughly" in b]
    assert "columns match the instrument only roughly, more than the 50 that can be" in blocker


def test_a_nul_in_the_file_name_never_reaches_the_store(any_store):
    """A name comes from the browser as sent: PostgreSQL cannot store a NUL in text."""
    data = (FIXTURES / "wide_ids.csv").read_bytes()
    draft = importers.preview(importers.read_export(data, "wide\x00ids.csv"))
    importers.commit(any_store, draft, network="N", label="R")
    (stored,) = queries.rounds(any_store, queries.network_by_name(any_store, "N").id)
    assert stored.source_name == "wideids.csv"


def test_a_file_over_the_upload_limit_is_refused(monkeypatch):
    monkeypatch.setenv("CARENET_MAX_UPLOAD_MB", "1")
    name, data, phrase = oversized(1)
    with pytest.raises(ImportRefused, match=phrase):
        importers.read_export(data, name)
    monkeypatch.setenv("CARENET_MAX_UPLOAD_MB", "2")
    assert importers.read_export(data, name).rows > 0


# --- one transaction ------------------------------------------------------------------------


def test_a_replace_that_fails_part_way_leaves_the_old_round(store, monkeypatch):
    first = importers.preview(importers.read_export(load("wide_ids.csv"), "a.csv"))
    importers.commit(store, first, network="N", label="R")
    before = snapshot(store)
    real = writes.bulk_insert

    def failing(conn, table, columns, rows):
        if table.name == "answers":
            raise RuntimeError("disk full")  # after the old round was deleted in this transaction
        real(conn, table, columns, rows)

    monkeypatch.setattr(writes, "bulk_insert", failing)
    second = importers.preview(importers.read_export(load("long.csv"), "b.csv"))
    with pytest.raises(RuntimeError):
        importers.commit(store, second, network="N", label="R", replace=True)
    assert snapshot(store) == before
    network = queries.network_by_name(store, "N")
    assert queries.round_by_label(store, network.id, "R").source_name == "a.csv"


def test_a_refused_import_saves_no_column_choice(store):
    header = "I feel I belong to this network"
    data = f"id,purpose_1,{header}\n1,4,5\n".encode()
    export = importers.read_export(data, "q.csv")
    first = importers.preview(importers.read_export(load("wide_ids.csv"), "w.csv"))
    importers.commit(store, first, network="N", label="R")
    chosen = {header: mapping.Target("item", "purpose_2")}
    draft = importers.preview(export, engine=store, network="N", chosen=chosen)
    with pytest.raises(ImportRefused, match="already has a round 'R'"):
        importers.commit(store, draft, network="N", label="R")
    assert queries.column_mappings(store, queries.network_by_name(store, "N").id) == {}


def test_qualtrics_legacy_layout():
    statements = ",".join(f'"{s}"' for s in STATEMENTS[:2])
    data = (
        "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1_1,Q1_2\n"
        "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,"
        f"StartDate,EndDate,Finished,{statements}\n"
        "R_1,Default,Ann Smith,,ann@example.org,192.0.2.1,0,2026-03-02 10:00:00,"
        "2026-03-02 10:05:00,1,Agree,Strongly agree\n"
        "R_2,Default,,,,192.0.2.2,1,2026-03-03 10:00:00,2026-03-03 10:05:00,1,Agree,Agree\n"
    ).encode()
    export = importers.read_export(data, "legacy.csv")
    assert (export.format, export.format_name) == ("qualtrics", "Qualtrics (legacy layout)")
    assert set(export.dropped_personal) == {"Name", "ExternalDataReference", "EmailAddress",
                                            "IPAddress"}  # fmt: skip
    draft = importers.preview(export)
    assert answers_of(draft.responses) == {0: {"purpose_1": 4, "purpose_2": 5}}  # R_2: preview
    assert draft.report.suggested_label == "2026 Q1"
