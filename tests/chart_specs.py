"""Reading a Vega-Lite spec in tests: a panel's axis domain and its band stripes."""

from __future__ import annotations


def domain(panel: dict, channel: str = "x") -> list[float]:
    """The first explicit domain on a channel of a panel's layers."""
    for layer in panel["layer"]:
        scale = layer.get("encoding", {}).get(channel, {}).get("scale", {})
        if "domain" in scale:
            return scale["domain"]
    raise AssertionError(f"no {channel} domain in the panel")


def stripes(panel: dict, channel: str = "x") -> list[tuple[float, float]]:
    """The band stripes across a panel, as (from, to), lowest first."""
    return sorted(
        (layer["encoding"][channel]["datum"], layer["encoding"][f"{channel}2"]["datum"])
        for layer in panel["layer"]
        if layer.get("mark", {}).get("type") == "rect"
        and "datum" in layer.get("encoding", {}).get(channel, {})
    )
