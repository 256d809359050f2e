#pragma once
// One pass over a track's audio feeding every feature: the file is decoded once to 11025 Hz
// (Chromaprint's rate); the channels go to the loudness meter, their average to fp_exact,
// the embedder and the tempo estimator, and, resampled on the fly to 8 kHz, to fp_robust. Also the
// FingerprintRecord JSON of spec §4.1 and the exact-duplicate hash table.
//
// fp_robust serialisation (base64 in the record): "LVFR1\0" then u32 triplet count, then per
// triplet u32 key, u32 t1 frame, u16 span frames, u16 f1 (1/16 semitone); little-endian.

#include "core/audio/audio_decoder.h"
#include "core/audio/audio_stats.h"
#include "core/audio/review_audio.h"
#include "core/base/cpu_budget.h"
#include "core/similarity/embedding.h"
#include "core/similarity/fp_exact.h"
#include "core/similarity/fp_robust.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace lemm::core {

struct TrackFeatures {
    AudioInfo info;
    DecodeStats stats;
    ExactFingerprint exact;
    RobustFingerprint robust;
    Embeddings embeddings;
    Loudness loudness;
    double tempoBpm = 0;
    PeakEnvelope peaks;        // waveform envelope for reviewers (mono mix at 11025 Hz)
    double extractSeconds = 0; // wall-clock time of decode + features
};

// Bounds on one extraction. Memory: the stages stream (decoder sink -> resampler -> per-stage
// frame consumers) and hold only what the final features need, so memory grows with decoded
// seconds by about kFeatureBytesPerSecond; maxDecodeSeconds therefore bounds memory as well as
// time (docs/ARCHITECTURE.md, "Bounded work").
struct FeatureLimits {
    double maxDecodeSeconds = 0;    // DecodeOptions::maxDecodeSeconds ("audio_too_long")
    const CpuBudget *cpu = nullptr; // checked while decoding and between stages; not owned
    int timeoutMs = 120000;         // wall clock of the decode
};

// Measured (docs/benchmarks.md, "Feature extraction memory"): peak resident growth of an
// extraction per decoded second, rounded up, and the working set of a short one.
constexpr qint64 kFeatureBytesPerSecond = 16 * 1024;
constexpr qint64 kFeatureBaseBytes = 16ll * 1024 * 1024;
// Seconds of audio whose extraction fits in `budgetBytes` while `heldBytes` (the encoded file)
// are held too; 0 when not even the working set fits.
double featureSecondsWithin(qint64 budgetBytes, qint64 heldBytes);

Result<TrackFeatures> extractFeatures(const QString &path, const FeatureLimits &limits = {});
Result<TrackFeatures> extractFeatures(const QByteArray &data, const FeatureLimits &limits = {});
// `device`: open, seekable, outlives the call (AudioDecoder::openDevice).
Result<TrackFeatures> extractFeatures(QIODevice *device, const FeatureLimits &limits = {});

// The FingerprintRecord (spec §4.1) with fp_exact (Chromaprint, compressed base64),
// fp_robust (see above), exact keys and the audio facts.
QJsonObject fingerprintRecord(const QString &trackId, const TrackFeatures &f);
QByteArray serializeRobust(const RobustFingerprint &fp);
Result<RobustFingerprint> deserializeRobust(const QByteArray &bytes, double durationSec);
// embedding_music in the record: base64 of kEmbeddingDim little-endian float32 values.
QString encodeEmbedding(const std::vector<float> &v);
Result<std::vector<float>> decodeEmbedding(const QString &base64);

// Exact-duplicate index: PCM key and fingerprint key -> track ids.
class ExactIndex
{
public:
    void add(const QString &trackId, const ExactFingerprint &fp);
    bool remove(const QString &trackId);
    // Tracks whose PCM or fingerprint key equals the query's.
    QStringList lookup(const ExactFingerprint &fp) const;
    int size() const { return int(m_keys.size()); }
    QJsonObject toJson() const;
    static Result<ExactIndex> fromJson(const QJsonObject &o);

private:
    QHash<QString, std::pair<QString, QString>> m_keys; // id -> (pcm, fingerprint)
    QMultiHash<QString, QString> m_byKey;
};

} // namespace lemm::core
