"""Language stage: which of the six languages (or another) a document is written in.

langdetect is the detector, seeded (deterministic: the seed travels with the call) and judged on
a capped sample of the body only: it is unreliable on strings under ~60 characters, so short
blocks never vote and inherit the document's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from pipeline.language.profiles import load_factory
from pipeline.languages import LANGUAGES, load_lang_data
from pipeline.models import IngestedDocument, Issue, LanguageResult

MIN_CHARS = 60
SAMPLE_CHARS = 10_000  # langdetect reads no further than this
DEFAULT_SEED = 0
# langdetect's codes → ISO 639-1
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


@cache
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded once per process (its own factory, not the module-global
    one, so that no seed is shared through a class attribute), the n-gram table filled as
    n-grams are met (:mod:`pipeline.language.profiles`: the same probabilities, 0.3 s less)."""
    return load_factory()


def detect_text_language(text: str, seed: int = DEFAULT_SEED) -> tuple[str, float] | None:
    """Best language of ``text`` with its probability, by langdetect seeded with ``seed``, or
    None when the text is too short or has no letters. Deterministic for a given seed."""
    if len(text.strip()) < MIN_CHARS:
        return None
    factory = _factory()
    factory.seed = seed  # read by the detector it creates (an instance attribute here)
    detector = factory.create()
    detector.append(text[:SAMPLE_CHARS])
    try:
        best = detector.get_probabilities()
    except LangDetectException:  # no letters
        return None
    if not best:
        return None
    return _CODE_MAP.get(best[0].lang, best[0].lang), round(float(best[0].prob), 4)


def body_sample(lines: Iterable[str], limit: int = SAMPLE_CHARS) -> str:
    """The long lines of the body, up to ``limit`` characters."""
    parts: list[str] = []
    size = 0
    for line in lines:
        if len(line.strip()) < 40:
            continue
        parts.append(line.strip())
        size += len(line)
        if size >= limit:
            break
    return "\n".join(parts)


def detect_language(doc: IngestedDocument, seed: int = DEFAULT_SEED) -> LanguageResult:
    """Detect the document's language.

    In: the ingested document (blocks and identity hints).
    Out: the language (declared by file name or sidecar if any, else detected), the detection
    and its confidence.
    Holds: a declared language that disagrees with a confident detection is kept and reported
    as issue ``language-mismatch``; no detection possible is ``language-undetected``.
    """
    sample = body_sample(line for b in doc.blocks if b.zone == "body" for line in b.lines)
    found = detect_text_language(sample, seed)
    declared = doc.hints.language
    detected, confidence = found if found else (None, None)
    issues: list[Issue] = []
    if found is None:
        issues.append(Issue(code="language-undetected", severity="info",
                            message="too little body text to detect the language"))
    elif declared and detected != declared and (confidence or 0) >= 0.9:
        issues.append(Issue(
            code="language-mismatch",
            message=f"declared language {declared!r} but the body reads as {detected!r} "
            f"(p={confidence})",
        ))
    return LanguageResult(
        language=declared or detected,
        confidence=confidence,
        declared=declared,
        detected=detected,
        issues=issues,
    )


# ---------------------------------------------------------------------------- segments, quotes

SEGMENT_MIN_CONFIDENCE = 0.9
QUOTE_MIN_WORDS = 3
_SCRIPTS = {"latin": ("LATIN",), "cyrillic": ("CYRILLIC",), "arabic": ("ARABIC",),
            "han": ("CJK",)}
# «…», “…”, „…“, "…" (straight quotes), ‹…›; not ‘…’ (apostrophes)
_QUOTED = re.compile(r"«\s*([^«»]+?)\s*»|“([^“”]+?)”|„([^„“”]+?)[“”]|\"([^\"\n]+?)\"|‹([^‹›]+?)›")
_WORDS = re.compile(r"[^\W\d_]+(?:['’])?", re.UNICODE)


def script_of(lang: str | None) -> str | None:
    """The script a language is written in (``latin``, ``arabic``…: its language file's
    ``script``), or None for a language outside the six."""
    data = _language_data()
    return data[lang][0] if lang in data else None


