#include "core/similarity/robust_index.h"

#include "core/base/assert.h"
#include "core/similarity/score_calibration.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace lemm::core {

using namespace robust;

namespace {

constexpr int kFactorSteps = 12;       // hypotheses k = -12..12
constexpr double kFactorStep = 0.0125; // in ln: ±16 %
constexpr int kMinHits = 5;
constexpr int kMinAnchors = 4;
constexpr double kOffsetWindow = 4.0; // frames either side of the best offset
constexpr int kPitchWindow = 8;       // 1/16 semitone either side (half a semitone)
// A vote maximum on the edge of the searched range is not a located maximum (the optimum lies
// outside, and chance alignments favour the edges): only maxima inside these bounds count.
constexpr int kMaxAcceptedFactorStep = 10;    // ±13.3 % of the ±16 % searched
constexpr int32_t kMaxAcceptedPitch = 3 * 16; // ±3 semitones of the ±4 searched
constexpr int kBinsPerFrame = 4;              // offset resolution of the Hough vote
constexpr size_t kMinStopBucket = 2000;       // buckets this large and 20x the mean are skipped
constexpr uint64_t kMaxGridBins = uint64_t(64) << 20; // stage 1's offset grid: 64 MiB at most
constexpr uint32_t kTracksPerPart = 1024; // stage 1 counts hits in parts of this many tracks
// Verification: a query peak lands on a reference peak within these tolerances (frames, 1/16
// semitone) under the proposed transform.
constexpr double kVerifyDt = 1.5;
constexpr int32_t kVerifyDf = 6;
// Decoy offsets, as shares of the reference's length, for the chance rate.
constexpr double kDecoyShifts[] = {0.137, 0.271, 0.389, 0.523, 0.611, 0.743, 0.859, 0.929};
constexpr size_t kMaxSegments = 4;
constexpr double kChanceBinFrames = 62.5; // 2 s: the resolution of the local chance rate
constexpr double kMinSegmentLlr = 3.0;    // nats: weaker runs are not segments
constexpr int kMinVerified = 5;           // proposals verified at least
// The least chance rate verification assumes: what reference peaks spread evenly at the
// usual density (12 per second) give at the tolerances above, about 1.2 peaks within the
// time window times 13 of the ~750 pitch steps. Decoys that land less often than that (a
// sparse or tonally distant stretch of the reference) would otherwise flatter chance
// agreements.
constexpr double kMinChanceRate = 0.02;

} // namespace

double longestSegmentSec(const std::vector<RobustSegment> &segments, double fallbackSec)
{
    if (segments.empty())
        return std::max(0.0, fallbackSec);
    double best = 0;
    for (const RobustSegment &s : segments)
        best = std::max(best, s.seconds());
    return best;
}

double overlapOf(const RobustMatch &m)
{
    return longestSegmentSec(m.segments, m.queryEnd - m.queryStart);
}

RobustIndex::VoteGrid RobustIndex::voteGrid(const std::vector<Hit> &hits,
                                            const RobustFingerprint &q)
{
    uint32_t maxRef = 0, maxQuery = 0;
    for (const Hit &h : hits) {
        maxRef = std::max(maxRef, h.tRef);
        maxQuery = std::max(maxQuery, q.triplets[h.q].t1);
    }
    VoteGrid g;
    g.base = -double(maxQuery) * std::exp(kFactorSteps * kFactorStep) - 1;
    g.width = int(2 * kOffsetWindow * kBinsPerFrame) + 1;
    g.range = size_t((double(maxRef) - g.base) * kBinsPerFrame) + size_t(g.width) + 2;
    return g;
}

// Few hits over a long track (chance candidates): sort the offsets per hypothesis and slide
// the window over them.
RobustIndex::Vote RobustIndex::voteSorted(const std::vector<Hit> &hits, const RobustFingerprint &q)
{
    Vote best;
    std::vector<double> offsets;
    offsets.reserve(hits.size());
    for (int k = -kFactorSteps; k <= kFactorSteps; ++k) {
        const double a = std::exp(k * kFactorStep);
        offsets.clear();
        for (const Hit &h : hits)
            offsets.push_back(h.tRef - q.triplets[h.q].t1 / a);
        std::sort(offsets.begin(), offsets.end());
        size_t lo = 0;
        for (size_t hi = 0; hi < offsets.size(); ++hi) {
            while (offsets[hi] - offsets[lo] > 2 * kOffsetWindow)
                ++lo;
            best.consider(int(hi - lo + 1), k, offsets[lo]);
        }
    }
    return best;
}

