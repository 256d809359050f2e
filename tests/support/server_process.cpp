#include "server_process.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

namespace lemm::test {

QString serverBinary()
{
    const QString bin = qEnvironmentVariable("LEMM_TEST_SERVER_BIN");
    if (bin.isEmpty())
        qFatal("LEMM_TEST_SERVER_BIN is not set (run the tests through ctest)");
    return bin;
}

CliResult runCli(const QStringList &args, const QByteArray &stdinData,
                 const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(serverBinary(), args);
    p.waitForStarted();
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString createServiceKey(const QString &name, const QStringList &vaultArgs)
{
    const CliResult r =
        runCli(QStringList{QStringLiteral("create-service-account"), QStringLiteral("--name"), name}
               << vaultArgs);
    if (r.exitCode != 0)
        qFatal("service account %s: %s", qPrintable(name), qPrintable(r.err));
    return r.out.trimmed();
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QString &dataDir, const QString &databaseUrl,
                          const QProcessEnvironment &env, const QStringList &extraArgs)
{
    QStringList args{QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir,
                     QStringLiteral("--port"), QStringLiteral("0")};
    if (!databaseUrl.isEmpty())
        args << QStringLiteral("--database") << databaseUrl;
    args << extraArgs;
    if (!launch(args, env, QStringLiteral("^listening on (https?://[^ ]+)$")))
        return false;
    return true;
}

bool ServerProcess::startIndexShard(const QString &dataDir, const QString &databaseUrl, int shard,
                                    int of, const QProcessEnvironment &env)
{
    QStringList args{
        QStringLiteral("index-shard"), QStringLiteral("--data-dir"), dataDir,
        QStringLiteral("--port"),      QStringLiteral("0"),          QStringLiteral("--shard"),
        QString::number(shard),        QStringLiteral("--of"),       QString::number(of)};
    if (!databaseUrl.isEmpty())
        args << QStringLiteral("--database") << databaseUrl;
    return launch(args, env, QStringLiteral("^listening on (https?://[^ ]+)$"));
}

bool ServerProcess::startWithAdmin(const QString &dataDir, const QString &email,
                                   const QByteArray &password, int workers)
{
    return startWithAdmin(dataDir, email, password, {}, QProcessEnvironment::systemEnvironment(),
                          {QStringLiteral("--workers"), QString::number(workers)});
}

bool ServerProcess::startWithAdmin(const QString &dataDir, const QString &email,
                                   const QByteArray &password, const QString &databaseUrl,
                                   const QProcessEnvironment &env, const QStringList &extraArgs)
{
    QStringList args{QStringLiteral("create-admin"), QStringLiteral("--data-dir"), dataDir,
                     QStringLiteral("--email"), email};
    if (!databaseUrl.isEmpty())
        args << QStringLiteral("--database") << databaseUrl;
    const CliResult admin = runCli(args, password + '\n');
    if (admin.exitCode != 0) {
        m_error = QStringLiteral("create-admin: ") + admin.err;
        return false;
    }
    return start(dataDir, databaseUrl, env, extraArgs);
}

bool ServerProcess::startWorker(const QString &dataDir, const QString &databaseUrl,
                                const QProcessEnvironment &env)
{
    QStringList args{QStringLiteral("worker"), QStringLiteral("--data-dir"), dataDir};
    if (!databaseUrl.isEmpty())
        args << QStringLiteral("--database") << databaseUrl;
    return launch(args, env, QStringLiteral("^(ingestion workers: .*)$"));
}

bool ServerProcess::launch(const QStringList &args, const QProcessEnvironment &env,
                           const QString &ready)
{
    m_proc.setProcessEnvironment(env);
    m_proc.setProcessChannelMode(QProcess::SeparateChannels);
    m_proc.start(serverBinary(), args);
    if (!m_proc.waitForStarted(10000)) {
        m_error = m_proc.errorString();
        return false;
    }
    QDeadlineTimer deadline(30000);
    while (!m_proc.canReadLine()) {
        if (deadline.hasExpired() || !m_proc.waitForReadyRead(int(deadline.remainingTime()))) {
            m_error = QStringLiteral("process printed no ready line: ") +
                      QString::fromUtf8(m_proc.readAllStandardError());
            return false;
        }
    }
    const QString line = QString::fromUtf8(m_proc.readLine()).trimmed();
    const QRegularExpression re(ready);
    const auto m = re.match(line);
    if (!m.hasMatch()) {
        m_error = QStringLiteral("unexpected first line: ") + line;
        return false;
    }
    m_baseUrl = m.captured(1);
    return true;
}

void ServerProcess::kill()
{
    if (m_proc.state() == QProcess::NotRunning)
        return;
    m_proc.kill();
    m_proc.waitForFinished();
}

void ServerProcess::stop()
{
    if (m_proc.state() == QProcess::NotRunning)
        return;
    m_proc.terminate();
    if (!m_proc.waitForFinished(15000)) {
        m_proc.kill();
        m_proc.waitForFinished();
    }
}

} // namespace lemm::test
