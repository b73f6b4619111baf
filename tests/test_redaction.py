"""Comment redaction and the comment threshold in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event, func, inspect, select

from carenet_dash import backup
from carenet_dash.errors import CareNetError, NotFound
from carenet_dash.store import queries, writes
from carenet_dash.store.engine import make_engine, revision
from carenet_dash.store.migrate import current_revision, downgrade, head_revision, upgrade
from carenet_dash.store.models import Comment, Network, Round
from carenet_dash.store.opening import get_engine
from carenet_dash.store.redaction import (
    REDACTED_TEXT,
    Redaction,
    comment_min_size,
    redact_comment,
    redactions,
    set_comment_min_size,
)
from tests.conftest import HAND_ANSWERS, make_responses

SECRET = "Ask Zebedee Quartermaine in finance, she knows what happened at the March board"


def a_round(engine, mini, network: str = "Network", label: str = "2026 Q1") -> int:
    comments = [
        (1, "comments", SECRET),
        (2, "comments", "More joint training"),
        (3, "b_comments", "B is going well"),
    ]
    return writes.import_round(
        engine,
        writes.RoundMeta(network=network, label=label),
        mini,
        make_responses(HAND_ANSWERS, comments=comments),
    )


def comment_rows(engine) -> list[tuple]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Comment.id, Comment.question_id, Comment.text, Comment.redacted_on).order_by(
                Comment.id
            )
        ).all()
        conn.rollback()
    return [tuple(r) for r in rows]


def test_a_redaction_replaces_the_text_keeps_the_day_and_moves_the_revision(any_store, mini):
    round_id = a_round(any_store, mini)
    before = comment_rows(any_store)
    secret_id = next(c[0] for c in before if c[2] == SECRET)
    start = revision(any_store)

    redact_comment(any_store, secret_id, on=dt.date(2026, 12, 1))

    after = comment_rows(any_store)
    redacted = (REDACTED_TEXT, dt.date(2026, 12, 1))
    assert after == [
        (cid, question, *redacted) if cid == secret_id else (cid, question, text, None)
        for cid, question, text, _ in before
    ]
    assert revision(any_store) == start + 1  # caches keyed on the revision see the change
    texts = queries.comments(any_store, [round_id])["text"].tolist()
    assert SECRET not in texts
    assert REDACTED_TEXT in texts


def test_redacting_twice_keeps_the_first_day(any_store, mini):
    a_round(any_store, mini)
    comment_id = comment_rows(any_store)[0][0]
    redact_comment(any_store, comment_id, on=dt.date(2026, 12, 1))
    redact_comment(any_store, comment_id, on=dt.date(2027, 1, 5))
    assert comment_rows(any_store)[0][2:] == (REDACTED_TEXT, dt.date(2026, 12, 1))


def test_an_unknown_comment_is_refused_and_nothing_changes(any_store, mini):
    a_round(any_store, mini)
    before, start = comment_rows(any_store), revision(any_store)
    with pytest.raises(NotFound, match="no comment with id 999999"):
        redact_comment(any_store, 999_999)
    assert comment_rows(any_store) == before
    assert revision(any_store) == start


def test_the_redacted_text_is_not_left_in_the_sqlite_files(store_url, mini, tmp_path):
    engine = get_engine(store_url)
    engine.dispose()
    # As a SQLite built without SECURE_DELETE would (Debian's zeroes freed bytes by default).
    event.listen(engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA secure_delete = OFF"))
    a_round(engine, mini)
    secret_id = next(c[0] for c in comment_rows(engine) if c[2] == SECRET)
    redact_comment(engine, secret_id)
    # Read while the app still has the store open (closing the last connection would
    # checkpoint the log by itself), as a copy of the folder taken now would be.
    files = [p for p in Path(tmp_path).iterdir() if p.name.startswith("store.db")]
    assert files
    pieces = [SECRET[i : i + 12].encode() for i in range(0, len(SECRET) - 12, 6)]
    for path in files:
        stored = path.read_bytes()
        assert not [p for p in pieces if p in stored], path.name
    with engine.connect() as conn:  # the connection's own setting is left as it was
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 0


def test_the_audit_list_names_day_round_and_question_never_the_text(any_store, mini):
    first = a_round(any_store, mini, label="2026 Q1")
    second = a_round(any_store, mini, label="2026 Q3")
    other = a_round(any_store, mini, network="Another network")
    network_id = queries.round_by_id(any_store, first).network_id
    ids = {(r, q): cid for cid, r, q in _comment_keys(any_store) if r in (first, second, other)}
    redact_comment(any_store, ids[(second, "b_comments")], on=dt.date(2026, 11, 2))
    redact_comment(any_store, ids[(first, "comments")], on=dt.date(2026, 12, 1))
    redact_comment(any_store, ids[(other, "comments")], on=dt.date(2026, 10, 1))

    found = redactions(any_store, network_id)
    assert found == [
        Redaction(ids[(second, "b_comments")], dt.date(2026, 11, 2), "2026 Q3", "b_comments"),
        Redaction(ids[(first, "comments")], dt.date(2026, 12, 1), "2026 Q1", "comments"),
    ]
    assert not any(SECRET in str(r) or REDACTED_TEXT in str(r) for r in found)
    with pytest.raises(NotFound, match="no network with id 424242"):
        redactions(any_store, 424_242)


def _comment_keys(engine) -> list[tuple[int, int, str]]:
    """(comment id, round id, question id) of the first comment per round and question."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(func.min(Comment.id), Comment.round_id, Comment.question_id).group_by(
                Comment.round_id, Comment.question_id
            )
        ).all()
        conn.rollback()
    return [tuple(r) for r in rows]


