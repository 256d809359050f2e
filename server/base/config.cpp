#include "server/base/config.h"

#include "core/similarity/score_calibration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSet>
#include <QSettings>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <vector>

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

// Reads settings for ServerConfig::load: a LEMM_<NAME> environment variable wins over the key
// in DIR/lemm-vault.ini, which wins over the system file. Values out of range are collected in
// errors(), keyed by setting. Every key asked for (any method) is recorded as known, with its
// effective value; unknownKeys() then names what a file holds that nobody asked for.
class SettingsReader
{
public:
    struct Layer {
        QString path;
        std::unique_ptr<QSettings> ini;
    };

    // Adds an ini layer (later layers win); a file that cannot be parsed is an error.
    void addLayer(const QString &path)
    {
        Layer layer{path, std::make_unique<QSettings>(path, QSettings::IniFormat)};
        if (layer.ini->status() != QSettings::NoError)
            fail(path, QStringLiteral("cannot be read or parsed as an ini file"));
        m_layers.push_back(std::move(layer));
    }

    QVariant lookup(const QString &key)
    {
        const QString env = QStringLiteral("LEMM_") + key.section(QLatin1Char('/'), -1).toUpper();
        return lookupWithEnv(key, env);
    }

    // `key` from the environment variable `env` (empty: none), else from the ini layers.
    QVariant lookupWithEnv(const QString &key, const QString &env)
    {
        m_asked.insert(key);
        if (!env.isEmpty()) {
            m_askedEnv.insert(env);
            const QByteArray value = qgetenv(env.toLatin1());
            if (!value.isEmpty())
                return remember(key, QString::fromUtf8(value));
        }
        return lookupIni(key);
    }

    template <typename T> void number(const QString &key, T *target, double min, double max)
    {
        const QVariant v = lookup(key);
        if (!v.isValid())
            return;
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (!ok || d < min || d > max)
            m_errors.insert(key, QStringLiteral("must be a number from %1 to %2 (is '%3')")
                                     .arg(min)
                                     .arg(max)
                                     .arg(v.toString().left(40)));
        else
            *target = static_cast<T>(d);
    }

    void text(const QString &key, QString *target)
    {
        const QVariant v = lookup(key);
        if (v.isValid())
            *target = v.toString();
    }

    // true/false (also yes/no, on/off, 1/0); anything else is an error naming the value.
    void flag(const QString &key, bool *target)
    {
        const QVariant v = lookup(key);
        if (!v.isValid())
            return;
        const QString t = v.toString().trimmed().toLower();
        if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on") ||
            t == QLatin1String("1"))
            *target = true;
        else if (t == QLatin1String("false") || t == QLatin1String("no") ||
                 t == QLatin1String("off") || t == QLatin1String("0"))
            *target = false;
        else
            fail(key, QStringLiteral("must be true or false (is '%1')").arg(t.left(40)));
    }

    // One of `allowed`; anything else is an error naming the value and the choices.
    void choice(const QString &key, QString *target, const QStringList &allowed)
    {
        const QVariant v = lookup(key);
        if (!v.isValid())
            return;
        if (allowed.contains(v.toString()))
            *target = v.toString();
        else
            fail(key, QStringLiteral("must be one of %1 (is '%2')")
                          .arg(allowed.join(QStringLiteral(", ")), v.toString().left(40)));
    }

    // The ini layers alone, for keys whose environment variable is not LEMM_<last section>.
    QVariant lookupIni(const QString &key)
    {
        m_asked.insert(key);
        for (auto it = m_layers.rbegin(); it != m_layers.rend(); ++it)
            if (const QVariant v = it->ini->value(key); v.isValid())
                return remember(key, v);
        return {};
    }
    // The section names of all ini layers (webhook.NAME sections).
    QStringList groups() const
    {
        QStringList out;
        for (const Layer &layer : m_layers)
            for (const QString &g : layer.ini->childGroups())
                if (!out.contains(g))
                    out << g;
        return out;
    }

    // Every key of an ini layer that no reader asked for: an error naming key and file. QSettings
    // takes only ';' for a comment: a "# key = value" line arrives as the key "# key", and is
    // skipped here as the comment it is meant to be.
    void failUnknownKeys()
    {
        for (const Layer &layer : m_layers)
            for (const QString &key : layer.ini->allKeys())
                if (!m_asked.contains(key) &&
                    !key.section(QLatin1Char('/'), -1).startsWith(QLatin1Char('#')))
                    fail(key, unknownMessage(key, layer.path));
    }
    // Environment variables LEMM_* that no reader asked for (besides `others`): warnings.
    QStringList unknownEnvironment(const QStringList &others) const;

    void fail(const QString &key, const QString &message) { m_errors.insert(key, message); }
    const QJsonObject &errors() const { return m_errors; }
    const QMap<QString, QString> &values() const { return m_values; }

