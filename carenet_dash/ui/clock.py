"""Today's date as the app sees it: read in one place, so every page agrees on what is
overdue and a test can fix the day."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
