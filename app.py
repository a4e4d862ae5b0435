"""Frontier Ledger dashboard: `streamlit run app.py` (reads served.duckdb, never writes)."""
import streamlit as st

st.set_page_config(page_title="Frontier Ledger", page_icon=":material/radar:", layout="wide")

V = "dashboard/views/"
st.navigation({
    "Ledger": [
        st.Page(V + "overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page(V + "releases.py", title="Releases", icon=":material/rocket_launch:"),
        st.Page(V + "compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page(V + "claims.py", title="Claims", icon=":material/fact_check:"),
        st.Page(V + "terms.py", title="Terms", icon=":material/payments:"),
        st.Page(V + "open_weights.py", title="Open weights", icon=":material/lock_open:"),
        st.Page(V + "news.py", title="News", icon=":material/newspaper:"),
    ],
    "Reference": [
        st.Page(V + "model.py", title="Model page", icon=":material/deployed_code:"),
        st.Page(V + "sources.py", title="Sources", icon=":material/monitor_heart:"),
    ],
}).run()
