"""AppTest harness: the real app.py on a demo store seeded once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from carenet_dash.demo import seed_demo
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import queries, writes
from carenet_dash.store.opening import dispose_engines, get_engine
from tests.conftest import make_responses
from tests.markdown_inert import as_read

ROOT = Path(__file__).resolve().parents[2]
CHILDREN = "Riverside Children's Health Network"
FIRST_DEMO = "Head and Neck Cancer Support Network"  # where an upload goes unless told
APP = str(Path(__file__).resolve().parent / "app_entry.py")
# AppTest gives a page run 3 s by default; on a busy shared machine a run can take far longer.
# A run that never ends still fails, at the suite's per-test timeout.
RUN_TIMEOUT = 180


def app_test() -> AppTest:
    """The app under AppTest (not yet run), with a run timeout a loaded machine can meet."""
    return AppTest.from_file(APP, default_timeout=RUN_TIMEOUT)


def page(name: str) -> str:
    """A page file for ``AppTest.switch_page`` (absolute: the entry is not beside pages/)."""
    return str(ROOT / "pages" / name)


@pytest.fixture(scope="session")
def seeded_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "demo.db"
    seed_demo(get_engine(f"sqlite:///{path}"))
    dispose_engines()
    return path


@pytest.fixture
def demo_url(
    seeded_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A private copy of the seeded store, so a test that writes cannot disturb another."""
    copy = tmp_path / "demo.db"
    shutil.copy(seeded_store_file, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("CARENET_DB_URL", url)
    monkeypatch.setenv("CARENET_SALT", "page-tests")
    yield url
    dispose_engines()


@pytest.fixture
def app(demo_url: str) -> AppTest:
    """The app, run once on the Overview, ready for switch_page or widget changes."""
    import streamlit as st

    st.cache_data.clear()  # caches are process-wide; each test starts cold on its own store
    at = app_test()
    at.run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    """Every piece of text the page shows: markdown, metrics, captions, tables, alerts."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                 "error", "success", "text", "code"):  # fmt: skip
        parts += [as_read(str(e.value)) for e in at.get(kind)]
    for metric in at.get("metric"):
        parts += [as_read(str(metric.label)), as_read(str(metric.value))]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv(index=False))
    for frame in at.table:  # text tables (views.text_table): cells are Markdown, so read them
        parts.append(as_read(frame.value.to_csv(index=False)))
    for chart in at.get("vega_lite_chart"):
        parts.append(chart.proto.spec)
        parts += [dataset.data.data.decode(errors="ignore") for dataset in chart.proto.datasets]
    return "\n".join(parts)


@pytest.fixture(scope="session")
def seeded_pg_database(pg_cluster) -> str:
    """The demo seeded once into a PostgreSQL database, to be copied per test."""
    from tests.pg import database_name

    url = pg_cluster.create_database()
    seed_demo(get_engine(url))
    dispose_engines()  # a template database must have no open connections
    return database_name(url)


@pytest.fixture
def pg_demo_url(
    pg_cluster, seeded_pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A private PostgreSQL copy of the seeded demo store."""
    url = pg_cluster.create_database(template=seeded_pg_database)
    monkeypatch.setenv("CARENET_DB_URL", url)
    monkeypatch.setenv("CARENET_SALT", "page-tests")
    yield url
    dispose_engines()
    pg_cluster.drop_database(url)


# --- Helpers for the pages' tests ---------------------------------------------------------------


def chosen(at, url):
    engine = get_engine(url)
    network = queries.network_by_name(engine, at.selectbox(key="network").value)
    rounds = queries.rounds(engine, network.id)
    current = next(r for r in rounds if r.label == at.selectbox(key="round").value)
    return engine, network, rounds, current


def switch_network(at, name: str) -> None:
    at.run()  # pick up networks written since the last run (the revision changed)
    at.selectbox(key="network").set_value(name).run()
    assert not at.exception, at.exception


def open_page(at, name: str):
    at.switch_page(page(f"{name}.py")).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def upload(app):
    """The Upload page, and a function that chooses a file on it."""
    open_page(app, "upload")

    def send(name: str, data: bytes, mime: str = "text/csv", into: str | None = FIRST_DEMO):
        app.file_uploader(key="upload").upload(name, data, mime).run()
        assert not app.exception, app.exception
        if into is not None and "target_network" in [s.key for s in app.selectbox]:
            # The target network is always chosen by hand (there is no default).
            app.selectbox(key="target_network").set_value(into).run()
            assert not app.exception, app.exception
        return app

    return send


# --- A store built by hand, where we know which groups are hidden ---------------------------

# --- A store built by hand, where we know which groups are hidden ---------------------------

SMALL = "Small network"
# member_type: 6 NHS trust, 5 Primary care, 2 Local authority, 7 Patient or carer.
# Local authority (2) is below 5; Primary care (5) is the next smallest and is hidden with it.
SIZES = {"NHS trust": 6, "Primary care": 5, "Local authority": 2, "Patient or carer": 7}
# Everyone in a group answers the same, so each group's mean is known: LA 1, PC 2, others 4/5.
ANSWER = {"NHS trust": 4, "Primary care": 2, "Local authority": 1, "Patient or carer": 5}
MARKUP = "**bold** <script>alert(1)</script>"


def small_round(engine, label: str, shift: int = 0) -> int:
    instrument = get_instrument()
    rows, groups, comments, person = [], {}, [], 0
    for group, size in SIZES.items():
        for _ in range(size):
            person += 1
            groups[person] = group
            score = ANSWER[group]
            if group in ("NHS trust", "Patient or carer"):
                score = min(5, score + shift * (person % 2))
            # Reverse-worded items get 6 - score, so every scored value is the group's score.
            rows += [
                (person, item.id, 6 - score if item.reverse else score, False)
                for item in instrument.items.values()
            ]
            comments.append((person, "resources_comments", f"Remark number {person}."))
    comments.append((1, "comments", MARKUP))
    return writes.import_round(
        engine,
        writes.RoundMeta(network=SMALL, label=label),
        instrument,
        make_responses(rows, segments=groups, comments=comments),
    )


@pytest.fixture
def small_app(app, demo_url):
    engine = get_engine(demo_url)
    small_round(engine, "2026 Q1")
    small_round(engine, "2026 Q2", shift=1)
    switch_network(app, SMALL)
    return app
