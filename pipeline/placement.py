"""Placement: where one document's JSON goes in a batch, and writing it there.

In: the output document, the output folder, and the names already taken in this run
(name → the input that took it). Out: the path written (``OUT/<slug>.<lang>.json``).
Holds: two inputs of one run never share an output file. The first input (in the batch's
deterministic order) keeps the contract's name; a later one with the same name fails with
:class:`~pipeline.errors.DocumentError` ``duplicate-output`` naming the first, and nothing of
it is written. A name left by an earlier run is simply replaced (re-runs are idempotent).
The write is atomic (temporary file, then rename).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.emit import output_name, write_output
from pipeline.errors import DocumentError
from pipeline.models import DocumentOutput

DUPLICATE_OUTPUT = "duplicate-output"


def place_output(out: DocumentOutput, out_dir: Path, taken: Mapping[str, str]) -> Path:
    """Write ``out`` under ``out_dir`` unless another input of this run already has its name.

    Returns ``out_dir / name`` (``out_dir`` as given, so relative stays relative).
    """
    name = output_name(out)
    first = taken.get(name)
    if first is not None:
        raise DocumentError(
            DUPLICATE_OUTPUT,
            f"{name} is already the output of {first} in this run "
            f"(same symbol and language); this input was not written",
        )
    written = write_output(out, out_dir)
    return out_dir / written.name
