"""Viewing one network costs the same whatever else the store holds: one network alone versus
the same network among 1,000, on SQLite and on PostgreSQL.

Small store: one network of 4 rounds x 100 respondents (20 member organisations and their
ties). Large store: the same network among 1,000 such networks (4,000 rounds, 400,000
respondents, 12.8 M answers). On each: every page's first visit (AppTest, every cache cleared),
every command of the command line on that network (ties, organisations and instruments too) as
a process of its own, the import of a 1,000-respondent export into it, and `demo` (two more
networks). Goal (issue 13): each costs at most 1.2x on the large store what it costs on the
small one. `backup` and `restore` copy the whole store by definition and are left out, and so
are the one-row edits (organisations add/rename/merge/type, instrument add).

The large store is never built through the importer: one network is imported for real, then
copied 999 times with INSERT ... SELECT, table by table. Built stores are kept (SQLite files,
and a PostgreSQL cluster) under bench/results/cache/, keyed by their size and schema, so later
runs start in seconds; every run measures a fresh copy.

    .venv/bin/python bench/store_size.py [--networks 1000] [--repeat 3] [--backend sqlite]
        [--only pages|commands] [--pages overview,upload] [--visits 3]

`--only pages` measures the pages alone (`--only commands` the commands alone), and `--pages`
some of the pages, by file name; the report then holds only those rows. `--visits` is how many
first visits of each page a pass takes the median of (more steady the smallest pages).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from connections import clear_kept, with_ties  # noqa: E402
from import_10k import make_file  # noqa: E402
from sqlalchemy import (  # noqa: E402
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    cast,
    func,
    insert,
    select,
    text,
)

from carenet_dash.demo import DEMO_NETWORKS, synthetic_round  # noqa: E402
from carenet_dash.instrument_files import get_instrument  # noqa: E402
from carenet_dash.store import queries, workshop_writes, writes  # noqa: E402
from carenet_dash.store.migrate import MIGRATIONS_DIR, head_revision  # noqa: E402
from carenet_dash.store.models import Base, Network, Respondent  # noqa: E402
from carenet_dash.store.opening import dispose_engines, get_engine  # noqa: E402
from pages import ENTRY, page_files  # noqa: E402

MEASURED = "A measured network"  # sorts first, so the sidebar opens on it
ROUNDS, RESPONDENTS = 4, 100
ORGANISATIONS = 20  # each respondent in one, naming about five (bench/connections.py's model)
GENERATOR = 2  # raise when the generated content changes: cached stores are then rebuilt
CACHE = HERE / "results" / "cache"
GOAL = 1.2
INSTRUMENT = "core-questionnaire"


# --- building the stores ----------------------------------------------------------------------


def add_network(engine: Engine, name: str) -> None:
    """A network of ROUNDS rounds of RESPONDENTS, through the real import, with a workshop and
    a connection map (ORGANISATIONS member organisations and their ties)."""
    instrument = get_instrument()
    round_ids = []
    for index in range(ROUNDS):
        year, quarter = 2025 + index // 4, index % 4 + 1
        meta = writes.RoundMeta(
            network=name,
            label=f"{year} Q{quarter}",
            fielded_on=dt.date(year, 3 * quarter - 1, 15),
            invited=RESPONDENTS * 2,
        )
        responses = with_ties(synthetic_round(RESPONDENTS, index, seed=11), ORGANISATIONS, index)
        round_ids.append(writes.import_round(engine, meta, instrument, responses))
    latest = round_ids[-1]
    dimensions = [d.id for d in instrument.dimensions]
    for position, dimension in enumerate(dimensions[:3]):
        workshop_writes.record_action(
            engine, round_ids[-2], f"Action {position + 1} on {dimension}", owner="Network lead",
            due_on=dt.date(2026, 9, 30), dimension_id=dimension,
        )  # fmt: skip
    workshop_writes.record_note(engine, latest, "Members want the results shared sooner.")
    network = queries.network_by_name(engine, name)
    levels = [workshop_writes.MatrixEntry(d, 2, 4) for d in dimensions]
    workshop_writes.record_matrix_session(
        engine, network.id, dt.date(2026, 5, 20), levels, round_id=latest
    )


def copy_network(engine: Engine, copies: int) -> None:
    """The store's one network copied ``copies`` times, every table by INSERT ... SELECT.

    The original's rows hold ids 1..n in each table (it was imported into an empty store), so
    copy c's ids are the original's shifted by c * n, and so are its references. Each copy
    reads the original's rows from a small snapshot, never from the growing table. The copy
    in the middle takes the measured network's name, so the network measured sits among the
    others in every table, neither first nor last.
    """
    tables = [
        t
        for t in Base.metadata.sorted_tables
        if t.name not in ("store_state", "instruments", "networks")
    ]
    with engine.begin() as conn:
        sizes = {
            t.name: conn.execute(select(func.max(t.c.id))).scalar() or 0
            for t in [*tables, Network.__table__]
            if "id" in t.c
        }
    middle = (copies + 1) // 2
    names = [MEASURED if c == middle else f"Network {c:04d}" for c in range(1, copies + 1)]
    with writes.write_transaction(engine) as conn:
        statements = []
        for table in tables:
            snapshot = Table(
                f"original_{table.name}",
                MetaData(),
                *(Column(column.name, column.type) for column in table.columns),
                prefixes=["TEMPORARY"],
            )
            snapshot.create(conn)
            conn.execute(insert(snapshot).from_select(list(table.c.keys()), select(table)))
            statements.append(_copy_statement(table, snapshot, sizes))
        conn.execute(
            insert(Network),
            [
                {"id": 1 + c, "name": name, "min_group_size": 5, "created_at": dt.datetime.now()}
                for c, name in enumerate(names, start=1)
            ],
        )
        for c in range(1, copies + 1):
            for statement in statements:
                conn.execute(statement, {"c": c})
        if conn.dialect.name == "postgresql":
            from carenet_dash.backup import _reset_sequences

            _reset_sequences(conn)  # the copies' ids were given, not drawn from the sequences
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # what autovacuum would soon have done


def _copy_statement(table: Table, original: Table, sizes: dict[str, int]):
    """INSERT INTO table SELECT <the original's rows, ids and references shifted by copy :c>."""
    c = bindparam("c", type_=Integer())
    columns = []
    for column in table.columns:
        value = original.c[column.name]
        refers = next(iter(column.foreign_keys), None)
        target = table if column.name == "id" else refers.column.table if refers else None
        if target is not None and target.name in sizes:
            columns.append((value + c * sizes[target.name]).label(column.name))
        elif column is Respondent.__table__.c.source_hash:
            # Unique like real salted hashes: the original's, its tail replaced by the copy number.
            number = cast(c + 10_000_000, String(8))
            columns.append(func.substr(value, 1, 56).concat(number).label(column.name))
        else:
            columns.append(value)
    return insert(table).from_select(list(table.c.keys()), select(*columns))


