"""eval/README.md section: the load test (`make load`), N simulated users against a running app."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 90


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _load_line(r: dict) -> str:
    avg = r.get("load_avg")
    if not avg:
        return "Load average: not recorded for this run."
    busy = max(avg["before"], avg["after"]) > 2
    return (f"Load average (1 min, `uptime`): {avg['before']} at the start, {avg['after']} at the end"
            + (f" — **under load** (more than 2 on {r['cpus']} cores): other work shared the CPUs, "
               "so the latencies are higher than on an idle machine." if busy else "."))


def render(load: Callable[[str], dict]) -> list[str]:
    r = load("load.json")
    if not r:
        return []
    lines = [
        "## Load test",
        "",
        f"Command: `{r['command']}` (`make load`). It starts `streamlit run` itself on a free 127.0.0.1 port "
        "with a scratch COACH_HOME and the demo program, waits for `/_stcore/health`, then runs "
        f"**{r['users']} concurrent users for {r['duration_s']} s** on a {r['cpus']}-core machine shared "
        "with other work. Each user loops over: health check and page load (HTTP against the app), "
        "sign in (argon2), check feedback, save a reflection and search guidance (the service calls the "
        "pages make, run in the load process against the app's database; Streamlit renders pages over "
        "a websocket, which the script does not drive).",
        "",
        _load_line(r),
        "",
        f"Overall: **{r['requests']:,} requests, {r['throughput_per_s']} per second, {r['errors']} errors**; "
        f"latency p50 {_ms(r['p50_ms'])} ms, p95 {_ms(r['p95_ms'])} ms, p99 {_ms(r['p99_ms'])} ms. "
        f"App healthy afterwards: {'yes' if r['healthy_after'] else 'NO'}. App start to healthy: "
        f"{r['app_startup_s']} s; model warm-up before the run: {r['model_warmup_s']} s.",
        "",
        "| action | ok | errors | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in r["per_action"].items():
        lines.append(f"| {name} | {row['ok']:,} | {row['errors']} | {_ms(row['p50_ms'])} | "
                     f"{_ms(row['p95_ms'])} | {_ms(row['p99_ms'])} |")
    errors = [f"{name}: {e}" for name, row in r["per_action"].items() for e in row["first_errors"]]
    if errors:
        lines += ["", "First errors: " + "; ".join(errors)]
    lines.append("")
    return lines
