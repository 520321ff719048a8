"""Writing the generated pages into ``docs/`` and building the site with MkDocs.

Generated files are listed in ``docs/.generated`` so that a later build removes pages whose
source has gone, and a file is rewritten only when its content changed (so ``mkdocs serve``
does not rebuild in a loop, and unchanged pages keep their timestamps).
"""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path

from .instruments import load_registry
from .model import Corpus
from .render.catalog import catalog_json
from .render.citations import CitationIndex, instrument_pages, links_section
from .render.indexes import HOME, index_pages
from .render.page import document_page
from .render.search import search_files
from .render.topics import page_tags, paragraph_topics, topic_pages

MANIFEST = ".generated"


def generate(corpus: Corpus) -> dict[str, str]:
    """Every generated file of ``docs/``: path -> content.

    ``corpus`` is the enriched corpus (:func:`build_scripts.archive.load_archive`).
    """
    files: dict[str, str] = {}
    registry = load_registry()
    cited = CitationIndex(corpus)
    for doc in corpus.documents:
        links = links_section(doc, cited, registry)
        page = document_page(doc, HOME, links, paragraph_topics(corpus, doc), page_tags(corpus, doc))
        files[doc.url.removesuffix(".html") + ".md"] = page
    files.update(index_pages(corpus))
    files.update(instrument_pages(corpus, registry))
    files.update(topic_pages(corpus))
    files["catalog.json"] = catalog_json(corpus)
    files.update(search_files(corpus))
    return files


def write_tree(docs_dir: Path, files: dict[str, str]) -> int:
    """Write ``files`` under ``docs_dir``; delete what an earlier build made and this one did not.

    Returns the number of files written (changed or new).
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    manifest = docs_dir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.exists() else set()
    for stale in sorted(previous - set(files) - {""}):
        target = docs_dir / stale
        if target.is_file():
            target.unlink()
            _remove_empty_parents(target.parent, docs_dir)
    written = 0
    for rel, content in sorted(files.items()):
        target = docs_dir / rel
        data = content.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    listing = "\n".join(sorted(files)) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != listing:
        manifest.write_text(listing, encoding="utf-8")
    return written


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class _Counter(logging.Handler):
    """Counts MkDocs' warnings, which ``--strict`` turns into a failed build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_timestamp(corpus: Corpus) -> int:
    """The build's timestamp: midnight UTC of the newest document's date (0 if none).

    MkDocs stamps it into sitemap.xml.gz; deriving it from the content, not the clock, keeps
    two builds of the same sources byte-identical.
    """
    dates = [d.meta.date for d in corpus.documents if d.meta.date]
    if not dates:
        return 0
    return int(datetime.datetime.fromisoformat(max(dates)).replace(tzinfo=datetime.UTC).timestamp())


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, corpus: Corpus | None = None) -> list[str]:
    """Build the site with MkDocs (strict); returns MkDocs' warnings (empty on success).

    ``SOURCE_DATE_EPOCH`` is set from ``corpus`` (see :func:`build_timestamp`) unless the
    caller's environment sets it.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    counter = _Counter()
    log = logging.getLogger("mkdocs")
    log.addHandler(counter)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if saved is None and corpus is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(build_timestamp(corpus))
    try:
        config = load_config(
            str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()), strict=True
        )
        build(config)
    except (Abort, BuildError, ConfigurationError) as exc:
        counter.messages.append(str(exc))
    finally:
        log.removeHandler(counter)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return counter.messages
