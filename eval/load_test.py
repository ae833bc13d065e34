"""Load test (`make load`): N simulated users against a running app, over loopback only.

It starts `streamlit run app.py` itself (COACH_AUTH=password) on a free 127.0.0.1 port with a scratch
COACH_HOME holding the demo program and one password account per user, waits for /_stcore/health, then
runs N users for a bounded time. Two drivers:

  --driver browser (default): one Debian Chromium (/usr/bin/chromium, Playwright's async API), one
      browser context per user, all driven from one event loop. Each user signs in through the form,
      then loops: open Reflect, write and save a reflection (until "Saved." shows); open Guidance, search
      (until the first result shows); switch role to mentor, open Check feedback, type a draft, Ctrl+Enter
      (until the highlighted draft shows); switch back to mentee. Latency = click to result visible.
      Errors = timeouts, exceptions and st.exception/st.error elements on the page. At most 8 users on
      this 2-core machine (every user is a real browser tab and a real Streamlit session).
  --driver service: the old mode. HTTP health check and page load against the app; sign-in, check,
      save and search are the library service calls the pages make, run in this process against the
      app's database (no websocket, no rendering). At most 50 users.

Both drivers run one untimed warm-up round first (the app loads its models on first use). Reports
throughput, p50/p95/p99 latency per action, errors and the load average to eval/results/load.json.

    python eval/load_test.py --users 4 --duration 60 --out eval/results/load.json
"""

from __future__ import annotations

import argparse
import asyncio
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
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MAX_USERS = {"browser": 8, "service": 50}
MAX_SECONDS = 300
CHROMIUM = os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGE_ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
SHOTS = os.environ.get("COACH_LOAD_SHOTS", "")
TIMEOUT_MS = 120_000  # one action; longer counts as an error (a timeout)
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
    """The app's log goes to a file (a pipe nobody reads fills up and blocks the server)."""
    env = {**os.environ, "COACH_HOME": str(home), "COACH_AUTH": "password", "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("streamlit")), "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=(home / "app.log").open("wb"))


def app_log(home: Path) -> str:
    log = home / "app.log"
    return log.read_text(errors="replace")[-1500:] if log.exists() else ""


def wait_healthy(base: str, proc: subprocess.Popen[bytes], home: Path, seconds: float = 120) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited: {app_log(home)}")
        try:
            if get(f"{base}/_stcore/health", timeout=2) == 200:
                return time.monotonic() - start
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not become healthy within {seconds:.0f} s")


class Recorder:
    """Latencies and errors per action, from any thread or task."""

    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()
        self.load_before = 0.0

    def start(self) -> None:
        """The timed run starts now (after the warm-up): note the 1-minute load average."""
        self.load_before = round(os.getloadavg()[0], 2)

    def ok(self, name: str, seconds: float) -> None:
        with self.lock:
            self.lat[name].append(seconds)

    def fail(self, name: str, exc: BaseException) -> None:
        ours = [f for f in traceback.extract_tb(exc.__traceback__) if "/coach/" in f.filename]
        where = f" (at {Path(ours[-1].filename).name}:{ours[-1].lineno})" if ours else ""
        first_line = (str(exc).strip().splitlines() or [""])[0]
        with self.lock:
            self.errors[name].append(f"{type(exc).__name__}{where}: {first_line[:160]}")


class PageError(Exception):
    """The page shows an st.exception or st.error element after an action."""


# ----------------------------------------------------------------------------- the browser driver
BROWSER_ACTIONS = ["sign in", "open page", "save reflection", "search guidance", "switch role",
                   "check feedback"]


async def _idle(page) -> None:  # type: ignore[no-untyped-def]
    """tests/e2e/conftest.py `wait_idle`: let the rerun start, then wait until the script is done."""
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


async def _errors_on(page) -> None:  # type: ignore[no-untyped-def]
    shown = page.locator(PAGE_ERRORS)
    if await shown.count():
        raise PageError((await shown.first.inner_text())[:200])


