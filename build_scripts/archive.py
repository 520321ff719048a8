"""The whole model of an archive: every source parsed, then the corpus-level stages.

``load_archive(folder)`` is what the tests build from: clean and parse
(:func:`build_scripts.corpus.load_corpus`), then the link stage
(:func:`build_scripts.link.link_corpus`) and topic tagging (:func:`build_scripts.topics.tag_corpus`,
which raises :class:`~build_scripts.topics.TaxonomyError` for a broken ``topics.yml``), then
agreed language (:func:`build_scripts.agreed.with_agreed`). Renderers take its result and
nothing else.

Each corpus-level stage starts with work that depends on one document alone: recognising its
references, tagging its paragraphs, reading its words for comparison. :func:`prepare` does
that work for one document, so that :mod:`build_scripts.pipeline` can run it in the parse
workers (in parallel) and cache it with the parse result; :func:`enrich` takes those results
and gives exactly the corpus it would have computed without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .agreed import Tokens, document_tokens, with_agreed
from .corpus import load_corpus
from .link import Found, link_corpus, recognise
from .model import Corpus, Document, TopicTag
from .topics import document_tags, tag_corpus


@dataclass(frozen=True)
class Prepared:
    """The per-document part of the corpus-level stages, for one document."""

    mentions: Found
    """Its references, recognised but not resolved (:func:`build_scripts.link.recognise`)."""
    tags: dict[str, tuple[TopicTag, ...]]
    """Its paragraphs' topics (:func:`build_scripts.topics.document_tags`)."""
    tokens: Tokens
    """Its paragraphs' words as agreed language compares them (:func:`build_scripts.agreed.document_tokens`)."""


def prepare(doc: Document) -> Prepared:
    """The work of the corpus-level stages that depends on ``doc`` alone."""
    return Prepared(recognise(doc), document_tags(doc), document_tokens(doc))


def enrich(corpus: Corpus, prepared: Mapping[str, Prepared] | None = None) -> Corpus:
    """The corpus-level stages, in order, on a parsed corpus.

    ``prepared`` maps a document id to :func:`prepare` of that document, as parsed, when it
    was computed already; the result is the same as without it.
    """
    given = prepared or {}
    linked = link_corpus(corpus, found={k: p.mentions for k, p in given.items()})
    tagged = tag_corpus(linked, tags={k: p.tags for k, p in given.items()})
    return with_agreed(tagged, tokens={k: p.tokens for k, p in given.items()})


def load_archive(folder: Path) -> Corpus:
    """Parse every source of ``folder`` and run the corpus-level stages."""
    return enrich(load_corpus(folder))