// Many hits (a copy): count them in quarter-frame bins and slide the window (linear in the
// hits; sorting was the largest cost on long copies).
RobustIndex::Vote RobustIndex::voteBinned(const std::vector<Hit> &hits, const RobustFingerprint &q,
                                          const VoteGrid &g)
{
    Vote best;
    std::vector<uint16_t> bins(g.range);
    const size_t width = size_t(g.width);
    for (int k = -kFactorSteps; k <= kFactorSteps; ++k) {
        const double a = std::exp(k * kFactorStep);
        std::fill(bins.begin(), bins.end(), uint16_t(0));
        size_t first = bins.size(), last = 0;
        for (const Hit &h : hits) {
            // In range by construction: voteGrid() puts `base` below every offset and sizes
            // `range` past the largest.
            const size_t b = size_t((h.tRef - q.triplets[h.q].t1 / a - g.base) * kBinsPerFrame);
            if (bins[b] < UINT16_MAX)
                ++bins[b];
            first = std::min(first, b);
            last = std::max(last, b);
        }
        int window = 0;
        for (size_t b = first; b <= last + width && b < bins.size(); ++b) {
            window += bins[b];
            if (b >= first + width)
                window -= bins[b - width];
            best.consider(window, k, g.base + double(b + 1 - width) / kBinsPerFrame);
        }
    }
    return best;
}

// The window's centre is not the cluster's: the count stays flat while the cluster moves
// inside the window. The median of the offsets the best window holds.
double RobustIndex::windowMedian(const std::vector<Hit> &hits, const RobustFingerprint &q,
                                 const Vote &best, int width)
{
    const double a = std::exp(best.k * kFactorStep);
    const double from = best.offset, to = best.offset + double(width) / kBinsPerFrame;
    std::vector<double> inside;
    for (const Hit &h : hits) {
        const double o = h.tRef - q.triplets[h.q].t1 / a;
        if (o >= from && o < to)
            inside.push_back(o);
    }
    std::nth_element(inside.begin(), inside.begin() + long(inside.size() / 2), inside.end());
    return inside.empty() ? from + kOffsetWindow : inside[inside.size() / 2];
}

// Refines the line t_ref = offset + t_q / a by least squares over the inliers of the best
// hypothesis (neighbouring hypotheses often tie on short queries); the offset is then the
// median residual of the inliers (the window's centre can be frames away from where the
// peaks actually line up, and verification looks frames closely).
RobustIndex::LineFit RobustIndex::fitLine(const std::vector<Hit> &hits, const RobustFingerprint &q,
                                          int k, double offset)
{
    LineFit fit;
    fit.a = std::exp(k * kFactorStep);
    fit.offset = offset;
    for (int pass = 0; pass < 2; ++pass) {
        fit.inliers.clear();
        for (const Hit &h : hits)
            if (std::abs(h.tRef - q.triplets[h.q].t1 / fit.a - fit.offset) <= kOffsetWindow)
                fit.inliers.push_back(&h);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const Hit *h : fit.inliers) {
            const double x = q.triplets[h->q].t1, y = h->tRef;
            sx += x, sy += y, sxx += x * x, sxy += x * y;
        }
        const double n = double(fit.inliers.size());
        const double den = n * sxx - sx * sx;
        if (n < 3 || den <= 1e-9)
            break;
        const double slope = (n * sxy - sx * sy) / den; // = 1 / a
        const double fitted = std::clamp(1.0 / slope, std::exp(-(kFactorSteps + 1) * kFactorStep),
                                         std::exp((kFactorSteps + 1) * kFactorStep));
        const bool settled = std::abs(fitted - fit.a) < 1e-4;
        fit.a = fitted;
        fit.offset = (sy - sx / fit.a) / n;
        if (settled)
            break;
    }
    if (!fit.inliers.empty()) {
        std::vector<double> residuals;
        for (const Hit *h : fit.inliers)
            residuals.push_back(h->tRef - q.triplets[h->q].t1 / fit.a);
        std::nth_element(residuals.begin(), residuals.begin() + long(residuals.size() / 2),
                         residuals.end());
        fit.offset = residuals[residuals.size() / 2];
    }
    return fit;
}

// The pitch shift (median of the inliers') and how many distinct anchors agree with it;
// nothing when the shift lies outside the accepted range.
std::optional<RobustIndex::PitchVote> RobustIndex::pitchOf(const std::vector<const Hit *> &inliers,
                                                           const RobustFingerprint &q)
{
    std::vector<int32_t> df;
    for (const Hit *h : inliers)
        df.push_back(h->dF1);
    if (df.empty())
        return std::nullopt;
    std::nth_element(df.begin(), df.begin() + long(df.size() / 2), df.end());
    const int32_t pitch = df[df.size() / 2];
    if (std::abs(pitch) > kMaxAcceptedPitch)
        return std::nullopt;
    std::vector<uint32_t> anchors;
    for (const Hit *h : inliers)
        if (std::abs(h->dF1 - pitch) <= kPitchWindow) {
            anchors.push_back(q.triplets[h->q].t1);
        }
    std::sort(anchors.begin(), anchors.end());
    const int m = int(std::unique(anchors.begin(), anchors.end()) - anchors.begin());
    return PitchVote{pitch, m};
}

