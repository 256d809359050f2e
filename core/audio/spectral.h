#pragma once
// A streaming short-time Fourier transform stage shared by the feature extractors: feed()
// mono float PCM in blocks of any size; for every complete frame (Hann window of `fftSize`,
// advancing `hop` samples) the callback receives the power spectrum (fftSize / 2 + 1 bins).
// Owns its FFmpeg av_tx context and SIMD-aligned buffers. One instance per stream.

#include <functional>
#include <memory>
#include <vector>

namespace lemm::core {

class StftAnalyzer
{
public:
    using FrameSink = std::function<void(const float *power, int bins)>;

    StftAnalyzer(int fftSize, int hop, FrameSink sink);
    ~StftAnalyzer();
    StftAnalyzer(const StftAnalyzer &) = delete;
    StftAnalyzer &operator=(const StftAnalyzer &) = delete;

    bool ok() const;
    void feed(const float *mono, int frames);
    int bins() const { return m_fft / 2 + 1; }
    long framesDone() const { return m_framesDone; }

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    int m_fft;
    int m_hop;
    long m_framesDone = 0;
};

} // namespace lemm::core
