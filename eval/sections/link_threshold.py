"""eval/README.md section: the goal-link threshold below which a link is only a suggestion."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 45


def render(load: Callable[[str], dict]) -> list[str]:
    r = load("link_threshold.json")
    if not r:
        return []
    rows = []
    for split in ("cross_writer", "test"):
        if split not in r:
            continue
        s = r[split]
        rows.append(f"| {split} ({s['reflections']} reflections) | {s['auto_links']} | "
                    f"{s['precision']:.3f} | {s['recall']:.3f} | {s['reflections_with_auto_link']:.0%} |")
    return [
        "## Goal links: automatic or suggested",
        "",
        f"A goal is linked automatically from confidence **{r['threshold']:.2f}** "
        "(`LINK_THRESHOLD` in `coach/reflection/linking.py`, the one threshold); below it, the best goal "
        "is a suggestion the mentee confirms or turns down. The threshold is the lowest confidence at "
        f"which automatic links reach precision {r['min_precision']} on "
        f"{r.get('chosen_on', 'the tune split')}; writer A's test split is measured once at it "
        f"(ranker {r.get('ranker', '?')}). Command: `{r['command']}`.",
        "",
        "| split | auto links | precision | recall (of gold links) | reflections with an auto link |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        *_floor(load("min_auto_similarity.json")),
    ]


def _floor(r: dict | None) -> list[str]:
    if not r:
        return []
    rows = [f"| {f['floor']:.2f}{' (shipped)' if abs(f['floor'] - r['shipped']) < 1e-9 else ''} | "
            f"{f['train']['own_goal_automatic']:.3f} | "
            f"{f['train']['foreign_goal_kept_from_automatic']:.3f} | "
            f"{f['dev']['own_goal_automatic']:.3f} | {f['dev']['foreign_goal_kept_from_automatic']:.3f} |"
            for f in r["floors"]]
    return ["Confidences sum to one over a mentee's goals, so a mentee with a single goal would see every "
            "reflection linked to it (seen in Chromium: a reflection about nerves before a talk filed under "
            "\"Decide whether to leave my job\"). A goal is therefore linked automatically only when the "
            f"reflection is also at cosine >= **{r['shipped']:.2f}** to everything written for it "
            "(`MIN_AUTO_SIMILARITY`); below, it is a suggestion. Chosen on the training writers (W3, W4, "
            "builders); W1 (dev) beside it; each reflection once with its own goal alone and once with a "
            f"goal of another mentee alone. Command: `{r['command']}`.", "",
            "| floor | training writers: own goal stays automatic | another mentee's goal kept from "
            "automatic | W1 (dev): own goal automatic | another's goal kept from automatic |",
            "| --- | --- | --- | --- | --- |", *rows, ""]
