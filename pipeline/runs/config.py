"""Configuration of a batch and of the service: ``docpipe.yaml``.

In: a YAML file (``yaml.safe_load`` only; default ``docpipe.yaml`` in the current folder, or the
path in ``--config`` / ``DOCPIPE_CONFIG``), the environment (``DOCPIPE_*`` variables) and the
command line's options. Out: a validated :class:`Settings`.
Holds: precedence is command line > environment > file > defaults; unknown keys, bad values, a
bad cron expression, an unknown time zone and a missing corpus folder raise
:class:`~pipeline.errors.ConfigError` with a message that names the key; relative paths in the
file are relative to the file's folder (paths from the environment or the command line are
relative to the current folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline import __version__
from pipeline.errors import ConfigError
from pipeline.ingest.limits import Limits
from pipeline.languages import LANGUAGES, load_yaml_mapping
from pipeline.models import MENTION_KINDS, SCHEMA_VERSION

if TYPE_CHECKING:  # the stages are imported when options are built, not with the settings
    from pipeline.stages import StageOptions

DEFAULT_CONFIG = Path("docpipe.yaml")
CONFIG_ENV = "DOCPIPE_CONFIG"

# environment variable → dotted key of the configuration
ENV_KEYS: dict[str, str] = {
    "DOCPIPE_CORPUS": "corpus",
    "DOCPIPE_OUT": "out",
    "DOCPIPE_CONCURRENCY": "concurrency",
    "DOCPIPE_TIME_LIMIT": "time_limit_seconds",
    "DOCPIPE_INCREMENTAL": "incremental",
    "DOCPIPE_CRON": "schedule.cron",
    "DOCPIPE_TIMEZONE": "schedule.timezone",
    "DOCPIPE_DASK_ADDRESS": "runner.dask_address",
    "DOCPIPE_ALLOW_EMPTY": "allow_empty",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Schedule(_Strict):
    """When ``docpipe serve`` runs the batch."""

    cron: str = "0 2 * * *"
    timezone: str = "UTC"

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        from cronsim import CronSim, CronSimError

        try:
            CronSim(value, datetime(2000, 1, 1))
        except CronSimError as exc:
            raise ValueError(f"bad cron expression {value!r}: {exc}") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class Runner(_Strict):
    """Where the Prefect flow runs its document tasks."""

    dask_address: str | None = Field(
        default=None, description="tcp://HOST:PORT of an existing Dask scheduler; null: local"
    )
    stage_tasks: bool = Field(
        default=True,
        description="one Prefect task run per stage of each document (the UI shows which stage "
        "failed and how long each took); false: one task run per document, for batches of "
        "many thousands of small documents (a third of the flow process's CPU time)",
    )

    @field_validator("dask_address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ValueError(f"{value!r} is not a Dask scheduler address (tcp://HOST:PORT)")
        return value


class Stages(_Strict):
    """Which kinds of mentions the output keeps (a kind switched off is an empty list)."""

    symbols: bool = True
    references: bool = True
    dates: bool = True
    entities: bool = True


class Prune(_Strict):
    """When a run may delete the outputs of inputs that are gone (pipeline.runs.prune)."""

    mode: Literal["auto", "always", "never"] = "auto"
    max_share: float = Field(default=0.25, ge=0, le=1)
    min_count: int = Field(default=5, ge=0)


class Retries(_Strict):
    """Retries of file reads and writes (I/O errors only; parsing is never retried)."""

    attempts: int = Field(default=3, ge=1, le=10)
    delay_seconds: float = Field(default=0.5, ge=0, le=60)


class LimitsConfig(_Strict):
    """Resource limits per document (see :class:`pipeline.ingest.limits.Limits`): beyond them the
    document fails with ``too-large`` or ``too-many-pages`` instead of exhausting memory."""

    max_bytes: int = Field(default=Limits.max_bytes, ge=1)
    max_pages: int = Field(default=Limits.max_pages, ge=1)
    max_chars: int = Field(default=Limits.max_chars, ge=1)

    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes, max_pages=self.max_pages,
                      max_chars=self.max_chars)


class Serve(_Strict):
    """``docpipe serve``: the deployment's name and the local Prefect server it may start."""

    name: str = Field(default="docpipe-scheduled", min_length=1)
    port: int = Field(default=4200, ge=1024, le=65535)
    home: Path = Path(".docpipe")


