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


# Imports: the largest export accepted, checked before any parsing. 50 MB holds a survey many
# times larger than any network's; a deployment may change it with CARENET_MAX_UPLOAD_MB.
MAX_UPLOAD_ENV = "CARENET_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 50
# An XLSX is a zip whose parts may inflate to far more than the upload. A survey workbook of
# 10,000 respondents unpacks to a few tens of megabytes; more than this is refused from the zip's
# directory, before openpyxl parses anything, so a "zip bomb" is answered in milliseconds.
MAX_XLSX_UNPACKED_MB = 100


def max_upload_mb() -> int:
    """The upload limit in megabytes: CARENET_MAX_UPLOAD_MB if set to a whole number, else 50."""
    configured = os.environ.get(MAX_UPLOAD_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return DEFAULT_MAX_UPLOAD_MB


def max_upload_bytes() -> int:
    return max_upload_mb() * 1024 * 1024


def max_unpacked_bytes() -> int:
    """The most an XLSX may declare it unpacks to (all its parts together)."""
    return MAX_XLSX_UNPACKED_MB * 1024 * 1024
