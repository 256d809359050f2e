#include "core/similarity/track_features.h"

#include "core/similarity/score_calibration.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include <QElapsedTimer>
#include <QJsonArray>
#include <QtEndian>

#include <memory>

namespace lemm::core {

namespace {

struct SwrFreer {
    void operator()(SwrContext *s) const { swr_free(&s); }
};

// Mono float resampler between two rates (RAII).
class MonoResampler
{
public:
    MonoResampler(int from, int to)
    {
        AVChannelLayout mono{};
        av_channel_layout_default(&mono, 1);
        SwrContext *raw = nullptr;
        if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, to, &mono, AV_SAMPLE_FMT_FLT, from,
                                0, nullptr) == 0)
            m_swr.reset(raw);
        if (m_swr && swr_init(m_swr.get()) < 0)
            m_swr.reset();
    }
    bool ok() const { return bool(m_swr); }
    template <typename Sink> void push(const float *in, int frames, Sink &&sink)
    {
        const int cap = swr_get_out_samples(m_swr.get(), frames);
        if (cap <= 0)
            return;
        m_out.resize(size_t(cap));
        auto *o = reinterpret_cast<uint8_t *>(m_out.data());
        const auto *i = reinterpret_cast<const uint8_t *>(in);
        const int n = swr_convert(m_swr.get(), &o, cap, in ? &i : nullptr, frames);
        if (n > 0)
            sink(m_out.data(), n);
    }

private:
    std::unique_ptr<SwrContext, SwrFreer> m_swr;
    std::vector<float> m_out;
};

Status checkCpu(const FeatureLimits &limits, const char *stage)
{
    return limits.cpu ? limits.cpu->check(QString::fromLatin1(stage)) : okStatus();
}

Result<TrackFeatures> run(AudioDecoder &dec, Result<AudioInfo> opened, const FeatureLimits &limits)
{
    if (!opened)
        return opened.error();
    QElapsedTimer clock;
    clock.start();
    TrackFeatures f;
    f.info = opened.value();
    ExactFingerprinter exact;
    RobustFingerprinter robust;
    std::unique_ptr<Embedder> embedder = makeEmbedder();
    const int channels = std::max(1, f.info.channels);
    LoudnessMeter loudness(ExactFingerprinter::kRate, channels);
    TempoEstimator tempo(ExactFingerprinter::kRate);
    PeakBuilder peaks(ExactFingerprinter::kRate);
    MonoResampler to8k(ExactFingerprinter::kRate, robust::kRate);
    if (!to8k.ok())
        return Error::make(ErrorKind::Internal, QStringLiteral("resampler"),
                           QStringLiteral("cannot create a resampler"));
    auto feedRobust = [&](const float *x, int n) { robust.feed(x, n); };
    std::vector<float> mono;
    DecodeOptions o;
    o.outputRate = ExactFingerprinter::kRate;
    o.mono = false;
    o.maxDecodeSeconds = limits.maxDecodeSeconds;
    o.cpuBudget = limits.cpu;
    o.timeoutMs = limits.timeoutMs;
    auto stats = dec.decode(o, [&](const float *pcm, int frames) {
        loudness.feed(pcm, frames);
        mono.resize(size_t(frames));
        for (int i = 0; i < frames; ++i) {
            float sum = 0;
            for (int c = 0; c < channels; ++c)
                sum += pcm[size_t(i) * size_t(channels) + size_t(c)];
            mono[size_t(i)] = sum / float(channels);
        }
        exact.feed(mono.data(), frames);
        embedder->feed(mono.data(), frames);
        tempo.feed(mono.data(), frames);
        peaks.feed(mono.data(), frames);
        to8k.push(mono.data(), frames, feedRobust);
    });
    if (!stats)
        return stats.error();
    to8k.push(nullptr, 0, feedRobust); // flush
    f.stats = stats.value();
    auto fp = exact.finish();
    if (!fp)
        return fp.error();
    f.exact = std::move(fp).value();
    if (auto s = checkCpu(limits, "fp_robust"); !s)
        return s.error();
    f.robust = robust.finish();
    if (auto s = checkCpu(limits, "embedding"); !s)
        return s.error();
    f.embeddings = embedder->finish();
    if (auto s = checkCpu(limits, "loudness and tempo"); !s)
        return s.error();
    f.loudness = loudness.finish();
    f.tempoBpm = tempo.finish();
    f.peaks = peaks.finish();
    if (auto s = checkCpu(limits, "features"); !s)
        return s.error();
    f.extractSeconds = clock.nsecsElapsed() / 1e9;
    return f;
}

} // namespace

