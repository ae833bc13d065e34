"""Matching benchmark (`make bench`): 1k x 200 and 10k x 2k synthetic cohorts, capacity 5.

    python eval/bench_matching.py [--sizes 1000x200 10000x2000] [--out eval/results/matching_bench.json]

For each size: one bare encode of the profile texts (sentence-transformers ``model.encode`` of each
mentee's goals+background and each mentor's expertise+bio, batch 64), then `coach match` from the
CSV files in a subprocess with a fresh COACH_HOME (cold: every phrase embedded) and again with the
same home (embeddings cached), each timed end to end with its peak RSS. The stages are timed again in
this process on the warm cache with tracemalloc peaks: embedding (cache read), scoring, solving.
Profiles are generated from templates with random picks so that nearly every phrase is unique.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.config import Settings
from coach.context import Context
from coach.matching import MatchingService, MatchOptions, load_problem, run_match
from coach.matching.assign import assign
from coach.matching.scoring import embed_phrases, score_cohort
from eval.common import ROOT, scratch_home

SKILLS = ("public speaking", "stakeholder management", "data pipelines", "python", "SQL", "product strategy",
          "UX research", "negotiation", "people management", "budgeting", "machine learning", "cloud costs",
          "clinical trials", "grant writing", "supply chain", "brand design", "sales pipeline", "hiring",
          "incident response", "accessibility", "copywriting", "pricing", "fundraising", "compliance",
          "teaching online", "change management", "customer success", "lab automation", "tax law", "QA")
VERBS = ("get better at", "learn", "lead work on", "move into", "present my work on", "build a team for",
         "gain confidence in", "find a job in", "get promoted through", "teach others")
CONTEXTS = ("at a hospital", "in a start-up", "for a city council", "in a bank", "at an NGO", "in retail",
            "for a factory", "at a university", "in a law firm", "for a games studio", "remotely")
TIMES = ("by next summer", "within a year", "before my review", "this quarter", "in two years")
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Asia/Kolkata",
         "Asia/Singapore", "Africa/Lagos", "Australia/Sydney", "UTC+05:30", "UTC-03:00")
LANGS = ("en", "en", "en", "en;es", "en;fr", "en;de", "pt;en", "hi;en", "es", "fr")


def sentence(rng: random.Random) -> str:
    return (f"I want to {rng.choice(VERBS)} {rng.choice(SKILLS)} {rng.choice(CONTEXTS)} "
            f"{rng.choice(TIMES)}, case {rng.randrange(10**6)}.")


def write_cohort(folder: Path, n_mentees: int, n_mentors: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with (folder / "mentors.csv").open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "name", "expertise", "bio", "languages", "timezone", "capacity"])
        for j in range(n_mentors):
            expertise = "; ".join(f"{s} {rng.choice(CONTEXTS)}" for s in rng.sample(SKILLS, 3))
            bio = (f"I spent {rng.randint(5, 25)} years on {rng.choice(SKILLS)} {rng.choice(CONTEXTS)} and "
                   f"mentor people in {rng.choice(SKILLS)} (team {rng.randrange(10**6)}). "
                   f"Before that I worked on {rng.choice(SKILLS)} {rng.choice(CONTEXTS)}.")
            w.writerow([f"M{j}", f"Mentor {j}", expertise, bio, rng.choice(LANGS), rng.choice(ZONES), 5])
    with (folder / "mentees.csv").open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "name", "goals", "background", "languages", "timezone"])
        for i in range(n_mentees):
            goals = " ".join(sentence(rng) for _ in range(2))
            background = f"{rng.randint(1, 8)} years in {rng.choice(SKILLS)} {rng.choice(CONTEXTS)}."
            w.writerow([f"E{i}", f"Mentee {i}", goals, background, rng.choice(LANGS), rng.choice(ZONES)])


def run_cli(folder: Path, home: Path) -> dict[str, object]:
    env = {**os.environ, "COACH_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    code = ("import resource, sys, time; t = time.perf_counter(); from coach.cli import app\n"
            "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('__WALL__', time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " file=sys.stderr)")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "match", "--mentors", str(folder / "mentors.csv"),
                           "--mentees", str(folder / "mentees.csv"), "--format", "json",
                           "--out", str(folder / "matches.csv")],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    marker = [line for line in proc.stderr.splitlines() if line.startswith("__WALL__")][-1].split()
    stats = json.loads(proc.stdout)["stats"]
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(int(marker[2]) / 1024, 1),
            "timings": stats["timings"], "violations": stats["violations"],
            "pct_mentees_matched": stats["pct_mentees_matched"], "solver": stats["solver"]}


def peak(fn):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    _now, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return value, round(seconds, 3), round(top / 2**20, 1)


def load_avg() -> list[float]:
    """`uptime`'s 1/5/15-minute load averages (the machine is shared: read timings next to them)."""
    return [round(x, 2) for x in os.getloadavg()]


