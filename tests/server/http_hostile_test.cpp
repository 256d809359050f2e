// The HTTP front end against hostile and careless clients, over real sockets against the real
// binary: clients that vanish mid-request, half-sent heads, slow and flooding connections,
// broken framing, anonymous bodies that must not be read, and a large upload that must stream.
// Every loop is bounded in count and time; sockets go to loopback only.

#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace lemm::test;

namespace {

// One TCP connection to the server, from a chosen loopback source address.
class Conn
{
public:
    Conn(quint16 port, const char *from = "127.0.0.1")
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in src{};
        src.sin_family = AF_INET;
        ::inet_pton(AF_INET, from, &src.sin_addr);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&src), sizeof src);
        sockaddr_in dst{};
        dst.sin_family = AF_INET;
        dst.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&dst), sizeof dst) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~Conn()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Conn(const Conn &) = delete;
    Conn &operator=(const Conn &) = delete;

    bool ok() const { return m_fd >= 0; }
    int fd() const { return m_fd; }

    bool send(const QByteArray &data)
    {
        qsizetype done = 0;
        while (done < data.size()) {
            const ssize_t n =
                ::send(m_fd, data.constData() + done, size_t(data.size() - done), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            done += n;
        }
        return true;
    }

    // Bytes the kernel accepted within `ms` of non-blocking writes of `total` bytes (stops
    // early when the peer stops reading or closes).
    qint64 pushBody(qint64 total, int ms)
    {
        const int flags = ::fcntl(m_fd, F_GETFL);
        ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK);
        const QByteArray block(64 * 1024, 'x');
        qint64 sent = 0;
        QDeadlineTimer deadline(ms);
        while (sent < total && !deadline.hasExpired()) {
            const ssize_t n =
                ::send(m_fd, block.constData(),
                       size_t(std::min<qint64>(block.size(), total - sent)), MSG_NOSIGNAL);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                break; // reset or closed by the server
            pollfd p{m_fd, POLLOUT, 0};
            if (::poll(&p, 1, int(std::min<qint64>(100, deadline.remainingTime()))) < 0)
                break;
        }
        ::fcntl(m_fd, F_SETFL, flags);
        return sent;
    }

    // Reads one answer (head and Content-Length body) or until the peer closes; empty on
    // timeout.
    QByteArray readReply(int ms = 10000)
    {
        QByteArray got;
        QDeadlineTimer deadline(ms);
        for (;;) {
            const qsizetype headEnd = got.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const qsizetype at = got.toLower().indexOf("content-length:");
                const qint64 length = at < 0 ? 0
                                             : got.mid(at + 15, got.indexOf("\r\n", at) - at - 15)
                                                   .trimmed()
                                                   .toLongLong();
                if (got.size() >= headEnd + 4 + length)
                    return got;
            }
            pollfd p{m_fd, POLLIN, 0};
            if (deadline.hasExpired() || ::poll(&p, 1, int(deadline.remainingTime())) <= 0)
                return got;
            char buf[16384];
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                return got;
            got.append(buf, n);
        }
    }

    // True when the server closes the connection within `ms` (EOF or reset).
    bool closedWithin(int ms)
    {
        QDeadlineTimer deadline(ms);
        for (;;) {
            pollfd p{m_fd, POLLIN, 0};
            if (deadline.hasExpired() || ::poll(&p, 1, int(deadline.remainingTime())) <= 0)
                return false;
            char buf[4096];
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                return true;
        }
    }

private:
    int m_fd = -1;
};

int statusOf(const QByteArray &reply)
{
    if (!reply.startsWith("HTTP/1.1 "))
        return 0;
    return reply.mid(9, 3).toInt();
}

int health(quint16 port, const char *from = "127.0.0.1")
{
    Conn c(port, from);
    if (!c.ok() || !c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"))
        return 0;
    return statusOf(c.readReply(10000));
}

// A /proc/PID/status memory figure in KiB (RssAnon: heap and stacks, without the pages of
// mapped libraries that first-time code paths bring in; VmHWM: peak RSS).
qint64 memoryKb(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field)) + 1).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

qint64 openFiles(qint64 pid)
{
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid))
        .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System)
        .size();
}