def build(url: str, networks: int) -> float:
    """A store of ``networks`` networks, the measured one among them; returns the seconds."""
    start = time.perf_counter()
    engine = get_engine(url)
    if networks == 1:
        add_network(engine, MEASURED)
    else:
        add_network(engine, "Network 0000")
        copy_network(engine, networks - 1)
    dispose_engines()
    return time.perf_counter() - start


def _key(networks: int) -> str:
    return f"{networks}x{ROUNDS}x{RESPONDENTS}-g{GENERATOR}-{head_revision()}-{_migrations()}"


def _migrations() -> str:
    """A digest of every migration: two branches may name the same head after different
    chains (one without another's columns), and a store built on one fails on the other."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


@contextmanager
def sqlite_store(networks: int, work: Path) -> Iterator[tuple[str, str]]:
    """A fresh copy of the cached SQLite store (built first if need be): (URL, how it came)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"store-{_key(networks)}.db"
    how = "cached"
    if not cached.exists():
        for stale in CACHE.glob(f"store-{networks}x*.db*"):
            stale.unlink()
        partial = cached.with_suffix(".building")
        partial.unlink(missing_ok=True)
        seconds = build(f"sqlite:///{partial}", networks)
        _checkpoint(partial)
        partial.rename(cached)
        how = f"built in {seconds:.0f} s"
    copy = work / f"store-{networks}.db"
    shutil.copyfile(cached, copy)
    try:
        yield f"sqlite:///{copy}", how
    finally:
        dispose_engines()
        for path in work.glob(f"store-{networks}.db*"):
            path.unlink()


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so copying the one file copies the store."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()  # the last connection closing removes the -wal and -shm files


