"""The dashboard as plain text (for the CLI): headline figures, then one table per figure."""

from __future__ import annotations

from coach.insights.dashboard import Dashboard

#: The values shown per figure in text, in order.
COLUMNS = {
    "people": (), "active_pairs": ("pairs",), "checkins": ("held", "planned", "kept_share"),
    "reflections": ("reflections", "writers"), "milestones": ("due", "done", "done_share"),
    "goals": ("goals", "milestones", "milestones_done"),
    "feedback": ("checked", "vague_share", "judgmental_share", "sbi_completeness"),
    "unchecked": ("unchecked",),
}


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    if metric.endswith(("_share", "completeness")):
        return f"{value:.0%}"
    return f"{int(value)}"


def dashboard_text(dash: Dashboard) -> str:
    view = dash.cohort or "all cohorts"
    period = f"{dash.months[0]} to {dash.months[-1]}" if dash.months else "no months with data"
    lines = [f"Program dashboard: {view}, {period} (as of {dash.as_of.isoformat()}; groups of at "
             f"least {dash.min_participants} people)"]
    if dash.notice:
        return "\n".join([*lines, dash.notice])
    h = dash.headline()
    lines += [
        f"  mentees {h['mentees'] if h['mentees'] is not None else 'hidden'}, mentors "
        f"{h['mentors'] if h['mentors'] is not None else 'hidden'}, active pairs "
        f"{h['active_pairs'] if h['active_pairs'] is not None else 'hidden'}"
        + (f" ({h['active_pairs_month']})" if h["active_pairs_month"] else ""),
        f"  check-ins held {h['checkins_held']} of {h['checkins_planned']} planned "
        f"({_fmt('kept_share', h['checkins_kept_share'])} of the cadence kept)",
        f"  reflections {h['reflections']}; milestones done {h['milestones_done']} of "
        f"{h['milestones_due']} due; goals {h['goals']}",
        f"  checked drafts {h['drafts_checked']} (vague {_fmt('vague_share', h['vague_share'])}, "
        f"judgmental {_fmt('judgmental_share', h['judgmental_share'])}, SBI completeness "
        f"{_fmt('sbi_completeness', h['sbi_completeness'])}); unchecked {h['drafts_unchecked']}",
        "  (totals count only the groups shown below)",
    ]
    for name, s in dash.series.items():
        columns = COLUMNS[name]
        lines += ["", f"{s.title} (participants: {s.participant})",
                  f"  {'group':10} {'people':>6} " + " ".join(f"{c:>16}" for c in columns)]
        if not s.has_data:
            lines.append("  (nobody in this view yet)")
            continue
        for c in s.cells:
            if not c.shown:
                lines.append(f"  {c.key:10} {'':>6} hidden: {c.hidden}")
                continue
            lines.append(f"  {c.key:10} {c.participants:>6} "
                         + " ".join(f"{_fmt(m, c.values.get(m)):>16}" for m in columns))
        if not s.cells:
            lines.append("  (nothing in this period)")
    return "\n".join(lines)