// Hough vote over time-factor hypotheses and offsets for one candidate's hits, refined by least
// squares; nothing when no hypothesis inside the accepted range collects kMinHits votes.
std::optional<RobustIndex::Proposal>
RobustIndex::propose(uint32_t track, const std::vector<Hit> &hits, const RobustFingerprint &q)
{
    // Per hypothesis, the densest window of offsets (kOffsetWindow either way); `offset` is
    // the window's start, then its median.
    const VoteGrid grid = voteGrid(hits, q);
    Vote best = hits.size() * 64 < grid.range ? voteSorted(hits, q) : voteBinned(hits, q, grid);
    best.offset = windowMedian(hits, q, best, grid.width);
    if (best.count < kMinHits || std::abs(best.k) > kMaxAcceptedFactorStep)
        return std::nullopt;
    const LineFit fit = fitLine(hits, q, best.k, best.offset);
    const std::optional<PitchVote> pitch = pitchOf(fit.inliers, q);
    if (!pitch || pitch->anchors < kMinAnchors)
        return std::nullopt;
    return Proposal{track, best.count, pitch->anchors, fit.a, fit.offset, pitch->shift};
}

namespace {

// log10 P(X >= k) for X ~ Binomial(n, p), k > n p (0 otherwise).
double log10BinomialTail(int n, int k, double p)
{
    if (k <= 0 || p >= 1)
        return 0.0;
    if (k > n)
        return -300.0;
    if (double(k) <= n * p)
        return 0.0;
    const double lp = std::log(p), lq = std::log1p(-p);
    auto logTerm = [&](int j) {
        return std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0) + j * lp +
               (n - j) * lq;
    };
    double logSum = logTerm(k);
    for (int j = k + 1; j <= n; ++j) {
        const double t = logTerm(j);
        const double hi = std::max(logSum, t);
        logSum = hi + std::log1p(std::exp(-std::abs(logSum - t)));
        if (t < logSum - 35)
            break;
    }
    return std::min(0.0, logSum / std::log(10.0));
}

} // namespace

// The query's peaks (frame, 1/16 semitone), in time order: its own peaks, or, for a
// fingerprint read back from storage, the anchors of its triplets.
std::vector<RobustIndex::PeakPoint> RobustIndex::queryPeaks(const RobustFingerprint &q)
{
    std::vector<PeakPoint> out;
    if (!q.peaks.empty()) {
        out.reserve(q.peaks.size());
        for (const SpectralPeak &p : q.peaks)
            out.push_back({p.frame, int32_t(std::lround(p.semitone * 16.0))});
        return out;
    }
    for (const Triplet &t : q.triplets)
        out.push_back({t.t1, int32_t(t.f1)});
    std::sort(out.begin(), out.end(), [](const PeakPoint &x, const PeakPoint &y) {
        return x.frame != y.frame ? x.frame < y.frame : x.pitch < y.pitch;
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const PeakPoint &x, const PeakPoint &y) {
                              return x.frame == y.frame && x.pitch == y.pitch;
                          }),
              out.end());
    return out;
}

bool RobustIndex::landsOn(std::span<const uint32_t> peaks, double frame, int32_t pitch)
{
    if (frame < -kVerifyDt)
        return false;
    const uint32_t lo = uint32_t(std::max(0.0, std::ceil(frame - kVerifyDt)));
    const uint32_t hi = uint32_t(std::floor(frame + kVerifyDt));
    auto it = std::lower_bound(peaks.begin(), peaks.end(), lo << 10);
    for (; it != peaks.end() && (*it >> 10) <= hi; ++it)
        if (std::abs(int32_t(*it & 1023u) - pitch) <= kVerifyDf)
            return true;
    return false;
}

bool RobustIndex::landsOnPeak(uint32_t track, double frame, int32_t pitch) const
{
    return landsOn(peaksOf(track), frame, pitch);
}

void RobustIndex::refine(Proposal &h, const std::vector<PeakPoint> &peaks) const
{
    // The vote locates a transform to a few frames and a percent of tempo; verification
    // looks a frame and a half either way. Settle offset, time factor and pitch on the
    // query peaks that land (coordinate search, coarse to fine), anchored at the query's
    // middle so that a tempo change does not move the offset there.
    if (peaks.empty())
        return;
    const double mid = peaks[peaks.size() / 2].frame;
    auto landed = [&](double a, double centre, int32_t pitch) {
        int k = 0;
        for (size_t i = 0; i < peaks.size(); i += 2)
            k += landsOnPeak(h.track, centre + (peaks[i].frame - mid) / a, peaks[i].pitch - pitch);
        return k;
    };
    double centre = h.offset + mid / h.a, a = h.a;
    int32_t pitch = h.pitch;
    int best = landed(a, centre, pitch);
    auto tryOne = [&](double na, double nc, int32_t np) {
        const int k = landed(na, nc, np);
        if (k > best) {
            best = k;
            a = na, centre = nc, pitch = np;
        }
    };
    for (int round = 0; round < 2; ++round) {
        const double c0 = centre, a0 = a;
        const int32_t p0 = pitch;
        for (int d = -4; d <= 4; ++d)
            tryOne(a0, c0 + d, p0);
        const double c1 = centre;
        for (int d = -4; d <= 4; ++d)
            tryOne(a0 * std::exp(d * 0.003), c1, p0);
        const double a1 = a, c2 = centre;
        for (int d = -4; d <= 4; d += 2)
            tryOne(a1, c2, p0 + d);
    }
    h.a = a;
    h.pitch = pitch;
    h.offset = centre - mid / a;
}