def bench(n_mentees: int, n_mentors: int,
          save: Callable[[dict[str, object]], None] = lambda _r: None) -> dict[str, object]:
    """One size; ``save`` gets the record so far after each phase (a long run leaves what it measured)."""
    load_at_start = load_avg()
    record: dict[str, object] = {"mentees": n_mentees, "mentors": n_mentors, "capacity": 5,
                                 "complete": False, "load_avg": {"start": load_at_start}}
    folder = scratch_home("coach-match-bench-data-")
    write_cohort(folder, n_mentees, n_mentors)
    problem = load_problem(mentors=(folder / "mentors.csv").read_bytes(),
                           mentees=(folder / "mentees.csv").read_bytes())
    ctx = Context(Settings(home=scratch_home("coach-match-bench-")))
    model = ctx.embedder._model  # type: ignore[attr-defined]
    texts = [m.wants for m in problem.mentees] + [m.offers for m in problem.mentors]
    model.encode(texts[:64], batch_size=64)  # warm up
    started = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    bare = time.perf_counter() - started
    record.update({"profile_texts": len(texts), "bare_encode_s": round(bare, 2),
                   "load_avg": {"start": load_at_start, "after_bare_encode": load_avg()}})
    save(record)
    home = scratch_home("coach-match-bench-cli-")
    cold = run_cli(folder, home)
    record.update({"cold": cold, "ratio_cold_to_bare_encode": round(float(cold["wall_s"]) / bare, 3)})  # type: ignore[arg-type]
    save(record)
    warm = run_cli(folder, home)
    record["warm"] = warm
    save(record)
    # stages on the warm cache, in this process
    service = MatchingService(Context(Settings(home=home)).db, lambda: ctx.embedder)
    encode = service._encode(None)
    options = MatchOptions()
    _phr, emb_s, emb_mb = peak(lambda: embed_phrases(problem, encode))
    scores, score_s, score_mb = peak(lambda: score_cohort(problem, options.weights, encode))
    _a, solve_s, solve_mb = peak(lambda: assign(problem, scores, options))
    phrases = len(scores.mentee_phrases.texts) + len(scores.mentor_phrases.texts)
    return {
        "mentees": n_mentees, "mentors": n_mentors, "capacity": 5, "complete": True,
        "profile_texts": len(texts),
        "phrases": phrases, "bare_encode_s": round(bare, 2),
        "cold": cold, "warm": warm,
        "ratio_cold_to_bare_encode": round(float(cold["wall_s"]) / bare, 3),  # type: ignore[arg-type]
        "stages_warm": {"embedding_cache_read_s": emb_s, "embedding_peak_mb": emb_mb,
                        "scoring_s": round(score_s - scores.embedding_s, 3), "scoring_peak_mb": score_mb,
                        "solving_s": solve_s, "solving_peak_mb": solve_mb},
        "bench_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_avg": {"start": load_at_start, "end": load_avg()},
    }  # (the same keys as the partial record, plus the stages)


def random_unit_vectors(texts: list[str]) -> np.ndarray:
    """Stand-in vectors (384-d, unit length, seeded by the text): scoring and solving cost the same."""
    out = np.empty((len(texts), 384), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = np.random.default_rng(abs(hash(text)) % 2**32).standard_normal(384)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def bench_proxy(n_mentees: int, n_mentors: int) -> dict[str, object]:
    """Stages without the model (random unit vectors): scoring, solving, explaining time and memory."""
    folder = scratch_home("coach-match-bench-data-")
    write_cohort(folder, n_mentees, n_mentors)
    problem = load_problem(mentors=(folder / "mentors.csv").read_bytes(),
                           mentees=(folder / "mentees.csv").read_bytes())
    options = MatchOptions()
    scores, score_s, score_mb = peak(lambda: score_cohort(problem, options.weights, random_unit_vectors))
    _a, solve_s, solve_mb = peak(lambda: assign(problem, scores, options))
    started = time.perf_counter()
    result = run_match(problem, options, random_unit_vectors)
    return {"mentees": n_mentees, "mentors": n_mentors, "capacity": 5,
            "phrases": len(scores.mentee_phrases.texts) + len(scores.mentor_phrases.texts),
            "scoring_s": round(score_s - scores.embedding_s, 3), "scoring_peak_mb": score_mb,
            "solving_s": solve_s, "solving_peak_mb": solve_mb,
            "run_match_s": round(time.perf_counter() - started, 2), "timings": result.stats["timings"],
            "violations": result.stats["violations"],
            "pct_mentees_matched": result.stats["pct_mentees_matched"],
            "solver": result.stats["solver"],
            "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "load_avg": load_avg()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", default=["1000x200", "10000x2000"])
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "matching_bench.json")
    parser.add_argument("--proxy", action="store_true",
                        help="Only scoring and solving, with random unit vectors instead of the model.")
    args = parser.parse_args()
    if args.proxy:
        runs = []
        for size in args.sizes:
            n, m = (int(x) for x in size.lower().split("x"))
            runs.append(bench_proxy(n, m))
            print(json.dumps(runs[-1]), flush=True)
        args.out.write_text(json.dumps({"cpus": os.cpu_count(), "proxy_runs": runs,
                                        "load_avg": load_avg()}, indent=2)
                            + "\n", encoding="utf-8")
        return
    results = {"cpus": os.cpu_count(), "runs": []}
    runs: list[dict[str, object]] = results["runs"]  # type: ignore[assignment]
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def write(record: dict[str, object], done: int) -> None:
        results["runs"] = [*runs[:done], record]
        results["load_avg"] = load_avg()
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    for size in args.sizes:
        n, m = (int(x) for x in size.lower().split("x"))
        done = len(runs)
        result = bench(n, m, save=lambda record, done=done: write(dict(record), done))  # type: ignore[misc]
        print(json.dumps(result), flush=True)
        runs.append(result)
        write(result, done)


if __name__ == "__main__":
    main()
