"""Import Presidio without its optional Hugging Face recognizer, which we never use.

``presidio_analyzer`` imports ``transformers.pipeline`` when it is imported, for an optional
Hugging Face NER recognizer; loading transformers' pipelines (image and audio processors included)
costs seconds of CPU on every themes run, more than the rest of Presidio. Our NLP engine is the
spaCy pipeline, configured explicitly, so while Presidio's modules load, ``transformers.pipelines``
resolves to nothing: Presidio's own ``try: ... except ImportError`` guard then records the optional
recognizer as unavailable. The name is restored right after; nothing else in coach imports it.
"""

from __future__ import annotations

import sys
import threading

_BLOCKED = "transformers.pipelines"
_lock = threading.Lock()


def load_presidio() -> None:
    """Idempotent: import ``presidio_analyzer`` (and its recognizers) without transformers' pipelines."""
    if "presidio_analyzer" in sys.modules:
        return
    with _lock:
        if "presidio_analyzer" in sys.modules:
            return
        had = _BLOCKED in sys.modules
        saved = sys.modules.get(_BLOCKED)
        if not had:
            sys.modules[_BLOCKED] = None  # type: ignore[assignment]  # import raises ImportError
        try:
            import presidio_analyzer
            import presidio_analyzer.predefined_recognizers  # noqa: F401
        finally:
            if not had and sys.modules.get(_BLOCKED, saved) is None:
                del sys.modules[_BLOCKED]