std::vector<RobustSegment>
RobustIndex::verify(const Proposal &h, const std::vector<PeakPoint> &peaks, double querySec) const
{
    // Which query peaks land on the reference's peaks under the proposal, and how often the
    // same peak lands when the query is laid over the same reference at decoy offsets
    // (wrapping round its ends).
    const double refFrames = std::max(1.0, m_durations[h.track] / kHopSeconds);
    std::vector<Landing> landings;
    landings.reserve(peaks.size());
    for (const PeakPoint &p : peaks) {
        const double tr = h.offset + p.frame / h.a;
        const int32_t pr = p.pitch - h.pitch;
        int decoy = 0;
        for (double shift : kDecoyShifts) {
            double td = std::fmod(tr + shift * refFrames, refFrames);
            decoy += landsOnPeak(h.track, td < 0 ? td + refFrames : td, pr);
        }
        landings.push_back({double(p.frame), landsOnPeak(h.track, tr, pr),
                            decoy / double(std::size(kDecoyShifts))});
    }
    return segmentsOf(h, landings, querySec);
}

std::vector<RobustSegment> RobustIndex::verifyDense(const Proposal &h,
                                                    const std::vector<uint32_t> &dense,
                                                    double querySec) const
{
    // The other way round: which of the reference's peaks inside the proposed overlap find a
    // query peak among the query's dense peaks (a copy under louder music keeps most of them
    // there), against how many the reference's peaks at decoy offsets find (per query second).
    const std::span<const uint32_t> ref = peaksOf(h.track);
    const double refFrames = std::max(1.0, m_durations[h.track] / kHopSeconds);
    const double qFrames = querySec / kHopSeconds;
    const size_t bins = size_t(qFrames / kChanceBinFrames) + 1;
    std::vector<double> chanceHits(bins, 0), chancePeaks(bins, 0);
    // Calls fn(query frame, query pitch) for each reference peak that the window starting at
    // reference frame `start` maps into the query; `wrap`: the window continues at the
    // reference's start when it runs past its end (decoys).
    auto visit = [&](double start, bool wrap, auto &&fn) {
        const double end = start + qFrames / h.a;
        auto range = [&](double lo, double hi, double base) {
            lo = std::max(0.0, lo);
            hi = std::min(refFrames, hi);
            if (hi <= lo)
                return;
            auto it = std::lower_bound(ref.begin(), ref.end(), uint32_t(std::ceil(lo)) << 10);
            for (; it != ref.end() && double(*it >> 10) < hi; ++it) {
                const double tq = (double(*it >> 10) - base) * h.a;
                if (tq >= 0 && tq < qFrames)
                    fn(tq, int32_t(*it & 1023u) + h.pitch);
            }
        };
        range(start, end, start);
        if (wrap && end > refFrames)
            range(0, end - refFrames, start - refFrames);
    };
    for (double shift : kDecoyShifts) {
        const double start = std::fmod(h.offset + shift * refFrames, refFrames);
        visit(start < 0 ? start + refFrames : start, true, [&](double tq, int32_t pq) {
            const size_t b = size_t(tq / kChanceBinFrames);
            chancePeaks[b] += 1;
            chanceHits[b] += landsOn(dense, tq, pq);
        });
    }
    double allHits = 0, allPeaks = 0;
    for (size_t b = 0; b < bins; ++b)
        allHits += chanceHits[b], allPeaks += chancePeaks[b];
    const double overall = (allHits + 1) / (allPeaks + 2);
    std::vector<Landing> landings;
    visit(h.offset, false, [&](double tq, int32_t pq) {
        const size_t b = size_t(tq / kChanceBinFrames);
        const double local = (chanceHits[b] + 4 * overall) / (chancePeaks[b] + 4);
        landings.push_back({tq, landsOn(dense, tq, pq), local});
    });
    std::sort(landings.begin(), landings.end(),
              [](const Landing &x, const Landing &y) { return x.frame < y.frame; });
    return segmentsOf(h, landings, querySec);
}

RobustIndex::Run RobustIndex::bestRun(const std::vector<Landing> &landings, size_t from, size_t to,
                                      double p1, double p0)
{
    // Maximum-sum subarray (Kadane) of the landings' log-likelihood ratios.
    const double wHit = std::log(p1 / p0), wMiss = std::log((1 - p1) / (1 - p0));
    Run best{from, from, 0.0};
    double run = 0;
    size_t start = from;
    for (size_t i = from; i < to; ++i) {
        if (run <= 0) {
            run = 0;
            start = i;
        }
        run += landings[i].hit ? wHit : wMiss;
        if (run > best.llr)
            best = {start, i + 1, run};
    }
    return best;
}

