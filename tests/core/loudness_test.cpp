// BS.1770-4 integrated loudness (core/audio/loudness.h): the calibration tone reads −3.01 LUFS
// at any rate, levels read as level differences, the gates do what the standard says, and the
// loudness match of two MP3 previews (what the client measures) is within 0.5 LU.
#include "core/audio/loudness.h"
#include "core/audio/review_audio.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <vector>

using namespace lemm::core;

namespace {

std::vector<float> sine(double seconds, int rate, double hz, double amplitude)
{
    std::vector<float> x(size_t(seconds * rate));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(amplitude * std::sin(2 * M_PI * hz * double(i) / rate));
    return x;
}

// Pink-ish noise: white noise through three one-pole low-passes of falling corners, summed
// (about −3 dB per octave over the audible band), normalised to a peak of `peak`.
std::vector<float> pinkishNoise(double seconds, int rate, uint32_t seed, double peak)
{
    QRandomGenerator rng(seed);
    std::vector<float> x(size_t(seconds * rate));
    double s1 = 0, s2 = 0, s3 = 0, max = 0;
    std::vector<double> raw(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        const double w = rng.generateDouble() * 2 - 1;
        s1 = 0.997 * s1 + 0.029 * w;
        s2 = 0.985 * s2 + 0.032 * w;
        s3 = 0.950 * s3 + 0.048 * w;
        raw[i] = s1 + s2 + s3 + 0.02 * w;
        max = std::max(max, std::abs(raw[i]));
    }
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(raw[i] / max * peak);
    return x;
}

std::vector<float> scaled(std::vector<float> x, double db)
{
    const float g = float(dbToGain(db));
    for (float &v : x)
        v *= g;
    return x;
}

double lufs(const std::vector<float> &x, int rate)
{
    auto l = integratedLoudness(x.data(), qsizetype(x.size()), rate);
    if (!l)
        qFatal("loudness failed: %s", qPrintable(l.error().code));
    return l.value();
}

PcmClip throughPreviewMp3(const std::vector<float> &x, int rate)
{
    auto mp3 = encodeMp3(x, rate, 64);
    if (!mp3)
        qFatal("encodeMp3: %s", qPrintable(mp3.error().message));
    auto clip = decodeClip(mp3.value(), 0);
    if (!clip)
        qFatal("decodeClip: %s", qPrintable(clip.error().message));
    return clip.value();
}

} // namespace

class LoudnessTest : public QObject
{
    Q_OBJECT
private slots:
    void reproducesThePublished48kHzCoefficients()
    {
        // ITU-R BS.1770-4, Annex 1, Tables 1 and 2.
        const KWeighting k = kWeightingFor(48000);
        const double tol = 1e-8;
        QVERIFY(std::abs(k.shelf.b0 - 1.53512485958697) < tol);
        QVERIFY(std::abs(k.shelf.b1 - -2.69169618940638) < tol);
        QVERIFY(std::abs(k.shelf.b2 - 1.19839281085285) < tol);
        QVERIFY(std::abs(k.shelf.a1 - -1.69065929318241) < tol);
        QVERIFY(std::abs(k.shelf.a2 - 0.73248077421585) < tol);
        QCOMPARE(k.highPass.b0, 1.0);
        QCOMPARE(k.highPass.b1, -2.0);
        QCOMPARE(k.highPass.b2, 1.0);
        QVERIFY(std::abs(k.highPass.a1 - -1.99004745483398) < tol);
        QVERIFY(std::abs(k.highPass.a2 - 0.99007225036621) < tol);
        // Another rate gets other coefficients, not the 48 kHz ones.
        QVERIFY(std::abs(kWeightingFor(44100).shelf.a1 - k.shelf.a1) > 1e-3);
    }

    void fullScaleSineReadsMinus3_data()
    {
        QTest::addColumn<int>("rate");
        for (int rate : {22050, 44100, 48000, 96000})
            QTest::addRow("%d Hz", rate) << rate;
    }
    void fullScaleSineReadsMinus3()
    {
        QFETCH(int, rate);
        const double l = lufs(sine(5, rate, 997, 1.0), rate);
        QVERIFY2(std::abs(l - -3.01) < 0.1, qPrintable(QString::number(l)));
    }

