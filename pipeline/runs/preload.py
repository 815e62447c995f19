"""Models loaded once, in the fork server, before any worker starts.

Workers are started by a fork server (a clean, single-threaded process). When this module is in
its preload list (:func:`preload_in_fork_server`), the fork server loads the spaCy pipelines
named in ``DOCPIPE_PRELOAD`` at start, and every worker forked from it has them already, shared
page by page with its siblings until written: a batch pays the French model's 2–3 s of loading
once, not once per worker. Holds: only languages a batch may need are loaded (the caller
decides, from file names); a model that fails to load here is simply loaded (or reported) by
the worker that needs it.
"""

from __future__ import annotations

import contextlib
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
        ["pipeline.runs.preload"])


def _load_from_environment() -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    from pipeline.extract.entities.nlp import needs_spacy, nlp_for

    with contextlib.suppress(Exception):
        wanted = json.loads(spec)
        models: dict[str, str] = dict(wanted.get("models") or {})
        for lang in wanted.get("languages") or []:
            if needs_spacy(lang, models.get(lang)):
                nlp_for(lang, models.get(lang))


_load_from_environment()