private:
    QVariant remember(const QString &key, const QVariant &v)
    {
        m_values.insert(key, v.typeId() == QMetaType::QStringList
                                 ? v.toStringList().join(QLatin1Char(','))
                                 : v.toString());
        return v;
    }
    QString unknownMessage(const QString &key, const QString &file) const;

    std::vector<Layer> m_layers;
    QSet<QString> m_asked;
    QSet<QString> m_askedEnv;
    QMap<QString, QString> m_values;
    QJsonObject m_errors;
};

// Levenshtein distance, for "did you mean"; bounded by the short strings it compares.
// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring characters count one each ("prot" is one edit from "port").
int editDistance(const QString &a, const QString &b)
{
    const size_t n = size_t(a.size()), m = size_t(b.size());
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
    for (size_t i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (size_t j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (size_t i = 1; i <= n; ++i)
        for (size_t j = 1; j <= m; ++j) {
            const int cost = a[qsizetype(i - 1)] == b[qsizetype(j - 1)] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[qsizetype(i - 1)] == b[qsizetype(j - 2)] &&
                a[qsizetype(i - 2)] == b[qsizetype(j - 1)])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[n][m];
}

// The closest of `known` to `name` within an edit distance of 2, or empty.
QString closest(const QString &name, const QSet<QString> &known)
{
    QString best;
    int bestDistance = 3;
    for (const QString &candidate : known) {
        const int d = editDistance(name, candidate);
        if (d < bestDistance || (d == bestDistance && candidate < best)) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

QString SettingsReader::unknownMessage(const QString &key, const QString &file) const
{
    QString message = QStringLiteral("unknown setting %1 in %2").arg(key, file);
    if (const QString near = closest(key, m_asked); !near.isEmpty())
        message += QStringLiteral(" (did you mean %1?)").arg(near);
    return message;
}

QStringList SettingsReader::unknownEnvironment(const QStringList &others) const
{
    QStringList warnings;
    const QStringList env = QProcessEnvironment::systemEnvironment().keys();
    for (const QString &name : env) {
        if (!name.startsWith(QLatin1String("LEMM_")) || m_askedEnv.contains(name) ||
            others.contains(name) || name.startsWith(QLatin1String("LEMM_TEST_")) ||
            name.startsWith(QLatin1String("LEMM_STORAGE_"))) // read by readStorage()
            continue;
        QString line =
            QStringLiteral("environment variable %1 is not a setting (ignored)").arg(name);
        if (const QString near = closest(name, m_askedEnv); !near.isEmpty())
            line += QStringLiteral("; did you mean %1?").arg(near);
        warnings << line;
    }
    return warnings;
}

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

// [storage] keys: the environment variable is LEMM_STORAGE_<NAME> (not LEMM_<NAME>: "url" and
// "timeout_seconds" would be ambiguous), else the ini key storage/<name>.
QString storageValue(SettingsReader &in, const char *name)
{
    // Asked for first, so that the key counts as known whichever layer wins.
    const QString ini = in.lookupIni(QStringLiteral("storage/") + QLatin1String(name)).toString();
    const QByteArray env = qgetenv(QByteArray("LEMM_STORAGE_") + QByteArray(name).toUpper());
    return env.isEmpty() ? ini : QString::fromUtf8(env);
}

void storageNumber(SettingsReader &in, const char *name, int *target, int min, int max)
{
    const QString v = storageValue(in, name);
    if (v.isEmpty())
        return;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < min || n > max)
        in.fail(QStringLiteral("storage/") + QLatin1String(name),
                QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
    else
        *target = n;
}

void readStorage(SettingsReader &in, ServerConfig::Storage &st)
{
    st.url = storageValue(in, "url");
    st.endpoint = storageValue(in, "endpoint");
    if (const QString region = storageValue(in, "region"); !region.isEmpty())
        st.region = region;
    const QString pathStyle = storageValue(in, "path_style");
    if (pathStyle == QLatin1String("true") || pathStyle == QLatin1String("1"))
        st.pathStyle = true;
    else if (!pathStyle.isEmpty() && pathStyle != QLatin1String("false") &&
             pathStyle != QLatin1String("0"))
        in.fail(QStringLiteral("storage/path_style"), QStringLiteral("must be true or false"));
    st.credentialsFile = storageValue(in, "credentials_file");
    st.caFile = storageValue(in, "ca_file");
    storageNumber(in, "timeout_seconds", &st.timeoutSec, 1, 3600);
    storageNumber(in, "multipart_part_mb", &st.multipartPartMb, 5, 5120);
    if (!st.url.isEmpty() && !st.url.startsWith(QLatin1String("s3://")))
        in.fail(QStringLiteral("storage/url"),
                QStringLiteral("must be empty (local store) or s3://bucket/prefix"));
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
    c.witnessFile =
        in.lookupWithEnv(QStringLiteral("witness/file"), QStringLiteral("LEMM_WITNESS_FILE"))
            .toString();
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
    // All three keys are asked for even without a URL: they are known keys either way.
    const QString url = in.lookupIni(section + QStringLiteral("/url")).toString();
    const QVariant events = in.lookupIni(section + QStringLiteral("/events"));
    const QString secretFile = in.lookupIni(section + QStringLiteral("/secret_file")).toString();
    if (url.isEmpty())
        return;
    ServerConfig::Webhook hook{name, url, eventList(events), secretFile, {}};
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
    const QString envUrl =
        in.lookupWithEnv(QStringLiteral("LEMM_WEBHOOK_URL"), QStringLiteral("LEMM_WEBHOOK_URL"))
            .toString();
    if (envUrl.isEmpty())
        return;
    if (!webhookUrlOk(envUrl))
        in.fail(QStringLiteral("LEMM_WEBHOOK_URL"),
                QStringLiteral("must be an http:// or https:// URL with a host"));
    w.hooks << ServerConfig::Webhook{QStringLiteral("env"), envUrl, {QStringLiteral("*")}, {}, {}};
}

// Mail (issue 16) ----------------------------------------------------------------------------

// `value` looked up in `names`; false when it is none of them.
template <typename E>
bool pick(const QString &value, std::initializer_list<std::pair<const char *, E>> names, E *out)
{
    for (const auto &[name, e] : names)
        if (value == QLatin1String(name)) {
            *out = e;
            return true;
        }
    return false;
}

void readSmtpPassword(SettingsReader &in, const QString &dataDir, ServerConfig::Mail &m)
{
    in.text(QStringLiteral("mail/smtp_password_file"), &m.smtpPasswordFile);
    const QByteArray env = qgetenv("LEMM_SMTP_PASSWORD");
    if (!env.isEmpty()) {
        m.smtpPassword = env;
        return;
    }
    if (m.smtpPasswordFile.isEmpty())
        return;
    m.smtpPasswordFile = QDir(dataDir).absoluteFilePath(m.smtpPasswordFile);
    QFile f(m.smtpPasswordFile);
    if (f.open(QIODevice::ReadOnly))
        m.smtpPassword = f.read(4096).trimmed();
    if (m.smtpPassword.isEmpty())
        in.fail(QStringLiteral("mail/smtp_password_file"),
                QStringLiteral("cannot be read or is empty"));
}

void checkSmtp(SettingsReader &in, const ServerConfig::Mail &m)
{
    if (m.mailer != ServerConfig::Mail::Kind::Smtp)
        return;
    if (m.smtpHost.isEmpty())
        in.fail(QStringLiteral("mail/smtp_host"), QStringLiteral("must be set for mailer = smtp"));
    if (m.smtpUser.isEmpty())
        return;
    if (m.smtpTls == ServerConfig::Mail::Tls::None)
        in.fail(QStringLiteral("mail/smtp_tls"),
                QStringLiteral("must be starttls or tls when mail/smtp_user is set (a password "
                               "is never sent in clear)"));
    if (m.smtpPassword.isEmpty())
        in.fail(QStringLiteral("mail/smtp_password_file"),
                QStringLiteral("must be set (or LEMM_SMTP_PASSWORD) when mail/smtp_user is set"));
}

void readMail(SettingsReader &in, ServerConfig &c)
{
    using M = ServerConfig::Mail;
    M &m = c.mail;
    QString kind = QStringLiteral("file");
    QString tls = QStringLiteral("starttls");
    in.text(QStringLiteral("mail/mailer"), &kind);
    in.text(QStringLiteral("mail/smtp_tls"), &tls);
    if (!pick<M::Kind>(
            kind,
            {{"file", M::Kind::File}, {"smtp", M::Kind::Smtp}, {"sendmail", M::Kind::Sendmail}},
            &m.mailer))
        in.fail(QStringLiteral("mail/mailer"), QStringLiteral("must be file, smtp or sendmail"));
    if (!pick<M::Tls>(
            tls,
            {{"starttls", M::Tls::StartTls}, {"tls", M::Tls::Implicit}, {"none", M::Tls::None}},
            &m.smtpTls))
        in.fail(QStringLiteral("mail/smtp_tls"), QStringLiteral("must be starttls, tls or none"));
    in.text(QStringLiteral("mail/from"), &m.from);
    in.text(QStringLiteral("mail/smtp_host"), &m.smtpHost);
    in.number(QStringLiteral("mail/smtp_port"), &m.smtpPort, 0, 65535);
    in.text(QStringLiteral("mail/smtp_user"), &m.smtpUser);
    in.text(QStringLiteral("mail/smtp_ca_file"), &m.smtpCaFile);
    if (!m.smtpCaFile.isEmpty())
        m.smtpCaFile = QDir(c.dataDir).absoluteFilePath(m.smtpCaFile);
    in.number(QStringLiteral("mail/smtp_timeout_seconds"), &m.smtpTimeoutSec, 1, 600);
    in.text(QStringLiteral("mail/sendmail_command"), &m.sendmailCommand);
    readSmtpPassword(in, c.dataDir, m);
    checkSmtp(in, m);
    if (m.from.contains(QLatin1Char('\r')) || m.from.contains(QLatin1Char('\n')) ||
        !m.from.contains(QLatin1Char('@')))
        in.fail(QStringLiteral("mail/from"),
                QStringLiteral("must be one address (Name <user@host> or user@host)"));
    if (m.mailer == M::Kind::Sendmail && m.sendmailCommand.trimmed().isEmpty())
        in.fail(QStringLiteral("mail/sendmail_command"), QStringLiteral("must not be empty"));
}

// Issue 16, part "shard": [index] shards, shard_key_file, shard_timeout_ms, heartbeat_sec.
void readIndex(SettingsReader &in, ServerConfig &c)
{
    in.number(QStringLiteral("index/shards"), &c.index.shards, 0, 1024);
    in.text(QStringLiteral("index/shard_key_file"), &c.index.shardKeyFile);
    if (!c.index.shardKeyFile.isEmpty())
        c.index.shardKeyFile = QDir(c.dataDir).absoluteFilePath(c.index.shardKeyFile);
    in.number(QStringLiteral("index/shard_timeout_ms"), &c.index.shardTimeoutMs, 50, 600000);
    in.number(QStringLiteral("index/heartbeat_sec"), &c.index.heartbeatSec, 1, 3600);
    if (c.index.shards > 1 && c.index.shardKeyFile.isEmpty())
        in.fail(QStringLiteral("index/shard_key_file"),
                QStringLiteral("a sharded index needs the system API key the shards accept"));
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

int ServerConfig::Mail::effectivePort() const
{
    if (smtpPort != 0)
        return smtpPort;
    return smtpTls == Tls::Implicit ? 465 : 587;
}

bool ServerConfig::Webhook::wants(const QString &eventType) const
{
    return events.contains(QStringLiteral("*")) || events.contains(eventType);
}

core::Result<ServerConfig> ServerConfig::load(const QString &dataDir)
{
    return load(dataDir, {}, false);
}

namespace {

// Every readX function: each asks for all of its keys, whatever their values.
void readAll(SettingsReader &in, ServerConfig &c)
{
    readServer(in, c);
    readHttp(in, c);
    readTokens(in, c);
    readLogin(in, c.login);
    readStorageAndPolicy(in, c);
    readStorage(in, c.storage);
    readWorker(in, c);
    readExternal(in, c);
    readTransparency(in, c);
    readWebhooks(in, c);
    readMail(in, c);
    readIndex(in, c);
    readLog(in, c);
}

// The error of a configuration that failed: unknown keys named first when there are any.
Error configError(const QJsonObject &errors)
{
    QStringList unknown;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        if (it.value().toString().startsWith(QLatin1String("unknown setting ")))
            unknown << it.value().toString();
    const QString message =
        unknown.size() == 1 ? unknown.first()
        : unknown.isEmpty()
            ? QStringLiteral("invalid configuration values")
            : QStringLiteral("%1 unknown settings (and maybe invalid values)").arg(unknown.size());
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_config"), message, errors);
}

} // namespace

core::Result<ServerConfig> ServerConfig::load(const QString &dataDir, const QString &systemFile,
                                              bool required)
{
    ServerConfig c;
    c.dataDir = QDir(dataDir).absolutePath();
    c.origin.systemFile = systemFile;
    c.origin.systemRequired = required;
    SettingsReader in;
    const QString dataFile = QDir(c.dataDir).filePath(QStringLiteral("lemm-vault.ini"));
    for (const QString &file : {systemFile, dataFile}) {
        if (file.isEmpty())
            continue;
        if (!QFileInfo::exists(file)) {
            if (required && file == systemFile)
                in.fail(file, QStringLiteral("the configuration file does not exist"));
            continue;
        }
        in.addLayer(file);
        c.origin.filesRead << file;
    }
    readAll(in, c);
    in.failUnknownKeys();
    if (!in.errors().isEmpty())
        return configError(in.errors());
    c.origin.values = in.values();
    // Read elsewhere: the system file's own variable.
    c.origin.warnings = in.unknownEnvironment(
        {QStringLiteral("LEMM_CONFIG"), QStringLiteral("LEMM_SMTP_PASSWORD")});
    return c;
}

QStringList ServerConfig::restartNeeded(const ServerConfig &next) const
{
    QStringList keys;
    QSet<QString> all;
    for (const QString &k : origin.values.keys() + next.origin.values.keys())
        all.insert(k);
    for (const QString &k : all) {
        if (origin.values.value(k) == next.origin.values.value(k) &&
            origin.values.contains(k) == next.origin.values.contains(k))
            continue;
        if (k == QLatin1String("similarity/calibration_file") ||
            k.startsWith(QLatin1String("log/")))
            continue;
        keys << k;
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

QString systemConfigFile(const QString &flag, bool *required)
{
    *required = true;
    if (!flag.isEmpty())
        return flag;
    if (const QString env = qEnvironmentVariable("LEMM_CONFIG"); !env.isEmpty())
        return env;
    *required = false;
    return QString::fromLatin1(kSystemConfigFile);
}

core::Status ensureDataDirectory(const QString &dir, bool create)
{
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("data_dir_invalid"),
                           QStringLiteral("the data directory %1 is not a directory").arg(dir));
    if (info.exists())
        return core::okStatus();
    if (!create)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("data_dir_missing"),
                           QStringLiteral("the data directory %1 does not exist (give --create "
                                          "to create it)")
                               .arg(dir));
    if (!QDir().mkpath(dir) ||
        !QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        return Error::make(ErrorKind::Internal, QStringLiteral("data_dir_uncreatable"),
                           QStringLiteral("cannot create the data directory %1").arg(dir));
    return core::okStatus();
}

} // namespace lemm::server
