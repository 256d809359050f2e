// decodeClip (core/audio/pcm_clip.h): a preview MP3 decodes to a mono clip at its rate and
// track position; stereo is averaged; garbage is an error, not a crash.
#include "core/audio/pcm_clip.h"
#include "core/audio/review_audio.h"

#include "support/test_audio.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lemm::core;

class PcmClipTest : public QObject
{
    Q_OBJECT
private slots:
    void decodesAPreviewMp3()
    {
        std::vector<float> x(22050 * 3);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(0.5 * std::sin(2 * M_PI * 440 * double(i) / 22050));
        auto mp3 = encodeMp3(x, 22050, 64);
        QVERIFY(mp3.ok());
        auto clip = decodeClip(mp3.value(), 42.25);
        QVERIFY2(clip.ok(), clip.ok() ? "" : qPrintable(clip.error().message));
        QCOMPARE(clip->sampleRate, 22050);
        QCOMPARE(clip->startSec, 42.25);
        QVERIFY(std::abs(clip->durationSec() - 3.0) < 0.1);
        QVERIFY(std::abs(clip->endSec() - 45.25) < 0.1);
        QVERIFY(!clip->empty());
        const float peak = *std::max_element(clip->mono.begin(), clip->mono.end());
        QVERIFY(peak > 0.45f && peak < 0.56f);
    }

    void downmixesStereoToMono()
    {
        const QByteArray wav = lemm::test::makeWav(1.0, 1000, 48000, 2);
        auto clip = decodeClip(wav, 0);
        QVERIFY(clip.ok());
        QCOMPARE(clip->sampleRate, 48000);
        QCOMPARE(qsizetype(clip->mono.size()), qsizetype(48000));
        const float peak = *std::max_element(clip->mono.begin(), clip->mono.end());
        QVERIFY2(std::abs(peak - 0.5f) < 0.01f,
                 qPrintable(QString::number(peak))); // both channels the same: the mean keeps it
    }

    void garbageIsAnError()
    {
        auto clip = decodeClip(QByteArray(4096, 'x'), 0);
        QVERIFY(!clip.ok());
        QVERIFY(!clip.error().code.isEmpty());
        QVERIFY(!decodeClip(QByteArray(), 0).ok());
        PcmClip none;
        QVERIFY(none.empty());
        QCOMPARE(none.durationSec(), 0.0);
    }
};

QTEST_GUILESS_MAIN(PcmClipTest)
#include "pcm_clip_test.moc"
