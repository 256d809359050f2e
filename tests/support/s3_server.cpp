#include "support/s3_server.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace lemm::test {

S3Server::~S3Server()
{
    if (m_proc.state() == QProcess::NotRunning)
        return;
    m_proc.closeWriteChannel(); // the wrapper stops when its stdin closes
    if (!m_proc.waitForFinished(5000)) {
        m_proc.kill();
        m_proc.waitForFinished(5000);
    }
}

namespace {

QString modulesDir()
{
    return qEnvironmentVariable("LEMM_S3RVER_MODULES", QStringLiteral(LEMM_S3RVER_MODULES));
}

// What install-deps.sh wrote when npm could not install s3rver; empty when it did (or when
// s3rver is there all the same).
QByteArray unavailableReason()
{
    if (QFileInfo::exists(modulesDir() + QStringLiteral("/s3rver/package.json")))
        return {};
    // Beside node_modules, which is not there when npm failed: the parent by name, not by "..".
    QFile f(QDir::cleanPath(modulesDir() + QStringLiteral("/../s3rver-unavailable")));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}

} // namespace

bool S3Server::skipped()
{
    if (qgetenv("LEMM_SKIP_S3") == "1")
        return true;
    return qgetenv("LEMM_REQUIRE_S3") != "1" && !unavailableReason().isEmpty();
}

QByteArray S3Server::skipReason()
{
    if (qgetenv("LEMM_SKIP_S3") == "1")
        return "LEMM_SKIP_S3=1: the S3 tests are skipped";
    return "s3rver could not be installed from the npm registry (" + unavailableReason() +
           "): the S3 tests are skipped; fix the network and run packaging/install-deps.sh "
           "again (LEMM_REQUIRE_S3=1 makes this a failure, as in CI)";
}

bool S3Server::start(const QString &bucket)
{
    m_bucket = bucket;
    const QString modules = modulesDir();
    if (!QFileInfo::exists(modules + QStringLiteral("/s3rver/package.json"))) {
        m_error = QStringLiteral("s3rver is not installed in %1: run packaging/install-deps.sh "
                                 "(or set LEMM_SKIP_S3=1 to skip the S3 tests)")
                      .arg(modules);
        return false;
    }
    m_proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_proc.start(QStringLiteral("node"),
                 {QStringLiteral(LEMM_S3RVER_WRAPPER), modules, m_dir.path(), bucket});
    QDeadlineTimer deadline(30000);
    QByteArray line;
    while (!deadline.hasExpired() && m_proc.state() != QProcess::NotRunning) {
        if (m_proc.canReadLine() || m_proc.waitForReadyRead(int(deadline.remainingTime()))) {
            line = m_proc.readLine().trimmed();
            if (line.startsWith("S3RVER_PORT ")) {
                m_port = line.mid(12).toInt();
                return m_port > 0;
            }
        }
    }
    m_error =
        QStringLiteral("s3rver did not start (is node installed?): %1").arg(m_proc.errorString());
    return false;
}

QString S3Server::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

server::S3Settings S3Server::settings(const QString &prefix) const
{
    server::S3Settings s;
    s.bucket = m_bucket;
    s.prefix = prefix;
    s.endpoint = endpoint();
    s.pathStyle = true;
    s.accessKeyId = QStringLiteral("S3RVER");
    s.secretAccessKey = QStringLiteral("S3RVER");
    s.partBytes = 5ll << 20;
    s.timeoutSec = 10;
    return s;
}

} // namespace lemm::test
