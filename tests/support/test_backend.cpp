#include "test_backend.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

namespace lemm::test {

namespace {
QString baseUrl()
{
    const QString file = qEnvironmentVariable("LEMM_TEST_PG_URL_FILE");
    if (file.isEmpty())
        return {};
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("LEMM_TEST_PG_URL_FILE is set but %s is unreadable: did the postgres fixture start?",
               qPrintable(file));
    return QString::fromUtf8(f.readAll()).trimmed();
}
} // namespace

bool usingPostgres()
{
    return !qEnvironmentVariable("LEMM_TEST_PG_URL_FILE").isEmpty();
}

QString backendName()
{
    return usingPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}

QString freshDatabaseUrl()
{
    if (!usingPostgres())
        return {};
    const QUrl base(baseUrl());
    const QString name =
        QStringLiteral("lemm_t_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("lemm_test_admin"));
        db.setHostName(base.host());
        db.setPort(base.port(5432));
        db.setUserName(base.userName());
        db.setDatabaseName(base.path().mid(1));
        if (!db.open())
            qFatal("cannot reach the test PostgreSQL: %s", qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(name)))
            qFatal("CREATE DATABASE failed: %s", qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("lemm_test_admin"));
    QUrl u = base;
    u.setPath(QLatin1Char('/') + name);
    return u.toString();
}

} // namespace lemm::test
