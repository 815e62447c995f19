"""docpipe.yaml: validation with errors naming the key, environment overrides, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import ConfigError
from pipeline.runs.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    path = tmp_path / "docpipe.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_committed_default_configuration_is_valid() -> None:
    settings = load_settings(ROOT / "docpipe.yaml", env={})
    assert settings.corpus == ROOT / "corpus" and settings.out == ROOT / "outputs"
    assert settings.schedule.cron == "0 2 * * *" and settings.runner.dask_address is None


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "corpus: docs\nout: json\nconcurrency: 3\n")
    settings = load_settings(path, env={})
    assert settings.corpus == tmp_path / "docs" and settings.out == tmp_path / "json"
    assert settings.concurrency == 3 and settings.incremental is True


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("corpus: docs\nconcurency: 2\n", ["concurency", "unknown key"]),
        ("corpus: docs\nschedule:\n  cron: '61 * * * *'\n", ["schedule.cron", "61 * * * *"]),
        ("corpus: docs\nschedule:\n  cron: every day\n", ["schedule.cron", "bad cron"]),
        ("corpus: docs\nschedule:\n  timezone: Mars/Olympus\n", ["schedule.timezone", "Mars"]),
        ("corpus: docs\nconcurrency: 0\n", ["concurrency"]),
        ("corpus: docs\nstages:\n  entity: false\n", ["stages.entity", "unknown key"]),
        ("corpus: docs\nrunner:\n  dask_address: localhost:8786\n", ["runner.dask_address"]),
        ("corpus: docs\nlanguages: [EN]\n", ["languages", "EN"]),
        ("corpus: nowhere\n", ["corpus", "nowhere"]),
        ("- just\n- a list\n", ["not a mapping"]),
        ("corpus: [unclosed\n", ["docpipe.yaml"]),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, words: list[str]) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_settings(path, env={})
    for word in words:
        assert word in str(exc.value)


def test_environment_overrides_the_file_and_options_override_both(tmp_path: Path) -> None:
    path = _write(tmp_path, "corpus: docs\nconcurrency: 3\nschedule:\n  cron: '0 2 * * *'\n")
    (tmp_path / "other").mkdir()
    env = {
        "DOCPIPE_CONCURRENCY": "5", "DOCPIPE_CRON": "*/5 * * * *",
        "DOCPIPE_CORPUS": str(tmp_path / "other"), "DOCPIPE_TIME_LIMIT": "0",
    }
    settings = load_settings(path, env=env)
    assert settings.concurrency == 5 and settings.schedule.cron == "*/5 * * * *"
    assert settings.corpus == tmp_path / "other" and settings.time_limit_seconds is None
    settings = load_settings(path, env=env, overrides={"concurrency": 1, "out": None})
    assert settings.concurrency == 1
    with pytest.raises(ConfigError, match="concurrency"):
        load_settings(path, env={"DOCPIPE_CONCURRENCY": "many"})


def test_config_file_from_the_environment_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(env={"DOCPIPE_CONFIG": str(tmp_path / "missing.yaml")})


def test_no_file_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}, require_corpus=False) == Settings()


def test_fingerprint_changes_with_what_changes_outputs_only() -> None:
    base = Settings()
    assert base.output_fingerprint() == Settings(concurrency=7).output_fingerprint()
    fewer = Settings.model_validate({"stages": {"entities": False}})
    assert fewer.output_fingerprint() != base.output_fingerprint()
    assert Settings(languages=["fr"]).output_fingerprint() != base.output_fingerprint()


def test_bad_configuration_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "corpus: docs\nschedule:\n  cron: '99 * * * *'\n")
    assert main(["run", "--config", str(path)]) == 2
    assert main(["serve", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "schedule.cron" in err and "configuration error" in err
    assert main(["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
