#pragma once
// Short-lived, single-purpose capability tokens (review previews; training fetches later):
// base64url(JSON claims) "." base64url(BLAKE2b-256 keyed MAC of the claims part). The claims
// always hold "purpose" and "exp" (seconds since the epoch, UTC). Tampering with any byte,
// another purpose, or a passed expiry is refused. The key is derived per purpose from the
// vault's master key, so a token of one kind is never valid as another.

#include "core/base/result.h"

#include <QDateTime>
#include <QJsonObject>

namespace lemm::core {

QString signToken(const QJsonObject &claims, const QByteArray &key);
// Errors: "token_invalid" (Unauthorized: malformed or tampered, or another purpose) and
// "token_expired" (Gone).
Result<QJsonObject> verifyToken(const QString &token, const QByteArray &key, const QString &purpose,
                                const QDateTime &now);

} // namespace lemm::core
