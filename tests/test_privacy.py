"""The source's respondent id survives only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac

from carenet_dash.privacy import hash_respondent_id, hash_respondent_ids, installation_salt


def test_hash_is_stable_per_salt_and_hides_the_id():
    first = hash_respondent_id("11452368790", salt=b"one")
    assert first == hash_respondent_id(" 11452368790 ", salt=b"one")
    assert first != hash_respondent_id("11452368790", salt=b"two")
    assert "11452368790" not in first
    assert len(first) == 64
    # HMAC-SHA256 of the trimmed id under the salt, computed here independently.
    assert first == hmac.new(b"one", b"11452368790", hashlib.sha256).hexdigest()


def test_a_files_ids_hash_in_one_pass_as_one_by_one_and_blanks_stay_blank():
    ids = ["11452368790", " 7 ", "", "   ", "abc"]
    assert hash_respondent_ids(ids, salt=b"one") == [
        hash_respondent_id("11452368790", salt=b"one"),
        hash_respondent_id("7", salt=b"one"),
        None,
        None,
        hash_respondent_id("abc", salt=b"one"),
    ]


def test_salt_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CARENET_SALT", "shared-secret")
    assert installation_salt(tmp_path / ".salt") == b"shared-secret"
    monkeypatch.delenv("CARENET_SALT")
    salt = installation_salt(tmp_path / ".salt")
    assert salt == installation_salt(tmp_path / ".salt")  # made once, then reused
    assert (tmp_path / ".salt").stat().st_mode & 0o077 == 0  # readable by the owner only
