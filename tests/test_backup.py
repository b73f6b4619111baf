"""Backups: one portable file, restorable into SQLite or PostgreSQL, checked before it replaces."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import tracemalloc

import pandas as pd
import pytest
from sqlalchemy import select

from carenet_dash import analysis, backup, scoring
from carenet_dash.cli import main
from carenet_dash.config import SAMPLES_DIR
from carenet_dash.demo import seed_demo
from carenet_dash.errors import BackupRefused
from carenet_dash.store import queries, writes
from carenet_dash.store.engine import make_engine, revision
from carenet_dash.store.migrate import upgrade
from carenet_dash.store.opening import get_engine
from tests.conftest import HAND_ANSWERS, make_responses


def contents(engine) -> dict[str, list[tuple]]:
    """Every row of every data table, in key order: what a restore must reproduce exactly."""
    with engine.connect() as conn:
        found = {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in backup.TABLES
        }
        conn.rollback()
    return found


def all_scores(engine) -> pd.DataFrame:
    frames = [analysis.scores_rows(engine, network) for network in queries.networks(engine)]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory) -> bytes:
    """A backup of the demo store, made once."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade(engine)
    seed_demo(engine)
    data = backup.backup_bytes(engine)
    engine.dispose()
    return data


@pytest.fixture
def small_store(any_store, mini):
    """A store on each backend holding one small round."""
    writes.import_round(
        any_store, writes.RoundMeta(network="Small network", label="2026 Q1"), mini,
        make_responses(HAND_ANSWERS),
    )  # fmt: skip
    return any_store


def rewrite(data: bytes, edit, *, fix_checksum: bool = True) -> bytes:
    """The backup with its lines edited; the checksum recomputed unless told otherwise."""
    lines = gzip.decompress(data).decode().splitlines()
    header, body = json.loads(lines[0]), lines[1:]
    body = edit(header, body)
    raw = "".join(f"{line}\n" for line in body).encode()
    if fix_checksum:
        header["sha256"] = hashlib.sha256(raw).hexdigest()
    return gzip.compress(json.dumps(header).encode() + b"\n" + raw)


def first_row_of(body: list[str], table: str) -> int:
    return body.index(json.dumps({"table": table})) + 1


def test_sqlite_to_postgresql_to_sqlite_gives_identical_scores(store_url, pg_url, tmp_path):
    sqlite_store = get_engine(store_url)
    seed_demo(sqlite_store)
    writes.create_network(sqlite_store, "An empty network", min_group_size=7)
    expected_rows, expected_scores = contents(sqlite_store), all_scores(sqlite_store)

    first = tmp_path / "from-sqlite.jsonl.gz"
    backup.backup(sqlite_store, first)
    pg_store = get_engine(pg_url)
    summary = backup.restore(pg_store, first)
    assert summary.rows["rounds"] == 8
    assert contents(pg_store) == expected_rows
    pd.testing.assert_frame_equal(all_scores(pg_store), expected_scores)

    second = tmp_path / "from-postgresql.jsonl.gz"
    backup.backup(pg_store, second)
    back = get_engine(f"sqlite:///{tmp_path / 'back.db'}")
    backup.restore(back, second)
    assert contents(back) == expected_rows
    pd.testing.assert_frame_equal(all_scores(back), expected_scores)


def test_after_a_restore_new_imports_get_fresh_ids(any_store, demo_backup, mini):
    backup.restore(any_store, demo_backup)  # PostgreSQL: sequences reset past the restored ids
    largest = max(
        r.id for n in queries.networks(any_store) for r in queries.rounds(any_store, n.id)
    )
    round_id = writes.import_round(
        any_store, writes.RoundMeta(network="New network", label="2027 Q1"), mini,
        make_responses(HAND_ANSWERS, comments=[(1, "comments", "A new comment")]),
    )  # fmt: skip
    assert round_id > largest
    assert queries.round_by_id(any_store, round_id).respondents == 4
    assert list(queries.comments(any_store, [round_id])["text"]) == ["A new comment"]


