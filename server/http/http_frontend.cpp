#include "server/http/http_frontend.h"

#include "server/base/log.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QTemporaryFile>
#include <QUrl>

#include <microhttpd.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

// Open files kept free for everything but client sockets: database, object files, spool
// files, catalogs, logs.
constexpr int kReservedFiles = 128;
// A body refused from the head is still read and thrown away when it is at most this long,
// so that a client that sends it without waiting (no "Expect: 100-continue") reads the answer
// instead of a connection reset. Longer bodies are not read at all: the answer goes out and
// the connection is closed.
constexpr qint64 kDiscardLimit = 4ll * 1024 * 1024;

struct HttpFrontend::Exchange {
    enum class Stage { Admitting, Body, Discard, Handling };
    MHD_Connection *connection = nullptr;
    Stage stage = Stage::Body;
    ApiRequest request;
    qint64 declaredLength = 0;
    qint64 received = 0;          // body bytes so far
    bool expectsContinue = false; // the client waits for "100 Continue" before its body
    bool audioBody = false;
    std::unique_ptr<QTemporaryFile> spool;
    bool spoolFailed = false;
    std::optional<ApiResponse> answer; // written off-thread, read after the resume
    QElapsedTimer timer;
    QByteArray requestId; // the client's X-Request-Id when acceptable, else a fresh one
    Metrics *metrics = nullptr;
};

namespace {

ApiResponse errorResponse(int status, const char *code, const QString &message)
{
    const ErrorKind kind = status == 413   ? ErrorKind::PayloadTooLarge
                           : status == 503 ? ErrorKind::Unavailable
                                           : ErrorKind::InvalidInput; // 400, 411
    ApiResponse r = ApiResponse::error(Error::make(kind, QString::fromLatin1(code), message));
    r.status = status; // 411 has no ErrorKind of its own
    return r;
}

// Headers every answer carries: no sniffing, no caching, no framing, no referrers, and no
// CORS headers at all (browsers then refuse cross-origin reads).
constexpr std::pair<const char *, const char *> kSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Cache-Control", "no-store"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
};

