// Ed25519 signing keys: the RFC 8032 known answer, seeds round-trip, key ids, and signatures that
// fail for another message, another key or a damaged signature.
#include "core/crypto/signing.h"

#include "core/crypto/crypto.h"

#include <QTest>

using namespace lemm::core;
namespace crypto = lemm::core::crypto;

class SigningTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc8032TestOne()
    {
        // RFC 8032 §7.1, TEST 1 (empty message).
        auto key = crypto::SigningKey::fromSeed(QByteArray::fromHex(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        QVERIFY(key.ok());
        QCOMPARE(key->publicKey().toHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        const QByteArray sig = key->sign(QByteArray());
        QCOMPARE(sig.toHex(),
                 QByteArray("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522"
                            "4901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465"
                            "5141438e7a100b"));
        QVERIFY(crypto::verifySignature(key->publicKey(), QByteArray(), sig));
    }

    void seedRoundTrip()
    {
        const crypto::SigningKey key = crypto::SigningKey::generate();
        QVERIFY(!key.isNull());
        QCOMPARE(key.seed().size(), 32);
        auto again = crypto::SigningKey::fromSeed(key.seed());
        QVERIFY(again.ok());
        QCOMPARE(again->publicKey(), key.publicKey());
        QCOMPARE(again->keyId(), key.keyId());
        QVERIFY(crypto::SigningKey::generate().publicKey() != key.publicKey());
        QVERIFY(!crypto::SigningKey::fromSeed(QByteArray(31, 'x')).ok());
        QVERIFY(!crypto::SigningKey::fromSeed(QByteArray(64, 'x')).ok());
    }

    void keyIdIsAShortHashOfThePublicKey()
    {
        const crypto::SigningKey key = crypto::SigningKey::generate();
        QCOMPARE(key.keyId().size(), 16);
        QCOMPARE(key.keyId(),
                 QString::fromLatin1(crypto::genericHash(key.publicKey()).left(8).toHex()));
    }

    void signaturesBindKeyAndMessage()
    {
        const crypto::SigningKey key = crypto::SigningKey::generate();
        const crypto::SigningKey other = crypto::SigningKey::generate();
        const QByteArray msg("tree head 42");
        const QByteArray sig = key.sign(msg);
        QCOMPARE(sig.size(), 64);
        QVERIFY(crypto::verifySignature(key.publicKey(), msg, sig));
        QVERIFY(!crypto::verifySignature(other.publicKey(), msg, sig));
        QVERIFY(!crypto::verifySignature(key.publicKey(), QByteArray("tree head 43"), sig));
        QByteArray bad = sig;
        bad[10] = char(bad[10] ^ 0x20);
        QVERIFY(!crypto::verifySignature(key.publicKey(), msg, bad));
        QVERIFY(!crypto::verifySignature(key.publicKey(), msg, sig.left(63)));
        QVERIFY(!crypto::verifySignature(key.publicKey().left(31), msg, sig));
        QVERIFY(!crypto::verifySignature({}, msg, sig));
    }

    void nullKeySignsNothing()
    {
        const crypto::SigningKey key;
        QVERIFY(key.isNull());
        QVERIFY(key.sign("x").isEmpty());
        QVERIFY(key.publicKey().isEmpty());
        QVERIFY(key.seed().isEmpty());
    }

    void copiesAreIndependentValues()
    {
        crypto::SigningKey copy;
        QByteArray pub;
        {
            const crypto::SigningKey key = crypto::SigningKey::generate();
            pub = key.publicKey();
            copy = key;
        } // the original is wiped here; the copy keeps its own bytes
        QVERIFY(crypto::verifySignature(pub, "m", copy.sign("m")));
    }

    void parsePublicKey()
    {
        const crypto::SigningKey key = crypto::SigningKey::generate();
        const QByteArray hex = key.publicKey().toHex();
        QCOMPARE(*crypto::parsePublicKey(hex + "\n"), key.publicKey());
        QCOMPARE(*crypto::parsePublicKey(hex.toUpper()), key.publicKey());
        QCOMPARE(*crypto::parsePublicKey("{\"public_key\": \"" + hex +
                                         "\", \"algorithm\": \"ed25519\"}"),
                 key.publicKey());
        QVERIFY(!crypto::parsePublicKey(hex.left(62)).ok());
        QVERIFY(!crypto::parsePublicKey(hex.left(62) + "zz").ok());
        QVERIFY(!crypto::parsePublicKey("{\"key\": 1}").ok());
        QVERIFY(!crypto::parsePublicKey("").ok());
    }
};

QTEST_APPLESS_MAIN(SigningTest)
#include "signing_test.moc"
