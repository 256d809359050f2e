#pragma once
// Review material that is not raw audio (spec §1.2, §4.3): a waveform peak envelope, and short
// low-bitrate MP3 preview snippets encoded in memory with FFmpeg (libmp3lame).
//
// Peak envelope: min and max of the mono mix per block of kPeakBlock samples at the analysis
// rate (11025 Hz: one pair per 23.2 ms), as signed 8-bit values (x * 127). Serialised as
// "LVPK1\0", u32 rate, u32 block, u32 count, then count x (i8 min, i8 max).

#include "core/base/result.h"

#include <QByteArray>
#include <QJsonObject>

#include <cstdint>
#include <vector>

namespace lemm::core {

constexpr int kPeakBlock = 256;

struct PeakEnvelope {
    int sampleRate = 0;
    int block = kPeakBlock;
    std::vector<int8_t> mins, maxs;

    double secondsPerPeak() const { return sampleRate ? double(block) / sampleRate : 0; }
    double durationSec() const { return double(mins.size()) * secondsPerPeak(); }
    // `buckets` pairs covering [fromSec, toSec) (toSec <= 0: to the end); each bucket takes the
    // extremes of the stored pairs it covers, so no peak is lost at any zoom level.
    PeakEnvelope resampled(int buckets, double fromSec = 0, double toSec = 0) const;
    QByteArray serialize() const;
    static Result<PeakEnvelope> deserialize(const QByteArray &bytes);
};

class PeakBuilder
{
public:
    explicit PeakBuilder(int sampleRate, int block = kPeakBlock);
    void feed(const float *mono, int frames);
    PeakEnvelope finish();

private:
    PeakEnvelope m_env;
    float m_min = 0, m_max = 0;
    int m_fill = 0;
};

// Decodes [startSec, startSec + durationSec) of `audio` (any supported container) to mono and
// encodes it as MP3 at `bitrateKbps` (22050 Hz up to 64 kbit/s, 44100 Hz above).
// Errors: "preview_out_of_range" when startSec is past the end; decoder errors as they are.
Result<QByteArray> makePreviewMp3(const QByteArray &audio, double startSec, double durationSec,
                                  int bitrateKbps);
// Encodes mono float PCM (−1..1) as an MP3 elementary stream.
Result<QByteArray> encodeMp3(const std::vector<float> &mono, int sampleRate, int bitrateKbps);

} // namespace lemm::core
