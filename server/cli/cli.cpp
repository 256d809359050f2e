#include "server/cli/cli.h"

#include "server/base/log.h"
#include "server/cli/cli_output.h"

#include "server/services/proof_check.h"
#include "server/services/proofs.h"
#include "server/similarity/external_sources.h"
#include "server/similarity/ingestion.h"

#include "server/base/systemd_notify.h"
#include "server/cli/audit_cli.h"
#include "server/cli/server_root.h"
#include "server/cli/shard_cli.h"
#include "server/cli/similarity_cli.h"
#include "server/http/api_router.h"
#include "server/http/http_frontend.h"
#include "server/services/accounts.h"
#include "server/services/credentials.h"
#include "server/services/uploads.h"
#include "server/storage/audit_log.h"
#include "server/storage/migrations.h"
#include "server/storage/vault.h"

#include "core/crypto/signing.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <functional>
#include <unistd.h>

namespace lemm::server {

namespace {

using cli_io::err;
using cli_io::fail;
using cli_io::out;

const char kUsage[] =
    "Usage: lemm-vault-server <command> [options]\n"
    "\n"
    "LEMM Vault server: owns the vault, ingestion and the safety endpoints.\n"
    "\n"
    "Commands:\n"
    "  serve                   run the HTTP API (and ingestion workers) on a data directory\n"
    "  worker                  run ingestion workers only (several may share one PostgreSQL)\n"
    "  index-shard             serve one shard of a sharded robust index (docs/scaling.md)\n"
    "  catalog build DIR       index a folder of reference audio as an external catalog\n"
    "  proof model M | output O | receipt T | check FILE [--public-key KEY]\n"
    "                          print a signed proof or receipt (JSON), or check one offline\n"
    "  migrate                 apply database migrations and exit\n"
    "  create-admin            create the first admin account (password on stdin)\n"
    "  create-service-account  create a `system` account and print its API key\n"
    "  api-key list | revoke | rotate\n"
    "                          list API keys, revoke one, or rotate it (prints the new key once)\n"
    "  verify-audit            check the audit log's hash chain and signed tree heads\n"
    "                          (--since-head FILE: prove the log only grew since that head)\n"
    "  audit head | public-key print the newest signed tree head (JSON) or the public key\n"
    "  similarity              fingerprint, index and match audio (index | query | fingerprint)\n"
    "\n"
    "Run 'lemm-vault-server <command> --help' for a command's options.\n";

void addCommon(QCommandLineParser &p)
{
    p.addHelpOption();
    p.addOption({QStringLiteral("data-dir"), QStringLiteral("Vault data directory (required)."),
                 QStringLiteral("DIR")});
    p.addOption(
        {QStringLiteral("database"),
         QStringLiteral("Database URL: default SQLite in DIR; postgresql://user@host:port/db."),
         QStringLiteral("URL")});
    p.addOption({QStringLiteral("config"),
                 QStringLiteral("System configuration file (default LEMM_CONFIG, else "
                                "/etc/lemm-vault/lemm-vault.ini; read before DIR/lemm-vault.ini)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("create"),
                 QStringLiteral("Create the data directory (mode 0700) when it does not exist; "
                                "without it a missing DIR is refused.")});
}

// The configuration layers, as `serve --help` and `worker --help` state them.
const char kConfigHelp[] =
    " Configuration, each layer overriding the one before: built-in defaults; the system file "
    "/etc/lemm-vault/lemm-vault.ini (--config FILE or LEMM_CONFIG name another; it may be "
    "absent unless named); DIR/lemm-vault.ini; environment variables LEMM_<KEY>; these flags. "
    "An unknown key or an out-of-range value in any file refuses the start (the keys: README, "
    "\"Configuration\", and the commented packaged lemm-vault.ini). SIGHUP re-reads the layers "
    "and applies the score calibration (and logging) live; other changed keys are logged as "
    "needing a restart; an invalid file is refused and the running configuration kept.";

// Parses argv for a subcommand; returns false after printing help or an error.
bool parse(QCommandLineParser &p, const QStringList &args, const QString &description, int *code,
           bool needsDataDir = true)
{
    p.setApplicationDescription(description);
    if (!p.parse(args)) {
        err() << p.errorText() << "\n" << p.helpText();
        err().flush();
        *code = 2;
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out() << p.helpText();
        out().flush();
        *code = 0;
        return false;
    }
    if (needsDataDir && p.value(QStringLiteral("data-dir")).isEmpty()) {
        err() << "error: --data-dir DIR is required\n";
        err().flush();
        *code = 2;
        return false;
    }
    return true;
}

// The configuration for --data-dir (which must exist unless --create) from every layer
// (--config), with --database applied; warnings (unknown LEMM_* variables) go to stderr.
Result<ServerConfig> configFrom(const QCommandLineParser &p)
{
    const QString dataDir = p.value(QStringLiteral("data-dir"));
    if (auto dir = ensureDataDirectory(dataDir, p.isSet(QStringLiteral("create"))); !dir)
        return dir.error();
    bool required = false;
    const QString system = systemConfigFile(p.value(QStringLiteral("config")), &required);
    auto cfg = ServerConfig::load(dataDir, system, required);
    if (!cfg)
        return cfg.error();
    ServerConfig c = cfg.value();
    configureLogging(c.log); // [log] of the layers; on SIGHUP this applies the new [log] too
    for (const QString &warning : c.origin.warnings)
        qWarning("%s", qPrintable(warning));
    if (p.isSet(QStringLiteral("database")))
        c.databaseUrl = p.value(QStringLiteral("database"));
    return c;
}

Result<std::unique_ptr<Vault>> openVault(const QCommandLineParser &p)
{
    auto c = configFrom(p);
    if (!c)
        return c.error();
    return Vault::open(c.value());
}

// The database alone, for commands that must not create keys or directories.
Result<std::unique_ptr<Database>> openDatabase(const QCommandLineParser &p)
{
    auto c = configFrom(p);
    if (!c)
        return c.error();
    auto spec = DatabaseSpec::parse(c->databaseUrl, c->dataDir);
    if (!spec)
        return spec.error();
    return std::make_unique<Database>(spec.value());
}

int fail(const Error &e)
{
    err() << "error: " << e.message << "\n";
    for (auto it = e.fields.begin(); it != e.fields.end(); ++it)
        err() << "  " << it.key() << ": " << it.value().toString() << "\n";
    err().flush();
    return 1;
}

int g_signalPipe[2] = {-1, -1};

void onSignal(int sig)
{
    const char c = char(sig);
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}

void installSignal(int sig)
{
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(sig, &action, nullptr);
}

// SIGHUP in `serve` and `worker`: the layers again (the same flags); when the new configuration
// is valid, the score calibration is installed and every other changed key is named as needing
// a restart; when not, the error is logged and `running` stays in force.
void reloadConfiguration(const QCommandLineParser &p, ServerConfig &running)
{
    auto next = configFrom(p);
    if (next) {
        if (auto version = installCalibration(next.value()); !version) {
            next = version.error();
        } else {
            // [log] was applied by configFrom() (configureLogging).
            for (const QString &key : running.restartNeeded(next.value()))
                qWarning("reload: setting %s changed: needs a restart", qPrintable(key));
            running.calibrationFile = next->calibrationFile;
            running.log = next->log;
            qInfo("reload: configuration re-read; score calibration: %s",
                  qPrintable(version.value()));
        }
    }
    if (!next) {
        QString fields;
        for (auto it = next.error().fields.begin(); it != next.error().fields.end(); ++it)
            fields += QStringLiteral("; %1: %2").arg(it.key(), it.value().toString());
        qWarning("reload refused, the running configuration stays: %s%s",
                 qPrintable(next.error().message), qPrintable(fields));
    }
}

// Runs the event loop until SIGINT or SIGTERM; tells the service manager READY=1 (`status`)
// first, RELOADING=1 / READY=1 around each SIGHUP's `reload`, and STOPPING=1 at the end; pings
// its watchdog when one is set.
int runUntilSignal(const QString &status, const std::function<void()> &reload)
{
    if (::pipe(g_signalPipe) == 0)
        for (int sig : {SIGINT, SIGTERM, SIGHUP})
            installSignal(sig);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        char sig = 0;
        if (::read(g_signalPipe[0], &sig, 1) == 1 && sig == SIGHUP) {
            systemd::notifyReloading();
            reload();
            systemd::notifyReady(status);
            return;
        }
        systemd::notifyStopping();
        qInfo("shutting down");
        QCoreApplication::quit();
    });
    QTimer watchdog;
    if (const quint64 usec = systemd::watchdogIntervalUsec(); usec > 0) {
        QObject::connect(&watchdog, &QTimer::timeout, [] { systemd::notifyWatchdog(); });
        watchdog.start(std::max<int>(1, int(usec / 2000))); // twice per interval
    }
    systemd::notifyReady(status);
    return QCoreApplication::exec();
}

void addWorkerOption(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("workers"),
                 QStringLiteral("Ingestion worker threads (default: one per core; 0 in serve: "
                                "none)."),
                 QStringLiteral("N")});
}

