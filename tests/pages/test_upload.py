"""The Upload page: preview before writing, confirm rough matches, refuse bad files cleanly."""

from __future__ import annotations

import pytest

from carenet_dash import config, demo
from carenet_dash.importers.mapping import Target
from carenet_dash.store import queries
from carenet_dash.store.opening import get_engine
from tests.bad_inputs import bad_inputs, near_matching_headers, oversized
from tests.conftest import FIXTURES
from tests.import_cases import msforms_rows, snapshot, xlsx_bytes
from tests.markdown_inert import as_read
from tests.pages.conftest import page, text_of

CHILDREN = "Riverside Children's Health Network"
CANCER = "Head and Neck Cancer Support Network"
SAMPLE = config.SAMPLES_DIR / "surveymonkey_2026_q4.csv"


def metric(at, label: str) -> str:
    return next(m.value for m in at.get("metric") if m.label == label)


def test_the_page_invites_a_file(app):
    app.switch_page(page("upload.py")).run()
    assert not app.exception
    assert "Choose a file" in text_of(app)


def test_a_sample_export_is_previewed_then_imported_and_shown(upload, demo_url):
    engine = get_engine(demo_url)
    before = snapshot(engine)
    at = upload(SAMPLE.name, SAMPLE.read_bytes())
    text = text_of(at)
    assert "**SurveyMonkey** (detected)" in text
    assert (metric(at, "Rows"), metric(at, "Respondents kept")) == ("62", "62")
    assert "“IP Address”, “Email Address”, “First Name”, “Last Name”" in text
    assert at.text_input(key="round_label").value == demo.SAMPLE_LABEL
    assert str(at.date_input(key="fielded_on").value) == "2026-11-15"
    assert snapshot(engine) == before  # a preview writes nothing
    at.selectbox(key="target_network").set_value(CHILDREN).run()
    at.number_input(key="invited").set_value(80).run()
    at.button(key="import_round").click().run()
    assert not at.exception
    assert f"Imported round **2026 Q4** into **{CHILDREN}**: 62 respondents." in text_of(at)
    network = queries.network_by_name(engine, CHILDREN)
    latest = queries.rounds(engine, network.id)[-1]
    assert (latest.label, latest.respondents, latest.invited) == ("2026 Q4", 62, 80)
    # The sidebar follows the import, so the Overview opens on the new round.
    at.switch_page(page("overview.py")).run()
    assert at.selectbox(key="network").value == CHILDREN
    assert at.selectbox(key="round").value == "2026 Q4"
    assert "Round 2026 Q4" in text_of(at)


def test_import_waits_for_the_network_to_be_chosen(upload, demo_url):
    at = upload(SAMPLE.name, SAMPLE.read_bytes(), into=None)
    assert at.selectbox(key="target_network").value is None  # never the sidebar's network
    assert at.button(key="import_round").disabled
    assert "Choose the network to import into" in text_of(at)
    at.selectbox(key="target_network").set_value(CHILDREN).run()
    assert not at.button(key="import_round").disabled


@pytest.mark.parametrize("case", list(bad_inputs()))
def test_bad_files_get_a_message_and_change_nothing(case, upload, demo_url):
    engine = get_engine(demo_url)
    before = snapshot(engine)
    name, data, phrase = bad_inputs()[case]
    at = upload(name, data, "application/octet-stream")
    errors = " ".join(as_read(e.value) for e in [*at.error, *at.warning])
    assert phrase in errors
    assert not at.get("metric")  # no preview of a file that cannot be read
    assert snapshot(engine) == before


def test_a_file_over_the_limit_gets_a_message(app, demo_url, monkeypatch):
    # Set before the page first draws: the limit is part of the uploader's identity.
    monkeypatch.setenv("CARENET_MAX_UPLOAD_MB", "1")
    engine = get_engine(demo_url)
    before = snapshot(engine)
    name, data, phrase = oversized(1)
    app.switch_page(page("upload.py")).run()
    assert "Up to 1 MB." in app.file_uploader(key="upload").help
    app.file_uploader(key="upload").upload(name, data, "text/csv").run()
    assert phrase in " ".join(as_read(e.value) for e in app.error)
    assert snapshot(engine) == before


def import_once_ticked(at, url: str, label: str, checkbox: str):
    """Name the round, see Import blocked, tick the box, import; the store and its network."""
    at.text_input(key="round_label").set_value(label).run()
    assert at.button(key="import_round").disabled
    at.checkbox(key=checkbox).check().run()
    assert not at.button(key="import_round").disabled
    at.button(key="import_round").click().run()
    assert f"Imported round **{label}**" in text_of(at)
    engine = get_engine(url)
    return engine, queries.network_by_name(engine, at.selectbox(key="network").value)


