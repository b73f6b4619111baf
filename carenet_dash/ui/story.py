"""The story of a round on screen: the "what changed" list, each line a link to the view
that shows its figures, and every dimension's changes as a table of plain words."""

from __future__ import annotations

import streamlit as st

from carenet_dash.analysis import story
from carenet_dash.present import story as story_words
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.ui import figures, navigation, selection, views
from carenet_dash.ui.text import plain

_PAGES = {
    story.COMPARE: navigation.COMPARE,
    story.DIMENSION: navigation.DIMENSION,
    story.SEGMENTS: navigation.SEGMENTS,
}
_ICONS = {
    story.FALL: ":material/trending_down:",
    story.RISE: ":material/trending_up:",
    story.NEW_PRIORITY: ":material/flag:",
    story.NEW_STRENGTH: ":material/star:",
    story.GROUP: ":material/groups:",
}


_WRAP = (
    '[data-testid="stMain"] [data-testid="stPageLink"] a { height: auto; }'
    '[data-testid="stMain"] [data-testid="stPageLink"] p { white-space: normal; }'
)


def what_changed(network: NetworkInfo, info: RoundInfo, heading: str = "What changed") -> None:
    """The round's "what changed" list, each line linked to its view (Compare from the round
    the change runs from, the Dimension page, or the Segments page)."""
    lines = figures.story_lines(info.id, network.min_group_size)
    # A line is a sentence: let its link wrap rather than cut it short.
    st.html(f"<style>{_WRAP}</style>")
    st.markdown(f"#### {heading}")
    if not lines:
        st.caption(story_words.NO_STORY)
        return
    for line in lines:
        st.page_link(
            _PAGES[line.view].path,
            label=plain(story_words.line_text(line)),
            icon=_ICONS[line.kind],
            query_params={
                selection.NETWORK_KEY: network.name,
                selection.ROUND_KEY: info.label,
                **line.params,
            },
        )


def changes_table(network: NetworkInfo, info: RoundInfo) -> None:
    """Every dimension's change since the previous round beside its largest clear change
    since an earlier round."""
    table = story_words.story_table(
        figures.dimension_story(info.id, network.min_group_size), network.min_group_size
    )
    views.text_table(table)
