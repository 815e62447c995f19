"""langdetect's verdict on many texts at once, with the same results to the last bit.

langdetect (a port of Cybozu's detector) samples character n-grams of a text at random and
multiplies per-language probabilities, in seven trials, in pure Python: 55 multiplications per
sample, and a ``Detector`` whose text is rebuilt character by character per call. This module
runs the same algorithm on the same profiles with the same random stream, vectorized:

- each text is prepared as ``Detector.append`` and ``cleaning_text`` do (URLs and e-mail
  addresses blanked, Vietnamese marks folded, cut at 10,000 characters, runs of spaces
  collapsed, Latin letters dropped from a mostly non-Latin text);
- its n-grams are taken word by word (langdetect's n-gram window restarts after every space, so
  a word's n-grams do not depend on its neighbours), memoised per word;
- every detection starts from ``random.Random(DetectorFactory.seed)``: the Mersenne Twister
  words of that seed are generated once with numpy's MT19937 (same generator, same state), and
  each text's ``choice`` and ``gauss`` draws are read from them as CPython computes them;
- the texts advance together, five samples per step: their probability vectors are the rows of
  a numpy array, multiplied element by element in langdetect's order and normalized by a
  sequential sum (``np.add.accumulate``), which are the IEEE operations of langdetect's lists.

Exactness is checked at first use against ``random.Random`` and ``sum`` of this interpreter; if
either differs (another Python), langdetect itself is called. ``scripts/bench_identity.py``
compares the outputs on the test corpus and the UN Parallel Corpus sample (6,000 lines).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from langdetect import DetectorFactory, detect_langs
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

Result = tuple[str, float] | None
_Array = np.ndarray[Any, Any]

_N_TRIAL = 7
_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_ITERATION_LIMIT = Detector.ITERATION_LIMIT
_CONV_THRESHOLD = Detector.CONV_THRESHOLD
_PROB_THRESHOLD = Detector.PROB_THRESHOLD
_BASE_FREQ = Detector.BASE_FREQ
_MAX_TEXT_LENGTH = 10_000
_TWOPI = 2.0 * math.pi
_WORDS = 4096  # Mersenne Twister words read per text at first (about 1,000 are used)
_BATCH = 256  # texts advanced together (beyond, the arrays outgrow the caches)
_SPACES = re.compile(" +")
_LATIN = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z' (brackets and ^_` included)
# langdetect compares a block number with a block name there, so every character from U+0300
# counts as non-Latin
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


class _Profiles:
    """langdetect's profiles: the language list and one numpy row per n-gram met so far."""

    def __init__(self) -> None:
        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        self.langs: list[str] = list(factory.langlist)
        self.table: dict[str, list[float]] = factory.word_lang_prob_map
        self.row_ids: dict[str, int] = {}
        self.rows: list[_Array] = []
        self._matrix: _Array | None = None

    def row_id(self, gram: str) -> int:
        found = self.row_ids.get(gram)
        if found is None:
            found = self.row_ids[gram] = len(self.rows)
            self.rows.append(np.array(self.table[gram], dtype=np.float64))
            self._matrix = None
        return found

    def matrix(self) -> _Array:
        if self._matrix is None or len(self._matrix) != len(self.rows):
            self._matrix = np.stack(self.rows)
        return self._matrix


@lru_cache(maxsize=1)
def _profiles() -> _Profiles:
    return _Profiles()


class _Normalizer(dict[int, str]):
    """``str.translate`` table applying ``NGram.normalize`` to each character, filled lazily."""

    def __missing__(self, code: int) -> str:
        out: str = NGram.normalize(chr(code))
        self[code] = out
        return out


_NORMALIZE = _Normalizer()


def _prepare(text: str) -> str:
    """The text as langdetect's Detector holds it after ``append`` and ``cleaning_text``."""
    # the guards skip steps that cannot change the text: an address needs ``@``; the
    # Vietnamese marks and the non-Latin count need a character from U+0300
    text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    high = _NON_LATIN.search(text) is not None
    if high:
        text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:_MAX_TEXT_LENGTH])
    if high and len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        text = _LATIN.sub("", text)
    return text


