"""One spaCy pipeline per language, built once per process and reused.

What each language runs is configured in ``pipeline/data/entities/<lang>.yaml``: ``model`` names
an installed statistical pipeline (only ``model_components`` are loaded, e.g. ``[ner]``), else
``spacy.blank(lang)`` with the ``tokenizer`` config (Chinese: the jieba segmenter). A language
with neither a model nor ``token_boundaries`` needs no spaCy run at all (its gazetteer matches on
characters), and :func:`needs_spacy` says so.
"""

from __future__ import annotations

import gc
import importlib
import logging
from contextlib import AbstractContextManager
from functools import cache
from typing import TYPE_CHECKING, Any

from threadpoolctl import ThreadpoolController

from pipeline.errors import ConfigError
from pipeline.extract.entities.gazetteer import gazetteer_names
from pipeline.extract.entities.grouped_patterns import grouping_long_alternations
from pipeline.languages import load_lang_data
from pipeline.runs.user_cache import cache_dir

if TYPE_CHECKING:
    from spacy.language import Language


# Labels of spaCy's statistical models → the output's, for a model named in the configuration
# whose language file maps none.
DEFAULT_MODEL_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE",
                        "MISC": "MISC"}


def entity_config(lang: str, model: str | None = None) -> dict[str, Any]:
    """The entity configuration of ``lang`` (``pipeline/data/entities/<lang>.yaml``); with
    ``model`` (the statistical model the run's configuration names for ``lang``: ``models`` of
    ``docpipe.yaml``), that model replaces the language file's."""
    conf = load_lang_data("entities", lang)
    if model and model != conf.get("model"):
        conf = {**conf, "model": model, "model_components": ["ner"],
                "model_labels": conf.get("model_labels") or DEFAULT_MODEL_LABELS}
    return conf


def needs_spacy(lang: str, model: str | None = None) -> bool:
    conf = entity_config(lang, model)
    return bool(conf.get("model")) or bool(conf.get("token_boundaries"))


def one_blas_thread() -> AbstractContextManager[object]:
    """While inside: the BLAS library (numpy's OpenBLAS) runs on one thread. For running a
    statistical model: its matrices are small, and OpenBLAS's default, a thread per core, made
    the French NER of one document use 1.5-3 times the CPU (1.5-3.0 s against 0.98, up to twice
    the time alone) and took the core of the worker beside it. The limit is put back on the way
    out."""
    limit: AbstractContextManager[object] = _blas().limit(limits=1, user_api="blas")
    return limit


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # the native libraries loaded now (spaCy's numpy with them)


def _load_model(name: str, components: list[str]) -> Language:
    import spacy  # imported on first use: importing the pipeline stays light

    try:
        path = spacy.util.get_package_path(name)
        # an installed model package keeps its data in <package>/<name>-<version>/
        configs = sorted(path.glob("config.cfg")) + sorted(path.glob("*/config.cfg"))
        pipeline = spacy.util.load_config(configs[0])["nlp"]["pipeline"]
    except (OSError, KeyError, IndexError, ModuleNotFoundError) as exc:
        raise ConfigError(f"spaCy model {name!r} named in the entity configuration is not "
                          f"installed: {exc}") from exc
    exclude = [c for c in pipeline if c not in components]
    from thinc.api import use_ops

    try:
        # the model's layers do their matrix products with numpy's BLAS instead of blis: the
        # NER runs ~2.5× faster here (blis's kernels are generic; numpy's OpenBLAS uses AVX2 /
        # AVX-512) with the same entities on the dev corpus (the golden outputs)
        # spaCy's French data compiles a 1.45-million-character pattern, 2.2 s of a small
        # batch's time: it is compiled with its shared tails written once (same matches)
        with use_ops("numpy", use_blis=False), grouping_long_alternations():
            return spacy.load(name, exclude=exclude)
    except OSError as exc:
        raise ConfigError(f"spaCy model {name!r} cannot be loaded: {exc}") from exc


def _prepare_jieba() -> None:
    jieba = importlib.import_module("jieba")
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its import sets it to DEBUG
    folder = cache_dir()
    if folder is not None:
        # its dictionary cache (≈0.5 s to rebuild) in ours, not in the shared temporary folder
        jieba.dt.tmp_dir = str(folder)


class ModelsNotHere(RuntimeError):
    """A spaCy pipeline was asked for in a process that loads none (:func:`forbid_models`)."""


_FORBIDDEN: list[bool] = [False]


def forbid_models() -> None:
    """This process (a batch's reading worker) never loads a spaCy pipeline: from now on
    :func:`nlp_for` raises :class:`ModelsNotHere` (the document goes to a model worker)."""
    _FORBIDDEN[0] = True


def nlp_for(lang: str, model: str | None = None) -> Language:
    """The spaCy pipeline of ``lang`` (with ``model`` as in :func:`entity_config`): the model
    with only the components needed, or a blank pipeline with the configured tokenizer. Built
    once per process (per language and model); raises :class:`ModelsNotHere` in a process that
    loads none."""
    if _FORBIDDEN[0]:
        raise ModelsNotHere(f"no spaCy pipeline ({lang}) is loaded in this process")
    return _nlp(lang, entity_config(lang, model).get("model"))


@cache
def _nlp(lang: str, model: str | None) -> Language:
    nlp = _build(lang, model)
    # the pipeline lives as long as the process: its ~300,000 objects are taken out of the
    # garbage collector's sight, so that every later full collection does not walk them again
    # (with the French model loaded, that walk cost ~0.15 s per collection, 8 per PDF batch)
    gc.collect()
    gc.freeze()
    return nlp


def _build(lang: str, model: str | None) -> Language:
    conf = entity_config(lang, model)
    if model:
        return _load_model(str(model), [str(c) for c in conf.get("model_components") or ["ner"]])
    import spacy

    tokenizer = conf.get("tokenizer") or {}
    try:
        if "jieba" in str(tokenizer):
            _prepare_jieba()
        nlp = spacy.blank(lang, config=tokenizer)
    except (ImportError, ValueError, KeyError) as exc:
        raise ConfigError(f"spacy.blank({lang!r}) with {tokenizer}: {exc}") from exc
    segmenter = getattr(nlp.tokenizer, "jieba_seg", None)
    if segmenter is not None:
        # a tokenizer that does not cut names: jieba learns the gazetteer's names as words
        for rec in gazetteer_names(lang):
            segmenter.add_word(rec.name)
    return nlp
