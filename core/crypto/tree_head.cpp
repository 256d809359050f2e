#include "core/crypto/tree_head.h"

#include "core/crypto/merkle.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QtEndian>

#include <cmath>

namespace lemm::core::crypto {

namespace {

constexpr qint64 kMaxJsonInteger = qint64(1) << 53; // exact in a JSON number (a double)

Error badHead(const QString &field, const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_tree_head"),
                       QStringLiteral("tree head: %1 %2").arg(field, message),
                       QJsonObject{{field, message}});
}

Result<QByteArray> hexField(const QJsonObject &json, const QString &field, int bytes)
{
    static const QRegularExpression kHex(QStringLiteral("^[0-9a-f]*$"));
    const QJsonValue v = json.value(field);
    const QString text = v.toString();
    if (!v.isString() || text.size() != 2 * bytes || !kHex.match(text).hasMatch())
        return badHead(field,
                       QStringLiteral("must be %1 lower-case hex characters").arg(2 * bytes));
    return QByteArray::fromHex(text.toLatin1());
}

Result<qint64> sizeField(const QJsonObject &json)
{
    const QJsonValue v = json.value(QStringLiteral("tree_size"));
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > double(kMaxJsonInteger) || std::floor(d) != d)
        return badHead(QStringLiteral("tree_size"), QStringLiteral("must be a whole number >= 0"));
    return qint64(d);
}

Result<QString> timestampField(const QJsonObject &json)
{
    const QJsonValue v = json.value(QStringLiteral("timestamp"));
    const QString text = v.toString();
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!v.isString() || text.size() > 64 || !t.isValid() || !text.endsWith(QLatin1Char('Z')))
        return badHead(QStringLiteral("timestamp"),
                       QStringLiteral("must be an ISO 8601 UTC time ending in Z"));
    return text;
}

Result<QByteArray> signatureField(const QJsonObject &json)
{
    const QJsonValue v = json.value(QStringLiteral("signature"));
    auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!v.isString() || !decoded || decoded.decoded.size() != kSignatureBytes)
        return badHead(QStringLiteral("signature"),
                       QStringLiteral("must be the base64 of %1 bytes").arg(kSignatureBytes));
    return decoded.decoded;
}

void appendU64(QByteArray &buf, quint64 value)
{
    uchar be[8];
    qToBigEndian<quint64>(value, be);
    buf.append(reinterpret_cast<const char *>(be), 8);
}

void appendU32(QByteArray &buf, quint32 value)
{
    uchar be[4];
    qToBigEndian<quint32>(value, be);
    buf.append(reinterpret_cast<const char *>(be), 4);
}

} // namespace

QByteArray SignedTreeHead::signedMessage() const
{
    QByteArray buf("lemm-sth-v1");
    appendU64(buf, quint64(treeSize));
    buf.append(rootHash);
    const QByteArray time = timestamp.toUtf8();
    appendU32(buf, quint32(time.size()));
    buf.append(time);
    return buf;
}

void SignedTreeHead::sign(const SigningKey &key)
{
    keyId = key.keyId();
    signature = key.sign(signedMessage());
}

Status SignedTreeHead::verify(const QByteArray &publicKey) const
{
    if (keyId != keyIdOf(publicKey))
        return Error::make(ErrorKind::Unprocessable, QStringLiteral("sth_wrong_key"),
                           QStringLiteral("the tree head of size %1 is signed by key %2, not by "
                                          "the given key %3")
                               .arg(treeSize)
                               .arg(keyId, keyIdOf(publicKey)));
    if (rootHash.size() != merkle::kHashBytes ||
        !verifySignature(publicKey, signedMessage(), signature))
        return Error::make(ErrorKind::Unprocessable, QStringLiteral("sth_bad_signature"),
                           QStringLiteral("the signature of the tree head of size %1 does not "
                                          "verify")
                               .arg(treeSize));
    return okStatus();
}

QJsonObject SignedTreeHead::toJson() const
{
    return QJsonObject{
        {QStringLiteral("tree_size"), double(treeSize)},
        {QStringLiteral("root_hash"), QString::fromLatin1(rootHash.toHex())},
        {QStringLiteral("timestamp"), timestamp},
        {QStringLiteral("key_id"), keyId},
        {QStringLiteral("signature"), QString::fromLatin1(signature.toBase64())},
    };
}

Result<SignedTreeHead> SignedTreeHead::fromJson(const QJsonObject &json)
{
    auto size = sizeField(json);
    if (!size)
        return size.error();
    auto root = hexField(json, QStringLiteral("root_hash"), merkle::kHashBytes);
    if (!root)
        return root.error();
    auto time = timestampField(json);
    if (!time)
        return time.error();
    auto keyIdBytes = hexField(json, QStringLiteral("key_id"), 8);
    if (!keyIdBytes)
        return keyIdBytes.error();
    auto signature = signatureField(json);
    if (!signature)
        return signature.error();
    return SignedTreeHead{*size, *root, *time, json.value(QStringLiteral("key_id")).toString(),
                          *signature};
}

Result<SignedTreeHead> SignedTreeHead::fromJsonText(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (!doc.isObject())
        return Error::make(
            ErrorKind::InvalidInput, QStringLiteral("invalid_tree_head"),
            QStringLiteral("a tree head is a JSON object (%1)").arg(error.errorString()));
    return fromJson(doc.object());
}

QString treeHeadTimestampNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace lemm::core::crypto
