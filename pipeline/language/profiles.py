"""langdetect's language profiles, with the n-gram table filled as a detector meets n-grams.

langdetect's ``DetectorFactory.load_profile`` builds, for each of the 87,598 n-grams of its 55
profiles, the list of its probability in every language: 0.3-0.45 s of one core in each process
that detects a language (a batch's reading worker and model worker each pay it), for the few
thousand n-grams a document's sample meets. Here the profiles are parsed as langdetect parses
them (0.09 s), and an n-gram's probabilities are computed the first time a detector asks for
them, by ``add_profile``'s formula (the n-gram's count over the profile's number of n-grams of
that length, 0 where the profile lacks it) and kept. The table is a ``dict`` as langdetect's is:
its ``Detector`` looks n-grams up in it (``in``, ``[]``) and reads the lists as its own.

In: langdetect's profile directory. Out: a ``DetectorFactory`` with its language list and
n-gram table set (:func:`load_factory`). Holds: the languages in ``load_profile``'s order
(``os.listdir``'s, dot files and directories skipped) and, for every n-gram, the probabilities
``load_profile`` gives: ``tests/test_language_profiles.py`` compares them all, and the
detections of the UNPC sentences, with langdetect's own factory.
"""

from __future__ import annotations

import json
import os

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

_MAX_GRAM = 3  # langdetect's profiles count n-grams of 1 to 3 characters

Profile = tuple[dict[str, int], list[int]]  # n-gram counts, number of n-grams per length


class NgramTable(dict[str, list[float]]):
    """n-gram → its probability in each profile's language, computed when first looked up."""

    def __init__(self, profiles: list[Profile]) -> None:
        super().__init__()
        self._profiles = profiles
        self._grams: frozenset[str] = frozenset().union(*(counts for counts, _ in profiles))

    def __contains__(self, gram: object) -> bool:
        return gram in self._grams

    def __missing__(self, gram: str) -> list[float]:
        if gram not in self._grams:
            raise KeyError(gram)
        length = len(gram)
        probs = [counts[gram] / totals[length - 1]
                 if 1 <= length <= _MAX_GRAM and gram in counts else 0.0
                 for counts, totals in self._profiles]
        self[gram] = probs
        return probs


def load_factory(directory: str = PROFILES_DIRECTORY) -> DetectorFactory:
    """A langdetect factory with the profiles of ``directory`` (see the module docstring)."""
    names: list[str] = []
    profiles: list[Profile] = []
    for filename in os.listdir(directory):
        path = os.path.join(directory, filename)
        if filename.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        names.append(str(data["name"]))
        profiles.append((dict(data["freq"]), [int(n) for n in data["n_words"]]))
    factory = DetectorFactory()
    factory.langlist = names
    factory.word_lang_prob_map = NgramTable(profiles)
    return factory
