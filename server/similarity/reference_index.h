#pragma once
// The internal similarity reference set (spec §3.2) of one process: exact keys, fp_robust and
// embeddings of every vault track in a reference state (accepted, pending_review,
// dispute_pending, under_investigation) that has a FingerprintRecord. The database is the
// source of truth: refresh() compares the reference track ids with what is loaded, loads new
// records and drops tracks that left (revoked, removed, rejected), so several worker processes
// sharing one PostgreSQL see the same vault.
//
// One index per process: the composition root (server/cli/server_root.h) owns it and lends it
// to the ingestion workers and to output safety (through their CheckPipelines). It also holds
// the revoked tracks that the policy keeps for safety-only use (revoked_tracks_in_safety_checks
// = safety_only); query() and size() admit those only for ReferenceUse::OutputCheck, so
// ingestion never matches a submission against a revoked track.
//
// Thread-safety (shared by every worker thread and every HTTP pool thread): query() and size()
// take a shared read lock and may run concurrently with each other and with a refresh();
// refresh() calls are serialised by their own mutex (two threads refreshing at once would
// otherwise both load the same new record) and take the write lock only to apply changes, so
// a slow load never blocks queries.

#include "server/storage/database.h"

#include "core/similarity/track_features.h"
#include "server/storage/index_files.h"

#include <QJsonObject>
#include <QMutex>
#include <QReadWriteLock>

namespace lemm::server {

struct ReferenceHit {
    QString trackId;
    bool accepted = false; // the reference is accepted (vs. still in review or dispute)
    bool exact = false;
    double robustScore = 0;
    double embeddingSimilarity = 0;
    double referenceSec = 0;                // the reference's decoded length (0: unknown)
    std::optional<core::RobustMatch> match; // segments and regions, when fp_robust matched
};

// Who asks: ingestion compares with the reference states only; output checks also with
// revoked tracks the policy keeps for safety-only use.
enum class ReferenceUse { Ingestion, OutputCheck };

class ReferenceIndex
{
public:
    explicit ReferenceIndex(const Database &db) : m_db(db) {}
    // Returns how many tracks were added and removed.
    Result<std::pair<int, int>> refresh();
    QList<ReferenceHit> query(const core::TrackFeatures &f, const QString &excludeTrackId,
                              int maxResults = 5, ReferenceUse use = ReferenceUse::Ingestion) const;
    // The tracks `use` compares with.
    int size(ReferenceUse use = ReferenceUse::Ingestion) const;

    // Stored forms of the parts of a FingerprintRecord the index needs.
    static QString encodeWindows(const core::Embeddings &e);
    static Result<core::Embeddings> decodeEmbeddings(const QString &trackVector,
                                                     const QString &windowsJson);

private:
    struct Loaded; // one fingerprint record, decoded
    // Under the read lock: whether `use` may see the loaded track `id`.
    bool admits(const QString &id, ReferenceUse use) const;
    // Reads and decodes the records of `ids` (no lock: the database is the source of truth).
    Result<QList<Loaded>> load(const QStringList &ids) const;
    // Under the write lock: drops `toDrop`, adds `loaded`, takes the statuses of `wanted`.
    void apply(const QStringList &toDrop, const QList<Loaded> &loaded,
               const QHash<QString, QString> &wanted);

    const Database &m_db;
    QMutex m_refreshLock; // one refresh() at a time
    mutable QReadWriteLock m_lock;
    QHash<QString, QString> m_status;   // loaded track -> status ("removed": kept revoked)
    QHash<QString, double> m_durations; // loaded track -> decoded seconds
    IndexSet m_idx;
};

} // namespace lemm::server
