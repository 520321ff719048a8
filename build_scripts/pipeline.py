"""Fast builds: sources parsed in parallel and cached, and a progress bar for long runs.

Guarantees:

* :func:`parse_all` returns exactly what :func:`~build_scripts.corpus.load_document` returns
  for each file, with :func:`~build_scripts.archive.prepare` of each of its documents (the
  per-document part of the corpus-level stages, so that it too runs in parallel and is
  cached), in the order of the files, whatever the number of workers and however the
  operating system schedules them (results are collected in input order, never as they
  finish);
* a cached result is used only when the source bytes, its sidecar's name and bytes, its path
  in the source folder, the Python version and every file of the ``build_scripts`` package
  (code, templates, data) are the same as when it was stored (:func:`cache_key`); anything
  else is parsed again, so a change of the parser invalidates the whole cache;
* a document's rendered page is reused (:func:`cached_pages`) only when the document --
  after linking, as the renderer receives it -- pickles to the same bytes and the package is
  the same; the page renderer must therefore read nothing but the document (and the code);
* the cache is only an accelerator: a missing, unreadable or corrupt entry is parsed again,
  and a build without it (``--no-cache``) gives the same pages.

The caches live in ``.cache/parse/`` (one pickle per source, named by its key) and
``.cache/render/`` (one page per document state). Nothing prunes them; delete ``.cache/`` to
reclaim the space.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .archive import Prepared, enrich, prepare
from .corpus import Loaded, load_corpus, load_document
from .model import Corpus
from .sidecar import sidecar_path

DEFAULT_CACHE = Path(".cache")
"""The cache folder: ``parse/`` and ``render/`` inside."""
PACKAGE = Path(__file__).resolve().parent
CODE_SUFFIXES = (".py", ".j2", ".yml", ".yaml")
PARALLEL_MIN = 16
"""Fewer sources than this to parse are parsed in this process (starting workers costs more)."""
PROGRESS_MIN = 200
"""Fewer items than this get no progress bar."""


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def code_fingerprint() -> bytes:
    """:func:`fingerprint_of` this package as it was when this module was imported.

    Taken at import, as close as possible to when the code was loaded: a process that read
    the files only later, after someone edited them, would store the old code's results
    under the new code's key. (Editing ``build_scripts/`` while a build runs can still do
    that; delete ``.cache/`` then.)
    """
    return _LOADED




def fingerprint_of(package: Path) -> bytes:
    """A digest of the Python version and of every code, template and data file of ``package``."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def cache_key(folder: Path, path: Path, fingerprint: bytes) -> str | None:
    """The cache key of one source, or None when it cannot be read (it is then parsed, uncached)."""
    digest = hashlib.sha256(fingerprint)
    try:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        side = sidecar_path(path)
        if side is None:
            digest.update(b"no sidecar")
        else:
            digest.update(side.name.encode() + b"\0")
            digest.update(hashlib.sha256(side.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


_LOADED = fingerprint_of(PACKAGE)

Parsed = tuple[Loaded, tuple[Prepared, ...]]
"""One source's documents and diagnostics, and :func:`~build_scripts.archive.prepare` of each document."""


class ParseCache:
    """Pickled parse results in a folder, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        """Where the entry of ``key`` is stored."""
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Parsed | None:
        """The stored result of ``key``, or None (missing or unreadable entries are misses)."""
        try:
            loaded: Parsed = pickle.loads(self.path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return loaded


def store(cache_folder: Path, key: str, data: bytes) -> None:
    """Write one pickled entry atomically (a reader never sees half a file)."""
    store_file(cache_folder / key[:2] / f"{key}.pickle", data)


def store_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically; a failure only costs time next build."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:
        pass  # A read-only or full disk makes the build slower next time, never wrong.


def _parse_one(task: tuple[Path, Path, str | None, Path | None]) -> bytes:
    """Worker: parse and prepare one source, store it in the cache, return the pickled result."""
    folder, path, key, cache_folder = task
    loaded = load_document(folder, path)
    parsed: Parsed = (loaded, tuple(prepare(doc) for doc in loaded[0]))
    data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
    if key is not None and cache_folder is not None:
        store(cache_folder, key, data)
    return data


def parse_all(
    folder: Path, files: Sequence[Path], jobs: int = 1, cache: ParseCache | None = None, progress: bool = True
) -> list[Parsed]:
    """:func:`~build_scripts.corpus.load_document` for each of ``files``, in order, and prepared.

    Each result comes with :func:`~build_scripts.archive.prepare` of each of its documents.

    Cached results are reused; the rest are parsed by ``jobs`` worker processes (in this
    process when there are few) and stored in ``cache``.
    """
    fingerprint = code_fingerprint()
    results: list[Parsed | None] = [None] * len(files)
    tasks: list[tuple[int, tuple[Path, Path, str | None, Path | None]]] = []
    for index, path in enumerate(files):
        key = cache_key(folder, path, fingerprint) if cache is not None else None
        if cache is not None and key is not None and (hit := cache.get(key)) is not None:
            results[index] = hit
            continue
        tasks.append((index, (folder, path, key, cache.folder if cache is not None else None)))
    bar = Progress("parse", len(tasks), enabled=progress)
    if jobs > 1 and len(tasks) >= PARALLEL_MIN:
        chunk = max(1, min(16, len(tasks) // (jobs * 8)))
        # fork on Linux: workers start at once with the package imported, and a caller's
        # script needs no ``if __name__ == "__main__"`` guard; elsewhere the platform default.
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            # map() yields in input order: the result never depends on which worker ran first.
            parsed = pool.map(_parse_one, [t for _, t in tasks], chunksize=chunk)
            for (index, _), data in zip(tasks, parsed, strict=True):
                results[index] = pickle.loads(data)
                bar.advance()
    else:
        for index, task in tasks:
            results[index] = pickle.loads(_parse_one(task))
            bar.advance()
    bar.close()
    done: list[Parsed] = []
    for item in results:
        assert item is not None
        done.append(item)
    return done


def load_corpus_fast(
    folder: Path, jobs: int | None = None, cache_dir: Path | None = DEFAULT_CACHE
) -> tuple[Corpus, dict[str, Prepared]]:
    """:func:`~build_scripts.corpus.load_corpus` with parallel parsing and the parse cache.

    Also returns :func:`~build_scripts.archive.prepare` of each document of the corpus, by
    id, for :func:`~build_scripts.archive.enrich`. ``cache_dir=None`` parses everything (and
    stores nothing); else results are kept in ``cache_dir/parse/``.
    """
    cache = ParseCache(cache_dir / "parse") if cache_dir is not None else None
    workers = jobs or default_jobs()
    prepared: dict[tuple[str, str], Prepared] = {}

    def loader(f: Path, files: list[Path]) -> list[Loaded]:
        out = []
        for loaded, preparations in parse_all(f, files, workers, cache):
            for doc, done in zip(loaded[0], preparations, strict=True):
                # The first of two documents with one source and id is the one admitted.
                prepared.setdefault((doc.source, doc.id), done)
            out.append(loaded)
        return out

    corpus = load_corpus(folder, loader=loader)
    return corpus, {doc.id: prepared[(doc.source, doc.id)] for doc in corpus.documents}


def load_archive_fast(folder: Path, jobs: int | None = None, cache_dir: Path | None = DEFAULT_CACHE) -> Corpus:
    """:func:`~build_scripts.archive.load_archive` with parallel parsing and the parse cache."""
    return enrich(*load_corpus_fast(folder, jobs, cache_dir))


@dataclass(frozen=True)
class Deferred:
    """An argument of the page renderer that is computed only if the page must be rendered.

    ``key`` stands for it in the cache key of :func:`cached_pages`, so it must determine what
    ``compute`` returns (with the code): e.g. the data a section is made from, when making
    the section costs much more than pickling its data.
    """

    key: object
    compute: Callable[[], object]


def resolved(args: Sequence[Any]) -> list[Any]:
    """``args`` with every :class:`Deferred` computed."""
    return [a.compute() if isinstance(a, Deferred) else a for a in args]


def render_page(*args: Any) -> str:
    """:func:`~build_scripts.render.page.document_page` of ``args`` (:class:`Deferred` ones computed)."""
    from .render.page import document_page

    out: str = document_page(*resolved(args))
    return out


def cached_pages(folder: Path) -> Callable[..., str]:
    """A document-page renderer that keeps each page in ``folder``, keyed by all it reads.

    The key is the code and every argument of the call -- the document as linked and tagged,
    the home page path, its links section, topics and tags (which depend on other documents),
    the key of each :class:`Deferred` argument -- pickled. An incremental build renders again
    only the pages whose inputs changed; the others are read back. Equal to
    :func:`render_page`.
    """

    def page(*args: Any) -> str:
        digest = hashlib.sha256(code_fingerprint())
        keyed = [("deferred", a.key) if isinstance(a, Deferred) else a for a in args]
        digest.update(pickle.dumps(keyed, protocol=pickle.HIGHEST_PROTOCOL))
        key = digest.hexdigest()
        target = folder / key[:2] / f"{key}.md"
        try:
            return target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = render_page(*args)
            store_file(target, text.encode("utf-8"))
            return text

    return page


class Progress:
    """A one-line progress bar on stderr: counts, percentage, time left.

    Silent unless stderr is a terminal and there are at least :data:`PROGRESS_MIN` items.
    """

    def __init__(self, label: str, total: int, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and total >= PROGRESS_MIN and self.stream.isatty()
        self.started = time.monotonic()
        self.shown = 0.0

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done; redraw at most five times a second."""
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self.shown >= 0.2 or self.done == self.total):
            self.shown = now
            self.stream.write(f"\r{self.line(now - self.started)}")
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """ "parse  1234/10000  12%  0:45 left"."""
        share = self.done / self.total if self.total else 1.0
        left = elapsed / share - elapsed if share > 0 else 0.0
        minutes, seconds = divmod(int(left + 0.5), 60)
        count = f"{self.done:>{len(str(self.total))}}/{self.total}"
        return f"{self.label} {count} {share:4.0%} {minutes}:{seconds:02d} left "

    def close(self) -> None:
        """End the line (only when something was shown)."""
        if self.enabled and self.shown:
            self.stream.write("\n")
            self.stream.flush()
