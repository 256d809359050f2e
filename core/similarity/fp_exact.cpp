#include "core/similarity/fp_exact.h"

#include <chromaprint.h>
#include <sodium.h>

#include <QByteArray>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace lemm::core {

namespace {

// Chromaprint contexts may not be created or freed concurrently when the library uses FFTW.
std::mutex g_contextLock;

struct ContextFreer {
    void operator()(ChromaprintContext *c) const
    {
        std::lock_guard lock(g_contextLock);
        chromaprint_free(c);
    }
};

Error fpError(const QString &what)
{
    return Error::make(ErrorKind::Unprocessable, QStringLiteral("fingerprint_failed"), what);
}

QString hex128(const void *data, size_t size, crypto_generichash_state *state = nullptr)
{
    unsigned char out[16];
    if (state)
        crypto_generichash_final(state, out, sizeof out);
    else
        crypto_generichash(out, sizeof out, static_cast<const unsigned char *>(data), size, nullptr,
                           0);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), sizeof out).toHex());
}

} // namespace

struct ExactFingerprinter::Impl {
    std::unique_ptr<ChromaprintContext, ContextFreer> ctx;
    crypto_generichash_state pcmHash;
    std::vector<int16_t> buf;
    qint64 frames = 0;
    int peak = 0; // largest |sample| seen, 16-bit
    bool ok = true;
};

ExactFingerprinter::ExactFingerprinter() : d(std::make_unique<Impl>())
{
    if (sodium_init() < 0)
        d->ok = false;
    {
        std::lock_guard lock(g_contextLock);
        d->ctx.reset(chromaprint_new(CHROMAPRINT_ALGORITHM_DEFAULT));
    }
    d->ok = d->ok && d->ctx && chromaprint_start(d->ctx.get(), kRate, 1) == 1;
    crypto_generichash_init(&d->pcmHash, nullptr, 0, 16);
}

ExactFingerprinter::~ExactFingerprinter() = default;

void ExactFingerprinter::feed(const float *mono, int frames)
{
    if (!d->ok || frames <= 0)
        return;
    d->buf.resize(size_t(frames));
    for (int i = 0; i < frames; ++i) {
        d->buf[size_t(i)] = int16_t(std::clamp(std::lrint(mono[i] * 32768.0f), -32768l, 32767l));
        d->peak = std::max(d->peak, std::abs(int(d->buf[size_t(i)])));
    }
    crypto_generichash_update(&d->pcmHash, reinterpret_cast<const unsigned char *>(d->buf.data()),
                              d->buf.size() * sizeof(int16_t));
    if (chromaprint_feed(d->ctx.get(), d->buf.data(), frames) != 1)
        d->ok = false;
    d->frames += frames;
}

Result<ExactFingerprint> ExactFingerprinter::finish()
{
    if (!d->ok)
        return fpError(QStringLiteral("Chromaprint rejected the audio"));
    if (chromaprint_finish(d->ctx.get()) != 1)
        return fpError(QStringLiteral("Chromaprint could not finish the fingerprint"));
    ExactFingerprint fp;
    uint32_t *raw = nullptr;
    int size = 0;
    if (chromaprint_get_raw_fingerprint(d->ctx.get(), &raw, &size) != 1)
        return fpError(QStringLiteral("the audio is too short for a Chromaprint fingerprint"));
    fp.raw.assign(raw, raw + size);
    chromaprint_dealloc(raw);
    char *encoded = nullptr;
    int encodedSize = 0;
    if (size > 0 && chromaprint_get_fingerprint(d->ctx.get(), &encoded) == 1) {
        fp.encoded = QString::fromLatin1(encoded);
        chromaprint_dealloc(encoded);
    }
    (void)encodedSize;
    if (size > 0)
        chromaprint_hash_fingerprint(fp.raw.data(), size, &fp.simhash);
    fp.pcmKey = hex128(nullptr, 0, &d->pcmHash);
    // Stationary audio (silence, a held tone) gives a near-constant fingerprint that many
    // unrelated files share: such a fingerprint gets no key, so it cannot claim a duplicate.
    std::vector<uint32_t> distinct = fp.raw;
    std::sort(distinct.begin(), distinct.end());
    const size_t unique = size_t(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
    if (unique >= std::max<size_t>(8, fp.raw.size() / 10))
        fp.fingerprintKey = hex128(fp.raw.data(), fp.raw.size() * sizeof(uint32_t));
    // Silence (every sample below -60 dBFS) is nobody's work: two silent files of one length
    // have the same PCM, but neither copies the other. No keys.
    if (d->peak < ExactFingerprinter::kSilencePeak) {
        fp.pcmKey.clear();
        fp.fingerprintKey.clear();
    }
    fp.durationSec = double(d->frames) / kRate;
    if (fp.raw.empty())
        return fpError(QStringLiteral("the audio is too short for a Chromaprint fingerprint"));
    return fp;
}

Result<std::vector<uint32_t>> decodeChromaprint(const QString &encoded)
{
    const QByteArray in = encoded.toLatin1();
    uint32_t *raw = nullptr;
    int size = 0;
    int algorithm = 0;
    if (chromaprint_decode_fingerprint(in.constData(), int(in.size()), &raw, &size, &algorithm,
                                       1) != 1)
        return fpError(QStringLiteral("not a Chromaprint fingerprint"));
    std::vector<uint32_t> out(raw, raw + size);
    chromaprint_dealloc(raw);
    return out;
}

} // namespace lemm::core

namespace lemm::core {

Result<QString> encodeChromaprint(const std::vector<uint32_t> &raw)
{
    char *encoded = nullptr;
    int size = 0;
    std::vector<uint32_t> copy = raw; // the C API takes a non-const pointer
    if (raw.empty() ||
        chromaprint_encode_fingerprint(copy.data(), int(copy.size()), CHROMAPRINT_ALGORITHM_DEFAULT,
                                       &encoded, &size, 1) != 1)
        return fpError(QStringLiteral("cannot encode the fingerprint"));
    QString out = QString::fromLatin1(encoded, size);
    chromaprint_dealloc(encoded);
    return out;
}

} // namespace lemm::core
