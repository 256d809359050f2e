// The difference ("null") track (core/audio/difference_track.h) on what the client has: two
// 64 kbit/s preview MP3s (core::encodeMp3, decoded with decodeClip) of synthetic music. A
// re-encoded copy nulls by 30 dB and more, at any level and after a speed change; an unrelated
// piece does not; a wrong lag is found; bad input is refused with the documented errors.
#include "core/audio/difference_track.h"
#include "core/audio/loudness.h"
#include "core/audio/review_audio.h"

#include "support/test_audio.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <vector>

using namespace lemm::core;

namespace {

constexpr int kRate = 22050; // the preview's rate
// Bounds a little below what Debian 12's FFmpeg 5.1 / LAME 3.100 give (docs/ARCHITECTURE.md).
constexpr double kResampledAtLeastDb = 28; // measured 31.8 dB
constexpr double kPitchShiftAtLeastDb = 4; // measured 5.3 dB (spectral)

// Music-like test audio: a melody of harmonic notes, a two-note pad changing every 2 s, noise
// bursts on the off-beats and a kick on every beat (120 bpm). `pitch` scales every tonal
// frequency and keeps the timing (a true pitch shift, for the factors-differ case).
std::vector<float> musicLike(double seconds, int rate, uint32_t seed, double pitch = 1.0)
{
    QRandomGenerator rng(seed);
    std::vector<float> out(size_t(seconds * rate), 0.0f);
    std::vector<double> notes, pads;
    for (double t = 0; t < seconds + 2; t += 0.25)
        notes.push_back(220.0 * std::pow(2.0, double(rng.bounded(24)) / 12.0));
    for (double t = 0; t < seconds + 2; t += 2)
        pads.push_back(110.0 * std::pow(2.0, double(rng.bounded(12)) / 12.0));
    double melodyPhase = 0, padPhase = 0, kickPhase = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        const double t = double(i) / rate;
        const double f = notes[size_t(t / 0.25)] * pitch, fp = pads[size_t(t / 2)] * pitch;
        melodyPhase += 2 * M_PI * f / rate;
        padPhase += 2 * M_PI * fp / rate;
        const double inNote = std::fmod(t, 0.25);
        double v = 0.22 * std::exp(-6 * inNote) * std::min(1.0, inNote * 200) *
                   (std::sin(melodyPhase) + 0.5 * std::sin(2 * melodyPhase) +
                    0.25 * std::sin(3 * melodyPhase));
        v += 0.08 *
             (std::sin(padPhase) + 0.7 * std::sin(1.5 * padPhase) + 0.3 * std::sin(3 * padPhase));
        const double inBeat = std::fmod(t, 0.5);
        kickPhase += 2 * M_PI * pitch * (50 + 90 * std::exp(-30 * inBeat)) / rate;
        v += 0.3 * std::exp(-12 * inBeat) * std::sin(kickPhase);
        const double offBeat = std::fmod(t + 0.25, 0.5);
        v += 0.12 * std::exp(-40 * offBeat) * (rng.generateDouble() * 2 - 1);
        out[i] = float(v);
    }
    return out;
}

std::vector<float> slice(const std::vector<float> &x, int rate, double from, double to)
{
    const size_t a = size_t(from * rate), b = std::min(x.size(), size_t(to * rate));
    return std::vector<float>(x.begin() + long(a), x.begin() + long(b));
}

std::vector<float> scaled(std::vector<float> x, double db)
{
    const float g = float(dbToGain(db));
    for (float &v : x)
        v *= g;
    return x;
}

// [from, to) of `track` as the client receives it: an MP3 preview, decoded.
PcmClip preview(const std::vector<float> &track, double from, double to, int kbps = 64)
{
    auto mp3 = encodeMp3(slice(track, kRate, from, to), kRate, kbps);
    if (!mp3)
        qFatal("encodeMp3: %s", qPrintable(mp3.error().message));
    auto clip = decodeClip(mp3.value(), from);
    if (!clip)
        qFatal("decodeClip: %s", qPrintable(clip.error().message));
    return clip.value();
}

