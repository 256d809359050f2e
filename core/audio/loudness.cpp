#include "core/audio/loudness.h"

#include "core/audio/audio_decoder.h"

#include <ebur128.h>

#include <array>
#include <cmath>
#include <memory>

namespace lemm::core {

namespace {

constexpr int kMinSampleRate = 4000;
constexpr qsizetype kChunk = 4096; // frames copied (non-finite samples zeroed) per call

struct StateFreer {
    void operator()(ebur128_state *s) const { ebur128_destroy(&s); }
};
using MeterState = std::unique_ptr<ebur128_state, StateFreer>;

Status checkInput(const float *mono, qsizetype frames, int sampleRate)
{
    if (sampleRate < kMinSampleRate || sampleRate > kMaxSampleRate)
        return Error::make(
            ErrorKind::InvalidInput, QStringLiteral("bad_sample_rate"),
            QStringLiteral("The sample rate %1 Hz is not supported for loudness.").arg(sampleRate));
    const qsizetype block = qsizetype(std::lround(0.4 * sampleRate));
    if (!mono || frames < block)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("too_short"),
                           QStringLiteral("Loudness needs at least 400 ms of audio."));
    return okStatus();
}

Error meterFailed()
{
    return Error::make(ErrorKind::Internal, QStringLiteral("loudness_meter"),
                       QStringLiteral("libebur128 could not measure the audio."));
}

// A meter over the whole clip in `mode`, or null when libebur128 refuses.
MeterState meterOver(const float *mono, qsizetype frames, int sampleRate, int mode)
{
    MeterState st(ebur128_init(1, unsigned(sampleRate), mode));
    if (!st)
        return st;
    std::array<float, kChunk> chunk;
    for (qsizetype at = 0; at < frames; at += kChunk) {
        const qsizetype n = std::min(kChunk, frames - at);
        for (qsizetype i = 0; i < n; ++i)
            chunk[size_t(i)] = std::isfinite(mono[at + i]) ? mono[at + i] : 0.0f;
        if (ebur128_add_frames_float(st.get(), chunk.data(), size_t(n)) != EBUR128_SUCCESS)
            return nullptr;
    }
    return st;
}

Result<double> globalOf(ebur128_state *st)
{
    double lufs = -HUGE_VAL;
    if (ebur128_loudness_global(st, &lufs) != EBUR128_SUCCESS)
        return meterFailed();
    if (!std::isfinite(lufs))
        return Error::make(ErrorKind::Unprocessable, QStringLiteral("silent"),
                           QStringLiteral("The audio is silent (below −70 LUFS throughout)."));
    return lufs;
}

double toDb(double linear)
{
    return linear > 0 ? 20 * std::log10(linear) : -HUGE_VAL;
}

} // namespace

Result<double> integratedLoudness(const float *mono, qsizetype frames, int sampleRate)
{
    if (auto ok = checkInput(mono, frames, sampleRate); !ok)
        return ok.error();
    const MeterState st = meterOver(mono, frames, sampleRate, EBUR128_MODE_I);
    if (!st)
        return meterFailed();
    return globalOf(st.get());
}

Result<double> integratedLoudness(const PcmClip &clip)
{
    return integratedLoudness(clip.mono.data(), qsizetype(clip.mono.size()), clip.sampleRate);
}

Result<LoudnessReading> measureLoudness(const float *mono, qsizetype frames, int sampleRate)
{
    if (auto ok = checkInput(mono, frames, sampleRate); !ok)
        return ok.error();
    const MeterState st = meterOver(mono, frames, sampleRate,
                                    EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK);
    if (!st)
        return meterFailed();
    const Result<double> lufs = globalOf(st.get());
    if (!lufs)
        return lufs.error();
    LoudnessReading r;
    r.integratedLufs = lufs.value();
    double truePeak = 0, samplePeak = 0;
    if (ebur128_true_peak(st.get(), 0, &truePeak) != EBUR128_SUCCESS ||
        ebur128_sample_peak(st.get(), 0, &samplePeak) != EBUR128_SUCCESS ||
        ebur128_loudness_range(st.get(), &r.rangeLu) != EBUR128_SUCCESS)
        return meterFailed();
    // The true peak is never below the sample peak (the oversampler's ripple aside).
    r.truePeakDbtp = toDb(std::max(truePeak, samplePeak));
    r.samplePeakDbfs = toDb(samplePeak);
    return r;
}

Result<LoudnessReading> measureLoudness(const PcmClip &clip)
{
    return measureLoudness(clip.mono.data(), qsizetype(clip.mono.size()), clip.sampleRate);
}

LoudnessMatch matchLoudness(const LoudnessReading &from, double toLufs, double ceilingDbtp)
{
    LoudnessMatch m;
    m.gainDb = loudnessMatchGainDb(from.integratedLufs, toLufs);
    // The most gain the ceiling allows; a side already above it is left as it is (not turned
    // down below the match, which would make it lose the comparison by level).
    const double room = std::max(0.0, ceilingDbtp - from.truePeakDbtp);
    if (std::isfinite(room) && m.gainDb > room) {
        m.gainDb = room;
        m.limitedByTruePeak = true;
    }
    return m;
}

double dbToGain(double db)
{
    return std::pow(10.0, db / 20.0);
}

} // namespace lemm::core
