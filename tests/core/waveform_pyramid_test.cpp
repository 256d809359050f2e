// core::WaveformPyramid against brute force: every level keeps the extremes of the envelope
// pairs it covers (no peak lost at any level), extremes() over any span equals the brute-force
// min/max of the pairs that span touches, levelFor() gives about one pair per pixel, and broken
// envelopes give an empty pyramid instead of a crash.
#include "core/audio/waveform_pyramid.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lemm;

namespace {

core::PeakEnvelope randomEnvelope(QRandomGenerator &rng, size_t count)
{
    core::PeakEnvelope e;
    e.sampleRate = 11025;
    e.block = 256;
    for (size_t i = 0; i < count; ++i) {
        const int a = int(rng.bounded(-127, 128)), b = int(rng.bounded(-127, 128));
        e.mins.push_back(int8_t(std::min(a, b)));
        e.maxs.push_back(int8_t(std::max(a, b)));
    }
    return e;
}

// Brute force over the base pairs [from, to).
std::pair<int8_t, int8_t> bruteForce(const core::PeakEnvelope &e, size_t from, size_t to)
{
    int8_t mn = 127, mx = -127;
    for (size_t i = from; i < std::min(to, e.mins.size()); ++i) {
        mn = std::min(mn, e.mins[i]);
        mx = std::max(mx, e.maxs[i]);
    }
    return {mn, mx};
}

} // namespace

class WaveformPyramidTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyLevelKeepsEveryExtreme_data()
    {
        QTest::addColumn<int>("count");
        for (const int n : {1, 2, 63, 64, 65, 127, 1000, 4097, 25839})
            QTest::addRow("%d pairs", n) << n;
    }
    void everyLevelKeepsEveryExtreme()
    {
        QFETCH(int, count);
        QRandomGenerator rng(static_cast<quint32>(count));
        const core::PeakEnvelope e = randomEnvelope(rng, size_t(count));
        const core::WaveformPyramid pyramid(e);
        QVERIFY(!pyramid.empty());
        QCOMPARE(pyramid.durationSec(), e.durationSec());
        QCOMPARE(pyramid.level(0).mins, e.mins);
        QCOMPARE(pyramid.level(0).maxs, e.maxs);
        QVERIFY(pyramid.level(pyramid.levelCount() - 1).size() <= 64);
        for (int l = 0; l < pyramid.levelCount(); ++l) {
            const auto &lv = pyramid.level(l);
            const size_t width = size_t(1) << l; // base pairs per pair at this level
            QCOMPARE(lv.secondsPerPair, e.secondsPerPeak() * double(width));
            QCOMPARE(size_t(lv.size()), (e.mins.size() + width - 1) / width);
            for (int i = 0; i < lv.size(); ++i) {
                const auto [mn, mx] = bruteForce(e, size_t(i) * width, size_t(i + 1) * width);
                QCOMPARE(lv.mins[size_t(i)], mn);
                QCOMPARE(lv.maxs[size_t(i)], mx);
            }
        }
        // Memory: under twice the envelope.
        size_t total = 0;
        for (int l = 0; l < pyramid.levelCount(); ++l)
            total += size_t(pyramid.level(l).size());
        QVERIFY(total < 2 * e.mins.size() + 2);
    }

    void extremesMatchBruteForceOnRandomSpans()
    {
        QRandomGenerator rng(7);
        const core::PeakEnvelope e = randomEnvelope(rng, 26000); // ~10 minutes
        const core::WaveformPyramid pyramid(e);
        const double spp = e.secondsPerPeak();
        for (int trial = 0; trial < 2000; ++trial) {
            const int level = int(rng.bounded(pyramid.levelCount()));
            const double from = rng.generateDouble() * pyramid.durationSec();
            const double to = from + rng.generateDouble() * 30 + 1e-3;
            const auto got = pyramid.extremes(level, from, to);
            // The pairs of `level` that [from, to) touches, in base pairs.
            const double pair = spp * std::pow(2.0, level);
            const size_t a = size_t(std::floor(from / pair)) << level;
            const size_t b = size_t(std::ceil(std::min(to, pyramid.durationSec()) / pair)) << level;
            QCOMPARE(got, bruteForce(e, a, b));
            // Never loses a peak: the span's own base pairs are inside what the level reports.
            const auto exact =
                bruteForce(e, size_t(std::floor(from / spp)), size_t(std::ceil(to / spp)));
            QVERIFY(got.first <= exact.first && got.second >= exact.second);
        }
    }

    void levelForGivesAboutOnePairPerPixel()
    {
        QRandomGenerator rng(3);
        const core::PeakEnvelope e = randomEnvelope(rng, 26000);
        const core::WaveformPyramid pyramid(e);
        QCOMPARE(pyramid.levelFor(e.secondsPerPeak() / 4), 0); // zoomed in: the envelope
        for (const double spp : {0.03, 0.1, 0.37, 1.0, 5.0}) {
            const int level = pyramid.levelFor(spp);
            QVERIFY(pyramid.level(level).secondsPerPair <= spp);
            if (level + 1 < pyramid.levelCount())
                QVERIFY(pyramid.level(level + 1).secondsPerPair > spp);
        }
        QCOMPARE(pyramid.levelFor(1e9), pyramid.levelCount() - 1);
    }

    void outsideTheTrackAndBrokenInput()
    {
        QRandomGenerator rng(11);
        const core::WaveformPyramid pyramid(randomEnvelope(rng, 500));
        QCOMPARE(pyramid.extremes(0, -10, -5), (std::pair<int8_t, int8_t>{0, 0}));
        QCOMPARE(pyramid.extremes(0, 1e6, 1e6 + 1), (std::pair<int8_t, int8_t>{0, 0}));
        QCOMPARE(pyramid.extremes(0, 3, 2), (std::pair<int8_t, int8_t>{0, 0}));
        QCOMPARE(pyramid.extremes(99, 0, 1), (std::pair<int8_t, int8_t>{0, 0}));
        QCOMPARE(pyramid.extremes(0, std::nan(""), 1), (std::pair<int8_t, int8_t>{0, 0}));
        core::PeakEnvelope noRate = randomEnvelope(rng, 100);
        noRate.sampleRate = 0;
        QVERIFY(core::WaveformPyramid(noRate).empty());
        QVERIFY(core::WaveformPyramid(core::PeakEnvelope{}).empty());
        core::PeakEnvelope ragged = randomEnvelope(rng, 100);
        ragged.maxs.resize(40); // a broken envelope keeps its common part
        const core::WaveformPyramid cut(ragged);
        QCOMPARE(cut.level(0).size(), 40);
        QCOMPARE(cut.levelFor(0.1), 0);
        QCOMPARE(core::WaveformPyramid().levelFor(0.1), 0);
    }
};

QTEST_MAIN(WaveformPyramidTest)
#include "waveform_pyramid_test.moc"
