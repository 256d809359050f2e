// FFmpeg probing: every accepted format made by ffmpeg in set-up, and every refusal path.
#include "core/audio/audio_decoder.h"
#include "core/base/cpu_budget.h"

#include "support/test_audio.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>

using namespace lemm::core;
using namespace lemm::test;

namespace {
// Frequency of a clean tone from its rising zero crossings.
double zeroCrossingHz(const std::vector<float> &x, int rate)
{
    int crossings = 0;
    for (size_t i = 1; i < x.size(); ++i)
        if (x[i - 1] < 0 && x[i] >= 0)
            ++crossings;
    return crossings * double(rate) / double(x.size());
}

// A read-only window [offset, offset + length) onto another device: what a caller sees of
// one part of a bigger file (the audio part of a spool file, say).
class WindowDevice : public QIODevice
{
public:
    WindowDevice(QIODevice *inner, qint64 offset, qint64 length)
        : m_inner(inner), m_offset(offset), m_length(length)
    {
    }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override
    {
        return pos >= 0 && pos <= m_length && m_inner->seek(m_offset + pos) && QIODevice::seek(pos);
    }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 left = m_length - pos();
        if (left <= 0)
            return 0;
        if (!m_inner->seek(m_offset + pos()))
            return -1;
        return m_inner->read(data, qMin(max, left));
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QIODevice *m_inner;
    qint64 m_offset, m_length;
};

// A device that only streams forward.
class SequentialDevice : public QBuffer
{
public:
    using QBuffer::QBuffer;
    bool isSequential() const override { return true; }
};
} // namespace

class AudioDecoderTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QByteArray m_wav = makeWav(2.0, 440.0, 44100, 2);

