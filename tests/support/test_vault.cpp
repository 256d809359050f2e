#include "test_vault.h"

#include "test_backend.h"

#include "core/domain/terms.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>

namespace lemm::test {

using namespace lemm::server;

TestVault::TestVault() : TestVault([](ServerConfig &) {}) {}

TestVault::~TestVault() = default;

TestVault::TestVault(const std::function<void(ServerConfig &)> &configure)
{
    if (!m_dir.isValid())
        qFatal("cannot create a temporary directory");
    m_dbUrl = freshDatabaseUrl();
    auto cfg = ServerConfig::load(m_dir.path());
    if (!cfg)
        qFatal("config: %s", qPrintable(cfg.error().message));
    ServerConfig c = cfg.value();
    c.databaseUrl = m_dbUrl;
    configure(c);
    auto v = Vault::open(c);
    if (!v)
        qFatal("vault: %s", qPrintable(v.error().message));
    m_vault = std::move(v).value();
    m_vault->setClock([this] { return m_now; });
}

ServerRoot &TestVault::root()
{
    if (!m_root) {
        auto sources = loadSourceSet(m_vault->config());
        if (!sources)
            qFatal("sources: %s", qPrintable(sources.error().message));
        m_root = std::make_unique<ServerRoot>(*m_vault, std::move(sources).value());
    }
    return *m_root;
}

Account TestVault::person(const QString &email, core::RoleSet roles, bool verified, bool affirmed)
{
    AccountService accounts(*m_vault);
    auto a = accounts.registerAccount(
        QJsonObject{{QStringLiteral("email"), email},
                    {QStringLiteral("password"), QStringLiteral("password-of-") + email},
                    {QStringLiteral("display_name"), email.section(QLatin1Char('@'), 0, 0)}});
    if (!a)
        qFatal("register: %s", qPrintable(a.error().message));
    if (verified) {
        auto v = accounts.verifyEmail(
            QJsonObject{{QStringLiteral("token"), latestMailToken(dataDir(), email)}});
        if (!v)
            qFatal("verify: %s", qPrintable(v.error().message));
    }
    if (affirmed) {
        auto f = accounts.affirm(
            a.value(), QJsonObject{{QStringLiteral("terms_version"), core::currentTerms().version},
                                   {QStringLiteral("rights_holder_affirmed"), true}});
        if (!f)
            qFatal("affirm: %s", qPrintable(f.error().message));
    }
    if (roles != core::RoleSet{core::Role::Contributor}) {
        auto conn = m_vault->db().connection();
        auto q = exec(conn.value(),
                      QStringLiteral("UPDATE contributors SET roles = ? WHERE contributor_id = ?"),
                      {core::roleNames(roles).join(QLatin1Char(',')), a->id});
        if (!q)
            qFatal("roles: %s", qPrintable(q.error().message));
    }
    return accounts.find(a->id).value();
}

Account TestVault::service(const QString &name, QString *apiKey)
{
    AccountService accounts(*m_vault);
    auto key = accounts.createServiceAccount(name);
    if (!key)
        qFatal("service account: %s", qPrintable(key.error().message));
    if (apiKey)
        *apiKey = key.value();
    return accounts.authenticate(key.value()).value();
}

QString latestMailToken(const QString &dataDir, const QString &email, const QString &field)
{
    QDir dir(QDir(dataDir).filePath(QStringLiteral("outbox/mail")));
    const QStringList files =
        dir.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name | QDir::Reversed);
    const QRegularExpression tokenRe(QRegularExpression::escape(field) +
                                     QStringLiteral(": (\\S+)"));
    for (const QString &f : files) {
        QFile file(dir.filePath(f));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QString text = QString::fromUtf8(file.readAll());
        if (!text.contains(QStringLiteral("To: ") + email + QStringLiteral("\r\n")))
            continue;
        const auto m = tokenRe.match(text);
        if (m.hasMatch())
            return m.captured(1);
    }
    return {};
}

} // namespace lemm::test
