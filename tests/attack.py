"""The attacker's tools: rounds built by hand or at random, imported through the real store;
every figure a page, chart, export or the command line publishes, collected as (what it
describes, value); and the checks a careful reader would run on them.

What a figure describes is worked out here, independently of the code under test: from the
people and answers the test itself made up. A published count is then checked (1) to equal
that independent count, and (2) together with every other published count of the same round,
by linear algebra: no sum or difference of published counts may give the number of people in a
set of 1..k-1 (the generalised complement attack, over every total and its parts at once).
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from unittest import mock

import numpy as np
import pandas as pd

from carenet_dash import analysis, charts, cli, disclosure, present
from carenet_dash.instrument import parse_instrument
from carenet_dash.responses import Responses
from carenet_dash.store import queries, redaction, writes

NA = "NA"  # a "Don't know" answer in the people the tests make up

AGREE = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
TEN = ["Not at all", *[str(v) for v in range(1, 10)], "Completely"]
OFTEN = ["Never", "Rarely", "Often", "Always"]
AMOUNT = ["None", "Some", "Most", "All"]  # one item's own words on the 4-point scale

DEFINITION = {
    "id": "attack",
    "version": 1,
    "name": "Attack instrument",
    "scale": {"labels": AGREE, "not_applicable": ["Don't know"]},
    "dimensions": [
        {
            "id": "a",
            "name": "Agreement",
            "items": [
                {"id": "a1", "text": "First agreement statement."},
                {"id": "a2", "text": "Second, worded negatively.", "reverse": True},
                {"id": "a3", "text": "Third agreement statement."},
            ],
        },
        {
            "id": "b",
            "name": "Ten points",
            "scale": {
                "labels": TEN,
                "values": list(range(11)),
                "not_applicable": ["Don't know"],
            },
            "items": [
                {"id": "b1", "text": "First ten-point statement."},
                {"id": "b2", "text": "Second ten-point statement.", "reverse": True},
            ],
        },
        {
            "id": "c",
            "name": "Four points",
            "scale": {"labels": OFTEN, "not_applicable": ["Don't know"]},
            "items": [
                {"id": "c1", "text": "First four-point statement."},
                {"id": "c2", "text": "Second four-point statement.", "labels": AMOUNT},
            ],
        },
    ],
    "segments": [
        {"id": "member_type", "question": "Who are you?", "options": ["X", "Y", "Z"]},
        {"id": "years", "question": "How long?", "options": ["New", "Some", "Long"]},
    ],
    "open_questions": [
        {"id": "comments", "question": "Anything else?"},
        {"id": "b_comments", "question": "About ten points?", "dimension": "b"},
    ],
}
INSTRUMENT = parse_instrument(DEFINITION)

# The test's own view of the instrument: never read back from the code under test.
DIMENSIONS = {d["id"]: [i["id"] for i in d["items"]] for d in DEFINITION["dimensions"]}
DIMENSION_OF = {i: d for d, items in DIMENSIONS.items() for i in items}
REVERSE = {i["id"] for d in DEFINITION["dimensions"] for i in d["items"] if i.get("reverse")}
SCALE_VALUES = {"a": [1, 2, 3, 4, 5], "b": list(range(11)), "c": [1, 2, 3, 4]}
DIMENSION_WORDS = {"a": AGREE, "b": TEN, "c": OFTEN}
ITEM_WORDS = {i: DIMENSION_WORDS[DIMENSION_OF[i]] for i in DIMENSION_OF} | {"c2": AMOUNT}
SEGMENTS = {"member_type": ["X", "Y", "Z"], "years": ["New", "Some", "Long"]}
NOT_STATED = "Not stated"
NAMES = {d["id"]: d["name"] for d in DEFINITION["dimensions"]}


@dataclass
class Person:
    """One respondent as the test made them up: their groups (None: not stated), answers
    (a number, NA, or absent) and comments."""

    pid: int
    groups: dict[str, str | None]
    answers: dict[str, int | str]
    comments: dict[str, str] = field(default_factory=dict)

    def group(self, segment: str) -> str:
        return self.groups.get(segment) or NOT_STATED

    def scored(self, item: str) -> float | None:
        """The answer as scored: a reverse item turned round on its scale."""
        given = self.answers.get(item)
        if given is None or given == NA:
            return None
        values = SCALE_VALUES[DIMENSION_OF[item]]
        return float(values[0] + values[-1] - given) if item in REVERSE else float(given)

    def score(self, dimension: str) -> float | None:
        """The dimension score: the mean of the scored answers, counted at half the items."""
        found = [s for i in DIMENSIONS[dimension] if (s := self.scored(i)) is not None]
        needed = (len(DIMENSIONS[dimension]) + 1) // 2
        return sum(found) / len(found) if len(found) >= needed else None


def responses_of(people: list[Person]) -> Responses:
    respondents = pd.DataFrame(
        {
            "source_hash": [f"p{p.pid}" for p in people],
            **{s: pd.Series([p.groups.get(s) for p in people], dtype="object") for s in SEGMENTS},
        }
    )
    rows = [
        (row, item, None if value == NA else int(value), value == NA)
        for row, person in enumerate(people)
        for item, value in person.answers.items()
    ]
    answers = pd.DataFrame(
        {
            "row": [r[0] for r in rows],
            "item_id": [r[1] for r in rows],
            "score": pd.array([r[2] for r in rows], dtype="Int8"),
            "not_applicable": [r[3] for r in rows],
        }
    )
    comments = pd.DataFrame(
        [(row, q, t) for row, p in enumerate(people) for q, t in p.comments.items()],
        columns=["row", "question_id", "text"],
    )
    return Responses(respondents=respondents, answers=answers, comments=comments)


@dataclass
class Stored:
    """A network the test wrote: its record, its rounds (oldest first) and their people."""

    network: queries.NetworkInfo
    rounds: list[queries.RoundInfo]
    people: list[list[Person]]
    k: int
    comment_k: int

    def index_of(self, label: str) -> int:
        return next(i for i, r in enumerate(self.rounds) if r.label == label)


def store(
    engine, name: str, rounds: list[list[Person]], k: int, comment_k: int | None = None
) -> Stored:
    ids = [
        writes.import_round(
            engine,
            writes.RoundMeta(network=name, label=f"R{number}"),
            INSTRUMENT,
            responses_of(people),
        )
        for number, people in enumerate(rounds, start=1)
    ]
    network = queries.network_by_name(engine, name)
    writes.set_min_group_size(engine, network.id, k)
    redaction.set_comment_min_size(engine, network.id, comment_k)
    network = queries.network_by_name(engine, name)
    found = [queries.round_by_id(engine, i) for i in ids]
    return Stored(network, found, rounds, k, max(comment_k or k, k))


# --- what a figure describes, worked out independently --------------------------------------

# The kinds of atoms a count is over: people of a round (P), people counted in a dimension (D),
# answers (A). Figures of different kinds or dimensions never add up to one another.
SPACE = {
    "round_n": "P",
    "comment_group": "P",
    "dim_n": "D",
    "group_n": "D",
    "spread": "D",
    "item_n": "A",
    "item_bin": "A",
    "item_na": "A",
    "dim_bin": "A",
    "dim_answers": "A",
    "dim_na": "A",
    "share": "A",
}


class Truth:
    """The atoms behind each published figure, from the people the test made up."""

    def __init__(self, stored: Stored):
        self.rounds = stored.people

    def atoms(self, identity: tuple) -> frozenset:
        kind = identity[0]
        if SPACE[kind] == "P":
            return self._people(identity)
        if SPACE[kind] == "D":
            return self._counted(identity)
        return self._answers(identity)

    def _people(self, identity: tuple) -> frozenset:
        people = self.rounds[identity[1]]
        if identity[0] == "round_n":
            return frozenset((p.pid,) for p in people)
        segment, group = identity[2:]
        return frozenset((p.pid,) for p in people if p.group(segment) == group)

    def _counted(self, identity: tuple) -> frozenset:
        """People counted in a dimension (the half rule), by group or by score band."""
        kind, people = identity[0], self.rounds[identity[1]]
        dimension = identity[2] if kind == "spread" else identity[-1]
        counted = [p for p in people if p.score(dimension) is not None]
        if kind == "group_n":
            counted = [p for p in counted if p.group(identity[2]) == identity[3]]
        if kind == "spread":
            start, end = identity[3], identity[4]
            top = SCALE_VALUES[dimension][-1]
            counted = [
                p
                for p in counted
                if start <= p.score(dimension) < end or (end == top and p.score(dimension) == top)
            ]
        return frozenset((p.pid, dimension) for p in counted)

    def _answers(self, identity: tuple) -> frozenset:
        """Answers: scored ones as (person, item), not-applicable ones as (person, item, NA)."""
        kind, people = identity[0], self.rounds[identity[1]]
        if kind in ("item_na", "dim_na"):
            items = [identity[2]] if kind == "item_na" else DIMENSIONS[identity[2]]
            return frozenset(
                (p.pid, i, NA) for p in people for i in items if p.answers.get(i) == NA
            )
        if kind in ("item_n", "item_bin"):
            item = identity[2]
            low, high = identity[3:] if kind == "item_bin" else (-math.inf, math.inf)
            # Item bins hold answers as given.
            return frozenset(
                (p.pid, item)
                for p in people
                if p.scored(item) is not None and low <= p.answers[item] <= high
            )
        if kind == "share":
            return self._share(identity)
        low, high = identity[3:] if kind == "dim_bin" else (-math.inf, math.inf)
        # A dimension's bins hold answers scored (reverse items turned round).
        return frozenset(
            (p.pid, item)
            for p in people
            for item in DIMENSIONS[identity[2]]
            if (s := p.scored(item)) is not None and low <= s <= high
        )

    def _share(self, identity: tuple) -> frozenset:
        """The answers a share counts: a dimension's scored answers on one side of the middle;
        an item's answers as given, so a reverse item's favourable ones are its scored high
        ones too."""
        scope, where, which = identity[2:]
        items = DIMENSIONS[where] if scope == "dimension" else [where]
        values = SCALE_VALUES[DIMENSION_OF[items[0]]]
        middle = (values[0] + values[-1]) / 2
        side = {"favourable_pct": 1, "neutral_pct": 0, "unfavourable_pct": -1}[which]
        return frozenset(
            (p.pid, item)
            for p in self.rounds[identity[1]]
            for item in items
            if (s := p.scored(item)) is not None and np.sign(s - middle) == side
        )

    def mean(self, identity: tuple) -> float:
        kind, number = identity[0], identity[1]
        people = self.rounds[number]
        atoms = self.atoms(identity)
        if kind in ("dim_n", "group_n"):
            dimension = identity[-1]
            scores = [p.score(dimension) for p in people if (p.pid, dimension) in atoms]
        elif kind == "item_n":
            scores = [p.scored(identity[2]) for p in people if (p.pid, identity[2]) in atoms]
        else:
            raise ValueError(f"no mean for {identity}")
        return sum(scores) / len(scores)

    def share(self, identity: tuple) -> float:
        scope, where, _ = identity[2:]
        total = (
            self.atoms(("dim_answers", identity[1], where))
            if scope == "dimension"
            else self.atoms(("item_n", identity[1], where))
        )
        return 100.0 * len(self.atoms(identity)) / len(total)

    def people(self, identity: tuple) -> int:
        return len({atom[0] for atom in self.atoms(identity)})


# --- the haul of published figures ------------------------------------------------------------


@dataclass
class Haul:
    """Every figure collected: (what it describes, what kind of value, value, tolerance,
    where it was read)."""

    facts: list[tuple[tuple, str, float, float, str]] = field(default_factory=list)
    tags: list[tuple[int, str, pd.DataFrame]] = field(default_factory=list)

    def count(self, identity: tuple, value: object, where: str) -> None:
        """A published count (NaN or None: not published, nothing learnt)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        self.facts.append((identity, "count", float(value), 0.0, where))

    def mean(self, identity: tuple, value: object, where: str, tolerance: float = 1e-9) -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        self.facts.append((identity, "mean", float(value), tolerance, where))

    def share(self, identity: tuple, value: object, where: str) -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        self.facts.append((identity, "share", float(value), 1e-9, where))

    def status(self, identity: tuple, status: str, value: object, where: str) -> None:
        """A figure with its status: its value when shown, 0 when "no data" (nobody)."""
        if status == disclosure.NO_DATA:
            self.count(identity, 0, where)
        elif status == disclosure.SHOWN:
            self.count(identity, value, where)


