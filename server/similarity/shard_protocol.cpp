#include "server/similarity/shard_protocol.h"

#include "core/similarity/score_calibration.h"

#include <QDataStream>
#include <QJsonArray>

#include <cmath>
#include <cstring>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

constexpr int kMaxResults = 50;

Error badShardMessage(const QString &what)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("bad_shard_message"),
                       QStringLiteral("index shard message: %1").arg(what));
}

QJsonObject segmentJson(const core::RobustSegment &s)
{
    return {{QStringLiteral("query_start"), s.queryStart},
            {QStringLiteral("query_end"), s.queryEnd},
            {QStringLiteral("ref_start"), s.refStart},
            {QStringLiteral("ref_end"), s.refEnd},
            {QStringLiteral("time_factor"), s.timeFactor},
            {QStringLiteral("pitch_factor"), s.pitchFactor},
            {QStringLiteral("peaks"), s.peaks},
            {QStringLiteral("verified"), s.verified},
            {QStringLiteral("chance_rate"), s.chanceRate},
            {QStringLiteral("statistic"), s.statistic}};
}

core::RobustSegment segmentFrom(const QJsonObject &o)
{
    core::RobustSegment s;
    s.queryStart = o.value(QStringLiteral("query_start")).toDouble();
    s.queryEnd = o.value(QStringLiteral("query_end")).toDouble();
    s.refStart = o.value(QStringLiteral("ref_start")).toDouble();
    s.refEnd = o.value(QStringLiteral("ref_end")).toDouble();
    s.timeFactor = o.value(QStringLiteral("time_factor")).toDouble(1);
    s.pitchFactor = o.value(QStringLiteral("pitch_factor")).toDouble(1);
    s.peaks = o.value(QStringLiteral("peaks")).toInt();
    s.verified = o.value(QStringLiteral("verified")).toInt();
    s.chanceRate = o.value(QStringLiteral("chance_rate")).toDouble();
    s.statistic = o.value(QStringLiteral("statistic")).toDouble();
    return s;
}

QJsonObject hitJson(const ShardHit &h)
{
    const core::RobustMatch &m = h.match;
    QJsonArray segments;
    for (const core::RobustSegment &s : m.segments)
        segments.append(segmentJson(s));
    return {{QStringLiteral("track_id"), m.trackId},
            {QStringLiteral("accepted"), h.accepted},
            {QStringLiteral("reference_sec"), h.referenceSec},
            {QStringLiteral("significance"), m.significance},
            {QStringLiteral("matches"), m.matches},
            {QStringLiteral("coverage"), m.coverage},
            {QStringLiteral("offset_sec"), m.offsetSec},
            {QStringLiteral("time_factor"), m.timeFactor},
            {QStringLiteral("pitch_factor"), m.pitchFactor},
            {QStringLiteral("query_start"), m.queryStart},
            {QStringLiteral("query_end"), m.queryEnd},
            {QStringLiteral("ref_start"), m.refStart},
            {QStringLiteral("ref_end"), m.refEnd},
            {QStringLiteral("segments"), segments}};
}

core::Result<ShardHit> hitFrom(const QJsonObject &o)
{
    ShardHit h;
    core::RobustMatch &m = h.match;
    m.trackId = o.value(QStringLiteral("track_id")).toString();
    const QJsonArray segments = o.value(QStringLiteral("segments")).toArray();
    if (m.trackId.isEmpty() || segments.isEmpty())
        return badShardMessage(QStringLiteral("a hit without track_id or segments"));
    h.accepted = o.value(QStringLiteral("accepted")).toBool();
    h.referenceSec = o.value(QStringLiteral("reference_sec")).toDouble();
    m.significance = o.value(QStringLiteral("significance")).toDouble();
    m.matches = o.value(QStringLiteral("matches")).toInt();
    m.coverage = o.value(QStringLiteral("coverage")).toDouble();
    m.offsetSec = o.value(QStringLiteral("offset_sec")).toDouble();
    m.timeFactor = o.value(QStringLiteral("time_factor")).toDouble(1);
    m.pitchFactor = o.value(QStringLiteral("pitch_factor")).toDouble(1);
    m.queryStart = o.value(QStringLiteral("query_start")).toDouble();
    m.queryEnd = o.value(QStringLiteral("query_end")).toDouble();
    m.refStart = o.value(QStringLiteral("ref_start")).toDouble();
    m.refEnd = o.value(QStringLiteral("ref_end")).toDouble();
    for (const QJsonValue &s : segments)
        m.segments.push_back(segmentFrom(s.toObject()));
    return h;
}

