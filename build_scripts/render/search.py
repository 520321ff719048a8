"""The archive's search index: ``search/*.js`` shards, built from the model.

The page loads only the shards a query needs, as ``<script>`` files (no fetch, no worker), so
search works on a hosted site and from ``file://`` alike. Each shard calls one global function,
``__unSearch.add(key, data)``, with ``key`` its path without ``.js``. The index is built from the
model, never from rendered HTML, so it stays right with MkDocs ``--dirty`` builds.

Files, all under ``search/`` (the JavaScript side is
``theme_overrides/assets/javascripts/search/search.js``):

``manifest.js``
    shard counts, the first record of each record shard, the first record of each document
    (delta-encoded), and the stop words.
``t/<n>.js``
    term shard ``n``: ``{term: postings}`` for every term whose FNV-1a hash is ``n`` modulo the
    number of term shards. A term is a word (never a stop word) or two consecutive words
    (``"witness protection"``; not when both are stop words): word pairs make phrase search
    exact for two words and selective for longer phrases without storing positions.
    ``postings`` is the sorted list of record numbers that contain the term, delta-encoded
    (:func:`encode_numbers`); a list longer than :data:`BIG_TERM` characters is written to its
    own file ``t/<n>-<k>.js`` and the shard holds the number ``k`` instead.
``s/<n>.js``
    symbol shard: ``{key: [[doc, symbol, title, url], ...]}`` for every document whose symbol
    gives ``key`` (:func:`symbol_keys`: ``A/RES/57/176``, ``RES/57/176``, ``57/176``).
``r/<n>.js``
    record shard: consecutive records ``[doc, anchor, label, text]`` from record ``first``, and
    ``[symbol, title, url]`` of each document they belong to. A record is a title, a paragraph,
    a heading or a footnote: what a result can open.

Guarantees: shard sizes are bounded (a term shard by :data:`TERM_SHARD_BYTES` on average, a
record shard by :data:`RECORD_SHARD_BYTES` plus one record); the total grows linearly with the
text; the output depends only on the corpus (documents in id order, terms and keys sorted).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Corpus, Document, Heading, Paragraph, ParaKind, Table, place_label

FORMAT = 1
"""Version of the file format, checked by the JavaScript side."""
TERM_SHARD_BYTES = 48_000
"""Average size aimed at for a term shard; the number of shards is a power of two."""
BIG_TERM = 12_000
"""A posting list longer than this (in characters) gets a file of its own."""
RECORD_SHARD_BYTES = 24_000
"""A record shard is closed once its text passes this size."""
SYMBOL_SHARD_BYTES = 24_000

STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have in into is it its of on or such that the "
    "their them these they this those to was were which who will with".split()
)
"""Words too common to index alone; they still count inside word pairs and phrases."""

DIGITS = "0123456789abcdefghijklmnopqrstuv"
"""Last base-32 digit of a number in :func:`encode_numbers`."""
MORE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-"
"""Base-32 digits that another digit follows."""


# --------------------------------------------------------------------------- words
@functools.cache
def _run_pattern() -> re.Pattern[str]:
    r"""Runs of letters, digits and combining marks: Unicode categories L, N and M.

    Spelled out from :mod:`unicodedata` because Python's ``\\w`` excludes combining marks and
    includes ``_``; JavaScript's ``/[\\p{L}\\p{N}\\p{M}]+/u`` is the same class.
    """
    ranges: list[str] = []
    start = -1
    for code in range(sys.maxunicode + 2):
        inside = code <= sys.maxunicode and unicodedata.category(chr(code))[0] in "LNM"
        if inside and start < 0:
            start = code
        elif not inside and start >= 0:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(code - 1)) if code - 1 > start else ""))
            start = -1
    return re.compile("[" + "".join(ranges) + "]+")


@functools.cache
def _bmp_tables() -> tuple[dict[int, str], dict[int, None]]:
    """``str.translate`` tables over the Basic Multilingual Plane.

    Every character that is not a letter, digit or mark -> a space; every mark -> nothing.
    Splitting a translated text on spaces is faster than a regular expression with the class.
    """
    separators: dict[int, str] = {}
    marks: dict[int, None] = {}
    for code in range(0x10000):
        kind = unicodedata.category(chr(code))[0]
        if kind == "M":
            marks[code] = None
        elif kind not in "LN":
            separators[code] = " "
    return separators, marks


def tokenize(text: str) -> list[str]:
    """The words of ``text``, folded: lower case, accents removed, compatibility forms unfolded.

    ``"Witness-protection programmes (1996/26)"`` -> ``witness protection programmes 1996 26``.
    A word is a run of letters, digits and marks (Unicode L, N, M), lower-cased, decomposed
    (NFKD) and stripped of its marks, then split where anything else is left. The JavaScript
    ``tokenize`` does the same (a browser test compares them).
    """
    lowered = text.lower()
    separators, marks = _bmp_tables()
    if lowered.isascii():
        return lowered.translate(separators).split()
    if max(lowered) > "\uffff":
        return _tokenize_any(lowered)
    words: list[str] = []
    for run in lowered.translate(separators).split():
        if run.isascii():
            words.append(run)
            continue
        # Lower-cased again: a decomposition may be a capital ("ℂ" -> "C").
        folded = unicodedata.normalize("NFKD", run).translate(marks).lower()
        if max(folded, default="") > "\uffff":
            words.extend(_tokenize_any(folded))
        else:
            words.extend(folded.translate(separators).split())
    return words


def _tokenize_any(lowered: str) -> list[str]:
    """:func:`tokenize` for text beyond the Basic Multilingual Plane (slower, same result)."""
    words: list[str] = []
    for run in _run_pattern().findall(lowered):
        folded = unicodedata.normalize("NFKD", run)
        folded = "".join(c for c in folded if unicodedata.category(c)[0] != "M").lower()
        words.extend(_run_pattern().findall(folded))
    return words


def index_terms(words: list[str]) -> set[str]:
    """The terms a record with ``words`` is found by: its words and its word pairs."""
    terms = set(words) - STOP_WORDS
    terms.update(f"{a} {b}" for a, b in itertools.pairwise(words) if a not in STOP_WORDS or b not in STOP_WORDS)
    return terms


def fnv1a(text: str) -> int:
    """32-bit FNV-1a hash of ``text``'s UTF-8 bytes (the shard a term or key lives in)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def encode_numbers(numbers: Iterable[int]) -> str:
    """Increasing numbers as base-32 deltas, each digit but the last from :data:`MORE_DIGITS`.

    ``[0, 5, 40]`` -> ``"05B3"``: deltas 0, 5, 35 (= 1*32 + 3). One character per delta
    under 32, two under 1024.
    """
    seq = list(numbers)
    deltas = [b - a for a, b in zip([0, *seq], seq, strict=False)]
    if deltas and min(deltas) < 0:
        at = next(i for i, d in enumerate(deltas) if d < 0)
        raise ValueError(f"numbers must increase: {seq[at]} after {seq[at - 1]}")
    short = _SHORT_CODES
    return "".join([short[d] if d < SHORT else _code(d) for d in deltas])


