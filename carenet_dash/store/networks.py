"""A network's life: renamed, deleted (on a typed confirmation), and the demo networks
marked as such and removable for good."""

from __future__ import annotations

from sqlalchemy import Engine, delete, func, select, update

from carenet_dash.errors import CareNetError, NotFound
from carenet_dash.labels import clean_label, same_label
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.models import Network, StoreState
from carenet_dash.store.queries import NetworkInfo
from carenet_dash.store.writes import utc_now


def rename_network(engine: Engine, network_id: int, name: str) -> str:
    """Give a network a new name (tidied as every network name is); returns it. Refused when
    another network has that name (spacing and case aside) or the name is empty."""
    name = clean_label(name, "network name")
    with write_transaction(engine) as conn:
        rows = conn.execute(select(Network.id, Network.name)).all()
        if not any(row.id == network_id for row in rows):
            raise NotFound(f"no network with id {network_id}; it may have been deleted")
        taken = next(
            (r.name for r in rows if r.id != network_id and same_label(r.name, name)), None
        )
        if taken is not None:
            raise CareNetError(
                f"another network is called {taken!r} already; choose a different name"
            )
        conn.execute(update(Network).where(Network.id == network_id).values(name=name))
    return name


def delete_network(engine: Engine, network_id: int, confirm: str) -> str:
    """Delete a network with every round, comment and workshop record it holds, once its name
    has been typed as ``confirm`` (spacing and case aside); returns the name deleted.

    Deleting a demo network removes the demo for good: it is never seeded again.
    """
    with write_transaction(engine) as conn:
        row = conn.execute(
            select(Network.name, Network.is_demo).where(Network.id == network_id)
        ).first()
        if row is None:
            raise NotFound(f"no network with id {network_id}; it may have been deleted")
        if not same_label(row.name, confirm or ""):
            raise CareNetError(
                f"to delete the network, type its name exactly: {row.name!r} "
                f"(typed {confirm!r}); nothing was deleted"
            )
        conn.execute(delete(Network).where(Network.id == network_id))
        if row.is_demo:
            _remember_demo_removed(conn)
    return row.name


def remove_demo(engine: Engine) -> list[str]:
    """Delete every demo network and keep them from coming back; returns the names removed."""
    with write_transaction(engine) as conn:
        names = list(conn.execute(select(Network.name).where(Network.is_demo)).scalars())
        conn.execute(delete(Network).where(Network.is_demo))
        _remember_demo_removed(conn)
    return names


def _remember_demo_removed(conn) -> None:
    conn.execute(update(StoreState).where(StoreState.id == 1).values(demo_removed_at=utc_now()))


def allow_demo_again(engine: Engine) -> None:
    """Forget that the demo was removed (`demo --reset` asks for it explicitly)."""
    with write_transaction(engine) as conn:
        conn.execute(update(StoreState).where(StoreState.id == 1).values(demo_removed_at=None))


def mark_demo(engine: Engine, network_id: int) -> None:
    with write_transaction(engine) as conn:
        conn.execute(update(Network).where(Network.id == network_id).values(is_demo=True))


def demo_declined(engine: Engine) -> str | None:
    """Why the demo networks are not to be seeded into this store, or None when they may be:
    the lead removed them, or the store holds a network of the lead's own."""
    with read_connection(engine) as conn:
        removed = conn.execute(
            select(StoreState.demo_removed_at).where(StoreState.id == 1)
        ).scalar()
        own = conn.execute(
            select(func.count()).select_from(Network).where(~Network.is_demo)
        ).scalar_one()
    if removed is not None:
        return f"the demo networks were removed from this store on {removed:%d %B %Y}"
    if own:
        return "this store holds a network of your own"
    return None


def own_network(found: list[NetworkInfo]) -> NetworkInfo | None:
    """The network to open on: the first of the lead's own (not a demo), else the first."""
    return next((n for n in found if not n.is_demo), found[0] if found else None)
