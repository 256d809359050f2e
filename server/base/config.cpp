#include "server/base/config.h"

#include "core/similarity/score_calibration.h"

#include <QDir>
#include <QFile>
#include <QSettings>

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

core::Result<ServerConfig> ServerConfig::load(const QString &dataDir)
{
    ServerConfig c;
    c.dataDir = QDir(dataDir).absolutePath();
    QSettings ini(QDir(c.dataDir).filePath(QStringLiteral("lemm-vault.ini")), QSettings::IniFormat);
    QJsonObject errors;

    auto lookup = [&](const QString &key) -> QVariant {
        const QByteArray env =
            qgetenv(("LEMM_" + key.section(QLatin1Char('/'), -1).toUpper()).toLatin1());
        if (!env.isEmpty())
            return QString::fromUtf8(env);
        return ini.value(key);
    };
    auto number = [&](const QString &key, auto *target, double min, double max) {
        const QVariant v = lookup(key);
        if (!v.isValid())
            return;
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (!ok || d < min || d > max)
            errors.insert(key, QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
        else
            *target = static_cast<std::remove_pointer_t<decltype(target)>>(d);
    };
    auto text = [&](const QString &key, QString *target) {
        const QVariant v = lookup(key);
        if (v.isValid())
            *target = v.toString();
    };

    text(QStringLiteral("server/host"), &c.host);
    text(QStringLiteral("server/database"), &c.databaseUrl);
    number(QStringLiteral("server/port"), &c.port, 0, 65535);
    number(QStringLiteral("server/http_threads"), &c.httpThreads, 1, 64);
    number(QStringLiteral("limits/max_upload_bytes"), &c.maxUploadBytes, 1024, 8.0 * (1ll << 30));
    number(QStringLiteral("limits/max_json_bytes"), &c.maxJsonBytes, 1024, 64.0 * (1 << 20));
    number(QStringLiteral("http/io_threads"), &c.http.ioThreads, 1, 16);
    number(QStringLiteral("http/head_timeout_seconds"), &c.http.headTimeoutSec, 1, 600);
    number(QStringLiteral("http/idle_timeout_seconds"), &c.http.idleTimeoutSec, 1, 3600);
    number(QStringLiteral("http/head_deadline_seconds"), &c.http.headDeadlineSec, 1, 3600);
    number(QStringLiteral("http/max_connections"), &c.http.maxConnections, 8, 100000);
    number(QStringLiteral("http/max_connections_per_ip"), &c.http.maxConnectionsPerIp, 1, 100000);
    number(QStringLiteral("http/max_head_bytes"), &c.http.maxHeadBytes, 4096, 1 << 20);
    text(QStringLiteral("http/tls_cert_file"), &c.http.tlsCertFile);
    text(QStringLiteral("http/tls_key_file"), &c.http.tlsKeyFile);
    if (c.http.tlsCertFile.isEmpty() != c.http.tlsKeyFile.isEmpty())
        errors.insert(QStringLiteral("http/tls_cert_file"),
                      QStringLiteral("set both http/tls_cert_file and http/tls_key_file, or "
                                     "neither"));
    number(QStringLiteral("tokens/upload_ttl_seconds"), &c.uploadTokenTtlSec, 1, 7 * 86400);
    number(QStringLiteral("tokens/session_ttl_seconds"), &c.sessionTtlSec, 1, 90 * 86400);
    number(QStringLiteral("tokens/email_ttl_seconds"), &c.emailTokenTtlSec, 1, 30 * 86400);
    number(QStringLiteral("tokens/password_reset_ttl_seconds"), &c.passwordResetTtlSec, 60, 86400);
    number(QStringLiteral("limits/max_sessions_per_account"), &c.maxSessionsPerAccount, 1, 1000);
    number(QStringLiteral("login/throttle_free_failures"), &c.login.freeFailures, 0, 100);
    number(QStringLiteral("login/throttle_delay_base_seconds"), &c.login.delayBaseSec, 1, 3600);
    number(QStringLiteral("login/throttle_delay_max_seconds"), &c.login.delayMaxSec, 1, 3600);
    number(QStringLiteral("login/account_lock_failures"), &c.login.accountLockFailures, 1, 1000);
    number(QStringLiteral("login/account_lock_seconds"), &c.login.accountLockSec, 1, 3600);
    number(QStringLiteral("login/address_lock_failures"), &c.login.addressLockFailures, 1, 100000);
    number(QStringLiteral("login/address_lock_seconds"), &c.login.addressLockSec, 1, 86400);
    number(QStringLiteral("login/throttle_window_seconds"), &c.login.windowSec, 1, 86400);
    number(QStringLiteral("login/known_address_days"), &c.login.knownAddressDays, 0, 365);
    text(QStringLiteral("mail/mailer"), &c.mailer);
    text(QStringLiteral("storage/master_key"), &c.masterKeyHex);
    if (!c.masterKeyHex.isEmpty() && QByteArray::fromHex(c.masterKeyHex.toLatin1()).size() != 32)
        errors.insert(QStringLiteral("storage/master_key"),
                      QStringLiteral("must be 64 hexadecimal characters (32 bytes)"));
    number(QStringLiteral("policy/bulk_max_share"), &c.policy.bulkMaxShare, 0.0001, 1);
    number(QStringLiteral("policy/bulk_min_vault_size"), &c.policy.bulkMinVaultSize, 1, 1e9);
    number(QStringLiteral("policy/bulk_max_tracks"), &c.policy.bulkMaxTracks, 1, 1e9);
    number(QStringLiteral("worker/workers"), &c.workers, -1, 64);
    number(QStringLiteral("worker/poll_ms"), &c.workerPollMs, 10, 60000);
    number(QStringLiteral("worker/job_cpu_seconds"), &c.jobCpuSeconds, 0, 86400);
    number(QStringLiteral("worker/job_memory_mb"), &c.jobMemoryMb, 32, 1 << 20);
    text(QStringLiteral("external/acoustid_url"), &c.acoustidUrl);
    text(QStringLiteral("external/acoustid_key"), &c.acoustidKey);
    number(QStringLiteral("external/acoustid_timeout_ms"), &c.acoustidTimeoutMs, 100, 600000);
    number(QStringLiteral("external/acoustid_retries"), &c.acoustidRetries, 0, 10);
    number(QStringLiteral("external/acoustid_rate_per_sec"), &c.acoustidRatePerSec, 0.01, 1000);
    text(QStringLiteral("similarity/calibration_file"), &c.calibrationFile);
    if (!c.calibrationFile.isEmpty())
        c.calibrationFile = QDir(c.dataDir).absoluteFilePath(c.calibrationFile);
    if (const QVariant v = lookup(QStringLiteral("external/catalogs")); v.isValid()) {
        c.catalogsSet = true;
        const QString list = v.typeId() == QMetaType::QStringList
                                 ? v.toStringList().join(QLatin1Char(','))
                                 : v.toString();
        for (const QString &name : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
            c.catalogs << name.trimmed();
    }
    if (c.mailer != QLatin1String("file"))
        errors.insert(QStringLiteral("mail/mailer"),
                      QStringLiteral("only the 'file' mailer exists in this version"));
    if (!errors.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_config"),
                           QStringLiteral("invalid configuration values"), errors);
    return c;
}

} // namespace lemm::server
