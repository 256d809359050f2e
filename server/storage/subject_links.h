#pragma once
// Back-links between the audit entries about one subject (issue 14, "Proofs that prove"):
// every new entry about a model, an output or a track carries, in its payload's
// "prev_subject_seq" object, the seq of the previous entry about that subject (0 for the
// first), keyed "model:ID", "output:ID" or "track:ID". A proof lists the chain from the newest
// entry back to the first, so a checker sees when an entry is missing. The newest seq per
// subject lives in audit_subject_heads (migration 9); entries written before that migration
// carry no links (see linksSince()). Stateless; AuditLog::append() calls link() inside its
// transaction, after it has taken the audit head's write lock (so appenders are serialised).

#include "server/storage/database.h"

#include <QJsonObject>
#include <QStringList>

namespace lemm::server::subject_links {

inline const QString kPayloadField = QStringLiteral("prev_subject_seq");

QString modelKey(const QString &modelId);
QString outputKey(const QString &outputId);
QString trackKey(const QString &trackId);

// The subjects an entry is about (empty for entries that are not linked). Pure: a proof
// checker uses it on the entries of a document too.
QStringList keysOf(const QString &eventType, const QString &subject, const QJsonObject &payload);

// The payload with "prev_subject_seq" filled in for the entry `seq` about to be written, and
// `seq` recorded as the newest entry about each of its subjects.
Result<QJsonObject> link(const Tx &tx, const QString &eventType, const QString &subject,
                         const QJsonObject &payload, qint64 seq);

// The newest entry about `key` (0: none since linking began).
Result<qint64> newestAbout(const Database &db, const QString &key);

// The last entry written before links existed (0 on a vault created with them): entries up to
// it carry no back-links, so completeness can only be shown for later ones.
Result<qint64> linksSince(const Database &db);

} // namespace lemm::server::subject_links
