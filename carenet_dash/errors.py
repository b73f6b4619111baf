"""Errors a person can act on: each message says what is wrong and what to do."""

from __future__ import annotations


class CareNetError(Exception):
    """Base for every refusal shown to a user (UI message or CLI `error:` line)."""


class InstrumentError(CareNetError):
    """An instrument file is missing, malformed or inconsistent.

    ``lines`` holds each problem on its own ("file: field: problem"), for a screen that lists
    them one per line; the message joins them.
    """

    def __init__(self, message: str, lines: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.lines = lines or (message,)


class NotFound(CareNetError):
    """A network, round or instrument that was asked for does not exist."""


class ChangedElsewhere(CareNetError):
    """A write was based on a record someone else has changed since; nothing was written."""


class StoreError(CareNetError):
    """The store cannot be opened or upgraded."""


class ImportRefused(CareNetError):
    """An export cannot become a round; nothing was written."""


class NoInstrumentMatches(ImportRefused):
    """No column of an export matches any instrument: one may be drafted from it."""


class BackupRefused(CareNetError):
    """A backup file cannot be restored (not a backup, damaged, incompatible); nothing changed."""
