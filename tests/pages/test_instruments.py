"""The Instruments page: an instrument file checked (problems one per line), added as a new
version, listed beside the bundled ones (broken files listed on their own) and downloaded."""

from __future__ import annotations

import tomllib

import pytest
from streamlit.testing.v1 import app_test

from carenet_dash import config
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import instruments as stored
from carenet_dash.store.opening import get_engine
from tests.conftest import FIXTURES
from tests.import_cases import snapshot
from tests.markdown_inert import as_read
from tests.pages.conftest import open_page, text_of

OWN = FIXTURES / "scales" / "own_survey.toml"
HEALTH = config.INSTRUMENTS_DIR / "network_health.toml"


@pytest.fixture
def media(monkeypatch):
    """The files the app's download buttons hold, by URL (kept past the end of each run)."""
    held: list = []

    class Kept(app_test.MemoryMediaFileStorage):
        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            held.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)

    def file(url: str):
        file_id = url.rsplit("/", 1)[-1].split(".", maxsplit=1)[0]
        for storage in reversed(held):
            try:
                return storage.get_file(file_id)
            except Exception:
                continue
        raise AssertionError(f"no media file {url}")

    return file


@pytest.fixture
def instruments(app):
    return open_page(app, "instruments")


def choose(at, name: str, data: bytes):
    at.file_uploader(key="instrument_file").upload(name, data, "application/toml").run()
    assert not at.exception, at.exception
    return at


def shown(at) -> str:
    """The page's text as a reader sees it (the escapes that keep Markdown out removed)."""
    return text_of(at).replace("\\", "")


def listed(at) -> str:
    return at.dataframe[-1].value.to_csv(index=False)


def test_the_page_lists_the_bundled_instruments(instruments):
    text = text_of(instruments)
    assert "network-health" in listed(instruments)
    assert "core-questionnaire" in listed(instruments)
    assert "bundled (network_health.toml)" in listed(instruments)
    assert "cannot be used" not in text


def test_a_valid_file_is_checked_added_and_listed(instruments, demo_url):
    engine = get_engine(demo_url)
    before = snapshot(engine)
    at = choose(instruments, "own_survey.toml", OWN.read_bytes())
    text = text_of(at)
    assert "The file is a valid instrument" in text
    outline = at.dataframe[0].value
    assert list(outline["Dimension"]) == ["Partnership", "Relevance", "Voice", "Recommendation"]
    assert list(outline["Reverse-worded"]) == [1, 0, 1, 0]
    assert "11-point, 0–10" in outline["Scale"].iloc[3]
    assert outline["Bands"].iloc[3] == "strength ≥ 7.5, priority < 5"  # 75% and 50% of 0..10
    assert outline["Bands"].iloc[1] == "strength ≥ 3.25, priority < 2.5"  # ... and of 1..4
    assert snapshot(engine) == before  # checking writes nothing
    at.button(key="add_instrument").click().run()
    assert not at.exception
    assert "Added Our own member survey (own-survey, version 1)." in shown(at)
    assert [
        (s.instrument_id, s.version, s.source_name) for s in stored.stored_instruments(engine)
    ] == [("own-survey", 1, "own_survey.toml")]
    assert "stored (added" in listed(at)
    assert "own-survey" in listed(at)


def test_adding_the_same_version_again_is_refused_and_changes_nothing(instruments, demo_url):
    engine = get_engine(demo_url)
    at = choose(instruments, "own_survey.toml", OWN.read_bytes())
    at.button(key="add_instrument").click().run()
    before = snapshot(engine)
    at.button(key="add_instrument").click().run()
    errors = as_read(" ".join(e.value for e in at.error))
    assert "is already in the store" in errors
    edited = OWN.read_text().replace("Partnership", "Working together")
    at = choose(at, "own_survey_edited.toml", edited.encode())
    at.button(key="add_instrument").click().run()
    errors = as_read(" ".join(e.value for e in at.error))
    assert "raise `version`" in errors
    assert snapshot(engine) == before


def test_a_bundled_version_with_other_content_is_refused(instruments, demo_url):
    engine = get_engine(demo_url)
    before = snapshot(engine)
    at = choose(
        instruments,
        "health.toml",
        HEALTH.read_text().replace("Network Health Scorecard", "Mine").encode(),
    )
    at.button(key="add_instrument").click().run()
    errors = as_read(" ".join(e.value for e in at.error))
    assert "ships with CareNet Dash (network_health.toml) with different content" in errors
    assert snapshot(engine) == before


