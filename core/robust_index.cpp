#include "robust_index.h"

#include <QFile>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace lemm::core {

using namespace robust;

namespace {

constexpr int kFactorSteps = 12;       // hypotheses k = -12..12
constexpr double kFactorStep = 0.0125; // in ln: ±16 %
constexpr int kMinHits = 5;
constexpr int kMinAnchors = 4;
constexpr double kOffsetWindow = 4.0;      // frames either side of the best offset
constexpr int kPitchWindow = 8;            // 1/16 semitone either side (half a semitone)
constexpr double kPitchChance = 1.0 / 8.0; // a 1-semitone window of the ±4 semitone range
constexpr double kScoreScale = 16.0;
constexpr int32_t kMaxPitchShift = 4 * 16; // ±4 semitones searched, in 1/16 semitone
// A vote maximum on the edge of the searched range is not a located maximum (the optimum lies
// outside, and chance alignments favour the edges): only maxima inside these bounds count.
constexpr int kMaxAcceptedFactorStep = 10;    // ±13.3 % of the ±16 % searched
constexpr int32_t kMaxAcceptedPitch = 3 * 16; // ±3 semitones of the ±4 searched
constexpr size_t kMinStopBucket = 2000;       // buckets this large and 20x the mean are skipped

struct Hit {
    uint32_t q;    // query triplet index
    uint32_t tRef; // reference frame
    int32_t dF1;   // query f1 - reference f1, 1/16 semitone
};

// log10 P(X >= m) for X ~ Poisson(lambda), m > lambda.
double log10PoissonTail(int m, double lambda)
{
    if (lambda <= 0)
        return -300.0;
    // Sum the first terms in log space; they dominate for m well above lambda.
    double logTerm = m * std::log(lambda) - lambda - std::lgamma(m + 1.0);
    double logSum = logTerm;
    for (int k = m + 1; k < m + 200; ++k) {
        logTerm += std::log(lambda) - std::log(double(k));
        const double hi = std::max(logSum, logTerm);
        logSum = hi + std::log1p(std::exp(-std::abs(logSum - logTerm)));
        if (logTerm < logSum - 40)
            break;
    }
    return std::min(0.0, logSum / std::log(10.0));
}

Error ioError(const QString &m)
{
    return Error::make(ErrorKind::Internal, QStringLiteral("index_io"), m);
}

} // namespace

RobustIndex::RobustIndex() : m_buckets(kKeySpace) {}

void RobustIndex::add(const QString &trackId, const RobustFingerprint &fp)
{
    remove(trackId);
    const uint32_t idx = uint32_t(m_ids.size());
    m_ids.push_back(trackId);
    m_durations.push_back(fp.durationSec);
    m_removed.push_back(false);
    m_byId.insert(trackId, idx);
    ++m_live;
    for (const Triplet &t : fp.triplets) {
        m_buckets[t.key].push_back(
            {idx, (std::min<uint32_t>(t.t1, (1u << 22) - 1) << 10) | (t.f1 & 1023u)});
        ++m_postings;
    }
}

bool RobustIndex::remove(const QString &trackId)
{
    auto it = m_byId.find(trackId);
    if (it == m_byId.end())
        return false;
    m_removed[it.value()] = true;
    m_byId.erase(it);
    --m_live;
    return true;
}

bool RobustIndex::contains(const QString &trackId) const
{
    return m_byId.contains(trackId);
}

int RobustIndex::trackCount() const
{
    return m_live;
}

qint64 RobustIndex::postingCount() const
{
    return m_postings;
}

double RobustIndex::indexedSeconds() const
{
    double s = 0;
    for (size_t i = 0; i < m_ids.size(); ++i)
        if (!m_removed[i])
            s += m_durations[i];
    return s;
}

qint64 RobustIndex::memoryBytes() const
{
    qint64 bytes = qint64(m_buckets.size() * sizeof(std::vector<Posting>));
    for (const auto &b : m_buckets)
        bytes += qint64(b.capacity() * sizeof(Posting));
    return bytes;
}

