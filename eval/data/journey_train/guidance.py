"""Writes guidance.jsonl: which passages of the shipped library answer what each training reflection
struggles with. Labelled by the journey engineer (the builder), so it is used for TUNING ONLY, never
reported as a quality figure; the held-out writer's labels (eval/data/journey_heldout/) are the test.
Passage ids are the `<!-- id: ... -->` keys of coach/guidance/default_library/*.md.
"""
import json
from pathlib import Path

LABELS = """
t01-r1 learning-from-setbacks career-story
t01-r2 stakeholder-management milestones
t01-r3 active-listening listening-without-fixing open-questions
t01-r4 career-story plain-language-and-idioms
t01-r5 celebrating-progress what-so-what-now-what
t01-r6 receiving-feedback plain-language-and-idioms
t02-r1 learning-from-setbacks milestones
t02-r2 listening-without-fixing psychological-safety storytelling-for-mentors
t02-r3 saying-no
t02-r4 celebrating-progress asking-for-feedback
t02-r5 saying-no milestones celebrating-progress
t03-r1 milestones what-so-what-now-what
t03-r2 career-story imposter-feelings
t03-r3 directness psychological-safety imposter-feelings
t03-r4 milestones
t03-r5 celebrating-progress imposter-feelings
t04-r1 learning-from-setbacks stakeholder-management
t04-r2 non-native-speakers milestones
t04-r3 learning-from-setbacks asking-for-feedback learning-log
t04-r4 asking-for-feedback non-native-speakers finding-a-sponsor
t04-r5 milestones celebrating-progress
t05-r1 learning-from-setbacks asking-for-feedback
t05-r2 career-story milestones
t05-r3 saying-no revising-goals
t05-r4 plain-language-and-idioms
t05-r5 when-to-refer saying-no
t05-r6 receiving-feedback
t06-r1 milestones celebrating-progress
t06-r2 salary-negotiation learning-from-setbacks
t06-r3 open-questions asking-for-feedback
t06-r4 salary-negotiation celebrating-progress
t06-r5 celebrating-progress asking-for-feedback
t07-r1 learning-from-setbacks non-native-speakers milestones
t07-r2 feedback-across-seniority receiving-feedback power-distance
t07-r3 open-questions skill-mapping
t07-r4 celebrating-progress directness feedback-across-seniority
t07-r5 imposter-feelings milestones
t08-r1 career-story stakeholder-management
t08-r2 active-listening open-questions
t08-r3 milestones revising-goals
t08-r4 revising-goals milestones
t08-r5 celebrating-progress imposter-feelings
t09-r1 revising-goals stakeholder-management
t09-r2 stakeholder-management celebrating-progress
t09-r3 learning-from-setbacks asking-for-feedback
t09-r4 receiving-feedback stakeholder-management
t09-r5 celebrating-progress milestones
t10-r1 learning-from-setbacks milestones
t10-r2 stakeholder-management receiving-feedback plain-language-and-idioms
t10-r3 celebrating-progress learning-log
t10-r4 celebrating-progress stakeholder-management
t10-r5 revising-goals milestones
"""

if __name__ == "__main__":
    out = Path(__file__).with_name("guidance.jsonl")
    rows = [line.split() for line in LABELS.strip().splitlines()]
    out.write_text("".join(json.dumps({"id": r[0], "guidance": r[1:]}) + "\n" for r in rows))
    print(f"wrote {len(rows)} rows to {out}")
