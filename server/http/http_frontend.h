#pragma once
// The HTTP front end: libmicrohttpd (Debian's libmicrohttpd12) adapted to ApiRouter. Qt 6.4's
// QHttpServer buffers every body whole and, on its asynchronous path, writes answers through
// a raw socket pointer that a vanishing client leaves dangling; libmicrohttpd was made for
// hostile networks: it streams request bodies to us in blocks, and has the connection caps
// (global, per address), inactivity timeouts, head-size limit and TLS (GnuTLS) built in.
//
// Threads: libmicrohttpd's own polling threads (http/io_threads) read and write sockets and
// call the callbacks here; they never run router code. Each request is handled in at most two
// steps on this object's thread pool (server/http_threads), with the connection suspended
// meanwhile: first, when the request has a body, ApiRouter::admit() decides from the head
// alone (route, size limit, media type, bearer token and permission) whether the body may be
// read at all; then, once the body is in, ApiRouter::handle(). JSON bodies are collected in
// memory (at most limits/max_json_bytes); audio bodies (/uploads, /safety/check) go block by
// block into a spool file under DATA/tmp that is removed when the answer has been sent.
// A client that disconnects while its request is handled cannot harm anything: libmicrohttpd
// owns the connection until the suspended request is resumed and completed.

#include "server/http/api_router.h"
#include "server/http/head_watch.h"

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

struct MHD_Daemon;
struct MHD_Connection;

namespace lemm::server {

class HttpFrontend : public QObject
{
    Q_OBJECT
public:
    HttpFrontend(ApiRouter &router, const ServerConfig &config, QObject *parent = nullptr);
    ~HttpFrontend() override;

    // Listens on host:port (0 picks a free port); returns the bound port.
    Result<quint16> listen(const QString &host, quint16 port);
    // Stops accepting, finishes the requests being handled, closes every connection.
    void stop();

    bool tls() const { return !m_config.http.tlsCertFile.isEmpty(); }
    // The connection cap in force: http/max_connections, lowered to stay below the
    // open-files limit.
    int connectionLimit() const { return m_connectionLimit; }

    struct Exchange; // one request, from its head to its answer (http_frontend.cpp)

private:
    friend struct FrontendCallbacks;
    // Suspends the exchange's connection and runs `work` on the pool; the connection resumes
    // when it returns. False when the front end is stopping (nothing was started).
    bool runOffThread(Exchange *exchange, std::function<void()> work, QThreadPool *pool = nullptr);

    // Routes that hash a password (argon2id, ~0.5 s of a core each) run on a pool of their own
    // with a bounded queue, so a flood of log-ins cannot starve every other route; past the
    // bound they answer 503 with Retry-After at once.
    static constexpr int kPasswordQueueLimit = 32;
    QThreadPool m_passwordPool;
    std::atomic<int> m_passwordQueued{0};

    ApiRouter &m_router;
    ServerConfig m_config;
    QThreadPool m_pool;
    MHD_Daemon *m_daemon = nullptr;
    QByteArray m_tlsCert, m_tlsKey; // must outlive the daemon
    int m_connectionLimit = 0;
    std::unique_ptr<HeadWatch> m_headWatch; // from listen() until stop()
    std::mutex m_stopMutex;                 // orders "stopping" against tasks being started
    bool m_stopping = false;
};

} // namespace lemm::server