// The copy of a review: 30 s of the reference preview's audio (decoded) from its `fromSec`, at
// `gainDb`, placed at track second 20 of the submission, MP3-encoded again at `kbps` and decoded.
// It carries one more generation of coding noise and one more encoder delay (1105 samples,
// 50 ms) than the reference, and its MP3 frames do not line up with the reference's.
PcmClip reencodedCopy(const PcmClip &ref, double fromSec, double gainDb = 0, int kbps = 64)
{
    const std::vector<float> part = scaled(slice(ref.mono, kRate, fromSec, fromSec + 30), gainDb);
    auto mp3 = encodeMp3(part, kRate, kbps);
    if (!mp3)
        qFatal("encodeMp3: %s", qPrintable(mp3.error().message));
    return decodeClip(mp3.value(), 20).value();
}

SegmentAlignment copyMapping(const PcmClip &ref, double fromSec)
{
    return {20, ref.startSec + fromSec, 1, 1};
}

DifferenceTrack difference(const PcmClip &sub, const PcmClip &ref, const SegmentAlignment &a,
                           const DifferenceOptions &o = {})
{
    auto d = differenceTrack(sub, ref, a, o);
    if (!d)
        qFatal("differenceTrack: %s", qPrintable(d.error().message));
    qInfo("reduction %.1f dB, gain %.2f dB, lag %.2f ms, copy %.2f LUFS, ref %.2f LUFS%s",
          d->reductionDb, d->referenceGainDb, d->lagSec * 1000, d->copyLufs, d->referenceLufs,
          d->spectral ? ", spectral" : "");
    return d.value();
}

} // namespace

class DifferenceTrackTest : public QObject
{
    Q_OBJECT
private slots:
    void reencodedCopyNulls_data()
    {
        QTest::addColumn<int>("kbps");
        QTest::addColumn<double>("atLeastDb");
        // 64 kbit/s is the preview's bitrate; 128 kbit/s shows what the codec costs.
        QTest::addRow("64 kbit/s") << 64 << 30.0;
        QTest::addRow("128 kbit/s") << 128 << 38.0;
    }
    void reencodedCopyNulls()
    {
        QFETCH(int, kbps);
        QFETCH(double, atLeastDb);
        const PcmClip ref = preview(musicLike(50, kRate, 1), 5, 45, kbps);
        const PcmClip sub = reencodedCopy(ref, 1.2345, 0, kbps);
        const DifferenceTrack d = difference(sub, ref, copyMapping(ref, 1.2345));
        QVERIFY(d.reductionDb >= atLeastDb);
        QVERIFY(std::abs(d.referenceGainDb) < 1);    // the second encode's low-pass: ~ −0.45 dB
        QVERIFY(std::abs(d.lagSec - 0.050) < 0.002); // the second encoder's delay
        QVERIFY(std::abs(loudnessMatchGainDb(d.referenceLufs, d.copyLufs)) < 1);
        QCOMPARE(d.residual.sampleRate, kRate);
        // The overlap less the lag window at both ends.
        QVERIFY(std::abs(d.residual.startSec - (sub.startSec + 0.1)) < 0.01);
        QVERIFY(std::abs(d.residual.durationSec() - (sub.durationSec() - 0.2)) < 0.06);
        QVERIFY(!d.spectral);
    }

    void unrelatedMusicDoesNotNull()
    {
        const PcmClip ref = preview(musicLike(50, kRate, 1), 5, 45);
        const PcmClip sub = preview(musicLike(60, kRate, 2), 20, 55);
        const DifferenceTrack d = difference(sub, ref, copyMapping(ref, 1.2345));
        QVERIFY(d.reductionDb < 3);
        QVERIFY(d.reductionDb >= 0);     // the least-squares gain never adds energy
        QVERIFY(d.referenceGainDb < -6); // little of the reference is in the submission
    }

