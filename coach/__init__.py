"""coach: an NLP-assisted reflection and feedback coach for mentoring programs.

The library never imports Streamlit and never prints; the app (``app.py``) and the CLI
(``coach.cli``) are thin shells over the services in the sub-packages.
"""

__version__ = "0.1.0"
