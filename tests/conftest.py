"""Shared fixtures: a fresh migrated store per test, a small instrument, hand-made responses."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from carenet_dash import config
from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.instrument_files import get_instrument
from carenet_dash.responses import Responses
from carenet_dash.store import workshop_queries, writes
from carenet_dash.store.opening import dispose_engines, get_engine
from tests import pg

FIXTURES = Path(__file__).parent / "fixtures"

# Examples are judged by what they give, never by how long they take: on a busy two-core
# machine an example can be slow, and neither a deadline nor the too-slow check may fail it.
settings.register_profile("carenet", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("carenet")

MINI = {
    "id": "mini",
    "version": 1,
    "name": "Mini instrument",
    "scale": {
        "labels": [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ],
        "not_applicable": ["Don't know"],
    },
    "bands": {"strength": 4.0, "priority": 3.0},
    "dimensions": [
        {
            "id": "a",
            "name": "Dimension A",
            "items": [
                {"id": "a1", "text": "A first statement."},
                {"id": "a2", "text": "A second statement, worded negatively.", "reverse": True},
                {"id": "a3", "text": "A third statement."},
            ],
        },
        {
            "id": "b",
            "name": "Dimension B",
            "items": [
                {"id": "b1", "text": "B first statement."},
                {"id": "b2", "text": "B second statement."},
            ],
        },
    ],
    "segments": [{"id": "member_type", "question": "Who are you?", "options": ["X", "Y", "Z"]}],
    "open_questions": [
        {"id": "comments", "question": "Anything else?"},
        {"id": "b_comments", "question": "About B?", "dimension": "b"},
    ],
}


@pytest.fixture
def mini() -> Instrument:
    return parse_instrument(MINI)


@pytest.fixture
def network_health() -> Instrument:
    return get_instrument("network-health")


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite store in a temp folder, also set as CARENET_DB_URL and salt."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("CARENET_DB_URL", url)
    monkeypatch.setenv("CARENET_SALT", "test-salt")
    yield url
    dispose_engines()


@pytest.fixture
def store(store_url: str) -> Engine:
    return get_engine(store_url)


@pytest.fixture
def broken_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled instruments beside a broken file, an unreadable one and a duplicate id."""
    folder = tmp_path / "instruments"
    folder.mkdir()
    for path in config.INSTRUMENTS_DIR.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    text = (FIXTURES / "scales" / "own_survey.toml").read_text()
    (folder / "a_broken.toml").write_text(text.replace("version = 1", "version = 0"))
    (folder / "b_not_toml.toml").write_text("id = [")
    (folder / "z_same_id.toml").write_text(
        (config.INSTRUMENTS_DIR / "core_questionnaire.toml").read_text()
    )
    monkeypatch.setattr(config, "INSTRUMENTS_DIR", folder)
    return folder


def pytest_report_header() -> str:
    reason = pg.missing_reason()
    if reason is None:
        return f"postgresql: {pg.find_bin()} (a private cluster on a free local port)"
    verdict = "FAIL (CI must run them)" if pg.in_ci() else "are SKIPPED"
    return f"postgresql: {reason} -- PostgreSQL tests {verdict}"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """A private PostgreSQL server for the session: skipped (loudly) only outside CI."""
    reason = pg.missing_reason()
    if reason is not None:
        if pg.in_ci():
            pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL tests SKIPPED: {reason}")
    cluster = pg.Cluster(pg.find_bin())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: pg.Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty PostgreSQL database, also set as CARENET_DB_URL and salt."""
    url = pg_cluster.create_database()
    monkeypatch.setenv("CARENET_DB_URL", url)
    monkeypatch.setenv("CARENET_SALT", "test-salt")
    yield url
    dispose_engines()
    pg_cluster.drop_database(url)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def any_store_url(request: pytest.FixtureRequest) -> str:
    """A fresh store on each backend in turn: SQLite, then PostgreSQL."""
    return request.getfixturevalue("store_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def any_store(any_store_url: str) -> Engine:
    return get_engine(any_store_url)


def answers_frame(rows: list[tuple[int, str, float | None, bool]]) -> pd.DataFrame:
    """The long answers frame scoring takes: (respondent_id, item_id, score, not_applicable)."""
    frame = pd.DataFrame(rows, columns=["respondent_id", "item_id", "score", "not_applicable"])
    return frame.astype({"score": "Float64", "not_applicable": "bool"})


# The hand-computed case used across scoring tests (see test_scoring.py for the arithmetic).
HAND_ANSWERS = [
    (1, "a1", 5, False), (1, "a2", 2, False), (1, "a3", 4, False),
    (1, "b1", 3, False), (1, "b2", None, True),
    (2, "a1", 4, False), (2, "a2", None, True),
    (2, "b1", 2, False), (2, "b2", 4, False),
    (3, "a1", 1, False), (3, "a2", 5, False), (3, "a3", 2, False),
    (4, "a1", 3, False), (4, "b1", 5, False),
]  # fmt: skip


def make_responses(
    answers: list[tuple[int, str, float | None, bool]],
    segments: dict[int, str | None] | None = None,
    comments: list[tuple[int, str, str]] | None = None,
) -> Responses:
    """Responses from hand-written rows; respondent ids become rows 0..n-1 in order seen."""
    people = list(dict.fromkeys(r for r, *_ in answers))
    row_of = {person: i for i, person in enumerate(people)}
    respondents = pd.DataFrame({"source_hash": [f"h{p}" for p in people]})
    if segments is not None:
        respondents["member_type"] = pd.Series([segments.get(p) for p in people], dtype="object")
    long = pd.DataFrame(
        {
            "row": [row_of[r] for r, *_ in answers],
            "item_id": [i for _, i, _, _ in answers],
            "score": pd.array([s for _, _, s, _ in answers], dtype="Int8"),
            "not_applicable": [n for *_, n in answers],
        }
    )
    notes = pd.DataFrame(
        [(row_of[r], q, t) for r, q, t in (comments or [])], columns=["row", "question_id", "text"]
    )
    return Responses(respondents=respondents, answers=long, comments=notes)


# Maturity-matrix sessions on the mini instrument with level descriptors (analysis, charts).
LEVELS_A = [f"A is at level {i}." for i in range(1, 6)]


@pytest.fixture
def leveled():
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["levels"] = LEVELS_A
    data["maturity"] = {"level_names": ["One", "Two", "Three", "Four", "Five"]}
    return parse_instrument(data)


def import_round(engine, instrument, label, fielded_on, answers=HAND_ANSWERS) -> int:
    meta = writes.RoundMeta(network="Test network", label=label, fielded_on=fielded_on)
    return writes.import_round(engine, meta, instrument, make_responses(answers))


def session(engine, network_id, session_id):
    return next(
        s for s in workshop_queries.matrix_sessions(engine, network_id) if s.id == session_id
    )
