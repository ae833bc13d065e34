"""Mentor matching: profiles and validation, scoring, solvers, explanations, and the service."""

from coach.matching.checker import violations
from coach.matching.engine import run_match
from coach.matching.options import AttributeRule, MatchOptions, Weights
from coach.matching.profiles import Exclusion, Mentee, Mentor, Pin, Problem
from coach.matching.publish import PreviousPair, PublishPlan
from coach.matching.result import CSV_FIELDS, Match, MatchResult, Unmatched
from coach.matching.service import MatchingService, PublishSummary, RunInfo, with_constraints
from coach.matching.solvers import SOLVERS, get_solver
from coach.matching.validation import MatchingInputError, RowError, load_problem

__all__ = ["CSV_FIELDS", "SOLVERS", "AttributeRule", "Exclusion", "Match", "MatchOptions", "MatchResult",
           "MatchingInputError", "MatchingService", "Mentee", "Mentor", "Pin", "PreviousPair", "Problem",
           "PublishPlan", "PublishSummary", "RowError", "RunInfo", "Unmatched", "Weights", "get_solver",
           "load_problem", "run_match", "violations", "with_constraints"]
