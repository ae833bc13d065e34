"""The shipped goal-link ranker and goal heads with the real embedder and spaCy pipeline."""

from __future__ import annotations

import pytest

from coach.config import Settings
from coach.reflection.goal_quality import GoalChecker
from coach.reflection.link_features import GoalDoc, ReflectionParts
from coach.reflection.linking import link_goals

pytestmark = pytest.mark.slow

GOALS = [GoalDoc("Give a 15-minute talk about the churn dashboard at the all-hands in March",
                 "show what the team built", ("outline", "dry run with the team"), ("public speaking",)),
         GoalDoc("Write the churn dashboard user guide by April", "support keeps getting questions",
                 ("collect the top 10 questions", "first draft to support"), ("technical writing",)),
         GoalDoc("Learn basic Portuguese before the Lisbon move", "", ("finish A1 course",), ())]


def test_talk_rehearsal_is_not_filed_under_the_guide_about_the_same_dashboard(real_embedder):
    parts = ReflectionParts("Did the dry run with the team for the churn dashboard slot.",
                            "I spoke far too fast and my hands were shaking.",
                            "Practise the opening out loud every morning.")
    links = link_goals(real_embedder, parts, GOALS)
    assert links[0].index == 0 and links[0].confidence > links[1].confidence
    assert links[0].evidence in parts.text


def test_milestone_named_in_now_what_points_to_its_goal(real_embedder):
    parts = ReflectionParts("Support pinged me three times today about the same export bug.",
                            "The same questions keep coming back.",
                            "Collect the top 10 questions and send a first draft to support.")
    assert link_goals(real_embedder, parts, GOALS)[0].index == 1


def test_goal_heads_apply_the_definitions(real_embedder):
    from coach.nlp import get_nlp

    checker = GoalChecker(lambda: get_nlp(Settings()), lambda: real_embedder)
    vague = checker.check("get better at public speaking")
    assert not vague.measurable and not vague.time_bound
    assert "'get better at public speaking'" in vague.reasons["measurable"]
    assert vague.suggestion.startswith("get better at public speaking [") and "e.g." not in vague.suggestion
    clear = checker.check("Give the talk on the churn dashboard at the all-hands by 31 March 2027")
    assert clear.measurable and clear.time_bound and clear.suggestion == clear.goal
