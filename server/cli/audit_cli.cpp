#include "server/cli/audit_cli.h"

#include "server/cli/cli_output.h"
#include "server/storage/audit_log.h"
#include "server/storage/transparency_log.h"
#include "server/storage/vault.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

namespace lemm::server {

namespace {

using cli_io::err;
using cli_io::fail;
using cli_io::out;

// Parses the options; nullopt to go on, else the exit code (help printed, or a usage error).
std::optional<int> parse(QCommandLineParser &p, const QStringList &args, const QString &description)
{
    p.setApplicationDescription(description);
    p.addHelpOption();
    p.addOption({QStringLiteral("data-dir"), QStringLiteral("Vault data directory (required)."),
                 QStringLiteral("DIR")});
    p.addOption(
        {QStringLiteral("database"),
         QStringLiteral("Database URL: default SQLite in DIR; postgresql://user@host:port/db."),
         QStringLiteral("URL")});
    p.addOption({QStringLiteral("config"),
                 QStringLiteral("System configuration file (default LEMM_CONFIG, else "
                                "/etc/lemm-vault/lemm-vault.ini)."),
                 QStringLiteral("FILE")});
    if (!p.parse(args)) {
        err() << p.errorText() << "\n" << p.helpText();
        err().flush();
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out() << p.helpText();
        out().flush();
        return 0;
    }
    if (p.value(QStringLiteral("data-dir")).isEmpty())
        return fail(QStringLiteral("--data-dir DIR is required"), 2);
    return std::nullopt;
}

// The layers as `serve` reads them; a data directory that does not exist is an error.
Result<ServerConfig> configFrom(const QCommandLineParser &p)
{
    const QString dataDir = p.value(QStringLiteral("data-dir"));
    if (auto dir = ensureDataDirectory(dataDir, false); !dir)
        return dir.error();
    bool required = false;
    const QString system = systemConfigFile(p.value(QStringLiteral("config")), &required);
    auto cfg = ServerConfig::load(dataDir, system, required);
    if (!cfg)
        return cfg.error();
    ServerConfig c = cfg.value();
    if (p.isSet(QStringLiteral("database")))
        c.databaseUrl = p.value(QStringLiteral("database"));
    return c;
}

Result<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("unreadable"),
                           QStringLiteral("cannot read %1").arg(path));
    return f.read(1 << 20);
}

int printHead(const Vault &vault)
{
    auto head = TransparencyLog::newestHead(vault.db(), vault.signingKey().keyId());
    if (!head)
        return fail(head.error().message);
    if (!*head)
        return fail(QStringLiteral("no signed tree head is stored"));
    out() << QString::fromUtf8(QJsonDocument((*head)->toJson()).toJson(QJsonDocument::Indented));
    out().flush();
    return 0;
}

int printPublicKey(const Vault &vault, const QString &format)
{
    const QByteArray key = vault.signingKey().publicKey();
    if (format == QLatin1String("json"))
        out() << QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("public_key"), QString::fromLatin1(key.toHex())},
                            {QStringLiteral("key_id"), vault.signingKey().keyId()},
                            {QStringLiteral("algorithm"), QStringLiteral("ed25519")}})
                .toJson(QJsonDocument::Indented));
    else
        out() << key.toHex() << "\n";
    out().flush();
    return 0;
}

// --public-key FILE, else the public half of the vault's own signing key file.
Result<QByteArray> publicKeyFor(const QCommandLineParser &p, const ServerConfig &config)
{
    if (p.isSet(QStringLiteral("public-key"))) {
        auto text = readFile(p.value(QStringLiteral("public-key")));
        if (!text)
            return text.error();
        return core::crypto::parsePublicKey(*text);
    }
    auto key = readSigningKey(signingKeyPath(config.dataDir, config.signingKeyFile));
    if (!key)
        return Error::make(
            key.error().kind, key.error().code,
            QStringLiteral("%1 (or pass --public-key FILE)").arg(key.error().message));
    return key->publicKey();
}

