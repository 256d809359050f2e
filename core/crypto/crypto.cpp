#include "core/crypto/crypto.h"

#include <sodium.h>

#include <QtEndian>

#include <array>
#include <mutex>
#include <stdexcept>

namespace lemm::core::crypto {

void ensureSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium failed to initialise");
    });
}

QByteArray randomBytes(int n)
{
    ensureSodium();
    QByteArray out(n, Qt::Uninitialized);
    randombytes_buf(out.data(), size_t(n));
    return out;
}

QString randomToken(int nBytes)
{
    return QString::fromLatin1(randomBytes(nBytes).toBase64(QByteArray::Base64UrlEncoding |
                                                            QByteArray::OmitTrailingEquals));
}

QByteArray genericHash(const QByteArray &data, const QByteArray &key)
{
    ensureSodium();
    QByteArray out(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(
        reinterpret_cast<unsigned char *>(out.data()), size_t(out.size()),
        reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()),
        key.isEmpty() ? nullptr : reinterpret_cast<const unsigned char *>(key.constData()),
        size_t(key.size()));
    return out;
}

Result<QByteArray> genericHashStream(QIODevice &in)
{
    ensureSodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
    QByteArray block(64 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 n = in.read(block.data(), block.size());
        if (n < 0)
            return Error::make(
                ErrorKind::Internal, QStringLiteral("read_failed"),
                QStringLiteral("cannot read the data to hash: %1").arg(in.errorString()));
        if (n == 0)
            break;
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char *>(block.data()),
                                  size_t(n));
    }
    QByteArray out(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash_final(&state, reinterpret_cast<unsigned char *>(out.data()),
                             size_t(out.size()));
    return out;
}

QString tokenDigest(const QString &token)
{
    return QString::fromLatin1(genericHash(token.toUtf8()).toHex());
}

Result<QString> hashPassword(const QString &password, PasswordStrength strength)
{
    ensureSodium();
    const QByteArray pw = password.toUtf8();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    const auto ops = strength == PasswordStrength::Moderate ? crypto_pwhash_OPSLIMIT_MODERATE
                                                            : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const auto mem = strength == PasswordStrength::Moderate ? crypto_pwhash_MEMLIMIT_MODERATE
                                                            : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str_alg(out.data(), pw.constData(), size_t(pw.size()), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error::make(ErrorKind::Internal, QStringLiteral("password_hash_failed"),
                           QStringLiteral("out of memory while hashing the password"));
    return QString::fromLatin1(out.data());
}

bool verifyPassword(const QString &storedHash, const QString &password)
{
    ensureSodium();
    const QByteArray h = storedHash.toLatin1();
    const QByteArray pw = password.toUtf8();
    if (h.size() >= int(crypto_pwhash_STRBYTES))
        return false;
    return crypto_pwhash_str_verify(h.constData(), pw.constData(), size_t(pw.size())) == 0;
}

bool equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    ensureSodium();
    return a.size() == b.size() &&
           sodium_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

namespace {

constexpr char kMagic[] = "LVOS1\n";
constexpr int kMagicLen = 6;
constexpr qint64 kMaxRecord = kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;

Error ioError(const QString &what)
{
    return Error::make(ErrorKind::Internal, QStringLiteral("io_error"), what);
}

Error cryptoError(const QString &what)
{
    return Error::make(ErrorKind::Internal, QStringLiteral("decryption_failed"), what);
}

bool readExact(QIODevice &in, char *buf, qint64 n)
{
    qint64 got = 0;
    while (got < n) {
        const qint64 r = in.read(buf + got, n - got);
        if (r <= 0)
            return false;
        got += r;
    }
    return true;
}

} // namespace

Result<qint64> encryptStream(QIODevice &in, QIODevice &out, const QByteArray &key)
{
    ensureSodium();
    if (key.size() != kKeyBytes)
        return cryptoError(QStringLiteral("encryption key must be 32 bytes"));
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(
        &st, header, reinterpret_cast<const unsigned char *>(key.constData()));
    if (out.write(kMagic, kMagicLen) != kMagicLen ||
        out.write(reinterpret_cast<const char *>(header), sizeof header) != qint64(sizeof header))
        return ioError(QStringLiteral("cannot write encrypted object header"));

    QByteArray plain(int(kChunkBytes), Qt::Uninitialized);
    QByteArray next(int(kChunkBytes), Qt::Uninitialized);
    QByteArray cipher(int(kMaxRecord), Qt::Uninitialized);
    qint64 total = 0;
    // Read one chunk ahead so the last record can carry the FINAL tag.
    qint64 n = in.read(plain.data(), kChunkBytes);
    if (n < 0)
        return ioError(QStringLiteral("cannot read plaintext"));
    for (;;) {
        qint64 m = 0;
        if (n == kChunkBytes) {
            m = in.read(next.data(), kChunkBytes);
            if (m < 0)
                return ioError(QStringLiteral("cannot read plaintext"));
        }
        const bool last = (m == 0);
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, reinterpret_cast<unsigned char *>(cipher.data()), &clen,
            reinterpret_cast<const unsigned char *>(plain.constData()), (unsigned long long)n,
            nullptr, 0, last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        uchar len[4];
        qToBigEndian<quint32>(quint32(clen), len);
        if (out.write(reinterpret_cast<const char *>(len), 4) != 4 ||
            out.write(cipher.constData(), qint64(clen)) != qint64(clen))
            return ioError(QStringLiteral("cannot write encrypted record"));
        total += n;
        if (last)
            break;
        std::swap(plain, next);
        n = m;
    }
    sodium_memzero(plain.data(), size_t(plain.size()));
    sodium_memzero(next.data(), size_t(next.size()));
    return total;
}

struct DecryptingReader::State {
    std::unique_ptr<QIODevice> in;
    crypto_secretstream_xchacha20poly1305_state stream;
    QByteArray cipher = QByteArray(int(kMaxRecord), Qt::Uninitialized);
    QByteArray plain = QByteArray(int(kChunkBytes), Qt::Uninitialized);
    qint64 plainSize = 0; // decrypted bytes of the current record
    qint64 plainPos = 0;  // of them, already read
    bool finished = false;
    bool failed = false;
};

DecryptingReader::DecryptingReader() : d(std::make_unique<State>()) {}

DecryptingReader::~DecryptingReader()
{
    sodium_memzero(d->plain.data(), size_t(d->plain.size()));
}

Result<std::unique_ptr<DecryptingReader>> DecryptingReader::open(std::unique_ptr<QIODevice> in,
                                                                 const QByteArray &key)
{
    ensureSodium();
    if (key.size() != kKeyBytes)
        return cryptoError(QStringLiteral("decryption key must be 32 bytes"));
    char magic[kMagicLen];
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    if (!readExact(*in, magic, kMagicLen) || memcmp(magic, kMagic, kMagicLen) != 0)
        return cryptoError(QStringLiteral("not an encrypted LEMM object"));
    if (!readExact(*in, reinterpret_cast<char *>(header), sizeof header))
        return cryptoError(QStringLiteral("truncated encrypted object header"));
    std::unique_ptr<DecryptingReader> r(new DecryptingReader);
    if (crypto_secretstream_xchacha20poly1305_init_pull(
            &r->d->stream, header, reinterpret_cast<const unsigned char *>(key.constData())) != 0)
        return cryptoError(QStringLiteral("invalid encrypted object header"));
    r->d->in = std::move(in);
    r->QIODevice::open(QIODevice::ReadOnly);
    return r;
}

bool DecryptingReader::nextRecord()
{
    State &s = *d;
    auto fail = [&](const char *why) {
        s.failed = true;
        setErrorString(QString::fromLatin1(why));
        return false;
    };
    if (s.finished) {
        char extra;
        if (s.in->read(&extra, 1) > 0)
            return fail("trailing data after the final record");
        return false;
    }
    uchar len[4];
    if (!readExact(*s.in, reinterpret_cast<char *>(len), 4))
        return fail("encrypted object is truncated");
    const quint32 clen = qFromBigEndian<quint32>(len);
    if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > kMaxRecord)
        return fail("corrupt record length in encrypted object");
    if (!readExact(*s.in, s.cipher.data(), clen))
        return fail("encrypted object is truncated");
    unsigned long long plen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &s.stream, reinterpret_cast<unsigned char *>(s.plain.data()), &plen, &tag,
            reinterpret_cast<const unsigned char *>(s.cipher.constData()), clen, nullptr, 0) != 0)
        return fail("encrypted object failed authentication");
    s.plainSize = qint64(plen);
    s.plainPos = 0;
    s.finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return true;
}