std::vector<RobustMatch> RobustIndex::query(const RobustFingerprint &q, int maxResults,
                                            double minScore) const
{
    // Keys shared by very many postings (stationary tones, silence-like material) carry
    // little evidence and cost the most: skip them like stop-words.
    const size_t meanBucket = size_t(double(m_postings) / double(kKeySpace)) + 1;
    const size_t stopBucket = std::max(kMinStopBucket, 20 * meanBucket);
    // The buckets this query reads: (query triplet, key) pairs.
    std::vector<std::pair<uint32_t, uint32_t>> probes;
    for (uint32_t qi = 0; qi < q.triplets.size(); ++qi)
        for (uint32_t key : probeKeys(q.triplets[qi]))
            if (m_buckets[key].size() <= stopBucket)
                probes.push_back({qi, key});
    auto plausible = [&](const Triplet &t, const Posting &p, int32_t *dF1) {
        *dF1 = int32_t(t.f1) - int32_t(p.packed & 1023u);
        // No plausible pitch shift explains a pair further apart than kMaxPitchShift.
        return !m_removed[p.track] && std::abs(*dF1) <= kMaxPitchShift;
    };
    // Pass 1 counts hits per track in a flat array; most tracks only collect chance hits and
    // never reach kMinHits, so pass 2 gathers hits for the few that do.
    std::vector<uint16_t> counts(m_ids.size(), 0);
    for (const auto &[qi, key] : probes)
        for (const Posting &p : m_buckets[key]) {
            int32_t dF1;
            if (plausible(q.triplets[qi], p, &dF1) && counts[p.track] < UINT16_MAX)
                ++counts[p.track];
        }
    std::unordered_map<uint32_t, std::vector<Hit>> byTrack;
    for (uint32_t t = 0; t < counts.size(); ++t)
        if (counts[t] >= kMinHits)
            byTrack[t].reserve(counts[t]);
    if (byTrack.empty())
        return {};
    for (const auto &[qi, key] : probes)
        for (const Posting &p : m_buckets[key]) {
            if (counts[p.track] < kMinHits)
                continue;
            int32_t dF1;
            if (plausible(q.triplets[qi], p, &dF1))
                byTrack[p.track].push_back({qi, p.packed >> 10, dF1});
        }
    // Rank candidates by a cheap vote on coarse offsets (32-frame bins, a window wide enough
    // for the stretch range) and run the full Hough vote on the best ones only: chance hits
    // spread over all offsets, a real match piles up in one place.
    const size_t keep = size_t(std::max(50, 10 * maxResults));
    if (byTrack.size() > keep) {
        const int window =
            std::max(4, int(std::ceil(0.32 * q.durationSec / kHopSeconds / 32.0)) + 2);
        std::vector<std::pair<int, uint32_t>> ranked;
        std::vector<int> bins;
        for (const auto &[track, hits] : byTrack) {
            bins.clear();
            for (const Hit &h : hits)
                bins.push_back((int(h.tRef) - int(q.triplets[h.q].t1)) >> 5);
            std::sort(bins.begin(), bins.end());
            int best = 0;
            size_t lo = 0;
            for (size_t hi = 0; hi < bins.size(); ++hi) {
                while (bins[hi] - bins[lo] >= window)
                    ++lo;
                best = std::max(best, int(hi - lo + 1));
            }
            ranked.push_back({best, track});
        }
        std::nth_element(ranked.begin(), ranked.begin() + long(keep), ranked.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        for (size_t i = keep; i < ranked.size(); ++i)
            byTrack.erase(ranked[i].second);
    }
    const double qDur = q.durationSec / kHopSeconds;
    std::vector<RobustMatch> out;
    std::vector<double> offsets;
    for (auto &[track, hits] : byTrack) {
        if (int(hits.size()) < kMinHits)
            continue;
        // Hough vote over time-factor hypotheses and offsets.
        int bestCount = 0, bestK = 0;
        double bestOffset = 0;
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
                const int count = int(hi - lo + 1);
                // Ties (common on short queries) go to the least extreme hypothesis.
                if (count > bestCount || (count == bestCount && std::abs(k) < std::abs(bestK))) {
                    bestCount = count;
                    bestK = k;
                    bestOffset = 0.5 * (offsets[hi] + offsets[lo]);
                }
            }
        }
        if (bestCount < kMinHits || std::abs(bestK) > kMaxAcceptedFactorStep)
            continue;
        // Refine the line t_ref = offset + t_q / a by least squares over the inliers of the
        // best hypothesis (neighbouring hypotheses often tie on short queries).
        double a = std::exp(bestK * kFactorStep);
        std::vector<const Hit *> inliers;
        for (int pass = 0; pass < 2; ++pass) {
            inliers.clear();
            for (const Hit &h : hits)
                if (std::abs(h.tRef - q.triplets[h.q].t1 / a - bestOffset) <= kOffsetWindow)
                    inliers.push_back(&h);
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (const Hit *h : inliers) {
                const double x = q.triplets[h->q].t1, y = h->tRef;
                sx += x, sy += y, sxx += x * x, sxy += x * y;
            }
            const double n = double(inliers.size());
            const double den = n * sxx - sx * sx;
            if (n < 3 || den <= 1e-9)
                break;
            const double slope = (n * sxy - sx * sy) / den; // = 1 / a
            const double fitted =
                std::clamp(1.0 / slope, std::exp(-(kFactorSteps + 1) * kFactorStep),
                           std::exp((kFactorSteps + 1) * kFactorStep));
            if (q.triplets.empty() || std::abs(fitted - a) < 1e-4)
                break;
            a = fitted;
            bestOffset = (sy - sx / a) / n;
        }
        std::vector<int32_t> df;
        for (const Hit *h : inliers)
            df.push_back(h->dF1);
        if (df.empty())
            continue;
        std::nth_element(df.begin(), df.begin() + long(df.size() / 2), df.end());
        const int32_t pitch = df[df.size() / 2];
        if (std::abs(pitch) > kMaxAcceptedPitch)
            continue;
        // Triplets sharing an anchor peak are not independent evidence: count anchors.
        std::vector<uint32_t> anchors;
        double qs = 1e18, qe = -1e18;
        for (const Hit *h : inliers) {
            if (std::abs(h->dF1 - pitch) > kPitchWindow)
                continue;
            const Triplet &t = q.triplets[h->q];
            anchors.push_back(t.t1);
            qs = std::min(qs, double(t.t1));
            qe = std::max(qe, double(t.t1 + t.span));
        }
        std::sort(anchors.begin(), anchors.end());
        const int m = int(std::unique(anchors.begin(), anchors.end()) - anchors.begin());
        if (m < kMinAnchors)
            continue;
        std::vector<uint64_t> pairs;
        pairs.reserve(hits.size());
        for (const Hit &h : hits)
            pairs.push_back(uint64_t(q.triplets[h.q].t1) << 32 | h.tRef);
        std::sort(pairs.begin(), pairs.end());
        const double distinct = double(std::unique(pairs.begin(), pairs.end()) - pairs.begin());
        const double range = std::max(1.0, m_durations[track] / kHopSeconds + qDur);
        const double lambda = distinct * (2 * kOffsetWindow + 1) / range * kPitchChance;
        // Hypotheses tried: time factors x offset windows x pitch windows (the pitch window is
        // placed where the votes are) x tracks in the index.
        const double pitchWindows = double(2 * kMaxPitchShift) / (2 * kPitchWindow + 1);
        const double tries = (2 * kFactorSteps + 1) * (range / (2 * kOffsetWindow + 1)) *
                             pitchWindows * std::max(1, m_live);
        const double sig = -log10PoissonTail(m, lambda) - std::log10(tries);
        RobustMatch r;
        r.trackId = m_ids[track];
        r.significance = sig;
        r.score = std::clamp(sig / kScoreScale, 0.0, 1.0);
        r.matches = m;
        {
            // Share of the query's anchor peaks inside the overlap that agree.
            size_t total = 0;
            uint32_t last = UINT32_MAX;
            for (const Triplet &t : q.triplets) // sorted by t1
                if (t.t1 != last && double(t.t1) >= qs && double(t.t1) <= qe) {
                    ++total;
                    last = t.t1;
                }
            r.coverage = total ? double(m) / double(total) : 0.0;
        }
        r.timeFactor = a;
        r.pitchFactor = std::pow(2.0, pitch / 16.0 / 12.0);
        r.offsetSec = bestOffset * kHopSeconds;
        r.queryStart = qs * kHopSeconds;
        r.queryEnd = std::min(q.durationSec, qe * kHopSeconds + kFftSize / double(kRate));
        r.refStart = r.offsetSec + r.queryStart / a;
        r.refEnd = r.offsetSec + r.queryEnd / a;
        if (r.score >= minScore)
            out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const RobustMatch &x, const RobustMatch &y) {
        return x.score != y.score ? x.score > y.score : x.matches > y.matches;
    });
    if (int(out.size()) > maxResults)
        out.resize(size_t(maxResults));
    return out;
}

