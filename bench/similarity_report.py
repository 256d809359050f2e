#!/usr/bin/python3
"""The report of bench/similarity_bench.sh: markdown tables on stdout, optionally the
false-positive curve as a PNG.

Every score of the new engine is recomputed from its match statistic with the calibration file
given (bench/calibration_model.py mirrors core/similarity/score_calibration.cpp), so a freshly fitted file is
judged before the binary compiles it in; an exact (Chromaprint) duplicate keeps 1.0. Results
without a statistic (an old engine) keep the score they printed. False-positive figures and the
thresholds "at 1 % / 0.1 % FP" come from the TEST null packages only.
  similarity_report.py WORK [--calibration FILE] [--index-bytes N] [--plot PNG]
"""
import argparse
import collections
import math
import os
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from calibration_model import Calibration, rate_for_score, read_results  # noqa: E402
from null_corpus import SILENT_DBFS, wav_level  # noqa: E402

SEGMENT_KINDS = ("splice_10", "splice_20", "inside_90")


def pct(x):
    return "–" if x is None else f"{x:.0%}" if x >= 0.1 or x == 0 else f"{x:.1%}"


class Scorer:
    def __init__(self, cal):
        self.cal = cal

    def match_score(self, o, m):
        exact = float(m.get("scores", {}).get("exact", 0) or 0)
        if self.cal is None or "statistic" not in m:
            return float(m["score"])
        robust = self.cal.score(float(m["statistic"]), float(o.get("query_sec", 30)),
                                float(o.get("index_hours", 1)))
        return max(exact, robust)

    def best(self, o):
        return max([self.match_score(o, m) for m in o.get("matches", [])] or [0.0])

    def for_ref(self, o, ref):
        return max([self.match_score(o, m) for m in o.get("matches", []) if m["id"] == ref]
                   or [0.0])


def threshold_at(null_scores, rate):
    """The lowest score that at most `rate` of the null queries reach (> 1: none is low enough)."""
    v = sorted(null_scores, reverse=True)
    k = int(math.floor(rate * len(v) + 1e-9))
    if k >= len(v):
        return 0.0
    return v[k] + 1e-9