def check(haul: Haul, truth: Truth, k: int, comment_k: int) -> None:
    """Every published figure equals the independent computation; no sum or difference of
    published counts describes 1..k-1 people; every comment tag covers 0 or >= comment_k."""
    for identity, kind, value, tolerance, where in haul.facts:
        if kind == "count":
            expected: float = len(truth.atoms(identity))
        elif kind == "mean":
            expected = truth.mean(identity)
        else:
            expected = truth.share(identity)
        assert abs(value - expected) <= tolerance + 1e-9, (where, identity, value, expected)
    families: dict[tuple, set[frozenset]] = defaultdict(set)
    for identity, _kind, _value, _tolerance, _where in haul.facts:
        space = SPACE[identity[0]]
        atoms = truth.atoms(identity)
        # Different dimensions' atoms never mix: attack each dimension on its own.
        scope = None if space == "P" else _dimension_of(identity)
        families[(identity[1], space, scope)].add(atoms)
    for family, sets in families.items():
        found = derivable_small_set(list(sets), k)
        assert found is None, (family, sorted(found, key=str))
    for number, segment, comments in haul.tags:
        check_tags(truth.rounds[number], segment, comments, comment_k)


def _dimension_of(identity: tuple) -> str:
    kind = identity[0]
    if kind in ("dim_n", "dim_bin", "dim_answers", "dim_na", "spread"):
        return identity[2]
    if kind == "group_n":
        return identity[4]
    if kind == "share":
        return identity[3] if identity[2] == "dimension" else DIMENSION_OF[identity[3]]
    return DIMENSION_OF[identity[2]]