// Resets a process's peak-memory counter (VmHWM) to its current RSS.
void resetPeak(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

QByteArray wavHeader(qint64 dataBytes, int rate = 44100, int channels = 2)
{
    QByteArray h;
    auto u32 = [&](quint32 v) {
        for (int i = 0; i < 4; ++i)
            h.append(char((v >> (8 * i)) & 0xff));
    };
    auto u16 = [&](quint16 v) {
        h.append(char(v & 0xff));
        h.append(char(v >> 8));
    };
    h.append("RIFF");
    u32(quint32(36 + dataBytes));
    h.append("WAVEfmt ");
    u32(16);
    u16(1);
    u16(quint16(channels));
    u32(quint32(rate));
    u32(quint32(rate * channels * 2));
    u16(quint16(channels * 2));
    u16(16);
    h.append("data");
    u32(quint32(dataBytes));
    return h;
}

} // namespace

class HttpHostileTest : public QObject
{
    Q_OBJECT

    struct Server {
        QTemporaryDir dir;
        ServerProcess process;
        quint16 port = 0;

        bool start(const QMap<QString, QString> &settings = {})
        {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (auto it = settings.begin(); it != settings.end(); ++it)
                env.insert(it.key(), it.value());
            process.setLogFile(dir.filePath(QStringLiteral("server.log")));
            if (!process.start(dir.path(), {}, env,
                               {QStringLiteral("--workers"), QStringLiteral("0")}))
                return false;
            port = quint16(QUrl(process.baseUrl()).port());
            return true;
        }
        QByteArray log() const
        {
            QFile f(dir.filePath(QStringLiteral("server.log")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }
    };

private slots:
    // Clients that send a request and close before the answer: the crash of issue 11.
    void disconnectStormLeavesServerUp()
    {
        Server s;
        QVERIFY2(s.start(), qPrintable(s.process.error()));
        const qint64 rssBefore = memoryKb(s.process.pid(), "RssAnon:");
        std::atomic<int> done{0};
        std::vector<std::thread> storm;
        for (int t = 0; t < 4; ++t)
            storm.emplace_back([&, t] {
                for (int i = 0; i < 2000; ++i) {
                    Conn c(s.port, "127.0.0.2"); // its own address: the per-address cap
                    // Half a fast route, half one that reads the database first.
                    c.send(i % 2 ? QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                                 : QByteArray("GET /review/queue HTTP/1.1\r\nHost: x\r\n"
                                              "Authorization: Bearer nope" +
                                              QByteArray::number(t) + "\r\n\r\n"));
                }
                ++done;
            });
        int checks = 0;
        while (done.load() < 4) {
            QCOMPARE(health(s.port), 200);
            ++checks;
        }
        for (auto &t : storm)
            t.join();
        QVERIFY(checks >= 1);
        QCOMPARE(health(s.port), 200);
        QVERIFY(s.process.isRunning());
        const qint64 rssAfter = memoryKb(s.process.pid(), "RssAnon:");
        qInfo("disconnect storm: 8000 connections, %d health checks during it, RSS %lld -> %lld "
              "KiB",
              checks, rssBefore, rssAfter);
        QVERIFY2(rssAfter - rssBefore < 64 * 1024, "the storm left more than 64 MiB behind");
    }

    // Half-sent heads from one address: the per-address cap turns the excess away at once,
    // the head timeout closes the rest, and everyone else is answered throughout.
    void halfOpenFloodIsCappedAndTimedOut()
    {
        Server s;
        QVERIFY2(s.start({{QStringLiteral("LEMM_HEAD_TIMEOUT_SECONDS"), QStringLiteral("2")},
                          {QStringLiteral("LEMM_MAX_CONNECTIONS_PER_IP"), QStringLiteral("50")}}),
                 qPrintable(s.process.error()));
        std::vector<std::unique_ptr<Conn>> flood;
        for (int i = 0; i < 300; ++i) {
            flood.push_back(std::make_unique<Conn>(s.port, "127.0.0.2"));
            if (flood.back()->ok())
                flood.back()->send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            if (i % 50 == 0)
                QCOMPARE(health(s.port), 200);
        }
        QCOMPARE(health(s.port), 200);
        // Every flooding connection ends: refused over the cap, or timed out after 2 s.
        int closed = 0;
        for (auto &c : flood)
            if (!c->ok() || c->closedWithin(10000))
                ++closed;
        QCOMPARE(closed, 300);
        QCOMPARE(health(s.port), 200);
        QCOMPARE(health(s.port, "127.0.0.2"), 200); // the address may come back
        QVERIFY(memoryKb(s.process.pid(), "RssAnon:") < 200 * 1024);
    }

    // More connections than the cap: the server holds at most the cap's worth of sockets (the
    // rest wait in the kernel's backlog), so it never runs out of descriptors, and it serves
    // again once the flood ends.
    void connectionCapBoundsOpenSockets()
    {
        Server s;
        QVERIFY2(s.start({{QStringLiteral("LEMM_MAX_CONNECTIONS"), QStringLiteral("64")},
                          {QStringLiteral("LEMM_HEAD_TIMEOUT_SECONDS"), QStringLiteral("30")}}),
                 qPrintable(s.process.error()));
        QCOMPARE(health(s.port), 200);
        const qint64 fdsBefore = openFiles(s.process.pid());
        std::vector<std::unique_ptr<Conn>> flood;
        const char *sources[] = {"127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"};
        for (int i = 0; i < 200; ++i) {
            flood.push_back(std::make_unique<Conn>(s.port, sources[i % 4]));
            if (flood.back()->ok())
                flood.back()->send("GET /health HTTP/1.1\r\n");
        }
        // Wait until the server has taken what it will take (its descriptor count settles).
        QDeadlineTimer settle(5000);
        qint64 fds = openFiles(s.process.pid());
        while (!settle.hasExpired() && fds < fdsBefore + 64)
            fds = openFiles(s.process.pid());
        qInfo("200 half-open connections, cap 64: server descriptors %lld -> %lld", fdsBefore, fds);
        // (+4: the pool threads may open their database connections meanwhile.)
        QVERIFY2(fds <= fdsBefore + 64 + 4, qPrintable(QString::number(fds)));
        flood.clear();
        QDeadlineTimer deadline(20000);
        int status = 0;
        while (!deadline.hasExpired() && (status = health(s.port)) != 200) {
        }
        QCOMPARE(status, 200);
        QVERIFY(s.process.isRunning());
    }

    void brokenFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addRow("two Content-Length")
            << QByteArray("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}")
            << 400;
        QTest::addRow("Content-Length and chunked")
            << QByteArray("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
            << 400;
        QTest::addRow("chunked") << QByteArray("POST /uploads HTTP/1.1\r\nHost: x\r\n"
                                               "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n")
                                 << 411;
        QTest::addRow("head over 64 KiB in one write")
            << (QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ") +
                QByteArray(70 * 1024, 'a') + "\r\n\r\n")
            << 431;
        QTest::addRow("length of 2^64 - 1 (wraps to 0 if read carelessly)")
            << QByteArray("POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: 18446744073709551615\r\n\r\n{}")
            << 400;
        QTest::addRow("19-digit length")
            << QByteArray("POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: "
                          "1000000000000000000\r\n\r\n")
            << 400;
        QTest::addRow("HTTP/1.1 without Host")
            << QByteArray("GET /health HTTP/1.1\r\nX-A: b\r\n\r\n") << 400;
        QTest::addRow("two Content-Type")
            << QByteArray("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                          "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            << 400;
        QTest::addRow("JSON route, other media type")
            << QByteArray("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "text/plain\r\nContent-Length: 2\r\n\r\n{}")
            << 415;
    }
    void brokenFramingIsRefused()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        static Server s;
        if (s.port == 0)
            QVERIFY2(s.start(), qPrintable(s.process.error()));
        Conn c(s.port);
        QVERIFY(c.send(request));
        const QByteArray reply = c.readReply(5000);
        QVERIFY2(statusOf(reply) == status, reply.left(200).constData());
        QCOMPARE(health(s.port), 200);
    }

    // Every answer carries the security headers; HEAD has no body; 405 names what is allowed.
    void headersHeadAndAllow()
    {
        Server s;
        QVERIFY2(s.start(), qPrintable(s.process.error()));
        Conn get(s.port);
        QVERIFY(get.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
        const QByteArray reply = get.readReply();
        QCOMPARE(statusOf(reply), 200);
        for (const char *h : {"X-Content-Type-Options: nosniff", "Cache-Control: no-store",
                              "Content-Type: application/json"})
            QVERIFY2(reply.contains(h), h);
        QVERIFY(!reply.toLower().contains("access-control-allow"));

        Conn head(s.port);
        QVERIFY(head.send("HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        // Content-Length says 34, but no body follows: read until the server closes.
        const QByteArray headReply = head.readReply(5000);
        QCOMPARE(statusOf(headReply), 200);
        QVERIFY(headReply.endsWith("\r\n\r\n")); // headers only

        Conn options(s.port);
        QVERIFY(options.send("OPTIONS /health HTTP/1.1\r\nHost: x\r\n\r\n"));
        const QByteArray allow = options.readReply();
        QCOMPARE(statusOf(allow), 405);
        QVERIFY2(allow.contains("Allow: GET, HEAD"), allow.constData());
    }

    // Anonymous bodies are refused from the head: the server reads none of them.
    void anonymousBodiesAreNotRead()
    {
        Server s;
        // One handler thread: its one-time start-up (stack, database connection) is paid in the
        // warm-up round, so the measured round shows only what bodies cost.
        QVERIFY2(s.start({{QStringLiteral("LEMM_HTTP_THREADS"), QStringLiteral("1")}}),
                 qPrintable(s.process.error()));
        constexpr qint64 kBody = 255'000'000;
        const QByteArray head = "POST /uploads?filename=a.wav HTTP/1.1\r\nHost: x\r\n"
                                "Content-Type: audio/wav\r\nContent-Length: " +
                                QByteArray::number(kBody) + "\r\n";
        // A client that waits for "100 Continue" is answered 401 and sends nothing.
        {
            Conn c(s.port);
            QVERIFY(c.send(head + "Expect: 100-continue\r\n\r\n"));
            QCOMPARE(statusOf(c.readReply()), 401);
        }
        // Clients at once that push their bodies regardless: the server stops reading after
        // the head. The first round warms the handler thread up; the second, 24 bodies, is
        // measured (enough that the allocator's few MiB of give and take do not count).
        const auto round = [&](std::vector<qint64> &pushed) {
            const int n = int(pushed.size());
            std::vector<std::unique_ptr<Conn>> conns;
            for (int i = 0; i < n; ++i) {
                conns.push_back(std::make_unique<Conn>(s.port));
                conns.back()->send(head + "\r\n");
            }
            std::vector<std::thread> writers;
            for (int i = 0; i < n; ++i)
                writers.emplace_back(
                    [&, i] { pushed[size_t(i)] = conns[size_t(i)]->pushBody(kBody, 3000); });
            for (auto &w : writers)
                w.join();
        };
        std::vector<qint64> warmUp(6);
        round(warmUp);
        QCOMPARE(health(s.port), 200);
        const qint64 rssBefore = memoryKb(s.process.pid(), "RssAnon:");
        std::vector<qint64> pushed(24);
        round(pushed);
        const qint64 rssAfter = memoryKb(s.process.pid(), "RssAnon:");
        for (qint64 p : pushed) {
            qInfo("anonymous body: %lld of %lld bytes left the client", p, kBody);
            // Loopback socket buffers hold a few MiB; the server itself read none of it.
            QVERIFY(p < 32ll * 1024 * 1024);
        }
        qInfo("24 anonymous 255 MB bodies: server anonymous RSS %lld -> %lld KiB", rssBefore,
              rssAfter);
        QVERIFY2(rssAfter - rssBefore < 24 * 1024, "more than 1 MiB per anonymous body");
        QCOMPARE(health(s.port), 200);
    }

    // An authenticated 200 MB upload goes to disk in blocks: the server's peak memory stays
    // far below the body's size.
    void largeUploadStreams()
    {
        Server s;
        QVERIFY2(s.start(), qPrintable(s.process.error()));
        HttpClient http(s.process.baseUrl());
        const QString token = onboard(http, s.dir.path(), QStringLiteral("big@example.org"));
        resetPeak(s.process.pid()); // the argon2 hashing of the log-in peaked higher
        const qint64 peakBefore = memoryKb(s.process.pid(), "VmHWM:");
        constexpr qint64 kData = 200ll * 1024 * 1024;
        const QByteArray wav = wavHeader(kData);
        Conn c(s.port);
        QVERIFY(c.send("POST /uploads?filename=long.wav HTTP/1.1\r\nHost: x\r\nAuthorization: "
                       "Bearer " +
                       token.toUtf8() + "\r\nContent-Type: audio/wav\r\nContent-Length: " +
                       QByteArray::number(wav.size() + kData) + "\r\n\r\n" + wav));
        // A quiet tone, block after block.
        const QByteArray tone = makeWav(1.0, 440.0, 44100).mid(44).repeated(2).left(1 << 20);
        for (qint64 sent = 0; sent < kData; sent += tone.size())
            QVERIFY(c.send(tone.left(int(std::min<qint64>(tone.size(), kData - sent)))));
        const QByteArray reply = c.readReply(120000);
        QVERIFY2(statusOf(reply) == 201, reply.constData());
        const qint64 peakAfter = memoryKb(s.process.pid(), "VmHWM:");
        qInfo("200 MiB upload: server peak RSS %lld -> %lld KiB", peakBefore, peakAfter);
        QVERIFY2(peakAfter - peakBefore < 64 * 1024, "the upload was held in memory");
        // The spool file is gone once the answer is out.
        QDeadlineTimer deadline(10000);
        while (!QDir(s.dir.filePath(QStringLiteral("tmp"))).isEmpty() && !deadline.hasExpired())
            QTest::qWait(10);
        QVERIFY(QDir(s.dir.filePath(QStringLiteral("tmp"))).isEmpty());
    }

    // A head that trickles in, one byte at a time well inside the silence timeout, is cut off
    // at the head deadline.
    void tricklingHeadHitsTheDeadline()
    {
        Server s;
        QVERIFY2(s.start({{QStringLiteral("LEMM_HEAD_DEADLINE_SECONDS"), QStringLiteral("2")}}),
                 qPrintable(s.process.error()));
        Conn c(s.port);
        QVERIFY(c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "));
        QDeadlineTimer limit(15000);
        bool closed = false;
        while (!closed && !limit.hasExpired()) {
            c.send("a");
            closed = c.closedWithin(300);
        }
        QVERIFY2(closed, "the trickling head was never cut off");
        QCOMPARE(health(s.port), 200);
    }

    // Near the connection cap, connections still in their heads after 2 s are shed, so new
    // clients get in while the flood's sockets are still open.
    void slowHeadsAreShedUnderPressure()
    {
        Server s;
        QVERIFY2(s.start({{QStringLiteral("LEMM_MAX_CONNECTIONS"), QStringLiteral("64")}}),
                 qPrintable(s.process.error()));
        std::vector<std::unique_ptr<Conn>> flood;
        const char *sources[] = {"127.0.0.7", "127.0.0.8", "127.0.0.9", "127.0.0.10"};
        for (int i = 0; i < 120; ++i) {
            flood.push_back(std::make_unique<Conn>(s.port, sources[i % 4]));
            if (flood.back()->ok())
                flood.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n");
        }
        QDeadlineTimer deadline(20000);
        int status = 0;
        while (!deadline.hasExpired() && (status = health(s.port)) != 200) {
        }
        QCOMPARE(status, 200); // while all 120 flood sockets are still open on our side
        QVERIFY(s.process.isRunning());
    }

    // Log-ins hash passwords on a pool of their own with a bounded queue: a flood of them gets
    // 503 past the bound, and every other route is answered while they are in flight.
    void loginFloodDoesNotStarveOtherRoutes()
    {
        Server s;
        QVERIFY2(s.start(), qPrintable(s.process.error()));
        constexpr int kLogins = 48;
        std::atomic<int> outstanding{kLogins}, busy{0}, judged{0};
        std::vector<std::thread> logins;
        for (int i = 0; i < kLogins; ++i)
            logins.emplace_back([&, i] {
                const QByteArray from = "127.0.1." + QByteArray::number(i + 1);
                const QByteArray body = "{\"email\":\"nobody" + QByteArray::number(i) +
                                        "@example.org\",\"password\":\"not the password\"}";
                Conn c(s.port, from.constData());
                c.send("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       "application/json\r\nContent-Length: " +
                       QByteArray::number(body.size()) + "\r\n\r\n" + body);
                const QByteArray reply = c.readReply(60000);
                if (statusOf(reply) == 503 && reply.contains("Retry-After: 1"))
                    ++busy;
                else if (statusOf(reply) == 401)
                    ++judged;
                --outstanding;
            });
        // Wait until the log-ins are in (the first refusals come back at once).
        QDeadlineTimer deadline(20000);
        while (busy.load() == 0 && !deadline.hasExpired())
            std::this_thread::yield();
        QCOMPARE(health(s.port), 200);
        const int stillOutstanding = outstanding.load();
        for (auto &t : logins)
            t.join();
        qInfo("48 concurrent log-ins: %d judged, %d told to come back; /health answered with %d "
              "still in flight",
              judged.load(), busy.load(), stillOutstanding);
        QVERIFY(busy.load() > 0);
        QCOMPARE(judged.load() + busy.load(), kLogins);
        QVERIFY(stillOutstanding > 0);
    }

    // A client that waits for "100 Continue" hears its refusal instead, whatever the size.
    void refusedBodyIsNotInvited()
    {
        Server s;
        QVERIFY2(s.start(), qPrintable(s.process.error()));
        Conn c(s.port);
        QVERIFY(c.send("POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\n"
                       "Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n"));
        const QByteArray reply = c.readReply(5000);
        QVERIFY2(statusOf(reply) == 401, reply.constData());
        QVERIFY(!reply.contains("100 Continue"));
    }

    // TLS from two files of configuration: the certificate verifies, plain HTTP gets nothing.
    void tlsFromConfiguration()
    {
        QTemporaryDir keys;
        const QString key = keys.filePath(QStringLiteral("key.pem"));
        const QString cert = keys.filePath(QStringLiteral("cert.pem"));
        const QString tmpl = keys.filePath(QStringLiteral("template"));
        QFile t(tmpl);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write("cn = localhost\ndns_name = localhost\nexpiration_days = 2\ntls_www_server\n"
                "signing_key\nencryption_key\n");
        t.close();
        QCOMPARE(
            QProcess::execute(QStringLiteral("certtool"), {QStringLiteral("--generate-privkey"),
                                                           QStringLiteral("--outfile"), key}),
            0);
        QCOMPARE(QProcess::execute(
                     QStringLiteral("certtool"),
                     {QStringLiteral("--generate-self-signed"), QStringLiteral("--load-privkey"),
                      key, QStringLiteral("--template"), tmpl, QStringLiteral("--outfile"), cert}),
                 0);
        Server s;
        QVERIFY2(s.start({{QStringLiteral("LEMM_TLS_CERT_FILE"), cert},
                          {QStringLiteral("LEMM_TLS_KEY_FILE"), key}}),
                 qPrintable(s.process.error()));
        QVERIFY(s.process.baseUrl().startsWith(QStringLiteral("https://")));

        QSslSocket tls;
        QSslConfiguration config = tls.sslConfiguration();
        config.setCaCertificates(QSslCertificate::fromPath(cert));
        tls.setSslConfiguration(config);
        tls.connectToHostEncrypted(QStringLiteral("localhost"), s.port);
        QVERIFY2(tls.waitForEncrypted(10000), qPrintable(tls.errorString()));
        tls.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        QByteArray reply;
        while (tls.waitForReadyRead(5000))
            reply += tls.readAll();
        reply += tls.readAll();
        QCOMPARE(statusOf(reply), 200);

        Conn plain(s.port);
        QVERIFY(plain.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
        QCOMPARE(statusOf(plain.readReply(3000)), 0);

        // A key file that cannot be read stops the start with a clear message.
        Server broken;
        QVERIFY(!broken.start(
            {{QStringLiteral("LEMM_TLS_CERT_FILE"), cert},
             {QStringLiteral("LEMM_TLS_KEY_FILE"), key + QStringLiteral(".missing")}}));
        QVERIFY2(broken.log().contains("cannot read the TLS key"), broken.log().constData());
    }

    // Capability tokens in paths never reach the log.
    void tokensStayOutOfTheLog()
    {
        Server s;
        QVERIFY2(s.start(), qPrintable(s.process.error()));
        Conn c(s.port);
        QVERIFY(c.send("GET /previews/secret-preview-token-123 HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(statusOf(c.readReply()) >= 400);
        QVERIFY(c.send("GET /training/audio/secret-training-token-456 HTTP/1.1\r\nHost: "
                       "x\r\n\r\n"));
        QVERIFY(statusOf(c.readReply()) >= 400);
        QCOMPARE(health(s.port), 200);
        s.process.stop();
        const QByteArray log = s.log();
        QVERIFY(log.contains("/previews/{token}"));
        QVERIFY(!log.contains("secret-preview-token-123"));
        QVERIFY(!log.contains("secret-training-token-456"));
    }
};

QTEST_GUILESS_MAIN(HttpHostileTest)
#include "http_hostile_test.moc"
