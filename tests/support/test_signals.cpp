#include "test_signals.h"

#include <QRandomGenerator>
#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace lemm::test {

std::vector<float> melody(double seconds, int sampleRate, uint32_t seed)
{
    QRandomGenerator rng(seed);
    const size_t n = size_t(seconds * sampleRate);
    std::vector<float> out(n);
    size_t i = 0;
    double phase[3] = {0, 0, 0};
    while (i < n) {
        const double len = 0.15 + 0.35 * rng.generateDouble();
        const int midi = 48 + int(rng.bounded(36));
        const double f0 = 440.0 * std::pow(2.0, (midi - 69) / 12.0);
        const size_t end = std::min(n, i + size_t(len * sampleRate));
        const size_t start = i;
        for (; i < end; ++i) {
            const double t = double(i - start) / sampleRate;
            const double env = std::min(1.0, t * 50.0) * std::exp(-2.5 * t);
            double v = 0;
            for (int h = 0; h < 3; ++h) {
                phase[h] += 2 * M_PI * f0 * (h + 1) / sampleRate;
                v += std::sin(phase[h]) / (h + 1);
            }
            out[i] = float(0.45 * env * v + 0.01 * (rng.generateDouble() * 2 - 1));
        }
    }
    return out;
}

QByteArray wavFromFloat(const std::vector<float> &mono, int sampleRate)
{
    QByteArray b;
    auto put32 = [&](quint32 v) {
        uchar x[4];
        qToLittleEndian(v, x);
        b.append(reinterpret_cast<const char *>(x), 4);
    };
    auto put16 = [&](quint16 v) {
        uchar x[2];
        qToLittleEndian(v, x);
        b.append(reinterpret_cast<const char *>(x), 2);
    };
    const quint32 bytes = quint32(mono.size() * 2);
    b.append("RIFF");
    put32(36 + bytes);
    b.append("WAVEfmt ");
    put32(16);
    put16(1);
    put16(1);
    put32(quint32(sampleRate));
    put32(quint32(sampleRate * 2));
    put16(2);
    put16(16);
    b.append("data");
    put32(bytes);
    for (float s : mono)
        put16(quint16(qint16(std::clamp(std::lrint(s * 32767.0), -32768l, 32767l))));
    return b;
}

} // namespace lemm::test
