#pragma once
// Relational storage through Qt SQL: SQLite (WAL) in the data directory by default, PostgreSQL
// (QPSQL) on the scale path. Qt SQL connections belong to the thread that opened them, so
// connection() opens one named connection per (Database, thread) pair on first use.
// A Database is shared by all threads; it is thread-safe.

#include "core/base/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <vector>

namespace lemm::server {

using core::Error;
using core::ErrorKind;
using core::Result;
using core::Status;

enum class Dialect { Sqlite, Postgres };

struct DatabaseSpec {
    Dialect dialect = Dialect::Sqlite;
    QString sqlitePath;
    QString host, user, password, name;
    int port = 5432;

    // "" -> SQLite at DIR/vault.sqlite3; "sqlite:///abs/path" or "sqlite:relative";
    // "postgresql://user[:password]@host[:port]/db".
    static Result<DatabaseSpec> parse(const QString &url, const QString &dataDir);
    QString describe() const; // for logs: never includes the password
};

class Tx;

class Database
{
public:
    explicit Database(DatabaseSpec spec);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    Dialect dialect() const { return m_spec.dialect; }
    const DatabaseSpec &spec() const { return m_spec; }

    // This thread's connection, opened (and configured) on first use.
    Result<QSqlDatabase> connection() const;
    // Runs one statement on this thread's connection (outside any explicit transaction).
    Result<QSqlQuery> query(const QString &sql, const QVariantList &binds = {}) const;

    // Work that must happen inside every transaction that appended audit entries, just before
    // transact() commits it: the transparency log signs its tree head there
    // (server/storage/transparency_log.h). Set once, before the database is shared between
    // threads (Vault::open does); the hook itself must be thread-safe.
    using PreCommitHook = std::function<Status(const Tx &)>;
    void setAuditPreCommitHook(PreCommitHook hook) { m_auditPreCommit = std::move(hook); }
    // Runs the hook when `tx` appended audit entries (Tx::markAuditAppended) and one is set.
    Status beforeCommit(const Tx &tx) const;

private:
    DatabaseSpec m_spec;
    QString m_prefix;
    PreCommitHook m_auditPreCommit;
};

// Prepares, binds positional values and executes; a failure becomes an Internal error that
// names the statement's first words (never the bound values).
Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});

// Work inside one open transaction. Only a Transaction makes a Tx, so a function that takes
// `const Tx &` can only run inside a caller's transaction: the compiler, not a naming
// convention, carries "inside the caller's transaction". Lives on the thread whose connection
// it uses and only as long as its Transaction; not copyable.
class Tx
{
public:
    Tx(const Tx &) = delete;
    Tx &operator=(const Tx &) = delete;

    Dialect dialect() const { return m_dialect; }
    // " FOR UPDATE" on PostgreSQL: the selected rows stay locked until commit. SQLite needs no
    // row lock: BEGIN IMMEDIATE already admits one writer at a time.
    QString forUpdate() const;

    // AuditLog::append marks the transaction; transact() then runs the database's audit
    // pre-commit hook in it (see Database::setAuditPreCommitHook).
    void markAuditAppended() const { m_auditAppended = true; }
    bool auditAppended() const { return m_auditAppended; }
    // Runs `work` on this thread right after this transaction committed; never after a
    // rollback. For effects outside the database that must only follow durable data (the
    // witness file of the transparency log).
    void afterCommit(std::function<void()> work) const { m_afterCommit.push_back(std::move(work)); }

private:
    friend class Transaction;
    friend Result<QSqlQuery> exec(const Tx &tx, const QString &sql, const QVariantList &binds);
    Tx(QSqlDatabase db, Dialect dialect) : m_db(std::move(db)), m_dialect(dialect) {}
    QSqlDatabase m_db;
    Dialect m_dialect;
    mutable bool m_auditAppended = false;
    mutable std::vector<std::function<void()>> m_afterCommit;
};

// exec() on the transaction's connection.
Result<QSqlQuery> exec(const Tx &tx, const QString &sql, const QVariantList &binds = {});

// BEGIN (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing on upgrade) ... COMMIT;
// rolls back in the destructor unless commit() succeeded. tx() is the handle the work inside
// receives; valid between begin() and commit().
class Transaction
{
public:
    Transaction(QSqlDatabase db, Dialect dialect);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    Status begin();
    Status commit();
    const Tx &tx() const { return m_tx; }

private:
    Tx m_tx;
    bool m_open = false;
};

// Runs `work(const Tx &)` inside one transaction on this thread's connection of `database`;
// commits when it returns a value (after the database's audit pre-commit hook, when the work
// appended audit entries), rolls back when it returns an error.
template <typename F>
auto transact(const Database &database, F &&work) -> decltype(work(std::declval<const Tx &>()))
{
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    Transaction transaction(conn.value(), database.dialect());
    if (auto b = transaction.begin(); !b)
        return b.error();
    auto result = work(transaction.tx());
    if (!result)
        return result;
    if (auto hook = database.beforeCommit(transaction.tx()); !hook)
        return hook.error();
    if (auto c = transaction.commit(); !c)
        return c.error();
    return result;
}

} // namespace lemm::server
