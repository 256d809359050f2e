#include "server/services/job_budget.h"

#include <algorithm>

namespace lemm::server {

using namespace lemm::core;

namespace {
Error memoryError(const QString &what)
{
    return Error::make(ErrorKind::Unprocessable, QStringLiteral("memory_budget_exceeded"), what);
}
} // namespace

Result<JobBudget> jobBudget(const Policy &policy, const ServerConfig &config, qint64 heldBytes)
{
    JobBudget b;
    b.memoryMb = config.jobMemoryMb;
    b.cpuSeconds = config.jobCpuSeconds;
    const double bySize = featureSecondsWithin(qint64(config.jobMemoryMb) * 1024 * 1024, heldBytes);
    if (bySize < 1.0)
        return memoryError(QStringLiteral("the %1 MB file leaves no room for its analysis within "
                                          "the job's memory budget of %2 MB")
                               .arg(double(heldBytes) / (1024.0 * 1024.0), 0, 'f', 1)
                               .arg(config.jobMemoryMb));
    const double byPolicy = policy.maxDurationSec + kDecodeMarginSec;
    b.memoryBound = bySize < byPolicy;
    b.maxDecodeSeconds = std::min(bySize, byPolicy);
    return b;
}

FeatureLimits JobBudget::limits(const CpuBudget *cpu) const
{
    FeatureLimits l;
    l.maxDecodeSeconds = maxDecodeSeconds;
    l.cpu = cpu;
    return l;
}

Error JobBudget::explain(const Error &decodeError) const
{
    if (!memoryBound || decodeError.code != QLatin1String("audio_too_long"))
        return decodeError;
    return memoryError(QStringLiteral("%1 (the job's memory budget of %2 MB holds the analysis of "
                                      "at most %3 s of audio)")
                           .arg(decodeError.message)
                           .arg(memoryMb)
                           .arg(maxDecodeSeconds, 0, 'f', 0));
}

bool isBudgetError(const Error &e)
{
    return e.code == QLatin1String("cpu_budget_exceeded") ||
           e.code == QLatin1String("memory_budget_exceeded");
}

} // namespace lemm::server
