"""Where things live and the settings a deployment may change (paths, store URL, limits)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
INSTRUMENTS_DIR = DATA_DIR / "instruments"
SAMPLES_DIR = DATA_DIR / "samples"
DEFAULT_INSTRUMENT_ID = "network-health"

DB_URL_ENV = "CARENET_DB_URL"
SALT_ENV = "CARENET_SALT"

# Confidentiality: the smallest group whose numbers may be shown. 5 is the common survey
# convention; a network may raise it, or lower it to 3 at the very least, never below.
DEFAULT_MIN_GROUP_SIZE = 5
MIN_GROUP_SIZE_FLOOR = 3


def default_db_path() -> Path:
    """The store used when neither --db nor CARENET_DB_URL says otherwise."""
    return DATA_DIR / "carenet.db"


def database_url(explicit: str | None = None) -> str:
    """The store URL: an explicit one, else CARENET_DB_URL, else data/carenet.db (absolute)."""
    url = explicit or os.environ.get(DB_URL_ENV)
    if url:
        return url
    return f"sqlite:///{default_db_path()}"
