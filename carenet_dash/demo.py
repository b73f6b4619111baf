"""Seeded demo networks with a story, and sample survey exports for trying the upload."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from carenet_dash import config
from carenet_dash.errors import ImportRefused, NotFound
from carenet_dash.instrument import Instrument, get_instrument
from carenet_dash.privacy import hash_respondent_id
from carenet_dash.responses import Responses
from carenet_dash.store import queries, workshop_queries, workshop_writes, writes

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


@dataclass(frozen=True, eq=False)
class DemoRound:
    """One generated round of a demo network, ready for ``store.writes.import_round``."""

    network: str
    label: str
    fielded_on: dt.date
    invited: int
    responses: Responses


@dataclass(frozen=True)
class _Plan:
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


def _steady(value: float) -> tuple[float, float, float, float]:
    return (value, value, value, value)


_CHILDREN = _Plan(
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
        "governance": _steady(3.1),
        "communication": (2.8, 3.1, 3.4, 3.75),
        "resources": (3.65, 3.35, 3.0, 2.7),
        "impact": (3.3, 3.35, 3.4, 3.45),
    },
    member_mix={
        NHS: _steady(0.33),
        PRIMARY: _steady(0.17),
        COUNCIL: _steady(0.2),
        VOLUNTARY: _steady(0.15),
        CARER: _steady(0.11),
        OTHER: _steady(0.04),
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

_CANCER = _Plan(
    key="cancer",
    name="Head and Neck Cancer Support Network",
    seed=20251116,
    # Numbers grow as patients join: part of the membership story.
    respondents=(44, 52, 63, 71),
    baseline={
        "purpose": (3.9, 3.9, 3.85, 3.9),
        "value": _steady(3.1),
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

PLANS = (_CHILDREN, _CANCER)
DEMO_NETWORKS = tuple(plan.name for plan in PLANS)


# ---------------------------------------------------------------------------------------------
# Comment bank. A line is plain text, or (text, first round it may appear in, member types who
# could plausibly write it), so a carer never writes "as a clinician" and nobody regrets a
# change of lead before it has happened.

_Line = str | tuple[str, int, tuple[str, ...]]
_ANY = "any"
_POS, _NEG = "pos", "neg"
_CLINICAL = (NHS, PRIMARY)

_OVERALL: dict[str, dict[str, dict[str, list[_Line]]]] = {
    _ANY: {
        "purpose": {
            _POS: [
                "I have a much clearer sense of what we are here for than I did a year ago.",
                "It feels like our network now, not something run for us.",
                "The shared aims keep us honest when our own organisations pull us apart.",
            ],
            _NEG: [
                "I'm not sure everyone round the table would describe our purpose the same way.",
                "At times it still feels like each organisation is here to protect its own patch.",
                "We could do with revisiting what the network is actually for.",
            ],
        },
        "value": {
            _POS: [
                "I always come away with at least one contact or idea I can use the next week.",
                "This is one of the few meetings in my diary I would fight to keep.",
            ],
            _NEG: [
                (
                    "I struggle to justify the time to my manager when I can't point to what "
                    "I've gained.",
                    0,
                    (NHS, PRIMARY, COUNCIL, VOLUNTARY),
                ),
                "Too many sessions are updates I could have read in an email.",
            ],
        },
        "trust": {
            _POS: [
                "People here pick up the phone to each other now, which never used to happen.",
                "I feel able to say when something has gone wrong without it being held "
                "against me.",
            ],
            _NEG: [
                "There is still some history between organisations that nobody names out loud.",
                "Promises made in meetings are not always followed through, and that wears "
                "trust down.",
            ],
        },
        "membership": {
            _POS: ["It is good to see new faces at meetings and not just the usual few."],
            _NEG: [
                "The same handful of people do everything and they are getting tired.",
                "Some key partners have not been seen at a meeting for months.",
            ],
        },
        "leadership": {
            _POS: [
                "The leads are good at drawing out quieter voices in the room.",
                "I was encouraged to lead a small piece of work and felt well supported doing it.",
            ],
            _NEG: [
                "Decisions still seem to come from the centre and we are asked to agree "
                "afterwards.",
            ],
        },
        "governance": {
            _POS: [
                "I know how decisions are made and where to go if I disagree.",
                "The terms of reference are short and sensible, which helps.",
            ],
            _NEG: [
                "Decisions seem to be made before the meeting and we are just told the outcome.",
                "We spend too long on papers and procedure and too little on the actual work.",
            ],
        },
        "communication": {
            _POS: ["The updates are much more useful now: short, regular and in plain English."],
            _NEG: ["I often hear about changes second-hand, after they have happened."],
        },
        "resources": {
            _POS: ["Having dedicated coordination support makes everything run more smoothly."],
            _NEG: [
                "Everyone is stretched and the network relies on goodwill to keep going.",
                "There is no budget for even small things like room hire or printing.",
            ],
        },
        "impact": {
            _POS: ["We can point to real changes on the ground, which keeps people coming back."],
            _NEG: [
                "We talk a lot but I'm not sure what has actually changed as a result.",
                "It would help to see some evidence that what we do makes a difference.",
            ],
        },
    },
    "children": {
        "purpose": {
            _POS: [
                "Everyone agrees we are here for children and families, and that helps when "
                "things get difficult.",
            ],
            _NEG: [],
        },
        "membership": {
            _POS: [],
            _NEG: [
                "We need more parents involved, and at times that suit them, not just in "
                "working hours.",
            ],
        },
        "communication": {
            _POS: [
                "The monthly bulletin means I finally know what the schools and the trust are "
                "each doing.",
                (
                    "Sharing waiting list data across agencies has changed how we plan clinics.",
                    1,
                    (),
                ),
                "Good practice from the school nursing team is now being picked up in the other "
                "localities.",
                "The shared online space makes it easy to find the latest referral pathways.",
            ],
            _NEG: [
                "I still find out about changes to referral pathways from parents before I hear "
                "from the network.",
                "Information from the hospital side does not seem to reach schools in time to "
                "act on it.",
            ],
        },
        "resources": {
            _POS: [
                (
                    "The protected time my service gives for network work is really valued.",
                    0,
                    (NHS, COUNCIL),
                ),
                "The coordinator keeps everything moving and chases the actions between meetings.",
            ],
            _NEG: [
                (
                    "Our practice can no longer release anyone for the monthly meetings.",
                    0,
                    (PRIMARY,),
                ),
                (
                    "Since the coordinator post was cut to one day a week, things have started "
                    "to slip.",
                    2,
                    (),
                ),
                (
                    "School staff cannot be released during term time, so we are missing from "
                    "most meetings.",
                    0,
                    (VOLUNTARY, COUNCIL, OTHER),
                ),
                "The network's plans have grown but the funding has not.",
                (
                    "Vacancies in our health visiting team mean we simply cannot send anyone at "
                    "the moment.",
                    1,
                    (NHS,),
                ),
            ],
        },
        "governance": {
            _POS: [
                "The steering group is clear about what it decides and publishes its notes "
                "promptly.",
                "Decisions are minuted and we know who agreed what.",
            ],
            _NEG: [
                (
                    "As a parent carer I am never quite sure where decisions are actually taken.",
                    0,
                    (CARER,),
                ),
                (
                    "Decisions seem to be made by the statutory partners before the meeting, and "
                    "the rest of us are told afterwards.",
                    0,
                    (VOLUNTARY, CARER, OTHER),
                ),
                (
                    "The voluntary sector gets a seat at the table but not much of a say.",
                    0,
                    (VOLUNTARY,),
                ),
                "It is not clear how families' views feed into the steering group's decisions.",
            ],
        },
        "impact": {
            _POS: [
                "The joint clinic for children with complex needs came straight out of this "
                "network.",
            ],
            _NEG: [],
        },
    },
    "cancer": {
        "membership": {
            _POS: [
                "It is encouraging to see more patients and carers coming along each quarter.",
                (
                    "The evening sessions have made it possible for working carers like me to "
                    "take part.",
                    1,
                    (CARER,),
                ),
                "Having people who have been through treatment in the room changes the "
                "conversation.",
                (
                    "The buddying scheme has brought in several new members from the support "
                    "groups.",
                    1,
                    (),
                ),
            ],
            _NEG: [
                "Patients are still outnumbered by professionals at most meetings.",
                "It is hard for people still having treatment to get to meetings in person.",
            ],
        },
        "leadership": {
            _POS: [
                "The chair makes everyone feel their voice matters, patients and consultants "
                "alike.",
                "I feel trusted to lead on the peer support work.",
            ],
            _NEG: [
                ("Since the change of lead the meetings feel more top-down.", 2, ()),
                (
                    "The new lead is still finding their feet and it shows in how meetings are "
                    "run.",
                    2,
                    (),
                ),
                (
                    "We used to share out the work; now most of it seems to be decided by the "
                    "lead alone.",
                    2,
                    (),
                ),
                (
                    "I miss the way the previous lead made space for patients to speak first.",
                    2,
                    (),
                ),
            ],
        },
        "value": {
            _POS: [
                (
                    "Meeting other people who have had head and neck cancer has been a lifeline "
                    "for me.",
                    0,
                    (CARER,),
                ),
                (
                    "I have learned more about living with the after-effects of treatment here "
                    "than anywhere else.",
                    0,
                    (CARER,),
                ),
                (
                    "Talking with patients directly has changed how our clinic explains "
                    "swallowing therapy.",
                    0,
                    (NHS,),
                ),
            ],
            _NEG: [
                (
                    "As a clinician I find it hard to justify half a day away from clinic for "
                    "this.",
                    0,
                    _CLINICAL,
                ),
                (
                    "The meetings are valuable for patients, but I am not sure what my team gets "
                    "out of them.",
                    0,
                    (NHS, PRIMARY, COUNCIL, VOLUNTARY),
                ),
                "Much of the discussion is about things I cannot influence.",
            ],
        },
        "resources": {
            _POS: [],
            _NEG: ["The charities are carrying most of the cost of the meetings."],
        },
        "impact": {
            _POS: [
                "The new leaflet on eating and drinking after surgery came out of this group.",
                "Patients helped redesign the follow-up clinic letters and they are far clearer "
                "now.",
            ],
            _NEG: [],
        },
    },
}

_NEUTRAL: list[_Line] = [
    "Thank you for running this survey; it is good to be asked.",
    "Some things are better and some are worse; it would help to talk it through at the next "
    "workshop.",
    "The network has real potential if we can keep the momentum going.",
    "No strong views this quarter.",
    "Mostly fine, though meetings could be a little shorter.",
]

_SUGGESTIONS: dict[str, dict[str, list[_Line]]] = {
    "trust_comments": {
        _ANY: [
            "More time to talk informally before or after meetings.",
            "Meeting in person now and then rather than always online.",
            "Visiting each other's services to see how the other side works.",
            "Being honest about what each organisation can and cannot offer.",
            "Following through on the actions we agree, every time.",
            "Small joint projects where people from different organisations work side by side.",
            "A short introduction from each new member so we know who is who.",
        ],
        "children": ["Joint training days for school staff and health colleagues."],
        "cancer": ["Pairing new patient members with someone who has been involved for a while."],
    },
    "resources_comments": {
        _ANY: [
            ("Protected time written into job plans for network work.", 0, _CLINICAL),
            "Even a small budget for room hire and refreshments would help.",
            "Admin support to take notes and chase actions.",
            "Someone with data analysis skills to help us measure what we do.",
            "Help with writing funding bids.",
        ],
        "children": [
            (
                "Backfill so that practice and school staff can be released to attend.",
                0,
                (NHS, PRIMARY, COUNCIL, VOLUNTARY, OTHER),
            ),
            ("Restoring the coordinator post to full time.", 2, ()),
        ],
        "cancer": [
            "Paid travel expenses for patients and carers who attend.",
            "Online options for people who are too unwell to travel.",
        ],
    },
}

_IMPACT_EXAMPLES: dict[str, list[_Line]] = {
    "children": [
        "Referrals between school nursing and the community paediatric team are quicker since "
        "we agreed a shared form.",
        "The joint clinic for children with complex needs.",
        "Families now get one plan instead of three separate ones.",
        "The checklist for young people moving to adult services.",
    ],
    "cancer": [
        "The new leaflet on eating and drinking after surgery.",
        "Patients now get a named contact after discharge.",
        "The peer support group now meets monthly at the hospital.",
        "Clinic letters were rewritten with patients and are much clearer.",
    ],
}
_IMPACT_NONE: list[_Line] = [
    "I can't point to one yet, though the conversations have been useful.",
    "Not that I have seen so far.",
    "Nothing concrete yet; it still feels early days.",
]


def comment_bank() -> list[str]:
    """Every sentence a demo comment can be made of (for checking the bank's size and tone)."""
    lines: list[_Line] = [*_NEUTRAL, *_IMPACT_NONE]
    for by_dimension in _OVERALL.values():
        for by_polarity in by_dimension.values():
            for found in by_polarity.values():
                lines.extend(found)
    for by_network in _SUGGESTIONS.values():
        for found in by_network.values():
            lines.extend(found)
    for found in _IMPACT_EXAMPLES.values():
        lines.extend(found)
    return sorted({_text(line) for line in lines})


def _text(line: _Line) -> str:
    return line if isinstance(line, str) else line[0]


def _fits(line: _Line, round_index: int, member_type: str | None) -> bool:
    if isinstance(line, str):
        return True
    _, first_round, who = line
    return round_index >= first_round and (not who or member_type in who)


class _Picker:
    """Draws sentences for one round, avoiding repeats until a pool runs out."""

    def __init__(self, rng: np.random.Generator, round_index: int) -> None:
        self.rng = rng
        self.round_index = round_index
        self.used: set[str] = set()

    def pick(self, lines: Sequence[_Line], member_type: str | None) -> str | None:
        pool = [_text(line) for line in lines if _fits(line, self.round_index, member_type)]
        if not pool:
            return None
        fresh = [text for text in pool if text not in self.used] or pool
        chosen = fresh[int(self.rng.integers(len(fresh)))]
        self.used.add(chosen)
        return chosen


def polarity_of(text: str, network_key: str, dimension_id: str) -> str | None:
    """Whether a bank sentence praises ("pos") or criticises ("neg") a dimension, else None."""
    for key in (_ANY, network_key):
        by_polarity = _OVERALL.get(key, {}).get(dimension_id, {})
        for polarity, lines in by_polarity.items():
            if text in {_text(line) for line in lines}:
                return polarity
    return None


# ---------------------------------------------------------------------------------------------
# Generation


@dataclass(frozen=True)
class _Generated:
    responses: Responses
    # Which of the two not-applicable labels each such answer used, for the sample exports.
    na_label: pd.Series


def _round_frames(
    instrument: Instrument,
    plan: _Plan,
    round_index: int,
    *,
    n: int,
    rng: np.random.Generator,
    id_prefix: str,
) -> _Generated:
    dimension_ids = [d.id for d in instrument.dimensions]
    item_ids = list(instrument.items)
    item_dimension = np.array(
        [dimension_ids.index(instrument.dimension_of_item[i]) for i in item_ids]
    )
    reverse = np.array([instrument.items[i].reverse for i in item_ids])
    n_items = len(item_ids)

    member_options = instrument.segment("member_type").options
    involvement_options = instrument.segment("involvement").options
    mix = np.array(
        [plan.member_mix.get(option, _steady(0.0))[round_index] for option in member_options]
    )
    member = rng.choice(member_options, size=n, p=mix / mix.sum()).astype(object)
    inv_mix = np.array([plan.involvement_mix.get(option, 0.0) for option in involvement_options])
    involvement = rng.choice(involvement_options, size=n, p=inv_mix / inv_mix.sum()).astype(object)
    # A couple of people skip each segment question.
    member[rng.choice(n, size=int(rng.integers(1, 3)), replace=False)] = None
    involvement[rng.choice(n, size=int(rng.integers(1, 4)), replace=False)] = None

    effect = np.zeros((n, len(dimension_ids)))
    for groups, effects in ((member, plan.member_effects), (involvement, plan.involvement_effects)):
        for group, by_dimension in effects.items():
            rows = groups == group
            for dimension_id, size in by_dimension.items():
                effect[rows, dimension_ids.index(dimension_id)] += size

    split = dimension_ids.index(plan.split_dimension)
    p_high = np.array([plan.split_high.get(m, 0.5) if m is not None else 0.5 for m in member])
    high_camp = rng.random(n) < p_high
    effect[:, split] += np.where(high_camp, plan.split_gap, -plan.split_gap)

    baseline = np.array([plan.baseline[d][round_index] for d in dimension_ids])
    latent = (
        baseline[None, :]
        + effect
        + rng.normal(0, HALO_SD, size=(n, 1))
        + rng.normal(0, PERSON_SD, size=(n, len(dimension_ids)))
    )
    item_latent = latent[:, item_dimension] + rng.normal(0, ITEM_SD, size=(n, n_items))
    favourable = np.clip(np.rint(item_latent), 1, 5).astype(np.int8)
    raw = np.where(reverse[None, :], 6 - favourable, favourable).astype(np.int8)

    na_rate = np.full((n, n_items), BASE_NA_RATE)
    for group, items in plan.na_hotspots.items():
        rows = member == group
        for item_id, rate in items.items():
            na_rate[rows, item_ids.index(item_id)] = rate
    not_applicable = rng.random((n, n_items)) < na_rate
    blank = rng.random((n, n_items)) < BLANK_RATE
    # A few people stop part-way through; the survey asks the dimensions in instrument order.
    partial = rng.choice(n, size=max(1, round(PARTIAL_RATE * n)), replace=False)
    stops = rng.integers(2, 7, size=len(partial))
    for row, stop in zip(partial, stops, strict=True):
        blank[row, item_dimension >= stop] = True
    na_is_dont_know = rng.random((n, n_items)) < 0.7

    keep = ~blank.ravel()
    na_flat = not_applicable.ravel()[keep]
    scores = pd.array(raw.ravel()[keep], dtype="Int8")
    scores[na_flat] = pd.NA
    answers = pd.DataFrame(
        {
            "row": np.repeat(np.arange(n, dtype=np.int64), n_items)[keep],
            "item_id": pd.Series(np.tile(item_ids, n)[keep], dtype="str"),
            "score": scores,
            "not_applicable": na_flat,
        }
    )
    labels = instrument.scale.not_applicable
    na_label = pd.Series(
        np.where(na_is_dont_know.ravel()[keep], labels[0], labels[-1]), index=answers.index
    ).where(na_flat)

    respondents = pd.DataFrame(
        {
            "source_hash": [
                hash_respondent_id(f"{id_prefix}-{row:04d}", salt=DEMO_SALT) for row in range(n)
            ],
            "member_type": pd.Series(member, dtype="str"),
            "involvement": pd.Series(involvement, dtype="str"),
        }
    )
    comments = _comments(
        plan,
        round_index,
        latent=latent,
        dimension_ids=dimension_ids,
        member=member,
        partial=set(partial.tolist()),
        rng=rng,
    )
    return _Generated(Responses(respondents, answers, comments), na_label)


def _comments(
    plan: _Plan,
    round_index: int,
    *,
    latent: np.ndarray,
    dimension_ids: list[str],
    member: np.ndarray,
    partial: set[int],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Comments whose tone follows each respondent's own views, leaning on the network's story."""
    picker = _Picker(rng, round_index)
    overall_rate = rng.uniform(0.32, 0.48)
    boost = np.array([2.5 if d in plan.story else 1.0 for d in dimension_ids])
    impact = dimension_ids.index("impact")
    rows: list[tuple[int, str, str]] = []
    # The partial respondents left before the open questions.
    finished = np.array([row for row in range(latent.shape[0]) if row not in partial])
    overall = set(
        rng.choice(finished, size=round(overall_rate * len(finished)), replace=False).tolist()
    )
    for row in finished.tolist():
        who = member[row]
        views = latent[row]
        if row in overall:
            wants = 2 if rng.random() < 0.25 else 1
            sentences = [
                _overall_sentence(
                    plan,
                    views=views,
                    dimension_ids=dimension_ids,
                    boost=boost,
                    who=who,
                    picker=picker,
                    rng=rng,
                )
                for _ in range(wants)
            ]
            text = " ".join(dict.fromkeys(s for s in sentences if s))
            if text:
                rows.append((row, "comments", text))
        for question_id in ("trust_comments", "resources_comments"):
            if rng.random() < 0.15:
                bank = _SUGGESTIONS[question_id]
                text = picker.pick([*bank[_ANY], *bank.get(plan.key, [])], who)
                if text:
                    rows.append((row, question_id, text))
        if rng.random() < 0.15:
            lines = _IMPACT_EXAMPLES[plan.key] if views[impact] >= 3.0 else _IMPACT_NONE
            text = picker.pick(lines, who)
            if text:
                rows.append((row, "impact_comments", text))
    return pd.DataFrame(
        {
            "row": pd.Series([r[0] for r in rows], dtype="int64"),
            "question_id": pd.Series([r[1] for r in rows], dtype="str"),
            "text": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


def _overall_sentence(
    plan: _Plan,
    *,
    views: np.ndarray,
    dimension_ids: list[str],
    boost: np.ndarray,
    who: str | None,
    picker: _Picker,
    rng: np.random.Generator,
) -> str | None:
    # People write about what they feel most strongly about, and the story's themes are what
    # everyone is talking about this year.
    weight = (np.abs(views - 3.25) + 0.05) * boost
    dimension = int(rng.choice(len(dimension_ids), p=weight / weight.sum()))
    view = views[dimension]
    if view >= 3.5:
        polarity = _POS
    elif view <= 3.0:
        polarity = _NEG
    else:
        return picker.pick(_NEUTRAL, who)
    dimension_id = dimension_ids[dimension]
    lines = [
        *_OVERALL[_ANY].get(dimension_id, {}).get(polarity, []),
        *_OVERALL[plan.key].get(dimension_id, {}).get(polarity, []),
    ]
    return picker.pick(lines, who) or picker.pick(_NEUTRAL, who)


def _invited(n: int, rng: np.random.Generator) -> int:
    return round(n / rng.uniform(0.55, 0.7))


def demo_rounds() -> list[DemoRound]:
    """Both demo networks' four rounds, identical on every call (no store access)."""
    instrument = get_instrument()
    found = []
    for plan in PLANS:
        for index, (label, fielded_on) in enumerate(zip(ROUND_LABELS, ROUND_DATES, strict=True)):
            rng = np.random.default_rng([plan.seed, index])
            n = plan.respondents[index]
            generated = _round_frames(
                instrument, plan, index, n=n, rng=rng, id_prefix=f"{plan.key}-{label}"
            )
            generated.responses.validate(instrument)
            found.append(
                DemoRound(
                    network=plan.name,
                    label=label,
                    fielded_on=fielded_on,
                    # Its own stream, so editing the comment bank leaves the invited count alone.
                    invited=_invited(n, np.random.default_rng([plan.seed, index, 1])),
                    responses=generated.responses,
                )
            )
    return found


def seed_demo(engine: Engine, reset: bool = False) -> int:
    """Write the demo networks' rounds to the store; returns how many rounds were written.

    With ``reset`` the demo networks are deleted first. Otherwise rounds already stored (by
    label) are left alone, so seeding twice is harmless. Each demo network's workshop records
    (actions, notes, matrix sessions) are added once, after its rounds (see seed_workshop).
    """
    instrument = get_instrument()
    existing: dict[str, set[str]] = {}
    for name in DEMO_NETWORKS:
        try:
            network = queries.network_by_name(engine, name)
        except NotFound:
            existing[name] = set()
            continue
        if reset:
            writes.delete_network(engine, network.id)
            existing[name] = set()
        else:
            existing[name] = {r.label for r in queries.rounds(engine, network.id)}
    written = 0
    for demo in demo_rounds():
        if demo.label in existing[demo.network]:
            continue
        try:
            writes.import_round(
                engine,
                writes.RoundMeta(
                    network=demo.network,
                    label=demo.label,
                    fielded_on=demo.fielded_on,
                    invited=demo.invited,
                    source_name=SOURCE_NAME,
                    source_sha256=None,
                ),
                instrument,
                demo.responses,
            )
        except ImportRefused:
            continue  # another process (a second browser tab, a second server) seeded it first
        written += 1
    for name in DEMO_NETWORKS:
        seed_workshop(engine, queries.network_by_name(engine, name))
    return written


# ---------------------------------------------------------------------------------------------
# Workshop records: what each demo network agreed at its 2026 Q2 workshop (some done by Q3, some
# still open, one older action carried over from Q1), a note or two, and maturity-matrix sessions
# (the children's network held one after Q2 and one after Q3), so the Workshop page opens on
# "what we agreed last time" and on levels that moved. Owners are roles, never people.


@dataclass(frozen=True)
class _Agreed:
    round: str
    dimension: str | None  # None: network-wide
    what: str
    owner: str
    due_on: dt.date
    status: str


@dataclass(frozen=True)
class _Session:
    held_on: dt.date
    round: str
    levels: dict[str, tuple[int, int]]  # dimension id -> (current, target)


DEMO_ACTIONS: dict[str, tuple[_Agreed, ...]] = {
    _CHILDREN.name: (
        _Agreed("2026 Q1", None, "Agree a shared data set on waiting times for community "
                "paediatrics", "Data and intelligence group", dt.date(2026, 4, 30),
                "in_progress"),
        _Agreed("2026 Q2", None, "Share these results with each member organisation's board",
                "Network lead", dt.date(2026, 6, 30), "done"),
        _Agreed("2026 Q2", "membership", "Invite the parent carer forum to co-chair one "
                "network meeting a quarter", "Parent carer forum", dt.date(2026, 9, 30),
                "open"),
        _Agreed("2026 Q2", "governance", "Publish a one-page guide to how the network makes "
                "decisions and who takes part", "Steering group chair", dt.date(2026, 8, 31),
                "done"),
        _Agreed("2026 Q2", "governance", "Offer a rotating steering group seat to voluntary "
                "sector and parent carer members", "Steering group", dt.date(2026, 10, 31),
                "open"),
        _Agreed("2026 Q2", "communication", "Keep the monthly bulletin and add a page on what "
                "changed because of members' feedback", "Communications lead",
                dt.date(2026, 7, 31), "done"),
        _Agreed("2026 Q2", "resources", "Ask the commissioning partners to fund a part-time "
                "network coordinator from April 2027", "Network lead", dt.date(2026, 9, 30),
                "in_progress"),
        _Agreed("2026 Q2", "resources", "Map how much staff time each member organisation "
                "releases for network work", "Voluntary sector forum", dt.date(2026, 7, 31),
                "done"),
        _Agreed("2026 Q2", "impact", "Collect three short stories of a difference the network "
                "made, for the annual report", "Impact and learning group",
                dt.date(2026, 9, 15), "dropped"),
    ),
    _CANCER.name: (
        _Agreed("2026 Q1", "communication", "Set up a shared calendar of support groups across "
                "the region", "Communications group", dt.date(2026, 5, 31), "open"),
        _Agreed("2026 Q2", "value", "Poll members on what they want from meetings before the "
                "autumn meeting", "Patient and carer panel", dt.date(2026, 8, 31), "done"),
        _Agreed("2026 Q2", "value", "Try a shorter online meeting for members who travel far",
                "Network coordinator", dt.date(2026, 10, 31), "open"),
        _Agreed("2026 Q2", "membership", "Update the welcome pack for new patient members",
                "Voluntary sector partner", dt.date(2026, 7, 15), "done"),
        _Agreed("2026 Q2", "leadership", "Introduce the new network lead at each member "
                "organisation's team meeting", "Network lead", dt.date(2026, 7, 31), "done"),
        _Agreed("2026 Q2", "leadership", "Set up co-chairing with a patient representative",
                "Network board", dt.date(2026, 9, 30), "in_progress"),
        _Agreed("2026 Q2", "resources", "Bid for charitable funding for a peer support "
                "coordinator", "Network board", dt.date(2026, 9, 30), "dropped"),
    ),
}  # fmt: skip

DEMO_NOTES: dict[str, tuple[tuple[str, str | None, str], ...]] = {
    _CHILDREN.name: (
        ("2026 Q2", "governance", "Voluntary sector members said decisions often feel made "
         "before the meeting; statutory members were surprised to hear it."),
        ("2026 Q2", "resources", "Coordination now rests on goodwill; two members said they "
         "can no longer give the time they did last year."),
    ),
    _CANCER.name: (
        ("2026 Q2", "leadership", "The room wants to hear the new lead's plans before judging; "
         "several members missed the handover."),
    ),
}  # fmt: skip

DEMO_SESSIONS: dict[str, tuple[_Session, ...]] = {
    _CHILDREN.name: (
        _Session(dt.date(2026, 6, 11), "2026 Q2", {
            "purpose": (3, 4), "value": (3, 4), "trust": (3, 4), "membership": (2, 4),
            "leadership": (4, 4), "governance": (2, 4), "communication": (2, 4),
            "resources": (3, 4), "impact": (2, 3),
        }),
        _Session(dt.date(2026, 9, 17), "2026 Q3", {
            "purpose": (3, 4), "value": (3, 4), "trust": (3, 4), "membership": (2, 4),
            "leadership": (4, 4), "governance": (2, 4), "communication": (3, 4),
            "resources": (2, 4), "impact": (3, 4),
        }),
    ),
    _CANCER.name: (
        _Session(dt.date(2026, 6, 18), "2026 Q2", {
            "purpose": (4, 4), "value": (2, 4), "trust": (3, 4), "membership": (3, 4),
            "leadership": (2, 4), "governance": (2, 3), "communication": (3, 4),
            "resources": (2, 3), "impact": (3, 4),
        }),
    ),
}  # fmt: skip


def seed_workshop(engine: Engine, network: queries.NetworkInfo) -> bool:
    """Write a demo network's agreed actions, notes and matrix sessions, unless it already
    holds a workshop record of any kind (an earlier seeding, or the lead's own): seeding twice
    adds nothing, and nothing the lead recorded is mixed with invented records.

    Returns True when the records were written.
    """
    if (
        workshop_queries.actions(engine, network.id)
        or workshop_queries.notes(engine, network.id)
        or workshop_queries.matrix_sessions(engine, network.id)
    ):
        return False
    rounds = {r.label: r.id for r in queries.rounds(engine, network.id)}
    for action in DEMO_ACTIONS.get(network.name, ()):
        workshop_writes.record_action(
            engine,
            rounds[action.round],
            action.what,
            owner=action.owner,
            due_on=action.due_on,
            status=action.status,
            dimension_id=action.dimension,
        )
    for label, dimension_id, text in DEMO_NOTES.get(network.name, ()):
        workshop_writes.record_note(engine, rounds[label], text, dimension_id=dimension_id)
    for session in DEMO_SESSIONS.get(network.name, ()):
        workshop_writes.record_matrix_session(
            engine,
            network.id,
            session.held_on,
            [
                workshop_writes.MatrixEntry(d, now, target)
                for d, (now, target) in session.levels.items()
            ],
            round_id=rounds[session.round],
        )
    return True


# ---------------------------------------------------------------------------------------------
# Sample exports

SAMPLE_SEED = 20261115
SAMPLE_RESPONDENTS = 62
SAMPLE_FILES = (
    "surveymonkey_2026_q4.csv",
    "msforms_2026_q4.xlsx",
    "googleforms_2026_q4.csv",
    "long_2026_q4.csv",
)
_FIXED_TIME = dt.datetime(2026, 12, 1, 9, 0, 0)
_SM_METADATA = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
_FORMS_METADATA = ("ID", "Start time", "Completion time", "Email", "Name", "Last modified time")


def matrix_question(dimension_name: str) -> str:
    """The question stem a survey tool shows above a dimension's statements."""
    return f"How far do you agree with these statements about {dimension_name.lower()}?"


@dataclass(frozen=True)
class _Sample:
    instrument: Instrument
    respondents: pd.DataFrame
    # One row per respondent, one column per item: the answer label as a person would see it.
    labels: pd.DataFrame
    scores: pd.DataFrame
    comments: pd.DataFrame
    started: list[dt.datetime]
    finished: list[dt.datetime]


def _sample() -> _Sample:
    """The children's network's latest round, re-drawn as a fresh "2026 Q4" round."""
    instrument = get_instrument()
    rng = np.random.default_rng(SAMPLE_SEED)
    generated = _round_frames(
        instrument,
        _CHILDREN,
        len(ROUND_LABELS) - 1,
        n=SAMPLE_RESPONDENTS,
        rng=rng,
        id_prefix="sample-2026-q4",
    )
    responses = generated.responses
    answers = responses.answers
    item_ids = list(instrument.items)
    scale = instrument.scale.labels
    label = answers["score"].map(lambda s: "" if pd.isna(s) else scale[int(s) - 1], na_action=None)
    label = label.where(~answers["not_applicable"], generated.na_label)
    labels = (
        answers.assign(label=label)
        .pivot(index="row", columns="item_id", values="label")
        .reindex(index=range(responses.respondent_count), columns=item_ids)
        .fillna("")
    )
    numeric = answers["score"].astype("object").where(answers["score"].notna(), None)
    numeric = numeric.where(~answers["not_applicable"], generated.na_label)
    scores = (
        answers.assign(value=numeric)
        .pivot(index="row", columns="item_id", values="value")
        .reindex(index=range(responses.respondent_count), columns=item_ids)
    )
    comments = (
        responses.comments.pivot(index="row", columns="question_id", values="text")
        .reindex(
            index=range(responses.respondent_count),
            columns=[q.id for q in instrument.open_questions],
        )
        .fillna("")
    )
    start = dt.datetime.combine(SAMPLE_DATE, dt.time(8, 0))
    offsets = np.sort(
        rng.integers(0, 14, size=responses.respondent_count) * 86_400
        + rng.integers(0, 10 * 3600, size=responses.respondent_count)
    )
    durations = rng.integers(180, 900, size=responses.respondent_count)
    started = [start + dt.timedelta(seconds=int(o)) for o in offsets]
    finished = [s + dt.timedelta(seconds=int(d)) for s, d in zip(started, durations, strict=True)]
    return _Sample(
        instrument=instrument,
        respondents=responses.respondents,
        labels=labels,
        scores=scores,
        comments=comments,
        started=started,
        finished=finished,
    )


def _segment_cell(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _surveymonkey_rows(sample: _Sample) -> list[list[str]]:
    instrument = sample.instrument
    header = list(_SM_METADATA)
    sub = [""] * len(_SM_METADATA)
    for segment in instrument.segments:
        header.append(segment.question)
        sub.append("Response")
    for dimension in instrument.dimensions:
        for position, item in enumerate(dimension.items):
            header.append(matrix_question(dimension.name) if position == 0 else "")
            sub.append(item.text)
    for question in instrument.open_questions:
        header.append(question.question)
        sub.append("Open-Ended Response")
    rows = [header, sub]
    when = "%m/%d/%Y %I:%M:%S %p"
    for row in range(len(sample.respondents)):
        # Every third respondent came through the email collector, which records who they are.
        by_email = row % 3 == 0
        cells = [
            str(11452368790 + 1371 * row + (row * row) % 97),
            "431234601" if by_email else "431234567",
            sample.started[row].strftime(when),
            sample.finished[row].strftime(when),
            f"192.0.2.{10 + row}",
            f"person{row + 1}@example.org" if by_email else "",
            "Alex" if by_email else "",
            "Example" if by_email else "",
            "",
        ]
        cells += [_segment_cell(sample.respondents.at[row, s.id]) for s in instrument.segments]
        cells += sample.labels.loc[row].tolist()
        cells += sample.comments.loc[row].tolist()
        rows.append(cells)
    return rows


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _msforms_rows(sample: _Sample) -> list[list[object]]:
    instrument = sample.instrument
    header: list[object] = list(_FORMS_METADATA)
    header += [s.question for s in instrument.segments]
    header += [item.text for item in instrument.items.values()]
    header += [q.question for q in instrument.open_questions]
    rows = [header]
    for row in range(len(sample.respondents)):
        # A form set to record names leaks a few; most rows are anonymous.
        named = row in (4, 17, 33)
        cells: list[object] = [
            row + 1,
            sample.started[row],
            sample.finished[row],
            f"person{row + 1}@example.org" if named else "anonymous",
            "Alex Example" if named else None,
            None,
        ]
        cells += [
            _segment_cell(sample.respondents.at[row, s.id]) or None for s in instrument.segments
        ]
        cells += [value or None for value in sample.labels.loc[row].tolist()]
        cells += [value or None for value in sample.comments.loc[row].tolist()]
        rows.append(cells)
    return rows


def _write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for cells in rows:
        sheet.append(cells)
    for column in ("B", "C"):
        for cell in sheet[column][1:]:
            cell.number_format = "m/d/yy h:mm:ss"
    workbook.properties.creator = "CareNet Dash demo"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """The same workbook with fixed entry times and modified date, so its bytes never change.

    openpyxl stamps the save time into docProps/core.xml and every zip entry.
    """
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _googleforms_rows(sample: _Sample) -> list[list[str]]:
    instrument = sample.instrument
    header = ["Timestamp"]
    header += [s.question for s in instrument.segments]
    header += [
        f"{matrix_question(d.name)} [{item.text}]"
        for d in instrument.dimensions
        for item in d.items
    ]
    header += [q.question for q in instrument.open_questions]
    rows = [header]
    for row in range(len(sample.respondents)):
        finished = sample.finished[row]
        stamp = f"{finished:%Y/%m/%d} {finished.hour % 12 or 12}:{finished:%M:%S %p} GMT"
        cells = [stamp]
        cells += [_segment_cell(sample.respondents.at[row, s.id]) for s in instrument.segments]
        cells += sample.labels.loc[row].tolist()
        cells += sample.comments.loc[row].tolist()
        rows.append(cells)
    return rows


def _long_rows(sample: _Sample) -> list[list[str]]:
    rows = [["respondent_id", "item_id", "value"]]
    for row in range(len(sample.respondents)):
        for item_id, value in sample.scores.loc[row].items():
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            rows.append([f"R{row + 1:03d}", str(item_id), str(value)])
    return rows


def write_samples(directory: Path = config.SAMPLES_DIR) -> list[Path]:
    """Write sample exports of a fresh "2026 Q4" round of the children's network.

    The same respondents in four shapes (SurveyMonkey CSV, Microsoft Forms workbook, Google
    Forms CSV, long CSV), so a newcomer can try the upload with whichever tool they know.
    The files carry fake personal data (TEST-NET addresses, example.org e-mails) for the
    importer's privacy filter to drop. Returns the paths written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sample = _sample()
    surveymonkey, msforms, googleforms, long = (directory / name for name in SAMPLE_FILES)
    _write_csv(surveymonkey, _surveymonkey_rows(sample))
    _write_xlsx(msforms, _msforms_rows(sample))
    _write_csv(googleforms, _googleforms_rows(sample))
    _write_csv(long, _long_rows(sample))
    return [surveymonkey, msforms, googleforms, long]


def synthetic_round(n: int, round_index: int = 0, seed: int = 0) -> Responses:
    """A children's-network round of any size (benchmarks, load tests): the demo's model and
    comments, with respondent ids of its own so rounds never look like duplicates."""
    rng = np.random.default_rng([seed, round_index, n])
    index = round_index % len(ROUND_LABELS)
    return _round_frames(
        get_instrument(),
        _CHILDREN,
        index,
        n=n,
        rng=rng,
        id_prefix=f"synthetic-{seed}-{round_index}",
    ).responses
