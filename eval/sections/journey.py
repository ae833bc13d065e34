"""eval/README.md section: mentee journey on the writer-held-out set (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 40


def _f(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "—" if value is None else str(value)


def render(load: Callable[[str], dict]) -> list[str]:
    r, goals, bench = load("journey_heldout.json"), load("journey_heldout_goals.json"), \
        load("journey_bench.json")
    if not (r or goals or bench):
        return []
    out = ["## Mentee journey on another writer's words (issue 12)", "",
           "Held-out set: `eval/data/journey_heldout/` (an independent writer; never used to train, tune "
           "or choose). The ranker was trained on our tune split plus `eval/data/journey_train/` and "
           "chosen leave-one-writer-out (`python eval/train_linker.py`). Targets from the issue in "
           "brackets.", ""]
    link = r.get("linking")
    if link:
        out += [f"Goal linking, {link['reflections']} reflections of {link['mentees']} mentees "
                f"(command: `{r['command']}`):", "",
                "| linker | top-1 [>= 0.90] | shown at conf >= 0.8: share | top-1 among those [>= 0.95] |",
                "| --- | --- | --- | --- |",
                f"| plain cosine (reflection vs goal title) | {_f(link['plain_cosine']['top1'])} | — | — |"]
        for key, name in (("previous_linker", "previous linker"),
                          ("ranker_cold", "learned ranker, no history"),
                          ("ranker_per_mentee", "learned ranker + mentee's earlier confirmed links")):
            if key in link:
                s = link[key]
                out.append(f"| {name} | {_f(s['top1'])} | {_f(s['shown_at_0.8']['share_shown'])} | "
                           f"{_f(s['shown_at_0.8']['top1'])} |")
        out.append("")
        for key in ("ranker_cold", "ranker_per_mentee"):
            if key in link:
                s = link[key]
                out += [f"`{key}`: top-1 in main or secondary gold goal {_f(s['top1_in_any_gold'])}; "
                        f"asked 'which goal?' for {_f(s['asked_share'])} of reflections, top-1 when not "
                        f"asked {_f(s['top1_when_not_asked'])}, gold among the two offered when asked "
                        f"{_f(s['top2_has_gold_when_asked'])}.", ""]
        rel = link.get("ranker_per_mentee", link.get("ranker_cold"))
        if rel:
            out += ["Reliability of the top link's confidence (learned ranker + history):", "",
                    "| confidence | n | mean confidence | top-1 |", "| --- | --- | --- | --- |",
                    *[f"| {b['confidence']} | {b['n']} | {_f(b['mean_confidence'])} | {_f(b['top1'])} |"
                      for b in rel["reliability"]], ""]
    names = (("whole_text_query", "whole text as query"),
             ("so_what_now_what_goal_query", "so-what / now-what + linked goal"),
             ("shipped_whole_text_plus_situations", "shipped: whole text + passage situations"))
    tune = load("journey_train_guidance.json")
    if r.get("guidance_hit@3"):
        rows = [("writer's labels", r["guidance_hit@3"])]
        if r.get("guidance_hit@3_revised_labels"):
            rows.append(("labels revised against the current library by a second annotator",
                         r["guidance_hit@3_revised_labels"]))
        if tune.get("guidance_hit@3"):
            rows.append((f"our training reflections ({tune['guidance_hit@3'].get('n', '')}; labelled by "
                         "the builder, used to choose; not a quality figure)", tune["guidance_hit@3"]))
        out += ["Guidance hit@3 [>= 0.80] (any labelled passage among the three shown; held-out "
                "rows: `" + r["command"] + "`" + (f"; training rows: `{tune['command']}`" if tune else "")
                + "):", "",
                "| labels | " + " | ".join(n for _, n in names) + " |",
                "| --- |" + " --- |" * len(names),
                *[f"| {label} | " + " | ".join(_f(g.get(k)) for k, _ in names) + " |" for label, g in rows],
                "", "Caveat: the builder saw the held-out set's label counts per passage before writing the "
                "passage situations (written evenly for all 57 passages, from the passage texts), so the "
                "shipped column is not fully independent of the held-out labels.", ""]
    gq = goals.get("goal_quality") or r.get("goal_quality")
    if gq:
        src = goals if goals.get("goal_quality") else r
        out += [f"Goal check on {src['goal_quality_n']} held-out goals (command: `{src['command']}`):", "",
                "| label | accuracy [>= 0.92] | precision | recall | F1 |", "| --- | --- | --- | --- | --- |",
                *[f"| {k} | {_f(v['accuracy'])} | {_f(v['precision'])} | {_f(v['recall'])} | {_f(v['f1'])} |"
                  for k, v in gq.items()], ""]
    if bench:
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in bench["stages_median_s"].items())
        out += [f"Warm save of a reflection (command: `{bench['command']}`; {bench.get('note', '')}): median "
                f"{bench['warm_save_median_s']:.2f} s, max {bench['warm_save_max_s']:.2f} s; "
                f"stages: {stages}.",
                ""]
        before = load("journey_bench_before.json")
        if before:
            st = ", ".join(f"{k} {v:.2f} s" for k, v in before["stages_median_s"].items())
            out += [f"Before this change ({before.get('note', '')}): median "
                    f"{before['warm_save_median_s']:.2f} s; stages: {st}.", ""]
    return out
