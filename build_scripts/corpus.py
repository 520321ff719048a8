"""Loading the source folder: every document parsed, problems reported, none fatal.

Guarantees after :func:`load_corpus`: one :class:`~build_scripts.model.Document` per
readable source file, sorted by id; a file that is not text, or that claims a symbol (or
id) another file already has, is left out with an error naming the file(s) and what to do;
every other document is still there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .clean import NotText
from .model import Corpus, Diagnostic, Document, Severity
from .parse import parse_documents
from .sidecar import load_sidecar, sidecar_path

SOURCE_SUFFIXES = (".txt", ".md")
IGNORED_NAMES = frozenset({"readme.md"})

Loaded = tuple[list[Document], list[Diagnostic]]
"""What :func:`load_document` returns for one source (cached as is by :mod:`.pipeline`)."""
Loader = Callable[[Path, list[Path]], list[Loaded]]
"""Loads a list of sources of a folder, in order (:func:`.pipeline.parse_all` in parallel)."""


def source_files(folder: Path) -> list[Path]:
    """The source texts under ``folder`` (recursively), in a stable order."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SOURCE_SUFFIXES
        and p.name.lower() not in IGNORED_NAMES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def load_document(folder: Path, path: Path) -> Loaded:
    """Parse one source file with its sidecar; never raises for bad input.

    Returns the file's documents: none when the file cannot be read as text; else the
    document, followed by each resolution or decision a compilation prints inside it.
    """
    name = path.relative_to(folder).as_posix()
    problems: list[Diagnostic] = []
    sidecar = None
    if (side := sidecar_path(path)) is not None:
        sidecar, problems = load_sidecar(side, side.relative_to(folder).as_posix())
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [
            *problems,
            Diagnostic(name, 0, "unreadable", f"cannot read the file ({exc.strerror})", Severity.ERROR),
        ]
    if not data.strip():
        return [], [
            *problems,
            Diagnostic(
                name, 0, "empty", "the file is empty; add the document's text or remove the file", Severity.ERROR
            ),
        ]
    try:
        return parse_documents(name, data, sidecar), problems
    except NotText as exc:
        return [], [
            *problems,
            Diagnostic(
                name, 0, "not-text", f"{exc}; save the document as plain text (UTF-8) and build again", Severity.ERROR
            ),
        ]


def load_corpus(folder: Path, loader: Loader | None = None) -> Corpus:
    """Parse every source in ``folder`` (see the module docstring) with ``loader``.

    The default loader calls :func:`load_document` on each file in turn.
    """
    documents: dict[str, Document] = {}
    by_symbol: dict[str, Document] = {}
    problems: list[Diagnostic] = []
    files = source_files(folder)
    if not files:
        problems.append(
            Diagnostic(str(folder), 0, "no-sources", "no .txt or .md source files found in the folder", Severity.ERROR)
        )
    loaded = loader(folder, files) if loader is not None else [load_document(folder, path) for path in files]
    for docs, found in loaded:
        problems.extend(found)
        for index, doc in enumerate(docs):
            _admit(doc, documents, by_symbol, problems, embedded=index > 0)
    ordered = tuple(documents[k] for k in sorted(documents))
    return Corpus(ordered, tuple(problems))


def _admit(
    doc: Document,
    documents: dict[str, Document],
    by_symbol: dict[str, Document],
    problems: list[Diagnostic],
    embedded: bool,
) -> None:
    """Add ``doc`` unless its symbol or id is taken (then an error says which file has it).

    A resolution embedded in a compilation is checked like a file of its own: the same
    resolution given as its own file and inside a session report is reported.
    """
    what = f"the text {doc.meta.number} printed in it is left out" if embedded else "this file is left out"
    if doc.meta.symbol and doc.meta.symbol in by_symbol:
        first = by_symbol[doc.meta.symbol]
        problems.append(
            Diagnostic(
                doc.source,
                0,
                "duplicate-symbol",
                f"claims the symbol {doc.meta.symbol}, already claimed by {first.source}; "
                f"{what}: correct the symbol in its text or sidecar, or remove one of the two",
                Severity.ERROR,
            )
        )
        return
    if doc.id in documents:
        problems.append(
            Diagnostic(
                doc.source,
                0,
                "duplicate-id",
                f"has the page id {doc.id}, already used by {documents[doc.id].source}; {what}: rename it",
                Severity.ERROR,
            )
        )
        return
    documents[doc.id] = doc
    if doc.meta.symbol:
        by_symbol[doc.meta.symbol] = doc
