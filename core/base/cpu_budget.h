#pragma once
// CpuBudget: a limit on the CPU time one thread spends on one job (a check or an ingestion),
// read from the thread's own CPU clock (CLOCK_THREAD_CPUTIME_ID), so time other threads spend
// or time spent waiting does not count. Owned by the job's code on the job's thread; check()
// must be called on the thread that constructed it (another thread reads its own clock).
// Callers check at stage boundaries and the decoder checks while it decodes.

#include "core/base/result.h"

#include <QString>

class QThread;

namespace lemm::core {

class CpuBudget
{
public:
    // `limitSec` <= 0: unlimited. The clock starts now.
    explicit CpuBudget(double limitSec = 0);

    double limitSec() const { return m_limitSec; }
    double usedSec() const; // CPU seconds of this thread since construction or restart()
    bool exceeded() const { return m_limitSec > 0 && usedSec() > m_limitSec; }
    void restart(double limitSec);
    // Unprocessable "cpu_budget_exceeded" naming `stage` once the budget is spent. On another
    // thread than the one that constructed or last restarted the budget: an assertion
    // (release: the check passes, as that thread's clock says nothing about the job).
    Status check(const QString &stage) const;

    static double threadCpuSec();

private:
    double m_limitSec = 0;
    double m_startSec = 0;
    const QThread *m_thread = nullptr; // whose CPU clock m_startSec was read from
};

} // namespace lemm::core