    void quieterCopyStillNulls()
    {
        const PcmClip ref = preview(musicLike(50, kRate, 3), 5, 45);
        const PcmClip sub = reencodedCopy(ref, 0.75, -7);
        const DifferenceTrack d = difference(sub, ref, copyMapping(ref, 0.75));
        QVERIFY(d.reductionDb >= 30);
        QVERIFY2(std::abs(d.referenceGainDb - -7.45) < 0.3, // −7 and the low-pass's −0.45
                 qPrintable(QString::number(d.referenceGainDb)));
        // The loudness match the workspace shows agrees with the gain that nulls.
        QVERIFY(std::abs(loudnessMatchGainDb(d.referenceLufs, d.copyLufs) - d.referenceGainDb) <
                0.3);
    }

    void findsAWrongLag_data()
    {
        QTest::addColumn<double>("errorSec");
        QTest::addRow("20 ms late") << 0.020;
        QTest::addRow("20 ms early") << -0.020;
        QTest::addRow("a third of a sample") << 1.0 / (3 * kRate);
    }
    void findsAWrongLag()
    {
        QFETCH(double, errorSec);
        const PcmClip ref = preview(musicLike(50, kRate, 4), 5, 45);
        const PcmClip sub = reencodedCopy(ref, 2.5);
        const SegmentAlignment right = copyMapping(ref, 2.5);
        const DifferenceTrack base = difference(sub, ref, right);
        SegmentAlignment wrong = right;
        wrong.refStart += errorSec;
        const DifferenceTrack d = difference(sub, ref, wrong);
        QVERIFY2(std::abs(d.lagSec - base.lagSec - errorSec) < 0.1 / kRate,
                 qPrintable(QString::number((d.lagSec - base.lagSec) * kRate)));
        QVERIFY(d.reductionDb >= 30);
        QVERIFY(std::abs(d.reductionDb - base.reductionDb) < 0.5);
        // Without the search, the second encoder's 50 ms delay leaves most of the copy.
        const DifferenceTrack blind = difference(sub, ref, wrong, {0, {}});
        QVERIFY(blind.reductionDb < 3);
        QCOMPARE(blind.lagSec, 0.0);
    }

    void resampledCopyNullsWithTheRightFactors()
    {
        // The copy plays 3 % faster (tempo and pitch together): resampled by ffmpeg, not by the
        // code under test, from 44.1 kHz (asetrate 45423 = 1.03 × 44100 exactly) to 22050 Hz;
        // submission time t is music time 1.03 t. Both previews are independent encodes.
        const std::vector<float> music = musicLike(60, 44100, 5);
        QTemporaryDir dir;
        auto through = [&](const QString &name, const QString &filter) {
            return lemm::test::throughFfmpeg(music, 44100, dir.filePath(name),
                                             {QStringLiteral("-af"), filter}, kRate);
        };
        const std::vector<float> plain =
            through(QStringLiteral("plain.wav"), QStringLiteral("aresample=22050"));
        const std::vector<float> faster =
            through(QStringLiteral("fast.wav"), QStringLiteral("asetrate=45423,aresample=22050"));
        QVERIFY(!plain.empty() && !faster.empty());
        const PcmClip ref = preview(plain, 5, 50);
        const PcmClip sub = preview(faster, 10, 40);
        const DifferenceTrack d = difference(sub, ref, {10, 10.3, 1.03, 1.03});
        QVERIFY(!d.spectral);
        QVERIFY2(d.reductionDb >= kResampledAtLeastDb, qPrintable(QString::number(d.reductionDb)));
        QVERIFY(std::abs(d.referenceGainDb) < 1);
        // With factor 1 the same pair drifts apart: no null.
        const DifferenceTrack wrong = difference(sub, ref, {10, 10.3, 1, 1});
        QVERIFY(wrong.reductionDb < 3);
    }