@lru_cache(maxsize=65_536)
def _word_grams(word: str, closed: bool) -> tuple[int, ...]:
    """Row ids of the known n-grams langdetect takes from ``word`` (normalized, no space), with
    the closing ones (``"d "``, ``"rd "``) when a space follows it."""
    profiles = _profiles()
    table = profiles.table
    out: list[int] = []
    grams = " "
    capital = False
    for ch in word + " " if closed else word:
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        for n in (1, 2, 3):
            if len(grams) < n:
                break
            w = grams[-n:]
            if w != " " and w in table:
                out.append(profiles.row_id(w))
    return tuple(out)


def _ngrams(text: str) -> list[int]:
    """Row ids of the n-grams langdetect's ``_extract_ngrams`` gives, in its order."""
    words = _prepare(text).translate(_NORMALIZE).split(" ")
    out: list[int] = []
    last = len(words) - 1
    for i, word in enumerate(words):
        if word:
            out.extend(_word_grams(word, i < last))
    return out


@lru_cache(maxsize=8)
def _mt_words(seed: int, count: int) -> _Array:
    """The first ``count`` 32-bit words of ``random.Random(seed)``'s Mersenne Twister."""
    rnd = random.Random()
    rnd.seed(seed)
    _version, internal, _gauss = rnd.getstate()
    bits = np.random.MT19937()
    bits.state = {"bit_generator": "MT19937",
                  "state": {"key": np.array(internal[:-1], dtype=np.uint32),
                            "pos": internal[-1]}}
    words: _Array = bits.random_raw(count)
    words.flags.writeable = False
    return words


def _uniform(words: _Array, pos: int) -> float:
    """``random.Random.random()`` from the two words at ``pos``."""
    a = int(words[pos]) >> 5
    b = int(words[pos + 1]) >> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


def _gauss_pair(words: _Array, pos: int) -> tuple[float, float]:
    """``random.Random.gauss``'s two values from the four words at ``pos``."""
    x2pi = _uniform(words, pos) * _TWOPI
    g2rad = math.sqrt(-2.0 * math.log(1.0 - _uniform(words, pos + 2)))
    return math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad


class _OutOfWords(Exception):
    """A text needed more random words than were generated: run again with more."""


