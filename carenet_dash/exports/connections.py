"""The connection map in the deck (a map slide) and the HTML report (a section): the round's
map, new and lost ties since the round before, and the figures in words."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from sqlalchemy import Engine

from carenet_dash.charts.connections import connection_map, unlimited
from carenet_dash.connections.figures import MapChanges, RoundMap, map_changes, round_map
from carenet_dash.present import connections as words
from carenet_dash.store.queries import RoundInfo

SECTION_ID = "connections"
TITLE = "Who works with whom"
LISTED = 8  # organisations in the table beside the map: the most named


@dataclass(frozen=True)
class MapExport:
    """A round's map as the exports show it (only made when the round has one to show)."""

    found: RoundMap
    changes: MapChanges | None

    def chart(self, size: int = 560) -> alt.LayerChart:
        if self.changes is not None:
            nodes, ties = words.change_nodes_and_ties(self.changes)
        else:
            nodes = words.map_nodes(self.found)
            ties = words.map_ties(self.found, nodes)
        return connection_map(nodes, ties, self.found.extent, size=size)

    def lines(self) -> list[str]:
        found = [
            *words.summary_lines(self.found),
            words.coverage_text(self.found.coverage),
            words.broker_line(self.found),
        ]
        if self.changes is not None:
            found += words.change_lines(self.changes)
        return found

    def table(self) -> pd.DataFrame:
        columns = ["Organisation", "Named by", "Names", "Position"]
        return words.organisation_table(self.found)[columns].head(LISTED)

    @property
    def description(self) -> str:
        return (
            "The connection map: each member organisation as a circle sized by how many "
            "others name it, with arrows from each organisation to those its members named"
            + (" (new ties in green, lost ties dashed in red)." if self.changes else ".")
        )


def gather(
    engine: Engine, chosen: RoundInfo, previous: RoundInfo | None, min_size: int
) -> MapExport | None:
    """The round's map for export, compared with the round before when both ask the relations
    question; None when the round has no map to show."""
    found = round_map(engine, chosen.id, min_size)
    if not found.shown:
        return None
    changes = None
    if previous is not None:
        before = round_map(engine, previous.id, min_size)
        if before.shown:
            changes = map_changes(engine, previous.id, chosen.id, min_size)
    return MapExport(found, changes)


def add_slide(deck, report, *, slide, picture, text, png) -> None:
    """The map slide (after the changes slide); nothing when the round has no map. The deck
    lends its own ways to make a slide, place a picture and text, and render a chart."""
    exported = report.connections
    if exported is None:
        return
    made = slide(deck, TITLE, report, f"Round {report.round.label}")
    with unlimited():
        drawn = png(exported.chart())
    picture(made, drawn, (0.3, 1.2, 6.9, 5.7), exported.description)
    paragraphs = [(line, 14, {"space_after": 4}) for line in exported.lines()]
    paragraphs += [(p, 14, {"italic": True, "space_after": 2}) for p in words.PROMPTS]
    text(made, (7.4, 1.3, 5.5, 5.6), paragraphs)


def html_section(report, *, esc, image, table) -> str:
    """The report's section on the map (empty when the round has no map); the report lends
    its escaping, image and table makers."""
    exported = report.connections
    if exported is None:
        return ""
    parts = [f'<section id="{SECTION_ID}"><h2>{esc(TITLE)}</h2>']
    with unlimited():
        parts.append(image(exported.chart(), exported.description))
    parts.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in exported.lines()) + "</ul>")
    parts.append(table(exported.table(), "The most named organisations"))
    parts.append("<h3>For discussion</h3>")
    parts.append("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in words.PROMPTS) + "</ul>")
    parts.append('<p class="muted">The map shows organisations, never the people who answered.</p>')
    return "".join(parts) + "</section>"
