"""The network's list of organisations and its ties in the store, on SQLite and PostgreSQL:
written with their round, renamed and merged by the lead, placed once on the map."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import func, select

from carenet_dash.connections.figures import round_map
from carenet_dash.errors import CareNetError
from carenet_dash.importers import commit, preview, read_export
from carenet_dash.store import organisations, queries, ties, writes
from carenet_dash.store.models import Organisation, Tie
from tests.conftest import FIXTURES
from tests.test_backup import contents, edited, rewrite, rule

HERE = FIXTURES / "relations"
NETWORK = "Relations test"


def import_file(store, name: str, label: str, network: str = NETWORK, text=None) -> int:
    data = (HERE / name).read_bytes() if text is None else text.encode("utf-8")
    draft = preview(read_export(data, name), engine=store, network=network)
    return commit(store, draft, network=network, label=label)


def listed(store, network: str = NETWORK) -> pd.DataFrame:
    return organisations.organisations(store, queries.network_by_name(store, network).id)


def figures_by_name(store, round_id: int) -> pd.DataFrame:
    return round_map(store, round_id, 5).organisations.set_index("name")


def test_a_round_writes_its_organisations_ties_and_types(any_store):
    round_id = import_file(any_store, "surveymonkey.csv", "2026 Q3")
    found = listed(any_store).set_index("name")
    assert list(found.index) == [
        "Age Concern, Riverside",
        "Northside GP Federation",
        "Parent Carer Forum",
        "Riverside Council",
        "Riverside Hospital",
    ]
    # Each organisation's type is its respondents' answer to the member type question.
    assert found.loc["Riverside Hospital", "type"] == "NHS trust"
    assert found.loc["Parent Carer Forum", "type"] is None  # nobody answered for it
    assert found[["x", "y"]].notna().all().all()  # every organisation placed on the map
    named = ties.round_named(any_store, round_id)
    assert len(named) == 11  # one row per organisation each person named (self-tie included)
    with any_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Tie)).scalar_one() == 11


def test_organisations_keep_their_places_when_a_later_round_adds_more(store, tmp_path):
    first = import_file(store, "surveymonkey.csv", "2026 Q3")
    placed = listed(store).set_index("name")[["x", "y"]]
    text = (HERE / "wide.csv").read_text(encoding="utf-8")
    text = text.replace("Riverside Council,4,2", "Riverside Council;Riverside Hospice,4,2")
    text = text.replace("W6,Other,,", "W6,Other,Riverside Hospice,")
    second = import_file(store, "wide.csv", "2026 Q4", text=text)
    now = listed(store).set_index("name")[["x", "y"]]
    assert "Riverside Hospice" in now.index
    pd.testing.assert_frame_equal(now.loc[placed.index], placed)
    assert now.loc["Riverside Hospice"].notna().all()
    # The newcomer is on the later round's map only.
    assert "Riverside Hospice" not in figures_by_name(store, first).index
    assert "Riverside Hospice" in figures_by_name(store, second).index


def test_a_rename_keeps_the_old_spelling_for_the_next_export(any_store):
    import_file(any_store, "surveymonkey.csv", "2026 Q3")
    ids = listed(any_store).set_index("name")["organisation_id"]
    council = int(ids["Riverside Council"])
    organisations.rename_organisation(any_store, council, "Riverside City Council")
    # The next export still says "Riverside Council": it lands on the renamed organisation.
    later = import_file(any_store, "wide.csv", "2026 Q4")
    names = list(listed(any_store)["name"])
    assert "Riverside Council" not in names
    assert "Riverside City Council" in names
    found = figures_by_name(any_store, later)
    assert found.loc["Riverside City Council", "named_by"] == 2
    assert found.loc["Riverside City Council", "answered"]


def test_merging_two_spellings_moves_respondents_and_ties_and_counts_a_tie_once(any_store):
    text = (HERE / "wide.csv").read_text(encoding="utf-8")
    # Respondent 4 of the council spells it "Riverside Cncl", and names it under both names.
    text = text.replace(
        "W4,Local authority,Riverside Council,Riverside Hospital;Northside GP Federation;"
        "Riverside Council",
        "W4,Local authority,Riverside Cncl,Riverside Hospital;Riverside Cncl",
    )
    text = text.replace(
        "W1,NHS trust,Riverside Hospital,Northside GP Federation;Riverside Council",
        "W1,NHS trust,Riverside Hospital,Riverside Council;Riverside Cncl",
    )
    network_id = writes.create_network(any_store, NETWORK)
    for name in ("Riverside Council", "Parent Carer Forum"):
        organisations.add_organisation(any_store, network_id, name)
    round_id = import_file(any_store, "wide.csv", "2026 Q3", text=text)
    before = figures_by_name(any_store, round_id)
    assert before.loc["Riverside Cncl", "named_by"] == 1
    ids = listed(any_store).set_index("name")["organisation_id"]
    organisations.merge_organisations(
        any_store, int(ids["Riverside Council"]), int(ids["Riverside Cncl"])
    )
    after = figures_by_name(any_store, round_id)
    assert "Riverside Cncl" not in after.index
    # Hospital -> Council once (W1 named both spellings), GP -> Council, Council -> Hospital.
    assert after.loc["Riverside Council", "named_by"] == 2
    assert after.loc["Riverside Council", "names"] == 1
    assert after.loc["Riverside Council", "answered"]
    with any_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Organisation)).scalar_one() == 5
    # The merged spelling is remembered.
    assert organisations.known_names(any_store, network_id)["riverside cncl"] == (
        "Riverside Council"
    )


def test_the_lead_cannot_add_a_name_twice_nor_merge_one_into_itself(store):
    network_id = writes.create_network(store, NETWORK)
    first = organisations.add_organisation(store, network_id, "St Mary’s Hospice", "Other")
    with pytest.raises(CareNetError, match="already has an organisation called"):
        organisations.add_organisation(store, network_id, "st mary's hospice.")
    with pytest.raises(CareNetError, match="two different organisations"):
        organisations.merge_organisations(store, first, first)
    with pytest.raises(CareNetError, match="name is empty"):
        organisations.add_organisation(store, network_id, "   ")
    second = organisations.add_organisation(store, network_id, "Riverside Hospital")
    with pytest.raises(CareNetError, match="merge the two instead"):
        organisations.rename_organisation(store, second, "St Mary's Hospice")
    organisations.set_type(store, second, "  NHS   trust ")
    assert organisations.organisation(store, second).type == "NHS trust"
    organisations.set_type(store, second, "")
    assert organisations.organisation(store, second).type is None


def test_replacing_or_deleting_a_round_takes_its_ties_with_it(store):
    round_id = import_file(store, "surveymonkey.csv", "2026 Q3")
    writes.delete_round(store, round_id)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Tie)).scalar_one() == 0
    assert len(listed(store)) == 5  # the list is the network's, and stays
    network = queries.network_by_name(store, NETWORK)
    writes.delete_network(store, network.id)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Organisation)).scalar_one() == 0


def test_the_same_responses_with_their_ties_again_are_refused_as_a_repeat(store):
    import_file(store, "surveymonkey.csv", "2026 Q3")
    with pytest.raises(CareNetError, match=r"repeat|already"):
        import_file(store, "qualtrics_split.csv", "2026 Q4")


def test_a_backup_holds_the_map_and_restores_it(store, tmp_path):
    from carenet_dash.backup import backup, restore

    round_id = import_file(store, "surveymonkey.csv", "2026 Q3")
    before = figures_by_name(store, round_id)
    backup(store, tmp_path / "b.jsonl.gz")
    writes.delete_network(store, queries.network_by_name(store, NETWORK).id)
    restore(store, tmp_path / "b.jsonl.gz")
    pd.testing.assert_frame_equal(figures_by_name(store, round_id), before)


# A crafted backup is refused naming the table, the row and the rule (see test_backup).
MAP_CRAFTED = {
    "an organisation named with a line break": (
        edited("organisations", "name", "Riverside\nHospital"),
        rule("organisations", 1, "the name has spaces a name cannot have"),
    ),
    "a tie to another network's organisation": (
        edited("ties", "organisation_id", 20),
        rule("ties", 1, "it names another network's organisation"),
    ),
    "a tie in another round than its respondent": (
        edited("ties", "round_id", 2),
        rule("ties", 1, "its respondent belongs to another round"),
    ),
}


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory) -> bytes:
    """A backup of the demo store (with its organisations and ties), made once."""
    from carenet_dash.backup import backup_bytes
    from carenet_dash.demo import seed_demo
    from carenet_dash.store.engine import make_engine
    from carenet_dash.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade(engine)
    seed_demo(engine)
    data = backup_bytes(engine)
    engine.dispose()
    return data


@pytest.mark.parametrize("case", list(MAP_CRAFTED))
def test_a_crafted_connection_map_in_a_backup_is_refused(store, demo_backup, case):
    from carenet_dash import backup
    from carenet_dash.errors import BackupRefused

    edit, message = MAP_CRAFTED[case]
    before = contents(store)
    with pytest.raises(BackupRefused, match=re.escape(message)):
        backup.restore(store, rewrite(demo_backup, edit))
    assert contents(store) == before