@contextmanager
def pg_cluster() -> Iterator[object]:
    from tests import pg

    reason = pg.missing_reason()
    if reason is not None:
        raise SystemExit(f"PostgreSQL benchmark cannot run: {reason}")
    cluster = pg.Cluster(pg.find_bin(), root=CACHE / "postgresql")
    cluster.start()
    SERVER.append(cluster.data / "postmaster.pid")
    try:
        yield cluster
    finally:
        SERVER.clear()
        cluster.stop()


@contextmanager
def pg_store(cluster, networks: int) -> Iterator[tuple[str, str]]:
    """A fresh copy of the cached PostgreSQL database (built first if need be)."""
    import psycopg

    template = f"store_{_key(networks)}".replace("-", "_").replace(".", "_").lower()
    admin = psycopg.connect(
        host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres", autocommit=True
    )
    with admin:
        known = {r[0] for r in admin.execute("SELECT datname FROM pg_database")}
        how = "cached"
        if template not in known:
            for stale in known:
                if stale.startswith(f"store_{networks}x"):
                    admin.execute(f'DROP DATABASE "{stale}" WITH (FORCE)')
            cluster.create_database(name=f"{template}_building")
            seconds = build(cluster.url(f"{template}_building"), networks)
            admin.execute(f'ALTER DATABASE "{template}_building" RENAME TO "{template}"')
            how = f"built in {seconds:.0f} s"
    url = cluster.create_database(template=template)
    try:
        yield url, how
    finally:
        dispose_engines()
        cluster.drop_database(url)


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Timing:
    wall: float
    cpu: float  # this side's CPU time, and the PostgreSQL server's


# The PostgreSQL server's postmaster.pid while a cluster runs: its CPU counts with the client's.
SERVER: list[Path] = []


def server_cpu() -> float:
    """CPU seconds the PostgreSQL server has used so far: the postmaster and its live backends
    (to the nanosecond, from schedstat), and the backends that have exited (from the
    postmaster's children totals, in clock ticks)."""
    if not SERVER:
        return 0.0
    postmaster = SERVER[0].read_text().split()[0]
    running = 0
    ended = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if stat.parent.name == postmaster:
                ended = int(fields[13]) + int(fields[14])  # cutime, cstime
            elif fields[1] != postmaster:
                continue
            running += int((stat.parent / "schedstat").read_text().split()[0])
        except OSError:  # the process ended while we looked
            continue
    return running / 1e9 + ended / os.sysconf("SC_CLK_TCK")


