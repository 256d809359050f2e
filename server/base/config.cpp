#include "server/base/config.h"

#include "core/similarity/score_calibration.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QUrl>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

core::Result<QString> installCalibration(const ServerConfig &config)
{
    using core::ScoreCalibration;
    if (config.calibrationFile.isEmpty())
        return ScoreCalibration::active().version();
    QFile f(config.calibrationFile);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("calibration_unreadable"),
                           QStringLiteral("cannot read the calibration file %1 "
                                          "(similarity/calibration_file): %2")
                               .arg(config.calibrationFile, f.errorString()));
    constexpr qint64 kMaxCalibrationBytes = 1 << 20; // a few knots; bounded whatever is there
    if (f.size() > kMaxCalibrationBytes)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("calibration_invalid"),
                           QStringLiteral("the calibration file %1 is larger than %2 bytes")
                               .arg(config.calibrationFile)
                               .arg(kMaxCalibrationBytes));
    auto parsed = ScoreCalibration::fromJson(f.read(kMaxCalibrationBytes));
    if (!parsed)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("calibration_invalid"),
                           QStringLiteral("the calibration file %1 (similarity/calibration_file) "
                                          "is invalid: %2")
                               .arg(config.calibrationFile, parsed.error().message));
    const QString version = parsed.value().version();
    ScoreCalibration::install(std::move(parsed).value());
    return version;
}

QString spoolDirectory(const ServerConfig &config)
{
    return QDir(config.dataDir).filePath(QStringLiteral("tmp"));
}

namespace {

// Reads settings for ServerConfig::load: a LEMM_<NAME> environment variable wins over the
// key in lemm-vault.ini; values out of range are collected in errors(), keyed by setting.
class SettingsReader
{
public:
    explicit SettingsReader(const QString &iniPath) : m_ini(iniPath, QSettings::IniFormat) {}

    QVariant lookup(const QString &key) const
    {
        const QByteArray env =
            qgetenv(("LEMM_" + key.section(QLatin1Char('/'), -1).toUpper()).toLatin1());
        if (!env.isEmpty())
            return QString::fromUtf8(env);
        return m_ini.value(key);
    }

