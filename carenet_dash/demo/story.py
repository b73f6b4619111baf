"""The demo networks' story: who the members are, and what they think round by round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ROUND_LABELS = ("2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3")
ROUND_DATES = (
    dt.date(2025, 11, 15),
    dt.date(2026, 2, 15),
    dt.date(2026, 5, 15),
    dt.date(2026, 8, 15),
)
SAMPLE_LABEL = "2026 Q4"
SAMPLE_DATE = dt.date(2026, 11, 15)
SOURCE_NAME = "demo"
# A fixed salt keeps demo hashes identical on every installation, and keeps the installation's
# own secret salt out of data anyone can regenerate.
DEMO_SALT = b"demo"

NHS = "NHS trust"
PRIMARY = "Primary care"
COUNCIL = "Local authority"
VOLUNTARY = "Voluntary or community sector"
CARER = "Patient or carer"
OTHER = "Other"
NEW = "Less than a year"
MIDDLE = "1 to 3 years"
LONG = "More than 3 years"

BASE_NA_RATE = 0.025
BLANK_RATE = 0.025
PARTIAL_RATE = 0.04
# Spread of the latent model, on the 1..5 favourable scale.
HALO_SD = 0.25  # a person's general mood, shared across dimensions
PERSON_SD = 0.35  # a person's view of one dimension
ITEM_SD = 0.6  # the wobble of one answer around that view


@dataclass(frozen=True)
class Plan:
    """The story of one demo network: what members think, round by round."""

    key: str
    name: str
    seed: int
    respondents: tuple[int, int, int, int]
    baseline: dict[str, tuple[float, float, float, float]]
    member_mix: dict[str, tuple[float, float, float, float]]
    involvement_mix: dict[str, float]
    member_effects: dict[str, dict[str, float]]
    involvement_effects: dict[str, dict[str, float]]
    split_dimension: str
    split_gap: float
    # Chance that a member of each type sits in the favourable camp of the split dimension.
    split_high: dict[str, float]
    na_hotspots: dict[str, dict[str, float]]
    story: tuple[str, ...] = field(default=())


def steady(value: float) -> tuple[float, float, float, float]:
    return (value, value, value, value)


CHILDREN = Plan(
    key="children",
    name="Riverside Children's Health Network",
    seed=20251115,
    respondents=(86, 79, 74, 91),
    baseline={
        "purpose": (3.6, 3.65, 3.6, 3.7),
        "value": (3.4, 3.5, 3.45, 3.4),
        "trust": (3.5, 3.55, 3.6, 3.6),
        "membership": (3.25, 3.2, 3.25, 3.3),
        "leadership": (3.7, 3.7, 3.75, 3.8),
        "governance": steady(3.1),
        "communication": (2.8, 3.1, 3.4, 3.75),
        "resources": (3.65, 3.35, 3.0, 2.7),
        "impact": (3.3, 3.35, 3.4, 3.45),
    },
    member_mix={
        NHS: steady(0.33),
        PRIMARY: steady(0.17),
        COUNCIL: steady(0.2),
        VOLUNTARY: steady(0.15),
        CARER: steady(0.11),
        OTHER: steady(0.04),
    },
    involvement_mix={NEW: 0.25, MIDDLE: 0.45, LONG: 0.3},
    member_effects={
        NHS: {"leadership": 0.1},
        PRIMARY: {"resources": -0.3, "value": -0.2},
        VOLUNTARY: {"resources": -0.2, "trust": -0.1},
        CARER: {"communication": -0.2, "membership": -0.3},
    },
    involvement_effects={
        NEW: {"purpose": -0.15, "value": 0.1},
        LONG: {"trust": 0.15, "purpose": 0.1},
    },
    split_dimension="governance",
    split_gap=1.0,
    split_high={NHS: 0.8, COUNCIL: 0.8, PRIMARY: 0.5, VOLUNTARY: 0.12, CARER: 0.1, OTHER: 0.5},
    na_hotspots={
        CARER: {
            "resources_1": 0.3,
            "resources_2": 0.2,
            "communication_2": 0.2,
            "governance_1": 0.1,
        },
        VOLUNTARY: {"resources_2": 0.15},
    },
    story=("communication", "resources", "governance"),
)

CANCER = Plan(
    key="cancer",
    name="Head and Neck Cancer Support Network",
    seed=20251116,
    # Numbers grow as patients join: part of the membership story.
    respondents=(44, 52, 63, 71),
    baseline={
        "purpose": (3.9, 3.9, 3.85, 3.9),
        "value": steady(3.1),
        "trust": (3.7, 3.75, 3.7, 3.7),
        "membership": (2.7, 3.05, 3.4, 3.8),
        "leadership": (3.95, 3.85, 3.2, 3.0),
        "governance": (3.3, 3.3, 3.2, 3.1),
        "communication": (3.4, 3.45, 3.3, 3.3),
        "resources": (2.9, 2.9, 2.85, 2.9),
        "impact": (3.5, 3.55, 3.6, 3.6),
    },
    member_mix={
        CARER: (0.42, 0.47, 0.52, 0.56),
        NHS: (0.27, 0.25, 0.22, 0.2),
        VOLUNTARY: (0.2, 0.18, 0.17, 0.15),
        COUNCIL: (0.04, 0.04, 0.03, 0.03),
        PRIMARY: (0.04, 0.03, 0.03, 0.03),
        OTHER: (0.03, 0.03, 0.03, 0.03),
    },
    involvement_mix={NEW: 0.35, MIDDLE: 0.4, LONG: 0.25},
    member_effects={
        CARER: {"trust": 0.1, "governance": -0.2, "communication": -0.15},
        NHS: {"resources": -0.2},
        VOLUNTARY: {"resources": -0.3, "impact": 0.1},
    },
    involvement_effects={
        NEW: {"membership": 0.15, "purpose": -0.1},
        LONG: {"leadership": -0.15},
    },
    split_dimension="value",
    split_gap=1.0,
    split_high={CARER: 0.65, VOLUNTARY: 0.5, NHS: 0.15, PRIMARY: 0.2, COUNCIL: 0.4, OTHER: 0.5},
    na_hotspots={
        CARER: {"resources_1": 0.35, "resources_2": 0.2, "communication_2": 0.15},
    },
    story=("membership", "leadership", "value"),
)

PLANS = (CHILDREN, CANCER)
DEMO_NETWORKS = tuple(plan.name for plan in PLANS)
