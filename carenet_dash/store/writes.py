"""Every write to the store, each in one transaction that lands whole or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from carenet_dash import scoring
from carenet_dash.config import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR
from carenet_dash.errors import CareNetError, ImportRefused, NotFound
from carenet_dash.instrument import Instrument
from carenet_dash.labels import clean_label, find_label
from carenet_dash.responses import Responses
from carenet_dash.store import fingerprints, queries, ties
from carenet_dash.store.bulk import bulk_insert
from carenet_dash.store.engine import write_transaction
from carenet_dash.store.models import (
    Action,
    Answer,
    ColumnMapping,
    Comment,
    DimensionTotal,
    InstrumentSnapshot,
    MatrixSession,
    Network,
    RespondentSegment,
    Round,
    StoreState,
    WorkshopNote,
)
from carenet_dash.store.models import Respondent as RespondentRow


@dataclass(frozen=True)
class RoundMeta:
    """What the lead says about a round when importing it."""

    network: str
    label: str
    fielded_on: dt.date | None = None
    invited: int | None = None
    source_name: str | None = None
    source_sha256: str | None = None


def check_invited(invited: int | None, respondents: int | None = None) -> int | None:
    if invited is None:
        return None
    if invited < 1:
        raise CareNetError(f"the number invited must be at least 1, not {invited}")
    if respondents is not None and invited < respondents:
        raise CareNetError(
            f"the number invited ({invited}) is smaller than the respondents kept "
            f"({respondents}); check the figure or leave it blank"
        )
    return invited


def check_min_group_size(size: int) -> int:
    if size < MIN_GROUP_SIZE_FLOOR:
        raise CareNetError(
            f"the minimum group size cannot be below {MIN_GROUP_SIZE_FLOOR} (asked for {size}): "
            "smaller groups could identify members"
        )
    return size


def _named_network(conn: Connection, name: str) -> int | None:
    """The id of the network called ``name`` (see labels.same_label), if there is one."""
    exact = conn.execute(select(Network.id).where(Network.name == name)).scalar()
    if exact is not None:
        return exact
    networks = conn.execute(select(Network.id, Network.name)).all()
    found = find_label(networks, name, lambda row: row.name)
    return None if found is None else found.id


def _round_called(conn: Connection, network_id: int, label: str) -> Row | None:
    """The network's round (id, label) of this label (see labels.same_label), if any."""
    rounds = conn.execute(select(Round.id, Round.label).where(Round.network_id == network_id)).all()
    return find_label(rounds, label, lambda row: row.label)


def _network_id(conn: Connection, name: str, create: bool) -> int:
    found = _named_network(conn, name)
    if found is not None:
        return found
    if not create:
        raise NotFound(f"no network called {name!r}")
    return conn.execute(
        insert(Network)
        .values(name=name, min_group_size=DEFAULT_MIN_GROUP_SIZE, created_at=utc_now())
        .returning(Network.id)
    ).scalar_one()


