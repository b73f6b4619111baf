"""A network whose two rounds ask the same statements on different scales: agreement on 1..5,
then on 1..7; likelihood on 0..10 in both. Five members each time, minimum group size 3.

Favourable shares by hand (answers above the scale's midpoint: 3 on 1..5, 4 on 1..7, 5 on
0..10; each member's share, then their mean):
  2026 Q1 agreement (1..5): P1 5,4 -> 100; P2 4,2 -> 50; P3 3,3 -> 0; P4 2,1 -> 0;
          P5 4,4 -> 100: mean 50.
  2026 Q2 agreement (1..7): P1 7,6 -> 100; P2 5,4 -> 50; P3 6,5 -> 100; P4 2,3 -> 0;
          P5 7,7 -> 100: mean 70.  Change +20.
  likelihood (0..10): Q1 9, 5, 7, 2, 10 -> 100, 0, 100, 0, 100: 60;
          Q2 8, 6, 4, 9, 3 -> 100, 100, 0, 100, 0: 60.  Change 0.
Means in 2026 Q2: agreement (6.5 + 4.5 + 5.5 + 2.5 + 7) / 5 = 5.2, likelihood 30 / 5 = 6.0.
"""

from __future__ import annotations

from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.store import writes
from tests.conftest import make_responses

NETWORK = "Two scales network"
AGREE_5 = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
AGREE_7 = ["Strongly disagree", "Disagree", "Slightly disagree", "Neither", "Slightly agree",
           "Agree", "Strongly agree"]  # fmt: skip
ELEVEN = {"labels": [str(v) for v in range(11)], "values": list(range(11))}


def instrument(version: int) -> Instrument:
    """Version 1 asks agreement on 1..5, version 2 on 1..7; likelihood is 0..10 in both."""
    return parse_instrument(
        {
            "id": "two-scales",
            "version": version,
            "name": "Two scales",
            "scale": {"labels": AGREE_5 if version == 1 else AGREE_7},
            "dimensions": [
                {
                    "id": "agreement",
                    "name": "Agreement",
                    "items": [
                        {"id": "a1", "text": "We share a purpose."},
                        {"id": "a2", "text": "We keep our promises."},
                    ],
                },
                {
                    "id": "likely",
                    "name": "Likely to recommend",
                    "scale": ELEVEN,
                    "items": [{"id": "l1", "text": "How likely are you to recommend us?"}],
                },
            ],
        }
    )


ANSWERS = {
    1: [(5, 4, 9), (4, 2, 5), (3, 3, 7), (2, 1, 2), (4, 4, 10)],
    2: [(7, 6, 8), (5, 4, 6), (6, 5, 4), (2, 3, 9), (7, 7, 3)],
}


def two_scale_network(engine) -> int:
    """The network with its two rounds (2026 Q1 on version 1, 2026 Q2 on version 2)."""
    network_id = writes.create_network(engine, NETWORK, min_group_size=3)
    for version, label in ((1, "2026 Q1"), (2, "2026 Q2")):
        rows = [
            (person, item, value, False)
            for person, values in enumerate(ANSWERS[version], start=1)
            for item, value in zip(("a1", "a2", "l1"), values, strict=True)
        ]
        writes.import_round(
            engine,
            writes.RoundMeta(network=NETWORK, label=label),
            instrument(version),
            make_responses(rows),
        )
    return network_id
