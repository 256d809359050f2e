#pragma once
// Decoding with FFmpeg: opens a file, an in-memory buffer or any seekable QIODevice (an
// allow-list of audio containers), decodes the best audio stream and delivers float PCM, optionally
// down-mixed to mono and resampled (libswresample), in blocks to a sink, so a 3-hour file never has
// to be held whole. Corrupt input is an error, never a crash or a hang (a deadline bounds every
// decode). Every FFmpeg object has an RAII owner. Not thread-safe per instance; independent
// instances may run on different threads.

#include "core/base/result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace lemm::core {

struct AudioInfo {
    QString container;      // FFmpeg demuxer name, e.g. "wav", "flac", "mp3", "ogg"
    QString codec;          // decoder name, e.g. "pcm_s16le", "flac", "mp3float", "opus"
    int sampleRate = 0;     // of the source
    int channels = 0;       // of the source
    double durationSec = 0; // what the container declares; 0 when it does not say
};

class CpuBudget;

// Beyond any music: a 383 KB file of 30 minutes' silence at 384 kHz cost 6.6 s of decoding
// per check (issue 11's attack test), so such streams are refused when opened.
constexpr int kMaxSampleRate = 192000;
constexpr int kMaxChannels = 16;

struct DecodeOptions {
    int outputRate = 0;     // 0: keep the source rate
    bool mono = true;       // average the channels
    double maxSeconds = 0;  // stop quietly after this much (a preview); 0: everything
    int timeoutMs = 120000; // wall-clock budget for the whole decode
    int maxBadPackets = 50; // more packets that fail to decode than this: "corrupt_audio"
    // Hard cap whatever the container declares: once more than this much audio has been
    // decoded the decode ends with Unprocessable "audio_too_long" naming the decoded and the
    // declared duration. Callers set it to the policy's maximum duration plus a margin. 0: none.
    double maxDecodeSeconds = 0;
    // Checked every few packets (the sink's work counts, as it runs on this thread); spent:
    // "cpu_budget_exceeded". Not owned; must belong to the decoding thread. Null: none.
    const CpuBudget *cpuBudget = nullptr;
};

struct DecodeStats {
    qint64 frames = 0;         // output frames delivered
    int badPackets = 0;        // packets the decoder refused (tolerated up to the limit)
    double decodedSec() const; // frames / output rate
    int outputRate = 0;
    int outputChannels = 0;
    // The container announced more than 1 s (and 2 %) more audio than could be decoded.
    bool truncated = false;
};

class AudioDecoder
{
public:
    AudioDecoder();
    ~AudioDecoder();
    AudioDecoder(const AudioDecoder &) = delete;
    AudioDecoder &operator=(const AudioDecoder &) = delete;

    // UnsupportedMedia "not_audio" when nothing decodable is found.
    Result<AudioInfo> openFile(const QString &path);
    // `data` must outlive the decoder.
    Result<AudioInfo> openBuffer(const QByteArray &data);
    // Reads through a custom AVIOContext from an open, readable, seekable device (a QFile, a
    // QBuffer, a read-only window onto part of a file), starting at its position 0. The device
    // is not owned and must outlive the decoder; it is used only on the decoding thread.
    // Internal "device_not_readable" / "device_not_seekable" for an unusable device.
    Result<AudioInfo> openDevice(QIODevice *device);

    using Sink = std::function<void(const float *interleaved, int frames)>;
    // Decodes to the end (or maxSeconds), handing blocks to `sink`. Errors: "corrupt_audio",
    // "decode_timeout", "empty_audio" (no samples at all), "audio_too_long" (more than
    // maxDecodeSeconds), "cpu_budget_exceeded".
    Result<DecodeStats> decode(const DecodeOptions &options, const Sink &sink);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

struct DecodedAudio {
    AudioInfo info;
    DecodeStats stats;
    std::vector<float> samples; // interleaved when not mono
    int sampleRate = 0;
    int channels = 0;
};

// Convenience: open and decode everything into memory.
Result<DecodedAudio> decodeAudioFile(const QString &path, const DecodeOptions &options = {});
Result<DecodedAudio> decodeAudioBuffer(const QByteArray &data, const DecodeOptions &options = {});
Result<DecodedAudio> decodeAudioDevice(QIODevice *device, const DecodeOptions &options = {});

// Opens and decodes only the first frames: quick evidence that a file is audio.
Result<AudioInfo> probeAudioFile(const QString &path);
Result<AudioInfo> probeAudioBuffer(const QByteArray &data);
Result<AudioInfo> probeAudioDevice(QIODevice *device);

} // namespace lemm::core
