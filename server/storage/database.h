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

private:
    DatabaseSpec m_spec;
    QString m_prefix;
};

// Prepares, binds positional values and executes; a failure becomes an Internal error that
// names the statement's first words (never the bound values).
Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});

// BEGIN (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing on upgrade) ... COMMIT;
// rolls back in the destructor unless commit() succeeded.
class Transaction
{
public:
    Transaction(QSqlDatabase db, Dialect dialect);
    ~Transaction();
    Status begin();
    Status commit();

private:
    QSqlDatabase m_db;
    Dialect m_dialect;
    bool m_open = false;
};

} // namespace lemm::server
