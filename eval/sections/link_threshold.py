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
    ]
