#include "server/similarity/check_pipeline.h"

#include "server/base/json_util.h"
#include "server/services/metrics.h"

#include "core/similarity/score_calibration.h"

#include <QElapsedTimer>

#include <algorithm>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

// A configured source that could not be loaded: every check fails with the reason.
class UnloadableSource : public ExternalSource
{
public:
    explicit UnloadableSource(QString why) : m_why(std::move(why)) {}
    QString name() const override { return QStringLiteral("external_sources"); }
    ExternalResult check(const TrackFeatures &) override
    {
        ExternalResult r;
        r.source = name();
        r.available = false;
        r.error = QStringLiteral("the configured sources could not be loaded: ") + m_why;
        return r;
    }

private:
    QString m_why;
};

QStringList notConfiguredKinds(const ServerConfig &c)
{
    QStringList out;
    if (c.acoustidUrl.isEmpty())
        out << QStringLiteral("acoustid");
    return out;
}

} // namespace

QString toString(SourceStatus s)
{
    switch (s) {
    case SourceStatus::Answered: return QStringLiteral("answered");
    case SourceStatus::Failed: return QStringLiteral("failed");
    case SourceStatus::NotConfigured: return QStringLiteral("not_configured");
    }
    return {};
}

Result<SourceSet> loadSourceSet(const ServerConfig &config)
{
    auto sources = loadExternalSources(config);
    if (!sources)
        return sources.error();
    return SourceSet{sources.value(), notConfiguredKinds(config)};
}

SourceSet sourceSetOrFailing(const ServerConfig &config)
{
    auto set = loadSourceSet(config);
    if (set)
        return set.value();
    qWarning("external sources cannot be loaded; every check fails closed: %s",
             qPrintable(set.error().message));
    return SourceSet{{std::make_shared<UnloadableSource>(set.error().message)},
                     notConfiguredKinds(config)};
}

QStringList CheckEvidence::sourcesWith(SourceStatus s) const
{
    QStringList out;
    for (const SourceEvidence &e : sources)
        if (e.status == s)
            out << e.name;
    return out;
}

QJsonObject CheckEvidence::sourcesJson() const
{
    QJsonObject o;
    for (const SourceEvidence &e : sources)
        o.insert(e.name, toString(e.status));
    return o;
}

QJsonObject CheckEvidence::sourceErrorsJson() const
{
    QJsonObject o;
    for (const SourceEvidence &e : sources)
        if (e.status == SourceStatus::Failed)
            o.insert(e.name, e.error);
    return o;
}

OutputEvidence CheckEvidence::outputEvidence() const
{
    OutputEvidence out;
    for (const ReferenceHit &h : internal)
        out.internalMax = std::max(out.internalMax, internalScore(h));
    for (const SourceEvidence &s : sources) {
        if (s.status == SourceStatus::Failed)
            out.failedSources << OutputEvidence::Failure{s.name, s.error};
        for (const ExternalHit &h : s.hits)
            out.externalMax = std::max(out.externalMax, h.matchConfidence);
    }
    return out;
}

double internalScore(const ReferenceHit &h)
{
    return h.exact ? 1.0 : h.robustScore;
}

InternalEvidence internalEvidence(const ReferenceHit &h, double querySec)
{
    const double overlap = h.match ? overlapOf(*h.match) : 0.0;
    const double shorter = h.referenceSec > 0 ? std::min(querySec, h.referenceSec) : querySec;
    return InternalEvidence{h.exact, h.accepted, h.robustScore, h.embeddingSimilarity,
                            overlap, shorter};
}

QJsonObject internalHitJson(const ReferenceHit &h, double querySec)
{
    QJsonObject o{{QStringLiteral("track_id"), h.trackId},
                  {QStringLiteral("exact"), h.exact},
                  {QStringLiteral("score"), round3(internalScore(h))},
                  {QStringLiteral("robust_score"), round3(h.robustScore)},
                  {QStringLiteral("embedding_similarity"), round3(h.embeddingSimilarity)}};
    if (h.match) {
        o.insert(QStringLiteral("overlap_start"), round3(h.match->queryStart));
        o.insert(QStringLiteral("overlap_end"), round3(h.match->queryEnd));
        o.insert(QStringLiteral("ref_overlap_start"), round3(h.match->refStart));
        o.insert(QStringLiteral("ref_overlap_end"), round3(h.match->refEnd));
        o.insert(QStringLiteral("time_factor"), round3(h.match->timeFactor));
        o.insert(QStringLiteral("pitch_factor"), round3(h.match->pitchFactor));
        o.insert(QStringLiteral("coverage"), round3(h.match->coverage));
        o.insert(QStringLiteral("segments"), segmentsJson(h.match->segments));
    } else {
        if (h.exact) {
            o.insert(QStringLiteral("overlap_start"), 0);
            o.insert(QStringLiteral("overlap_end"), round3(querySec));
            o.insert(QStringLiteral("ref_overlap_start"), 0);
            o.insert(QStringLiteral("ref_overlap_end"), round3(querySec));
        }
        o.insert(QStringLiteral("segments"), QJsonArray());
    }
    return o;
}

CheckPipeline::CheckPipeline(ReferenceIndex &references, SourceSet sources, Metrics &metrics)
    : m_references(references), m_sources(std::move(sources)), m_metrics(metrics)
{
}

void CheckPipeline::observeStage(const QString &stage, double seconds) const
{
    m_metrics.observe(QStringLiteral("lemm_job_stage_duration_seconds"),
                      Metrics::label(QStringLiteral("stage"), stage), seconds);
}

Result<CheckEvidence> CheckPipeline::run(const TrackFeatures &f, const Request &request) const
{
    CheckEvidence ev;
    ev.querySec = f.stats.decodedSec();
    ev.calibrationVersion = ScoreCalibration::active().version();
    auto stage = [&](const QString &name) {
        return request.beforeStage ? request.beforeStage(name) : okStatus();
    };

    // Internal: the vault's reference set, synced from the database first.
    if (auto s = stage(QStringLiteral("internal")); !s)
        return s.error();
    QElapsedTimer t;
    t.start();
    if (auto r = m_references.refresh(); !r)
        return r.error();
    observeStage(QStringLiteral("internal_refresh"), t.nsecsElapsed() / 1e9);
    t.restart();
    // A sharded index fails closed when a shard does not answer (index_shard_unavailable).
    auto internal = m_references.query(f, request.excludeTrackId, request.maxInternal, request.use);
    if (!internal)
        return internal.error();
    ev.internal = std::move(internal).value();
    ev.checkedInternal = m_references.size(request.use);
    observeStage(QStringLiteral("internal"), t.nsecsElapsed() / 1e9);

    // External: every configured source, each answering or failing on its own.
    for (const auto &source : m_sources.configured) {
        if (auto s = stage(QStringLiteral("external:") + source->name()); !s)
            return s.error();
        const ExternalResult res = source->check(f);
        observeStage(QStringLiteral("external:") + source->name(), res.elapsedMs / 1000);
        SourceEvidence e;
        e.name = source->name();
        e.elapsedMs = res.elapsedMs;
        if (res.available) {
            e.status = SourceStatus::Answered;
            e.hits = res.hits;
        } else {
            e.status = SourceStatus::Failed;
            e.error = res.error.isEmpty() ? QStringLiteral("no answer") : res.error;
        }
        ev.sources << e;
    }
    for (const QString &name : m_sources.notConfigured)
        ev.sources << SourceEvidence{name, SourceStatus::NotConfigured, {}, {}, 0};
    return ev;
}

} // namespace lemm::server
