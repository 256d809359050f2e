#include "server/similarity/shard_map.h"

#include "core/base/ids.h"

namespace lemm::server {

int shardOf(const QString &trackId, int shardCount)
{
    if (shardCount <= 1)
        return 0;
    quint64 h = 14695981039346656037ull;
    for (const char c : trackId.toUtf8()) {
        h ^= quint64(quint8(c));
        h *= 1099511628211ull;
    }
    return int(h % quint64(shardCount));
}

core::Status ShardMap::announce(int shard, int shardCount, const QString &baseUrl,
                                const QDateTime &now) const
{
    auto r = m_db.query(
        QStringLiteral("INSERT INTO index_shards (shard_id, shard_count, base_url, state, "
                       "heartbeat_at) VALUES (?, ?, ?, 'up', ?) ON CONFLICT (shard_id) DO UPDATE "
                       "SET shard_count = excluded.shard_count, base_url = excluded.base_url, "
                       "state = 'up', heartbeat_at = excluded.heartbeat_at"),
        {shard, shardCount, baseUrl, core::toIso(now)});
    if (!r)
        return r.error();
    return core::okStatus();
}

core::Status ShardMap::withdraw(int shard) const
{
    auto r = m_db.query(QStringLiteral("UPDATE index_shards SET state = 'down' WHERE shard_id = ?"),
                        {shard});
    if (!r)
        return r.error();
    return core::okStatus();
}

core::Result<QList<ShardRow>> ShardMap::rows() const
{
    auto q = m_db.query(QStringLiteral("SELECT shard_id, shard_count, base_url, state, "
                                       "heartbeat_at FROM index_shards ORDER BY shard_id"));
    if (!q)
        return q.error();
    QList<ShardRow> out;
    while (q.value().next())
        out.append({q.value().value(0).toInt(), q.value().value(1).toInt(),
                    q.value().value(2).toString(), q.value().value(3).toString(),
                    core::fromIso(q.value().value(4).toString())});
    return out;
}

} // namespace lemm::server
