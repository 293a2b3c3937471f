"""The Streamlit chat UI: run `streamlit run ui/app.py`.

`app.py` lays out the page; `chat.py`, `library.py` and `filters.py` are its parts; `render.py`
turns article and answer text into inert markup. Nothing here retrieves or answers (`bot/` does).
"""

__all__ = ["app", "chat", "filters", "library", "render"]
