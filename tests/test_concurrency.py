"""Concurrent use and faults, on SQLite and PostgreSQL: imports in separate processes at once,
readers during an import, a process killed mid-import, writers kept waiting, first starts."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from carenet_dash import analysis, demo
from carenet_dash.errors import StoreError
from carenet_dash.store import engine as store_engine
from carenet_dash.store import queries, writes
from carenet_dash.store.engine import make_engine, read_connection
from carenet_dash.store.migrate import current_revision, head_revision
from carenet_dash.store.models import Answer, Network, Respondent, Round
from carenet_dash.store.opening import dispose_engines, get_engine
from tests.conftest import HAND_ANSWERS, make_responses
from tests.store_worker import snapshot, write_long_export

ROOT = Path(__file__).resolve().parents[1]
# The import command under test: the real CLI, in a process of its own.
IMPORT = [sys.executable, "-m", "carenet_dash"]
WORKER = [sys.executable, "-m", "tests.store_worker"]
NETWORK = "Busy network"


def run_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "CARENET_DB_URL": url,
        "CARENET_SALT": "test-salt",
        "PYTHONPATH": str(ROOT),
    }


def start(command: list[str], url: str, *args: str) -> subprocess.Popen:
    """``command --db URL args...`` in its own process, with text pipes."""
    return subprocess.Popen(
        [*command, "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=run_env(url),
        cwd=ROOT,
    )


def start_import(url: str, export: Path, label: str, network: str = NETWORK) -> subprocess.Popen:
    return start(IMPORT, url, "import", str(export), "--network", network, "--round", label)


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def assert_store_whole(engine) -> None:
    """No round without respondents, no respondent without answers; SQLite file intact."""
    with engine.connect() as conn:
        empty_rounds = conn.execute(
            select(Round.label)
            .outerjoin(Respondent, Respondent.round_id == Round.id)
            .group_by(Round.id, Round.label)
            .having(func.count(Respondent.id) == 0)
        ).all()
        silent = conn.execute(
            select(func.count())
            .select_from(Respondent)
            .where(
                ~select(Answer.respondent_id).where(Answer.respondent_id == Respondent.id).exists()
            )
        ).scalar_one()
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        conn.rollback()
    assert empty_rounds == []
    assert silent == 0


def expected_counts(export: Path) -> list[int]:
    """[respondents, answers] that importing the export must store: read straight off the file."""
    lines = export.read_text().splitlines()[1:]
    return [len({line.split(",", 1)[0] for line in lines}), len(lines)]


def writer_holds_lock(url: str) -> bool:
    """True while some process is inside a write transaction on the store."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        probe = sqlite3.connect(parsed.database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            return True
        finally:
            if probe.in_transaction:
                probe.execute("ROLLBACK")
            probe.close()
        return False
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database
    ) as conn:
        held = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND granted",
            (store_engine.WRITE_LOCK_KEY,),
        ).fetchone()
    return bool(held and held[0])


