"""Errors a user can act on, and the exit codes they map to.

Every error raised for bad input is an :class:`AuditorError`; the CLI prints its
message as one paragraph and exits with its code, so no user ever sees a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURES = 1
    USAGE = 2
    INCOMPLETE = 3


class AuditorError(Exception):
    """An error with a message meant for the person running the tool."""

    exit_code: ExitCode = ExitCode.USAGE


class PolicyError(AuditorError):
    """A policy file is unreadable or invalid."""


class InventoryError(AuditorError):
    """An inventory or results file cannot be read."""


class ConfigError(AuditorError):
    """A command-line option or configuration value is invalid."""


class ScanError(AuditorError):
    """The scan could not run at all (no credentials, nothing reachable)."""

    exit_code = ExitCode.INCOMPLETE