def derivable_small_set(sets: list[frozenset], k: int) -> frozenset | None:
    """A set of atoms about 1..k-1 people whose count follows from the published sets' counts
    by sums and differences; None when there is none. An independent search (numpy only):
    atoms grouped by which published sets hold them, then every union of small groups is
    tested for lying in the span of the published sets."""
    atoms = sorted(set().union(*sets), key=str) if sets else []
    if not atoms:
        return None
    signature: dict[object, tuple] = {atom: tuple(atom in s for s in sets) for atom in atoms}
    cells: dict[tuple, list] = defaultdict(list)
    for atom, key in signature.items():
        cells[key].append(atom)
    keys = list(cells)
    matrix = np.array([[1.0 if key[i] else 0.0 for key in keys] for i in range(len(sets))])
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    basis = vt[singular > 1e-9 * max(1.0, singular.max())]
    people = [{atom[0] for atom in cells[key]} for key in keys]
    small = [i for i, who in enumerate(people) if 0 < len(who) < k]
    found: list[frozenset] = []

    def in_span(chosen: list[int]) -> bool:
        vector = np.zeros(len(keys))
        vector[chosen] = 1.0
        return bool(np.abs(vector - basis.T @ (basis @ vector)).max() < 1e-7)

    def search(start: int, chosen: list[int], who: set) -> None:
        for position in range(start, len(small)):
            cell = small[position]
            together = who | people[cell]
            if found or len(together) >= k:
                continue
            if in_span([*chosen, cell]):
                found.append(frozenset(a for c in [*chosen, cell] for a in cells[keys[c]]))
                return
            search(position + 1, [*chosen, cell], together)

    search(0, [], set())
    return found[0] if found else None


