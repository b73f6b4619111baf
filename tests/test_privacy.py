"""The source's respondent id survives only as a keyed hash."""

from __future__ import annotations

from carenet_dash.privacy import hash_respondent_id, installation_salt


def test_hash_is_stable_per_salt_and_hides_the_id():
    first = hash_respondent_id("11452368790", salt=b"one")
    assert first == hash_respondent_id(" 11452368790 ", salt=b"one")
    assert first != hash_respondent_id("11452368790", salt=b"two")
    assert "11452368790" not in first
    assert len(first) == 64


def test_salt_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CARENET_SALT", "shared-secret")
    assert installation_salt(tmp_path / ".salt") == b"shared-secret"
    monkeypatch.delenv("CARENET_SALT")
    salt = installation_salt(tmp_path / ".salt")
    assert salt == installation_salt(tmp_path / ".salt")  # made once, then reused
    assert (tmp_path / ".salt").stat().st_mode & 0o077 == 0  # readable by the owner only
