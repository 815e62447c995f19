"""Placement: where each document's JSON goes in a batch, and writing it there.

In: results in any order (documents run in parallel), each with its index in the batch's
deterministic discovery order. Out: the path written, and which earlier placement it displaced.
Holds: two inputs of one run never share an output file, and which one gets a name does not
depend on the order in which results arrive: the input first in discovery order keeps the
contract's name (``OUT/<slug>.<lang>.json``); any other with that name fails with
:class:`~pipeline.errors.DocumentError` ``duplicate-output`` naming the first. When an earlier
input arrives after a later one took its name, the earlier one's file replaces it and the later
one is displaced (the caller records it failed). A name left by an earlier run is simply
replaced (re-runs are idempotent). Writes are atomic (temporary file, then rename) and retried on
transient I/O errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.codes import ErrorCode
from pipeline.emit import output_name, write_output
from pipeline.errors import DocumentError
from pipeline.models import DocumentOutput
from pipeline.runs.retry import with_io_retries

DUPLICATE_OUTPUT = ErrorCode.DUPLICATE_OUTPUT.value


def duplicate_error(name: str, first: str) -> DocumentError:
    return DocumentError(
        DUPLICATE_OUTPUT,
        f"{name} is already the output of {first} in this run "
        f"(same symbol and language); this input was not written",
    )


@dataclass(frozen=True)
class Claim:
    index: int
    input: str


class OutputPlacer:
    """The output names of one run: name → the input (and its index) that holds it."""

    def __init__(self, out_dir: Path, *, io_attempts: int = 3, io_delay: float = 0.5) -> None:
        self.out_dir = out_dir
        self._claims: dict[str, Claim] = {}
        self._attempts = io_attempts
        self._delay = io_delay

    def claim_existing(self, index: int, input_path: str, name: str) -> Claim | None:
        """Hold ``name`` for an input whose file is already in OUT (a skipped input).

        Returns the claim it displaced, if any; raises ``duplicate-output`` when an earlier
        input holds the name."""
        return self._claim(index, input_path, name)

    def place(self, index: int, input_path: str, out: DocumentOutput) -> tuple[Path, Claim | None]:
        """Write ``out`` unless an earlier input holds its name.

        Returns the path written (``out_dir / name``, relative when ``out_dir`` is) and the
        claim of a later input it displaced, if any."""
        name = output_name(out)
        displaced = self._claim(index, input_path, name)
        try:
            with_io_retries(
                lambda: write_output(out, self.out_dir), attempts=self._attempts,
                delay=self._delay,
            )
        except BaseException:
            del self._claims[name]
            if displaced is not None:
                self._claims[name] = displaced
            raise
        return self.out_dir / name, displaced

    def _claim(self, index: int, input_path: str, name: str) -> Claim | None:
        held = self._claims.get(name)
        if held is not None and held.index < index:
            raise duplicate_error(name, held.input)
        self._claims[name] = Claim(index, input_path)
        return held
