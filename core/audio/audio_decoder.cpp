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

// The wall-clock bound of the current phase (opening and probing, then decoding): read by
// FFmpeg's interrupt callback and by the read loop, on the decoding thread.
struct Deadline {
    QElapsedTimer clock;
    qint64 ms = 0; // 0: none

    void start(qint64 limitMs)
    {
        clock.start();
        ms = limitMs;
    }
    bool passed() const { return ms > 0 && clock.elapsed() > ms; }
};

// One decode() call, on the decoding thread: the resampler (made again whenever the input
// format changes), the output counters and the stop conditions. Owns its packet, frame,
// resampler and output buffer; borrows the decoder's demuxer and codec for the call.
class DecodeRun
{
public:
    struct Source {
        AVFormatContext *fmt = nullptr;
        AVCodecContext *codec = nullptr;
        int stream = -1;
        double declaredSec = 0; // what the container declares; 0: nothing
        const Deadline *deadline = nullptr;
    };
    DecodeRun(const Source &source, const DecodeOptions &options, const AudioDecoder::Sink &sink);

    // Reads and decodes packets until the end of the file, maxSeconds or the cap; errors:
    // "decode_timeout", "cpu_budget_exceeded", "corrupt_audio".
    Status readPackets();
    // At the end of the file: drains the decoder's and the resampler's delay lines.
    void flush();
    // The stats, or "audio_too_long" / "empty_audio".
    Result<DecodeStats> finish() const;
    bool done() const { return m_done; }

private:
    Status usePacket();
    bool configure(const AVFrame *f);
    bool deliver(const uint8_t **in, int inFrames);
    bool drainFrames();

    const Source m_source;
    const DecodeOptions &m_options;
    const AudioDecoder::Sink &m_sink;
    DecodeStats m_stats;
    AVChannelLayout m_outLayout{};
    std::unique_ptr<SwrContext, SwrFreer> m_swr;
    int m_inFormat = -1, m_inRate = 0, m_inChannels = 0; // what m_swr is configured for
    qint64 m_maxFrames = -1;                             // maxSeconds in frames; -1: none
    qint64 m_capFrames = -1;                             // maxDecodeSeconds in frames; -1: none
    bool m_overCap = false;
    bool m_done = false;
    std::unique_ptr<AVPacket, PacketFreer> m_packet;
    std::unique_ptr<AVFrame, FrameFreer> m_frame;
    std::vector<float> m_out;
};

DecodeRun::DecodeRun(const Source &source, const DecodeOptions &options,
                     const AudioDecoder::Sink &sink)
    : m_source(source), m_options(options), m_sink(sink)
{
    m_stats.outputRate = options.outputRate > 0 ? options.outputRate : source.codec->sample_rate;
    m_stats.outputChannels = options.mono ? 1 : source.codec->ch_layout.nb_channels;
    // The output layout is fixed for the whole decode; the input side follows the frames,
    // because a stream may change channel count, sample format or rate midway (concatenated
    // or damaged files do), and a resampler configured for other input would read past the
    // frame's buffers.
    if (options.mono)
        av_channel_layout_default(&m_outLayout, 1);
    else
        av_channel_layout_default(&m_outLayout, m_stats.outputChannels);
    if (options.maxSeconds > 0)
        m_maxFrames = qint64(options.maxSeconds * m_stats.outputRate);
    if (options.maxDecodeSeconds > 0)
        m_capFrames = qint64(options.maxDecodeSeconds * m_stats.outputRate);
    m_packet.reset(av_packet_alloc());
    m_frame.reset(av_frame_alloc());
}

