"""The story of a round on the Overview and the Workshop's first step: what changed and
since when, each line linked to its view (AppTest on the demo store)."""

from __future__ import annotations


def links(at) -> list[tuple[str, dict]]:
    """Each page link's label and query parameters."""
    found = []
    for link in at.get("page_link"):
        proto = link.proto
        found.append((proto.label.replace("\\", ""), dict(proto.query_string and [])))
    return found


def test_overview_leads_with_what_changed(app):
    # The demo opens on the Head and Neck Cancer Support Network (first by name), round 2026 Q3.
    labels = [label for label, _ in links(app)]
    story = [label for label in labels if "since" in label or "rest of the network" in label]
    assert story, labels
    leadership = next(label for label in story if label.startswith("Facilitative leadership"))
    # Measured on the demo store: 4.02 in 2025 Q4, 3.05 in 2026 Q3 (n 43 and 67).
    assert "\u22120.97 since 2025 Q4" in leadership
    assert "4.02 → 3.05" in leadership
    assert "clear fall" in leadership
    assert "since 2026 Q2 \u22120.17, within noise" in leadership
