#pragma once
// fp_exact (spec §3.2): the Chromaprint fingerprint, computed with the library (not fpcalc),
// and the exact-duplicate keys of the hash-table index: a hash of the decoded PCM and a hash
// of the fingerprint. A streaming consumer stage: feed() mono float PCM at kRate in blocks,
// then finish(). One instance per track; instances are independent across threads.

#include "core/base/result.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace lemm::core {

struct ExactFingerprint {
    std::vector<uint32_t> raw; // Chromaprint raw fingerprint (one 32-bit item per ~0.124 s)
    QString encoded;           // Chromaprint's compressed base64 form (AcoustID's format)
    QString pcmKey;            // hex BLAKE2b-128 of the decoded 16-bit PCM at kRate; empty for
                               // silence (peak below kSilencePeak)
    QString fingerprintKey;    // hex BLAKE2b-128 of the raw fingerprint items
    uint32_t simhash = 0;      // chromaprint_hash_fingerprint: 32-bit similarity hash
    double durationSec = 0;

    // Seconds of audio per raw item (Chromaprint's default algorithm).
    static constexpr double kItemSeconds = 4096.0 / 3.0 / 11025.0;
};

// Decodes an encoded (compressed base64) Chromaprint fingerprint back to raw items.
Result<std::vector<uint32_t>> decodeChromaprint(const QString &encoded);
// The inverse: raw items to the compressed base64 form (e.g. a prefix of a fingerprint).
Result<QString> encodeChromaprint(const std::vector<uint32_t> &raw);

class ExactFingerprinter
{
public:
    static constexpr int kRate = 11025;     // Chromaprint's own analysis rate: no resampling inside
    static constexpr int kSilencePeak = 33; // 16-bit |sample|: -60 dBFS

    ExactFingerprinter();
    ~ExactFingerprinter();
    ExactFingerprinter(const ExactFingerprinter &) = delete;
    ExactFingerprinter &operator=(const ExactFingerprinter &) = delete;

    void feed(const float *mono, int frames);
    Result<ExactFingerprint> finish();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lemm::core
