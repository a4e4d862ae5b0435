"""The claim audit: vendor-claimed vs independently measured scores, compared like with like."""
from __future__ import annotations

import re

import duckdb
import pandas as pd

_VARIANT = re.compile(r"(experimental|\bexp\b|-exp-|preview|chat-tuned|checkpoint)", re.IGNORECASE)
_ATTEMPTS = re.compile(r"pass@(\d+)|(\d+)\s*attempts?|best of (\d+)", re.IGNORECASE)
_EFFORT = re.compile(r"(?:reasoning|effort)[\s:=_-]*(minimal|low|medium|high|xhigh)", re.IGNORECASE)


def settings_profile(settings: str | None) -> dict[str, str]:
    """The comparable dimensions a settings string pins down (tools, attempts, effort)."""
    text = settings.lower() if isinstance(settings, str) else ""
    profile: dict[str, str] = {}
    if re.search(r"\bno tools\b|\bwithout tools\b|\bno tool use\b", text):
        profile["tools"] = "no"
    elif re.search(r"\bwith tools\b|\btool use\b|\bwith python\b|\bwith search\b", text):
        profile["tools"] = "yes"
    if match := _ATTEMPTS.search(text):
        profile["attempts"] = next(g for g in match.groups() if g)
    elif "majority" in text or "cons@" in text:
        profile["attempts"] = "many"
    if match := _EFFORT.search(text):
        profile["effort"] = match.group(1)
    return profile


def is_comparable(a: str | None, b: str | None) -> bool:
    """Two settings are comparable unless they pin a dimension to different values."""
    pa, pb = settings_profile(a), settings_profile(b)
    return all(pa[k] == pb[k] for k in pa.keys() & pb.keys())


_SCORES = """
    SELECT s.score_id, s.model_id, m.name AS model, m.org_id, o.name AS org, s.benchmark_id,
           b.name AS benchmark, b.higher_is_better, b.unit, s.value, s.measured_by, s.settings,
           s.variant_note, s.source_model_name, s.source_id, s.source_url, s.reported_on
    FROM scores s
    JOIN models m USING (model_id)
    JOIN benchmarks b USING (benchmark_id)
    LEFT JOIN orgs o ON o.org_id = m.org_id
    WHERE s.measured_by = ? AND (?::VARCHAR IS NULL OR s.model_id = ?)
"""


def _scores(con: duckdb.DuckDBPyConnection, measured_by: str, model_id: str | None) -> pd.DataFrame:
    return con.execute(_SCORES, [measured_by, model_id, model_id]).df()


def _is_variant(row: pd.Series, side: str) -> bool:
    note = row.get(f"variant_note_{side}")
    name = row.get(f"source_model_name_{side}")
    return bool(isinstance(note, str) and note) or bool(isinstance(name, str) and _VARIANT.search(name))


def claim_gaps(con: duckdb.DuckDBPyConnection, model_id: str | None = None) -> pd.DataFrame:
    """One row per vendor claim with the latest comparable independent measurement.

    `gap` is claimed minus measured; `inflation` is signed so that positive means the vendor's
    number looks better than the independent one (lower-is-better benchmarks flip the sign).
    """
    vendor = _scores(con, "vendor", model_id)
    independent = _scores(con, "independent", model_id)
    columns = ["model_id", "model", "org_id", "org", "benchmark_id", "benchmark", "higher_is_better", "unit"]
    pairs = vendor.merge(independent.drop(columns=columns[1:4] + columns[5:]),
                         on=["model_id", "benchmark_id"], suffixes=("_vendor", "_independent"))
    if pairs.empty:
        return pd.DataFrame(columns=columns + ["claimed", "measured", "gap", "inflation", "inflation_pct",
                                               "settings_vendor", "settings_independent", "variant_mismatch",
                                               "source_url_vendor", "source_url_independent",
                                               "reported_on_vendor", "reported_on_independent"])
    keep = [is_comparable(a, b) for a, b in zip(pairs["settings_vendor"], pairs["settings_independent"])]
    pairs = pairs[keep].sort_values("reported_on_independent")
    pairs = pairs.groupby("score_id_vendor", as_index=False).tail(1)
    pairs = pairs.rename(columns={"value_vendor": "claimed", "value_independent": "measured"})
    pairs["gap"] = pairs["claimed"] - pairs["measured"]
    sign = pairs["higher_is_better"].map({True: 1.0, False: -1.0})
    pairs["inflation"] = pairs["gap"] * sign
    pairs["inflation_pct"] = 100.0 * pairs["inflation"] / pairs["measured"].abs().where(pairs["measured"] != 0)
    pairs["variant_mismatch"] = [
        _is_variant(row, "vendor") or _is_variant(row, "independent") for _, row in pairs.iterrows()
    ]
    return pairs.sort_values(["org", "model", "benchmark"]).reset_index(drop=True)


def inflation_by_lab(gaps: pd.DataFrame) -> pd.DataFrame:
    """Per lab and quarter of the claim: number of audited claims and mean inflation in percent."""
    if gaps.empty:
        return pd.DataFrame(columns=["org_id", "org", "quarter", "claims", "mean_inflation_pct"])
    quarter = pd.PeriodIndex(pd.to_datetime(gaps["reported_on_vendor"]), freq="Q").astype(str)
    return (gaps.assign(quarter=quarter)
            .groupby(["org_id", "org", "quarter"], as_index=False)
            .agg(claims=("inflation_pct", "size"), mean_inflation_pct=("inflation_pct", "mean"))
            .sort_values(["org", "quarter"]).reset_index(drop=True))