std::pair<size_t, size_t> RobustIndex::tighten(const std::vector<Landing> &landings, double p0,
                                               size_t lo, size_t hi)
{
    // The run was found assuming a copy lands at a modest rate, so it may reach into
    // neighbouring material that lands a little above chance (other music in the same key
    // and metre). Re-fit the copy's rate to the run's own and take the best sub-run again:
    // material that lands closer to chance than to the copy's rate falls away at the ends.
    int hits = 0;
    for (size_t i = lo; i < hi; ++i)
        hits += landings[i].hit;
    const double p1 = std::clamp(double(hits) / double(hi - lo), 0.0, 0.95);
    if (p1 <= 2 * p0)
        return {lo, hi};
    const Run r = bestRun(landings, lo, hi, p1, p0);
    return r.llr > 0 ? std::pair{r.lo, r.hi} : std::pair{lo, hi};
}

std::vector<RobustSegment>
RobustIndex::segmentsOf(const Proposal &h, const std::vector<Landing> &landings, double querySec)
{
    const size_t n = landings.size();
    if (n == 0)
        return {};
    double chanceSum = 0;
    for (const Landing &l : landings)
        chanceSum += l.chance;
    const double p0 = std::clamp(chanceSum / double(n), kMinChanceRate, 0.9);
    // Segments: maximal runs whose log-likelihood ratio (a copy landing at rate p1 against
    // chance p0) sums highest; the best run first, then the best of what is left either side.
    const double p1 = std::clamp(4 * p0, 0.15, 0.6);
    std::vector<RobustSegment> out;
    std::vector<std::pair<size_t, size_t>> todo{{0, n}};
    while (!todo.empty() && out.size() < kMaxSegments) {
        const auto [from, to] = todo.back();
        todo.pop_back();
        const Run run = bestRun(landings, from, to, p1, p0);
        if (run.llr < kMinSegmentLlr)
            continue;
        const size_t bestLo = run.lo, bestHi = run.hi;
        // The evidence is the whole run (a run tightened to its densest part would flatter
        // chance); the spans are the tightened run's.
        RobustSegment s;
        double chance = 0;
        for (size_t i = bestLo; i < bestHi; ++i) {
            ++s.peaks;
            s.verified += landings[i].hit;
            chance += landings[i].chance;
        }
        s.chanceRate = std::clamp(chance / s.peaks, kMinChanceRate, 0.9);
        s.statistic = -log10BinomialTail(s.peaks, s.verified, s.chanceRate);
        const auto [first, last] = tighten(landings, p0, bestLo, bestHi);
        s.queryStart = landings[first].frame * kHopSeconds;
        s.queryEnd =
            std::min(querySec, landings[last - 1].frame * kHopSeconds + kFftSize / double(kRate));
        s.timeFactor = h.a;
        s.pitchFactor = std::pow(2.0, h.pitch / 16.0 / 12.0);
        s.refStart = (h.offset + landings[first].frame / h.a) * kHopSeconds;
        s.refEnd = s.refStart + (s.queryEnd - s.queryStart) / h.a;
        out.push_back(s);
        if (bestLo > from)
            todo.push_back({from, bestLo});
        if (bestHi < to)
            todo.push_back({bestHi, to});
    }
    std::sort(out.begin(), out.end(), [](const RobustSegment &x, const RobustSegment &y) {
        return x.statistic > y.statistic;
    });
    return out;
}

// The buckets a query reads, (query triplet, key) pairs in the query's order. Two bounds on the
// work, both on the evidence a bucket carries (a key shared by n of the index's postings is
// worth about log(N / n)): keys shared by very many postings (stationary tones, silence-like
// material) are skipped like stop-words; and when the probed buckets hold more than the probe
// budget, only the rarest are read, up to the budget (the common keys they leave out carry the
// least evidence per posting read and the most chance hits). The default budget (2,000,000
// postings) is five times what a 10 s query's pitch windows hold at 1,000 hours, so it binds
// only on larger indexes; at 10,000 hours it holds the query to about 45 ms on one core with
// the same recall (docs/benchmarks.md).
std::vector<RobustIndex::Probe> RobustIndex::allProbesOf(const RobustFingerprint &q) const
{
    const size_t meanBucket = size_t(double(m_postings) / double(kKeySpace)) + 1;
    const size_t stopBucket = std::max(kMinStopBucket, 20 * meanBucket);
    std::vector<Probe> probes;
    for (uint32_t qi = 0; qi < q.triplets.size(); ++qi)
        for (uint32_t key : probeKeys(q.triplets[qi])) {
            const std::span<const Posting> base = basePostings(key);
            const size_t delta = deltaPostings(key).size();
            const size_t n = base.size() + delta;
            if (n == 0 || n > stopBucket)
                continue;
            // Only the postings a plausible pitch shift reaches are read (the base's buckets
            // are sorted by pitch); the whole delta is read and filtered.
            const std::span<const Posting> window = pitchWindow(base, q.triplets[qi].f1);
            if (window.size() + delta > 0)
                probes.push_back({qi, key, window, window.size() + delta});
        }
    return probes;
}

