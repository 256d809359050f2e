#pragma once
// Thin, RAII-safe wrappers over libsodium: random tokens, generic hashing, password hashing
// (argon2id) and streaming authenticated encryption (secretstream xchacha20poly1305).
// All functions are thread-safe once ensureSodium() has run (it is called by each of them).

#include "core/base/result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <memory>

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

// A read-only sequential device over a stream written by encryptStream that decrypts one
// record at a time as it is read: memory stays at one record (64 KiB) whatever the size. A
// tampered, reordered or truncated stream makes read() fail (-1) at the first bad record, and
// errorString() says why; the bytes before it were authentic. Not thread-safe; any one thread.
class DecryptingReader : public QIODevice
{
public:
    // Takes `in` (open, positioned at the magic); reads and checks the stream header.
    static Result<std::unique_ptr<DecryptingReader>> open(std::unique_ptr<QIODevice> in,
                                                          const QByteArray &key);
    ~DecryptingReader() override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    DecryptingReader();
    bool nextRecord(); // false at the end or on an error (then m_failed)
    struct State;
    std::unique_ptr<State> d;
};

// Copies everything readable from `in` to `out` in 64 KiB blocks; the bytes copied.
Result<qint64> copyDevice(QIODevice &in, QIODevice &out);

} // namespace lemm::core::crypto
