"""Errors raised by the ingest parsers."""
from __future__ import annotations

from registry.errors import LedgerError

PARSE_ERROR_KINDS = ("not_a_feed", "extraction_empty", "parse")


class ParseError(LedgerError):
    """A document could not be turned into items; `kind` is one of PARSE_ERROR_KINDS."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
