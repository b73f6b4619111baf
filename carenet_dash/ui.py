"""Small Streamlit pieces shared by pages: the store, cached figures, pickers, chart/table views."""

from __future__ import annotations

import gc
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit import dataframe_util

from carenet_dash import access, analysis, charts, config, present, scoring
from carenet_dash.errors import CareNetError
from carenet_dash.instrument import Dimension, Instrument, Segment
from carenet_dash.store import queries
from carenet_dash.store.engine import get_engine
from carenet_dash.store.engine import revision as store_revision
from carenet_dash.store.queries import NetworkInfo, RoundInfo

# Streamlit, pandas, Altair and SQLAlchemy leave hundreds of thousands of objects that live as
# long as the server. Frozen once, when this module is first imported, the garbage collector
# stops rescanning them in every run that allocates (10 ms for a sidebar of 1,000 networks).
gc.freeze()

NETWORK_KEY = "network"
ROUND_KEY = "round"


def leave_legacy_pages_mode() -> bool:
    """Switch off Streamlit's legacy pages/ mode; True if this run was in it.

    Streamlit treats a ``pages/`` folder beside the main script as a v1 multipage app until
    the first ``st.navigation`` call of the process. Until then a deep link (/compare) runs the
    page file alone, without app.py's store setup and sidebar. app.py switches the mode off;
    a page that finds it still on knows app.py did not run, and reruns (see ``selection``).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without the legacy mode
        return False
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        return True
    return False


def ensure_app_shell() -> None:
    """Call first on a page that does not start with ``selection()``: a page run without
    app.py (a first deep link after the server starts) goes round again through it."""
    if leave_legacy_pages_mode():
        st.rerun()


def url() -> str:
    return config.database_url()


def engine() -> Engine:
    return get_engine(url())


def revision() -> int:
    """The store's write counter: part of every cache key, so a write anywhere (this app, the
    CLI, another server) makes cached figures stale."""
    return store_revision(engine())


def clear_caches() -> None:
    """Drop every cached figure; call after any write from the UI."""
    st.cache_data.clear()


# Cached reads. Each takes (url, revision, ...) so entries never outlive the data they describe.
# The network list is read on every run of every page, twice: shared rather than copied (its
# records are frozen), so a store of 1,000 networks costs no more per run than one of two.
@st.cache_resource(show_spinner=False, max_entries=64)
def _networks(store_url: str, rev: int) -> tuple[NetworkInfo, ...]:
    return tuple(queries.networks(get_engine(store_url)))


@st.cache_data(show_spinner=False, max_entries=256)
def _rounds(store_url: str, rev: int, network_id: int) -> list[RoundInfo]:
    return queries.rounds(get_engine(store_url), network_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _scorecard(store_url: str, rev: int, round_id: int, min_size: int) -> pd.DataFrame:
    return analysis.scorecard(get_engine(store_url), round_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _trend(store_url: str, rev: int, network_id: int, min_size: int) -> pd.DataFrame:
    return analysis.trend(get_engine(store_url), network_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _instrument(store_url: str, instrument_pk: int):
    return queries.instrument_snapshot(get_engine(store_url), instrument_pk)


def networks() -> tuple[NetworkInfo, ...]:
    return _networks(url(), revision())


def rounds(network_id: int) -> list[RoundInfo]:
    return _rounds(url(), revision(), network_id)


def scorecard(round_id: int, min_size: int) -> pd.DataFrame:
    return _scorecard(url(), revision(), round_id, min_size)


def trend(network_id: int, min_size: int) -> pd.DataFrame:
    return _trend(url(), revision(), network_id, min_size)


def instrument(info: RoundInfo):
    """The instrument a round was imported with (snapshots never change, so no revision)."""
    return _instrument(url(), info.instrument_pk)


@dataclass(frozen=True)
class Selection:
    """The network and round chosen in the sidebar, with the network's rounds."""

    network: NetworkInfo
    rounds: list[RoundInfo]
    round: RoundInfo | None

    @property
    def min_size(self) -> int:
        return self.network.min_group_size

    @property
    def previous(self) -> RoundInfo | None:
        if self.round is None:
            return None
        return analysis.previous_round(self.rounds, self.round)