    void plainCopyWithAWrongPitchEstimateStillNulls()
    {
        // The detector can report a pitch factor a little off 1 for an unmodified copy (seen:
        // time 1.000, pitch 0.986). Automatic tries the plain reading too and keeps it.
        const PcmClip ref = preview(musicLike(50, kRate, 1), 5, 45);
        const PcmClip sub = reencodedCopy(ref, 1.2345);
        SegmentAlignment a = copyMapping(ref, 1.2345);
        a.pitchFactor = 0.986;
        const DifferenceTrack automatic = difference(sub, ref, a);
        QVERIFY(!automatic.spectral);
        QVERIFY(automatic.reductionDb >= 30);
        const DifferenceTrack asGiven = difference(sub, ref, a, {0.1, Subtraction::Spectral});
        QVERIFY(asGiven.reductionDb < automatic.reductionDb - 5);
    }

    void pitchShiftWithoutTempoChangeNullsInTheSpectrum()
    {
        // A true pitch shift (+1 semitone, same timing; independent encodes): time factor 1,
        // pitch factor 2^(1/12). The re-pitched reference is only magnitude-faithful, so the
        // automatic choice subtracts magnitudes; the time domain cannot null it.
        const double semitone = std::pow(2.0, 1.0 / 12);
        const PcmClip ref = preview(musicLike(50, kRate, 6), 5, 45);
        const PcmClip sub = preview(musicLike(50, kRate, 6, semitone), 10, 40);
        const SegmentAlignment a{10, 10, 1, semitone};
        const DifferenceTrack automatic = difference(sub, ref, a);
        QVERIFY(automatic.spectral);
        const DifferenceTrack inTime = difference(sub, ref, a, {0.1, Subtraction::TimeDomain});
        QVERIFY(!inTime.spectral);
        QVERIFY(automatic.reductionDb >= kPitchShiftAtLeastDb);
        QVERIFY(automatic.reductionDb > inTime.reductionDb + 10);
        QVERIFY(inTime.reductionDb < 3);
        QVERIFY(std::abs(automatic.referenceGainDb) < 1);
        // The A/B loudness match of the re-pitched reference is right too.
        QVERIFY2(std::abs(automatic.copyLufs - automatic.referenceLufs) < 0.5,
                 qPrintable(QString::number(automatic.copyLufs - automatic.referenceLufs)));
        // Unrelated music under the same mapping does not null, in the spectrum either.
        const PcmClip other = preview(musicLike(50, kRate, 16, semitone), 10, 40);
        QVERIFY(difference(other, ref, a).reductionDb < 3);
    }

    void bothSubtractionsNullASampleAccurateCopy()
    {
        // Measured for the automatic choice (see docs/ARCHITECTURE.md): on a sample-accurate
        // copy magnitude subtraction reports a deeper null (about 39 dB against 32.6 dB: it also
        // clips away coding noise), but only the time domain leaves the true difference, so
        // the automatic choice keeps it; both refuse to null unrelated music.
        const PcmClip ref = preview(musicLike(50, kRate, 7), 5, 45);
        const PcmClip sub = reencodedCopy(ref, 2.5);
        const SegmentAlignment a = copyMapping(ref, 2.5);
        const DifferenceTrack spectral = difference(sub, ref, a, {0.1, Subtraction::Spectral});
        const DifferenceTrack inTime = difference(sub, ref, a);
        QVERIFY(spectral.spectral && !inTime.spectral);
        QVERIFY(spectral.reductionDb >= 30);
        QVERIFY(inTime.reductionDb >= 30);
        const PcmClip other = preview(musicLike(60, kRate, 8), 20, 55);
        QVERIFY(difference(other, ref, a, {0.1, Subtraction::Spectral}).reductionDb < 3);
        QVERIFY(difference(other, ref, a).reductionDb < 3);
    }