async def browser_user(browser, base: str, handle: str, n: int,  # type: ignore[no-untyped-def]
                       stop_at: float, rec: Recorder | None, *, rounds: int | None = None) -> None:
    """One user: sign in, then loop over reflect, guidance, check feedback until ``stop_at``.
    ``rec=None``: the untimed warm-up (one round, errors raised)."""
    rng = random.Random(n)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    loops = 0
    shots: list[Path] = []

    async def act(name: str, prepare, start, done) -> None:  # type: ignore[no-untyped-def]
        """prepare (untimed), then time start -> done visible; then wait for the run to end."""
        try:
            await prepare()
            t0 = time.perf_counter()
            await start()
            await done()
            seconds = time.perf_counter() - t0
            await _idle(page)
            if rec is None and SHOTS:  # COACH_LOAD_SHOTS=DIR: a screenshot of each warm-up result
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                shots.append(Path(SHOTS) / f"{len(shots) + 1:02d}-{name.replace(' ', '-')}.png")
                await page.screenshot(path=str(shots[-1]), full_page=True)
            await _errors_on(page)
        except Exception as exc:  # every failure is counted and reported, never hidden
            if rec is None:
                raise
            rec.fail(name, exc)
            try:  # start over from the app's front page; the session cookie keeps the user signed in
                await page.goto(base)
                await _idle(page)
            except Exception as again:
                rec.fail("recover", again)
            return
        if rec is not None:
            rec.ok(name, seconds)

    async def nothing() -> None:
        return None

    def link(title: str):  # type: ignore[no-untyped-def]
        return page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).first

    async def open_page(title: str, ready) -> None:  # type: ignore[no-untyped-def]
        await act("open page", nothing, link(title).click, ready)

    async def switch_role(role: str, then: str) -> None:
        async def start() -> None:
            await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
            await page.get_by_role("option", name=role, exact=True).click()

        async def done() -> None:
            await page.get_by_text("Switching…").wait_for(state="detached")
            await link(then).wait_for()
        await act("switch role", nothing, start, done)

    async def signed_in() -> None:
        await link("Reflect").wait_for()

    async def sign_in_form() -> None:
        await page.goto(base)
        await _idle(page)
        await page.get_by_role("textbox", name="Username").fill(handle)
        await page.get_by_role("textbox", name="Password").fill(PASSWORD)
    await act("sign in", sign_in_form, page.get_by_role("button", name="Sign in").click, signed_in)

    try:
        while time.monotonic() < stop_at and (rounds is None or loops < rounds):
            loops += 1
            mark = f"{n}.{loops}"
            # mentee: reflect
            what = page.get_by_role("textbox", name="What happened?")
            await open_page("Reflect", what.wait_for)
            await act("save reflection",
                      partial(what.fill, f"Load test {mark}: in the roadmap review I asked Ana about "
                                         "the budget. Next time I will bring the numbers."),
                      page.get_by_role("button", name="Save reflection").click,
                      page.get_by_text("Saved. Only you can see it.").first.wait_for)
            if time.monotonic() >= stop_at and rounds is None:
                break
            # everyone: guidance
            query = page.get_by_label("What do you want help with?")
            await open_page("Guidance", query.wait_for)
            first_hit = page.locator('[data-testid="stMarkdownContainer"] strong').filter(
                has_text="1. ").first
            await act("search guidance", partial(query.fill, rng.choice(QUERIES)),
                      page.get_by_role("button", name="Search").click, first_hit.wait_for)
            if time.monotonic() >= stop_at and rounds is None:
                break
            # mentor: check feedback
            await switch_role("mentor", "Check feedback")
            box = page.get_by_role("textbox", name="Your feedback")
            await open_page("Check feedback", box.wait_for)
            draft = f"{rng.choice(DRAFTS)} (load {mark})"
            checked = page.locator('[data-testid="feedback-highlight"]').filter(has_text=f"(load {mark})")
            await act("check feedback", partial(box.fill, draft),
                      partial(box.press, "Control+Enter"), checked.first.wait_for)
            await switch_role("mentee", "Reflect")
    finally:
        await context.close()


async def run_browser(base: str, handles: list[str], users: int, duration: float,
                      rec: Recorder) -> dict[str, float]:
    from playwright.async_api import async_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Debian chromium is not installed at {CHROMIUM} (apt-get install chromium), "
                         "or use --driver service.")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            print("warm-up: one user, one untimed round …", flush=True)
            warm = time.monotonic()
            await browser_user(browser, base, handles[0], 999, time.monotonic() + MAX_SECONDS, None,
                               rounds=1)
            warm_s = time.monotonic() - warm
            print(f"warm-up done in {warm_s:.1f} s; {users} browser users for {duration:.0f} s", flush=True)
            stop_at = time.monotonic() + duration
            rec.start()
            await asyncio.gather(*(browser_user(browser, base, handles[n], n, stop_at, rec)
                                   for n in range(users)))
        finally:
            await browser.close()
    return {"warmup_s": warm_s}


# ----------------------------------------------------------------------------- the service driver
SERVICE_ACTIONS = ["health", "page load", "sign in", "check feedback", "save reflection", "search guidance"]


def run_service(ctx, base: str, handles: list[str], users: int, duration: float,  # type: ignore[no-untyped-def]
                rec: Recorder) -> dict[str, float]:
    from coach.access import OPERATOR
    from coach.people import SignInService

    signin = SignInService(ctx.db)
    warm = time.monotonic()
    ctx.guidance.search("warm up", k=1)
    ctx.feedback.check(OPERATOR, DRAFTS[0])
    warm_s = time.monotonic() - warm
    print(f"models warmed in-process in {warm_s:.1f} s; {users} service users for {duration:.0f} s",
          flush=True)
    stop_at = time.monotonic() + duration
    rec.start()

    def user(n: int) -> None:
        rng = random.Random(n)
        handle = handles[n % len(handles)]
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
                except Exception as exc:  # every failure is counted and reported, never hidden
                    rec.fail(name, exc)
                    continue
                rec.ok(name, time.perf_counter() - t0)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 300)
    return {"warmup_s": warm_s}


