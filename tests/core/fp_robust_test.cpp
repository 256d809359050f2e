// fp_robust and its index on synthetic melodies: excerpts found at the right offset under
// noise, speed change, time-stretch and pitch-shift (ffmpeg's atempo and rubberband filters),
// unknown audio not matched, removal effective at once, save/load round trips.
#include "core/audio/audio_decoder.h"
#include "core/audio/spectral.h"
#include "core/similarity/fp_robust.h"
#include "core/similarity/robust_index.h"

#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lemm::core;
using namespace lemm::test;

namespace {

constexpr int kTracks = 12;
constexpr double kTrackSec = 40.0;

std::vector<float> excerpt(const std::vector<float> &x, double startSec, double lenSec)
{
    const size_t a = size_t(startSec * robust::kRate), n = size_t(lenSec * robust::kRate);
    return std::vector<float>(x.begin() + long(a), x.begin() + long(std::min(x.size(), a + n)));
}

// Plays `x` faster by `speed` (pitch and tempo together), by linear interpolation.
std::vector<float> resampleSpeed(const std::vector<float> &x, double speed)
{
    std::vector<float> y(size_t(double(x.size()) / speed));
    for (size_t i = 0; i < y.size(); ++i) {
        const double s = i * speed;
        const size_t k = size_t(s);
        const double f = s - double(k);
        y[i] = float(x[k] * (1 - f) + (k + 1 < x.size() ? x[k + 1] : 0.0f) * f);
    }
    return y;
}

std::vector<float> addNoise(std::vector<float> x, double snrDb, uint32_t seed)
{
    double power = 0;
    for (float v : x)
        power += double(v) * v;
    power /= double(x.size());
    const double sigma = std::sqrt(power / std::pow(10.0, snrDb / 10.0));
    QRandomGenerator rng(seed);
    for (float &v : x) {
        const double u1 = std::max(1e-12, rng.generateDouble()), u2 = rng.generateDouble();
        v += float(sigma * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
    }
    return x;
}

// Runs x through an ffmpeg audio filter and decodes the result back to 8 kHz mono.
std::vector<float> ffmpegFilter(const std::vector<float> &x, const QString &filter,
                                const QString &dir)
{
    return throughFfmpeg(
        x, robust::kRate, dir + QStringLiteral("/out.wav"),
        {QStringLiteral("-af"), filter, QStringLiteral("-ar"), QString::number(robust::kRate)},
        robust::kRate);
}

// The peak picking of fp_robust.h done the plain way, on the whole track at once: every log
// spectrum column, a summed-area table of all of them, then every frame judged. The streaming
// fingerprinter must give exactly these peaks (same frames, semitones, prominences).
std::vector<SpectralPeak> wholeTrackPeaks(const std::vector<float> &mono8k)
{
    using namespace robust;
    constexpr int kBins = kFftSize / 2 + 1;
    const int minBin = int(std::floor(kMinHz * kFftSize / kRate));
    const int maxBin = int(std::ceil(kMaxHz * kFftSize / kRate));
    constexpr int kPeakDt = 2, kPeakDf = 4, kMeanDt = 8, kMeanDf = 24;
    const int lo = std::max(1, minBin - kMeanDf), hi = std::min(kBins - 2, maxBin + kMeanDf);
    const int B = hi - lo + 1;
    std::vector<std::vector<float>> spec;
    StftAnalyzer stft(kFftSize, kHop, [&](const float *power, int) {
        std::vector<float> col;
        for (int k = lo; k <= hi; ++k)
            col.push_back(std::log(power[k] + 1e-9f));
        spec.push_back(col);
    });
    stft.feed(mono8k.data(), int(mono8k.size()));
    const int T = int(spec.size());
    std::vector<std::vector<double>> S(size_t(T + 1), std::vector<double>(size_t(B + 1), 0.0));
    for (int t = 0; t < T; ++t)
        for (int b = 0; b < B; ++b)
            S[size_t(t + 1)][size_t(b + 1)] = spec[size_t(t)][size_t(b)] +
                                              S[size_t(t)][size_t(b + 1)] +
                                              S[size_t(t + 1)][size_t(b)] - S[size_t(t)][size_t(b)];
    std::vector<SpectralPeak> all;
    for (int t = 0; t < T; ++t)
        for (int k = minBin; k <= maxBin; ++k) {
            const int b = k - lo;
            const float v = spec[size_t(t)][size_t(b)];
            bool isMax = true;
            for (int dt = -kPeakDt; dt <= kPeakDt; ++dt)
                for (int df = -kPeakDf; df <= kPeakDf; ++df) {
                    const int tt = t + dt;
                    if (tt >= 0 && tt < T && (dt || df) && spec[size_t(tt)][size_t(b + df)] >= v)
                        isMax = false;
                }
            if (!isMax)
                continue;
            const int t0 = std::max(0, t - kMeanDt), t1 = std::min(T - 1, t + kMeanDt);
            const int b0 = std::max(0, b - kMeanDf), b1 = std::min(B - 1, b + kMeanDf);
            const double sum = S[size_t(t1 + 1)][size_t(b1 + 1)] - S[size_t(t0)][size_t(b1 + 1)] -
                               S[size_t(t1 + 1)][size_t(b0)] + S[size_t(t0)][size_t(b0)];
            const float prom = v - float(sum / double((t1 - t0 + 1) * (b1 - b0 + 1)));
            if (prom < 1.0f)
                continue;
            const float a = spec[size_t(t)][size_t(b - 1)], c = spec[size_t(t)][size_t(b + 1)];
            const float den = a - 2 * v + c;
            const float delta = den < 0 ? std::clamp(0.5f * (a - c) / den, -0.5f, 0.5f) : 0.0f;
            const double hz = (k + delta) * double(kRate) / kFftSize;
            all.push_back({uint32_t(t), float(12.0 * std::log2(hz / kMinHz)), prom});
        }
    // The kPeaksPerSecond most prominent of each second, then in (frame, pitch) order.
    const uint32_t second = uint32_t(std::lround(1.0 / kHopSeconds));
    std::vector<SpectralPeak> kept;
    for (size_t i = 0; i < all.size();) {
        size_t j = i;
        while (j < all.size() && all[j].frame / second == all[i].frame / second)
            ++j;
        std::vector<SpectralPeak> block(all.begin() + long(i), all.begin() + long(j));
        std::sort(block.begin(), block.end(),
                  [](const auto &x, const auto &y) { return x.prominence > y.prominence; });
        block.resize(std::min(block.size(), size_t(kPeaksPerSecond)));
        kept.insert(kept.end(), block.begin(), block.end());
        i = j;
    }
    std::sort(kept.begin(), kept.end(), [](const auto &x, const auto &y) {
        return x.frame != y.frame ? x.frame < y.frame : x.semitone < y.semitone;
    });
    return kept;
}

} // namespace

class FpRobustTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::vector<std::vector<float>> m_audio;
    RobustIndex m_index;

