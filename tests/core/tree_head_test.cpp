// Signed tree heads: the canonical signed bytes, sign and verify, and every altered field, a
// foreign key or malformed JSON rejected with the reason.
#include "core/crypto/tree_head.h"

#include "core/crypto/merkle.h"

#include <QJsonDocument>
#include <QTest>

using namespace lemm::core;
namespace crypto = lemm::core::crypto;

namespace {

crypto::SignedTreeHead head(const crypto::SigningKey &key)
{
    crypto::SignedTreeHead h;
    h.treeSize = 5;
    h.rootHash = merkle::sha256("root");
    h.timestamp = QStringLiteral("2026-12-01T16:00:00.123Z");
    h.sign(key);
    return h;
}

} // namespace

class TreeHeadTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signedMessageLayout()
    {
        crypto::SignedTreeHead h;
        h.treeSize = 0x0102;
        h.rootHash = QByteArray(32, '\xab');
        h.timestamp = QStringLiteral("2026-01-01T00:00:00.000Z");
        const QByteArray expected = QByteArray("lemm-sth-v1") +
                                    QByteArray::fromHex("0000000000000102") +
                                    QByteArray(32, '\xab') + QByteArray::fromHex("00000018") +
                                    QByteArray("2026-01-01T00:00:00.000Z");
        QCOMPARE(h.signedMessage(), expected);
    }

    void signAndVerify()
    {
        const auto key = crypto::SigningKey::generate();
        const auto h = head(key);
        QCOMPARE(h.keyId, key.keyId());
        QVERIFY(h.verify(key.publicKey()).ok());
    }

    void alteredFieldsFail()
    {
        const auto key = crypto::SigningKey::generate();
        auto size = head(key);
        size.treeSize = 6;
        auto root = head(key);
        root.rootHash[0] = char(root.rootHash[0] ^ 1);
        auto time = head(key);
        time.timestamp = QStringLiteral("2026-12-01T16:00:00.124Z");
        auto sig = head(key);
        sig.signature[3] = char(sig.signature[3] ^ 1);
        for (const auto &h : {size, root, time, sig}) {
            auto status = h.verify(key.publicKey());
            QVERIFY(!status.ok());
            QCOMPARE(status.error().code, QStringLiteral("sth_bad_signature"));
        }
    }

    void anotherKeyFails()
    {
        const auto key = crypto::SigningKey::generate();
        const auto other = crypto::SigningKey::generate();
        auto status = head(other).verify(key.publicKey());
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, QStringLiteral("sth_wrong_key"));
        // Claiming the right key id does not help a signature by another key.
        auto forged = head(other);
        forged.keyId = key.keyId();
        QCOMPARE(forged.verify(key.publicKey()).error().code, QStringLiteral("sth_bad_signature"));
    }

    void jsonRoundTrip()
    {
        const auto key = crypto::SigningKey::generate();
        const auto h = head(key);
        const QJsonObject json = h.toJson();
        QCOMPARE(json.value("tree_size").toInt(), 5);
        QCOMPARE(json.value("root_hash").toString(), QString::fromLatin1(h.rootHash.toHex()));
        QCOMPARE(json.value("key_id").toString(), key.keyId());
        auto back = crypto::SignedTreeHead::fromJson(json);
        QVERIFY(back.ok());
        QCOMPARE(*back, h);
        auto text = crypto::SignedTreeHead::fromJsonText(QJsonDocument(json).toJson());
        QVERIFY(text.ok());
        QVERIFY(text->verify(key.publicKey()).ok());
    }

    void malformedJsonRejected_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addRow("negative size") << "tree_size" << QJsonValue(-1);
        QTest::addRow("fractional size") << "tree_size" << QJsonValue(1.5);
        QTest::addRow("size as text") << "tree_size" << QJsonValue("5");
        QTest::addRow("short root") << "root_hash" << QJsonValue(QString(62, 'a'));
        QTest::addRow("non-hex root") << "root_hash" << QJsonValue(QString(64, 'g'));
        QTest::addRow("bad time") << "timestamp" << QJsonValue("yesterday");
        QTest::addRow("local time") << "timestamp" << QJsonValue("2026-12-01T16:00:00.123");
        QTest::addRow("bad key id") << "key_id" << QJsonValue("xyz");
        QTest::addRow("short signature") << "signature" << QJsonValue("AAAA");
        QTest::addRow("non-base64 signature") << "signature" << QJsonValue(QString(88, '*'));
    }

    void malformedJsonRejected()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = head(crypto::SigningKey::generate()).toJson();
        json.insert(field, value);
        auto parsed = crypto::SignedTreeHead::fromJson(json);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, QStringLiteral("invalid_tree_head"));
        QVERIFY(parsed.error().fields.contains(field));
        json.remove(field);
        QVERIFY(!crypto::SignedTreeHead::fromJson(json).ok());
    }

    void notJsonRejected()
    {
        QVERIFY(!crypto::SignedTreeHead::fromJsonText("not json").ok());
        QVERIFY(!crypto::SignedTreeHead::fromJsonText("[1,2]").ok());
    }
};

QTEST_APPLESS_MAIN(TreeHeadTest)
#include "tree_head_test.moc"
