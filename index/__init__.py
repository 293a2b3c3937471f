"""Ingest: load, clean, chunk, embed and store news articles in Chroma (plus a BM25 index).

    from index import Index
    index = Index(Settings.load())
    report = index.add(["seeds/"])
"""

from index.ingest import Index, Stats

__all__ = ["Index", "Stats"]
