"""Rewriters: the rule-based SBI rewrite is built in; an LLM rewriter is optional and off by default.

Any rewriter's output is re-checked by the checker and refused if it is still judgmental or adds
facts that are not in the input.
"""

from coach.feedback.rewriters.base import Rewriter, RewriteRefused, guarded_rewrite, new_facts
from coach.feedback.rewriters.openai_compatible import OpenAICompatibleRewriter

__all__ = ["OpenAICompatibleRewriter", "RewriteRefused", "Rewriter", "guarded_rewrite", "new_facts"]
