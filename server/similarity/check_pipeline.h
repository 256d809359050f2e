#pragma once
// The one check pipeline (spec §3.1, §3.2, §6.1; issue 12): ingestion (IngestionWorker) and
// output safety (SafetyService::check) hand it a track's extracted features and receive the
// same typed CheckEvidence: the internal hits (the process's ReferenceIndex, each with its
// RobustMatch and segments), per external source its status (answered, failed or not
// configured) with its hits or its error, and the version of the score calibration the scores
// were computed with. Callers map the evidence to their decision with the pure functions of
// core/decisions.h, so the same audio gets the same evidence and consistent decisions
// whichever path asks.
//
// Ownership: the pipeline holds references to the caller's ReferenceIndex and Metrics (which
// outlive it) and shares the external sources. run() may be called from any thread concurrently
// (the index and the sources are thread-safe); each call blocks its thread for at most the sources'
// timeouts.

#include "server/services/metrics.h"
#include "server/similarity/external_sources.h"
#include "server/similarity/reference_index.h"

#include "core/domain/decisions.h"

#include <functional>

namespace lemm::server {

enum class SourceStatus { Answered, Failed, NotConfigured };
QString toString(SourceStatus s); // "answered" | "failed" | "not_configured"

struct SourceEvidence {
    QString name;
    SourceStatus status = SourceStatus::NotConfigured;
    QString error;           // Failed: why, in words (never a secret)
    QList<ExternalHit> hits; // Answered: best first
    double elapsedMs = 0;
};

// The external sources of a process: the configured ones and the names of the known kinds
// that are not configured (AcoustID without a URL).
struct SourceSet {
    QList<std::shared_ptr<ExternalSource>> configured;
    QStringList notConfigured;
};
// From the configuration; an error when a configured source cannot be loaded.
Result<SourceSet> loadSourceSet(const ServerConfig &config);
// Never fails: a configured source that cannot be loaded becomes a source named
// "external_sources" that fails every check with the loading error (fail closed).
SourceSet sourceSetOrFailing(const ServerConfig &config);

struct CheckEvidence {
    double querySec = 0;           // decoded length of the checked audio
    int checkedInternal = 0;       // reference tracks compared with
    QList<ReferenceHit> internal;  // best first
    QList<SourceEvidence> sources; // configured (in order), then not configured
    QString calibrationVersion;

    QStringList sourcesWith(SourceStatus s) const;
    QJsonObject sourcesJson() const;      // {name: "answered" | "failed" | "not_configured"}
    QJsonObject sourceErrorsJson() const; // {name: error} of the failed ones
    // What the output decision reads: best internal and external scores and the failures.
    core::OutputEvidence outputEvidence() const;
};

// The score an internal hit counts with: 1 for an exact copy, else its calibrated score.
double internalScore(const ReferenceHit &h);
// The internal decision table's input for one hit of a query `querySec` long.
core::InternalEvidence internalEvidence(const ReferenceHit &h, double querySec);
// The JSON both paths show for an internal hit: track_id, exact, score, robust_score,
// embedding_similarity, overlap_* and ref_overlap_* (the best segment), time/pitch factors,
// coverage (information only) and segments.
QJsonObject internalHitJson(const ReferenceHit &h, double querySec);

class CheckPipeline
{
public:
    // Called before each stage ("internal", "external:NAME"); an error stops the run with it
    // (the ingestion worker's heartbeat and CPU budget).
    using StageHook = std::function<core::Status(const QString &stage)>;
    struct Request {
        QString excludeTrackId; // the submission itself, when re-checking a vault track
        int maxInternal = 5;
        StageHook beforeStage;
        ReferenceUse use = ReferenceUse::Ingestion; // OutputCheck: /safety/check
    };

    CheckPipeline(ReferenceIndex &references, SourceSet sources, Metrics &metrics);
    Result<CheckEvidence> run(const core::TrackFeatures &features, const Request &request) const;
    const SourceSet &sources() const { return m_sources; }

private:
    void observeStage(const QString &stage, double seconds) const;

    ReferenceIndex &m_references;
    SourceSet m_sources;
    Metrics &m_metrics;
};

} // namespace lemm::server
