#include "core/audio/audio_stats.h"

#include "core/audio/spectral.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lemm::core {

namespace {

struct Biquad {
    double b0, b1, b2, a1, a2;
    double z1 = 0, z2 = 0;
    double run(double x)
    {
        const double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }
};

// BS.1770 pre-filter (high shelf) and RLB high-pass for sample rate fs.
std::pair<Biquad, Biquad> kWeighting(double fs)
{
    const double f0s = 1681.974450955533, gain = 3.999843853973347, qs = 0.7071752369554196;
    double K = std::tan(M_PI * f0s / fs);
    const double vh = std::pow(10.0, gain / 20.0), vb = std::pow(vh, 0.4996667741545416);
    double a0 = 1.0 + K / qs + K * K;
    Biquad shelf{(vh + vb * K / qs + K * K) / a0, 2.0 * (K * K - vh) / a0,
                 (vh - vb * K / qs + K * K) / a0, 2.0 * (K * K - 1.0) / a0,
                 (1.0 - K / qs + K * K) / a0};
    const double f0h = 38.13547087602444, qh = 0.5003270373238773;
    K = std::tan(M_PI * f0h / fs);
    a0 = 1.0 + K / qh + K * K;
    Biquad highpass{1.0, -2.0, 1.0, 2.0 * (K * K - 1.0) / a0, (1.0 - K / qh + K * K) / a0};
    return {shelf, highpass};
}

double lufs(double meanSquare)
{
    return -0.691 + 10.0 * std::log10(std::max(meanSquare, 1e-20));
}

} // namespace

struct LoudnessMeter::Impl {
    int rate, channels;
    std::vector<std::pair<Biquad, Biquad>> filters;
    std::vector<double> hop; // sum over channels of squared K-weighted samples per 100 ms
    double acc = 0;
    long inHop = 0;
    long hopLen;
    double peak = 0;
};

LoudnessMeter::LoudnessMeter(int sampleRate, int channels) : d(std::make_unique<Impl>())
{
    d->rate = sampleRate;
    d->channels = std::max(1, channels);
    for (int c = 0; c < d->channels; ++c)
        d->filters.push_back(kWeighting(sampleRate));
    d->hopLen = std::max(1, sampleRate / 10);
}

LoudnessMeter::~LoudnessMeter() = default;

void LoudnessMeter::feed(const float *x, int frames)
{
    for (int i = 0; i < frames; ++i) {
        for (int c = 0; c < d->channels; ++c) {
            const double v = x[size_t(i) * size_t(d->channels) + size_t(c)];
            d->peak = std::max(d->peak, std::abs(v));
            auto &[shelf, hp] = d->filters[size_t(c)];
            const double y = hp.run(shelf.run(v));
            d->acc += y * y;
        }
        if (++d->inHop == d->hopLen) {
            d->hop.push_back(d->acc / double(d->hopLen));
            d->acc = 0;
            d->inHop = 0;
        }
    }
}

Loudness LoudnessMeter::finish() const
{
    Loudness out;
    out.peakDbfs = d->peak > 0 ? 20.0 * std::log10(d->peak) : -120.0;
    const auto &h = d->hop;
    // 400 ms gating blocks = 4 consecutive 100 ms hops.
    std::vector<double> blocks;
    for (size_t i = 0; i + 4 <= h.size(); ++i)
        blocks.push_back((h[i] + h[i + 1] + h[i + 2] + h[i + 3]) / 4.0);
    std::vector<double> gated;
    for (double z : blocks)
        if (lufs(z) > -70.0)
            gated.push_back(z);
    if (!gated.empty()) {
        const double relative =
            lufs(std::accumulate(gated.begin(), gated.end(), 0.0) / double(gated.size())) - 10.0;
        double sum = 0;
        int n = 0;
        for (double z : gated)
            if (lufs(z) > relative) {
                sum += z;
                ++n;
            }
        if (n > 0)
            out.integratedLufs = lufs(sum / n);
    }
    // Short-term (3 s) loudness every second.
    for (size_t end = 30; end <= h.size(); end += 10) {
        const double z =
            std::accumulate(h.begin() + long(end - 30), h.begin() + long(end), 0.0) / 30.0;
        out.shortTermLufs.push_back(float(std::max(-70.0, lufs(z))));
    }
    return out;
}