def _code(delta: int) -> str:
    digits = [DIGITS[delta & 31]]
    delta >>= 5
    while delta:
        digits.append(MORE_DIGITS[delta & 31])
        delta >>= 5
    return "".join(reversed(digits))


SHORT = 1024
_SHORT_CODES = [_code(d) for d in range(SHORT)]
"""The code of every delta under :data:`SHORT` (most of them), looked up instead of computed."""


def decode_numbers(text: str) -> list[int]:
    """The inverse of :func:`encode_numbers`."""
    numbers: list[int] = []
    value = previous = 0
    for char in text:
        more = MORE_DIGITS.find(char)
        if more >= 0:
            value = value * 32 + more
            continue
        previous += value * 32 + DIGITS.index(char)
        numbers.append(previous)
        value = 0
    return numbers


# --------------------------------------------------------------------------- symbols
def normalize_symbol(text: str) -> str:
    """A symbol as a lookup key: upper case, without spaces (``s/res/794 (1992)`` -> ``S/RES/794(1992)``)."""
    return re.sub(r"\s+", "", text).upper()


def symbol_keys(doc: Document) -> list[str]:
    """What a reader may type to find ``doc`` by its symbol, normalised.

    ``A/RES/57/176`` -> ``A/RES/57/176``, ``RES/57/176``, ``57/176``; ``S/RES/794 (1992)`` ->
    also ``794(1992)``; ``E/RES/1996/26`` -> ``1996/26``. A tail is a key only when it still has
    a ``/`` or a ``(`` and a digit: ``176`` alone would find every document numbered 176.
    The printed resolution number (``meta.number``) is a key too.
    """
    keys: set[str] = set()
    if doc.meta.symbol:
        full = normalize_symbol(doc.meta.symbol)
        keys.add(full)
        parts = full.split("/")
        for i in range(1, len(parts)):
            tail = "/".join(parts[i:])
            if any(c.isdigit() for c in tail) and ("/" in tail or "(" in tail):
                keys.add(tail)
    if doc.meta.number:
        keys.add(normalize_symbol(doc.meta.number))
    return sorted(keys)


# --------------------------------------------------------------------------- records
def document_records(doc: Document) -> Iterator[tuple[str, str, str]]:
    """``(anchor, label, text)`` of every place of ``doc`` a search can open, in page order.

    The title, paragraphs, headings, tables, then the notes; not the masthead, the enacting
    formula or the closing lines (every document has them: they would only add noise).
    """
    if doc.meta.title:
        yield "title", "title", doc.meta.title
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            label = place_label(block.anchor) or ("text" if block.kind is ParaKind.TEXT else "")
            yield block.anchor, label, block.text.strip()
        elif isinstance(block, Heading):
            yield block.anchor, place_label(block.anchor) or "heading", block.text.strip()
        elif isinstance(block, Table):
            yield block.anchor, f"table {block.anchor.rsplit('-', 1)[-1]}", block.text.strip()
    for note in doc.footnotes:
        yield note.anchor, f"note {note.number}", note.text.strip()