def test_a_restore_replaces_everything_and_moves_the_revision_forward(
    small_store, demo_backup, mini
):
    backup.restore(small_store, demo_backup)
    expected = contents(small_store)
    assert "Small network" not in [n.name for n in queries.networks(small_store)]
    writes.import_round(
        small_store, writes.RoundMeta(network="Added later", label="2027 Q1"), mini,
        make_responses(HAND_ANSWERS),
    )  # fmt: skip
    before = revision(small_store)
    backup.restore(small_store, demo_backup)
    assert contents(small_store) == expected
    assert "Added later" not in [n.name for n in queries.networks(small_store)]
    assert revision(small_store) == before + 1  # caches keyed on the revision all go stale


def test_a_restore_rebuilds_totals_the_backup_holds_from_older_rules(store, demo_backup):
    backup.restore(store, demo_backup)
    expected = contents(store)["dimension_totals"]
    # The same backup as an older release's scoring would have written it: outdated totals.
    table = next(t for t in backup.TABLES if t.name == "dimension_totals")
    names = [c.name for c in table.columns]

    def outdated(header, body):
        start = first_row_of(body, "dimension_totals")
        for index in range(start, start + header["tables"]["dimension_totals"]["rows"]):
            row = json.loads(body[index])
            row[names.index("scoring_version")] = scoring.SCORING_VERSION - 1
            row[names.index("n")] = 0  # wrong as well
            body[index] = json.dumps(row)
        return body

    backup.restore(store, rewrite(demo_backup, outdated))
    assert contents(store)["dimension_totals"] == expected


def test_backup_bytes_is_the_same_backup_as_the_file(small_store, tmp_path):
    saved = tmp_path / "b.jsonl.gz"
    backup.backup(small_store, saved)
    in_memory = backup.backup_bytes(small_store)
    file_header = json.loads(gzip.decompress(saved.read_bytes()).splitlines()[0])
    memory_header = json.loads(gzip.decompress(in_memory).splitlines()[0])
    assert memory_header["sha256"] == file_header["sha256"]
    assert backup.inspect_backup(in_memory).rows == backup.inspect_backup(saved).rows


def _drop_an_answer(header, body):
    del body[first_row_of(body, "answers")]
    return body


def _bad_reference(header, body):
    at = first_row_of(body, "answers")
    row = json.loads(body[at])
    row[0] = 999_999
    body[at] = json.dumps(row)
    return body


def _duplicate_network(header, body):
    at = first_row_of(body, "networks")
    row = json.loads(body[at])
    row[0] = 500
    body.insert(at, json.dumps(row))  # a second network of the same name
    header["tables"]["networks"]["rows"] += 1
    return body


def _bad_score(header, body):
    at = first_row_of(body, "answers")
    row = json.loads(body[at])
    row[2] = "five"
    body[at] = json.dumps(row)
    return body


def _long_label(header, body):
    at = first_row_of(body, "rounds")
    row = json.loads(body[at])
    row[3] = "x" * 101
    body[at] = json.dumps(row)
    return body


def _narrow_row(header, body):
    at = first_row_of(body, "respondents")
    body[at] = json.dumps(json.loads(body[at])[:2])
    return body


def _newer_format(header, body):
    header["version"] = backup.FORMAT_VERSION + 1
    return body


def _other_schema(header, body):
    header["schema"] = "9999"
    return body


def _unknown_table(header, body):
    return [*body, json.dumps({"table": "secrets"}), "[1]"]


def _missing_network_id(header, body):
    at = first_row_of(body, "networks")
    row = json.loads(body[at])
    row[0] = None
    body[at] = json.dumps(row)
    return body


EDITS = {
    "a row fewer than the header promises": (_drop_an_answer, "its header promises"),
    "an answer for no respondent": (_bad_reference, "answers.respondent_id value(s) point at no"),
    "two networks of one name": (_duplicate_network, "networks repeats (name)"),
    "a score that is not a number": (_bad_score, "answers.score holds 'five'"),
    "a label too long for the store": (_long_label, "rounds.label holds"),
    "a row of the wrong width": (_narrow_row, "respondents row of the wrong width"),
    "a newer format": (_newer_format, "format version 2 and this CareNet Dash reads version 1"),
    "another schema": (_other_schema, "schema '9999'"),
    "an unknown table": (_unknown_table, "unknown table 'secrets'"),
    "an empty key": (_missing_network_id, "networks.id is empty"),
}


