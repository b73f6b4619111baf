"""Each dimension's scale and bands in words: the legend under a chart of means, stated once
when every dimension shares them and per dimension where they differ."""

from __future__ import annotations

from collections.abc import Callable

from carenet_dash.instrument import Instrument


def band_words(instrument: Instrument, dimension_id: str, with_scale: bool = False) -> str:
    """'▲ strength (mean ≥ 4), ● discuss, ▼ priority (mean < 3)', with ' on 1–5' after the
    strength when the scale must be said."""
    bands = instrument.bands_of(dimension_id)
    scale = instrument.scale_of(dimension_id)
    where = f" on {scale.low}–{scale.high}" if with_scale else ""
    return (
        f"▲ strength (mean ≥ {bands.strength:g}{where}), ● discuss, ▼ priority "
        f"(mean < {bands.priority:g})"
    )


def band_groups(instrument: Instrument) -> list[tuple[tuple[str, ...], str]]:
    """The dimensions grouped by their scale and bands, in instrument order: (their names,
    the bands in words). One group when every dimension shares them."""
    keys = {
        d.id: (instrument.scale_of(d.id).scores, instrument.bands_of(d.id))
        for d in instrument.dimensions
    }
    several = len(set(keys.values())) > 1
    groups: dict[tuple, list[str]] = {}
    for d in instrument.dimensions:
        groups.setdefault(keys[d.id], []).append(d.id)
    return [
        (
            tuple(instrument.dimension(i).name for i in ids),
            band_words(instrument, ids[0], with_scale=several),
        )
        for ids in groups.values()
    ]


def bands_caption(instrument: Instrument, quote: Callable[[str], str] = str) -> str:
    """The bands under a chart of means: 'Bands: ▲ strength (mean ≥ 4), ● discuss, ▼ priority
    (mean < 3).', or per dimension where scales or bands differ. ``quote`` escapes the
    dimension names (untrusted text) for where the caption is shown."""
    groups = band_groups(instrument)
    if len(groups) == 1:
        return f"Bands: {groups[0][1]}."
    parts = [f"{', '.join(quote(n) for n in names)}: {words}" for names, words in groups]
    return "Bands by dimension, each on its own scale: " + "; ".join(parts) + "."
