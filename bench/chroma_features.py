"""Which keyword-search features the installed Chroma offers, embedded and against `chroma run`.

    python -m bench.chroma_features

Tries, on a throwaway collection in each mode: full-text filtering (`where_document` with `$contains`
and `$regex`), a collection schema with a sparse vector index (what Chroma's BM25 embedding function
needs), and the `Collection.search()` API (ranked retrieval, dense or sparse, with rank fusion).
Prints one line per feature and mode with the outcome or Chroma's own error, and writes section
"chroma-features". This is what decides where newsbot's keyword index lives (docs/SCALING.md).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.report import git_revision, write_section
from bench.server import chroma_run


def probe(client: Any) -> dict[str, str]:
    from chromadb import K, Knn, Schema, Search, SparseVectorIndexConfig
    from chromadb.api.types import SparseVector

    out: dict[str, str] = {}
    col = client.get_or_create_collection("probe-fts", embedding_function=None)
    col.add(ids=["a", "b"], embeddings=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            documents=["Balochistan attacks condemned", "critical minerals deal"])
    for op, value in (("$contains", "Balochistan"), ("$regex", "miner.ls")):
        got = col.get(where_document={op: value})["ids"]
        out[f"full-text filter `where_document` {op}"] = f"works (a filter, unranked): {got}"
    try:
        schema = Schema()
        schema.create_index(config=SparseVectorIndexConfig(), key="sparse")
        sparse = client.get_or_create_collection("probe-sparse", embedding_function=None, schema=schema)
        sparse.add(ids=["a"], embeddings=[[1.0, 0.0, 0.0]], documents=["x"],
                   metadatas=[{"sparse": SparseVector(indices=[1, 5], values=[0.5, 0.2])}])
        out["sparse vector index (BM25 / SPLADE vectors)"] = "works"
    except Exception as exc:  # what Chroma says is the finding
        out["sparse vector index (BM25 / SPLADE vectors)"] = f"refused: {type(exc).__name__}: {str(exc)[:160]}"
    try:
        col.search(Search().rank(Knn(query=[1.0, 0.0, 0.0])).limit(2).select(K.DOCUMENT))
        out["`Collection.search()` (ranked retrieval, rank fusion)"] = "works"
    except Exception as exc:
        out["`Collection.search()` (ranked retrieval, rank fusion)"] = f"refused: {type(exc).__name__}: {str(exc)[:160]}"
    return out


def main() -> int:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    with tempfile.TemporaryDirectory() as tmp:
        embedded = probe(chromadb.PersistentClient(path=str(Path(tmp) / "embedded"), settings=settings))
        with chroma_run(Path(tmp) / "server") as url:
            host, port = url.rsplit(":", 1)
            server = probe(chromadb.HttpClient(host=host.split("//")[1], port=int(port), settings=settings))
    rows = [f"| {feature} | {embedded[feature]} | {server[feature]} |" for feature in embedded]
    table = "| feature | embedded (`PersistentClient`) | `chroma run` server |\n| --- | --- | --- |\n" + "\n".join(rows)
    print(table)
    if "--no-write" not in sys.argv:
        write_section("chroma-features", f"## Chroma {chromadb.__version__}: keyword search in the store?\n\n"
                                         f"Command: `python -m bench.chroma_features` (commit {git_revision()})\n\n{table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
