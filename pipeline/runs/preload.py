"""Models loaded once, in the fork server, before any worker starts.

Workers are started by a fork server (a clean, single-threaded process).
:func:`preload_in_fork_server` has it import the worker's modules and
:mod:`pipeline.runs.model_server`, which loads the spaCy pipelines named in ``DOCPIPE_PRELOAD``,
at start, and every worker forked from it has them already, shared page by page with its
siblings until written: a batch pays the French model's 3 s of loading once, not once per
worker. Holds: only languages a batch may need are loaded (the caller decides, from file names);
a model that fails to load here is simply loaded (or reported) by the worker that needs it;
importing this module loads nothing (a reading worker, a fresh interpreter that imports the
command line, stays without models).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

ENV = "DOCPIPE_PRELOAD"


def languages_of(paths: Iterable[Path], selected: Iterable[str] | None) -> set[str]:
    """The languages the documents at ``paths`` may be in: their file names' (UN convention,
    ``A_63_261-FR.pdf``), or every language (``selected`` ones only) when a name says none."""
    from pipeline.ingest.identity import hints_from_name
    from pipeline.languages import LANGUAGES

    allowed = set(selected) if selected is not None else set(LANGUAGES)
    found = {hints_from_name(p).language for p in paths}
    if None in found:
        return allowed & set(LANGUAGES)
    return {lang for lang in found if lang is not None} & allowed


def preload_in_fork_server(languages: Iterable[str], models: Mapping[str, str]) -> None:
    """Have the fork server (started with the first worker pool of this process) load the
    pipelines of ``languages``, with the configured ``models``."""
    os.environ[ENV] = json.dumps({"languages": sorted(set(languages)), "models": dict(models)})
    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["pipeline.runs.worker", "pipeline.runs.model_server"])
