#!/usr/bin/python3
"""Fits the fp_robust score calibration (core/similarity/score_calibration.h) on null music.

Reads the results of bench/similarity_bench.sh for the FIT null packages only (bench/null_corpus.py
names them): WORK/results_null_fit.jsonl (the full index), WORK/results_null_fit_half.jsonl and
WORK/results_null_fit_half2.jsonl (the odd and the even references), takes each query's best match statistic, and writes the calibration
file. TEST queries are refused: false positives are reported on TEST, never on the fitted set.

Model: expected chance segments per query n(s, L, H) = 10^table(s) * (L/L0)^a * (H/H0)^b, with
n = -ln(1 - FP) and FP(s) the share of null queries whose best statistic is >= s.
- a (length exponent): from 10 s vs 30 s queries, the median over thresholds of
  log(n30/n10)/log(3), clipped to [0.5, 1.5]: chance segments can start anywhere in a query, so
  the count grows about linearly with its length; the clip keeps a small-sample estimate from
  claiming that longer queries are (almost) free or far worse than linear.
- b (index exponent): likewise from the full index vs its two halves (pooled, so that which
  tracks fall in a half averages out; their mean size), clipped to [1, 1.5]: measured over a
  factor of 2 only, it is not extrapolated below linear to indexes hundreds of times larger.
- silent excerpts (under -50 dBFS: long digital silence in some files) are left out.
- knots: at thresholds where 5 or more queries exceed, the maximum-likelihood n for L0, H0
  pooled over all FIT queries (full and half index, both lengths, each weighted by its
  (L/L0)^a (H/H0)^b), raised to the worst single package (of >= 300 queries) wherever that
  package has 5 or more exceeding: a calibration must hold on corpora it has not seen, and
  music differs in how often it meets the index by chance; then made monotone.
- margin (--margin, log10, default 0.5): added to every knot, because the product meets music
  no corpus here contains; the spread between null packages measured so far (one TEST package
  met the index 2-3x as often as any FIT package) says how much.
- tail past the last knot: exponential, the least-squares slope over the top of the empirical
  tail (thresholds with at most 30 exceedances, down to the single strongest query), made
  shallower where needed so that it lies on or above every one of those points.
Deterministic (no randomness; the queries themselves are seeded).
  fit_calibration.py WORK --out resources/calibration/fp_robust.json [--version N]
"""
import argparse
import collections
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from calibration_model import best_statistic, read_results  # noqa: E402
from null_corpus import SILENT_DBFS  # noqa: E402

MIN_KNOT_EXCEEDING = 5
TAIL_EXCEEDING = 30
MIN_PACKAGE_ROWS = 300
KNOT_RATIO = 0.7
REF_SEC = 30


def load(work, name, split_of, pkg_of, silent):
    rows = []
    for qid, o in read_results(os.path.join(work, name)).items():
        if split_of.get(qid) != "fit":
            sys.exit(f"{name}: query {qid} is not a FIT null query; refusing to fit on it")
        if o.get("error") or qid in silent:
            continue
        rows.append((float(o["query_sec"]), float(o["index_hours"]), best_statistic(o),
                     pkg_of[qid]))
    return rows


def chance_count(stats, t):
    """-ln(1 - share >= t) of a list of statistics (None when every query exceeds)."""
    k = sum(1 for s in stats if s >= t)
    if k == len(stats):
        return None
    return -math.log1p(-k / len(stats)), k