double featureSecondsWithin(qint64 budgetBytes, qint64 heldBytes)
{
    const qint64 room = budgetBytes - heldBytes - kFeatureBaseBytes;
    return room > 0 ? double(room) / double(kFeatureBytesPerSecond) : 0.0;
}

Result<TrackFeatures> extractFeatures(const QString &path, const FeatureLimits &limits)
{
    AudioDecoder dec;
    return run(dec, dec.openFile(path), limits);
}

Result<TrackFeatures> extractFeatures(const QByteArray &data, const FeatureLimits &limits)
{
    AudioDecoder dec;
    return run(dec, dec.openBuffer(data), limits);
}

Result<TrackFeatures> extractFeatures(QIODevice *device, const FeatureLimits &limits)
{
    AudioDecoder dec;
    return run(dec, dec.openDevice(device), limits);
}

QByteArray serializeRobust(const RobustFingerprint &fp)
{
    QByteArray out("LVFR1", 6);
    out.reserve(10 + int(fp.triplets.size()) * 12);
    auto put = [&](auto v) {
        v = qToLittleEndian(v);
        out.append(reinterpret_cast<const char *>(&v), sizeof v);
    };
    put(quint32(fp.triplets.size()));
    for (const Triplet &t : fp.triplets) {
        put(quint32(t.key));
        put(quint32(t.t1));
        put(quint16(t.span));
        put(quint16(t.f1));
    }
    return out;
}

Result<RobustFingerprint> deserializeRobust(const QByteArray &bytes, double durationSec)
{
    auto bad = [] {
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("fp_robust_corrupt"),
                           QStringLiteral("not a serialised fp_robust"));
    };
    if (bytes.size() < 10 || memcmp(bytes.constData(), "LVFR1\0", 6) != 0)
        return bad();
    const auto n = qFromLittleEndian<quint32>(bytes.constData() + 6);
    if (qsizetype(10) + qsizetype(n) * 12 != bytes.size())
        return bad();
    RobustFingerprint fp;
    fp.durationSec = durationSec;
    fp.triplets.resize(n);
    const char *p = bytes.constData() + 10;
    for (quint32 i = 0; i < n; ++i, p += 12) {
        Triplet &t = fp.triplets[i];
        t.key = qFromLittleEndian<quint32>(p);
        t.t1 = qFromLittleEndian<quint32>(p + 4);
        t.span = qFromLittleEndian<quint16>(p + 8);
        t.f1 = qFromLittleEndian<quint16>(p + 10);
        if (t.key >= robust::kKeySpace)
            return bad();
    }
    return fp;
}

namespace {
QJsonObject derivedJson(const TrackFeatures &f)
{
    QJsonArray profile;
    for (float v : f.loudness.shortTermLufs)
        profile.append(std::round(v * 10.0) / 10.0);
    return QJsonObject{
        {QStringLiteral("duration_sec"), f.stats.decodedSec()},
        {QStringLiteral("integrated_lufs"), std::round(f.loudness.integratedLufs * 10.0) / 10.0},
        {QStringLiteral("short_term_lufs_per_second"), profile},
        {QStringLiteral("peak_dbfs"), std::round(f.loudness.peakDbfs * 10.0) / 10.0},
        {QStringLiteral("loudness_range_lu"), std::round(f.loudness.rangeLu * 10.0) / 10.0},
        {QStringLiteral("tempo_bpm"), std::round(f.tempoBpm * 10.0) / 10.0}};
}
} // namespace

QString encodeEmbedding(const std::vector<float> &v)
{
    QByteArray b;
    b.reserve(int(v.size() * 4));
    for (float x : v) {
        quint32 bits;
        memcpy(&bits, &x, 4);
        bits = qToLittleEndian(bits);
        b.append(reinterpret_cast<const char *>(&bits), 4);
    }
    return QString::fromLatin1(b.toBase64());
}

