"""eval/README.md section: anonymization, theme quality next to BERTopic, and the themes benchmark."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ORDER = 45


def _anonymization(result: dict[str, Any]) -> list[str]:
    if not result:
        return []
    lines = ["### Anonymization", "",
             f"{result['notes']} labeled notes with {result['entities']} planted details "
             "(`eval/data/anonymization/`, written by another helper). Command: "
             f"`{result['command']}`. A detail counts as removed when all its characters are inside a "
             "detected span; typed recall also needs the right placeholder.", "",
             "| setting | names recall (typed) | contacts recall (typed) | places & orgs recall (typed) | "
             "precision | ms per note |", "| --- | --- | --- | --- | --- | --- |"]
    for name in ("with_roster", "without_roster"):
        r = result[name]
        g = r["groups"]
        cells = " | ".join(f"**{g[k]['recall']:.3f}** ({g[k]['typed_recall']:.3f}, n={g[k]['support']})"
                           for k in ("names", "contacts", "places_orgs"))
        lines.append(f"| {name.replace('_', ' ')} | {cells} | {r['precision']:.3f} | {r['ms_per_note']} |")
    g = result["with_roster"]["groups"]
    met = g["names"]["recall"] >= 0.95 and g["contacts"]["recall"] >= 0.95
    lines += ["", f"Target recall ≥ 0.95 on names and contact details (with the roster): "
              f"**{'met' if met else 'not met'}**. Misses: "
              + ", ".join(f"{m['type']} '{m['text']}'" for m in result["with_roster"]["misses"][:8]), ""]
    return lines


def _quality(result: dict[str, Any]) -> list[str]:
    if not result:
        return []
    ours, bt = result["ours"], result["bertopic"]
    lines = ["### Themes: quality and privacy, next to BERTopic's defaults", "",
             f"{result['notes']} English notes by {result['participants']} participants, "
             f"{result['gold_themes']} gold labels (including `none` and one theme too small to show), "
             f"{result['planted_details']} planted personal details (`eval/data/themes/`, written by "
             f"another helper; {result['set_aside']['non_english']} non-English notes set aside and "
             f"counted). Command: `{result['command']}`. Same MiniLM vectors for both pipelines.", "",
             "| pipeline | themes | purity (outliers left out) | purity (outliers count as misses) | ARI | "
             "outlier share | same themes on a re-run (ARI) | "
             "planted details leaked | time (s) |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             f"| coach (kNN graph + Louvain consensus, c-TF-IDF, gates) | {ours['themes_found']} "
             "found, "
             f"{ours['themes_shown']} shown | {ours['purity']:.3f} | {ours.get('purity_all', 0):.3f} | "
             f"{ours['ari']:.3f} | "
             f"{ours['outlier_share']:.1%} | {ours['stability_ari']:.3f} (shuffled input) | "
             f"**{ours['leaks']}** | {ours['seconds_cluster']} cluster, {ours['seconds_report']} report |"]
    if "skipped" in bt:
        lines.append(f"| BERTopic defaults | {bt['skipped']} | | | | | | | |")
    else:
        lines.append(f"| BERTopic() defaults (UMAP, HDBSCAN, c-TF-IDF) | {bt['themes_found']} | "
                     f"{bt['purity']:.3f} | {bt.get('purity_all', 0):.3f} | {bt['ari']:.3f} | "
                     f"{bt['outlier_share']:.1%} | "
                     f"{bt['stability_ari']:.3f} (two runs) | **{bt['leaks']}** | {bt['seconds']} |")
    lines += ["", "Leaks are counted in everything each pipeline shows or exports: for coach the labels, "
              "keywords, excerpts and the JSON/CSV downloads; for BERTopic its topic names, topic words "
              "and representative documents. ARI is on all notes (an outlier is its own cluster); "
              f"machine load average {result.get('load_avg', '?')} during the run"
              f"{' (under load: times are inflated)' if (result.get('load_avg') or 0) > 2 else ''}.", "",
              "Shown themes (majority gold label): " + ", ".join(ours.get("shown_majority_gold", [])), ""]
    return lines


def _designs(result: dict[str, Any], tune: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if tune:
        lines += ["Where the settings were chosen (`eval/data/themes_tune/`, written by us: the demo "
                  "program's notes labelled by topic, and a templated set), same command:", "",
                  "| tuning notes | notes | gold themes | themes found | purity | ARI | outlier share |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {name} | {r['notes']} | {r['gold_themes']} | {r['themes_found']} | {r['purity']:.3f} | "
                  f"{r['ari']:.3f} | {r['outlier_share']:.1%} |" for name, r in tune.items()]
        lines.append("")
    if result.get("designs"):
        lines += ["Each clustering design was evaluated once on the test notes after being chosen on the "
                  "tuning notes (`eval/results/themes_designs.json`):", "",
                  "| design | themes | purity | ARI | outlier share |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {d['design']} | {d['themes_found']} | {d['purity']:.3f} | {d['ari']:.3f} | "
                  f"{d['outlier_share']:.1%} |" for d in result["designs"]]
        lines += ["", "Why not BERTopic itself: on these notes it leaves far more notes as outliers, its "
                  "topics change between runs, its default labels are stop words, it shows representative "
                  "notes verbatim (names included) and it is slower on CPU (quality table above).", ""]
    return lines


def _bench(result: dict[str, Any]) -> list[str]:
    if not result or not result.get("runs"):
        return []
    lines = ["### Themes benchmark", "",
             f"Command: `{result['command']}` on {result['cpus']} cores shared with other jobs (load "
             f"average {result['load_average_at_start']} at start: absolute times are inflated).", "",
             "| notes | load avg | bare encode (s) | `coach themes` cold (s, peak MB) | "
             "ratio to bare encode | "
             "warm, embeddings cached (s, peak MB) | BERTopic() on the same vectors (s, peak MB) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for run in result["runs"]:
        cold = run.get("cold")
        bt = run.get("bertopic_default", {})
        bt_cell = (f"{bt['seconds']}, {bt['peak_mb']}" if "seconds" in bt
                   else bt.get("skipped") or bt.get("error", "–"))
        warm = run["warm"]
        proxy = " (proxy vectors)" if run.get("proxy_vectors") else ""
        cold_cell = f"{cold['seconds']}, {cold['peak_mb']}" if cold else "not run"
        ratio = run.get("cold_ratio_to_bare_encode", "–")
        load = run.get("load_avg")
        load_cell = f"{load} (under load)" if load is not None and load > 2 else str(load or "–")
        lines.append(f"| {run['notes']:,} | {load_cell} | {run.get('bare_encode_seconds', '–')} | "
                     f"{cold_cell} | "
                     f"{ratio} | {warm['seconds']}, {warm['peak_mb']}{proxy} | {bt_cell} |")
    by_n = {run["notes"]: run for run in result["runs"]}
    ten, big = by_n.get(10_000, {}), by_n.get(100_000, {})
    ratio = ten.get("cold_ratio_to_bare_encode")
    lines += ["", "Targets: end-to-end at most 1.5x one bare encode at 10k: "
              + ((f"**{'met' if ratio <= 1.5 else 'not met'}** ({ratio})" if (ten.get("load_avg") or 0) <= 2
                  else f"**not settled**: {ratio} measured under load (load average {ten.get('load_avg')}; "
                       "torch's two threads in the bare encode suffer more from a busy machine than coach's "
                       "encoder, one single-threaded worker per core, so only an idle run decides)")
                 if ratio else
                 "**not measured** (no cold 10k run; at 1k the ratio includes loading the models)")
              + "; 100k notes under 3 minutes with embeddings cached: "
              + (f"**{'met' if big['warm']['seconds'] <= 180 else 'not met'}** ({big['warm']['seconds']} s)"
                 if big else "**not measured**")
              + "; under 4 GB: "
              + (f"**{'met' if big['warm']['peak_mb'] <= 4096 else 'not met'}** ({big['warm']['peak_mb']} MB)"
                 if big else "**not measured**") + "."]
    for run in result["runs"]:
        if run.get("conditions"):
            lines += ["", f"The {run['notes']:,} row: {run['conditions']}."]
    earlier = result.get("earlier_10k") or []
    if earlier:
        lines += ["", "Earlier 10k cold runs (same command): " + "; ".join(
            f"{e['when']}: {e['cold_seconds']} s / {e['bare_encode_seconds']} s = {e['ratio']}"
            for e in earlier)
            + ". The bare encode and the cold run are measured back to back in one invocation, so the ratio "
              "holds under the conditions of that run; absolute times moved with the machine."]
    prof = result.get("profile")
    if prof:
        top = "; ".join(f"{k} {v} s" for k, v in prof["top_wall_seconds"].items())
        lines += ["", f"Profile at 100k (`{prof['command']}`, {prof['pipeline']}; load {prof['load_avg']}, "
                  f"{prof['wall_seconds']} s wall, {prof['cpu_seconds']} s CPU), wall time by part: {top}. "
                  "Fixed since: keywords from a 20k-note sample, at most 40 themes (fewer excerpts to "
                  "anonymize), more graph neighbours."]
    lines += ["", "Proxy vectors: for sizes without a cold run the embeddings cache was pre-filled with the "
              "mean of each note's three real sentence vectors (encoding 10k-100k notes was not affordable "
              "on the shared machine), so the warm time covers everything after embedding.", ""]
    return lines


def render(load: Callable[[str], dict]) -> list[str]:
    quality = load("themes.json")
    body = (_anonymization(load("anonymization.json")) + _quality(quality)
            + _designs(load("themes_designs.json"), (quality or {}).get("tune", {}))
            + _bench(load("themes_bench.json")))
    return ["## Themes and anonymization", "", *body] if body else []
