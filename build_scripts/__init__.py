"""Build scripts of the UN resolutions archive.

Stages, one direction: :mod:`.clean` -> :mod:`.blocks` / :mod:`.parse` (typed
:mod:`.model`) -> :mod:`.corpus` (link) -> :mod:`.render` -> :mod:`.site` (MkDocs).
"""
