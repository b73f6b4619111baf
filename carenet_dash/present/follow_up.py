"""Actions followed through in words: overdue marked, "did it move?", and a network's
progress."""

from __future__ import annotations

from carenet_dash import disclosure
from carenet_dash.analysis.follow_up import Progress
from carenet_dash.present.words import count, missing, said, status, verdict

OVERDUE = "⚠ overdue"


def status_text(value: str, is_overdue: bool = False) -> str:
    """'○ Open · ⚠ overdue': the status with its mark, and overdue said in words."""
    return f"{status(value)} · {OVERDUE}" if is_overdue else status(value)


def due_text(day: str, is_overdue: bool = False) -> str:
    return f"{day} ({OVERDUE})" if is_overdue else day


def moved_text(row: object, min_size: int) -> str:
    """An action's dimension since the round it was agreed: '−0.17 since 2026 Q2 ·
    ≈ within noise (n 62 → 67)', what stands in for a hidden change, or '–'."""
    found = getattr(row, "moved_status", None)
    if not isinstance(found, str):
        return "–"
    since = f"since {row.round}"  # type: ignore[attr-defined]
    if found != disclosure.SHOWN:
        return f"{disclosure.status_text(found, min_size)} {since}"
    return (
        f"{said(row.moved_change)} {since} · {verdict(row.moved_verdict)} "  # type: ignore[attr-defined]
        f"(n {count(row.moved_n_before)} → {count(row.moved_n_after)})"  # type: ignore[attr-defined]
    )


def progress_text(found: Progress) -> str:
    """'3 done · 4 open · 2 overdue · 1 dropped', of every action the network agreed."""
    if not found.total:
        return "No actions agreed yet."
    return (
        f"{found.done} done · {found.open} open · {found.overdue} overdue · "
        f"{found.dropped} dropped, of {found.total} agreed"
    )


def is_overdue(row: object) -> bool:
    flag = getattr(row, "overdue", False)
    return bool(flag) and not missing(flag)