qint64 DecryptingReader::readData(char *data, qint64 maxSize)
{
    State &s = *d;
    qint64 done = 0;
    while (done < maxSize && !s.failed) {
        if (s.plainPos == s.plainSize) {
            if (!nextRecord())
                break;
            continue; // an empty record is possible (empty plaintext)
        }
        const qint64 n = std::min(maxSize - done, s.plainSize - s.plainPos);
        memcpy(data + done, s.plain.constData() + s.plainPos, size_t(n));
        s.plainPos += n;
        done += n;
    }
    if (s.failed && done == 0)
        return -1;
    return done;
}

Result<qint64> copyDevice(QIODevice &in, QIODevice &out)
{
    QByteArray block(int(kChunkBytes), Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        const qint64 n = in.read(block.data(), block.size());
        if (n < 0)
            return Error::make(ErrorKind::Internal, QStringLiteral("read_failed"),
                               in.errorString());
        if (n == 0)
            return total;
        if (out.write(block.constData(), n) != n)
            return ioError(QStringLiteral("cannot write: %1").arg(out.errorString()));
        total += n;
    }
}

Result<qint64> decryptStream(QIODevice &in, QIODevice &out, const QByteArray &key)
{
    // The reader takes ownership of its source; lend it `in` through a non-owning wrapper.
    struct Borrowed : QIODevice {
        explicit Borrowed(QIODevice &dev) : m_dev(dev) { open(QIODevice::ReadOnly); }
        bool isSequential() const override { return true; }
        qint64 readData(char *data, qint64 n) override { return m_dev.read(data, n); }
        qint64 writeData(const char *, qint64) override { return -1; }
        QIODevice &m_dev;
    };
    auto reader = DecryptingReader::open(std::make_unique<Borrowed>(in), key);
    if (!reader)
        return reader.error();
    auto copied = copyDevice(*reader.value(), out);
    if (!copied && copied.error().code == QLatin1String("read_failed"))
        return cryptoError(copied.error().message);
    return copied;
}

} // namespace lemm::core::crypto