def _cpu() -> float:
    """CPU time of this process (every thread), its finished children, and the server."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime + server_cpu()


def _median(runs: list[Timing]) -> Timing:
    return Timing(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs))


def time_pages(url: str, names: list[str], visits: int = 3) -> dict[str, Timing]:
    """Each page's first visit on the measured network, every cache emptied before it: the
    median of a few (the smallest pages take a hundredth of a second). The session first opens
    on another small page (Instruments, or Upload), not on the app's first page: that run is not
    measured, and Overview's would cost more than every visit measured here."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["CARENET_DB_URL"] = url
    found = {}
    for name in names:
        runs = []
        opening = "upload" if name == "instruments" else "instruments"
        for _ in range(visits):
            at = AppTest.from_file(str(ENTRY), default_timeout=300)
            at.switch_page(str(ROOT / "pages" / f"{opening}.py")).run()
            st.cache_data.clear()
            st.cache_resource.clear()
            clear_kept()  # rounds and maps an earlier page read: a first visit reads its own
            start, cpu = time.perf_counter(), _cpu()
            at.switch_page(str(ROOT / "pages" / f"{name}.py")).run()
            runs.append(Timing(time.perf_counter() - start, _cpu() - cpu))
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception[0].value}")
            if MEASURED not in str(at.sidebar.selectbox[0].value):
                raise RuntimeError(f"{name} opened on {at.sidebar.selectbox[0].value}")
        found[f"page {name}"] = _median(runs)
    dispose_engines()
    return found


def _process(args: list[str], url: str) -> Timing:
    env = {**os.environ, "CARENET_DB_URL": url, "CARENET_SALT": "bench"}
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        [sys.executable, "-m", "carenet_dash", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    used = _cpu() - cpu
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.decode()}")
    return Timing(wall, used)


def commands(work: Path, export: Path) -> dict[str, Callable[[str], Timing]]:
    """Every command of the command line on the measured network (the writes last)."""
    network = ["--network", MEASURED]
    found: dict[str, Callable[[str], Timing]] = {
        "networks": lambda url: _process(["networks"], url),
        "rounds": lambda url: _process(["rounds", *network], url),
        "scores (table)": lambda url: _process(["scores", *network], url),
        "scores (csv)": lambda url: _process(["scores", *network, "--format", "csv"], url),
    }
    for fmt in ("pptx", "html", "csv-scores", "csv-actions"):
        out = work / f"export.{fmt}"
        found[f"export {fmt}"] = lambda url, fmt=fmt, out=out: _process(
            ["export", *network, "--format", fmt, "--out", str(out)], url
        )
    found["ties (table)"] = lambda url: _process(["ties", *network], url)
    found["ties --summary"] = lambda url: _process(["ties", *network, "--summary"], url)
    found["organisations list"] = lambda url: _process(["organisations", "list", *network], url)
    found["organisations rearrange"] = lambda url: _process(
        ["organisations", "rearrange", *network], url
    )
    found["instrument list"] = lambda url: _process(["instrument", "list"], url)
    found["instrument show"] = lambda url: _process(["instrument", "show", INSTRUMENT], url)
    found["import (1,000 respondents)"] = lambda url: _import(url, export)
    found["demo"] = _demo
    return found


def _demo(url: str) -> Timing:
    """The demo networks seeded beside the others, then deleted again."""
    # --reset: deleting the demo networks (below) records that the lead removed them, and a
    # plain `demo` would then rightly decline to bring them back on the next pass.
    timing = _process(["demo", "--reset"], url)
    engine = get_engine(url)
    for name in DEMO_NETWORKS:
        writes.delete_network(engine, queries.network_by_name(engine, name).id)
    dispose_engines()
    return timing


def _import(url: str, export: Path) -> Timing:
    """The export imported as a new round, then deleted again, so each run starts alike."""
    timing = _process(["import", str(export), *["--network", MEASURED, "--round", "Bench"]], url)
    engine = get_engine(url)
    network = queries.network_by_name(engine, MEASURED)
    writes.delete_round(engine, queries.round_by_label(engine, network.id, "Bench").id)
    dispose_engines()
    return timing


def measure(
    url: str, work: Path, export: Path, *, pages: list[str], visits: int, with_commands: bool
) -> dict[str, Timing]:
    """One pass: the pages' first visits, then every command (unless left out)."""
    found = time_pages(url, pages, visits) if pages else {}
    if with_commands:
        for name, run in commands(work, export).items():
            found[name] = run(url)
    return found


