"""The Streamlit chat UI: run `streamlit run ui/app.py`.

`app.py` is the server and `page.py` the page script (both run by Streamlit, never imported);
`chat.py`, `library.py` and `filters.py` are the page's parts, `examples.py` the chat's example
questions (built from the library); `render.py` turns article and answer text into inert markup;
`shared.py` holds the one NewsBot every session uses. Nothing here retrieves or answers (`bot/`
does), and nothing here is test or benchmark code (`bench/harness.py` runs the app in a real
server and browser for both).
"""

__all__ = ["chat", "examples", "filters", "library", "render", "shared"]
