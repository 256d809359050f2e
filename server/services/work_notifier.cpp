#include "server/services/work_notifier.h"

#include <QDeadlineTimer>

namespace lemm::server {

void WorkNotifier::notify()
{
    QMutexLocker l(&m_lock);
    ++m_generation;
    m_wake.wakeAll();
}

quint64 WorkNotifier::generation() const
{
    QMutexLocker l(&m_lock);
    return m_generation;
}

bool WorkNotifier::wait(quint64 seenGeneration, int timeoutMs, const std::atomic<bool> &stop)
{
    QMutexLocker l(&m_lock);
    const QDeadlineTimer deadline(timeoutMs);
    while (m_generation == seenGeneration && !stop.load())
        if (!m_wake.wait(&m_lock, deadline))
            break;
    return m_generation != seenGeneration;
}

} // namespace lemm::server
