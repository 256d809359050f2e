#include "offline_cache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

namespace lemm::app {

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

OfflineCache::OfflineCache(const QString &path)
    : m_path(path), m_connection(QStringLiteral("lemm-cache-") + QUuid::createUuid().toString())
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return;
    QSqlQuery q(db);
    m_open = q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, "
                                   "body TEXT NOT NULL, fetched_at TEXT NOT NULL)")) &&
             q.exec(QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS queued_votes (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                 "track_id TEXT NOT NULL, vote TEXT NOT NULL, note TEXT NOT NULL, queued_at TEXT "
                 "NOT NULL, state TEXT NOT NULL, problem TEXT NOT NULL DEFAULT '')"));
}

OfflineCache::~OfflineCache()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void OfflineCache::put(const QString &key, const QJsonObject &value)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO documents (key, body, fetched_at) VALUES "
                             "(?, ?, ?)"));
    q.addBindValue(key);
    q.addBindValue(QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact)));
    q.addBindValue(now());
    q.exec();
}

int OfflineCache::trimTo(qint64 maxBytes)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT key, length(CAST(body AS BLOB)) FROM documents "
                               "ORDER BY fetched_at DESC, rowid DESC")))
        return 0;
    qint64 kept = 0;
    QStringList drop;
    while (q.next()) {
        kept += q.value(1).toLongLong();
        if (kept > maxBytes)
            drop << q.value(0).toString();
    }
    QSqlQuery del(QSqlDatabase::database(m_connection));
    del.prepare(QStringLiteral("DELETE FROM documents WHERE key = ?"));
    int removed = 0;
    for (const QString &key : std::as_const(drop)) {
        del.addBindValue(key);
        removed += del.exec() ? 1 : 0;
    }
    return removed;
}

std::optional<QJsonObject> OfflineCache::get(const QString &key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT body FROM documents WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
}

QString OfflineCache::fetchedAt(const QString &key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT fetched_at FROM documents WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

qint64 OfflineCache::queueVote(const QString &trackId, const QString &vote, const QString &note)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO queued_votes (track_id, vote, note, queued_at, state) "
                             "VALUES (?, ?, ?, ?, 'queued')"));
    q.addBindValue(trackId);
    q.addBindValue(vote);
    q.addBindValue(note.isNull() ? QStringLiteral("") : note); // a null QString binds as NULL
    q.addBindValue(now());
    if (!q.exec())
        return 0;
    return q.lastInsertId().toLongLong();
}

QList<QueuedVote> OfflineCache::votes(const QString &state) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT id, track_id, vote, note, queued_at, state, problem FROM "
                             "queued_votes%1 ORDER BY id")
                  .arg(state.isEmpty() ? QString() : QStringLiteral(" WHERE state = ?")));
    if (!state.isEmpty())
        q.addBindValue(state);
    QList<QueuedVote> out;
    if (!q.exec())
        return out;
    while (q.next())
        out << QueuedVote{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                          q.value(3).toString(),   q.value(4).toString(), q.value(5).toString(),
                          q.value(6).toString()};
    return out;
}

void OfflineCache::removeVote(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("DELETE FROM queued_votes WHERE id = ?"));
    q.addBindValue(id);
    q.exec();
}

void OfflineCache::markConflict(qint64 id, const QString &problem)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(
        QStringLiteral("UPDATE queued_votes SET state = 'conflict', problem = ? WHERE id = ?"));
    q.addBindValue(problem);
    q.addBindValue(id);
    q.exec();
}

QString OfflineCache::defaultPath(const QString &serverUrl, const QString &accountId)
{
    const QByteArray key =
        QCryptographicHash::hash((serverUrl + QLatin1Char('\n') + accountId).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/offline-") + QString::fromLatin1(key) + QStringLiteral(".sqlite");
}

} // namespace lemm::app
