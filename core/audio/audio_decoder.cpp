#include "core/audio/audio_decoder.h"

#include "core/base/cpu_budget.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <QBuffer>
#include <QElapsedTimer>

#include <algorithm>
#include <cstring>

namespace lemm::core {

namespace {

struct FormatCloser {
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
struct CodecFreer {
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct PacketFreer {
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct FrameFreer {
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct SwrFreer {
    void operator()(SwrContext *s) const { swr_free(&s); }
};
struct AvioFreer {
    void operator()(AVIOContext *c) const
    {
        if (c)
            av_freep(&c->buffer);
        avio_context_free(&c);
    }
};

// Audio containers we accept; FFmpeg matches any name of a demuxer's comma list.
constexpr const char *kAudioDemuxers = "wav,w64,flac,mp3,ogg,mov,aac,aiff,matroska,caf";

Error tooLong(const DecodeStats &stats, double declaredSec)
{
    const QString declared =
        declaredSec > 0 ? QStringLiteral("the file declares %1 s").arg(declaredSec, 0, 'f', 1)
                        : QStringLiteral("the file declares no duration");
    return Error::make(ErrorKind::Unprocessable, QStringLiteral("audio_too_long"),
                       QStringLiteral("more than %1 s decoded; %2")
                           .arg(stats.decodedSec(), 0, 'f', 1)
                           .arg(declared));
}

Error notAudio(const QString &why)
{
    return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("not_audio"),
                       QStringLiteral("the file is not decodable audio: %1").arg(why));
}

QString avErr(int code)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return QString::fromLocal8Bit(buf);
}

// FFmpeg's read and seek callbacks over a seekable, open QIODevice (a file, a buffer, a
// window onto part of a file). The stream starts at the device's position 0.
struct DeviceReader {
    QIODevice *device = nullptr;

    static int read(void *opaque, uint8_t *buf, int size)
    {
        auto *self = static_cast<DeviceReader *>(opaque);
        const qint64 n = self->device->read(reinterpret_cast<char *>(buf), size);
        if (n < 0)
            return AVERROR(EIO);
        return n == 0 ? AVERROR_EOF : int(n);
    }
    static int64_t seek(void *opaque, int64_t offset, int whence)
    {
        auto *self = static_cast<DeviceReader *>(opaque);
        const qint64 size = self->device->size();
        switch (whence & ~AVSEEK_FORCE) {
        case AVSEEK_SIZE: return size;
        case SEEK_SET: break;
        case SEEK_CUR: offset += self->device->pos(); break;
        case SEEK_END: offset += size; break;
        default: return -1;
        }
        if (offset < 0 || offset > size || !self->device->seek(offset))
            return -1;
        return offset;
    }
};

// The CPU clock is read every this many packets (a syscall; packets are 2.5-120 ms).
constexpr int kCpuCheckPackets = 16;

} // namespace

double DecodeStats::decodedSec() const
{
    return outputRate > 0 ? double(frames) / outputRate : 0.0;
}

struct AudioDecoder::Impl {
    QBuffer ownBuffer; // openBuffer()'s device over the caller's bytes
    DeviceReader reader;
    std::unique_ptr<AVIOContext, AvioFreer> avio;
    std::unique_ptr<AVFormatContext, FormatCloser> fmt;
    std::unique_ptr<AVCodecContext, CodecFreer> codec;
    int stream = -1;
    AudioInfo info;
    QElapsedTimer clock;
    qint64 deadlineMs = 0;

    static int interrupt(void *opaque)
    {
        auto *self = static_cast<Impl *>(opaque);
        return self->deadlineMs > 0 && self->clock.elapsed() > self->deadlineMs ? 1 : 0;
    }

