#include "core/audio/audio_stats.h"

#include <dsp/onsets/DetectionFunction.h>
#include <dsp/tempotracking/TempoTrackV2.h>
#include <ebur128.h>

#include <algorithm>
#include <cmath>

namespace lemm::core {

namespace {

struct StateFreer {
    void operator()(ebur128_state *s) const { ebur128_destroy(&s); }
};

constexpr int kShortTermFirstSec = 3; // the first 3 s window ends here

double clampedLufs(double lufs)
{
    return std::isfinite(lufs) ? std::max(-70.0, lufs) : -70.0;
}

} // namespace

struct LoudnessMeter::Impl {
    int rate = 0, channels = 1;
    std::unique_ptr<ebur128_state, StateFreer> state;
    std::vector<float> shortTerm;
    long long fed = 0;        // frames
    std::vector<float> clean; // a block with non-finite samples zeroed
};

LoudnessMeter::LoudnessMeter(int sampleRate, int channels) : d(std::make_unique<Impl>())
{
    d->rate = std::max(1, sampleRate);
    d->channels = std::clamp(channels, 1, 64);
    d->state.reset(ebur128_init(unsigned(d->channels), unsigned(d->rate),
                                EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK));
    // Every channel weighted 1.0 unless the layout is FFmpeg's 5.1 (FL FR FC LFE BL BR), which
    // libebur128's default map weights as BS.1770 says (LFE out, surrounds +1.5 dB).
    if (d->state && d->channels != 6)
        for (int c = 0; c < d->channels; ++c)
            ebur128_set_channel(d->state.get(), unsigned(c), EBUR128_LEFT);
}

LoudnessMeter::~LoudnessMeter() = default;

void LoudnessMeter::feed(const float *x, int frames)
{
    if (!d->state)
        return;
    const size_t ch = size_t(d->channels);
    int done = 0;
    while (done < frames) {
        // Up to the next whole second, where the short-term profile takes a value.
        const long long toSecond = d->rate - d->fed % d->rate;
        const int n = int(std::min<long long>(toSecond, frames - done));
        d->clean.assign(x + size_t(done) * ch, x + size_t(done + n) * ch);
        for (float &v : d->clean)
            v = std::isfinite(v) ? v : 0.0f;
        ebur128_add_frames_float(d->state.get(), d->clean.data(), size_t(n));
        d->fed += n;
        done += n;
        double st = -HUGE_VAL;
        if (d->fed % d->rate == 0 && d->fed / d->rate >= kShortTermFirstSec &&
            ebur128_loudness_shortterm(d->state.get(), &st) == EBUR128_SUCCESS)
            d->shortTerm.push_back(float(clampedLufs(st)));
    }
}

Loudness LoudnessMeter::finish() const
{
    Loudness out;
    out.shortTermLufs = d->shortTerm;
    if (!d->state)
        return out;
    double global = -HUGE_VAL, range = 0, peak = 0;
    if (ebur128_loudness_global(d->state.get(), &global) == EBUR128_SUCCESS)
        out.integratedLufs = clampedLufs(global);
    if (ebur128_loudness_range(d->state.get(), &range) == EBUR128_SUCCESS && std::isfinite(range))
        out.rangeLu = range;
    for (int c = 0; c < d->channels; ++c) {
        double p = 0;
        if (ebur128_sample_peak(d->state.get(), unsigned(c), &p) == EBUR128_SUCCESS)
            peak = std::max(peak, p);
    }
    out.peakDbfs = peak > 0 ? std::max(-120.0, 20.0 * std::log10(peak)) : -120.0;
    return out;
}

namespace {

constexpr double kTempoStepSec = 0.01161; // the detection function's hop (512 at 44.1 kHz)
constexpr double kTempoMinSec = 4;        // less audio than this: no tempo

// The tempo of beat times (s): the median inter-beat interval, refined by the mean of the
// intervals within 10 % of it (beats fall on whole hops, so the median alone is quantised).
double bpmOfBeats(const std::vector<double> &beats)
{
    std::vector<double> ibi;
    for (size_t i = 1; i < beats.size(); ++i)
        if (beats[i] > beats[i - 1])
            ibi.push_back(beats[i] - beats[i - 1]);
    if (ibi.empty())
        return 0;
    std::vector<double> sorted = ibi;
    std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
    const double median = sorted[sorted.size() / 2];
    double sum = 0;
    int count = 0;
    for (double v : ibi)
        if (std::abs(v / median - 1) < 0.1) {
            sum += v;
            ++count;
        }
    return sum > 0 ? 60.0 * count / sum : 0;
}

} // namespace

struct TempoEstimator::Impl {
    int rate = 0;
    unsigned step = 0;
    std::unique_ptr<DetectionFunction> df;
    std::vector<double> pending; // samples from the next frame's start on
    std::vector<double> values;  // the detection function, one value per step
    double peak = 0;             // of the detection function (0: no onset anywhere)
};

TempoEstimator::TempoEstimator(int sampleRate) : d(std::make_unique<Impl>())
{
    d->rate = std::max(1000, sampleRate);
    d->step = unsigned(std::max(16L, std::lround(kTempoStepSec * d->rate)));
    DFConfig config{};
    config.stepSize = d->step;
    config.frameLength = 2 * d->step;
    config.DFType = DF_COMPLEXSD;
    config.dbRise = 3;
    config.adaptiveWhitening = false;
    config.whiteningRelaxCoeff = -1;
    config.whiteningFloor = -1;
    d->df = std::make_unique<DetectionFunction>(config);
}

TempoEstimator::~TempoEstimator() = default;

void TempoEstimator::feed(const float *mono, int frames)
{
    const size_t frame = 2 * size_t(d->step);
    for (int i = 0; i < frames; ++i)
        d->pending.push_back(std::isfinite(mono[i]) ? double(mono[i]) : 0.0);
    size_t at = 0;
    for (; at + frame <= d->pending.size(); at += d->step) {
        const double v = d->df->processTimeDomain(d->pending.data() + at);
        d->values.push_back(v);
        d->peak = std::max(d->peak, std::abs(v));
    }
    d->pending.erase(d->pending.begin(), d->pending.begin() + long(at));
}

double TempoEstimator::finish() const
{
    const double perSecond = double(d->rate) / d->step;
    if (double(d->values.size()) < kTempoMinSec * perSecond || !(d->peak > 0))
        return 0.0;
    // The first two values are the detection function's start-up transient.
    const std::vector<double> df(d->values.begin() + 2, d->values.end());
    TempoTrackV2 tracker(float(d->rate), d->step);
    std::vector<double> period(df.size()), tempi, beats;
    tracker.calculateBeatPeriod(df, period, tempi);
    tracker.calculateBeats(df, period, beats);
    for (double &b : beats)
        b = (b + 2) / perSecond;
    return bpmOfBeats(beats);
}

} // namespace lemm::core
