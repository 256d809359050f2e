#include "core/crypto/signing.h"

#include "core/crypto/crypto.h"

#include <sodium.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace lemm::core::crypto {

namespace {

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

Error badKey(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_public_key"), message);
}

Result<QByteArray> publicKeyFromHex(const QByteArray &hex)
{
    static const QByteArray kHexDigits("0123456789abcdefABCDEF");
    if (hex.size() != 2 * kPublicKeyBytes)
        return badKey(QStringLiteral("a public key is 64 hex characters"));
    for (char c : hex)
        if (!kHexDigits.contains(c))
            return badKey(QStringLiteral("a public key is 64 hex characters"));
    return QByteArray::fromHex(hex);
}

} // namespace

SigningKey::~SigningKey()
{
    sodium_memzero(m_secret.data(), m_secret.size());
}

SigningKey SigningKey::generate()
{
    QByteArray seed = randomBytes(kSigningSeedBytes);
    SigningKey key = fromSeed(seed).value();
    sodium_memzero(seed.data(), size_t(seed.size()));
    return key;
}

Result<SigningKey> SigningKey::fromSeed(const QByteArray &seed32)
{
    if (seed32.size() != kSigningSeedBytes)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_signing_key"),
                           QStringLiteral("a signing key seed is %1 bytes, not %2")
                               .arg(kSigningSeedBytes)
                               .arg(seed32.size()));
    ensureSodium();
    SigningKey key;
    crypto_sign_seed_keypair(key.m_public.data(), key.m_secret.data(), bytes(seed32));
    key.m_valid = true;
    return key;
}

QByteArray SigningKey::seed() const
{
    if (!m_valid)
        return {};
    QByteArray out(kSigningSeedBytes, Qt::Uninitialized);
    crypto_sign_ed25519_sk_to_seed(reinterpret_cast<unsigned char *>(out.data()), m_secret.data());
    return out;
}

QByteArray SigningKey::publicKey() const
{
    if (!m_valid)
        return {};
    return QByteArray(reinterpret_cast<const char *>(m_public.data()), kPublicKeyBytes);
}

QByteArray SigningKey::sign(const QByteArray &message) const
{
    if (!m_valid)
        return {};
    QByteArray out(kSignatureBytes, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(out.data()), nullptr, bytes(message),
                         size_t(message.size()), m_secret.data());
    return out;
}

QString SigningKey::keyId() const
{
    return keyIdOf(publicKey());
}

QString keyIdOf(const QByteArray &publicKey)
{
    return QString::fromLatin1(genericHash(publicKey).left(8).toHex());
}

bool verifySignature(const QByteArray &publicKey, const QByteArray &message,
                     const QByteArray &signature)
{
    if (publicKey.size() != kPublicKeyBytes || signature.size() != kSignatureBytes)
        return false;
    ensureSodium();
    return crypto_sign_verify_detached(bytes(signature), bytes(message), size_t(message.size()),
                                       bytes(publicKey)) == 0;
}

Result<QByteArray> parsePublicKey(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    if (!trimmed.startsWith('{'))
        return publicKeyFromHex(trimmed);
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed);
    const QJsonValue value = doc.object().value(QStringLiteral("public_key"));
    if (!doc.isObject() || !value.isString())
        return badKey(QStringLiteral("a public key file in JSON needs a \"public_key\" text"));
    return publicKeyFromHex(value.toString().toLatin1());
}

} // namespace lemm::core::crypto
