"""Mentee journey: goals and their quality, reflections linked to goals and guidance, check-ins,
agendas, progress and the journal export."""

from coach.reflection.analyze import ReflectionAnalysis, analyze_reflection
from coach.reflection.goal_quality import GoalCheck, GoalChecker
from coach.reflection.goals import GoalService, GoalView, skill_gap
from coach.reflection.reflections import NoteView, ReflectionService

__all__ = ["GoalCheck", "GoalChecker", "GoalService", "GoalView", "NoteView", "ReflectionAnalysis",
           "ReflectionService", "analyze_reflection", "skill_gap"]
