"""eval/README.md section: guidance that fits a reflection, the learned re-ranker (issue 12).

From ``guidance_ranker_cv.json`` (eval/train_guidance_ranker.py): the annotators' agreement on W1
(the ceiling), leave-one-writer-out figures per writer and pooled next to the previous ranking, the
chosen configuration and the grid it was chosen from.
"""

from __future__ import annotations

from collections.abc import Callable

ORDER = 41

ROWS = (("search_only", "library search alone (whole text)"),
        ("shipped_situations", "previous: search fused with passage situations"),
        ("learned", "learned re-ranker (shipped)"),
        ("learned_no_situations", "re-ranker, passage situations removed"),
        ("learned_no_prior", "re-ranker, no passage has label prior / prototype (nobody labelled)"),
        ("shipped_gold_as_uploads", "previous, the labelled passages as uploads (no situations)"),
        ("learned_gold_as_uploads", "re-ranker, the labelled passages as uploads (no situations, "
                                    "label evidence imputed)"))
WRITERS = {"W1": "W1 (dev, eval/data/journey_heldout)",
           **{w: f"{w} (eval/data/journey_train_{w.lower()})"
              for w in ("W3", "W4", "W5", "W6", "W9", "W10", "W13", "W14")}}


def _f(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "—" if value is None else str(value)


def _load(r: dict) -> str:
    lo, hi = r.get("load_avg_start"), r.get("load_avg_end")
    if lo is None:
        return ""
    return f"load average {lo}-{hi}" + (" (under load)" if max(lo, hi or lo) > 2 else "")


def render(load: Callable[[str], dict]) -> list[str]:
    r = load("guidance_ranker_cv.json")
    if not r:
        return []
    out = ["## Guidance that fits a reflection: learned re-ranker (issue 12)", "",
           f"Command: `{r['command']}` ({_load(r)}, {r.get('seconds', '?')} s). Reflections with labels "
           f"per writer: {', '.join(f'{w} {n}' for w, n in r['writers'].items())} (B = the builders' own "
           "labels, only ever trained on, never scored or used for choosing). Target: hit@3 >= 0.80.", ""]
    agree = r.get("annotator_agreement_W1")
    if agree:
        out += ["**Ceiling (how far two annotators agree, W1's 200 dev reflections)**: the writer's own "
                f"list scored against the second annotator's revised set: hit@1 "
                f"{_f(agree['writer_list_vs_revised_set_hit@1'])}, hit@3 "
                f"{_f(agree['writer_list_vs_revised_set_hit@3'])}; the revised list against the writer's "
                f"set: hit@1 {_f(agree['revised_list_vs_writer_set_hit@1'])}, hit@3 "
                f"{_f(agree['revised_list_vs_writer_set_hit@3'])}; the two share a passage in "
                f"{_f(agree['share_any_passage'])} of reflections, the same first choice in "
                f"{_f(agree['same_first_choice'])} (labels per reflection: writer "
                f"{agree['mean_labels']['writer']}, revised {agree['mean_labels']['revised']}). The "
                "reviser saw the first labels and kept them where reasonable, so this agreement is an "
                "upper bound on what independent annotators would share, not an independent one.", ""]
    ch = r["chosen"]
    out += [f"Chosen leave-one-writer-out (mean hit@3 over left-out writers on the writer's labels): "
            f"features `{ch['features']}` ({', '.join(r['chosen_features'])}), L2 {ch['lambda']}, "
            f"re-ranks the top {ch['depth']} search results, builder data in training: "
            f"{'yes' if ch['builder_data'] else 'no'}. Beats the previous ranking on every left-out "
            f"writer: {'yes' if r['beats_shipped_on_every_writer'] else 'NO'}.", "",
            "| left-out writer | labels | ranking | hit@3 [>= 0.80] | hit@5 | recall@10 | n |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for w, entry in r["per_writer"].items():
        for label_key, label in (("writer_labels", "writer's"), ("revised_labels", "revised")):
            for key, name in ROWS[:3]:
                m = entry.get(label_key, {}).get(key)
                if m:
                    out.append(f"| {WRITERS.get(w, w)} | {label} | {name} | {_f(m['hit@3'])} | "
                               f"{_f(m['hit@5'])} | {_f(m['recall@10'])} | {m['n']} |")
    for key, name in ROWS:
        m = r["pooled"].get(key)
        if m:
            out.append(f"| pooled | writer's | {name} | {_f(m['hit@3'])} | {_f(m['hit@5'])} | "
                       f"{_f(m['recall@10'])} | {m['n']} |")
    out += ["", "Session 7: the passage situations (`coach/reflection/data/guidance_situations.json`) "
            "went from about 2 to 26 per passage (24 new ones by three writers with their own voices who "
            "read only the library), three summaries of them joined the features (`all+sit`: best "
            "situation, mean of the three best, whole reflection vs situations, and the same from a "
            "passage's own sentences), and two more independent training writers (W13, W14) joined. "
            "Tried in exploratory runs and not kept, none raising the mean left-out hit@3 by more than "
            "0.003 (no figures here: their scripts are not kept): a softmax classifier over "
            "passages on the reflection vector as one more feature (`clf`, cross-fitted by writer; "
            "still in the feature list as `all+clf`, `all+sit+clf`), a target that weights each label "
            "by 1 / its position, diversifying the top 3 (MMR), and a vote of the nearest situations. "
            "Per writer only the three rankings; the ablations are pooled. The left-out figures "
            "are slightly optimistic: the same writers also chose the configuration among the grid's "
            f"{len(r.get('configs', []))} (the best few are within 0.02 of each other). Uploads: a "
            "program's own passages have no situations and nobody labelled them; when the labelled "
            "passages are made to look like that, the previous fusion never put them in the top 5 "
            "and the re-ranker rarely does (last two rows): a relevant upload is still mostly "
            "outranked by library passages that carry label evidence.", ""]
    bench = load("guidance_bench.json")
    if bench:
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in bench["stages_median_s"].items())
        out += [f"Warm save of a reflection with the re-ranker (command: `{bench['command']}`; load "
                f"average {bench.get('load_avg')}" + (" (under load)" if bench.get("load_avg", 0) > 2 else "")
                + f"): median {bench['warm_save_median_s']:.2f} s, max {bench['warm_save_max_s']:.2f} s "
                f"(target: under 2 s); stages: {stages}.", ""]
    ship = r.get("shipped_model")
    if ship:
        out += [f"Shipped model `{ship['file']}` trained on "
                f"{', '.join(f'{w} {n}' for w, n in ship['trained_on'].items())}; weights (on "
                f"standardised features): {', '.join(f'{k} {v:+.2f}' for k, v in ship['coef'].items())}.",
                ""]
    grid = r.get("configs", [])
    if grid:
        best = sorted(grid, key=lambda c: -c["mean_hit@3"])[:8]
        out += ["Best configurations of the grid (mean left-out hit@3; per writer):", "",
                "| features | L2 | depth | builder data | mean hit@3 | per writer |",
                "| --- | --- | --- | --- | --- | --- |",
                *[f"| {c['features']} | {c['lambda']} | {c['depth']} | "
                  f"{'yes' if c['builder_data'] else 'no'} | {_f(c['mean_hit@3'])} | "
                  f"{', '.join(f'{w} {_f(v)}' for w, v in c['per_writer_hit@3'].items())} |" for c in best],
                ""]
    return out
