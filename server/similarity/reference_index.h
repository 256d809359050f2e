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
//
// Sharded robust index (issue 16, docs/scaling.md). In an index-shard process
// (serveShard(K, N)) refresh() loads only the tracks that shardOf(id, N) assigns to K, and
// answer() serves the internal index route. On API nodes and workers of a sharded vault
// (gatherFrom()) the robust part is not loaded at all: query() sends the robust query to every
// shard (ShardGatherer) and merges the re-scored matches with the exact and embedding parts,
// which stay local (they are small: a few hundred bytes per track). A shard that does not
// answer makes query() an error (index_shard_unavailable), never an empty answer.

#include "server/storage/database.h"

#include "core/similarity/track_features.h"
#include "server/storage/index_files.h"

#include <QJsonObject>
#include <QMutex>
#include <QReadWriteLock>

#include <memory>

namespace lemm::server {

struct ShardQuery;
struct ShardAnswer;
struct GatherResult;
class ShardGatherer;

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
    explicit ReferenceIndex(const Database &db);
    ~ReferenceIndex();
    // Returns how many tracks were added and removed.
    Result<std::pair<int, int>> refresh();
    // Fails only in sharded mode, when a shard does not answer (index_shard_unavailable).
    Result<QList<ReferenceHit>> query(const core::TrackFeatures &f, const QString &excludeTrackId,
                                      int maxResults = 5,
                                      ReferenceUse use = ReferenceUse::Ingestion) const;

    // Call before the first refresh(). Index-shard process: hold only shard `shard` of
    // `shardCount`.
    void serveShard(int shard, int shardCount);
    bool isShard() const { return m_shard >= 0; }
    // API node or worker of a sharded vault: robust matches come from `gatherer`.
    void gatherFrom(std::unique_ptr<ShardGatherer> gatherer);
    // An index shard's answer to the internal route: its robust matches for `q`, admitted for
    // q.use, with the seconds it indexes.
    ShardAnswer answer(const ShardQuery &q) const;
    // The tracks `use` compares with.
    int size(ReferenceUse use = ReferenceUse::Ingestion) const;
    // The least robust delta that refresh() folds into the sorted base (compactIfWorthIt());
    // tests set it low. And the postings the robust delta holds now.
    void setCompactThreshold(qint64 postings) { m_compactMin = postings; }
    qint64 robustDeltaPostings() const;

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
    // The delta that compactIfWorthIt() folds into the base at the least (about 7 hours).
    static constexpr qint64 kMinCompactPostings = 1'000'000;
    qint64 m_compactMin = kMinCompactPostings;
    // After apply(), still under m_refreshLock (reference_index.cpp).
    void compactIfWorthIt();
    // Under the write lock: drops `toDrop`, adds `loaded`, takes the statuses of `wanted`.
    void apply(const QStringList &toDrop, const QList<Loaded> &loaded,
               const QHash<QString, QString> &wanted);
    // query()'s steps under the read lock: the hit of `id` (created on first use), the exact,
    // robust (local or gathered) and embedding parts, the final order and cut.
    void addRobust(QHash<QString, ReferenceHit> &hits, const core::TrackFeatures &f,
                   const QString &excludeTrackId, int maxResults, ReferenceUse use,
                   const GatherResult *gathered) const;
    ReferenceHit &hitFor(QHash<QString, ReferenceHit> &hits, const QString &id) const;
    QList<ReferenceHit> ranked(QHash<QString, ReferenceHit> &hits, const core::TrackFeatures &f,
                               int maxResults) const;

    const Database &m_db;
    QMutex m_refreshLock; // one refresh() at a time
    mutable QReadWriteLock m_lock;
    QHash<QString, QString> m_status;   // loaded track -> status ("removed": kept revoked)
    QHash<QString, double> m_durations; // loaded track -> decoded seconds
    IndexSet m_idx;
    int m_shard = -1, m_shardCount = 1;        // serveShard()
    std::unique_ptr<ShardGatherer> m_gatherer; // gatherFrom()
};

} // namespace lemm::server
