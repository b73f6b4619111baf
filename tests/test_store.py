"""The store: migrations from empty, one-transaction imports, refusals that change nothing.

Every test here runs on SQLite and on PostgreSQL (the module's ``store`` is ``any_store``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, inspect, select

from carenet_dash import analysis
from carenet_dash.errors import CareNetError, ImportRefused, NotFound, StoreError
from carenet_dash.store import queries, writes
from carenet_dash.store.engine import make_engine, revision
from carenet_dash.store.migrate import current_revision, downgrade, head_revision, upgrade
from carenet_dash.store.models import Answer, Comment, Network, Respondent, RespondentSegment, Round
from carenet_dash.store.opening import get_engine
from tests.conftest import HAND_ANSWERS, make_responses

ROOT = Path(__file__).resolve().parents[1]
META = writes.RoundMeta(
    network="Test network", label="2026 Q1", fielded_on=dt.date(2026, 2, 15), invited=10,
    source_name="export.csv", source_sha256="a" * 64,
)  # fmt: skip


@pytest.fixture
def store(any_store):
    return any_store


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Network, Round, Respondent, RespondentSegment, Answer, Comment)
        }


def test_migrations_build_the_schema_from_empty_and_back(any_store_url):
    engine = make_engine(any_store_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"networks", "rounds", "respondents", "answers", "comments", "instruments"} <= tables
    upgrade(engine)  # a second start is a no-op
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()


def test_the_head_read_from_the_files_is_alembics_head():
    from alembic.script import ScriptDirectory

    from carenet_dash.store.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_stored_revision_read_in_one_query_is_alembics(any_store_url):
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(any_store_url)
    for target in ("0002", "head"):
        upgrade(engine, target)
        with engine.connect() as conn:
            expected = MigrationContext.configure(conn).get_current_revision()
        assert current_revision(engine) == expected
    engine.dispose()


def test_opening_an_up_to_date_store_loads_no_alembic(store_url):
    get_engine(store_url)  # migrated here, as the first start would
    check = (
        "import sys; from carenet_dash.store.opening import get_engine; "
        f"get_engine({store_url!r}); print(sorted(m for m in sys.modules if 'alembic' in m))"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_answers_migrate_to_key_order_and_back_with_their_data(any_store_url, mini):
    engine = make_engine(any_store_url)
    upgrade(engine)
    responses = make_responses(HAND_ANSWERS, segments={1: "X", 2: "Y", 3: None, 4: "X"})
    round_id = writes.import_round(engine, META, mini, responses)
    answers, segments = queries.answers(engine, [round_id]), queries.segments(engine, [round_id])

    def clustered() -> set[str]:
        if engine.dialect.name != "sqlite":
            return set()
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            return {name for name, sql in rows if "WITHOUT ROWID" in sql}

    expected = {"answers", "respondent_segments"} if engine.dialect.name == "sqlite" else set()
    assert clustered() == expected
    downgrade(engine, "0010_totals_checked")
    assert clustered() == set()
    upgrade(engine)
    assert clustered() == expected
    # A store from before both performance migrations moves up with its data too.
    downgrade(engine, "0009_comment_marks")
    assert clustered() == set()
    upgrade(engine)
    assert clustered() == expected
    pd.testing.assert_frame_equal(queries.answers(engine, [round_id]), answers)
    pd.testing.assert_frame_equal(queries.segments(engine, [round_id]), segments)
    writes.delete_round(engine, round_id)  # the cascade still reaches them
    assert table_counts(engine)["answers"] == table_counts(engine)["respondent_segments"] == 0
    engine.dispose()


def test_sqlite_gets_wal_foreign_keys_and_busy_timeout(store_url):
    with get_engine(store_url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_default_store_path_is_absolute(monkeypatch):
    from carenet_dash import config

    monkeypatch.delenv("CARENET_DB_URL", raising=False)
    url = config.database_url()
    assert url.startswith("sqlite:////")
    assert url.endswith("data/carenet.db")
    assert config.database_url("sqlite:////x.db") == "sqlite:////x.db"


def test_bad_store_urls_are_explained():
    with pytest.raises(StoreError, match="not a database URL"):
        make_engine("not a url")
    with pytest.raises(StoreError, match="unsupported store"):
        make_engine("mysql://x/y")


def test_an_import_lands_whole_and_reads_back(store, mini):
    responses = make_responses(
        HAND_ANSWERS,
        segments={1: "X", 2: "Y", 3: None, 4: "X"},
        comments=[(1, "comments", "More joint training"), (2, "b_comments", "=1+1 is text")],
    )
    before = revision(store)
    round_id = writes.import_round(store, META, mini, responses)
    assert revision(store) == before + 1
    assert table_counts(store) == {
        "networks": 1, "rounds": 1, "respondents": 4, "respondent_segments": 3,
        "answers": len(HAND_ANSWERS), "comments": 2,
    }  # fmt: skip
    info = queries.round_by_id(store, round_id)
    assert (info.label, info.respondents, info.invited) == ("2026 Q1", 4, 10)
    assert info.response_rate == pytest.approx(40.0)
    assert queries.instrument_snapshot(store, info.instrument_pk) == mini
    answers = queries.answers(store, [round_id])
    assert answers["not_applicable"].sum() == 2
    assert answers["score"].isna().sum() == 2
    segments = queries.segments(store, [round_id])
    assert sorted(segments["member_type"].dropna()) == ["X", "X", "Y"]
    notes = queries.comments(store, [round_id])
    assert list(notes["text"]) == ["More joint training", "=1+1 is text"]


def test_counts_follow_imports_replacements_and_deletions(store, mini):
    """Respondents per round and rounds per network, each read for one round or network,
    stay right as rounds come and go in several networks."""

    def meta(network: str, label: str, sha: str) -> writes.RoundMeta:
        return writes.RoundMeta(network=network, label=label, source_sha256=sha * 64)

    people = [r for r, *_ in HAND_ANSWERS]
    first_three = [a for a in HAND_ANSWERS if a[0] in sorted(set(people))[:3]]
    one = writes.import_round(
        store, meta("North", "2026 Q1", "1"), mini, make_responses(HAND_ANSWERS)
    )
    two = writes.import_round(
        store, meta("North", "2026 Q2", "2"), mini, make_responses(first_three)
    )
    other = writes.import_round(
        store, meta("South", "2026 Q1", "3"), mini, make_responses(HAND_ANSWERS[:5])
    )
    writes.create_network(store, "East")  # no rounds yet
    north, south, east = (queries.network_by_name(store, n) for n in ("North", "South", "East"))
    assert [r.respondents for r in queries.rounds(store, north.id)] == [4, 3]
    assert queries.round_by_id(store, other).respondents == 1
    assert queries.round_counts(store) == {north.id: 2, south.id: 1}
    assert queries.network_by_id(store, east.id) == east
    assert queries.network_by_name(store, "  south ") == south

    replaced = writes.import_round(
        store, meta("North", "2026 Q2", "4"), mini, make_responses(HAND_ANSWERS[:5]), replace=True
    )
    assert queries.round_by_id(store, replaced).respondents == 1
    assert queries.round_by_id(store, one).respondents == 4
    writes.delete_round(store, one)
    assert [(r.id, r.respondents) for r in queries.rounds(store, north.id)] == [(replaced, 1)]
    writes.delete_network(store, south.id)
    assert queries.round_counts(store) == {north.id: 1}
    with pytest.raises(NotFound):
        queries.round_by_id(store, two)
    with pytest.raises(NotFound):
        queries.network_by_id(store, south.id)
    assert not queries.is_empty(store)


def test_scores_from_the_store_equal_the_hand_computation(store, mini):
    round_id = writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    data = analysis.load_round(store, round_id)
    scores = analysis.dimension_scores(data, min_size=2).set_index("dimension_id")
    assert scores.loc["a", "mean"] == pytest.approx(17 / 6)
    assert scores.loc["b", "mean"] == pytest.approx(11 / 3)
    # With the minimum at 3, A (n=2) is hidden: no mean, no n, no band.
    hidden = analysis.dimension_scores(data, min_size=3).set_index("dimension_id")
    assert hidden.loc["a", "status"] == "hidden"
    assert hidden.loc[["a"], ["mean", "n", "sd", "favourable_pct"]].isna().all(axis=None)
    assert hidden.loc["a", "band"] is None
    assert hidden.loc["b", "mean"] == pytest.approx(11 / 3)


def test_the_same_file_twice_is_refused_naming_the_round(store, mini):
    writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    counts = table_counts(store)
    again = writes.RoundMeta(**{**META.__dict__, "label": "2026 Q2"})
    with pytest.raises(ImportRefused, match="already imported as round '2026 Q1'"):
        writes.import_round(store, again, mini, make_responses(HAND_ANSWERS))
    assert table_counts(store) == counts


def test_a_used_label_is_refused_unless_replaced(store, mini):
    writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    other_file = writes.RoundMeta(**{**META.__dict__, "source_sha256": "b" * 64})
    with pytest.raises(ImportRefused, match="already has a round '2026 Q1'"):
        writes.import_round(store, other_file, mini, make_responses(HAND_ANSWERS[:5]))
    round_id = writes.import_round(
        store, other_file, mini, make_responses(HAND_ANSWERS[:5]), replace=True
    )
    assert [
        r.id for r in queries.rounds(store, queries.network_by_name(store, "Test network").id)
    ] == [round_id]
    assert table_counts(store)["respondents"] == 1


def test_a_label_differing_only_in_case_or_spacing_is_the_same_round(store, mini):
    # The bug: "2026 Q3" stored, "2026 q3" uploaded with replace, two rounds in the network.
    writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    network = queries.network_by_name(store, "Test network")
    for spelling in ("2026 q1", " 2026  Q1 "):
        other_file = writes.RoundMeta(
            **{**META.__dict__, "label": spelling, "source_sha256": "b" * 64}
        )
        with pytest.raises(ImportRefused, match="already has a round '2026 Q1'"):
            writes.import_round(store, other_file, mini, make_responses(HAND_ANSWERS[:5]))
    round_id = writes.import_round(
        store, other_file, mini, make_responses(HAND_ANSWERS[:5]), replace=True
    )
    assert [(r.id, r.label) for r in queries.rounds(store, network.id)] == [(round_id, "2026 Q1")]
    assert queries.round_by_label(store, network.id, "2026 q1").id == round_id
    assert queries.round_label_in_use(store, "test NETWORK", "2026  q1")
    assert not queries.round_label_in_use(store, "Test network", "2026 Q2")


def test_a_network_name_differing_only_in_case_or_spacing_is_the_same_network(store, mini):
    writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    meta = writes.RoundMeta(network="  test   NETWORK", label="2026 Q2", source_sha256="b" * 64)
    writes.import_round(store, meta, mini, make_responses(HAND_ANSWERS[:5]))
    assert writes.create_network(store, "TEST network") == writes.create_network(
        store, "Test network"
    )
    (network,) = queries.networks(store)
    assert network.name == "Test network"
    assert [r.label for r in queries.rounds(store, network.id)] == ["2026 Q1", "2026 Q2"]


def test_a_round_cannot_be_renamed_to_another_rounds_label(store, mini):
    first = writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    meta = writes.RoundMeta(network="Test network", label="2026 Q2", source_sha256="b" * 64)
    second = writes.import_round(store, meta, mini, make_responses(HAND_ANSWERS[:5]))
    with pytest.raises(CareNetError, match="already has a round called '2026 Q1'"):
        writes.update_round(store, second, label="2026 q1")
    writes.update_round(store, first, label="2026 q1")  # its own label, respelled
    assert queries.round_by_id(store, first).label == "2026 q1"


def test_a_failure_mid_import_leaves_the_store_unchanged(store, mini, monkeypatch):
    writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    counts, rev = table_counts(store), revision(store)
    real_insert = writes._insert_responses

    def insert_then_fail(*args, **kwargs):
        # Fail after the round, respondents and answers are written, as a crash or a full
        # disk would: the whole transaction, new network included, must roll back.
        real_insert(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(writes, "_insert_responses", insert_then_fail)
    meta = writes.RoundMeta(network="Another network", label="2026 Q2", source_sha256="c" * 64)
    with pytest.raises(OSError, match="disk full"):
        writes.import_round(store, meta, mini, make_responses(HAND_ANSWERS))
    assert table_counts(store) == counts
    assert revision(store) == rev


def test_invited_below_respondents_and_empty_labels_are_refused(store, mini):
    with pytest.raises(CareNetError, match=r"number invited \(2\) is smaller"):
        writes.import_round(
            store, writes.RoundMeta(network="N", label="L", invited=2), mini,
            make_responses(HAND_ANSWERS),
        )  # fmt: skip
    with pytest.raises(CareNetError, match="round label is empty"):
        writes.import_round(
            store, writes.RoundMeta(network="N", label="  "), mini, make_responses(HAND_ANSWERS)
        )
    assert table_counts(store)["rounds"] == 0


def test_edit_and_delete_a_round(store, mini):
    round_id = writes.import_round(store, META, mini, make_responses(HAND_ANSWERS))
    writes.update_round(store, round_id, label="Spring 2026", invited=20)
    info = queries.round_by_id(store, round_id)
    assert (info.label, info.invited) == ("Spring 2026", 20)
    writes.delete_round(store, round_id)
    assert table_counts(store) == {
        "networks": 1, "rounds": 0, "respondents": 0, "respondent_segments": 0,
        "answers": 0, "comments": 0,
    }  # fmt: skip


def test_minimum_group_size_cannot_go_below_three(store):
    network_id = writes.create_network(store, "Small network")
    with pytest.raises(CareNetError, match="cannot be below 3"):
        writes.set_min_group_size(store, network_id, 2)
    writes.set_min_group_size(store, network_id, 8)
    assert queries.network_by_id(store, network_id).min_group_size == 8


def test_responses_that_do_not_fit_are_caught_before_writing(store, mini):
    orphan = make_responses(HAND_ANSWERS)
    orphan.answers.loc[len(orphan.answers)] = [99, "a1", 3, False]
    with pytest.raises(ValueError, match="rows with no respondent"):
        writes.import_round(store, META, mini, orphan)
    twice = make_responses([*HAND_ANSWERS, HAND_ANSWERS[0]])
    with pytest.raises(ValueError, match="two answers to the same item"):
        writes.import_round(store, META, mini, twice)
    assert table_counts(store)["rounds"] == 0


def test_networks_are_listed_by_name_the_same_way_on_every_backend(store):
    for name in ["riverside", "Beacon", "Árbol", "alder"]:
        writes.create_network(store, name)
    assert [n.name for n in queries.networks(store)] == ["alder", "Beacon", "riverside", "Árbol"]


def test_each_respondent_keeps_their_own_answers_and_segment_across_insert_batches(store, mini):
    # 2,500 respondents is more than one batch of RETURNING ids: every id must still come back
    # in row order, or answers and segments would land on the wrong respondent.
    n = 2500
    options = ["X", "Y", "Z"]
    answers = [(i, "a1", i % 5 + 1, False) for i in range(n)]
    responses = make_responses(answers, segments={i: options[i % 3] for i in range(n)})
    meta = writes.RoundMeta(network="Large network", label="2026 Q1")
    round_id = writes.import_round(store, meta, mini, responses)
    with store.connect() as conn:
        rows = conn.execute(
            select(Respondent.source_hash, Answer.score, RespondentSegment.value)
            .join(Answer, Answer.respondent_id == Respondent.id)
            .join(RespondentSegment, RespondentSegment.respondent_id == Respondent.id)
            .where(Respondent.round_id == round_id)
        ).all()
        conn.rollback()
    assert len(rows) == n
    for source_hash, score, segment in rows:
        i = int(source_hash[1:])
        assert (score, segment) == (i % 5 + 1, options[i % 3])


def test_rounds_without_a_date_sort_last_on_every_backend(store, mini):
    for label, day in [
        ("Undated", None),
        ("Later", dt.date(2026, 5, 1)),
        ("Earlier", dt.date(2026, 2, 1)),
    ]:
        writes.import_round(
            store, writes.RoundMeta(network="Dates", label=label, fielded_on=day), mini,
            make_responses(HAND_ANSWERS),
        )  # fmt: skip
    network = queries.network_by_name(store, "Dates")
    assert [r.label for r in queries.rounds(store, network.id)] == ["Earlier", "Later", "Undated"]