std::vector<RobustIndex::Probe> RobustIndex::probesOf(const RobustFingerprint &q) const
{
    std::vector<Probe> probes = allProbesOf(q);
    uint64_t total = 0;
    for (const Probe &p : probes)
        total += p.size;
    if (total <= uint64_t(m_probeBudget))
        return probes;
    // Rarest first (ties in query order, so the choice is deterministic), up to the budget.
    std::vector<uint32_t> order(probes.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return probes[a].size < probes[b].size; });
    std::vector<bool> kept(probes.size(), false);
    uint64_t read = 0;
    for (uint32_t i : order) {
        if (read + probes[i].size > uint64_t(m_probeBudget))
            break;
        read += probes[i].size;
        kept[i] = true;
    }
    std::vector<Probe> out;
    for (size_t i = 0; i < probes.size(); ++i)
        if (kept[i])
            out.push_back(probes[i]);
    return out;
}

RobustIndex::ProbeCost RobustIndex::probeCost(const RobustFingerprint &q) const
{
    ProbeCost cost;
    for (const Probe &p : allProbesOf(q))
        cost.wanted += qint64(p.size);
    for (const Probe &p : probesOf(q))
        cost.read += qint64(p.size);
    return cost;
}

// Stage 1's offset grid for one query: for each track, bins of 2^shift reference frames of
// offset (reference frame - query frame, shifted by the query's length so that it is never
// negative), laid end to end in one array. The bin is at least the rank window (the stretch
// range over the query's length): a real match's hits pile up within one or two neighbouring
// bins, chance hits spread over the whole track. A track's cell keeps where its bins are, its
// hits and its rank together (one cache line per hit counted); removed tracks have no bins.
struct RobustIndex::OffsetGrid {
    struct Cell {
        uint32_t first = 0, bins = 0;
        uint16_t count = 0, rank = 0;
    };
    int shift = 5;
    uint32_t queryFrames = 0;
    std::vector<Cell> cells;   // by track
    std::vector<uint8_t> bins; // hits per bin, saturating
};

void RobustIndex::fillOffsetGrid(const RobustFingerprint &q, OffsetGrid &g) const
{
    g.shift = 5;
    g.queryFrames = 0;
    for (const Triplet &t : q.triplets)
        g.queryFrames = std::max(g.queryFrames, t.t1 + 1);
    const int window =
        32 * (std::max(4, int(std::ceil(0.32 * q.durationSec / kHopSeconds / 32.0)) + 2));
    while ((1 << g.shift) < window)
        ++g.shift;
    // Bounded whatever a track table claims: track lengths are capped at the longest frame a
    // posting can carry (22 bits) and the grid at kMaxGridBins, coarser bins past that.
    constexpr double kMaxFrames = double(1u << 22);
    g.cells.assign(m_ids.size(), {});
    for (;; ++g.shift) {
        uint64_t total = 0;
        for (size_t t = 0; t < m_ids.size(); ++t) {
            const double frames = std::min(kMaxFrames, m_durations[t] / kHopSeconds);
            const uint64_t n =
                m_removed[t] ? 0
                             : ((uint64_t(std::max(0.0, frames)) + g.queryFrames) >> g.shift) + 2;
            g.cells[t].first = uint32_t(std::min<uint64_t>(total, UINT32_MAX));
            g.cells[t].bins = uint32_t(std::min<uint64_t>(n, UINT32_MAX));
            total += n;
        }
        if (total <= kMaxGridBins || g.shift >= 22) {
            g.bins.assign(size_t(std::min<uint64_t>(total, kMaxGridBins)), 0);
            break;
        }
    }
}

namespace {
// One plausible hit as stage 1 keeps it: its track, offset bin and the posting's place in the
// order the probes were read.
struct Seen {
    uint32_t track, bin, at;
};
} // namespace

// Stage 1's working memory, kept by each querying thread from one query to the next (its size
// follows the index: at 10,000 hours about 40 MB per thread), so that a query neither
// allocates nor faults in fresh pages for it.
struct RobustIndex::Stage1Scratch {
    OffsetGrid grid;
    std::vector<std::vector<Seen>> parts;
};

