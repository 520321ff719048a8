"""Writing the generated pages into ``docs/`` and building the site with MkDocs.

Generated files are listed in ``docs/.generated`` so that a later build removes pages whose
source has gone, and a file is rewritten only when its content changed (so ``mkdocs serve``
does not rebuild in a loop, and unchanged pages keep their timestamps).

Incremental builds (``build_site(..., dirty=True)``) rebuild only the pages whose Markdown is
newer than their HTML: which, since unchanged files keep their timestamps, are exactly the
pages whose content changed -- including pages that changed because another document did
(index pages, lists of citing documents). The result equals a clean build because nothing
else in a page depends on other pages: the navigation is the short fixed list of
``mkdocs.yml`` (index pages, never every document). What a dirty MkDocs build gets wrong is
repaired here: the search index is merged from the previous one (unchanged pages) and the
rebuilt pages, and pages whose source has gone are deleted. A dirty build is done only when a
stamp in the cache (``.cache/sites/``, one per pair of docs and site folders) shows that the
same configuration, theme overrides, MkDocs and Material built the existing site from the same
docs folder; otherwise the build is clean. The stamp lives outside docs/ and site/ so that
both stay free of anything machine-specific.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .instruments import load_registry
from .model import Corpus
from .pipeline import Deferred, render_page
from .render.agreed import AgreedRenderer
from .render.catalog import catalog_json
from .render.citations import CitationIndex, cited_by_pages, instrument_pages, links_section
from .render.indexes import HOME, index_pages
from .render.search import search_file_items
from .render.topics import page_tags, paragraph_topics, topic_pages

MANIFEST = ".generated"
DIRTY_SAFE = ("material.plugins.search", "material.plugins.offline", "mkdocs.contrib.search")
"""Plugins whose output a dirty build keeps exact (search is merged, offline runs after it), and
which read no page's HTML between rendering it and writing it (so it can wait on disk).

Any other plugin forces a clean MkDocs build: Material's tags plugin, for one, links a page's
tags only when the listing pages are rendered in the same build, so a page rebuilt alone would
differ from a clean build."""


def generate(corpus: Corpus, page: Callable[..., str] = render_page) -> dict[str, str]:
    """Every generated file of ``docs/``: path -> content.

    ``corpus`` is the enriched corpus (:func:`build_scripts.archive.load_archive`). ``page``
    renders one document's page from the arguments of
    :func:`~build_scripts.render.page.document_page`, some of them
    :class:`~build_scripts.pipeline.Deferred` (:func:`.pipeline.render_page`;
    :func:`.pipeline.cached_pages` gives a cached one).
    """
    return dict(generated_files(corpus, page))


def generated_files(corpus: Corpus, page: Callable[..., str] = render_page) -> Iterator[tuple[str, str]]:
    """:func:`generate`'s files one at a time, as (path, content).

    A large archive is then written as it is rendered, never held in memory whole.
    """
    registry = load_registry()
    cited = CitationIndex(corpus)
    agreed = AgreedRenderer(corpus)
    for doc in corpus.documents:
        links = links_section(doc, cited, registry)
        view = Deferred(agreed.inputs(doc), functools.partial(agreed.view, doc))
        text = page(doc, HOME, links, paragraph_topics(corpus, doc), page_tags(corpus, doc), view)
        yield doc.url.removesuffix(".html") + ".md", text
    yield from index_pages(corpus).items()
    yield from instrument_pages(corpus, registry).items()
    yield from cited_by_pages(cited).items()
    yield from topic_pages(corpus).items()
    yield "catalog.json", catalog_json(corpus)
    yield from search_file_items(corpus)


def write_tree(docs_dir: Path, files: Mapping[str, str] | Iterable[tuple[str, str]]) -> int:
    """Write ``files`` under ``docs_dir``; delete what an earlier build made and this one did not.

    ``files`` maps a path to its content, or gives (path, content) pairs, written as they come.
    A file is written only when its content changed (unchanged files keep their timestamps).
    Returns the number of files written (changed or new).
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    manifest = docs_dir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.exists() else set()
    names: set[str] = set()
    written = 0
    for rel, content in files.items() if isinstance(files, Mapping) else files:
        if rel in names:
            raise ValueError(f"{rel} generated twice")
        names.add(rel)
        target = docs_dir / rel
        data = content.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    for stale in sorted(previous - names - {""}):
        target = docs_dir / stale
        if target.is_file():
            target.unlink()
            _remove_empty_parents(target.parent, docs_dir)
    listing = "\n".join(sorted(names)) + "\n"
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


