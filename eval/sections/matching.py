"""eval/README.md section: mentor matching quality (eval/results/matching.json) and speed (matching_bench.json)."""
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable

ORDER = 60


def _f(value: object, fmt: str = ".3f") -> str:
    return "–" if value is None else format(value, fmt)


def render(load: Callable[[str], dict]) -> list[str]:
    quality, speed, proxy = load("matching.json"), load("matching_bench.json"), load("matching_bench_proxy.json")
    if not quality and not speed and not proxy and not load("matching_bench_10k.json"):
        return []
    lines = ["## Mentor matching", ""]
    if quality:
        systems = quality["systems"]
        lines += [
            f"Command: `python eval/matching_eval.py --out eval/results/matching.json` on `{quality['data']}`",
            f"({quality['mentees']} mentees, {quality['mentors']} mentors), written by another helper who did",
            "not see the matcher; intended pairs from a human coordinator's assignment (`intended.csv`).",
            "Nothing was tuned on it (default weights, fixed before the data existed). Recovery: share of",
            "mentees whose intended mentor was chosen (for the 3 mentees nobody can take: left unmatched).",
            "",
            "| system | recovery | matched % | mentors used % | mean score | min | p10 | load spread | violations |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, v in systems.items():
            s = v["stats"]
            lines.append(f"| {name} | **{v['recovery']['overall']:.3f}** | {s['pct_mentees_matched']:.1f} | "
                         f"{s['pct_mentors_used']:.1f} | {_f(s['score_mean'])} | {_f(s['score_min'])} | "
                         f"{_f(s['score_p10'])} | {s['load_spread']} | {s['violations']} |")
        cases = sorted({c for v in systems.values() for c in v["recovery"]["by_case"]})
        lines += ["", "Recovery by case:", "", "| system | " + " | ".join(
            f"{c} (n={next(iter(systems.values()))['recovery']['by_case'][c]['n']})" for c in cases) + " |",
            "| --- |" + " --- |" * len(cases)]
        for name, v in systems.items():
            lines.append(f"| {name} | " + " | ".join(f"{v['recovery']['by_case'][c]['recovery']:.2f}"
                                                     for c in cases) + " |")
        lines += ["", "Scores of the baselines are the coach pair scores of the pairs they chose; plain argmax",
                  "ignores languages, capacity, exclusions and pins, hence its violations.", ""]
    runs = [(r, "python eval/bench_matching.py --out eval/results/matching_bench.json")
            for r in (speed or {}).get("runs", [])]
    runs += [(r, "python eval/bench_matching.py --sizes 10000x2000 --out eval/results/matching_bench_10k.json")
             for r in load("matching_bench_10k.json").get("runs", [])]
    if runs:
        lines += [
            "Speed (`make bench` runs `python eval/bench_matching.py --out eval/results/matching_bench.json`, both",
            "sizes; the command of each row is below the table). Synthetic cohorts, capacity 5, 2 cores shared",
            "with other work. Bare encode = one sentence-transformers `encode` of each profile's text",
            "(goals+background, expertise+bio). `coach match` runs from the CSV files in a subprocess: cold = fresh",
            "COACH_HOME (every phrase embedded and cached), warm = same home (embeddings cached). Stages are timed",
            "again in the bench process on the warm cache, with tracemalloc peaks. The fit is exact for every pair",
            "(no pruning before scoring); the solver sees each mentee's top 40 candidates plus each mentor's best",
            "mentees.",
            "",
            "| cohort | phrases | bare encode s | cold e2e s | ratio (target ≤ 1.5) | warm e2e s (target < 60) "
            "| cold: embed / score / solve / explain s | peak RSS MB (target < 4096) | warm stages: embed (cache) s, MB / score s, MB / solve s, MB | load avg (1/5/15 min) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        heavy, notes, loaded_rows = False, [], []
        for k, (r, command) in enumerate(runs, 1):
            c, w, st = r.get("cold") or {}, r.get("warm") or {}, r.get("stages_warm") or {}
            t = c.get("timings") or {}
            la = r.get("load_avg", {})
            if any(v[0] > 2 for v in la.values()):
                heavy = True
                loaded_rows.append(f"[{k}]")
            rss = [x["peak_rss_mb"] for x in (c, w) if x]
            stages = (f"{st['embedding_cache_read_s']}, {st['embedding_peak_mb']} / {st['scoring_s']}, "
                      f"{st['scoring_peak_mb']} / {st['solving_s']}, {st['solving_peak_mb']}" if st else "not measured")
            cold = (f"{t['embedding_s']} / {t['scoring_s']} / {t['solving_s']} / {t['explaining_s']}" if t
                    else "not measured")
            ratio = f"**{r['ratio_cold_to_bare_encode']}**" if "ratio_cold_to_bare_encode" in r else "–"
            lines.append(
                f"| {r['mentees']} x {r['mentors']} [{k}] | {r.get('phrases', '–')} | {r.get('bare_encode_s', '–')} | "
                f"{c.get('wall_s', 'not measured')} | {ratio} | **{w.get('wall_s', 'not measured')}** | {cold} | "
                f"{max(rss) if rss else '–'} | {stages} | "
                + "; ".join(f"{name.replace('_', ' ')} {v}" for name, v in la.items()) + " |")
            notes.append(f"[{k}] `{command}`" + ("" if r.get("complete", True) else
                                                 " (stopped after the phases shown: under this load the cold "
                                                 "`coach match` did not finish within the session; not measured "
                                                 "is not a pass)"))
        lines += [""] + [n + "  " for n in notes]
        if heavy:
            lines += ["", f"Rows {', '.join(loaded_rows)} measured **under load** (1-minute load average above 2 on 2 cores: other sessions were",
                      "running): absolute times are inflated; the ratio compares runs made minutes apart. Under",
                      "load the bare encode (torch splitting every batch over two threads) slows down more than",
                      "coach's encoder (one single-threaded torch worker per core, whole batches each), so a ratio",
                      "measured under load flatters coach: only an idle run (load average below 2) settles the",
                      "1.5x target."]
        lines.append("")
    if proxy:
        lines += [
            "Scoring and solving alone: `python eval/bench_matching.py --proxy --sizes 1000x200 10000x2000 "
            "--out eval/results/matching_bench_proxy.json` (same synthetic cohorts, random unit vectors in",
            "place of the model: these stages cost the same for any vectors of that size; tracemalloc peaks).",
            "",
            "| cohort | phrases | scoring s | scoring peak MB | solving s | solving peak MB | whole run_match s "
            "(score / solve / explain) | solver | violations | process peak RSS MB |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in proxy["proxy_runs"]:
            t = r["timings"]
            lines.append(f"| {r['mentees']} x {r['mentors']} | {r['phrases']} | {r['scoring_s']} | "
                         f"{r['scoring_peak_mb']} | {r['solving_s']} | {r['solving_peak_mb']} | {r['run_match_s']} "
                         f"({t['scoring_s']} / {t['solving_s']} / {t['explaining_s']}) | {r['solver']} | "
                         f"{r['violations']} | {r['process_peak_rss_mb']} |")
        load = proxy.get("load_avg") or [proxy.get("load_average_1m_at_end")]
        lines += ["", f"Load average when the run ended: {load} (2 cores shared with other work"
                  + ("; **under load**" if (load[0] or 0) > 2 else "") + ").", ""]
    return lines
