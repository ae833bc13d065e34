"""Matching with the real embedder: non-English and very long texts score without crashing."""
# ruff: noqa: E501

from __future__ import annotations

import pytest

from coach.matching import MatchOptions, load_problem, run_match

pytestmark = pytest.mark.slow

MENTORS = ("id,name,expertise,bio,languages,timezone,capacity\n"
           "m1,Ana,salary negotiation; asking for a raise,,en;es;zh;ar,UTC,2\n"
           "m2,Bo,python programming; data pipelines," + "I love data engineering. " * 200 + ",en;es;zh;ar,UTC,2\n")
MENTEES = ("id,name,goals,background,languages,timezone\n"
           "e1,Lu,我想学习如何谈判薪水。,,zh,Asia/Shanghai\n"
           "e2,Sara,Quiero aprender a negociar mi salario y pedir un aumento.,,es,Europe/Madrid\n"
           "e3,Omar,أريد أن أتعلم البرمجة بلغة بايثون,,ar,Africa/Cairo\n"
           "e4,Kim,I want to build reliable data pipelines in python,,en,UTC\n")


def test_non_english_and_long_texts(real_embedder):
    problem = load_problem(mentors=MENTORS, mentees=MENTEES)
    result = run_match(problem, MatchOptions(objective="coverage"), real_embedder.encode)
    assert result.stats["violations"] == 0 and result.stats["mentees_matched"] == 4
    assert all(0.0 <= m.score <= 1.0 for m in result.matches)
    by = {m.mentee_id: m.mentor_id for m in result.matches}
    assert by["e4"] == "m2"  # a 1,000-word bio does not drown the expertise phrases
    assert by["e2"] == "m1"
