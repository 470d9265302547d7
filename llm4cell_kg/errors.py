"""Errors a user can act on: the CLI prints their message and exits non-zero, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Bad input (a file, a record, a query, an option); the message says what to do."""

    exit_code = 1
