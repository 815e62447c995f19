"""The fork server's models: imported there only
(:func:`pipeline.runs.preload.preload_in_fork_server`), it loads the spaCy pipelines named in
``DOCPIPE_PRELOAD`` at import.

In: the environment variable (JSON: ``languages``, ``models``). Out: the pipelines, cached in
:func:`pipeline.extract.entities.nlp.nlp_for` for every worker forked from this process.
Holds: nothing else imports this module; a model that fails to load here is loaded (or
reported) by the worker that needs it.
"""

from __future__ import annotations

import contextlib
import json
import os

from pipeline.runs.preload import ENV


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