std::vector<uint32_t> RobustIndex::keyHistogram() const
{
    std::vector<uint32_t> h(m_buckets.size());
    for (size_t k = 0; k < m_buckets.size(); ++k)
        h[k] = uint32_t(m_buckets[k].size());
    return h;
}

void RobustIndex::reserve(const std::vector<size_t> &extra)
{
    for (size_t k = 0; k < m_buckets.size() && k < extra.size(); ++k)
        m_buckets[k].reserve(m_buckets[k].size() + extra[k]);
}

void RobustIndex::addRaw(const QString &trackId, double durationSec,
                         const std::vector<Triplet> &triplets)
{
    RobustFingerprint fp;
    fp.durationSec = durationSec;
    fp.triplets = triplets;
    add(trackId, fp);
}

void RobustIndex::compact()
{
    std::vector<uint32_t> remap(m_ids.size(), UINT32_MAX);
    std::vector<QString> ids;
    std::vector<double> durs;
    for (size_t i = 0; i < m_ids.size(); ++i)
        if (!m_removed[i]) {
            remap[i] = uint32_t(ids.size());
            ids.push_back(m_ids[i]);
            durs.push_back(m_durations[i]);
        }
    m_postings = 0;
    for (auto &bucket : m_buckets) {
        size_t w = 0;
        for (const Posting &p : bucket)
            if (remap[p.track] != UINT32_MAX)
                bucket[w++] = {remap[p.track], p.packed};
        bucket.resize(w);
        bucket.shrink_to_fit();
        m_postings += qint64(w);
    }
    m_ids = std::move(ids);
    m_durations = std::move(durs);
    m_removed.assign(m_ids.size(), false);
    m_byId.clear();
    for (size_t i = 0; i < m_ids.size(); ++i)
        m_byId.insert(m_ids[i], uint32_t(i));
    m_live = int(m_ids.size());
}