    void alignReferencePlaysUnderTheSubmission()
    {
        PcmClip ref;
        ref.sampleRate = kRate;
        ref.startSec = 20;
        ref.mono = musicLike(10, kRate, 8);
        // Factor 1, whole-sample offset: the samples themselves.
        auto same = alignReference(ref, {5, 20, 1, 1}, kRate);
        QVERIFY(same.ok());
        QCOMPARE(same->sampleRate, kRate);
        QVERIFY(std::abs(same->startSec - 5) < 1e-9);
        QCOMPARE(same->mono.size(), ref.mono.size());
        double worst = 0;
        for (size_t i = 100; i + 100 < ref.mono.size(); ++i)
            worst = std::max(worst, double(std::abs(same->mono[i] - ref.mono[i])));
        QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst)));
        // Twice as fast: half as long, and at 44.1 kHz twice the samples per second.
        auto fast = alignReference(ref, {0, 20, 2, 2}, kRate);
        QVERIFY(fast.ok());
        QVERIFY(std::abs(fast->durationSec() - 5) < 0.01);
        auto upsampled = alignReference(ref, {0, 20, 1, 1}, 44100);
        QVERIFY(upsampled.ok());
        QVERIFY(std::abs(double(upsampled->mono.size()) - 2.0 * double(ref.mono.size())) < 3);
    }

    void refusesBadInput()
    {
        PcmClip ok;
        ok.sampleRate = kRate;
        ok.mono = musicLike(5, kRate, 9);
        auto code = [](const Result<DifferenceTrack> &r) {
            return r.ok() ? QString() : r.error().code;
        };
        QCOMPARE(code(differenceTrack(PcmClip{}, ok, {})), QStringLiteral("empty_clip"));
        QCOMPARE(code(differenceTrack(ok, PcmClip{}, {})), QStringLiteral("empty_clip"));
        for (double f : {0.0, -1.0, double(NAN), double(INFINITY), 5.0}) {
            QCOMPARE(code(differenceTrack(ok, ok, {0, 0, f, 1})), QStringLiteral("bad_alignment"));
            QCOMPARE(code(differenceTrack(ok, ok, {0, 0, 1, f})), QStringLiteral("bad_alignment"));
        }
        QCOMPARE(code(differenceTrack(ok, ok, {NAN, 0, 1, 1})), QStringLiteral("bad_alignment"));
        QCOMPARE(code(differenceTrack(ok, ok, {0, 100, 1, 1})), QStringLiteral("no_overlap"));
        QCOMPARE(code(differenceTrack(ok, ok, {100, 0, 1, 1})), QStringLiteral("no_overlap"));
        PcmClip longClip = ok;
        longClip.mono.assign(size_t(kRate) * 121, 0.1f);
        QCOMPARE(code(differenceTrack(longClip, ok, {})), QStringLiteral("clip_too_long"));
        QCOMPARE(code(differenceTrack(ok, longClip, {})), QStringLiteral("clip_too_long"));
        PcmClip broken = ok;
        broken.mono[1000] = NAN;
        QCOMPARE(code(differenceTrack(broken, ok, {})), QStringLiteral("bad_samples"));
        QCOMPARE(alignReference(ok, {0, 0, 1, 1}, 0).error().code,
                 QStringLiteral("bad_sample_rate"));
        QCOMPARE(alignReference(PcmClip{}, {}, kRate).error().code, QStringLiteral("empty_clip"));
        // Silence against silence: a result, no division by zero.
        PcmClip silent = ok;
        silent.mono.assign(silent.mono.size(), 0.0f);
        auto quiet = differenceTrack(silent, silent, {});
        QVERIFY(quiet.ok());
        QCOMPARE(quiet->reductionDb, 0.0);
        QVERIFY(std::isinf(quiet->copyLufs));
        // An absurd lag window is bounded, not honoured.
        auto wide = differenceTrack(ok, ok, {}, {1e9, {}});
        QVERIFY(wide.ok());
        QVERIFY(std::abs(wide->lagSec) <= 1.0);
    }
};

QTEST_GUILESS_MAIN(DifferenceTrackTest)
#include "difference_track_test.moc"
