#pragma once
// Runs the real lemm-vault-server binary (path from LEMM_TEST_SERVER_BIN, set by CMake) for
// end-to-end tests: `serve --port 0`, then reads the first stdout line for the URL.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace lemm::test {

QString serverBinary();

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};
// Runs one CLI command to completion (stdin optional).
CliResult runCli(const QStringList &args, const QByteArray &stdinData = {},
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
// `create-service-account --name NAME` with the vault arguments (`--data-dir DIR [--database
// URL]`); the new API key. Aborts the test (qFatal) when the command fails.
QString createServiceKey(const QString &name, const QStringList &vaultArgs);

class ServerProcess
{
public:
    ~ServerProcess();
    // Starts `serve --data-dir DIR --port 0 [--database URL]`; false (with a message in
    // error()) when it does not print its URL within 30 s.
    bool start(const QString &dataDir, const QString &databaseUrl = {},
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
               const QStringList &extraArgs = {});
    // `create-admin --email EMAIL` (PASSWORD on stdin) in DATA_DIR, then `serve` with `--workers
    // WORKERS` on SQLite: the desktop tests' server.
    bool startWithAdmin(const QString &dataDir, const QString &email, const QByteArray &password,
                        int workers);
    // The same on any backend: `create-admin --email EMAIL [--database URL]` (PASSWORD on
    // stdin), then start(dataDir, databaseUrl, env, extraArgs).
    bool startWithAdmin(const QString &dataDir, const QString &email, const QByteArray &password,
                        const QString &databaseUrl, const QProcessEnvironment &env,
                        const QStringList &extraArgs = {});
    // Starts `worker --data-dir DIR [--database URL]` and waits for its ready line.
    bool startWorker(const QString &dataDir, const QString &databaseUrl = {},
                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    // Starts `index-shard --shard K --of N --data-dir DIR --port 0 [--database URL]` (issue 16)
    // and waits for its 'listening on URL' line.
    bool startIndexShard(const QString &dataDir, const QString &databaseUrl, int shard, int of,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    // SIGKILL: no chance to clean up (crash tests).
    void kill();
    void stop();
    bool isRunning() const { return m_proc.state() == QProcess::Running; }
    qint64 pid() const { return m_proc.processId(); }
    // Sends the server's stderr (its request log) to `path` instead of a pipe nobody reads
    // while a test blocks on sockets; call before start().
    void setLogFile(const QString &path) { m_proc.setStandardErrorFile(path); }
    QString baseUrl() const { return m_baseUrl; }
    QString error() const { return m_error; }

private:
    bool launch(const QStringList &args, const QProcessEnvironment &env, const QString &ready);
    QProcess m_proc;
    QString m_baseUrl;
    QString m_error;
};

} // namespace lemm::test