def check_tags(people: list[Person], segment: str, comments: pd.DataFrame, comment_k: int) -> None:
    """Rule 7: each comment's tag names its writer's group only when that group has at least
    comment_k respondents; every comment not named reads "Other groups", and those writers'
    groups together hold 0 or >= comment_k respondents (or no group is named at all)."""
    writer = {c: p for p in people for c in p.comments.values()}
    named = {t for t in comments["group"] if t != disclosure.OTHER_GROUPS}
    assert "" not in set(comments["group"])
    sizes = defaultdict(int)
    for person in people:
        sizes[person.group(segment)] += 1
    for text, tag in zip(comments["text"], comments["group"], strict=True):
        group = writer[text].group(segment)
        if tag != disclosure.OTHER_GROUPS:
            assert tag == group, (text, tag, group)
        elif group in named:
            raise AssertionError(f"{text!r} is from named group {group} but reads Other groups")
    for group in named:
        assert sizes[group] >= comment_k, (segment, group, sizes[group])
    others = sum(size for group, size in sizes.items() if group not in named)
    assert others == 0 or others >= comment_k or not named, (segment, named, others)


# --- reading every surface --------------------------------------------------------------------


def records(spec: dict) -> list[dict]:
    """Every row of every dataset in a Vega-Lite spec (what the browser receives)."""
    found = [row for rows in spec.get("datasets", {}).values() for row in rows]
    return found


COUNT_FIELDS = {"n", "n_before", "n_after", "respondents", "answers", "count", "not_applicable"}


def _words_to_range(label: str, words: list[str], values: list[int]) -> tuple[int, int]:
    """A bin's label in the scale's words back to its values ("Agree – Strongly agree")."""
    parts = label.split(" – ")
    found = [values[words.index(p)] for p in parts]
    return found[0], found[-1]


def read_chart(spec: dict, haul: Haul, where: str, read) -> None:
    """Every row of a chart's data through ``read(row) -> set of fields consumed``: a count
    field the reader did not account for fails the test (a figure nobody checked)."""
    for row in records(spec):
        used = read(row) or set()
        loose = {f for f in COUNT_FIELDS & set(row) if row[f] is not None} - used
        assert not loose, (where, row)


def stdout_of(arguments: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(arguments)
    assert code == 0, err.getvalue()
    return out.getvalue()


def parse_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def cell_number(cell: str) -> float | None:
    """A table or CSV cell as a number, or None for words ("fewer than 5 responses")."""
    try:
        return float(cell)
    except ValueError:
        return None


def html_tables(text: str) -> list[pd.DataFrame]:
    """The tables of an HTML report (as exports.html writes them), cells unescaped."""
    found = []
    for table in re.findall(r"<table>(.*?)</table>", text, flags=re.S):
        head = [html.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)]
        body = re.findall(r"<tr>((?:<td>.*?</td>)+)</tr>", table, flags=re.S)
        rows = [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)] for r in body]
        found.append(pd.DataFrame(rows, columns=head))
    return found


DIMENSION_OF_NAME = {name: d for d, name in NAMES.items()}


def collect(engine, stored: Stored, haul: Haul, *, exports: bool = True) -> None:
    """Read every figure the pages, charts, command line and exports publish for a network."""
    Attacker(engine, stored, haul).collect(exports=exports)


