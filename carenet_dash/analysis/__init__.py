"""Page-ready figures: store reads joined with scoring, published through the disclosure rules.

Everything a page, the CLI or an export shows comes through here, and every figure about
people passes ``carenet_dash.disclosure`` on its way out (the one place that decides what is
shown): a figure not shown leaves this package blank (NaN or None) beside a status, "hidden"
or "no data". Modules by what they answer: ``rounds`` (scorecard, change, trend), ``items``
and ``answers`` (statements and answer bins), ``segments``, ``comments``, ``tables`` (the
command line's rows), ``actions`` and ``matrix`` (the workshop), on ``data`` (a round loaded);
``rows`` picks one dimension's rows.
"""

from carenet_dash.analysis.actions import (
    NETWORK_WIDE,
    OPEN_STATUSES,
    actions_frame,
    dimension_names,
    open_actions,
    previous_actions,
    round_actions,
)
from carenet_dash.analysis.comments import (
    COMMENT_COLUMNS,
    GENERAL,
    CommentSelection,
    RoundComments,
    round_comments,
    select_comments,
)
from carenet_dash.analysis.data import (
    RoundData,
    in_order,
    load_round,
    previous_round,
    shared_instrument,
)
from carenet_dash.analysis.items import (
    PCT_COLUMNS,
    RAW_COLUMNS,
    dimension_items,
    dimension_spread,
    item_changes,
    items_moved_most,
)
from carenet_dash.analysis.matrix import (
    IN_LINE,
    MEMBERS_HIGHER,
    MEMBERS_LOWER,
    VIEWS_APART,
    matrix_movement,
    matrix_session_for_round,
    matrix_summary,
    survey_round_for,
)
from carenet_dash.analysis.rounds import (
    compare_rounds,
    dimension_scores,
    respondent_count,
    round_list,
    round_responses,
    scorecard,
    scores_rows,
    strengths_and_priorities,
    trend,
)
from carenet_dash.analysis.rows import dimension_row, for_dimension
from carenet_dash.analysis.segments import segment_changes, segment_of, segment_scores
from carenet_dash.analysis.tables import (
    COMPARE_COLUMNS,
    SEGMENT_COLUMNS,
    compare_rows,
    segments_rows,
)

__all__ = [
    "COMMENT_COLUMNS",
    "COMPARE_COLUMNS",
    "GENERAL",
    "IN_LINE",
    "MEMBERS_HIGHER",
    "MEMBERS_LOWER",
    "NETWORK_WIDE",
    "OPEN_STATUSES",
    "PCT_COLUMNS",
    "RAW_COLUMNS",
    "SEGMENT_COLUMNS",
    "VIEWS_APART",
    "CommentSelection",
    "RoundComments",
    "RoundData",
    "actions_frame",
    "compare_rounds",
    "compare_rows",
    "dimension_items",
    "dimension_names",
    "dimension_row",
    "dimension_scores",
    "dimension_spread",
    "for_dimension",
    "in_order",
    "item_changes",
    "items_moved_most",
    "load_round",
    "matrix_movement",
    "matrix_session_for_round",
    "matrix_summary",
    "open_actions",
    "previous_actions",
    "previous_round",
    "respondent_count",
    "round_actions",
    "round_comments",
    "round_list",
    "round_responses",
    "scorecard",
    "scores_rows",
    "segment_changes",
    "segment_of",
    "segment_scores",
    "segments_rows",
    "select_comments",
    "shared_instrument",
    "strengths_and_priorities",
    "survey_round_for",
    "trend",
]