def waiting_for_the_write_lock(thread: threading.Thread, engine) -> bool:
    """True once ``thread`` is asking for the write lock another transaction holds: on
    PostgreSQL its advisory lock request is queued; on SQLite it is inside BEGIN IMMEDIATE,
    which cannot return while another writer holds the lock."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                        "AND objid = :key AND NOT granted"
                    ),
                    {"key": store_engine.WRITE_LOCK_KEY},
                ).scalar_one()
            )
    frame = sys._current_frames().get(thread.ident)
    names = set()
    while frame is not None:
        names.add(frame.f_code.co_name)
        frame = frame.f_back
    return {"write_transaction", "_on_begin"} <= names


@pytest.fixture
def busy_store(any_store, mini):
    """A migrated store whose network already holds one small round."""
    writes.import_round(
        any_store, writes.RoundMeta(network=NETWORK, label="2026 Q1"), mini,
        make_responses(HAND_ANSWERS),
    )  # fmt: skip
    return any_store


def test_two_imports_of_different_rounds_at_once_both_land(busy_store, any_store_url, tmp_path):
    exports = [write_long_export(tmp_path / f"{i}.csv", 2000, seed=i) for i in (1, 2)]
    running = [
        start_import(any_store_url, export, label)
        for export, label in zip(exports, ["2026 Q2", "2026 Q3"], strict=True)
    ]
    results = [finish(p) for p in running]
    assert [code for code, _, _ in results] == [0, 0], results
    seen = snapshot(busy_store, NETWORK)
    assert seen["2026 Q2"] == expected_counts(exports[0])
    assert seen["2026 Q3"] == expected_counts(exports[1])
    assert_store_whole(busy_store)


def test_two_imports_of_the_same_round_one_lands_and_one_is_refused_cleanly(
    busy_store, any_store_url, tmp_path
):
    exports = [write_long_export(tmp_path / f"{i}.csv", 2000, seed=i) for i in (3, 4)]
    running = [start_import(any_store_url, export, "2026 Q2") for export in exports]
    results = [finish(p) for p in running]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    winner = next(i for i, (code, _, _) in enumerate(results) if code == 0)
    refused = results[1 - winner][2]
    assert refused.startswith("error: ")
    assert refused.count("\n") == 1, refused
    assert "already has a round '2026 Q2'" in refused
    assert "locked" not in refused
    assert "Traceback" not in refused
    seen = snapshot(busy_store, NETWORK)
    assert seen["2026 Q2"] == expected_counts(exports[winner])
    assert_store_whole(busy_store)


def test_readers_during_an_import_see_the_old_state_or_the_new(busy_store, any_store_url, tmp_path):
    export = write_long_export(tmp_path / "big.csv", 4000, seed=5)
    before = snapshot(busy_store, NETWORK)
    watcher = start(WORKER, any_store_url, "watch", "--network", NETWORK, "--until-rounds", "2")
    # Start the import only once the reader is reading, so the two overlap for certain.
    first = json.loads(watcher.stdout.readline())
    assert first == before
    code, _, err = finish(start_import(any_store_url, export, "2026 Q2"))
    assert code == 0, err
    rest, err = watcher.communicate(timeout=120)
    assert watcher.returncode == 0, err
    after = snapshot(busy_store, NETWORK)
    assert after == {**before, "2026 Q2": expected_counts(export)}
    seen = [json.loads(line) for line in rest.splitlines()]
    assert seen, "the reader stops only once it has seen the new round"
    assert seen[-1] == after
    assert all(state in (before, after) for state in seen), [
        s for s in seen if s not in (before, after)
    ][:3]


def test_a_process_killed_mid_import_leaves_no_partial_round(busy_store, any_store_url, tmp_path):
    export = write_long_export(tmp_path / "big.csv", 8000, seed=6)
    before = snapshot(busy_store, NETWORK)
    first = queries.round_by_label(
        busy_store, queries.network_by_name(busy_store, NETWORK).id, "2026 Q1"
    )
    card = analysis.scorecard(busy_store, first.id, min_size=2)
    process = start_import(any_store_url, export, "2026 Q2", network="Crashed network")
    deadline = time.monotonic() + 120
    while not writer_holds_lock(any_store_url):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never began its transaction"
        time.sleep(0.005)
    # Frozen inside its transaction, the import cannot commit before the kill, however fast or
    # slow the machine: no guess at how long its inserts take.
    os.kill(process.pid, signal.SIGSTOP)
    assert writer_holds_lock(any_store_url), "the import finished before it could be stopped"
    os.kill(process.pid, signal.SIGKILL)
    code, out, _ = finish(process)
    assert code == -signal.SIGKILL
    assert "imported" not in out

    # Open the store afresh, as the next process would.
    dispose_engines()
    store = get_engine(any_store_url)
    deadline = time.monotonic() + 30  # PostgreSQL ends the dead client's session on its own
    while writer_holds_lock(any_store_url):
        assert time.monotonic() < deadline, "the dead import still holds the write lock"
        time.sleep(0.05)
    assert_store_whole(store)
    assert snapshot(store, NETWORK) == before
    assert [n.name for n in queries.networks(store)] == [NETWORK]  # the new network rolled back too
    again = analysis.scorecard(store, first.id, min_size=2)
    assert again.equals(card)
    # The same import, run again, now lands whole.
    code, _, err = finish(start_import(any_store_url, export, "2026 Q2", network="Crashed network"))
    assert code == 0, err
    assert snapshot(store, "Crashed network") == {"2026 Q2": expected_counts(export)}


def test_a_writer_kept_waiting_too_long_is_refused_cleanly(
    busy_store, any_store_url, mini, monkeypatch
):
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 300)
    impatient = make_engine(any_store_url)  # SQLite reads the busy timeout when it connects
    before = snapshot(busy_store, NETWORK)
    meta = writes.RoundMeta(network=NETWORK, label="2026 Q2")
    busy = r"store is busy.*over 0\.3 s; nothing was changed"
    try:
        with store_engine.write_transaction(busy_store), pytest.raises(StoreError, match=busy):
            writes.import_round(impatient, meta, mini, make_responses(HAND_ANSWERS))
    finally:
        impatient.dispose()
    assert snapshot(busy_store, NETWORK) == before


def test_a_writer_waits_its_turn_rather_than_failing(busy_store, mini):
    # A second writer that arrives while the first is busy lands once the first commits.
    done: list[int] = []

    def second() -> None:
        meta = writes.RoundMeta(network=NETWORK, label="2026 Q2")
        done.append(writes.import_round(busy_store, meta, mini, make_responses(HAND_ANSWERS)))

    with store_engine.write_transaction(busy_store) as conn:
        thread = threading.Thread(target=second)
        thread.start()
        deadline = time.monotonic() + 60
        while not waiting_for_the_write_lock(thread, busy_store):
            assert thread.is_alive(), done
            assert time.monotonic() < deadline, "the second writer never reached the lock"
            time.sleep(0.005)
        assert not done  # still waiting for our transaction
        conn.execute(text("UPDATE networks SET min_group_size = 6"))
    thread.join(60)
    assert len(done) == 1
    assert set(snapshot(busy_store, NETWORK)) == {"2026 Q1", "2026 Q2"}


def test_reads_in_one_read_connection_share_one_snapshot(busy_store, mini):
    def rounds_now(conn) -> int:
        return conn.execute(select(func.count()).select_from(Round)).scalar_one()

    with read_connection(busy_store) as conn:
        assert rounds_now(conn) == 1
        writes.import_round(
            busy_store,
            writes.RoundMeta(network=NETWORK, label="2026 Q2"),
            mini,
            make_responses(HAND_ANSWERS),
        )
        assert rounds_now(conn) == 1  # still the state this read began with
    with read_connection(busy_store) as conn:
        assert rounds_now(conn) == 2


def test_several_processes_opening_a_new_store_at_once_migrate_it_once(any_store_url):
    starts = [
        start(WORKER, any_store_url, "watch", "--network", NETWORK, "--until-rounds", "0")
        for _ in range(2)
    ]
    results = [finish(p) for p in starts]
    assert [code for code, _, _ in results] == [0] * 2, results
    store = make_engine(any_store_url)
    try:
        assert current_revision(store) == head_revision()
        with store.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Network)).scalar_one() == 0
            assert conn.execute(text("SELECT revision FROM store_state")).all() == [(0,)]
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def demo_rounds():
    return demo.demo_rounds()


def test_two_sessions_seeding_the_demo_at_once_both_succeed(any_store, demo_rounds, monkeypatch):
    # Two browser tabs (or two servers) opening an empty store both seed the demo. The barrier
    # makes both look for existing rounds before either writes: the race, every time.
    barrier = threading.Barrier(2, timeout=60)

    def rounds_after_both_looked():
        barrier.wait()
        return demo_rounds

    monkeypatch.setattr(demo, "demo_rounds", rounds_after_both_looked)
    written: list[int] = []
    failures: list[BaseException] = []

    def seed() -> None:
        try:
            written.append(demo.seed_demo(any_store))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=seed) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert len(written) == 2
    assert sum(written) == len(demo_rounds) == 8  # each round written once, by one or the other
    assert sum(len(queries.rounds(any_store, n.id)) for n in queries.networks(any_store)) == 8
    assert_store_whole(any_store)