def exponent(group_a, group_b, ratio):
    """Median over thresholds of log(n_b/n_a)/log(ratio) where both groups have >= 5 exceeding."""
    values = sorted(set(s for s in group_a + group_b if s > 0))
    est = []
    for t in values:
        ca, cb = chance_count(group_a, t), chance_count(group_b, t)
        if not ca or not cb or ca[1] < MIN_KNOT_EXCEEDING or cb[1] < MIN_KNOT_EXCEEDING:
            continue
        est.append(math.log(cb[0] / ca[0]) / math.log(ratio))
    if not est:
        return None, 0
    est.sort()
    return est[len(est) // 2], len(est)


def mle_count(rows, t, a, b, ref_hours):
    """Maximum-likelihood n at L0, H0 given P(query i exceeds t) = 1 - exp(-n w_i)."""
    hit, miss = [], 0.0
    for sec, hours, s, _ in rows:
        w = (sec / REF_SEC) ** a * (hours / ref_hours) ** b
        if s >= t:
            hit.append(w)
        else:
            miss += w
    if not hit or miss == 0:
        return None

    def slope(n):  # d log-likelihood / dn, decreasing in n
        return sum(w * math.exp(-n * w) / -math.expm1(-n * w) for w in hit) - miss

    lo, hi = 1e-9, 1e3
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if slope(mid) > 0:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--out", required=True)
    ap.add_argument("--version", type=int, default=1)
    ap.add_argument("--min-queries", type=int, default=100)
    ap.add_argument("--margin", type=float, default=0.5,
                    help="log10 added to every chance count, for corpora the fit has not seen "
                         "(default 0.5, i.e. x3: the spread measured between null packages)")
    ap.add_argument("--statistic", default="best verified segment of either direction: "
                    "-log10 P(Binomial(peaks, chance_rate) >= verified)")
    args = ap.parse_args()
    split_of, pkg_of, silent = {}, {}, set()
    for line in open(os.path.join(args.work, "null", "truth.tsv")):
        f = line.rstrip("\n").split("\t")
        split_of[f[0]], pkg_of[f[0]] = f[3], f[2]
        if len(f) > 6 and float(f[6]) < SILENT_DBFS:
            silent.add(f[0])  # digital silence is not music
    full = load(args.work, "results_null_fit.jsonl", split_of, pkg_of, silent)
    halves = [load(args.work, n, split_of, pkg_of, silent)
              for n in ("results_null_fit_half.jsonl", "results_null_fit_half2.jsonl")]
    half = [r for h in halves for r in h]
    if len(full) < args.min_queries:
        sys.exit(f"only {len(full)} FIT null results; run bench/similarity_bench.sh first")
    hours_full = collections.Counter(round(h, 3) for _, h, _, _ in full).most_common(1)[0][0]
    sizes = [collections.Counter(round(x, 3) for _, x, _, _ in h).most_common(1)[0][0]
             for h in halves if h]
    hours_half = round(sum(sizes) / len(sizes), 3) if sizes else None

    by_len = collections.defaultdict(list)
    for sec, _, s, _ in full:
        by_len[10 if sec < 20 else 30].append(s)
    a_raw, a_n = exponent(by_len[10], by_len[30], 3.0)
    a = min(1.5, max(0.5, a_raw)) if a_raw is not None else 1.0
    b_raw, b_n = None, 0
    if half and hours_half and hours_half < hours_full:
        norm = lambda rows: [s for _, _, s, _ in rows]  # same queries, lengths cancel
        b_raw, b_n = exponent(norm(half), norm(full), hours_full / hours_half)
    # Not below linear: the measurement spans a factor of 2 in index size, and the product's
    # indexes are hundreds of times larger; every added track is a new chance to meet.
    b = min(1.5, max(1.0, b_raw)) if b_raw is not None else 1.0

    rows = full + half
    stats = sorted((r[2] for r in rows if r[2] > 0), reverse=True)
    by_pkg = collections.defaultdict(list)
    for r in rows:
        by_pkg[r[3]].append(r)
    big = [v for v in by_pkg.values() if len(v) >= MIN_PACKAGE_ROWS]
    if len(stats) < 2 * MIN_KNOT_EXCEEDING:
        sys.exit(f"only {len(stats)} FIT null queries matched anything; the statistic carries "
                 "no information to fit (is the binary's matcher printing `statistic`?)")
    points = []  # (threshold, log10 n, exceeding)
    k = float(len(stats))
    seen = set()
    while True:
        kk = int(round(k))
        if kk < 1:
            break
        if kk not in seen:
            seen.add(kk)
            t = stats[kk - 1]
            n = mle_count(rows, t, a, b, hours_full)
            # Conservative across corpora: the worst package where it has the evidence.
            for v in big:
                if sum(1 for r in v if r[2] >= t) >= MIN_KNOT_EXCEEDING:
                    np_ = mle_count(v, t, a, b, hours_full)
                    if n is not None and np_ is not None:
                        n = max(n, np_)
            if n is not None:
                points.append((t, math.log10(n), kk))
        if kk == 1:
            break
        k = min(k * KNOT_RATIO, kk - 1)
    knots = []
    for t, lc, kk in sorted(points):
        if kk < MIN_KNOT_EXCEEDING:
            continue
        if knots and t <= knots[-1][0]:
            continue
        lc = min(lc, knots[-1][1] - args.margin) if knots else lc
        knots.append([round(t, 4), round(lc + args.margin, 4)])
    if len(knots) < 2:
        sys.exit("fewer than two knots; more null queries are needed")
    s_last, c_last = knots[-1][0], knots[-1][1] - args.margin
    top = [(t, lc) for t, lc, kk in points if kk <= TAIL_EXCEEDING and t > s_last - 1e-9]
    top_all = [(t, lc) for t, lc, kk in points if kk <= TAIL_EXCEEDING]
    slope = None
    if len(top_all) >= 2:
        mt = sum(t for t, _ in top_all) / len(top_all)
        mc = sum(c for _, c in top_all) / len(top_all)
        var = sum((t - mt) ** 2 for t, _ in top_all)
        if var > 0:
            slope = sum((t - mt) * (c - mc) for t, c in top_all) / var
    if slope is None or slope >= 0:
        slope = -0.1
    lsq = slope
    for t, lc in top:  # never below an observed point past the last knot
        if t > s_last + 1e-9:
            slope = max(slope, (lc - c_last) / (t - s_last))
    slope = min(slope, -1e-3)

    queries = collections.Counter()
    for sec, h, _, _ in rows:
        queries[f"{'10' if sec < 20 else '30'} s, {'half' if h < hours_full - 1e-6 else 'full'} index"] += 1
    out = {
        "version": f"fp_robust-cal-{args.version}",
        "statistic": args.statistic,
        "reference_query_sec": REF_SEC,
        "reference_index_hours": round(hours_full, 3),
        "length_exponent": round(a, 4),
        "index_exponent": round(b, 4),
        "tail_slope": round(slope, 4),
        "knots": knots,
        "fitted_on": sorted(set(pkg_of[q] for q in split_of if split_of[q] == "fit")),
        "command": "bench/similarity_bench.sh build/ci/bin/lemm-vault-server && "
                   f"bench/fit_calibration.py /tmp/lemm-sim-bench --out {args.out} "
                   f"--version {args.version} --margin {args.margin}",
        "unseen_corpus_margin_log10": args.margin,
        "queries": dict(sorted(queries.items())),
        "measured": {
            "length_exponent": None if a_raw is None else round(a_raw, 4),
            "length_thresholds": a_n,
            "index_exponent": None if b_raw is None else round(b_raw, 4),
            "index_thresholds": b_n,
            "index_hours_half": hours_half,
            "tail_least_squares_slope": round(lsq, 4),
            "max_statistic": round(stats[0], 4),
        },
    }
    text = json.dumps(out, indent=2)
    # Knots on one line each keep the file short and readable.
    text = text.replace("[\n      ", "[").replace(",\n      ", ", ").replace("\n    ]", "]")
    with open(args.out, "w") as f:
        f.write(text + "\n")
    print(f"wrote {args.out}: a={a:.3f} (measured {a_raw}), b={b:.3f} (measured {b_raw}), "
          f"tail slope {slope:.3f} (least squares {lsq:.3f}), {len(knots)} knots, "
          f"{len(rows)} FIT queries", file=sys.stderr)


if __name__ == "__main__":
    main()