// Stage 1: the tracks with the most hits at one offset, and their hits. Pass 1 reads every
// posting of the probes once and counts each plausible hit by track and by offset bin; a
// track's rank is the most hits in two neighbouring bins (what a coarse Hough vote on the
// offset gives). Only the `keep` best-ranked tracks with at least kMinHits hits go on, and their
// hits are gathered from what pass 1 kept, never by reading the postings again. The counting
// is done in two steps so that neither misses the cache at any index size: each plausible hit
// is appended, as (track, offset bin, where it was read), to the part of its track (tracks in
// runs of kTracksPerPart: sequential writes); then each part's hits are counted into its
// tracks' cells and bins, a few kilobytes that stay in cache while the part is counted.
std::vector<RobustIndex::Candidate> RobustIndex::candidates(const RobustFingerprint &q,
                                                            size_t keep) const
{
    const std::vector<Probe> probes = probesOf(q);
    const uint32_t bt = baseTracks();
    // Where each probe's postings start in that order: its base window, then its delta.
    std::vector<uint32_t> probeStart(probes.size() + 1, 0);
    for (size_t i = 0; i < probes.size(); ++i)
        probeStart[i + 1] = probeStart[i] + uint32_t(probes[i].size);
    auto postingAt = [&](size_t pi, uint32_t local) -> const Posting & {
        const Probe &pr = probes[pi];
        return local < pr.base.size() ? pr.base[local]
                                      : deltaPostings(pr.key)[local - pr.base.size()];
    };
    thread_local Stage1Scratch scratch;
    OffsetGrid &g = scratch.grid;
    fillOffsetGrid(q, g);
    std::vector<std::vector<Seen>> &parts = scratch.parts;
    parts.resize((m_ids.size() + kTracksPerPart - 1) / kTracksPerPart);
    for (std::vector<Seen> &part : parts)
        part.clear();
    for (size_t pi = 0; pi < probes.size(); ++pi) {
        const Triplet &t = q.triplets[probes[pi].q];
        const uint32_t n = uint32_t(probes[pi].size);
        for (uint32_t local = 0; local < n; ++local) {
            const Posting &p = postingAt(pi, local);
            // A damaged file's base postings that name no base track are skipped; no plausible
            // pitch shift explains a pair further apart than kMaxPitchShift.
            if ((local < probes[pi].base.size() && p.track >= bt) || m_removed[p.track] ||
                std::abs(int32_t(t.f1) - int32_t(p.packed & 1023u)) > kMaxPitchShift)
                continue;
            const uint32_t bin =
                uint32_t((uint64_t(p.packed >> 10) + g.queryFrames - t.t1) >> g.shift);
            parts[p.track / kTracksPerPart].push_back({p.track, bin, probeStart[pi] + local});
        }
    }
    uint8_t *bins = g.bins.data();
    const uint64_t gridEnd = g.bins.size();
    for (const std::vector<Seen> &part : parts)
        for (const Seen &hit : part) {
            OffsetGrid::Cell &c = g.cells[hit.track];
            if (c.count < UINT16_MAX)
                ++c.count;
            const uint64_t lo = c.first, hi = std::min<uint64_t>(gridEnd, lo + c.bins);
            if (lo >= hi)
                continue;
            const uint64_t b = std::min<uint64_t>(lo + hit.bin, hi - 1);
            if (bins[b] < UINT8_MAX)
                ++bins[b];
            const int left = b > lo ? bins[b - 1] : 0, right = b + 1 < hi ? bins[b + 1] : 0;
            c.rank = std::max<uint16_t>(c.rank, uint16_t(bins[b] + std::max(left, right)));
        }
    std::vector<Candidate> ranked;
    for (uint32_t t = 0; t < g.cells.size(); ++t)
        if (g.cells[t].count >= kMinHits)
            ranked.push_back({t, g.cells[t].rank, {}});
    if (ranked.size() > keep) {
        // Best rank first, ties to the lower track number: the same choice on every run.
        auto better = [](const Candidate &a, const Candidate &b) {
            return a.rank != b.rank ? a.rank > b.rank : a.track < b.track;
        };
        std::nth_element(ranked.begin(), ranked.begin() + long(keep), ranked.end(), better);
        ranked.resize(keep);
    }
    std::sort(ranked.begin(), ranked.end(),
              [](const Candidate &a, const Candidate &b) { return a.track < b.track; });
    // The kept tracks' hits, from their parts (each part holds its tracks' hits in the order
    // they were read).
    for (size_t i = 0; i < ranked.size();) {
        const uint32_t part = ranked[i].track / kTracksPerPart;
        size_t end = i;
        while (end < ranked.size() && ranked[end].track / kTracksPerPart == part)
            ++end;
        for (size_t k = i; k < end; ++k)
            ranked[k].hits.reserve(g.cells[ranked[k].track].count);
        for (const Seen &hit : parts[part]) {
            const auto it = std::lower_bound(
                ranked.begin() + long(i), ranked.begin() + long(end), hit.track,
                [](const Candidate &c, uint32_t track) { return c.track < track; });
            if (it == ranked.begin() + long(end) || it->track != hit.track)
                continue;
            const size_t pi =
                size_t(std::upper_bound(probeStart.begin(), probeStart.end(), hit.at) -
                       probeStart.begin()) -
                1;
            const Posting &p = postingAt(pi, hit.at - probeStart[pi]);
            const uint32_t qi = probes[pi].q;
            it->hits.push_back(
                {qi, p.packed >> 10, int32_t(q.triplets[qi].f1) - int32_t(p.packed & 1023u)});
        }
        i = end;
    }
    // The hits in one canonical order, whatever order the buckets hold their postings in
    // (base buckets by pitch, delta buckets by insertion): the votes below see the same input.
    for (Candidate &c : ranked)
        std::sort(c.hits.begin(), c.hits.end(), [](const Hit &x, const Hit &y) {
            return std::tie(x.q, x.tRef, x.dF1) < std::tie(y.q, y.tRef, y.dF1);
        });
    return ranked;
}