def site_fingerprint(config: MkDocsConfig) -> str:
    """What, besides the pages, shapes every page of the site: configuration, theme, versions."""
    digest = hashlib.sha256()
    for package in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions"):
        digest.update(f"{package}={version(package)}\n".encode())
    digest.update(f"docs={Path(config.docs_dir).resolve()}\nsite={Path(config.site_dir).resolve()}\n".encode())
    digest.update(Path(config.config_file_path).read_bytes())
    custom = config.theme.custom_dir
    if custom:
        for path in sorted(p for p in Path(custom).rglob("*") if p.is_file()):
            digest.update(path.relative_to(custom).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class _DirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may be inaccurate: this module makes it exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class _Incremental(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Added to MkDocs' plugins by :func:`build_site`: progress, and the dirty-build repairs."""

    def __init__(
        self, dirty: bool, previous_index: dict[str, Any] | None, progress: bool, spill: Path | None
    ) -> None:
        from .pipeline import Progress

        super().__init__()
        self.spill = spill
        self.spilled: dict[str, Path] = {}
        self.dirty = dirty
        self.previous_index = previous_index
        self.progress = progress
        self.bar = Progress("mkdocs", 0, enabled=False)
        self.order: list[str] = []
        self.dest: set[str] = set()
        self.built: set[str] = set()

    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from .pipeline import Progress

        pages = files.documentation_pages()
        self.order = [f.url for f in pages]
        self.dest = {f.dest_uri for f in files}
        if not self.dirty:
            self.bar = Progress("mkdocs", 2 * len(pages), enabled=self.progress)
        return files

    # Memory: MkDocs renders every page's Markdown to HTML before it writes any page, and keeps
    # both until the end, so its memory grows with the archive (about 1 MB a page). Once a
    # page's HTML is final (after every other plugin), it waits on disk until the page is
    # written, and its Markdown, no longer used, is dropped; after writing, the HTML is dropped.
    # Only with plugins known not to read pages in between (``spill`` is None otherwise).
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.bar.advance()
        if self.spill is None:
            return html
        path = self.spill / f"{len(self.spilled)}.html"
        path.write_text(html, encoding="utf-8")
        self.spilled[page.file.src_uri] = path
        page.markdown = None
        return ""

    @event_priority(100)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.built.add(page.url)
        if page.file.src_uri in self.spilled:
            page.content = self.spilled[page.file.src_uri].read_text(encoding="utf-8")
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.bar.advance()
        if self.spill is not None:
            page.content = None
        return output

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.bar.close()
        if not self.dirty:
            return
        self._merge_search_index(config)

    def _merge_search_index(self, config: MkDocsConfig) -> None:
        """The entries of unchanged pages from the previous index, in the order of a clean build."""
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        if search is None:
            return
        entries: list[dict[str, Any]] = search.search_index.entries
        if self.previous_index is None:
            raise RuntimeError("dirty build without a previous search index")
        old: dict[str, list[dict[str, Any]]] = {}
        for entry in self.previous_index.get("docs", []):
            old.setdefault(entry["location"].split("#")[0], []).append(entry)
        new: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            new.setdefault(entry["location"].split("#")[0], []).append(entry)
        search.search_index.entries = [
            entry for url in self.order for entry in (new if url in self.built else old).get(url, [])
        ]


def _mtimes(site: Path) -> dict[str, int]:
    """Every file of the site and its modification time (ns), before a dirty build."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _remove_stale(site: Path, keep: set[str], before: dict[str, int]) -> None:
    """After a dirty build: delete what a clean build would not have made.

    A file stays if this build wrote it (new, or its time changed: sitemap, search files,
    rebuilt pages) or if it is the output of one of this build's files (unchanged pages,
    assets); what remains came from a page or file that has gone. Hidden files stay.
    """
    for path in sorted(site.rglob("*"), reverse=True):
        rel = path.relative_to(site).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in keep and before.get(rel) == path.stat().st_mtime_ns:
            path.unlink()


def build_site(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    corpus: Corpus | None = None,
    *,
    timestamp: int | None = None,
    dirty: bool = False,
    stamps: Path | None = None,
    progress: bool = False,
) -> list[str]:
    """Build the site with MkDocs (strict); returns MkDocs' warnings (empty on success).

    ``SOURCE_DATE_EPOCH`` is set to ``timestamp``, else from ``corpus`` (see
    :func:`build_timestamp`), unless the caller's environment sets it. ``dirty=True`` rebuilds
    only the pages whose Markdown changed, when the stamp in the folder ``stamps`` shows the
    site was last built the same way (see the module docstring); else the build is clean. ``progress`` shows a progress
    bar on a terminal for large sites.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    counter = _Counter()
    log = logging.getLogger("mkdocs")
    log.addHandler(counter)
    quiet = _DirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if timestamp is None and corpus is not None:
        timestamp = build_timestamp(corpus)
    if saved is None and timestamp is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(timestamp)
    try:
        config = load_config(
            str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()), strict=True
        )
        fingerprint = site_fingerprint(config)
        pair = hashlib.sha256(f"{docs_dir.resolve()}\n{site_dir.resolve()}".encode()).hexdigest()
        stamp = stamps / pair if stamps is not None else None
        index_file = site_dir / "search" / "search_index.json"
        previous = stamp.read_text(encoding="utf-8").strip() if stamp is not None and stamp.is_file() else None
        # With a search plugin (Material's), the previous index is needed to merge into.
        searching = any(hasattr(p, "search_index") for p in config.plugins.values())
        known = all(type(p).__module__.startswith(DIRTY_SAFE) for p in config.plugins.values())
        dirty = (
            dirty
            and known
            and previous == fingerprint
            and (site_dir / "index.html").is_file()
            and (index_file.is_file() or not searching)
        )
        if stamp is not None:
            stamp.unlink(missing_ok=True)
        previous_index = json.loads(index_file.read_text(encoding="utf-8")) if dirty and searching else None
        before = _mtimes(site_dir) if dirty else {}
        with tempfile.TemporaryDirectory(prefix="un-archive-pages-") as spill:
            plugin = _Incremental(dirty, previous_index, progress, Path(spill) if known else None)
            config.plugins["un-archive/incremental"] = plugin
            build(config, dirty=dirty)
        if dirty:
            _remove_stale(site_dir, keep=plugin.dest, before=before)
        if not counter.messages and stamp is not None:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(fingerprint + "\n", encoding="utf-8")
    except (Abort, BuildError, ConfigurationError) as exc:
        counter.messages.append(str(exc))
    finally:
        log.removeHandler(counter)
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return counter.messages
