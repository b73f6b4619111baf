"""Sample survey exports for trying the upload: one fresh round of the children's network in the
shapes four tools export (data/samples/)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carenet_dash import config
from carenet_dash.demo.generation import round_frames
from carenet_dash.demo.organisations import RIVERSIDE, with_connections
from carenet_dash.demo.story import CHILDREN, ROUND_LABELS, SAMPLE_DATE
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import get_instrument

SAMPLE_SEED = 20261115
SAMPLE_RESPONDENTS = 62
SAMPLE_FILES = (
    "surveymonkey_2026_q4.csv",
    "msforms_2026_q4.xlsx",
    "googleforms_2026_q4.csv",
    "long_2026_q4.csv",
)
_FIXED_TIME = dt.datetime(2026, 12, 1, 9, 0, 0)
_SM_METADATA = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
_FORMS_METADATA = ("ID", "Start time", "Completion time", "Email", "Name", "Last modified time")


def matrix_question(dimension_name: str) -> str:
    """The question stem a survey tool shows above a dimension's statements."""
    return f"How far do you agree with these statements about {dimension_name.lower()}?"


@dataclass(frozen=True)
class Sample:
    instrument: Instrument
    respondents: pd.DataFrame
    # One row per respondent, one column per item: the answer label as a person would see it.
    labels: pd.DataFrame
    scores: pd.DataFrame
    comments: pd.DataFrame
    started: list[dt.datetime]
    finished: list[dt.datetime]
    # The organisations each respondent named, in the form's order; the form's options.
    named: list[list[str]]
    options: list[str]


def draw_sample() -> Sample:
    """The children's network's latest round, re-drawn as a fresh "2026 Q4" round."""
    instrument = get_instrument()
    rng = np.random.default_rng(SAMPLE_SEED)
    generated = round_frames(
        instrument,
        CHILDREN,
        len(ROUND_LABELS) - 1,
        n=SAMPLE_RESPONDENTS,
        rng=rng,
        id_prefix="sample-2026-q4",
    )
    # Organisations from a stream of their own (the answers are as they were), naming only
    # organisations that answered, so a network with no list yet can import every shape.
    round_index = len(ROUND_LABELS) - 1
    responses = with_connections(
        generated.responses,
        RIVERSIDE,
        round_index,
        np.random.default_rng([SAMPLE_SEED, 2]),
        only_answering=True,
    )
    options = [m.name for m in RIVERSIDE.active(round_index)]
    chosen = responses.ties.groupby("row")["organisation"].agg(set)
    named = [
        [o for o in options if o in chosen.get(row, set())]
        for row in range(responses.respondent_count)
    ]
    answers = responses.answers
    item_ids = list(instrument.items)
    scale = instrument.scale.labels
    label = answers["score"].map(lambda s: "" if pd.isna(s) else scale[int(s) - 1], na_action=None)
    label = label.where(~answers["not_applicable"], generated.na_label)
    labels = (
        answers.assign(label=label)
        .pivot(index="row", columns="item_id", values="label")
        .reindex(index=range(responses.respondent_count), columns=item_ids)
        .fillna("")
    )
    numeric = answers["score"].astype("object").where(answers["score"].notna(), None)
    numeric = numeric.where(~answers["not_applicable"], generated.na_label)
    scores = (
        answers.assign(value=numeric)
        .pivot(index="row", columns="item_id", values="value")
        .reindex(index=range(responses.respondent_count), columns=item_ids)
    )
    comments = (
        responses.comments.pivot(index="row", columns="question_id", values="text")
        .reindex(
            index=range(responses.respondent_count),
            columns=[q.id for q in instrument.open_questions],
        )
        .fillna("")
    )
    start = dt.datetime.combine(SAMPLE_DATE, dt.time(8, 0))
    offsets = np.sort(
        rng.integers(0, 14, size=responses.respondent_count) * 86_400
        + rng.integers(0, 10 * 3600, size=responses.respondent_count)
    )
    durations = rng.integers(180, 900, size=responses.respondent_count)
    started = [start + dt.timedelta(seconds=int(o)) for o in offsets]
    finished = [s + dt.timedelta(seconds=int(d)) for s, d in zip(started, durations, strict=True)]
    return Sample(
        instrument=instrument,
        respondents=responses.respondents,
        labels=labels,
        scores=scores,
        comments=comments,
        started=started,
        finished=finished,
        named=named,
        options=options,
    )


