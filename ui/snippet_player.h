#pragma once
// Plays one preview snippet (the server's signed MP3) entirely from memory: the bytes are
// decoded with the client's FFmpeg decoder into a PCM buffer and fed to a QAudioSink, or a clip
// already decoded (loadPcm: a snippet, or the difference track computed from two) is played
// with a gain (the loudness-matching gain of A/B). Nothing is written to disk. Without an audio
// output device the snippet still loads (and its position can be set) but play() reports the
// missing device instead of playing. GUI thread.

#include "core/audio/pcm_clip.h"

#include <QObject>

#include <memory>
#include <vector>

class QAudioSink;
class QBuffer;
class QTimer;

namespace lemm::ui {

class SnippetPlayer : public QObject
{
    Q_OBJECT
public:
    explicit SnippetPlayer(QObject *parent = nullptr);
    ~SnippetPlayer() override;

    // Decodes `encoded` (any format the decoder accepts); false with `error` set otherwise.
    bool load(const QByteArray &encoded, QString *error);
    // Plays a decoded clip (copied; its startSec is not used here: positions are in the clip).
    void loadPcm(const core::PcmClip &clip);
    void clear();
    // Gain applied to what is played (clamped to ±1 after it); 0 dB by default.
    void setGainDb(double db);
    double gainDb() const { return m_gainDb; }
    bool isLoaded() const { return m_frames > 0; }
    qsizetype encodedBytes() const { return m_encodedBytes; }
    double duration() const;

    void play();
    void pause();
    bool isPlaying() const;
    void setLoop(bool loop) { m_loop = loop; }
    // Seconds from the start of the snippet.
    double position() const;
    void setPosition(double seconds);

Q_SIGNALS:
    void positionChanged(double seconds);
    void playingChanged(bool playing);
    void finished();
    void problem(const QString &message);

private:
    void startAt(qint64 frame);
    void onState();
    void rebuildPcm();

    std::unique_ptr<QAudioSink> m_sink;
    std::unique_ptr<QBuffer> m_buffer;
    std::vector<float> m_samples; // mono at m_rate, as loaded
    QByteArray m_pcm;             // the samples with the gain: what the sink reads
    double m_gainDb = 0;
    qint64 m_frames = 0;
    int m_rate = 0;
    qint64 m_startFrame = 0; // where the sink started in the buffer
    qint64 m_pausedFrame = 0;
    qsizetype m_encodedBytes = 0;
    bool m_loop = false;
    QTimer *m_tick;
};

} // namespace lemm::ui