Result<std::optional<SignedTreeHead>> savedHeadFor(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("since-head")))
        return std::optional<SignedTreeHead>();
    auto text = readFile(p.value(QStringLiteral("since-head")));
    if (!text)
        return text.error();
    auto head = SignedTreeHead::fromJsonText(*text);
    if (!head)
        return head.error();
    return std::optional<SignedTreeHead>(*head);
}

// The hash chain, as verify-audit always checked it; true when it holds.
bool chainHolds(const Database &db, int *code)
{
    auto r = AuditLog::verify(db);
    if (!r) {
        *code = fail(r.error().message);
        return false;
    }
    if (!r->ok) {
        err() << "audit chain BROKEN: " << r->problem << "\n";
        err().flush();
        *code = 1;
        return false;
    }
    out() << "audit chain OK: " << r->entries << " entries, head " << r->headHash << "\n";
    out().flush();
    return true;
}

int reportTransparency(const TransparencyReport &r, const std::optional<SignedTreeHead> &saved)
{
    if (!r.ok) {
        err() << "transparency log BROKEN: " << r.problem << "\n";
        err().flush();
        return 1;
    }
    out() << "transparency log OK: " << r.entries << " entries, root " << r.root.toHex()
          << ", signed tree head of " << r.newestHead->timestamp << " by key "
          << r.newestHead->keyId << "\n";
    if (saved)
        out() << "consistent with the saved tree head of size " << saved->treeSize << " ("
              << saved->timestamp << ")\n";
    out().flush();
    return 0;
}

} // namespace

int runAuditCli(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("WHAT"), QStringLiteral("head or public-key"));
    p.addOption({QStringLiteral("format"), QStringLiteral("public-key: hex (default) or json."),
                 QStringLiteral("FORMAT"), QStringLiteral("hex")});
    if (auto code = parse(p, args,
                          QStringLiteral("Print the transparency log's newest signed tree head "
                                         "(JSON: save it off the machine and pass it to "
                                         "verify-audit --since-head later) or the public key "
                                         "that signs the heads.")))
        return *code;
    const QStringList pos = p.positionalArguments();
    const QString format = p.value(QStringLiteral("format"));
    if (pos.size() != 1 ||
        (pos[0] != QLatin1String("head") && pos[0] != QLatin1String("public-key")) ||
        (format != QLatin1String("hex") && format != QLatin1String("json")))
        return fail(QStringLiteral("usage: lemm-vault-server audit head | public-key "
                                   "[--format hex|json] --data-dir DIR"),
                    2);
    auto config = configFrom(p);
    if (!config)
        return fail(config.error().message);
    auto vault = Vault::open(config.value());
    if (!vault)
        return fail(vault.error().message);
    return pos[0] == QLatin1String("head") ? printHead(**vault) : printPublicKey(**vault, format);
}

int runVerifyAudit(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("since-head"),
                 QStringLiteral("A tree head saved earlier (audit head, a witness file line): "
                                "prove the log only grew since."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("public-key"),
                 QStringLiteral("The public key heads must be signed by (hex, or the JSON of "
                                "audit public-key --format json); default: the vault's own."),
                 QStringLiteral("FILE")});
    if (auto code = parse(p, args,
                          QStringLiteral("Check every link of the audit log's hash chain, "
                                         "recompute its Merkle tree and check the newest signed "
                                         "tree head against it; with --since-head, prove the "
                                         "log is consistent with a head saved earlier. Exits 0 "
                                         "when all holds, 1 naming the first problem.")))
        return *code;
    auto config = configFrom(p);
    if (!config)
        return fail(config.error().message);
    auto saved = savedHeadFor(p);
    if (!saved)
        return fail(saved.error().message, 2);
    auto publicKey = publicKeyFor(p, *config);
    if (!publicKey)
        return fail(publicKey.error().message, 2);
    auto spec = DatabaseSpec::parse(config->databaseUrl, config->dataDir);
    if (!spec)
        return fail(spec.error().message);
    const Database db(spec.value());
    int code = 0;
    if (!chainHolds(db, &code))
        return code;
    auto report = TransparencyLog::verify(db, *publicKey, *saved);
    if (!report)
        return fail(report.error().message);
    return reportTransparency(*report, *saved);
}

} // namespace lemm::server