class Settings(_Strict):
    """Everything a batch and the service need; see ``docpipe.yaml`` for each key."""

    corpus: Path = Path("corpus")
    out: Path = Path("outputs")
    patterns: list[str] = Field(default_factory=lambda: ["*.txt", "*.pdf"], min_length=1)
    links: Literal["inside", "anywhere"] = Field(
        default="inside", description="symbolic links followed: only to targets inside the "
        "corpus folder, or anywhere")
    languages: list[str] | None = Field(
        default=None, description="languages to process (`ar en es fr ru zh`, or `und` for "
        "documents whose language is unknown); null: all"
    )
    models: dict[str, str] = Field(
        default_factory=dict,
        description="statistical spaCy models by language (`ru: ru_core_news_md`), installed "
        "in the environment; they replace the model of pipeline/data/entities/<lang>.yaml",
    )
    preload_models: bool = False
    stages: Stages = Stages()
    concurrency: int = Field(default=2, ge=1, le=64)
    memory_per_worker_mb: int | None = Field(
        default=2048, ge=256, description="memory limit of each worker process (MiB); fewer "
        "workers start when the machine has not that much available for each; null: no limit")
    time_limit_seconds: float | None = Field(
        default=600, ge=0, description="seconds per document; 0 or null: no limit"
    )
    incremental: bool = True
    prune: Prune = Prune()
    allow_empty: bool = Field(
        default=False, description="a run that matched no file, or skipped every document for "
        "its language, exits 0 instead of 3")
    retries: Retries = Retries()
    limits: LimitsConfig = LimitsConfig()
    schedule: Schedule = Schedule()
    runner: Runner = Runner()
    serve: Serve = Serve()

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        for lang in value:
            _check_language(lang, allow_und=True)
        return sorted(set(value))

    @field_validator("time_limit_seconds")
    @classmethod
    def _no_limit(cls, value: float | None) -> float | None:
        return value or None

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if not pattern or "/" in pattern or os.sep in pattern:
                raise ValueError(f"{pattern!r}: a pattern matches file names, not paths")
        return value

    @field_validator("models")
    @classmethod
    def _models(cls, value: dict[str, str]) -> dict[str, str]:
        import importlib.util

        for lang, name in value.items():
            _check_language(lang, allow_und=False)
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or \
                    importlib.util.find_spec(name) is None:
                raise ValueError(f"spaCy model {name!r} for {lang} is not installed "
                                 f"(install its package into .venv first)")
        return value

    def output_fingerprint(self) -> str:
        """sha256 of what changes the outputs: the pipeline's and the schema's versions, its code
        and language data, the stage switches and the languages selected."""
        digest = hashlib.sha256()
        digest.update(f"{__version__}\0{SCHEMA_VERSION}\0".encode())
        digest.update(_package_digest().encode())
        digest.update(
            json.dumps(
                {"stages": self.stages.model_dump(), "languages": self.languages,
                 "models": self.models},
                sort_keys=True,
            ).encode()
        )
        return digest.hexdigest()


def _check_language(lang: object, *, allow_und: bool) -> None:
    """A language the pipeline reads: one of the six (``und`` too where it selects documents
    whose language is unknown); anything else would silently match no document."""
    allowed = (*LANGUAGES, *(("und",) if allow_und else ()))
    if lang not in allowed:
        hint = ""
        if isinstance(lang, str) and lang.lower() in allowed:
            hint = f" (write {lang.lower()!r})"
        elif isinstance(lang, str) and lang.lower() in _ISO_639_2:
            hint = f" (the ISO 639-1 code is {_ISO_639_2[lang.lower()]!r})"
        raise ValueError(f"{lang!r} is not one of the languages docpipe reads: "
                         f"{', '.join(allowed)}{hint}")


# three-letter codes people write for the six languages (ISO 639-2/3 and common mistakes)
_ISO_639_2 = {"ara": "ar", "eng": "en", "spa": "es", "esp": "es", "fra": "fr", "fre": "fr",
              "rus": "ru", "zho": "zh", "chi": "zh", "cmn": "zh"}


def _package_digest() -> str:
    """sha256 of the pipeline's code and data files: a changed rule re-processes documents even
    when nobody bumped the version."""
    root = Path(__file__).parents[1]  # the pipeline package
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.yaml")]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _set_dotted(data: dict[str, Any], key: str, value: object) -> None:
    head, _, rest = key.partition(".")
    if rest:
        inner = data.get(head)
        if not isinstance(inner, dict):
            inner = {}
        data[head] = inner
        _set_dotted(inner, rest, value)
    else:
        data[head] = value


def _origin_of(key: str, sources: Mapping[str, str]) -> str:
    """Where the value of ``key`` (or of the section holding it) came from."""
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        found = sources.get(".".join(parts[:n]))
        if found is not None:
            return found
    return next((o for k, o in sources.items() if k.startswith(key + ".")), "default")


def _describe(exc: ValidationError, sources: Mapping[str, str]) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"{_origin_of(key, sources)}: {key}: {msg}")
    return "\n".join(lines)


