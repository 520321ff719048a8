"""The model as JSON-ready data (golden files, caches, debugging); lossless and stable."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

from .model import Document, Embedded, Emphasis, Inline, Link, NoteRef, Ref


def to_data(value: Any) -> Any:
    """Dataclasses -> dicts tagged with their type, enums -> values, tuples -> lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"type": type(value).__name__}
        for field in dataclasses.fields(value):
            data[field.name] = to_data(getattr(value, field.name))
        return data
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


def document_json(doc: Document) -> str:
    """``doc`` as indented JSON text, keys in model order."""
    return json.dumps(to_data(doc), ensure_ascii=False, indent=1) + "\n"


def document_outline(doc: Document) -> str:
    """A short structural outline of ``doc``, one line per unit, for reviewing by eye.

    The structural golden files of the corpus use it: a change in what the parser finds
    (a paragraph lost, a note attached elsewhere, a number restored) shows as a one-line
    diff, and the outline is short enough to check against the source by hand.
    """
    meta = doc.meta
    out = [
        f"id: {doc.id}",
        f"symbol: {meta.symbol}",
        f"body: {meta.body}",
        f"kind: {meta.kind}",
        f"title: {meta.title}",
        f"date: {meta.date}  distributed: {meta.distributed}  meeting: {meta.meeting}",
        f"session: {meta.session}  agenda: {meta.agenda_item} {meta.agenda_title or ''}".rstrip(),
        "masthead:",
        *(f"  {m.line:>5} {m.role}: {_short(m.text)}" for m in doc.masthead),
        "blocks:",
    ]
    for block in doc.blocks:
        if isinstance(block, Embedded):
            what = f"(embedded {block.doc_kind}) -> {block.url}"
            out.append(f"  {block.lines[0]:>5} {block.anchor} {what}: {block.title}")
            continue
        kind = getattr(block, "kind", None)
        label = kind.value if kind is not None else type(block).__name__.lower()
        flags = []
        if getattr(block, "restored", False):
            flags.append("restored")
        if getattr(block, "fragment", False):
            flags.append("fragment")
        if getattr(block, "quoted", False):
            flags.append("quoted")
        notes = [r.number for r in _note_refs(block.content)]
        extra = (" [" + ",".join(flags) + "]" if flags else "") + (f" notes {','.join(notes)}" if notes else "")
        out.append(f"  {block.lines[0]:>5} {block.anchor} ({label}){extra}: {_short(block.text)}")
    out.append("footnotes:")
    out.extend(
        f"  {n.lines[0]:>5} {n.anchor} x{n.references} lines {len(n.lines)}: {_short(n.text)}" for n in doc.footnotes
    )
    reasons: dict[str, int] = {}
    for removal in doc.removals:
        reasons[removal.reason] = reasons.get(removal.reason, 0) + 1
    out.append("removed: " + ", ".join(f"{reason} x{count}" for reason, count in sorted(reasons.items())))
    out.append("warnings:")
    out.extend(f"  {d.line:>5} {d.code}: {d.message}" for d in doc.diagnostics)
    return "\n".join(out) + "\n"


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _note_refs(spans: tuple[Inline, ...]) -> list[NoteRef]:
    found: list[NoteRef] = []
    for span in spans:
        if isinstance(span, NoteRef):
            found.append(span)
        elif isinstance(span, (Emphasis, Link, Ref)):
            found.extend(_note_refs(span.children))
    return found
