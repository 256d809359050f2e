#include "audio_probe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <algorithm>
#include <cstring>
#include <memory>

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

// Audio containers we accept; FFmpeg matches any name of a demuxer's comma list.
constexpr const char *kAudioDemuxers = "wav,w64,flac,mp3,ogg,mov,aac,aiff,matroska,caf";
constexpr int kMaxPacketsToDecode = 400;

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

struct MemoryReader {
    const QByteArray *data;
    qint64 pos = 0;

    static int read(void *opaque, uint8_t *buf, int size)
    {
        auto *self = static_cast<MemoryReader *>(opaque);
        const qint64 left = self->data->size() - self->pos;
        if (left <= 0)
            return AVERROR_EOF;
        const int n = int(std::min<qint64>(left, size));
        memcpy(buf, self->data->constData() + self->pos, size_t(n));
        self->pos += n;
        return n;
    }
    static int64_t seek(void *opaque, int64_t offset, int whence)
    {
        auto *self = static_cast<MemoryReader *>(opaque);
        const qint64 size = self->data->size();
        switch (whence & ~AVSEEK_FORCE) {
        case AVSEEK_SIZE: return size;
        case SEEK_SET: break;
        case SEEK_CUR: offset += self->pos; break;
        case SEEK_END: offset += size; break;
        default: return -1;
        }
        if (offset < 0 || offset > size)
            return -1;
        self->pos = offset;
        return offset;
    }
};

struct AvioFreer {
    void operator()(AVIOContext *c) const
    {
        if (c)
            av_freep(&c->buffer);
        avio_context_free(&c);
    }
};

Result<AudioInfo> probeOpened(std::unique_ptr<AVFormatContext, FormatCloser> fmt);

Result<AudioInfo> openAndProbe(const char *url, AVIOContext *pb)
{
    av_log_set_level(AV_LOG_QUIET);
    AVFormatContext *fmtRaw = avformat_alloc_context();
    if (!fmtRaw)
        return notAudio(QStringLiteral("out of memory"));
    fmtRaw->pb = pb;
    AVDictionary *optsRaw = nullptr;
    av_dict_set(&optsRaw, "format_whitelist", kAudioDemuxers, 0);
    const int rc = avformat_open_input(&fmtRaw, url, nullptr, &optsRaw);
    av_dict_free(&optsRaw);
    if (rc < 0) // avformat_open_input frees the context on failure
        return notAudio(QStringLiteral("unrecognised format (%1)").arg(avErr(rc)));
    return probeOpened(std::unique_ptr<AVFormatContext, FormatCloser>(fmtRaw));
}

} // namespace

Result<AudioInfo> probeAudioFile(const QString &path)
{
    return openAndProbe(path.toUtf8().constData(), nullptr);
}

Result<AudioInfo> probeAudioBuffer(const QByteArray &data)
{
    if (data.isEmpty())
        return notAudio(QStringLiteral("the file is empty"));
    MemoryReader reader{&data};
    constexpr int kIoBuf = 64 * 1024;
    auto *buf = static_cast<unsigned char *>(av_malloc(kIoBuf));
    std::unique_ptr<AVIOContext, AvioFreer> pb(avio_alloc_context(
        buf, kIoBuf, 0, &reader, &MemoryReader::read, nullptr, &MemoryReader::seek));
    if (!pb) {
        av_free(buf);
        return notAudio(QStringLiteral("out of memory"));
    }
    return openAndProbe(nullptr, pb.get());
}

namespace {

Result<AudioInfo> probeOpened(std::unique_ptr<AVFormatContext, FormatCloser> fmt)
{
    int rc = 0;

    rc = avformat_find_stream_info(fmt.get(), nullptr);
    if (rc < 0)
        return notAudio(QStringLiteral("cannot read stream information (%1)").arg(avErr(rc)));

    const AVCodec *decoder = nullptr;
    const int streamIndex = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (streamIndex < 0 || !decoder)
        return notAudio(QStringLiteral("no decodable audio stream"));
    AVStream *stream = fmt->streams[streamIndex];

    std::unique_ptr<AVCodecContext, CodecFreer> codec(avcodec_alloc_context3(decoder));
    if (!codec || avcodec_parameters_to_context(codec.get(), stream->codecpar) < 0 ||
        avcodec_open2(codec.get(), decoder, nullptr) < 0)
        return notAudio(
            QStringLiteral("cannot open the %1 decoder").arg(QString::fromLatin1(decoder->name)));

    std::unique_ptr<AVPacket, PacketFreer> pkt(av_packet_alloc());
    std::unique_ptr<AVFrame, FrameFreer> frame(av_frame_alloc());
    qint64 decodedSamples = 0;
    for (int n = 0; n < kMaxPacketsToDecode && decodedSamples == 0; ++n) {
        rc = av_read_frame(fmt.get(), pkt.get());
        if (rc < 0)
            break;
        if (pkt->stream_index == streamIndex && avcodec_send_packet(codec.get(), pkt.get()) >= 0) {
            while (avcodec_receive_frame(codec.get(), frame.get()) >= 0)
                decodedSamples += frame->nb_samples;
        }
        av_packet_unref(pkt.get());
    }
    if (decodedSamples == 0) {
        avcodec_send_packet(codec.get(), nullptr); // flush: short files decode on drain
        while (avcodec_receive_frame(codec.get(), frame.get()) >= 0)
            decodedSamples += frame->nb_samples;
    }
    if (decodedSamples == 0)
        return notAudio(QStringLiteral("no audio samples could be decoded"));

    AudioInfo info;
    info.container = QString::fromLatin1(fmt->iformat->name);
    info.codec = QString::fromLatin1(decoder->name);
    info.sampleRate = codec->sample_rate;
    info.channels = codec->ch_layout.nb_channels;
    if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0)
        info.durationSec = double(fmt->duration) / AV_TIME_BASE;
    else if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
        info.durationSec = double(stream->duration) * av_q2d(stream->time_base);
    if (info.sampleRate <= 0 || info.channels <= 0)
        return notAudio(QStringLiteral("invalid sample rate or channel count"));
    return info;
}

} // namespace

} // namespace lemm::core
