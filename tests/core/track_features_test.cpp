// The one-pass pipeline and the FingerprintRecord: every feature present, and indexes rebuilt
// from stored records answer exactly as indexes built from the audio.
#include "core/similarity/embedding_index.h"
#include "core/similarity/robust_index.h"
#include "core/similarity/track_features.h"

#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::core;
using namespace lemm::test;

class TrackFeaturesTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString file(uint32_t seed, double seconds = 20.0)
    {
        const QString path = m_dir.filePath(QStringLiteral("m%1.wav").arg(seed));
        writeFile(path, wavFromFloat(melody(seconds, 22050, seed), 22050));
        return path;
    }

private Q_SLOTS:
    void recordHasEveryFeature()
    {
        auto f = extractFeatures(file(1));
        QVERIFY(f.ok());
        const QJsonObject r = fingerprintRecord(QStringLiteral("trk_1"), f.value());
        QVERIFY(!r.value(QStringLiteral("fp_exact")).toString().isEmpty());
        QVERIFY(!r.value(QStringLiteral("fp_robust")).toString().isEmpty());
        QVERIFY(!r.value(QStringLiteral("embedding_music")).toString().isEmpty());
        QCOMPARE(r.value(QStringLiteral("embedding_model")).toString(), QStringLiteral("dsp-v1"));
        const QJsonObject derived = r.value(QStringLiteral("derived")).toObject();
        QVERIFY(derived.value(QStringLiteral("integrated_lufs")).toDouble() < 0);
        QVERIFY(derived.value(QStringLiteral("integrated_lufs")).toDouble() > -40);
        QCOMPARE(derived.value(QStringLiteral("short_term_lufs_per_second")).toArray().size(), 18);
        QVERIFY(std::abs(derived.value(QStringLiteral("duration_sec")).toDouble() - 20.0) < 0.05);
    }

    void indexesRebuildFromRecords()
    {
        RobustIndex fromAudio, fromRecords;
        EmbeddingIndex embFromAudio, embFromRecords;
        for (uint32_t seed = 10; seed < 14; ++seed) {
            auto f = extractFeatures(file(seed));
            QVERIFY(f.ok());
            const QString id = QStringLiteral("trk_%1").arg(seed);
            fromAudio.add(id, f->robust);
            embFromAudio.add(id, f->embeddings);
            const QJsonObject r = fingerprintRecord(id, f.value());
            auto robust = deserializeRobust(
                QByteArray::fromBase64(r.value(QStringLiteral("fp_robust")).toString().toLatin1()),
                r.value(QStringLiteral("duration_sec")).toDouble());
            QVERIFY(robust.ok());
            QCOMPARE(robust->triplets.size(), f->robust.triplets.size());
            fromRecords.add(id, robust.value());
            auto vec = decodeEmbedding(r.value(QStringLiteral("embedding_music")).toString());
            QVERIFY(vec.ok());
            QVERIFY(vec.value() == f->embeddings.track);
            Embeddings e;
            e.track = vec.value();
            embFromRecords.add(id, e);
        }
        auto q = extractFeatures(file(12, 20.0)); // the same audio as trk_12
        const auto a = fromAudio.query(q->robust, 3), b = fromRecords.query(q->robust, 3);
        QCOMPARE(b.size(), a.size());
        QCOMPARE(b.front().trackId, QStringLiteral("trk_12"));
        QCOMPARE(b.front().matches, a.front().matches);
        QCOMPARE(embFromRecords.nearest(q->embeddings.track, 1).front().trackId,
                 QStringLiteral("trk_12"));
    }

    void featuresFromADevice()
    {
        const QString path = file(21);
        auto fromPath = extractFeatures(path);
        QVERIFY(fromPath.ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto fromDevice = extractFeatures(&f);
        QVERIFY(fromDevice.ok());
        QCOMPARE(fingerprintRecord(QStringLiteral("t"), fromDevice.value()),
                 fingerprintRecord(QStringLiteral("t"), fromPath.value()));
    }

    // The limits reach the decoder: a file that lies about its length stops at the cap, and a
    // spent CPU budget stops the extraction.
    void limitsBoundTheExtraction()
    {
        const QString bomb = m_dir.filePath(QStringLiteral("bomb.mka"));
        const QString why = makeDurationBomb(bomb, 20, 10.0);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        FeatureLimits capped;
        capped.maxDecodeSeconds = 62;
        auto tooLong = extractFeatures(bomb, capped);
        QVERIFY(!tooLong.ok());
        QCOMPARE(tooLong.error().code, QStringLiteral("audio_too_long"));
        QCOMPARE(tooLong.error().message,
                 QStringLiteral("more than 62.0 s decoded; the file declares 10.0 s"));

        const CpuBudget cpu(0.01);
        FeatureLimits budgeted;
        budgeted.cpu = &cpu;
        auto spent = extractFeatures(file(22, 60.0), budgeted);
        QVERIFY(!spent.ok());
        QCOMPARE(spent.error().code, QStringLiteral("cpu_budget_exceeded"));

        // Within its limits an extraction is unchanged.
        FeatureLimits roomy;
        roomy.maxDecodeSeconds = 62;
        const CpuBudget plenty(600);
        roomy.cpu = &plenty;
        auto fine = extractFeatures(file(21), roomy);
        QVERIFY(fine.ok());
        QCOMPARE(fingerprintRecord(QStringLiteral("t"), fine.value()),
                 fingerprintRecord(QStringLiteral("t"), extractFeatures(file(21)).value()));
    }

    void memoryBudgetInSeconds()
    {
        QCOMPARE(featureSecondsWithin(kFeatureBaseBytes, 0), 0.0);
        QCOMPARE(featureSecondsWithin(kFeatureBaseBytes + 10 * kFeatureBytesPerSecond, 0), 10.0);
        QCOMPARE(featureSecondsWithin(kFeatureBaseBytes + 10 * kFeatureBytesPerSecond,
                                      4 * kFeatureBytesPerSecond),
                 6.0);
        QCOMPARE(featureSecondsWithin(1024, 1 << 30), 0.0);
    }

    void damagedRecordsAreRefused()
    {
        QCOMPARE(deserializeRobust(QByteArray("LVFR1\\0garbage"), 1.0).error().code,
                 QStringLiteral("fp_robust_corrupt"));
        QCOMPARE(deserializeRobust(QByteArray(), 1.0).error().code,
                 QStringLiteral("fp_robust_corrupt"));
        QCOMPARE(decodeEmbedding(QStringLiteral("AAAA")).error().code,
                 QStringLiteral("embedding_corrupt"));
    }
};

QTEST_GUILESS_MAIN(TrackFeaturesTest)
#include "track_features_test.moc"
