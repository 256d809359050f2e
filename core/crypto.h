#pragma once
// Thin, RAII-safe wrappers over libsodium: random tokens, generic hashing, password hashing
// (argon2id) and streaming authenticated encryption (secretstream xchacha20poly1305).
// All functions are thread-safe once ensureSodium() has run (it is called by each of them).

#include "result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

namespace lemm::core::crypto {

void ensureSodium();

QByteArray randomBytes(int n);
// URL-safe base64 without padding of n random bytes.
QString randomToken(int nBytes = 32);

// BLAKE2b (crypto_generichash), 32 bytes; keyed when key is non-empty (16..64 bytes).
QByteArray genericHash(const QByteArray &data, const QByteArray &key = {});
// The same unkeyed digest of everything readable from `in`, read in 64 KiB blocks.
Result<QByteArray> genericHashStream(QIODevice &in);
// Hex digest of a secret token: what the database stores instead of the token itself.
QString tokenDigest(const QString &token);

enum class PasswordStrength { Interactive, Moderate };
Result<QString> hashPassword(const QString &password,
                             PasswordStrength strength = PasswordStrength::Interactive);
bool verifyPassword(const QString &storedHash, const QString &password);

// Constant-time comparison of equal-length byte strings.
bool equalConstantTime(const QByteArray &a, const QByteArray &b);

constexpr int kKeyBytes = 32;
constexpr qint64 kChunkBytes = 64 * 1024;

// Encrypts everything readable from `in` to `out` with a 32-byte key. Format (see
// docs/ARCHITECTURE.md, "Encrypted object format"): magic "LVOS1\n", 24-byte secretstream
// header, then records of [u32 big-endian ciphertext length][ciphertext]; the last record
// carries the FINAL tag. Returns the number of plaintext bytes written.
Result<qint64> encryptStream(QIODevice &in, QIODevice &out, const QByteArray &key);
// Decrypts a stream written by encryptStream; fails on truncation, reordering or tampering.
Result<qint64> decryptStream(QIODevice &in, QIODevice &out, const QByteArray &key);

} // namespace lemm::core::crypto