    std::vector<RobustMatch> query(const std::vector<float> &x) const
    {
        return m_index.query(robustFingerprint(x), 5);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (int i = 0; i < kTracks; ++i) {
            m_audio.push_back(melody(kTrackSec, robust::kRate, 100 + uint32_t(i)));
            m_index.add(QStringLiteral("trk_%1").arg(i), robustFingerprint(m_audio.back()));
        }
        QCOMPARE(m_index.trackCount(), kTracks);
        const double perSecond = double(m_index.postingCount()) / m_index.indexedSeconds();
        qInfo("%.1f triplets per second of audio, %.0f bytes per hour of index", perSecond,
              perSecond * 3600 * 8);
        QVERIFY(perSecond > 10);
    }

    void keysAreInvariantBuilt()
    {
        const RobustFingerprint fp = robustFingerprint(m_audio[0]);
        QVERIFY(fp.peaks.size() > 100);
        for (const Triplet &t : fp.triplets) {
            QVERIFY(t.key < robust::kKeySpace);
            const auto probes = robust::probeKeys(t);
            QVERIFY(std::find(probes.begin(), probes.end(), t.key) != probes.end());
        }
    }

    // Streaming peak picking equals the whole-track computation exactly, however the audio
    // is cut into blocks.
    void streamingPeaksEqualWholeTrackPeaks_data()
    {
        QTest::addColumn<int>("block");
        QTest::addRow("one block") << 0;
        QTest::addRow("blocks of 1000") << 1000;
        QTest::addRow("blocks of 37") << 37;
    }