@pytest.mark.parametrize("case", list(EDITS))
def test_an_inconsistent_backup_is_refused_and_the_store_unchanged(store, mini, demo_backup, case):
    writes.import_round(
        store, writes.RoundMeta(network="Small network", label="2026 Q1"), mini,
        make_responses(HAND_ANSWERS),
    )  # fmt: skip
    edit, message = EDITS[case]
    damaged = rewrite(demo_backup, edit)
    before, rev = contents(store), revision(store)
    with pytest.raises(BackupRefused, match=re.escape(message)):
        backup.restore(store, damaged)
    assert contents(store) == before
    assert revision(store) == rev


def edited(table: str, column: str, value: object, row: int = 0):
    """An edit setting one cell of one row (counted from 0) of a table."""

    def edit(header, body):
        at = first_row_of(body, table) + row
        cells = json.loads(body[at])
        cells[header["tables"][table]["columns"].index(column)] = value
        body[at] = json.dumps(cells)
        return body

    return edit


def _invalid_instrument(header, body):
    at = first_row_of(body, "instruments")
    row = json.loads(body[at])
    row[5]["bands"] = {"strength": 9.0, "priority": 3.0}
    body[at] = json.dumps(row)
    return body


def _renamed_instrument(header, body):
    at = first_row_of(body, "instruments")
    row = json.loads(body[at])
    row[5]["name"] = row[3] = "Something else"  # consistent, but not the snapshot hashed
    body[at] = json.dumps(row)
    return body


def _a_round_with_nobody(header, body):
    at = first_row_of(body, "rounds")
    row = json.loads(body[at])
    row[0], row[3], row[7] = 99, "2030 Q1", None
    body.insert(at, json.dumps(row))
    header["tables"]["rounds"]["rows"] += 1
    return body


def rule(table: str, row: int, text: str) -> str:
    return f"the backup's {table} row {row} breaks a rule: {text}"


