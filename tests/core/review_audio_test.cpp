// Review material (spec §1.2): peak envelopes keep every extreme at every zoom level and
// survive a round trip; previews are real MP3 of the requested span.
#include "core/audio/audio_decoder.h"
#include "core/audio/review_audio.h"

#include "support/test_signals.h"

#include <QTest>

#include <cmath>

using namespace lemm::core;

class ReviewAudioTest : public QObject
{
    Q_OBJECT
private slots:
    void peaksKeepExtremesAtEveryResolution()
    {
        const int rate = 11025;
        std::vector<float> x(size_t(rate) * 10, 0.0f);
        x[size_t(rate) * 3 + 17] = 0.9f; // one spike at 3 s
        x[size_t(rate) * 7 + 5] = -0.6f; // one dip at 7 s
        PeakBuilder b(rate);
        b.feed(x.data(), 1000);
        b.feed(x.data() + 1000, int(x.size()) - 1000); // block boundaries across feeds
        const PeakEnvelope env = b.finish();
        QCOMPARE(qint64(env.mins.size()), qint64((x.size() + kPeakBlock - 1) / kPeakBlock));
        QVERIFY(std::abs(env.durationSec() - 10.0) < 0.03);
        for (int buckets : {1, 7, 100, 431, 100000}) {
            const PeakEnvelope r = env.resampled(buckets);
            QVERIFY(int(r.maxs.size()) <= buckets);
            QCOMPARE(*std::max_element(r.maxs.begin(), r.maxs.end()), int8_t(114)); // 0.9*127
            QCOMPARE(*std::min_element(r.mins.begin(), r.mins.end()), int8_t(-76));
            QVERIFY(std::abs(r.durationSec() - env.durationSec()) < 0.05 * env.durationSec());
        }
        // A window: 2..4 s holds the spike at its place, 4..6 s holds nothing.
        const PeakEnvelope w = env.resampled(20, 2, 4);
        QCOMPARE(int(w.maxs.size()), 20);
        const auto at = std::max_element(w.maxs.begin(), w.maxs.end()) - w.maxs.begin();
        QCOMPARE(int(at), 10); // 3 s is the middle of 2..4 s
        const PeakEnvelope quiet = env.resampled(20, 4, 6);
        QCOMPARE(*std::max_element(quiet.maxs.begin(), quiet.maxs.end()), int8_t(0));

        auto back = PeakEnvelope::deserialize(env.serialize());
        QVERIFY(back.ok());
        QCOMPARE(back->maxs, env.maxs);
        QCOMPARE(back->mins, env.mins);
        QByteArray broken = env.serialize();
        broken.chop(1);
        QVERIFY(!PeakEnvelope::deserialize(broken).ok());
        QVERIFY(!PeakEnvelope::deserialize("LVPK1").ok());
    }

    void previewIsMp3OfTheRequestedSpan()
    {
        const int rate = 44100;
        const QByteArray wav = lemm::test::wavFromFloat(lemm::test::melody(40, rate, 7), rate);
        auto mp3 = makePreviewMp3(wav, 10, 12, 64);
        QVERIFY2(mp3.ok(), mp3.ok() ? "" : qPrintable(mp3.error().message));
        // About 64 kbit/s.
        QVERIFY2(mp3->size() > 12 * 64000 / 8 * 0.8 && mp3->size() < 12 * 64000 / 8 * 1.3,
                 qPrintable(QString::number(mp3->size())));
        auto info = probeAudioBuffer(mp3.value());
        QVERIFY(info.ok());
        QCOMPARE(info->container, QStringLiteral("mp3"));
        auto decoded = decodeAudioBuffer(mp3.value());
        QVERIFY(decoded.ok());
        QVERIFY2(std::abs(decoded->stats.decodedSec() - 12.0) < 0.2,
                 qPrintable(QString::number(decoded->stats.decodedSec())));
        // The span past the end is cut, a start past the end is an error.
        auto tail = makePreviewMp3(wav, 35, 30, 64);
        QVERIFY(tail.ok());
        auto tailDecoded = decodeAudioBuffer(tail.value());
        QVERIFY(std::abs(tailDecoded->stats.decodedSec() - 5.0) < 0.2);
        auto past = makePreviewMp3(wav, 50, 5, 64);
        QVERIFY(!past.ok());
        QCOMPARE(past.error().code, QStringLiteral("preview_out_of_range"));
        QVERIFY(!makePreviewMp3("not audio at all", 0, 5, 64).ok());
    }
};

QTEST_GUILESS_MAIN(ReviewAudioTest)
#include "review_audio_test.moc"