    void streamingPeaksEqualWholeTrackPeaks()
    {
        QFETCH(int, block);
        const std::vector<float> x = addNoise(m_audio[3], 20, 9);
        const std::vector<SpectralPeak> expected = wholeTrackPeaks(x);
        QVERIFY(expected.size() > 300);
        RobustFingerprinter fp;
        const int step = block > 0 ? block : int(x.size());
        for (size_t i = 0; i < x.size(); i += size_t(step))
            fp.feed(x.data() + i, int(std::min(x.size() - i, size_t(step))));
        const RobustFingerprint got = fp.finish();
        QCOMPARE(got.peaks.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(got.peaks[i].frame, expected[i].frame);
            // Bit for bit (QCOMPARE on floats would be fuzzy).
            QVERIFY2(got.peaks[i].semitone == expected[i].semitone, qPrintable(QString::number(i)));
            QVERIFY2(got.peaks[i].prominence == expected[i].prominence,
                     qPrintable(QString::number(i)));
        }
        const RobustFingerprint whole = robustFingerprint(x);
        QCOMPARE(got.triplets.size(), whole.triplets.size());
        for (size_t i = 0; i < whole.triplets.size(); ++i)
            QCOMPARE(got.triplets[i].key, whole.triplets[i].key);
    }

    void distortions_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("param");
        QTest::addColumn<double>("length");
        QTest::addColumn<double>("expectTime");
        QTest::addColumn<double>("expectPitch");
        QTest::addColumn<double>(
            "minScore"); // the targets: 5 s + 10 dB noise is a top-1 target
        QTest::addRow("clean 10 s") << "clean" << 0.0 << 10.0 << 1.0 << 1.0 << 0.7;
        QTest::addRow("clean 5 s") << "clean" << 0.0 << 5.0 << 1.0 << 1.0 << 0.7;
        QTest::addRow("noise 10 dB, 10 s") << "noise" << 10.0 << 10.0 << 1.0 << 1.0 << 0.7;
        QTest::addRow("noise 10 dB, 5 s") << "noise" << 10.0 << 5.0 << 1.0 << 1.0 << 0.4;
        QTest::addRow("speed 1.05") << "speed" << 1.05 << 10.0 << 1 / 1.05 << 1.05 << 0.7;
        QTest::addRow("speed 0.95") << "speed" << 0.95 << 10.0 << 1 / 0.95 << 0.95 << 0.7;
        QTest::addRow("tempo 1.1 (atempo)") << "tempo" << 1.1 << 10.0 << 1 / 1.1 << 1.0 << 0.7;
        QTest::addRow("tempo 0.9 (atempo)") << "tempo" << 0.9 << 10.0 << 1 / 0.9 << 1.0 << 0.7;
        QTest::addRow("pitch +2 semitones (rubberband)")
            << "pitch" << 2.0 << 10.0 << 1.0 << std::pow(2.0, 2 / 12.0) << 0.7;
        QTest::addRow("pitch -2 semitones (rubberband)")
            << "pitch" << -2.0 << 10.0 << 1.0 << std::pow(2.0, -2 / 12.0) << 0.7;
    }

    void distortions()
    {
        QFETCH(QString, kind);
        QFETCH(double, param);
        QFETCH(double, length);
        QFETCH(double, expectTime);
        QFETCH(double, expectPitch);
        QFETCH(double, minScore);
        const int track = 5;
        const double start = 13.3;
        std::vector<float> q = excerpt(m_audio[track], start, length);
        if (kind == QLatin1String("noise"))
            q = addNoise(q, param, 9);
        else if (kind == QLatin1String("speed"))
            q = resampleSpeed(q, param);
        else if (kind == QLatin1String("tempo"))
            q = ffmpegFilter(q, QStringLiteral("atempo=%1").arg(param), m_dir.path());
        else if (kind == QLatin1String("pitch"))
            q = ffmpegFilter(q,
                             QStringLiteral("rubberband=pitch=%1").arg(std::pow(2.0, param / 12.0)),
                             m_dir.path());
        QVERIFY(!q.empty());
        const auto matches = query(q);
        QVERIFY2(!matches.empty(), "no match");
        const RobustMatch &m = matches.front();
        qInfo("%s: score %.2f (sig %.1f, %d triplets), offset %.2f, time %.3f, pitch %.3f, overlap "
              "%.1f-%.1f -> %.1f-%.1f",
              qPrintable(m.trackId), m.score, m.significance, m.matches, m.offsetSec, m.timeFactor,
              m.pitchFactor, m.queryStart, m.queryEnd, m.refStart, m.refEnd);
        QCOMPARE(m.trackId, QStringLiteral("trk_%1").arg(track));
        QVERIFY2(m.score >= minScore, qPrintable(QString::number(m.score)));
        QVERIFY2(std::abs(m.offsetSec - start) < 0.25, qPrintable(QString::number(m.offsetSec)));
        QVERIFY2(std::abs(m.timeFactor / expectTime - 1) < 0.03,
                 qPrintable(QString::number(m.timeFactor)));
        QVERIFY2(std::abs(12 * std::log2(m.pitchFactor / expectPitch)) < 0.5,
                 qPrintable(QString::number(m.pitchFactor)));
        QVERIFY(m.refStart >= start - 0.3 &&
                m.refEnd <= start + length / std::min(1.0, expectTime) + 0.5);
        if (matches.size() > 1)
            QVERIFY2(matches[1].score < 0.4, qPrintable(QString::number(matches[1].score)));
    }

    // A 10 s sample spliced into an unrelated 3-minute track: one segment, both spans within
    // a second of the truth.
    void splicedSampleIsLocalised()
    {
        std::vector<float> host = melody(180.0, robust::kRate, 900);
        const std::vector<float> sample = excerpt(m_audio[4], 12.0, 10.0);
        const size_t at = size_t(70.0 * robust::kRate);
        std::copy(sample.begin(), sample.end(), host.begin() + long(at));
        const auto matches = query(host);
        QVERIFY(!matches.empty());
        const RobustMatch &m = matches.front();
        QCOMPARE(m.trackId, QStringLiteral("trk_4"));
        QVERIFY(!m.segments.empty());
        const RobustSegment &s = m.segments.front();
        qInfo("segment %.2f-%.2f -> %.2f-%.2f, %d of %d peaks (chance %.3f), stat %.1f, score "
              "%.2f",
              s.queryStart, s.queryEnd, s.refStart, s.refEnd, s.verified, s.peaks, s.chanceRate,
              s.statistic, s.score);
        QVERIFY2(std::abs(s.queryStart - 70.0) <= 1.0 && std::abs(s.queryEnd - 80.0) <= 1.0,
                 qPrintable(QStringLiteral("%1-%2").arg(s.queryStart).arg(s.queryEnd)));
        QVERIFY2(std::abs(s.refStart - 12.0) <= 1.0 && std::abs(s.refEnd - 22.0) <= 1.0,
                 qPrintable(QStringLiteral("%1-%2").arg(s.refStart).arg(s.refEnd)));
        QVERIFY(s.score >= 0.7);
        QCOMPARE(m.score, s.score);
        QCOMPARE(m.queryStart, s.queryStart);
    }

    // A 30 s copy inside a 90 s output.
    void copyInsideLongerOutputIsLocalised()
    {
        std::vector<float> out = melody(90.0, robust::kRate, 901);
        const std::vector<float> copy = excerpt(m_audio[6], 5.0, 30.0);
        std::copy(copy.begin(), copy.end(), out.begin() + long(30 * robust::kRate));
        const auto matches = query(out);
        QVERIFY(!matches.empty());
        QCOMPARE(matches.front().trackId, QStringLiteral("trk_6"));
        const RobustSegment &s = matches.front().segments.front();
        QVERIFY2(std::abs(s.queryStart - 30.0) <= 1.0 && std::abs(s.queryEnd - 60.0) <= 1.0,
                 qPrintable(QStringLiteral("%1-%2").arg(s.queryStart).arg(s.queryEnd)));
        QVERIFY2(std::abs(s.refStart - 5.0) <= 1.0 && std::abs(s.refEnd - 35.0) <= 1.0,
                 qPrintable(QStringLiteral("%1-%2").arg(s.refStart).arg(s.refEnd)));
    }

    // A copy mixed 6 dB below a louder, unrelated signal is still found and located.
    void copyUnderLouderMusicIsFound()
    {
        const std::vector<float> copy = excerpt(m_audio[2], 8.0, 20.0);
        std::vector<float> loud = melody(20.0, robust::kRate, 902);
        const float gain = float(std::pow(10.0, -6.0 / 20.0));
        for (size_t i = 0; i < loud.size() && i < copy.size(); ++i)
            loud[i] += gain * copy[i];
        const auto matches = query(loud);
        QVERIFY(!matches.empty());
        const RobustMatch &m = matches.front();
        qInfo("under louder music: %s score %.2f stat %.1f over %.1f s", qPrintable(m.trackId),
              m.score, m.significance, m.segments.front().seconds());
        QCOMPARE(m.trackId, QStringLiteral("trk_2"));
        QVERIFY2(m.score >= 0.4, qPrintable(QString::number(m.score)));
        QVERIFY(m.segments.front().seconds() >= 10.0);
        QVERIFY(std::abs(m.refStart - (8.0 + m.queryStart)) <= 1.0);
    }

    void unknownAudioIsNotMatched()
    {
        for (uint32_t seed = 500; seed < 510; ++seed) {
            const auto matches = query(melody(10.0, robust::kRate, seed));
            for (const RobustMatch &m : matches)
                QVERIFY2(m.score < 0.4,
                         qPrintable(QStringLiteral("%1 scored %2").arg(m.trackId).arg(m.score)));
        }
    }

    void removalIsImmediate()
    {
        RobustIndex idx = m_index;
        const auto q = excerpt(m_audio[3], 5.0, 10.0);
        QCOMPARE(idx.query(robustFingerprint(q), 1).front().trackId, QStringLiteral("trk_3"));
        QVERIFY(idx.remove(QStringLiteral("trk_3")));
        QVERIFY(!idx.remove(QStringLiteral("trk_3")));
        for (const auto &m : idx.query(robustFingerprint(q), 5))
            QVERIFY(m.trackId != QLatin1String("trk_3"));
        QCOMPARE(idx.trackCount(), kTracks - 1);
        idx.compact();
        QVERIFY(idx.postingCount() < m_index.postingCount());
        // Re-adding brings it back.
        idx.add(QStringLiteral("trk_3"), robustFingerprint(m_audio[3]));
        QCOMPARE(idx.query(robustFingerprint(q), 1).front().trackId, QStringLiteral("trk_3"));
    }

    void saveAndLoad()
    {
        RobustIndex idx = m_index;
        idx.remove(QStringLiteral("trk_0"));
        const QString path = m_dir.filePath(QStringLiteral("robust.lvri"));
        QVERIFY(idx.save(path).ok());
        auto loaded = RobustIndex::load(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(loaded->trackCount(), kTracks - 1);
        QVERIFY(!loaded->contains(QStringLiteral("trk_0")));
        const auto q = robustFingerprint(excerpt(m_audio[7], 20.0, 8.0));
        const auto a = idx.query(q, 3), b = loaded->query(q, 3);
        QCOMPARE(b.size(), a.size());
        QCOMPARE(b.front().trackId, a.front().trackId);
        QCOMPARE(b.front().matches, a.front().matches);
        // Verification reads the reference peaks rebuilt from the postings: same segments.
        QCOMPARE(b.front().segments.size(), a.front().segments.size());
        QCOMPARE(b.front().significance, a.front().significance);
        QCOMPARE(b.front().queryStart, a.front().queryStart);
        // Damaged files are refused, not half-loaded.
        QByteArray bytes = readFile(path);
        const QString bad = m_dir.filePath(QStringLiteral("bad.lvri"));
        QVERIFY(writeFile(bad, bytes.left(bytes.size() - 100)));
        QCOMPARE(RobustIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
        QVERIFY(writeFile(bad, QByteArray("garbage")));
        QCOMPARE(RobustIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
    }
};

QTEST_GUILESS_MAIN(FpRobustTest)
#include "fp_robust_test.moc"
