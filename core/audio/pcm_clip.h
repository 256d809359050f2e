#pragma once
// A decoded stretch of one track's audio, as the desktop client holds a preview snippet: mono
// float PCM (−1..1) and where it sits in its track. Plain value, any thread.

#include "core/base/result.h"

#include <QByteArray>

#include <vector>

namespace lemm::core {

struct PcmClip {
    std::vector<float> mono;
    int sampleRate = 0;
    double startSec = 0; // the first sample's position in its track, seconds

    double durationSec() const { return sampleRate ? double(mono.size()) / sampleRate : 0; }
    double endSec() const { return startSec + durationSec(); }
    bool empty() const { return mono.empty() || sampleRate <= 0; }
};

// Decodes an encoded snippet (the server's preview MP3, or any format the decoder reads) to a
// mono clip that starts at `startSec` of its track. Decoder errors as they are.
Result<PcmClip> decodeClip(const QByteArray &encoded, double startSec);

} // namespace lemm::core
