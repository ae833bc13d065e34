"""The rewriter interface and the guard every rewrite passes through."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.feedback.checker import FeedbackChecker

_BRACKETS = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+(?:[.,:]\d+)*")
#: function words and SBI scaffolding a rewrite may add without adding a fact
_ALLOWED = frozenset("""a an the and or but so if then that this these those it its of to in on at for
with from by as is are was were be been being have has had do did does you your yours i me my we our
us they them their he she his her when where which who what how why will would could should can may
might just also there here than very not no next time felt feel because as result impact situation
behavior behaviour during after before while""".split())


class RewriteRefused(CoachError):
    code = "E060"


class Rewriter(ABC):
    name = "rewriter"

    @abstractmethod
    def rewrite(self, text: str) -> str:
        """An SBI rewrite of ``text``."""
        raise NotImplementedError


def new_facts(source: str, rewrite: str) -> set[str]:
    """Content words and numbers in the rewrite (outside [brackets]) that the source does not have."""
    have = {w.lower() for w in _WORD.findall(source)}
    added = {w.lower() for w in _WORD.findall(_BRACKETS.sub(" ", rewrite))}
    stems = {w.rstrip("s").rstrip("ed").rstrip("ing") for w in have}
    return {w for w in added - have - _ALLOWED
            if w.rstrip("s").rstrip("ed").rstrip("ing") not in stems}


def guarded_rewrite(rewriter: Rewriter, checker: FeedbackChecker, text: str) -> str:
    """Run ``rewriter``; refuse output that is still judgmental or adds facts."""
    output = rewriter.rewrite(text).strip()
    if not output:
        raise RewriteRefused(f"The {rewriter.name} returned nothing; use the built-in rewrite.")
    added = new_facts(text, output)
    if added:
        raise RewriteRefused(f"The {rewriter.name} added words that are not in your feedback "
                             f"({', '.join(sorted(added)[:8])}); refused, because a rewrite must "
                             "not invent facts. The built-in rewrite is shown instead.")
    report = checker.check(_BRACKETS.sub(" ", output), examples=0)
    if report.judgmental:
        raise RewriteRefused(f"The {rewriter.name}'s rewrite is still judgmental; refused. The "
                             "built-in rewrite is shown instead.")
    return output
