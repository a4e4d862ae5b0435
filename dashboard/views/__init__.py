"""One Streamlit page per module; each reads data via dashboard.data and draws via dashboard.ui."""
