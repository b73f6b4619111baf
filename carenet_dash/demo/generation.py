"""Demo rounds generated from the story: seeded, so every call gives the same respondents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.demo.comments import write_comments
from carenet_dash.demo.organisations import ORGANISATION_STREAM, with_connections
from carenet_dash.demo.organisations import PLANS as ORGANISATION_PLANS
from carenet_dash.demo.story import (
    BASE_NA_RATE,
    BLANK_RATE,
    CHILDREN,
    DEMO_SALT,
    HALO_SD,
    ITEM_SD,
    PARTIAL_RATE,
    PERSON_SD,
    PLANS,
    ROUND_DATES,
    ROUND_LABELS,
    Plan,
    steady,
)
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import get_instrument
from carenet_dash.privacy import hash_respondent_id
from carenet_dash.responses import Responses


@dataclass(frozen=True, eq=False)
class DemoRound:
    """One generated round of a demo network, ready for ``store.writes.import_round``."""

    network: str
    label: str
    fielded_on: dt.date
    invited: int
    responses: Responses


@dataclass(frozen=True)
class Generated:
    responses: Responses
    # Which of the two not-applicable labels each such answer used, for the sample exports.
    na_label: pd.Series


def round_frames(
    instrument: Instrument,
    plan: Plan,
    round_index: int,
    *,
    n: int,
    rng: np.random.Generator,
    id_prefix: str,
) -> Generated:
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
        [plan.member_mix.get(option, steady(0.0))[round_index] for option in member_options]
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
    comments = write_comments(
        plan,
        round_index,
        latent=latent,
        dimension_ids=dimension_ids,
        member=member,
        partial=set(partial.tolist()),
        rng=rng,
    )
    return Generated(Responses(respondents, answers, comments), na_label)


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
            generated = round_frames(
                instrument, plan, index, n=n, rng=rng, id_prefix=f"{plan.key}-{label}"
            )
            # Organisations and ties from a stream of their own: the answers stay as they were.
            responses = with_connections(
                generated.responses,
                ORGANISATION_PLANS[plan.key],
                index,
                np.random.default_rng([plan.seed, index, ORGANISATION_STREAM]),
            )
            responses.validate(instrument)
            found.append(
                DemoRound(
                    network=plan.name,
                    label=label,
                    fielded_on=fielded_on,
                    # Its own stream, so editing the comment bank leaves the invited count alone.
                    invited=_invited(n, np.random.default_rng([plan.seed, index, 1])),
                    responses=responses,
                )
            )
    return found


def synthetic_round(n: int, round_index: int = 0, seed: int = 0) -> Responses:
    """A children's-network round of any size (benchmarks, load tests): the demo's model and
    comments, with respondent ids of its own so rounds never look like duplicates."""
    rng = np.random.default_rng([seed, round_index, n])
    index = round_index % len(ROUND_LABELS)
    return round_frames(
        get_instrument(),
        CHILDREN,
        index,
        n=n,
        rng=rng,
        id_prefix=f"synthetic-{seed}-{round_index}",
    ).responses
