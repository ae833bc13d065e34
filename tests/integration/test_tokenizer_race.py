"""The real embedder from several threads (the app serves every browser session on its own thread): the
window pre-check and batch encoding share one fast tokenizer, whose padding settings are global to it.
Before they shared a lock, `make load` saw "Unable to create tensor" while saving a reflection; this
stress reproduced it within seconds (9 errors in 20 s on 2 cores)."""

from __future__ import annotations

import threading
import time

import pytest

from coach.nlp.embedder import SentenceTransformerEmbedder

pytestmark = pytest.mark.slow
LONG = " ".join(["internationalization"] * 200)  # over the model's window: the tokenizer is asked
SHORT = ["a short one", "a much longer sentence with many more words in it to pad against"] * 4


def test_window_check_and_encoding_from_threads_at_once(real_embedder) -> None:  # type: ignore[no-untyped-def]
    real_embedder.warm()
    errors: list[str] = []
    stop = time.monotonic() + 8

    def loop(call) -> None:  # type: ignore[no-untyped-def]
        while time.monotonic() < stop:
            try:
                call()
            except Exception as exc:  # counted, never hidden
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=loop, args=(lambda: real_embedder.window_chunks(LONG),)),
               threading.Thread(target=loop, args=(lambda: real_embedder.window_chunks(LONG),)),
               threading.Thread(target=loop, args=(lambda: real_embedder.encode(SHORT),))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_the_window_check_loads_the_model_without_deadlock(real_embedder) -> None:  # type: ignore[no-untyped-def]
    fresh = SentenceTransformerEmbedder(real_embedder._path, model_id="fresh")
    done: list[int] = []
    thread = threading.Thread(target=lambda: done.append(len(fresh.window_chunks(LONG))), daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert done and done[0] >= 2
