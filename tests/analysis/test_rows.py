"""One dimension's rows out of any per-dimension figure: the one filter every page uses."""

from __future__ import annotations

import pandas as pd

from carenet_dash import analysis


def test_one_dimensions_rows_in_order_or_every_row():
    frame = pd.DataFrame(
        {"dimension_id": ["a", "b", "a", None], "value": [1, 2, 3, 4]}, index=[10, 11, 12, 13]
    )
    picked = analysis.for_dimension(frame, "a")
    assert picked.to_dict("list") == {"dimension_id": ["a", "a"], "value": [1, 3]}
    assert list(picked.index) == [0, 1]  # a fresh index: .iloc[0] is the first row shown
    assert analysis.for_dimension(frame, None)["value"].tolist() == [1, 2, 3, 4]
    assert analysis.for_dimension(frame, "z").empty
    assert analysis.dimension_row(frame, "b")["value"] == 2
