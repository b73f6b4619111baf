"""Download names: one rule for every export, answers file and backup."""

from __future__ import annotations

import datetime as dt

import pytest

from carenet_dash import backup
from carenet_dash.exports import answers, file_name
from carenet_dash.filenames import download_name, slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Riverside Children's Health Network", "riverside-childrens-health-network"),
        ("Children’s  Café", "childrens-cafe"),
        ("Head & Neck — Support", "head-neck-support"),
        ("  2026 Q3 ", "2026-q3"),
        ("=cmd|' /C calc'!A0", "cmd-c-calc-a0"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_a_slug_keeps_letters_and_digits_joined_by_hyphens(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("network", "round_label", "export_format", "expected"),
    [
        ("Riverside Children's Health Network", "2026 Q3", "pptx",
         "riverside-childrens-health-network-2026-q3.pptx"),
        ("Head & Neck — Support", "2026 Q3", "html", "head-neck-support-2026-q3.html"),
        ("Riverside", None, "csv-scores", "riverside-every-round-scores.csv"),
        ("Riverside", None, "csv-actions", "riverside-every-round-actions.csv"),
    ],
)  # fmt: skip
def test_download_names(network, round_label, export_format, expected):
    assert file_name(network, round_label, export_format) == expected


def test_every_download_is_named_by_the_same_rule():
    network, label = "Riverside Children's Health Network", "2026 Q3"
    stem = "riverside-childrens-health-network-2026-q3"
    assert file_name(network, label, "pptx") == f"{stem}.pptx"
    assert answers.file_name(network, label) == f"{stem}-answers.csv"
    assert download_name(network, label, "answers", suffix=".csv") == f"{stem}-answers.csv"
    taken = dt.datetime(2026, 11, 25, 20, 31)
    assert backup.file_name(taken) == "carenet-backup-2026-11-25-2031.jsonl.gz"
