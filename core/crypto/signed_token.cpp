#include "core/crypto/signed_token.h"

#include "core/crypto/crypto.h"

#include <QJsonDocument>

namespace lemm::core {

namespace {

constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

Error invalid()
{
    return Error::make(ErrorKind::Unauthorized, QStringLiteral("token_invalid"),
                       QStringLiteral("the link is not valid (damaged or not issued here)"));
}

} // namespace

QString signToken(const QJsonObject &claims, const QByteArray &key)
{
    const QByteArray body = QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(kB64);
    const QByteArray mac = crypto::genericHash(body, key);
    return QString::fromLatin1(body + '.' + mac.toBase64(kB64));
}

Result<QJsonObject> verifyToken(const QString &token, const QByteArray &key, const QString &purpose,
                                const QDateTime &now)
{
    if (token.size() > 4096)
        return invalid();
    const QByteArray raw = token.toLatin1();
    const int dot = raw.indexOf('.');
    if (dot <= 0 || raw.indexOf('.', dot + 1) >= 0)
        return invalid();
    const QByteArray body = raw.left(dot);
    auto mac = QByteArray::fromBase64Encoding(raw.mid(dot + 1), kB64);
    if (!mac || !crypto::equalConstantTime(*mac, crypto::genericHash(body, key)))
        return invalid();
    auto json = QByteArray::fromBase64Encoding(body, kB64);
    if (!json)
        return invalid();
    const QJsonDocument doc = QJsonDocument::fromJson(*json);
    if (!doc.isObject())
        return invalid();
    const QJsonObject claims = doc.object();
    if (claims.value(QStringLiteral("purpose")).toString() != purpose)
        return invalid();
    const qint64 exp = qint64(claims.value(QStringLiteral("exp")).toDouble(-1));
    if (exp < 0)
        return invalid();
    if (now.toSecsSinceEpoch() >= exp)
        return Error::make(ErrorKind::Gone, QStringLiteral("token_expired"),
                           QStringLiteral("the link has expired; request a new one"));
    return claims;
}

} // namespace lemm::core