def instrument_pk(conn: Connection, instrument: Instrument) -> int:
    found = conn.execute(
        select(InstrumentSnapshot.id).where(InstrumentSnapshot.sha256 == instrument.sha256)
    ).scalar()
    if found is not None:
        return found
    return conn.execute(
        insert(InstrumentSnapshot)
        .values(
            instrument_id=instrument.id,
            version=instrument.version,
            name=instrument.name,
            sha256=instrument.sha256,
            definition=instrument.definition(),
            created_at=utc_now(),
        )
        .returning(InstrumentSnapshot.id)
    ).scalar_one()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def create_network(engine: Engine, name: str, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> int:
    """A new network, or the existing one of that name (left as it is); returns its id."""
    name = clean_label(name, "network name")
    check_min_group_size(min_group_size)
    with write_transaction(engine) as conn:
        found = _named_network(conn, name)
        if found is not None:
            return found
        return conn.execute(
            insert(Network)
            .values(name=name, min_group_size=min_group_size, created_at=utc_now())
            .returning(Network.id)
        ).scalar_one()


def set_min_group_size(engine: Engine, network_id: int, size: int) -> None:
    check_min_group_size(size)
    with write_transaction(engine) as conn:
        conn.execute(update(Network).where(Network.id == network_id).values(min_group_size=size))


def set_viewer_downloads(engine: Engine, network_id: int, allowed: bool) -> None:
    """Whether people signed in as viewers may download this network's tables as CSV."""
    with write_transaction(engine) as conn:
        changed = conn.execute(
            update(Network).where(Network.id == network_id).values(viewer_downloads=bool(allowed))
        ).rowcount
        if not changed:
            raise NotFound(f"no network with id {network_id}; it may have been deleted")


def import_round(
    engine: Engine,
    meta: RoundMeta,
    instrument: Instrument,
    responses: Responses,
    *,
    replace: bool = False,
    column_mappings: Sequence[tuple[str, str, str | None]] = (),
    refuse_repeats: bool = False,
) -> int:
    """Write a round and all its responses in one transaction; returns the round id.

    Refuses (ImportRefused, store unchanged) a file already stored, a label already used in
    the network unless ``replace``, and a round with no respondents; with ``refuse_repeats``
    (every import of a file) also responses the network holds as another round already.
    ``column_mappings`` (column, target kind, target id) are saved for the network in the same
    transaction.
    """
    label = clean_label(meta.label)
    network_name = clean_label(meta.network, "network name")
    responses.validate(instrument)
    if responses.respondent_count == 0:
        raise ImportRefused("the file has no respondents to import; check it holds answers")
    invited = check_invited(meta.invited, responses.respondent_count)
    try:
        with write_transaction(engine) as conn:
            network_id = _network_id(conn, network_name, create=True)
            _save_column_mappings(conn, network_id, instrument.id, column_mappings)
            same = _round_called(conn, network_id, label)
            existing = None if same is None else same.id
            if meta.source_sha256:
                _refuse_known_file(
                    conn, meta.source_sha256, replacing=existing if replace else None
                )
            if existing is not None:
                if not replace:
                    raise ImportRefused(
                        f"network {network_name!r} already has a round {same.label!r}; choose "
                        "another label, or replace that round"
                    )
                # Replacing a round's export keeps its label as spelled, and what the
                # workshop recorded against it.
                label = same.label
                workshop = _workshop_of(conn, existing)
                conn.execute(delete(Round).where(Round.id == existing))
            if refuse_repeats:
                fingerprints.refuse_repeat(conn, network_id, responses.fingerprint)
            round_id = conn.execute(
                insert(Round)
                .values(
                    network_id=network_id,
                    instrument_pk=instrument_pk(conn, instrument),
                    label=label,
                    fielded_on=meta.fielded_on,
                    invited=invited,
                    source_name=meta.source_name,
                    source_sha256=meta.source_sha256,
                    imported_at=utc_now(),
                    fingerprint=responses.fingerprint,
                )
                .returning(Round.id)
            ).scalar_one()
            respondent_ids = _insert_responses(conn, round_id, instrument, responses)
            ties.write_round(
                conn, network_id, round_id, instrument, responses, respondent_ids=respondent_ids
            )
            insert_totals(
                conn,
                round_id,
                instrument,
                responses.answers.rename(columns={"row": "respondent_id"}),
            )
            if existing is not None:
                _reattach(conn, workshop, round_id)
    except IntegrityError as error:
        # Another process stored the same label or file between our check and our insert.
        raise ImportRefused(
            f"the store refused the round ({error.orig}); another import may have just stored "
            "it: reload and check the rounds list"
        ) from None
    return round_id


def _refuse_known_file(conn: Connection, sha256: str, replacing: int | None) -> None:
    row = conn.execute(
        select(Round.id, Round.label, Network.name)
        .join(Network, Network.id == Round.network_id)
        .where(Round.source_sha256 == sha256)
    ).first()
    if row is not None and row.id != replacing:
        raise ImportRefused(
            f"this exact file was already imported as round {row.label!r} of network "
            f"{row.name!r}; nothing was changed"
        )


def _insert_responses(
    conn: Connection, round_id: int, instrument: Instrument, responses: Responses
) -> np.ndarray:
    """The round's respondents, their segments, answers and comments; returns each row's
    respondent id (position = row)."""
    respondents = responses.respondents
    hashes = respondents.get("source_hash")
    given = hashes.tolist() if hashes is not None else [None] * len(respondents)
    bulk_insert(
        conn,
        RespondentRow.__table__,
        ["round_id", "source_hash", "content_hash"],
        zip([round_id] * len(given), map(_or_none, given), responses.row_hashes, strict=True),
    )
    # The round is new and ours alone until commit, and one executemany (or COPY) inserts in
    # order, so its respondents' ids in ascending order are the rows in order, on SQLite and
    # PostgreSQL. RETURNING in parameter order would cost one statement per row on SQLite.
    ids = np.asarray(
        conn.execute(
            select(RespondentRow.id)
            .where(RespondentRow.round_id == round_id)
            .order_by(RespondentRow.id)
        )
        .scalars()
        .all(),
        dtype=np.int64,
    )

    segment_rows: list[tuple[int, str, str]] = []
    for segment in instrument.segments:
        if segment.id not in respondents:
            continue
        values = respondents[segment.id]
        values = values[values.notna()]
        segment_rows += zip(
            ids[values.index.to_numpy()].tolist(),
            [segment.id] * len(values),
            values.astype(str).tolist(),
            strict=True,
        )
    bulk_insert(
        conn, RespondentSegment.__table__, ["respondent_id", "segment_id", "value"], segment_rows
    )

    answers = responses.answers
    # Plain Python ints, strings and None for the driver, converted in bulk: only the few
    # missing scores (not applicable) are touched one by one, and each item id is one shared
    # string rather than 300,000 copied out of Arrow.
    score = answers["score"]
    scores = score.to_numpy(dtype="int64", na_value=0).tolist()
    for position in np.flatnonzero(score.isna().to_numpy()).tolist():
        scores[position] = None
    codes, item_ids = pd.factorize(answers["item_id"])
    bulk_insert(
        conn,
        Answer.__table__,
        ["respondent_id", "item_id", "score", "not_applicable"],
        zip(
            ids[answers["row"].to_numpy(dtype=np.int64)].tolist(),
            np.asarray(item_ids, dtype=object)[codes].tolist(),
            scores,
            answers["not_applicable"].to_numpy(dtype=bool).tolist(),
            strict=True,
        ),
    )

    comments = responses.comments
    bulk_insert(
        conn,
        Comment.__table__,
        ["round_id", "respondent_id", "question_id", "text"],
        zip(
            [round_id] * len(comments),
            ids[comments["row"].to_numpy(dtype=np.int64)].tolist(),
            comments["question_id"].tolist(),
            comments["text"].astype(str).tolist(),
            strict=True,
        ),
    )
    return ids


def insert_totals(
    conn: Connection, round_id: int, instrument: Instrument, answers: pd.DataFrame
) -> None:
    """The round's dimension totals, scored by the same code the pages use."""
    totals = scoring.dimension_totals(scoring.respondent_scores(answers, instrument), instrument)
    bulk_insert(
        conn,
        DimensionTotal.__table__,
        ["round_id", "dimension_id", "n", "total", "squares", "scoring_version"],
        zip(
            [round_id] * len(totals),
            totals["dimension_id"].tolist(),
            totals["n"].tolist(),
            totals["total"].tolist(),
            totals["squares"].tolist(),
            [scoring.SCORING_VERSION] * len(totals),
            strict=True,
        ),
    )


def refresh_dimension_totals(engine: Engine, *, check_every_round: bool = False) -> int:
    """Score every stored round whose totals are missing or from older scoring rules (after
    an upgrade or a restore); returns how many rounds were scored.

    The store remembers the scoring version it last checked every round under, so a start
    with nothing to do costs one query whatever the store holds; ``check_every_round`` looks
    at each round regardless.
    """
    with engine.connect() as conn:
        checked = conn.execute(select(StoreState.totals_version)).scalar()
        if checked == scoring.SCORING_VERSION and not check_every_round:
            conn.rollback()
            return 0
        stale = conn.execute(
            select(Round.id, Round.instrument_pk).where(
                ~select(DimensionTotal.round_id)
                .where(
                    DimensionTotal.round_id == Round.id,
                    DimensionTotal.scoring_version == scoring.SCORING_VERSION,
                )
                .exists()
            )
        ).all()
        conn.rollback()
    for round_id, instrument_pk in stale:
        instrument = queries.instrument_snapshot(engine, instrument_pk)
        answers = queries.answers(engine, [round_id])
        with write_transaction(engine) as conn:
            conn.execute(delete(DimensionTotal).where(DimensionTotal.round_id == round_id))
            if conn.execute(select(Round.id).where(Round.id == round_id)).scalar() is None:
                continue  # deleted meanwhile
            insert_totals(conn, round_id, instrument, answers)
    if checked != scoring.SCORING_VERSION:
        # No revision bump: the mark changes no figure, so no cache need go stale.
        with engine.connect().execution_options(carenet_write=True) as conn, conn.begin():
            conn.execute(update(StoreState).values(totals_version=scoring.SCORING_VERSION))
    return len(stale)


def _or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def update_round(
    engine: Engine,
    round_id: int,
    *,
    label: str | None = None,
    fielded_on: dt.date | None = None,
    invited: int | None = None,
    clear_invited: bool = False,
) -> None:
    """Rename a round or change its date or invited count."""
    values: dict[str, object] = {}
    if label is not None:
        values["label"] = clean_label(label)
    if fielded_on is not None:
        values["fielded_on"] = fielded_on
    try:
        with write_transaction(engine) as conn:
            current = conn.execute(select(Round.network_id).where(Round.id == round_id)).scalar()
            if current is None:
                raise NotFound(f"no round with id {round_id}")
            if "label" in values:
                same = _round_called(conn, current, str(values["label"]))
                if same is not None and same.id != round_id:
                    raise CareNetError(
                        f"this network already has a round called {same.label!r}; pick another name"
                    )
            if invited is not None:
                respondents = conn.execute(
                    select(RespondentRow.id).where(RespondentRow.round_id == round_id)
                ).all()
                values["invited"] = check_invited(invited, len(respondents))
            elif clear_invited:
                values["invited"] = None
            if values:
                conn.execute(update(Round).where(Round.id == round_id).values(**values))
    except IntegrityError:
        raise CareNetError(
            f"this network already has a round called {values.get('label')!r}; pick another name"
        ) from None


def delete_round(engine: Engine, round_id: int) -> None:
    """Delete a round with its respondents, answers and comments. Workshop actions, notes and
    matrix sessions stay with the network, no longer tied to a round."""
    with write_transaction(engine) as conn:
        deleted = conn.execute(delete(Round).where(Round.id == round_id)).rowcount
        if not deleted:
            raise NotFound(f"no round with id {round_id}")


def delete_network(engine: Engine, network_id: int) -> None:
    """Delete a network and everything stored for it."""
    with write_transaction(engine) as conn:
        deleted = conn.execute(delete(Network).where(Network.id == network_id)).rowcount
        if not deleted:
            raise NotFound(f"no network with id {network_id}")


_ROUND_LINKED = (Action, WorkshopNote, MatrixSession)


def _workshop_of(conn: Connection, round_id: int) -> dict[type, list[int]]:
    """Ids of the workshop records attached to a round, to carry them over a replacement."""
    return {
        model: list(conn.execute(select(model.id).where(model.round_id == round_id)).scalars())
        for model in _ROUND_LINKED
    }


def _reattach(conn: Connection, records: dict[type, list[int]], round_id: int) -> None:
    for model, ids in records.items():
        if ids:
            conn.execute(update(model).where(model.id.in_(ids)).values(round_id=round_id))


def _save_column_mappings(
    conn: Connection,
    network_id: int,
    instrument_id: str,
    mappings: Sequence[tuple[str, str, str | None]],
) -> None:
    columns = [column[:500] for column, _, _ in mappings]
    if not columns:
        return
    conn.execute(
        delete(ColumnMapping).where(
            ColumnMapping.network_id == network_id,
            ColumnMapping.instrument_id == instrument_id,
            ColumnMapping.column.in_(columns),
        )
    )
    conn.execute(
        insert(ColumnMapping),
        [
            {
                "network_id": network_id,
                "instrument_id": instrument_id,
                "column": column,
                "target_kind": kind,
                "target_id": target,
                "updated_at": utc_now(),
            }
            for column, (_, kind, target) in zip(columns, mappings, strict=True)
        ],
    )