@dataclass
class Attacker:
    """Reads one network's published figures from every surface into a haul."""

    engine: object
    stored: Stored
    haul: Haul

    @property
    def k(self) -> int:
        return self.stored.k

    def collect(self, *, exports: bool) -> None:
        rounds = self.stored.rounds
        for number in range(len(rounds)):
            self.round(number)
        self.trend()
        for row in analysis.round_list(rounds, self.k).to_dict("records"):
            where = self.stored.index_of(row["round"])
            self.haul.count(("round_n", where), row["respondents"], "round list")
        for before in range(len(rounds) - 1):
            self.pair(before, before + 1)
        self.cli()
        if exports:
            for number in range(len(rounds)):
                self.exports(number)

    # --- one round: scorecard, statements, spread, segments, comments ------------------------

    def round(self, number: int) -> None:
        haul, info = self.haul, self.stored.rounds[number]
        card = analysis.scorecard(self.engine, info.id, self.k)
        for row in card.to_dict("records"):
            self.card_row(number, row)

        def dimension_row(row):
            if "mean" in row and row.get("n") is not None:
                d = DIMENSION_OF_NAME[row["dimension"]]
                haul.count(("dim_n", number, d), row["n"], "scorecard chart")
                haul.mean(("dim_n", number, d), row["mean"], "scorecard chart mean")
                return {"n"}
            return set()

        spec = charts.scorecard(card, self.k).to_dict(validate=False)
        read_chart(spec, haul, "scorecard chart", dimension_row)
        for d in DIMENSIONS:
            self.items(number, d)
            status = card.set_index("dimension_id").loc[d, "status"]
            self.spread(number, d, status)
        for segment in SEGMENTS:
            cells = analysis.segment_scores(self.engine, info.id, segment, self.k)
            for row in cells.to_dict("records"):
                identity = ("group_n", number, segment, row["group"], row["dimension_id"])
                haul.status(identity, row["status"], row["n"], "segment scores")
                haul.mean(identity, row["mean"], "segment mean")
            self.segment_charts(cells, number, segment, change=False)
            found = analysis.round_comments(self.engine, info.id, self.k, segment)
            if found.refused is not None:
                assert found.comments.empty
                continue
            for row in found.groups.to_dict("records"):
                identity = ("comment_group", number, segment, row["group"])
                haul.status(identity, row["status"], row["n"], "comment groups")
            haul.tags.append((number, segment, found.comments))

    def card_row(self, number: int, row: dict) -> None:
        haul, d = self.haul, row["dimension_id"]
        haul.status(("dim_n", number, d), row["status"], row["n"], "scorecard")
        if row["status"] != disclosure.SHOWN:
            assert row["bins"] == []
            assert math.isnan(row["mean"])
            return
        haul.mean(("dim_n", number, d), row["mean"], "scorecard mean")
        haul.count(("dim_answers", number, d), row["answers"], "scorecard answers")
        haul.count(("dim_na", number, d), row["not_applicable"], "scorecard not applicable")
        for which in ("favourable_pct", "neutral_pct", "unfavourable_pct"):
            haul.share(("share", number, "dimension", d, which), row[which], f"card {which}")
        for found in row["bins"]:
            identity = ("dim_bin", number, d, found["low"], found["high"])
            haul.count(identity, found["count"], "scorecard bins")
        if number > 0:
            haul.count(("dim_n", number - 1, d), row["previous_n"], "scorecard previous n")
            haul.mean(("dim_n", number - 1, d), row["previous_mean"], "scorecard previous mean")

        def answer_bin(chart_row):
            low, high = _words_to_range(chart_row["answer"], DIMENSION_WORDS[d], SCALE_VALUES[d])
            haul.count(("dim_bin", number, d, low, high), chart_row["answers"], "answer chart")
            return {"answers"}

        spec = charts.answer_distribution(row).to_dict(validate=False)
        read_chart(spec, haul, "answer distribution", answer_bin)

    def items(self, number: int, d: str) -> None:
        haul, info = self.haul, self.stored.rounds[number]
        items = present.labelled_items(analysis.dimension_items(self.engine, info.id, d, self.k))
        for row in items.to_dict("records"):
            item = row["item_id"]
            haul.status(("item_n", number, item), row["status"], row["n"], "dimension items")
            if row["status"] == disclosure.SHOWN:
                haul.mean(("item_n", number, item), row["mean"], "item mean")
                # Shares of answers as given: a reverse item's favourable answers are its low
                # ones, which are its high ones scored (what Truth counts).
                for which in ("favourable_pct", "neutral_pct", "unfavourable_pct"):
                    haul.share(("share", number, "item", item, which), row[which], "item share")
            for found in row["bins"]:
                identity = ("item_bin", number, item, found["low"], found["high"])
                haul.count(identity, found["count"], "item bins")
            identity = ("item_na", number, item)
            haul.status(identity, row["na_status"], row["not_applicable"], "item na")
        labels = zip(items["label"], items["item_id"], strict=True)
        where_of = {label: (number, item) for label, item in labels}
        spec = charts.item_bars(items, self.k).to_dict(validate=False)
        read_chart(spec, haul, "item bars", self.item_bar_reader(where_of))

    def item_bar_reader(self, where_of: dict[str, tuple[int, str]]):
        haul = self.haul

        def read(row):
            if row.get("label") not in where_of:
                return set()  # the zero line
            number, item = where_of[row["label"]]
            if "answer" in row:
                values = SCALE_VALUES[DIMENSION_OF[item]]
                low, high = _words_to_range(row["answer"], ITEM_WORDS[item], values)
                haul.count(("item_bin", number, item, low, high), row["answers"], "item bar")
                return {"answers"}
            if "na_text" in row:
                haul.count(("item_na", number, item), row["not_applicable"], "item bar na")
                return {"not_applicable"}
            return set()

        return read

    def spread(self, number: int, d: str, status: str) -> None:
        haul, info = self.haul, self.stored.rounds[number]
        spread = analysis.dimension_spread(self.engine, info.id, d, self.k)
        for row in spread.to_dict("records"):
            if row["status"] == disclosure.SHOWN:
                identity = ("spread", number, d, row["start"], row["end"])
                haul.count(identity, row["respondents"], "spread")
            else:
                assert math.isnan(row["respondents"])
        if status != disclosure.SHOWN:
            return

        def read(row):
            if "respondents" in row:
                identity = ("spread", number, d, row["start"], row["end"])
                haul.count(identity, row["respondents"], "spread chart")
                return {"respondents"}
            return set()

        read_chart(
            charts.spread_histogram(spread, None, False).to_dict(validate=False),
            haul,
            "spread",
            read,
        )

    def segment_charts(self, cells, number: int, segment: str, *, change: bool) -> None:
        haul = self.haul
        labelled = present.segment_cells(cells, self.k, change=change)
        pattern = re.compile(r"\(n (\d+)→(\d+)\)" if change else r"\(n=(\d+)\)")

        def read(row):
            found = pattern.search(row.get("label") or "")
            if found:
                d = DIMENSION_OF_NAME[row["dimension"]]
                sides = (
                    [(number - 1, found[1]), (number, found[2])] if change else [(number, found[1])]
                )
                for where, value in sides:
                    haul.count(("group_n", where, segment, row["group"], d), value, "heatmap")
            return set()

        read_chart(
            charts.segment_heatmap(labelled, "legend").to_dict(validate=False),
            haul,
            "heatmap",
            read,
        )
        if change:
            return
        for d in DIMENSIONS:

            def dots(row, d=d):
                if row.get("group") is not None and row.get("n") is not None:
                    identity = ("group_n", number, segment, row["group"], d)
                    haul.count(identity, row["n"], "group dots")
                    haul.mean(identity, row["mean"], "group dots mean")
                    return {"n"}
                return set()

            rows = analysis.for_dimension(cells, d)
            spec = charts.group_dots(rows, self.k).to_dict(validate=False)
            read_chart(spec, haul, "dots", dots)

    # --- every round: the trend ---------------------------------------------------------------

    def trend(self) -> None:
        haul, stored = self.haul, self.stored
        trend = analysis.trend(self.engine, stored.network.id, self.k)
        for row in trend.to_dict("records"):
            number = stored.index_of(row["round"])
            identity = ("dim_n", number, row["dimension_id"])
            haul.status(identity, row["status"], row["n"], "trend")
            haul.mean(identity, row["mean"], "trend mean")
            haul.count(("round_n", number), row["respondents"], "trend respondents")

        def line(row):
            if row.get("kind") == "line":
                identity = (
                    "dim_n",
                    stored.index_of(row["round"]),
                    DIMENSION_OF_NAME[row["dimension"]],
                )
                haul.count(identity, row["n"], "trend chart")
                haul.mean(identity, row["mean"], "trend chart mean")
                return {"n"}
            return set()

        read_chart(charts.trend_lines(trend).to_dict(validate=False), haul, "trend", line)
        for d in DIMENSIONS:

            def point(row, d=d):
                if row.get("n") is not None and "mean" in row:
                    identity = ("dim_n", stored.index_of(row["round"]), d)
                    haul.count(identity, row["n"], "round by round")
                    return {"n"}
                return set()

            history = analysis.for_dimension(trend, d)
            spec = charts.dimension_trend(history, self.k).to_dict(validate=False)
            read_chart(spec, haul, "dimension trend", point)

        def bars(row):
            haul.count(("round_n", stored.index_of(row["round"])), row["respondents"], "responses")
            return {"respondents"}

        responses = analysis.round_responses(trend)
        read_chart(
            charts.responses_per_round(responses).to_dict(validate=False), haul, "responses", bars
        )

    # --- two rounds side by side ----------------------------------------------------------------

    def pair(self, before: int, after: int) -> None:
        haul, k = self.haul, self.k
        first, second = self.stored.rounds[before], self.stored.rounds[after]
        changes = analysis.compare_rounds(self.engine, first.id, second.id, k)
        for row in changes.to_dict("records"):
            for number, side in ((before, "_before"), (after, "_after")):
                identity = ("dim_n", number, row["dimension_id"])
                haul.status(identity, row[f"status{side}"], row[f"n{side}"], "compare")
                haul.mean(identity, row[f"mean{side}"], "compare mean")
            if row["status"] != disclosure.SHOWN:
                assert row["verdict"] is None
                assert math.isnan(row["change"])

        def dumbbell(row):
            if "n_before" in row:
                d = DIMENSION_OF_NAME[row["dimension"]]
                haul.count(("dim_n", before, d), row["n_before"], "dumbbell")
                haul.count(("dim_n", after, d), row["n_after"], "dumbbell")
                return {"n_before", "n_after"}
            return set()

        spec = charts.dumbbell(changes, first.label, second.label, k)
        read_chart(spec.to_dict(validate=False), haul, "dumbbell", dumbbell)
        items = analysis.item_changes(self.engine, first.id, second.id, k)
        for row in items.to_dict("records"):
            item = row["item_id"]
            for number, side, prefix in (
                (before, "_before", "before_"),
                (after, "_after", "after_"),
            ):
                identity = ("item_n", number, item)
                haul.status(identity, row[f"status{side}"], row[f"n{side}"], "item changes")
                for found in row[f"{prefix}bins"]:
                    identity = ("item_bin", number, item, found["low"], found["high"])
                    haul.count(identity, found["count"], "item changes bins")
                na = row[f"{prefix}not_applicable"]
                haul.count(("item_na", number, item), na, "item changes na")
        rows = present.distribution_rows(items, first.label, second.label)
        where_of = {}
        for position, row in enumerate(items.to_dict("records")):
            where_of[rows["label"].iloc[2 * position]] = (before, row["item_id"])
            where_of[rows["label"].iloc[2 * position + 1]] = (after, row["item_id"])
        spec = charts.item_bars(rows, k).to_dict(validate=False)
        read_chart(spec, haul, "compare bars", self.item_bar_reader(where_of))
        for segment in SEGMENTS:
            cells = analysis.segment_changes(self.engine, first.id, second.id, segment, k)
            for row in cells.to_dict("records"):
                for number, side in ((before, "_before"), (after, "_after")):
                    identity = ("group_n", number, segment, row["group"], row["dimension_id"])
                    haul.status(identity, row[f"status{side}"], row[f"n{side}"], "changes")
                    haul.mean(identity, row[f"mean{side}"], "segment changes mean")
            self.segment_charts(cells, after, segment, change=True)

    # --- the command line -----------------------------------------------------------------------

    def cli(self) -> None:
        stored = self.stored
        db = ["--db", self.engine.url.render_as_string(hide_password=False)]
        name = stored.network.name
        found = parse_csv(stdout_of([*db, "scores", "--network", name, "--format", "csv"]))
        for row in found.to_dict("records"):
            identity = ("dim_n", stored.index_of(row["round"]), row["dimension_id"])
            self.cli_figure(identity, row, "n", "mean", row["status"])
        for info in stored.rounds:
            number = stored.index_of(info.label)
            for segment in SEGMENTS:
                command = [*db, "segments", "--network", name, "--round", info.label]
                rows = parse_csv(stdout_of([*command, "--segment", segment, "--format", "csv"]))
                assert list(rows.columns[:9]) == analysis.SEGMENT_COLUMNS
                for row in rows.to_dict("records"):
                    identity = ("group_n", number, segment, row["group"], row["dimension_id"])
                    self.cli_figure(identity, row, "n", "mean", row["status"])
        for first, second in zip(stored.rounds, stored.rounds[1:], strict=False):
            command = [*db, "compare", "--network", name, "--round", second.label]
            rows = parse_csv(stdout_of([*command, "--with", first.label, "--format", "csv"]))
            assert list(rows.columns[:14]) == analysis.COMPARE_COLUMNS[:14]
            before, after = stored.index_of(first.label), stored.index_of(second.label)
            for row in rows.to_dict("records"):
                d = row["dimension_id"]
                self.cli_figure(("dim_n", before, d), row, "n_before", "mean_before", None)
                self.cli_figure(("dim_n", after, d), row, "n", "mean", None)
                assert row["status"] in ("shown", "hidden", "no_data")
                if row["status"] != "shown":
                    assert row["change"] == row["ci_low"] == row["ci_high"] == row["verdict"] == ""

    def cli_figure(self, identity: tuple, row: dict, n: str, mean: str, status: str | None) -> None:
        if status is not None:
            assert status in ("shown", "hidden", "no_data")
            if status == "no_data":
                self.haul.count(identity, 0, "cli")
        self.haul.count(identity, number_or_none(row[n]), "cli")
        self.haul.mean(identity, number_or_none(row[mean]), "cli mean", 5e-4)

    # --- the exports ----------------------------------------------------------------------------

    def exports(self, number: int) -> None:
        """The HTML report and the deck of a round: their tables, their text and the data of
        every chart they draw (captured on the way to the renderer, which is left out)."""
        from carenet_dash.exports import deck
        from carenet_dash.exports import html as html_export
        from carenet_dash.exports.report import build_report

        haul = self.haul
        report = build_report(
            self.engine, self.stored.network.name, self.stored.rounds[number].label
        )
        drawn: list[dict] = []

        def svg(chart):
            drawn.append(chart.to_dict(validate=False))
            return rendered("<svg/>")

        def png(chart, scale=2):
            drawn.append(chart.to_dict(validate=False))
            return rendered(tiny_png())

        with mock.patch.object(html_export, "svg", svg), mock.patch.object(deck, "png", png):
            text = html_export.render(report)
            slides = deck.build(report)
        _read_report_tables(html_tables(text), haul, number, "html")
        for d, body in re.findall(r'<section id="dimension-(\w+)">(.*?)</section>', text, re.S):
            found = re.search(r"n = (\d+) respondents", html.unescape(body))
            if found:
                haul.count(("dim_n", number, d), found[1], "html dimension")
        tables: list[pd.DataFrame] = []
        for slide in slides.slides:
            title = slide.shapes.title.text_frame.text if slide.shapes.title else ""
            for shape in slide.shapes:
                if shape.has_table:
                    cells = [[c.text_frame.text for c in row.cells] for row in shape.table.rows]
                    tables.append(pd.DataFrame(cells[1:], columns=cells[0]))
                elif shape.has_text_frame and title in DIMENSION_OF_NAME:
                    found = re.search(r"n = (\d+) respondents", shape.text_frame.text)
                    if found:
                        identity = ("dim_n", number, DIMENSION_OF_NAME[title])
                        haul.count(identity, found[1], "deck dimension")
        _read_report_tables(tables, haul, number, "deck")

        def any_row(row):
            used = set()
            if row.get("dimension") in DIMENSION_OF_NAME and row.get("n") is not None:
                # The trend chart carries every round's figures, each row its own round's.
                at = self.stored.index_of(row["round"]) if row.get("round") else number
                identity = ("dim_n", at, DIMENSION_OF_NAME[row["dimension"]])
                haul.count(identity, row["n"], "export chart")
                used.add("n")
            if "answer" in row and "answers" in row:
                used.add("answers")  # an answer chart: matched to the scorecard's bins below
            return used

        for spec in drawn:
            read_chart(spec, haul, "export chart", any_row)
        for d, row in report.card.set_index("dimension_id").iterrows():
            if row["status"] == disclosure.SHOWN:
                # Each answer chart drawn holds exactly the scorecard's published bins.
                assert any(_is_distribution_of(spec, row["bins"]) for spec in drawn), d


