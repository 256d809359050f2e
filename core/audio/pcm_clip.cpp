#include "core/audio/pcm_clip.h"

#include "core/audio/audio_decoder.h"

#include <cmath>

namespace lemm::core {

namespace {
// A snippet is seconds long; anything past this is not a preview and is refused by the
// decoder ("audio_too_long") before it can fill memory.
constexpr double kMaxClipDecodeSeconds = 900;
constexpr int kClipDecodeTimeoutMs = 20000;
std::vector<float> averageChannels(const std::vector<float> &interleaved, int channels)
{
    if (channels <= 1)
        return interleaved;
    std::vector<float> mono(interleaved.size() / size_t(channels));
    const float scale = 1.0f / float(channels);
    for (size_t i = 0; i < mono.size(); ++i) {
        float sum = 0;
        for (int c = 0; c < channels; ++c)
            sum += interleaved[i * size_t(channels) + size_t(c)];
        mono[i] = sum * scale;
    }
    return mono;
}

} // namespace

Result<PcmClip> decodeClip(const QByteArray &encoded, double startSec)
{
    DecodeOptions options;
    options.mono = false; // averaged here: the decoder's mix keeps power, which can pass ±1
    options.maxDecodeSeconds = kMaxClipDecodeSeconds;
    options.timeoutMs = kClipDecodeTimeoutMs;
    auto decoded = decodeAudioBuffer(encoded, options);
    if (!decoded)
        return decoded.error();
    PcmClip clip;
    clip.mono = averageChannels(decoded->samples, decoded->channels);
    clip.sampleRate = decoded->sampleRate;
    clip.startSec = std::isfinite(startSec) ? startSec : 0;
    return clip;
}

} // namespace lemm::core
