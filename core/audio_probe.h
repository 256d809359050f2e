#pragma once
// Audio probing with FFmpeg: opens a file with an allow-list of audio container formats,
// finds the best audio stream and decodes its first frames, so that a file that merely
// claims to be audio (text, images, truncated headers) is refused with a clear reason.
// Thread-safe: each call owns its FFmpeg contexts (RAII).

#include "result.h"

#include <QString>

namespace lemm::core {

struct AudioInfo {
    QString container; // FFmpeg demuxer name, e.g. "wav", "flac", "mp3", "ogg"
    QString codec;     // decoder name, e.g. "pcm_s16le", "flac", "mp3float", "opus"
    int sampleRate = 0;
    int channels = 0;
    double durationSec = 0; // 0 when the container does not say
};

// UnsupportedMedia ("not_audio") for anything that is not decodable audio.
Result<AudioInfo> probeAudioFile(const QString &path);
// The same for bytes in memory (uploads are probed before they are encrypted, never written
// to disk in the clear).
Result<AudioInfo> probeAudioBuffer(const QByteArray &data);

} // namespace lemm::core
