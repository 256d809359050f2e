#pragma once
// `lemm-vault-server index-shard --shard K --of N --data-dir DIR [--database URL] [--port P]
// [--host ADDR] [--advertise URL]` (issue 16, docs/scaling.md): one process of a sharded
// robust index. It loads from the database only the tracks that shardOf(id, N) gives to K
// (the same refresh path as every ReferenceIndex), announces itself in the shard map
// (index_shards) with the URL API nodes should use, heartbeats every [index] heartbeat_sec and
// answers POST /internal/index/query for system service keys. On SIGINT/SIGTERM it marks its
// row "down" so API nodes fail closed at once. The first stdout line is 'listening on URL'.

#include <QStringList>

#include <functional>

namespace lemm::server {

// `runLoop` runs the event loop until a stop signal (cli.cpp's, so that signal handling stays
// in one place) and returns the exit code.
int runIndexShard(const QStringList &args, const std::function<int()> &runLoop);

} // namespace lemm::server
