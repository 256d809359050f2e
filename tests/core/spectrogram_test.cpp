// The spectrogram layer's data (core/audio/spectrogram.h): a tone peaks in its bin at its
// level, frames sit at the right times, and bad parameters are refused before any work.
#include "core/audio/spectrogram.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lemm::core;

namespace {

PcmClip tone(double seconds, int rate, double hz, double amplitude, double startSec = 0)
{
    PcmClip c;
    c.sampleRate = rate;
    c.startSec = startSec;
    c.mono.resize(size_t(seconds * rate));
    for (size_t i = 0; i < c.mono.size(); ++i)
        c.mono[i] = float(amplitude * std::sin(2 * M_PI * hz * double(i) / rate));
    return c;
}

int peakBin(const Spectrogram &s, int frame)
{
    int best = 0;
    for (int b = 1; b < s.bins; ++b)
        if (s.at(frame, b) > s.at(frame, best))
            best = b;
    return best;
}

} // namespace

class SpectrogramTest : public QObject
{
    Q_OBJECT
private slots:
    void sinePeaksInItsBin_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("fftSize");
        QTest::addRow("22050 Hz, 1024") << 22050 << 1024;
        QTest::addRow("22050 Hz, 4096") << 22050 << 4096;
        QTest::addRow("44100 Hz, 2048") << 44100 << 2048;
    }
    void sinePeaksInItsBin()
    {
        QFETCH(int, rate);
        QFETCH(int, fftSize);
        const PcmClip clip = tone(2, rate, 1000, 0.5);
        auto s = computeSpectrogram(clip, {fftSize, fftSize / 4, -100});
        QVERIFY(s.ok());
        const double binHz = double(rate) / fftSize;
        for (int f : {0, s->frames / 2, s->frames - 1}) {
            const int b = peakBin(s.value(), f);
            QVERIFY2(std::abs(s->hzForBin(b) - 1000) <= binHz / 2 + 1e-9,
                     qPrintable(QString::number(s->hzForBin(b))));
            // −6.02 dBFS for amplitude 0.5, less the Hann window's scalloping (≤ 1.42 dB).
            QVERIFY(s->at(f, b) <= -6.02f + 0.05f && s->at(f, b) >= -6.02f - 1.5f);
            // Far from the tone the Hann window's side lobes are long gone.
            QVERIFY(s->at(f, std::min(s->bins - 1, b + 40)) < -60);
        }
        QVERIFY(std::abs(s->peakDb - -6.02f) < 1.5f);
    }

    void framesAndTimesAreRight()
    {
        const int rate = 22050;
        PcmClip clip = tone(2, rate, 440, 0.5, 12.5);
        // A 3 kHz burst from 1.0 to 1.2 s into the clip.
        for (size_t i = size_t(rate * 1.0); i < size_t(rate * 1.2); ++i)
            clip.mono[i] += float(0.4 * std::sin(2 * M_PI * 3000 * double(i) / rate));
        auto s = computeSpectrogram(clip, {1024, 256, -90});
        QVERIFY(s.ok());
        QCOMPARE(s->frames, 1 + (int(clip.mono.size()) - 1024) / 256);
        QCOMPARE(s->bins, 513);
        QCOMPARE(qsizetype(s->db.size()), qsizetype(s->frames) * s->bins);
        QCOMPARE(s->secondsPerFrame, 256.0 / rate);
        QCOMPARE(s->startSec, 12.5 + 512.0 / rate);
        QCOMPARE(s->maxHz, rate / 2.0);
        QCOMPARE(s->hzForBin(s->bins - 1), rate / 2.0);
        QCOMPARE(s->floorDb, -90.0f);
        const int bin3k = int(std::lround(3000.0 / (rate / 1024.0)));
        auto frameAt = [&](double clipSec) {
            return int(std::lround((12.5 + clipSec - s->startSec) / s->secondsPerFrame));
        };
        QVERIFY(s->at(frameAt(1.1), bin3k) > -20);
        QVERIFY(s->at(frameAt(0.5), bin3k) < -60);
        QVERIFY(s->at(frameAt(1.6), bin3k) < -60);
        for (float v : s->db)
            QVERIFY(v >= -90.0f && v <= 0.5f);
    }

    void silenceSitsOnTheFloorAndShortClipsGiveOneFrame()
    {
        PcmClip silence;
        silence.sampleRate = 22050;
        silence.mono.assign(5000, 0.0f);
        auto s = computeSpectrogram(silence, {1024, 512, -80});
        QVERIFY(s.ok());
        QVERIFY(std::all_of(s->db.begin(), s->db.end(), [](float v) { return v == -80.0f; }));
        QCOMPARE(s->peakDb, -80.0f);
        const PcmClip shortClip = tone(0.01, 22050, 1000, 0.5); // 220 samples
        auto one = computeSpectrogram(shortClip);
        QVERIFY(one.ok());
        QCOMPARE(one->frames, 1);
        PcmClip broken = tone(1, 22050, 1000, 0.5);
        broken.mono[100] = NAN;
        auto b = computeSpectrogram(broken);
        QVERIFY(b.ok());
        for (float v : b->db)
            QVERIFY(std::isfinite(v));
    }

    void refusesBadParameters_data()
    {
        QTest::addColumn<int>("fftSize");
        QTest::addColumn<int>("hop");
        QTest::addRow("not a power of two") << 1000 << 250;
        QTest::addRow("too small") << 32 << 8;
        QTest::addRow("too large") << 32768 << 1024;
        QTest::addRow("zero hop") << 1024 << 0;
        QTest::addRow("hop over the window") << 1024 << 2048;
        QTest::addRow("far too many values") << 16384 << 1;
    }
    void refusesBadParameters()
    {
        QFETCH(int, fftSize);
        QFETCH(int, hop);
        const PcmClip clip = tone(60, 22050, 1000, 0.5);
        auto s = computeSpectrogram(clip, {fftSize, hop, -100});
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("bad_parameters"));
    }

    void refusesAnEmptyClip()
    {
        QCOMPARE(computeSpectrogram(PcmClip{}).error().code, QStringLiteral("empty_clip"));
        PcmClip noRate;
        noRate.mono.assign(100, 0.0f);
        QCOMPARE(computeSpectrogram(noRate).error().code, QStringLiteral("empty_clip"));
    }
};

QTEST_GUILESS_MAIN(SpectrogramTest)
#include "spectrogram_test.moc"
