// FFmpeg probing: every accepted format made by ffmpeg in set-up, and every refusal path.
#include "core/audio_probe.h"

#include "support/test_audio.h"

#include <QTemporaryDir>
#include <QTest>

using namespace lemm::core;
using namespace lemm::test;

class AudioProbeTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QByteArray m_wav = makeWav(2.0, 440.0, 44100, 2);

private Q_SLOTS:
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

    void unicodeFileName()
    {
        const QString path = m_dir.filePath(QStringLiteral("Ünïcødé 曲.wav"));
        QVERIFY(writeFile(path, m_wav));
        QVERIFY(probeAudioFile(path).ok());
    }
};

QTEST_GUILESS_MAIN(AudioProbeTest)
#include "audio_probe_test.moc"
