"""The pruning rule: when may a run delete the outputs of inputs that are gone?

In: how many inputs the run found in its folders, how many outputs the state records for
those folders, how many of their inputs vanished, and the configured ``prune`` mode (or the
command line's ``--prune``). Out: a :class:`PruneDecision`: prune or keep, and why.
Holds: an unmounted share, an empty or unreadable corpus folder must never wipe the outputs, so
a run that found no input at all never prunes, whatever the mode; ``never`` never prunes;
``always`` (``--prune``) prunes every vanished input's output; ``auto`` (the default) prunes
unless the vanished inputs are more than ``max_share`` of the recorded ones *and* more than
``min_count`` (a few deletions in a small corpus are ordinary). A refusal keeps the outputs and
their state entries, and the run summary and the command say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PruneMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class PruneDecision:
    prune: bool
    reason: str | None = None  # why the outputs were kept (None: pruned, or nothing to prune)


def decide(*, found: int, recorded: int, vanished: int, mode: PruneMode,
           max_share: float, min_count: int) -> PruneDecision:
    """Whether the outputs of the ``vanished`` inputs may be deleted (module docstring)."""
    if vanished == 0:
        return PruneDecision(prune=False)
    if found == 0:
        return PruneDecision(False, f"the corpus folder has no document at all (unmounted or "
                                    f"empty?): the {vanished} outputs of the inputs that are "
                                    "gone are kept")
    if mode == "never":
        return PruneDecision(False, f"{vanished} outputs of inputs that are gone are kept "
                                    "(prune: never)")
    if mode == "always":
        return PruneDecision(prune=True)
    if vanished > min_count and vanished > max_share * recorded:
        return PruneDecision(False, f"{vanished} of the {recorded} inputs of the last runs are "
                                    f"gone, more than {max_share:.0%}: their outputs are kept; "
                                    "run with --prune (or prune: always) to delete them")
    return PruneDecision(prune=True)
