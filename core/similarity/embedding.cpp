#include "core/similarity/embedding.h"

#include "core/audio/spectral.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace lemm::core {

namespace {

constexpr int kRate = 11025;
constexpr int kFft = 2048;
constexpr int kHop = 512;
constexpr int kBins = kFft / 2 + 1;
constexpr int kMel = 64;
constexpr int kCeps = 20;
constexpr int kLags = 40;
constexpr int kMinLag = 5; // frames: 0.23 s
constexpr double kHopSec = double(kHop) / kRate;

double hzToMel(double hz)
{
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}
double melToHz(double mel)
{
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

struct Frame {
    std::array<float, kMel> mel;
    std::array<float, 12> chroma;
    float centroid, bandwidth, flatness, rolloff, level;
};

class DspEmbedder final : public Embedder
{
public:
    DspEmbedder() : m_stft(kFft, kHop, [this](const float *p, int n) { onFrame(p, n); })
    {
        // Triangular mel filters, 40 Hz - 5 kHz.
        const double lo = hzToMel(40.0), hi = hzToMel(5000.0);
        std::vector<double> edges(kMel + 2);
        for (int i = 0; i < kMel + 2; ++i)
            edges[size_t(i)] = melToHz(lo + (hi - lo) * i / (kMel + 1)) * kFft / kRate;
        m_mel.assign(kMel, std::vector<float>(kBins, 0.0f));
        for (int m = 0; m < kMel; ++m)
            for (int k = 0; k < kBins; ++k) {
                const double a = edges[size_t(m)], c = edges[size_t(m + 1)],
                             b = edges[size_t(m + 2)];
                double w = 0;
                if (k > a && k <= c)
                    w = (k - a) / (c - a);
                else if (k > c && k < b)
                    w = (b - k) / (b - c);
                m_mel[size_t(m)][size_t(k)] = float(w);
            }
        m_melSpan.resize(kMel);
        for (int m = 0; m < kMel; ++m) {
            int lo = kBins, hi = -1;
            for (int k = 0; k < kBins; ++k)
                if (m_mel[size_t(m)][size_t(k)] > 0) {
                    lo = std::min(lo, k);
                    hi = std::max(hi, k);
                }
            m_melSpan[size_t(m)] = {lo, hi};
        }
        // DCT-II basis for cepstral coefficients c1..c20.
        m_dct.assign(size_t(kCeps) * kMel, 0.0f);
        for (int c = 1; c <= kCeps; ++c)
            for (int m = 0; m < kMel; ++m)
                m_dct[size_t(c - 1) * kMel + size_t(m)] =
                    float(std::cos(M_PI * c * (m + 0.5) / kMel));
        // Pitch class of each bin between 55 Hz and 5 kHz (-1: not used).
        m_pitchClass.assign(kBins, -1);
        for (int k = 1; k < kBins; ++k) {
            const double hz = double(k) * kRate / kFft;
            if (hz >= 55.0 && hz <= 5000.0)
                m_pitchClass[size_t(k)] =
                    ((int(std::lround(12.0 * std::log2(hz / 440.0))) % 12) + 12) % 12;
        }
    }

    QString model() const override { return QStringLiteral("dsp-v1"); }
    int sampleRate() const override { return kRate; }
    void feed(const float *mono, int frames) override { m_stft.feed(mono, frames); }

    Embeddings finish() override
    {
        Embeddings e;
        e.model = model();
        const int n = int(m_frames.size());
        if (n < 2 * kMinLag + kLags)
            return e;
        e.track = aggregate(0, n);
        const int win = int(std::lround(e.windowSec / kHopSec)),
                  hop = int(std::lround(e.hopSec / kHopSec));
        for (int a = 0; a + win <= n; a += hop)
            e.windows.push_back(aggregate(a, a + win));
        return e;
    }

private:
    void onFrame(const float *p, int)
    {
        Frame f{};
        double total = 0, weighted = 0, logSum = 0;
        int counted = 0;
        for (int k = 1; k < kBins; ++k) {
            total += p[k];
            weighted += p[k] * k;
        }
        // Energies are floored relative to the frame's strongest band (-30 dB): lossy codecs
        // zero near-silent bands, which would otherwise send log() to extremes.
        std::array<double, kMel> melEnergy{};
        double melMax = 0;
        for (int m = 0; m < kMel; ++m) {
            double s = 0;
            const auto [lo, hi] = m_melSpan[size_t(m)];
            for (int k = lo; k <= hi; ++k)
                s += m_mel[size_t(m)][size_t(k)] * p[k];
            melEnergy[size_t(m)] = s;
            melMax = std::max(melMax, s);
        }
        const double melFloor = melMax * 1e-3 + 1e-10;
        for (int m = 0; m < kMel; ++m)
            f.mel[size_t(m)] = float(std::log(std::max(melEnergy[size_t(m)], melFloor)));
        for (int k = 1; k < kBins; ++k)
            if (m_pitchClass[size_t(k)] >= 0)
                f.chroma[size_t(m_pitchClass[size_t(k)])] += p[k];
        const float csum = std::accumulate(f.chroma.begin(), f.chroma.end(), 0.0f) + 1e-10f;
        for (float &c : f.chroma)
            c /= csum;
        const double centroid = total > 0 ? weighted / total : 0;
        double spread = 0, cum = 0;
        int roll = kBins - 1;
        const double binFloor = *std::max_element(p + 1, p + kBins) * 1e-6 + 1e-12; // -60 dB
        double flooredTotal = 0;
        for (int k = 1; k < kBins; ++k) {
            spread += p[k] * (k - centroid) * (k - centroid);
            logSum += std::log(std::max(double(p[k]), binFloor));
            flooredTotal += std::max(double(p[k]), binFloor);
            ++counted;
        }
        for (int k = 1; k < kBins; ++k) {
            cum += p[k];
            if (cum >= 0.85 * total) {
                roll = k;
                break;
            }
        }
        const double binHz = double(kRate) / kFft;
        f.centroid = float(centroid * binHz / 1000.0);
        f.bandwidth = float(std::sqrt(total > 0 ? spread / total : 0) * binHz / 1000.0);
        f.flatness = float(std::exp(logSum / counted) / (flooredTotal / counted));
        f.rolloff = float(roll * binHz / 1000.0);
        f.level = float(10.0 * std::log10(total + 1e-12));
        m_frames.push_back(f);
    }

    static void addBlock(std::vector<float> &out, std::vector<float> block, bool centre,
                         double weight)
    {
        if (centre) {
            const double mean =
                std::accumulate(block.begin(), block.end(), 0.0) / double(block.size());
            for (float &v : block)
                v = float(v - mean);
        }
        double norm = 0;
        for (float v : block)
            norm += double(v) * v;
        norm = std::sqrt(norm);
        for (float v : block)
            out.push_back(norm > 1e-9 ? float(v / norm * std::sqrt(weight)) : 0.0f);
    }

    // Onset envelope summary that the timbre block reuses: its mean and zero-lag energy.
    struct OnsetStats {
        double mean;
        double r0;
    };

    // The embedding of frames [a, b): one weighted, normalised block per feature family,
    // the whole unit-normalised.
    std::vector<float> aggregate(int a, int b) const
    {
        std::vector<float> out;
        out.reserve(kEmbeddingDim);
        addMelBlocks(out, a, b);
        addChromaBlocks(out, a, b);
        addCepstrumBlock(out, a, b);
        const OnsetStats onset = addRhythmBlock(out, a, b);
        addTimbreBlock(out, a, b, onset);
        normalise(out);
        return out;
    }

    // Per mel band: mean, deviation, 10th and 90th percentile, mean absolute change.
    void addMelBlocks(std::vector<float> &out, int a, int b) const
    {
        const int n = b - a;
        std::vector<float> mean(kMel), sd(kMel), p10(kMel), p90(kMel), dmean(kMel),
            col(static_cast<size_t>(n));
        for (int m = 0; m < kMel; ++m) {
            double s = 0, s2 = 0, ds = 0;
            for (int t = a; t < b; ++t) {
                const float v = m_frames[size_t(t)].mel[size_t(m)];
                col[size_t(t - a)] = v;
                s += v;
                s2 += double(v) * v;
                if (t > a)
                    ds += std::abs(v - m_frames[size_t(t - 1)].mel[size_t(m)]);
            }
            mean[size_t(m)] = float(s / n);
            sd[size_t(m)] = float(std::sqrt(std::max(0.0, s2 / n - (s / n) * (s / n))));
            dmean[size_t(m)] = float(ds / std::max(1, n - 1));
            std::nth_element(col.begin(), col.begin() + n / 10, col.end());
            p10[size_t(m)] = col[size_t(n / 10)];
            std::nth_element(col.begin(), col.begin() + (9 * n) / 10, col.end());
            p90[size_t(m)] = col[size_t((9 * n) / 10)];
        }
        addBlock(out, mean, true, 0.14);
        addBlock(out, sd, false, 0.08);
        addBlock(out, p10, true, 0.06);
        addBlock(out, p90, true, 0.06);
        addBlock(out, dmean, false, 0.08);
    }

    // Chroma mean and deviation, then the upper triangle of the chroma covariance.
    void addChromaBlocks(std::vector<float> &out, int a, int b) const
    {
        const int n = b - a;
        std::array<double, 12> cm{}, cs{};
        std::array<double, 78> cov{};
        for (int t = a; t < b; ++t)
            for (int i = 0; i < 12; ++i)
                cm[size_t(i)] += m_frames[size_t(t)].chroma[size_t(i)] / n;
        for (int t = a; t < b; ++t) {
            const auto &c = m_frames[size_t(t)].chroma;
            int idx = 0;
            for (int i = 0; i < 12; ++i) {
                cs[size_t(i)] +=
                    (c[size_t(i)] - cm[size_t(i)]) * (c[size_t(i)] - cm[size_t(i)]) / n;
                for (int j = i; j < 12; ++j)
                    cov[size_t(idx++)] +=
                        (c[size_t(i)] - cm[size_t(i)]) * (c[size_t(j)] - cm[size_t(j)]) / n;
            }
        }
        std::vector<float> chroma;
        for (double v : cm)
            chroma.push_back(float(v));
        for (double v : cs)
            chroma.push_back(float(std::sqrt(v)));
        addBlock(out, chroma, false, 0.12);
        addBlock(out, std::vector<float>(cov.begin(), cov.end()), false, 0.08);
    }

    // Cepstrum: DCT-II of each frame's log-mel, c1..c20; their means and deviations.
    void addCepstrumBlock(std::vector<float> &out, int a, int b) const
    {
        const int n = b - a;
        std::vector<double> cmean(kCeps, 0.0), csq(kCeps, 0.0);
        for (int t = a; t < b; ++t)
            for (int c = 1; c <= kCeps; ++c) {
                double v = 0;
                const float *basis = &m_dct[size_t(c - 1) * kMel];
                for (int m = 0; m < kMel; ++m)
                    v += m_frames[size_t(t)].mel[size_t(m)] * basis[m];
                cmean[size_t(c - 1)] += v / n;
                csq[size_t(c - 1)] += v * v / n;
            }
        std::vector<float> ceps;
        for (int c = 0; c < kCeps; ++c)
            ceps.push_back(float(cmean[size_t(c)]));
        for (int c = 0; c < kCeps; ++c)
            ceps.push_back(float(
                std::sqrt(std::max(0.0, csq[size_t(c)] - cmean[size_t(c)] * cmean[size_t(c)]))));
        addBlock(out, ceps, false, 0.12);
    }

    // Onset envelope (positive spectral flux of log-mel) and its autocorrelation.
    OnsetStats addRhythmBlock(std::vector<float> &out, int a, int b) const
    {
        const int n = b - a;
        std::vector<double> onset(size_t(n), 0.0);
        for (int t = a + 1; t < b; ++t)
            for (int m = 0; m < kMel; ++m)
                onset[size_t(t - a)] += std::max(0.0f, m_frames[size_t(t)].mel[size_t(m)] -
                                                           m_frames[size_t(t - 1)].mel[size_t(m)]);
        const double om = std::accumulate(onset.begin(), onset.end(), 0.0) / n;
        for (double &v : onset)
            v -= om;
        double r0 = 0;
        for (double v : onset)
            r0 += v * v;
        std::vector<float> ac;
        for (int lag = kMinLag; lag < kMinLag + kLags; ++lag) {
            double r = 0;
            for (int t = 0; t + lag < n; ++t)
                r += onset[size_t(t)] * onset[size_t(t + lag)];
            ac.push_back(float(r0 > 0 ? r / r0 : 0));
        }
        addBlock(out, ac, false, 0.12);
        return {om, r0};
    }

    // Spectral shape (centroid, bandwidth, flatness, rolloff: mean and deviation), onset
    // strength and level deviation.
    void addTimbreBlock(std::vector<float> &out, int a, int b, OnsetStats onset) const
    {
        const int n = b - a;
        std::vector<float> timbre;
        for (int feature = 0; feature < 4; ++feature) {
            double s = 0, s2 = 0;
            for (int t = a; t < b; ++t) {
                const double v = shapeFeature(m_frames[size_t(t)], feature);
                s += v;
                s2 += v * v;
            }
            timbre.push_back(float(s / n));
            timbre.push_back(float(std::sqrt(std::max(0.0, s2 / n - (s / n) * (s / n)))));
        }
        double ls = 0, ls2 = 0;
        for (int t = a; t < b; ++t) {
            ls += m_frames[size_t(t)].level;
            ls2 += double(m_frames[size_t(t)].level) * m_frames[size_t(t)].level;
        }
        timbre.push_back(float(onset.mean + std::sqrt(onset.r0 / n)));
        timbre.push_back(float(std::sqrt(std::max(0.0, ls2 / n - (ls / n) * (ls / n))) / 10.0));
        addBlock(out, timbre, false, 0.14);
    }

    static double shapeFeature(const Frame &f, int feature)
    {
        return feature == 0   ? f.centroid
               : feature == 1 ? f.bandwidth
               : feature == 2 ? f.flatness
                              : f.rolloff;
    }

    static void normalise(std::vector<float> &out)
    {
        double norm = 0;
        for (float v : out)
            norm += double(v) * v;
        norm = std::sqrt(norm);
        for (float &v : out)
            v = norm > 0 ? float(v / norm) : 0.0f;
    }

    StftAnalyzer m_stft;
    std::vector<std::vector<float>> m_mel;
    std::vector<std::pair<int, int>> m_melSpan; // non-zero bins of each filter
    std::vector<float> m_dct;                   // kCeps x kMel
    std::vector<int> m_pitchClass;
    std::vector<Frame> m_frames;
};

} // namespace

std::unique_ptr<Embedder> makeEmbedder()
{
    return std::make_unique<DspEmbedder>();
}

float cosine(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size() || a.empty())
        return 0.0f;
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    return na > 0 && nb > 0 ? float(dot / std::sqrt(na * nb)) : 0.0f;
}

} // namespace lemm::core
