"""The demo networks tell their story through the real scoring, and the samples are exact."""

from __future__ import annotations

import csv
import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest

from carenet_dash import analysis, demo, scoring
from carenet_dash.demo.organisations import RIVERSIDE
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import queries, workshop_queries, workshop_writes, writes
from carenet_dash.store.engine import make_engine
from carenet_dash.store.migrate import upgrade

CHILDREN = "Riverside Children's Health Network"
CANCER = "Head and Neck Cancer Support Network"


@pytest.fixture(scope="module")
def instrument():
    return get_instrument()


@pytest.fixture(scope="module")
def rounds():
    return demo.demo_rounds()


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def scoring_answers(responses) -> pd.DataFrame:
    """The answers frame scoring expects, from a Responses."""
    a = responses.answers
    return pd.DataFrame(
        {
            "respondent_id": a["row"].to_numpy(),
            "item_id": a["item_id"].to_numpy(),
            "score": a["score"].astype("Float64").to_numpy(),
            "not_applicable": a["not_applicable"].to_numpy(),
        }
    )


def summaries(rounds, network, instrument) -> list[pd.DataFrame]:
    return [
        scoring.dimension_summary(scoring_answers(r.responses), instrument).set_index(
            "dimension_id"
        )
        for r in rounds
        if r.network == network
    ]


# --- determinism and shape --------------------------------------------------------------------


def test_demo_rounds_are_the_same_on_every_call(rounds):
    again = demo.demo_rounds()
    assert len(again) == len(rounds) == 8
    for first, second in zip(rounds, again, strict=True):
        assert (first.network, first.label, first.fielded_on, first.invited) == (
            second.network,
            second.label,
            second.fielded_on,
            second.invited,
        )
        pd.testing.assert_frame_equal(first.responses.respondents, second.responses.respondents)
        pd.testing.assert_frame_equal(first.responses.answers, second.responses.answers)
        pd.testing.assert_frame_equal(first.responses.comments, second.responses.comments)


def test_two_networks_of_four_quarterly_rounds(rounds, instrument):
    assert [(r.network, r.label, r.fielded_on) for r in rounds] == [
        (network, label, date)
        for network in (CHILDREN, CANCER)
        for label, date in [
            ("2025 Q4", dt.date(2025, 11, 15)),
            ("2026 Q1", dt.date(2026, 2, 15)),
            ("2026 Q2", dt.date(2026, 5, 15)),
            ("2026 Q3", dt.date(2026, 8, 15)),
        ]
    ]
    for r in rounds:
        responses = r.responses
        responses.validate(instrument)
        n = responses.respondent_count
        assert 40 <= n <= 120
        # The response rate shown for a round lies between 55% and 70%.
        assert 0.55 <= n / r.invited <= 0.7 + 1 / r.invited
        assert list(responses.respondents.index) == list(range(n))
        assert list(responses.respondents.columns) == [
            "source_hash",
            "member_type",
            "involvement",
            "organisation",
        ]
        assert responses.respondents["source_hash"].str.fullmatch(r"[0-9a-f]{64}").all()
        assert list(responses.answers.columns) == ["row", "item_id", "score", "not_applicable"]
        assert str(responses.answers["score"].dtype) == "Int8"
        assert responses.answers["not_applicable"].dtype == bool
        assert set(responses.answers["row"]) == set(range(n))
        assert list(responses.comments.columns) == ["row", "question_id", "text"]
        # Everyone who said their member type belongs to an organisation, and names partners.
        people = responses.respondents
        assert people["organisation"].notna().tolist() == people["member_type"].notna().tolist()
        assert list(responses.ties.columns) == ["row", "organisation"]
        assert len(responses.ties) > n


def test_hashes_are_unique_across_all_demo_rounds(rounds):
    hashes = pd.concat([r.responses.respondents["source_hash"] for r in rounds])
    assert hashes.is_unique