    void levelDifferencesReadAsLu_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("db");
        QTest::addRow("-6 dB at 44.1 kHz") << 44100 << -6.0;
        QTest::addRow("-6 dB at 48 kHz") << 48000 << -6.0;
        QTest::addRow("-20 dB at 22.05 kHz") << 22050 << -20.0;
    }
    void levelDifferencesReadAsLu()
    {
        QFETCH(int, rate);
        QFETCH(double, db);
        const std::vector<float> x = pinkishNoise(8, rate, 11, 0.9);
        const double diff = lufs(scaled(x, db), rate) - lufs(x, rate);
        QVERIFY2(std::abs(diff - db) < 0.1, qPrintable(QString::number(diff)));
    }

    void matchesTwoPreviewsWithinHalfALu()
    {
        // What the workspace does: measure both decoded 64 kbit/s previews and match them.
        const int rate = 22050;
        const std::vector<float> quiet = pinkishNoise(12, rate, 5, 0.5);
        const PcmClip a = throughPreviewMp3(quiet, rate);
        const PcmClip b = throughPreviewMp3(scaled(quiet, 4.5), rate);
        auto la = integratedLoudness(a), lb = integratedLoudness(b);
        QVERIFY(la.ok() && lb.ok());
        const double gain = loudnessMatchGainDb(lb.value(), la.value()); // bring b to a
        QVERIFY2(std::abs(gain - -4.5) < 0.5, qPrintable(QString::number(gain)));
        const PcmClip matched{scaled(b.mono, gain), b.sampleRate, 0};
        auto lm = integratedLoudness(matched);
        QVERIFY(lm.ok());
        QVERIFY2(std::abs(lm.value() - la.value()) < 0.5, qPrintable(QString::number(lm.value())));
    }

    void relativeGateIgnoresTheQuietPart()
    {
        const int rate = 48000;
        std::vector<float> x = sine(10, rate, 997, 0.5);
        const double loudOnly = lufs(x, rate);
        const std::vector<float> quiet = sine(10, rate, 997, 0.5 * dbToGain(-30));
        x.insert(x.end(), quiet.begin(), quiet.end());
        // −30 dB is below the relative gate (−10 LU): the quiet half does not count. Ungated
        // energy averaging would read about 3 dB lower.
        QVERIFY2(std::abs(lufs(x, rate) - loudOnly) < 0.1,
                 qPrintable(QString::number(lufs(x, rate) - loudOnly)));
        std::vector<float> y = sine(10, rate, 997, 0.5);
        const std::vector<float> soft = sine(10, rate, 997, 0.5 * dbToGain(-6));
        y.insert(y.end(), soft.begin(), soft.end());
        // −6 dB is above the relative gate: both halves count.
        QVERIFY(lufs(y, rate) < loudOnly - 1.0);
    }

    void absoluteGateIgnoresNearSilence()
    {
        const int rate = 44100;
        std::vector<float> x = sine(20, rate, 997, 0.001); // about −63 LUFS
        const double alone = lufs(x, rate);
        x.insert(x.end(), size_t(rate) * 20, 0.0f); // 20 s of digital silence
        QVERIFY2(std::abs(lufs(x, rate) - alone) < 0.1,
                 qPrintable(QString::number(lufs(x, rate) - alone)));
    }

    void refusesSilenceShortAudioAndBadRates()
    {
        const std::vector<float> silence(48000 * 2, 0.0f);
        auto s = integratedLoudness(silence.data(), qsizetype(silence.size()), 48000);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("silent"));
        const std::vector<float> faint = sine(2, 48000, 997, 1e-5); // about −103 LUFS
        QCOMPARE(integratedLoudness(faint.data(), qsizetype(faint.size()), 48000).error().code,
                 QStringLiteral("silent"));
        const std::vector<float> shortTone = sine(0.39, 48000, 997, 0.5);
        auto t = integratedLoudness(shortTone.data(), qsizetype(shortTone.size()), 48000);
        QVERIFY(!t.ok());
        QCOMPARE(t.error().code, QStringLiteral("too_short"));
        QCOMPARE(integratedLoudness(PcmClip{}).error().code, QStringLiteral("bad_sample_rate"));
        QCOMPARE(
            integratedLoudness(shortTone.data(), qsizetype(shortTone.size()), 1000000).error().code,
            QStringLiteral("bad_sample_rate"));
        QCOMPARE(integratedLoudness(nullptr, 100000, 48000).error().code,
                 QStringLiteral("too_short"));
    }

    void nonFiniteSamplesCountAsSilence()
    {
        std::vector<float> x = sine(5, 48000, 997, 1.0);
        for (size_t i = 0; i < x.size(); i += 997)
            x[i] = i % 2 ? NAN : INFINITY;
        const double l = lufs(x, 48000);
        QVERIFY(std::isfinite(l));
        QVERIFY(std::abs(l - -3.01) < 0.2);
    }
};

QTEST_GUILESS_MAIN(LoudnessTest)
#include "loudness_test.moc"