def _detect_all(grams: list[list[int]], seed: int, n_words: int) -> list[Result]:
    """langdetect's trials on every text at once (texts with n-grams only)."""
    profiles = _profiles()
    matrix = profiles.matrix()
    n_langs = len(profiles.langs)
    words = _mt_words(seed, n_words)
    count = len(grams)
    # per text: positions of the words that give a draw (``choice``'s rejection sampling), and
    # the profile row each draw picks; all texts' draws in one flat array
    accepted: list[_Array] = []
    flat: list[_Array] = []
    offsets = np.zeros(count, dtype=np.int64)
    at = 0
    for t, g in enumerate(grams):
        n = len(g)
        shifted = words >> np.uint64(32 - n.bit_length())
        ok = np.flatnonzero(shifted < n)
        accepted.append(ok)
        flat.append(np.asarray(g, dtype=np.int64)[shifted[ok].astype(np.int64)])
        offsets[t] = at
        at += len(ok)
    flat.append(np.zeros(5, dtype=np.int64))  # padding read by single-sample steps
    draws = np.concatenate(flat)
    sizes = np.array([len(a) for a in accepted], dtype=np.int64)
    nxt = np.zeros(count, dtype=np.int64)  # next draw of each text
    weight = np.zeros(count)
    trial = np.zeros(count, dtype=np.int64)
    step = np.zeros(count, dtype=np.int64)  # langdetect's ``i``
    prob = np.full((count, n_langs), 1.0 / n_langs)
    langprob = np.zeros((count, n_langs))
    gauss_next: list[float | None] = [None] * count

    def start_trial(t: int) -> None:
        z = gauss_next[t]
        gauss_next[t] = None
        if z is None:
            # the word after the text's last draw (its first trial: the stream's start)
            pos = int(accepted[t][nxt[t] - 1]) + 1 if nxt[t] else 0
            if pos + 4 > n_words:
                raise _OutOfWords
            z, gauss_next[t] = _gauss_pair(words, pos)
            nxt[t] = np.searchsorted(accepted[t], pos + 4)
        alpha = _ALPHA + (0.0 + z * 1.0) * _ALPHA_WIDTH
        weight[t] = alpha / _BASE_FREQ
        prob[t] = 1.0 / n_langs
        step[t] = 0

    for t in range(count):
        start_trial(t)
    active = np.arange(count)
    lanes = np.arange(5)
    while len(active):
        first = step[active] == 0
        need = np.where(first, 1, 5)
        if np.any(nxt[active] + need > sizes[active]):
            raise _OutOfWords
        picked = draws[(offsets[active] + nxt[active])[:, None] + lanes]
        rows = matrix[picked] + weight[active][:, None, None]
        rows[first, 1:] = 1.0  # a first step draws one sample: x * 1.0 == x exactly
        p = prob[active]
        for k in range(5):
            p *= rows[:, k]
        total = np.add.accumulate(p, axis=1)[:, -1]  # sequential, like ``sum``
        p /= total[:, None]
        prob[active] = p
        nxt[active] += need
        done = (p.max(axis=1) > _CONV_THRESHOLD) | (step[active] >= _ITERATION_LIMIT)
        step[active] += 5
        if not done.any():
            continue
        ended = active[done]
        langprob[ended] += p[done] / _N_TRIAL
        trial[ended] += 1
        for t in ended.tolist():
            if trial[t] < _N_TRIAL:
                start_trial(t)
        active = active[trial[active] < _N_TRIAL]
    out: list[Result] = []
    for probs in langprob.tolist():
        best = -1
        for j, p_j in enumerate(probs):
            if p_j > _PROB_THRESHOLD and (best < 0 or p_j > probs[best]):
                best = j
        out.append((profiles.langs[best], probs[best]) if best >= 0 else None)
    return out


def _reference(text: str) -> Result:
    """langdetect itself (the slow path)."""
    try:
        found = detect_langs(text)
    except LangDetectException:
        return None
    return (found[0].lang, found[0].prob) if found else None


@lru_cache(maxsize=1)
def _exact_here() -> bool:
    """Whether this interpreter's ``random`` and ``sum`` are what the fast path reproduces."""
    rnd = random.Random()
    rnd.seed(7)
    words = _mt_words(7, 64)
    if [rnd.getrandbits(32) for _ in range(8)] != [int(w) for w in words[:8]]:
        return False
    rnd.seed(7)
    if rnd.random() != _uniform(words, 0):
        return False
    values = np.random.default_rng(1).random((4, 55)) * np.logspace(-30, 0, 55)
    return all(sum(row.tolist()) == np.add.accumulate(row)[-1] for row in values)


def best_languages(texts: Sequence[str]) -> list[Result]:
    """langdetect's ``detect_langs(text)[0]`` of each text, as ``(code, probability)``, with
    ``DetectorFactory.seed`` (0 when unset); None where langdetect finds no feature in the text
    (or no language above its reporting threshold). Same results as langdetect, bit for bit."""
    seed = int(DetectorFactory.seed or 0)
    if not _exact_here():
        DetectorFactory.seed = seed
        return [_reference(t) for t in texts]
    out: list[Result] = [None] * len(texts)
    todo: list[int] = []
    grams: list[list[int]] = []
    for i, text in enumerate(texts):
        g = _ngrams(text)
        if g:
            todo.append(i)
            grams.append(g)
    if not todo:
        return out
    for lo in range(0, len(todo), _BATCH):
        n_words = _WORDS
        while True:
            try:
                found = _detect_all(grams[lo:lo + _BATCH], seed, n_words)
                break
            except _OutOfWords:
                n_words *= 8
        for i, result in zip(todo[lo:lo + _BATCH], found, strict=True):
            out[i] = result
    return out
