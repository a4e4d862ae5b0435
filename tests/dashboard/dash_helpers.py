"""Helpers for dashboard AppTests (imported by the tests in this directory)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = {
    "overview": "overview.py", "releases": "releases.py", "compare": "compare.py", "claims": "claims.py",
    "terms": "terms.py", "open_weights": "open_weights.py", "news": "news.py", "model": "model.py",
    "sources": "sources.py",
}


def run_page(page: str, query: dict | None = None, timeout: float = 60):
    """Run the app, switch to `page` with `query` in the URL, and return the AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.switch_page(f"dashboard/views/{PAGES[page]}")
    at.query_params.update(query or {})
    return at.run()


_DEFAULTS: dict = {}


def default_page(page: str):
    """The page rendered once with an empty URL, shared by the tests that only read it."""
    if page not in _DEFAULTS:
        _DEFAULTS[page] = run_page(page)
    return _DEFAULTS[page]




def texts(at) -> list[str]:
    """Every plain-text-ish string an AppTest rendered (markdown, captions, text, alerts, titles)."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success"):
        out.extend(str(e.value) for e in getattr(at, kind))
    return out


def frames(at):
    return [d.value for d in at.dataframe]