private Q_SLOTS:
    // Rates and channel counts beyond any music are refused when opened, not decoded.
    void extremeFormatsAreRefused()
    {
        auto high = probeAudioBuffer(makeWav(0.2, 440.0, 384000, 1));
        QVERIFY(!high.ok());
        QCOMPARE(high.error().code, QStringLiteral("unsupported_format"));
        QVERIFY(high.error().message.contains(QStringLiteral("384000 Hz")));
        QVERIFY(probeAudioBuffer(makeWav(0.2, 440.0, 192000, 2)).ok()); // the limit itself
    }

    void wavFromMemory()
    {
        auto info = probeAudioBuffer(m_wav);
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
        QCOMPARE(info->container, QStringLiteral("wav"));
        QCOMPARE(info->codec, QStringLiteral("pcm_s16le"));
        QCOMPARE(info->sampleRate, 44100);
        QCOMPARE(info->channels, 2);
        QVERIFY(qAbs(info->durationSec - 2.0) < 0.01);
    }

    void formats_data()
    {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QString>("codec");
        QTest::addRow("flac") << "flac"
                              << "flac";
        QTest::addRow("mp3") << "mp3"
                             << "mp3float";
        QTest::addRow("ogg vorbis") << "ogg"
                                    << "vorbis";
        QTest::addRow("opus") << "opus"
                              << "opus";
        QTest::addRow("aac in m4a") << "m4a"
                                    << "aac";
    }

    void formats()
    {
        QFETCH(QString, ext);
        QFETCH(QString, codec);
        const QString path = m_dir.filePath(QStringLiteral("tone.") + ext);
        const QString why = encodeWithFfmpeg(m_wav, path);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        auto fromFile = probeAudioFile(path);
        QVERIFY2(fromFile.ok(), qPrintable(fromFile.ok() ? QString() : fromFile.error().message));
        QCOMPARE(fromFile->codec, codec);
        QVERIFY(fromFile->channels >= 1);
        QVERIFY2(qAbs(fromFile->durationSec - 2.0) < 0.2,
                 qPrintable(QString::number(fromFile->durationSec)));
        auto fromMemory = probeAudioBuffer(readFile(path));
        QVERIFY(fromMemory.ok());
        QCOMPARE(fromMemory->codec, codec);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("text") << QByteArray("hello, I am definitely a song\n").repeated(100);
        QTest::addRow("json") << QByteArray(R"({"title": "not audio"})");
        QTest::addRow("png header")
            << QByteArray::fromHex("89504e470d0a1a0a0000000d49484452").repeated(20);
        QTest::addRow("random bytes") << QByteArray::fromHex("deadbeefcafebabe").repeated(5000);
        QTest::addRow("wav header only") << makeWav(1.0).left(44);
        QTest::addRow("riff garbage")
            << (QByteArray("RIFF\x10\x00\x00\x00WAVEfmt ", 16) + QByteArray(40, '\xff'));
    }

    void refusals()
    {
        QFETCH(QByteArray, data);
        auto info = probeAudioBuffer(data);
        QVERIFY(!info.ok());
        QCOMPARE(info.error().kind, ErrorKind::UnsupportedMedia);
        QCOMPARE(info.error().code, QStringLiteral("not_audio"));
        QVERIFY(!info.error().message.isEmpty());
    }

    void truncatedFileStillNamesItsAudio()
    {
        // A WAV cut mid-data decodes what is there: sanity checks of full length belong to
        // ingestion; the probe must neither crash nor hang.
        auto info = probeAudioBuffer(m_wav.left(m_wav.size() / 3));
        QVERIFY(info.ok());
        QCOMPARE(info->sampleRate, 44100);
    }

    void missingFile()
    {
        auto info = probeAudioFile(m_dir.filePath(QStringLiteral("nope.wav")));
        QVERIFY(!info.ok());
        QCOMPARE(info.error().code, QStringLiteral("not_audio"));
    }

    void decodeResamplesToMonoAndKeepsPitch()
    {
        DecodeOptions o;
        o.outputRate = 8000;
        auto a = decodeAudioBuffer(makeWav(2.0, 1000.0, 44100, 2), o);
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().message));
        QCOMPARE(a->channels, 1);
        QCOMPARE(a->sampleRate, 8000);
        QVERIFY2(qAbs(qint64(a->samples.size()) - 16000) <= 16,
                 qPrintable(QString::number(a->samples.size())));
        QVERIFY(qAbs(zeroCrossingHz(a->samples, 8000) - 1000.0) < 10.0);
        QVERIFY(!a->stats.truncated);
        QCOMPARE(a->stats.badPackets, 0);
    }

    void stereoAndLimits()
    {
        DecodeOptions o;
        o.mono = false;
        o.maxSeconds = 0.5;
        auto a = decodeAudioBuffer(m_wav, o);
        QVERIFY(a.ok());
        QCOMPARE(a->channels, 2);
        QCOMPARE(qint64(a->samples.size()), qint64(2 * 22050));
        QCOMPARE(a->stats.frames, qint64(22050));
    }

    void decodeEachFormat_data() { formats_data(); }

    void decodeEachFormat()
    {
        QFETCH(QString, ext);
        const QString path = m_dir.filePath(QStringLiteral("tone.") + ext);
        if (!QFileInfo::exists(path))
            QVERIFY(encodeWithFfmpeg(m_wav, path).isEmpty());
        DecodeOptions o;
        o.outputRate = 11025;
        auto a = decodeAudioFile(path, o);
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().message));
        QVERIFY2(qAbs(a->stats.decodedSec() - 2.0) < 0.1,
                 qPrintable(QString::number(a->stats.decodedSec())));
        QVERIFY2(qAbs(zeroCrossingHz(a->samples, 11025) - 440.0) < 5.0,
                 qPrintable(QString::number(zeroCrossingHz(a->samples, 11025))));
    }

    void truncationIsReported()
    {
        const QString flac = m_dir.filePath(QStringLiteral("long.flac"));
        QVERIFY(encodeWithFfmpeg(makeWav(6.0), flac).isEmpty());
        const QByteArray whole = readFile(flac);
        auto cut = decodeAudioBuffer(whole.left(whole.size() / 2));
        QVERIFY(cut.ok());
        QVERIFY(cut->stats.truncated);
        QVERIFY(cut->stats.decodedSec() < 4.0);
        auto full = decodeAudioBuffer(whole);
        QVERIFY(full.ok());
        QVERIFY(!full->stats.truncated);
    }

    // A fixed-seed corpus of broken files (bit flips, overwritten blocks, truncations) for every
    // format: each decode ends with a value or a known error, never a crash or a hang.
    void brokenFilesCorpus_data() { formats_data(); }

    void brokenFilesCorpus()
    {
        QFETCH(QString, ext);
        const QString path = m_dir.filePath(QStringLiteral("tone.") + ext);
        if (!QFileInfo::exists(path))
            QVERIFY(encodeWithFfmpeg(m_wav, path).isEmpty());
        const QByteArray good = readFile(path);
        QRandomGenerator rng(1234);
        const QStringList known{QStringLiteral("not_audio"), QStringLiteral("corrupt_audio"),
                                QStringLiteral("empty_audio")};
        int ok = 0, refused = 0;
        for (int i = 0; i < 60; ++i) {
            QByteArray bad = good;
            switch (i % 3) {
            case 0:
                for (int k = 0; k < 1 + i; ++k)
                    bad[int(rng.bounded(bad.size()))] = char(rng.bounded(256));
                break;
            case 1: {
                const int at = int(rng.bounded(bad.size()));
                for (int k = at; k < qMin(bad.size(), at + 512); ++k)
                    bad[k] = char(rng.bounded(256));
                break;
            }
            default: bad.truncate(int(rng.bounded(bad.size())));
            }
            DecodeOptions o;
            o.timeoutMs = 10000;
            auto r = decodeAudioBuffer(bad, o);
            if (r.ok())
                ++ok;
            else {
                QVERIFY2(known.contains(r.error().code), qPrintable(r.error().code));
                ++refused;
            }
        }
        QCOMPARE(ok + refused, 60);
    }

    // Regression (found by bench/decoder_fuzz): a stream whose channel count or sample rate
    // changes midway must be resampled with the new parameters, not read past its buffers.
    void parametersChangingMidStream_data()
    {
        QTest::addColumn<QStringList>("first");
        QTest::addColumn<QStringList>("second");
        QTest::addRow("mono then stereo")
            << QStringList{QStringLiteral("-ac"), QStringLiteral("1")}
            << QStringList{QStringLiteral("-ac"), QStringLiteral("2")};
        QTest::addRow("stereo then mono")
            << QStringList{QStringLiteral("-ac"), QStringLiteral("2")}
            << QStringList{QStringLiteral("-ac"), QStringLiteral("1")};
        QTest::addRow("44.1 then 22.05 kHz")
            << QStringList{QStringLiteral("-ar"), QStringLiteral("44100")}
            << QStringList{QStringLiteral("-ar"), QStringLiteral("22050")};
    }

    void parametersChangingMidStream()
    {
        QFETCH(QStringList, first);
        QFETCH(QStringList, second);
        const QString a = m_dir.filePath(QStringLiteral("a.mp3")),
                      b = m_dir.filePath(QStringLiteral("b.mp3"));
        QVERIFY(encodeWithFfmpeg(makeWav(2.0, 440.0), a, first).isEmpty());
        QVERIFY(encodeWithFfmpeg(makeWav(2.0, 660.0), b, second).isEmpty());
        for (bool mono : {true, false}) {
            DecodeOptions o;
            o.outputRate = 11025;
            o.mono = mono;
            auto r = decodeAudioBuffer(readFile(a) + readFile(b), o);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QVERIFY2(qAbs(r->stats.decodedSec() - 4.0) < 0.3,
                     qPrintable(QString::number(r->stats.decodedSec())));
            QCOMPARE(r->channels, mono ? 1 : r->info.channels);
            QCOMPARE(qint64(r->samples.size()), r->stats.frames * r->channels);
        }
    }

    // openDevice reads through the same AVIO path as openBuffer: a QFile, and a window onto the
    // middle of a bigger file, decode to exactly the samples of the bytes themselves.
    void decodeFromDevices_data() { formats_data(); }

    void decodeFromDevices()
    {
        QFETCH(QString, ext);
        const QString path = m_dir.filePath(QStringLiteral("tone.") + ext);
        if (!QFileInfo::exists(path))
            QVERIFY(encodeWithFfmpeg(m_wav, path).isEmpty());
        const QByteArray bytes = readFile(path);
        DecodeOptions o;
        o.outputRate = 11025;
        auto expected = decodeAudioBuffer(bytes, o);
        QVERIFY(expected.ok());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto info = probeAudioDevice(&file);
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
        QCOMPARE(info->codec, expected->info.codec);
        QCOMPARE(info->durationSec, expected->info.durationSec);
        auto fromFile = decodeAudioDevice(&file, o);
        QVERIFY2(fromFile.ok(), qPrintable(fromFile.ok() ? QString() : fromFile.error().message));
        QCOMPARE(fromFile->samples, expected->samples);

        const QByteArray junk = QByteArray("not audio at all ").repeated(300);
        const QString padded = m_dir.filePath(QStringLiteral("padded-") + ext + ".bin");
        QVERIFY(writeFile(padded, junk + bytes + junk));
        QFile outer(padded);
        QVERIFY(outer.open(QIODevice::ReadOnly));
        WindowDevice window(&outer, junk.size(), bytes.size());
        QVERIFY(window.open(QIODevice::ReadOnly));
        auto fromWindow = decodeAudioDevice(&window, o);
        QVERIFY2(fromWindow.ok(),
                 qPrintable(fromWindow.ok() ? QString() : fromWindow.error().message));
        QCOMPARE(fromWindow->info.codec, expected->info.codec);
        QCOMPARE(fromWindow->samples, expected->samples);
    }

    void unusableDevices()
    {
        QBuffer closed;
        closed.setData(m_wav);
        auto notOpen = probeAudioDevice(&closed);
        QVERIFY(!notOpen.ok());
        QCOMPARE(notOpen.error().code, QStringLiteral("device_not_readable"));

        SequentialDevice stream;
        stream.setData(m_wav);
        QVERIFY(stream.open(QIODevice::ReadOnly));
        auto sequential = probeAudioDevice(&stream);
        QVERIFY(!sequential.ok());
        QCOMPARE(sequential.error().code, QStringLiteral("device_not_seekable"));

        QBuffer empty;
        QVERIFY(empty.open(QIODevice::ReadOnly));
        auto nothing = probeAudioDevice(&empty);
        QVERIFY(!nothing.ok());
        QCOMPARE(nothing.error().code, QStringLiteral("not_audio"));

        QBuffer garbage;
        garbage.setData(QByteArray::fromHex("deadbeefcafebabe").repeated(5000));
        QVERIFY(garbage.open(QIODevice::ReadOnly));
        auto refused = decodeAudioDevice(&garbage);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("not_audio"));
    }

    // The duration bomb: 20 minutes whose header declares 10 s. With a cap the decoder stops
    // at the cap, reports what it decoded (never the header's figure) and has read only the
    // start of the file.
    void durationBombStopsAtTheCap()
    {
        const QString path = m_dir.filePath(QStringLiteral("bomb.mka"));
        const QString why = makeDurationBomb(path, 20, 10.0);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        auto info = probeAudioFile(path);
        QVERIFY(info.ok());
        QVERIFY2(qAbs(info->durationSec - 10.0) < 0.5,
                 qPrintable(QString::number(info->durationSec)));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        AudioDecoder dec;
        QVERIFY(dec.openDevice(&file).ok());
        DecodeOptions o;
        o.outputRate = 11025;
        o.maxDecodeSeconds = 90;
        qint64 delivered = 0;
        auto r = dec.decode(o, [&](const float *, int frames) { delivered += frames; });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("audio_too_long"));
        QCOMPARE(r.error().kind, ErrorKind::Unprocessable);
        QCOMPARE(delivered, qint64(90 * 11025)); // exactly up to the cap, not a frame more
        QVERIFY2(r.error().message.contains(QStringLiteral("more than 90.0 s decoded")),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QStringLiteral("declares 10.0 s")),
                 qPrintable(r.error().message));
        QVERIFY2(file.pos() < file.size() / 4, qPrintable(QString::number(file.pos())));

        // Without the cap it really holds 20 minutes (what an uncapped decode would chew).
        DecodeOptions all;
        all.outputRate = 8000;
        AudioDecoder whole;
        QVERIFY(whole.openFile(path).ok());
        auto full = whole.decode(all, [](const float *, int) {});
        QVERIFY(full.ok());
        QVERIFY2(qAbs(full->decodedSec() - 1200.0) < 1.0,
                 qPrintable(QString::number(full->decodedSec())));
    }

    void cpuBudgetStopsTheDecode()
    {
        const QString path = m_dir.filePath(QStringLiteral("bomb.mka"));
        if (!QFileInfo::exists(path))
            QVERIFY(makeDurationBomb(path, 20, 10.0).isEmpty());
        const CpuBudget budget(0.02);
        AudioDecoder dec;
        QVERIFY(dec.openFile(path).ok());
        DecodeOptions o;
        o.cpuBudget = &budget;
        qint64 delivered = 0;
        auto r = dec.decode(o, [&](const float *, int frames) { delivered += frames; });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("cpu_budget_exceeded"));
        QVERIFY2(r.error().message.contains(QStringLiteral("budget of 0.020 s")),
                 qPrintable(r.error().message));
        QVERIFY(budget.exceeded());
        QVERIFY(delivered > 0);
        QVERIFY(delivered < qint64(1200) * 48000); // it stopped before the end
    }

    void cpuBudgetCountsThisThreadOnly()
    {
        CpuBudget unlimited;
        QVERIFY(unlimited.check(QStringLiteral("anything")).ok());
        CpuBudget budget(0.01);
        QVERIFY(budget.check(QStringLiteral("start")).ok());
        volatile double x = 0;
        while (!budget.exceeded())
            for (int i = 0; i < 100000; ++i)
                x = x + std::sqrt(double(i));
        auto spent = budget.check(QStringLiteral("a busy loop"));
        QVERIFY(!spent.ok());
        QCOMPARE(spent.error().code, QStringLiteral("cpu_budget_exceeded"));
        QVERIFY(spent.error().message.contains(QStringLiteral("a busy loop")));
        QVERIFY(budget.usedSec() > 0.01);
        // Time spent waiting is not CPU time.
        CpuBudget idle(0.05);
        QThread::msleep(100);
        QVERIFY(idle.check(QStringLiteral("waiting")).ok());
    }

    void unicodeFileName()
    {
        const QString path = m_dir.filePath(QStringLiteral("Ünïcødé 曲.wav"));
        QVERIFY(writeFile(path, m_wav));
        QVERIFY(probeAudioFile(path).ok());
    }
};

QTEST_GUILESS_MAIN(AudioDecoderTest)
#include "audio_decoder_test.moc"