# --------------------------------------------------------------------------- files
def _script(key: str, data: Any) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"__unSearch.add({json.dumps(key)},{body});\n"


def _shard_count(total_bytes: int, target: int) -> int:
    count = 1
    while count * target < total_bytes:
        count *= 2
    return count


def search_files(corpus: Corpus) -> dict[str, str]:
    """Every file of the search index: path under ``docs/`` -> content."""
    return dict(search_file_items(corpus))


def search_file_items(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """:func:`search_files` one file at a time, as (path, content).

    Each file can be written and dropped before the next is made.
    """
    documents = sorted(corpus.documents, key=lambda d: d.id)
    metas: list[list[str]] = []
    records: list[tuple[int, str, str, str]] = []
    doc_starts: list[int] = []
    # Lists of ints, not arrays: appending to a defaultdict's list is the fastest way in
    # Python, and the one int object of a record is shared by all its lists.
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(documents):
        metas.append([doc.meta.symbol or "", doc.meta.title or doc.id, doc.url])
        doc_starts.append(len(records))
        for anchor, label, text in document_records(doc):
            record = len(records)
            records.append((number, anchor, label, text))
            for term in index_terms(tokenize(text)):
                postings[term].append(record)

    term_shards, big = _term_shards(postings)
    for shard, (entries, big_lists) in enumerate(zip(term_shards, big, strict=True)):
        yield f"search/t/{shard}.js", _script(f"t/{shard}", entries)
        for k, encoded in enumerate(big_lists):
            yield f"search/t/{shard}-{k}.js", _script(f"t/{shard}-{k}", encoded)
        term_shards[shard], big[shard] = {}, []  # written: no longer held

    symbol_shards = _symbol_shards(documents, metas)
    for shard, keys in enumerate(symbol_shards):
        yield f"search/s/{shard}.js", _script(f"s/{shard}", keys)

    firsts: list[int] = []
    for shard, (first, chunk) in enumerate(_record_chunks(records)):
        firsts.append(first)
        docs = {str(d): metas[d] for d in sorted({r[0] for r in chunk})}
        yield f"search/r/{shard}.js", _script(f"r/{shard}", {"first": first, "docs": docs, "records": chunk})

    manifest = {
        "format": FORMAT,
        "terms": len(term_shards),
        "symbols": len(symbol_shards),
        "records": len(records),
        "documents": len(documents),
        "recordShards": encode_numbers(firsts),
        "docStarts": encode_numbers(doc_starts),
        "stopWords": sorted(STOP_WORDS),
    }
    yield "search/manifest.js", _script("manifest", manifest)


def _term_shards(postings: dict[str, list[int]]) -> tuple[list[dict[str, str | int]], list[list[str]]]:
    """Terms spread over a power-of-two number of shards by hash; long posting lists apart."""
    # Each list is dropped once encoded, so the lists and their encodings never both peak.
    encoded = {term: encode_numbers(postings.pop(term)) for term in sorted(postings)}
    total = sum(len(t.encode("utf-8")) + (len(e) if len(e) <= BIG_TERM else 4) + 6 for t, e in encoded.items())
    count = _shard_count(total, TERM_SHARD_BYTES)
    shards: list[dict[str, str | int]] = [{} for _ in range(count)]
    big: list[list[str]] = [[] for _ in range(count)]
    for term in encoded:
        shard = fnv1a(term) % count
        if len(encoded[term]) > BIG_TERM:
            shards[shard][term] = len(big[shard])
            big[shard].append(encoded[term])
        else:
            shards[shard][term] = encoded[term]
    return shards, big


def _symbol_shards(documents: list[Document], metas: list[list[str]]) -> list[dict[str, list[list[Any]]]]:
    table: dict[str, list[list[Any]]] = {}
    for number, doc in enumerate(documents):
        for key in symbol_keys(doc):
            table.setdefault(key, []).append([number, *metas[number]])
    total = sum(len(k) + sum(len(json.dumps(v)) for v in vs) for k, vs in table.items())
    count = _shard_count(total, SYMBOL_SHARD_BYTES)
    shards: list[dict[str, list[list[Any]]]] = [{} for _ in range(count)]
    for key in sorted(table):
        shards[fnv1a(key) % count][key] = table[key]
    return shards


def _record_chunks(records: list[tuple[int, str, str, str]]) -> Iterator[tuple[int, list[list[Any]]]]:
    """Consecutive records, cut once a chunk's text passes :data:`RECORD_SHARD_BYTES`."""
    first = 0
    chunk: list[list[Any]] = []
    size = 0
    for number, record in enumerate(records):
        chunk.append(list(record))
        size += len(record[3]) + len(record[1]) + len(record[2]) + 12
        if size >= RECORD_SHARD_BYTES:
            yield first, chunk
            first, chunk, size = number + 1, [], 0
    if chunk:
        yield first, chunk
