"""Is this English? We say so when it is not, rather than guessing.

Two cheap signals: the share of letters outside the Latin alphabet, and whether the function words
of another common language outnumber English ones. They are read on the prose only: code, URLs,
e-mail addresses, file paths, identifiers, stack traces and log lines are set aside first, so English
feedback that quotes a stack trace or a config key is still English.
"""

from __future__ import annotations

import re

_EN = frozenset("""a an the and or but if so of to in on at for with from by about as into like
after over between out before under is are was were be been have has had do does did will would can
could should may might must i you he she it we they me him her us them my your his its our their this
that these those not no what which who when where why how all any each more most other some such only
very just also there here then now""".split())
_OTHER = {
    "es": "el la los las de del que y en un una es por con para como pero más muy su sus lo le se al "
          "yo tú usted nosotros fue ha son está este esta",
    "fr": "le la les des du de et est un une que qui pour pas dans sur avec au aux ce cette il elle "
          "nous vous je tu ne très mais son sa ses été",
    "de": "der die das und ist nicht ein eine zu den dem mit sich auf für von im auch es ich du sie "
          "wir ihr sehr aber war wurde haben",
    "pt": "o a os as de do da que e em um uma é não para com por mais muito seu sua foi você ele ela "
          "nós isso",
    "it": "il lo la gli le di del che e è un una per non con sono ma molto suo sua io tu lui lei noi "
          "voi questo",
    "nl": "de het een en van is niet dat die in op te met voor zijn ik je jij wij ze maar ook heel",
    "id": "yang dan di ke dari ini itu dengan untuk tidak ada saya kamu anda kami mereka sangat",
}
_OTHER_SETS = {lang: frozenset(words.split()) - _EN for lang, words in _OTHER.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LATIN = re.compile(r"^[a-zà-öø-ÿœæ'’-]+$")


_NOT_PROSE = [re.compile(p, re.MULTILINE) for p in (
    r"```[\s\S]*?(```|\Z)",                                # fenced code
    r"`[^`\n]*`",                                      # inline code
    r"^\s*(at\s+[\w$.<>]+\(.*\)|File \"[^\"]+\", line \d+.*|Traceback \(most recent call last\):|"
    r"Caused by:.*|\w+(\.\w+)*(Error|Exception)\b.*)$",  # stack traces
    r"^.*\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?.*$",   # log lines with timestamps
    r"^\s*\[?(DEBUG|INFO|WARN|WARNING|ERROR|FATAL|TRACE)\]?[:\s].*$",
    r"\b(https?://|www\.)\S+", r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b",
    r"(?<!\w)(~|\.{1,2})?/?([\w.-]+/)+[\w.-]*",          # paths
    r"\b\w*[a-z][A-Z]\w*\b", r"\b\w+_\w+\b", r"\b\w+(\.\w+){2,}\b", r"\b\w*\d\w*\b",  # identifiers
    r"[{}\[\]();=<>]+",
)]


def prose(text: str) -> str:
    """``text`` with code, URLs, e-mails, paths, identifiers, stack traces and log lines removed."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


_CLAUSE = re.compile(r"[.,;:!?\n]+")


def _english(words: list[str]) -> bool:
    if not words:
        return True  # emoji or numbers only: nothing to judge, nothing to refuse
    latin = sum(1 for w in words if _LATIN.match(w))
    if latin / len(words) < 0.6:
        return False
    english = sum(1 for w in words if w in _EN)
    foreign = max(sum(1 for w in words if w in other) for other in _OTHER_SETS.values())
    return not (foreign >= 2 and foreign > english)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def looks_english(text: str) -> bool:
    """English, or code-switched text whose English clauses hold at least half of its words
    ("El proceso es horrible, the refund process makes customers call three departments")."""
    kept = prose(text)
    words = _words(kept)
    if _english(words):
        return True
    clauses = [_words(c) for c in _CLAUSE.split(kept)]
    in_english = sum(len(c) for c in clauses if len(c) >= 4 and _english(c))
    return in_english * 2 >= len(words)
