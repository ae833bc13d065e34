"""Themes benchmark: `coach themes` from CSV at 1k / 10k / 100k notes, next to BERTopic's defaults.

    .venv/bin/python eval/bench_themes.py [--sizes 1000,10000,100000] [--cold 1000]
    # writes eval/results/themes_bench.json

Notes are made of three sentences drawn from the demo program's reflections (unique texts).
- cold (sizes in --cold): a fresh COACH_HOME, so `coach themes --notes notes.csv --format json` embeds
  every note; compared with one bare encode of the same texts (ratio = end-to-end / bare encode).
- warm: the same command again with the embeddings cached in the database.
- "proxy" warm runs (sizes not in --cold): encoding 10k-100k notes was not affordable on the shared
  2-core machine, so the cache is pre-filled with each note's mean of its three real sentence vectors;
  the run then measures everything after embedding (clustering, labels, gates, anonymized excerpts).
- BERTopic(): its default pipeline on the same vectors (fit_transform with precomputed embeddings).
Time is wall-clock seconds, memory the peak resident set (`/usr/bin/time -f %M`) of the process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "eval" / "results" / "themes_bench.json"
BIN = ROOT / ".venv" / "bin"


def sentences() -> list[str]:
    out: list[str] = []
    for name in ("demo_program.json", "demo_cohort.json", "demo_intake.json"):
        path = ROOT / "coach" / "demo" / name
        if path.exists():
            for note in json.loads(path.read_text(encoding="utf-8")).get("notes", []):
                for key in ("what", "so_what", "now_what"):
                    out += [s for s in re.split(r"(?<=[.!?])\s+", note.get(key, "")) if len(s) > 20]
    return sorted(set(out))


def make_notes(n: int, pool: list[str]) -> tuple[list[dict[str, str]], list[tuple[int, int, int]]]:
    rng = random.Random(n)
    seen: set[tuple[int, int, int]] = set()
    rows, picks = [], []
    while len(rows) < n:
        pick = tuple(rng.sample(range(len(pool)), 3))
        if pick in seen:
            continue
        seen.add(pick)  # type: ignore[arg-type]
        picks.append(pick)
        rows.append({"note_id": f"n{len(rows)}", "participant": f"p{rng.randrange(max(20, n // 8))}",
                     "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "text": " ".join(pool[i] for i in pick)})
    return rows, picks  # type: ignore[return-value]


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["note_id", "participant", "date", "text"])
        writer.writeheader()
        writer.writerows(rows)


def timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    stats = Path(tempfile.mktemp(suffix=".time"))
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-o", str(stats), "-f", "%M", *cmd], env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr[-2000:]}")
    peak_kb = int(stats.read_text().strip().splitlines()[-1])
    return {"seconds": round(seconds, 1), "peak_mb": round(peak_kb / 1024)}


BARE = """
import sys, time, csv
from coach.nlp import get_embedder
texts = [r["text"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
e = get_embedder(); e.encode(texts[:8])
t = time.perf_counter(); e.encode(texts); print(time.perf_counter() - t)
"""

BERTOPIC = """
import sys, numpy as np, csv
from bertopic import BERTopic
texts = [r["text"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
BERTopic().fit_transform(texts, np.load(sys.argv[2]))
"""


def prefill(home: Path, rows: list[dict[str, str]], picks: list[tuple[int, int, int]],
            sentence_vectors: np.ndarray) -> np.ndarray:
    from coach.config import Settings
    from coach.nlp import get_embedder
    from coach.nlp.cache import cached_encode
    from coach.nlp.embedder import Embedder
    from coach.store.db import Database

    real = get_embedder()
    lookup = {r["text"]: p for r, p in zip(rows, picks, strict=True)}

    class Proxy(Embedder):
        model_id = real.model_id
        dim = real.dim

        def _encode_batch(self, texts: list[str]) -> np.ndarray:
            return np.vstack([sentence_vectors[list(lookup[t])].mean(axis=0) for t in texts])

    return cached_encode(Database(Settings(home=home)), Proxy(), [r["text"] for r in rows], batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--cold", default="1000")
    parser.add_argument("--bertopic-max", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=OUT, help="Result JSON (default: OUT)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cold = {int(s) for s in args.cold.split(",") if s}
    pool = sentences()
    from coach.nlp import get_embedder

    sentence_vectors = get_embedder().encode(pool)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = f".venv/bin/python eval/bench_themes.py --sizes {args.sizes} --cold {args.cold}"
    results = {"command": command,
               "cpus": os.cpu_count(), "load_average_at_start": round(os.getloadavg()[0], 1),
               "load_avg": round(os.getloadavg()[0], 1), "runs": []}
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-themes-{n}-"))
        rows, picks = make_notes(n, pool)
        notes = work / "notes.csv"
        write_csv(rows, notes)
        home = work / "home"
        env_n = {**env, "COACH_HOME": str(home)}
        run: dict[str, object] = {"notes": n, "load_avg": round(os.getloadavg()[0], 1)}
        command = [str(BIN / "coach"), "themes", "--notes", str(notes), "--format", "json"]
        if n in cold:
            bare = subprocess.run([str(BIN / "python"), "-c", BARE, str(notes)], env=env_n, check=True,
                                  capture_output=True, text=True)
            run["bare_encode_seconds"] = round(float(bare.stdout.strip().splitlines()[-1]), 1)
            run["cold"] = timed(command, env_n)
            run["cold_ratio_to_bare_encode"] = round(run["cold"]["seconds"] / run["bare_encode_seconds"], 2)  # type: ignore[index]
            from coach.config import Settings
            from coach.nlp.cache import cached_encode
            from coach.store.db import Database

            vectors = cached_encode(Database(Settings(home=home)), get_embedder(), [r["text"] for r in rows])
        else:
            vectors = prefill(home, rows, picks, sentence_vectors)
            run["proxy_vectors"] = True
        run["warm"] = timed(command, env_n)
        if n <= args.bertopic_max:
            np.save(work / "vectors.npy", vectors)
            try:
                run["bertopic_default"] = timed([str(BIN / "python"), "-c", BERTOPIC, str(notes),
                                                 str(work / "vectors.npy")], env_n)
            except SystemExit as exc:
                run["bertopic_default"] = {"error": str(exc)[:300]}
        else:
            run["bertopic_default"] = {"skipped": f"not run above {args.bertopic_max:,} notes (time budget)"}
        results["runs"].append(run)  # type: ignore[attr-defined]
        print(json.dumps(run), flush=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
