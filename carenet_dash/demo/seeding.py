"""The demo networks written to a store: their rounds, then their workshop records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from carenet_dash.demo.generation import demo_rounds
from carenet_dash.demo.story import CANCER, CHILDREN, DEMO_NETWORKS, SOURCE_NAME
from carenet_dash.errors import ImportRefused, NotFound
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import networks, queries, workshop_queries, workshop_writes, writes


def seed_demo(engine: Engine, reset: bool = False) -> int:
    """Write the demo networks' rounds to the store; returns how many rounds were written.

    Nothing is written once the lead removed the demo networks, or once the store holds a
    network of the lead's own (see store.networks.demo_declined): a real store is never mixed
    with fictional members again. With ``reset`` (asked for explicitly) the demo networks are
    deleted and written afresh whatever the store holds. Otherwise rounds already stored (by
    label) are left alone, so seeding twice is harmless. Each demo network's workshop records
    (actions, notes, matrix sessions) are added once, after its rounds (see seed_workshop).
    """
    if reset:
        networks.allow_demo_again(engine)
    elif networks.demo_declined(engine) is not None:
        return 0
    instrument = get_instrument()
    existing: dict[str, set[str]] = {}
    for name in DEMO_NETWORKS:
        try:
            network = queries.network_by_name(engine, name)
        except NotFound:
            networks.mark_demo(engine, writes.create_network(engine, name))
            existing[name] = set()
            continue
        if reset:
            writes.delete_network(engine, network.id)
            networks.mark_demo(engine, writes.create_network(engine, name))
            existing[name] = set()
        else:
            existing[name] = {r.label for r in queries.rounds(engine, network.id)}
    written = 0
    for demo in demo_rounds():
        if demo.label in existing[demo.network]:
            continue
        try:
            writes.import_round(
                engine,
                writes.RoundMeta(
                    network=demo.network,
                    label=demo.label,
                    fielded_on=demo.fielded_on,
                    invited=demo.invited,
                    source_name=SOURCE_NAME,
                    source_sha256=None,
                ),
                instrument,
                demo.responses,
            )
        except ImportRefused:
            continue  # another process (a second browser tab, a second server) seeded it first
        written += 1
    for name in DEMO_NETWORKS:
        seed_workshop(engine, queries.network_by_name(engine, name))
    return written


# Workshop records: what each demo network agreed at its 2026 Q2 workshop (some done by Q3, some
# still open, one older action carried over from Q1), a note or two, and maturity-matrix sessions
# (the children's network held one after Q2 and one after Q3), so the Workshop page opens on
# "what we agreed last time" and on levels that moved. Owners are roles, never people.


@dataclass(frozen=True)
class _Agreed:
    round: str
    dimension: str | None  # None: network-wide
    what: str
    owner: str
    due_on: dt.date
    status: str


@dataclass(frozen=True)
class _Session:
    held_on: dt.date
    round: str
    levels: dict[str, tuple[int, int]]  # dimension id -> (current, target)


DEMO_ACTIONS: dict[str, tuple[_Agreed, ...]] = {
    CHILDREN.name: (
        _Agreed("2026 Q1", None, "Agree a shared data set on waiting times for community "
                "paediatrics", "Data and intelligence group", dt.date(2026, 4, 30),
                "in_progress"),
        _Agreed("2026 Q2", None, "Share these results with each member organisation's board",
                "Network lead", dt.date(2026, 6, 30), "done"),
        _Agreed("2026 Q2", "membership", "Invite the parent carer forum to co-chair one "
                "network meeting a quarter", "Parent carer forum", dt.date(2026, 9, 30),
                "open"),
        _Agreed("2026 Q2", "governance", "Publish a one-page guide to how the network makes "
                "decisions and who takes part", "Steering group chair", dt.date(2026, 8, 31),
                "done"),
        _Agreed("2026 Q2", "governance", "Offer a rotating steering group seat to voluntary "
                "sector and parent carer members", "Steering group", dt.date(2026, 10, 31),
                "open"),
        _Agreed("2026 Q2", "communication", "Keep the monthly bulletin and add a page on what "
                "changed because of members' feedback", "Communications lead",
                dt.date(2026, 7, 31), "done"),
        _Agreed("2026 Q2", "resources", "Ask the commissioning partners to fund a part-time "
                "network coordinator from April 2027", "Network lead", dt.date(2026, 9, 30),
                "in_progress"),
        _Agreed("2026 Q2", "resources", "Map how much staff time each member organisation "
                "releases for network work", "Voluntary sector forum", dt.date(2026, 7, 31),
                "done"),
        _Agreed("2026 Q2", "impact", "Collect three short stories of a difference the network "
                "made, for the annual report", "Impact and learning group",
                dt.date(2026, 9, 15), "dropped"),
    ),
    CANCER.name: (
        _Agreed("2026 Q1", "communication", "Set up a shared calendar of support groups across "
                "the region", "Communications group", dt.date(2026, 5, 31), "open"),
        _Agreed("2026 Q2", "value", "Poll members on what they want from meetings before the "
                "autumn meeting", "Patient and carer panel", dt.date(2026, 8, 31), "done"),
        _Agreed("2026 Q2", "value", "Try a shorter online meeting for members who travel far",
                "Network coordinator", dt.date(2026, 10, 31), "open"),
        _Agreed("2026 Q2", "membership", "Update the welcome pack for new patient members",
                "Voluntary sector partner", dt.date(2026, 7, 15), "done"),
        _Agreed("2026 Q2", "leadership", "Introduce the new network lead at each member "
                "organisation's team meeting", "Network lead", dt.date(2026, 7, 31), "done"),
        _Agreed("2026 Q2", "leadership", "Set up co-chairing with a patient representative",
                "Network board", dt.date(2026, 9, 30), "in_progress"),
        _Agreed("2026 Q2", "resources", "Bid for charitable funding for a peer support "
                "coordinator", "Network board", dt.date(2026, 9, 30), "dropped"),
    ),
}  # fmt: skip

DEMO_NOTES: dict[str, tuple[tuple[str, str | None, str], ...]] = {
    CHILDREN.name: (
        ("2026 Q2", "governance", "Voluntary sector members said decisions often feel made "
         "before the meeting; statutory members were surprised to hear it."),
        ("2026 Q2", "resources", "Coordination now rests on goodwill; two members said they "
         "can no longer give the time they did last year."),
    ),
    CANCER.name: (
        ("2026 Q2", "leadership", "The room wants to hear the new lead's plans before judging; "
         "several members missed the handover."),
    ),
}  # fmt: skip

DEMO_SESSIONS: dict[str, tuple[_Session, ...]] = {
    CHILDREN.name: (
        _Session(dt.date(2026, 6, 11), "2026 Q2", {
            "purpose": (3, 4), "value": (3, 4), "trust": (3, 4), "membership": (2, 4),
            "leadership": (4, 4), "governance": (2, 4), "communication": (2, 4),
            "resources": (3, 4), "impact": (2, 3),
        }),
        _Session(dt.date(2026, 9, 17), "2026 Q3", {
            "purpose": (3, 4), "value": (3, 4), "trust": (3, 4), "membership": (2, 4),
            "leadership": (4, 4), "governance": (2, 4), "communication": (3, 4),
            "resources": (2, 4), "impact": (3, 4),
        }),
    ),
    CANCER.name: (
        _Session(dt.date(2026, 6, 18), "2026 Q2", {
            "purpose": (4, 4), "value": (2, 4), "trust": (3, 4), "membership": (3, 4),
            "leadership": (2, 4), "governance": (2, 3), "communication": (3, 4),
            "resources": (2, 3), "impact": (3, 4),
        }),
    ),
}  # fmt: skip


def seed_workshop(engine: Engine, network: queries.NetworkInfo) -> bool:
    """Write a demo network's agreed actions, notes and matrix sessions, unless it already
    holds a workshop record of any kind (an earlier seeding, or the lead's own): seeding twice
    adds nothing, and nothing the lead recorded is mixed with invented records.

    Returns True when the records were written.
    """
    if (
        workshop_queries.actions(engine, network.id)
        or workshop_queries.notes(engine, network.id)
        or workshop_queries.matrix_sessions(engine, network.id)
    ):
        return False
    rounds = {r.label: r.id for r in queries.rounds(engine, network.id)}
    for action in DEMO_ACTIONS.get(network.name, ()):
        workshop_writes.record_action(
            engine,
            rounds[action.round],
            action.what,
            owner=action.owner,
            due_on=action.due_on,
            status=action.status,
            dimension_id=action.dimension,
        )
    for label, dimension_id, text in DEMO_NOTES.get(network.name, ()):
        workshop_writes.record_note(engine, rounds[label], text, dimension_id=dimension_id)
    for session in DEMO_SESSIONS.get(network.name, ()):
        workshop_writes.record_matrix_session(
            engine,
            network.id,
            session.held_on,
            [
                workshop_writes.MatrixEntry(d, now, target)
                for d, (now, target) in session.levels.items()
            ],
            round_id=rounds[session.round],
        )
    return True