// Starts `fallback` workers (or --workers N; -1: one per core) in `root`.
Status startWorkers(const QCommandLineParser &p, ServerRoot &root, int fallback)
{
    int n = fallback;
    if (p.isSet(QStringLiteral("workers"))) {
        bool ok = false;
        n = p.value(QStringLiteral("workers")).toInt(&ok);
        if (!ok || n < 0 || n > 64)
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("bad_workers"),
                               QStringLiteral("--workers must be 0..64"));
    }
    if (n < 0)
        n = std::max(1, QThread::idealThreadCount());
    QStringList names;
    for (const auto &src : root.sources().configured)
        names << src->name();
    qInfo("ingestion: %d worker(s); external sources: %s", n,
          qPrintable(names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
    root.startWorkers(n);
    return core::okStatus();
}

int cmdServe(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    addWorkerOption(p);
    p.addOption({QStringLiteral("port"),
                 QStringLiteral("TCP port; 0 picks a free one (default 8080)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("host"),
                 QStringLiteral("Address to listen on (default 127.0.0.1)."),
                 QStringLiteral("ADDR")});
    int code = 0;
    if (!parse(p, args,
               QStringLiteral("Run the LEMM Vault HTTP API. The first line on stdout is "
                              "'listening on http://HOST:PORT' (https:// with TLS configured).") +
                   QLatin1String(kConfigHelp),
               &code))
        return code;
    auto cfg = configFrom(p);
    if (!cfg)
        return fail(cfg.error());
    ServerConfig c = cfg.value();
    if (p.isSet(QStringLiteral("host")))
        c.host = p.value(QStringLiteral("host"));
    if (p.isSet(QStringLiteral("port"))) {
        bool ok = false;
        c.port = p.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || c.port < 0 || c.port > 65535) {
            err() << "error: --port must be 0..65535\n";
            return 2;
        }
    }
    auto calibration = installCalibration(c);
    if (!calibration)
        return fail(calibration.error());
    auto root = ServerRoot::open(c);
    if (!root)
        return fail(root.error());
    Vault *vault = &root.value()->vault();
    HttpFrontend http(root.value()->router(), c);
    auto port = http.listen(c.host, quint16(c.port));
    if (!port)
        return fail(port.error());
    const QString url =
        QStringLiteral("%1%2:%3")
            .arg(http.tls() ? QStringLiteral("https://") : QStringLiteral("http://"), c.host)
            .arg(port.value());
    out() << "listening on " << url << "\n";
    out() << "data directory: " << c.dataDir << " (" << vault->db().spec().describe() << ")\n";
    out() << "score calibration: " << calibration.value() << "\n";
    // The hint only while the vault has no admin yet.
    auto admins = vault->db().query(QStringLiteral(
        "SELECT COUNT(*) FROM contributors WHERE ',' || roles || ',' LIKE '%,admin,%'"));
    if (admins && admins.value().next() && admins.value().value(0).toLongLong() == 0)
        out() << "create the first admin: lemm-vault-server create-admin --data-dir " << c.dataDir
              << " --email you@example.org   (reads the password from stdin)\n";
    out().flush();

    UploadService &sweeper = root.value()->uploads();
    QTimer sweep;
    QObject::connect(&sweep, &QTimer::timeout, [&] {
        if (auto swept = sweeper.sweepExpiredUploads(); !swept)
            qWarning("sweeping expired uploads failed: %s", qPrintable(swept.error().message));
    });
    sweep.start(5 * 60 * 1000);

    if (auto started = startWorkers(p, *root.value(), c.workers); !started)
        return fail(started.error());
    root.value()->startDispatcher();
    qInfo("outbox: %lld webhook(s)", qlonglong(c.webhooks.hooks.size()));
    return runUntilSignal(QStringLiteral("listening on ") + url,
                          [&] { reloadConfiguration(p, c); });
}

int cmdWorker(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    addWorkerOption(p);
    int code = 0;
    if (!parse(p, args,
               QStringLiteral("Run ingestion workers without the HTTP API: they claim jobs from "
                              "the database (leases; several processes may share one "
                              "PostgreSQL) until SIGINT or SIGTERM.") +
                   QLatin1String(kConfigHelp),
               &code))
        return code;
    auto cfg = configFrom(p);
    if (!cfg)
        return fail(cfg.error());
    ServerConfig running = cfg.value();
    if (auto calibration = installCalibration(running); !calibration)
        return fail(calibration.error());
    auto root = ServerRoot::open(running);
    if (!root)
        return fail(root.error());
    const int n = root.value()->vault().config().workers;
    if (auto started = startWorkers(p, *root.value(), n == 0 ? -1 : n); !started)
        return fail(started.error());
    const QString status = QStringLiteral("ingestion workers: %1 (%2)")
                               .arg(root.value()->workerCount())
                               .arg(root.value()->vault().db().spec().describe());
    out() << status << "\n";
    out().flush();
    return runUntilSignal(status, [&] { reloadConfiguration(p, running); });
}

int cmdCatalog(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    p.addPositionalArgument(QStringLiteral("build"), QStringLiteral("The action: build."));
    p.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folder of reference audio."));
    p.addOption({QStringLiteral("name"), QStringLiteral("Catalog name (required)."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("metadata"),
                 QStringLiteral("JSON file: relative path -> {title, artist, isrc}."),
                 QStringLiteral("FILE")});
    int code = 0;
    if (!parse(p, args,
               QStringLiteral("Build the reference catalog NAME (an external source for the "
                              "checks) from every audio file under DIR into "
                              "DATA/catalogs/NAME. Workers load catalogs when they start."),
               &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2 || pos.first() != QLatin1String("build") ||
        p.value(QStringLiteral("name")).isEmpty()) {
        err() << "usage: lemm-vault-server catalog build DIR --name NAME [--metadata FILE] "
                 "--data-dir DATA\n";
        err().flush();
        return 2;
    }
    auto cfg = configFrom(p);
    if (!cfg)
        return fail(cfg.error());
    auto report = buildCatalog(cfg->dataDir, p.value(QStringLiteral("name")), pos.at(1),
                               p.value(QStringLiteral("metadata")), [](const QString &line) {
                                   err() << line << "\n";
                                   err().flush();
                               });
    if (!report)
        return fail(report.error());
    out() << "catalog " << p.value(QStringLiteral("name")) << ": " << report->indexed << " tracks ("
          << QString::number(report->audioSeconds / 3600, 'f', 2) << " h), " << report->failed
          << " skipped, in " << QString::number(report->wallSeconds, 'f', 1) << " s -> "
          << report->directory << "\n";
    out().flush();
    return report->failed ? 3 : 0;
}

int cmdMigrate(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    int code = 0;
    if (!parse(p, args, QStringLiteral("Apply pending database migrations and exit."), &code))
        return code;
    auto db = openDatabase(p);
    if (!db)
        return fail(db.error());
    auto r = migrate(*db.value());
    if (!r)
        return fail(r.error());
    out() << "schema version " << r->fromVersion << " -> " << r->toVersion << "\n";
    out().flush();
    return 0;
}

QString readPassword()
{
    QTextStream in(stdin);
    return in.readLine();
}

int cmdCreateAdmin(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    p.addOption({QStringLiteral("email"), QStringLiteral("The admin's e-mail address (required)."),
                 QStringLiteral("E")});
    p.addOption({QStringLiteral("display-name"),
                 QStringLiteral("Shown name (default Administrator)."), QStringLiteral("NAME")});
    int code = 0;
    if (!parse(p, args,
               QStringLiteral("Create an admin account. The password (at least 12 "
                              "characters, not a common one) is read from the first line of "
                              "stdin."),
               &code))
        return code;
    if (p.value(QStringLiteral("email")).isEmpty()) {
        err() << "error: --email is required\n";
        return 2;
    }
    auto vault = openVault(p);
    if (!vault)
        return fail(vault.error());
    if (isatty(STDIN_FILENO)) {
        err() << "password: ";
        err().flush();
    }
    AccountService accounts(*vault.value());
    auto a = accounts.createAdmin(p.value(QStringLiteral("email")), readPassword(),
                                  p.value(QStringLiteral("display-name")));
    if (!a)
        return fail(a.error());
    out() << "created admin " << a->id << " <" << a->email << ">\n";
    out().flush();
    return 0;
}

int cmdCreateServiceAccount(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    p.addOption({QStringLiteral("name"),
                 QStringLiteral("Service name (required), e.g. training-gateway."),
                 QStringLiteral("NAME")});
    int code = 0;
    if (!parse(p, args,
               QStringLiteral("Create a `system` service account and print its API key "
                              "(shown once; send it as Authorization: Bearer KEY)."),
               &code))
        return code;
    auto vault = openVault(p);
    if (!vault)
        return fail(vault.error());
    AccountService accounts(*vault.value());
    auto key = accounts.createServiceAccount(p.value(QStringLiteral("name")));
    if (!key)
        return fail(key.error());
    out() << key.value() << "\n";
    out().flush();
    return 0;
}

int cmdApiKey(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list, revoke or rotate"));
    p.addOption({QStringLiteral("name"),
                 QStringLiteral("The key's name (revoke, rotate): its service account's name."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("json"), QStringLiteral("list: print JSON instead of a table.")});
    int code = 0;
    if (!parse(p, args,
               QStringLiteral("Manage API keys. list: name, account, created, last used (to the "
                              "minute) and revoked, never the key. revoke --name NAME: the key "
                              "stops working at once. rotate --name NAME: prints a new key once "
                              "and the old one stops working at once (also after a revoke)."),
               &code))
        return code;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    const QString name = p.value(QStringLiteral("name"));
    const bool needsName = action == QLatin1String("revoke") || action == QLatin1String("rotate");
    if (pos.size() != 1 || !(needsName || action == QLatin1String("list")) ||
        (needsName && name.isEmpty())) {
        err() << "usage: lemm-vault-server api-key list [--json] | revoke --name NAME | rotate "
                 "--name NAME  --data-dir DIR [--database URL]\n";
        err().flush();
        return 2;
    }
    auto vault = openVault(p);
    if (!vault)
        return fail(vault.error());
    CredentialService credentials(*vault.value());
    const QString actor = QStringLiteral("cli:api-key");
    if (action == QLatin1String("revoke")) {
        auto k = credentials.revokeApiKey(actor, name);
        if (!k)
            return fail(k.error());
        out() << "revoked API key " << k->name << " (account " << k->accountId << ")\n";
    } else if (action == QLatin1String("rotate")) {
        auto k = credentials.rotateApiKey(actor, name);
        if (!k)
            return fail(k.error());
        err() << "rotated API key " << name << ": the old key no longer works; the new one "
              << "follows (shown once)\n";
        err().flush();
        out() << k->key << "\n";
    } else {
        auto keys = credentials.listApiKeys();
        if (!keys)
            return fail(keys.error());
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray list;
            for (const ApiKeyInfo &k : keys.value())
                list.append(k.toJson());
            out() << QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented));
        } else {
            out() << "NAME\tACCOUNT\tCREATED\tLAST USED\tREVOKED\n";
            for (const ApiKeyInfo &k : keys.value())
                out() << k.name << "\t" << k.accountId << "\t" << k.createdAt << "\t"
                      << (k.lastUsedAt.isEmpty() ? QStringLiteral("never") : k.lastUsedAt) << "\t"
                      << (k.revokedAt.isEmpty() ? QStringLiteral("no") : k.revokedAt) << "\n";
        }
    }
    out().flush();
    return 0;
}

// The public key given to `proof check --public-key`: a file holding it, or the hex itself.
Result<QByteArray> pinnedKey(const QString &value)
{
    QFile f(value);
    const QByteArray text =
        f.exists() && f.open(QIODevice::ReadOnly) ? f.readAll() : value.toUtf8();
    return core::crypto::parsePublicKey(text);
}

int printCheck(const proofs::CheckReport &r)
{
    for (const QString &note : r.notes)
        out() << "note: " << note << "\n";
    out().flush();
    if (!r.ok()) {
        for (const QString &problem : r.problems)
            err() << "proof FAILED: " << problem << "\n";
        err().flush();
        return 1;
    }
    out() << "proof OK: " << r.kind << ", " << r.entries
          << " audit entries, statement recomputed from them\n";
    out().flush();
    return 0;
}

// `proof check FILE [--public-key FILE|HEX] [--data-dir DIR]`: no database needed.
int checkProofFile(const QCommandLineParser &p, const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return fail(Error::make(ErrorKind::InvalidInput, QStringLiteral("unreadable"),
                                QStringLiteral("cannot read %1").arg(file)));
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    QByteArray key;
    if (p.isSet(QStringLiteral("public-key"))) {
        auto k = pinnedKey(p.value(QStringLiteral("public-key")));
        if (!k)
            return fail(k.error());
        key = k.value();
    }
    const proofs::CheckReport report = proofs::checkDocument(doc, key);
    if (!report.ok() || p.value(QStringLiteral("data-dir")).isEmpty())
        return printCheck(report);
    auto db = openDatabase(p);
    if (!db)
        return fail(db.error());
    auto n = compareWithLog(*db.value(), doc);
    if (!n)
        return fail(n.error());
    out() << "this vault's audit log holds all " << n.value() << " entries unchanged\n";
    return printCheck(report);
}

int cmdProof(const QStringList &args)
{
    QCommandLineParser p;
    addCommon(p);
    p.addOption({QStringLiteral("public-key"),
                 QStringLiteral("proof check: the server's public key (a file or 64 hex digits)."),
                 QStringLiteral("KEY")});
    p.addPositionalArgument(QStringLiteral("KIND"),
                            QStringLiteral("model, output, receipt or check"));
    p.addPositionalArgument(QStringLiteral("ID"),
                            QStringLiteral("model id, output id, track id or file"));
    int code = 0;
    const bool checking = args.value(1) == QLatin1String("check");
    if (!parse(p, args,
               QStringLiteral("Print a self-contained, signed proof (JSON) that model M was "
                              "trained only on its recorded runs and packs, that output O was "
                              "checked, or a receipt of track T; or check a proof FILE offline "
                              "(no --data-dir needed; exit 0 when it verifies)."),
               &code, !checking))
        return code;
    const QStringList pos = p.positionalArguments();
    const QStringList kinds{QStringLiteral("model"), QStringLiteral("output"),
                            QStringLiteral("receipt"), QStringLiteral("check")};
    if (pos.size() != 2 || !kinds.contains(pos[0])) {
        err() << "usage: lemm-vault-server proof model M | output O | receipt T --data-dir DIR\n"
                 "       lemm-vault-server proof check FILE [--public-key KEY] [--data-dir DIR]\n";
        err().flush();
        return 2;
    }
    if (pos[0] == QLatin1String("check"))
        return checkProofFile(p, pos[1]);
    auto vault = openVault(p);
    if (!vault)
        return fail(vault.error());
    auto proof = pos[0] == QLatin1String("model")    ? modelProof(*vault.value(), pos[1])
                 : pos[0] == QLatin1String("output") ? outputProof(*vault.value(), pos[1])
                                                     : trackReceipt(*vault.value(), pos[1]);
    if (!proof)
        return fail(proof.error());
    out() << QString::fromUtf8(QJsonDocument(proof.value()).toJson(QJsonDocument::Indented));
    out().flush();
    return 0;
}

} // namespace

