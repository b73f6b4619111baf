"""Workshop: the round as a presentation, one step per screen (the round at a glance, each
dimension, the maturity matrix, what we agreed), capturing notes and actions as the room agrees
them."""

import streamlit as st

from carenet_dash import analysis, charts, disclosure, present, workshop
from carenet_dash.present import follow_up as follow_up_words
from carenet_dash.ui import (
    connections,
    export_panel,
    figures,
    follow_up,
    presentation,
    selection,
    sign_in,
    story,
    views,
    workshop_forms,
)
from carenet_dash.ui.text import plain

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
previous = chosen.previous
instrument = figures.instrument(current.instrument_pk)
card = figures.scorecard(current.id, min_size)
steps = workshop.steps(instrument)
step = presentation.step_bar(steps)
lead = sign_in.lead_unlocked()

if step.kind == workshop.TITLE:
    st.title(plain(network.name))
    fielded = current.fielded_on.strftime("%d %B %Y") if current.fielded_on else "date not given"
    respondents = analysis.respondent_count(current, min_size)
    rate = present.response_rate(respondents, current.invited)
    st.caption(
        plain(f"Workshop · round {current.label} · fielded {fielded} · ")
        + (
            f"{respondents} responses" + (f" ({rate})" if rate else "")
            if respondents is not None
            else f"{disclosure.hidden_text(min_size)} in this round"
        )
    )
    told, pictured = st.columns([1, 1.1], gap="large")
    with told:
        story.what_changed(network, current)
    with pictured:
        st.markdown("#### Scorecard")
        presentation.chart_with_table(
            charts.scorecard(card, min_size),
            present.scorecard_table(card, min_size),
            caption=f"▲ strength, ● discuss, ▼ priority. {views.hidden_note(min_size)}",
            height=30 * len(card) + 60,
            legend=False,
        )
    strengths, priorities = analysis.strengths_and_priorities(card)
    left, right = st.columns(2)
    for column, heading, found, empty in (
        (left, "▲ Strengths to build on", strengths, "No dimension reaches the strength band."),
        (right, "▼ Priorities to discuss", priorities, "No dimension falls in the priority band."),
    ):
        column.markdown(f"### {heading}")
        lines = present.mean_lines(found, plain)
        if lines:
            column.markdown("\n".join(lines))
        else:
            column.caption(empty)
    st.markdown("### Today")
    st.markdown("\n".join(f"{s.number}. {plain(s.title)}" for s in steps[1:]))
    st.info("Scores are prompts for discussion, never verdicts.", icon=":material/forum:")

elif step.kind == workshop.DIMENSION:
    dimension = instrument.dimension(step.dimension_id)
    row = analysis.dimension_row(card, dimension.id)
    st.title(plain(dimension.name))
    mean, band, change, counted = st.columns(4)
    mean.metric("Mean", present.mean(row["mean"], row["status"], min_size))
    band.metric("Band", present.band(row["band"]))
    change.metric(
        plain(f"Change since {previous.label}") if previous else "Change",
        present.change_label(row["change"], row["verdict"]) if previous else "–",
        help=plain(present.change_since(previous.label if previous else None, row, min_size)),
    )
    counted.metric("Responses", present.count(row["n"], row["status"], min_size))
    if row["status"] == disclosure.HIDDEN:
        st.info(
            f"This dimension has {disclosure.hidden_text(min_size)} in "
            + plain(current.label)
            + ", so its figures are not shown. Its prompts below can still open a discussion."
        )
    elif row["status"] == disclosure.NO_DATA:
        st.info("Nobody answered this dimension's statements in " + plain(current.label) + ".")

    answers, words = st.columns([3, 2], gap="large")
    with answers:
        st.markdown("#### How members answered")
        if row["status"] == disclosure.SHOWN:
            presentation.chart_with_table(
                charts.answer_distribution(row),
                present.answer_distribution_table(row),
                caption="Every scored answer on this dimension's statements; a reverse-worded "
                "statement is turned round, so the right is always the most favourable. "
                "Answers chosen by too few people are counted with their neighbour.",
                height=250,
                legend=False,
            )
            if row["split"]:
                st.warning("▲▼ Members are split: a quarter or more lean each way.")
        else:
            st.caption("The answers are shown once the dimension has enough responses.")
    with words:
        st.markdown("#### In members' words")
        presentation.comment_turn(current, min_size, dimension)
        presentation.comments_link(network, current, dimension)
    st.caption(plain(present.change_since(previous.label if previous else None, row, min_size)))
    if dimension.description:
        st.markdown(plain(dimension.description))

    st.markdown("### For discussion")
    if dimension.prompts:
        st.markdown("\n".join(f"- {plain(prompt)}" for prompt in dimension.prompts))
    else:
        st.caption("The instrument gives no prompts for this dimension.")

    st.markdown("### What we agreed last time")
    agreed_before = figures.previous_actions(current.id, dimension.id)
    if previous is None:
        st.caption("This is the network's first round: nothing was agreed before it.")
    elif agreed_before.empty:
        st.caption(
            f"No action on this dimension was agreed at the {plain(previous.label)} workshop."
        )
    else:
        workshop_forms.action_list(agreed_before, "before", editable=lead, with_round=True)
        follow_up.did_it_move(agreed_before, current, min_size)

    st.markdown(f"### Agreed at this workshop ({plain(current.label)})")
    agreed_now = figures.round_actions(current.id, dimension.id)
    taken = figures.notes(current.network_id, current.id, dimension.id)
    if agreed_now.empty and not taken:
        st.caption("Nothing recorded for this dimension yet.")
    if not agreed_now.empty:
        workshop_forms.action_list(agreed_now, "today", editable=lead, with_round=False)
    workshop_forms.note_list(taken)
    with st.expander("Record a note or an action", icon=":material/edit_note:"):
        if sign_in.require_lead("record notes and actions"):
            workshop_forms.action_form(current, dimension.id, dimension.id)
            workshop_forms.note_form(current, dimension.id, dimension.id)

