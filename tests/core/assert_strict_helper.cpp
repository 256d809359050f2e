// A tiny program that breaks one invariant in the strict form, for assert_test's death tests:
//   assert_strict_helper verify|debug|cpu-budget
// Each mode must end in qFatal (abort) before it prints "survived"; exit code 2: bad usage.
#define LEMM_ASSERTS_FORCE_STRICT
#include "core/base/assert.h"

#include "core/base/cpu_budget.h"

#include <QByteArray>
#include <QThread>

#include <cstdio>
#include <memory>

namespace {

int brokenVerify(int zero)
{
    LEMM_VERIFY_OR_DEBUG_ASSERT(zero == 1)
    {
        return 3;
    }
    return 0;
}

void brokenDebug(int zero)
{
    LEMM_DEBUG_ASSERT(zero == 1);
}

// A budget made on this thread, checked on another (core/base/cpu_budget.h forbids it); the
// library's own strictness decides, so this mode dies only in a strict build.
void budgetOnAnotherThread()
{
    const lemm::core::CpuBudget budget(10);
    std::unique_ptr<QThread> other(
        QThread::create([&] { (void)budget.check(QStringLiteral("helper")); }));
    other->start();
    other->wait();
}

} // namespace

int main(int argc, char **argv)
{
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (mode == "verify")
        brokenVerify(argc - 2);
    else if (mode == "debug")
        brokenDebug(argc - 2);
    else if (mode == "cpu-budget")
        budgetOnAnotherThread();
    else
        return 2;
    std::puts("survived");
    return 0;
}
