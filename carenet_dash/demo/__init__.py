"""Seeded demo networks with a story, and sample survey exports for trying the upload.

``story`` says what members think round by round, ``comments`` what they write (the sentences
are in comment_bank.toml), ``generation`` draws the rounds, ``seeding`` writes them and the
networks' workshop records to a store, and ``samples`` writes the sample exports.
"""

from carenet_dash.demo.comments import comment_bank, polarity_of
from carenet_dash.demo.generation import DemoRound, demo_rounds, synthetic_round
from carenet_dash.demo.samples import (
    SAMPLE_FILES,
    SAMPLE_RESPONDENTS,
    draw_sample,
    write_samples,
)
from carenet_dash.demo.seeding import seed_demo, seed_workshop
from carenet_dash.demo.story import DEMO_NETWORKS, SAMPLE_LABEL

__all__ = [
    "DEMO_NETWORKS",
    "SAMPLE_FILES",
    "SAMPLE_LABEL",
    "SAMPLE_RESPONDENTS",
    "DemoRound",
    "comment_bank",
    "demo_rounds",
    "draw_sample",
    "polarity_of",
    "seed_demo",
    "seed_workshop",
    "synthetic_round",
    "write_samples",
]
