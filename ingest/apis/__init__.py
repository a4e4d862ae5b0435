"""Structured-source adapters: one pure `parse(body, *, source_id, source_url, observed_on)` each.

`PARSERS` maps the `kind` of a source in `ingest/sources.yaml` to its parse function; every parser
returns a `ParsedSource` (records + per-record error lines + the snapshot's own date) or raises
`PayloadError` when the whole payload is unusable. `parser_for` also accepts hyphenated kinds
(`hf-hub`, `artificial-analysis`), the spelling used for source ids.
"""
from __future__ import annotations

from collections.abc import Callable

from ingest.apis import (
    aider, artificial_analysis, ecosystem_graphs, epoch, genai_prices, hf_hub, litellm, llm_prices,
    lmarena, models_dev, openrouter, swe_bench, vectara,
)
from ingest.apis._common import ParsedSource, PayloadError, SourceRecord

Parser = Callable[..., ParsedSource]

PARSERS: dict[str, Parser] = {
    "openrouter": openrouter.parse,
    "litellm": litellm.parse,
    "hf_hub": hf_hub.parse,
    "artificial_analysis": artificial_analysis.parse,
    "lmarena": lmarena.parse,
    "aider": aider.parse,
    "swe_bench": swe_bench.parse,
    "vectara": vectara.parse,
    "epoch": epoch.parse,
    "ecosystem_graphs": ecosystem_graphs.parse,
    "genai_prices": genai_prices.parse,
    "llm_prices": llm_prices.parse,
    "models_dev": models_dev.parse,
}


def parser_for(kind: str) -> Parser:
    """The parse function for a source kind; KeyError names the known kinds."""
    key = kind.strip().lower().replace("-", "_")
    if key not in PARSERS:
        known = ", ".join(sorted(PARSERS))
        raise KeyError(f"no structured parser for kind {kind!r}; known: {known}")
    return PARSERS[key]


__all__ = ["PARSERS", "ParsedSource", "PayloadError", "SourceRecord", "parser_for"]
