"""MkDocs hook for ``make serve`` only: regenerate ``docs/`` from ``source/`` on each rebuild.

Files are rewritten only when their content changes, so regenerating does not itself
trigger another rebuild. ``mkdocs.yml`` (the real build) does not use this hook.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from build_scripts.archive import load_archive
from build_scripts.site import generate, write_tree

log = logging.getLogger("mkdocs.hooks.archive")


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Parse ``source/`` and write the changed pages into the docs folder."""
    root = Path(config["config_file_path"]).parent
    corpus = load_archive(root / "source")
    written = write_tree(Path(config["docs_dir"]), generate(corpus))
    log.info("archive: %d documents, %d pages rewritten", len(corpus.documents), written)