struct TempoEstimator::Impl {
    int rate;
    std::vector<float> prev;
    std::vector<double> onset;
    std::unique_ptr<StftAnalyzer> stft;
};

TempoEstimator::TempoEstimator(int sampleRate) : d(std::make_unique<Impl>())
{
    d->rate = sampleRate;
    const int fft = sampleRate > 16000 ? 2048 : 1024;
    const int hop = fft / 4;
    d->stft = std::make_unique<StftAnalyzer>(fft, hop, [this](const float *p, int bins) {
        double flux = 0;
        if (d->prev.size() != size_t(bins))
            d->prev.assign(size_t(bins), 0.0f);
        for (int k = 1; k < bins; ++k) {
            const float v = std::log1p(1000.0f * std::sqrt(p[k]));
            flux += std::max(0.0f, v - d->prev[size_t(k)]);
            d->prev[size_t(k)] = v;
        }
        d->onset.push_back(flux);
    });
}

TempoEstimator::~TempoEstimator() = default;

void TempoEstimator::feed(const float *mono, int frames)
{
    d->stft->feed(mono, frames);
}

double TempoEstimator::finish() const
{
    const double frameRate = double(d->rate) / (d->rate > 16000 ? 512 : 256);
    std::vector<double> o = d->onset;
    if (o.size() < size_t(frameRate * 4))
        return 0.0;
    // Remove the slow trend so that only pulses remain.
    const int w = int(frameRate * 0.5);
    std::vector<double> hp(o.size());
    double run = 0;
    for (size_t i = 0; i < o.size(); ++i) {
        run += o[i];
        if (i >= size_t(w))
            run -= o[i - size_t(w)];
        hp[i] = std::max(0.0, o[i] - run / std::min<double>(double(i + 1), w));
    }
    // Widen the pulses (two passes of a [1 2 1] kernel) so that periods that fall between
    // integer lags still correlate.
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<double> sm(hp.size(), 0.0);
        for (size_t i = 1; i + 1 < hp.size(); ++i)
            sm[i] = 0.25 * hp[i - 1] + 0.5 * hp[i] + 0.25 * hp[i + 1];
        hp.swap(sm);
    }
    const int minLag = int(std::floor(frameRate * 60.0 / 240.0));
    const int maxLag = int(std::ceil(frameRate * 60.0 / 40.0));
    double best = 0, bestLag = 0;
    std::vector<double> ac(size_t(maxLag + 2), 0.0);
    for (int lag = minLag - 1; lag <= maxLag + 1 && lag < int(hp.size()); ++lag) {
        double r = 0;
        for (size_t t = 0; t + size_t(lag) < hp.size(); ++t)
            r += hp[t] * hp[t + size_t(lag)];
        ac[size_t(std::max(0, lag))] = r / double(hp.size() - size_t(lag));
    }
    for (int lag = minLag; lag <= maxLag && lag + 1 < int(ac.size()); ++lag) {
        const double bpm = 60.0 * frameRate / lag;
        const double prior = std::exp(-0.5 * std::pow(std::log2(bpm / 120.0), 2));
        const double score = ac[size_t(lag)] * prior;
        if (score > best && ac[size_t(lag)] >= ac[size_t(lag - 1)] &&
            ac[size_t(lag)] >= ac[size_t(lag + 1)]) {
            best = score;
            // Parabolic refinement of the lag.
            const double a = ac[size_t(lag - 1)], b = ac[size_t(lag)], c = ac[size_t(lag + 1)];
            const double den = a - 2 * b + c;
            bestLag = lag + (den < 0 ? std::clamp(0.5 * (a - c) / den, -0.5, 0.5) : 0.0);
        }
    }
    return bestLag > 0 ? 60.0 * frameRate / bestLag : 0.0;
}

} // namespace lemm::core
