#include "core/base/cpu_budget.h"

#include "core/base/assert.h"

#include <QThread>

#include <ctime>

namespace lemm::core {

CpuBudget::CpuBudget(double limitSec)
{
    restart(limitSec);
}

double CpuBudget::threadCpuSec()
{
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double CpuBudget::usedSec() const
{
    return threadCpuSec() - m_startSec;
}

void CpuBudget::restart(double limitSec)
{
    m_limitSec = limitSec;
    m_startSec = threadCpuSec();
    m_thread = QThread::currentThread();
}

Status CpuBudget::check(const QString &stage) const
{
    LEMM_VERIFY_OR_DEBUG_ASSERT(QThread::currentThread() == m_thread)
    {
        return okStatus();
    }
    if (!exceeded())
        return okStatus();
    return Error::make(ErrorKind::Unprocessable, QStringLiteral("cpu_budget_exceeded"),
                       QStringLiteral("the job used %1 s of CPU time, more than its budget of "
                                      "%2 s (stopped at: %3)")
                           .arg(usedSec(), 0, 'f', 3)
                           .arg(m_limitSec, 0, 'f', 3)
                           .arg(stage));
}

} // namespace lemm::core