ssize_t readStream(void *cls, uint64_t, char *buf, size_t max)
{
    QIODevice &device = **static_cast<std::shared_ptr<QIODevice> *>(cls);
    const qint64 n = device.read(buf, qint64(max));
    if (n > 0)
        return ssize_t(n);
    return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

void freeStream(void *cls)
{
    delete static_cast<std::shared_ptr<QIODevice> *>(cls);
}

void freeBytes(void *cls)
{
    delete static_cast<QByteArray *>(cls);
}

MHD_Response *makeResponse(const ApiResponse &r)
{
    if (r.stream) {
        auto *holder = new std::shared_ptr<QIODevice>(r.stream);
        return MHD_create_response_from_callback(r.streamSize < 0 ? MHD_SIZE_UNKNOWN
                                                                  : uint64_t(r.streamSize),
                                                 64 * 1024, &readStream, holder, &freeStream);
    }
    auto *bytes = new QByteArray(r.body);
    return MHD_create_response_from_buffer_with_free_callback_cls(size_t(bytes->size()),
                                                                  bytes->data(), &freeBytes, bytes);
}

// The headers of one request head, and how often a body length was given.
struct HeadScan {
    ApiRequest &request;
    int contentLengths = 0;
    bool ambiguous = false; // a header that must be single is repeated
};

MHD_Result collectHeader(void *cls, MHD_ValueKind, const char *key, const char *value)
{
    auto *scan = static_cast<HeadScan *>(cls);
    const QByteArray name = QByteArray(key).toLower();
    if (name == "content-length")
        ++scan->contentLengths;
    else if ((name == "content-type" || name == "authorization" || name == "host") &&
             scan->request.headers.contains(name))
        scan->ambiguous = true;
    scan->request.headers.insert(name, QByteArray(value ? value : ""));
    return MHD_YES;
}

// Log-in, registration and password routes: each hashes a password with argon2id.
bool hashesPassword(const ApiRequest &request)
{
    static const QStringList kRoutes{
        QStringLiteral("/auth/login"), QStringLiteral("/auth/register"),
        QStringLiteral("/auth/password"), QStringLiteral("/auth/password-reset/confirm")};
    return request.method == QLatin1String("POST") && kRoutes.contains(request.path);
}

// Content-Length as sent: absent is 0; nullopt when it is not a plain decimal number.
std::optional<qint64> parseLength(const ApiRequest &request)
{
    if (!request.headers.contains("content-length"))
        return 0;
    const QByteArray text = request.headers.value("content-length").trimmed();
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt; // 18 digits fit in qint64; more is no body anyone may send
    for (const char c : text)
        if (c < '0' || c > '9')
            return std::nullopt;
    return text.toLongLong();
}

// What the log may show of a method: a short run of letters, else a placeholder (a method is
// whatever the client sent, control characters included).
QByteArray loggableMethod(const QString &method)
{
    if (method.isEmpty() || method.size() > 16)
        return "(invalid)";
    for (const QChar c : method)
        if (!(c >= QLatin1Char('A') && c <= QLatin1Char('Z')) &&
            !(c >= QLatin1Char('a') && c <= QLatin1Char('z')))
            return "(invalid)";
    return method.toLatin1();
}

// The query exactly as sent: arguments are kept escaped (see keepEscaped) and joined again.
MHD_Result collectQuery(void *cls, MHD_ValueKind, const char *key, const char *value)
{
    auto *query = static_cast<QByteArray *>(cls);
    if (!query->isEmpty())
        query->append('&');
    query->append(key);
    if (value) {
        query->append('=');
        query->append(value);
    }
    return MHD_YES;
}

size_t keepEscaped(void *, MHD_Connection *, char *s)
{
    return std::strlen(s);
}

QString peerOf(MHD_Connection *connection)
{
    const MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return {};
    return QHostAddress(info->client_addr).toString();
}

// One log line and the HTTP metrics of an answer.
void logAnswer(const HttpFrontend::Exchange &ex, const ApiResponse &r)
{
    // The route pattern, never the path: paths can carry capability tokens.
    const QString route = r.route.isEmpty() ? QStringLiteral("(unmatched)") : r.route;
    const double ms = double(ex.timer.nsecsElapsed()) / 1e6;
    const QByteArray method = loggableMethod(ex.request.method);
    logRequest(
        {ex.requestId, method, route, r.status, ms, r.stream ? r.streamSize : r.body.size()});
    if (ex.metrics)
        ex.metrics->observeRequest(QString::fromLatin1(method), route, r.status, ms / 1000);
}

// libmicrohttpd's own messages quote request URLs (`/previews/TOKEN'), which can carry
// capability tokens: the quoted part is withheld, and control characters are dropped.
void mhdLog(void *, const char *format, va_list ap)
{
    char line[512];
    std::vsnprintf(line, sizeof line, format, ap);
    QByteArray text(line);
    for (qsizetype open = text.indexOf('`'); open >= 0; open = text.indexOf('`', open + 1)) {
        const qsizetype close = text.indexOf('\'', open + 1);
        if (close < 0) {
            text.truncate(open + 1);
            text.append("(withheld)");
            break;
        }
        text.replace(open + 1, close - open - 1, "(withheld)");
    }
    for (char &c : text)
        if (static_cast<unsigned char>(c) < 0x20)
            c = ' ';
    qWarning("http: %s", text.trimmed().constData());
}

} // namespace

// The libmicrohttpd callbacks, as members of one struct so that they may use the front end's
// private parts.
struct FrontendCallbacks {
    using Exchange = HttpFrontend::Exchange;

