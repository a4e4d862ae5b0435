"""Frontier Ledger dashboard: reads `served.duckdb` (read-only) and draws; never writes.

data (cached query bridge) -> charts (pure builders) -> views (Streamlit pages) | export.
"""
