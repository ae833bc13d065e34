"""The Presidio anonymizer on our spaCy pipeline: roster forms, patterns, typed placeholders, offline."""

from __future__ import annotations

import socket

import pytest

from coach.themes import Anonymizer, Roster, RosterEntry
from coach.themes.roster import Roster as RosterType

pytestmark = pytest.mark.slow

ROSTER = Roster.of([RosterEntry("María González", "maria_g", "maria@example.org"),
                    RosterEntry("Will Turner", "@wturner", "will.t@example.com")])


@pytest.fixture(scope="module")
def anonymizer() -> Anonymizer:
    from coach.nlp import get_nlp

    return Anonymizer(get_nlp(), ROSTER)


@pytest.mark.parametrize("text, gone, placeholder", [
    ("I asked maria-gonzalez for help.", "maria-gonzalez", "<PERSON>"),
    ("Then maria said it was fine.", "maria", "<PERSON>"),
    ("Maria Gonzalez was late.", "Gonzalez", "<PERSON>"),
    ("Ping maria_g on chat.", "maria_g", "<HANDLE>"),
    ("Ask @wturner or @lina_dev on Slack.", "@lina_dev", "<HANDLE>"),
    ("Mail me at kofi.mensah88@gmail.com today.", "kofi.mensah88", "<EMAIL_ADDRESS>"),
    ("Call +44 20 7946 0958 after six.", "7946", "<PHONE_NUMBER>"),
    ("Or 0049-30-1234567 at the office.", "1234567", "<PHONE_NUMBER>"),
    ("The deck is at https://docs.example.com/d/1x.", "docs.example.com", "<URL>"),
    ("My old manager Torsten from Globex said the same.", "Globex", "<"),
    ("It happened at the Rotterdam office.", "Rotterdam", "<"),
])
def test_details_are_replaced(anonymizer: Anonymizer, text: str, gone: str, placeholder: str) -> None:
    out = anonymizer.anonymize(text)
    assert gone not in out and placeholder in out, out


def test_common_words_that_are_first_names_stay_lower_case(anonymizer: Anonymizer) -> None:
    out = anonymizer.anonymize("I will improve and Will agreed.")
    assert out.startswith("I will improve") and "Will" not in out


def test_roster_forms_include_lower_case_hyphenated_and_first_names() -> None:
    terms = RosterType.of([RosterEntry("María José Pérez", "mjp", "")]).name_terms()
    for form in ("María José Pérez", "maria-jose-perez", "maría josé pérez", "Pérez", "perez", "José"):
        assert form in terms
    assert terms == sorted(terms, key=lambda t: (-len(t), t))  # longest first for the regex


def test_no_socket_is_opened(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """tldextract (used by Presidio's e-mail check) must read its bundled snapshot, not the web."""
    from coach.nlp import get_nlp

    opened: list[object] = []

    def refuse(self, address):  # type: ignore[no-untyped-def]
        opened.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, a))
    import tldextract

    # The guard sees a network attempt: tldextract's default extractor with an empty cache tries one.
    tldextract.TLDExtract(cache_dir=str(tmp_path))("a.b.co.uk")
    assert opened, "the socket guard must catch tldextract's download"
    opened.clear()
    fresh = Anonymizer(get_nlp(), ROSTER)
    out = fresh.anonymize("Write to someone.new@company.co.uk or see https://intranet.example.com/x.")
    assert tldextract.extract("a.b.co.uk").suffix == "co.uk"
    assert "<EMAIL_ADDRESS>" in out and opened == []


def test_presidio_loads_without_transformers_pipelines() -> None:
    """Presidio's optional Hugging Face recognizer is left out at import; the name is restored."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from coach.themes.presidio_import import load_presidio\n"
            "load_presidio()\n"
            "from presidio_analyzer.predefined_recognizers.ner import huggingface_ner_recognizer as h\n"
            "print(h.hf_pipeline is None, 'transformers.pipelines' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"], done.stderr


@pytest.mark.parametrize("text", [
    "Maria from Globex met Torsten in Rotterdam on Friday.",
    "I asked Kofi at the Nairobi office about the Q3 report.",
    "we talked w/ Priya & Ahmed abt the handover to the Lagos team",
])
def test_engine_without_parser_finds_what_the_full_pipeline_finds(text: str) -> None:
    from coach.nlp import get_nlp
    from coach.themes.presidio_engine import PreloadedSpacyEngine

    nlp = get_nlp()
    engine = PreloadedSpacyEngine(nlp)
    engine.load()
    fast = engine.process_text(text, "en")
    full = engine._doc_to_nlp_artifact(nlp(text), "en")
    assert [(e.text, e.label_) for e in fast.entities] == [(e.text, e.label_) for e in full.entities]
    assert fast.lemmas == full.lemmas
    assert [t.tag_ for t in fast.tokens] == [t.tag_ for t in full.tokens]
    assert "parser" in nlp.pipe_names  # the shared pipeline keeps its parser
