"""Is it English? Judged on the prose: code, URLs, paths, stack traces and log lines set aside."""

from __future__ import annotations

import pytest

from coach.feedback.language import looks_english, prose


@pytest.mark.parametrize(("text", "english"), [
    ("Your fix in `PaymentRetryService.retryAfter()` still throws java.lang.NullPointerException at "
     "com.acme.pay.Retry.run(Retry.java:42). Please add a null check before merging.", True),
    ("The deploy failed again:\n2026-11-30 14:02:11 ERROR [worker-3] connection refused to "
     "db.internal:5432\nCan you look at the pool settings before Friday?", True),
    ("See https://wiki.example.org/x/y and max_pool_size in /etc/app/config.yaml; you set it to 500.", True),
    ("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nValueError: bad\n"
     "Nice catch on this one, thanks for adding the test.", True),
    ("Look at this:\n```\nde la que y en el para con\n```\nthanks, it reads well now.", True),
    ("Great job!", True),
    ("12345 🎉", True),
    ("Muy buen trabajo en la presentación, pero la próxima vez envía el informe antes.", False),
    ("Tu as fait un très bon travail sur le rapport, mais il faut être plus rapide.", False),
    ("レポートはとても良かったです", False),
    # code-switching: judged clause by clause, English if English clauses hold half the words
    ("El proceso de reembolso es horrible, the refund process makes customers call three "
     "departments for one refund.", True),
    ("El proceso de reembolso es horrible y los clientes tienen que llamar a tres departamentos, "
     "sorry for that.", False),
])
def test_looks_english(text: str, english: bool) -> None:
    assert looks_english(text) is english


def test_prose_keeps_the_sentences_around_a_log_line() -> None:
    text = "It failed:\n2026-11-30 14:02:11 ERROR boom\nPlease retry."
    assert prose(text).split() == ["It", "failed:", "Please", "retry."]
