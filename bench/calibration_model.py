"""The score calibration model of core/similarity/score_calibration.{h,cpp}, in Python, for the benchmark
report and the fit (bench/fit_calibration.py). Keep the two in step: the report recomputes every
score from the match's statistic with a calibration file, so it can judge a freshly fitted file
before the binary compiles it in.
"""
import json
import math


class Calibration:
    def __init__(self, obj):
        self.version = obj["version"]
        self.ref_sec = float(obj["reference_query_sec"])
        self.ref_hours = float(obj["reference_index_hours"])
        self.a = float(obj["length_exponent"])
        self.b = float(obj["index_exponent"])
        self.tail = float(obj["tail_slope"])
        self.knots = [(float(s), float(c)) for s, c in obj["knots"]]

    @staticmethod
    def load(path):
        with open(path) as f:
            return Calibration(json.load(f))

    def log10_count(self, statistic):
        k = self.knots
        if statistic <= k[0][0]:
            return k[0][1]
        if statistic >= k[-1][0]:
            return k[-1][1] + self.tail * (statistic - k[-1][0])
        for (s0, c0), (s1, c1) in zip(k, k[1:]):
            if s0 <= statistic < s1:
                return c0 + (statistic - s0) / (s1 - s0) * (c1 - c0)
        return k[-1][1]

    def fp_rate(self, statistic, query_sec, index_hours):
        lc = self.log10_count(statistic)
        lc += self.a * math.log10(max(1.0, query_sec) / self.ref_sec)
        lc += self.b * math.log10(max(1e-3, index_hours) / self.ref_hours)
        return -math.expm1(-(10 ** min(3.0, lc)))

    def score(self, statistic, query_sec, index_hours):
        return score_for_rate(self.fp_rate(statistic, query_sec, index_hours))


def score_for_rate(fp):
    if not fp > 0:
        return 1.0
    return min(1.0, max(0.0, 0.3 * -math.log10(fp) - 0.2))


def rate_for_score(score):
    return 10 ** (-(score + 0.2) / 0.3)


def read_results(path):
    """query id -> the JSON object `similarity query` printed for it (missing file: {})."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    o = json.loads(line)
                    out[o["query"]] = o
    except FileNotFoundError:
        pass
    return out


def best_statistic(result):
    """The strongest statistic of any match of a query (0 when nothing matched)."""
    return max([float(m.get("statistic", 0) or 0) for m in result.get("matches", [])] or [0.0])