    Result<AudioInfo> open(const char *url)
    {
        av_log_set_level(AV_LOG_QUIET);
        AVFormatContext *raw = avformat_alloc_context();
        if (!raw)
            return notAudio(QStringLiteral("out of memory"));
        raw->pb = avio.get();
        raw->interrupt_callback = {&Impl::interrupt, this};
        clock.start();
        deadlineMs = 30000; // opening and probing
        AVDictionary *opts = nullptr;
        av_dict_set(&opts, "format_whitelist", kAudioDemuxers, 0);
        const int rc = avformat_open_input(&raw, url, nullptr, &opts);
        av_dict_free(&opts);
        if (rc < 0) // avformat_open_input frees the context on failure
            return notAudio(QStringLiteral("unrecognised format (%1)").arg(avErr(rc)));
        fmt.reset(raw);
        if (const int r = avformat_find_stream_info(fmt.get(), nullptr); r < 0)
            return notAudio(QStringLiteral("cannot read stream information (%1)").arg(avErr(r)));
        const AVCodec *decoder = nullptr;
        stream = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
        if (stream < 0 || !decoder)
            return notAudio(QStringLiteral("no decodable audio stream"));
        AVStream *st = fmt->streams[stream];
        codec.reset(avcodec_alloc_context3(decoder));
        if (!codec || avcodec_parameters_to_context(codec.get(), st->codecpar) < 0 ||
            avcodec_open2(codec.get(), decoder, nullptr) < 0)
            return notAudio(QStringLiteral("cannot open the %1 decoder")
                                .arg(QString::fromLatin1(decoder->name)));
        info.container = QString::fromLatin1(fmt->iformat->name);
        info.codec = QString::fromLatin1(decoder->name);
        info.sampleRate = codec->sample_rate;
        info.channels = codec->ch_layout.nb_channels;
        if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0)
            info.durationSec = double(fmt->duration) / AV_TIME_BASE;
        else if (st->duration != AV_NOPTS_VALUE && st->duration > 0)
            info.durationSec = double(st->duration) * av_q2d(st->time_base);
        if (info.sampleRate <= 0 || info.channels <= 0)
            return notAudio(QStringLiteral("invalid sample rate or channel count"));
        if (info.sampleRate > kMaxSampleRate || info.channels > kMaxChannels)
            return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("unsupported_format"),
                               QStringLiteral("%1 Hz with %2 channels: at most %3 Hz and %4 "
                                              "channels are accepted")
                                   .arg(info.sampleRate)
                                   .arg(info.channels)
                                   .arg(kMaxSampleRate)
                                   .arg(kMaxChannels));
        return info;
    }
};

AudioDecoder::AudioDecoder() : d(std::make_unique<Impl>()) {}
AudioDecoder::~AudioDecoder() = default;

Result<AudioInfo> AudioDecoder::openFile(const QString &path)
{
    return d->open(path.toUtf8().constData());
}

Result<AudioInfo> AudioDecoder::openBuffer(const QByteArray &data)
{
    // The QBuffer shares the caller's bytes (implicitly shared, never written): no copy.
    d->ownBuffer.setData(data);
    if (!d->ownBuffer.open(QIODevice::ReadOnly))
        return notAudio(QStringLiteral("cannot read the buffer"));
    return openDevice(&d->ownBuffer);
}

Result<AudioInfo> AudioDecoder::openDevice(QIODevice *device)
{
    if (!device || !device->isOpen() || !device->isReadable())
        return Error::make(ErrorKind::Internal, QStringLiteral("device_not_readable"),
                           QStringLiteral("the audio device is not open for reading"));
    if (device->isSequential())
        return Error::make(ErrorKind::Internal, QStringLiteral("device_not_seekable"),
                           QStringLiteral("the audio device cannot seek"));
    if (device->size() <= 0)
        return notAudio(QStringLiteral("the file is empty"));
    if (!device->seek(0))
        return notAudio(QStringLiteral("cannot seek to the start of the file"));
    d->reader.device = device;
    constexpr int kIoBuf = 64 * 1024;
    auto *buf = static_cast<unsigned char *>(av_malloc(kIoBuf));
    if (!buf)
        return notAudio(QStringLiteral("out of memory"));
    d->avio.reset(avio_alloc_context(buf, kIoBuf, 0, &d->reader, &DeviceReader::read, nullptr,
                                     &DeviceReader::seek));
    if (!d->avio) {
        av_free(buf);
        return notAudio(QStringLiteral("out of memory"));
    }
    return d->open(nullptr);
}

Result<DecodeStats> AudioDecoder::decode(const DecodeOptions &options, const Sink &sink)
{
    if (!d->codec)
        return Error::make(ErrorKind::Internal, QStringLiteral("not_open"),
                           QStringLiteral("decode() before a successful open"));
    AVCodecContext *cc = d->codec.get();
    DecodeStats stats;
    stats.outputRate = options.outputRate > 0 ? options.outputRate : cc->sample_rate;
    stats.outputChannels = options.mono ? 1 : cc->ch_layout.nb_channels;

    // The output layout is fixed for the whole decode; the input side follows the frames,
    // because a stream may change channel count, sample format or rate midway (concatenated
    // or damaged files do), and a resampler configured for other input would read past the
    // frame's buffers.
    AVChannelLayout outLayout{};
    if (options.mono)
        av_channel_layout_default(&outLayout, 1);
    else
        av_channel_layout_default(&outLayout, stats.outputChannels);
    std::unique_ptr<SwrContext, SwrFreer> swr;
    int inFormat = -1, inRate = 0, inChannels = 0;
    auto configure = [&](const AVFrame *f) -> bool {
        const int channels = f->ch_layout.nb_channels;
        if (f->sample_rate <= 0 || f->sample_rate > kMaxSampleRate || channels <= 0 ||
            channels > kMaxChannels || f->format < 0)
            return false;
        if (swr && f->format == inFormat && f->sample_rate == inRate && channels == inChannels)
            return true;
        AVChannelLayout inLayout{};
        if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
            av_channel_layout_default(&inLayout, channels);
        else
            av_channel_layout_copy(&inLayout, &f->ch_layout);
        SwrContext *raw = nullptr;
        const int r =
            swr_alloc_set_opts2(&raw, &outLayout, AV_SAMPLE_FMT_FLT, stats.outputRate, &inLayout,
                                AVSampleFormat(f->format), f->sample_rate, 0, nullptr);
        av_channel_layout_uninit(&inLayout);
        swr.reset(raw);
        if (r < 0 || swr_init(swr.get()) < 0) {
            swr.reset();
            return false;
        }
        inFormat = f->format;
        inRate = f->sample_rate;
        inChannels = channels;
        return true;
    };
    int rc = 0;

    const qint64 maxFrames =
        options.maxSeconds > 0 ? qint64(options.maxSeconds * stats.outputRate) : -1;
    const qint64 capFrames =
        options.maxDecodeSeconds > 0 ? qint64(options.maxDecodeSeconds * stats.outputRate) : -1;
    bool overCap = false;
    std::unique_ptr<AVPacket, PacketFreer> pkt(av_packet_alloc());
    std::unique_ptr<AVFrame, FrameFreer> frame(av_frame_alloc());
    std::vector<float> out;
    d->clock.restart();
    d->deadlineMs = options.timeoutMs;
    bool done = false;

    auto deliver = [&](const uint8_t **in, int inFrames) -> bool {
        if (!swr)
            return true;
        const int cap = swr_get_out_samples(swr.get(), inFrames);
        if (cap <= 0)
            return true;
        out.resize(size_t(cap) * size_t(stats.outputChannels));
        auto *o = reinterpret_cast<uint8_t *>(out.data());
        const int n = swr_convert(swr.get(), &o, cap, in, inFrames);
        if (n < 0)
            return false;
        int take = n;
        if (maxFrames >= 0 && stats.frames + take >= maxFrames) {
            take = int(maxFrames - stats.frames);
            done = true;
        }
        if (capFrames >= 0 && stats.frames + take > capFrames) {
            // Deliver up to the cap, then stop: the rest of the file is never decoded.
            take = int(capFrames - stats.frames);
            overCap = done = true;
        }
        if (take > 0)
            sink(out.data(), take);
        stats.frames += take;
        return true;
    };
    auto drainFrames = [&]() -> bool {
        while (!done && avcodec_receive_frame(cc, frame.get()) >= 0) {
            if (!configure(frame.get())) {
                av_frame_unref(frame.get());
                if (++stats.badPackets > options.maxBadPackets)
                    return false;
                continue;
            }
            if (!deliver(const_cast<const uint8_t **>(frame->extended_data), frame->nb_samples))
                return false;
            av_frame_unref(frame.get());
        }
        return true;
    };

    int packets = 0;
    while (!done) {
        rc = av_read_frame(d->fmt.get(), pkt.get());
        if (rc == AVERROR_EXIT || Impl::interrupt(d.get()))
            return Error::make(
                ErrorKind::Unprocessable, QStringLiteral("decode_timeout"),
                QStringLiteral("decoding took longer than %1 ms").arg(options.timeoutMs));
        if (options.cpuBudget && ++packets % kCpuCheckPackets == 0)
            if (auto spent = options.cpuBudget->check(QStringLiteral("decoding")); !spent) {
                av_packet_unref(pkt.get());
                return spent.error();
            }
        if (rc < 0)
            break; // end of file, or a read error at the end of a truncated file
        if (pkt->stream_index == d->stream) {
            if (avcodec_send_packet(cc, pkt.get()) < 0) {
                if (++stats.badPackets > options.maxBadPackets) {
                    av_packet_unref(pkt.get());
                    return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("corrupt_audio"),
                                       QStringLiteral("more than %1 audio packets are corrupt")
                                           .arg(options.maxBadPackets));
                }
            } else if (!drainFrames()) {
                av_packet_unref(pkt.get());
                return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("corrupt_audio"),
                                   QStringLiteral("the audio is corrupt (undecodable frames or "
                                                  "parameters)"));
            }
        }
        av_packet_unref(pkt.get());
    }
    if (!done) {
        avcodec_send_packet(cc, nullptr);
        drainFrames();
        // Flush the resampler's delay line.
        if (swr && swr_get_out_samples(swr.get(), 0) > 0)
            deliver(nullptr, 0);
    }
    if (overCap)
        return tooLong(stats, d->info.durationSec);
    if (stats.frames == 0)
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("empty_audio"),
                           QStringLiteral("no audio samples could be decoded"));
    const double declared = d->info.durationSec;
    if (maxFrames < 0 && declared > 0 &&
        declared - stats.decodedSec() > std::max(1.0, 0.02 * declared))
        stats.truncated = true;
    return stats;
}

