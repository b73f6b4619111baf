"""AppTest harness: the real app.py on a demo store seeded once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from carenet_dash.demo import seed_demo
from carenet_dash.store.opening import dispose_engines, get_engine

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parent / "app_entry.py")


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
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    """Every piece of text the page shows: markdown, metrics, captions, tables, alerts."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                 "error", "success", "text", "code"):  # fmt: skip
        parts += [str(e.value) for e in at.get(kind)]
    for metric in at.get("metric"):
        parts += [str(metric.label), str(metric.value)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv(index=False))
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