// A resampler for the frame's input; false when the frame's parameters are unusable.
bool DecodeRun::configure(const AVFrame *f)
{
    const int channels = f->ch_layout.nb_channels;
    if (f->sample_rate <= 0 || f->sample_rate > kMaxSampleRate || channels <= 0 ||
        channels > kMaxChannels || f->format < 0)
        return false;
    if (m_swr && f->format == m_inFormat && f->sample_rate == m_inRate && channels == m_inChannels)
        return true;
    AVChannelLayout inLayout{};
    if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&inLayout, channels);
    else
        av_channel_layout_copy(&inLayout, &f->ch_layout);
    SwrContext *raw = nullptr;
    const int r =
        swr_alloc_set_opts2(&raw, &m_outLayout, AV_SAMPLE_FMT_FLT, m_stats.outputRate, &inLayout,
                            AVSampleFormat(f->format), f->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&inLayout);
    m_swr.reset(raw);
    if (r < 0 || swr_init(m_swr.get()) < 0) {
        m_swr.reset();
        return false;
    }
    m_inFormat = f->format;
    m_inRate = f->sample_rate;
    m_inChannels = channels;
    return true;
}

// Resamples and hands the frames to the sink, up to maxSeconds and the cap; false when the
// resampler fails.
bool DecodeRun::deliver(const uint8_t **in, int inFrames)
{
    if (!m_swr)
        return true;
    const int cap = swr_get_out_samples(m_swr.get(), inFrames);
    if (cap <= 0)
        return true;
    m_out.resize(size_t(cap) * size_t(m_stats.outputChannels));
    auto *o = reinterpret_cast<uint8_t *>(m_out.data());
    const int n = swr_convert(m_swr.get(), &o, cap, in, inFrames);
    if (n < 0)
        return false;
    int take = n;
    if (m_maxFrames >= 0 && m_stats.frames + take >= m_maxFrames) {
        take = int(m_maxFrames - m_stats.frames);
        m_done = true;
    }
    if (m_capFrames >= 0 && m_stats.frames + take > m_capFrames) {
        // Deliver up to the cap, then stop: the rest of the file is never decoded.
        take = int(m_capFrames - m_stats.frames);
        m_overCap = m_done = true;
    }
    if (take > 0)
        m_sink(m_out.data(), take);
    m_stats.frames += take;
    return true;
}

// Every frame the decoder has ready; false when there are too many bad ones or the resampler
// fails.
bool DecodeRun::drainFrames()
{
    AVFrame *frame = m_frame.get();
    while (!m_done && avcodec_receive_frame(m_source.codec, frame) >= 0) {
        if (!configure(frame)) {
            av_frame_unref(frame);
            if (++m_stats.badPackets > m_options.maxBadPackets)
                return false;
            continue;
        }
        if (!deliver(const_cast<const uint8_t **>(frame->extended_data), frame->nb_samples))
            return false;
        av_frame_unref(frame);
    }
    return true;
}

Status DecodeRun::readPackets()
{
    int packets = 0;
    while (!m_done) {
        const int rc = av_read_frame(m_source.fmt, m_packet.get());
        if (rc == AVERROR_EXIT || m_source.deadline->passed())
            return Error::make(
                ErrorKind::Unprocessable, QStringLiteral("decode_timeout"),
                QStringLiteral("decoding took longer than %1 ms").arg(m_options.timeoutMs));
        if (m_options.cpuBudget && ++packets % kCpuCheckPackets == 0)
            if (auto spent = m_options.cpuBudget->check(QStringLiteral("decoding")); !spent) {
                av_packet_unref(m_packet.get());
                return spent.error();
            }
        if (rc < 0)
            break; // end of file, or a read error at the end of a truncated file
        const Status used = usePacket();
        av_packet_unref(m_packet.get());
        if (!used)
            return used;
    }
    return okStatus();
}

// Decodes the packet just read when it belongs to the audio stream.
Status DecodeRun::usePacket()
{
    if (m_packet->stream_index != m_source.stream)
        return okStatus();
    if (avcodec_send_packet(m_source.codec, m_packet.get()) < 0) {
        if (++m_stats.badPackets > m_options.maxBadPackets)
            return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("corrupt_audio"),
                               QStringLiteral("more than %1 audio packets are corrupt")
                                   .arg(m_options.maxBadPackets));
        return okStatus();
    }
    if (!drainFrames())
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("corrupt_audio"),
                           QStringLiteral("the audio is corrupt (undecodable frames or "
                                          "parameters)"));
    return okStatus();
}

void DecodeRun::flush()
{
    avcodec_send_packet(m_source.codec, nullptr);
    drainFrames();
    // Flush the resampler's delay line.
    if (m_swr && swr_get_out_samples(m_swr.get(), 0) > 0)
        deliver(nullptr, 0);
}