def test_the_comment_threshold_is_k_until_set_and_never_below_k(any_store):
    network_id = writes.create_network(any_store, "Threshold network", min_group_size=5)
    assert comment_min_size(any_store, network_id) == 5
    set_comment_min_size(any_store, network_id, 10)
    assert comment_min_size(any_store, network_id) == 10

    start = revision(any_store)
    with pytest.raises(CareNetError, match=r"below the network's minimum group size \(5\)"):
        set_comment_min_size(any_store, network_id, 4)
    assert revision(any_store) == start
    assert comment_min_size(any_store, network_id) == 10

    writes.set_min_group_size(any_store, network_id, 12)  # k raised past the setting
    assert comment_min_size(any_store, network_id) == 12
    set_comment_min_size(any_store, network_id, None)
    with any_store.connect() as conn:
        stored = conn.execute(
            select(Network.comment_min_size).where(Network.id == network_id)
        ).scalar()
        conn.rollback()
    assert stored is None
    assert comment_min_size(any_store, network_id) == 12
    with pytest.raises(NotFound, match="no network with id 424242"):
        set_comment_min_size(any_store, 424_242, 8)


def test_a_backup_carries_redactions_and_the_threshold_across_backends(store_url, pg_url, mini):
    sqlite_store = get_engine(store_url)
    round_id = a_round(sqlite_store, mini)
    network_id = queries.round_by_id(sqlite_store, round_id).network_id
    secret_id = next(c[0] for c in comment_rows(sqlite_store) if c[2] == SECRET)
    redact_comment(sqlite_store, secret_id, on=dt.date(2026, 12, 1))
    set_comment_min_size(sqlite_store, network_id, 8)
    expected = comment_rows(sqlite_store)

    pg_store = get_engine(pg_url)
    backup.restore(pg_store, backup.backup_bytes(sqlite_store))
    assert comment_rows(pg_store) == expected
    assert comment_min_size(pg_store, network_id) == 8
    assert redactions(pg_store, network_id) == [
        Redaction(secret_id, dt.date(2026, 12, 1), "2026 Q1", "comments")
    ]
    assert backup.inspect_backup(backup.backup_bytes(pg_store)).rows["comments"] == 3


def test_migrating_from_0003_keeps_every_round_and_back_again(any_store_url, mini):
    engine = make_engine(any_store_url)
    upgrade(engine)
    a_round(engine, mini)
    downgrade(engine, "0003")
    columns = {c["name"] for c in inspect(engine).get_columns("comments")}
    assert "redacted_on" not in columns
    # Going back must not rebuild "networks": that would cascade-delete its rounds.
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Round)).scalar_one() == 1
        conn.rollback()

    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert {"redacted_on"} <= {c["name"] for c in inspect(engine).get_columns("comments")}
    assert {"comment_min_size"} <= {c["name"] for c in inspect(engine).get_columns("networks")}
    assert [row[3] for row in comment_rows(engine)] == [None, None, None]
    engine.dispose()
