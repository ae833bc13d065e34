"""eval/README.md section: program dashboard speed and memory on a synthetic 10k-person program
(eval/results/insights.json, written by eval/bench_insights.py)."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 75


def render(load: Callable[[str], dict]) -> list[str]:
    b = load("insights.json")
    if not b:
        return []
    rows = b["rows"]
    return [
        "## Program dashboard (insights)",
        "",
        f"Command: `{b['command']}` (also in `make bench`). A synthetic program generated with a fixed",
        f"seed: {rows['people']:,} people ({rows['pairs']:,} pairs), {rows['checkins']:,} check-ins, "
        f"{rows['notes']:,} reflections,",
        f"{rows['goals']:,} goals with {rows['milestones']:,} milestones, {rows['feedback_drafts']:,} "
        "checked drafts. Each view is the whole",
        "service call (read the rows, build the grids, gate every cell), best of 3, in a fresh process.",
        "",
        "| view | wall (s) | CPU (s) | groups shown |",
        "| --- | --- | --- | --- |",
        f"| whole program, all months | {b['whole_program_s']} | **{b['whole_program_cpu_s']}** | "
        f"{b['whole_program_cells_shown']} |",
        f"| one cohort, six months | {b['cohort_and_period_s']} | **{b['cohort_and_period_cpu_s']}** | "
        f"{b['cohort_and_period_cells_shown']} |",
        "",
        f"Peak RSS of the measuring process (imports included): **{b['peak_rss_mb']} MB**. The machine "
        f"was shared (1-minute load average {b['load_average_1min']} on {b['cpus']} cores), so wall "
        "time is inflated; CPU time is the better figure. The page reuses a view for 60 s.",
        "",
    ]
