#pragma once
// Ed25519 signatures (libsodium crypto_sign_*) for what the server vouches for: signed tree
// heads of the transparency log, receipts, proofs and webhook bodies.
//
// SigningKey is a value type that owns one key pair in fixed arrays; every copy wipes its secret
// bytes (sodium_memzero) when destroyed. A default-constructed key is null (isNull()) and
// signs nothing. Immutable after construction: share a const reference across threads freely.

#include "core/base/result.h"

#include <QByteArray>
#include <QString>

#include <array>

namespace lemm::core::crypto {

constexpr int kSigningSeedBytes = 32;
constexpr int kPublicKeyBytes = 32;
constexpr int kSignatureBytes = 64;

class SigningKey
{
public:
    SigningKey() = default;
    SigningKey(const SigningKey &other) = default;
    SigningKey &operator=(const SigningKey &other) = default;
    ~SigningKey();

    // A fresh key pair from the system's random source.
    static SigningKey generate();
    // The key pair derived from a 32-byte seed (what seed() returns); anything else: an error.
    static Result<SigningKey> fromSeed(const QByteArray &seed32);

    bool isNull() const { return !m_valid; }
    // The 32-byte seed, for storing the key. The caller keeps it secret.
    QByteArray seed() const;
    // The 32-byte Ed25519 public key.
    QByteArray publicKey() const;
    // The 64-byte detached signature of `message`; empty for a null key.
    QByteArray sign(const QByteArray &message) const;
    // keyIdOf(publicKey()).
    QString keyId() const;

private:
    std::array<unsigned char, 64> m_secret{}; // libsodium's secret key: seed || public key
    std::array<unsigned char, kPublicKeyBytes> m_public{};
    bool m_valid = false;
};

// Hex of the first 8 bytes of BLAKE2b-256 of the public key: a short name for a key, not a
// secret and not a substitute for comparing the key itself.
QString keyIdOf(const QByteArray &publicKey);

// True when `signature` is a valid Ed25519 signature of `message` by `publicKey`; false for
// anything of the wrong size.
bool verifySignature(const QByteArray &publicKey, const QByteArray &message,
                     const QByteArray &signature);

// A public key as an operator hands it over: 64 hex characters (surrounding whitespace
// ignored), or the JSON object that `audit public-key --format json` and GET /audit/public-key
// print ({"public_key": hex, ...}).
Result<QByteArray> parsePublicKey(const QByteArray &text);

} // namespace lemm::core::crypto
