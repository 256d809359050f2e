#pragma once
// External similarity sources (spec §3.1), at most two, behind one interface:
//  - AcoustIdSource: an AcoustID-compatible /v2/lookup web service (Chromaprint fingerprint of
//    the first two minutes; timeouts, retries with backoff, a process-wide rate limit);
//  - CatalogSource: a reference catalog (the "open corpus") built by `catalog build` from a
//    folder of audio, queried with the similarity engine (exact keys, fp_robust, embedding).
// Both return the same hit fields. A source that cannot answer says so (available = false);
// it never blocks a worker beyond its timeout.

#include "server/base/config.h"

#include "core/similarity/embedding_index.h"
#include "core/similarity/robust_index.h"
#include "core/similarity/track_features.h"

#include <QJsonArray>
#include <QJsonObject>

#include <memory>
#include <optional>

namespace lemm::server {

struct ExternalHit {
    QString referenceId;
    double matchConfidence = 0;                           // 0..1
    std::optional<double> overlapStart, overlapEnd;       // in the submission, seconds
    std::optional<double> refOverlapStart, refOverlapEnd; // in the reference
    bool overlapEstimated = false; // AcoustID: the fingerprinted span, not a measured region
    std::optional<double> embeddingSimilarity;
    std::optional<double> coverage; // fp_robust matches: information only, decides nothing
    std::vector<core::RobustSegment> segments; // fp_robust matches: best first
    QString title, artist, isrc;

    double overlapSec() const
    {
        return overlapStart && overlapEnd ? *overlapEnd - *overlapStart : 0.0;
    }
    // The decision tables' overlap: the longest segment, else overlapSec().
    double decisionOverlapSec() const;
    QJsonObject toJson() const; // with "segments" (segmentsJson(), empty for lookups)
};

struct ExternalResult {
    QString source;
    bool available = true;
    QString error;           // when !available
    QList<ExternalHit> hits; // best first
    double elapsedMs = 0;
};

class ExternalSource
{
public:
    virtual ~ExternalSource() = default;
    virtual QString name() const = 0;
    // Called from worker threads; implementations are thread-safe.
    virtual ExternalResult check(const core::TrackFeatures &features) = 0;
};

class AcoustIdSource : public ExternalSource
{
public:
    struct Options {
        QString baseUrl; // e.g. https://api.acoustid.org (the path /v2/lookup is appended)
        QString clientKey;
        int timeoutMs = 10000;
        int retries = 2;
        double ratePerSec = 3;
    };
    explicit AcoustIdSource(Options options);
    QString name() const override { return QStringLiteral("acoustid"); }
    ExternalResult check(const core::TrackFeatures &features) override;

    // Maps a /v2/lookup JSON response to hits (pure; for tests). Errors name the problem.
    static core::Result<QList<ExternalHit>> parseResponse(const QByteArray &body,
                                                          double fingerprintedSec);

private:
    void waitForRateSlot();
    Options m_options;
};

class CatalogSource : public ExternalSource
{
public:
    // Loads DIR (catalog.json, robust.lvri, embedding.lvei, exact.json).
    static core::Result<std::unique_ptr<CatalogSource>> load(const QString &dir);
    QString name() const override { return m_name; }
    ExternalResult check(const core::TrackFeatures &features) override;
    int trackCount() const { return m_robust.trackCount(); }

private:
    CatalogSource() = default;
    QString m_name;
    QHash<QString, QJsonObject> m_meta; // reference id -> {title, artist, isrc, duration_sec}
    core::RobustIndex m_robust;
    core::EmbeddingIndex m_embedding;
    core::ExactIndex m_exact;
};

// A match's segments as the API shows them: [{query_start, query_end, ref_start, ref_end,
// time_factor, pitch_factor, score}], best first.
QJsonArray segmentsJson(const std::vector<core::RobustSegment> &segments);

// The sources a worker uses, from the configuration: AcoustID when configured, then the
// catalogs; more than two in all is a configuration error.
core::Result<QList<std::shared_ptr<ExternalSource>>> loadExternalSources(const ServerConfig &c);

// `lemm-vault-server catalog build DIR --name NAME [--metadata FILE]`: indexes every audio file
// under `audioDir` into DATA/catalogs/NAME. Progress lines go to `progress`.
struct CatalogBuildReport {
    int indexed = 0;
    int failed = 0;
    double audioSeconds = 0;
    double wallSeconds = 0;
    QString directory;
};
core::Result<CatalogBuildReport> buildCatalog(const QString &dataDir, const QString &name,
                                              const QString &audioDir, const QString &metadataFile,
                                              const std::function<void(const QString &)> &progress);

} // namespace lemm::server
