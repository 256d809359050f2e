#include "snippet_player.h"

#include "preferences_dialog.h"

#include "core/audio/audio_decoder.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QBuffer>
#include <QMediaDevices>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace lemm::ui {

SnippetPlayer::SnippetPlayer(QObject *parent) : QObject(parent), m_tick(new QTimer(this))
{
    m_tick->setInterval(30);
    connect(m_tick, &QTimer::timeout, this, [this] { Q_EMIT positionChanged(position()); });
}

SnippetPlayer::~SnippetPlayer()
{
    if (m_sink)
        m_sink->stop();
}

bool SnippetPlayer::load(const QByteArray &encoded, QString *error)
{
    clear();
    core::DecodeOptions options;
    options.mono = true;
    options.maxSeconds = 60;
    auto decoded = core::decodeAudioBuffer(encoded, options);
    if (!decoded) {
        if (error)
            *error = decoded.error().message;
        return false;
    }
    m_rate = decoded->sampleRate;
    m_samples = std::move(decoded->samples);
    m_frames = qint64(m_samples.size());
    rebuildPcm();
    m_encodedBytes = encoded.size();
    return m_frames > 0;
}

void SnippetPlayer::loadPcm(const core::PcmClip &clip)
{
    clear();
    if (clip.empty())
        return;
    m_rate = clip.sampleRate;
    m_samples = clip.mono;
    m_frames = qint64(m_samples.size());
    rebuildPcm();
}

void SnippetPlayer::setGainDb(double db)
{
    m_gainDb = std::isfinite(db) ? std::clamp(db, -60.0, 24.0) : 0.0;
    const bool playing = isPlaying();
    const qint64 frame = qint64(position() * m_rate);
    rebuildPcm();
    if (playing)
        startAt(frame);
}

void SnippetPlayer::rebuildPcm()
{
    const float gain = float(std::pow(10.0, m_gainDb / 20));
    m_pcm.resize(qsizetype(m_samples.size() * sizeof(float)));
    auto *out = reinterpret_cast<float *>(m_pcm.data());
    for (size_t i = 0; i < m_samples.size(); ++i)
        out[i] = std::clamp(m_samples[i] * gain, -1.0f, 1.0f);
}

void SnippetPlayer::clear()
{
    if (m_sink)
        m_sink->stop();
    m_sink.reset();
    m_buffer.reset();
    m_pcm.clear();
    m_samples.clear();
    m_frames = 0;
    m_startFrame = m_pausedFrame = 0;
    m_encodedBytes = 0;
    m_tick->stop();
}

double SnippetPlayer::duration() const
{
    return m_rate ? double(m_frames) / m_rate : 0;
}

bool SnippetPlayer::isPlaying() const
{
    return m_sink && m_sink->state() == QAudio::ActiveState;
}

double SnippetPlayer::position() const
{
    if (!m_rate)
        return 0;
    if (!m_sink || m_sink->state() == QAudio::StoppedState ||
        m_sink->state() == QAudio::SuspendedState)
        return double(m_pausedFrame) / m_rate;
    const qint64 played = m_sink->processedUSecs() * m_rate / 1000000;
    return double(std::min(m_startFrame + played, m_frames)) / m_rate;
}

void SnippetPlayer::setPosition(double seconds)
{
    const qint64 frame = std::clamp<qint64>(qint64(seconds * m_rate), 0, m_frames);
    if (isPlaying())
        startAt(frame);
    else
        m_pausedFrame = frame;
    Q_EMIT positionChanged(position());
}

void SnippetPlayer::play()
{
    if (!isLoaded())
        return;
    const QAudioDevice device = preferredAudioOutput();
    if (device.isNull()) {
        Q_EMIT problem(tr("No audio output device: the snippet is loaded but cannot be heard."));
        return;
    }
    startAt(m_pausedFrame >= m_frames ? 0 : m_pausedFrame);
}

void SnippetPlayer::pause()
{
    if (!isPlaying())
        return;
    m_pausedFrame = qint64(position() * m_rate);
    m_sink->stop();
    m_tick->stop();
    Q_EMIT playingChanged(false);
}

void SnippetPlayer::startAt(qint64 frame)
{
    if (m_sink)
        m_sink->stop();
    QAudioFormat format;
    format.setSampleRate(m_rate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Float);
    m_sink = std::make_unique<QAudioSink>(preferredAudioOutput(), format);
    connect(m_sink.get(), &QAudioSink::stateChanged, this, &SnippetPlayer::onState);
    m_buffer = std::make_unique<QBuffer>(&m_pcm);
    m_buffer->open(QIODevice::ReadOnly);
    m_buffer->seek(frame * qint64(sizeof(float)));
    m_startFrame = frame;
    m_sink->start(m_buffer.get());
    m_tick->start();
    Q_EMIT playingChanged(true);
}

void SnippetPlayer::onState()
{
    if (!m_sink || m_sink->state() != QAudio::IdleState)
        return;
    // The buffer ran out: loop or stop at the end.
    if (m_loop) {
        startAt(0);
        return;
    }
    m_sink->stop();
    m_tick->stop();
    m_pausedFrame = m_frames;
    Q_EMIT playingChanged(false);
    Q_EMIT finished();
}

} // namespace lemm::ui