def auc(pos, neg):
    """ROC AUC (Mann-Whitney, ties count half)."""
    if not pos or not neg:
        return None
    ranked = sorted([(x, 1) for x in pos] + [(x, 0) for x in neg])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2
        rank_sum += mean_rank * sum(1 for r in ranked[i:j] if r[1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def embedding_of(o, ref):
    for m in o.get("matches", []):
        if m["id"] == ref:
            return float(m.get("scores", {}).get("embedding", 0))
    nb = o.get("embedding_neighbours", [])
    for n in nb:
        if n["id"] == ref:
            return float(n["similarity"])
    # Not listed: at most the last neighbour's similarity (an upper bound, kind to the embedding).
    return float(nb[-1]["similarity"]) if nb else 0.0


def pctl(v, q):
    return sorted(v)[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


def span_error(o, ref, truth):
    """(query-span error, reference-span error, any segment within 1 s, source) of the true
    reference's best segment; None when the reference is not matched."""
    _, _, _, ref_off, qs, qe = truth
    ms = [m for m in o.get("matches", []) if m["id"] == ref]
    if not ms:
        return None
    m = ms[0]
    segs = m.get("segments") or []
    copy = qe - qs
    cands = [(s["query_start"], s["query_end"], s["ref_start"], s["ref_end"]) for s in segs]
    source = "segments"
    if not cands:
        cands = [(m["overlap_start"], m["overlap_end"], m["ref_overlap_start"], m["ref_overlap_end"])]
        source = "overlap"
    errs = []
    for a, b, c, d in cands:
        eq = max(abs(a - qs), abs(b - qe))
        er = max(abs(c - ref_off), abs(d - (ref_off + copy)))
        errs.append((eq, er))
    any_ok = any(eq <= 1 and er <= 1 for eq, er in errs)
    return errs[0][0], errs[0][1], any_ok, source


def source_levels(work, truth):
    """query id -> level (dBFS) of the copied excerpt (q/ID.src.wav), cached in WORK/levels.tsv."""
    path = os.path.join(work, "levels.tsv")
    levels = {}
    if os.path.exists(path):
        for line in open(path):
            q, v = line.split("\t")
            levels[q] = float(v)
    missing = [q for q, t in truth.items() if t[1] != "unknown" and q not in levels]
    for q in missing:
        src = os.path.join(work, "q", q + ".src.wav")
        levels[q] = wav_level(src) if os.path.exists(src) else 0.0
    if missing:
        with open(path, "w") as f:
            for q, v in sorted(levels.items()):
                f.write(f"{q}\t{v:.1f}\n")
    return levels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--calibration", default=None)
    ap.add_argument("--index-bytes", type=int, default=0)
    ap.add_argument("--plot", default=None)
    args = ap.parse_args()
    w = args.work
    cal = Calibration.load(args.calibration) if args.calibration else None
    new, old = Scorer(cal), Scorer(None)

    truth = {}
    for line in open(os.path.join(w, "truth.tsv")):
        f = line.rstrip("\n").split("\t")
        qid, ref, kind, length, off = f[0], f[1], f[2], int(f[3]), float(f[4])
        qs, qe = (float(f[5]), float(f[6])) if len(f) >= 7 else (0.0, float(length))
        truth[qid] = (ref, kind, length, off, qs, qe)
    null_truth, silent = {}, set()
    for line in open(os.path.join(w, "null", "truth.tsv")):
        f = line.rstrip("\n").split("\t")
        null_truth[f[0]] = (int(f[1]), f[2], f[3])
        if len(f) > 6 and float(f[6]) < SILENT_DBFS:
            silent.add(f[0])

    res = read_results(os.path.join(w, "results.jsonl"))
    res_null = read_results(os.path.join(w, "results_null_test.jsonl"))
    res_old = read_results(os.path.join(w, "results_old.jsonl"))
    res_old_null = read_results(os.path.join(w, "results_old_null_test.jsonl"))
    res_cp = read_results(os.path.join(w, "results_chromaprint.jsonl"))
    has_old = bool(res_old) and bool(res_old_null)
    has_cp = bool(res_cp)
    for qid in res_null:
        if null_truth.get(qid, (0, "", ""))[2] != "test":
            sys.exit(f"results_null_test.jsonl holds {qid}, not a TEST null query")
    # Digital silence is not music: counted apart (what the engine does with it is its own row).
    silent_res = {q: o for q, o in res_null.items() if q in silent}
    silent_old = {q: o for q, o in res_old_null.items() if q in silent}
    res_null = {q: o for q, o in res_null.items() if q not in silent}
    res_old_null = {q: o for q, o in res_old_null.items() if q not in silent}

    versions = collections.Counter(o["calibration_version"] for o in res.values()
                                   if "calibration_version" in o)
    print(f"- binary's calibration: {', '.join(versions)}; scores below recomputed with "
          f"**{cal.version if cal else 'the printed scores'}**"
          + (f" ({args.calibration and os.path.basename(args.calibration)})" if cal else ""))
    lat = [o["query_ms"] for o in res.values() if "query_ms" in o]
    lat_null = [o["query_ms"] for o in res_null.values() if "query_ms" in o]
    hours = next(iter(res.values()))["index_hours"] if res else float("nan")
    print(f"- index: {hours:.2f} h of reference music"
          + (f", fp_robust file {args.index_bytes / 1e6:.1f} MB" if args.index_bytes else ""))
    lat_old = [o["query_ms"] for o in list(res_old.values()) + list(res_old_null.values())
               if "query_ms" in o]
    print(f"- query (matching only, copies and null music): p50 {pctl(lat + lat_null, .5):.1f} ms, "
          f"p95 {pctl(lat + lat_null, .95):.1f} ms"
          + (f"; old engine p50 {pctl(lat_old, .5):.1f} ms, p95 {pctl(lat_old, .95):.1f} ms"
             if has_old else ""))
    print()

    # --- false positives on TEST null music, per length
    null_by_len = collections.defaultdict(list)
    null_old_by_len = collections.defaultdict(list)
    for qid, o in res_null.items():
        null_by_len[null_truth[qid][0]].append(new.best(o))
    for qid, o in res_old_null.items():
        null_old_by_len[null_truth[qid][0]].append(old.best(o))
    unknown_by_len = collections.defaultdict(list)
    for qid, o in res.items():
        if truth[qid][1] == "unknown":
            unknown_by_len[truth[qid][2]].append(new.best(o))
    thr = {L: (threshold_at(v, 0.01), threshold_at(v, 0.001)) for L, v in null_by_len.items()}
    thr_old = {L: (threshold_at(v, 0.01), threshold_at(v, 0.001)) for L, v in null_old_by_len.items()}
    pkgs = sorted(set(p for L, p, s in null_truth.values() if s == "test"))
    print(f"### False positives on TEST null music ({', '.join(pkgs)}; never indexed, never fitted)")
    print()
    head = "| length | n | ≥0.7 (target 0) | ≥0.4 (target ≤1 %) | calibration predicts ≥0.4 / ≥0.7 | max score | score at 1 % FP | score at 0.1 % FP |"
    line = "|---|---|---|---|---|---|---|---|"
    if has_old:
        head += " old ≥0.7 | old ≥0.4 | old max | old score at 1 % / 0.1 % FP |"
        line += "---|---|---|---|"
    print(head)
    print(line)
    share = lambda v, t: sum(1 for x in v if x >= t) / len(v) if v else None
    fmt_t = lambda t: "none (>1.0)" if t > 1 else f"{t:.3f}"
    for L in sorted(null_by_len):
        v = null_by_len[L]
        row = (f"| {L} s | {len(v)} | {pct(share(v, .7))} ({sum(1 for x in v if x >= .7)}) | "
               f"{pct(share(v, .4))} ({sum(1 for x in v if x >= .4)}) | "
               f"{pct(rate_for_score(.4))} / {pct(rate_for_score(.7))} | {max(v):.3f} | "
               f"{fmt_t(thr[L][0])} | {fmt_t(thr[L][1])} |")
        if has_old:
            vo = null_old_by_len.get(L, [])
            row += (f" {pct(share(vo, .7))} | {pct(share(vo, .4))} | {max(vo or [0]):.3f} | "
                    f"{fmt_t(thr_old[L][0])} / {fmt_t(thr_old[L][1])} |")
        print(row)
    for L in sorted(set(null_truth[q][0] for q in silent_res)):
        v = [new.best(o) for q, o in silent_res.items() if null_truth[q][0] == L]
        vo = [old.best(o) for q, o in silent_old.items() if null_truth[q][0] == L]
        print(f"| {L} s, silent excerpts (< {SILENT_DBFS:.0f} dBFS, not music) | {len(v)} | "
              f"{pct(share(v, .7))} | {pct(share(v, .4))} | | {max(v):.3f} | | |"
              + (f" {pct(share(vo, .7))} | {pct(share(vo, .4))} | {max(vo or [0]):.3f} | |"
                 if has_old else ""))
    for L in sorted(unknown_by_len):
        v = unknown_by_len[L]
        print(f"| {L} s, held-out wesnoth (same composer) | {len(v)} | {pct(share(v, .7))} | "
              f"{pct(share(v, .4))} | | {max(v):.3f} | | |" + (" | | | |" if has_old else ""))
    print()
    print("Thresholds at 1 % / 0.1 % FP: the lowest score that at most 1 % / 0.1 % of the TEST "
          "null queries of that length reach (with n queries, 0.1 % is resolved only when "
          "n ≥ 1,000; below that it means \"above every null query\"). Rows of 60 and 90 s "
          "queries use the 30 s thresholds.")
    print()

    # --- recall per distortion and length
    def lthr(table, L):
        if L in table:
            return table[L]
        return table.get(30, (2.0, 2.0)) if L > 30 else table.get(min(table, default=0), (2.0, 2.0))

    rows = collections.defaultdict(list)
    levels = source_levels(w, truth)
    silent_copies = collections.Counter()
    for qid, (ref, kind, L, off, qs, qe) in truth.items():
        if kind == "unknown" or qid not in res:
            continue
        if levels.get(qid, 0.0) < SILENT_DBFS:
            silent_copies[truth[qid][0]] += 1  # an excerpt of silence is no copy of music
            continue
        rows[(L, kind)].append(qid)
    print("### Recall (true reference found at or above the threshold)")
    print()
    if silent_copies:
        print(f"Left out: {sum(silent_copies.values())} copies whose excerpt is silence "
              f"(< {SILENT_DBFS:.0f} dBFS; from {', '.join(sorted(silent_copies))}).")
        print()
    head = "| length | distortion | n | recall@1 | ≥0.7 | ≥0.4 | at 1 % FP | at 0.1 % FP |"
    line = "|---|---|---|---|---|---|---|---|"
    if has_old:
        head += " old ≥0.7 | old ≥0.4 | old at 1 % FP | old at 0.1 % FP |"
        line += "---|---|---|---|"
    if has_cp:
        head += " Chromaprint ≥0.7 | Chromaprint ≥0.4 |"
        line += "---|---|"
    head += " median offset error (s) |"
    line += "---|"
    print(head)
    print(line)
    copies_by_len = collections.defaultdict(list)
    copies_old_by_len = collections.defaultdict(list)
    emb_by_len = collections.defaultdict(list)
    for (L, kind) in sorted(rows, key=lambda k: (k[0], k[1])):
        ids = rows[(L, kind)]
        ref = lambda q: truth[q][0]
        sc = [new.for_ref(res[q], ref(q)) for q in ids]
        n = len(ids)
        t1 = sum(1 for q in ids if res[q]["matches"] and res[q]["matches"][0]["id"] == ref(q)) / n
        t1p, t01 = lthr(thr, L)
        rec = lambda v, t: sum(1 for x in v if x >= t) / len(v)
        row = (f"| {L} s | {kind} | {n} | {pct(t1)} | {pct(rec(sc, .7))} | {pct(rec(sc, .4))} | "
               f"{pct(rec(sc, t1p))} | {pct(rec(sc, t01))} |")
        if kind not in SEGMENT_KINDS:
            copies_by_len[L] += sc
            emb_by_len[L] += [embedding_of(res[q], ref(q)) for q in ids]
        if has_old:
            so = [old.for_ref(res_old[q], ref(q)) for q in ids if q in res_old]
            o1, o01 = lthr(thr_old, L)
            row += (f" {pct(rec(so, .7))} | {pct(rec(so, .4))} | {pct(rec(so, o1))} | "
                    f"{pct(rec(so, o01))} |") if so else " | | | |"
            if kind not in SEGMENT_KINDS:
                copies_old_by_len[L] += so
        if has_cp:
            sp = [old.for_ref(res_cp[q], ref(q)) for q in ids if q in res_cp]
            row += f" {pct(rec(sp, .7))} | {pct(rec(sp, .4))} |" if sp else " | |"
        errs = []
        for q in ids:
            for m in res[q]["matches"]:
                if m["id"] == ref(q):
                    errs.append(abs(m["offset_s"] - (truth[q][3] - truth[q][4])))
                    break
        row += f" {statistics.median(errs):.2f} |" if errs and kind not in SEGMENT_KINDS else " – |"
        print(row)
    print()

    # --- localisation
    print("### Localisation of copies inside other music (the true reference's best segment)")
    print()
    print("| query | n | matched | spans from | median query-span error (s) | median reference-span error (s) | both spans within ±1 s | any segment within ±1 s |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in SEGMENT_KINDS:
        ids = [q for q, t in truth.items()
               if t[1] == kind and q in res and levels.get(q, 0.0) >= SILENT_DBFS]
        if not ids:
            continue
        errs = [span_error(res[q], truth[q][0], truth[q]) for q in ids]
        got = [e for e in errs if e]
        src = collections.Counter(e[3] for e in got)
        within = sum(1 for e in got if e[0] <= 1 and e[1] <= 1) / len(ids)
        anyw = sum(1 for e in got if e[2]) / len(ids)
        mq = f"{statistics.median(e[0] for e in got):.2f}" if got else "–"
        mr = f"{statistics.median(e[1] for e in got):.2f}" if got else "–"
        print(f"| {kind} ({truth[ids[0]][2]} s) | {len(ids)} | {pct(len(got) / len(ids))} | "
              f"{', '.join(f'{k} {v}' for k, v in src.items()) or '–'} | {mq} | {mr} | "
              f"{pct(within)} | {pct(anyw)} |")
    print()

    # --- ROC AUC
    print("### ROC AUC, copies (all distortions but splices) vs TEST null music")
    print()
    head = "| length | copies | null | embedding similarity | our score |" + (" old score |" if has_old else "")
    print(head)
    print("|---|---|---|---|---|" + ("---|" if has_old else ""))
    for L in sorted(copies_by_len):
        nulls = [(q, o) for q, o in res_null.items() if null_truth[q][0] == L]
        emb_null = [float(o["embedding_neighbours"][0]["similarity"]) if o.get("embedding_neighbours") else 0.0
                    for _, o in nulls]
        a_emb = auc(emb_by_len[L], emb_null)
        a_new = auc(copies_by_len[L], null_by_len.get(L, []))
        row = f"| {L} s | {len(copies_by_len[L])} | {len(nulls)} | {a_emb:.3f} | {a_new:.3f} |"
        if has_old:
            a_old = auc(copies_old_by_len[L], null_old_by_len.get(L, []))
            row += f" {a_old:.3f} |" if a_old is not None else " – |"
        print(row)
    print()
    print("Embedding: the true reference's similarity for copies (when it is neither matched nor "
          "among the three neighbours listed, the third neighbour's, an upper bound), the best "
          "neighbour's for null queries.")

    if args.plot:
        plot(args.plot, res_null, null_truth, cal, new)


def plot(path, res_null, null_truth, cal, scorer):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    grid = [i / 100 for i in range(0, 101)]
    by_len = collections.defaultdict(list)
    for q, o in res_null.items():
        by_len[null_truth[q][0]].append(o)
    colours = {10: "tab:blue", 30: "tab:orange"}
    for L, os_ in sorted(by_len.items()):
        scores = [scorer.best(o) for o in os_]
        n = len(scores)
        ys = [sum(1 for s in scores if s >= t) / n for t in grid]
        pts = [(t, y) for t, y in zip(grid, ys) if y > 0]
        ax1.step([p[0] for p in pts], [p[1] for p in pts], where="post", color=colours.get(L),
                 label=f"measured, {L} s (n={n})")
        ax1.axhline(1 / n, color=colours.get(L), lw=0.5, ls=":")
        if cal is not None:
            stats = sorted(max([float(m.get("statistic", 0)) for m in o.get("matches", [])] or [0])
                           for o in os_)
            hours = float(os_[0].get("index_hours", 1))
            top = max(stats + [1.0])
            sg = [top * 1.3 * i / 200 for i in range(201)]
            meas = [sum(1 for s in stats if s >= x) / n for x in sg]
            ax2.step([x for x, y in zip(sg, meas) if y > 0], [y for y in meas if y > 0],
                     where="post", color=colours.get(L), label=f"measured, {L} s")
            ax2.plot(sg, [cal.fp_rate(x, L, hours) for x in sg], color=colours.get(L), ls="--",
                     label=f"calibration, {L} s")
    ax1.plot(grid, [rate_for_score(t) for t in grid], "k--", label="calibration (score → rate)")
    ax1.set_yscale("log")
    ax1.set_ylim(1e-4, 1.1)
    ax1.set_xlabel("score threshold")
    ax1.set_ylabel("share of TEST null queries at or above")
    ax1.axvline(0.4, color="grey", lw=0.5)
    ax1.axvline(0.7, color="grey", lw=0.5)
    ax1.legend(fontsize=8)
    ax1.set_title("False positives per query vs score")
    ax2.set_yscale("log")
    ax2.set_ylim(1e-4, 1.1)
    ax2.set_xlabel("best match statistic")
    ax2.set_ylabel("share of TEST null queries at or above")
    ax2.legend(fontsize=8)
    ax2.set_title(f"Statistic → rate ({cal.version if cal else 'no calibration'})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"\n(false-positive curve written to {os.path.basename(path)})")


if __name__ == "__main__":
    main()
