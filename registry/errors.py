"""Errors that carry a one-line message meant for the user."""


class LedgerError(Exception):
    """An expected failure with a clear one-line explanation."""