def open_store() -> bool:
    """Open (and migrate) the store, seeding the demo networks into an empty one.

    Shows a message and returns False when the store cannot be opened.
    """
    try:
        store = engine()
        if queries.is_empty(store):
            from carenet_dash.demo import seed_demo

            with st.spinner("Setting up the demo networks…"):
                seed_demo(store)
            clear_caches()
    except CareNetError as error:
        st.error(f"The store could not be opened: {error}")
        return False
    return True


def sidebar() -> None:
    """The network and round pickers, kept in the URL so a link opens the same view."""
    _apply_pending_selection()
    found = networks()
    with st.sidebar:
        st.markdown("### CareNet Dash")
        if not found:
            st.info("No networks yet: import a survey export on the Upload page.")
            return
        names = [n.name for n in found]
        name = st.selectbox("Network", names, key=NETWORK_KEY, bind="query-params")
        network = next(n for n in found if n.name == name)
        labels = [r.label for r in rounds(network.id)]
        if labels:
            st.selectbox(
                "Round",
                labels,
                index=len(labels) - 1,
                key=ROUND_KEY,
                bind="query-params",
                help="Rounds run oldest to newest; the latest is chosen unless the link says "
                "otherwise.",
            )
        st.caption(
            "Scores are prompts for discussion, never verdicts. Groups of fewer than "
            f"{network.min_group_size} responses are never shown."
        )


def selection() -> Selection | None:
    """What the sidebar has chosen, or None when the store has no network yet."""
    ensure_app_shell()
    found = networks()
    if not found:
        return None
    chosen = st.session_state.get(NETWORK_KEY)
    network = next((n for n in found if n.name == chosen), found[0])
    network_rounds = rounds(network.id)
    label = st.session_state.get(ROUND_KEY)
    current = next((r for r in network_rounds if r.label == label), None)
    if current is None and network_rounds:
        current = network_rounds[-1]
    return Selection(network=network, rounds=network_rounds, round=current)


def require_round() -> Selection:
    """The selection, or a friendly stop when there is nothing to show yet."""
    chosen = selection()
    if chosen is None:
        st.info("There are no networks yet. Import a survey export on the **Upload** page.")
        st.stop()
    if chosen.round is None:
        st.info(f"{chosen.network.name} has no rounds yet. Import one on the **Upload** page.")
        st.stop()
    return chosen


def _frame_key(frame: pd.DataFrame) -> tuple[bytes, ...]:
    # Its labels and each column's name, type and values, each pickled on its own: equal keys
    # mean equal frames however pandas lays them out in memory, at a tenth of the cost of
    # Streamlit's own hash of a frame.
    parts = [frame.index, *((name, column.array) for name, column in frame.items())]
    return tuple(pickle.dumps(part, protocol=5) for part in parts)


# Cache keys for figures passed by value (a page's frames) rather than by id.
_BY_VALUE = {pd.DataFrame: _frame_key}


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=_BY_VALUE)
def _chart_spec(builder: str, args: tuple, kwargs: dict) -> dict:
    spec = getattr(charts, builder)(*args, **kwargs).to_dict()
    # The data as Streamlit sends it (Arrow), converted once here rather than on every rerun.
    for name, values in spec.get("datasets", {}).items():
        spec["datasets"][name] = dataframe_util.convert_anything_to_arrow_bytes(values)
    return spec


