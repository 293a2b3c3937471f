"""Check that an index is consistent: what `python -m index check` prints, and what the crash benchmark asserts.

Consistent means: every stored article has exactly the chunks its record counts (no half-written or
half-replaced article), no chunk lacks its article record, no text is stored under two ids, no
write session was left unfinished, and the keyword index covers exactly the chunks in Chroma.

Deliberately not here: repairing anything. Running the same ingest again is the repair (it
rewrites incomplete articles and publishes what a killed session left); `remove` drops an article.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["problems"]


def problems(index: Any, limit: int = 20) -> list[str]:
    """What is inconsistent in `index` (an `index.Index`), as sentences; empty when all is well."""
    found: list[str] = []
    if index.store.interrupted():
        found.append("a write session did not finish (killed?): run the same `python -m index add ...` again")
    records = {r.id: r for r in index.articles()}
    chunks: Counter[str] = Counter()
    ids: list[str] = []
    for chunk_id, _, meta in index.store.all_chunks():
        chunks[str(meta["article_id"])] += 1
        ids.append(chunk_id)
    for article_id, count in chunks.items():
        record = records.get(article_id)
        if record is None:
            found.append(f"{count} chunks of article {article_id} have no article record (chunk 0)")
        elif count != record.chunk_count:
            found.append(f"article {article_id} ({record.title!r}) has {count} chunks, its record says {record.chunk_count}")
    twins = [h for h, n in Counter(r.content_hash for r in records.values()).items() if n > 1]
    found += [f"the same text is stored under {n} ids (content hash {h})" for h, n in
              ((h, sum(1 for r in records.values() if r.content_hash == h)) for h in twins)]
    index.keywords.refresh()
    keyword = set(index.keywords.chunk_ids)
    if keyword != set(ids):
        found.append(f"the keyword index covers {len(keyword)} chunks, Chroma holds {len(ids)} "
                     f"({len(keyword - set(ids))} extra, {len(set(ids) - keyword)} missing)")
    return found[:limit]