def _segment_cell(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _surveymonkey_rows(sample: Sample) -> list[list[str]]:
    instrument = sample.instrument
    header = list(_SM_METADATA)
    sub = [""] * len(_SM_METADATA)
    for segment in instrument.segments:
        header.append(segment.question)
        sub.append("Response")
    question = _relations(instrument)
    for position, option in enumerate(sample.options):
        header.append(question if position == 0 else "")
        sub.append(option)
    for dimension in instrument.dimensions:
        for position, item in enumerate(dimension.items):
            header.append(matrix_question(dimension.name) if position == 0 else "")
            sub.append(item.text)
    for question in instrument.open_questions:
        header.append(question.question)
        sub.append("Open-Ended Response")
    rows = [header, sub]
    when = "%m/%d/%Y %I:%M:%S %p"
    for row in range(len(sample.respondents)):
        # Every third respondent came through the email collector, which records who they are.
        by_email = row % 3 == 0
        cells = [
            str(11452368790 + 1371 * row + (row * row) % 97),
            "431234601" if by_email else "431234567",
            sample.started[row].strftime(when),
            sample.finished[row].strftime(when),
            f"192.0.2.{10 + row}",
            f"person{row + 1}@example.org" if by_email else "",
            "Alex" if by_email else "",
            "Example" if by_email else "",
            "",
        ]
        cells += [_segment_cell(sample.respondents.at[row, s.id]) for s in instrument.segments]
        cells += [o if o in sample.named[row] else "" for o in sample.options]
        cells += sample.labels.loc[row].tolist()
        cells += sample.comments.loc[row].tolist()
        rows.append(cells)
    return rows


def _relations(instrument: Instrument) -> str:
    question = instrument.relations_question
    assert question is not None, "the sample's instrument asks the relations question"
    return question.question


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _msforms_rows(sample: Sample) -> list[list[object]]:
    instrument = sample.instrument
    header: list[object] = list(_FORMS_METADATA)
    header += [s.question for s in instrument.segments]
    header.append(_relations(instrument))
    header += [item.text for item in instrument.items.values()]
    header += [q.question for q in instrument.open_questions]
    rows = [header]
    for row in range(len(sample.respondents)):
        # A form set to record names leaks a few; most rows are anonymous.
        named = row in (4, 17, 33)
        cells: list[object] = [
            row + 1,
            sample.started[row],
            sample.finished[row],
            f"person{row + 1}@example.org" if named else "anonymous",
            "Alex Example" if named else None,
            None,
        ]
        cells += [
            _segment_cell(sample.respondents.at[row, s.id]) or None for s in instrument.segments
        ]
        # Microsoft Forms joins a multi-select answer with ";", and ends it with one.
        cells.append("".join(f"{o};" for o in sample.named[row]) or None)
        cells += [value or None for value in sample.labels.loc[row].tolist()]
        cells += [value or None for value in sample.comments.loc[row].tolist()]
        rows.append(cells)
    return rows


def _write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for cells in rows:
        sheet.append(cells)
    for column in ("B", "C"):
        for cell in sheet[column][1:]:
            cell.number_format = "m/d/yy h:mm:ss"
    workbook.properties.creator = "CareNet Dash demo"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """The same workbook with fixed entry times and modified date, so its bytes never change.

    openpyxl stamps the save time into docProps/core.xml and every zip entry.
    """
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _googleforms_rows(sample: Sample) -> list[list[str]]:
    instrument = sample.instrument
    header = ["Timestamp"]
    header += [s.question for s in instrument.segments]
    header.append(_relations(instrument))
    header += [
        f"{matrix_question(d.name)} [{item.text}]"
        for d in instrument.dimensions
        for item in d.items
    ]
    header += [q.question for q in instrument.open_questions]
    rows = [header]
    for row in range(len(sample.respondents)):
        finished = sample.finished[row]
        stamp = f"{finished:%Y/%m/%d} {finished.hour % 12 or 12}:{finished:%M:%S %p} GMT"
        cells = [stamp]
        cells += [_segment_cell(sample.respondents.at[row, s.id]) for s in instrument.segments]
        cells.append(", ".join(sample.named[row]))  # Google joins checkboxes with ", "
        cells += sample.labels.loc[row].tolist()
        cells += sample.comments.loc[row].tolist()
        rows.append(cells)
    return rows


def _long_rows(sample: Sample) -> list[list[str]]:
    rows = [["respondent_id", "item_id", "value"]]
    instrument = sample.instrument
    organisation = instrument.organisation_segment
    relations = instrument.relations_question
    for row in range(len(sample.respondents)):
        own = _segment_cell(sample.respondents.at[row, organisation.id]) if organisation else ""
        if own:
            rows.append([f"R{row + 1:03d}", organisation.id, own])  # type: ignore[union-attr]
        if relations is not None:  # one row per organisation named
            rows += [[f"R{row + 1:03d}", relations.id, other] for other in sample.named[row]]
        for item_id, value in sample.scores.loc[row].items():
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            rows.append([f"R{row + 1:03d}", str(item_id), str(value)])
    return rows


def write_samples(directory: Path = config.SAMPLES_DIR) -> list[Path]:
    """Write sample exports of a fresh "2026 Q4" round of the children's network.

    The same respondents in four shapes (SurveyMonkey CSV, Microsoft Forms workbook, Google
    Forms CSV, long CSV), so a newcomer can try the upload with whichever tool they know.
    The files carry fake personal data (TEST-NET addresses, example.org e-mails) for the
    importer's privacy filter to drop. Returns the paths written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sample = draw_sample()
    surveymonkey, msforms, googleforms, long = (directory / name for name in SAMPLE_FILES)
    _write_csv(surveymonkey, _surveymonkey_rows(sample))
    _write_xlsx(msforms, _msforms_rows(sample))
    _write_csv(googleforms, _googleforms_rows(sample))
    _write_csv(long, _long_rows(sample))
    return [surveymonkey, msforms, googleforms, long]