    static MHD_Result answer(MHD_Connection *connection, Exchange &ex, const ApiResponse &r)
    {
        MHD_Response *response = makeResponse(r);
        if (!response)
            return MHD_NO;
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, r.contentType.constData());
        for (const auto &[name, value] : kSecurityHeaders)
            MHD_add_response_header(response, name, value);
        for (const auto &[name, value] : r.headers)
            MHD_add_response_header(response, name.constData(), value.constData());
        MHD_add_response_header(response, "X-Request-Id", ex.requestId.constData());
        logAnswer(ex, r);
        const MHD_Result queued = MHD_queue_response(connection, unsigned(r.status), response);
        MHD_destroy_response(response);
        return queued;
    }

    // Framing the router cannot judge: repeated or conflicting lengths, chunked bodies.
    static std::optional<ApiResponse> checkFraming(const HeadScan &scan, const char *version)
    {
        const ApiRequest &request = scan.request;
        if (qstrcmp(version, "HTTP/1.1") == 0 && !request.headers.contains("host"))
            return errorResponse(400, "host_required",
                                 QStringLiteral("HTTP/1.1 needs a Host header"));
        if (scan.ambiguous)
            return errorResponse(400, "ambiguous_header",
                                 QStringLiteral("Host, Content-Type and Authorization may be "
                                                "sent once each"));
        const bool chunked = request.headers.contains("transfer-encoding");
        if (scan.contentLengths > 1 || (chunked && scan.contentLengths > 0))
            return errorResponse(400, "conflicting_length",
                                 QStringLiteral("the request has more than one body length "
                                                "(repeated Content-Length, or Content-Length "
                                                "with Transfer-Encoding)"));
        if (chunked)
            return errorResponse(411, "length_required",
                                 QStringLiteral("chunked request bodies are not accepted; send "
                                                "Content-Length"));
        return std::nullopt;
    }

    static MHD_Result onHead(HttpFrontend &self, MHD_Connection *connection, const char *url,
                             const char *method, const char *version, void **reqCls)
    {
        auto *ex = new Exchange;
        *reqCls = ex;
        ex->timer.start();
        ex->connection = connection;
        ApiRequest &req = ex->request;
        req.method = QString::fromLatin1(method);
        if (req.method == QLatin1String("HEAD"))
            req.method = QStringLiteral("GET"); // libmicrohttpd sends the headers only
        req.path = QUrl::fromPercentEncoding(QByteArray(url));
        QByteArray query;
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collectQuery, &query);
        req.query = QUrlQuery(QString::fromLatin1(query));
        HeadScan scan{req};
        MHD_get_connection_values(connection, MHD_HEADER_KIND, &collectHeader, &scan);
        req.peerAddress = peerOf(connection);
        const QByteArray clientId = req.headers.value("x-request-id");
        ex->requestId = isAcceptableRequestId(clientId) ? clientId : newRequestId();
        ex->metrics = &self.m_router.metrics();
        self.m_headWatch->headDone(connection);
        MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                                  unsigned(self.m_config.http.idleTimeoutSec));
        if (auto refusal = checkFraming(scan, version))
            return answer(connection, *ex, *refusal);
        const std::optional<qint64> parsed = parseLength(req);
        if (!parsed)
            return answer(connection, *ex,
                          errorResponse(400, "invalid_length",
                                        QStringLiteral("Content-Length must be a decimal number "
                                                       "of at most 18 digits")));
        const qint64 length = *parsed;
        ex->declaredLength = length;
        ex->expectsContinue =
            req.headers.value("expect").trimmed().toLower() == QByteArrayLiteral("100-continue");
        ex->audioBody = isAudioBodyPath(req.path);
        if (length <= 0)
            return MHD_YES; // no body: the next call completes the request
        // Admission before a byte of the body is read.
        ex->stage = Exchange::Stage::Admitting;
        if (!self.runOffThread(
                ex, [&self, ex, length] { ex->answer = self.m_router.admit(ex->request, length); }))
            return answer(
                connection, *ex,
                errorResponse(503, "shutting_down", QStringLiteral("the server is shutting down")));
        return MHD_YES;
    }

    static bool spoolBlock(HttpFrontend &self, Exchange &ex, const char *data, size_t size)
    {
        if (!ex.spool) {
            ex.spool = std::make_unique<QTemporaryFile>(
                QDir(spoolDirectory(self.m_config)).filePath(QStringLiteral("body-XXXXXX")));
            if (!ex.spool->open())
                return false;
        }
        return ex.spool->write(data, qint64(size)) == qint64(size);
    }

    static MHD_Result onBody(HttpFrontend &self, Exchange &ex, const char *data, size_t *size)
    {
        if (*size > 0) {
            // Never more than the admitted length (a body without admission has length 0).
            ex.received += qint64(*size);
            if (ex.received > ex.declaredLength)
                return MHD_NO;
            if (!ex.audioBody)
                ex.request.body.append(data, qsizetype(*size));
            else if (!ex.spoolFailed && !spoolBlock(self, ex, data, *size))
                ex.spoolFailed = true; // keep reading, answer when the body is in
            *size = 0;
            return MHD_YES;
        }
        // The whole request is in.
        if (ex.spoolFailed || (ex.spool && !ex.spool->flush()))
            return answer(ex.connection, ex,
                          errorResponse(503, "spool_failed",
                                        QStringLiteral("the server cannot store the request "
                                                       "body right now (disk full?)")));
        if (ex.spool)
            ex.request.bodyFile = ex.spool->fileName();
        ex.stage = Exchange::Stage::Handling;
        Exchange *p = &ex;
        if (hashesPassword(ex.request)) {
            if (self.m_passwordQueued.load() >= HttpFrontend::kPasswordQueueLimit) {
                ApiResponse busy = errorResponse(
                    503, "busy", QStringLiteral("too many log-ins at once; try again shortly"));
                busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
                return answer(ex.connection, ex, busy);
            }
            ++self.m_passwordQueued;
            if (self.runOffThread(
                    p,
                    [&self, p] {
                        p->answer = self.m_router.handle(p->request);
                        --self.m_passwordQueued;
                    },
                    &self.m_passwordPool))
                return MHD_YES;
            --self.m_passwordQueued;
        } else if (self.runOffThread(p,
                                     [&self, p] { p->answer = self.m_router.handle(p->request); }))
            return MHD_YES;
        return answer(
            ex.connection, ex,
            errorResponse(503, "shutting_down", QStringLiteral("the server is shutting down")));
    }

    static MHD_Result onAccess(void *cls, MHD_Connection *connection, const char *url,
                               const char *method, const char *version, const char *uploadData,
                               size_t *uploadSize, void **reqCls)
    {
        auto &self = *static_cast<HttpFrontend *>(cls);
        auto *ex = static_cast<Exchange *>(*reqCls);
        if (!ex)
            return onHead(self, connection, url, method, version, reqCls);
        switch (ex->stage) {
        case Exchange::Stage::Admitting: // resumed after the admission decision
            // A refused body is not read when it is long or the client waits to be told.
            if (ex->answer && (ex->declaredLength > kDiscardLimit || ex->expectsContinue))
                return answer(connection, *ex, *ex->answer);
            ex->stage = ex->answer ? Exchange::Stage::Discard : Exchange::Stage::Body;
            return MHD_YES;
        case Exchange::Stage::Body: return onBody(self, *ex, uploadData, uploadSize);
        case Exchange::Stage::Discard:
            if (*uploadSize > 0) {
                ex->received += qint64(*uploadSize);
                if (ex->received > ex->declaredLength)
                    return MHD_NO;
                *uploadSize = 0;
                return MHD_YES;
            }
            return answer(connection, *ex, *ex->answer);
        case Exchange::Stage::Handling: // resumed with the router's answer
            if (!ex->answer)
                return MHD_NO;
            return answer(connection, *ex, *ex->answer);
        }
        return MHD_NO;
    }

    static void onCompleted(void *cls, MHD_Connection *connection, void **reqCls,
                            MHD_RequestTerminationCode)
    {
        auto &self = *static_cast<HttpFrontend *>(cls);
        delete static_cast<Exchange *>(*reqCls); // removes the spool file
        *reqCls = nullptr;
        // Waiting for the next request's head on a kept-alive connection.
        MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                                  unsigned(self.m_config.http.headTimeoutSec));
        self.m_headWatch->nextHead(connection);
    }

    static void onConnection(void *cls, MHD_Connection *connection, void **,
                             MHD_ConnectionNotificationCode code)
    {
        auto &self = *static_cast<HttpFrontend *>(cls);
        if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
            self.m_headWatch->closed(connection); // before libmicrohttpd releases the socket
            return;
        }
        MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                                  unsigned(self.m_config.http.headTimeoutSec));
        const MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info) {
            const int one = 1;
            ::setsockopt(info->connect_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            self.m_headWatch->opened(connection, info->connect_fd);
        }
    }
};

