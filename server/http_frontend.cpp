#include "http_frontend.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QHttpServerRouterRule>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtConcurrent>

namespace lemm::server {

namespace {

// A router rule that matches every request: all routing happens in ApiRouter.
class CatchAllRule : public QHttpServerRouterRule
{
public:
    using QHttpServerRouterRule::QHttpServerRouterRule;

protected:
    bool matches(const QHttpServerRequest &, QRegularExpressionMatch *) const override
    {
        return true;
    }
};

constexpr qint64 kMaxHeadBytes = 64 * 1024;

// Watches the bytes arriving on one connection, request by request, and refuses a request
// whose declared body exceeds the limit before QHttpServer buffers it. Relies on QHttpServer
// consuming everything available on each readyRead (it does: it reads all into its parser).
class RequestGuard : public QObject
{
public:
    RequestGuard(QTcpSocket *socket, qint64 maxUpload, qint64 maxJson)
        : QObject(socket), m_socket(socket), m_maxUpload(maxUpload), m_maxJson(maxJson)
    {
        connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    }

private:
    void onReadyRead()
    {
        if (m_rejected)
            return;
        QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
        while (!fresh.isEmpty() && !m_rejected) {
            if (m_bodyLeft > 0) {
                const qint64 n = qMin<qint64>(m_bodyLeft, fresh.size());
                m_bodyLeft -= n;
                fresh.remove(0, int(n));
                continue;
            }
            m_head += fresh;
            fresh.clear();
            const int end = m_head.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_head.size() > kMaxHeadBytes)
                    reject(431, "headers_too_large", "the request head is too large");
                return;
            }
            inspectHead(m_head.left(end));
            fresh = m_head.mid(end + 4);
            m_head.clear();
        }
    }

    void inspectHead(const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        const QByteArray path = requestLine.value(1);
        qint64 length = 0;
        bool chunked = false;
        for (int i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const int colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                length = value.toLongLong(&ok);
                if (!ok || length < 0)
                    return reject(400, "bad_content_length", "invalid Content-Length");
            } else if (name == "transfer-encoding" && value.toLower().contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked)
            return reject(411, "length_required",
                          "chunked request bodies are not accepted; send Content-Length");
        const bool upload = isAudioBodyPath(QString::fromLatin1(path));
        const qint64 limit = upload ? m_maxUpload : m_maxJson;
        if (length > limit)
            return reject(413, upload ? "upload_too_large" : "body_too_large",
                          QStringLiteral("request bodies here are limited to %1 bytes").arg(limit));
        m_bodyLeft = length;
    }

    void reject(int status, const char *code, const QString &message)
    {
        m_rejected = true;
        const QByteArray body =
            QJsonDocument(
                QJsonObject{{QStringLiteral("error"),
                             QJsonObject{{QStringLiteral("code"), QString::fromLatin1(code)},
                                         {QStringLiteral("message"), message},
                                         {QStringLiteral("fields"), QJsonObject{}}}}})
                .toJson(QJsonDocument::Compact);
        const char *reason = status == 413   ? "Payload Too Large"
                             : status == 411 ? "Length Required"
                             : status == 431 ? "Request Header Fields Too Large"
                                             : "Bad Request";
        // Stop QHttpServer from parsing this connection any further and answer. Then linger:
        // discard what the client is still sending for a moment before closing, so that it
        // reads the answer instead of a connection reset in the middle of its upload.
        disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
        m_socket->write(QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) + ' ' + reason +
                        "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        "Content-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
        m_socket->readAll();
        connect(m_socket, &QTcpSocket::readyRead, this, [this] {
            m_drained += m_socket->readAll().size();
            if (m_drained > kMaxLingerBytes)
                m_socket->disconnectFromHost();
        });
        QTimer::singleShot(kLingerMs, m_socket,
                           [socket = m_socket] { socket->disconnectFromHost(); });
        qInfo("refused request: %d %s", status, code);
    }

    static constexpr qint64 kMaxLingerBytes = 64ll * 1024 * 1024;
    static constexpr int kLingerMs = 5000;
    qint64 m_drained = 0;

    QTcpSocket *m_socket;
    qint64 m_maxUpload;
    qint64 m_maxJson;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    bool m_rejected = false;
};

class GuardedTcpServer : public QTcpServer
{
public:
    GuardedTcpServer(qint64 maxUpload, qint64 maxJson, QObject *parent)
        : QTcpServer(parent), m_maxUpload(maxUpload), m_maxJson(maxJson)
    {
    }

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        // Connected before QHttpServer's own slot, so the guard sees every byte first.
        new RequestGuard(socket, m_maxUpload, m_maxJson);
        addPendingConnection(socket);
    }

private:
    qint64 m_maxUpload;
    qint64 m_maxJson;
};

QString methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put: return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head: return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QStringLiteral("PATCH");
    default: return QStringLiteral("UNKNOWN");
    }
}

} // namespace

HttpFrontend::HttpFrontend(ApiRouter &router, const ServerConfig &config, QObject *parent)
    : QObject(parent), m_router(router), m_config(config)
{
    m_pool.setMaxThreadCount(config.httpThreads);
    // Threads never expire: each keeps its own database connection for the process lifetime
    // instead of leaving a new one behind every time an idle thread is replaced.
    m_pool.setExpiryTimeout(-1);
    m_http = new QHttpServer(this);
    m_http->route<CatchAllRule>(QStringLiteral("/"), [this](const QHttpServerRequest &req) {
        ApiRequest api;
        api.method = methodName(req.method());
        api.path = req.url().path(QUrl::FullyDecoded);
        api.query = req.query();
        for (const auto &h : req.headers())
            api.headers.insert(h.first.toLower(), h.second);
        api.body = req.body();
        return QtConcurrent::run(&m_pool, [this, api = std::move(api)]() {
            QElapsedTimer t;
            t.start();
            const ApiResponse r = m_router.handle(api);
            qInfo("%s %s -> %d (%lld ms)", qPrintable(api.method), qPrintable(api.path), r.status,
                  t.elapsed());
            QHttpServerResponse resp(r.contentType, r.body,
                                     static_cast<QHttpServerResponse::StatusCode>(r.status));
            resp.addHeader("Cache-Control", "no-store");
            return resp;
        });
    });
}

HttpFrontend::~HttpFrontend()
{
    m_pool.waitForDone();
}

Result<quint16> HttpFrontend::listen(const QString &host, quint16 port)
{
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_host"),
                           QStringLiteral("'%1' is not an IP address").arg(host));
    m_tcp = new GuardedTcpServer(m_config.maxUploadBytes, m_config.maxJsonBytes, this);
    if (!m_tcp->listen(address, port))
        return Error::make(ErrorKind::Unavailable, QStringLiteral("listen_failed"),
                           QStringLiteral("cannot listen on %1:%2: %3")
                               .arg(host)
                               .arg(port)
                               .arg(m_tcp->errorString()));
    m_http->bind(m_tcp);
    return m_tcp->serverPort();
}

} // namespace lemm::server