SCALE = "instrument 'network-health' v2 (1 to 5)"
# What the review restored, and more: each must be refused naming the table, the row and the rule.
CRAFTED = {
    "a minimum group size of 1": (
        edited("networks", "min_group_size", 1),
        rule("networks", 1, "the minimum group size cannot be below 3 (asked for 1)"),
    ),
    "a score of 99": (
        edited("answers", "score", 99),
        rule("answers", 1, f"score 99 is outside the scale of {SCALE}"),
    ),
    "a score of -7": (
        edited("answers", "score", -7, row=5),
        rule("answers", 6, f"score -7 is outside the scale of {SCALE}"),
    ),
    "-50 invited": (
        edited("rounds", "invited", -50),
        rule("rounds", 1, "the number invited must be at least 1, not -50"),
    ),
    "fewer invited than respondents": (
        edited("rounds", "invited", 3),
        rule("rounds", 1, "the number invited (3) is smaller than the respondents kept (86)"),
    ),
    "an instrument that fails its checks": (
        _invalid_instrument,
        rule("instruments", 1, "the definition: bands.strength 9 is outside the scale (1 to 5)"),
    ),
    "an instrument unlike its hash": (
        _renamed_instrument,
        rule("instruments", 1, "its id, version, name or hash differ from its definition's"),
    ),
    "an answer to no item of the instrument": (
        edited("answers", "item_id", "made_up"),
        rule("answers", 1, "'made_up' is not an item of instrument 'network-health' v2"),
    ),
    "a not-applicable answer with a score": (
        edited("answers", "not_applicable", True),
        rule("answers", 1, "a 'not applicable' answer has a score"),
    ),
    "a comment on no question": (
        edited("comments", "question_id", "secret"),
        rule("comments", 1, "'secret' is not a question of instrument 'network-health' v2"),
    ),
    "a segment the instrument lacks": (
        edited("respondent_segments", "segment_id", "eye_colour"),
        rule("respondent_segments", 1, "'eye_colour' is not a segment of instrument"),
    ),
    "a round with no respondents": (
        _a_round_with_nobody,
        rule("rounds", 1, "round '2030 Q1' has no respondents"),
    ),
    "a NUL in a comment": (edited("comments", "text", "before\x00after"), "comments.text holds"),
    # The store's own constraints: reported as such, not as a connection problem.
    "a maturity level of 9": (
        edited("matrix_levels", "current_level", 9),
        "the store refused the backup's rows as breaking one of its rules (",
    ),
    "an unknown action status": (
        edited("actions", "status", "bogus"),
        "the store refused the backup's rows as breaking one of its rules (",
    ),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_backup_is_refused_naming_table_row_and_rule(small_store, demo_backup, case):
    edit, message = CRAFTED[case]
    crafted = rewrite(demo_backup, edit)
    before, rev = contents(small_store), revision(small_store)
    with pytest.raises(BackupRefused, match=re.escape(message)) as refused:
        backup.restore(small_store, crafted)
    assert str(refused.value).endswith("; nothing was changed")
    assert "\n" not in str(refused.value)
    assert contents(small_store) == before
    assert revision(small_store) == rev


def test_fabricated_totals_are_computed_again_from_the_answers(any_store, demo_backup):
    def fabricate(header, body):
        start = first_row_of(body, "dimension_totals")
        for at in range(start, start + header["tables"]["dimension_totals"]["rows"]):
            row = json.loads(body[at])
            row[2:5] = [9999, 1e6, 1e9]
            body[at] = json.dumps(row)
        return body

    # The totals as the import wrote them (scored as each round landed), read from the file.
    lines = gzip.decompress(demo_backup).decode().splitlines()
    start = first_row_of(lines[1:], "dimension_totals") + 1
    written = [tuple(json.loads(line)) for line in lines[start : start + 72]]
    backup.restore(any_store, rewrite(demo_backup, fabricate))
    assert contents(any_store)["dimension_totals"] == written


def _bomb(demo_backup: bytes, member: bytes, copies: int) -> bytes:
    """The demo backup's header (promising a billion answers) then ``copies`` identical gzip
    members: it unpacks to ``copies`` times the member's size."""
    header = json.loads(gzip.decompress(demo_backup).splitlines()[0])
    header["tables"]["answers"]["rows"] = 10**9
    one = gzip.compress(member, compresslevel=9)
    return gzip.compress(json.dumps(header).encode() + b"\n") + one * copies


ROWS = b'{"table": "answers"}\n' + b'[1,"purpose_1",4,false]\n' * 43_690


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (ROWS, "MB file, far more than a backup packs"),
        (b"0" * (1 << 20), "line 2 of the backup is over 8 MB"),
    ],
    ids=["many rows", "one endless line"],
)
def test_a_backup_that_unpacks_to_256_mib_is_refused_early(small_store, demo_backup, body, message):
    """The review's 0.3 MB backup that unpacks to 256 MiB used 5.2 GB before a refusal."""
    bomb = _bomb(demo_backup, body, (256 << 20) // len(body))
    assert len(bomb) < 1_000_000
    before = contents(small_store)
    tracemalloc.start()
    try:
        with pytest.raises(BackupRefused, match=message):
            backup.restore(small_store, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 80 * 1024 * 1024  # what it held: the limit (16 MB), not the 256 MiB
    assert contents(small_store) == before


def test_damaged_and_foreign_files_are_refused_and_the_store_unchanged(
    small_store, demo_backup, tmp_path, monkeypatch
):
    good = demo_backup
    unpacked = len(gzip.decompress(good))
    monkeypatch.setattr(backup, "MAX_UNCOMPRESSED", unpacked + 100)  # the good file fits
    edited = rewrite(good, _bad_score, fix_checksum=False)
    sqlite_file = tmp_path / "copy.db"
    backup.restore(get_engine(f"sqlite:///{sqlite_file}"), good)
    cases = {
        "truncated": (good[: len(good) // 2], "damaged or incomplete"),
        "checksum": (edited, "checksum does not match"),
        "empty": (b"", "not a CareNet Dash backup"),
        "random bytes": (bytes(range(256)) * 40, "not a CareNet Dash backup"),
        "a survey export": (
            (SAMPLES_DIR / "surveymonkey_2026_q4.csv").read_bytes(),
            "not a CareNet Dash backup",
        ),
        "a SQLite store file": (sqlite_file.read_bytes(), "not a CareNet Dash backup"),
        "a gzipped CSV": (gzip.compress(b"a,b\n1,2\n"), "first line is not a backup header"),
        "a zip bomb": (gzip.compress(b"0" * (unpacked + 101)), "unpacks to more than"),
    }
    before, rev = contents(small_store), revision(small_store)
    for name, (data, message) in cases.items():
        with pytest.raises(BackupRefused, match=message) as refused:
            backup.restore(small_store, data)
        assert str(refused.value).endswith("nothing was changed"), name
    assert contents(small_store) == before
    assert revision(small_store) == rev


def test_a_failed_backup_leaves_the_previous_file_alone(store, tmp_path, monkeypatch):
    saved = tmp_path / "nightly.jsonl.gz"
    backup.backup(store, saved)
    previous = saved.read_bytes()

    def broken(engine, counts):
        yield b'{"table": "instruments"}\n'
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_body_lines", broken)
    with pytest.raises(OSError, match="disk full"):
        backup.backup(store, saved)
    assert saved.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir() if "nightly" in p.name) == [saved.name]


# --- the command line -------------------------------------------------------------------------


def test_cli_backup_and_restore(store_url, tmp_path, capsys, monkeypatch):
    assert main(["demo"]) == 0
    source = get_engine(store_url)
    expected = contents(source)
    saved = tmp_path / "store.jsonl.gz"
    capsys.readouterr()
    assert main(["backup", str(saved)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"backup written to {saved}: 2 network(s), 8 round(s), ")
    target = f"sqlite:///{tmp_path / 'target.db'}"
    monkeypatch.setattr(sys, "stdin", open("/dev/null"))  # noqa: SIM115 - not a terminal
    assert main(["--db", target, "restore", str(saved)]) == 2
    captured = capsys.readouterr()
    assert "holds 2 network(s), 8 round(s)" in captured.out
    assert captured.err.startswith("error: a restore replaces everything in the store at")
    assert captured.err.count("\n") == 1
    assert contents(get_engine(target))["rounds"] == []
    assert main(["--db", target, "restore", str(saved), "--yes"]) == 0
    assert capsys.readouterr().out.startswith(f"restored {saved}: 2 network(s), 8 round(s)")
    assert contents(get_engine(target)) == expected


def test_cli_refuses_a_damaged_backup_in_one_line(store_url, tmp_path, capsys):
    assert main(["demo"]) == 0
    before = contents(get_engine(store_url))
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(b"\x1f\x8b\x08\x00 truncated")
    missing = tmp_path / "missing.jsonl.gz"
    capsys.readouterr()
    for path, message in [(damaged, "damaged or incomplete"), (missing, "No such file")]:
        assert main(["restore", str(path), "--yes"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ")
        assert message in err
        assert err.count("\n") == 1
    assert contents(get_engine(store_url)) == before


def test_backup_files_are_readable_by_their_owner_only(store, tmp_path):
    saved = tmp_path / "b.jsonl.gz"
    backup.backup(store, saved)
    assert saved.stat().st_mode & 0o777 == 0o600


def test_a_backup_path_in_a_missing_folder_is_refused(store, tmp_path):
    with pytest.raises(FileNotFoundError):
        backup.backup(store, tmp_path / "nowhere" / "b.jsonl.gz")


@pytest.mark.parametrize("case", ["a maturity level of 9", "a minimum group size of 1"])
def test_cli_names_the_broken_rule_in_one_line(any_store_url, demo_backup, tmp_path, capsys, case):
    edit, message = CRAFTED[case]
    crafted = tmp_path / "crafted.jsonl.gz"
    crafted.write_bytes(rewrite(demo_backup, edit))
    assert main(["--db", any_store_url, "restore", str(crafted), "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}")
    assert "--db URL" not in err
    assert err.count("\n") == 1