def _resolve_file_paths(data: dict[str, Any], base: Path) -> None:
    for key in ("corpus", "out"):
        if isinstance(data.get(key), str):
            data[key] = str(base / data[key])
    serve = data.get("serve")
    if isinstance(serve, dict) and isinstance(serve.get("home"), str):
        serve["home"] = str(base / serve["home"])


def config_path(explicit: Path | None, env: Mapping[str, str]) -> tuple[Path, bool]:
    """The configuration file to read and whether it was asked for (then it must exist)."""
    if explicit is not None:
        return explicit, True
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]), True
    return DEFAULT_CONFIG, False


def setting_keys(model: type[BaseModel] = Settings, prefix: str = "") -> list[str]:
    """The dotted keys of the configuration's values (``schedule.cron``), in the model's order."""
    keys: list[str] = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            keys += setting_keys(kind, f"{prefix}{name}.")
        else:
            keys.append(prefix + name)
    return keys


def _has_dotted(data: Mapping[str, Any], key: str) -> bool:
    head, _, rest = key.partition(".")
    if head not in data:
        return False
    inner = data[head]
    return not rest or (isinstance(inner, Mapping) and _has_dotted(inner, rest))


def _value_at(settings: BaseModel, key: str) -> Any:
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    return value


@dataclass(frozen=True)
class ResolvedSettings:
    """The effective configuration and where each value came from: ``sources`` maps a dotted
    key to ``default``, ``FILE`` (the configuration file's path), ``VAR=value`` (an
    environment variable) or ``--option`` (the command line)."""

    settings: Settings
    sources: dict[str, str]
    file: Path | None

    def values(self) -> list[tuple[str, Any, str]]:
        """``(dotted key, effective value, source)`` of every key, in the model's order."""
        return [(key, _value_at(self.settings, key), self.sources.get(key, "default"))
                for key in setting_keys()]


def resolve_settings(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
    option_names: Mapping[str, str] | None = None,
    require_corpus: bool = True,
) -> ResolvedSettings:
    """Read the configuration file (if any), apply the environment and ``overrides`` (dotted
    keys, ``None`` values ignored; ``option_names`` says which command-line option gave each),
    validate, and record where each value came from.

    Raises :class:`ConfigError` for anything invalid, naming the key and where its value came
    from (the file, the environment variable, the option), and when ``require_corpus`` and the
    corpus folder does not exist.
    """
    environ = os.environ if env is None else env
    file, required = config_path(path, environ)
    data: dict[str, Any] = {}
    sources: dict[str, str] = {}
    read: Path | None = None
    if file.is_file():
        data = load_yaml_mapping(file)
        _resolve_file_paths(data, file.parent)
        read = file
        sources.update({key: str(file) for key in data})  # unknown keys too, for errors
        sources.update({key: str(file) for key in setting_keys() if _has_dotted(data, key)})
    elif required:
        origin = f"{CONFIG_ENV}={file}" if path is None else str(file)
        raise ConfigError(f"{origin}: configuration file not found")
    for var, key in ENV_KEYS.items():
        if environ.get(var, "") != "":
            _set_dotted(data, key, environ[var])
            sources[key] = f"{var}={environ[var]}"
    for key, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(data, key, value)
            sources[key] = (option_names or {}).get(key, "command line")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, sources)) from None
    if require_corpus and not settings.corpus.exists():
        raise ConfigError(f"{_origin_of('corpus', sources)}: corpus: no such file or folder: "
                          f"{settings.corpus}")
    return ResolvedSettings(settings, sources, read)


def load_settings(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
    require_corpus: bool = True,
) -> Settings:
    """The effective configuration (:func:`resolve_settings` without the sources)."""
    return resolve_settings(path, env=env, overrides=overrides,
                            require_corpus=require_corpus).settings


def mention_kinds(settings: Settings) -> tuple[str, ...]:
    """The mention kinds switched on, in output order."""
    return tuple(k for k in MENTION_KINDS if getattr(settings.stages, k))


def stage_options(settings: Settings) -> StageOptions:
    """What the stages need of the configuration: it travels with every call."""
    from pipeline.stages import StageOptions

    return StageOptions(
        kinds=mention_kinds(settings),
        limits=settings.limits.limits(),
        models=dict(settings.models),
        languages=tuple(settings.languages) if settings.languages is not None else None,
        io_attempts=settings.retries.attempts,
        io_delay=settings.retries.delay_seconds,
    )


RunnerKind = Literal["process", "dask"]


def runner_kind(settings: Settings) -> RunnerKind:
    return "dask" if settings.runner.dask_address else "process"