Result<DecodeStats> DecodeRun::finish() const
{
    if (m_overCap)
        return tooLong(m_stats, m_source.declaredSec);
    if (m_stats.frames == 0)
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("empty_audio"),
                           QStringLiteral("no audio samples could be decoded"));
    DecodeStats stats = m_stats;
    const double declared = m_source.declaredSec;
    if (m_maxFrames < 0 && declared > 0 &&
        declared - stats.decodedSec() > std::max(1.0, 0.02 * declared))
        stats.truncated = true;
    return stats;
}

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
    Deadline deadline;

    static int interrupt(void *opaque)
    {
        return static_cast<Impl *>(opaque)->deadline.passed() ? 1 : 0;
    }

    // The stages of opening: the container, its best audio stream, the stream's decoder,
    // then what they declare.
    Result<AudioInfo> open(const char *url)
    {
        av_log_set_level(AV_LOG_QUIET);
        if (Status s = openContainer(url); !s)
            return s.error();
        const AVCodec *decoder = nullptr;
        stream = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
        if (stream < 0 || !decoder)
            return notAudio(QStringLiteral("no decodable audio stream"));
        if (Status s = openCodec(decoder); !s)
            return s.error();
        readInfo(decoder);
        return checkedInfo();
    }

    Status openContainer(const char *url)
    {
        AVFormatContext *raw = avformat_alloc_context();
        if (!raw)
            return notAudio(QStringLiteral("out of memory"));
        raw->pb = avio.get();
        raw->interrupt_callback = {&Impl::interrupt, this};
        deadline.start(30000); // opening and probing
        AVDictionary *opts = nullptr;
        av_dict_set(&opts, "format_whitelist", kAudioDemuxers, 0);
        const int rc = avformat_open_input(&raw, url, nullptr, &opts);
        av_dict_free(&opts);
        if (rc < 0) // avformat_open_input frees the context on failure
            return notAudio(QStringLiteral("unrecognised format (%1)").arg(avErr(rc)));
        fmt.reset(raw);
        if (const int r = avformat_find_stream_info(fmt.get(), nullptr); r < 0)
            return notAudio(QStringLiteral("cannot read stream information (%1)").arg(avErr(r)));
        return okStatus();
    }

    Status openCodec(const AVCodec *decoder)
    {
        codec.reset(avcodec_alloc_context3(decoder));
        if (!codec ||
            avcodec_parameters_to_context(codec.get(), fmt->streams[stream]->codecpar) < 0 ||
            avcodec_open2(codec.get(), decoder, nullptr) < 0)
            return notAudio(QStringLiteral("cannot open the %1 decoder")
                                .arg(QString::fromLatin1(decoder->name)));
        return okStatus();
    }

    void readInfo(const AVCodec *decoder)
    {
        const AVStream *st = fmt->streams[stream];
        info.container = QString::fromLatin1(fmt->iformat->name);
        info.codec = QString::fromLatin1(decoder->name);
        info.sampleRate = codec->sample_rate;
        info.channels = codec->ch_layout.nb_channels;
        if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0)
            info.durationSec = double(fmt->duration) / AV_TIME_BASE;
        else if (st->duration != AV_NOPTS_VALUE && st->duration > 0)
            info.durationSec = double(st->duration) * av_q2d(st->time_base);
    }

    Result<AudioInfo> checkedInfo() const
    {
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

// The stages: the open container and codec (openFile/openBuffer/openDevice), then the read
// loop with its decoder and resampler (DecodeRun), then the finish.
Result<DecodeStats> AudioDecoder::decode(const DecodeOptions &options, const Sink &sink)
{
    if (!d->codec)
        return Error::make(ErrorKind::Internal, QStringLiteral("not_open"),
                           QStringLiteral("decode() before a successful open"));
    DecodeRun run({d->fmt.get(), d->codec.get(), d->stream, d->info.durationSec, &d->deadline},
                  options, sink);
    d->deadline.start(options.timeoutMs);
    if (Status read = run.readPackets(); !read)
        return read.error();
    if (!run.done())
        run.flush();
    return run.finish();
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