Result<std::vector<float>> decodeEmbedding(const QString &base64)
{
    const QByteArray b = QByteArray::fromBase64(base64.toLatin1());
    if (b.size() != kEmbeddingDim * 4)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("embedding_corrupt"),
                           QStringLiteral("an embedding has %1 float32 values").arg(kEmbeddingDim));
    std::vector<float> v(kEmbeddingDim);
    for (int i = 0; i < kEmbeddingDim; ++i) {
        const quint32 bits = qFromLittleEndian<quint32>(b.constData() + 4 * i);
        memcpy(&v[size_t(i)], &bits, 4);
    }
    return v;
}

QJsonObject fingerprintRecord(const QString &trackId, const TrackFeatures &f)
{
    return QJsonObject{
        {QStringLiteral("track_id"), trackId},
        {QStringLiteral("fp_exact"), f.exact.encoded},
        {QStringLiteral("fp_robust"), QString::fromLatin1(serializeRobust(f.robust).toBase64())},
        {QStringLiteral("embedding_music"), f.embeddings.track.empty()
                                                ? QJsonValue()
                                                : QJsonValue(encodeEmbedding(f.embeddings.track))},
        {QStringLiteral("embedding_model"), f.embeddings.model},
        {QStringLiteral("external_similarity_summary"), QJsonObject{}},
        {QStringLiteral("exact_keys"),
         QJsonObject{{QStringLiteral("pcm"), f.exact.pcmKey},
                     {QStringLiteral("fingerprint"), f.exact.fingerprintKey}}},
        {QStringLiteral("fp_robust_triplets"), qint64(f.robust.triplets.size())},
        {QStringLiteral("calibration_version"), ScoreCalibration::active().version()},
        {QStringLiteral("duration_sec"), f.stats.decodedSec()},
        {QStringLiteral("derived"), derivedJson(f)},
        {QStringLiteral("audio"), QJsonObject{{QStringLiteral("container"), f.info.container},
                                              {QStringLiteral("codec"), f.info.codec},
                                              {QStringLiteral("sample_rate"), f.info.sampleRate},
                                              {QStringLiteral("channels"), f.info.channels},
                                              {QStringLiteral("truncated"), f.stats.truncated}}},
    };
}

void ExactIndex::add(const QString &trackId, const ExactFingerprint &fp)
{
    remove(trackId);
    m_keys.insert(trackId, {fp.pcmKey, fp.fingerprintKey});
    if (!fp.pcmKey.isEmpty())
        m_byKey.insert(QStringLiteral("p:") + fp.pcmKey, trackId);
    if (!fp.fingerprintKey.isEmpty())
        m_byKey.insert(QStringLiteral("f:") + fp.fingerprintKey, trackId);
}

bool ExactIndex::remove(const QString &trackId)
{
    auto it = m_keys.find(trackId);
    if (it == m_keys.end())
        return false;
    m_byKey.remove(QStringLiteral("p:") + it->first, trackId);
    m_byKey.remove(QStringLiteral("f:") + it->second, trackId);
    m_keys.erase(it);
    return true;
}

QStringList ExactIndex::lookup(const ExactFingerprint &fp) const
{
    QStringList out;
    if (!fp.pcmKey.isEmpty())
        out = m_byKey.values(QStringLiteral("p:") + fp.pcmKey);
    if (!fp.fingerprintKey.isEmpty())
        for (const QString &id : m_byKey.values(QStringLiteral("f:") + fp.fingerprintKey))
            if (!out.contains(id))
                out << id;
    return out;
}

QJsonObject ExactIndex::toJson() const
{
    QJsonObject tracks;
    for (auto it = m_keys.begin(); it != m_keys.end(); ++it)
        tracks.insert(it.key(), QJsonArray{it->first, it->second});
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("lemm-exact-index-1")},
                       {QStringLiteral("tracks"), tracks}};
}

Result<ExactIndex> ExactIndex::fromJson(const QJsonObject &o)
{
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("lemm-exact-index-1"))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("index_corrupt"),
                           QStringLiteral("not an exact index"));
    ExactIndex idx;
    const QJsonObject tracks = o.value(QStringLiteral("tracks")).toObject();
    for (auto it = tracks.begin(); it != tracks.end(); ++it) {
        const QJsonArray a = it.value().toArray();
        ExactFingerprint fp;
        fp.pcmKey = a.at(0).toString();
        fp.fingerprintKey = a.at(1).toString();
        idx.add(it.key(), fp);
    }
    return idx;
}

} // namespace lemm::core