def chart(builder: Callable[..., alt.TopLevelMixin], *args: object, **kwargs: object) -> dict:
    """A chart from ``carenet_dash.charts`` as a finished Vega-Lite spec, cached by its inputs.

    Building an Altair chart and validating it on the way to the browser costs most of a warm
    rerun (0.4 s of Compare's 0.6 s): with the same figures, the spec is simply reused.
    """
    return _chart_spec(builder.__name__, args, kwargs)


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=_BY_VALUE)
def _memo(module: str, name: str, args: tuple, kwargs: dict) -> object:
    return getattr(sys.modules[module], name)(*args, **kwargs)


def memo(function: Callable[..., object], *args: object, **kwargs: object) -> Any:
    """``function(*args, **kwargs)`` for a pure function of a page's figures (a table for the
    screen, a split of a frame), computed once and reused while its inputs stay the same."""
    return _memo(function.__module__, function.__qualname__, args, kwargs)


def chart_with_table(
    chart: alt.TopLevelMixin | dict, table: pd.DataFrame, caption: str | None = None
) -> None:
    """A chart and, beside it in a tab, the same numbers as a table (to read or copy)."""
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if isinstance(chart, dict):  # a finished Vega-Lite spec, e.g. charts.for_screen's
            st.vega_lite_chart(spec=chart, width="stretch")
        else:
            st.altair_chart(chart, width="stretch")
    with table_tab:
        st.dataframe(table, hide_index=True, width="stretch")
    if caption:
        st.caption(caption)


def hidden_note(min_size: int) -> str:
    return (
        f"“{scoring.hidden_text(min_size)}” marks a group too small to show without risking "
        "identifying members; “no data” means nobody answered."
    )


# Access control. The rules live in carenet_dash.access; these only draw the forms.
ROLE_KEY = "access_role"


def access_policy() -> access.Policy:
    try:
        secrets = st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        secrets = {}
    return access.policy(secrets)


def current_role(rules: access.Policy) -> str | None:
    if rules.oidc:
        if not st.user.is_logged_in:
            return None
        return rules.oidc_role(st.user.get("email"))
    return st.session_state.get(ROLE_KEY)


def _password_form(wanted: str, prompt: str, key: str) -> None:
    rules = access_policy()
    with st.form(key=key, clear_on_submit=True):
        given = st.text_input(prompt, type="password", key=f"{key}_password")
        if st.form_submit_button("Sign in"):
            result = access.attempt(given or "", wanted, rules)
            if result.granted:
                st.session_state[ROLE_KEY] = result.granted
                st.rerun()
            st.error(result.message)


def viewing_allowed() -> bool:
    """True when this person may see the dashboard (always, unless viewing is protected)."""
    rules = access_policy()
    return access.can_view(rules, current_role(rules))


def sign_in_screen() -> None:
    """The whole screen for someone who may not view yet: a sign-in, and nothing else."""
    rules = access_policy()
    st.title("CareNet Dash")
    if rules.oidc:
        st.write("Sign in with your organisation's account to see the network's results.")
        if st.button("Sign in", type="primary"):
            st.login()
    else:
        st.write("This dashboard is protected. Enter the password the network lead gave you.")
        _password_form(access.VIEWER, "Password", key="viewer_sign_in")


def lead_unlocked() -> bool:
    """True when this person may import, edit, delete or export."""
    rules = access_policy()
    return access.can_write(rules, current_role(rules))


def require_lead(action: str) -> bool:
    """True when writes are allowed; otherwise shows why and a lead sign-in, and returns False."""
    if lead_unlocked():
        return True
    rules = access_policy()
    st.info(f"Only the network lead can {action}.")
    if rules.oidc:
        st.caption("Your account is not on the list of leads for this dashboard.")
    else:
        _password_form(access.LEAD, "Lead password", key=f"lead_sign_in_{action}")
    return False


# ---------------------------------------------------------------------------------------------
# Compare, dimension, segments and comments pages: cached figures, pickers bound to the URL.

DIMENSION_KEY = "dimension"
SEGMENT_KEY = "segment"
BEFORE_KEY = "before"
# Absolute, like app.py's st.Page paths, so links resolve whatever script is the entrypoint.
DIMENSION_PAGE = str(config.PROJECT_ROOT / "pages" / "dimension.py")


