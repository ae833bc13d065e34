"""Benchmark of the program dashboard on a synthetic 10k-person program: time and peak memory.

    python eval/bench_insights.py [--people 10000] [--out eval/results/insights.json]

The program is generated with a fixed seed: 70% mentees (one pair each, cadence 14 or 28 days,
started over the first half of the year), 30% mentors; check-ins held for most planned dates,
about two reflections per mentee per month, two goals with three milestones per mentee, and one
checked feedback draft per mentor per month (results shaped like the checker's report). The
dashboard is timed in a fresh process (whole program, then one cohort with a period), so peak RSS
is the dashboard's, not the generator's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from coach.config import Settings
from coach.store.db import Database
from coach.store.models import CheckIn, FeedbackDraft, Goal, Milestone, Note, Pair, Person, Program
from eval.common import scratch_home

TODAY = date(2026, 12, 1)
START = date(2026, 1, 1)
COHORTS = ("2026-winter", "2026-spring", "2026-summer", "2026-autumn")


def build(home: Path, n_people: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    db = Database(Settings(home=home))
    counts: dict[str, int] = {}
    with db.engine.begin() as conn:
        program_id = conn.execute(insert(Program).values(name="Synthetic")).inserted_primary_key[0]
        n_mentees = int(n_people * 0.7)
        people = [{"id": i + 1, "program_id": program_id, "handle": f"p{i}", "name": f"Person {i}",
                   "role": "mentee" if i < n_mentees else "mentor", "cohort": COHORTS[i % 4],
                   "email": "", "active": True} for i in range(n_people)]
        conn.execute(insert(Person), people)
        mentors = list(range(n_mentees + 1, n_people + 1))
        pairs, checkins, notes, goals, milestones, drafts = [], [], [], [], [], []
        for mentee in range(1, n_mentees + 1):
            started = START + timedelta(days=rng.randrange(180))
            cadence = rng.choice((14, 28))
            pairs.append({"id": mentee, "mentor_id": rng.choice(mentors), "mentee_id": mentee,
                          "started": started, "cadence_days": cadence})
            day = started
            while day <= TODAY:
                if rng.random() < 0.85:
                    checkins.append({"pair_id": mentee, "at": datetime.combine(day, datetime.min.time()),
                                     "done": True, "notes": ""})
                day += timedelta(days=cadence)
            for _ in range(((TODAY - started).days // 30) * 2):
                notes.append({"author_id": mentee, "session_date": started + timedelta(
                    days=rng.randrange((TODAY - started).days + 1)), "what": "synthetic note " * 8})
            for _ in range(2):
                goals.append({"id": len(goals) + 1, "owner_id": mentee, "title": "Synthetic goal",
                              "status": rng.choice(("active", "active", "done", "paused"))})
                for _ in range(3):
                    due = started + timedelta(days=rng.randrange(330))
                    milestones.append({"goal_id": len(goals), "title": "step", "due": due,
                                       "done": due <= TODAY and rng.random() < 0.7})
        for mentor in mentors:
            month = START
            while month <= TODAY:
                vague = rng.random() < 0.4
                result = {"id": "", "text": "synthetic feedback " * 15, "vague": vague,
                          "judgmental": rng.random() < 0.2, "scores": {"vague": 0.5},
                          "sbi": {"situation": "x", "behavior": None, "impact": "y"},
                          "sbi_completeness": rng.choice((0.0, 0.333, 0.667, 1.0)), "flags": [],
                          "rewrite": "synthetic rewrite " * 15}
                drafts.append({"author_id": mentor, "text": "synthetic feedback " * 15, "result": result,
                               "created_at": datetime.combine(month + timedelta(days=rng.randrange(28)),
                                                              datetime.min.time())})
                month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        for model, rows in ((Pair, pairs), (CheckIn, checkins), (Note, notes), (Goal, goals),
                            (Milestone, milestones), (FeedbackDraft, drafts)):
            conn.execute(insert(model), rows)
            counts[model.__tablename__] = len(rows)
    counts["people"] = n_people
    return counts


def measure(home: Path) -> dict[str, float]:
    """Run in a fresh process: time the dashboard views (best of 3, wall and CPU) and report this
    process's peak RSS (imports included). The load average shows how busy the shared machine was."""
    from coach.access import OPERATOR
    from coach.insights import InsightsQuery, InsightsService

    service = InsightsService(Database(Settings(home=home)))
    out: dict[str, float] = {}
    for name, query in (("whole_program", InsightsQuery()),
                        ("cohort_and_period", InsightsQuery(cohort=COHORTS[1], start=date(2026, 3, 1),
                                                            end=date(2026, 8, 31)))):
        times, cpu = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            dash = service.dashboard(OPERATOR, query, today=TODAY)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        out[f"{name}_s"] = round(min(times), 3)
        out[f"{name}_cpu_s"] = round(min(cpu), 3)
        out[f"{name}_cells_shown"] = sum(len(s.shown) for s in dash.series.values())
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["load_average_1min"] = round(os.getloadavg()[0], 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("eval/results/insights.json"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    home = scratch_home("coach-bench-insights-")
    t = time.perf_counter()
    counts = build(home, args.people)
    built = round(time.perf_counter() - t, 1)
    run = subprocess.run([sys.executable, __file__, "--measure", str(home)], check=True,
                         capture_output=True, text=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    result = {"command": f"python eval/bench_insights.py --people {args.people}", "rows": counts,
              "build_s": built, **figures, "cpus": 2}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