Status RobustIndex::save(const QString &path) const
{
    RobustIndex copy = *this;
    copy.compact();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write %1").arg(path));
    auto u16 = [&](quint16 v) {
        v = qToLittleEndian(v);
        f.write(reinterpret_cast<const char *>(&v), 2);
    };
    auto u32 = [&](quint32 v) {
        v = qToLittleEndian(v);
        f.write(reinterpret_cast<const char *>(&v), 4);
    };
    auto u64 = [&](quint64 v) {
        v = qToLittleEndian(v);
        f.write(reinterpret_cast<const char *>(&v), 8);
    };
    f.write("LVRI1\0\0\0", 8);
    u32(kKeySpace);
    u32(quint32(copy.m_ids.size()));
    u64(quint64(copy.m_postings));
    for (size_t i = 0; i < copy.m_ids.size(); ++i) {
        const QByteArray id = copy.m_ids[i].toUtf8();
        u16(quint16(id.size()));
        f.write(id);
        quint64 bits;
        memcpy(&bits, &copy.m_durations[i], 8);
        u64(bits);
    }
    quint64 offset = 0;
    for (const auto &b : copy.m_buckets) {
        u64(offset);
        offset += b.size();
    }
    u64(offset);
    for (const auto &b : copy.m_buckets)
        for (const Posting &p : b) {
            u32(p.track);
            u32(p.packed);
        }
    if (!f.commit())
        return ioError(QStringLiteral("cannot commit %1").arg(path));
    return okStatus();
}

Result<RobustIndex> RobustIndex::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read %1").arg(path));
    const QByteArray all = f.readAll();
    qsizetype pos = 0;
    auto need = [&](qsizetype n) { return pos + n <= all.size(); };
    auto rd = [&](auto &v) {
        memcpy(&v, all.constData() + pos, sizeof v);
        v = qFromLittleEndian(v);
        pos += sizeof v;
    };
    auto bad = [&](const char *why) {
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("index_corrupt"),
                           QStringLiteral("%1 is not a valid robust index: %2")
                               .arg(path, QString::fromLatin1(why)));
    };
    if (!need(24) || memcmp(all.constData(), "LVRI1\0\0\0", 8) != 0)
        return bad("bad magic");
    pos = 8;
    quint32 keySpace, tracks;
    quint64 postings;
    rd(keySpace);
    rd(tracks);
    rd(postings);
    if (keySpace != kKeySpace)
        return bad("made with another key layout");
    RobustIndex idx;
    for (quint32 i = 0; i < tracks; ++i) {
        quint16 len;
        if (!need(2))
            return bad("truncated track table");
        rd(len);
        if (!need(len + 8))
            return bad("truncated track table");
        const QString id = QString::fromUtf8(all.constData() + pos, len);
        pos += len;
        quint64 bits;
        rd(bits);
        double dur;
        memcpy(&dur, &bits, 8);
        idx.m_byId.insert(id, uint32_t(idx.m_ids.size()));
        idx.m_ids.push_back(id);
        idx.m_durations.push_back(dur);
        idx.m_removed.push_back(false);
    }
    idx.m_live = int(tracks);
    if (!need(qsizetype(kKeySpace + 1) * 8 + qsizetype(postings) * 8))
        return bad("truncated postings");
    std::vector<quint64> offsets(kKeySpace + 1);
    for (auto &o : offsets)
        rd(o);
    if (offsets.back() != postings)
        return bad("offsets do not add up");
    for (uint32_t k = 0; k < kKeySpace; ++k) {
        if (offsets[k + 1] < offsets[k])
            return bad("offsets decrease");
        auto &b = idx.m_buckets[k];
        b.resize(size_t(offsets[k + 1] - offsets[k]));
        for (auto &p : b) {
            rd(p.track);
            rd(p.packed);
            if (p.track >= tracks)
                return bad("posting names an unknown track");
        }
    }
    idx.m_postings = qint64(postings);
    return idx;
}

} // namespace lemm::core
