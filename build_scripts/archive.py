"""The whole model of an archive: every source parsed, then the corpus-level stages.

``load_archive(folder)`` is what the command line, the tests and the benchmark build from:
clean and parse (:func:`build_scripts.corpus.load_corpus`), then the link stage
(:func:`build_scripts.link.link_corpus`) and topic tagging (:func:`build_scripts.topics.tag_corpus`,
which raises :class:`~build_scripts.topics.TaxonomyError` for a broken ``topics.yml``), then
agreed language (:func:`build_scripts.agreed.with_agreed`). Renderers take its result and
nothing else.
"""

from __future__ import annotations

from pathlib import Path

from .agreed import with_agreed
from .corpus import load_corpus
from .link import link_corpus
from .model import Corpus
from .topics import tag_corpus


def enrich(corpus: Corpus) -> Corpus:
    """The corpus-level stages, in order, on a parsed corpus."""
    return with_agreed(tag_corpus(link_corpus(corpus)))


def load_archive(folder: Path) -> Corpus:
    """Parse every source of ``folder`` and run the corpus-level stages."""
    return enrich(load_corpus(folder))