// The query's whole fp_robust (peaks, dense peaks, triplets with their cell fractions: what
// RobustIndex::query reads), little-endian: "LVSQ1" u32 n {u32 frame, f32 semitone, f32
// prominence} twice (peaks, dense peaks), then u32 n {u32 key, u32 t1, u16 span, u16 f1,
// f32 rFrac, f32 d12Frac, f32 d23Frac}. The stored form (serializeRobust) keeps triplets only.
constexpr char kQueryMagic[] = "LVSQ1";

void putPeaks(QDataStream &out, const std::vector<core::SpectralPeak> &peaks)
{
    out << quint32(peaks.size());
    for (const core::SpectralPeak &p : peaks)
        out << quint32(p.frame) << p.semitone << p.prominence;
}

QByteArray encodeQuery(const core::RobustFingerprint &fp)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out.writeRawData(kQueryMagic, 5);
    putPeaks(out, fp.peaks);
    putPeaks(out, fp.densePeaks);
    out << quint32(fp.triplets.size());
    for (const core::Triplet &t : fp.triplets)
        out << quint32(t.key) << quint32(t.t1) << quint16(t.span) << quint16(t.f1) << t.rFrac
            << t.d12Frac << t.d23Frac;
    return bytes;
}

// A count read from `in` that fits in what is left of `size` bytes at `each` bytes a record.
bool readCount(QDataStream &in, qint64 size, int each, quint32 *n)
{
    in >> *n;
    return in.status() == QDataStream::Ok && qint64(*n) * each <= size - in.device()->pos();
}

bool getPeaks(QDataStream &in, qint64 size, std::vector<core::SpectralPeak> &peaks)
{
    quint32 n = 0;
    if (!readCount(in, size, 12, &n))
        return false;
    peaks.resize(n);
    for (core::SpectralPeak &p : peaks) {
        quint32 frame = 0;
        in >> frame >> p.semitone >> p.prominence;
        p.frame = frame;
    }
    return in.status() == QDataStream::Ok;
}

core::Result<core::RobustFingerprint> decodeQuery(const QByteArray &bytes, double durationSec)
{
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    char magic[5] = {};
    core::RobustFingerprint fp;
    fp.durationSec = durationSec;
    quint32 n = 0;
    if (in.readRawData(magic, 5) != 5 || std::memcmp(magic, kQueryMagic, 5) != 0 ||
        !getPeaks(in, bytes.size(), fp.peaks) || !getPeaks(in, bytes.size(), fp.densePeaks) ||
        !readCount(in, bytes.size(), 24, &n))
        return badShardMessage(QStringLiteral("fingerprint is not a query fingerprint"));
    fp.triplets.resize(n);
    for (core::Triplet &t : fp.triplets) {
        quint32 key = 0, t1 = 0;
        quint16 span = 0, f1 = 0;
        in >> key >> t1 >> span >> f1 >> t.rFrac >> t.d12Frac >> t.d23Frac;
        if (key >= core::robust::kKeySpace)
            return badShardMessage(QStringLiteral("fingerprint has a key out of range"));
        t.key = key;
        t.t1 = t1;
        t.span = span;
        t.f1 = f1;
    }
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return badShardMessage(QStringLiteral("fingerprint has trailing or missing bytes"));
    return fp;
}

} // namespace