def test_unknown_labels_block_until_treated_as_missing(upload, demo_url):
    data = b"id,purpose_1,purpose_2\n1,Agree,Somewhat agree\n2,Agree,Agree\n"
    at = upload("odd.csv", data)
    assert "column 'purpose_2' holds 'Somewhat agree' in 1 cell" in text_of(at)
    engine, network = import_once_ticked(at, demo_url, "Odd", "unknown_as_missing")
    assert queries.rounds(engine, network.id)[-1].respondents == 2


def test_rough_matches_are_confirmed_then_remembered(upload, demo_url):
    header = "I feel I belong to this network"
    data = f"id,purpose_1,{header}\n1,4,5\n2,3,2\n".encode()
    at = upload("rough.csv", data)
    box = next(s for s in at.selectbox if s.label.startswith(f"“{header}”"))
    assert box.value == Target("item", "purpose_2")  # the suggestion, offered
    engine, network = import_once_ticked(at, demo_url, "Rough", "confirm_mapping")
    saved = queries.column_mappings(engine, network.id)["network-health"]
    assert saved == {header: ("item", "purpose_2")}
    # The next round's file with the same header asks nothing.
    again = upload("rough2.csv", data.replace(b"2,3,2", b"2,3,3"))
    assert not any(s.label.startswith(f"“{header}”") for s in again.selectbox)
    assert "saved for this network" in text_of(again)


def test_thousands_of_rough_matches_draw_no_dropdowns(upload, demo_url):
    engine = get_engine(demo_url)
    before = snapshot(engine)
    at = upload("near.csv", near_matching_headers())
    assert not [s for s in at.selectbox if s.key.startswith("map-")]
    assert any(
        "more than the 50 that can be confirmed by hand" in as_read(e.value) for e in at.error
    )
    assert at.button(key="import_round").disabled
    assert snapshot(engine) == before


def test_columns_not_used_are_offered_fifty_at_most(upload):
    extra = ",".join(f"Unrelated question number {n}" for n in range(120))
    lines = (FIXTURES / "wide_ids.csv").read_text().splitlines()
    data = "\n".join(f"{line},{extra if i == 0 else ''}" for i, line in enumerate(lines))
    at = upload("extra.csv", data.encode())
    assert len([s for s in at.selectbox if s.key.startswith("map-")]) == 50
    assert "The first 50 are shown." in text_of(at)


def test_the_same_file_twice_is_refused_naming_its_round(upload):
    at = upload("long.csv", (FIXTURES / "long.csv").read_bytes())
    at.text_input(key="round_label").set_value("First").run()
    at.button(key="import_round").click().run()
    assert "Imported round **First**" in text_of(at)
    again = upload("copy of long.csv", (FIXTURES / "long.csv").read_bytes())
    assert "this exact file was already imported as round 'First'" in text_of(again)
    assert again.button(key="import_round").disabled


@pytest.mark.parametrize("spelling", ["2026 Q3", " 2026  q3"])
def test_a_used_label_needs_replace_and_is_replaced_not_doubled(upload, demo_url, spelling):
    # A label in use spelled differently (spacing, case) is the same round: replacing it must
    # not leave "2026 Q3" and "2026 q3" side by side.
    at = upload("wide_ids.csv", (FIXTURES / "wide_ids.csv").read_bytes())
    network = at.selectbox(key="target_network").value
    at.text_input(key="round_label").set_value(spelling).run()
    assert f"already has a round called “{spelling.strip()}”" in text_of(at)
    assert at.button(key="import_round").disabled
    at.checkbox(key="replace").check().run()
    at.button(key="import_round").click().run()
    assert "Imported round **2026 Q3**" in text_of(at)
    engine = get_engine(demo_url)
    found = queries.network_by_name(engine, network)
    labels = [r.label for r in queries.rounds(engine, found.id)]
    assert labels == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    replaced = queries.round_by_label(engine, found.id, "2026 Q3")
    assert (replaced.respondents, replaced.source_name) == (4, "wide_ids.csv")


def test_a_new_network_can_be_named(upload, demo_url):
    at = upload("long.csv", (FIXTURES / "long.csv").read_bytes())
    at.selectbox(key="target_network").set_value("New network…").run()
    assert at.button(key="import_round").disabled
    at.text_input(key="new_network").set_value("Stroke Network").run()
    at.text_input(key="round_label").set_value("2026 Q1").run()
    at.button(key="import_round").click().run()
    assert at.selectbox(key="network").value == "Stroke Network"
    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, "Stroke Network")
    assert network.min_group_size == 5
    assert [r.label for r in queries.rounds(engine, network.id)] == ["2026 Q1"]


def test_a_workbook_with_two_likely_sheets_asks_which(upload):
    data = xlsx_bytes({"First": msforms_rows(), "Second": msforms_rows()})
    at = upload("two.xlsx", data, "application/vnd.ms-excel")
    assert "it is not clear which holds the responses" in text_of(at)
    assert not at.get("metric")
    at.selectbox(key="sheet").set_value("Second").run()
    assert not at.exception
    assert 'sheet "Second"' in text_of(at)
    assert metric(at, "Respondents kept") == "4"
