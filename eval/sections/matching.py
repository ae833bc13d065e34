"""eval/README.md section: mentor matching quality (eval/results/matching.json) and speed (matching_bench.json)."""
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable

ORDER = 60


def _f(value: object, fmt: str = ".3f") -> str:
    return "–" if value is None else format(value, fmt)


def render(load: Callable[[str], dict]) -> list[str]:
    quality, speed, proxy = load("matching.json"), load("matching_bench.json"), load("matching_bench_proxy.json")
    if not quality and not speed and not proxy:
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
    if speed:
        lines += [
            "Speed: `python eval/bench_matching.py --out eval/results/matching_bench.json` (synthetic",
            f"cohorts, capacity 5, {speed.get('cpus')} cores shared with other work; `coach match` run from CSV",
            "in a subprocess, cold = fresh COACH_HOME, warm = embeddings cached; stages timed on the warm",
            "cache with tracemalloc peaks).",
            "",
            "| cohort | phrases | bare encode s | cold e2e s | ratio (target ≤ 1.5) | warm e2e s (target < 60) "
            "| cold: embed / score / solve / explain s | peak RSS MB (target < 4096) | warm stages: score s, MB / solve s, MB |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in speed["runs"]:
            c, w, st = r["cold"], r["warm"], r["stages_warm"]
            t = c["timings"]
            lines.append(
                f"| {r['mentees']} x {r['mentors']} | {r['phrases']} | {r['bare_encode_s']} | {c['wall_s']} | "
                f"**{r['ratio_cold_to_bare_encode']}** | **{w['wall_s']}** | {t['embedding_s']} / "
                f"{t['scoring_s']} / {t['solving_s']} / {t['explaining_s']} | {max(c['peak_rss_mb'], w['peak_rss_mb'])} | "
                f"{st['scoring_s']}, {st['scoring_peak_mb']} / {st['solving_s']}, {st['solving_peak_mb']} |")
        lines += ["", f"1-minute load average when the run ended: {speed.get('load_average_1m_at_end')}. "
                  "10k x 2k end to end was not measured yet (see the stand-in rows below for its scoring "
                  "and solving)."]
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
        lines += ["", f"1-minute load average when the run ended: {proxy.get('load_average_1m_at_end')} "
                  f"(2 cores shared with other work).", ""]
    return lines