def merged(out: Path, result: dict) -> dict:
    """The results file keeps the latest run of each driver: {"browser": {...}, "service": {...}}.
    A file from before the browser driver (one run, no "driver" field) was a service run."""
    try:
        old = json.loads(out.read_text())
    except (OSError, ValueError):
        old = {}
    runs = {k: v for k, v in old.items() if k in MAX_USERS} if "command" not in old else {"service": old}
    return {**runs, result["driver"]: result}


def healthy_within(base: str, seconds: float) -> float | None:
    """Seconds until /_stcore/health answers 200 after the run (None: not within ``seconds``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if get(f"{base}/_stcore/health", timeout=max(1.0, seconds - (time.monotonic() - start))) == 200:
                return time.monotonic() - start
        except OSError:
            time.sleep(0.5)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", choices=["browser", "service"], default="browser",
                        help="browser (default): Chromium tabs drive the running app over its websocket; "
                             "service: HTTP health/page load plus in-process service calls")
    parser.add_argument("--users", type=int, default=4,
                        help=f"concurrent users (1-{MAX_USERS['browser']} with --driver browser on this "
                             f"2-core machine, 1-{MAX_USERS['service']} with --driver service)")
    parser.add_argument("--duration", type=float, default=60, help=f"seconds of load (1-{MAX_SECONDS})")
    parser.add_argument("--out", type=Path, default=ROOT / "eval/results/load.json")
    args = parser.parse_args()
    users = max(1, min(args.users, MAX_USERS[args.driver]))
    if users != args.users:
        print(f"--users {args.users} is out of range for --driver {args.driver}: using {users}", flush=True)
    duration = max(1.0, min(args.duration, MAX_SECONDS))

    home = Path(tempfile.mkdtemp(prefix="coach-load-"))
    os.environ["COACH_HOME"] = str(home)
    from coach.access import OPERATOR
    from coach.context import Context
    from coach.demo import load_demo
    from coach.people import AccountService
    from coach.store.people import list_people

    ctx = Context()
    load_demo(ctx.db)
    accounts = AccountService(ctx.db)
    handles = [p.handle for p in list_people(ctx.db, role="mentee")][:users]
    if len(handles) < users:
        raise SystemExit(f"the demo program has {len(handles)} mentees; use --users {len(handles)} or fewer")
    for handle in handles:
        if args.driver == "browser":  # Check feedback is a mentor page, Reflect a mentee page
            accounts.set_roles(OPERATOR, handle, ["mentee", "mentor"])
        accounts.set_password(OPERATOR, handle, PASSWORD)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_app(home, port)
    rec = Recorder()
    try:
        startup_s = wait_healthy(base, proc, home)
        print(f"app healthy on {base} after {startup_s:.1f} s", flush=True)
        t_start = time.monotonic()
        if args.driver == "browser":
            extra = asyncio.run(run_browser(base, handles, users, duration, rec))
        else:
            extra = run_service(ctx, base, handles, users, duration, rec)
        wall = time.monotonic() - t_start - extra["warmup_s"]
        load_after = round(os.getloadavg()[0], 2)
        health_after_s = healthy_within(base, 60)
        if health_after_s is None:
            print(f"the app did not answer /_stcore/health within 60 s after the run; its log:\n"
                  f"{app_log(home)}", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(home, ignore_errors=True)

    def pct(values: list[float], q: float) -> float | None:
        return round(float(np.percentile(values, q)) * 1000, 1) if values else None

    lat, errors = rec.lat, rec.errors
    names = BROWSER_ACTIONS if args.driver == "browser" else SERVICE_ACTIONS
    names = names + [n for n in errors if n not in names]
    everything = [v for vs in lat.values() for v in vs]
    per_action = {name: {"ok": len(lat[name]), "errors": len(errors[name]), "p50_ms": pct(lat[name], 50),
                         "p95_ms": pct(lat[name], 95), "p99_ms": pct(lat[name], 99),
                         "first_errors": sorted(set(errors[name]))[:3]}
                  for name in names}
    result = {
        "command": f"python eval/load_test.py --driver {args.driver} --users {users} --duration {duration:g}",
        "driver": args.driver,
        "users": users, "requested_duration_s": duration, "duration_s": round(wall, 1),
        "requests": len(everything),
        "errors": sum(len(e) for e in errors.values()),
        "throughput_per_s": round(len(everything) / wall, 2) if wall else 0.0,
        "p50_ms": pct(everything, 50), "p95_ms": pct(everything, 95), "p99_ms": pct(everything, 99),
        "per_action": per_action, "app_startup_s": round(startup_s, 1),
        "warmup_s": round(extra["warmup_s"], 1),
        "healthy_after": health_after_s is not None,
        "health_after_s": None if health_after_s is None else round(health_after_s, 1),
        "cpus": os.cpu_count(),
        "load_avg": {"before": rec.load_before, "after": load_after},  # 1-minute load average (uptime)
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(merged(args.out, result), indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "per_action"}, indent=2))
    for name, row in per_action.items():
        print(f"  {name:16} ok {row['ok']:5}  errors {row['errors']:3}  p50 {row['p50_ms']} ms  "
              f"p95 {row['p95_ms']} ms  p99 {row['p99_ms']} ms")


if __name__ == "__main__":
    main()
