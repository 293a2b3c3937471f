"""newsbot's chat UI: `streamlit run ui/app.py` (or `make run`, which also ingests the seeds first).

This is the server: a Streamlit `st.App` serving the page (`page.py`) whose lifespan hook starts
loading the bot as the server starts (`shared.preload`), so the first visitor doesn't wait for
the libraries and the model. Everything the user sees is in `page.py`.

Deliberately not here: the page, and any retrieval or answer logic (`bot/`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts ui/ on the path, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st

from ui.shared import preload

app = st.App("page.py", lifespan=preload)
