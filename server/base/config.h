#pragma once
// Server configuration, in layers (a later one wins): defaults, the system file
// /etc/lemm-vault/lemm-vault.ini (or --config FILE / LEMM_CONFIG; absent is fine unless named),
// DIR/lemm-vault.ini (QSettings INI), environment variables LEMM_<KEY> (e.g.
// LEMM_MAX_UPLOAD_BYTES), then command-line flags (applied by the CLI).
//
// Strict: every key a reader asks for (SettingsReader in config.cpp) is known; a key present in
// an ini layer that no reader asked for refuses the start, naming the key, the file and the
// closest known key. So a reader must ask for each of its keys unconditionally (also when its
// feature is off). An unknown LEMM_* environment variable is only a warning (origin.warnings):
// the environment may hold unrelated LEMM_ variables.

#include "core/base/result.h"
#include "core/domain/policy.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace lemm::server {

struct ServerConfig {
    QString dataDir;
    QString databaseUrl; // empty: SQLite in dataDir
    QString host = QStringLiteral("127.0.0.1");
    int port = 8080;
    int httpThreads = 4;
    qint64 maxUploadBytes = 256ll * 1024 * 1024;
    qint64 maxJsonBytes = 1024 * 1024;

    // The HTTP front end's defences (server/http_frontend.h). Timeouts in seconds.
    struct HttpLimits {
        int ioThreads = 2;            // libmicrohttpd polling threads (connections, bodies)
        int headTimeoutSec = 10;      // silence allowed while a request head is arriving
        int idleTimeoutSec = 30;      // silence allowed in a body or an answer
        int headDeadlineSec = 30;     // a request head in all, however it trickles in
        int maxConnections = 1000;    // lowered at start to stay below the open-files limit
        int maxConnectionsPerIp = 64; // per client address
        int maxHeadBytes = 64 * 1024; // request line + headers
        QString tlsCertFile;          // PEM; both set: HTTPS only
        QString tlsKeyFile;           // PEM, unencrypted
    } http;
    int uploadTokenTtlSec = 3600;
    int sessionTtlSec = 12 * 3600;
    int emailTokenTtlSec = 48 * 3600;
    // Outgoing mail ([mail], issue 16): verification and reset tokens. FileMailer (the
    // default) writes DIR/outbox/mail/*.eml; smtp submits to a server (libcurl); sendmail pipes
    // the message to a local MTA. docs/ARCHITECTURE.md, "Mail".
    struct Mail {
        enum class Kind { File, Smtp, Sendmail };
        enum class Tls { StartTls, Implicit, None };
        Kind mailer = Kind::File;
        QString from = QStringLiteral("LEMM Vault <no-reply@lemm-vault.invalid>");
        QString smtpHost;
        int smtpPort = 0; // 0: 587 for starttls and none, 465 for tls
        Tls smtpTls = Tls::StartTls;
        QString smtpUser;
        QString smtpPasswordFile; // relative to DIR; LEMM_SMTP_PASSWORD wins
        QByteArray smtpPassword;  // read at load; secret: never logged
        QString smtpCaFile;       // extra CA (PEM) trusted besides the system's
        int smtpTimeoutSec = 30;  // one message in all (connect, TLS, dialogue)
        QString sendmailCommand = QStringLiteral("/usr/sbin/sendmail"); // run with -t -i
        int effectivePort() const;
    } mail;
    // 64 hex characters; when empty the key lives in DIR/keys/master.key (created on first
    // start). Several server processes sharing one store must share one key.
    QString masterKeyHex;
    // Where objects live (docs/object-storage.md). url empty: the local encrypted store in
    // DIR/objects; "s3://bucket/prefix": an S3-compatible service, still encrypted here first.
    struct Storage {
        QString url;
        QString endpoint; // http(s)://host[:port]; empty: AWS for region
        QString region = QStringLiteral("us-east-1");
        bool pathStyle = false;  // true for MinIO, Ceph RGW, Garage, s3rver
        QString credentialsFile; // key_id= / secret= lines; else AWS_* env
        QString caFile;          // PEM bundle for a private CA
        int timeoutSec = 30;     // connect + each request's silence
        int multipartPartMb = 8; // part size of multipart uploads (>= 5)
    } storage;
    // Initial governance policy (version 1 in the database; admins change it with PUT /policy).
    core::Policy policy;

    // Ingestion workers in `serve` (-1: one per core; 0: none, run `worker` processes).
    int workers = -1;
    int workerPollMs = 1000; // how often an idle worker looks for jobs
    // Budget of one check or ingestion job (docs/ARCHITECTURE.md, "Bounded work"): CPU seconds
    // of the job's thread (0: unlimited), and memory, enforced as a bound on decoded seconds.
    double jobCpuSeconds = 600;
    int jobMemoryMb = 1024;

    // External sources (spec §3.1; at most two in all). AcoustID-compatible lookup when a URL
    // is set; reference catalogs by name (DIR/catalogs/NAME), by default every catalog built.
    QString acoustidUrl;
    QString acoustidKey; // secret: never logged
    int acoustidTimeoutMs = 10000;
    int acoustidRetries = 2;
    double acoustidRatePerSec = 3;
    QStringList catalogs;
    bool catalogsSet = false;

    // Score calibration (core/score_calibration.h): a calibration file read and installed at
    // start (similarity/calibration_file); empty: the one compiled in. A file that cannot be
    // read or parsed stops the start (installCalibration()).
    QString calibrationFile;

