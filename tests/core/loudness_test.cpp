// BS.1770-4 integrated loudness (core/audio/loudness.h, on libebur128): the calibration tone
// reads −3.01 LUFS at any rate, levels read as level differences, the gates do what the standard
// says, and the loudness match of two MP3 previews (what the client measures) is within 0.5 LU.
// True peak (EBU Tech 3341 style inter-sample peaks), loudness range (Tech 3342 style
// alternating levels) and the true-peak limit of the reviewer's A/B match.
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

    void truePeakSeesTheInterSamplePeak()
    {
        // A sine at fs/4 sampled 45° off its crest: every sample is at 0.707 of the crest, so
        // the sample peak reads 3 dB below the true peak.
        const int rate = 48000;
        std::vector<float> x(size_t(rate) * 2);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(0.5 * std::sin(M_PI / 2 * double(i) + M_PI / 4));
        auto r = measureLoudness(x.data(), qsizetype(x.size()), rate);
        QVERIFY(r.ok());
        const double crest = 20 * std::log10(0.5); // −6.02 dB
        QVERIFY2(std::abs(r->samplePeakDbfs - (crest - 3.01)) < 0.05,
                 qPrintable(QString::number(r->samplePeakDbfs)));
        QVERIFY2(std::abs(r->truePeakDbtp - crest) < 0.5,
                 qPrintable(QString::number(r->truePeakDbtp)));
        QVERIFY(r->truePeakDbtp - r->samplePeakDbfs > 2.5);
    }

    void truePeakOfASineOnItsCrestIsItsSamplePeak()
    {
        const int rate = 44100;
        const std::vector<float> x = sine(3, rate, 997, dbToGain(-12));
        auto r = measureLoudness(x.data(), qsizetype(x.size()), rate);
        QVERIFY(r.ok());
        QVERIFY2(std::abs(r->truePeakDbtp - -12) < 0.2,
                 qPrintable(QString::number(r->truePeakDbtp)));
        QVERIFY(std::abs(r->integratedLufs - lufs(x, rate)) < 1e-9);
    }

    void loudnessRangeOfAlternatingLevels_data()
    {
        QTest::addColumn<double>("quietDb");
        QTest::addRow("-20/-30") << -10.0;
        QTest::addRow("-20/-25") << -5.0;
    }
    void loudnessRangeOfAlternatingLevels()
    {
        // EBU Tech 3342 style: a tone alternating between two levels, 20 s each, reads the
        // difference between them as its loudness range.
        QFETCH(double, quietDb);
        const int rate = 48000;
        std::vector<float> x;
        for (int part = 0; part < 4; ++part) {
            const double level = part % 2 ? -20 + quietDb : -20;
            const std::vector<float> seg = sine(20, rate, 1000, dbToGain(level + 3.01));
            x.insert(x.end(), seg.begin(), seg.end());
        }
        auto r = measureLoudness(x.data(), qsizetype(x.size()), rate);
        QVERIFY(r.ok());
        QVERIFY2(std::abs(r->rangeLu - -quietDb) < 0.5, qPrintable(QString::number(r->rangeLu)));
        const std::vector<float> steady = sine(20, rate, 1000, 0.3);
        auto s = measureLoudness(steady.data(), qsizetype(steady.size()), rate);
        QVERIFY(s.ok());
        QVERIFY2(s->rangeLu < 0.2, qPrintable(QString::number(s->rangeLu)));
    }

    void matchIsLimitedByTruePeak()
    {
        LoudnessReading quiet;
        quiet.integratedLufs = -24;
        quiet.truePeakDbtp = -4;
        // 3 LU up would put the peak at −1 dBTP: allowed.
        LoudnessMatch m = matchLoudness(quiet, -21);
        QCOMPARE(m.gainDb, 3.0);
        QVERIFY(!m.limitedByTruePeak);
        // 6 LU up would reach +2 dBTP: held to 3 dB, and said so.
        m = matchLoudness(quiet, -18);
        QCOMPARE(m.gainDb, 3.0);
        QVERIFY(m.limitedByTruePeak);
        // Turning down is never limited.
        m = matchLoudness(quiet, -30);
        QCOMPARE(m.gainDb, -6.0);
        QVERIFY(!m.limitedByTruePeak);
        // A side already above the ceiling is not raised, and not turned down below the match.
        const LoudnessReading hot{-10, 0.5, 0.2, 4};
        m = matchLoudness(hot, -8);
        QCOMPARE(m.gainDb, 0.0);
        QVERIFY(m.limitedByTruePeak);
        m = matchLoudness(hot, -10);
        QCOMPARE(m.gainDb, 0.0);
        QVERIFY(!m.limitedByTruePeak);
    }

    void matchedSignalStaysUnderTheCeiling()
    {
        // Real audio: bring a quiet, peaky noise up to a loud one; the matched copy's measured
        // true peak stays at or below −1 dBTP.
        const int rate = 22050;
        const std::vector<float> loud = pinkishNoise(6, rate, 21, 0.99);
        const std::vector<float> quiet = scaled(pinkishNoise(6, rate, 22, 0.99), -8);
        auto a = measureLoudness(loud.data(), qsizetype(loud.size()), rate);
        auto b = measureLoudness(quiet.data(), qsizetype(quiet.size()), rate);
        QVERIFY(a.ok() && b.ok());
        const LoudnessMatch m = matchLoudness(b.value(), a->integratedLufs);
        QVERIFY(m.limitedByTruePeak);
        QVERIFY(m.gainDb < a->integratedLufs - b->integratedLufs);
        const std::vector<float> matched = scaled(quiet, m.gainDb);
        auto c = measureLoudness(matched.data(), qsizetype(matched.size()), rate);
        QVERIFY(c.ok());
        QVERIFY2(c->truePeakDbtp <= kMatchCeilingDbtp + 0.01,
                 qPrintable(QString::number(c->truePeakDbtp)));
    }

    void measureRefusesWhatIntegratedRefuses()
    {
        const std::vector<float> silence(48000 * 2, 0.0f);
        QCOMPARE(measureLoudness(silence.data(), qsizetype(silence.size()), 48000).error().code,
                 QStringLiteral("silent"));
        QCOMPARE(measureLoudness(PcmClip{}).error().code, QStringLiteral("bad_sample_rate"));
        QCOMPARE(measureLoudness(nullptr, 100000, 48000).error().code, QStringLiteral("too_short"));
    }
};

QTEST_GUILESS_MAIN(LoudnessTest)
#include "loudness_test.moc"
