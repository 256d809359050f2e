#pragma once
// Bounds the time a request head may take, in all (libmicrohttpd's timeouts count only
// silence, so a client sending one byte every few seconds would keep its connection forever),
// and sheds slow heads when the connection cap is near. The HTTP front end reports each
// connection's life (opened, head complete, next head begins, closed); a thread of its own
// checks twice a second and shuts down the socket of a connection whose current head is older
// than the deadline (http/head_deadline_seconds), or older than the pressure deadline (2 s:
// real clients send their heads in milliseconds) while at least three quarters of the cap are
// in use. libmicrohttpd then closes the connection as if the client had gone.
// Thread-safe: the front end's I/O threads call in; the socket is shut down under the same
// lock that closed() takes, and libmicrohttpd reports the close before it releases the
// descriptor, so no descriptor of another connection is ever touched.

#include <QtGlobal>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace lemm::server {

class HeadWatch
{
public:
    HeadWatch(int deadlineSec, int connectionLimit);
    ~HeadWatch();
    HeadWatch(const HeadWatch &) = delete;
    HeadWatch &operator=(const HeadWatch &) = delete;

    void opened(const void *connection, int fd); // its first head begins
    void headDone(const void *connection);       // the head is in: no deadline while served
    void nextHead(const void *connection);       // kept alive: the next head begins
    void closed(const void *connection);

    static constexpr int kPressureDeadlineSec = 2;

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        int fd = -1;
        bool inHead = true;
        bool shut = false;
        Clock::time_point headStart;
    };
    void run();
    void sweep(Clock::time_point now);

    const std::chrono::seconds m_deadline;
    const int m_pressureCount;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::unordered_map<const void *, Entry> m_connections;
    std::thread m_thread; // last: starts after the members it uses
};

} // namespace lemm::server
