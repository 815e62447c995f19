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
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline import __version__
from pipeline.errors import ConfigError
from pipeline.ingest.limits import Limits
from pipeline.languages import load_yaml_mapping
from pipeline.models import MENTION_KINDS, SCHEMA_VERSION
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
        default=None, description="languages to process (ISO 639-1, `und`); null: all"
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
            if not (2 <= len(lang) <= 3 and lang.isascii() and lang.isalpha() and lang.islower()):
                raise ValueError(f"{lang!r} is not an ISO 639-1 code (or `und`)")
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
            if not re.fullmatch(r"[a-z]{2,3}", lang):
                raise ValueError(f"{lang!r} is not an ISO 639-1 language code")
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


def _describe(exc: ValidationError, origin: str) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"{origin}: {key}: {msg}")
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


def load_settings(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
    require_corpus: bool = True,
) -> Settings:
    """Read the configuration file (if any), apply the environment and ``overrides`` (dotted
    keys, ``None`` values ignored), validate.

    Raises :class:`ConfigError` naming the file and key for anything invalid, and when
    ``require_corpus`` and the corpus folder does not exist.
    """
    environ = os.environ if env is None else env
    file, required = config_path(path, environ)
    data: dict[str, Any] = {}
    origin = str(file)
    if file.is_file():
        data = load_yaml_mapping(file)
        _resolve_file_paths(data, file.parent)
    elif required:
        raise ConfigError(f"{file}: configuration file not found")
    else:
        origin = "configuration"
    for var, key in ENV_KEYS.items():
        if environ.get(var, "") != "":
            _set_dotted(data, key, environ[var])
    for key, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(data, key, value)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None
    if require_corpus and not settings.corpus.exists():
        raise ConfigError(f"{origin}: corpus: no such file or folder: {settings.corpus}")
    return settings


def mention_kinds(settings: Settings) -> tuple[str, ...]:
    """The mention kinds switched on, in output order."""
    return tuple(k for k in MENTION_KINDS if getattr(settings.stages, k))


def stage_options(settings: Settings) -> StageOptions:
    """What the stages need of the configuration: it travels with every call."""
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
