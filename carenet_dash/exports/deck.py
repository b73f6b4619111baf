"""A 16:9 PowerPoint deck of a round for the workshop: large type, n on every figure."""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Sequence
from concurrent.futures import Future
from contextvars import ContextVar

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from carenet_dash import analysis, charts, disclosure, present
from carenet_dash.exports import connections
from carenet_dash.exports.report import (
    PROMPT_LINE,
    Report,
    dimension_text,
    long_date,
    png,
    responses_line,
    session_line,
)
from carenet_dash.present import columns, follow_up
from carenet_dash.present import story as present_story
from carenet_dash.present.scales import bands_caption

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INK = RGBColor(0x11, 0x11, 0x11)
MUTED = RGBColor(0x44, 0x44, 0x44)
ACCENT = RGBColor(0x44, 0x77, 0xAA)
FONT = "Arial"  # on every PowerPoint; LibreOffice maps it to Liberation Sans
TITLE_ONLY, TITLE_SLIDE = 5, 0
ACTIONS_PER_SLIDE = 6
Paragraph = tuple[str, int] | tuple[str, int, dict]


def _style(run, size: int, **style) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = style.get("bold", False)
    run.font.italic = style.get("italic", False)
    run.font.color.rgb = style.get("colour", INK)


def _fill(frame, paragraphs: Sequence[Paragraph]) -> None:
    """Write paragraphs (text, size[, style]) into a text frame, replacing what was there."""
    frame.word_wrap = True
    for index, item in enumerate(paragraphs):
        text, size = item[0], item[1]
        style = item[2] if len(item) > 2 else {}
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = ""  # a placeholder may come with an empty run of its own
        paragraph.alignment = style.get("align", PP_ALIGN.LEFT)
        paragraph.space_after = Pt(style.get("space_after", 6))
        run = paragraph.add_run()
        run.text = text
        _style(run, size, **style)


def _text(slide: Slide, box: tuple[float, float, float, float], paragraphs) -> None:
    left, top, width, height = (Inches(v) for v in box)
    _fill(slide.shapes.add_textbox(left, top, width, height).text_frame, paragraphs)


def _slide(deck: PresentationType, title: str, report: Report, corner: str = "") -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    heading.left, heading.top = MARGIN, Inches(0.25)
    heading.width, heading.height = WIDTH - 2 * MARGIN - Inches(2.6), Inches(0.95)
    _fill(heading.text_frame, [(title, 34, {"bold": True, "space_after": 0})])
    if corner:
        _text(
            slide,
            (10.4, 0.35, 2.45, 0.6),
            [(corner, 16, {"colour": MUTED, "align": PP_ALIGN.RIGHT})],
        )
    footer = f"{report.network.name} · round {report.round.label} · {PROMPT_LINE}"
    _text(slide, (0.5, 7.0, 12.3, 0.4), [(footer, 11, {"colour": MUTED})])
    return slide


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# Pictures wait for their charts until every slide is laid out, so the charts render side by
# side (report.png starts each at once) rather than one after another.
_WAITING: ContextVar[list | None] = ContextVar("deck_pictures_waiting", default=None)


def _picture(
    slide: Slide,
    data: Future[bytes] | bytes,
    box: tuple[float, float, float, float],
    description: str,
) -> None:
    """A chart image as large as fits the box, keeping its shape, with alt text (placed once
    the chart is rendered: at the end of ``build``)."""
    waiting = _WAITING.get()
    if waiting is not None and isinstance(data, Future):
        waiting.append((slide, data, box, description))
        return
    _place(slide, data.result() if isinstance(data, Future) else data, box, description)


def _place(
    slide: Slide, data: bytes, box: tuple[float, float, float, float], description: str
) -> None:
    left, top, width, height = box
    pixels_w, pixels_h = _png_size(data)
    scale = min(width / pixels_w, height / pixels_h)
    shown_w, shown_h = pixels_w * scale, pixels_h * scale
    picture = slide.shapes.add_picture(
        io.BytesIO(data),
        Inches(left + (width - shown_w) / 2),
        Inches(top),
        Inches(shown_w),
        Inches(shown_h),
    )
    picture._element.nvPicPr.cNvPr.set("descr", description)  # alt text for screen readers