def number_or_none(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _is_distribution_of(spec: dict, bins: list[dict]) -> bool:
    rows = [r for r in records(spec) if "answer" in r and "side" in r]
    return [(r["answer"], r["answers"]) for r in rows] == [(b["label"], b["count"]) for b in bins]


def rendered(value: object) -> Future:
    """A chart rendering already done, as the exports' renderers hand one back."""
    done: Future = Future()
    done.set_result(value)
    return done


def tiny_png() -> bytes:
    """A valid 1x1 PNG, standing in for a chart the deck would render."""
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )


def _read_report_tables(
    tables: Iterable[pd.DataFrame], haul: Haul, number: int, where: str
) -> None:
    dimension_of_name = {v: d for d, v in NAMES.items()}
    for table in tables:
        if "Dimension" not in table.columns:
            continue
        for row in table.to_dict("records"):
            d = dimension_of_name.get(row["Dimension"])
            if d is None:
                continue
            if "n" in row:
                haul.count(("dim_n", number, d), cell_number(row["n"]), f"{where} table n")
            if "n before" in row and number > 0:
                haul.count(("dim_n", number - 1, d), cell_number(row["n before"]),
                           f"{where} n before")  # fmt: skip
            if "n before → now" in row:
                before, now = row["n before → now"].split(" → ")
                if number > 0:
                    haul.count(("dim_n", number - 1, d), cell_number(before), f"{where} before")
                haul.count(("dim_n", number, d), cell_number(now), f"{where} n now")
