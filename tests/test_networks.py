"""A network's life: renamed and deleted (a typed confirmation, the CLI too), and the demo
networks marked as demo, removable for good, and never seeded beside a real network."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from carenet_dash.cli import main
from carenet_dash.demo import DEMO_NETWORKS, seed_demo
from carenet_dash.errors import CareNetError
from carenet_dash.store import networks, queries, writes
from carenet_dash.store.engine import make_engine
from carenet_dash.store.migrate import downgrade, upgrade
from tests.analysis.conftest import GROUPS, _round
from tests.conftest import make_responses

OWN = "Our own network"


def own_round(store, mini, network=OWN):
    rows = [(p, "b1", 4, False) for p in GROUPS]
    return _round(store, mini, "2026 Q1", rows, network=network)


def names(store) -> list[str]:
    return [n.name for n in queries.networks(store)]


def test_a_network_is_renamed_and_a_taken_or_empty_name_is_refused(any_store, mini):
    own_round(any_store, mini)
    own_round(any_store, mini, network="Another network")
    network = queries.network_by_name(any_store, OWN)
    assert networks.rename_network(any_store, network.id, "  Riverside   network ") == (
        "Riverside network"
    )
    assert "Riverside network" in names(any_store)
    for taken in ("another NETWORK", "   "):
        with pytest.raises(CareNetError):
            networks.rename_network(any_store, network.id, taken)
    assert sorted(names(any_store)) == ["Another network", "Riverside network"]


def test_a_network_is_deleted_only_when_its_name_is_typed(any_store, mini):
    round_id = own_round(any_store, mini)
    network = queries.network_by_name(any_store, OWN)
    with pytest.raises(CareNetError, match="type its name exactly"):
        networks.delete_network(any_store, network.id, "Our own")
    assert names(any_store) == [OWN]
    assert networks.delete_network(any_store, network.id, "our OWN network") == OWN
    assert names(any_store) == []
    with pytest.raises(CareNetError):
        queries.round_by_id(any_store, round_id)


def test_demo_networks_are_marked_and_the_app_opens_on_the_leads_own(store, mini):
    seed_demo(store)
    assert all(n.is_demo for n in queries.networks(store))
    assert networks.own_network(queries.networks(store)).name == DEMO_NETWORKS[1]  # first by name
    own_round(store, mini)
    found = queries.networks(store)
    assert networks.own_network(found).name == OWN
    assert not next(n for n in found if n.name == OWN).is_demo


def test_removed_demo_networks_never_come_back_unless_asked(store):
    assert seed_demo(store) == 8
    assert sorted(networks.remove_demo(store)) == sorted(DEMO_NETWORKS)
    assert names(store) == []
    assert networks.demo_declined(store).startswith("the demo networks were removed")
    assert seed_demo(store) == 0
    assert names(store) == []
    assert seed_demo(store, reset=True) == 8  # `demo --reset` is asking for them
    assert sorted(names(store)) == sorted(DEMO_NETWORKS)


def test_deleting_one_demo_network_removes_the_demo_for_good(store):
    seed_demo(store)
    children = queries.network_by_name(store, DEMO_NETWORKS[0])
    networks.delete_network(store, children.id, DEMO_NETWORKS[0])
    assert seed_demo(store) == 0
    assert names(store) == [DEMO_NETWORKS[1]]


def test_a_real_network_keeps_the_demo_out(store, mini):
    own_round(store, mini)
    assert networks.demo_declined(store) == "this store holds a network of your own"
    assert seed_demo(store) == 0
    assert names(store) == [OWN]


def test_the_cli_renames_and_deletes_with_confirmation(store_url, store, mini, capsys):
    own_round(store, mini)
    assert main(["network", "rename", OWN, "Renamed network"]) == 0
    assert "renamed 'Our own network' to 'Renamed network'" in capsys.readouterr().out
    assert main(["network", "delete", "Renamed network"]) == 2
    assert "--confirm 'Renamed network'" in capsys.readouterr().err
    assert main(["network", "delete", "Renamed network", "--confirm", "Renamed"]) == 2
    assert "nothing was deleted" in capsys.readouterr().err
    assert names(store) == ["Renamed network"]
    assert main(["network", "delete", "Renamed network", "--confirm", "Renamed network"]) == 0
    assert names(store) == []
    assert main(["demo"]) == 0  # an empty store the lead never removed the demo from
    assert "8 round(s) written" in capsys.readouterr().out
    writes.create_network(store, OWN)
    main(["network", "delete", DEMO_NETWORKS[0], "--confirm", DEMO_NETWORKS[0]])
    capsys.readouterr()
    assert main(["demo"]) == 0
    assert "demo networks not added" in capsys.readouterr().out


def test_the_migration_marks_existing_demo_networks(tmp_path, mini):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine)
    seed_demo(engine)
    writes.import_round(
        engine,
        writes.RoundMeta(network=DEMO_NETWORKS[0], label="2026 Q4", source_name="lead.csv"),
        mini,
        make_responses([(p, "b1", 4, False) for p in GROUPS]),
    )
    downgrade(engine, "0007_connection_map")
    upgrade(engine)
    with engine.connect() as conn:
        marked = dict(conn.execute(text("SELECT name, is_demo FROM networks")).all())
    # Only the network whose every round came from the demo is marked; the one a lead added
    # a round of their own to is theirs now.
    assert {name: bool(flag) for name, flag in marked.items()} == {
        DEMO_NETWORKS[0]: False,
        DEMO_NETWORKS[1]: True,
    }
    engine.dispose()