    template <typename T> void number(const QString &key, T *target, double min, double max)
    {
        const QVariant v = lookup(key);
        if (!v.isValid())
            return;
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (!ok || d < min || d > max)
            m_errors.insert(key,
                            QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
        else
            *target = static_cast<T>(d);
    }

    void text(const QString &key, QString *target) const
    {
        const QVariant v = lookup(key);
        if (v.isValid())
            *target = v.toString();
    }

    // The ini file alone, for keys whose environment variable is not LEMM_<last section>.
    QVariant lookupIni(const QString &key) const { return m_ini.value(key); }
    // The ini's section names (webhook.NAME sections).
    QStringList groups() const { return m_ini.childGroups(); }

    void fail(const QString &key, const QString &message) { m_errors.insert(key, message); }
    const QJsonObject &errors() const { return m_errors; }

private:
    QSettings m_ini;
    QJsonObject m_errors;
};

void readServer(SettingsReader &in, ServerConfig &c)
{
    in.text(QStringLiteral("server/host"), &c.host);
    in.text(QStringLiteral("server/database"), &c.databaseUrl);
    in.number(QStringLiteral("server/port"), &c.port, 0, 65535);
    in.number(QStringLiteral("server/http_threads"), &c.httpThreads, 1, 64);
    in.number(QStringLiteral("limits/max_upload_bytes"), &c.maxUploadBytes, 1024,
              8.0 * (1ll << 30));
    in.number(QStringLiteral("limits/max_json_bytes"), &c.maxJsonBytes, 1024, 64.0 * (1 << 20));
}

void readHttp(SettingsReader &in, ServerConfig &c)
{
    in.number(QStringLiteral("http/io_threads"), &c.http.ioThreads, 1, 16);
    in.number(QStringLiteral("http/head_timeout_seconds"), &c.http.headTimeoutSec, 1, 600);
    in.number(QStringLiteral("http/idle_timeout_seconds"), &c.http.idleTimeoutSec, 1, 3600);
    in.number(QStringLiteral("http/head_deadline_seconds"), &c.http.headDeadlineSec, 1, 3600);
    in.number(QStringLiteral("http/max_connections"), &c.http.maxConnections, 8, 100000);
    in.number(QStringLiteral("http/max_connections_per_ip"), &c.http.maxConnectionsPerIp, 1,
              100000);
    in.number(QStringLiteral("http/max_head_bytes"), &c.http.maxHeadBytes, 4096, 1 << 20);
    in.text(QStringLiteral("http/tls_cert_file"), &c.http.tlsCertFile);
    in.text(QStringLiteral("http/tls_key_file"), &c.http.tlsKeyFile);
    if (c.http.tlsCertFile.isEmpty() != c.http.tlsKeyFile.isEmpty())
        in.fail(QStringLiteral("http/tls_cert_file"),
                QStringLiteral("set both http/tls_cert_file and http/tls_key_file, or "
                               "neither"));
}

void readTokens(SettingsReader &in, ServerConfig &c)
{
    in.number(QStringLiteral("tokens/upload_ttl_seconds"), &c.uploadTokenTtlSec, 1, 7 * 86400);
    in.number(QStringLiteral("tokens/session_ttl_seconds"), &c.sessionTtlSec, 1, 90 * 86400);
    in.number(QStringLiteral("tokens/email_ttl_seconds"), &c.emailTokenTtlSec, 1, 30 * 86400);
    in.number(QStringLiteral("tokens/password_reset_ttl_seconds"), &c.passwordResetTtlSec, 60,
              86400);
    in.number(QStringLiteral("limits/max_sessions_per_account"), &c.maxSessionsPerAccount, 1, 1000);
}

void readLogin(SettingsReader &in, ServerConfig::LoginLimits &login)
{
    in.number(QStringLiteral("login/throttle_free_failures"), &login.freeFailures, 0, 100);
    in.number(QStringLiteral("login/throttle_delay_base_seconds"), &login.delayBaseSec, 1, 3600);
    in.number(QStringLiteral("login/throttle_delay_max_seconds"), &login.delayMaxSec, 1, 3600);
    in.number(QStringLiteral("login/account_lock_failures"), &login.accountLockFailures, 1, 1000);
    in.number(QStringLiteral("login/account_lock_seconds"), &login.accountLockSec, 1, 3600);
    in.number(QStringLiteral("login/address_lock_failures"), &login.addressLockFailures, 1, 100000);
    in.number(QStringLiteral("login/address_lock_seconds"), &login.addressLockSec, 1, 86400);
    in.number(QStringLiteral("login/throttle_window_seconds"), &login.windowSec, 1, 86400);
    in.number(QStringLiteral("login/known_address_days"), &login.knownAddressDays, 0, 365);
}

void readStorageAndPolicy(SettingsReader &in, ServerConfig &c)
{
    in.text(QStringLiteral("mail/mailer"), &c.mailer);
    in.text(QStringLiteral("storage/master_key"), &c.masterKeyHex);
    if (!c.masterKeyHex.isEmpty() && QByteArray::fromHex(c.masterKeyHex.toLatin1()).size() != 32)
        in.fail(QStringLiteral("storage/master_key"),
                QStringLiteral("must be 64 hexadecimal characters (32 bytes)"));
    in.number(QStringLiteral("policy/bulk_max_share"), &c.policy.bulkMaxShare, 0.0001, 1);
    in.number(QStringLiteral("policy/bulk_min_vault_size"), &c.policy.bulkMinVaultSize, 1, 1e9);
    in.number(QStringLiteral("policy/bulk_max_tracks"), &c.policy.bulkMaxTracks, 1, 1e9);
    // Issue 14, part "training": the first stored policy's training-link settings.
    in.number(QStringLiteral("policy/training_link_ttl_sec"), &c.policy.trainingLinkTtlSec, 10,
              3600);
    in.number(QStringLiteral("policy/training_fetch_limit"), &c.policy.trainingFetchLimit, 1, 100);
}

void readWorker(SettingsReader &in, ServerConfig &c)
{
    in.number(QStringLiteral("worker/workers"), &c.workers, -1, 64);
    in.number(QStringLiteral("worker/poll_ms"), &c.workerPollMs, 10, 60000);
    in.number(QStringLiteral("worker/job_cpu_seconds"), &c.jobCpuSeconds, 0, 86400);
    in.number(QStringLiteral("worker/job_memory_mb"), &c.jobMemoryMb, 32, 1 << 20);
}

void readExternal(SettingsReader &in, ServerConfig &c)
{
    in.text(QStringLiteral("external/acoustid_url"), &c.acoustidUrl);
    in.text(QStringLiteral("external/acoustid_key"), &c.acoustidKey);
    in.number(QStringLiteral("external/acoustid_timeout_ms"), &c.acoustidTimeoutMs, 100, 600000);
    in.number(QStringLiteral("external/acoustid_retries"), &c.acoustidRetries, 0, 10);
    in.number(QStringLiteral("external/acoustid_rate_per_sec"), &c.acoustidRatePerSec, 0.01, 1000);
    in.text(QStringLiteral("similarity/calibration_file"), &c.calibrationFile);
    if (!c.calibrationFile.isEmpty())
        c.calibrationFile = QDir(c.dataDir).absoluteFilePath(c.calibrationFile);
    if (const QVariant v = in.lookup(QStringLiteral("external/catalogs")); v.isValid()) {
        c.catalogsSet = true;
        const QString list = v.typeId() == QMetaType::QStringList
                                 ? v.toStringList().join(QLatin1Char(','))
                                 : v.toString();
        for (const QString &name : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
            c.catalogs << name.trimmed();
    }
}

// tlog (issue 14): the signing key and the witness file, relative to DIR when not absolute.
void readTransparency(SettingsReader &in, ServerConfig &c)
{
    in.text(QStringLiteral("audit/signing_key_file"), &c.signingKeyFile);
    // "witness/file" would map to LEMM_FILE: this one has a name of its own.
    const QByteArray env = qgetenv("LEMM_WITNESS_FILE");
    if (!env.isEmpty())
        c.witnessFile = QString::fromUtf8(env);
    else
        c.witnessFile = in.lookupIni(QStringLiteral("witness/file")).toString();
    for (QString *path : {&c.signingKeyFile, &c.witnessFile})
        if (!path->isEmpty())
            *path = QDir(c.dataDir).absoluteFilePath(*path);
}

// Webhooks (outbox part, issue 14) ------------------------------------------------------------

QStringList eventList(const QVariant &v)
{
    const QString list = v.typeId() == QMetaType::QStringList
                             ? v.toStringList().join(QLatin1Char(','))
                             : v.toString();
    QStringList out;
    for (const QString &e : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << e.trimmed();
    return out.isEmpty() ? QStringList{QStringLiteral("*")} : out;
}

bool webhookUrlOk(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    return u.isValid() && !u.host().isEmpty() &&
           (u.scheme() == QLatin1String("http") || u.scheme() == QLatin1String("https"));
}

// One hook from `section` ("webhooks" or "webhook.NAME") of the ini; errors keyed by setting.
void readHook(SettingsReader &in, const QString &dataDir, const QString &section,
              const QString &name, ServerConfig::Webhooks &out)
{
    const QString url = in.lookupIni(section + QStringLiteral("/url")).toString();
    if (url.isEmpty())
        return;
    ServerConfig::Webhook hook{name,
                               url,
                               eventList(in.lookupIni(section + QStringLiteral("/events"))),
                               in.lookupIni(section + QStringLiteral("/secret_file")).toString(),
                               {}};
    if (!webhookUrlOk(url))
        in.fail(section + QStringLiteral("/url"),
                QStringLiteral("must be an http:// or https:// URL with a host"));
    if (!hook.secretFile.isEmpty()) {
        hook.secretFile = QDir(dataDir).absoluteFilePath(hook.secretFile);
        QFile f(hook.secretFile);
        if (f.open(QIODevice::ReadOnly))
            hook.secret = f.read(4096).trimmed();
        if (hook.secret.isEmpty())
            in.fail(section + QStringLiteral("/secret_file"),
                    QStringLiteral("cannot be read or is empty"));
    }
    out.hooks << hook;
}

void readWebhooks(SettingsReader &in, ServerConfig &c)
{
    ServerConfig::Webhooks &w = c.webhooks;
    in.number(QStringLiteral("webhooks/webhook_attempts"), &w.attempts, 1, 100);
    in.number(QStringLiteral("webhooks/webhook_retry_base_ms"), &w.retryBaseMs, 0, 86400000);
    in.number(QStringLiteral("webhooks/webhook_retry_max_ms"), &w.retryMaxMs, 0, 7 * 86400000.0);
    in.number(QStringLiteral("webhooks/webhook_timeout_ms"), &w.timeoutMs, 100, 600000);
    in.number(QStringLiteral("webhooks/outbox_poll_ms"), &w.pollMs, 10, 600000);
    in.number(QStringLiteral("webhooks/outbox_lease_seconds"), &w.leaseSec, 5, 86400);
    readHook(in, c.dataDir, QStringLiteral("webhooks"), QStringLiteral("default"), w);
    for (const QString &group : in.groups())
        if (group.startsWith(QLatin1String("webhook.")) && group.size() > 8)
            readHook(in, c.dataDir, group, group.mid(8), w);
    const QString envUrl = qEnvironmentVariable("LEMM_WEBHOOK_URL");
    if (envUrl.isEmpty())
        return;
    if (!webhookUrlOk(envUrl))
        in.fail(QStringLiteral("LEMM_WEBHOOK_URL"),
                QStringLiteral("must be an http:// or https:// URL with a host"));
    w.hooks << ServerConfig::Webhook{QStringLiteral("env"), envUrl, {QStringLiteral("*")}, {}, {}};
}

// [log] format and level (issue 16, part "obs").
void readLog(SettingsReader &in, ServerConfig &c)
{
    using Log = ServerConfig::Log;
    QString format, level;
    in.text(QStringLiteral("log/format"), &format);
    in.text(QStringLiteral("log/level"), &level);
    if (format == QLatin1String("json"))
        c.log.format = Log::Format::Json;
    else if (!format.isEmpty() && format != QLatin1String("text"))
        in.fail(QStringLiteral("log/format"), QStringLiteral("must be text or json"));
    static const QList<std::pair<QString, Log::Level>> kLevels{
        {QStringLiteral("debug"), Log::Level::Debug},
        {QStringLiteral("info"), Log::Level::Info},
        {QStringLiteral("warning"), Log::Level::Warning},
        {QStringLiteral("error"), Log::Level::Error}};
    bool known = level.isEmpty();
    for (const auto &[name, value] : kLevels)
        if (level == name) {
            c.log.level = value;
            known = true;
        }
    if (!known)
        in.fail(QStringLiteral("log/level"),
                QStringLiteral("must be debug, info, warning or error"));
}

} // namespace

bool ServerConfig::Webhook::wants(const QString &eventType) const
{
    return events.contains(QStringLiteral("*")) || events.contains(eventType);
}

core::Result<ServerConfig> ServerConfig::load(const QString &dataDir)
{
    ServerConfig c;
    c.dataDir = QDir(dataDir).absolutePath();
    SettingsReader in(QDir(c.dataDir).filePath(QStringLiteral("lemm-vault.ini")));
    readServer(in, c);
    readHttp(in, c);
    readTokens(in, c);
    readLogin(in, c.login);
    readStorageAndPolicy(in, c);
    readWorker(in, c);
    readExternal(in, c);
    readTransparency(in, c);
    readWebhooks(in, c);
    readLog(in, c);
    if (c.mailer != QLatin1String("file"))
        in.fail(QStringLiteral("mail/mailer"),
                QStringLiteral("only the 'file' mailer exists in this version"));
    if (!in.errors().isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_config"),
                           QStringLiteral("invalid configuration values"), in.errors());
    return c;
}

} // namespace lemm::server