QJsonObject toJson(const ShardQuery &q)
{
    return {
        {QStringLiteral("fingerprint"), QString::fromLatin1(encodeQuery(q.fingerprint).toBase64())},
        {QStringLiteral("duration_sec"), q.fingerprint.durationSec},
        {QStringLiteral("exclude"), q.excludeTrackId},
        {QStringLiteral("max_results"), q.maxResults},
        {QStringLiteral("use"), q.use == ReferenceUse::OutputCheck ? QStringLiteral("output_check")
                                                                   : QStringLiteral("ingestion")}};
}

core::Result<ShardQuery> shardQueryFromJson(const QJsonObject &o)
{
    ShardQuery q;
    const double duration = o.value(QStringLiteral("duration_sec")).toDouble(-1);
    if (!std::isfinite(duration) || duration < 0 || duration > 24 * 3600)
        return badShardMessage(QStringLiteral("duration_sec must be 0..86400"));
    auto fp = decodeQuery(
        QByteArray::fromBase64(o.value(QStringLiteral("fingerprint")).toString().toLatin1()),
        duration);
    if (!fp)
        return fp.error();
    q.fingerprint = std::move(fp).value();
    q.excludeTrackId = o.value(QStringLiteral("exclude")).toString();
    q.maxResults = o.value(QStringLiteral("max_results")).toInt(5);
    if (q.maxResults < 1 || q.maxResults > kMaxResults)
        return badShardMessage(QStringLiteral("max_results must be 1..%1").arg(kMaxResults));
    const QString use = o.value(QStringLiteral("use")).toString();
    if (use != QLatin1String("ingestion") && use != QLatin1String("output_check"))
        return badShardMessage(QStringLiteral("use must be ingestion or output_check"));
    q.use =
        use == QLatin1String("output_check") ? ReferenceUse::OutputCheck : ReferenceUse::Ingestion;
    return q;
}

QJsonObject toJson(const ShardAnswer &a)
{
    QJsonArray hits;
    for (const ShardHit &h : a.hits)
        hits.append(hitJson(h));
    return {{QStringLiteral("shard"), a.shard},
            {QStringLiteral("shard_count"), a.shardCount},
            {QStringLiteral("indexed_sec"), a.indexedSec},
            {QStringLiteral("hits"), hits}};
}

core::Result<ShardAnswer> shardAnswerFromJson(const QJsonObject &o)
{
    ShardAnswer a;
    a.shard = o.value(QStringLiteral("shard")).toInt(-1);
    a.shardCount = o.value(QStringLiteral("shard_count")).toInt(-1);
    a.indexedSec = o.value(QStringLiteral("indexed_sec")).toDouble(-1);
    if (a.shard < 0 || a.shardCount < 1 || !(a.indexedSec >= 0))
        return badShardMessage(QStringLiteral("shard, shard_count or indexed_sec missing"));
    const QJsonArray hits = o.value(QStringLiteral("hits")).toArray();
    if (hits.size() > kMaxResults + 1)
        return badShardMessage(QStringLiteral("too many hits"));
    for (const QJsonValue &v : hits) {
        auto h = hitFrom(v.toObject());
        if (!h)
            return h.error();
        a.hits.append(std::move(h).value());
    }
    return a;
}

void rescore(core::RobustMatch &m, double querySec, double indexedSec)
{
    const core::ScoreCalibration &cal = core::ScoreCalibration::active();
    const double hours = indexedSec / 3600.0;
    for (core::RobustSegment &s : m.segments) {
        s.falsePositiveRate = cal.falsePositiveRate(s.statistic, querySec, hours);
        s.score = core::ScoreCalibration::scoreForRate(s.falsePositiveRate);
    }
    if (m.segments.empty())
        return;
    m.score = m.segments.front().score;
    m.falsePositiveRate = m.segments.front().falsePositiveRate;
}

} // namespace lemm::server
