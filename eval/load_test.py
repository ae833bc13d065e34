"""Load test (`make load`): N simulated users against a running app, over loopback only.

It starts `streamlit run app.py` itself on a free 127.0.0.1 port with a scratch COACH_HOME holding the
demo program, waits for /_stcore/health, then runs N user threads for a bounded time. Each user loops
over: health check, page load (HTTP GET of the app page and its health endpoint), sign in (built-in
accounts, argon2), check a feedback draft, save a reflection and search guidance. The last four are the
library service calls the pages make, run in this process against the app's own database (Streamlit
renders pages over a websocket, which this script does not drive).

Reports throughput, p50/p95/p99 latency per action and errors to eval/results/load.json.

    python eval/load_test.py --users 8 --duration 30 --out eval/results/load.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MAX_USERS, MAX_SECONDS = 50, 300
PASSWORD = "load-test-password-1"
DRAFTS = ["You did great in the demo.", "In Tuesday's review you skipped the risks slide, so the client "
          "asked twice about the budget.", "You always interrupt people, it is annoying."]
QUERIES = ["how do I give feedback on a missed deadline", "first meeting with a new mentee", "time zones"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, timeout: float = 30) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        response.read()
        return int(response.status)


def start_app(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COACH_HOME": str(home), "COACH_AUTH": "password", "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("streamlit")), "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_healthy(base: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited: {proc.stderr.read().decode()[-1000:] if proc.stderr else ''}")
        try:
            if get(f"{base}/_stcore/health", timeout=2) == 200:
                return time.monotonic() - start
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not become healthy within {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=8, help=f"concurrent users (1-{MAX_USERS})")
    parser.add_argument("--duration", type=float, default=30, help=f"seconds of load (1-{MAX_SECONDS})")
    parser.add_argument("--out", type=Path, default=ROOT / "eval/results/load.json")
    args = parser.parse_args()
    users = max(1, min(args.users, MAX_USERS))
    duration = max(1.0, min(args.duration, MAX_SECONDS))

    home = Path(tempfile.mkdtemp(prefix="coach-load-"))
    os.environ["COACH_HOME"] = str(home)
    from coach.access import OPERATOR
    from coach.context import Context
    from coach.demo import load_demo
    from coach.people import AccountService, SignInService
    from coach.store.people import list_people

    ctx = Context()
    load_demo(ctx.db)
    accounts = AccountService(ctx.db)
    mentees = [p.handle for p in list_people(ctx.db, role="mentee")][:users]
    for handle in mentees:
        accounts.set_password(OPERATOR, handle, PASSWORD)
    signin = SignInService(ctx.db)
    print(f"warming models in {home} …", flush=True)
    warm = time.monotonic()
    ctx.guidance.search("warm up", k=1)
    ctx.feedback.check(OPERATOR, DRAFTS[0])
    warm_s = time.monotonic() - warm

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_app(home, port)
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()
    try:
        startup_s = wait_healthy(base, proc)
        print(f"app healthy on {base} after {startup_s:.1f} s; {users} users for {duration:.0f} s",
              flush=True)
        stop_at = time.monotonic() + duration

        def user(n: int) -> None:
            rng = random.Random(n)
            handle = mentees[n % len(mentees)]
            actor = None
            actions = {
                "health": lambda: get(f"{base}/_stcore/health"),
                "page load": lambda: get(f"{base}/"),
                "sign in": lambda: signin.sign_in(handle, PASSWORD, client=f"load-{n}"),
                "check feedback": lambda: ctx.feedback.check(actor, rng.choice(DRAFTS)),
                "save reflection": lambda: ctx.reflections.save(
                    actor, what=f"Load test reflection {n}: I asked my mentor about the roadmap review."),
                "search guidance": lambda: ctx.guidance.search(rng.choice(QUERIES), k=5),
            }
            while time.monotonic() < stop_at:
                for name, action in actions.items():
                    if time.monotonic() >= stop_at:
                        break
                    t0 = time.perf_counter()
                    try:
                        result = action()
                        if name == "sign in":
                            actor = result[1]
                        ok = True
                    except Exception as exc:  # every failure is counted and reported, never hidden
                        ok = False
                        ours = [f for f in traceback.extract_tb(exc.__traceback__) if "/coach/" in f.filename]
                        where = f" (at {Path(ours[-1].filename).name}:{ours[-1].lineno})" if ours else ""
                        with lock:
                            errors[name].append(f"{type(exc).__name__}{where}: {str(exc)[:160]}")
                    if ok:
                        with lock:
                            lat[name].append(time.perf_counter() - t0)

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        load_before = round(os.getloadavg()[0], 2)
        t_start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=duration + 300)
        wall = time.monotonic() - t_start
        load_after = round(os.getloadavg()[0], 2)
        still_healthy = get(f"{base}/_stcore/health") == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(home, ignore_errors=True)

    def pct(values: list[float], q: float) -> float | None:
        return round(float(np.percentile(values, q)) * 1000, 1) if values else None

    everything = [v for vs in lat.values() for v in vs]
    per_action = {name: {"ok": len(lat[name]), "errors": len(errors[name]), "p50_ms": pct(lat[name], 50),
                         "p95_ms": pct(lat[name], 95), "p99_ms": pct(lat[name], 99),
                         "first_errors": sorted(set(errors[name]))[:3]}
                  for name in ["health", "page load", "sign in", "check feedback", "save reflection",
                               "search guidance"]}
    result = {
        "command": f"python eval/load_test.py --users {users} --duration {duration:g}",
        "users": users, "duration_s": round(wall, 1), "requests": len(everything),
        "errors": sum(len(e) for e in errors.values()),
        "throughput_per_s": round(len(everything) / wall, 2) if wall else 0.0,
        "p50_ms": pct(everything, 50), "p95_ms": pct(everything, 95), "p99_ms": pct(everything, 99),
        "per_action": per_action, "app_startup_s": round(startup_s, 1), "model_warmup_s": round(warm_s, 1),
        "healthy_after": still_healthy, "cpus": os.cpu_count(),
        "load_avg": {"before": load_before, "after": load_after},  # 1-minute load average (uptime)
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "per_action"}, indent=2))
    for name, row in per_action.items():
        print(f"  {name:16} ok {row['ok']:5}  errors {row['errors']:3}  p50 {row['p50_ms']} ms  "
              f"p95 {row['p95_ms']} ms  p99 {row['p99_ms']} ms")


if __name__ == "__main__":
    main()
