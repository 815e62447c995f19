"""Language stage: which of the six languages (or another) a document is written in.

langdetect is seeded (deterministic) and judged on the body only: it is unreliable on strings
under ~60 characters, so short blocks never vote and inherit the document's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.models import IngestedDocument, Issue, LanguageResult

DetectorFactory.seed = 0

MIN_CHARS = 60
SAMPLE_CHARS = 20_000
# langdetect's codes → ISO 639-1
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


def detect_text_language(text: str) -> tuple[str, float] | None:
    """Best language of ``text`` with its probability, or None when the text is too short or
    has no letters. Deterministic."""
    if len(text.strip()) < MIN_CHARS:
        return None
    try:
        DetectorFactory.seed = 0
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return _CODE_MAP.get(best.lang, best.lang), round(float(best.prob), 4)


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


def detect_language(doc: IngestedDocument) -> LanguageResult:
    """Detect the document's language.

    In: the ingested document (blocks and identity hints).
    Out: the language (declared by file name or sidecar if any, else detected), the detection
    and its confidence.
    Holds: a declared language that disagrees with a confident detection is kept and reported
    as issue ``language-mismatch``; no detection possible is ``language-undetected``.
    """
    sample = body_sample(line for b in doc.blocks if b.zone == "body" for line in b.lines)
    found = detect_text_language(sample)
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
