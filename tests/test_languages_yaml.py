"""The project's YAML data files read with libyaml's parser (pipeline.languages.DATA_LOADER)
give what PyYAML's pure-Python safe loader, the reference, gives."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.languages import DATA_DIR, DATA_LOADER, load_yaml_mapping


def test_every_data_file_reads_the_same_with_the_reference_loader() -> None:
    files = sorted(DATA_DIR.rglob("*.yaml"))
    assert len(files) > 40  # every concern, every language, the gazetteers
    for path in files:
        reference = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert load_yaml_mapping(path) == reference, path


def test_the_fast_parser_is_a_safe_loader() -> None:
    assert issubclass(DATA_LOADER, yaml.SafeLoader) or DATA_LOADER.__name__ == "CSafeLoader"
    try:
        yaml.load("!!python/object/apply:os.system ['true']", Loader=DATA_LOADER)
    except yaml.constructor.ConstructorError:
        return
    raise AssertionError("the loader built a Python object")


def test_a_malformed_file_is_a_config_error(tmp_path: Path) -> None:
    from pipeline.errors import ConfigError

    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n", encoding="utf-8")
    try:
        load_yaml_mapping(bad)
    except ConfigError as exc:
        assert "bad.yaml" in str(exc)
        return
    raise AssertionError("no ConfigError")
