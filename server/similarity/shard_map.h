#pragma once
// The shard map of a sharded robust index (issue 16): which index process holds which track,
// and where each process answers. Tracks are assigned by a stable hash of their id modulo the
// shard count (shardOf), so nothing is written at ingestion and every process computes the
// same owner on its own; the table `index_shards` (migration 13) holds one row per shard: its
// base URL, the shard count it was started with, its state ("up", "down") and its last
// heartbeat. An index-shard process announces itself at start, heartbeats while it runs and
// withdraws when it stops; the API nodes read the rows before every scatter.
//
// Rebalancing (docs/scaling.md): changing the shard count moves about (N-1)/N of the tracks;
// new shards are started with --of N' next to the old ones, the API nodes switch when every
// new shard is up, then the old ones stop. Nothing in the database moves: each shard loads
// its tracks from the same fingerprint records.
//
// Thread-safety: stateless over the Database (which has a connection per thread).

#include "server/storage/database.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace lemm::server {

// The shard (0..shardCount-1) that holds `trackId`: FNV-1a (64 bit) over its UTF-8 bytes,
// modulo shardCount. Stable across processes, machines and releases: never change it.
int shardOf(const QString &trackId, int shardCount);

struct ShardRow {
    int shard = 0;
    int shardCount = 0;
    QString baseUrl; // e.g. http://10.0.0.5:8091
    QString state;   // "up" or "down"
    QDateTime heartbeat;
};

class ShardMap
{
public:
    explicit ShardMap(const Database &db) : m_db(db) {}

    // Inserts or replaces the row of `shard` (state "up", heartbeat now).
    core::Status announce(int shard, int shardCount, const QString &baseUrl,
                          const QDateTime &now) const;
    // Marks `shard` as stopped: the API nodes fail closed at once instead of timing out.
    core::Status withdraw(int shard) const;
    // Every row, by shard.
    core::Result<QList<ShardRow>> rows() const;

private:
    const Database &m_db;
};

} // namespace lemm::server
