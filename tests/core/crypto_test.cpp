// libsodium wrappers: streaming encryption round trips and failure modes, passwords, tokens.
#include "core/crypto/crypto.h"

#include <QBuffer>
#include <QTest>

using namespace lemm::core;
namespace crypto = lemm::core::crypto;

namespace {

QByteArray encrypt(const QByteArray &plain, const QByteArray &key)
{
    QByteArray in = plain, out;
    QBuffer src(&in), dst(&out);
    src.open(QIODevice::ReadOnly);
    dst.open(QIODevice::WriteOnly);
    auto n = crypto::encryptStream(src, dst, key);
    if (!n.ok() || n.value() != plain.size())
        qFatal("encryption failed");
    return out;
}

Result<QByteArray> decrypt(QByteArray cipher, const QByteArray &key)
{
    QByteArray out;
    QBuffer src(&cipher), dst(&out);
    src.open(QIODevice::ReadOnly);
    dst.open(QIODevice::WriteOnly);
    auto n = crypto::decryptStream(src, dst, key);
    if (!n.ok())
        return n.error();
    return out;
}

} // namespace

class CryptoTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {0, 1, 1000, int(crypto::kChunkBytes) - 1, int(crypto::kChunkBytes),
                         int(crypto::kChunkBytes) + 1, 3 * int(crypto::kChunkBytes), 1000003})
            QTest::addRow("%d bytes", size) << size;
    }

    void roundTrip()
    {
        QFETCH(int, size);
        const QByteArray key = crypto::randomBytes(32);
        const QByteArray plain = crypto::randomBytes(size);
        const QByteArray cipher = encrypt(plain, key);
        QVERIFY(cipher.size() > plain.size()); // header, lengths and tags
        if (size >= 16)
            QVERIFY(!cipher.contains(plain.left(16))); // no plaintext in the clear
        auto back = decrypt(cipher, key);
        QVERIFY(back.ok());
        QCOMPARE(back.value(), plain);
    }

    void tamperingIsDetected_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addRow("flip a ciphertext byte") << "flip";
        QTest::addRow("truncate the last record") << "truncate";
        QTest::addRow("drop the final record") << "drop_final";
        QTest::addRow("append garbage") << "append";
        QTest::addRow("wrong key") << "key";
        QTest::addRow("wrong magic") << "magic";
    }

    void tamperingIsDetected()
    {
        QFETCH(QString, how);
        const QByteArray key = crypto::randomBytes(32);
        const QByteArray plain = crypto::randomBytes(int(crypto::kChunkBytes) * 2 + 500);
        QByteArray c = encrypt(plain, key);
        QByteArray useKey = key;
        if (how == QLatin1String("flip"))
            c[c.size() / 2] = char(c[c.size() / 2] ^ 0x01);
        else if (how == QLatin1String("truncate"))
            c.chop(10);
        else if (how == QLatin1String("drop_final"))
            c.chop(500 + 17 + 4);
        else if (how == QLatin1String("append"))
            c.append("xyz");
        else if (how == QLatin1String("key"))
            useKey = crypto::randomBytes(32);
        else if (how == QLatin1String("magic"))
            c[0] = 'X';
        auto r = decrypt(c, useKey);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("decryption_failed"));
    }

    // The pull reader gives the same bytes in any read sizes, and stops at a tampered record
    // after handing out only the authentic records before it.
    void decryptingReaderStreams()
    {
        const QByteArray key = crypto::randomBytes(32);
        const QByteArray plain = crypto::randomBytes(int(crypto::kChunkBytes) * 3 + 123);
        const QByteArray cipher = encrypt(plain, key);
        auto open = [&](const QByteArray &c) {
            auto buf = std::make_unique<QBuffer>();
            buf->setData(c);
            buf->open(QIODevice::ReadOnly);
            return crypto::DecryptingReader::open(std::move(buf), key);
        };
        auto reader = open(cipher);
        QVERIFY(reader.ok());
        QByteArray back;
        for (QByteArray part; !(part = reader.value()->read(777)).isEmpty();)
            back += part;
        QCOMPARE(back, plain);

        QByteArray tampered = cipher;
        const qsizetype secondRecord = 6 + 24 + 4 + crypto::kChunkBytes + 17 + 4 + 100;
        tampered[secondRecord] = char(tampered[secondRecord] ^ 0x01);
        reader = open(tampered);
        QVERIFY(reader.ok());
        QByteArray got;
        char block[4096];
        qint64 n = 0;
        while ((n = reader.value()->read(block, sizeof block)) > 0)
            got.append(block, n);
        QCOMPARE(n, qint64(-1));
        QCOMPARE(got, plain.left(int(crypto::kChunkBytes)));
        QVERIFY(reader.value()->errorString().contains(QStringLiteral("authentication")));
    }

    void passwords()
    {
        auto h = crypto::hashPassword(QStringLiteral("correct horse battery"));
        QVERIFY(h.ok());
        QVERIFY(h.value().startsWith(QStringLiteral("$argon2id$")));
        QVERIFY(crypto::verifyPassword(h.value(), QStringLiteral("correct horse battery")));
        QVERIFY(!crypto::verifyPassword(h.value(), QStringLiteral("correct horse batterY")));
        QVERIFY(!crypto::verifyPassword(QStringLiteral("garbage"), QStringLiteral("x")));
        // Same password, different salt.
        QVERIFY(crypto::hashPassword(QStringLiteral("correct horse battery")).value() != h.value());
    }

    void tokensAndDigests()
    {
        const QString a = crypto::randomToken(), b = crypto::randomToken();
        QVERIFY(a != b);
        QCOMPARE(a.size(), 43); // 32 bytes, base64url without padding
        QVERIFY(!a.contains(QLatin1Char('+')) && !a.contains(QLatin1Char('/')));
        QCOMPARE(crypto::tokenDigest(a), crypto::tokenDigest(a));
        QVERIFY(crypto::tokenDigest(a) != crypto::tokenDigest(b));
        QCOMPARE(crypto::tokenDigest(a).size(), 64);
        // BLAKE2b-256 of "" (RFC 7693 parameters, 32-byte output).
        QCOMPARE(crypto::genericHash({}).toHex(),
                 QByteArray("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));
    }
};

QTEST_GUILESS_MAIN(CryptoTest)
#include "crypto_test.moc"
