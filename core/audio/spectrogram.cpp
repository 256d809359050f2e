#include "core/audio/spectrogram.h"

#include "core/audio/spectral.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lemm::core {

namespace {

// frames × bins beyond this (256 MB of floats) is no display layer: refused, not allocated.
constexpr qint64 kMaxValues = qint64(64) << 20;

bool isPowerOfTwo(int n)
{
    return n > 0 && (n & (n - 1)) == 0;
}

Error badParameters(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("bad_parameters"), message);
}

// 10 log10(x) for x > 0 from the float's exponent and a polynomial for log2 of the mantissa
// in [1, 2): within 0.001 dB, several times faster than std::log10.
inline float fastDb(float x)
{
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const float exponent = float(int((bits >> 23) & 0xff) - 127);
    bits = (bits & 0x007fffffu) | 0x3f800000u;
    float m;
    std::memcpy(&m, &bits, sizeof m);
    // log2(m) on [1, 2): a least-squares quartic fitted for this file (max error 2e-4).
    const float log2m =
        (((-0.0791538163f * m + 0.628841375f) * m - 2.08112846f) * m + 4.02845046f) * m -
        2.49680584f;
    return 3.0102999566f * (exponent + log2m); // 10 log10(2) × log2(x)
}

} // namespace

Result<Spectrogram> computeSpectrogram(const PcmClip &clip, const SpectrogramParams &params)
{
    if (clip.empty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("empty_clip"),
                           QStringLiteral("There is no audio to analyse."));
    if (!isPowerOfTwo(params.fftSize) || params.fftSize < 64 || params.fftSize > 16384)
        return badParameters(
            QStringLiteral("The FFT size must be a power of two from 64 to 16384."));
    if (params.hop < 1 || params.hop > params.fftSize)
        return badParameters(QStringLiteral("The hop must be from 1 to the FFT size."));
    if (!std::isfinite(params.floorDb))
        return badParameters(QStringLiteral("The floor must be a number."));
    const qint64 n = qint64(clip.mono.size());
    const qint64 frames = n <= params.fftSize ? 1 : 1 + (n - params.fftSize) / params.hop;
    const int bins = params.fftSize / 2 + 1;
    if (frames * bins > kMaxValues)
        return badParameters(
            QStringLiteral("The spectrogram would be too large; use a larger hop."));

    Spectrogram s;
    s.bins = bins;
    s.floorDb = params.floorDb;
    s.peakDb = params.floorDb;
    s.secondsPerFrame = double(params.hop) / clip.sampleRate;
    s.startSec = clip.startSec + 0.5 * params.fftSize / clip.sampleRate;
    s.maxHz = 0.5 * clip.sampleRate;
    s.db.assign(size_t(frames) * size_t(bins), params.floorDb);
    // A full-scale sine's peak bin through the Hann window has |X| = N / 4: that is 0 dB.
    const float norm = 16.0f / (float(params.fftSize) * float(params.fftSize));
    const float floorDb = params.floorDb;
    const float tiny = std::pow(10.0f, floorDb / 10.0f);
    size_t filled = 0;
    StftAnalyzer stft(params.fftSize, params.hop, [&](const float *power, int count) {
        if (filled + size_t(count) > s.db.size())
            return;
        float *row = s.db.data() + filled;
        for (int k = 0; k < count; ++k) {
            const float p = power[k] * norm;
            row[k] = p > tiny && p < HUGE_VALF ? fastDb(p) : floorDb; // NaN fails both tests
        }
        filled += size_t(count);
    });
    if (!stft.ok())
        return Error::make(ErrorKind::Internal, QStringLiteral("fft_failed"),
                           QStringLiteral("The FFT could not be set up."));
    stft.feed(clip.mono.data(), int(n));
    if (n < params.fftSize) { // a clip shorter than one window: zero-padded to one frame
        const std::vector<float> pad(size_t(params.fftSize - n), 0.0f);
        stft.feed(pad.data(), int(pad.size()));
    }
    s.frames = int(filled / size_t(bins));
    s.db.resize(filled);
    if (!s.db.empty())
        s.peakDb = std::max(floorDb, *std::max_element(s.db.begin(), s.db.end()));
    return s;
}

} // namespace lemm::core
