// fp_exact: the Chromaprint fingerprint through the library, checked against Debian's fpcalc
// on the same PCM (an independent golden), and the exact-duplicate keys.
#include "core/audio/audio_decoder.h"
#include "core/similarity/fp_exact.h"
#include "core/similarity/track_features.h"

#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::core;
using namespace lemm::test;

namespace {

Result<ExactFingerprint> fingerprint(const QString &path)
{
    AudioDecoder dec;
    auto info = dec.openFile(path);
    if (!info)
        return info.error();
    ExactFingerprinter fp;
    DecodeOptions o;
    o.outputRate = ExactFingerprinter::kRate;
    auto stats = dec.decode(o, [&](const float *pcm, int frames) { fp.feed(pcm, frames); });
    if (!stats)
        return stats.error();
    return fp.finish();
}

} // namespace

class FpExactTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_wav;

private Q_SLOTS:
    void initTestCase()
    {
        m_wav = m_dir.filePath(QStringLiteral("melody-11025.wav"));
        QVERIFY(writeFile(m_wav, wavFromFloat(melody(20.0, 11025, 7), 11025)));
    }

    void matchesFpcalc()
    {
        QProcess p;
        p.start(QStringLiteral("fpcalc"), {QStringLiteral("-raw"), QStringLiteral("-plain"),
                                           QStringLiteral("-ignore-errors"), m_wav});
        QVERIFY2(p.waitForFinished(30000), "fpcalc (libchromaprint-tools) is required");
        QCOMPARE(p.exitCode(), 0);
        std::vector<uint32_t> golden;
        for (const QByteArray &v : p.readAllStandardOutput().trimmed().split(','))
            golden.push_back(uint32_t(v.toLongLong()));
        auto fp = fingerprint(m_wav);
        QVERIFY2(fp.ok(), qPrintable(fp.ok() ? QString() : fp.error().message));
        QVERIFY(golden.size() > 100);
        QCOMPARE(fp->raw.size(), golden.size());
        QVERIFY(fp->raw == golden);
        QVERIFY(qAbs(fp->durationSec - 20.0) < 0.01);
    }

    void encodedFormRoundTrips()
    {
        auto fp = fingerprint(m_wav);
        QVERIFY(!fp->encoded.isEmpty());
        auto back = decodeChromaprint(fp->encoded);
        QVERIFY(back.ok());
        QVERIFY(back.value() == fp->raw);
        QVERIFY(!decodeChromaprint(QStringLiteral("not a fingerprint!")).ok());
    }

    void exactKeys()
    {
        // Lossless re-encoding keeps both keys; a lossy one changes them; other audio differs.
        const QString flac = m_dir.filePath(QStringLiteral("same.flac"));
        const QString mp3 = m_dir.filePath(QStringLiteral("lossy.mp3"));
        QVERIFY(encodeWithFfmpeg(readFile(m_wav), flac).isEmpty());
        QVERIFY(encodeWithFfmpeg(readFile(m_wav), mp3).isEmpty());
        const QString other = m_dir.filePath(QStringLiteral("other.wav"));
        QVERIFY(writeFile(other, wavFromFloat(melody(20.0, 11025, 8), 11025)));
        auto a = fingerprint(m_wav), b = fingerprint(flac), c = fingerprint(mp3),
             d = fingerprint(other);
        QVERIFY(a.ok() && b.ok() && c.ok() && d.ok());
        QCOMPARE(a->pcmKey, b->pcmKey);
        QCOMPARE(a->fingerprintKey, b->fingerprintKey);
        QVERIFY(a->pcmKey != c->pcmKey);
        QVERIFY(a->pcmKey != d->pcmKey);
        QVERIFY(a->fingerprintKey != d->fingerprintKey);
        QCOMPARE(a->pcmKey.size(), 32);
    }

    // Silence is nobody's work: digital silence (or a hiss below -60 dBFS) gets no exact key,
    // so a silent output never matches a silent vault track as its "exact copy".
    void silenceHasNoKeys()
    {
        auto keysOf = [](const std::vector<float> &x) {
            ExactFingerprinter fp;
            fp.feed(x.data(), int(x.size()));
            return fp.finish();
        };
        const std::vector<float> silent(size_t(10 * ExactFingerprinter::kRate), 0.0f);
        std::vector<float> hiss = silent;
        for (size_t i = 0; i < hiss.size(); ++i)
            hiss[i] = (i % 7 == 0 ? 0.0009f : -0.0004f);
        for (const auto &x : {silent, hiss}) {
            auto r = keysOf(x);
            QVERIFY(r.ok());
            QVERIFY(r->pcmKey.isEmpty());
            QVERIFY(r->fingerprintKey.isEmpty());
            ExactIndex idx;
            idx.add(QStringLiteral("silence"), r.value());
            QVERIFY(idx.lookup(keysOf(silent).value()).isEmpty());
        }
        // Quiet music above the threshold keeps its keys.
        std::vector<float> quiet = melody(10.0, ExactFingerprinter::kRate, 3);
        for (float &v : quiet)
            v *= 0.01f;
        QVERIFY(!keysOf(quiet)->pcmKey.isEmpty());
    }

    void tooShort()
    {
        ExactFingerprinter fp;
        std::vector<float> x(1000, 0.1f);
        fp.feed(x.data(), int(x.size()));
        auto r = fp.finish();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("fingerprint_failed"));
    }
};

QTEST_GUILESS_MAIN(FpExactTest)
#include "fp_exact_test.moc"
