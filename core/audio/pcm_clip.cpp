#include "core/audio/pcm_clip.h"

#include "core/audio/audio_decoder.h"

#include <cmath>

namespace lemm::core {

namespace {
// A snippet is seconds long; anything past this is not a preview and is refused by the
// decoder ("audio_too_long") before it can fill memory.
constexpr double kMaxClipDecodeSeconds = 900;
constexpr int kClipDecodeTimeoutMs = 20000;
} // namespace

Result<PcmClip> decodeClip(const QByteArray &encoded, double startSec)
{
    DecodeOptions options;
    options.mono = true;
    options.maxDecodeSeconds = kMaxClipDecodeSeconds;
    options.timeoutMs = kClipDecodeTimeoutMs;
    auto decoded = decodeAudioBuffer(encoded, options);
    if (!decoded)
        return decoded.error();
    PcmClip clip;
    clip.mono = std::move(decoded.value().samples);
    clip.sampleRate = decoded->sampleRate;
    clip.startSec = std::isfinite(startSec) ? startSec : 0;
    return clip;
}

} // namespace lemm::core