// Stage 1 for a query: the proposals worth verifying, most agreeing anchors first.
std::vector<RobustIndex::Proposal> RobustIndex::strongestProposals(const RobustFingerprint &q,
                                                                   int maxResults) const
{
    const size_t keep = size_t(std::max(50, 10 * maxResults));
    std::vector<Proposal> proposals;
    for (const Candidate &c : candidates(q, keep))
        if (auto p = propose(c.track, c.hits, q))
            proposals.push_back(*p);
    // Verify the strongest proposals only.
    std::sort(proposals.begin(), proposals.end(),
              [](const Proposal &x, const Proposal &y) { return x.anchors > y.anchors; });
    if (proposals.size() > size_t(std::max(kMinVerified, maxResults)))
        proposals.resize(size_t(std::max(kMinVerified, maxResults)));
    return proposals;
}

// The query's dense peaks packed like the index's (frame << 10 | 1/16 semitone), sorted.
std::vector<uint32_t> RobustIndex::packedDensePeaks(const RobustFingerprint &q)
{
    std::vector<uint32_t> dense;
    dense.reserve(q.densePeaks.size());
    for (const SpectralPeak &p : q.densePeaks)
        dense.push_back(p.frame << 10 |
                        uint32_t(std::clamp(std::lround(p.semitone * 16.0), 0l, 1023l)));
    std::sort(dense.begin(), dense.end());
    return dense;
}

std::vector<RobustSegment> RobustIndex::verifyBothWays(const Proposal &h, const QueryPoints &points,
                                                       double querySec) const
{
    // Both directions: query peaks on the reference's, and the reference's among the query's
    // dense peaks (which keeps a copy under louder music); the stronger counts.
    std::vector<RobustSegment> segments = verify(h, points.peaks, querySec);
    if (points.dense.empty())
        return segments;
    std::vector<RobustSegment> other = verifyDense(h, points.dense, querySec);
    if (!other.empty() &&
        (segments.empty() || other.front().statistic > segments.front().statistic))
        segments = std::move(other);
    return segments;
}

RobustMatch RobustIndex::matchOf(const Proposal &h, std::vector<RobustSegment> segments,
                                 const ScoreCalibration &cal, double querySec) const
{
    LEMM_VERIFY_OR_DEBUG_ASSERT(!segments.empty())
    {
        return {};
    }
    const double indexHours = m_liveSeconds / 3600.0;
    for (RobustSegment &s : segments) {
        s.falsePositiveRate = cal.falsePositiveRate(s.statistic, querySec, indexHours);
        s.score = ScoreCalibration::scoreForRate(s.falsePositiveRate);
    }
    const RobustSegment &best = segments.front();
    RobustMatch r;
    r.trackId = m_ids[h.track];
    r.score = best.score;
    r.falsePositiveRate = best.falsePositiveRate;
    r.significance = best.statistic;
    r.matches = h.anchors;
    r.coverage = best.peaks ? double(best.verified) / best.peaks : 0.0;
    r.timeFactor = h.a;
    r.pitchFactor = best.pitchFactor;
    r.offsetSec = h.offset * kHopSeconds;
    r.queryStart = best.queryStart;
    r.queryEnd = best.queryEnd;
    r.refStart = best.refStart;
    r.refEnd = best.refEnd;
    r.segments = std::move(segments);
    return r;
}

void RobustIndex::rank(std::vector<RobustMatch> &matches, int maxResults)
{
    std::sort(matches.begin(), matches.end(), [](const RobustMatch &x, const RobustMatch &y) {
        return x.significance != y.significance ? x.significance > y.significance
                                                : x.matches > y.matches;
    });
    if (int(matches.size()) > maxResults)
        matches.resize(size_t(maxResults));
}

// The stages in order: propose (candidates, Hough vote), refine, verify (both ways), localise
// (segments) and score; see the header.
std::vector<RobustMatch> RobustIndex::query(const RobustFingerprint &q, int maxResults,
                                            double minScore) const
{
    std::vector<Proposal> proposals = strongestProposals(q, maxResults);
    const QueryPoints points{queryPeaks(q), packedDensePeaks(q)};
    const ScoreCalibration &cal = ScoreCalibration::active();
    std::vector<RobustMatch> out;
    for (Proposal &h : proposals) {
        refine(h, points.peaks);
        std::vector<RobustSegment> segments = verifyBothWays(h, points, q.durationSec);
        if (segments.empty())
            continue;
        RobustMatch r = matchOf(h, std::move(segments), cal, q.durationSec);
        if (r.score >= minScore)
            out.push_back(std::move(r));
    }
    rank(out, maxResults);
    return out;
}

} // namespace lemm::core
