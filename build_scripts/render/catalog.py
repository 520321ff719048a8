"""``catalog.json``: the machine-readable catalogue fixed by the contract (section 3)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..model import Corpus, Document, TopicTag


def catalog_entry(doc: Document, topics: Mapping[str, tuple[TopicTag, ...]] | None = None) -> dict[str, Any]:
    """One document's entry, with exactly the contract's fields; ``topics``: anchor -> tags."""
    topics = topics or {}
    return {
        "id": doc.id,
        "symbol": doc.meta.symbol,
        "title": doc.meta.title,
        "body": doc.meta.body,
        "kind": doc.meta.kind,
        "date": doc.meta.date,
        "source": doc.source,
        "url": doc.url,
        "paragraphs": [
            {
                "anchor": p.anchor,
                "number": p.number,
                "text": p.text.strip(),
                "topics": sorted(t.topic for t in topics.get(p.anchor, ())),
            }
            for p in doc.paragraphs
        ],
        "footnotes": [{"anchor": n.anchor, "number": n.number, "text": n.text.strip()} for n in doc.footnotes],
    }


def catalog_json(corpus: Corpus) -> str:
    """The catalogue as JSON text, documents sorted by id (deterministic).

    One document per line: a change to one document is a change to one line, and each line is
    encoded by the C encoder (``indent`` would force the pure-Python one: 10 times slower).
    """
    lines = [
        json.dumps(catalog_entry(d, corpus.topics.get(d.id)), ensure_ascii=False)
        for d in sorted(corpus.documents, key=lambda d: d.id)
    ]
    return '{"documents": [\n' + ",\n".join(lines) + ("\n" if lines else "") + "]}\n"