@cache
def _language_data() -> dict[str, tuple[str, frozenset[str]]]:
    """lang → (script, function words of that language alone among its script's languages)."""
    raw = {lang: load_lang_data("language", lang) for lang in LANGUAGES}
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for lang, data in raw.items():
        words = {str(w).replace("’", "'") for w in data.get("function_words") or []}
        script = str(data.get("script", ""))
        shared: set[str] = set()
        for other, odata in raw.items():
            if other != lang and odata.get("script") == script:
                shared |= {str(w).replace("’", "'") for w in odata.get("function_words") or []}
        out[lang] = (script, frozenset(words - shared))
    return out


@cache
def _char_script(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for script, prefixes in _SCRIPTS.items():
        if name.startswith(prefixes):
            return script
    return None


def dominant_script(text: str) -> str | None:
    """The script of most letters of ``text`` (``latin``, ``cyrillic``, ``arabic``, ``han``)."""
    counts: dict[str, int] = {}
    for ch, n in Counter(text).items():
        if ch.isalpha():
            script = _char_script(ch)
            if script:
                counts[script] = counts.get(script, 0) + n
    if not counts:
        return None
    return max(sorted(counts), key=lambda s: counts[s])


def _function_word_language(text: str, default: str) -> str:
    """Language by function words of the text's script; ``default`` when not clear."""
    data = _language_data()
    script = dominant_script(text)
    candidates = [lang for lang, (s, _) in data.items() if s == script]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return default
    words = [w.lower().replace("’", "'") for w in _WORDS.findall(text)]
    scores = {lang: sum(w in data[lang][1] for w in words) for lang in candidates}
    best = max(sorted(scores), key=lambda lang: scores[lang])
    here = scores.get(default, 0)
    if best != default and scores[best] >= 2 and scores[best] >= 2 * here + 1:
        return best
    return default


def segment_language(text: str, doc_lang: str, seed: int = DEFAULT_SEED) -> str:
    """The language of one segment.

    In: the segment's text and the document's language. Out: an ISO 639-1 code.
    Holds: a segment too short to judge (under ``MIN_CHARS``) inherits ``doc_lang``; a longer
    one whose letters are in another non-Latin script than the document's gets that script's
    language (by function words when the script has several); a Latin-script one gets
    langdetect's verdict when it is one of the six languages with probability ≥ 0.9, else
    ``doc_lang``. In a Latin-script document langdetect is asked only when the segment's
    function words point to another language, so a document pays for it only where another
    language is likely.
    Deterministic.
    """
    return segment_languages([text], doc_lang, seed)[0]


def segment_languages(texts: Sequence[str], doc_lang: str, seed: int = DEFAULT_SEED
                      ) -> list[str]:
    """:func:`segment_language` of each text."""
    data = _language_data()
    doc_script = data[doc_lang][0] if doc_lang in data else None
    out = [doc_lang] * len(texts)
    for i, text in enumerate(texts):
        if len(text.strip()) < MIN_CHARS:
            continue
        script = dominant_script(text)
        if script is None:
            continue
        if script != "latin":
            if script != doc_script:
                out[i] = _function_word_language(text, doc_lang)
            continue
        candidate = _function_word_language(text, doc_lang)
        if doc_script == "latin" and candidate == doc_lang:
            continue  # nothing points away from the document's language: langdetect not asked
        best = detect_text_language(text, seed)
        if best and best[0] in data and best[1] >= SEGMENT_MIN_CONFIDENCE:
            out[i] = best[0]
    return out


def quoted_languages(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Quoted passages of ``text`` written in another language than ``lang``.

    In: a segment's text and its language. Out: ``(start, end, language)`` of each quoted
    passage (quotes excluded) judged to be in another of the six languages, in reading order.
    Holds: a passage of under ``QUOTE_MIN_WORDS`` words is not judged; a passage in another
    script is that script's language; in the same script, the language whose own function words
    clearly outnumber those of ``lang`` (an English report title inside a French text).
    """
    out: list[tuple[int, int, str]] = []
    for m in _QUOTED.finditer(text):
        group = next(i for i in range(1, (m.lastindex or 0) + 1) if m.group(i) is not None)
        start, end = m.start(group), m.end(group)
        passage = text[start:end]
        if len(_WORDS.findall(passage)) < QUOTE_MIN_WORDS and dominant_script(passage) != "han":
            continue
        found = _function_word_language(passage, lang)
        if found != lang:
            out.append((start, end, found))
    return out
