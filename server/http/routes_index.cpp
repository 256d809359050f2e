// Route of the sharded robust index (issue 16, part "shard"): POST /internal/index/query, the
// robust matches of this index-shard process (system service keys only: the permission
// matrix's query_index_shard). Processes that are not index shards answer 404.
#include "server/http/route_context.h"

#include "server/similarity/shard_protocol.h"

namespace lemm::server {

ApiRouter::Reply ApiRouter::indexShardQuery(Context &, const QJsonObject &body)
{
    if (!m_references.isShard())
        return core::Error::make(core::ErrorKind::NotFound, QStringLiteral("not_an_index_shard"),
                                 QStringLiteral("this process is not an index shard"));
    auto q = shardQueryFromJson(body);
    if (!q)
        return q.error();
    if (auto r = m_references.refresh(); !r) // the database is the source of truth
        return r.error();
    return ApiResponse::json(200, toJson(m_references.answer(q.value())));
}

} // namespace lemm::server
