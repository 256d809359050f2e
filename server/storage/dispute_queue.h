#pragma once
// The dispute queue of strong external hits (spec §3.1, §3.4; issue 14): a track the checks
// auto-reject for a strong match with an external catalog gets one entry (external_disputes),
// written in the same transaction as the rejection. Admins list the queue (GET
// /admin/disputes); the contributor is told to appeal (POST /tracks/{id}/appeal), which moves
// the track to dispute_pending, where the review queue's appeal round decides it. An entry's
// state is read from the track's status, so no other writer has to keep it current.
// Stateless and thread-safe.

#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonObject>

namespace lemm::server {

class DisputeQueue
{
public:
    // Opens the entry of `trackId` (once: a later call keeps the first entry). `hits` are the
    // external sources' strong hits that caused the rejection.
    static Status open(const Tx &tx, const QString &trackId, const QString &reason,
                       const QJsonArray &hits, const QString &now);
    // GET /admin/disputes: {"disputes": [...]}, oldest first; `openOnly` keeps the entries
    // still awaiting an appeal or in it.
    static Result<QJsonObject> list(const Database &db, bool openOnly);
    // The entry's state for a track status: awaiting_appeal, appealed, upheld, denied,
    // withdrawn.
    static QString stateOf(const QString &trackStatus);
};

} // namespace lemm::server