HttpFrontend::HttpFrontend(ApiRouter &router, const ServerConfig &config, QObject *parent)
    : QObject(parent), m_router(router), m_config(config)
{
    m_pool.setMaxThreadCount(config.httpThreads);
    // Threads never expire: each keeps its own database connection for the process lifetime
    // instead of leaving a new one behind every time an idle thread is replaced.
    m_pool.setExpiryTimeout(-1);
    m_passwordPool.setMaxThreadCount(std::max(1, config.httpThreads / 2));
    m_passwordPool.setExpiryTimeout(-1);
}

HttpFrontend::~HttpFrontend()
{
    stop();
}

bool HttpFrontend::runOffThread(Exchange *exchange, std::function<void()> work, QThreadPool *pool)
{
    std::lock_guard lock(m_stopMutex);
    if (m_stopping)
        return false;
    MHD_suspend_connection(exchange->connection);
    (pool ? pool : &m_pool)->start([exchange, work = std::move(work)] {
        {
            const ScopedRequestId id(exchange->requestId); // the handler's log lines name it
            work();
        }
        MHD_resume_connection(exchange->connection);
    });
    return true;
}

void HttpFrontend::stop()
{
    if (!m_daemon)
        return;
    {
        std::lock_guard lock(m_stopMutex);
        m_stopping = true;
    }
    const MHD_socket listener = MHD_quiesce_daemon(m_daemon);
    m_pool.waitForDone(); // every suspended connection has been resumed
    m_passwordPool.waitForDone();
    MHD_stop_daemon(m_daemon);
    if (listener != MHD_INVALID_SOCKET)
        ::close(listener);
    m_daemon = nullptr;
    m_headWatch.reset();
}

