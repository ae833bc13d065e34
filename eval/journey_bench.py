"""Warm save time of a reflection, and where it goes: `python eval/journey_bench.py [--runs 5]`.

Demo program in a scratch home, models loaded, then one save, timed as ``first_save_s`` (with
``--warm-up`` after ``ReflectionService.warm()``, as the app runs it at start-up, timed as
``warm_up_s``); then ``--runs`` saves
of a three-part reflection by a demo mentee, timed as a whole and per stage (goal texts, cues,
goal linking, guidance search, answering sentences, prompts, database). Run with
``PYTHONPATH=<older checkout>`` to time an older version the same way (stages it lacks are skipped).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import coach.reflection.analyze as analyze
import coach.reflection.reflections as reflections
from coach.config import Settings
from coach.context import Context
from coach.demo import load_demo
from coach.store.people import get_actor
from eval.common import scratch_home

PARTS = {"what": "Did the dry run of my talk with the team today. I ran four minutes over.",
         "so_what": "When I get nervous I rush and skip the story behind each chart.",
         "now_what": "Rehearse with a timer twice before the all-hands and cut one slide."}


def timed(store: dict[str, list[float]], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            store[name].append(time.perf_counter() - start)
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--warm-up", action="store_true",
                        help="run ReflectionService.warm() before the first save, as the app does")
    args = parser.parse_args()
    ctx = Context(Settings(home=scratch_home()))
    load_demo(ctx.db)
    mentee = get_actor(ctx.db, "mateo")
    ctx.embedder.warm()
    _ = ctx.nlp
    warm_up_s = None
    if args.warm_up:  # what the app does in the background at start-up
        start = time.perf_counter()
        ctx.reflections.warm()
        warm_up_s = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    ctx.reflections.save(mentee, **PARTS)  # models were loaded: the rest of the first save's cost
    first_save_s = round(time.perf_counter() - start, 3)
    stages: dict[str, list[float]] = defaultdict(list)
    for module, name in ((analyze, "reflection_cues"), (analyze, "link_goals"), (analyze, "fit_guidance"),
                         (analyze, "answering_sentence"), (analyze, "choose_prompts")):
        if hasattr(module, name):
            setattr(module, name, timed(stages, name, getattr(module, name)))
    service = ctx.reflections
    if hasattr(service, "_goal_docs"):
        service._goal_docs = timed(stages, "goal_texts", service._goal_docs)  # type: ignore[method-assign]
    totals = []
    load_avg = round(os.getloadavg()[0], 1)  # when the timed saves start (after the warm-up)
    for i in range(args.runs):  # a new text each time: nothing of the reflection itself is cached
        parts = {**PARTS, "what": f"{PARTS['what']} Session {i + 1} of the week, room {i + 7}.",
                 "now_what": f"{PARTS['now_what']} Check again in {i + 2} days."}
        start = time.perf_counter()
        service.save(mentee, **parts)
        totals.append(time.perf_counter() - start)
    results = {"command": " ".join(["python eval/journey_bench.py", *sys.argv[1:]]),
               "load_avg": load_avg, "load_avg_end": round(os.getloadavg()[0], 1),
               "code": reflections.__file__, "runs": args.runs,
               "warm_up_s": warm_up_s, "first_save_s": first_save_s,
               "warm_save_median_s": round(statistics.median(totals), 3),
               "warm_save_max_s": round(max(totals), 3),
               "stages_median_s": {k: round(statistics.median(v), 3) for k, v in stages.items()}}
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
