#pragma once
// Wakes idle ingestion workers of this process when a job is queued (spec §2.1 step 3). The
// services that enqueue call notify() after their transaction committed; each worker thread
// waits in wait() for at most its poll interval (jobs queued by other processes, e.g. on a
// shared PostgreSQL, are found by polling). Owned by the composition root (ServerRoot) and
// shared by reference; thread-safe: any thread may notify or wait.
//
// A notify() that comes while no worker waits is not lost: it bumps a generation counter, and
// a wait() that was told the generation it last saw returns at once when it has moved on.

#include <QMutex>
#include <QWaitCondition>

#include <atomic>

namespace lemm::server {

class WorkNotifier
{
public:
    // Wakes every waiting worker.
    void notify();
    // The current generation; pass it to wait() to not miss a notify() in between.
    quint64 generation() const;
    // Blocks until notify() after `seenGeneration`, `stop` is set (checked under the lock;
    // whoever sets it calls notify()), or `timeoutMs` passed. Returns true when notified.
    bool wait(quint64 seenGeneration, int timeoutMs, const std::atomic<bool> &stop);

private:
    mutable QMutex m_lock;
    QWaitCondition m_wake;
    quint64 m_generation = 0;
};

} // namespace lemm::server
