"""Privacy on the way in: a salted hash stands in for a source's respondent id."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from carenet_dash.config import DATA_DIR, SALT_ENV

SALT_FILE = DATA_DIR / ".salt"


def installation_salt(path: Path = SALT_FILE) -> bytes:
    """The secret salt: CARENET_SALT if set (share it between servers on one store), else a
    random one made once and kept beside the store, never in it."""
    configured = os.environ.get(SALT_ENV)
    if configured:
        return configured.encode()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        salt = secrets.token_hex(32).encode()
        # O_EXCL: if another process won the race, use its salt rather than ours.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(fd, "wb") as handle:
            handle.write(salt)
        return salt


def hash_respondent_id(source_id: str, salt: bytes | None = None) -> str:
    """A keyed hash of a source's respondent id: detects duplicates, cannot be reversed."""
    return _keyed(salt if salt is not None else installation_salt(), source_id)


def hash_respondent_ids(source_ids: list[str], salt: bytes | None = None) -> list[str | None]:
    """``hash_respondent_id`` of each id, None for a blank one: a file's ids in one pass."""
    key = salt if salt is not None else installation_salt()
    return [_keyed(key, i) if i.strip() else None for i in source_ids]


def _keyed(key: bytes, source_id: str) -> str:
    # hmac.digest: the same HMAC-SHA256 in one call, several times quicker than hmac.new.
    return hmac.digest(key, source_id.strip().encode(), hashlib.sha256).hex()
