#include "match_regions.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lemm::app {

namespace {

std::optional<double> finiteNumber(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return std::nullopt;
    return v.toDouble();
}

// An optional factor: absent means 1; present, it must be a finite number > 0.
std::optional<double> factor(const QJsonObject &o, const QString &key)
{
    if (!o.contains(key) || o.value(key).isNull())
        return 1.0;
    const std::optional<double> f = finiteNumber(o, key);
    if (!f || *f <= 0)
        return std::nullopt;
    return f;
}

std::optional<MatchSegment> segmentFromJson(const QJsonValue &value, double fallbackScore)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    const auto qs = finiteNumber(o, QStringLiteral("query_start"));
    const auto qe = finiteNumber(o, QStringLiteral("query_end"));
    const auto rs = finiteNumber(o, QStringLiteral("ref_start"));
    const auto re = finiteNumber(o, QStringLiteral("ref_end"));
    const auto tf = factor(o, QStringLiteral("time_factor"));
    const auto pf = factor(o, QStringLiteral("pitch_factor"));
    if (!qs || !qe || !rs || !re || !tf || !pf || *qe <= *qs || *re < *rs || *qs < 0 || *rs < 0)
        return std::nullopt;
    double score = fallbackScore;
    if (o.contains(QStringLiteral("score"))) {
        const auto s = finiteNumber(o, QStringLiteral("score"));
        if (!s)
            return std::nullopt;
        score = *s;
    }
    return MatchSegment{*qs, *qe, *rs, *re, *tf, *pf, std::clamp(score, 0.0, 1.0)};
}

// The hit's regions: one per usable segment, or its overlap fields when it has none.
QList<MatchRegion> regionsOfHit(const QJsonObject &h, MatchRegion base)
{
    const HitSegments parsed = segmentsFromJson(h, base.score);
    base.ignoredSegments = parsed.ignored;
    QList<MatchRegion> out;
    if (parsed.segments.isEmpty()) {
        // The overlap fields; a missing or non-finite one (a broken answer) gives no region.
        const auto qs = finiteNumber(h, QStringLiteral("overlap_start"));
        const auto qe = finiteNumber(h, QStringLiteral("overlap_end"));
        const auto rs = finiteNumber(h, QStringLiteral("ref_overlap_start"));
        const auto re = finiteNumber(h, QStringLiteral("ref_overlap_end"));
        if (!qs || !qe || !rs || !re || *qe < *qs)
            return out;
        base.start = *qs;
        base.end = *qe;
        base.refStart = *rs;
        base.refEnd = *re;
        if (!std::isfinite(base.score))
            base.score = 0;
        base.score = std::clamp(base.score, 0.0, 1.0);
        base.timeFactor = factor(h, QStringLiteral("time_factor")).value_or(1.0);
        base.pitchFactor = factor(h, QStringLiteral("pitch_factor")).value_or(1.0);
        out << base;
        return out;
    }
    base.segmentCount = int(parsed.segments.size());
    for (int i = 0; i < parsed.segments.size(); ++i) {
        const MatchSegment &s = parsed.segments.at(i);
        MatchRegion r = base;
        r.segment = i;
        r.score = s.score;
        r.start = s.queryStart;
        r.end = s.queryEnd;
        r.refStart = s.refStart;
        r.refEnd = s.refEnd;
        r.timeFactor = s.timeFactor;
        r.pitchFactor = s.pitchFactor;
        out << r;
    }
    return out;
}

} // namespace

HitSegments segmentsFromJson(const QJsonObject &hit, double fallbackScore)
{
    HitSegments out;
    const QJsonValue v = hit.value(QStringLiteral("segments"));
    if (!v.isArray())
        return out;
    const QJsonArray all = v.toArray();
    for (const QJsonValue &entry : all) {
        if (out.segments.size() == kMaxSegmentsPerHit) {
            out.ignored += int(all.size()) - (kMaxSegmentsPerHit + out.ignored);
            break;
        }
        if (const auto s = segmentFromJson(entry, fallbackScore))
            out.segments << *s;
        else
            ++out.ignored;
    }
    return out;
}

double MatchRegion::toReference(double seconds) const
{
    const double span = end - start;
    const double ratio = span > 0 ? (refEnd - refStart) / span : 1.0;
    return refStart + (seconds - start) * ratio;
}

double MatchRegion::fromReference(double refSeconds) const
{
    const double refSpan = refEnd - refStart;
    const double ratio = refSpan > 0 ? (end - start) / refSpan : 1.0;
    return start + (refSeconds - refStart) * ratio;
}

QList<MatchRegion> matchRegions(const QJsonObject &similarity)
{
    QList<MatchRegion> out;
    int hit = 0;
    const QJsonObject external = similarity.value(QStringLiteral("external")).toObject();
    for (auto it = external.begin(); it != external.end(); ++it)
        for (const QJsonValue &v : it.value().toObject().value(QStringLiteral("hits")).toArray()) {
            const QJsonObject h = v.toObject();
            MatchRegion m;
            m.source = it.key();
            m.hit = hit++;
            m.score = h.value(QStringLiteral("match_confidence")).toDouble();
            m.verdict = h.value(QStringLiteral("verdict")).toString();
            m.label = QStringLiteral("%1: %2 – %3")
                          .arg(it.key(), h.value(QStringLiteral("artist")).toString(),
                               h.value(QStringLiteral("title")).toString());
            out << regionsOfHit(h, m);
        }
    for (const QJsonValue &v : similarity.value(QStringLiteral("internal"))
                                   .toObject()
                                   .value(QStringLiteral("matches"))
                                   .toArray()) {
        const QJsonObject h = v.toObject();
        MatchRegion m;
        m.source = QStringLiteral("vault");
        m.hit = hit++;
        m.referenceTrackId = h.value(QStringLiteral("track_id")).toString();
        m.verdict = h.value(QStringLiteral("verdict")).toString();
        m.score = h.value(QStringLiteral("exact")).toBool()
                      ? 1.0
                      : h.value(QStringLiteral("robust_score")).toDouble();
        m.label = QStringLiteral("vault: %1 – %2")
                      .arg(h.value(QStringLiteral("artist")).toString(),
                           h.value(QStringLiteral("title")).toString());
        out << regionsOfHit(h, m);
    }
    return out;
}

} // namespace lemm::app
