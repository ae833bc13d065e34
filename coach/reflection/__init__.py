"""Mentee journey: goals, reflections, check-ins, progress."""
