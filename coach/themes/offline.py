"""Keep Presidio's helpers off the network: tldextract uses its bundled public-suffix snapshot.

Presidio's e-mail (and URL) validation calls ``tldextract.extract``, which by default fetches the
public suffix list from the internet on first use and caches it on disk. We replace the module's
extractor with one that has no URLs and no disk cache, so it reads the snapshot shipped inside the
tldextract package and never opens a socket.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_done = False


def force_bundled_suffix_list() -> None:
    """Idempotent: point ``tldextract.extract`` at an offline extractor (bundled snapshot only)."""
    global _done
    with _lock:
        if _done:
            return
        import tldextract
        import tldextract.tldextract as impl

        offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
        impl.TLD_EXTRACTOR = offline  # ``tldextract.extract`` looks this global up at call time
        _done = True