def test_answers_have_dont_knows_blanks_and_partials(rounds, instrument):
    n_items = len(instrument.items)
    for r in rounds:
        answers = r.responses.answers
        n = r.responses.respondent_count
        na = answers["not_applicable"]
        # Not applicable answers carry no score; scored answers are 1..5.
        assert answers.loc[na, "score"].isna().all()
        assert answers.loc[~na, "score"].between(1, 5).all()
        assert 0.02 <= na.mean() <= 0.06
        absent = 1 - len(answers) / (n * n_items)
        assert 0.02 <= absent <= 0.07
        per_person = answers.groupby("row").size()
        # Somebody stopped part-way: at most two thirds of the statements answered.
        assert (per_person <= 2 * n_items // 3).any()


def test_segments_include_blanks_and_groups_small_enough_to_hide(rounds, instrument):
    # The organisation question's options are each network's own list (demo.organisations).
    options = {s.id: set(s.options) for s in instrument.segments if not s.organisations}
    small_group_rounds = {CHILDREN: 0, CANCER: 0}
    for r in rounds:
        people = r.responses.respondents
        for segment_id, allowed in options.items():
            given = people[segment_id].dropna()
            assert set(given) <= allowed
            assert 1 <= people[segment_id].isna().sum() <= 3
        counts = people["member_type"].value_counts()
        if ((counts > 0) & (counts < 5)).any():
            small_group_rounds[r.network] += 1
    assert small_group_rounds[CHILDREN] >= 1
    assert small_group_rounds[CANCER] >= 1
    cancer_last = rounds[-1].responses.respondents["member_type"].value_counts()
    assert cancer_last.idxmax() == "Patient or carer"


# --- the story, through the real scoring ------------------------------------------------------


@pytest.mark.parametrize(
    "story",
    [
        (CHILDREN, "communication", "resources", "governance"),
        (CANCER, "membership", "leadership", "value"),
    ],
)
def test_the_story_holds(rounds, instrument, story):
    network, improving, slipping, split = story
    summary = summaries(rounds, network, instrument)
    means = {d: [s.at[d, "mean"] for s in summary] for d in (improving, slipping, split)}
    assert means[improving][-1] - means[improving][0] > 0.5
    assert means[slipping][0] - means[slipping][-1] > 0.5
    # Round on round, the trends never reverse by more than noise.
    assert all(b > a - 0.1 for a, b in zip(means[improving], means[improving][1:], strict=False))
    assert all(b < a + 0.1 for a, b in zip(means[slipping], means[slipping][1:], strict=False))
    # Split: a middling mean that hides two camps.
    assert summary[-1].at[split, "split"]
    assert all(s.at[split, "split"] for s in summary)
    assert all(2.8 <= m <= 3.5 for m in means[split])
    assert all(s.at[split, "sd"] > 0.8 for s in summary)
    # The other dimensions do not look split in the latest round.
    others = summary[-1].drop(index=[split])
    assert not others["split"].any()


def test_governance_split_follows_member_type(rounds, instrument):
    last = rounds[3]
    assert last.network == CHILDREN
    people = scoring.respondent_scores(scoring_answers(last.responses), instrument)
    governance = people[people["dimension_id"] == "governance"].set_index("respondent_id")["score"]
    member = last.responses.respondents["member_type"]
    statutory = governance[member.reindex(governance.index).isin(["NHS trust", "Local authority"])]
    others = governance[
        member.reindex(governance.index).isin(["Voluntary or community sector", "Patient or carer"])
    ]
    assert statutory.mean() > 3.5
    assert others.mean() < 2.7


# --- comments ---------------------------------------------------------------------------------


def test_comment_bank_is_large_and_impersonal():
    bank = demo.comment_bank()
    assert len(bank) >= 60
    for sentence in bank:
        assert "@" not in sentence
        assert "http" not in sentence
        assert not re.search(r"\d", sentence)


def test_comments_rates_and_questions(rounds, instrument):
    question_ids = {q.id for q in instrument.open_questions}
    for r in rounds:
        comments = r.responses.comments
        n = r.responses.respondent_count
        assert set(comments["question_id"]) == question_ids
        overall = comments[comments["question_id"] == "comments"]
        assert 0.3 <= overall["row"].nunique() / n <= 0.5
        assert not comments.duplicated(["row", "question_id"]).any()
        assert comments["text"].str.len().gt(10).all()
        assert comments["row"].between(0, n - 1).all()


def test_comment_tone_matches_the_respondents_scores(rounds, instrument):
    bank = demo.comment_bank()
    checked = 0
    for r in rounds:
        key = "children" if r.network == CHILDREN else "cancer"
        people = scoring.respondent_scores(scoring_answers(r.responses), instrument)
        score = people.set_index(["respondent_id", "dimension_id"])["score"]
        overall = r.responses.comments
        overall = overall[overall["question_id"] == "comments"]
        for row, text in zip(overall["row"], overall["text"], strict=True):
            for sentence in (s for s in bank if s in text):
                for dimension in instrument.dimensions:
                    polarity = demo.polarity_of(sentence, key, dimension.id)
                    value = score.get((row, dimension.id))
                    if polarity is None or value is None:
                        continue
                    checked += 1
                    if polarity == "neg":
                        assert value <= 3.5, (r.label, row, sentence, value)
                    else:
                        assert value >= 3.0, (r.label, row, sentence, value)
    assert checked > 100


def test_change_of_lead_is_only_mentioned_after_it_happened(rounds):
    for r in rounds:
        texts = " ".join(r.responses.comments["text"])
        if r.network == CANCER and r.label in ("2025 Q4", "2026 Q1"):
            assert "change of lead" not in texts
            assert "new lead" not in texts
    later = " ".join(
        " ".join(r.responses.comments["text"])
        for r in rounds
        if r.network == CANCER and r.label in ("2026 Q2", "2026 Q3")
    )
    assert "lead" in later


# --- the store --------------------------------------------------------------------------------


def test_seed_demo_writes_once_and_resets(engine, instrument):
    assert demo.seed_demo(engine) == 8
    assert demo.seed_demo(engine) == 0
    assert demo.seed_demo(engine, reset=True) == 8
    assert {n.name for n in queries.networks(engine)} == {CHILDREN, CANCER}
    for name in (CHILDREN, CANCER):
        network = queries.network_by_name(engine, name)
        stored = queries.rounds(engine, network.id)
        assert [r.label for r in stored] == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
        assert all(r.invited and r.response_rate and 55 <= r.response_rate <= 71 for r in stored)
        assert all(r.source_name == "demo" for r in stored)
        rows = analysis.scores_rows(engine, network)
        assert len(rows) == 9 * 4
        assert rows.groupby("round").size().to_dict() == dict.fromkeys(
            ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"], 9
        )
        assert (rows["status"] == "shown").all()


def test_seeded_scores_match_the_generated_ones(engine, rounds, instrument):
    demo.seed_demo(engine)
    network = queries.network_by_name(engine, CHILDREN)
    rows = analysis.scores_rows(engine, network).set_index(["round", "dimension_id"])
    for r, summary in zip(rounds[:4], summaries(rounds, CHILDREN, instrument), strict=True):
        for dimension_id in summary.index:
            assert rows.at[(r.label, dimension_id), "mean"] == pytest.approx(
                summary.at[dimension_id, "mean"]
            )


def test_seed_demo_fills_in_a_missing_round_only(engine):
    demo.seed_demo(engine)
    network = queries.network_by_name(engine, CANCER)
    second = queries.round_by_label(engine, network.id, "2026 Q1")
    writes.delete_round(engine, second.id)
    assert demo.seed_demo(engine) == 1
    assert len(queries.rounds(engine, network.id)) == 4


def workshop_counts(engine) -> dict[str, tuple[int, int, int]]:
    counts = {}
    for network in queries.networks(engine):
        counts[network.name] = (
            len(workshop_queries.actions(engine, network.id)),
            len(workshop_queries.notes(engine, network.id)),
            len(workshop_queries.matrix_sessions(engine, network.id)),
        )
    return counts


def test_seed_demo_adds_workshop_records_once_and_again_after_a_reset(engine):
    demo.seed_demo(engine)
    seeded = workshop_counts(engine)
    assert seeded == {CHILDREN: (9, 2, 2), CANCER: (7, 1, 1)}
    assert demo.seed_demo(engine) == 0
    assert workshop_counts(engine) == seeded
    demo.seed_demo(engine, reset=True)
    assert workshop_counts(engine) == seeded


def test_demo_actions_give_the_q3_workshop_something_agreed_last_time(engine):
    demo.seed_demo(engine)
    for name in (CHILDREN, CANCER):
        network = queries.network_by_name(engine, name)
        actions = workshop_queries.actions(engine, network.id)
        assert {a.status for a in actions} == {"open", "in_progress", "done", "dropped"}
        assert all(a.owner and "@" not in a.owner for a in actions)
        q3 = queries.round_by_label(engine, network.id, "2026 Q3")
        previous = analysis.previous_actions(engine, q3.id)
        # Every action agreed at Q2, and the Q1 one still not done, carried over.
        q2 = [a for a in actions if a.round_label == "2026 Q2"]
        assert sorted(previous.loc[~previous["carried"], "action_id"]) == sorted(a.id for a in q2)
        assert list(previous.loc[previous["carried"], "round"]) == ["2026 Q1"]
        # Nothing has been agreed at the Q3 workshop yet: that is the lead's to record.
        assert analysis.round_actions(engine, q3.id).empty


def test_demo_matrix_sessions_move_and_sit_beside_the_survey(engine):
    demo.seed_demo(engine)
    children = queries.network_by_name(engine, CHILDREN)
    movement = analysis.matrix_movement(engine, children.id)
    assert list(dict.fromkeys(movement["session"])) == ["11 Jun 2026", "17 Sep 2026"]
    levels = movement.set_index(["dimension_id", "session_order"])
    assert levels.loc[("communication", 0), "current"] == 2
    assert levels.loc[("communication", 1), "current"] == 3
    assert levels.loc[("resources", 1), "current"] == 2
    q3 = queries.round_by_label(engine, children.id, "2026 Q3")
    session = analysis.matrix_session_for_round(engine, children.id, q3.id)
    assert session.held_on == dt.date(2026, 9, 17)
    summary = analysis.matrix_summary(engine, session, children.min_group_size)
    # Biggest gaps first (ties in the instrument's order); the survey mean beside each level.
    assert list(summary["gap"]) == sorted(summary["gap"], reverse=True)
    assert list(summary.loc[summary["gap"] == 2, "dimension_id"]) == [
        "membership",
        "governance",
        "resources",
    ]
    assert (summary["status"] == "shown").all()
    assert summary["views"].notna().all()
    cancer = queries.network_by_name(engine, CANCER)
    assert len(workshop_queries.matrix_sessions(engine, cancer.id)) == 1


def test_seed_demo_leaves_a_network_with_the_leads_own_records_alone(engine):
    demo.seed_demo(engine)
    cancer = queries.network_by_name(engine, CANCER)
    for action in workshop_queries.actions(engine, cancer.id):
        workshop_writes.delete_action(engine, action.id, version=action.version)
    for note in workshop_queries.notes(engine, cancer.id):
        workshop_writes.delete_note(engine, note.id, version=note.version)
    for session in workshop_queries.matrix_sessions(engine, cancer.id):
        workshop_writes.delete_matrix_session(engine, session.id, version=session.version)
    q3 = queries.round_by_label(engine, cancer.id, "2026 Q3")
    workshop_writes.record_note(engine, q3.id, "Our own note from the Q3 workshop.")
    demo.seed_demo(engine)
    assert workshop_counts(engine)[CANCER] == (0, 1, 0)


# --- sample exports ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    directory = tmp_path_factory.mktemp("samples")
    return {path.name: path for path in demo.write_samples(directory)}


def read_csv_rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_samples_are_byte_identical_when_written_again(samples, tmp_path):
    again = {path.name: path for path in demo.write_samples(tmp_path)}
    assert set(again) == set(samples) == set(demo.SAMPLE_FILES)
    for name, path in samples.items():
        assert path.read_bytes() == again[name].read_bytes(), name


def test_shipped_samples_are_up_to_date(samples):
    # data/samples is committed; it must be what write_samples() makes now.
    from carenet_dash.config import SAMPLES_DIR

    for name, path in samples.items():
        assert sample_content(SAMPLES_DIR / name) == sample_content(path), name


def sample_content(path):
    """A sample's content: bytes for text files; cell values for a workbook, whose bytes
    depend on whether openpyxl found lxml installed."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    workbook = openpyxl.load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_surveymonkey_sample_has_the_real_two_row_header(samples, instrument):
    raw = samples["surveymonkey_2026_q4.csv"].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = read_csv_rows(samples["surveymonkey_2026_q4.csv"])
    header, sub, data = rows[0], rows[1], rows[2:]
    metadata = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    assert header[:9] == metadata
    assert sub[:9] == [""] * 9
    position = 9
    for segment in instrument.segments:
        assert (header[position], sub[position]) == (segment.question, "Response")
        position += 1
    # The relations question: a block of columns, one per organisation on the form.
    options = len(_OPTIONS)
    assert header[position] == instrument.relations_question.question
    assert header[position + 1 : position + options] == [""] * (options - 1)
    assert sub[position : position + options] == list(_OPTIONS)
    assert all(row[c] in ("", sub[c]) for row in data for c in range(position, position + options))
    position += options
    first_item = position
    for dimension in instrument.dimensions:
        block = len(dimension.items)
        assert header[position] == (
            f"How far do you agree with these statements about {dimension.name.lower()}?"
        )
        assert header[position + 1 : position + block] == [""] * (block - 1)
        assert sub[position : position + block] == [item.text for item in dimension.items]
        position += block
    for question in instrument.open_questions:
        assert (header[position], sub[position]) == (question.question, "Open-Ended Response")
        position += 1
    assert len(header) == position
    assert len(data) == demo.SAMPLE_RESPONDENTS
    assert all(len(row) == position for row in data)

    allowed = {"", *instrument.scale.labels, *instrument.scale.not_applicable}
    answers = {
        cell for row in data for cell in row[first_item : first_item + len(instrument.items)]
    }
    assert answers <= allowed
    assert {"Strongly agree", "Don't know"} <= answers
    when = re.compile(r"\d\d/\d\d/2026 \d\d:\d\d:\d\d [AP]M")
    assert all(when.fullmatch(row[2]) and when.fullmatch(row[3]) for row in data)
    # Personal data the importer must drop: fake, but present.
    assert all(row[4].startswith("192.0.2.") for row in data)
    emails = [row[5] for row in data if row[5]]
    assert emails
    assert all(e.endswith("@example.org") for e in emails)
    assert any(row[6] == "Alex" and row[7] == "Example" for row in data)


def long_values(path) -> dict[tuple[str, str], str]:
    """The answers to the statements (the organisation rows left out: several per person)."""
    rows = read_csv_rows(path)
    assert rows[0] == ["respondent_id", "item_id", "value"]
    return {(r, i): v for r, i, v in rows[1:] if i not in ("organisation", "works_with")}


_OPTIONS = [m.name for m in RIVERSIDE.active(3)]


def test_samples_are_a_new_round_not_a_copy_of_the_stored_one(samples, rounds):
    sample = long_values(samples["long_2026_q4.csv"])
    last = rounds[3].responses.answers
    assert rounds[3].label == "2026 Q3"
    stored = {
        (f"R{row + 1:03d}", item_id): str(score)
        for row, item_id, score, na in last.itertuples(index=False)
        if not na
    }
    shared = set(sample) & set(stored)
    assert len(shared) > 1000
    # Independent draws agree on a minority of answers; a copy would agree on all of them.
    agreeing = sum(sample[key] == stored[key] for key in shared)
    assert agreeing / len(shared) < 0.6
    rows = read_csv_rows(samples["surveymonkey_2026_q4.csv"])[2:]
    assert all(row[2].startswith("11/") and "/2026 " in row[2] for row in rows)


def test_sample_formats_hold_the_same_answers(samples, instrument):
    labels = instrument.scale.labels
    item_ids = list(instrument.items)
    n_segments = len(instrument.segments)
    surveymonkey = read_csv_rows(samples["surveymonkey_2026_q4.csv"])[2:]
    start = 9 + n_segments + len(_OPTIONS)  # after the relations block
    sm_items = [row[start : start + len(item_ids)] for row in surveymonkey]
    from_sm = {
        (f"R{n + 1:03d}", item_id): str(labels.index(cell) + 1) if cell in labels else cell
        for n, cells in enumerate(sm_items)
        for item_id, cell in zip(item_ids, cells, strict=True)
        if cell
    }
    assert long_values(samples["long_2026_q4.csv"]) == from_sm

    google = read_csv_rows(samples["googleforms_2026_q4.csv"])
    assert google[0][0] == "Timestamp"
    assert google[0][2 + n_segments + 27] == (
        "How far do you agree with these statements about resources & capacity? "
        "[There is dedicated support to coordinate network activity.]"
    )
    google_items = [row[2 + n_segments : 2 + n_segments + len(item_ids)] for row in google[1:]]
    assert google_items == sm_items
    # The same organisations named in each shape: a block, ", "-joined, one row each.
    named_sm = [{c for c in row[9 + n_segments : start] if c} for row in surveymonkey]
    named_google = [set(filter(None, row[1 + n_segments].split(", "))) for row in google[1:]]
    assert named_google == named_sm
    named_long: list[set[str]] = [set() for _ in surveymonkey]
    for r, i, v in read_csv_rows(samples["long_2026_q4.csv"])[1:]:
        if i == "works_with":
            named_long[int(r[1:]) - 1].add(v)
    assert named_long == named_sm


def test_msforms_sample_opens_with_statement_headers(samples, instrument):
    workbook = openpyxl.load_workbook(samples["msforms_2026_q4.xlsx"])
    assert len(workbook.sheetnames) == 1
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:6] == [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
    ]
    segments = len(instrument.segments)
    assert header[6 : 6 + segments] == [s.question for s in instrument.segments]
    assert header[6 + segments] == instrument.relations_question.question
    first = 7 + segments
    statements = [item.text for item in instrument.items.values()]
    assert header[first : first + len(statements)] == statements
    assert header[first + len(statements) :] == [q.question for q in instrument.open_questions]
    data = rows[1:]
    assert len(data) == demo.SAMPLE_RESPONDENTS
    emails = [row[3] for row in data]
    assert emails.count("anonymous") > len(data) * 0.9
    assert any(e and e.endswith("@example.org") for e in emails)
    assert all(isinstance(row[1], dt.datetime) and row[2] > row[1] for row in data)
    joined = [row[6 + segments] for row in data if row[6 + segments]]
    assert joined
    assert all(cell.endswith(";") for cell in joined)  # as Microsoft Forms writes it
    assert {row[first] for row in data} <= {
        None,
        *instrument.scale.labels,
        *instrument.scale.not_applicable,
    }