def _table(
    slide: Slide,
    frame: pd.DataFrame,
    box: tuple[float, float, float],
    widths: Sequence[float],
    size: int = 14,
) -> None:
    left, top, width = box
    rows, columns = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(
        rows, columns, Inches(left), Inches(top), Inches(width), Emu(Pt(size * 2.1) * rows)
    )
    grid = shape.table
    for index, share in enumerate(widths):
        grid.columns[index].width = Inches(share)
    for c, name in enumerate(frame.columns):
        _fill(grid.cell(0, c).text_frame, [(str(name), size, {"bold": True, "colour": INK})])
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            _fill(grid.cell(r, c).text_frame, [(str(value), size)])
    for r in range(rows):
        grid.rows[r].height = Pt(size * 2.1)


def _notes(slide: Slide, lines: Sequence[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line)


def _title_slide(deck: PresentationType, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = (
        Inches(0.8), Inches(1.2), Inches(11.7), Inches(1.8),
    )  # fmt: skip
    _fill(title.text_frame, [(report.network.name, 44, {"bold": True})])
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(0.8), Inches(3.2), Inches(11.7), Inches(3.6),
    )  # fmt: skip
    r = report.round
    _fill(
        subtitle.text_frame,
        [
            (f"{report.instrument.name} · round {r.label}", 28, {"space_after": 10}),
            (f"Fielded {long_date(r.fielded_on)} · {responses_line(report)}", 20),
            (f"Prepared {long_date(report.prepared_on)}", 20, {"space_after": 24}),
            (PROMPT_LINE, 26, {"italic": True, "colour": ACCENT}),
            (f"{disclosure.never_shown(report.min_size)}.", 18),
        ],
    )


def _scorecard_slide(deck: PresentationType, report: Report) -> None:
    slide = _slide(deck, "Overview scorecard", report, f"Round {report.round.label}")
    chart = charts.scorecard(report.card, report.min_size)
    _picture(
        slide,
        png(chart),
        (0.3, 1.3, 7.6, 5.1),
        "Each dimension's mean on the 1 to 5 scale with n, over priority, discuss and "
        "strength bands.",
    )
    table = present.scorecard_table(report.card, report.min_size)[
        ["Dimension", columns.RESPONSES, "Mean", "Band"]
    ]
    _table(
        slide,
        table,
        (8.1, 1.3, 4.75),
        [2.2, 0.7, 0.85, 1.0],
        13,
    )
    caption = (
        f"{bands_caption(report.instrument)} “{report.hidden}” marks a group too small to "
        "show; “no data” means nobody answered."
    )
    _text(slide, (0.5, 6.3, 12.3, 0.7), [(caption, 13, {"colour": MUTED})])


def _story_slide(deck: PresentationType, report: Report) -> None:
    slide = _slide(deck, "What changed", report, f"Round {report.round.label}")
    lines = present_story.story_texts(list(report.story)) or [present_story.NO_STORY]
    size = 20 if len(lines) <= 5 else 17
    _text(
        slide, (0.5, 1.3, 12.3, 5.4), [(f"• {line}", size, {"space_after": 10}) for line in lines]
    )
    _notes(
        slide,
        [
            "Each line is a clear change (its likely range leaves out zero), a dimension newly "
            "in the strength or priority band, or a group that differs clearly from the rest "
            "of the network. The largest clear change is named with the round it runs from.",
        ],
    )


def _trend_slide(deck: PresentationType, report: Report) -> None:
    if report.trend.empty or report.trend["round"].nunique() < 2:
        return
    slide = _slide(deck, "Trend over every round", report, f"Round {report.round.label}")
    _picture(
        slide,
        png(charts.trend_lines(report.trend)),
        (0.3, 1.2, 12.7, 5.7),
        "Each dimension's mean round by round, one small chart per dimension.",
    )


def _action_lines(frame: pd.DataFrame, limit: int = 3) -> list[str]:
    lines = [
        f"{follow_up.status_text(a.status, follow_up.is_overdue(a))} — {a.what}"
        + (f" ({a.owner})" if a.owner else "")
        for a in frame.itertuples()
    ]
    if len(lines) > limit:
        lines = [*lines[:limit], f"… and {len(lines) - limit} more (see the actions slides)"]
    return lines


def _dimension_slide(
    deck: PresentationType, report: Report, number: int, dimension, row: pd.Series
) -> None:
    count = len(report.instrument.dimensions)
    slide = _slide(deck, dimension.name, report, f"Dimension {number} of {count}")
    text = dimension_text(report, row)
    shown = row["status"] == disclosure.SHOWN
    figures: list[Paragraph] = [
        (text.mean, 60 if shown else 30, {"bold": True, "space_after": 0}),
        (text.band or " ", 28, {"space_after": 14}),
        (text.detail, 18),
        (text.change, 18),
    ]
    if text.split:
        figures.append(("Members are split on this dimension.", 18, {"bold": True}))
    _text(slide, (0.5, 1.3, 5.9, 3.6), figures)
    if shown:
        _picture(
            slide,
            png(charts.answer_distribution(row)),
            (6.6, 1.3, 6.3, 3.6),
            f"How members answered the statements on {dimension.name}, in the scale's words.",
        )
    before = analysis.for_dimension(report.previous_actions, dimension.id)
    if dimension.prompts:
        prompts = [("For discussion", 18, {"bold": True, "colour": ACCENT, "space_after": 4})]
        prompts += [(f"• {p}", 15, {"space_after": 3}) for p in dimension.prompts[:3]]
        _text(slide, (0.5, 4.85, 6.1 if len(before) else 12.3, 2.1), prompts)
    if not before.empty:
        agreed = [("What we agreed last time", 18, {"bold": True, "colour": ACCENT})]
        agreed += [(line, 15, {"space_after": 3}) for line in _action_lines(before)]
        _text(slide, (6.8, 4.85, 6.0, 2.1), agreed)
    now = analysis.for_dimension(report.actions, dimension.id)
    _notes(
        slide,
        [
            dimension.description,
            *(f"Prompt: {p}" for p in dimension.prompts),
            *(f"Agreed last time: {line}" for line in _action_lines(before, len(before))),
            *(f"Agreed this round: {line}" for line in _action_lines(now, len(now))),
            *(
                f"Member's comment{' (pinned)' if pinned else ''}: {text}"
                for text, pinned in report.dimension_comments(dimension.id)
            ),
        ],
    )


def _changes_slide(deck: PresentationType, report: Report) -> None:
    slide = _slide(deck, "Changes since the last round", report, f"Round {report.round.label}")
    if report.previous is None:
        _text(
            slide,
            (0.5, 1.5, 12.3, 2.0),
            [("This is the network's first round: changes show from the second.", 24)],
        )
        return
    _picture(
        slide,
        png(charts.change_intervals(report.card, report.min_size)),
        (0.3, 1.3, 7.4, 5.1),
        "Each dimension's change in mean since the last round, with its likely range.",
    )
    rows = []
    for row in report.card.to_dict("records"):
        hidden = row["change_status"] == disclosure.HIDDEN
        before = present.side(row["previous_n"], row["previous_status"], report.min_size, False)
        now = present.count(row["n"], row["status"], report.min_size)
        rows.append(
            {
                "Dimension": row["dimension"],
                "Change": report.hidden if hidden else present.signed(row["change"]),
                "Responses then → now": f"{before} → {now}",
                "Verdict": present.change_verdict(row, report.min_size),
            }
        )
    _table(slide, pd.DataFrame(rows), (7.9, 1.3, 4.95), [1.9, 0.9, 1.05, 1.1], 12)
    caption = (
        f"{report.previous.label} → {report.round.label}. A change is clear only when its likely "
        "range (95% interval) leaves out zero; otherwise it is within noise."
    )
    _text(slide, (0.5, 6.3, 12.3, 0.7), [(caption, 13, {"colour": MUTED})])


def _matrix_slides(deck: PresentationType, report: Report) -> None:
    slide = _slide(deck, "Maturity matrix", report, f"Round {report.round.label}")
    names = report.instrument.maturity.level_names
    if report.matrix.empty:
        _text(
            slide,
            (0.5, 1.5, 12.3, 2.0),
            [
                (session_line(report), 24),
                ("Record one in the workshop to compare the group's view with the survey.", 18),
            ],
        )
        return
    chart = charts.matrix_levels(report.matrix, names, report.min_size)
    _picture(
        slide,
        png(chart),
        (0.3, 1.2, 12.7, 5.1),
        "Agreed current and target level per dimension, biggest gaps first, beside the survey "
        "mean with n.",
    )
    _text(
        slide,
        (0.5, 6.4, 12.3, 0.6),
        [(session_line(report) + " Biggest gaps first.", 14, {"colour": MUTED})],
    )
    table_slide = _slide(deck, "Maturity matrix beside the survey", report)
    _table(
        table_slide,
        present.matrix_table(report.matrix, names, report.min_size),
        (0.5, 1.3, 12.3),
        [3.0, 1.9, 1.9, 0.7, 1.3, 0.8, 2.7],
        13,
    )
    _notes(
        table_slide,
        [
            "“Members vs group” flags a survey mean a step or more from the level the group "
            "agreed: a question to ask, not a finding.",
            *(
                f"{r.dimension}: now {r.current_descriptor} Target: {r.target_descriptor}"
                for r in report.matrix.itertuples()
                if r.current_descriptor
            ),
        ],
    )
    if report.movement["session_id"].nunique() > 1:
        moved = _slide(deck, "Maturity matrix over time", report)
        _picture(
            moved,
            png(charts.matrix_movement(report.movement, names)),
            (0.3, 1.2, 12.7, 5.7),
            "Agreed current and target levels per dimension, session by session.",
        )


def _actions_slides(
    deck: PresentationType,
    report: Report,
    frame: pd.DataFrame,
    title: str,
    empty: str,
    *,
    with_round: bool = False,
) -> None:
    table = present.actions_table(
        frame, with_round=with_round, min_size=report.min_size if with_round else None
    )
    widths = [1.8, 3.0, 1.5, 1.5, 1.5, 0.9, 2.1] if with_round else [2.4, 4.6, 2.2, 1.6, 1.5]
    pages = [table.iloc[i : i + ACTIONS_PER_SLIDE] for i in range(0, len(table), ACTIONS_PER_SLIDE)]
    if not pages:
        slide = _slide(deck, title, report, f"Round {report.round.label}")
        _text(slide, (0.5, 1.5, 12.3, 1.0), [(empty, 24)])
        return
    for number, page in enumerate(pages, start=1):
        corner = f"{number} of {len(pages)}" if len(pages) > 1 else f"Round {report.round.label}"
        slide = _slide(deck, title, report, corner)
        _table(slide, page, (0.5, 1.3, 12.3), widths, 15)


def build(report: Report) -> PresentationType:
    """The deck: title, what changed, overview scorecard, one slide per dimension, changes
    since the last round, the connection map (when asked), the trend, the maturity matrix,
    and the actions."""
    waiting: list = []
    token = _WAITING.set(waiting)
    try:
        deck = _slides(report)
    finally:
        _WAITING.reset(token)
    for slide, data, box, description in waiting:
        _place(slide, data.result(), box, description)
    return deck


def _slides(report: Report) -> PresentationType:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    _title_slide(deck, report)
    _story_slide(deck, report)
    _scorecard_slide(deck, report)
    for number, (dimension, row) in enumerate(report.dimensions(), start=1):
        _dimension_slide(deck, report, number, dimension, row)
    _changes_slide(deck, report)
    connections.add_slide(deck, report, slide=_slide, picture=_picture, text=_text, png=png)
    _trend_slide(deck, report)
    _matrix_slides(deck, report)
    _actions_slides(
        deck, report, report.actions, "Agreed actions", "No actions recorded for this round yet."
    )
    if not report.previous_actions.empty:
        _actions_slides(
            deck, report, report.previous_actions, "Actions agreed before", "", with_round=True
        )
    properties = deck.core_properties
    properties.title = f"{report.network.name}: round {report.round.label}"
    properties.author = properties.last_modified_by = "CareNet Dash"
    properties.subject = PROMPT_LINE
    stamp = dt.datetime.combine(report.prepared_on, dt.time(9, 0))
    properties.created = properties.modified = stamp
    properties.revision = 1
    return deck


def write(report: Report, target: io.BufferedIOBase | str) -> None:
    build(report).save(target)
