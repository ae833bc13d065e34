"""eval/README.md section: the load test (`make load`), N simulated users against a running app."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 90

HOW = {
    "browser": "Each user is a tab (its own browser context) in one headless Debian Chromium driven by "
               "Playwright, so every action goes through the app's websocket, runs the page script and "
               "renders like a real visit. A user signs in through the form (argon2), then loops: open "
               "Reflect, write and save a reflection (until \"Saved.\" shows), open Guidance and search "
               "(until the first result shows), switch role to mentor, open Check feedback, type a draft "
               "and press Ctrl+Enter (until the highlighted draft shows), switch back to mentee. Latency = "
               "click to result visible; errors = timeouts, exceptions and error elements on the page. "
               "One untimed warm-up round comes first (the app loads its models on first use).",
    "service": "Each user is a thread: health check and page load are HTTP requests to the app; sign-in, "
               "check feedback, save a reflection and search guidance are the library service calls the "
               "pages make, run in the load process against the app's database (no websocket, no page "
               "rendering: an upper bound on what the library does, not what a browser user sees).",
}
TITLE = {"browser": "Browser driver (real page visits)",
         "service": "Service driver (HTTP + in-process service calls, not the browser path)"}


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _load_line(r: dict, driver: str) -> str:
    avg = r.get("load_avg")
    if not avg:
        return "Load average: not recorded for this run."
    busy = max(avg["before"], avg["after"]) > 2
    who = ("the app, the load test's own Chromium and any other work shared the CPUs"
           if driver == "browser" else "other work shared the CPUs")
    return (f"Load average (1 min, `uptime`): {avg['before']} at the start, {avg['after']} at the end"
            + (f" — **under load** (more than 2 on {r['cpus']} cores): {who}, "
               "so the latencies are higher than on an idle machine." if busy else "."))


def _run(driver: str, r: dict) -> list[str]:
    unit = "actions" if driver == "browser" else "requests"
    warm = r.get("warmup_s", r.get("model_warmup_s"))
    healthy = "yes" if r["healthy_after"] else "NO"
    if r.get("health_after_s") is not None:
        healthy += f" (answered in {r['health_after_s']} s)"
    lines = [
        f"### {TITLE[driver]}",
        "",
        f"Command: `{r['command']}`"
        + (" (run before `--driver` existed, when this was the only mode)" if r.get("legacy") else "")
        + f". **{r['users']} concurrent users**, {r['duration_s']} s from the start "
        "of the timed run until the last in-flight action finished (no action starts after the "
        f"`--duration`), on a {r['cpus']}-core machine shared with other work. {HOW[driver]}",
        "",
        _load_line(r, driver),
        "",
        f"Overall: **{r['requests']:,} {unit}, {r['throughput_per_s']} per second, {r['errors']} errors**; "
        f"latency p50 {_ms(r['p50_ms'])} ms, p95 {_ms(r['p95_ms'])} ms, p99 {_ms(r['p99_ms'])} ms. "
        f"App healthy afterwards: {healthy}. App start to healthy: {r['app_startup_s']} s"
        + (f"; warm-up before the timed run: {warm} s." if warm is not None else "."),
        "",
        "| action | ok | errors | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in r["per_action"].items():
        lines.append(f"| {name} | {row['ok']:,} | {row['errors']} | {_ms(row['p50_ms'])} | "
                     f"{_ms(row['p95_ms'])} | {_ms(row['p99_ms'])} |")
    fewest = min((row["ok"] for row in r["per_action"].values() if row["ok"]), default=0)
    if fewest < 20:
        lines += ["", f"Few samples (as few as {fewest} per action): p95 and p99 are close to the "
                      "slowest sample and only indicative; a longer `SECONDS=` gives firmer percentiles."]
    errors = [f"{name}: {e}" for name, row in r["per_action"].items() for e in row["first_errors"]]
    if errors:
        lines += ["", "First errors: " + "; ".join(errors)]
    lines.append("")
    return lines


def render(load: Callable[[str], dict]) -> list[str]:
    data = load("load.json")
    if not data:
        return []
    runs = {"service": data} if "command" in data else data  # a file from before the browser driver
    service = runs.get("service")
    if service and "--driver" not in service["command"]:  # run before --driver existed: it was this one
        runs["service"] = {**service, "command": service["command"].replace(
            "load_test.py", "load_test.py --driver service"), "legacy": True}
    lines = [
        "## Load test",
        "",
        "`make load` (`DRIVER=browser USERS=4 SECONDS=60` by default) starts `streamlit run` itself with "
        "`COACH_AUTH=password` on a free 127.0.0.1 port, with a scratch COACH_HOME holding the demo program "
        "and one password account per user (mentee + mentor roles for the browser driver), waits for "
        "`/_stcore/health`, runs the users for a bounded time and writes `eval/results/load.json` (the "
        "latest run of each driver).",
        "",
    ]
    for driver in ("browser", "service"):
        if driver in runs:
            lines += _run(driver, runs[driver])
    return lines
