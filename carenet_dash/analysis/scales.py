"""Each dimension's scale beside its figures: its lowest and highest answer and its bands, so
a chart draws its axis and band stripes from the dimension's own scale (1..5, 1..4, 0..10)."""

from __future__ import annotations

import math

import pandas as pd

from carenet_dash.errors import NotFound
from carenet_dash.instrument import Instrument

SCALE_COLUMNS = ["scale_low", "scale_high", "band_priority", "band_strength"]
MEAN = "mean"
FAVOURABLE = "favourable share"
# A favourable share runs 0..100 and has no bands: bands are thresholds for a mean.
SHARE_SCALE = {"scale_low": 0.0, "scale_high": 100.0, "band_priority": math.nan,
               "band_strength": math.nan}  # fmt: skip


def scale_values(instrument: Instrument, dimension_id: str) -> dict[str, float]:
    """A dimension's scale ends and bands (NaN for a dimension the instrument lacks)."""
    try:
        scale, bands = instrument.scale_of(dimension_id), instrument.bands_of(dimension_id)
    except NotFound:
        return dict.fromkeys(SCALE_COLUMNS, math.nan)
    return {
        "scale_low": float(scale.low),
        "scale_high": float(scale.high),
        "band_priority": float(bands.priority),
        "band_strength": float(bands.strength),
    }


def with_scales(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """The frame with each row's dimension scale and bands (``SCALE_COLUMNS``), by its
    dimension_id."""
    found = {d: scale_values(instrument, d) for d in dict.fromkeys(frame["dimension_id"])}
    values = pd.DataFrame([found[d] for d in frame["dimension_id"]], columns=SCALE_COLUMNS)
    return frame.assign(**{c: values[c].to_numpy(dtype="float64") for c in SCALE_COLUMNS})


def same_numbers(a: Instrument, b: Instrument, item_ids: set[str]) -> bool:
    """True when every one of these items is answered on the same numbers in both
    instruments, so their means can be compared."""
    return all(a.item_scales[i].scores == b.item_scales[i].scores for i in item_ids)


def on_favourable_share(frame: pd.DataFrame) -> bool:
    """True when a comparison (compare_rounds, or a scorecard's change columns) is of
    favourable shares, its rounds having been asked on different scales."""
    return "compared_on" in frame and bool((frame["compared_on"] == FAVOURABLE).any())


def on_latest_scale(trend: pd.DataFrame) -> pd.Series:
    """For each row of a trend: True when it is on the scale its dimension has in the latest
    round. A mean on another scale is not comparable, so a trend's line leaves it out."""
    latest = trend.drop_duplicates("dimension_id", keep="last").set_index("dimension_id")
    low = trend["dimension_id"].map(latest["scale_low"])
    high = trend["dimension_id"].map(latest["scale_high"])
    return (trend["scale_low"] == low) & (trend["scale_high"] == high)


def rounds_on_other_scales(trend: pd.DataFrame) -> list[str]:
    """The rounds of a trend with a dimension asked on another scale than the latest round's."""
    if trend.empty:
        return []
    return list(dict.fromkeys(trend.loc[~on_latest_scale(trend), "round"]))
