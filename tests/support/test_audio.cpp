#include "test_audio.h"

#include "test_signals.h"

#include "core/audio/audio_decoder.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QtEndian>

#include <cmath>
#include <cstring>

namespace lemm::test {

namespace {
void put32(QByteArray &b, quint32 v)
{
    uchar x[4];
    qToLittleEndian(v, x);
    b.append(reinterpret_cast<const char *>(x), 4);
}
void put16(QByteArray &b, quint16 v)
{
    uchar x[2];
    qToLittleEndian(v, x);
    b.append(reinterpret_cast<const char *>(x), 2);
}
} // namespace

QByteArray makeWav(double seconds, double frequencyHz, int sampleRate, int channels)
{
    const int frames = int(seconds * sampleRate);
    const quint32 dataBytes = quint32(frames * channels * 2);
    QByteArray b;
    b.reserve(int(44 + dataBytes));
    b.append("RIFF");
    put32(b, 36 + dataBytes);
    b.append("WAVEfmt ");
    put32(b, 16);
    put16(b, 1);
    put16(b, quint16(channels));
    put32(b, quint32(sampleRate));
    put32(b, quint32(sampleRate * channels * 2));
    put16(b, quint16(channels * 2));
    put16(b, 16);
    b.append("data");
    put32(b, dataBytes);
    for (int i = 0; i < frames; ++i) {
        const qint16 s =
            qint16(std::lround(16383.0 * std::sin(2 * M_PI * frequencyHz * i / sampleRate)));
        for (int c = 0; c < channels; ++c)
            put16(b, quint16(s));
    }
    return b;
}

QString encodeWithFfmpeg(const QByteArray &wav, const QString &path, const QStringList &outputArgs)
{
    QTemporaryFile in;
    in.setFileTemplate(path + QStringLiteral(".XXXXXX.wav"));
    if (!in.open() || in.write(wav) != wav.size() || !in.flush())
        return QStringLiteral("cannot write temporary WAV");
    QProcess p;
    QStringList args{QStringLiteral("-nostdin"), QStringLiteral("-loglevel"),
                     QStringLiteral("error"),    QStringLiteral("-y"),
                     QStringLiteral("-i"),       in.fileName()};
    args << outputArgs << path;
    p.start(QStringLiteral("ffmpeg"), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("ffmpeg failed: ") +
               QString::fromLocal8Bit(p.readAllStandardError()) + p.errorString();
    return {};
}

std::vector<float> throughFfmpeg(const std::vector<float> &mono, int rate, const QString &path,
                                 const QStringList &outputArgs, int decodeRate)
{
    if (!encodeWithFfmpeg(wavFromFloat(mono, rate), path, outputArgs).isEmpty())
        return {};
    core::DecodeOptions o;
    o.outputRate = decodeRate;
    auto d = core::decodeAudioFile(path, o);
    return d.ok() ? d->samples : std::vector<float>{};
}

namespace {
QString runFfmpeg(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("ffmpeg"),
            QStringList{QStringLiteral("-nostdin"), QStringLiteral("-loglevel"),
                        QStringLiteral("error"), QStringLiteral("-y")}
                << args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("ffmpeg failed: ") +
               QString::fromLocal8Bit(p.readAllStandardError()) + p.errorString();
    return {};
}
} // namespace

QString makeDurationBomb(const QString &path, int realMinutes, double declaredSeconds)
{
    const QString minute = path + QStringLiteral(".minute.mka");
    if (const QString why = runFfmpeg(
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
             QStringLiteral("sine=f=440:beep_factor=4:r=48000:d=60"), QStringLiteral("-c:a"),
             QStringLiteral("libopus"), QStringLiteral("-b:a"), QStringLiteral("6k"), minute});
        !why.isEmpty())
        return why;
    const QString looped = path + QStringLiteral(".looped.mka");
    if (const QString why = runFfmpeg(
            {QStringLiteral("-stream_loop"), QString::number(realMinutes - 1), QStringLiteral("-i"),
             minute, QStringLiteral("-c"), QStringLiteral("copy"), looped});
        !why.isEmpty())
        return why;
    QByteArray mka = readFile(looped);
    QFile::remove(minute);
    QFile::remove(looped);
    // Segment Info > Duration: ID 0x4489, size 8, big-endian double in TimecodeScale units
    // (FFmpeg's muxer writes 1 ms).
    const qsizetype at = mka.indexOf(QByteArray::fromHex("448988"));
    if (at < 0)
        return QStringLiteral("no Segment Duration element");
    const double ms = declaredSeconds * 1000.0;
    quint64 bits;
    memcpy(&bits, &ms, sizeof bits);
    for (int i = 0; i < 8; ++i)
        mka[at + 3 + i] = char((bits >> (56 - 8 * i)) & 0xff);
    // The DURATION tag, HH:MM:SS.nnnnnnnnn, rewritten in place (same length).
    static const QRegularExpression tag(
        QStringLiteral("DURATION.{1,4}(\\d\\d:\\d\\d:\\d\\d\\.\\d{9})"),
        QRegularExpression::DotMatchesEverythingOption);
    const QString latin = QString::fromLatin1(mka);
    const auto m = tag.match(latin);
    if (m.hasMatch()) {
        const int s = int(declaredSeconds);
        const QByteArray text = QStringLiteral("%1:%2:%3.000000000")
                                    .arg(s / 3600, 2, 10, QLatin1Char('0'))
                                    .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                                    .arg(s % 60, 2, 10, QLatin1Char('0'))
                                    .toLatin1();
        mka.replace(m.capturedStart(1), text.size(), text);
    }
    return writeFile(path, mka) ? QString() : QStringLiteral("cannot write ") + path;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace lemm::test
