#include "core/audio/review_audio.h"

#include "core/audio/audio_decoder.h"

#include <QDataStream>
#include <QIODevice>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/frame.h>
}

#include <algorithm>
#include <cmath>
#include <memory>

namespace lemm::core {

namespace {

int8_t quantise(float x)
{
    return int8_t(std::clamp(std::lround(double(x) * 127.0), -127l, 127l));
}

Error encoderError(const QString &what)
{
    return Error::make(ErrorKind::Internal, QStringLiteral("preview_encoder"), what);
}

struct CodecContextDeleter {
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketDeleter {
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};

} // namespace

PeakEnvelope PeakEnvelope::resampled(int buckets, double fromSec, double toSec) const
{
    PeakEnvelope out;
    out.sampleRate = sampleRate;
    const qint64 n = qint64(mins.size());
    if (buckets <= 0 || n == 0 || sampleRate <= 0)
        return out;
    const double spp = secondsPerPeak();
    const qint64 first = std::clamp(qint64(std::floor(fromSec / spp)), qint64(0), n);
    const qint64 last =
        toSec > 0 ? std::clamp(qint64(std::ceil(toSec / spp)), first, n) : n; // exclusive
    const qint64 span = last - first;
    if (span <= 0)
        return out;
    const int count = int(std::min<qint64>(buckets, span));
    out.block = int(std::lround(double(block) * double(span) / count));
    out.mins.resize(size_t(count));
    out.maxs.resize(size_t(count));
    for (int b = 0; b < count; ++b) {
        const qint64 lo = first + span * b / count;
        const qint64 hi = std::max(lo + 1, first + span * (b + 1) / count);
        int8_t mn = 127, mx = -127;
        for (qint64 i = lo; i < hi; ++i) {
            mn = std::min(mn, mins[size_t(i)]);
            mx = std::max(mx, maxs[size_t(i)]);
        }
        out.mins[size_t(b)] = mn;
        out.maxs[size_t(b)] = mx;
    }
    return out;
}

QByteArray PeakEnvelope::serialize() const
{
    QByteArray out("LVPK1", 6);
    QDataStream s(&out, QIODevice::Append);
    s.setByteOrder(QDataStream::LittleEndian);
    s << quint32(sampleRate) << quint32(block) << quint32(mins.size());
    for (size_t i = 0; i < mins.size(); ++i)
        s << qint8(mins[i]) << qint8(maxs[i]);
    return out;
}

Result<PeakEnvelope> PeakEnvelope::deserialize(const QByteArray &bytes)
{
    auto bad = [] {
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("bad_peaks"),
                           QStringLiteral("not a peak envelope"));
    };
    if (bytes.size() < 18 || !bytes.startsWith(QByteArray("LVPK1", 6)))
        return bad();
    QDataStream s(bytes.mid(6));
    s.setByteOrder(QDataStream::LittleEndian);
    quint32 rate = 0, block = 0, count = 0;
    s >> rate >> block >> count;
    if (qint64(count) * 2 != bytes.size() - 18 || rate == 0 || block == 0)
        return bad();
    PeakEnvelope e;
    e.sampleRate = int(rate);
    e.block = int(block);
    e.mins.resize(count);
    e.maxs.resize(count);
    for (quint32 i = 0; i < count; ++i) {
        qint8 mn, mx;
        s >> mn >> mx;
        e.mins[i] = mn;
        e.maxs[i] = mx;
    }
    return e;
}

PeakBuilder::PeakBuilder(int sampleRate, int block)
{
    m_env.sampleRate = sampleRate;
    m_env.block = block;
}

void PeakBuilder::feed(const float *mono, int frames)
{
    for (int i = 0; i < frames; ++i) {
        const float x = mono[i];
        if (m_fill == 0) {
            m_min = m_max = x;
        } else {
            m_min = std::min(m_min, x);
            m_max = std::max(m_max, x);
        }
        if (++m_fill == m_env.block) {
            m_env.mins.push_back(quantise(m_min));
            m_env.maxs.push_back(quantise(m_max));
            m_fill = 0;
        }
    }
}

PeakEnvelope PeakBuilder::finish()
{
    if (m_fill > 0) {
        m_env.mins.push_back(quantise(m_min));
        m_env.maxs.push_back(quantise(m_max));
        m_fill = 0;
    }
    return std::move(m_env);
}

Result<QByteArray> encodeMp3(const std::vector<float> &mono, int sampleRate, int bitrateKbps)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("libmp3lame");
    if (!codec)
        return encoderError(QStringLiteral("this FFmpeg has no MP3 encoder (libmp3lame)"));
    std::unique_ptr<AVCodecContext, CodecContextDeleter> ctx(avcodec_alloc_context3(codec));
    if (!ctx)
        return encoderError(QStringLiteral("out of memory"));
    ctx->sample_fmt = AV_SAMPLE_FMT_FLTP;
    ctx->sample_rate = sampleRate;
    ctx->bit_rate = qint64(bitrateKbps) * 1000;
    av_channel_layout_default(&ctx->ch_layout, 1);
    if (avcodec_open2(ctx.get(), codec, nullptr) < 0)
        return encoderError(QStringLiteral("cannot open the MP3 encoder at %1 Hz, %2 kbit/s")
                                .arg(sampleRate)
                                .arg(bitrateKbps));
    std::unique_ptr<AVFrame, FrameDeleter> frame(av_frame_alloc());
    std::unique_ptr<AVPacket, PacketDeleter> pkt(av_packet_alloc());
    if (!frame || !pkt)
        return encoderError(QStringLiteral("out of memory"));
    QByteArray out;
    auto drain = [&]() -> bool {
        for (;;) {
            const int r = avcodec_receive_packet(ctx.get(), pkt.get());
            if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
                return true;
            if (r < 0)
                return false;
            out.append(reinterpret_cast<const char *>(pkt->data), pkt->size);
            av_packet_unref(pkt.get());
        }
    };
    const int frameSize = ctx->frame_size > 0 ? ctx->frame_size : 1152;
    for (size_t pos = 0; pos < mono.size(); pos += size_t(frameSize)) {
        const int n = int(std::min(mono.size() - pos, size_t(frameSize)));
        av_frame_unref(frame.get());
        frame->nb_samples = n;
        frame->format = AV_SAMPLE_FMT_FLTP;
        frame->sample_rate = sampleRate;
        av_channel_layout_copy(&frame->ch_layout, &ctx->ch_layout);
        if (av_frame_get_buffer(frame.get(), 0) < 0)
            return encoderError(QStringLiteral("out of memory"));
        std::copy_n(mono.data() + pos, n, reinterpret_cast<float *>(frame->data[0]));
        if (avcodec_send_frame(ctx.get(), frame.get()) < 0 || !drain())
            return encoderError(QStringLiteral("the MP3 encoder failed"));
    }
    if (avcodec_send_frame(ctx.get(), nullptr) < 0 || !drain())
        return encoderError(QStringLiteral("the MP3 encoder failed while flushing"));
    return out;
}

Result<QByteArray> makePreviewMp3(const QByteArray &audio, double startSec, double durationSec,
                                  int bitrateKbps)
{
    const int rate = bitrateKbps <= 64 ? 22050 : 44100;
    DecodeOptions o;
    o.outputRate = rate;
    o.mono = true;
    o.maxSeconds = startSec + durationSec;
    const qint64 skip = qint64(std::llround(startSec * rate));
    const qint64 want = qint64(std::llround(durationSec * rate));
    std::vector<float> pcm;
    pcm.reserve(size_t(want));
    qint64 seen = 0;
    AudioDecoder dec;
    auto opened = dec.openBuffer(audio);
    if (!opened)
        return opened.error();
    auto stats = dec.decode(o, [&](const float *x, int frames) {
        for (int i = 0; i < frames; ++i, ++seen)
            if (seen >= skip && qint64(pcm.size()) < want)
                pcm.push_back(x[i]);
    });
    if (!stats)
        return stats.error();
    if (pcm.empty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("preview_out_of_range"),
                           QStringLiteral("the preview starts after the end of the track (%1 s)")
                               .arg(double(seen) / rate, 0, 'f', 1));
    return encodeMp3(pcm, rate, bitrateKbps);
}

} // namespace lemm::core
