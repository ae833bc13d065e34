"""eval/README.md section: the feedback checker on a held-out writer, next to LOWO cross-validation."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 20
TARGETS = {"judgmental": 0.92}
LABELS = ("vague", "judgmental", "situation", "behavior", "impact")


def _prf(d: dict | None) -> str:
    if not d:
        return "– | – | –"
    return f"{d['precision']:.3f} | {d['recall']:.3f} | **{d['f1']:.3f}**"


def render(load: Callable[[str], dict]) -> list[str]:
    held, cv, bench = load("feedback_heldout.json"), load("feedback_cv.json"), load("feedback_bench.json")
    if not held or not cv:
        return []
    pool = ", ".join(f"{w} {n}" for w, n in cv["pool"].items())
    s3 = held.get("session3_heads", {})
    lines = [
        "## Feedback checker: held-out writer",
        "",
        f"Test set: **{held['n']} items by writer {', '.join(held['heldout_writer'])}**, whose items were "
        "never used for training, thresholds, lexicons or model choice "
        f"({held['judgmental_positives']} judgmental). Development pool for leave-one-writer-out (LOWO) "
        f"cross-validation: {pool} items (s1 = the first session's own items; w* = independent "
        "writers with their own briefs). One fold per independent writer w1..w4 (s1 always trains); "
        "every setting is chosen on the pooled w1..w4 out-of-fold scores.",
        "",
        f"Commands: `{cv['command']}` (trains, writes `results/feedback_cv.json`), then "
        f"`{held['command']}`.",
        "",
        "| label | held-out P | R | F1 | LOWO CV P | R | F1 |"
        + (" session-3 model on held-out P | R | F1 |" if s3 else "")
        + " session-2 model on held-out P | R | F1 | session-1 heads on held-out P | R | F1 |",
        "| --- | --- | --- | --- | --- | --- | --- |" + (" --- | --- | --- |" if s3 else "")
        + " --- | --- | --- | --- | --- | --- |",
    ]
    prev, s2 = held.get("previous_heads", {}), held.get("session2_heads", {})
    for label in LABELS:
        lines.append(f"| {label} | {_prf(held['checker'][label])} | {_prf(cv['heads'][label]['lowo'])} | "
                     + (f"{_prf(s3.get(label))} | " if s3 else "")
                     + f"{_prf(s2.get(label))} | {_prf(prev.get(label))} |")
    j_held, j_cv = held["checker"]["judgmental"], cv["heads"]["judgmental"]["lowo"]
    gap = j_cv["f1"] - j_held["f1"]
    met = j_held["f1"] >= 0.92 and j_held["precision"] >= 0.90
    lines += [
        "",
        f"Judgmental on the held-out writer: F1 {j_held['f1']:.3f}, precision {j_held['precision']:.3f} "
        f"(target F1 ≥ 0.92 with precision ≥ 0.90: **{'met' if met else 'not met'}**). LOWO CV F1 minus "
        f"held-out F1 = {gap:+.3f} (target |gap| ≤ 0.03: **{'met' if abs(gap) <= 0.03 else 'not met'}**). "
        + ((f"The shipped model is still the session-3 model (`feedback-heads-3`, LR heads without the "
            f"adapter, commit `{held.get('session3_heads_commit', '?')[:10]}`, so those two columns "
            "agree): the LoRA ensemble won CV but was not shipped (its held-out row, the CV/held-out gap "
            "and its latency are below); " if s3.get("judgmental") == held["checker"]["judgmental"] else
            f"The session-3 model is the model this run replaces (`feedback-heads-3`, LR heads without "
            f"the adapter, commit `{held.get('session3_heads_commit', '?')[:10]}`); ") if s3 else "")
        + "the session-2 model is `feedback-heads-2` (commit "
        f"`{held.get('session2_heads_commit', '?')[:10]}`); the session-1 heads were trained on s1 only "
        f"(commit `{held.get('previous_heads_commit', '?')[:10]}`); all through the same checker.",
        "",
        "### Judgmental: models compared on the same splits",
        "",
        "Each candidate's C and thresholds are chosen on the LOWO out-of-fold scores; for the held-out "
        "column it is refitted on the whole pool with those settings. Shipped: "
        f"`{cv['chosen']}`.",
        "",
        "| model | LOWO P | R | F1 | macro F1 over writers | held-out P | R | F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    cands = held.get("candidates", {})
    for name, c in cv["judgmental_comparison"].items():
        lines.append(f"| {name}: {c['description']} | {_prf(c['pooled'])} | {c['macro_f1']:.3f} | "
                     f"{_prf(cands.get(name))} |")
    for name in ("rules_only_any_detector", "rules_only_precise_detectors"):
        if name in cands:
            lines.append(f"| {name.replace('_', ' ')} | – | – | – | – | {_prf(cands[name])} |")
    ablation = load("feedback_cv_without_verdict.json")
    if ablation:
        name = ablation["chosen"]  # the same candidate with the features, from the current CV run
        a = ablation["judgmental_comparison"][name]["pooled"]
        b = cv["judgmental_comparison"].get(name, cv["judgmental_comparison"][cv["chosen"]])["pooled"]
        lines += ["", "Parse verdict features (a person or their work + copula + adjective, a bare "
                  "demonstrative + copula + adjective, \"you\" + negated can/do, stance adverbs; "
                  "`coach/feedback/features.py`), measured alone on the same folds: without them "
                  f"(`{ablation['command']}`) `{name}` has LOWO P {a['precision']:.3f} / "
                  f"R {a['recall']:.3f} / F1 {a['f1']:.3f}; with them {b['precision']:.3f} / "
                  f"{b['recall']:.3f} / {b['f1']:.3f}."]
    lines += _more_writers(load, cv, held)
    lines += _three_heldout(load)
    partial = load("feedback_finetune_partial.json")
    ft = load("feedback_finetune_cv.json")
    if partial and not ft:
        c, done = partial["config"], partial["completed_folds"]
        folds = "; ".join(f"{w}: F1 {d['f1_at_0.5']:.3f} at the fixed threshold 0.5, {d['seconds']:.0f} s"
                          for w, d in done.items())
        lr_folds = cv["judgmental_comparison"][cv["chosen"]]["per_writer"]
        lr = ", ".join(f"{w} {lr_folds[w]['f1']:.3f}" for w in done if w in lr_folds)
        lines += ["", f"LoRA fine-tune of MiniLM (`{partial['command']}`: rank {c['rank']} on the top "
                  f"{c['top']} layer, sentence-level max over the text and its sentences, max_len "
                  f"{c['max_len']}, {c['epochs']} epoch, batch {c['batch']}, {c['threads']} torch "
                  f"threads): **not completed**. Completed folds: {folds} (the shipped LR model on the "
                  f"same fold, at its CV threshold: {lr}). Load average during the run: "
                  f"{partial['load_avg_during_run']}. {partial['status'][0].upper()}"
                  f"{partial['status'][1:]}. One fold is not a model choice; it marks the fine-tune as "
                  "the next thing to measure on a quieter machine."]
    if ft:
        cfg = ft["config"]
        loads = ft.get("fold_load_avg", {})

        def _load(w: str) -> str:
            v = loads.get(w)
            if isinstance(v, dict):
                return f" at load {v['min']:.1f}-{v['max']:.1f}"
            return f" at load {min(v):.1f}-{max(v):.1f}" if v else ""

        secs = ", ".join(f"{w} {t:.0f} s{_load(w)}" for w, t in ft["fold_seconds"].items())
        lines += ["", f"Fine-tuned rows: `{ft['command']}`: LoRA rank {cfg['rank']} on the top "
                  f"{cfg['top']} MiniLM layer(s), sentence-level max, max_len {cfg['max_len']}, "
                  f"{cfg['epochs']} epoch(s), batch {cfg['batch']}, {cfg['threads']} torch threads; "
                  f"fold times {secs} (1-minute load average on 2 shared cores; one fold at a time "
                  "under `nice -n 19`). The held-out column of the "
                  "fine-tuned rows uses the adapter trained on the whole pool "
                  "(`python eval/finetune_feedback.py --ship`)."]
    lines += [
        "",
        "### Rule detectors: precision per detector",
        "",
        f"A detector may force the judgmental verdict on its own only with {cv['force_rule']} "
        "(s1 is excluded: the lexicons were written from it); whether the eligible ones do force it "
        "is a CV choice (`rule_or` of the chosen model). All detectors feed the learned head as "
        "features and place the flag span when the learned decision says judgmental; when it says "
        "not judgmental, no judgment flag is shown.",
        "",
        "| detector | w1..w4 fires | precision | held-out fires | held-out precision | may force | "
        "forces in the shipped model |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    shipped_forces = cv["judgmental_configs"][cv["chosen"]].get("rule_or") == "precise"
    det_cv, det_held = cv["detector_precision_w1_w4"], held.get("detector_precision", {})
    for det in sorted(set(det_cv) | set(det_held)):
        a, b = det_cv.get(det, {}), det_held.get(det, {})
        lines.append(f"| {det} | {a.get('fires', 0)} | {a.get('precision', '–')} | {b.get('fires', 0)} | "
                     f"{b.get('precision', '–')} | {'yes' if det in cv['forcing_detectors'] else 'no'} | "
                     f"{'yes' if shipped_forces and det in cv['forcing_detectors'] else 'no'} |")
    ucc, prev_ucc, tox = held.get("ucc"), held.get("ucc_previous_heads"), held.get("toxicr")
    if ucc:
        lines += [
            "",
            "### External proxies (evaluation only; non-commercial licenses)",
            "",
            f"Unhealthy Comments Corpus, test split, random sample of {ucc['sample']} news comments "
            f"(seed {ucc['seed']}; label = attribute confidence ≥ 0.5). The judgmental verdict is "
            f"scored against each attribute; {ucc['flagged_rate']:.1%} of comments are flagged. News "
            "comments about politics are a different register from feedback to a colleague: the checker "
            "flags verdicts on people (politicians, groups) that UCC annotators mostly did not mark as "
            "unhealthy, so precision is low against every attribute; recall is the more useful figure.",
            "",
            "| UCC attribute | positives | precision | recall | F1 |"
            + (" previous heads P | R |" if prev_ucc else ""),
            "| --- | --- | --- | --- | --- |" + (" --- | --- |" if prev_ucc else ""),
        ]
        for attr, d in ucc.items():
            if isinstance(d, dict):
                p = (prev_ucc or {}).get(attr, {})
                extra = f" {p.get('precision', '–')} | {p.get('recall', '–')} |" if prev_ucc else ""
                lines.append(f"| {attr} | {d['support']} | {d['precision']:.3f} | {d['recall']:.3f} | "
                             f"{d['f1']:.3f} |{extra}")
    if tox:
        lines += ["", f"ToxiCR code-review comments, random sample of {tox['sample']} (seed {tox['seed']}; "
                  f"toxic {tox['support']}): precision {tox['precision']:.3f}, recall {tox['recall']:.3f}, "
                  f"F1 {tox['f1']:.3f}; {tox['false_flag_rate_on_civil']:.1%} of civil comments flagged."]
    lat = bench.get("latency_vs_previous", {}) if bench else {}
    if lat.get("p50_ms"):
        load_avg = lat.get("load_avg", [])
        loaded = bool(load_avg) and max(load_avg) > 2
        p50, p95 = lat["p50_ms"], lat["p95_ms"]
        lines += ["", "### Latency", "",
                  f"Command: `python eval/feedback_bench.py --texts {lat['texts']} --out "
                  "eval/results/feedback_bench.json` "
                  f"(warm single check, {lat['texts']} s1 texts, the session-1 heads, the session-2 "
                  + ("and session-3 models" if "session3" in p50 else "model")
                  + " and the shipped model alternating text by text in one process, so all see "
                  f"the same machine load): p50 {p50['previous']} / {p50.get('session2', '–')} / "
                  f"{p50['shipped']} ms, shipped vs session-1 ratio **{lat['ratio_p50']:.2f}** (target "
                  f"≤ 1.30: **{'met' if lat['ratio_p50'] <= 1.3 else 'not met'}**), vs session-2 "
                  f"{lat.get('ratio_p50_vs_session2', float('nan')):.2f}"
                  + (f", vs session-3 (the model it replaces, p50 {p50['session3']} ms) "
                     f"**{lat['ratio_p50_vs_session3']:.2f}**" if "ratio_p50_vs_session3" in lat else "")
                  + "; p95 "
                  f"{p95['previous']} / {p95.get('session2', '–')} / {p95['shipped']} ms."
                  + (f" Measured **under load** (load average {load_avg}: 1/5/15-minute before, then "
                     "after, on 2 cores), so the absolute times are inflated and only the ratios are "
                     "meaningful." if loaded else "")]
    ens = (load("feedback_bench_ensemble.json") or {}).get("latency_vs_previous")
    if ens and "session3" in ens.get("p50_ms", {}):
        e50 = ens["p50_ms"]
        lines += ["", "The LoRA ensemble (measured, not shipped) in an earlier run of the same command, "
                  f"when it was the shipped model (`eval/results/feedback_bench_ensemble.json`, load "
                  f"{min(ens['load_avg']):.1f}-{max(ens['load_avg']):.1f}): p50 {e50['shipped']} ms against "
                  f"{e50['session3']} ms for `feedback-heads-3`, **{ens['ratio_p50_vs_session3']:.2f}x** "
                  "(target 1.3x: not met; it runs the encoder again over the text and each sentence). The "
                  f"same heads took {e50['session3']} ms then and far less in the run above: absolute times "
                  "moved between the two runs (machine load and what was cached), so only ratios within one "
                  "run are compared."]
    return [*lines, ""]


def _more_writers(load: Callable[[str], dict], cv: dict, held: dict) -> list[str]:
    """Session 6: the same recipe trained with three more independent writers (w6..w8)."""
    cv8, held8 = load("feedback_cv_pool8.json"), load("feedback_heldout_pool8.json")
    if not (cv8 and held8):
        return []
    name = cv8["chosen"]
    c8, h8 = cv8["judgmental_comparison"][name], held8["checker"]
    per = ", ".join(f"{w} {v['f1']:.3f}" for w, v in c8["per_writer"].items())
    before = ", ".join(f"{w} {v['f1']:.3f}" for w, v in
                       cv["judgmental_comparison"][cv["chosen"]]["per_writer"].items())
    extra = {w: n for w, n in cv8["pool"].items() if w not in cv["pool"]}
    gap = c8["pooled"]["f1"] - h8["judgmental"]["f1"]
    labels = "; ".join(f"{lb} {h8[lb]['f1']:.3f} (shipped {held['checker'][lb]['f1']:.3f})"
                       for lb in LABELS)
    return ["", f"More writers (session 6): three more independent writers with their own briefs "
            f"({', '.join(f'{w} {n}' for w, n in extra.items())} items: customer service chat, "
            "mentors inside mentoring programs, high-pressure hierarchical teams) joined the pool and "
            f"the same recipe was retrained (`{cv8['command']}`, then `{held8['command']}`). LOWO "
            f"judgmental F1 {c8['pooled']['f1']:.3f} over {len(c8['per_writer'])} writers ({per}; "
            f"before, on the four-writer pool: {before}), but on the held-out writer "
            f"{h8['judgmental']['f1']:.3f} (P {h8['judgmental']['precision']:.3f}, R "
            f"{h8['judgmental']['recall']:.3f}): a CV/held-out gap of {gap:+.3f}, over the issue's 0.03, "
            f"so it is **not shipped** (held-out F1 per label: {labels}). More writers help on writers "
            "like the pool's and not on w5, which suggests the frozen encoder and linear head, more than "
            "the amount of data, limit the decision. The items stay in `eval/data/feedback/writers/` "
            "(w6..w8) for later work; the shipped model's pool is s1 + w1..w4 "
            "(`eval/feedback_data.py` POOL_WRITERS)."]


def _three_heldout(load: Callable[[str], dict]) -> list[str]:
    """Session 7: two more held-out writers (w9, w10) beside w5, and a blind second annotator on w5."""
    h3, p3, agree = (load("feedback_heldout_w5_w9_w10.json"), load("feedback_heldout_w5_w9_w10_pool8.json"),
                     load("annotator_agreement.json"))
    lines: list[str] = []
    if h3:
        lines += ["", "### Three held-out writers (w5, w9, w10)", "",
                  "Two more writers with their own briefs wrote test items only (w9: marketing, fundraising, "
                  "real estate, fitness, veterinary, online retail; w10: pharmacy and biotech QA, aircraft "
                  "maintenance, architecture, libraries, translation, farming co-operatives; 500 items each, "
                  "40% judgmental). Nothing was trained, tuned or chosen on them; each model below was "
                  f"measured once on them. Commands: `{h3['command']}`"
                  + (f" and, for the seven-writer heads of session 6, `{p3['command']}`" if p3 else "") + ".",
                  "", "| model | writer | n | judgmental P | R | F1 | vague F1 | situation F1 | behavior F1 "
                  "| impact F1 |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, res in (("shipped (`feedback-heads-3`)", h3), ("seven-writer heads (not shipped)", p3)):
            if not res:
                continue
            rows = [*res.get("checker_per_writer", {}).items(), ("all three", res["checker"])]
            for writer, fig in rows:
                j = fig["judgmental"]
                lines.append(f"| {name} | {writer} | {j['n']} | {_prf(j)} | "
                             + " | ".join(f"{fig[lb]['f1']:.3f}" for lb in
                                          ("vague", "situation", "behavior", "impact")) + " |")
        j = h3["checker"]["judgmental"]
        lines += ["", f"Shipped judgmental F1 over the three held-out writers {j['f1']:.3f} (precision "
                  f"{j['precision']:.3f}; target F1 ≥ 0.92 with precision ≥ 0.90: **not met**)."]
        cv8 = load("feedback_cv_pool8.json")
        if p3 and cv8:
            lowo8 = cv8["judgmental_comparison"][cv8["chosen"]]["pooled"]["f1"]
            gap = lowo8 - p3["checker"]["judgmental"]["f1"]
            lines[-1] += (f" The seven-writer heads reach {p3['checker']['judgmental']['f1']:.3f} there; "
                          f"their LOWO F1 ({lowo8:.3f}) is {gap:+.3f} above it "
                          f"({'within' if abs(gap) <= 0.03 else 'over'} the issue's 0.03), so "
                          + ("they could ship." if abs(gap) <= 0.03 else "the shipped model stays."))
    if agree.get("feedback_w5"):
        a = agree["feedback_w5"]
        lines += ["", "**How far two annotators agree** (`" + agree["command"] + "`): a second annotator "
                  "labelled w5's 650 texts blind (the texts and the labeling guide only; never the labels). "
                  f"Against w5's labels: judgmental P {a['judgmental']['precision']:.3f} / R "
                  f"{a['judgmental']['recall']:.3f} / F1 {a['judgmental']['f1']:.3f}, vague F1 "
                  f"{a['vague']['f1']:.3f}. The labels follow the guide closely, so the distance between "
                  "the checker and the target is the model's, not the labels' noise."]
    return lines
