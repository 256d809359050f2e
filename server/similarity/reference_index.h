#pragma once
// The internal similarity reference set (spec §3.2) of one process: exact keys, fp_robust and
// embeddings of every vault track in a reference state (accepted, pending_review,
// dispute_pending, under_investigation) that has a FingerprintRecord. The database is the
// source of truth: refresh() compares the reference track ids with what is loaded, loads new
// records and drops tracks that left (revoked, removed, rejected), so several worker processes
// sharing one PostgreSQL see the same vault. Thread-safe: queries share a read lock,
// refresh() takes the write lock only to apply changes.

#include "server/storage/database.h"

#include "core/similarity/track_features.h"
#include "server/storage/index_files.h"

#include <QJsonObject>
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

class ReferenceIndex
{
public:
    // `forOutputChecks`: also revoked tracks when the policy keeps them for safety-only use.
    explicit ReferenceIndex(const Database &db, bool forOutputChecks = false)
        : m_db(db), m_forOutputChecks(forOutputChecks)
    {
    }
    // Returns how many tracks were added and removed.
    Result<std::pair<int, int>> refresh();
    QList<ReferenceHit> query(const core::TrackFeatures &f, const QString &excludeTrackId,
                              int maxResults = 5) const;
    int size() const;

    // Stored forms of the parts of a FingerprintRecord the index needs.
    static QString encodeWindows(const core::Embeddings &e);
    static Result<core::Embeddings> decodeEmbeddings(const QString &trackVector,
                                                     const QString &windowsJson);

private:
    const Database &m_db;
    bool m_forOutputChecks = false;
    mutable QReadWriteLock m_lock;
    QHash<QString, QString> m_status;   // loaded track -> status
    QHash<QString, double> m_durations; // loaded track -> decoded seconds
    IndexSet m_idx;
};

} // namespace lemm::server