def report(backend: str, small: dict[str, Timing], large: dict[str, Timing], notes: str) -> str:
    lines = [
        f"## {backend}",
        "",
        notes,
        "",
        "| what | small (s) | large (s) | large / small | CPU small (s) | CPU large (s) "
        "| CPU large / small | within 1.2x (wall, CPU) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in small.items():
        g = large[name]
        wall, cpu = g.wall / s.wall, g.cpu / s.cpu if s.cpu else float("nan")
        verdict = ", ".join("yes" if ratio <= GOAL else "NO" for ratio in (wall, cpu))
        lines.append(
            f"| {name} | {s.wall:.3f} | {g.wall:.3f} | {wall:.2f} | {s.cpu:.3f} | {g.cpu:.3f} | "
            f"{cpu:.2f} | {verdict} |"
        )
    return "\n".join(lines)


def run_backend(
    backend: str,
    networks: int,
    repeat: int,
    work: Path,
    export: Path,
    *,
    pages: list[str],
    visits: int,
    with_commands: bool,
) -> str:
    with ExitStack() as stack:
        if backend == "sqlite":

            def store(size: int):
                return sqlite_store(size, work)
        else:
            cluster = stack.enter_context(pg_cluster())

            def store(size: int):
                return pg_store(cluster, size)

        small_url, small_how = stack.enter_context(store(1))
        large_url, large_how = stack.enter_context(store(networks))
        notes = (
            f"Small store: 1 network ({small_how}). Large store: {_size(large_url)} "
            f"({large_how}). Median of {repeat} passes, small and large alternating (a page: "
            f"each pass the median of {visits} first visits). CPU is "
            "the command's or page's own"
            + (" plus the PostgreSQL server's." if backend == "postgresql" else ".")
        )
        runs: dict[str, dict[str, list[Timing]]] = {small_url: {}, large_url: {}}
        for _ in range(repeat):  # alternating, so a busy spell on the machine hits both alike
            for url in (small_url, large_url):
                found = measure(
                    url, work, export, pages=pages, visits=visits, with_commands=with_commands
                )
                for name, timing in found.items():
                    runs[url].setdefault(name, []).append(timing)
    small = {name: _median(found) for name, found in runs[small_url].items()}
    large = {name: _median(found) for name, found in runs[large_url].items()}
    return report(backend, small, large, notes)


def _size(url: str) -> str:
    engine = get_engine(url)
    with engine.connect() as conn:
        counts = [
            conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar()
            for name in ("networks", "rounds", "answers")
        ]
    dispose_engines()
    return f"{counts[0]:,} networks, {counts[1]:,} rounds, {counts[2]:,} answers"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--backend", choices=["sqlite", "postgresql"], action="append", dest="backends"
    )
    parser.add_argument("--only", choices=["pages", "commands"])
    parser.add_argument(
        "--pages", type=lambda text: text.split(","), help="pages by file name, comma-separated"
    )
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    pages = [] if args.only == "commands" else args.pages or page_files()
    unknown = sorted(set(pages) - set(page_files()))
    if unknown:
        parser.error(f"no such page: {', '.join(unknown)}; the pages are {', '.join(page_files())}")
    with tempfile.TemporaryDirectory(prefix="carenet-bench-") as folder:
        work = Path(folder)
        export = work / "surveymonkey_1000.csv"
        make_file(export, 1000)
        sections = [
            run_backend(
                backend,
                args.networks,
                args.repeat,
                work,
                export,
                pages=pages,
                visits=args.visits,
                with_commands=args.only != "pages",
            )
            for backend in args.backends or ["sqlite", "postgresql"]
        ]
    text_report = "\n\n".join(
        [
            f"# Store-size benchmark ({dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores)",
            *sections,
        ]
    )
    print(text_report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "store_size.md").write_text(text_report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