int runCli(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lemm-vault-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LEMM_VERSION));
    installLogging(); // structured stderr lines (or the journal) for every command
    QStringList args = app.arguments();
    const QString cmd = args.value(1);
    if (cmd.isEmpty() || cmd == QLatin1String("--help") || cmd == QLatin1String("-h") ||
        cmd == QLatin1String("help")) {
        out() << kUsage;
        out().flush();
        return cmd.isEmpty() ? 2 : 0;
    }
    if (cmd == QLatin1String("--version")) {
        out() << "lemm-vault-server " << LEMM_VERSION << "\n";
        return 0;
    }
    if (cmd == QLatin1String("similarity"))
        return runSimilarityCli(args);
    args.removeAt(1); // QCommandLineParser expects argv[0] then the options
    if (cmd == QLatin1String("serve"))
        return cmdServe(args);
    if (cmd == QLatin1String("worker"))
        return cmdWorker(args);
    if (cmd == QLatin1String("index-shard"))
        return runIndexShard(args, [] {
            // A shard re-reads nothing on SIGHUP (its settings come with --shard/--of).
            return runUntilSignal(QStringLiteral("index shard ready"), [] {});
        });
    if (cmd == QLatin1String("catalog"))
        return cmdCatalog(args);
    if (cmd == QLatin1String("proof"))
        return cmdProof(args);
    if (cmd == QLatin1String("migrate"))
        return cmdMigrate(args);
    if (cmd == QLatin1String("create-admin"))
        return cmdCreateAdmin(args);
    if (cmd == QLatin1String("create-service-account"))
        return cmdCreateServiceAccount(args);
    if (cmd == QLatin1String("verify-audit"))
        return runVerifyAudit(args);
    if (cmd == QLatin1String("audit"))
        return runAuditCli(args);
    if (cmd == QLatin1String("api-key"))
        return cmdApiKey(args);
    err() << "unknown command '" << cmd << "'\n\n" << kUsage;
    err().flush();
    return 2;
}

} // namespace lemm::server
