"""The connection map in words and tables: per organisation, for the network, between rounds,
and how far the figures can be trusted (coverage)."""

from __future__ import annotations

import math
from collections.abc import Collection

import pandas as pd

from carenet_dash import disclosure
from carenet_dash.connections import graph
from carenet_dash.connections.figures import LOST, NEW, MapChanges, RoundMap

# The CLI's and CSV's columns, exactly as the issue names them.
ORGANISATION_COLUMNS = ["organisation", "respondents", "named_by", "names", "betweenness"]
SUMMARY_COLUMNS = ["organisations", "ties", "density", "reciprocity", "components"]
POSITION_WORDS = {
    graph.CORE: "Core",
    graph.PERIPHERY: "Periphery",
    graph.ISOLATE: "Isolate",
}
BETWEENNESS_DIGITS = 4
DENSITY_DIGITS = 4


def respondents(count: float, status: str, min_size: int) -> str | int:
    """An organisation's respondents: the number (0 for none), or "fewer than k responses"."""
    if status == disclosure.HIDDEN:
        return disclosure.hidden_text(min_size)
    if status == disclosure.NO_DATA or count is None or math.isnan(count):
        return 0
    return int(count)


def _rounded(value: float, digits: int) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def organisation_rows(found: RoundMap) -> pd.DataFrame:
    """One row per organisation on the round's list (those only named by others included):
    organisation, respondents, named_by, names, betweenness (blank when coverage is too low)."""
    table = found.organisations
    return pd.DataFrame(
        {
            "organisation": table["name"].astype("object"),
            "respondents": [
                respondents(n, s, found.min_size)
                for n, s in zip(table["respondents"], table["respondents_status"], strict=True)
            ],
            "named_by": table["named_by"].astype("int64"),
            "names": table["names"].astype("int64"),
            "betweenness": [_rounded(b, BETWEENNESS_DIGITS) for b in table["betweenness"]],
        },
        columns=ORGANISATION_COLUMNS,
    )


def summary_row(found: RoundMap) -> dict[str, object]:
    """organisations, ties, density, reciprocity (blank with no tie), components."""
    figures = found.figures
    return {
        "organisations": figures.organisations,
        "ties": figures.ties,
        "density": _rounded(figures.density, DENSITY_DIGITS),
        "reciprocity": _rounded(figures.reciprocity, DENSITY_DIGITS),
        "components": figures.components,
    }


def organisation_table(found: RoundMap) -> pd.DataFrame:
    """The page's table: every organisation with its figures, in words, busiest first."""
    table = found.organisations
    rows = organisation_rows(found)
    withheld = found.coverage.level == graph.WITHHELD
    shown = pd.DataFrame(
        {
            "Organisation": rows["organisation"],
            "Type": table["type"].fillna("").astype("object"),
            "Respondents": rows["respondents"].astype("str"),
            "Named by": rows["named_by"],
            "Names": rows["names"],
            "Position": [POSITION_WORDS.get(p, "") for p in table["position"]],
            "Broker": ["" if withheld else ("yes" if b else "") for b in table["broker"]],
            "Betweenness": rows["betweenness"],
        }
    )
    named_by, names = shown["Named by"], shown["Organisation"].astype(str)
    order = sorted(
        range(len(shown)), key=lambda i: (-int(named_by.iat[i]), names.iat[i].casefold())
    )
    return shown.iloc[order].reset_index(drop=True)


def coverage_text(coverage: graph.Coverage) -> str:
    """How many member organisations answered, and what that means for the figures."""
    said = (
        f"{coverage.answered} of {coverage.organisations} member organisations "
        f"({100 * coverage.share:.0f}%) have a respondent of their own in this round"
    )
    if coverage.level == graph.WITHHELD:
        return (
            f"{said}. That is below {graph.WITHHELD_BELOW}%, so betweenness and brokers are not "
            "shown: with so many organisations silent, paths through them are missing. “Named "
            "by” is shown throughout: it comes from the organisations that did answer."
        )
    if coverage.level == graph.CAUTION:
        return (
            f"{said}. Below {graph.CAUTION_BELOW}%, read betweenness and brokers with caution: "
            "an organisation that did not answer may be a bridge the map cannot see. “Named "
            "by” is shown throughout."
        )
    return f"{said}. “Named by” counts the organisations that name each one."


def summary_lines(found: RoundMap) -> list[str]:
    """The network's figures as short lines."""
    figures = found.figures
    reciprocity = (
        "no ties yet"
        if math.isnan(figures.reciprocity)
        else f"{100 * figures.reciprocity:.0f}% of ties are returned"
    )
    return [
        f"{figures.organisations} organisations, {figures.ties} ties",
        f"density {figures.density:.1%}: the share of all possible ties that exist"
        if not math.isnan(figures.density)
        else "density: no organisations",
        f"reciprocity: {reciprocity}",
        f"{figures.components} connected group(s)"
        + (" (some organisations have no path to the others)" if figures.components > 1 else ""),
    ]