    // Credential lifecycle (issue 11): reset tokens, sessions per account and the login
    // throttle (see LoginThrottle). Counts are failed attempts within the window.
    int passwordResetTtlSec = 1800;
    int maxSessionsPerAccount = 20; // the oldest live sessions beyond this are ended
    struct LoginLimits {
        int freeFailures = 3;         // failures before any delay
        int delayBaseSec = 1;         // first delay; doubles with every further failure
        int delayMaxSec = 60;         // the delay never grows beyond this
        int accountLockFailures = 10; // failures on one account that lock it...
        int accountLockSec = 300;     // ...for this long (short and bounded: at most an hour)
        int addressLockFailures = 30; // failures from one address that lock it...
        int addressLockSec = 900;     // ...for this long
        int windowSec = 900;          // failures are forgotten this long after the last one
        int knownAddressDays = 30;    // an address that logged in to an account within this many
                                      // days escapes that account's lock and delay (0: never)
    } login;

    // Transparency log (tlog, issue 14). The Ed25519 key that signs tree heads: this file
    // (hex of the 32-byte seed) when set, else DIR/keys/signing.key, created on first start.
    // witnessFile: every new signed tree head is appended to it as one JSON line (fsync'd).
    QString signingKeyFile; // [audit] signing_key_file, LEMM_SIGNING_KEY_FILE
    QString witnessFile;    // [witness] file, LEMM_WITNESS_FILE
    // Webhooks (outbox part, issue 14): where the outbox dispatcher delivers events. One hook
    // from `[webhooks]` (named "default") or LEMM_WEBHOOK_URL (named "env", all events), more
    // from `[webhook.NAME]` sections; the delivery tuning from `[webhooks]` (LEMM_WEBHOOK_*).
    struct Webhook {
        QString name;
        QString url;        // http(s); a bad URL stops the start
        QStringList events; // event types; "*" = all
        QString secretFile; // optional: HMAC-SHA256 key file (X-Lemm-Signature-HMAC)
        QByteArray secret;  // its contents, read at load; secret: never logged
        bool wants(const QString &eventType) const;
    };
    struct Webhooks {
        QList<Webhook> hooks;
        int attempts = 8;         // deliveries tried before a row is a dead letter
        int retryBaseMs = 30000;  // first back-off; doubles with every failure...
        int retryMaxMs = 3600000; // ...up to this
        int timeoutMs = 10000;    // one POST in all (connect, send, answer)
        int pollMs = 1000;        // how often the dispatcher looks for due rows
        int leaseSec = 120;       // a claimed row is another process's again after this
    } webhooks;

    // Where this configuration came from: the ini files read, every setting given by a layer
    // (key -> effective text; for reload's comparison; holds secrets: never log the values)
    // and the warnings of load() (unknown LEMM_* variables) for the caller to log.
    struct Origin {
        QString systemFile;          // the /etc layer's path (empty: none)
        bool systemRequired = false; // named by --config or LEMM_CONFIG: must exist
        QStringList filesRead;
        QMap<QString, QString> values;
        QStringList warnings;
    } origin;

    // DIR/lemm-vault.ini and the environment only (tests and tools).
    // Issue 16, part "shard": the sharded robust index (server/similarity/shard_*.h).
    struct Index {
        int shards = 0;            // 0 or 1: the robust index is local; N: scatter to N shards
        QString shardKeyFile;      // the system API key sent to the shards (relative: to DIR)
        int shardTimeoutMs = 5000; // one scatter-gather in all (connect, query, answer)
        int heartbeatSec = 10;     // how often an index-shard process renews its row
    } index;
    // [log] (issue 16, part "obs"): the structured log of server/base/log.h. Re-readable:
    // configureLogging() applies a new value to the running process.
    struct Log {
        enum class Format { Text, Json };
        enum class Level { Debug, Info, Warning, Error };
        Format format = Format::Text; // log/format = text|json
        Level level = Level::Info;    // log/level = debug|info|warning|error
    } log;

    static core::Result<ServerConfig> load(const QString &dataDir);
    // All layers: `systemFile` first (`required`: a missing file is an error), then as above.
    static core::Result<ServerConfig> load(const QString &dataDir, const QString &systemFile,
                                           bool required);
    // The settings whose value differs in `next` and that a running process cannot apply
    // (anything but similarity/calibration_file and the [log] section): "needs a restart".
    QStringList restartNeeded(const ServerConfig &next) const;
};

// The system layer's default path, and the one to use: `flag` (--config) when set, else
// LEMM_CONFIG, else kSystemConfigFile; `*required` tells whether it was named explicitly.
inline constexpr const char kSystemConfigFile[] = "/etc/lemm-vault/lemm-vault.ini";
QString systemConfigFile(const QString &flag, bool *required);

// The data directory `dir`: an error naming it when it does not exist (or is no directory),
// unless `create`: then it is created with mode 0700.
core::Status ensureDataDirectory(const QString &dir, bool create);

// Reads config.calibrationFile (when set) with ScoreCalibration::fromJson and installs it as
// the process's active calibration; returns the active version. An unreadable or invalid file
// is an error naming the file and the problem. Call once at start, before any query.
core::Result<QString> installCalibration(const ServerConfig &config);

// DATA/tmp: request bodies and multipart parts being read (mode 0700, emptied at start).
QString spoolDirectory(const ServerConfig &config);

} // namespace lemm::server
