#include "preferences_dialog.h"

#include <QAudioDevice>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMediaDevices>
#include <QSettings>
#include <QSpinBox>
#include <QUrl>

namespace lemm::ui {

namespace {
constexpr int kMinCacheMb = 10;
constexpr int kMaxCacheMb = 100000;
} // namespace

Preferences Preferences::load()
{
    QSettings s;
    Preferences p;
    p.serverUrl = s.value(QStringLiteral("server_url"), p.serverUrl).toString();
    p.language = s.value(QStringLiteral("preferences/language")).toString();
    p.cacheLimitMb = qBound(
        kMinCacheMb, s.value(QStringLiteral("preferences/cache_limit_mb"), p.cacheLimitMb).toInt(),
        kMaxCacheMb);
    p.audioDevice = s.value(QStringLiteral("preferences/audio_device")).toByteArray();
    return p;
}

void Preferences::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("server_url"), serverUrl);
    s.setValue(QStringLiteral("preferences/language"), language);
    s.setValue(QStringLiteral("preferences/cache_limit_mb"), cacheLimitMb);
    s.setValue(QStringLiteral("preferences/audio_device"), audioDevice);
}

QAudioDevice preferredAudioOutput()
{
    const QByteArray id = Preferences::load().audioDevice;
    if (!id.isEmpty())
        for (const QAudioDevice &d : QMediaDevices::audioOutputs())
            if (d.id() == id)
                return d;
    return QMediaDevices::defaultAudioOutput();
}

PreferencesDialog::PreferencesDialog(const Preferences &current, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Preferences"));
    auto *form = new QFormLayout(this);
    m_server = new QLineEdit(current.serverUrl, this);
    m_server->setObjectName(QStringLiteral("serverUrl"));
    form->addRow(tr("&Server URL:"), m_server);
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(current.language)));
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(),
                 new QLabel(tr("A new language applies when the app starts again."), this));
    m_cache = new QSpinBox(this);
    m_cache->setObjectName(QStringLiteral("cacheLimit"));
    m_cache->setRange(kMinCacheMb, kMaxCacheMb);
    m_cache->setSuffix(tr(" MiB"));
    m_cache->setValue(current.cacheLimitMb);
    form->addRow(tr("Offline &cache limit:"), m_cache);
    m_audio = new QComboBox(this);
    m_audio->setObjectName(QStringLiteral("audioDevice"));
    m_audio->addItem(tr("System default"), QByteArray());
    for (const QAudioDevice &d : QMediaDevices::audioOutputs())
        m_audio->addItem(d.description(), d.id());
    m_audio->setCurrentIndex(qMax(0, m_audio->findData(current.audioDevice)));
    form->addRow(tr("&Audio output:"), m_audio);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    p.serverUrl = url.isValid() ? url.toString() : Preferences().serverUrl;
    p.language = m_language->currentData().toString();
    p.cacheLimitMb = m_cache->value();
    p.audioDevice = m_audio->currentData().toByteArray();
    return p;
}

} // namespace lemm::ui