namespace {

// Raises the soft open-files limit to the hard one; returns the limit in force.
int raiseOpenFilesLimit()
{
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 1024;
    if (lim.rlim_cur < lim.rlim_max) {
        rlimit raised = lim;
        raised.rlim_cur = lim.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            lim = raised;
    }
    return lim.rlim_cur > rlim_t(1 << 20) ? (1 << 20) : int(lim.rlim_cur);
}

Result<QByteArray> readPem(const QString &path, const char *what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("tls_unreadable"),
                           QStringLiteral("cannot read the TLS %1 %2: %3")
                               .arg(QLatin1String(what), path, f.errorString()));
    QByteArray pem = f.readAll();
    pem.append('\0'); // libmicrohttpd takes C strings
    return pem;
}

} // namespace

Result<quint16> HttpFrontend::listen(const QString &host, quint16 port)
{
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_host"),
                           QStringLiteral("'%1' is not an IP address").arg(host));
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    sockaddr_storage storage{};
    if (v6) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        std::memcpy(&sa->sin6_addr, &a, sizeof a);
    } else {
        auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.toIPv4Address());
    }
    const int openFiles = raiseOpenFilesLimit();
    m_connectionLimit =
        std::max(8, std::min(m_config.http.maxConnections, openFiles - kReservedFiles));
    m_headWatch = std::make_unique<HeadWatch>(m_config.http.headDeadlineSec, m_connectionLimit);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    std::vector<MHD_OptionItem> options{
        {MHD_OPTION_EXTERNAL_LOGGER, intptr_t(&mhdLog), nullptr}, // first, to catch everything
        {MHD_OPTION_SOCK_ADDR, 0, &storage},
        {MHD_OPTION_THREAD_POOL_SIZE, m_config.http.ioThreads, nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, m_connectionLimit, nullptr},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, m_config.http.maxConnectionsPerIp, nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, m_config.http.headTimeoutSec, nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, m_config.http.maxHeadBytes, nullptr},
        {MHD_OPTION_NOTIFY_COMPLETED, intptr_t(&FrontendCallbacks::onCompleted), this},
        {MHD_OPTION_NOTIFY_CONNECTION, intptr_t(&FrontendCallbacks::onConnection), this},
        {MHD_OPTION_UNESCAPE_CALLBACK, intptr_t(&keepEscaped), nullptr},
        {MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, nullptr},
    };
    if (tls()) {
        if (!MHD_is_feature_supported(MHD_FEATURE_TLS))
            return Error::make(ErrorKind::Unavailable, QStringLiteral("tls_unsupported"),
                               QStringLiteral("this libmicrohttpd was built without TLS"));
        auto cert = readPem(m_config.http.tlsCertFile, "certificate");
        if (!cert)
            return cert.error();
        auto key = readPem(m_config.http.tlsKeyFile, "key");
        if (!key)
            return key.error();
        m_tlsCert = cert.value();
        m_tlsKey = key.value();
        flags |= MHD_USE_TLS;
        options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, m_tlsCert.data()});
        options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, m_tlsKey.data()});
    }
    options.push_back({MHD_OPTION_END, 0, nullptr});
    m_daemon = MHD_start_daemon(flags, port, nullptr, nullptr, &FrontendCallbacks::onAccess, this,
                                MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END);
    if (!m_daemon)
        return Error::make(ErrorKind::Unavailable, QStringLiteral("listen_failed"),
                           QStringLiteral("cannot listen on %1:%2 (in use, or not an address of "
                                          "this machine; TLS files valid?)")
                               .arg(host)
                               .arg(port));
    const MHD_DaemonInfo *info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? quint16(info->port) : port;
}

} // namespace lemm::server
