#pragma once
// Short synthetic audio for tests: a PCM WAV built in memory, and other formats made from it
// with the ffmpeg command-line tool.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace lemm::test {

// 16-bit PCM WAV of a sine tone (amplitude 0.5) with the given parameters.
QByteArray makeWav(double seconds, double frequencyHz = 440.0, int sampleRate = 44100,
                   int channels = 2);

// Encodes `wav` with ffmpeg into `path` (format from the extension, e.g. .flac, .mp3, .ogg,
// .opus, .m4a) with optional output options (e.g. -b:a 128k); returns an empty string on success or
// ffmpeg's complaint.
QString encodeWithFfmpeg(const QByteArray &wav, const QString &path,
                         const QStringList &outputArgs = {});

// Writes `mono` (at `rate`) as WAV, runs it through ffmpeg into `path` with `outputArgs`
// (a filter, a codec, a bitrate...), and decodes the result back to mono at `decodeRate`.
// Empty on failure.
std::vector<float> throughFfmpeg(const std::vector<float> &mono, int rate, const QString &path,
                                 const QStringList &outputArgs, int decodeRate);

// The duration bomb (issue 11): `realSeconds` of a beeping tone as 6 kbit/s Opus in Matroska
// (one minute encoded, then repeated packet for packet) whose header is rewritten to declare
// `declaredSeconds` (the Segment Duration element and the DURATION tag). Empty string on
// success, else what went wrong.
QString makeDurationBomb(const QString &path, int realMinutes, double declaredSeconds);

QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &data);

} // namespace lemm::test
