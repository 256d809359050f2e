#pragma once
// Settings > Preferences: the server URL (used at the next log-in), the language (English or
// German, applied when the app starts again), the offline cache's size limit and the audio output
// device for preview snippets (from QMediaDevices). Preferences are plain values, kept in
// QSettings under "preferences/…" by load/save; the dialog edits a copy. GUI thread.

#include <QAudioDevice>
#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace lemm::ui {

struct Preferences {
    QString serverUrl = QStringLiteral("http://127.0.0.1:8080");
    QString language; // "" (the system's), "en" or "de"
    int cacheLimitMb = 500;
    QByteArray audioDevice; // QAudioDevice::id(); empty: the system's default

    static Preferences load();
    void save() const;
};

// The output device the preferences name; the system's default when none is set or it is gone.
QAudioDevice preferredAudioOutput();

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(const Preferences &current, QWidget *parent = nullptr);

    Preferences preferences() const;

private:
    QLineEdit *m_server;
    QComboBox *m_language;
    QSpinBox *m_cache;
    QComboBox *m_audio;
};

} // namespace lemm::ui