def change_lines(changes: MapChanges) -> list[str]:
    """Ties gained and lost between two rounds, and the density change, in words."""
    counts = changes.ties["change"].value_counts()
    before, after = changes.before.info.label, changes.after.info.label
    delta = changes.changes.density_change
    moved = "no change" if math.isnan(delta) else f"{100 * delta:+.1f} percentage points"
    return [
        f"{int(counts.get(NEW, 0))} new ties and {int(counts.get(LOST, 0))} lost since {before}",
        f"density {moved} ({before} → {after})",
    ]


def tie_table(found: RoundMap, confirmed_only: bool = False) -> pd.DataFrame:
    """Every tie (or only those both sides named): From, To, Confirmed by both."""
    names = found.names()
    ties = found.ties[found.ties["confirmed"]] if confirmed_only else found.ties
    if confirmed_only:
        ties = ties[ties["source"] < ties["target"]]
    return pd.DataFrame(
        {
            "From": [names[s] for s in ties["source"]],
            "To": [names[t] for t in ties["target"]],
            "Confirmed by both": ["yes" if c else "" for c in ties["confirmed"]],
        }
    )


def change_table(changes: MapChanges) -> pd.DataFrame:
    """New and lost ties between two rounds: From, To, Change."""
    names = {**changes.before.names(), **changes.after.names()}
    moved = changes.ties[changes.ties["change"] != "kept"]
    return pd.DataFrame(
        {
            "From": [names[s] for s in moved["source"]],
            "To": [names[t] for t in moved["target"]],
            "Change": moved["change"].tolist(),
        }
    )


NO_TYPE = "Type not given"


def types(found: RoundMap) -> list[str]:
    """The organisation types on a round's map, for a filter ("Type not given" last)."""
    given = sorted({t for t in found.organisations["type"] if t}, key=str.casefold)
    return given + ([NO_TYPE] if found.organisations["type"].isna().any() else [])


def map_nodes(
    found: RoundMap, chosen_types: Collection[str] | None = None, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The organisations to draw (of the chosen types), with the words their tooltips show."""
    table = found.organisations if table is None else table
    if chosen_types is not None:
        table = table[table["type"].fillna(NO_TYPE).isin(set(chosen_types))]
    return pd.DataFrame(
        {
            "organisation_id": table["organisation_id"].astype("int64"),
            "name": table["name"].astype("object"),
            "x": table["x"].astype("float64"),
            "y": table["y"].astype("float64"),
            "named_by": table["named_by"].astype("int64"),
            "type": table["type"].astype("object"),
            "Organisation": table["name"].astype("object"),
            "Type": table["type"].fillna(NO_TYPE).astype("object"),
            "Named by": table["named_by"].astype("int64"),
            "Names": table["names"].astype("int64"),
            "Respondents": [
                str(respondents(n, s, found.min_size))
                for n, s in zip(table["respondents"], table["respondents_status"], strict=True)
            ],
            "Position": [POSITION_WORDS.get(p, "") for p in table["position"]],
            "Answered": ["yes" if a else "no" for a in table["answered"]],
        }
    ).reset_index(drop=True)


def map_ties(found: RoundMap, nodes: pd.DataFrame, confirmed_only: bool = False) -> pd.DataFrame:
    """The ties between the organisations drawn (only those both sides named, once per pair,
    with ``confirmed_only``): source, target, change ("tie")."""
    ties = found.ties
    shown = set(nodes["organisation_id"])
    keep = ties["source"].isin(shown) & ties["target"].isin(shown)
    if confirmed_only:
        keep &= ties["confirmed"] & (ties["source"] < ties["target"])
    return ties.loc[keep, ["source", "target"]].assign(change="tie").reset_index(drop=True)


def change_nodes_and_ties(
    changes: MapChanges, chosen_types: Collection[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both rounds' organisations and every tie of either, marked new, lost or kept."""
    nodes = map_nodes(changes.after, chosen_types, changes.organisations)
    shown = set(nodes["organisation_id"])
    ties = changes.ties
    keep = ties["source"].isin(shown) & ties["target"].isin(shown)
    return nodes, ties.loc[keep, ["source", "target", "change"]].reset_index(drop=True)


# Questions for the room beside the map (the workshop, the deck and the report).
PROMPTS = (
    "Who is on the edge of the map, and what would draw them in?",
    "Which organisation holds the network together, and what happens if it steps back?",
    "Which ties matter most to the people we serve, and which are missing?",
)


def broker_line(found: RoundMap) -> str:
    """The organisations whose departure would cut others off, with coverage's caution."""
    if found.coverage.level == graph.WITHHELD:
        return (
            f"Bridging organisations are not named: under {graph.WITHHELD_BELOW}% of the member "
            "organisations answered."
        )
    table = found.organisations
    names = sorted(table.loc[table["broker"].fillna(False).astype(bool), "name"], key=str.casefold)
    if not names:
        line = "No single organisation's departure would cut others off from the network."
    else:
        line = (
            "Were any of these to leave, some organisations would lose every path to the "
            f"rest: {', '.join(names)}."
        )
    if found.coverage.level == graph.CAUTION:
        line += " Read with caution: some organisations did not answer."
    return line
