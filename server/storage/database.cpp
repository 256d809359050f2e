#include "server/storage/database.h"

#include <QAtomicInteger>
#include <QDir>
#include <QSqlError>
#include <QThread>
#include <QUrl>

namespace lemm::server {

Result<DatabaseSpec> DatabaseSpec::parse(const QString &url, const QString &dataDir)
{
    DatabaseSpec s;
    if (url.isEmpty()) {
        s.sqlitePath = QDir(dataDir).filePath(QStringLiteral("vault.sqlite3"));
        return s;
    }
    if (url.startsWith(QLatin1String("sqlite:"))) {
        QString path = url.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2);
        if (path.isEmpty())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_database_url"),
                               QStringLiteral("sqlite URL names no file"));
        s.sqlitePath = QDir::isAbsolutePath(path) ? path : QDir(dataDir).filePath(path);
        return s;
    }
    const QUrl u(url);
    if (u.isValid() &&
        (u.scheme() == QLatin1String("postgresql") || u.scheme() == QLatin1String("postgres"))) {
        s.dialect = Dialect::Postgres;
        s.host = u.host().isEmpty() ? QStringLiteral("localhost") : u.host();
        s.port = u.port(5432);
        s.user = u.userName();
        s.password = u.password();
        s.name = u.path().mid(1);
        if (s.name.isEmpty())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_database_url"),
                               QStringLiteral("PostgreSQL URL names no database: use "
                                              "postgresql://user@host:port/db"));
        return s;
    }
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_database_url"),
                       QStringLiteral("unsupported database URL; use sqlite:PATH or "
                                      "postgresql://user@host:port/db"));
}

QString DatabaseSpec::describe() const
{
    if (dialect == Dialect::Sqlite)
        return QStringLiteral("sqlite:%1").arg(sqlitePath);
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(name);
}

namespace {
QAtomicInteger<quint64> g_instances;
QAtomicInteger<quint64> g_threads;
// A per-thread number that is never reused, unlike native thread ids.
quint64 threadSerial()
{
    thread_local const quint64 serial = g_threads.fetchAndAddRelaxed(1) + 1;
    return serial;
}
} // namespace

Database::Database(DatabaseSpec spec)
    : m_spec(std::move(spec)),
      m_prefix(QStringLiteral("lemm_db_%1_").arg(g_instances.fetchAndAddRelaxed(1)))
{
}

Database::~Database()
{
    // Connections of other threads die with their threads' QSqlDatabase handles; remove the
    // names so a later Database of the same process can reuse the driver cleanly.
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &n : names)
        if (n.startsWith(m_prefix))
            QSqlDatabase::removeDatabase(n);
}

Result<QSqlDatabase> Database::connection() const
{
    const QString name = m_prefix + QString::number(threadSerial());
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(name);
    }
    QSqlDatabase db;
    if (m_spec.dialect == Dialect::Sqlite) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_spec.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_spec.host);
        db.setPort(m_spec.port);
        db.setUserName(m_spec.user);
        db.setPassword(m_spec.password);
        db.setDatabaseName(m_spec.name);
    }
    if (!db.isValid())
        return Error::make(ErrorKind::Unavailable, QStringLiteral("database_driver_missing"),
                           QStringLiteral("the Qt SQL driver for %1 is not installed")
                               .arg(m_spec.dialect == Dialect::Sqlite
                                        ? QStringLiteral("SQLite")
                                        : QStringLiteral("PostgreSQL")));
    if (!db.open())
        return Error::make(
            ErrorKind::Unavailable, QStringLiteral("database_unavailable"),
            QStringLiteral("cannot open %1: %2").arg(m_spec.describe(), db.lastError().text()));
    if (m_spec.dialect == Dialect::Sqlite) {
        for (const char *pragma :
             {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
            auto r = exec(db, QString::fromLatin1(pragma));
            if (!r)
                return r.error();
        }
    } else {
        auto r = exec(db, QStringLiteral("SET client_min_messages TO WARNING"));
        if (!r)
            return r.error();
    }
    return db;
}

Status Database::beforeCommit(const Tx &tx) const
{
    if (!tx.auditAppended() || !m_auditPreCommit)
        return core::okStatus();
    return m_auditPreCommit(tx);
}

Result<QSqlQuery> Database::query(const QString &sql, const QVariantList &binds) const
{
    auto conn = connection();
    if (!conn)
        return conn.error();
    return exec(conn.value(), sql, binds);
}

Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    auto fail = [&](const QSqlError &e) {
        const QString head = sql.simplified().section(QLatin1Char(' '), 0, 3);
        return Error::make(
            ErrorKind::Internal, QStringLiteral("database_error"),
            QStringLiteral("database statement '%1 ...' failed: %2").arg(head, e.text()));
    };
    if (binds.isEmpty()) {
        if (!q.exec(sql))
            return fail(q.lastError());
        return q;
    }
    if (!q.prepare(sql))
        return fail(q.lastError());
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError());
    return q;
}

QString Tx::forUpdate() const
{
    return m_dialect == Dialect::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
}

Result<QSqlQuery> exec(const Tx &tx, const QString &sql, const QVariantList &binds)
{
    return exec(tx.m_db, sql, binds);
}

Transaction::Transaction(QSqlDatabase db, Dialect dialect) : m_tx(std::move(db), dialect) {}

Transaction::~Transaction()
{
    if (m_open && !exec(m_tx.m_db, QStringLiteral("ROLLBACK")))
        qWarning("database: ROLLBACK failed; the connection is reset when its thread ends");
}

Status Transaction::begin()
{
    auto r = exec(m_tx.m_db, m_tx.m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                               : QStringLiteral("BEGIN"));
    if (!r)
        return r.error();
    m_open = true;
    return core::okStatus();
}

Status Transaction::commit()
{
    auto r = exec(m_tx.m_db, QStringLiteral("COMMIT"));
    if (!r)
        return r.error();
    m_open = false;
    auto work = std::move(m_tx.m_afterCommit);
    m_tx.m_afterCommit.clear();
    for (const auto &w : work)
        w();
    return core::okStatus();
}

} // namespace lemm::server