BAD_FILES = {
    "not TOML": ("broken.toml", b"id = [", ["broken.toml: not valid TOML"]),
    "not UTF-8": ("latin.toml", "name = 'Café'".encode("latin-1"), ["latin.toml: not UTF-8 text"]),
    "one field wrong": (
        "mine.toml",
        OWN.read_text().replace('["No.", "Neutral.", "Yes."]', '["Yes."]').encode(),
        ["mine.toml: dimensions.2.scale.labels: List should have at least 2 items"],
    ),
    "two fields wrong": (
        "two.toml",
        OWN.read_text().replace("version = 1", "version = 0").replace(
            'id = "p3"', 'id = "p3"\n  colour = "red"').encode(),
        ["two.toml: version: Input should be greater than or equal to 1",
         "two.toml: dimensions.0.items.2.colour: Extra inputs are not permitted"],
    ),
    "far too large": ("huge.toml", b"#" * 1_100_000, ["huge.toml: 1.1 MB is far too large"]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_lists_each_problem_on_its_own_line_and_adds_nothing(
    case, instruments, demo_url
):
    engine = get_engine(demo_url)
    before = snapshot(engine)
    name, data, problems = BAD_FILES[case]
    at = choose(instruments, name, data)
    assert "is not a valid instrument, so it cannot be added" in as_read(at.error[0].value)
    lines = [as_read(m.value) for m in at.markdown if m.value.startswith("- ")]
    assert len(lines) == len(problems)
    for line, problem in zip(lines, problems, strict=True):
        unescaped = line[2:].replace("\\", "")
        assert unescaped.startswith(problem), unescaped
    assert not [b for b in at.button if b.key == "add_instrument"]
    assert "Traceback" not in text_of(at)
    assert snapshot(engine) == before


def test_instrument_text_is_shown_as_typed(instruments):
    hostile = OWN.read_text().replace(
        'name = "Our own member survey"', 'name = "**Loud** ![x](http://example.invalid/p.png)"'
    )
    at = choose(instruments, "own_survey.toml", hostile.encode())
    summary = next(as_read(m.value) for m in at.markdown if "own-survey" in as_read(m.value))
    # Read as Markdown, the escaped source gives back the name exactly as typed.
    assert "**Loud** ![x](http://example.invalid/p.png)" in summary


def test_broken_bundled_files_are_listed_on_their_own_and_block_nothing(
    broken_folder, instruments, demo_url
):
    at = instruments
    assert "3 instrument file(s) cannot be used" in shown(at)
    lines = [as_read(m.value) for m in at.markdown if m.value.startswith("- ")]
    assert len(lines) == 3
    assert "a_broken.toml: version: Input should be greater than or equal to 1" in lines[0]
    assert "b_not_toml.toml: not valid TOML" in lines[1]
    assert "z_same_id.toml: instrument id 'core-questionnaire' is used by another file" in lines[2]
    assert "network-health" in listed(at)
    # Adding one's own still works beside them.
    at = choose(at, "own_survey.toml", OWN.read_bytes())
    at.button(key="add_instrument").click().run()
    assert [s.instrument_id for s in stored.stored_instruments(get_engine(demo_url))] == [
        "own-survey"
    ]
    assert "own-survey" in listed(at)


def test_any_instrument_downloads_as_toml_that_loads_back(instruments, media):
    at = choose(instruments, "own_survey.toml", OWN.read_bytes())
    at.button(key="add_instrument").click().run()
    at.selectbox(key="download_ref").set_value("own-survey@1").run()
    button = at.get("download_button")[0]
    held = media(button.proto.url)
    assert held.filename == "own-survey-v1.toml"
    original = parse_instrument(tomllib.loads(OWN.read_text()))
    assert parse_instrument(tomllib.loads(held.content.decode())) == original
    at.selectbox(key="download_ref").set_value("network-health@2").run()
    held = media(at.get("download_button")[0].proto.url)
    assert held.filename == "network-health-v2.toml"
    assert tomllib.loads(held.content.decode())["id"] == "network-health"
