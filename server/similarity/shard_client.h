#pragma once
// The scatter-gather of a sharded robust index (issue 16), used by ReferenceIndex on API nodes
// and workers when [index] shards = N > 1: one query goes to every index-shard process of the
// shard map (shard_map.h) in parallel over HTTP (libcurl multi, on the calling thread), the
// answers are re-scored for the total indexed size and merged by significance.
//
// Fails closed: when a shard has no row, is "down", was started for another shard count, has
// not heartbeated within 3 x [index] heartbeat_sec, refuses the key, answers anything but a
// valid 200 or does not answer within [index] shard_timeout_ms, the query is an error
// (code "index_shard_unavailable", naming the shard) — never "no match".
//
// Thread-safety: query() may run on many threads at once (each call has its own handles).

#include "server/similarity/shard_map.h"
#include "server/similarity/shard_protocol.h"

namespace lemm::server {

struct GatherResult {
    QList<ShardHit> hits;  // re-scored, best (significance) first, at most maxResults + 1
    double indexedSec = 0; // the seconds all shards index together
};

class ShardGatherer
{
public:
    struct Settings {
        int shardCount = 2;
        QByteArray apiKey; // a system service account's key (never logged)
        int timeoutMs = 5000;
        int staleSec = 30;
    };
    ShardGatherer(const Database &db, Settings settings);

    core::Result<GatherResult> query(const ShardQuery &q) const;

    // Reads a key file (first line, trimmed); an empty or unreadable file is an error.
    static core::Result<QByteArray> readKeyFile(const QString &path);

private:
    // The shards' base URLs, in shard order, when all N are up and fresh.
    core::Result<QStringList> liveShards() const;
    // Sends `body` to every URL; the answers in the same order.
    core::Result<QList<ShardAnswer>> scatter(const QStringList &urls, const QByteArray &body) const;

    const Database &m_db;
    Settings m_settings;
};

} // namespace lemm::server
