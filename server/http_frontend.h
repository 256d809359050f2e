#pragma once
// Adapts QHttpServer to ApiRouter. Lives on the main thread; every request is converted to an
// ApiRequest there and handled on a thread pool (QFuture response), so slow work (argon2id,
// encryption, database) never blocks the event loop.
// Before QHttpServer buffers a body, a RequestGuard on each socket reads the request head and
// answers 413 (too large), 411 (no length) or 431 (head too large) at once, so an oversized
// upload is refused without being held in memory.

#include "api_router.h"

#include <QObject>
#include <QThreadPool>

class QHttpServer;
class QTcpServer;

namespace lemm::server {

class HttpFrontend : public QObject
{
    Q_OBJECT
public:
    HttpFrontend(ApiRouter &router, const ServerConfig &config, QObject *parent = nullptr);
    ~HttpFrontend() override;

    // Listens on host:port (0 picks a free port); returns the bound port.
    Result<quint16> listen(const QString &host, quint16 port);

private:
    ApiRouter &m_router;
    ServerConfig m_config;
    QThreadPool m_pool;
    QHttpServer *m_http = nullptr;
    QTcpServer *m_tcp = nullptr;
};

} // namespace lemm::server