namespace {

Result<DecodedAudio> decodeAll(AudioDecoder &dec, Result<AudioInfo> opened,
                               const DecodeOptions &options)
{
    if (!opened)
        return opened.error();
    DecodedAudio out;
    out.info = opened.value();
    auto stats = dec.decode(options, [&](const float *pcm, int frames) {
        out.samples.insert(out.samples.end(), pcm,
                           pcm + size_t(frames) * size_t(options.mono ? 1 : out.info.channels));
    });
    if (!stats)
        return stats.error();
    out.stats = stats.value();
    out.sampleRate = out.stats.outputRate;
    out.channels = out.stats.outputChannels;
    return out;
}

Result<AudioInfo> probe(AudioDecoder &dec, Result<AudioInfo> opened)
{
    if (!opened)
        return opened;
    DecodeOptions o;
    o.maxSeconds = 0.5;
    o.timeoutMs = 30000;
    auto stats = dec.decode(o, [](const float *, int) {});
    if (!stats)
        return notAudio(stats.error().message);
    return opened;
}

} // namespace

Result<DecodedAudio> decodeAudioFile(const QString &path, const DecodeOptions &options)
{
    AudioDecoder dec;
    return decodeAll(dec, dec.openFile(path), options);
}

Result<DecodedAudio> decodeAudioBuffer(const QByteArray &data, const DecodeOptions &options)
{
    AudioDecoder dec;
    return decodeAll(dec, dec.openBuffer(data), options);
}

Result<AudioInfo> probeAudioFile(const QString &path)
{
    AudioDecoder dec;
    return probe(dec, dec.openFile(path));
}

Result<AudioInfo> probeAudioBuffer(const QByteArray &data)
{
    AudioDecoder dec;
    return probe(dec, dec.openBuffer(data));
}

Result<DecodedAudio> decodeAudioDevice(QIODevice *device, const DecodeOptions &options)
{
    AudioDecoder dec;
    return decodeAll(dec, dec.openDevice(device), options);
}

Result<AudioInfo> probeAudioDevice(QIODevice *device)
{
    AudioDecoder dec;
    return probe(dec, dec.openDevice(device));
}

} // namespace lemm::core
