#include "server/http/head_watch.h"

#include <sys/socket.h>

namespace lemm::server {

HeadWatch::HeadWatch(int deadlineSec, int connectionLimit)
    : m_deadline(deadlineSec), m_pressureCount(std::max(1, connectionLimit * 3 / 4)),
      m_thread([this] { run(); })
{
}

HeadWatch::~HeadWatch()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void HeadWatch::opened(const void *connection, int fd)
{
    std::lock_guard lock(m_mutex);
    m_connections[connection] = Entry{fd, true, false, Clock::now()};
}

void HeadWatch::headDone(const void *connection)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_connections.find(connection); it != m_connections.end())
        it->second.inHead = false;
}

void HeadWatch::nextHead(const void *connection)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_connections.find(connection); it != m_connections.end()) {
        it->second.inHead = true;
        it->second.headStart = Clock::now();
    }
}

void HeadWatch::closed(const void *connection)
{
    std::lock_guard lock(m_mutex);
    m_connections.erase(connection);
}

void HeadWatch::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        m_wake.wait_for(lock, std::chrono::milliseconds(500));
        if (!m_stop)
            sweep(Clock::now());
    }
}

void HeadWatch::sweep(Clock::time_point now)
{
    const bool pressure = int(m_connections.size()) >= m_pressureCount;
    const auto limit = pressure ? std::chrono::seconds(kPressureDeadlineSec) : m_deadline;
    for (auto &[connection, e] : m_connections) {
        if (!e.inHead || e.shut || now - e.headStart < limit)
            continue;
        ::shutdown(e.fd, SHUT_RDWR); // the I/O thread sees the end and closes it
        e.shut = true;
    }
}

} // namespace lemm::server