elif step.kind == workshop.CONNECTIONS:
    connections.workshop_step(chosen)

elif step.kind == workshop.MATRIX:
    st.title("Maturity matrix")
    st.caption(f"{plain(network.name)} · round {plain(current.label)}")
    st.markdown(
        "For each dimension the group agrees where the network is now and where it aims to be, "
        "on five levels. Beside them sit members' survey answers: where the two disagree is "
        "worth a question, not a verdict."
    )
    session, summary, movement = figures.matrix(current.network_id, current.id, min_size)
    names = instrument.maturity.level_names
    if session is None:
        st.info("No matrix session has been recorded for this network yet: agree the first below.")
    else:
        discussed = (
            f", discussing round {plain(session.round_label)}" if session.round_label else ""
        )
        st.markdown(f"#### Session held {present.day(session.held_on)}{discussed}")
        beside = summary["survey_round"].iloc[0] if not summary.empty else None
        if beside and beside != current.label:
            st.caption(
                f"The survey means beside this session are from round {plain(beside)}. Agree a new "
                f"session below to set {plain(current.label)}'s answers beside the group's view."
            )
        presentation.chart_with_table(
            charts.matrix_levels(summary, names, min_size),
            present.matrix_table(summary, names, min_size),
            caption="Biggest gaps first. ● where the group puts the network now, ◆ where it aims "
            "to be. “Members vs group” flags a step or more between the survey mean and the "
            "level agreed. " + views.hidden_note(min_size),
        )
    if movement["session_id"].nunique() > 1:
        st.markdown("#### How the agreed levels moved")
        presentation.chart_with_table(
            charts.matrix_movement(movement, names),
            present.movement_table(movement),
            caption="Each session's level now (solid) and target (dashed), dimension by dimension.",
        )
    with st.expander("Agree the levels for a new session", icon=":material/edit_note:"):
        if sign_in.require_lead("record a maturity-matrix session"):
            workshop_forms.matrix_form(network, current, instrument, summary)

else:
    st.title("What we agreed")
    st.caption(f"{plain(network.name)} · round {plain(current.label)}")
    agreed_now = figures.round_actions(current.id)
    st.markdown(f"### Agreed at this workshop ({plain(current.label)})")
    if agreed_now.empty:
        st.caption("No actions recorded for this round yet.")
    else:
        workshop_forms.action_list(
            agreed_now, "summary", editable=lead, with_round=False, with_dimension=True
        )
    st.caption(
        "Every action this network agreed: "
        + follow_up_words.progress_text(figures.progress(network.id))
    )
    still_open = figures.previous_actions(current.id)
    if not still_open.empty:
        st.markdown("### Agreed before")
        workshop_forms.action_list(
            still_open, "summary_before", editable=lead, with_round=True, with_dimension=True
        )
    with st.expander("Agree a network-wide action", icon=":material/edit_note:"):
        if sign_in.require_lead("record notes and actions"):
            workshop_forms.action_form(current, None, "network")
    st.markdown("### Take it away")
    if sign_in.require_lead("export"):
        export_panel.export_panel(network, current)

presentation.step_footer(step, len(steps))
