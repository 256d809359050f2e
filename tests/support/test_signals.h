#pragma once
// Synthetic music-like signals for fingerprint tests: note sequences with harmonics, so that
// spectral peaks move in time and frequency the way melodies do.

#include <QByteArray>

#include <cstdint>
#include <vector>

namespace lemm::test {

// Mono float PCM: `seconds` of a random melody (seeded) of notes with 3 harmonics, notes of
// 0.15-0.5 s, over a soft noise floor.
std::vector<float> melody(double seconds, int sampleRate, uint32_t seed);

// 16-bit PCM WAV from mono float samples.
QByteArray wavFromFloat(const std::vector<float> &mono, int sampleRate);

} // namespace lemm::test
