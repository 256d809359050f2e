// Object store throughput (issue 16): 50 MB objects put and read back through the local
// encrypted store and through S3ObjectStore against s3rver on the loopback. Each store runs in
// a child process of its own so that its peak resident memory (VmHWM) is its own.
// Usage: object_store_bench [--objects N] [--mb MB]   (s3rver from packaging/install-deps.sh)
#include "server/storage/s3_object_store.h"

#include "support/s3_server.h"

#include "core/crypto/crypto.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace lemm;
using namespace lemm::server;

namespace {

// Pseudo-random plaintext generated as it is read, so the bench holds none of it.
class Generated final : public QIODevice
{
public:
    explicit Generated(qint64 size) : m_size(size) { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = qMin(max, m_size - m_pos);
        for (qint64 i = 0; i < n; ++i) {
            m_state = m_state * 1664525u + 1013904223u;
            data[i] = char(m_state >> 24);
        }
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_size, m_pos = 0;
    quint32 m_state = 1;
};

// Counts and discards what is written.
class Sink final : public QIODevice
{
public:
    Sink() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 n) override { return n; }
};

qint64 peakKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

int runOne(const QString &kind, int objects, qint64 bytes)
{
    QTemporaryDir dir;
    const QByteArray key = core::crypto::randomBytes(32);
    test::S3Server s3;
    std::unique_ptr<ObjectStore> store;
    if (kind == QLatin1String("local")) {
        store = std::make_unique<LocalEncryptedObjectStore>(dir.path(), key);
    } else {
        if (!s3.start()) {
            fprintf(stderr, "%s\n", qPrintable(s3.error()));
            return 1;
        }
        auto s = s3.settings();
        s.partBytes = 8ll << 20;
        store = std::make_unique<S3ObjectStore>(s, key);
    }
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < objects; ++i) {
        Generated in(bytes);
        if (auto put =
                store->put(ObjectUri::make(QStringLiteral("b"), QString::number(i)).value(), in);
            !put) {
            fprintf(stderr, "put: %s\n", qPrintable(put.error().message));
            return 1;
        }
    }
    const double upSec = t.restart() / 1000.0;
    for (int i = 0; i < objects; ++i) {
        Sink out;
        if (auto n =
                store->read(ObjectUri::make(QStringLiteral("b"), QString::number(i)).value(), out);
            !n || n.value() != bytes) {
            fprintf(stderr, "read failed\n");
            return 1;
        }
    }
    const double readSec = t.elapsed() / 1000.0;
    const double mb = double(bytes) * objects / 1e6;
    printf("%s %.1f %.1f %lld\n", qPrintable(kind), mb / upSec, mb / readSec, peakKb() / 1024);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    int objects = 3;
    qint64 mb = 50;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--objects"))
            objects = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--mb"))
            mb = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--child"))
            return runOne(args[i + 1], objects, mb * 1000 * 1000);
    }
    printf("| store | objects | object size | upload MB/s | read MB/s | peak RSS (VmHWM) |\n");
    printf("|---|---|---|---|---|---|\n");
    for (const QString &kind : {QStringLiteral("local"), QStringLiteral("s3")}) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(app.applicationFilePath(),
                    {QStringLiteral("--objects"), QString::number(objects), QStringLiteral("--mb"),
                     QString::number(mb), QStringLiteral("--child"), kind});
        if (!child.waitForFinished(-1) || child.exitCode() != 0)
            return 1;
        const QStringList f =
            QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char(' '));
        if (f.size() < 4)
            return 1;
        printf("| %s | %d | %lld MB | %s | %s | %s MiB |\n", qPrintable(f[0]), objects, mb,
               qPrintable(f[1]), qPrintable(f[2]), qPrintable(f[3].trimmed()));
    }
    return 0;
}