@st.cache_data(show_spinner=False, max_entries=128)
def _compare(store_url: str, rev: int, before_id: int, after_id: int, min_size: int):
    return analysis.compare_rounds(get_engine(store_url), before_id, after_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _item_changes(store_url: str, rev: int, before_id: int, after_id: int, min_size: int):
    return analysis.item_changes(get_engine(store_url), before_id, after_id, min_size)


@st.cache_data(show_spinner=False, max_entries=256)
def _dimension_items(store_url: str, rev: int, round_id: int, dimension_id: str, min_size: int):
    return analysis.dimension_items(get_engine(store_url), round_id, dimension_id, min_size)


@st.cache_data(show_spinner=False, max_entries=256)
def _dimension_spread(store_url: str, rev: int, round_id: int, dimension_id: str, min_size: int):
    return analysis.dimension_spread(get_engine(store_url), round_id, dimension_id, min_size)


@st.cache_data(show_spinner=False, max_entries=256)
def _segment_scores(store_url: str, rev: int, round_id: int, segment_id: str, min_size: int):
    return analysis.segment_scores(get_engine(store_url), round_id, segment_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _segment_changes(
    store_url: str, rev: int, round_ids: tuple[int, int], segment_id: str, min_size: int
):
    before_id, after_id = round_ids
    return analysis.segment_changes(
        get_engine(store_url), before_id, after_id, segment_id, min_size
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _round_comments(
    store_url: str, rev: int, round_id: int, min_size: int, segment_id: str | None
) -> analysis.RoundComments:
    return analysis.round_comments(get_engine(store_url), round_id, min_size, segment_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _select_comments(
    store_url: str,
    rev: int,
    round_id: int,
    min_size: int,
    choice: tuple[str | None, str | None, str | None, str | None, str | None],
) -> analysis.CommentSelection:
    segment_id, question_id, dimension_id, group, search = choice
    found = _round_comments(store_url, rev, round_id, min_size, segment_id)
    return analysis.select_comments(
        found,
        min_size,
        question_id=question_id,
        dimension_id=dimension_id,
        group=group,
        search=search,
    )


def _or_stop(compute, *args):
    """Run a cached figure; a refusal (CareNetError) is shown as a message and stops the page."""
    try:
        return compute(url(), revision(), *args)
    except CareNetError as error:
        st.error(f"{str(error)[:1].upper()}{str(error)[1:]}.")
        st.stop()


def compare(before: RoundInfo, after: RoundInfo, min_size: int) -> pd.DataFrame:
    return _or_stop(_compare, before.id, after.id, min_size)


def item_changes(before: RoundInfo, after: RoundInfo, min_size: int) -> pd.DataFrame:
    return _or_stop(_item_changes, before.id, after.id, min_size)


def dimension_items(info: RoundInfo, dimension_id: str, min_size: int) -> pd.DataFrame:
    return _or_stop(_dimension_items, info.id, dimension_id, min_size)


def dimension_spread(info: RoundInfo, dimension_id: str, min_size: int) -> pd.DataFrame:
    return _or_stop(_dimension_spread, info.id, dimension_id, min_size)


def segment_scores(info: RoundInfo, segment_id: str, min_size: int) -> pd.DataFrame:
    return _or_stop(_segment_scores, info.id, segment_id, min_size)


def segment_changes(
    before: RoundInfo, after: RoundInfo, segment_id: str, min_size: int
) -> pd.DataFrame:
    return _or_stop(_segment_changes, (before.id, after.id), segment_id, min_size)


def round_comments(
    info: RoundInfo, min_size: int, segment_id: str | None
) -> analysis.RoundComments:
    return _or_stop(_round_comments, info.id, min_size, segment_id)


def select_comments(
    info: RoundInfo,
    min_size: int,
    segment_id: str | None,
    *,
    question_id: str | None = None,
    dimension_id: str | None = None,
    group: str | None = None,
    search: str | None = None,
) -> analysis.CommentSelection:
    choice = (segment_id, question_id, dimension_id, group, search or None)
    return _or_stop(_select_comments, info.id, min_size, choice)


def dimension_picker(instrument: Instrument) -> Dimension:
    """The dimension to look at, kept in the URL (by name) so a link opens the same one."""
    names = {d.id: d.name for d in instrument.dimensions}
    chosen = st.selectbox(
        "Dimension",
        list(names),
        format_func=names.__getitem__,
        key=DIMENSION_KEY,
        bind="query-params",
    )
    return instrument.dimension(chosen)


def segment_picker(instrument: Instrument, label: str = "Segment") -> Segment | None:
    """The segment (member attribute) to break results down by, kept in the URL."""
    if not instrument.segments:
        st.info(f"The instrument {instrument.name!r} asks no segment question, so results "
                "cannot be broken down by group.")  # fmt: skip
        return None
    labels = {s.id: s.label for s in instrument.segments}
    chosen = st.selectbox(
        label,
        list(labels),
        format_func=labels.__getitem__,
        key=SEGMENT_KEY,
        bind="query-params",
        help="Groups with fewer responses than the network's minimum are never shown, and "
        "where one group is hidden the next smallest is hidden too.",
    )
    return instrument.segment(chosen)


def comparison_round(chosen: Selection) -> RoundInfo:
    """The round to compare the sidebar's round with: the one before it unless the URL says
    otherwise (the first round is compared with the second)."""
    others = [r for r in chosen.rounds if r.id != chosen.round.id]
    default = chosen.previous or others[0]
    label = st.selectbox(
        "Compare with",
        [r.label for r in others],
        index=others.index(default),
        key=BEFORE_KEY,
        bind="query-params",
        help="The round chosen in the sidebar is compared with this one; the change always "
        "runs from the earlier round to the later.",
    )
    return next(r for r in others if r.label == label)


def dimension_links(network: NetworkInfo, info: RoundInfo, instrument: Instrument) -> None:
    """A link to each dimension's page for this network and round, in three columns."""
    columns = st.columns(3)
    for position, dimension in enumerate(instrument.dimensions):
        columns[position % 3].page_link(
            DIMENSION_PAGE,
            label=dimension.name,
            icon=":material/arrow_forward:",
            query_params={
                NETWORK_KEY: network.name,
                ROUND_KEY: info.label,
                DIMENSION_KEY: dimension.name,
            },
        )


COMMENTS_LISTED = 100


def comment_list(comments: pd.DataFrame, segment: str | None) -> None:
    """Comments as readable cards, then all of them as a table to copy. Everything is written
    with st.text or a dataframe: a comment is never read as Markdown or HTML."""
    for row in comments.head(COMMENTS_LISTED).itertuples():
        with st.container(border=True):
            st.text(row.text)
            tags = [row.question, row.group if segment and row.group else ""]
            st.text(" · ".join(t for t in tags if t))
    if len(comments) > COMMENTS_LISTED:
        st.caption(f"The first {COMMENTS_LISTED} are listed; the table has all {len(comments)}.")
    with st.expander("All as a table (to copy into a report)"):
        st.dataframe(present.comments_table(comments, segment), hide_index=True, width="stretch")


_PENDING = "_select_after_write"


def select_after_write(network: str, round_label: str | None) -> None:
    """Show this network and round from the next run on (after an import, rename or delete).

    The pickers exist by the time a page writes, and Streamlit refuses changes to a widget's
    value once it exists in a run, so the choice waits for the next run's sidebar.
    """
    st.session_state[_PENDING] = (network, round_label)


def _apply_pending_selection() -> None:
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    network, round_label = pending
    st.session_state[NETWORK_KEY] = network
    if round_label is None:
        st.session_state.pop(ROUND_KEY, None)
    else:
        st.session_state[ROUND_KEY] = round_label
