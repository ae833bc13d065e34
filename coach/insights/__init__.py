"""Program dashboard aggregates for facilitators, behind the minimum-group gates of coach/privacy.

Engagement (active pairs, check-ins held vs planned, reflections per month), goal and milestone
progress, and feedback quality over time (vague / judgmental shares and SBI completeness of checked
drafts): counts and shares of groups of at least ``min_participants`` distinct people, per month and
per cohort, with the reason for every hidden cell. No names, ids or text ever leave this package.
"""

from coach.insights.dashboard import CSV_FIELDS, Cell, Dashboard, Series
from coach.insights.query import NO_COHORT, InsightsQuery
from coach.insights.service import InsightsService

__all__ = ["CSV_FIELDS", "NO_COHORT", "Cell", "Dashboard", "InsightsQuery", "InsightsService", "Series"]
