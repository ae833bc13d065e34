"""Streamlit-only helpers: cached loaders, session state and shared widgets."""
